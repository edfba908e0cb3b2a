/*
 * The metrics of donor projects (DESIGN.md 6a, "Donor projects"): one number
 * an indicator follows, over periods and a filter, for every centre (a
 * project's figures do not depend on who reads them). The people metrics are
 * this module's own and are counted from the report sources exactly as a
 * report counts (run.c), so that a project and /reports cannot disagree; the
 * others come from the modules that own their records through the registry
 * (report_registry_metrics, db/report.h). The people metrics are read from
 * the summary's cells where those hold the exact value (metric_cells.c);
 * every other period, and the whole span, is counted from the records in one
 * statement after the zones, whatever their number.
 *
 * NEEDSWORK: #16: distinct people over what is no cell (a project's
 * three-year span, a filter by centre kind) and the split by sex are still
 * counted from the records: seconds on the national benchmark database
 * (docs/performance.md, "Donor projects").
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Reports' own metrics, counted from the sources (db/report.h) as a report
 * counts its columns (DESIGN.md 6a, "Reports"):
 *
 *   people_enrolled   people with an enrolment now active or completed that
 *                     became active in the period (a report's "enrolled")
 *   people_completed  people whose enrolment completed in the period
 *                     (a report's "completed")
 *   people_certified  people issued a certificate in the period, not revoked
 *                     (a report's "certified")
 *   learning_hours    minutes of the lessons completed in the period plus
 *                     those of the sessions attended (present or late) in
 *                     it, in hours rounded to two decimals (a report's
 *                     "learning_hours")
 *
 * A person counts where they trained (a cohort's centre, else the course's),
 * in that centre's calendar days; people count once per period however many
 * courses they took, and once in the whole span.
 */
struct people_metric {
    const char *name;
    enum report_need need; /* the sources it reads */
    const char *kinds;     /* the facts it counts, of those */
    const char *figure;    /* SQL over the facts f */
    bool minutes;          /* the figure is minutes, shown in hours */
    const char *unit;
    /* the summary's figure (metric_cells.c): a sum over centres and months, or distinct people */
    const char *cell;
};

static const struct people_metric people_metrics[] = {
    { "people_enrolled", REPORT_NEED_PEOPLE, REPORT_ENROLLED, "COUNT(DISTINCT f.user_id)", false,
      "people", "enrolled" },
    { "people_completed", REPORT_NEED_PEOPLE, REPORT_COMPLETED, "COUNT(DISTINCT f.user_id)",
      false, "people", "completed" },
    /* no cell holds it (db/report.h, REPORT_NEED_CERTS): always from the records */
    { "people_certified", REPORT_NEED_CERTS, REPORT_CERTIFIED, "COUNT(DISTINCT f.user_id)",
      false, "people", NULL },
    { "learning_hours", REPORT_NEED_TIME, REPORT_MINUTES ", " REPORT_ATTENDED,
      "COALESCE(SUM(f.amount), 0)", true, "hours", "minutes" },
};

/* A metric as found: reports' own, or a module's. */
struct metric {
    const char *name;
    const struct people_metric *people; /* one of these two */
    const struct report_metric *module;
    bool person, course;
    const char *unit;
};

static bool metric_find(const char *name, struct metric *m)
{
    memset(m, 0, sizeof(*m));
    if (!name)
        return false;
    for (size_t i = 0; i < ARRAY_SIZE(people_metrics); i++) {
        if (streq(people_metrics[i].name, name)) {
            *m = (struct metric){ name, &people_metrics[i], NULL, true, true,
                                  people_metrics[i].unit };
            return true;
        }
    }
    for (const struct report_metrics *l = report_registry_metrics; l->v; l++) {
        for (size_t i = 0; i < *l->n; i++) {
            const struct report_metric *rm = &l->v[i];
            if (streq(rm->name, name)) {
                *m = (struct metric){ name, NULL, rm, rm->person, rm->course, rm->unit };
                return true;
            }
        }
    }
    return false;
}

const char *reports_metric_unit(const char *metric)
{
    struct metric m;
    return metric_find(metric, &m) ? m.unit : NULL;
}

