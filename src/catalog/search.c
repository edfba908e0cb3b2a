/*
 * Full-text search over courses. Dars itself folds the text (NFC, case,
 * combining marks: utf8_fold_search) and cuts it into words of letters and
 * digits, for the document and for the query alike; SQLite's FTS5 and
 * PostgreSQL's 'simple' configuration then only split on the spaces, so both
 * engines hold the same words and give the same answers (a test checks).
 * Every word of a query must appear, as a word or the start of one.
 *
 * Korean (issue 20): Hangul syllables are letters, so a Korean word is a word
 * like any other, and prefix matching already finds "파이썬을" (Python + the
 * object particle) for the query "파이썬". The other way round, a query word
 * that carries a particle ("파이썬을", "한국어로") loses it here, so it finds
 * "파이썬" and "파이썬은" alike; a stem is kept to two syllables at least, so
 * a short noun is never cut to one syllable that matches everything. Stripping
 * only widens a query (its prefix matches what the whole word matched), so it
 * never loses a course. Why not more: a morphological analyser (mecab-ko) is a
 * large dependency neither engine ships, and bigrams would index every pair of
 * syllables on both engines for a gain (words inside compounds) that the
 * catalogue's short texts do not need; NEEDSWORK(#20) if they grow.
 * Vietnamese: the fold strips tones and hats and turns đ into d, so
 * "chuyen doi so" finds "Chuyển đổi số" and the reverse.
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

/* Korean particles that follow a noun; longest first, so that 에서는 goes whole, not its 는 */
static const char *const particles[] = {
    "에서는", "에게서", "으로는", "에서", "에게", "한테", "으로", "까지", "부터", "처럼", "보다",
    "이나", "이랑", "과", "와", "을", "를", "은", "는", "이", "가", "의", "에", "로", "도", "만",
};

#define HANGUL_BYTES 3 /* U+AC00..U+D7A3 in UTF-8 */

static bool is_hangul_syllable(const unsigned char *p)
{
    /* EA B0 80 .. ED 9E A3 */
    unsigned c = (unsigned)(p[0] & 0x0F) << 12 | (unsigned)(p[1] & 0x3F) << 6 | (p[2] & 0x3F);
    return (p[0] & 0xF0) == 0xE0 && (p[1] & 0xC0) == 0x80 && (p[2] & 0xC0) == 0x80 &&
           c >= 0xAC00 && c <= 0xD7A3;
}

/*
 * The length of word w (n bytes) without a Korean particle at its end, when
 * it is all Hangul and at least two syllables stay; else n.
 */
static size_t korean_stem(const char *w, size_t n)
{
    if (n % HANGUL_BYTES)
        return n;
    for (size_t i = 0; i < n; i += HANGUL_BYTES)
        if (!is_hangul_syllable((const unsigned char *)w + i))
            return n;
    for (size_t i = 0; i < ARRAY_SIZE(particles); i++) {
        size_t pl = strlen(particles[i]);
        if (n >= pl + 2 * HANGUL_BYTES && memcmp(w + n - pl, particles[i], pl) == 0)
            return n - pl;
    }
    return n;
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
            size_t stem = korean_stem(p, n);
            /* words hold only letters and digits: nothing to escape in either syntax */
            if (pg)
                buf_addf(&b, "%s%.*s:*", count ? " & " : "", (int)stem, p);
            else
                buf_addf(&b, "%s\"%.*s\"*", count ? " " : "", (int)stem, p);
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
