/* What the files of src/projects share: the project as loaded, its figures, and the handlers. */
#ifndef DARS_PROJECTS_PROJECTS_INT_H
#define DARS_PROJECTS_PROJECTS_INT_H

#include "projects/projects.h"
#include "reports/reports.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct actor;
struct arena;
struct db;
struct db_stmt;
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
    int64_t region_id;  /* 0: national */
    const char *language;
    const char **recipients;
    size_t nrecipients;
    struct project_indicator *indicators;
    size_t nindicators;
    const char *created_at, *updated_at;
    /*
     * The last day the figures were counted to (project_actuals_to): a period
     * begun after it has no actual yet. NULL: counted as far as the records
     * go (project_actuals).
     */
    const char *counted_to;
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
 * The same, counted to the end of the day upto ("YYYY-MM-DD") instead: each
 * period and the whole span cut off there, a period begun after it left at
 * nothing (the monthly report's workbook is counted to the month's end, as
 * its text is). p->counted_to gets upto.
 */
int project_actuals_to(struct db *db, struct arena *a, struct project *p, bool by_sex,
                       const char *upto);

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

/* ---- what the module's own files share (project.c and the rest) ---- */

/* limits of what one project holds, so that a page and a statement stay small */
#define PROJECT_MAX_INDICATORS 40
#define PROJECT_MAX_PERIODS 80 /* twenty years of quarters */
#define PROJECT_MAX_RECIPIENTS 20
#define PROJECT_MAX_YEARS 20

/* project_sql.c */
extern const char pj_by_code_sql[];
extern const char pj_code_taken_sql[];
extern const char pj_after_sql[];
extern const char pj_list_sql[];
extern const char pj_recipients_sql[];
extern const char pj_indicators_sql[];
extern const char pj_periods_sql[];
extern const char pj_insert_sql[];
extern const char pj_update_sql[];
extern const char pj_delete_sql[];
extern const char pj_recipients_clear_sql[];
extern const char pj_recipient_insert_sql[];
extern const char pj_indicator_by_code_sql[];
extern const char pj_indicator_insert_sql[];
extern const char pj_indicator_update_sql[];
extern const char pj_indicator_delete_sql[];
extern const char pj_periods_clear_sql[];
extern const char pj_period_insert_sql[];
extern const char pj_signoff_find_sql[];
extern const char pj_signoff_insert_sql[];
extern const char pj_period_sign_sql[];

/* project.c: the store */
extern const char *const project_statuses[4];
extern const char *const project_result_types[3];
/* One row of pj_*_sql's project columns into p (no recipients or indicators); strings copied. */
void project_row(struct arena *a, struct db_stmt *st, struct project *p /* OUT */);
/*
 * Whether the signed-in user reads p (DESIGN.md 6a): admins and global
 * analysts every project; a manager or analyst of p's region that region's;
 * nobody else (a centre's manager neither: a region's figures go beyond it).
 */
bool project_may_read(const struct req *r, const struct project *p);
/* The project of a page's or the API's :code, if r's user may read it (DARS_EDENIED). */
int project_get_readable(struct req *r, struct project *p /* OUT */);
/* "YYYY-MM-DD" naming a real day from 1900 to 9998. */
bool project_is_day(const char *s);
/* A number as stored and written: the shortest text that reads back the same. */
const char *project_num(struct arena *a, double v);
/*
 * The calendar quarters from starts_on to ends_on, clipped to them, in a,
 * with targets for metric: a flow's target shared out (whole numbers stay
 * whole: the shares add up to it); a stock's (project_metric_stock) levels
 * rising evenly to it, rounded to whole numbers when it is whole, the last
 * quarter's equal to it.
 */
size_t project_quarters(struct arena *a, const char *starts_on, const char *ends_on,
                        const char *metric, double target, struct project_period **out /* OUT */);
/*
 * Check in (the whole new state) and write it in the caller's transaction,
 * audited: a new project (old NULL) or a change of old. with_indicators: in's
 * indicators replace old's, matched by code (a signed-off period must come
 * back unchanged, and its indicator keep its metric and filter:
 * DARS_ECONFLICT). DARS_EINVALID / DARS_ECONFLICT with errors (field ->
 * untranslated message; "code" for a taken code).
 */
int project_write(struct req *r, const struct project *old, const struct project *in,
                  bool with_indicators, json_t *errors, int64_t *id /* OUT */);
/* The same by who, in db and a (the demo writes its projects through it). */
int project_write_as(struct db *db, struct arena *a, const struct actor *who,
                     const struct project *old, const struct project *in, bool with_indicators,
                     json_t *errors, int64_t *id /* OUT */);
/* Soft-delete p, audited, in the caller's transaction. */
int project_delete(struct req *r, const struct project *p);
/* The project as the API gives it (DESIGN.md 6a); figures when project_actuals ran. */
json_t *project_json(struct req *r, const struct project *p, bool with_indicators);

