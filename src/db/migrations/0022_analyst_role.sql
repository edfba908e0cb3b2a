-- Reports (issue 13): the role 'analyst' (global, or scoped to a region or a
-- centre) reads reports and dashboards and changes nothing. PostgreSQL form:
-- 0022_analyst_role.pg.sql.
--
-- SQLite cannot alter a CHECK constraint but may widen it in place, as
-- 0020_self_registration.sql does: every stored row satisfies the wider rule.
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql, '''mentor'', ''learner'')',
                                       '''mentor'', ''learner'', ''analyst'')')
    WHERE type = 'table' AND name = 'role_assignments';
PRAGMA writable_schema=OFF;
CREATE TABLE _schema_bump (x);
DROP TABLE _schema_bump;