/* Whether the dimension's SQL reads what the facts were in (programme, course). */
static bool dim_needs_course(const struct report_dim *dim)
{
    return (dim->filter && strstr(dim->filter, "f.course_id")) ||
           (dim->join && strstr(dim->join, "f.course_id"));
}

static bool in_values(const char *const *values, const char *v)
{
    for (size_t i = 0; values[i]; i++)
        if (streq(values[i], v))
            return true;
    return false;
}

/*
 * The filters as the registry's dimensions, values checked where that costs
 * nothing (a list of values); codes made as stored (upper case). An error in
 * errors "filter" (untranslated) and false when one cannot be asked.
 */
static bool filters_read(struct arena *a, const struct metric *m,
                         const struct report_metric_filter *in, size_t n,
                         struct report_filter *out, json_t *errors)
{
    if (n > REPORT_MAX_FILTERS) {
        form_error(errors, "filter", N_("Too many filters"));
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const struct report_dim *dim = report_dim_find(in[i].name);
        const char *v = in[i].value ? in[i].value : "";
        if (!dim || !dim->filter) {
            form_error(errors, "filter",
                       N_("There is no such filter (the filters are a report's: region, "
                          "centre, programme, gender and the others)"));
            return false;
        }
        for (size_t j = 0; j < i; j++) {
            if (out[j].dim == dim) {
                form_error(errors, "filter", N_("A filter is given twice"));
                return false;
            }
        }
        if (dim->person && !m->person) {
            form_error(errors, "filter",
                       N_("This metric does not count people, so it cannot be filtered by who "
                          "they are"));
            return false;
        }
        if (dim_needs_course(dim) && !m->course) {
            form_error(errors, "filter",
                       N_("This metric is not about courses, so it cannot be filtered by "
                          "programme or course"));
            return false;
        }
        if (!utf8_is_valid(v, strlen(v)) || strlen(v) > 100 || !*v) {
            form_error(errors, "filter", N_("A filter has no value"));
            return false;
        }
        if (dim->values) {
            if (!in_values(dim->values, v)) {
                form_error(errors, "filter",
                           N_("A filter has a value it does not take (see the filter's values "
                              "in the API's documentation)"));
                return false;
            }
        } else {
            v = form_code_norm(a, v);
        }
        out[i] = (struct report_filter){ dim, v };
    }
    return true;
}

/* The metric by name; an unknown one is an error on "metric". */
static bool metric_read(const char *name, struct metric *m, json_t *errors)
{
    if (metric_find(name, m))
        return true;
    form_error(errors, "metric", N_("There is no metric by that name"));
    return false;
}

int reports_metric_check(struct db *db, struct arena *a, const char *metric,
                         const struct report_metric_filter *filters, size_t nfilters,
                         json_t *errors)
{
    struct report_filter f[REPORT_MAX_FILTERS];
    struct metric m;

    if (!metric_read(metric, &m, errors) || !filters_read(a, &m, filters, nfilters, f, errors))
        return DARS_EINVALID;
    for (size_t i = 0; i < nfilters; i++) {
        struct db_stmt *st;
        if (f[i].dim->values || !f[i].dim->exists)
            continue;
        int rc = db_query_row(db, &st, f[i].dim->exists, DB_ARGS(DB_TEXT(f[i].value)));
        if (rc == DARS_ENOTFOUND) {
            form_error(errors, "filter", N_("A filter names a code that does not exist"));
            return DARS_EINVALID;
        }
        if (rc < 0)
            return rc;
        db_done(st);
    }
    return 0;
}

/* ---- counting ---- */

static bool day_valid(const char *s)
{
    int y, m, d;
    char rest;
    if (!s || strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &rest) != 3)
        return false;
    return s[4] == '-' && s[7] == '-' && y >= 1900 && y <= 9998 && m >= 1 && m <= 12 && d >= 1 &&
           d <= report_month_days(y, m);
}

/*
 * "The whole span": the first day of the earliest period to the last of the
 * latest (the first's start and the last's end when they are in order).
 */
