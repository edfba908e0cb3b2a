-- Reports (issue 13), PostgreSQL form of 0024_report_summary.sql, whose
-- comments say what each table and trigger is for. A trigger here calls a
-- function per table, which marks the people whose facts changed.
CREATE TABLE report_cells (
    level TEXT NOT NULL CHECK (level IN ('centre', 'region', 'country')),
    unit BIGINT NOT NULL,
    period TEXT NOT NULL,
    people BIGINT NOT NULL DEFAULT 0,
    enrolled BIGINT NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    minutes BIGINT NOT NULL DEFAULT 0,
    attended BIGINT NOT NULL DEFAULT 0,
    marked BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (level, unit, period)
);

CREATE TABLE report_people (
    user_id BIGINT PRIMARY KEY,
    parts TEXT NOT NULL
);

CREATE TABLE report_stale (
    user_id BIGINT PRIMARY KEY
);

INSERT INTO report_stale (user_id)
    SELECT user_id FROM enrolments UNION SELECT user_id FROM attendance;

-- enrolments, lesson_progress and attendance name the person in user_id
CREATE FUNCTION report_stale_row() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO report_stale (user_id) VALUES (OLD.user_id) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO report_stale (user_id) VALUES (NEW.user_id) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER report_enrolment AFTER INSERT OR DELETE
    OR UPDATE OF user_id, course_id, cohort_id, status, started_at, completed_at
    ON enrolments FOR EACH ROW EXECUTE FUNCTION report_stale_row();
CREATE TRIGGER report_lesson_done AFTER INSERT OR DELETE
    OR UPDATE OF user_id, lesson_id, course_id, completed_at
    ON lesson_progress FOR EACH ROW EXECUTE FUNCTION report_stale_row();
CREATE TRIGGER report_mark AFTER INSERT OR DELETE OR UPDATE OF session_id, user_id, status
    ON attendance FOR EACH ROW EXECUTE FUNCTION report_stale_row();

CREATE FUNCTION report_stale_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_stale (user_id)
        SELECT user_id FROM attendance WHERE session_id = OLD.id ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER report_session AFTER DELETE
    OR UPDATE OF cohort_id, centre_id, starts_at, ends_at, deleted_at
    ON cohort_sessions FOR EACH ROW EXECUTE FUNCTION report_stale_session();

CREATE FUNCTION report_stale_cohort() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_stale (user_id)
        SELECT user_id FROM enrolments WHERE cohort_id = OLD.id
        UNION SELECT a.user_id FROM cohort_sessions s JOIN attendance a ON a.session_id = s.id
              WHERE s.cohort_id = OLD.id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER report_cohort AFTER UPDATE OF centre_id, course_id
    ON cohorts FOR EACH ROW EXECUTE FUNCTION report_stale_cohort();

CREATE FUNCTION report_stale_course() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_stale (user_id)
        SELECT user_id FROM enrolments WHERE course_id = OLD.id
        UNION SELECT a.user_id FROM cohorts co JOIN cohort_sessions s ON s.cohort_id = co.id
              JOIN attendance a ON a.session_id = s.id WHERE co.course_id = OLD.id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER report_course AFTER UPDATE OF centre_id, deleted_at
    ON courses FOR EACH ROW EXECUTE FUNCTION report_stale_course();

CREATE FUNCTION report_stale_lesson() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_stale (user_id)
        SELECT user_id FROM enrolments WHERE course_id = OLD.course_id
        ON CONFLICT DO NOTHING;
    IF TG_OP = 'UPDATE' THEN
        INSERT INTO report_stale (user_id)
            SELECT user_id FROM enrolments WHERE course_id = NEW.course_id
            ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER report_lesson AFTER DELETE OR UPDATE OF minutes, course_id
    ON lessons FOR EACH ROW EXECUTE FUNCTION report_stale_lesson();

CREATE FUNCTION report_stale_centre() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_stale (user_id)
        SELECT e.user_id FROM courses c JOIN enrolments e ON e.course_id = c.id
              WHERE c.centre_id = OLD.id
        UNION SELECT e.user_id FROM cohorts co JOIN enrolments e ON e.cohort_id = co.id
              WHERE co.centre_id = OLD.id
        UNION SELECT a.user_id FROM cohort_sessions s JOIN attendance a ON a.session_id = s.id
              WHERE s.centre_id = OLD.id
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER report_centre AFTER UPDATE OF timezone, region_id
    ON centres FOR EACH ROW EXECUTE FUNCTION report_stale_centre();

CREATE FUNCTION report_stale_person() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO report_stale (user_id) VALUES (NEW.id) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER report_person AFTER UPDATE OF deleted_at
    ON users FOR EACH ROW EXECUTE FUNCTION report_stale_person();
