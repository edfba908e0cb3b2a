/*
 * Queries of the authoring pages: the courses a person may manage (drafts
 * too), the centres they may put a course at, instructors, every stored
 * translation of a text, and the programmes list. People, centres and
 * regions come through the derived tables of accounts.h and org.h.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "accounts/accounts.h"
#include "org/org.h"

/*
 * Who manages what (catalog_may_manage in SQL): admins all, managers the
 * courses at centres in their scope, everyone the courses they teach.
 * Arguments: is_admin, user id, user id, status ('' for any) twice.
 */
#define AUTHOR_WHERE                                                                          \
    " WHERE c.deleted_at IS NULL AND (CAST(? AS BIGINT) = 1"                                  \
    " OR c.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")"                                     \
    " OR c.id IN (SELECT ai.course_id FROM course_instructors ai WHERE ai.user_id = ?))"      \
    " AND (CAST(? AS TEXT) = '' OR c.status = ?)"
/* first argument: the reader's language */
#define AUTHOR_COLS                                                                           \
    "SELECT c.id, c.code, COALESCE(NULLIF(ci.title, ''), c.title), c.status, ce.code,"        \
    " c.updated_at FROM courses c"                                                            \
    " LEFT JOIN course_i18n ci ON ci.course_id = c.id AND ci.lang = ?"                         \
    " LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = c.centre_id"
#define AUTHOR_ORDER " ORDER BY c.code, c.id LIMIT ? OFFSET ?"
#define MATCH_SQLITE " AND c.id IN (SELECT rowid FROM course_search WHERE course_search MATCH ?)"
#define MATCH_PG                                                                              \
    " AND c.id IN (SELECT rowid FROM course_search WHERE tsv @@ to_tsquery('simple', ?))"

const char author_count_sql[] = "SELECT COUNT(*) FROM courses c" AUTHOR_WHERE;
const char author_page_sql[] = AUTHOR_COLS AUTHOR_WHERE AUTHOR_ORDER;
const char author_count_q_sqlite_sql[] =
    "SELECT COUNT(*) FROM courses c" AUTHOR_WHERE MATCH_SQLITE;
const char author_page_q_sqlite_sql[] = AUTHOR_COLS AUTHOR_WHERE MATCH_SQLITE AUTHOR_ORDER;
const char author_count_q_pg_sql[] = "SELECT COUNT(*) FROM courses c" AUTHOR_WHERE MATCH_PG;
const char author_page_q_pg_sql[] = AUTHOR_COLS AUTHOR_WHERE MATCH_PG AUTHOR_ORDER;

/* the centres a course may be put at; args: is_admin, user id, the course's centre id (or 0) */
const char author_centres_sql[] =
    "SELECT ce.id, ce.code, ce.name FROM " ORG_CENTRES_SQL " ce WHERE ce.deleted_at IS NULL"
    " AND (CAST(? AS BIGINT) = 1 OR ce.id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ") OR ce.id = ?)"
    " ORDER BY ce.name, ce.code";
const char author_instructors_sql[] =
    "SELECT u.id, u.email, u.full_name FROM course_instructors ci JOIN " ACCOUNTS_PEOPLE_SQL
    " u ON u.id = ci.user_id WHERE ci.course_id = ? ORDER BY u.full_name, u.id";

const char author_course_i18n_sql[] =
    "SELECT lang, title, summary FROM course_i18n WHERE course_id = ?";
const char author_module_i18n_sql[] =
    "SELECT lang, title, '' FROM module_i18n WHERE module_id = ?";
const char author_lesson_i18n_sql[] =
    "SELECT lang, title, body FROM lesson_i18n WHERE lesson_id = ?";
const char author_programme_i18n_sql[] =
    "SELECT lang, title, summary FROM programme_i18n WHERE programme_id = ?";

/* the programmes a person manages (CATALOG_PROGRAMME_MANAGED): is_admin, user id twice */
const char author_programme_count_sql[] =
    "SELECT COUNT(*) FROM programmes p WHERE p.deleted_at IS NULL AND" CATALOG_PROGRAMME_MANAGED;
/* args: lang, is_admin, user id twice, limit, offset */
const char author_programme_page_sql[] =
    "SELECT p.id, p.code, COALESCE(NULLIF(pi.title, ''), p.title), p.status,"
    CATALOG_PROGRAMME_COURSE_COUNT ", p.updated_at, COALESCE(pce.code, prg.code, '')"
    " FROM programmes p LEFT JOIN programme_i18n pi ON pi.programme_id = p.id AND pi.lang = ?"
    " LEFT JOIN " ORG_CENTRES_SQL " pce ON pce.id = p.centre_id"
    " LEFT JOIN " ORG_REGIONS_SQL " prg ON prg.id = p.region_id"
    " WHERE p.deleted_at IS NULL AND" CATALOG_PROGRAMME_MANAGED
    " ORDER BY p.code, p.id LIMIT ? OFFSET ?";
