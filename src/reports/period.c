/*
 * Periods as the reports count them: the instant a local day starts in a
 * centre's zone, and a summary period's name. Shared by the statement that
 * counts from the records (run.c), the summary (summary.c) and its reader
 * (cells.c).
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "view/fmt.h"

#include <libical/ical.h>

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
