/* What the files of src/reports share: the query, its result, the registry and the handlers. */
#ifndef DARS_REPORTS_REPORTS_INT_H
#define DARS_REPORTS_REPORTS_INT_H

#include "reports/reports.h"
#include "db/report.h"

#include "core/buf.h"
#include "db/db.h"

#include <jansson.h>
#include <stdint.h>

/* filters a report may combine (one per dimension that filters) */
#define REPORT_MAX_FILTERS 16
/* the longest period, in years: a month per row keeps a chart and a statement small */
#define REPORT_MAX_YEARS 10
/* people per page behind a figure */
#define REPORT_PEOPLE_PAGE 100

/* registry.c: every module's entries */
const struct report_dim *report_dim_find(const char *name);
/* Whether dim may be a `by` (it has a key). */
bool report_dim_groups(const struct report_dim *dim);
/* The dimensions, for the form: n, and the i-th (the built-in month and quarter included). */
size_t report_ndims(void);
const struct report_dim *report_dim_at(size_t i);
/* The sources of facts, in order. */
size_t report_nsources(void);
const struct report_source *report_source_at(size_t i);

struct report_filter {
    const struct report_dim *dim;
    const char *value;
};

/* What a report asks: the parameters of DESIGN.md 6a, checked. */
struct report_query {
    const char *from, *to; /* "YYYY-MM-DD", inclusive */
    int to_year; /* ages are counted to the period's end year */
    const struct report_dim *by;
    struct report_filter filters[REPORT_MAX_FILTERS];
    size_t nfilters;
    /*
     * The centres whose facts count: all (reads_all and no place filter), or
     * these ids (the reader's scope, narrowed by a centre or region filter).
     */
    bool all_centres;
    int64_t *centres;
    size_t ncentres;
    const char *query_string; /* the parameters again, for links: "" or "from=...&..." */
    enum report_need need;    /* 0: everything; the dashboard asks for people only */
    bool from_records; /* count from the facts even where the summary holds the answer */
};

/* Whose centres a report counts: what the user reads, or (people behind figures) manages. */
enum report_scope { REPORT_READS, REPORT_MANAGES };

/*
 * Read and check the request's parameters: DARS_EINVALID with errors
 * (parameter -> untranslated message), DARS_EDENIED when a centre or region
 * filter lies outside the user's scope. Costs a statement per code filter
 * and one for a region's centres.
 */
int report_query_read(struct req *r, enum report_scope scope, struct report_query *q /* OUT */,
                      json_t *errors);

/* One row of figures; the totals are one too. */
struct report_row {
    const char *key;   /* NULL: the row of facts with no key ("No programme") */
    const char *label; /* in the reader's language */
    int64_t enrolled, completed, certified;
    int64_t minutes;           /* learning, lessons and sessions attended */
    int64_t attended, marked;  /* attendance marks: present or late, and those plus absent */
};

struct report_result {
    struct report_row *rows;
    size_t nrows;
    struct report_row totals;
};

/*
 * The figures (run.c): from the summary when it holds them (a statement or
 * two), else counted from the facts (zones, then rows and totals in one).
 */
int report_run(struct req *r, const struct report_query *q, struct report_result *out /* OUT */);

/*
 * Read a statement's rows into out: (1 for the totals, else 0; key; label;
 * enrolled; completed; minutes; attended; marked). Hands the statement back.
 */
int report_rows_read(struct req *r, struct db_stmt *st, struct report_result *out);

/*
 * The people behind a figure (run.c): metric enrolled | completed; the row
 * key (NULL: the row with no key), or every row when !has_key.
 */
struct report_person {
    const char *full_name, *email;
};
int report_people(struct req *r, const struct report_query *q, const char *metric,
                  bool has_key, const char *key, int64_t page, struct report_person **people,
                  size_t *n /* OUT */, bool *more /* OUT */);

/* statement.c: a statement and its arguments, built together (run with db_query_once) */
struct report_sql {
    struct arena *a;
    struct buf sql;
    struct db_arg *args;
    size_t nargs, cap;
};
void report_sql_arg(struct report_sql *s, struct db_arg v);
/* Append a fragment of the registry, its $LANG and $YEAR filled in. */
void report_sql_frag(struct report_sql *s, const char *text, const char *lang, int year);
/* The same with $YEAR made the SQL year (a column: "p.yr", a year per period). */
void report_sql_frag_at(struct report_sql *s, const char *text, const char *lang,
                        const char *year);
/*
 * Append a source's facts: each '?' bound to the period's bounds in turn (lo,
 * hi, lo, hi...), "$SCOPE(expr)" made q's centres (nothing when q is NULL or
 * counts all), "$PERSON(expr)" made " AND (expr) = person" (nothing for 0).
 */
void report_sql_source(struct report_sql *s, const struct report_source *src,
                       const struct report_query *q, const char *lo, const char *hi,
                       int64_t person);
/*
 * The same for any facts' SQL (a source's, a metric's), "$PROJECT(expr)"
 * also made " AND (expr) = project" (nothing for 0).
 */
