-- Reports (issue 13): summary tables, so that the default reports and the
-- dashboard read a handful of counts instead of a region's year of facts.
-- PostgreSQL form: 0024_report_summary.pg.sql. src/reports/summary.c keeps
-- them; nothing else writes them.
--
-- report_cells: per cell (a centre, a region or the country; a year, quarter
-- or month in the local time of each fact's centre) the distinct people with
-- any fact there, enrolled, completed, and the sums of learning minutes and
-- attendance marks. unit 0: no centre or region (and the country).
CREATE TABLE report_cells (
    level TEXT NOT NULL CHECK (level IN ('centre', 'region', 'country')),
    unit BIGINT NOT NULL,
    period TEXT NOT NULL, -- '2026', '2026-Q1', '2026-03'
    people BIGINT NOT NULL DEFAULT 0,
    enrolled BIGINT NOT NULL DEFAULT 0,
    completed BIGINT NOT NULL DEFAULT 0,
    minutes BIGINT NOT NULL DEFAULT 0,
    attended BIGINT NOT NULL DEFAULT 0,
    marked BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (level, unit, period)
) WITHOUT ROWID;

-- What each person adds to the cells, per centre and month, as last counted:
-- a recount subtracts exactly this before adding what the records give now,
-- so that a count cannot drift when a centre moves region or time zone.
CREATE TABLE report_people (
    user_id INTEGER PRIMARY KEY,
    parts TEXT NOT NULL
);

-- People whose facts changed since they were last counted. Triggers below
-- add them in the writing transaction; the commit (or the next report)
-- recounts them and empties the table. The triggers skip those already in it
-- with NOT IN rather than INSERT OR IGNORE: an upsert that fires a trigger
-- imposes its own conflict handling on the trigger's statements, and the
-- attendance upsert would then fail on a person already marked stale.
CREATE TABLE report_stale (
    user_id INTEGER PRIMARY KEY
);

-- Everyone with facts is counted once after this migration (dars migrate,
-- dars serve at start, or dars reports rebuild).
INSERT INTO report_stale (user_id)
    SELECT user_id FROM enrolments UNION SELECT user_id FROM attendance;

CREATE TRIGGER report_enrolment_new AFTER INSERT ON enrolments BEGIN
    INSERT INTO report_stale (user_id) SELECT NEW.user_id WHERE NEW.user_id NOT IN (SELECT user_id FROM report_stale);
END;
CREATE TRIGGER report_enrolment_change AFTER UPDATE OF user_id, course_id, cohort_id, status, started_at, completed_at
    ON enrolments BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (SELECT OLD.user_id AS u UNION SELECT NEW.user_id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;
CREATE TRIGGER report_enrolment_gone AFTER DELETE ON enrolments BEGIN
    INSERT INTO report_stale (user_id) SELECT OLD.user_id WHERE OLD.user_id NOT IN (SELECT user_id FROM report_stale);
END;

CREATE TRIGGER report_lesson_done AFTER INSERT ON lesson_progress BEGIN
    INSERT INTO report_stale (user_id) SELECT NEW.user_id WHERE NEW.user_id NOT IN (SELECT user_id FROM report_stale);
END;
CREATE TRIGGER report_lesson_redone AFTER UPDATE OF user_id, lesson_id, course_id, completed_at ON lesson_progress BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (SELECT OLD.user_id AS u UNION SELECT NEW.user_id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;
CREATE TRIGGER report_lesson_undone AFTER DELETE ON lesson_progress BEGIN
    INSERT INTO report_stale (user_id) SELECT OLD.user_id WHERE OLD.user_id NOT IN (SELECT user_id FROM report_stale);
END;

CREATE TRIGGER report_mark_new AFTER INSERT ON attendance BEGIN
    INSERT INTO report_stale (user_id) SELECT NEW.user_id WHERE NEW.user_id NOT IN (SELECT user_id FROM report_stale);
END;
CREATE TRIGGER report_mark_change AFTER UPDATE OF session_id, user_id, status ON attendance BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (SELECT OLD.user_id AS u UNION SELECT NEW.user_id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;
CREATE TRIGGER report_mark_gone AFTER DELETE ON attendance BEGIN
    INSERT INTO report_stale (user_id) SELECT OLD.user_id WHERE OLD.user_id NOT IN (SELECT user_id FROM report_stale);
END;

-- A session moved, cut or deleted: the people marked in it.
CREATE TRIGGER report_session_change AFTER UPDATE OF cohort_id, centre_id, starts_at, ends_at, deleted_at
    ON cohort_sessions BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT user_id AS u FROM attendance WHERE session_id = OLD.id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

CREATE TRIGGER report_session_gone AFTER DELETE ON cohort_sessions BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT user_id AS u FROM attendance WHERE session_id = OLD.id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

-- A cohort moved to another centre or course: its members and those marked.
CREATE TRIGGER report_cohort_change AFTER UPDATE OF centre_id, course_id ON cohorts BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT user_id AS u FROM enrolments WHERE cohort_id = OLD.id
        UNION SELECT a.user_id FROM cohort_sessions s JOIN attendance a ON a.session_id = s.id
              WHERE s.cohort_id = OLD.id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

-- A course moved to another centre, deleted or restored: everyone in it.
CREATE TRIGGER report_course_change AFTER UPDATE OF centre_id, deleted_at ON courses BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT user_id AS u FROM enrolments WHERE course_id = OLD.id
        UNION SELECT a.user_id FROM cohorts co JOIN cohort_sessions s ON s.cohort_id = co.id
              JOIN attendance a ON a.session_id = s.id WHERE co.course_id = OLD.id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

-- A lesson's length changed or the lesson went: everyone in its course (those
-- who did it are among them; lesson_progress has no index by lesson).
CREATE TRIGGER report_lesson_change AFTER UPDATE OF minutes, course_id ON lessons BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT user_id AS u FROM enrolments WHERE course_id IN (OLD.course_id, NEW.course_id))
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

CREATE TRIGGER report_lesson_gone AFTER DELETE ON lessons BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT user_id AS u FROM enrolments WHERE course_id = OLD.course_id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

-- A centre changed time zone (its days move) or region: everyone who trained there.
CREATE TRIGGER report_centre_change AFTER UPDATE OF timezone, region_id ON centres BEGIN
    INSERT INTO report_stale (user_id) SELECT u FROM (
        SELECT e.user_id AS u FROM courses c JOIN enrolments e ON e.course_id = c.id
              WHERE c.centre_id = OLD.id
        UNION SELECT e.user_id FROM cohorts co JOIN enrolments e ON e.cohort_id = co.id
              WHERE co.centre_id = OLD.id
        UNION SELECT a.user_id FROM cohort_sessions s JOIN attendance a ON a.session_id = s.id
              WHERE s.centre_id = OLD.id)
        WHERE u NOT IN (SELECT user_id FROM report_stale);
END;

-- A person deleted (their facts leave every count) or restored.
CREATE TRIGGER report_person_change AFTER UPDATE OF deleted_at ON users BEGIN
    INSERT INTO report_stale (user_id) SELECT NEW.id WHERE NEW.id NOT IN (SELECT user_id FROM report_stale);
END;
