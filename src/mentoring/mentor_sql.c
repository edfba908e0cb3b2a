/* SQL of mentor profiles and the skills list: with mentorship_sql.c and match_sql.c, the only
 * code naming this module's tables. */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "org/org.h"

const char mt_skills_sql[] = "SELECT id, code, name FROM mentoring_skills ORDER BY code";
const char mt_skill_id_sql[] = "SELECT id FROM mentoring_skills WHERE code = ?";
const char mt_skill_insert_sql[] =
    "INSERT INTO mentoring_skills (code, name, created_at, updated_at) VALUES (?, ?, ?, ?) "
    "RETURNING id";

const char mt_is_mentor_sql[] =
    "SELECT COUNT(*) FROM " ACCOUNTS_ROLES_SQL " ro WHERE ro.user_id = ? AND ro.role = 'mentor'";

/* one mentor's profile with their load and confirmed minutes */
const char mt_profile_sql[] =
    "SELECT COALESCE(mp.centre_id, 0), COALESCE(ce.code, ''), COALESCE(ce.name, ''), "
    "mp.capacity, mp.volunteer_programme, mp.bio, COALESCE(mp.safeguarding_checked_on, ''), "
    "mp.updated_at, "
    "(SELECT COUNT(*) FROM mentorships ms WHERE ms.mentor_id = mp.user_id "
    "AND ms.status = 'active'), "
    "(SELECT COUNT(*) FROM mentorships ms WHERE ms.mentor_id = mp.user_id "
    "AND ms.status = 'proposed'), "
    "(SELECT COALESCE(SUM(mm.minutes), 0) FROM mentoring_meetings mm JOIN mentorships ms "
    "ON ms.id = mm.mentorship_id WHERE ms.mentor_id = mp.user_id "
    "AND mm.confirmed_at IS NOT NULL AND mm.deleted_at IS NULL) "
    "FROM mentor_profiles mp LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = mp.centre_id "
    "WHERE mp.user_id = ?";
const char mt_profile_skills_sql[] =
    "SELECT sk.code FROM mentor_skills ms JOIN mentoring_skills sk ON sk.id = ms.skill_id "
    "WHERE ms.user_id = ? ORDER BY sk.code";
const char mt_profile_langs_sql[] =
    "SELECT lang FROM mentor_languages WHERE user_id = ? ORDER BY lang";
const char mt_profile_upsert_sql[] =
    "INSERT INTO mentor_profiles (user_id, centre_id, capacity, volunteer_programme, bio, "
    "safeguarding_checked_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (user_id) DO UPDATE SET centre_id = excluded.centre_id, "
    "capacity = excluded.capacity, volunteer_programme = excluded.volunteer_programme, "
    "bio = excluded.bio, safeguarding_checked_on = excluded.safeguarding_checked_on, "
    "updated_at = excluded.updated_at";
const char mt_profile_skills_clear_sql[] = "DELETE FROM mentor_skills WHERE user_id = ?";
const char mt_profile_skill_add_sql[] =
    "INSERT INTO mentor_skills (user_id, skill_id) VALUES (?, ?) ON CONFLICT DO NOTHING";
const char mt_profile_langs_clear_sql[] = "DELETE FROM mentor_languages WHERE user_id = ?";
const char mt_profile_lang_add_sql[] =
    "INSERT INTO mentor_languages (user_id, lang) VALUES (?, ?) ON CONFLICT DO NOTHING";

/*
 * Mentors for a coordinator, in e-mail order after a cursor: (id, email,
 * name, centre code, capacity, active, confirmed minutes, checked, volunteer
 * programme). Args: is_admin, user id (scope), after id, limit.
 */
const char mt_mentors_list_sql[] =
    "SELECT p.id, p.email, p.full_name, COALESCE(ce.code, ''), mp.capacity, "
    "(SELECT COUNT(*) FROM mentorships ms WHERE ms.mentor_id = p.id AND ms.status = 'active'), "
    "(SELECT COALESCE(SUM(mm.minutes), 0) FROM mentoring_meetings mm JOIN mentorships ms "
    "ON ms.id = mm.mentorship_id WHERE ms.mentor_id = p.id "
    "AND mm.confirmed_at IS NOT NULL AND mm.deleted_at IS NULL), "
    "CASE WHEN mp.safeguarding_checked_on IS NULL THEN 0 ELSE 1 END, mp.volunteer_programme "
    "FROM mentor_profiles mp JOIN " ACCOUNTS_PEOPLE_SQL " p ON p.id = mp.user_id "
    "AND p.deleted_at IS NULL "
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = mp.centre_id "
    "WHERE (? = 1 OR mp.centre_id IS NULL OR mp.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")) "
    "AND p.id > ? ORDER BY p.id LIMIT ?";

/* a mentor's e-mail and name by id, for the pages */
const char mt_mentor_load_sql[] =
    "SELECT p.email, p.full_name FROM " ACCOUNTS_PEOPLE_SQL " p WHERE p.id = ? "
    "AND p.deleted_at IS NULL";
