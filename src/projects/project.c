/*
 * The project store: a project read whole in a fixed number of statements
 * (project_load), who may read it, and the project as the API gives it.
 * Checking and writing a new state is write.c's; the figures are figures.c's.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const project_statuses[4] = { "pipeline", "implementation", "finalisation",
                                          "closed" };
const char *const project_result_types[3] = { "output", "outcome", "impact" };

static const char *copy(struct arena *a, struct db_stmt *st, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

/* A DOUBLE PRECISION column read as text (both engines write it so), 0 when NULL. */
static double num(struct db_stmt *st, int col)
{
    return db_col_is_null(st, col) ? 0 : strtod(db_col_text(st, col), NULL);
}

void project_row(struct arena *a, struct db_stmt *st, struct project *p)
{
    memset(p, 0, sizeof(*p));
    p->id = db_col_int(st, 0);
    p->code = copy(a, st, 1);
    p->name = copy(a, st, 2);
    p->description = copy(a, st, 3);
    p->funder = copy(a, st, 4);
    p->starts_on = copy(a, st, 5);
    p->ends_on = copy(a, st, 6);
    p->has_budget = !db_col_is_null(st, 7);
    p->budget = num(st, 7);
    p->currency = copy(a, st, 8);
    p->status = copy(a, st, 9);
    p->iati_identifier = copy(a, st, 10);
    p->reporting_org_ref = copy(a, st, 11);
    p->reporting_org_name = copy(a, st, 12);
    p->region = copy(a, st, 13);
    p->language = copy(a, st, 14);
    p->created_at = copy(a, st, 15);
    p->updated_at = copy(a, st, 16);
    p->region_id = db_col_int(st, 17);
}

/* The indicator's filters from its stored JSON object, keys in order, values as text. */
static int filters_parse(struct arena *a, struct project_indicator *ind)
{
    json_error_t jerr;
    json_t *o = json_loads(ind->filter_json, 0, &jerr);
    const char *key;
    json_t *v;
    size_t i = 0;

    ind->filters = NULL;
    ind->nfilters = 0;
    if (!o || !json_is_object(o)) {
        json_decref(o);
        return DARS_ERR; /* written by project_write only: never happens */
    }
    ind->filters = arena_alloc(a, (json_object_size(o) + 1) * sizeof(*ind->filters));
    json_object_foreach (o, key, v)
        if (json_is_string(v))
            ind->filters[i++] = (struct report_metric_filter){ arena_strdup(a, key),
                                                               arena_strdup(a, json_string_value(
                                                                                   v)) };
    ind->nfilters = i;
    json_decref(o);
    return 0;
}

