-- One rate limiter for every public action (sign-in, public registration,
-- e-mail sent to an address): a row per counted hit. key is a digest of the
-- rule's name and what it counts (an address, an e-mail, both), so the table
-- holds no address or e-mail in the clear. Rows older than the longest window
-- are pruned as hits are written. Replaces login_failures, whose rows were
-- only throttle state.
CREATE TABLE rate_hits (
    id {{ID}},
    key TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE INDEX rate_hits_key ON rate_hits(key, created_at);
CREATE INDEX rate_hits_created ON rate_hits(created_at);

DROP TABLE login_failures;
