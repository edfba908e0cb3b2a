/* SQL of the demo's mentoring data (demo.c): straight into this module's tables. */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "org/org.h"

/* the live centres, in id order */
const char mt_demo_centres_sql[] =
    "SELECT ce.id FROM " ORG_CENTRES_SQL " ce WHERE ce.deleted_at IS NULL ORDER BY ce.id";
/* learners who are neither mentors nor mentees yet: (id, centre id) */
const char mt_demo_learners_sql[] =
    "SELECT p.id, COALESCE(p.centre_id, 0) FROM " ACCOUNTS_PEOPLE_SQL " p "
    "WHERE p.deleted_at IS NULL AND p.status = 'active' "
    "AND p.id IN (SELECT ro.user_id FROM " ACCOUNTS_ROLES_SQL " ro WHERE ro.role = 'learner') "
    "AND p.id NOT IN (SELECT ro.user_id FROM " ACCOUNTS_ROLES_SQL " ro WHERE ro.role = 'mentor') "
    "AND p.id NOT IN (SELECT mentee_id FROM mentorships) "
    "AND p.id NOT IN (SELECT mentee_id FROM mentoring_requests) ORDER BY p.id LIMIT ?";
const char mt_demo_profile_sql[] =
    "INSERT INTO mentor_profiles (user_id, centre_id, capacity, volunteer_programme, bio, "
    "safeguarding_checked_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
const char mt_demo_skill_sql[] =
    "INSERT INTO mentor_skills (user_id, skill_id) SELECT ?, id FROM mentoring_skills "
    "WHERE code = ? ON CONFLICT DO NOTHING";
const char mt_demo_request_skill_sql[] =
    "INSERT INTO mentoring_request_skills (request_id, skill_id) SELECT ?, id "
    "FROM mentoring_skills WHERE code = ? ON CONFLICT DO NOTHING";
const char mt_demo_request_sql[] =
    "INSERT INTO mentoring_requests (mentee_id, goals, language, mode, status, created_by, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char mt_demo_ms_sql[] =
    "INSERT INTO mentorships (mentor_id, mentee_id, request_id, status, mentor_accepted_at, "
    "mentee_accepted_at, started_on, ended_on, closed_reason, mentor_feedback, "
    "mentee_feedback, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), NULLIF(?, ''), ?, ?, ?, "
    "?, ?) RETURNING id";
const char mt_demo_meeting_sql[] =
    "INSERT INTO mentoring_meetings (mentorship_id, held_on, minutes, mode, centre_id, notes, "
    "logged_by, confirmed_by, confirmed_at, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?)";
const char mt_demo_goal_sql[] =
    "INSERT INTO mentorship_goals (mentorship_id, title, status, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?)";
