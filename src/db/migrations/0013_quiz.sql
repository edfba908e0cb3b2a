-- Assessment (the quiz module, issue 4): a question bank per course in
-- categories, quizzes built from it (fixed questions or random picks from a
-- category), attempts with the questions each learner got, their saved
-- responses and grades.
--
-- Credit is kept in whole units of 1e-7 (QUIZ_UNIT): a fraction of 0.5 is
-- 5000000, a score of 2.5 marks is 25000000. Sums stay exact on both engines
-- and no floating point goes through SQL. Numerical answers keep the value
-- and tolerance as written ("%.17g" text), read with strtod when grading.

CREATE TABLE quiz_questions (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES courses(id),
    -- a path such as "Cyber hygiene/Passwords"; '' is the course's top category
    category TEXT NOT NULL DEFAULT '',
    type TEXT NOT NULL CHECK (type IN ('single', 'multiple', 'truefalse', 'short', 'numerical',
                                       'matching', 'essay', 'description')),
    name TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    format TEXT NOT NULL DEFAULT 'moodle'
        CHECK (format IN ('moodle', 'markdown', 'html', 'plain')),
    general_feedback TEXT NOT NULL DEFAULT '',
    -- NULL: the question's format (GIFT's "####[html]...")
    general_feedback_format TEXT,
    -- short answers: compare letter case too (GIFT has no way to say it: off)
    case_sensitive INTEGER NOT NULL DEFAULT 0,
    -- the question this one replaced when it was edited after being attempted
    previous_id BIGINT REFERENCES quiz_questions(id),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX quiz_questions_course ON quiz_questions(course_id, category, id);

-- text: the choice, the accepted answer or a matching stem (NULL for numerical,
-- but '*' for a numerical catch-all); match_text: a matching pair's right-hand
-- side; text_format, feedback_format: GIFT's per-part [format] markers (NULL:
-- the question's format)
CREATE TABLE quiz_answers (
    id {{ID}},
    question_id BIGINT NOT NULL REFERENCES quiz_questions(id),
    position INTEGER NOT NULL,
    text TEXT,
    match_text TEXT,
    feedback TEXT,
    fraction BIGINT NOT NULL DEFAULT 0,
    num_value TEXT,
    num_tolerance TEXT,
    text_format TEXT,
    feedback_format TEXT,
    created_at TEXT NOT NULL
);

CREATE INDEX quiz_answers_question ON quiz_answers(question_id, position);

-- review: when learners see the right answers and the feedback
--   after_submit | after_last_attempt | never (the score is always shown)
-- required: passing it is a completion criterion of the course
CREATE TABLE quizzes (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES courses(id),
    title TEXT NOT NULL,
    intro TEXT NOT NULL DEFAULT '',
    time_limit BIGINT,
    attempts_allowed INTEGER NOT NULL DEFAULT 0,
    pass_mark INTEGER NOT NULL DEFAULT 50 CHECK (pass_mark BETWEEN 0 AND 100),
    shuffle_questions INTEGER NOT NULL DEFAULT 0,
    shuffle_answers INTEGER NOT NULL DEFAULT 1,
    review TEXT NOT NULL DEFAULT 'after_submit'
        CHECK (review IN ('after_submit', 'after_last_attempt', 'never')),
    required INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX quizzes_course ON quizzes(course_id, id);

-- A place in a quiz: one question of the bank, or `pick` questions drawn at
-- random from a category when an attempt starts; each worth `mark` marks.
CREATE TABLE quiz_slots (
    id {{ID}},
    quiz_id BIGINT NOT NULL REFERENCES quizzes(id),
    position INTEGER NOT NULL,
    question_id BIGINT REFERENCES quiz_questions(id),
    category TEXT,
    pick INTEGER NOT NULL DEFAULT 1,
    mark INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((question_id IS NULL) <> (category IS NULL))
);

CREATE INDEX quiz_slots_quiz ON quiz_slots(quiz_id, position);

-- deadline_at: started_at plus the time limit (NULL: none); the server
-- refuses answers after it. score and max_score in QUIZ_UNIT marks.
CREATE TABLE quiz_attempts (
    id {{ID}},
    quiz_id BIGINT NOT NULL REFERENCES quizzes(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    number INTEGER NOT NULL,
    state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'submitted')),
    started_at TEXT NOT NULL,
    deadline_at TEXT,
    submitted_at TEXT,
    score BIGINT,
    max_score BIGINT NOT NULL DEFAULT 0,
    needs_grading INTEGER NOT NULL DEFAULT 0,
    passed INTEGER,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (quiz_id, user_id, number)
);

CREATE INDEX quiz_attempts_user ON quiz_attempts(user_id, quiz_id);

-- The questions one attempt got, in the order shown. answer_order: answer
-- ids as shown, comma-separated; response: NULL until answered (see
-- quiz_int.h for its form per type); fraction: NULL until graded.
CREATE TABLE quiz_attempt_items (
    id {{ID}},
    attempt_id BIGINT NOT NULL REFERENCES quiz_attempts(id),
    position INTEGER NOT NULL,
    question_id BIGINT NOT NULL REFERENCES quiz_questions(id),
    mark INTEGER NOT NULL DEFAULT 1,
    answer_order TEXT NOT NULL DEFAULT '',
    response TEXT,
    saved_at TEXT,
    fraction BIGINT,
    comment TEXT NOT NULL DEFAULT '',
    graded_by BIGINT REFERENCES users(id),
    graded_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (attempt_id, position)
);

CREATE INDEX quiz_attempt_items_question ON quiz_attempt_items(question_id);
