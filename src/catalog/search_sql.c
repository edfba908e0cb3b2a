/*
 * The search document and the catalogue's queries. The full-text condition
 * is the one place where the engines differ (FTS5 MATCH, tsvector @@), so
 * each list with a search box has a SQLite and a PostgreSQL text.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "org/org.h"

/* every text of a course, one per row; args: the course id six times */
const char search_texts_sql[] =
    "SELECT code || ' ' || title || ' ' || summary FROM courses WHERE id = ?"
    " UNION ALL SELECT title || ' ' || summary FROM course_i18n WHERE course_id = ?"
    " UNION ALL SELECT title FROM course_modules WHERE course_id = ? AND deleted_at IS NULL"
    " UNION ALL SELECT mi.title FROM module_i18n mi JOIN course_modules m ON m.id = mi.module_id"
    "  WHERE m.course_id = ? AND m.deleted_at IS NULL"
    " UNION ALL SELECT l.title || ' ' || l.body FROM lessons l JOIN course_modules m"
    "  ON m.id = l.module_id AND m.deleted_at IS NULL WHERE l.course_id = ?"
    "  AND l.deleted_at IS NULL"
    " UNION ALL SELECT li.title || ' ' || li.body FROM lesson_i18n li JOIN lessons l"
    "  ON l.id = li.lesson_id AND l.deleted_at IS NULL JOIN course_modules m"
    "  ON m.id = l.module_id AND m.deleted_at IS NULL WHERE l.course_id = ?";
/* the same statements on both engines: the PostgreSQL table has a rowid column */
const char search_delete_sql[] = "DELETE FROM course_search WHERE rowid = ?";
const char search_insert_sql[] = "INSERT INTO course_search (rowid, body) VALUES (?, ?)";

#define BROWSE_COLS                                                                           \
    "SELECT c.id, c.code, COALESCE(NULLIF(ci.title, ''), c.title),"                           \
    " COALESCE(NULLIF(ci.summary, ''), c.summary), c.language, c.topic, c.delivery, ce.code," \
    " c.cover_id, (SELECT COUNT(*) FROM lessons l WHERE l.course_id = c.id"                   \
    " AND l.deleted_at IS NULL), c.capacity, c.enrol_mode, c.status"
#define BROWSE_FROM                                                                           \
    " FROM courses c LEFT JOIN course_i18n ci ON ci.course_id = c.id AND ci.lang = ?"          \
    " LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = c.centre_id"
/*
 * The filters: topic x2, language x2, delivery x2, centre id x2 ('' or 0 for
 * any). They are checked on rows the index gives, so a page of the catalogue
 * reads twenty courses (courses_catalogue) however many there are.
 */
#define BROWSE_FILTERS                                                                        \
    " AND (CAST(? AS TEXT) = '' OR c.topic = ?) AND (CAST(? AS TEXT) = '' OR c.language = ?)"  \
    " AND (CAST(? AS TEXT) = '' OR c.delivery = ?)"                                           \
    " AND (CAST(? AS BIGINT) = 0 OR c.centre_id = ?)"
/* the catalogue: published courses only */
#define PUBLISHED " WHERE c.status = 'published' AND c.deleted_at IS NULL" BROWSE_FILTERS
/* the API: all (1: drafts too) comes first */
#define ANY_STATUS                                                                            \
    " WHERE c.deleted_at IS NULL AND (CAST(? AS BIGINT) = 1 OR c.status = 'published')"       \
    BROWSE_FILTERS
#define MATCH_SQLITE " AND c.id IN (SELECT rowid FROM course_search WHERE course_search MATCH ?)"
#define MATCH_PG                                                                              \
    " AND c.id IN (SELECT rowid FROM course_search WHERE tsv @@ to_tsquery('simple', ?))"
#define BROWSE_ORDER " ORDER BY c.published_at DESC, c.id DESC LIMIT ? OFFSET ?"
#define AFTER_ORDER " AND c.id > ? ORDER BY c.id LIMIT ?"

/* args of the catalogue: lang, filters, (match), limit, offset */
const char browse_page_sql[] = BROWSE_COLS BROWSE_FROM PUBLISHED BROWSE_ORDER;
const char browse_page_q_sqlite_sql[] = BROWSE_COLS BROWSE_FROM PUBLISHED MATCH_SQLITE BROWSE_ORDER;
const char browse_page_q_pg_sql[] = BROWSE_COLS BROWSE_FROM PUBLISHED MATCH_PG BROWSE_ORDER;
/* the API's keyset pages: lang, all, filters, (match), after, limit */
const char browse_after_sql[] = BROWSE_COLS BROWSE_FROM ANY_STATUS AFTER_ORDER;
const char browse_after_q_sqlite_sql[] =
    BROWSE_COLS BROWSE_FROM ANY_STATUS MATCH_SQLITE AFTER_ORDER;
const char browse_after_q_pg_sql[] = BROWSE_COLS BROWSE_FROM ANY_STATUS MATCH_PG AFTER_ORDER;