static void span_of(const struct report_metric_ask *ask, struct report_metric_period *span)
{
    *span = ask->periods[0];
    for (size_t i = 1; i < ask->nperiods; i++) {
        if (strcmp(ask->periods[i].from, span->from) < 0)
            span->from = ask->periods[i].from;
        if (strcmp(ask->periods[i].to, span->to) > 0)
            span->to = ask->periods[i].to;
    }
}

/* A stock counts everything before the period too: facts from the beginning of records. */
#define BEGINNING "0001-01-01T00:00:00Z"

/*
 * WITH p (the periods in each zone: a bucket per period, nperiods the span,
 * and the year ages are counted to; only the buckets not yet known) and f
 * (the facts).
 */
static void metric_with(struct report_sql *s, const struct metric *m,
                        const struct report_metric_ask *ask, const bool *known,
                        const char **zones, size_t nzones)
{
    struct report_metric_period span;
    const char *lo = NULL, *hi = NULL;
    bool stock = m->module && m->module->how == REPORT_METRIC_DISTINCT_TO_DATE;

    span_of(ask, &span);
    buf_adds(&s->sql, "WITH p (tz, bucket, yr, lo, hi) AS (VALUES ");
    for (size_t z = 0; z < nzones; z++) {
        for (size_t b = 0; b <= ask->nperiods; b++) {
            const struct report_metric_period *per = b < ask->nperiods ? &ask->periods[b] : &span;
            if (known[b])
                continue;
            struct report_day first = report_day_of(per->from);
            struct report_day last = report_day_of(per->to), end = report_day_after(last);
            const char *from = stock ? BEGINNING
                                     : report_midnight(s->a, zones[z], first.y, first.m, first.d);
            const char *to = report_midnight(s->a, zones[z], end.y, end.m, end.d);
            /* bucket and year are integers the code made, written as such for PostgreSQL */
            buf_addf(&s->sql, "%s(?, %zu, %d, ?, ?)", lo ? ", " : "", b, last.y);
            report_sql_arg(s, DB_TEXT(zones[z]));
            report_sql_arg(s, DB_TEXT(from));
            report_sql_arg(s, DB_TEXT(to));
            if (!lo || strcmp(from, lo) < 0)
                lo = from;
            if (!hi || strcmp(to, hi) > 0)
                hi = to;
        }
    }
    if (m->people) {
        buf_adds(&s->sql, "), f (user_id, centre_id, course_id, at, kind, amount) AS (");
        bool first = true;
        for (size_t i = 0, n = report_nsources(); i < n; i++) {
            if (!(report_source_at(i)->gives & m->people->need))
                continue;
            buf_adds(&s->sql, first ? "" : " UNION ALL ");
            first = false;
            report_sql_source(s, report_source_at(i), NULL, lo, hi, 0);
        }
    } else {
        buf_adds(&s->sql, "), f (subject, user_id, centre_id, course_id, at, amount) AS (");
        report_sql_facts(s, m->module->sql, NULL, lo, hi, 0, ask->project_id);
    }
    buf_adds(&s->sql, ") ");
}

