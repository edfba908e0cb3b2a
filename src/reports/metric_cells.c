/*
 * The values of a people metric that the summary of reports already holds
 * (summary.c keeps its cells exact at every commit), so that a project's
 * page reads a few hundred cells instead of a country's years of facts:
 *
 *   - a sum (learning minutes) adds up over centres and months: when every
 *     period is whole months and the filters name only places (each reads
 *     nothing but the fact's centre, ce), each period, and the whole span,
 *     is the sum of the month cells of the centres that pass the filters,
 *     or of the country's cells when there is no filter (they hold the
 *     facts with no centre too, which no place filter lets through);
 *   - distinct people do not add up: a period is answered only when it is
 *     exactly a month, quarter or year and the filter is nothing, one
 *     region or one centre, the cells the summary counts.
 *
 * Anything else is left to the records (metric.c), which count the same
 * facts the same way: `dars reports verify` checks the cells against them,
 * and tests/unit/reports/metric_cells.c checks the two paths agree.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the longest span read from month cells (a project's ten years); longer: from the records */
#define MAX_MONTHS 240

/* Whether text names the table alias a ("f", "u", "p") as a word: "f.at", not "fr.id". */
static bool names_alias(const char *text, char a)
{
    for (const char *s = text; s && (s = strchr(s, a)) != NULL; s++) {
        bool starts = s == text || !(s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z') ||
                                     (s[-1] >= 'A' && s[-1] <= 'Z') ||
                                     (s[-1] >= '0' && s[-1] <= '9'));
        if (starts && s[1] == '.')
            return true;
    }
    return false;
}

/*
 * A filter of the place alone: its SQL reads only the fact's centre (ce),
 * so that it can be asked of the centres instead of the facts.
 */
static bool of_place(const struct report_dim *dim)
{
    return !dim->person && (!dim->join || !*dim->join) && dim->filter &&
           !strstr(dim->filter, "$YEAR") && !names_alias(dim->filter, 'f') &&
           !names_alias(dim->filter, 'u') && !names_alias(dim->filter, 'p');
}

/* A period as months: first y * 12 + m - 1, and how many; false when not whole months. */
static bool months_of(const struct report_metric_period *per, int *first, int *n)
{
    struct report_day a = report_day_of(per->from), b = report_day_of(per->to);
    if (a.d != 1 || b.d != report_month_days(b.y, b.m))
        return false;
    *first = a.y * 12 + a.m - 1;
    *n = b.y * 12 + b.m - 1 - *first + 1;
    return *n >= 1;
}

/* The period is exactly a year, quarter or month: its number (report_period_text); 0: not. */
static int cell_period(const struct report_metric_period *per)
{
    int first, n;
    if (!months_of(per, &first, &n))
        return 0;
    int y = first / 12, m = first % 12 + 1;
    if (n == 12 && m == 1)
        return y * 100;
    if (n == 3 && m % 3 == 1)
        return y * 100 + 20 + (m + 2) / 3;
    return n == 1 ? y * 100 + m : 0;
}

