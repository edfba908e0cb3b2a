/* What the files of src/projects share: the project as loaded, its figures, and the handlers. */
#ifndef DARS_PROJECTS_PROJECTS_INT_H
#define DARS_PROJECTS_PROJECTS_INT_H

#include "projects/projects.h"
#include "reports/reports.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct db;
struct req;

/* A target period of an indicator, and its figures once counted. */
struct project_period {
    int64_t id;
    const char *starts_on, *ends_on; /* local days, inclusive */
    double target;
    bool signed_off;                 /* an admin signed it off: signed_value is what counts */
    double signed_value;
    bool signed_has_sex;
    double signed_sex[REPORT_NSEXES];
    const char *signed_by, *signed_at; /* the admin's e-mail, UTC instant */
    struct report_metric_value actual; /* counted now (project_actuals) */
};

struct project_indicator {
    int64_t id;
    const char *code, *title, *result, *result_type, *metric;
    const char *filter_json;                /* as stored: "{}" or {"region": "BAK", ...} */
    struct report_metric_filter *filters;   /* the same, parsed */
    size_t nfilters;
    double baseline, target;
    struct project_period *periods;
    size_t nperiods;
    bool counted;                      /* project_actuals ran and the metric could be counted */
    struct report_metric_value actual; /* over the project's whole period */
};

struct project {
    int64_t id;
    const char *code, *name, *description, *funder;
    const char *starts_on, *ends_on;
    bool has_budget;
    double budget;
    const char *currency, *status;
    const char *iati_identifier, *reporting_org_ref, *reporting_org_name;
    const char *region; /* code, or NULL: national */
    const char *language;
    const char **recipients;
    size_t nrecipients;
    struct project_indicator *indicators;
    size_t nindicators;
    const char *created_at, *updated_at;
};

/*
 * Read the live project with this code, its recipients, indicators and
 * periods, in a fixed number of statements, from a: DARS_ENOTFOUND when none.
 * No figures are counted.
 */
int project_load(struct db *db, struct arena *a, const char *code, struct project *p /* OUT */);

/*
 * Count every indicator's actuals (reports_metric_values: a statement or two
 * per indicator), each period's and the whole project's; with by_sex, also
 * split by sex where the metric is about people (IATI).
 */
int project_actuals(struct db *db, struct arena *a, struct project *p, bool by_sex);

/*
 * The project as an IATI 2.03 iati-activities document (libxml2's writer),
 * in a; p's actuals counted with by_sex. now: the UTC instant written as
 * generated-datetime and last-updated-datetime.
 */
int project_iati(struct arena *a, const struct project *p, const char *now, char **xml /* OUT */,
                 size_t *len /* OUT */);

/*
 * The project's figures as a workbook: one row per indicator and period
 * (target, actual, progress, signed), in lang; p's actuals counted.
 */
int project_xlsx(struct arena *a, const struct project *p, const char *lang, char **data /* OUT */,
                 size_t *len /* OUT */);

#endif
