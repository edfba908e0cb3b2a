/* Queries of programmes (learning paths) and their ordered courses. */
#include "core/base.h"
#include "catalog/catalog_int.h"

/* first argument: the reader's language */
#define PROGRAMME_SELECT                                                                     \
    "SELECT p.id, p.code, COALESCE(NULLIF(pi.title, ''), p.title),"                          \
    " COALESCE(NULLIF(pi.summary, ''), p.summary), p.status, p.title, p.summary,"             \
    CATALOG_PROGRAMME_COURSE_COUNT ", p.created_at, p.updated_at"                             \
    " FROM programmes p LEFT JOIN programme_i18n pi ON pi.programme_id = p.id AND pi.lang = ?"

const char programme_by_code_sql[] =
    PROGRAMME_SELECT " WHERE p.code = ? AND p.deleted_at IS NULL";
const char programme_by_id_sql[] = PROGRAMME_SELECT " WHERE p.id = ? AND p.deleted_at IS NULL";
const char programme_code_taken_sql[] = "SELECT id FROM programmes WHERE code = ?";
const char programme_insert_sql[] =
    "INSERT INTO programmes (code, title, summary, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?) RETURNING id";
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
/* a programme's courses in order; args: lang, programme id, all (1: drafts too) */
const char programme_courses_sql[] =
    "SELECT c.id, c.code, COALESCE(NULLIF(ci.title, ''), c.title),"
    " COALESCE(NULLIF(ci.summary, ''), c.summary), c.status"
    " FROM programme_courses pc JOIN courses c ON c.id = pc.course_id AND c.deleted_at IS NULL"
    " LEFT JOIN course_i18n ci ON ci.course_id = c.id AND ci.lang = ?"
    " WHERE pc.programme_id = ? AND (CAST(? AS BIGINT) = 1 OR c.status = 'published')"
    " ORDER BY pc.position, c.id";
/* published programmes for the catalogue; args: lang */
const char programme_list_sql[] =
    PROGRAMME_SELECT " WHERE p.status = 'published' AND p.deleted_at IS NULL ORDER BY p.code";
/* published programmes holding a course; args: lang, course id */
const char programme_of_course_sql[] =
    PROGRAMME_SELECT " WHERE p.status = 'published' AND p.deleted_at IS NULL"
    " AND p.id IN (SELECT programme_id FROM programme_courses WHERE course_id = ?)"
    " ORDER BY p.code";
/* the API's keyset pages; args: lang, all (1: drafts too), after id, limit */
const char programme_after_sql[] =
    PROGRAMME_SELECT " WHERE p.deleted_at IS NULL"
    " AND (CAST(? AS BIGINT) = 1 OR p.status = 'published') AND p.id > ? ORDER BY p.id LIMIT ?";