/* One SELECT: a row per bucket (sex NULL), or per bucket and sex. */
static void metric_select(struct report_sql *s, const struct metric *m,
                          const struct report_filter *filters, size_t nfilters, bool person,
                          const struct report_dim *sex)
{
    buf_adds(&s->sql, "SELECT p.bucket, ");
    if (sex)
        report_sql_frag_at(s, sex->key, "en", "p.yr");
    else
        buf_adds(&s->sql, "CAST(NULL AS TEXT)");
    buf_adds(&s->sql, ", ");
    if (m->people)
        buf_adds(&s->sql, m->people->figure);
    else if (m->module->how == REPORT_METRIC_SUM)
        buf_adds(&s->sql, "COALESCE(SUM(f.amount), 0)");
    else
        buf_adds(&s->sql, "COUNT(DISTINCT f.subject)");
    /*
     * CROSS JOIN: SQLite then reads the facts once, each against the few
     * rows of p, instead of reading every source again for each row of p
     * (four times slower on a national database). PostgreSQL plans it as
     * the join it is.
     */
    buf_adds(&s->sql, " FROM f" ORG_REPORT_PLACE_JOIN " CROSS JOIN p");
    /*
     * Facts of a module's metric may have no person (a registration at the
     * door without an account): they still count, as "unknown" in the split.
     */
    if (person)
        buf_adds(&s->sql, m->people ? ACCOUNTS_REPORT_PERSON_JOIN
                                    : " LEFT" ACCOUNTS_REPORT_PERSON_JOIN);
    buf_adds(&s->sql, " WHERE p.tz = " ORG_REPORT_ZONE " AND f.at >= p.lo AND f.at < p.hi");
    if (m->people) {
        /* a constant per source: SQLite skips the sources of other kinds altogether */
        buf_addf(&s->sql, " AND f.kind IN (%s)", m->people->kinds);
        buf_adds(&s->sql, " AND f.user_id NOT IN (" ACCOUNTS_REPORT_DELETED_SQL ")");
    }
    else if (m->person)
        buf_adds(&s->sql, " AND (f.user_id IS NULL OR f.user_id NOT IN ("
                          ACCOUNTS_REPORT_DELETED_SQL "))");
    for (size_t i = 0; i < nfilters; i++) {
        buf_adds(&s->sql, " AND ");
        /* ages count to each period's end year: the column p.yr */
        report_sql_frag_at(s, filters[i].dim->filter, "en", "p.yr");
        report_sql_arg(s, DB_TEXT(filters[i].value));
    }
    buf_adds(&s->sql, sex ? " GROUP BY 1, 2" : " GROUP BY 1");
}

static enum report_sex sex_of(const char *key)
{
    static const char *const keys[] = { "female", "male", "other" };
    for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
        if (streq(keys[i], key))
            return (enum report_sex)i;
    return REPORT_UNKNOWN;
}

/*
 * Minutes (or hours) as hours rounded to two decimals, as a report rounds
 * them (report_hours), the split rounded so that it still adds up to the
 * value: each sex's hundredths rounded down, the hundredths left over given
 * to those that lost most.
 */
static void round_hours(struct report_metric_value *v, double per_hour)
{
    double exact[REPORT_NSEXES];
    int64_t total = (int64_t)llround(v->value / per_hour * 100.0), given = 0;
    v->value = (double)total / 100.0;
    if (!v->has_sex)
        return;
    for (int i = 0; i < REPORT_NSEXES; i++) {
        exact[i] = v->sex[i] / per_hour * 100.0;
        v->sex[i] = floor(exact[i] + 1e-9);
        given += (int64_t)v->sex[i];
    }
    for (; given < total; given++) {
        int best = 0;
        for (int i = 1; i < REPORT_NSEXES; i++)
            if (exact[i] - v->sex[i] > exact[best] - v->sex[best])
                best = i;
        v->sex[best] += 1;
    }
    for (int i = 0; i < REPORT_NSEXES; i++)
        v->sex[i] /= 100.0;
}

/* What is shared by the asks of one call: the zones, and whether the summary is fresh. */
struct metric_batch {
    const char **zones;
    size_t nzones;
    bool fresh;
};

/*
 * The values the summary holds (metric_cells.c), for a people metric
 * without the split by sex (the cells have no sex): known says which.
 */
static int metric_cells(struct db *db, struct arena *a, struct metric_batch *batch,
                        const struct metric *m, const struct report_metric_ask *ask,
                        const struct report_filter *filters, struct report_metric_value *values,
                        bool *known)
{
    size_t n = ask->nperiods + 1;
    struct report_metric_period *periods = arena_alloc(a, n * sizeof(*periods));
    double *v = arena_alloc(a, n * sizeof(*v));
    int rc;

    if (!m->people || !m->people->cell || ask->by_sex)
        return 0;
    memcpy(periods, ask->periods, ask->nperiods * sizeof(*periods));
    span_of(ask, &periods[ask->nperiods]);
    if (!batch->fresh) {
        if ((rc = report_summary_fresh(db)) < 0)
            return rc;
        batch->fresh = true;
    }
    if ((rc = report_metric_cells(db, a, m->people->cell, m->people->minutes, filters,
                                  ask->nfilters, periods, n, v, known)) < 0)
        return rc;
    for (size_t b = 0; b < n; b++)
        if (known[b])
            values[b].value = v[b];
    return 0;
}

