/*
 * A report's parameters (DESIGN.md 6a): from, to, by and the filters, the
 * same for the page, the downloads and the API, checked once here; and the
 * centres whose facts the reader may count. A place filter outside the
 * reader's scope is refused (403) rather than answered with zeros, so that
 * nobody learns from a report what they may not read.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "core/buf.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <stdio.h>
#include <string.h>

/* "YYYY-MM-DD" naming a real day from 1900 to 9998: its parts. */
static bool date_read(const char *s, int *y, int *m, int *d)
{
    if (!s || strlen(s) != 10 || !time_shaped(s, "9999-99-99") ||
        sscanf(s, "%4d-%2d-%2d", y, m, d) != 3)
        return false;
    if (*y < 1900 || *y > 9998 || *m < 1 || *m > 12 || *d < 1)
        return false;
    return *d <= report_month_days(*y, *m);
}

/* The period: from and to, by default this year's first and last day. */
static void read_period(struct req *r, struct report_query *q, json_t *errors)
{
    const char *from = http_query(r, "from"), *to = http_query(r, "to");
    int year = accounts_this_year(), from_year, month, d;
    q->from = from && *from ? from : arena_printf(&r->arena, "%04d-01-01", year);
    q->to = to && *to ? to : arena_printf(&r->arena, "%04d-12-31", year);
    bool from_ok = date_read(q->from, &from_year, &month, &d);
    bool to_ok = date_read(q->to, &q->to_year, &month, &d);
    if (!from_ok)
        form_error(errors, "from", N_("Enter the first day as a date, like 2026-01-01"));
    if (!to_ok)
        form_error(errors, "to", N_("Enter the last day as a date, like 2026-12-31"));
    if (!from_ok || !to_ok)
        return;
    if (strcmp(q->to, q->from) < 0)
        form_error(errors, "to", N_("The last day must not be before the first day"));
    else if (q->to_year - from_year >= REPORT_MAX_YEARS)
        form_error(errors, "from", N_("A report covers at most ten years"));
}

static bool in_values(const char *const *values, const char *v)
{
    for (size_t i = 0; values[i]; i++)
        if (streq(values[i], v))
            return true;
    return false;
}

/* The id a code filter names (dim->exists), 0 when there is none. */
static int code_id(struct req *r, const struct report_dim *dim, const char *code, int64_t *id)
{
    struct db_stmt *st;
    int rc = db_query_row(r->db, &st, dim->exists, DB_ARGS(DB_TEXT(code)));
    *id = 0;
    if (rc == 0) {
        *id = db_col_int(st, 0);
        db_done(st);
        return 0;
    }
    return rc == DARS_ENOTFOUND ? 0 : rc;
}

static bool has_id(const int64_t *v, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] == id)
            return true;
    return false;
}

/* Keep in q's centres only those in v (or take v when q has all of them). */
static void narrow(struct req *r, struct report_query *q, const int64_t *v, size_t n)
{
    int64_t *keep = arena_alloc(&r->arena, (n ? n : 1) * sizeof(int64_t));
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (q->all_centres || has_id(q->centres, q->ncentres, v[i]))
            keep[k++] = v[i];
    q->all_centres = false;
    q->centres = keep;
    q->ncentres = k;
}

/*
 * A centre or region filter narrows the centres counted; outside the
 * reader's scope (nothing of it left) it is refused.
 */
static int place_scope(struct req *r, struct report_query *q, bool all, const char *name,
                       int64_t id)
{
    int64_t *ids = &id;
    size_t n = 1;
    int rc;
    if (streq(name, "region") &&
        (rc = db_query_ids(r->db, &r->arena, ORG_REGION_CENTRES_SQL, DB_ARGS(DB_INT(id)), &ids,
                           &n)) < 0)
        return rc;
    narrow(r, q, ids, n);
    return !all && q->ncentres == 0 ? DARS_EDENIED : 0;
}

static void query_string(struct req *r, struct report_query *q)
{
    struct buf b = BUF_INIT;
    buf_addf(&b, "from=%s&to=%s&by=%s", q->from, q->to, q->by->name);
    for (size_t i = 0; i < q->nfilters; i++)
        buf_addf(&b, "&%s=%s", q->filters[i].dim->name,
                 url_encode(&r->arena, q->filters[i].value));
    q->query_string = arena_strdup(&r->arena, b.ptr ? b.ptr : "");
    buf_release(&b);
}

int report_query_read(struct req *r, enum report_scope scope, struct report_query *q,
                      json_t *errors)
{
    const struct user_ctx *u = r->user;
    bool manages = scope == REPORT_MANAGES, all = manages ? u->is_admin : u->reads_all;
    int rc = 0;
    bool denied = false;

    memset(q, 0, sizeof(*q));
    q->all_centres = all;
    q->centres = manages ? u->scope_centres : u->read_centres;
    q->ncentres = manages ? u->nscope_centres : u->nread_centres;
    read_period(r, q, errors);

    const char *by = http_query(r, "by");
    q->by = report_dim_find(by && *by ? by : "centre");
    if (!report_dim_groups(q->by)) {
        form_error(errors, "by", N_("Choose what the rows are from the list"));
        q->by = report_dim_find("centre");
    }

    for (size_t i = 0, n = report_ndims(); i < n; i++) {
        const struct report_dim *dim = report_dim_at(i);
        const char *v = dim->filter ? http_query(r, dim->name) : NULL;
        if (!v || !*v)
            continue;
        if (!utf8_is_valid(v, strlen(v)) || strlen(v) > 100) {
            form_error(errors, dim->name, N_("Choose a value from the list"));
            continue;
        }
        if (dim->values) {
            if (!in_values(dim->values, v))
                form_error(errors, dim->name, N_("Choose a value from the list"));
            else if (q->nfilters < REPORT_MAX_FILTERS)
                q->filters[q->nfilters++] = (struct report_filter){ dim, v };
            continue;
        }
        int64_t id;
        v = form_code_norm(&r->arena, v);
        if ((rc = code_id(r, dim, v, &id)) < 0)
            return rc;
        if (!id) {
            form_error(errors, dim->name, N_("Nothing has this code"));
            continue;
        }
        if (q->nfilters < REPORT_MAX_FILTERS)
            q->filters[q->nfilters++] = (struct report_filter){ dim, v };
        if (streq(dim->name, "centre") || streq(dim->name, "region")) {
            rc = place_scope(r, q, all, dim->name, id);
            if (rc == DARS_EDENIED)
                denied = true;
            else if (rc < 0)
                return rc;
        }
    }
    if (json_object_size(errors))
        return DARS_EINVALID;
    if (denied)
        return DARS_EDENIED;
    query_string(r, q);
    return 0;
}
