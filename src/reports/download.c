/*
 * /reports.csv and /reports.xlsx: exactly the page's figures. The CSV is for
 * machines (the API's column names and numbers, a totals line last); the
 * workbook is for people (the reader's language, the filters written above
 * the table, percentages, and a native chart of the rows).
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "view/export.h"
#include "core/i18n.h"
#include "view/view.h"

static const char *const csv_header[] = { "key",       "label",          "enrolled",
                                          "completed", "certified",      "learning_hours",
                                          "attendance_rate" };

/* The report the URL asks for, or the error to answer with (a 422 page names the problem). */
static int load(struct req *r, struct report_query *q, struct report_result *res)
{
    json_t *errors = json_object();
    int rc;
    if (!accounts_reads_reports(r)) {
        rc = DARS_EDENIED;
        goto out;
    }
    rc = report_query_read(r, REPORT_READS, q, errors);
    if (rc == DARS_EINVALID) {
        const char *field = NULL, *msg = NULL;
        json_t *v;
        json_object_foreach(errors, field, v) {
            msg = json_string_value(v);
            break;
        }
        rc = view_error(r, 422, _(r->lang, "This report cannot be made"),
                        arena_printf(&r->arena, "%s: %s", field, msg ? _(r->lang, msg) : field));
        rc = rc < 0 ? rc : 1;
        goto out;
    }
    if (rc == 0)
        rc = report_run(r, q, res);
out:
    json_decref(errors);
    return rc;
}

static void row_into(struct req *r, struct export_table *t, const struct report_row *row,
                     const char *key, const char *label)
{
    double rate;
    const char **cells = export_row(t);
    export_set(t, cells, 0, key);
    export_set(t, cells, 1, label);
    export_set(t, cells, 2, arena_int(&r->arena, row->enrolled));
    export_set(t, cells, 3, arena_int(&r->arena, row->completed));
    export_set(t, cells, 4, arena_int(&r->arena, row->certified));
    export_set(t, cells, 5, report_number(&r->arena, report_hours(row)));
    export_set(t, cells, 6, report_rate(row, &rate) ? report_number(&r->arena, rate) : "");
}

static void table_of(struct req *r, const struct report_result *res, struct export_table *t,
                     const char *const *header)
{
    export_init(t, &r->arena, header, ARRAY_SIZE(csv_header));
    t->numeric = 0x7cu; /* the five figures */
    t->percent = 1u << 6;
    for (size_t i = 0; i < res->nrows; i++)
        row_into(r, t, &res->rows[i], res->rows[i].key ? res->rows[i].key : "",
                 res->rows[i].label ? res->rows[i].label : "");
    row_into(r, t, &res->totals, "", _(r->lang, "Total"));
}

static const char *filename(struct req *r, const struct report_query *q)
{
    /* dates and dimension names are digits, letters, '-' and '_': nothing to quote */
    return arena_printf(&r->arena, "dars-report-%s-%s-by-%s", q->from, q->to, q->by->name);
}

/* GET /reports.csv */
int reports_csv(struct req *r)
{
    struct report_query q;
    struct report_result res;
    struct export_table t;
    int rc = load(r, &q, &res);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    table_of(r, &res, &t, csv_header);
    return export_send_csv(r, &t, filename(r, &q));
}

/* The filters as label/value lines above the workbook's table. */
static void notes_of(struct req *r, const struct report_query *q, struct export_table *t)
{
    const char **notes = arena_alloc(&r->arena, 2 * (3 + q->nfilters) * sizeof(*notes));
    size_t n = 0;
    notes[2 * n] = _(r->lang, "First day");
    notes[2 * n++ + 1] = q->from;
    notes[2 * n] = _(r->lang, "Last day");
    notes[2 * n++ + 1] = q->to;
    notes[2 * n] = _(r->lang, "Rows by");
    notes[2 * n++ + 1] = report_dim_title(r->lang, q->by->name);
    for (size_t i = 0; i < q->nfilters; i++) {
        const struct report_dim *dim = q->filters[i].dim;
        notes[2 * n] = report_dim_title(r->lang, dim->name);
        notes[2 * n++ + 1] = dim->values ? report_value_label(r->lang, dim, q->filters[i].value)
                                         : q->filters[i].value;
    }
    t->notes = notes;
    t->nnotes = n;
}

/* GET /reports.xlsx */
int reports_xlsx(struct req *r)
{
    struct report_query q;
    struct report_result res;
    struct export_table t;
    int rc = load(r, &q, &res);
    if (rc != 0)
        return rc < 0 ? rc : 0;
    const char **header = arena_alloc(&r->arena, ARRAY_SIZE(csv_header) * sizeof(*header));
    header[0] = _(r->lang, "Code");
    header[1] = _(r->lang, "Name");
    header[2] = _(r->lang, "People enrolled");
    header[3] = _(r->lang, "People completed");
    header[4] = _(r->lang, "People certified");
    header[5] = _(r->lang, "Learning hours");
    header[6] = _(r->lang, "Attendance rate");
    table_of(r, &res, &t, header);
    t.title = arena_printf(&r->arena, "%s: %s", _(r->lang, "Dars report"),
                           report_dim_title(r->lang, q.by->name));
    notes_of(r, &q, &t);
    bool time = streq(q.by->name, "month") || streq(q.by->name, "quarter");
    t.chart = (struct export_chart){ .line = time, .category = 1, .values = { 2, 3 },
                                     .nvalues = 2, .nrows = res.nrows,
                                     .title = _(r->lang, "People enrolled and completed") };
    return export_send_xlsx(r, &t, filename(r, &q));
}
