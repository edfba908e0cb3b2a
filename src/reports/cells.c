/*
 * Reports answered from the summary (summary.c keeps it): when the period is
 * one year, quarter or month, the rows are centres, regions, months or
 * quarters, and the reader counts one centre, one whole region or the
 * country, every figure is a cell, and the report reads a few rows instead
 * of a region's year of facts. Anything else is counted from the facts.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "db/db.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

/* The period from..to is exactly: a year, a quarter or a month (as a number); 0: none. */
static int period_of(const struct report_query *q)
{
    int fy, fm, fd, ty, tm, td;
    if (sscanf(q->from, "%4d-%2d-%2d", &fy, &fm, &fd) != 3 ||
        sscanf(q->to, "%4d-%2d-%2d", &ty, &tm, &td) != 3 || fy != ty || fd != 1 ||
        td != report_month_days(ty, tm))
        return 0;
    if (fm == 1 && tm == 12)
        return fy * 100;
    if (fm == tm)
        return fy * 100 + fm;
    if (fm % 3 == 1 && tm == fm + 2)
        return fy * 100 + 20 + (fm + 2) / 3;
    return 0;
}

/* The months or quarters of a period, as numbers; their count. */
static size_t parts_of(int period, bool quarters, int *out)
{
    int y = period / 100, k = period % 100;
    int first = k == 0 ? 1 : k <= 12 ? k : (k - 21) * 3 + 1;
    int last = k == 0 ? 12 : k <= 12 ? k : first + 2;
    size_t n = 0;
    if (quarters) {
        if (k != 0 && k <= 12)
            return 0; /* the quarters of a month: not cells */
        for (int m = first; m <= last; m += 3)
            out[n++] = y * 100 + 20 + (m + 2) / 3;
        return n;
    }
    for (int m = first; m <= last; m++)
        out[n++] = y * 100 + m;
    return n;
}

/*
 * Whose facts the reader counts, as a cell's level and unit: the country, one
 * centre, or every centre of one region (deleted ones too, as the region's
 * cells hold them). false: another set of centres.
 */
