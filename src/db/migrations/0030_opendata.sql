-- Open data (issue 19, DESIGN.md 6a): the runs that publish the datasets and
-- the snapshots they store. A snapshot is a dataset's files as published on
-- a day (UTC), kept for the archive; a day's second run replaces that day's
-- snapshot. The public files are served from these bytes, never recounted.
-- What disclosure control hid is kept as counts only, never the values.

CREATE TABLE opendata_runs (
    id {{ID}},
    day TEXT NOT NULL,                 -- the snapshots' date, YYYY-MM-DD (UTC)
    started_at TEXT NOT NULL,
    finished_at TEXT,
    duration_ms BIGINT,
    by_user_id BIGINT REFERENCES users(id),  -- NULL: the daily run or the command line
    -- requested: an admin asked (Publish now); the server's background thread
    -- publishes and removes the request
    status TEXT NOT NULL DEFAULT 'running'
        CHECK (status IN ('requested', 'running', 'published', 'failed')),
    error TEXT,
    -- per dataset: {"dataset": {"rows", "cells", "primary", "secondary"}}
    suppressed TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX opendata_runs_started ON opendata_runs (started_at);

CREATE TABLE opendata_snapshots (
    id {{ID}},
    run_id BIGINT NOT NULL REFERENCES opendata_runs(id),
    dataset TEXT NOT NULL,
    day TEXT NOT NULL,
    csv {{BLOB}} NOT NULL,
    json {{BLOB}} NOT NULL,
    csv_etag TEXT NOT NULL,
    json_etag TEXT NOT NULL,
    rows_count BIGINT NOT NULL,
    cells BIGINT NOT NULL,             -- published counts (not known elsewhere)
    hidden_primary BIGINT NOT NULL,    -- counts from 1 to k-1
    hidden_secondary BIGINT NOT NULL,  -- hidden so that those cannot be worked out
    coverage_from TEXT,                -- temporal coverage, YYYY-MM-DD, or NULL
    coverage_to TEXT,
    k BIGINT NOT NULL,                 -- the threshold and rounding base it was published
    round_base BIGINT NOT NULL,        -- with, which its page states (settings may change)
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (dataset, day)
);
CREATE INDEX opendata_snapshots_day ON opendata_snapshots (day);