/* The month cells' sum per period and the span: one statement. */
static int sum_cells(struct db *db, struct arena *a, const char *column,
                     const struct report_filter *filters, size_t nfilters,
                     const struct report_metric_period *periods, size_t n, double *values,
                     bool *known)
{
    struct report_sql s = { a, BUF_INIT, NULL, 0, 0 };
    int lo = 0, hi = 0, nmonths;
    struct db_stmt *st;
    int rc;

    for (size_t i = 0; i < nfilters; i++)
        if (!of_place(filters[i].dim))
            return 0;
    /* the span's months; each period must be whole months too */
    for (size_t i = 0; i < n; i++) {
        int first, count;
        if (!months_of(&periods[i], &first, &count))
            return 0;
        if (i == 0 || first < lo)
            lo = first;
        if (i == 0 || first + count > hi)
            hi = first + count;
    }
    if ((nmonths = hi - lo) > MAX_MONTHS)
        return 0;
    double *month = arena_zalloc(a, (size_t)nmonths * sizeof(*month));

    buf_addf(&s.sql, "SELECT x.period, SUM(x.%s) FROM report_cells x WHERE ", column);
    if (nfilters == 0) {
        buf_adds(&s.sql, "x.level = 'country' AND x.unit = 0");
    } else {
        /* the centres that pass, deleted ones too: their facts count as the records' do */
        buf_adds(&s.sql, "x.level = 'centre' AND x.unit IN (SELECT ce.id FROM centres ce WHERE ");
        for (size_t i = 0; i < nfilters; i++) {
            buf_adds(&s.sql, i ? " AND " : "");
            report_sql_frag(&s, filters[i].dim->filter, "en", 0);
            report_sql_arg(&s, DB_TEXT(filters[i].value));
        }
        buf_adds(&s.sql, ")");
    }
    buf_adds(&s.sql, " AND x.period IN (");
    for (int k = 0; k < nmonths; k++) {
        int y = (lo + k) / 12, m = (lo + k) % 12 + 1;
        buf_adds(&s.sql, k ? ", ?" : "?");
        report_sql_arg(&s, DB_TEXT(report_period_text(a, y * 100 + m)));
    }
    buf_adds(&s.sql, ") GROUP BY x.period");
    rc = db_query_once(db, &st, s.sql.ptr, s.args, s.nargs);
    buf_release(&s.sql);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int y, m;
        if (sscanf(db_col_text(st, 0), "%4d-%2d", &y, &m) == 2 && y * 12 + m - 1 >= lo &&
            y * 12 + m - 1 < lo + nmonths)
            month[y * 12 + m - 1 - lo] = strtod(db_col_text(st, 1), NULL);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        int first, count;
        months_of(&periods[i], &first, &count);
        values[i] = 0;
        for (int k = first - lo; k < first - lo + count; k++)
            values[i] += month[k];
        known[i] = true;
    }
    return 0;
}

/* The cells that are exactly a period of distinct people: one statement. */
static int distinct_cells(struct db *db, struct arena *a, const char *column,
                          const struct report_filter *filters, size_t nfilters,
                          const struct report_metric_period *periods, size_t n,
                          double *values, bool *known)
{
    struct report_sql s = { a, BUF_INIT, NULL, 0, 0 };
    int *cell = arena_zalloc(a, n * sizeof(*cell));
    size_t asked = 0;
    struct db_stmt *st;
    int rc;

    if (nfilters > 1 ||
        (nfilters == 1 && !streq(filters[0].dim->name, "region") &&
         !streq(filters[0].dim->name, "centre")))
        return 0;
    for (size_t i = 0; i < n; i++)
        asked += (cell[i] = cell_period(&periods[i])) != 0;
    if (!asked)
        return 0;

    buf_addf(&s.sql, "SELECT x.period, x.%s FROM report_cells x WHERE ", column);
    if (nfilters == 0) {
        buf_adds(&s.sql, "x.level = 'country' AND x.unit = 0");
    } else {
        /* codes are unique: one unit at most */
        bool region = streq(filters[0].dim->name, "region");
        buf_adds(&s.sql, region ? "x.level = 'region' AND x.unit IN"
                                  " (SELECT id FROM regions WHERE code = ?)"
                                : "x.level = 'centre' AND x.unit IN"
                                  " (SELECT id FROM centres WHERE code = ?)");
        report_sql_arg(&s, DB_TEXT(filters[0].value));
    }
    buf_adds(&s.sql, " AND x.period IN (");
    for (size_t i = 0, k = 0; i < n; i++) {
        if (!cell[i])
            continue;
        buf_adds(&s.sql, k++ ? ", ?" : "?");
        report_sql_arg(&s, DB_TEXT(report_period_text(a, cell[i])));
    }
    buf_adds(&s.sql, ")");
    rc = db_query_once(db, &st, s.sql.ptr, s.args, s.nargs);
    buf_release(&s.sql);
    if (rc < 0)
        return rc;
    /* a cell that is not there holds nobody */
    for (size_t i = 0; i < n; i++) {
        known[i] = cell[i] != 0;
        values[i] = 0;
    }
    while ((rc = db_step(st)) == DB_ROW) {
        const char *period = db_col_text(st, 0);
        double v = strtod(db_col_text(st, 1), NULL);
        for (size_t i = 0; i < n; i++)
            if (cell[i] && streq(report_period_text(a, cell[i]), period))
                values[i] = v;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int report_metric_cells(struct db *db, struct arena *a, const char *column, bool additive,
                        const struct report_filter *filters, size_t nfilters,
                        const struct report_metric_period *periods, size_t n, double *values,
                        bool *known)
{
    memset(known, 0, n * sizeof(*known));
    if (additive)
        return sum_cells(db, a, column, filters, nfilters, periods, n, values, known);
    return distinct_cells(db, a, column, filters, nfilters, periods, n, values, known);
}
