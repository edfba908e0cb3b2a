/*
 * Cohort and session queries: the only code writing cohorts,
 * cohort_instructors and cohort_sessions. Courses come through catalog.h's
 * derived table (first parameter: the reader's language); centres (their
 * code, name and time zone), people and enrolments (the places taken)
 * through those of org.h, accounts.h and enrol.h.
 */
#include "core/base.h"
#include "cohorts/cohorts_int.h"
#include "accounts/accounts.h"
#include "enrol/enrol.h"
#include "org/org.h"

/* places taken: the cohort's active and completed learners */
#define COHORT_SELECT                                                                          \
    "SELECT co.id, co.course_id, co.centre_id, cc.code, cc.title, ce.code, ce.name,"          \
    " ce.timezone, co.title, co.starts_on, co.ends_on, co.room, co.enrol_mode,"               \
    " COALESCE(co.capacity, 0), COALESCE(co.min_attendance, -1),"                             \
    " (SELECT COUNT(*) FROM " ENROL_ENROLMENTS_SQL " e WHERE e.cohort_id = co.id"             \
    " AND e.status IN ('active', 'completed')), co.created_at, co.updated_at"                 \
    " FROM cohorts co JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id"                \
    " JOIN " ORG_CENTRES_SQL " ce ON ce.id = co.centre_id"

/*
 * The filters of both lists: centre code ('' any), course code ('' any), a
 * date the cohort must not have ended before ('' any), then the scope:
 * is_admin (1 sees all) and the user id.
 */
#define COHORT_FILTER                                                                          \
    " WHERE co.deleted_at IS NULL AND (CAST(? AS TEXT) = '' OR ce.code = ?)"                  \
    " AND (CAST(? AS TEXT) = '' OR cc.code = ?) AND (CAST(? AS TEXT) = '' OR co.ends_on >= ?)" \
    " AND (CAST(? AS BIGINT) = 1 OR co.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"

const char cohort_by_id_sql[] = COHORT_SELECT " WHERE co.id = ? AND co.deleted_at IS NULL";
const char cohort_insert_sql[] =
    "INSERT INTO cohorts (course_id, centre_id, title, starts_on, ends_on, capacity, room,"
    " enrol_mode, min_attendance, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char cohort_update_sql[] =
    "UPDATE cohorts SET course_id = ?, centre_id = ?, title = ?, starts_on = ?, ends_on = ?,"
    " capacity = ?, room = ?, enrol_mode = ?, min_attendance = ?, updated_at = ? WHERE id = ?";
const char cohort_count_sql[] =
    "SELECT COUNT(*) FROM cohorts co JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id"
    " JOIN " ORG_CENTRES_SQL " ce ON ce.id = co.centre_id" COHORT_FILTER;
const char cohort_page_sql[] =
    COHORT_SELECT COHORT_FILTER " ORDER BY co.starts_on, co.id LIMIT ? OFFSET ?";
/*
 * A draft course's cohorts are for those who manage the cohort's centre, as
 * cohort_readable() decides for one (issue 11): args is_admin, user id (0 for
 * nobody signed in).
 */
#define COHORT_DRAFT_SCOPE                                                                     \
    " AND (cc.status = 'published' OR CAST(? AS BIGINT) = 1"                                  \
    " OR co.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"
/*
 * the API list: anyone signed in sees every published course's cohort (scope argument 1),
 * keyset by id; then COHORT_DRAFT_SCOPE's is_admin and user id, after id, limit
 */
const char cohort_after_sql[] = COHORT_SELECT COHORT_FILTER COHORT_DRAFT_SCOPE
    " AND co.id > ? ORDER BY co.id LIMIT ?";
/*
 * courses a cohort may be of, for the form's choice: published ones, and the
 * drafts of centres the caller manages (args: lang, is_admin, user id), so a
 * manager never reads another centre's draft titles (issue 11)
 */
