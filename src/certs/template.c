/*
 * How a certificate reads: its course's or programme's template (text with
 * placeholders, colour, signatories, logos), the placeholders filled in, and
 * the sample certificate a template's preview is drawn from.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "view/fmt.h"

#include <string.h>

/* The day of a stored instant as lang writes it ("2026-03-01T09:00:00Z" -> "1 Mar 2026"). */
static const char *date_of(struct arena *a, const char *iso, const char *lang)
{
    struct buf b;
    if (!iso || !*iso)
        return "";
    buf_init_arena(&b, a, 32);
    fmt_date(&b, lang, iso);
    return b.ptr;
}

/* Hours as lang writes them, to a tenth: "36", "2.3" (en), "2,3" (ru, az, uz). */
static const char *hours_text(struct arena *a, const struct cert *c, const char *lang)
{
    struct buf b;
    if (!c->has_hours)
        return "";
    buf_init_arena(&b, a, 16);
    fmt_decimal(&b, lang, c->hours);
    return b.ptr;
}

/* The value of placeholder name (len bytes), or NULL when it is not one. */
static const char *placeholder(struct arena *a, const char *name, size_t len,
                               const struct cert *c, const char *lang)
{
    static const char *const names[] = { "holder", "title",  "date",   "expires",
                                          "centre", "hours",  "number", "code" };
    size_t i;
    for (i = 0; i < ARRAY_SIZE(names); i++)
        if (strlen(names[i]) == len && memcmp(names[i], name, len) == 0)
            break;
    switch (i) {
    case 0: return c->holder ? c->holder : "";
    case 1: return c->title ? c->title : "";
    case 2: return date_of(a, c->issued_at, lang);
    case 3: return c->expires_at ? date_of(a, c->expires_at, lang) : "";
    case 4: return c->centre_name ? c->centre_name : _(lang, "National programme");
    case 5: return hours_text(a, c, lang);
    case 6: return c->number ? c->number : "";
    case 7: return c->code ? c->code : "";
    default: return NULL;
    }
}

const char *cert_template_expand(struct arena *a, const char *text, const struct cert *c,
                                 const char *lang)
{
    struct buf b;
    buf_init_arena(&b, a, 256);
    for (const char *p = text; *p;) {
        const char *open = strchr(p, '{');
        if (!open) {
            buf_adds(&b, p);
            break;
        }
        buf_add(&b, p, (size_t)(open - p));
        /* a name is short letters only: "{x y}" or "{" alone is text */
        size_t n = strspn(open + 1, "abcdefghijklmnopqrstuvwxyz");
        const char *v = open[1 + n] == '}' ? placeholder(a, open + 1, n, c, lang) : NULL;
        if (v) {
            buf_adds(&b, v);
            p = open + n + 2;
        } else {
            buf_addch(&b, '{');
            p = open + 1;
        }
    }
    return b.ptr;
}

void cert_sample(struct arena *a, const char *title, const char *lang, struct cert *out)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    *out = (struct cert){
        .code = "SAMPLE0000000000",
        .number = arena_printf(a, "C-SAMPLE/%.4s/000001", now),
        .holder = "Aynur Məmmədova", /* ə and ğ-style letters show the shaping */
        .course = "SAMPLE",
        .title = title && *title ? title : _(lang, "Sample course"),
        .language = lang,
        .centre_name = _(lang, "Sample training centre"),
        .has_hours = true,
        .hours = 24,
        .issued_at = arena_strdup(a, now),
        .status = "valid",
    };
}

const char *cert_verify_url(struct arena *a, const char *site, const char *code)
{
    if (!site || !*site)
        site = config.public_url && *config.public_url ? config.public_url : "http://localhost";
    size_t n = strlen(site);
    while (n > 0 && site[n - 1] == '/')
        n--;
    return arena_printf(a, "%.*s/verify/%s", (int)n, site, code);
}

static const char *text_or_null(struct arena *a, struct db_stmt *st, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

int cert_template_of(struct db *db, struct arena *a, const struct cert *c,
                     struct cert_template *out)
{
    struct db_stmt *st = NULL;
    int rc;
    *out = (struct cert_template){ .colour = "#1d70b8" };
    if (c->template_id)
        rc = db_query_row(db, &st, cert_template_by_id_sql, DB_ARGS(DB_INT(c->template_id)));
    else if (c->course)
        rc = db_query_row(db, &st, cert_template_by_course_sql, DB_ARGS(DB_TEXT(c->course)));
    else
        rc = db_query_row(db, &st, cert_template_by_programme_sql,
                          DB_ARGS(DB_TEXT(c->programme)));
    if (rc == DARS_ENOTFOUND)
        return 0; /* the built-in look */
    if (rc < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->body = arena_strdup(a, db_col_text(st, 1));
    out->second_language = text_or_null(a, st, 2);
    out->body_second = arena_strdup(a, db_col_text(st, 3));
    out->colour = arena_strdup(a, db_col_text(st, 4));
    for (int i = 0; i < 2; i++) {
        out->signatory_name[i] = arena_strdup(a, db_col_text(st, 5 + 2 * i));
        out->signatory_position[i] = arena_strdup(a, db_col_text(st, 6 + 2 * i));
    }
    for (int i = 0; i < 3; i++)
        out->logo[i] = db_col_blob(st, 9 + i, a, &out->logo_len[i]);
    db_done(st);
    return 0;
}