void report_sql_facts(struct report_sql *s, const char *sql, const struct report_query *q,
                      const char *lo, const char *hi, int64_t person, int64_t project);

/*
 * The summary tables (summary.c keeps them, cells.c reads them): per cell, a
 * level's unit (a centre, a region, or 0: none, and the country) in a period
 * (y * 100: a year; + 1..12: a month; + 21..24: a quarter), these figures.
 */
enum report_level { REPORT_CENTRE, REPORT_REGION, REPORT_COUNTRY, REPORT_LEVELS };
enum report_fig {
    REPORT_FIG_PEOPLE,   /* distinct people with any fact */
    REPORT_FIG_ENROLLED, /* distinct people */
    REPORT_FIG_COMPLETED,
    REPORT_FIG_MINUTES,
    REPORT_FIG_ATTENDED,
    REPORT_FIG_MARKED,
    REPORT_NFIGS
};
struct report_cell {
    bool used;
    int level;
    int64_t unit;
    int period;
    int64_t v[REPORT_NFIGS];
};
/* cells by key, in an arena (open addressing; cap a power of two) */
struct report_cellmap {
    struct arena *a;
    struct report_cell *v;
    size_t n, cap;
};
struct report_cell *report_cell_get(struct report_cellmap *m, int level, int64_t unit,
                                    int period);
/* "centre", "region", "country" */
const char *report_level_name(int level);
/* "2026", "2026-Q1", "2026-03" */
const char *report_period_text(struct arena *a, int period);
/* A calendar day; "YYYY-MM-DD" read (an unreadable text gives 1970-01-01), and the next one. */
struct report_day {
    int y, m, d;
};
struct report_day report_day_of(const char *s);
struct report_day report_day_after(struct report_day d);
/*
 * Every zone a centre counts its days in, and UTC (facts with no centre), in
 * a: one statement.
 */
int report_zones(struct db *db, struct arena *a, const char ***zones /* OUT */,
                 size_t *n /* OUT */);
/* The days of a month (m 1-12) in year y, leap years counted. */
int report_month_days(int y, int m);
/* The instant a local day starts in zone tz, as stored (UTC); an unknown zone counts as UTC. */
const char *report_midnight(struct arena *a, const char *tz, int y, int m, int d);
/*
 * Recount those still marked stale (written outside a transaction, so no
 * commit counted them), before the summary is read: one statement when there
 * are none.
 */
int report_summary_fresh(struct db *db);
/*
 * The figures from the summary when it holds them (cells.c): *answered false,
 * and nothing read, when the question is not one of its cells (another
 * period, a filter on who people are or what they trained in, a scope that is
 * not one centre, one region or the country).
 */
int report_run_cells(struct req *r, const struct report_query *q,
                     struct report_result *out /* OUT */, bool *answered /* OUT */);

/*
 * metric_cells.c: the values of a people metric that the summary holds,
 * read from its cells (column: "enrolled", "completed" or "minutes"):
 * additive (minutes) when every period is whole months and the filters
 * name only places; else (distinct people) each period that is exactly a
 * month, quarter or year, with no filter or one region or centre. periods
 * holds n periods (a project's, then its whole span); known[i] is set for
 * each value given, the others are the records' to count. One statement, or
 * none when nothing can be answered. The caller made the summary fresh.
 */
int report_metric_cells(struct db *db, struct arena *a, const char *column, bool additive,
                        const struct report_filter *filters, size_t nfilters,
                        const struct report_metric_period *periods, size_t n,
                        double *values /* OUT */, bool *known /* OUT */);

/* figures.c: the definitions of DESIGN.md 6a as numbers and text */
double report_hours(const struct report_row *row);          /* rounded to 2 decimals */
bool report_rate(const struct report_row *row, double *out); /* false: no marks (null) */
/* A number as the API writes it, in the arena: "1.5", "0.75", "3". */
const char *report_number(struct arena *a, double v);
/* The label of a key of a dimension whose keys are values, or of the row with no key. */
const char *report_value_label(const char *lang, const struct report_dim *dim, const char *key);
/* The name of a dimension ("Centre"), and of a metric column. */
const char *report_dim_title(const char *lang, const char *name);
/* The row as JSON {key, label, enrolled, ...} (key and label only when with_key). */
json_t *report_row_json(const struct report_row *row, bool with_key);

/* metric_sql.c: the names of codes, for a filter in words (filter_words.c) */
extern const char report_centre_name_sql[];
extern const char report_course_title_sql[];
extern const char report_organisation_name_sql[];

/* chart.c: an inline SVG of the rows (bars, or a line per month or quarter) */
const char *report_chart_svg(struct req *r, const struct report_result *res, bool line,
                             const char *title_id);

/* page.c: the chart's words, its text alternative: every row's figures, then the totals */
const char *report_chart_words(struct req *r, const struct report_query *q,
                               const struct report_result *res);

/* handlers */
int reports_page(struct req *r);
int reports_people_page(struct req *r);
int reports_csv(struct req *r);
int reports_xlsx(struct req *r);
int reports_api_training(struct req *r);

#endif
