/*
 * The attendance queries: one mark per learner and session, the learners a
 * session takes, a cohort's sessions and marks for the rates, and the
 * minimum-attendance rule. Only this file holds attendance SQL. Learners come
 * from enrol's and accounts' derived tables, zones from org's.
 */
#include "core/base.h"
#include "cohorts/attendance_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "enrol/enrol.h"
#include "org/org.h"

/*
 * A session with what its pages show and whether the user teaches it (the
 * session's instructor or one of the cohort's). Args: user twice, lang, id.
 */
const char attendance_session_sql[] =
    "SELECT s.id, s.cohort_id, s.centre_id, s.starts_at, s.ends_at, s.room, cc.code, cc.title,"
    " ce.timezone, co.title, CASE WHEN s.instructor_id = ? OR EXISTS (SELECT 1 FROM"
    " cohort_instructors ci WHERE ci.cohort_id = s.cohort_id AND ci.user_id = ?) THEN 1 ELSE 0"
    " END FROM cohort_sessions s JOIN cohorts co ON co.id = s.cohort_id"
    " AND co.deleted_at IS NULL JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id"
    " JOIN " ORG_CENTRES_SQL " ce ON ce.id = s.centre_id WHERE s.id = ? AND s.deleted_at IS NULL";

/*
 * A cohort with its minimum rate and whether the user teaches it (one of its
 * instructors or the instructor of one of its sessions). Args: user twice, lang, id.
 */
const char attendance_cohort_sql[] =
    "SELECT co.id, co.centre_id, cc.code, cc.title, co.title, ce.timezone,"
    " COALESCE(co.min_attendance, -1), CASE WHEN EXISTS (SELECT 1 FROM cohort_instructors ci"
    " WHERE ci.cohort_id = co.id AND ci.user_id = ?) OR EXISTS (SELECT 1 FROM cohort_sessions"
    " s WHERE s.cohort_id = co.id AND s.instructor_id = ? AND s.deleted_at IS NULL) THEN 1"
    " ELSE 0 END FROM cohorts co JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id"
    " JOIN " ORG_CENTRES_SQL " ce ON ce.id = co.centre_id"
    " WHERE co.id = ? AND co.deleted_at IS NULL";

/*
 * The learners of a cohort (active or completed enrolments) with their mark
 * in a session ('' when unmarked). Args: session, cohort.
 */
const char attendance_roll_sql[] =
    "SELECT u.id, u.email, u.full_name, COALESCE(a.status, ''), COALESCE(a.note, ''),"
    " COALESCE(a.updated_at, '') FROM " ENROL_ENROLMENTS_SQL " e"
    " JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"
    " LEFT JOIN attendance a ON a.session_id = ? AND a.user_id = e.user_id"
    " WHERE e.cohort_id = ? AND e.status IN ('active', 'completed') ORDER BY u.full_name, u.id";

/* The same a page of the API at a time, by user id. Args: session, cohort, after, limit. */
const char attendance_roll_api_sql[] =
    "SELECT u.id, u.email, a.status, COALESCE(a.note, ''), a.updated_at"
    " FROM " ENROL_ENROLMENTS_SQL " e JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"
    " LEFT JOIN attendance a ON a.session_id = ?"
    " AND a.user_id = e.user_id WHERE e.cohort_id = ? AND e.status IN ('active', 'completed')"
    " AND u.id > ? ORDER BY u.id LIMIT ?";

/*
 * One learner of the cohort, by id or by e-mail key, with their course and
 * present mark ('' when none). Args: session, cohort, user id, email key.
 */
const char attendance_learner_sql[] =
    "SELECT u.id, u.email, e.course_id, COALESCE(a.status, ''), COALESCE(a.note, '')"
    " FROM " ENROL_ENROLMENTS_SQL " e JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"
    " LEFT JOIN attendance a"
    " ON a.session_id = ? AND a.user_id = e.user_id WHERE e.cohort_id = ?"
    " AND e.status IN ('active', 'completed') AND (u.id = ? OR u.email_key = ?)";

/* Set a mark. Args: session, user, status, note, marked_by, now, now. */
const char attendance_upsert_sql[] =
    "INSERT INTO attendance (session_id, user_id, status, note, marked_by, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id, user_id) DO UPDATE"
    " SET status = excluded.status, note = excluded.note, marked_by = excluded.marked_by,"
    " updated_at = excluded.updated_at";

/*
 * Mark present every learner of the cohort not yet marked in the session;
 * answers the users marked and their course. Args: session, marked_by, now,
 * now, cohort, session.
 */
const char attendance_mark_all_sql[] =
    "INSERT INTO attendance (session_id, user_id, status, note, marked_by, created_at,"
    " updated_at) SELECT CAST(? AS BIGINT), e.user_id, 'present', '', CAST(? AS BIGINT),"
    " CAST(? AS TEXT), CAST(? AS TEXT) FROM " ENROL_ENROLMENTS_SQL " e WHERE e.cohort_id = ?"
    " AND e.status IN ('active', 'completed') AND NOT EXISTS (SELECT 1 FROM attendance x"
    " WHERE x.session_id = ? AND x.user_id = e.user_id)"
    " ON CONFLICT (session_id, user_id) DO NOTHING RETURNING user_id";

/* The course of each learner of a cohort, by user. Args: cohort. */
const char attendance_courses_sql[] =
    "SELECT e.user_id, e.course_id FROM " ENROL_ENROLMENTS_SQL " e WHERE e.cohort_id = ?"
    " AND e.status IN ('active', 'completed')";

/* A cohort's sessions in order; begun is 1 once they have started. Args: now, cohort. */
const char attendance_sessions_sql[] =
    "SELECT s.id, s.starts_at, CASE WHEN s.starts_at <= ? THEN 1 ELSE 0 END"
    " FROM cohort_sessions s WHERE s.cohort_id = ? AND s.deleted_at IS NULL"
    " ORDER BY s.starts_at, s.id";

/* Every mark of a cohort's live sessions. Args: cohort. */
const char attendance_marks_sql[] =
    "SELECT a.session_id, a.user_id, a.status FROM attendance a JOIN cohort_sessions s"
    " ON s.id = a.session_id WHERE s.cohort_id = ? AND s.deleted_at IS NULL";

/*
 * The minimum rate of a cohort (-1: none), its sessions begun and those the
 * user attended (present or late). Args: now, now, user, cohort.
 */
const char attendance_rule_sql[] =
    "SELECT COALESCE(co.min_attendance, -1), (SELECT COUNT(*) FROM cohort_sessions s"
    " WHERE s.cohort_id = co.id AND s.deleted_at IS NULL AND s.starts_at <= ?),"
    " (SELECT COUNT(*) FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id"
    " WHERE s.cohort_id = co.id AND s.deleted_at IS NULL AND s.starts_at <= ?"
    " AND a.user_id = ? AND a.status IN ('present', 'late')) FROM cohorts co WHERE co.id = ?";
