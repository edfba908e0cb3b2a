-- Courses and programmes (the catalog module): a course has modules, a module
-- has lessons, in order (position). Titles, summaries and bodies may carry a
-- translation per interface language in the *_i18n tables; the course's own
-- language is in the main row. Nothing here is hard-deleted: progress and
-- reports point at lessons, so a removed module or lesson gets deleted_at.

CREATE TABLE courses (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL,
    topic TEXT NOT NULL,
    delivery TEXT NOT NULL CHECK (delivery IN ('online', 'face-to-face', 'blended')),
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    -- open: anyone signed in enrols at once; approval: an instructor or the
    -- centre's manager accepts each request
    enrol_mode TEXT NOT NULL DEFAULT 'open' CHECK (enrol_mode IN ('open', 'approval')),
    capacity BIGINT,
    centre_id BIGINT REFERENCES centres(id),
    cover_id BIGINT,
    created_by BIGINT REFERENCES users(id),
    published_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX courses_listing ON courses(status, title, id);
CREATE INDEX courses_centre ON courses(centre_id);

CREATE TABLE course_i18n (
    course_id BIGINT NOT NULL REFERENCES courses(id),
    lang TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (course_id, lang)
);

-- who may edit a course besides admins and the managers of its centre
CREATE TABLE course_instructors (
    course_id BIGINT NOT NULL REFERENCES courses(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (course_id, user_id)
);

CREATE INDEX course_instructors_user ON course_instructors(user_id);

CREATE TABLE course_modules (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES courses(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX course_modules_course ON course_modules(course_id, position);

CREATE TABLE module_i18n (
    module_id BIGINT NOT NULL REFERENCES course_modules(id),
    lang TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (module_id, lang)
);

CREATE TABLE lessons (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES courses(id),
    module_id BIGINT NOT NULL REFERENCES course_modules(id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    video_url TEXT NOT NULL DEFAULT '',
    minutes INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX lessons_module ON lessons(module_id, position);
CREATE INDEX lessons_course ON lessons(course_id);

CREATE TABLE lesson_i18n (
    lesson_id BIGINT NOT NULL REFERENCES lessons(id),
    lang TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (lesson_id, lang)
);

-- Files live in the database so application nodes stay stateless
-- (DESIGN.md section 9). lesson_id NULL: a course's cover image.
CREATE TABLE attachments (
    id {{ID}},
    course_id BIGINT NOT NULL REFERENCES courses(id),
    lesson_id BIGINT REFERENCES lessons(id),
    filename TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data {{BLOB}} NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX attachments_lesson ON attachments(lesson_id);
CREATE INDEX attachments_course ON attachments(course_id);

CREATE TABLE programmes (
    id {{ID}},
    code TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE TABLE programme_i18n (
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    lang TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (programme_id, lang)
);

CREATE TABLE programme_courses (
    programme_id BIGINT NOT NULL REFERENCES programmes(id),
    course_id BIGINT NOT NULL REFERENCES courses(id),
    position INTEGER NOT NULL,
    PRIMARY KEY (programme_id, course_id)
);

CREATE INDEX programme_courses_course ON programme_courses(course_id);
