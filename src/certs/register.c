/*
 * /admin/certificates: the register of certificates for admins and managers,
 * newest first, in the scope the API's list keeps (cert_list_open: one text
 * for both). A search (name, e-mail, number, code, title, course) and
 * filters by status, centre and year; keyset pages, so that a page costs the
 * same two statements on the millionth certificate as on the first.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/http.h"
#include "view/form.h"
#include "view/view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define REGISTER_PAGE 50

static const char *const statuses[] = { "valid", "expired", "revoked", "replaced" };

/* The page's filters as asked: each "" when absent or not one it knows (then: any). */
struct register_args {
    const char *q, *status, *centre, *year;
};

static struct register_args args_of(struct req *r)
{
    struct register_args a = { "", "", "", "" };
    const char *q = http_query(r, "q"), *status = http_query(r, "status"),
               *centre = http_query(r, "centre"), *year = http_query(r, "year");
    if (q && utf8_is_valid(q, strlen(q)))
        a.q = utf8_trim(&r->arena, q);
    for (size_t i = 0; status && i < ARRAY_SIZE(statuses); i++)
        if (streq(status, statuses[i]))
            a.status = statuses[i];
    if (centre && utf8_is_valid(centre, strlen(centre)))
        a.centre = form_code_norm(&r->arena, centre);
    if (year && time_shaped(year, "9999") && atoi(year) >= 2000)
        a.year = year;
    return a;
}

/* The register's URL with the filters of a, from the certificate before (0: the first page). */
static const char *page_url(struct req *r, const struct register_args *a, int64_t before,
                            int64_t page)
{
    struct buf b = BUF_INIT;
    char sep = '?';
    buf_adds(&b, "/admin/certificates");
    const char *names[] = { "q", "status", "centre", "year" };
    const char *values[] = { a->q, a->status, a->centre, a->year };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        if (!*values[i])
            continue;
        buf_addf(&b, "%c%s=%s", sep, names[i], url_encode(&r->arena, values[i]));
        sep = '&';
    }
    if (before)
        buf_addf(&b, "%cbefore=%lld&page=%lld", sep, (long long)before, (long long)page);
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

/* The status filter's choices, the current one selected. */
static struct val *status_options(struct req *r, const char *current)
{
    struct val *out = val_list(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        val_push(out, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", statuses[i], "label",
                               cert_status_words(r->lang, statuses[i]), "selected",
                               streq(current, statuses[i])));
    return out;
}

/* The centre filter's choices: the live centres the caller reads (one statement). */
static int centre_options(struct req *r, const char *current, struct val **out)
{
    struct db_stmt *st;
    int rc;

    *out = val_list(&r->arena);
    if ((rc = db_query(r->db, &st, cert_register_centres_sql,
                       DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        val_push(*out, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", code, "name",
                                db_col_text(st, 1), "selected", streq(code, current)));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* One row of the register. */
static struct val *register_row(struct req *r, const struct cert *c)
{
    struct arena *a = &r->arena;
    struct val *v = val_pack(
        a, "{s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:s}", "number", val_str_ref(a, c->number),
        "holder", val_str_ref(a, c->holder), "email", val_str_ref(a, c->email), "title",
        val_str_ref(a, c->title), "url",
        val_str_ref(a, arena_printf(a, "/admin/certificates/%s", c->code)), "issued_on",
        view_date(r, c->issued_at), "status_label", cert_status_words(r->lang, c->status), "tag",
        cert_status_tag(c->status));
    val_set_str(v, "centre", c->centre_code ? c->centre_code : _(r->lang, "National"));
    return v;
}

/* GET /admin/certificates[?q=][&status=][&centre=][&year=][&before=ID&page=N] */
int certs_register_page(struct req *r)
{
    char now[TIME_ISO_LEN];
    struct register_args args = args_of(r);
    struct cert_filter f = { .status = args.status, .q = args.q, .centre = args.centre,
                             .year = *args.year ? atoi(args.year) : 0 };
    int64_t before = http_query_int(r, "before", 0, 0, INT64_MAX);
    int64_t page = before ? http_query_int(r, "page", 2, 2, 1000000) : 1;
    struct val *items = val_list(&r->arena), *centres;
    struct db_stmt *st;
    int64_t n = 0, last = 0;
    int rc;

    time_now_iso(now);
    if ((rc = centre_options(r, args.centre, &centres)) < 0 ||
        (rc = cert_list_open(r, &f, true, before ? before : INT64_MAX, REGISTER_PAGE + 1, now,
                             &st)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct cert c;
        if (++n > REGISTER_PAGE)
            continue; /* the one row more: a next page exists */
        cert_row(st, &r->arena, now, &c);
        last = c.id;
        val_push(items, register_row(r, &c));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    bool filtered = *args.q || *args.status || *args.centre || *args.year;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:b, s:b, s:s, s:o, s:o, s:s}", "title",
        _(r->lang, "Certificates"), "items", items, "has_items", val_len(items) > 0, "filtered",
        filtered, "q", args.q, "statuses", status_options(r, args.status), "centres", centres,
        "year", args.year);
    /* keyset pages: the next starts below the last certificate shown */
    if (n > REGISTER_PAGE || page > 1) {
        struct val *pager = val_pack(&r->arena, "{s:s}", "page_str", view_int(r, page));
        if (n > REGISTER_PAGE)
            val_set_str(pager, "next_url", page_url(r, &args, last, page + 1));
        if (page > 1)
            val_set_str(pager, "first_url", page_url(r, &args, 0, 1));
        val_set(ctx, "pager", pager);
    }
    form_crumbs(r, ctx, NULL);
    return view_page(r, "certs_register", ctx);
}