/* One ask: DARS_EINVALID when it cannot be asked, values untouched. */
static int metric_values(struct db *db, struct arena *a, struct metric_batch *batch,
                         const struct report_metric_ask *ask, struct report_metric_value *values)
{
    struct report_filter filters[REPORT_MAX_FILTERS];
    struct report_sql s = { a, BUF_INIT, NULL, 0, 0 };
    struct metric m;
    struct db_stmt *st;
    json_t *errors = json_object();
    bool *known = NULL, all_known = true;
    int rc = DARS_EINVALID;

    if (!metric_read(ask->metric, &m, errors) ||
        !filters_read(a, &m, ask->filters, ask->nfilters, filters, errors) || !ask->nperiods)
        goto out;
    for (size_t i = 0; i < ask->nperiods; i++)
        if (!day_valid(ask->periods[i].from) || !day_valid(ask->periods[i].to) ||
            strcmp(ask->periods[i].from, ask->periods[i].to) > 0)
            goto out;
    memset(values, 0, (ask->nperiods + 1) * sizeof(*values));
    known = arena_zalloc(a, (ask->nperiods + 1) * sizeof(*known));
    if ((rc = metric_cells(db, a, batch, &m, ask, filters, values, known)) < 0)
        goto out;
    for (size_t b = 0; b <= ask->nperiods; b++)
        all_known &= known[b];
    if (all_known)
        goto done;

    if (!batch->zones && (rc = report_zones(db, a, &batch->zones, &batch->nzones)) < 0)
        goto out;
    bool split = ask->by_sex && m.person;
    const struct report_dim *sex = split ? report_dim_find("gender") : NULL;
    bool person = split;
    for (size_t i = 0; i < ask->nfilters; i++)
        person |= filters[i].dim->person;
    metric_with(&s, &m, ask, known, batch->zones, batch->nzones);
    metric_select(&s, &m, filters, ask->nfilters, person, NULL);
    if (sex) {
        /* the split in the same statement; the value stays its own count (see has_sex) */
        buf_adds(&s.sql, " UNION ALL ");
        metric_select(&s, &m, filters, ask->nfilters, person, sex);
    }
    if ((rc = db_query_once(db, &st, s.sql.ptr, s.args, s.nargs)) < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t b = db_col_int(st, 0);
        if (b < 0 || (size_t)b > ask->nperiods || known[b])
            continue;
        double v = strtod(db_col_text(st, 2), NULL);
        if (db_col_is_null(st, 1))
            values[b].value = v;
        else
            values[b].sex[sex_of(db_col_text(st, 1))] += v;
    }
    db_done(st);
    if (rc < 0)
        goto out;
    for (size_t b = 0; b <= ask->nperiods; b++)
        values[b].has_sex = split;
done:
    for (size_t b = 0; b <= ask->nperiods; b++) {
        if (m.people && m.people->minutes)
            round_hours(&values[b], 60.0);
        else if (m.module && m.module->how == REPORT_METRIC_SUM)
            round_hours(&values[b], 1.0);
    }
    rc = 0;
out:
    buf_release(&s.sql);
    json_decref(errors);
    return rc;
}

int reports_metric_values(struct db *db, struct arena *a, const struct report_metric_ask *ask,
                          struct report_metric_value *values)
{
    struct metric_batch batch = { NULL, 0, false };
    return metric_values(db, a, &batch, ask, values);
}

int reports_metric_values_each(struct db *db, struct arena *a,
                               const struct report_metric_ask *asks, size_t n,
                               struct report_metric_value *const *values, int *status)
{
    struct metric_batch batch = { NULL, 0, false };
    for (size_t i = 0; i < n; i++) {
        int rc = metric_values(db, a, &batch, &asks[i], values[i]);
        if (rc < 0 && rc != DARS_EINVALID)
            return rc;
        status[i] = rc;
    }
    return 0;
}
