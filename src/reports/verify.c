/*
 * dars reports verify: every cell of the summary against the same figures
 * counted from the records, by the statement reports use when the summary
 * cannot answer. For every period the summary holds, the country's rows by
 * centre and by region and its totals are counted both ways; a difference is
 * a bug in the summary (or a write that no trigger marks), never a matter of
 * taste, so the tests run this after their writes.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>

static const char periods_sql[] = "SELECT DISTINCT period FROM report_cells ORDER BY period";

static bool same(const struct report_row *a, const struct report_row *b)
{
    return a->enrolled == b->enrolled && a->completed == b->completed &&
           a->minutes == b->minutes && a->attended == b->attended && a->marked == b->marked;
}

static const struct report_row *row_find(const struct report_result *res, const char *key)
{
    for (size_t i = 0; i < res->nrows; i++) {
        const char *k = res->rows[i].key;
        if ((!k && !key) || (k && key && streq(k, key)))
            return &res->rows[i];
    }
    return NULL;
}

static void show(FILE *out, const char *period, const char *by, const char *key,
                 const struct report_row *cells, const struct report_row *records)
{
    static const struct report_row none;
    cells = cells ? cells : &none;
    records = records ? records : &none;
    fprintf(out,
            "%s by %s, %s: summary %lld enrolled, %lld completed, %lld minutes, %lld/%lld"
            " attended; records %lld, %lld, %lld, %lld/%lld\n",
            period, by, key ? key : "(none)", (long long)cells->enrolled,
            (long long)cells->completed, (long long)cells->minutes, (long long)cells->attended,
            (long long)cells->marked, (long long)records->enrolled,
            (long long)records->completed, (long long)records->minutes,
            (long long)records->attended, (long long)records->marked);
}

/* One period, one by: 0 when both ways agree, else the differences counted. */
static int compare(struct req *r, FILE *out, const char *period, const char *by, int *differ)
{
    struct report_query q;
    struct report_result cells, records;
    bool answered;
    int rc, y, m = 0, last;
    char from[40], to[40];

    if (sscanf(period, "%4d-Q%d", &y, &m) == 2) {
        snprintf(from, sizeof(from), "%04d-%02d-01", y, (m - 1) * 3 + 1);
        m = m * 3;
    } else if (sscanf(period, "%4d-%2d", &y, &m) == 2) {
        snprintf(from, sizeof(from), "%04d-%02d-01", y, m);
    } else {
        sscanf(period, "%4d", &y);
        snprintf(from, sizeof(from), "%04d-01-01", y);
        m = 12;
    }
    last = report_month_days(y, m);
    snprintf(to, sizeof(to), "%04d-%02d-%02d", y, m, last);

    memset(&q, 0, sizeof(q));
    q.from = from;
    q.to = to;
    q.to_year = y;
    q.by = report_dim_find(by);
    q.all_centres = true;
    q.query_string = "";
    if ((rc = report_run_cells(r, &q, &cells, &answered)) < 0)
        return rc;
    if (!answered) {
        fprintf(out, "%s by %s: the summary does not answer\n", period, by);
        (*differ)++;
        return 0;
    }
    q.from_records = true;
    if ((rc = report_run(r, &q, &records)) < 0)
        return rc;
    if (!same(&cells.totals, &records.totals)) {
        show(out, period, by, "totals", &cells.totals, &records.totals);
        (*differ)++;
    }
    for (size_t i = 0; i < cells.nrows; i++) {
        const struct report_row *other = row_find(&records, cells.rows[i].key);
        if (!other || !same(&cells.rows[i], other)) {
            show(out, period, by, cells.rows[i].key, &cells.rows[i], other);
            (*differ)++;
        }
    }
    for (size_t i = 0; i < records.nrows; i++) {
        if (!row_find(&cells, records.rows[i].key)) {
            show(out, period, by, records.rows[i].key, NULL, &records.rows[i]);
            (*differ)++;
        }
    }
    return 0;
}

int reports_verify(struct db *db, FILE *out)
{
    struct req r;
    struct db_stmt *st;
    int rc, differ = 0;
    size_t checked = 0;

    memset(&r, 0, sizeof(r));
    arena_init(&r.arena);
    r.db = db;
    r.lang = "en";
    if ((rc = report_summary_fresh(db)) < 0 ||
        (rc = db_query(db, &st, periods_sql, DB_NOARGS)) < 0)
        goto out;
    const char **periods = NULL;
    size_t n = 0, cap = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        periods = arena_grow(&r.arena, periods, n, &cap, sizeof(*periods));
        periods[n++] = arena_strdup(&r.arena, db_col_text(st, 0));
    }
    db_done(st);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < n && rc >= 0; i++) {
        if ((rc = compare(&r, out, periods[i], "centre", &differ)) >= 0)
            rc = compare(&r, out, periods[i], "region", &differ);
        checked++;
    }
    if (rc >= 0)
        fprintf(out, "%zu periods checked by centre and by region: %s\n", checked,
                differ ? "the summary differs from the records" : "the summary agrees");
out:
    arena_release(&r.arena);
    return rc < 0 ? rc : differ ? 1 : 0;
}