/* figures.c: what the reports registry answers for the project */
/* Check an indicator's metric and filters; errors under "metric" and "filter". */
int project_metric_check(struct db *db, struct arena *a, const struct project_indicator *ind,
                         json_t *errors);
/* The filters of ind in words, in lang ("" for none). */
const char *project_filter_words(struct db *db, struct arena *a, const char *lang,
                                 const struct project_indicator *ind);
/* The unit an indicator's metric is read in ("people"), or "". */
const char *project_metric_unit(const char *metric);
/*
 * Whether metric counts a level to date (centres_equipped), not a flow: its
 * periods' targets and actuals are levels at each period's end, and the
 * indicator's actual is the level at the end of its span.
 */
bool project_metric_stock(const char *metric);
/* The value a period counts with: the signed one when signed off, else the actual. */
double project_period_value(const struct project_period *pp);
/*
 * Where the periods say the indicator should be on day. A flow: the targets
 * of the periods ended before it, plus the elapsed share of the one it falls
 * in. A stock: the level the period under way is heading to, reached from
 * the previous period's target (0 before the first) by the elapsed share;
 * after a period ends, its target. 0 before the first period begins.
 */
double project_expected(const struct project_indicator *ind, const char *day);
/* red | amber | green for actual against expected; "none" while nothing is due. */
const char *project_rag(double actual, double expected);
/* Today as "YYYY-MM-DD" (UTC). */
const char *project_today(struct arena *a);

/* signoff.c */
/*
 * Sign off the finished period starts_on..ends_on of p (actuals counted): each
 * indicator's period with those days keeps its value then, audited, in its
 * own transaction. DARS_EINVALID with errors (no such period, not finished),
 * DARS_ECONFLICT when it is already signed off.
 */
int project_signoff(struct req *r, struct project *p, const char *starts_on,
                    const char *ends_on, json_t *errors);
/* The same by who, in db and a (the demo signs a quarter off through it). */
int project_signoff_as(struct db *db, struct arena *a, const struct actor *who, struct project *p,
                       const char *starts_on, const char *ends_on, json_t *errors);

/* equipment_sql.c, equipment.c: what projects supplied to centres */
extern const char eq_by_id_sql[];
extern const char eq_after_sql[];
extern const char eq_centre_sql[];
extern const char eq_project_id_sql[];
extern const char eq_projects_sql[];
extern const char eq_insert_sql[];
extern const char eq_update_sql[];
/*
 * Add quantity of kind received_on at centre (project: its code, or NULL), in
 * the caller's transaction, audited as who; checked as the API checks it
 * (DARS_EINVALID with errors). For the demo: nobody's scope is asked.
 */
int equipment_add_as(struct db *db, struct arena *a, const struct actor *who, const char *centre,
                     const char *project, const char *kind, int64_t quantity,
                     const char *received_on, const char *condition, const char *notes,
                     json_t *errors);
int equipment_api_list(struct req *r);
int equipment_api_create(struct req *r);
int equipment_api_get(struct req *r);
int equipment_api_patch(struct req *r);
int equipment_centre_page(struct req *r);
int equipment_create_submit(struct req *r);
int equipment_condition_submit(struct req *r);

/* api.c */
int projects_api_list(struct req *r);
int projects_api_create(struct req *r);
int projects_api_get(struct req *r);
int projects_api_patch(struct req *r);
int projects_api_delete(struct req *r);
int projects_api_signoff(struct req *r);
/* A project as a body gives it, over base (PATCH) or empty (POST). */
int project_from_json(struct req *r, const struct project *base, json_t *body, json_t *errors,
                      struct project *out /* OUT */, bool *with_indicators /* OUT */);

/* iati.c, xlsx.c: the downloads */
int projects_api_iati(struct req *r);
int projects_xlsx_download(struct req *r);

/* pages.c, show.c */
/* A translated label of a project's status, and of a metric of the contract. */
const char *project_status_label(const char *lang, const char *status);
const char *project_metric_label(const char *lang, const char *metric);
int projects_list_page(struct req *r);
int projects_new_page(struct req *r);
int projects_create_submit(struct req *r);
int projects_edit_page(struct req *r);
int projects_edit_submit(struct req *r);
int projects_show_page(struct req *r);
int projects_signoff_page(struct req *r);
int projects_signoff_submit(struct req *r);
int projects_delete_page(struct req *r);
int projects_delete_submit(struct req *r);
/*
 * The chart of an indicator's periods (chart.c): actual and target per
 * period, inline SVG; a period begun after today has its target only.
 */
const char *project_chart(struct arena *a, const char *lang, const struct project_indicator *ind,
                          const char *today, const char *title_id);
/* A progress bar: actual against target, a marker at expected (none when 0); inline SVG. */
const char *project_bar(struct arena *a, double actual, double target, double expected,
                        const char *title_id);

#endif