static int scope_of(struct req *r, const struct report_query *q, int *level, int64_t *unit,
                    bool *whole)
{
    struct db_stmt *st;
    int64_t region = 0;
    size_t cap = 0, n = 0, in_region = 0, mine = 0;
    int64_t(*places)[2] = NULL;
    int rc;

    *whole = true;
    if (q->all_centres) {
        *level = REPORT_COUNTRY;
        *unit = 0;
        return 0;
    }
    if (q->ncentres == 1) {
        *level = REPORT_CENTRE;
        *unit = q->centres[0];
        return 0;
    }
    *whole = false;
    if (q->ncentres == 0)
        return 0;
    if ((rc = db_query(r->db, &st, ORG_REPORT_PLACES_SQL, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        places = arena_grow(&r->arena, places, n, &cap, sizeof(*places));
        places[n][0] = db_col_int(st, 0);
        places[n][1] = db_col_int(st, 1);
        if (places[n][0] == q->centres[0])
            region = places[n][1];
        n++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if (places[i][1] != region)
            continue;
        in_region++;
        for (size_t k = 0; k < q->ncentres; k++)
            mine += q->centres[k] == places[i][0];
    }
    /* the reader's centres are distinct: all in the region, and all of it */
    *whole = region && mine == q->ncentres && mine == in_region;
    *level = REPORT_REGION;
    *unit = region;
    return 0;
}

static void in_list(struct report_sql *s, const char *col, const int64_t *v, size_t n)
{
    buf_addf(&s->sql, " AND %s IN (", col);
    for (size_t i = 0; i < n; i++)
        buf_addf(&s->sql, "%s%lld", i ? ", " : "", (long long)v[i]);
    buf_adds(&s->sql, ")");
}

#define CELL_FIGURES " x.enrolled, x.completed, x.minutes, x.attended, x.marked"

int report_run_cells(struct req *r, const struct report_query *q, struct report_result *out,
                     bool *answered)
{
    struct report_sql s = { &r->arena, BUF_INIT, NULL, 0, 0 };
    const struct report_dim *by = q->by;
    bool buckets = streq(by->name, "month") || streq(by->name, "quarter"), whole;
    int period = period_of(q), level, parts[12];
    int64_t unit;
    size_t nparts = 0;
    struct db_stmt *st;
    int rc;

    *answered = false;
    memset(out, 0, sizeof(*out));
    if (!period || (!buckets && !by->cell_level))
        return 0;
    for (size_t i = 0; i < q->nfilters; i++)
        if (!q->filters[i].dim->cell_level)
            return 0; /* who people are, what they trained in: from the facts */
    if (buckets && !(nparts = parts_of(period, streq(by->name, "quarter"), parts)))
        return 0;
    if ((rc = scope_of(r, q, &level, &unit, &whole)) < 0 || !whole)
        return rc;
    if ((rc = report_summary_fresh(r->db)) < 0)
        return rc;

    /* the rows: the scope's cell per month or quarter, or the cells of centres or regions */
    buf_adds(&s.sql, "SELECT 0, ");
    if (buckets) {
        buf_adds(&s.sql, "x.period, CAST(NULL AS TEXT)," CELL_FIGURES " FROM report_cells x"
                         " WHERE x.level = ? AND x.unit = ? AND x.period IN (");
        report_sql_arg(&s, DB_TEXT(report_level_name(level)));
        report_sql_arg(&s, DB_INT(unit));
        for (size_t i = 0; i < nparts; i++) {
            buf_adds(&s.sql, i ? ", ?" : "?");
            report_sql_arg(&s, DB_TEXT(report_period_text(&r->arena, parts[i])));
        }
        buf_adds(&s.sql, ")");
    } else {
        /*
         * A row per cell of the by level within the scope; within a centre,
         * the centre's own cell, named by what by says of it (its region).
         */
        bool finer = streq(by->cell_level, "centre") || level == REPORT_CENTRE;
        const struct report_dim *centre = report_dim_find("centre");
        report_sql_frag(&s, by->key, r->lang, q->to_year);
        buf_adds(&s.sql, ", ");
        report_sql_frag(&s, by->label ? by->label : "CAST(NULL AS TEXT)", r->lang,
                        q->to_year);
        buf_adds(&s.sql, "," CELL_FIGURES " FROM report_cells x");
        if (level == REPORT_CENTRE && !streq(by->cell_level, "centre")) {
            report_sql_frag(&s, centre->cell_join, r->lang, q->to_year);
            report_sql_frag(&s, by->join, r->lang, q->to_year);
        } else {
            report_sql_frag(&s, by->cell_join, r->lang, q->to_year);
        }
        buf_adds(&s.sql, " WHERE x.level = ? AND x.period = ?");
        report_sql_arg(&s, DB_TEXT(finer ? "centre" : by->cell_level));
        report_sql_arg(&s, DB_TEXT(report_period_text(&r->arena, period)));
        if (level == REPORT_CENTRE || (level == REPORT_REGION && !finer))
            in_list(&s, "x.unit", &unit, 1);
        else if (level == REPORT_REGION)
            in_list(&s, "x.unit", q->centres, q->ncentres);
    }
    buf_adds(&s.sql, " AND x.people > 0 UNION ALL SELECT 1, CAST(NULL AS TEXT),"
                     " CAST(NULL AS TEXT)," CELL_FIGURES " FROM report_cells x"
                     " WHERE x.level = ? AND x.unit = ? AND x.period = ?");
    report_sql_arg(&s, DB_TEXT(report_level_name(level)));
    report_sql_arg(&s, DB_INT(unit));
    report_sql_arg(&s, DB_TEXT(report_period_text(&r->arena, period)));

    rc = db_query_once(r->db, &st, s.sql.ptr, s.args, s.nargs);
    buf_release(&s.sql);
    if (rc < 0 || (rc = report_rows_read(r, st, out)) < 0)
        return rc;
    *answered = true;
    return 0;
}
