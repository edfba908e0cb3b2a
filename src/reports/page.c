/*
 * /reports: the form of the parameters, the table with its totals, the
 * chart with its words, the downloads, and how the numbers are counted; and
 * /reports/people, the people behind a figure, for those who manage them.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "core/buf.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

#include <string.h>

static const char *const metrics[] = { "enrolled", "completed", "certified", "learning_hours",
                                       "attendance_rate" };

/* A figure as the page shows it, and as data-value gives it (the API's number). */
struct cell {
    const char *metric, *text, *value, *people_url;
};

static const char *filter_value(const struct report_query *q, const char *name)
{
    for (size_t i = 0; i < q->nfilters; i++)
        if (streq(q->filters[i].dim->name, name))
            return q->filters[i].value;
    return "";
}

/* May the reader open the people behind figures: admins, and managers in their scope. */
static bool sees_people(const struct req *r)
{
    return r->user->is_admin || r->user->is_manager;
}

static const char *people_url(struct req *r, const struct report_query *q, const char *metric,
                              const struct report_row *row, bool totals)
{
    const char *base = arena_printf(&r->arena, "/reports/people?%s&metric=%s", q->query_string,
                                    metric);
    if (totals)
        return base;
    return arena_printf(&r->arena, "%s&key=%s", base,
                        row->key ? url_encode(&r->arena, row->key) : "");
}

static struct val *row_cells(struct req *r, const struct report_query *q,
                             const struct report_row *row, bool totals)
{
    struct val *cells = val_list(&r->arena);
    double rate;
    bool has_rate = report_rate(row, &rate);
    for (size_t i = 0; i < ARRAY_SIZE(metrics); i++) {
        const char *m = metrics[i], *text, *value;
        if (streq(m, "enrolled") || streq(m, "completed") || streq(m, "certified")) {
            int64_t n = streq(m, "enrolled")    ? row->enrolled
                        : streq(m, "completed") ? row->completed
                                                : row->certified;
            text = view_int(r, n);
            value = arena_int(&r->arena, n);
        } else if (streq(m, "learning_hours")) {
            value = report_number(&r->arena, report_hours(row));
            text = value;
        } else {
            value = has_rate ? report_number(&r->arena, rate) : "";
            text = has_rate ? arena_printf(&r->arena, "%s%%", report_number(&r->arena, rate * 100))
                            : "–";
        }
        /* literals and arena strings, every one: no copies */
        struct val *c = val_pack(&r->arena, "{s:o, s:o, s:o}", "metric",
                                 val_str_ref(&r->arena, m), "text", val_str_ref(&r->arena, text),
                                 "value", val_str_ref(&r->arena, value));
        bool person_figure = (streq(m, "enrolled") && row->enrolled) ||
                             (streq(m, "completed") && row->completed) ||
                             (streq(m, "certified") && row->certified);
        if (person_figure && sees_people(r))
            val_set(c, "people_url", val_str_ref(&r->arena, people_url(r, q, m, row, totals)));
        val_push(cells, c);
    }
    return cells;
}

/* The chart's words: every row's figures in a sentence, then the totals. */
const char *report_chart_words(struct req *r, const struct report_query *q,
                               const struct report_result *res)
{
    struct buf b = BUF_INIT;
    buf_adds(&b, _(r->lang, "People enrolled and completed"));
    buf_addf(&b, " (%s): ", report_dim_title(r->lang, q->by->name));
    const char *each = _(r->lang, "%s enrolled, %s completed");
    for (size_t i = 0; i < res->nrows; i++) {
        buf_addf(&b, "%s%s: ", i ? "; " : "", res->rows[i].label);
        buf_addf(&b, each, view_int(r, res->rows[i].enrolled), view_int(r, res->rows[i].completed));
    }
    buf_addf(&b, ". %s: ", _(r->lang, "Total"));
    buf_addf(&b, each, view_int(r, res->totals.enrolled), view_int(r, res->totals.completed));
    buf_adds(&b, ".");
    const char *out = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return out;
}

static struct val *option(struct arena *a, const char *value, const char *label, bool selected)
{
    return val_pack(a, "{s:s, s:s, s:b}", "value", value, "label", label, "selected", selected);
}

