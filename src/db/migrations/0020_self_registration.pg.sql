-- Self-registration (issue 12), PostgreSQL form of 0020_self_registration.sql:
-- the same columns, and the status CHECK dropped and added again with
-- 'declined' (PostgreSQL named the constraint of 0001_init.sql
-- users_status_check).
ALTER TABLE users ADD COLUMN pending_reason TEXT
    CHECK (pending_reason IN ('invitation', 'address', 'approval'));
ALTER TABLE users ADD COLUMN consent_at TEXT;
ALTER TABLE users ADD COLUMN guardian_name TEXT;
ALTER TABLE users ADD COLUMN guardian_consent_at TEXT;
UPDATE users SET pending_reason = 'invitation' WHERE status = 'pending';

ALTER TABLE users DROP CONSTRAINT users_status_check;
ALTER TABLE users ADD CONSTRAINT users_status_check
    CHECK (status IN ('pending', 'active', 'suspended', 'declined'));
