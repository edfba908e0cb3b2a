/*
 * Reports (DESIGN.md 6a): who was trained, where, in what and who they were,
 * as a page, CSV, XLSX and the API, and the dashboard on the home page of
 * those who read them. The figures come from the report registry
 * (registry.h): each module answers for its own facts and dimensions.
 *
 * Uses: org, accounts, catalog, enrol, cohorts.
 */
#ifndef DARS_REPORTS_REPORTS_H
#define DARS_REPORTS_REPORTS_H

#include "http/route.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

extern const struct route_table reports_routes;

/* The home page of admins, managers and analysts: this year's figures of their scope. */
int reports_dashboard(struct req *r);

struct arena;
struct db;
struct report_dim;
struct report_metric;
struct report_source;

/*
 * The report registry (db/report.h), filled by the table of modules
 * (modules.c): each module's dimensions, in the order the form offers them,
 * and its sources of facts. Both end with a row whose v is NULL.
 */
struct report_dims {
    const struct report_dim *v;
    const size_t *n;
};
struct report_sources {
    const struct report_source *v;
    const size_t *n;
};
struct report_metrics {
    const struct report_metric *v;
    const size_t *n;
};
extern const struct report_dims report_registry_dims[];
extern const struct report_sources report_registry_sources[];
/* every module's metrics but reports' own people metrics (db/report.h), ends with v NULL */
extern const struct report_metrics report_registry_metrics[];

/* ---- metrics, for donor projects (DESIGN.md 6a) ---- */

/* One filter of a metric: a report filter's name and value ("region", "BAK"). */
struct report_metric_filter {
    const char *name, *value;
};

/* A period of a metric: local days, "YYYY-MM-DD", both inclusive. */
struct report_metric_period {
    const char *from, *to;
};

/* The sexes a split counts, in this order (the gender dimension's keys). */
enum report_sex { REPORT_FEMALE, REPORT_MALE, REPORT_OTHER, REPORT_UNKNOWN, REPORT_NSEXES };

/* What a project asks of a metric. */
struct report_metric_ask {
    const char *metric; /* "people_enrolled" */
    const struct report_metric_filter *filters;
    size_t nfilters;
    int64_t project_id; /* for $PROJECT; 0: none */
    /*
     * The periods, each counted on its own (a person in two periods counts in
     * both), then the whole span from the first period's start to the last
     * one's end, counted once more (a person counts once in it).
     */
    const struct report_metric_period *periods;
    size_t nperiods;
    bool by_sex; /* also split each value by sex; only for a metric about people */
};

/* One value of a metric: per period, then the whole span. */
struct report_metric_value {
    double value;
    bool has_sex;               /* the split was asked for and the metric has it */
    double sex[REPORT_NSEXES];  /* value by sex, summing to value for DISTINCT and SUM */
};

/*
 * Whether metric with these filters can be asked (a project's indicator,
 * before it is stored): DARS_EINVALID with errors "metric" or "filter" ->
 * untranslated message (a metric neither reports' own nor listed in
 * report_registry_metrics; a filter that does not exist, that the metric
 * cannot take, or whose code does not exist). Costs a statement per code
 * filter.
 */
int reports_metric_check(struct db *db, struct arena *a, const char *metric,
                         const struct report_metric_filter *filters, size_t nfilters,
                         json_t *errors);

/*
 * Count ask over every centre (a project's figures do not depend on who
 * reads them: who may read the project is the caller's rule): values gets
 * nperiods + 1 values, each period's then the whole span's. One statement
 * per call besides the zones, whatever the number of periods. The days are
 * calendar days in each centre's time zone, as in reports.
 */
int reports_metric_values(struct db *db, struct arena *a, const struct report_metric_ask *ask,
                          struct report_metric_value *values /* OUT: nperiods + 1 */);

/*
 * The same for several asks (a project's indicators), the zones and the
 * summary's freshness read once for all: values[i] gets asks[i]'s values,
 * status[i] 0 or DARS_EINVALID (that ask cannot be counted; its values are
 * left alone). Negative on a database error. A people metric is read from
 * the summary's cells where they hold its exact value (a sum over whole
 * months filtered by places; distinct people in a month, quarter or year,
 * nationally or for one region or centre), else from the records.
 */
int reports_metric_values_each(struct db *db, struct arena *a,
                               const struct report_metric_ask *asks, size_t n,
                               struct report_metric_value *const *values /* OUT: each nperiods + 1 */,
                               int *status /* OUT: n */);

/* The unit a metric is read in ("people", "hours", "events", "centres"), or NULL when unknown. */
const char *reports_metric_unit(const char *metric);

/*
 * Whether metric counts a level to date (a stock: centres equipped so far)
 * rather than what happened in each period (a flow): a period's value is
 * then the level at its end, and the whole span's the level at the span's
 * end (REPORT_METRIC_DISTINCT_TO_DATE). False for an unknown metric.
 */
bool reports_metric_stock(const char *metric);

/*
 * The filters in words in lang, for a page: "Region: Baku · Gender: Women",
 * labels of the codes read from the registry's dimensions; "" for none.
 * Costs a statement per code filter at most.
 */
int reports_filter_words(struct db *db, struct arena *a, const char *lang,
                         const struct report_metric_filter *filters, size_t nfilters,
                         const char **words /* OUT */);

/* ---- people by quarter, grouped (open data, DESIGN.md 6a) ---- */

/* One group's people in one quarter, split by sex (enrolled and completed). */
struct reports_people_cell {
    const char *key[2];  /* the dimensions' keys; NULL: the row with no key ("No programme") */
    const char *label;   /* the first dimension's label (a region's name), or NULL */
    const char *quarter; /* "2026-Q1" */
    int64_t enrolled[REPORT_NSEXES], completed[REPORT_NSEXES];
};

/*
 * People enrolled and completed (DESIGN.md 6a, "Reports": the same facts,
 * days and distinct people as a report) in each quarter from the quarter
 * of from to that of to (local days "YYYY-MM-DD"), grouped by one or two
 * dimensions (dims: the registry's, reports_dim(), or a module's own such
 * as catalog_topic_report_dim), each group split by sex: a group's people
 * are the sum of its four sexes, as every person has one. Every centre
 * counts. Only groups with people are given. The zones, then one
 * statement; cells in the arena, ordered by keys then quarter.
 */
int reports_people_by_quarter(struct db *db, struct arena *a,
                              const struct report_dim *const *dims, size_t ndims,
                              const char *from, const char *to,
                              struct reports_people_cell **cells /* OUT */, size_t *n /* OUT */);

/* A dimension of the registry by name ("region", "programme"), or NULL. */
const struct report_dim *reports_dim(const char *name);

/*
 * The summary tables of reports are kept before each commit (a hook of the
 * database layer): call once at start, before any transaction.
 */
void reports_init(void);
/*
 * While on, this thread's commits leave the summary to reports_catch_up()
 * (a bulk load, which would otherwise count people again at each commit).
 */
void reports_hold(bool on);
/*
 * Count the people marked since the summary last counted them (after a
 * migration), in transactions of a few thousand; with verbose, progress on
 * stderr when there are many.
 */
int reports_catch_up(struct db *db, bool verbose);
/* Count everyone again from the records (after a fix, or to be sure). */
int reports_rebuild(struct db *db, bool verbose);
/*
 * Compare every cell of the summary with the same figures counted from the
 * records; print each difference to out. 0 when all agree, 1 when some
 * differ, or a database error.
 */
int reports_verify(struct db *db, FILE *out);

#endif
