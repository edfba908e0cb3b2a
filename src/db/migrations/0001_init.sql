-- The foundation: settings, the network of centres, people, roles, sessions,
-- tokens, login throttling and the audit log. {{ID}} is the engine's
-- auto-increment primary key (see db/migrate.c). Times are ISO-8601 UTC text.

CREATE TABLE settings (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE regions (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_ru TEXT NOT NULL DEFAULT '',
    name_az TEXT NOT NULL DEFAULT '',
    name_uz TEXT NOT NULL DEFAULT '',
    search TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE TABLE organisations (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    search TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE TABLE users (
    id {{ID}},
    email TEXT NOT NULL,
    email_key TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT 'en',
    organisation_id BIGINT REFERENCES organisations(id),
    position TEXT NOT NULL DEFAULT '',
    centre_id BIGINT,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('pending', 'active', 'suspended')),
    password_hash TEXT,
    search TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE TABLE centres (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    region_id BIGINT NOT NULL REFERENCES regions(id),
    kind TEXT NOT NULL CHECK (kind IN ('central', 'regional', 'digital-education')),
    address TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL DEFAULT 0,
    responsible_id BIGINT REFERENCES users(id),
    timezone TEXT NOT NULL DEFAULT 'UTC',
    search TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX centres_region ON centres(region_id);
CREATE INDEX users_centre ON users(centre_id);
CREATE INDEX users_organisation ON users(organisation_id);

-- scope: centre_id, or region_id, or neither (global roles: admin, mentor, learner)
CREATE TABLE role_assignments (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'instructor', 'mentor', 'learner')),
    centre_id BIGINT REFERENCES centres(id),
    region_id BIGINT REFERENCES regions(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX role_assignments_user ON role_assignments(user_id);
CREATE UNIQUE INDEX role_assignments_unique
    ON role_assignments(user_id, role, COALESCE(centre_id, 0), COALESCE(region_id, 0));

-- id is the SHA-256 of the cookie value, so a leaked database holds no live session
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    ip TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL DEFAULT '',
    last_used_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    revoked_at TEXT
);

-- one row per failed sign-in; key is 'email:<folded e-mail>' or 'ip:<address>'
CREATE TABLE login_failures (
    id {{ID}},
    key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX login_failures_key ON login_failures(key, created_at);

CREATE TABLE audit_events (
    id {{ID}},
    actor_id BIGINT,
    actor TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    object_type TEXT NOT NULL DEFAULT '',
    object_id TEXT NOT NULL DEFAULT '',
    changes TEXT NOT NULL DEFAULT '{}',
    ip TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);

CREATE INDEX audit_events_created ON audit_events(created_at);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
CREATE INDEX audit_events_actor ON audit_events(actor_id);
