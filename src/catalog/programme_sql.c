/*
 * Queries of programmes (learning paths) and their ordered courses. The
 * owner's centre and region come through org.h's derived tables.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "accounts/accounts.h"
#include "org/org.h"

/* first argument: the reader's language; the owner's codes are '' when it has none */
#define PROGRAMME_SELECT                                                                     \
    "SELECT p.id, p.code, COALESCE(NULLIF(pi.title, ''), p.title),"                          \
    " COALESCE(NULLIF(pi.summary, ''), p.summary), p.status, p.title, p.summary,"             \
    CATALOG_PROGRAMME_COURSE_COUNT ", p.created_at, p.updated_at,"                            \
    " COALESCE(pce.code, ''), COALESCE(prg.code, ''), COALESCE(p.centre_id, 0),"              \
    " COALESCE(p.region_id, 0), p.mentor_training, p.certificate,"                            \
    " COALESCE(p.certificate_months, 0)"                                                      \
    " FROM programmes p LEFT JOIN programme_i18n pi ON pi.programme_id = p.id AND pi.lang = ?" \
    " LEFT JOIN " ORG_CENTRES_SQL " pce ON pce.id = p.centre_id"                             \
    " LEFT JOIN " ORG_REGIONS_SQL " prg ON prg.id = p.region_id"

const char programme_by_code_sql[] =
    PROGRAMME_SELECT " WHERE p.code = ? AND p.deleted_at IS NULL";
const char programme_by_id_sql[] = PROGRAMME_SELECT " WHERE p.id = ? AND p.deleted_at IS NULL";
const char programme_code_taken_sql[] = "SELECT id FROM programmes WHERE code = ?";
const char programme_insert_sql[] =
    "INSERT INTO programmes (code, title, summary, centre_id, region_id, mentor_training,"
    " created_by, created_at, updated_at, certificate, certificate_months)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
/* whether a user manages a region as a whole: region id, user id */
const char programme_region_managed_sql[] =
    "SELECT COUNT(*) FROM " ORG_REGIONS_SQL " rg WHERE rg.id = ?"
    " AND rg.id IN (" ACCOUNTS_SCOPE_REGIONS_SQL ")";
/* the regions a programme may be given to; args: is_admin, user id */
const char programme_regions_sql[] =
    "SELECT rg.code, rg.name FROM " ORG_REGIONS_SQL " rg WHERE rg.deleted_at IS NULL"
    " AND (CAST(? AS BIGINT) = 1 OR rg.id IN (" ACCOUNTS_SCOPE_REGIONS_SQL "))"
    " ORDER BY rg.name, rg.code";
const char programme_publish_sql[] =
    "UPDATE programmes SET status = ?, updated_at = ? WHERE id = ?";
const char programme_max_pos_sql[] =
    "SELECT COALESCE(MAX(position), 0) FROM programme_courses WHERE programme_id = ?";
const char programme_add_course_sql[] =
    "INSERT INTO programme_courses (programme_id, course_id, position) VALUES (?, ?, ?)"
    " ON CONFLICT (programme_id, course_id) DO NOTHING";
const char programme_i18n_put_sql[] =
    CATALOG_I18N_PUT("programme_i18n", "programme_id", "summary");
const char programme_i18n_del_sql[] = CATALOG_I18N_DEL("programme_i18n", "programme_id");
/*
 * a programme's courses in order; args: lang, programme id, then drafts x4:
 * drafts (0: published courses only), is_admin, user id twice. A draft is
 * listed only to those who manage it (catalog_may_manage), so that naming a
 * course in a programme shows nobody a title they may not see (issue 11).
 */
const char programme_courses_sql[] =
    "SELECT c.id, c.code, COALESCE(NULLIF(ci.title, ''), c.title),"
    " COALESCE(NULLIF(ci.summary, ''), c.summary), c.status"
    " FROM programme_courses pc JOIN courses c ON c.id = pc.course_id AND c.deleted_at IS NULL"
    " LEFT JOIN course_i18n ci ON ci.course_id = c.id AND ci.lang = ?"
    " WHERE pc.programme_id = ? AND (c.status = 'published' OR (CAST(? AS BIGINT) = 1"
    " AND (CAST(? AS BIGINT) = 1 OR c.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")"
    " OR c.id IN (SELECT ai.course_id FROM course_instructors ai WHERE ai.user_id = ?))))"
    " ORDER BY pc.position, c.id";
/* published programmes for the catalogue; args: lang */
const char programme_list_sql[] =
    PROGRAMME_SELECT " WHERE p.status = 'published' AND p.deleted_at IS NULL ORDER BY p.code";
/* published programmes holding a course; args: lang, course id */
const char programme_of_course_sql[] =
    PROGRAMME_SELECT " WHERE p.status = 'published' AND p.deleted_at IS NULL"
    " AND p.id IN (SELECT programme_id FROM programme_courses WHERE course_id = ?)"
    " ORDER BY p.code";
/* the API's keyset pages: drafts for those who manage them; args: lang, is_admin, user id
 * twice (CATALOG_PROGRAMME_MANAGED), after id, limit */
const char programme_after_sql[] =
    PROGRAMME_SELECT " WHERE p.deleted_at IS NULL"
    " AND (p.status = 'published' OR" CATALOG_PROGRAMME_MANAGED ") AND p.id > ? ORDER BY p.id"
    " LIMIT ?";
