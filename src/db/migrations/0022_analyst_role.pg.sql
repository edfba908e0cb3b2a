-- Reports (issue 13), PostgreSQL form of 0022_analyst_role.sql: the role
-- CHECK of 0001_init.sql (named role_assignments_role_check) dropped and
-- added again with 'analyst'.
ALTER TABLE role_assignments DROP CONSTRAINT role_assignments_role_check;
ALTER TABLE role_assignments ADD CONSTRAINT role_assignments_role_check
    CHECK (role IN ('admin', 'manager', 'instructor', 'mentor', 'learner', 'analyst'));
