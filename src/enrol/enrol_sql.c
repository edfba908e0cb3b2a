/*
 * Enrolment and lesson-progress queries: the only code touching the tables
 * enrolments and lesson_progress. Courses and lessons are read through the
 * catalog's derived tables. One person is found by e-mail through
 * accounts_user_by_email(); lists join accounts' people view for e-mails and
 * names, and bulk look-ups read it by key or filter, with centres and
 * organisations from org's derived tables.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "accounts/accounts.h"
#include "org/org.h"


/*
 * 1-based place of e on its waitlist (ordered by waitlisted_at, id), else 0.
 * A cohort has its own waitlist; the course's is that of its enrolments
 * without a cohort.
 */
#define WAIT_PLACE                                                                            \
    " CASE WHEN e.status = 'waitlisted' THEN (SELECT COUNT(*) FROM enrolments w"              \
    " WHERE w.course_id = e.course_id AND COALESCE(w.cohort_id, 0) = COALESCE(e.cohort_id, 0)" \
    " AND w.status = 'waitlisted' AND"                                                        \
    " (w.waitlisted_at < e.waitlisted_at OR (w.waitlisted_at = e.waitlisted_at"               \
    " AND w.id <= e.id))) ELSE 0 END"

/*
 * The status a new or reopened enrolment gets, decided in the same statement
 * that writes it: 5 parameters, the wanted status ('requested' or ''), the
 * capacity (0: no limit), the course id, the cohort id (0: none), the
 * capacity again. Only active learners hold a place; completed ones have
 * freed theirs. A cohort's places are counted among its own enrolments, the
 * course's among those without a cohort.
 */
#define TARGET_STATUS                                                                         \
    "(CASE WHEN CAST(? AS TEXT) = 'requested' THEN 'requested'"                               \
    " WHEN CAST(? AS BIGINT) = 0 OR (SELECT COUNT(*) FROM enrolments x"                       \
    " WHERE x.course_id = ? AND COALESCE(x.cohort_id, 0) = CAST(? AS BIGINT)"                 \
    " AND x.status = 'active') < CAST(? AS BIGINT)"                                           \
    " THEN 'active' ELSE 'waitlisted' END)"

const char enrol_state_sql[] =
    "SELECT e.id, e.status, e.progress, COALESCE(e.last_lesson_id, 0),"
    " COALESCE(e.completed_at, '')," WAIT_PLACE ", COALESCE(e.last_activity_at, '')"
    " FROM enrolments e WHERE e.user_id = ? AND e.course_id = ?";
const char enrol_done_ids_sql[] =
    "SELECT lesson_id FROM lesson_progress WHERE user_id = ? AND course_id = ? ORDER BY lesson_id";
const char enrol_touch_sql[] =
    "UPDATE enrolments SET last_lesson_id = ?, last_activity_at = ?"
    " WHERE user_id = ? AND course_id = ? AND status IN ('active', 'completed')";

#define ROW_COLUMNS                                                                           \
    "SELECT e.id, e.user_id, e.course_id, e.status, e.progress, u.email,"                     \
    " COALESCE(e.completed_at, ''), e.created_at, COALESCE(e.cohort_id, 0) FROM enrolments e"  \
    " JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"

const char enrol_find_sql[] = ROW_COLUMNS " WHERE e.user_id = ? AND e.course_id = ?";
const char enrol_by_id_sql[] = ROW_COLUMNS " WHERE e.id = ?";

const char enrol_insert_sql[] =
    "INSERT INTO enrolments (user_id, course_id, cohort_id, status, enrolled_by, created_at,"
    " updated_at) VALUES (?, ?, ?, " TARGET_STATUS ", ?, ?, ?) RETURNING id, status";
/* enrolling again after a withdrawal reuses the row (one line per person and course),
 * in the cohort now chosen (NULL: none) */
const char enrol_reopen_sql[] =
    "UPDATE enrolments SET cohort_id = ?, status = " TARGET_STATUS ", enrolled_by = ?,"
    " completed_at = NULL,"
    " withdrawn_at = NULL, requested_at = NULL, waitlisted_at = NULL, updated_at = ?"
    " WHERE id = ? AND status = 'withdrawn' RETURNING id, status";
/* the time of the status just written (the waitlist is ordered by waitlisted_at) */
const char enrol_stamp_sql[] =
    "UPDATE enrolments SET"
    " requested_at = CASE WHEN status = 'requested' THEN CAST(? AS TEXT) ELSE requested_at END,"
    " waitlisted_at = CASE WHEN status = 'waitlisted' THEN CAST(? AS TEXT) ELSE NULL END,"
    " started_at = CASE WHEN status = 'active' THEN CAST(? AS TEXT) ELSE started_at END"
    " WHERE id = ?";
