-- Mentoring (issue 18, DESIGN.md 6a): mentor profiles with skills from a
-- list admins extend, learners' requests for a mentor, mentorships through
-- MENTOR's stages (proposed, active, closed or declined), their goals, and
-- the meetings a pair logs, which count once the other side or a
-- coordinator confirms them. Also the catalog's "mentor training" mark on a
-- programme, which a mentor's development is counted against.

ALTER TABLE programmes ADD COLUMN mentor_training INTEGER NOT NULL DEFAULT 0
    CHECK (mentor_training IN (0, 1));

CREATE TABLE mentoring_skills (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

INSERT INTO mentoring_skills (code, name, created_at, updated_at) VALUES
    ('programming', 'Programming', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('robotics', 'Robotics', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('english', 'English', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('data-science', 'Data science', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('computer-literacy', 'Computer literacy', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('e-government', 'E-government', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('cybersecurity', 'Cybersecurity', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
    ('digital-transformation', 'Digital transformation', '2026-01-01T00:00:00Z',
     '2026-01-01T00:00:00Z');

-- one row per person with the mentor role who has said anything about themselves
CREATE TABLE mentor_profiles (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    centre_id BIGINT REFERENCES centres(id),
    capacity INTEGER NOT NULL DEFAULT 2 CHECK (capacity >= 0 AND capacity <= 50),
    volunteer_programme TEXT NOT NULL DEFAULT '',
    bio TEXT NOT NULL DEFAULT '',
    -- the day a safeguarding check was recorded (NULL: none): needed to mentor under-18s
    safeguarding_checked_on TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX mentor_profiles_centre ON mentor_profiles(centre_id);

CREATE TABLE mentor_skills (
    user_id BIGINT NOT NULL REFERENCES users(id),
    skill_id BIGINT NOT NULL REFERENCES mentoring_skills(id),
    PRIMARY KEY (user_id, skill_id)
);

CREATE TABLE mentor_languages (
    user_id BIGINT NOT NULL REFERENCES users(id),
    lang TEXT NOT NULL,
    PRIMARY KEY (user_id, lang)
);

-- a learner asking for a mentor (or a coordinator asking for them)
CREATE TABLE mentoring_requests (
    id {{ID}},
    mentee_id BIGINT NOT NULL REFERENCES users(id),
    goals TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT 'en',
    mode TEXT NOT NULL DEFAULT 'online' CHECK (mode IN ('online', 'in-person')),
    programme_id BIGINT REFERENCES programmes(id),
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'matched', 'cancelled')),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX mentoring_requests_status ON mentoring_requests(status, id);
CREATE INDEX mentoring_requests_mentee ON mentoring_requests(mentee_id, status);

CREATE TABLE mentoring_request_skills (
    request_id BIGINT NOT NULL REFERENCES mentoring_requests(id),
    skill_id BIGINT NOT NULL REFERENCES mentoring_skills(id),
    PRIMARY KEY (request_id, skill_id)
);

CREATE TABLE mentorships (
    id {{ID}},
    mentor_id BIGINT NOT NULL REFERENCES users(id),
    mentee_id BIGINT NOT NULL REFERENCES users(id),
    programme_id BIGINT REFERENCES programmes(id),
    request_id BIGINT REFERENCES mentoring_requests(id),
    status TEXT NOT NULL DEFAULT 'proposed'
        CHECK (status IN ('proposed', 'active', 'closed', 'declined')),
    -- each side's acceptance of a proposal; both make it active
    mentor_accepted_at TEXT,
    mentee_accepted_at TEXT,
    started_on TEXT,
    ended_on TEXT,
    closed_reason TEXT NOT NULL DEFAULT '',
    mentor_feedback TEXT NOT NULL DEFAULT '',
    mentee_feedback TEXT NOT NULL DEFAULT '',
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX mentorships_mentor ON mentorships(mentor_id, status);
CREATE INDEX mentorships_mentee ON mentorships(mentee_id, status);

CREATE TABLE mentorship_goals (
    id {{ID}},
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id),
    title TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'achieved', 'dropped')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX mentorship_goals_mentorship ON mentorship_goals(mentorship_id);

-- a meeting counts (hours, metrics) only once confirmed_at is set
CREATE TABLE mentoring_meetings (
    id {{ID}},
    mentorship_id BIGINT NOT NULL REFERENCES mentorships(id),
    held_on TEXT NOT NULL,
    minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
    mode TEXT NOT NULL CHECK (mode IN ('in-person', 'online')),
    -- where an in-person meeting took place (required for an under-18 mentee)
    centre_id BIGINT REFERENCES centres(id),
    notes TEXT NOT NULL DEFAULT '',
    logged_by BIGINT NOT NULL REFERENCES users(id),
    confirmed_by BIGINT REFERENCES users(id),
    confirmed_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX mentoring_meetings_mentorship ON mentoring_meetings(mentorship_id, held_on);
CREATE INDEX mentoring_meetings_held ON mentoring_meetings(held_on);
