-- Self-registration (issue 12): why a pending person waits (pending_reason:
-- 'invitation' from an admin or an import, 'address' until their e-mailed
-- link is opened, 'approval' until a manager decides), when they consented
-- to the privacy notice, a parent's or guardian's name and consent for
-- someone under 18, and the status 'declined' for a refused registration.
-- PostgreSQL form: 0020_self_registration.pg.sql.
ALTER TABLE users ADD COLUMN pending_reason TEXT
    CHECK (pending_reason IN ('invitation', 'address', 'approval'));
ALTER TABLE users ADD COLUMN consent_at TEXT;
ALTER TABLE users ADD COLUMN guardian_name TEXT;
ALTER TABLE users ADD COLUMN guardian_consent_at TEXT;
UPDATE users SET pending_reason = 'invitation' WHERE status = 'pending';

-- SQLite cannot alter a CHECK constraint, but may widen it in place: the
-- stored rows all satisfy the wider rule, so only the schema text changes
-- (https://sqlite.org/lang_altertable.html, "making other kinds of table
-- schema changes"). The table created and dropped afterwards bumps the
-- schema version, so that every connection reloads the schema.
PRAGMA writable_schema=ON;
UPDATE sqlite_schema SET sql = replace(sql, '''suspended'')', '''suspended'', ''declined'')')
    WHERE type = 'table' AND name = 'users';
PRAGMA writable_schema=OFF;
CREATE TABLE _schema_bump (x);
DROP TABLE _schema_bump;