static int load_recipients(struct db *db, struct arena *a, struct project *p)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_query(db, &st, pj_recipients_sql, DB_ARGS(DB_INT(p->id)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        p->recipients = arena_grow(a, p->recipients, p->nrecipients, &cap,
                                   sizeof(*p->recipients));
        p->recipients[p->nrecipients++] = copy(a, st, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int load_indicators(struct db *db, struct arena *a, struct project *p)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, pj_indicators_sql, DB_ARGS(DB_INT(p->id)));
    if (rc < 0)
        return rc;
    p->indicators = arena_zalloc(a, PROJECT_MAX_INDICATORS * 2 * sizeof(*p->indicators));
    while ((rc = db_step(st)) == DB_ROW && p->nindicators < PROJECT_MAX_INDICATORS * 2) {
        struct project_indicator *ind = &p->indicators[p->nindicators++];
        ind->id = db_col_int(st, 0);
        ind->code = copy(a, st, 1);
        ind->title = copy(a, st, 2);
        ind->result = copy(a, st, 3);
        ind->result_type = copy(a, st, 4);
        ind->metric = copy(a, st, 5);
        ind->filter_json = copy(a, st, 6);
        ind->baseline = num(st, 7);
        ind->target = num(st, 8);
        if (filters_parse(a, ind) < 0)
            ind->filter_json = "{}";
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static struct project_indicator *indicator_by_id(struct project *p, int64_t id)
{
    for (size_t i = 0; i < p->nindicators; i++)
        if (p->indicators[i].id == id)
            return &p->indicators[i];
    return NULL;
}

/* The frozen split by sex, as signoff.c writes it: [female, male, other, unknown]. */
static void signed_sex_parse(const char *text, struct project_period *pp)
{
    json_t *v = text ? json_loads(text, 0, NULL) : NULL;
    if (json_is_array(v) && json_array_size(v) == REPORT_NSEXES) {
        pp->signed_has_sex = true;
        for (size_t i = 0; i < REPORT_NSEXES; i++)
            pp->signed_sex[i] = json_number_value(json_array_get(v, i));
    }
    json_decref(v);
}

/* Every period of every indicator in one statement, handed out in the indicators' order. */
static int load_periods(struct db *db, struct arena *a, struct project *p)
{
    struct db_stmt *st;
    size_t total = 0, *cap;
    int rc = db_query(db, &st, pj_periods_sql, DB_ARGS(DB_INT(p->id)));
    if (rc < 0)
        return rc;
    cap = arena_zalloc(a, (p->nindicators + 1) * sizeof(size_t));
    while ((rc = db_step(st)) == DB_ROW) {
        struct project_indicator *ind = indicator_by_id(p, db_col_int(st, 0));
        if (!ind || total++ > PROJECT_MAX_INDICATORS * PROJECT_MAX_PERIODS * 2)
            continue;
        size_t k = (size_t)(ind - p->indicators);
        /* zeroed: a period not signed off has no signed values */
        ind->periods = arena_grow_zeroed(a, ind->periods, ind->nperiods, &cap[k],
                                         sizeof(*ind->periods));
        struct project_period *pp = &ind->periods[ind->nperiods++];
        pp->id = db_col_int(st, 1);
        pp->starts_on = copy(a, st, 2);
        pp->ends_on = copy(a, st, 3);
        pp->target = num(st, 4);
        pp->signed_off = !db_col_is_null(st, 5);
        pp->signed_value = num(st, 5);
        if (pp->signed_off) {
            signed_sex_parse(db_col_is_null(st, 6) ? NULL : db_col_text(st, 6), pp);
            pp->signed_by = copy(a, st, 7);
            pp->signed_at = copy(a, st, 8);
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int project_load(struct db *db, struct arena *a, const char *code, struct project *p)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, pj_by_code_sql, DB_ARGS(DB_TEXT(code)));
    if (rc < 0)
        return rc;
    project_row(a, st, p);
    db_done(st);
    if ((rc = load_recipients(db, a, p)) < 0 || (rc = load_indicators(db, a, p)) < 0)
        return rc;
    return load_periods(db, a, p);
}

bool project_may_read(const struct req *r, const struct project *p)
{
    if (!r->user)
        return false;
    if (r->user->reads_all)
        return true;
    return p->region_id && accounts_reads_region(r, p->region_id);
}

int project_get_readable(struct req *r, struct project *p)
{
    int rc = project_load(r->db, &r->arena, form_code_norm(&r->arena, r->params[0]), p);
    if (rc < 0)
        return rc;
    return project_may_read(r, p) ? 0 : DARS_EDENIED;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool project_is_day(const char *s)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || !time_shaped(s, "9999-99-99") ||
        sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return false;
    return y >= 1900 && y <= 9998 && m >= 1 && m <= 12 && d >= 1 && d <= month_days(y, m);
}

const char *project_num(struct arena *a, double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        return arena_printf(a, "%lld", (long long)v);
    for (int prec = 1; prec <= 17; prec++) {
        const char *s = arena_printf(a, "%.*g", prec, v);
        if (strtod(s, NULL) == v)
            return s;
    }
    return arena_printf(a, "%.17g", v);
}

size_t project_quarters(struct arena *a, const char *starts_on, const char *ends_on,
                        const char *metric, double target, struct project_period **out)
{
    int y, m, d, ey, em, ed;
    size_t n = 0;
    struct project_period *v;

    *out = NULL;
    if (!project_is_day(starts_on) || !project_is_day(ends_on) || strcmp(starts_on, ends_on) > 0)
        return 0;
    sscanf(starts_on, "%4d-%2d-%2d", &y, &m, &d);
    sscanf(ends_on, "%4d-%2d-%2d", &ey, &em, &ed);
    int first = y * 4 + (m - 1) / 3, last = ey * 4 + (em - 1) / 3;
    if (last - first + 1 > PROJECT_MAX_PERIODS)
        return 0;
    v = arena_zalloc(a, (size_t)(last - first + 1) * sizeof(*v));
    bool whole = target == floor(target) && fabs(target) < 1e15;
    bool stock = project_metric_stock(metric);
    size_t count = (size_t)(last - first + 1);
    for (int q = first; q <= last; q++, n++) {
        int qy = q / 4, qm = (q % 4) * 3 + 1;
        const char *qs = arena_printf(a, "%04d-%02d-01", qy, qm);
        const char *qe = arena_printf(a, "%04d-%02d-%02d", qy, qm + 2, month_days(qy, qm + 2));
        v[n].starts_on = strcmp(qs, starts_on) < 0 ? arena_strdup(a, starts_on) : qs;
        v[n].ends_on = strcmp(qe, ends_on) > 0 ? arena_strdup(a, ends_on) : qe;
        double upto = target * (double)(n + 1) / (double)count;
        if (stock)
            /* a level each quarter's end should reach: 6 over four quarters is 2, 3, 5, 6 */
            v[n].target = whole ? floor(upto + 0.5) : upto;
        else
            /* whole targets in whole shares that add up exactly: floor(T*(i+1)/n) - floor(T*i/n) */
            v[n].target = whole ? floor(upto) - floor(target * (double)n / (double)count)
                                : target / (double)count;
    }
    *out = v;
    return n;
}

int project_delete(struct req *r, const struct project *p)
{
    char now[TIME_ISO_LEN];
    struct actor who = audit_actor(r);
    int rc;

    time_now_iso(now);
    if ((rc = db_exec(r->db, pj_delete_sql, DB_ARGS(DB_TEXT(now), DB_TEXT(now),
                                                     DB_INT(p->id)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "code", p->code, "");
    rc = audit_record_id(r->db, &who, "project.delete", "project", p->id, changes);
    json_decref(changes);
    return rc;
}

static json_t *sex_json(const double sex[REPORT_NSEXES])
{
    static const char *const names[REPORT_NSEXES] = { "female", "male", "other", "unknown" };
    json_t *o = json_object();
    for (size_t i = 0; i < REPORT_NSEXES; i++)
        json_object_set_new(o, names[i], json_real(sex[i]));
    return o;
}

/* A number as JSON: an integer when it is whole, so 16000 reads as 16000, not 16000.0. */
static json_t *number_json(double v)
{
    if (v == floor(v) && fabs(v) < 1e15)
        return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *progress_json(double actual, double target)
{
    return target > 0 ? json_real(round(actual / target * 10000) / 10000) : json_null();
}

static json_t *period_json(const struct project_indicator *ind, const struct project_period *pp)
{
    json_t *o = json_pack("{s:s, s:s, s:o}", "starts_on", pp->starts_on, "ends_on", pp->ends_on,
                          "target", number_json(pp->target));
    if (ind->counted || pp->signed_off) {
        double value = project_period_value(pp);
        json_object_set_new(o, "actual", number_json(value));
        json_object_set_new(o, "progress", progress_json(value, pp->target));
    } else {
        /* as on the indicator: the metric cannot be counted here */
        json_object_set_new(o, "actual", json_null());
        json_object_set_new(o, "progress", json_null());
    }
    if (pp->signed_off) {
        json_t *s = json_pack("{s:o, s:s?, s:s?}", "value", number_json(pp->signed_value), "by",
                              pp->signed_by, "at", pp->signed_at);
        if (pp->signed_has_sex)
            json_object_set_new(s, "by_sex", sex_json(pp->signed_sex));
        json_object_set_new(o, "signed", s);
        if (ind->counted) {
            /* what the records say now against what was signed: shown, never applied */
            json_object_set_new(o, "current", number_json(pp->actual.value));
            json_object_set_new(o, "difference",
                                number_json(pp->actual.value - pp->signed_value));
        }
    } else
        json_object_set_new(o, "signed", json_null());
    return o;
}

static json_t *indicator_json(const struct project_indicator *ind)
{
    json_t *filter = json_loads(ind->filter_json, 0, NULL);
    json_t *periods = json_array();
    for (size_t i = 0; i < ind->nperiods; i++)
        json_array_append_new(periods, period_json(ind, &ind->periods[i]));
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:o, s:o}", "code", ind->code,
                          "title", ind->title, "result", ind->result, "result_type",
                          ind->result_type, "metric", ind->metric, "filter",
                          filter ? filter : json_object(), "baseline",
                          number_json(ind->baseline), "target", number_json(ind->target),
                          "periods", periods);
    if (ind->counted) {
        json_object_set_new(o, "actual", number_json(ind->actual.value));
        json_object_set_new(o, "progress", progress_json(ind->actual.value, ind->target));
    } else {
        json_object_set_new(o, "actual", json_null());
        json_object_set_new(o, "progress", json_null());
    }
    return o;
}

json_t *project_json(struct req *r, const struct project *p, bool with_indicators)
{
    json_t *recipients = json_array();
    for (size_t i = 0; i < p->nrecipients; i++)
        json_array_append_new(recipients, json_string(p->recipients[i]));
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:{s:s, s:s}, s:o, s:s?, s:s, s:s, "
        "s:s}",
        "code", p->code, "name", p->name, "description", p->description, "funder", p->funder,
        "starts_on", p->starts_on, "ends_on", p->ends_on, "budget",
        p->has_budget ? number_json(p->budget) : json_null(), "currency", p->currency, "status",
        p->status, "iati_identifier", p->iati_identifier, "reporting_org", "ref",
        p->reporting_org_ref, "name", p->reporting_org_name, "report_recipients", recipients,
        "region", p->region, "language", p->language, "created_at", p->created_at, "updated_at",
        p->updated_at);
    UNUSED(r);
    if (with_indicators) {
        json_t *list = json_array();
        for (size_t i = 0; i < p->nindicators; i++)
            json_array_append_new(list, indicator_json(&p->indicators[i]));
        json_object_set_new(o, "indicators", list);
    }
    return o;
}
