-- The outbox (the mail module): every message Dars sends is first a row
-- here, written in the same transaction as what caused it; a sender thread
-- delivers queued rows over SMTP with retries (next_attempt_at backs off).
-- Without SMTP configured, messages stay queued and admins read them.

CREATE TABLE outbox (
    id {{ID}},
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT NOT NULL DEFAULT '',
    sent_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX outbox_due ON outbox(status, next_attempt_at);

-- Calendar feeds (the calendar module): an unguessable token per owner (a
-- user, a centre or a cohort) in the feed's URL; resetting it replaces the
-- token, so an old URL stops working.
CREATE TABLE calendar_feeds (
    id {{ID}},
    owner_type TEXT NOT NULL CHECK (owner_type IN ('user', 'centre', 'cohort')),
    owner_id BIGINT NOT NULL,
    token TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (owner_type, owner_id)
);