const char enrol_approve_sql[] =
    "UPDATE enrolments SET status = " TARGET_STATUS ", updated_at = ?"
    " WHERE id = ? AND status = 'requested' RETURNING id, status";
const char enrol_set_withdrawn_sql[] =
    "UPDATE enrolments SET status = 'withdrawn', withdrawn_at = ?, waitlisted_at = NULL,"
    " updated_at = ? WHERE id = ? AND status = ?";
/* the first of the waitlist (of the course, or of a cohort: id 0 for none) takes a free
 * place, if there is one */
const char enrol_promote_sql[] =
    "UPDATE enrolments SET status = 'active', started_at = ?, updated_at = ?"
    " WHERE id = (SELECT w.id FROM enrolments w WHERE w.course_id = ? AND"
    " COALESCE(w.cohort_id, 0) = CAST(? AS BIGINT) AND"
    " w.status = 'waitlisted' ORDER BY w.waitlisted_at, w.id LIMIT 1)"
    " AND (CAST(? AS BIGINT) = 0 OR (SELECT COUNT(*) FROM enrolments x"
    " WHERE x.course_id = ? AND COALESCE(x.cohort_id, 0) = CAST(? AS BIGINT)"
    " AND x.status = 'active') < CAST(? AS BIGINT))"
    " RETURNING id";

/* live lessons of the course, and how many of them the user has done */
const char enrol_progress_count_sql[] =
    "SELECT COUNT(*), COUNT(p.lesson_id) FROM " CATALOG_LESSONS_SQL " l"
    " LEFT JOIN lesson_progress p ON p.lesson_id = l.id AND p.user_id = ?"
    " WHERE l.course_id = ?";
const char enrol_set_progress_sql[] =
    "UPDATE enrolments SET progress = ?, updated_at = ? WHERE id = ?";
const char enrol_complete_sql[] =
    "UPDATE enrolments SET status = 'completed', completed_at = COALESCE(completed_at, ?),"
    " updated_at = ? WHERE id = ? AND status = 'active'";
const char enrol_lesson_done_sql[] =
    "INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)"
    " VALUES (?, ?, ?, ?) ON CONFLICT (user_id, lesson_id) DO NOTHING";
const char enrol_lesson_undone_sql[] =
    "DELETE FROM lesson_progress WHERE user_id = ? AND lesson_id = ?";

/*
 * /my: every enrolment but withdrawn ones, with the lesson to resume (the
 * last opened, else the first not done). Args: lang, lang, user.
 */
const char enrol_my_courses_sql[] =
    "SELECT e.id, cc.code, cc.title, e.status, e.progress, COALESCE(e.completed_at, ''),"
    WAIT_PLACE ","
    " COALESCE(e.last_lesson_id, (SELECT l.id FROM " CATALOG_LESSONS_SQL " l"
    " WHERE l.course_id = e.course_id AND NOT EXISTS (SELECT 1 FROM lesson_progress p"
    " WHERE p.user_id = e.user_id AND p.lesson_id = l.id) ORDER BY l.ord LIMIT 1), 0)"
    " FROM enrolments e JOIN " CATALOG_COURSES_SQL " cc ON cc.id = e.course_id"
    " WHERE e.user_id = ? AND e.status <> 'withdrawn' ORDER BY cc.title, e.id";
/*
 * /my: the programmes holding a course the user is enrolled in, with how many
 * of their courses the user completed. Args: lang, lang, user, lang, user.
 */
const char enrol_my_programmes_sql[] =
    "SELECT pc.programme_id, pc.programme_code, pc.programme_title, COUNT(*),"
    " SUM(CASE WHEN e.status = 'completed' THEN 1 ELSE 0 END), COALESCE(MAX(e.completed_at), '')"
    " FROM " CATALOG_PROGRAMME_COURSES_SQL " pc JOIN " CATALOG_COURSES_SQL " cc"
    " ON cc.id = pc.course_id"
    " LEFT JOIN enrolments e ON e.course_id = pc.course_id AND e.user_id = ?"
    " WHERE pc.programme_id IN (SELECT pm.programme_id FROM " CATALOG_PROGRAMME_COURSES_SQL
    " pm JOIN enrolments em ON em.course_id = pm.course_id"
    " WHERE em.user_id = ? AND em.status <> 'withdrawn')"
    " GROUP BY pc.programme_id, pc.programme_code, pc.programme_title"
    " ORDER BY pc.programme_title, pc.programme_id";

/* A course's learners: args course, status twice, LIKE pattern (then limit, offset). */
#define LEARNERS_FROM                                                                         \
    " FROM enrolments e JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"                   \
    " WHERE e.course_id = ?"                                                                   \
    " AND (CAST(? AS TEXT) = '' OR e.status = ?) AND u.search LIKE ? ESCAPE '\\'"