const char cohort_courses_sql[] =
    "SELECT cc.code, cc.title FROM " CATALOG_COURSES_SQL " cc"
    " WHERE cc.status = 'published' OR CAST(? AS BIGINT) = 1"
    " OR cc.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ") ORDER BY cc.code";
const char cohort_instructors_sql[] =
    "SELECT ci.user_id, u.email, u.full_name FROM cohort_instructors ci"
    " JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = ci.user_id WHERE ci.cohort_id = ?"
    " ORDER BY u.full_name, u.id";
const char cohort_instructor_add_sql[] =
    "INSERT INTO cohort_instructors (cohort_id, user_id, created_at) VALUES (?, ?, ?)"
    " ON CONFLICT (cohort_id, user_id) DO NOTHING";
/* one instructor of a cohort: cohort id, user id */
const char cohort_instructor_get_sql[] =
    "SELECT ci.user_id, u.email, u.full_name FROM cohort_instructors ci"
    " JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = ci.user_id WHERE ci.cohort_id = ?"
    " AND ci.user_id = ?";
const char cohort_instructor_remove_sql[] =
    "DELETE FROM cohort_instructors WHERE cohort_id = ? AND user_id = ?";
const char cohort_sessions_sql[] =
    "SELECT s.id, s.starts_at, s.ends_at, s.room, s.instructor_id, u.email, u.full_name"
    " FROM cohort_sessions s LEFT JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = s.instructor_id"
    " WHERE s.cohort_id = ? AND s.deleted_at IS NULL ORDER BY s.starts_at, s.id";
const char cohort_session_get_sql[] =
    "SELECT s.id, s.starts_at, s.ends_at, s.room FROM cohort_sessions s"
    " WHERE s.id = ? AND s.cohort_id = ? AND s.deleted_at IS NULL";
const char cohort_session_insert_sql[] =
    "INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, room, instructor_id,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char cohort_session_delete_sql[] =
    "UPDATE cohort_sessions SET deleted_at = ?, updated_at = ? WHERE id = ? AND cohort_id = ?"
    " AND deleted_at IS NULL";
/*
 * Live sessions that may clash with new ones between two bounds (args: lang,
 * the latest new end, the earliest new start): the same room at the centre
 * (an empty room clashes with nothing) or the same instructor anywhere. The
 * caller tests each new session against these rows.
 */
const char cohort_clashes_sql[] =
    "SELECT s.starts_at, s.ends_at, s.room, s.instructor_id, s.cohort_id, cc.title, s.centre_id,"
    " ce.timezone FROM cohort_sessions s"
    " JOIN cohorts co ON co.id = s.cohort_id AND co.deleted_at IS NULL"
    " JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id"
    " JOIN " ORG_CENTRES_SQL " ce ON ce.id = s.centre_id"
    " WHERE s.deleted_at IS NULL AND s.starts_at < ? AND s.ends_at > ?"
    " AND ((s.centre_id = ? AND s.room = ? AND s.room <> '') OR s.instructor_id = ?)"
    " ORDER BY s.starts_at, s.id";
/* a course's cohorts that have not ended (args: lang, course id, today, is_admin, user id) */
const char cohort_for_course_sql[] =
    COHORT_SELECT " WHERE co.deleted_at IS NULL AND co.course_id = ? AND co.ends_on >= ?"
    COHORT_DRAFT_SCOPE " ORDER BY co.starts_on, co.id";
const char cohort_places_sql[] =
    "SELECT course_id, COALESCE(capacity, 0), enrol_mode FROM cohorts"
    " WHERE id = ? AND deleted_at IS NULL";
/* whether a user takes part in a cohort (a learner or an instructor): cohort id, user id */
const char cohort_member_sql[] =
    "SELECT COUNT(*) FROM " COHORTS_MEMBERS_SQL " m WHERE m.cohort_id = ? AND m.user_id = ?";
/* a live cohort's centre and own title, for the calendar: cohort id */
const char cohort_centre_sql[] =
    "SELECT centre_id, title FROM cohorts WHERE id = ? AND deleted_at IS NULL";
