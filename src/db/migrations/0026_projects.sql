-- Donor projects (issue 16, DESIGN.md 6a): a donor-funded project, its
-- indicators (a metric over a filter, with a baseline, a target and target
-- periods), the periods an admin has signed off, and the equipment it
-- supplied to centres. Actuals are never stored but counted from the records;
-- only a signed-off period keeps the number it had when it was signed.

CREATE TABLE projects (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    funder TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    budget DOUBLE PRECISION,
    currency TEXT NOT NULL DEFAULT 'USD',
    status TEXT NOT NULL DEFAULT 'implementation'
        CHECK (status IN ('pipeline', 'implementation', 'finalisation', 'closed')),
    iati_identifier TEXT NOT NULL DEFAULT '',
    reporting_org_ref TEXT NOT NULL DEFAULT '',
    reporting_org_name TEXT NOT NULL DEFAULT '',
    -- who reads it besides admins and global analysts: those of this region (NULL: national)
    region_id BIGINT REFERENCES regions(id),
    -- the language of its monthly e-mail
    language TEXT NOT NULL DEFAULT 'en',
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

-- who gets the monthly report (people who need not have accounts)
CREATE TABLE project_recipients (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    email TEXT NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, email)
);

CREATE TABLE project_indicators (
    id {{ID}},
    project_id BIGINT NOT NULL REFERENCES projects(id),
    code TEXT NOT NULL,
    title TEXT NOT NULL,
    result TEXT NOT NULL,
    result_type TEXT NOT NULL DEFAULT 'output'
        CHECK (result_type IN ('output', 'outcome', 'impact')),
    metric TEXT NOT NULL,
    -- a JSON object of report filters: {"region": "BAK", "gender": "female"}
    filter TEXT NOT NULL DEFAULT '{}',
    baseline DOUBLE PRECISION NOT NULL DEFAULT 0,
    target DOUBLE PRECISION NOT NULL,
    position BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT,
    UNIQUE (project_id, code)
);

CREATE INDEX project_indicators_project ON project_indicators(project_id, position);

-- an indicator's target periods (the project's quarters unless given)
CREATE TABLE project_periods (
    id {{ID}},
    indicator_id BIGINT NOT NULL REFERENCES project_indicators(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    target DOUBLE PRECISION NOT NULL,
    -- set when the period is signed off: the actual then, frozen, and its split by sex (JSON)
    signed_value DOUBLE PRECISION,
    signed_sex TEXT,
    signoff_id BIGINT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (indicator_id, starts_on)
);

-- an admin's sign-off of a finished period of a project: who and when
CREATE TABLE project_signoffs (
    id {{ID}},
    project_id BIGINT NOT NULL REFERENCES projects(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    signed_by BIGINT REFERENCES users(id),
    signed_at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (project_id, starts_on, ends_on)
);

-- the monthly reports sent, so that a month goes once whatever restarts or servers there are
CREATE TABLE project_reports_sent (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    month TEXT NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (project_id, month)
);

-- equipment supplied to centres, and the project that paid for it
CREATE TABLE equipment (
    id {{ID}},
    centre_id BIGINT NOT NULL REFERENCES centres(id),
    project_id BIGINT REFERENCES projects(id),
    kind TEXT NOT NULL
        CHECK (kind IN ('computer', 'laptop', 'projector', 'robotics-kit', 'network', 'other')),
    quantity BIGINT NOT NULL CHECK (quantity > 0),
    received_on TEXT NOT NULL,
    condition TEXT NOT NULL DEFAULT 'working'
        CHECK (condition IN ('working', 'repair', 'broken', 'lost')),
    notes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX equipment_centre ON equipment(centre_id, received_on);
CREATE INDEX equipment_project ON equipment(project_id, received_on);