#define LEARNERS_COLUMNS                                                                      \
    "SELECT e.id, u.email, u.full_name, e.status, e.progress,"                                \
    " COALESCE(e.last_activity_at, ''), COALESCE(e.completed_at, ''), e.created_at"

const char enrol_learners_count_sql[] = "SELECT COUNT(*)" LEARNERS_FROM;
const char enrol_learners_page_sql[] =
    LEARNERS_COLUMNS LEARNERS_FROM " ORDER BY u.full_name, e.id LIMIT ? OFFSET ?";
const char enrol_learners_all_sql[] = LEARNERS_COLUMNS LEARNERS_FROM " ORDER BY u.full_name, e.id";

/* requests first (oldest first), then the waitlist in its order */
const char enrol_queue_sql[] =
    "SELECT e.id, u.email, u.full_name, e.status,"
    " COALESCE(CASE WHEN e.status = 'requested' THEN e.requested_at ELSE e.waitlisted_at END, '')"
    " FROM enrolments e JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"
    " WHERE e.course_id = ? AND e.status IN ('requested', 'waitlisted')"
    " ORDER BY e.status, CASE WHEN e.status = 'requested' THEN e.requested_at"
    " ELSE e.waitlisted_at END, e.id LIMIT 1000";

/*
 * People to enrol, with their standing in the course ('' when never
 * enrolled): a CSV's many e-mails or a filter of the people list, read in a
 * fixed number of statements from accounts' people view. By a filter, args:
 * course, centre code twice, organisation code twice, LIKE pattern,
 * is_admin, user id (the scope), limit.
 */
const char enrol_users_by_filter_sql[] =
    "SELECT u.id, u.email_key, u.email, COALESCE(u.centre_id, 0), COALESCE(e.status, ''),"
    " u.full_name FROM " ACCOUNTS_PEOPLE_SQL " u"
    " LEFT JOIN enrolments e ON e.user_id = u.id AND e.course_id = ?"
    " LEFT JOIN " ORG_CENTRES_SQL " c ON c.id = u.centre_id"
    " LEFT JOIN " ORG_ORGANISATIONS_SQL " o ON o.id = u.organisation_id"
    " WHERE u.deleted_at IS NULL AND u.status <> 'suspended'"
    " AND (CAST(? AS TEXT) = '' OR c.code = ?) AND (CAST(? AS TEXT) = '' OR o.code = ?)"
    " AND u.search LIKE ? ESCAPE '\\'"
    " AND (CAST(? AS BIGINT) = 1 OR u.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"
    " ORDER BY u.full_name, u.id LIMIT ?";

#define Q10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
#define Q50 Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10
/* By e-mail keys, ENROL_KEYS_CHUNK at a time (unused ones bound to ''); args: course, keys. */
const char enrol_users_by_keys_sql[] =
    "SELECT u.id, u.email_key, u.email, COALESCE(u.centre_id, 0), COALESCE(e.status, ''),"
    " u.full_name FROM " ACCOUNTS_PEOPLE_SQL " u"
    " LEFT JOIN enrolments e ON e.user_id = u.id AND e.course_id = ?"
    " WHERE u.deleted_at IS NULL AND u.email_key IN (" Q50 ", " Q50 ")";

#define API_COLUMNS                                                                           \
    "SELECT e.id, u.email, cc.code, e.status, e.progress, COALESCE(e.completed_at, ''),"      \
    " e.created_at, COALESCE(e.cohort_id, 0) FROM enrolments e"                              \
    " JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"                                     \
    " JOIN " CATALOG_COURSES_SQL " cc ON cc.id = e.course_id"

/*
 * args: lang, course id twice (0: any), e-mail key twice ('': anyone), see
 * all (admin, or a course the caller manages), caller twice, after, limit.
 * Others see their own and those of courses at centres in their scope.
 */
const char enrol_api_list_sql[] =
    API_COLUMNS " WHERE (CAST(? AS BIGINT) = 0 OR e.course_id = ?)"
    " AND (CAST(? AS TEXT) = '' OR u.email_key = ?)"
    " AND (CAST(? AS BIGINT) = 1 OR e.user_id = ? OR cc.centre_id IN ("
    ACCOUNTS_SCOPE_CENTRES_SQL "))"
    " AND e.id > ? ORDER BY e.id LIMIT ?";
const char enrol_api_one_sql[] = API_COLUMNS " WHERE e.id = ?";
/* args: lang, user, course */
const char enrol_api_progress_sql[] =
    "SELECT l.id, CASE WHEN p.lesson_id IS NULL THEN 0 ELSE 1 END, COALESCE(p.completed_at, '')"
    " FROM " CATALOG_LESSONS_SQL " l LEFT JOIN lesson_progress p ON p.lesson_id = l.id"
    " AND p.user_id = ? WHERE l.course_id = ? ORDER BY l.ord";
