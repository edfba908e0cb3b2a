/*
 * Periods as the reports count them: days, the zones they are counted in,
 * the instant a local day starts in a centre's zone, and a summary period's
 * name. Shared by the statement that counts from the records (run.c), the
 * metrics of donor projects (metric.c), the summary (summary.c) and its
 * reader (cells.c).
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "org/org.h"
#include "view/fmt.h"

#include <libical/ical.h>
#include <stdio.h>
#include <string.h>

struct report_day report_day_of(const char *s)
{
    struct report_day d = { 1970, 1, 1 };
    sscanf(s, "%4d-%2d-%2d", &d.y, &d.m, &d.d);
    return d;
}

struct report_day report_day_after(struct report_day d)
{
    if (++d.d > report_month_days(d.y, d.m)) {
        d.d = 1;
        if (++d.m > 12) {
            d.m = 1;
            d.y++;
        }
    }
    return d;
}

int report_zones(struct db *db, struct arena *a, const char ***zones, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    bool utc = false;
    int rc = db_query(db, &st, ORG_REPORT_ZONES_SQL, DB_NOARGS);
    *zones = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *zones = arena_grow(a, *zones, *n, &cap, sizeof(**zones));
        const char *tz = arena_strdup(a, db_col_text(st, 0));
        utc |= streq(tz, "UTC");
        (*zones)[(*n)++] = tz;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    /* facts with no centre count in UTC days */
    if (!utc) {
        *zones = arena_grow(a, *zones, *n, &cap, sizeof(**zones));
        (*zones)[(*n)++] = "UTC";
    }
    return 0;
}

const char *report_midnight(struct arena *a, const char *tz, int y, int m, int d)
{
    struct icaltimetype t = icaltime_null_time();
    t.year = y;
    t.month = m;
    t.day = d;
    t.is_date = 0;
    if (!streq(tz, "UTC"))
        fmt_zone_convert(&t, tz, "UTC");
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", t.year, t.month, t.day, t.hour,
                        t.minute, t.second);
}

/* A period as a number: year * 100, plus the month (1-12) or 20 + the quarter (21-24). */
const char *report_period_text(struct arena *a, int period)
{
    int y = period / 100, k = period % 100;
    if (k == 0)
        return arena_printf(a, "%04d", y);
    if (k <= 12)
        return arena_printf(a, "%04d-%02d", y, k);
    return arena_printf(a, "%04d-Q%d", y, k - 20);
}

int report_month_days(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return days[m - 1] + (m == 2 && leap);
}
