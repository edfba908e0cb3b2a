/*
 * Full-text search over courses. Dars itself folds the text (NFC, case,
 * combining marks: utf8_fold_search) and cuts it into words of letters and
 * digits, for the document and for the query alike; SQLite's FTS5 and
 * PostgreSQL's 'simple' configuration then only split on the spaces, so both
 * engines hold the same words and give the same answers (a test checks).
 * Every word of a query must appear, as a word or the start of one.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "core/buf.h"
#include "core/utf8.h"
#include "db/db.h"

#include <utf8proc.h>

/* words of a query that count; the rest are ignored */
#define QUERY_WORDS_MAX 8
#define QUERY_WORD_BYTES 64

static bool is_word_char(utf8proc_int32_t c)
{
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return true;
    default:
        return false;
    }
}

/* Append the words of folded text s to b, each followed by one space. */
static void add_words(struct buf *b, const char *s)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    bool in_word = false;

    while (*p) {
        utf8proc_int32_t c;
        utf8proc_ssize_t n = utf8proc_iterate(p, -1, &c);
        if (n <= 0) { /* cannot happen after folding; skip the byte */
            p++;
            continue;
        }
        if (is_word_char(c)) {
            buf_add(b, p, (size_t)n);
            in_word = true;
        } else if (in_word) {
            buf_addch(b, ' ');
            in_word = false;
        }
        p += n;
    }
    if (in_word)
        buf_addch(b, ' ');
}

/* text cut into folded words separated by single spaces (arena); "" for none */
static const char *search_words(struct arena *a, const char *text)
{
    struct buf b = BUF_INIT;
    const char *f = utf8_fold_search(a, text ? text : "");
    if (f)
        add_words(&b, f);
    if (b.len && b.ptr[b.len - 1] == ' ')
        b.len--;
    const char *out = arena_strdup(a, b.ptr);
    buf_release(&b);
    return out;
}

const char *catalog_search_query(struct arena *a, const char *q, bool pg)
{
    const char *words = search_words(a, q);
    struct buf b = BUF_INIT;
    const char *out = NULL;
    int count = 0;

    for (const char *p = words; *p && count < QUERY_WORDS_MAX;) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n > 0 && n <= QUERY_WORD_BYTES) {
            /* words hold only letters and digits: nothing to escape in either syntax */
            if (pg)
                buf_addf(&b, "%s%.*s:*", count ? " & " : "", (int)n, p);
            else
                buf_addf(&b, "%s\"%.*s\"*", count ? " " : "", (int)n, p);
            count++;
        }
        p += n + (end ? 1 : 0);
    }
    if (count)
        out = arena_strdup(a, b.ptr);
    buf_release(&b);
    return out;
}

int catalog_search_reindex(struct db *db, struct arena *a, int64_t course_id)
{
    struct buf doc = BUF_INIT;
    struct db_stmt *st;
    int rc = db_query(db, &st, search_texts_sql,
                      DB_ARGS(DB_INT(course_id), DB_INT(course_id), DB_INT(course_id),
                              DB_INT(course_id), DB_INT(course_id), DB_INT(course_id)));
    if (rc < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        /* fold row by row: a whole course in one arena string would double its size */
        struct arena tmp = ARENA_INIT;
        const char *f = utf8_fold_search(&tmp, db_col_text(st, 0));
        if (f)
            add_words(&doc, f);
        arena_release(&tmp);
    }
    db_done(st);
    if (rc < 0)
        goto out;
    if (doc.len && doc.ptr[doc.len - 1] == ' ')
        doc.ptr[--doc.len] = '\0';
    if ((rc = db_exec(db, search_delete_sql, DB_ARGS(DB_INT(course_id)))) < 0)
        goto out;
    rc = db_exec(db, search_insert_sql, DB_ARGS(DB_INT(course_id), DB_TEXT(doc.ptr)));
out:
    UNUSED(a);
    buf_release(&doc);
    return rc;
}
