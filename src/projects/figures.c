/*
 * A project's figures: the actuals of its indicators counted by the reports
 * module's metric registry (reports_metric_values: never typed in), where
 * the periods say an indicator should be by now, and red/amber/green.
 *
 * Red, amber, green: an indicator is green at 90% or more of where its
 * periods say it should be by today (the targets of the periods already
 * ended, plus the elapsed share of the one under way), amber from 70%, red
 * below; while nothing is due yet it has no colour ("none").
 *
 * A stock (centres_equipped: a level to date, project_metric_stock) has
 * levels for targets: where it should be by today is where the period under
 * way is heading, reached from the level of the period before it by the
 * elapsed share, and its actual, the level now, is never a sum of periods.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/time.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int project_metric_check(struct db *db, struct arena *a, const struct project_indicator *ind,
                         json_t *errors)
{
    return reports_metric_check(db, a, ind->metric, ind->filters, ind->nfilters, errors);
}

const char *project_filter_words(struct db *db, struct arena *a, const char *lang,
                                 const struct project_indicator *ind)
{
    const char *words = "";
    if (reports_filter_words(db, a, lang, ind->filters, ind->nfilters, &words) < 0)
        return ""; /* the page still shows the figures; the words are a courtesy */
    return words;
}

const char *project_metric_unit(const char *metric)
{
    const char *unit = reports_metric_unit(metric);
    return unit ? unit : "";
}

bool project_metric_stock(const char *metric)
{
    return reports_metric_stock(metric);
}

int project_actuals_to(struct db *db, struct arena *a, struct project *p, bool by_sex,
                       const char *upto)
{
    struct report_metric_ask *asks = arena_alloc(a, (p->nindicators + 1) * sizeof(*asks));
    struct report_metric_value **values =
        arena_alloc(a, (p->nindicators + 1) * sizeof(*values));
    int *status = arena_alloc(a, (p->nindicators + 1) * sizeof(*status));
    size_t *which = arena_alloc(a, (p->nindicators + 1) * sizeof(*which));
    size_t n = 0;
    int rc;

    p->counted_to = upto;
    /* every indicator in one call: the zones and the summary are looked at once */
    for (size_t i = 0; i < p->nindicators; i++) {
        struct project_indicator *ind = &p->indicators[i];
        struct report_metric_period *periods =
            arena_alloc(a, (ind->nperiods + 1) * sizeof(*periods));
        size_t np = 0;
        /* periods are in order (project_load): those begun by upto come first */
        for (; np < ind->nperiods && (!upto || strcmp(ind->periods[np].starts_on, upto) <= 0);
             np++)
            periods[np] = (struct report_metric_period){
                ind->periods[np].starts_on,
                upto && strcmp(ind->periods[np].ends_on, upto) > 0 ? upto
                                                                   : ind->periods[np].ends_on
            };
        if (np == 0)
            continue;
        asks[n] = (struct report_metric_ask){ ind->metric, ind->filters, ind->nfilters, p->id,
                                              periods,     np,           by_sex };
        values[n] = arena_zalloc(a, (np + 1) * sizeof(**values));
        which[n++] = i;
    }
    if ((rc = reports_metric_values_each(db, a, asks, n, values, status)) < 0)
        return rc;
    for (size_t j = 0; j < n; j++) {
        struct project_indicator *ind = &p->indicators[which[j]];
        size_t np = asks[j].nperiods;
        if (status[j] == DARS_EINVALID)
            continue; /* a metric whose module has gone: shown as not counted */
        /* the periods not begun by upto keep the nothing project_load gave them */
        for (size_t k = 0; k < np; k++)
            ind->periods[k].actual = values[j][k];
        ind->actual = values[j][np];
        ind->counted = true;
    }
    return 0;
}

int project_actuals(struct db *db, struct arena *a, struct project *p, bool by_sex)
{
    return project_actuals_to(db, a, p, by_sex, NULL);
}

double project_period_value(const struct project_period *pp)
{
    return pp->signed_off ? pp->signed_value : pp->actual.value;
}

/* Days from 1970-01-01 to a "YYYY-MM-DD" day. */
static long day_number(const char *day)
{
    struct tm tm = { 0 };
    int y = 1970, m = 1, d = 1;
    if (sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return 0;
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    return (long)(timegm(&tm) / 86400);
}

/* The share of pp gone by the end of day: the day itself counts, so its last day is all of it. */
static double elapsed(const struct project_period *pp, const char *day)
{
    long len = day_number(pp->ends_on) - day_number(pp->starts_on) + 1;
    long gone = day_number(day) - day_number(pp->starts_on) + 1;
    return (double)gone / (double)(len > 0 ? len : 1);
}

double project_expected(const struct project_indicator *ind, const char *day)
{
    bool stock = project_metric_stock(ind->metric);
    double due = 0;
    for (size_t k = 0; k < ind->nperiods; k++) {
        const struct project_period *pp = &ind->periods[k];
        if (strcmp(pp->starts_on, day) > 0)
            break; /* periods follow each other (write.c): the rest are to come */
        if (stock) {
            /*
             * A period's target is a level, not more of it: the periods ended
             * are not added up; the one under way climbs from the level the
             * last one reached.
             */
            due = strcmp(pp->ends_on, day) < 0 ? pp->target
                                                : due + (pp->target - due) * elapsed(pp, day);
        } else
            due += strcmp(pp->ends_on, day) < 0 ? pp->target : pp->target * elapsed(pp, day);
    }
    return due;
}

const char *project_rag(double actual, double expected)
{
    if (expected <= 0)
        return "none";
    if (actual >= 0.9 * expected)
        return "green";
    return actual >= 0.7 * expected ? "amber" : "red";
}

const char *project_today(struct arena *a)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return arena_strndup(a, now, 10);
}
