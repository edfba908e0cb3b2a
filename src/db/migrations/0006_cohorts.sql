-- Classroom training (the cohorts module): a cohort is a course given at a
-- centre between two dates, with instructors, places and a room; its
-- sessions are the meetings, each with a start, an end (UTC) and a room;
-- attendance is one mark per learner and session. Learners join a cohort
-- through an enrolment of its course (enrolments.cohort_id), under the same
-- rules of approval, capacity and waitlist, counted per cohort.

CREATE TABLE cohorts (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES courses(id),
    centre_id BIGINT NOT NULL REFERENCES centres(id),
    title TEXT NOT NULL DEFAULT '',
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    capacity BIGINT,
    room TEXT NOT NULL DEFAULT '',
    enrol_mode TEXT NOT NULL DEFAULT 'open' CHECK (enrol_mode IN ('open', 'approval')),
    -- percent of sessions a learner must attend (present or late) to complete; NULL: no rule
    min_attendance INTEGER,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX cohorts_centre ON cohorts(centre_id, starts_on);
CREATE INDEX cohorts_course ON cohorts(course_id);

CREATE TABLE cohort_instructors (
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (cohort_id, user_id)
);

CREATE INDEX cohort_instructors_user ON cohort_instructors(user_id);

-- instructor_id: who teaches this session (a clash is checked per instructor)
CREATE TABLE cohort_sessions (
    id {{ID}},
    cohort_id BIGINT NOT NULL REFERENCES cohorts(id),
    centre_id BIGINT NOT NULL REFERENCES centres(id),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    room TEXT NOT NULL DEFAULT '',
    instructor_id BIGINT REFERENCES users(id),
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX cohort_sessions_cohort ON cohort_sessions(cohort_id, starts_at);
CREATE INDEX cohort_sessions_room ON cohort_sessions(centre_id, room, starts_at);
CREATE INDEX cohort_sessions_instructor ON cohort_sessions(instructor_id, starts_at);

CREATE TABLE attendance (
    session_id BIGINT NOT NULL REFERENCES cohort_sessions(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('present', 'late', 'absent', 'excused')),
    note TEXT NOT NULL DEFAULT '',
    marked_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (session_id, user_id)
);

CREATE INDEX attendance_user ON attendance(user_id);

ALTER TABLE enrolments ADD COLUMN cohort_id BIGINT REFERENCES cohorts(id);
CREATE INDEX enrolments_cohort ON enrolments(cohort_id, status, id);
