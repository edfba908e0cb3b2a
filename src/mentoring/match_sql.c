/*
 * SQL of matching: everything a suggestion needs in a fixed five statements
 * however many requests and mentors there are (match.c scores in memory).
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "org/org.h"

/*
 * Open requests (one, or all) whose mentee a coordinator may see: (id,
 * mentee id, centre, region, birth year, language, mode, e-mail, name).
 * Args: request id (0: all), the same, is_admin, user id.
 */
const char mt_match_requests_sql[] =
    "SELECT rq.id, rq.mentee_id, COALESCE(p.centre_id, 0), COALESCE(ce.region_id, 0), "
    "COALESCE(f.birth_year, 0), rq.language, rq.mode, p.email, p.full_name "
    "FROM mentoring_requests rq JOIN " ACCOUNTS_PEOPLE_SQL " p ON p.id = rq.mentee_id "
    "AND p.deleted_at IS NULL JOIN " ACCOUNTS_PERSON_FACTS_SQL " f ON f.id = rq.mentee_id "
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = p.centre_id "
    "WHERE rq.status = 'open' AND (? = 0 OR rq.id = ?) "
    "AND (? = 1 OR p.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")) ORDER BY rq.id";
/* the skills of every open request: (request id, skill id) */
const char mt_match_request_skills_sql[] =
    "SELECT rs.request_id, rs.skill_id FROM mentoring_request_skills rs "
    "JOIN mentoring_requests rq ON rq.id = rs.request_id AND rq.status = 'open' "
    "WHERE (? = 0 OR rq.id = ?)";
/*
 * Every mentor who could take a mentee: active, holding the role, with a
 * profile: (id, centre, region, capacity, load (proposed and active),
 * checked, e-mail, name), in id order.
 */
const char mt_match_mentors_sql[] =
    "SELECT mp.user_id, COALESCE(mp.centre_id, 0), COALESCE(ce.region_id, 0), mp.capacity, "
    "COALESCE(l.n, 0), CASE WHEN mp.safeguarding_checked_on IS NULL THEN 0 ELSE 1 END, "
    "p.email, p.full_name FROM mentor_profiles mp "
    "JOIN " ACCOUNTS_PEOPLE_SQL " p ON p.id = mp.user_id AND p.deleted_at IS NULL "
    "AND p.status = 'active' "
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = mp.centre_id "
    "LEFT JOIN (SELECT mentor_id, COUNT(*) AS n FROM mentorships "
    "WHERE status IN ('proposed', 'active') GROUP BY mentor_id) l ON l.mentor_id = mp.user_id "
    "WHERE mp.user_id IN (SELECT ro.user_id FROM " ACCOUNTS_ROLES_SQL " ro "
    "WHERE ro.role = 'mentor') ORDER BY mp.user_id";
const char mt_match_mentor_skills_sql[] = "SELECT user_id, skill_id FROM mentor_skills";
const char mt_match_mentor_langs_sql[] = "SELECT user_id, lang FROM mentor_languages";
/* pairs already under way, not to be proposed again: (mentor id, mentee id) */
const char mt_match_pairs_sql[] =
    "SELECT mentor_id, mentee_id FROM mentorships WHERE status IN ('proposed', 'active')";
