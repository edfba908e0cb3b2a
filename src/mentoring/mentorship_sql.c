/* SQL of mentorships, their meetings and goals, and requests for a mentor. */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "catalog/catalog.h"
#include "cohorts/cohorts.h"
#include "enrol/enrol.h"
#include "org/org.h"

/* the columns mt_ms_row() reads, and their joins */
#define MS_COLUMNS                                                                              \
    "SELECT ms.id, ms.mentor_id, mr.email, mr.full_name, COALESCE(mp.centre_id, 0), "          \
    "mf.language, ms.mentee_id, me.email, me.full_name, COALESCE(me.centre_id, 0), "           \
    "ef.language, COALESCE(ef.birth_year, 0), COALESCE(ms.programme_id, 0), "                  \
    "COALESCE(pg.code, ''), COALESCE(ms.request_id, 0), ms.status, "                           \
    "COALESCE(ms.mentor_accepted_at, ''), COALESCE(ms.mentee_accepted_at, ''), "               \
    "COALESCE(ms.started_on, ''), COALESCE(ms.ended_on, ''), ms.closed_reason, "               \
    "ms.mentor_feedback, ms.mentee_feedback, ms.created_at, ms.updated_at, "                   \
    "(SELECT COALESCE(SUM(mm.minutes), 0) FROM mentoring_meetings mm "                         \
    "WHERE mm.mentorship_id = ms.id AND mm.confirmed_at IS NOT NULL "                          \
    "AND mm.deleted_at IS NULL) "                                                              \
    "FROM mentorships ms "                                                                     \
    "JOIN " ACCOUNTS_PEOPLE_SQL " mr ON mr.id = ms.mentor_id "                                 \
    "JOIN " ACCOUNTS_PERSON_FACTS_SQL " mf ON mf.id = ms.mentor_id "                           \
    "LEFT JOIN mentor_profiles mp ON mp.user_id = ms.mentor_id "                               \
    "JOIN " ACCOUNTS_PEOPLE_SQL " me ON me.id = ms.mentee_id "                                 \
    "JOIN " ACCOUNTS_PERSON_FACTS_SQL " ef ON ef.id = ms.mentee_id "                           \
    "LEFT JOIN " CATALOG_PROGRAMME_CODES_SQL " pg ON pg.id = ms.programme_id "

const char mt_ms_by_id_sql[] = MS_COLUMNS "WHERE ms.id = ?";
/*
 * The mentorships a user sees, after a cursor: their own (either side), and
 * as a coordinator those whose mentor's or mentee's centre is in scope.
 * Args: user id, user id, is_admin, is_manager, user id, user id, after, limit.
 */
const char mt_ms_list_sql[] =
    MS_COLUMNS "WHERE (ms.mentor_id = ? OR ms.mentee_id = ? OR ? = 1 "
    "OR (? = 1 AND (mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ") "
    "OR me.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")))) "
    "AND ms.id > ? ORDER BY ms.id LIMIT ?";

const char mt_ms_insert_sql[] =
    "INSERT INTO mentorships (mentor_id, mentee_id, programme_id, request_id, status, "
    "mentor_accepted_at, mentee_accepted_at, started_on, created_by, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char mt_ms_update_sql[] =
    "UPDATE mentorships SET status = ?, mentor_accepted_at = NULLIF(?, ''), "
    "mentee_accepted_at = NULLIF(?, ''), started_on = NULLIF(?, ''), ended_on = NULLIF(?, ''), "
    "closed_reason = ?, mentor_feedback = ?, mentee_feedback = ?, updated_at = ? WHERE id = ?";
const char mt_birth_year_sql[] =
    "SELECT COALESCE(f.birth_year, 0) FROM " ACCOUNTS_PERSON_FACTS_SQL " f WHERE f.id = ?";
/* a mentor's active mentorships, the load their capacity bounds */
const char mt_ms_active_count_sql[] =
    "SELECT COUNT(*) FROM mentorships WHERE mentor_id = ? AND status = 'active'";
/* a pair's mentorship still under way (proposed or active) */
const char mt_ms_live_pair_sql[] =
    "SELECT COUNT(*) FROM mentorships WHERE mentor_id = ? AND mentee_id = ? "
    "AND status IN ('proposed', 'active')";

#define MEETING_COLUMNS                                                                         \
    "SELECT mm.id, mm.mentorship_id, mm.held_on, mm.minutes, mm.mode, COALESCE(ce.code, ''), " \
    "mm.notes, mm.logged_by, COALESCE(mm.confirmed_by, 0), COALESCE(mm.confirmed_at, ''), "    \
    "mm.created_at FROM mentoring_meetings mm "                                                \
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = mm.centre_id "
const char mt_meetings_sql[] =
    MEETING_COLUMNS "WHERE mm.mentorship_id = ? AND mm.deleted_at IS NULL AND mm.id > ? "
    "ORDER BY mm.id LIMIT ?";
