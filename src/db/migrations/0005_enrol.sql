-- Enrolments and lesson progress (the enrol module). One row per person and
-- course for life: withdrawing and enrolling again reuse it, so history and
-- reports keep one line. The waitlist is ordered by waitlisted_at, then id.

CREATE TABLE enrolments (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    course_id BIGINT NOT NULL REFERENCES courses(id),
    status TEXT NOT NULL
        CHECK (status IN ('requested', 'waitlisted', 'active', 'completed', 'withdrawn')),
    progress INTEGER NOT NULL DEFAULT 0,
    grade TEXT,
    last_lesson_id BIGINT REFERENCES lessons(id),
    enrolled_by BIGINT REFERENCES users(id),
    requested_at TEXT,
    waitlisted_at TEXT,
    started_at TEXT,
    completed_at TEXT,
    withdrawn_at TEXT,
    last_activity_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (user_id, course_id)
);

CREATE INDEX enrolments_course ON enrolments(course_id, status, id);

CREATE TABLE lesson_progress (
    user_id BIGINT NOT NULL REFERENCES users(id),
    lesson_id BIGINT NOT NULL REFERENCES lessons(id),
    course_id BIGINT NOT NULL REFERENCES courses(id),
    completed_at TEXT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

CREATE INDEX lesson_progress_course ON lesson_progress(user_id, course_id);
