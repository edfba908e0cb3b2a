-- Links sent by e-mail (the accounts module): an invitation, a password reset
-- and, later, an address check. One row per person and kind: sending again
-- replaces the token, so an older link stops working. Only the SHA-256 digest
-- of a token is stored; used_at makes a link single use.
CREATE TABLE user_links (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'reset', 'address')),
    token_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL,
    used_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_id, kind)
);

-- An HTML alternative of a message (the mail module); NULL: plain text only.
ALTER TABLE outbox ADD COLUMN html TEXT;