const char mt_meeting_by_id_sql[] =
    MEETING_COLUMNS "WHERE mm.mentorship_id = ? AND mm.id = ? AND mm.deleted_at IS NULL";
const char mt_meeting_insert_sql[] =
    "INSERT INTO mentoring_meetings (mentorship_id, held_on, minutes, mode, centre_id, notes, "
    "logged_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char mt_meeting_confirm_sql[] =
    "UPDATE mentoring_meetings SET confirmed_by = ?, confirmed_at = ?, updated_at = ? "
    "WHERE id = ? AND confirmed_at IS NULL";
const char mt_meeting_update_sql[] =
    "UPDATE mentoring_meetings SET held_on = ?, minutes = ?, mode = ?, centre_id = ?, "
    "notes = ?, updated_at = ? WHERE id = ?";

const char mt_goals_sql[] =
    "SELECT id, title, status, created_at FROM mentorship_goals WHERE mentorship_id = ? "
    "ORDER BY id";
const char mt_goal_insert_sql[] =
    "INSERT INTO mentorship_goals (mentorship_id, title, status, created_at, updated_at) "
    "VALUES (?, ?, 'open', ?, ?) RETURNING id";
const char mt_goal_status_sql[] =
    "UPDATE mentorship_goals SET status = ?, updated_at = ? WHERE id = ? AND mentorship_id = ?";

const char mt_request_by_id_sql[] =
    "SELECT rq.id, rq.mentee_id, COALESCE(p.centre_id, 0), COALESCE(rq.programme_id, 0), "
    "p.email, p.full_name, rq.goals, rq.language, rq.mode, rq.status, rq.created_at "
    "FROM mentoring_requests rq JOIN " ACCOUNTS_PEOPLE_SQL " p ON p.id = rq.mentee_id "
    "WHERE rq.id = ?";
const char mt_request_insert_sql[] =
    "INSERT INTO mentoring_requests (mentee_id, goals, language, mode, programme_id, "
    "created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char mt_request_skill_add_sql[] =
    "INSERT INTO mentoring_request_skills (request_id, skill_id) VALUES (?, ?) "
    "ON CONFLICT DO NOTHING";
const char mt_request_status_sql[] =
    "UPDATE mentoring_requests SET status = ?, updated_at = ? WHERE id = ? AND status = 'open'";
/* a learner's open request, if any */
const char mt_request_open_of_sql[] =
    "SELECT id FROM mentoring_requests WHERE mentee_id = ? AND status = 'open'";

/*
 * Confirmed hours per mentor in scope, for the coordinator's page and the
 * exports: (email, name, centre code, volunteer programme, capacity, active,
 * confirmed minutes, confirmed meetings). Args: is_admin, user id.
 */
const char mt_hours_sql[] =
    "SELECT p.email, p.full_name, COALESCE(ce.code, ''), mp.volunteer_programme, mp.capacity, "
    "(SELECT COUNT(*) FROM mentorships ms WHERE ms.mentor_id = p.id AND ms.status = 'active'), "
    "COALESCE(h.minutes, 0), COALESCE(h.meetings, 0), "
    "COALESCE(mp.safeguarding_checked_on, '') "
    "FROM mentor_profiles mp JOIN " ACCOUNTS_PEOPLE_SQL " p ON p.id = mp.user_id "
    "AND p.deleted_at IS NULL "
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = mp.centre_id "
    "LEFT JOIN (SELECT ms.mentor_id, SUM(mm.minutes) AS minutes, COUNT(*) AS meetings "
    "FROM mentoring_meetings mm JOIN mentorships ms ON ms.id = mm.mentorship_id "
    "WHERE mm.confirmed_at IS NOT NULL AND mm.deleted_at IS NULL GROUP BY ms.mentor_id) h "
    "ON h.mentor_id = mp.user_id "
    "WHERE (? = 1 OR mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")) "
    "ORDER BY p.full_name, p.id";

/* ---- the pages ---- */

/*
 * A person's own mentorships, either side, those under way first, then the
 * latest ended (at most the limit). Args: user id, user id, limit.
 */
const char mt_page_mine_sql[] =
    MS_COLUMNS "WHERE (ms.mentor_id = ? OR ms.mentee_id = ?) "
    "ORDER BY CASE ms.status WHEN 'proposed' THEN 0 WHEN 'active' THEN 1 ELSE 2 END, "
    "ms.id DESC LIMIT ?";