/* A select of a dimension's values. */
static struct val *values_options(struct req *r, const struct report_dim *dim,
                                  const char *chosen)
{
    struct val *opts = val_list(&r->arena);
    for (size_t i = 0; dim->values[i]; i++)
        val_push(opts, option(&r->arena, dim->values[i],
                              report_value_label(r->lang, dim, dim->values[i]),
                              streq(chosen, dim->values[i])));
    return opts;
}

/* The centres and regions the reader may read, for their selects. */
static int place_options(struct req *r, const char *centre, const char *region,
                         struct val *centres, struct val *regions)
{
    struct db_stmt *st;
    size_t cap = 0, n = 0;
    int64_t *region_ids = NULL;
    int rc = db_query(r->db, &st, org_report_centres_sql, DB_NOARGS);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (!accounts_can_read_centre(r, db_col_int(st, 0)))
            continue;
        const char *code = db_col_text(st, 1);
        val_push(centres, option(&r->arena, code, db_col_text(st, 2), streq(code, centre)));
        region_ids = arena_grow(&r->arena, region_ids, n, &cap, sizeof(*region_ids));
        region_ids[n++] = db_col_int(st, 3);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, org_report_regions_sql, DB_ARGS(DB_TEXT(r->lang)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        bool readable = r->user->reads_all;
        for (size_t i = 0; i < n && !readable; i++)
            readable = region_ids[i] == db_col_int(st, 0);
        const char *code = db_col_text(st, 1);
        if (readable)
            val_push(regions, option(&r->arena, code, db_col_text(st, 2), streq(code, region)));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int programme_options(struct req *r, const char *chosen, struct val *out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, catalog_report_programmes_sql, DB_ARGS(DB_TEXT(r->lang)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        val_push(out, option(&r->arena, code, db_col_text(st, 1), streq(code, chosen)));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The form's fields: by, then a field per dimension that filters. */
static int form_fields(struct req *r, const struct report_query *q, struct val *ctx)
{
    struct val *by = val_list(&r->arena), *filters = val_list(&r->arena);
    struct val *centres = val_list(&r->arena), *regions = val_list(&r->arena);
    struct val *programmes = val_list(&r->arena);
    int rc = place_options(r, filter_value(q, "centre"), filter_value(q, "region"), centres,
                           regions);
    if (rc == 0)
        rc = programme_options(r, filter_value(q, "programme"), programmes);
    for (size_t i = 0, n = report_ndims(); i < n; i++) {
        const struct report_dim *dim = report_dim_at(i);
        const char *title = report_dim_title(r->lang, dim->name);
        if (report_dim_groups(dim))
            val_push(by, option(&r->arena, dim->name, title, dim == q->by));
        if (!dim->filter)
            continue;
        const char *chosen = filter_value(q, dim->name);
        struct val *opts = dim->values                     ? values_options(r, dim, chosen)
                           : streq(dim->name, "centre")    ? centres
                           : streq(dim->name, "region")    ? regions
                           : streq(dim->name, "programme") ? programmes
                                                           : NULL;
        struct val *f = val_pack(&r->arena, "{s:s, s:s, s:s}", "name", dim->name, "label", title,
                                 "value", chosen);
        if (opts)
            val_set(f, "options", opts);
        else
            val_set_bool(f, "text", true);
        val_push(filters, f);
    }
    val_set(ctx, "by_options", by);
    val_set_bool(ctx, "filtered", q->nfilters > 0);
    val_set(ctx, "filters", filters);
    return rc;
}

static bool is_time(const struct report_query *q)
{
    return streq(q->by->name, "month") || streq(q->by->name, "quarter");
}

static void result_context(struct req *r, const struct report_query *q,
                           const struct report_result *res, struct val *ctx)
{
    struct val *rows = val_list(&r->arena);
    for (size_t i = 0; i < res->nrows; i++) {
        const struct report_row *row = &res->rows[i];
        val_push(rows, val_pack(&r->arena, "{s:s, s:s, s:o}", "key", row->key ? row->key : "",
                                "label", row->label ? row->label : "", "cells",
                                row_cells(r, q, row, false)));
    }
    bool empty = res->totals.enrolled == 0 && res->totals.completed == 0 &&
                 res->totals.minutes == 0 && res->totals.marked == 0;
    val_set(ctx, "rows", rows);
    val_set(ctx, "totals", row_cells(r, q, &res->totals, true));
    val_set_bool(ctx, "has_result", !empty);
    val_set_bool(ctx, "empty", empty);
    val_set_str(ctx, "chart", report_chart_svg(r, res, is_time(q), "report-chart-words"));
    val_set_str(ctx, "chart_words", report_chart_words(r, q, res));
}

/* GET /reports */
int reports_page(struct req *r)
{
    struct report_query q;
    struct report_result res;
    json_t *errors = json_object();
    int status = 200, rc;

    if (!accounts_reads_reports(r)) {
        json_decref(errors);
        return DARS_EDENIED;
    }
    rc = report_query_read(r, REPORT_READS, &q, errors);
    if (rc < 0 && rc != DARS_EINVALID) {
        json_decref(errors);
        return rc;
    }
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b}", "title",
                               _(r->lang, "Reports"), "from", q.from, "to", q.to, "by_title",
                               report_dim_title(r->lang, q.by->name), "sees_people",
                               sees_people(r));
    if (rc == DARS_EINVALID) {
        status = 422;
        view_form_errors(r, ctx, errors);
    } else {
        if ((rc = report_run(r, &q, &res)) < 0)
            goto out;
        result_context(r, &q, &res, ctx);
        val_set_str(ctx, "csv_url", arena_printf(&r->arena, "/reports.csv?%s", q.query_string));
        val_set_str(ctx, "xlsx_url", arena_printf(&r->arena, "/reports.xlsx?%s", q.query_string));
    }
    if ((rc = form_fields(r, &q, ctx)) < 0)
        goto out;
    rc = view_page_status(r, status, "reports", ctx);
out:
    json_decref(errors);
    return rc;
}

/* GET /reports/people: the people behind a figure, in the reader's management scope. */
int reports_people_page(struct req *r)
{
    struct report_query q;
    struct report_person *people;
    size_t n;
    bool more;
    json_t *errors = json_object();
    const char *metric = http_query(r, "metric"), *key = http_query(r, "key");
    int64_t page = form_page_arg(r);
    int rc;

    if (!r->user->is_admin && !r->user->is_manager) {
        json_decref(errors);
        return DARS_EDENIED;
    }
    if (!metric ||
        (!streq(metric, "enrolled") && !streq(metric, "completed") && !streq(metric, "certified")))
        form_error(errors, "metric", N_("Choose a value from the list"));
    /* what they manage, not what they may read as an analyst too */
    rc = report_query_read(r, REPORT_MANAGES, &q, errors);
    if (rc == 0 && json_object_size(errors))
        rc = DARS_EINVALID;
    json_decref(errors);
    if (rc == DARS_EINVALID)
        return view_error(r, 422, _(r->lang, "This report cannot be shown"),
                          _(r->lang, "Its address is not valid. Go back to the report and "
                                     "choose again."));
    if (rc < 0)
        return rc;
    if ((rc = report_people(r, &q, metric, key != NULL, key && *key ? key : NULL, page, &people,
                            &n, &more)) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    for (size_t i = 0; i < n; i++)
        val_push(items, val_pack(&r->arena, "{s:s, s:s}", "full_name", people[i].full_name,
                                 "email", people[i].email));
    const char *row = !key ? _(r->lang, "Total")
                           : report_value_label(r->lang, q.by, *key ? key : NULL);
    if (key && *key && !q.by->values && !is_time(&q))
        row = key;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:s}", "title",
        streq(metric, "completed")   ? _(r->lang, "People who completed")
        : streq(metric, "certified") ? _(r->lang, "People certified")
                                     : _(r->lang, "People enrolled"),
        "row", row, "by_title", report_dim_title(r->lang, q.by->name), "from", q.from, "to", q.to,
        "back_url", arena_printf(&r->arena, "/reports?%s", q.query_string), "items", items,
        "has_items", n > 0, "metric", metric);
    form_crumbs(r, ctx, _(r->lang, "Reports"),
                arena_printf(&r->arena, "/reports?%s", q.query_string), NULL);
    view_pager_more(r, ctx, page, more);
    return view_page(r, "reports_people", ctx);
}