/*
 * The mentorships a coordinator sees, newest first, with a status (''
 * any): args is_admin, user id, user id, status, status, limit, offset.
 */
const char mt_page_admin_ms_sql[] =
    MS_COLUMNS "WHERE (? = 1 OR mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ") "
    "OR me.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")) AND (? = '' OR ms.status = ?) "
    "ORDER BY ms.id DESC LIMIT ? OFFSET ?";
/*
 * Figures for the coordinator's page, in scope: (mentors, active
 * mentorships, open requests, confirmed minutes). Args: is_admin, user id;
 * is_admin, user id, user id (the mentorships' two sides); is_admin, user id;
 * is_admin, user id.
 */
const char mt_page_figures_sql[] =
    "SELECT (SELECT COUNT(*) FROM mentor_profiles mp JOIN " ACCOUNTS_PEOPLE_SQL " p "
    "ON p.id = mp.user_id AND p.deleted_at IS NULL "
    "WHERE ? = 1 OR mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")), "
    "(SELECT COUNT(*) FROM mentorships ms LEFT JOIN mentor_profiles mp "
    "ON mp.user_id = ms.mentor_id JOIN " ACCOUNTS_PEOPLE_SQL " me ON me.id = ms.mentee_id "
    "WHERE ms.status = 'active' AND (? = 1 OR mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ") "
    "OR me.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))), "
    "(SELECT COUNT(*) FROM mentoring_requests rq JOIN " ACCOUNTS_PEOPLE_SQL " p "
    "ON p.id = rq.mentee_id WHERE rq.status = 'open' "
    "AND (? = 1 OR p.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))), "
    "(SELECT COALESCE(SUM(mm.minutes), 0) FROM mentoring_meetings mm JOIN mentorships ms "
    "ON ms.id = mm.mentorship_id LEFT JOIN mentor_profiles mp ON mp.user_id = ms.mentor_id "
    "WHERE mm.confirmed_at IS NOT NULL AND mm.deleted_at IS NULL "
    "AND (? = 1 OR mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")))";
/*
 * A mentor's confirmed meetings for their statement, oldest first: (held
 * on, minutes, mode, centre code, mentee name, confirmed at). Arg: user id.
 */
const char mt_page_statement_sql[] =
    "SELECT mm.held_on, mm.minutes, mm.mode, COALESCE(ce.code, ''), me.full_name, "
    "mm.confirmed_at FROM mentoring_meetings mm "
    "JOIN mentorships ms ON ms.id = mm.mentorship_id "
    "JOIN " ACCOUNTS_PEOPLE_SQL " me ON me.id = ms.mentee_id "
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = mm.centre_id "
    "WHERE ms.mentor_id = ? AND mm.confirmed_at IS NOT NULL AND mm.deleted_at IS NULL "
    "ORDER BY mm.held_on, mm.id";
/* the learners of a cohort (active or completed), for requests for all of them */
/*
 * The cohorts a coordinator may open requests for: live ones of their
 * centres that ended on or after a day, the latest first, with their
 * learners: (id, title, course title, centre name, starts_on, ends_on,
 * learners). Args: language, is_admin, user id, day, limit.
 */
const char mt_page_cohorts_sql[] =
    "SELECT co.id, co.title, cc.title, ce.name, co.starts_on, co.ends_on, "
    "(SELECT COUNT(*) FROM " ENROL_ENROLMENTS_SQL " e WHERE e.cohort_id = co.id "
    "AND e.status IN ('active', 'completed')) "
    "FROM " COHORTS_LIVE_SQL " co JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id "
    "JOIN " ORG_CENTRES_SQL " ce ON ce.id = co.centre_id "
    "WHERE (? = 1 OR co.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")) AND co.ends_on >= ? "
    "ORDER BY co.starts_on DESC, co.id DESC LIMIT ?";
const char mt_page_cohort_learners_sql[] =
    "SELECT p.email FROM " ENROL_ENROLMENTS_SQL " e JOIN " ACCOUNTS_PEOPLE_SQL " p "
    "ON p.id = e.user_id AND p.deleted_at IS NULL "
    "WHERE e.cohort_id = ? AND e.status IN ('active', 'completed') ORDER BY p.id";
/*
 * How many mentors are developed, of a coordinator's centres: %s is
 * mt_developed_sql (metrics.c). Args: from, to (its two), is_admin, user id.
 */
const char mt_page_developed_fmt[] =
    "SELECT COUNT(DISTINCT d.subject) FROM (%s) d "
    "WHERE ? = 1 OR d.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")";
