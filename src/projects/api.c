/*
 * /api/v1/projects (DESIGN.md 6a): the projects a caller reads, creation and
 * changes by admins, indicators embedded and replaced by code, a soft
 * delete, and the sign-off of a finished period. Figures are counted on
 * every read of one project, never stored (but a signed-off period's).
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "core/val.h"
#include "db/db.h"
#include "http/api.h"
#include "view/form.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A number member: absent leaves *out, null clears *has (when has is given). */
static void field_num(struct arena *a, json_t *body, const char *name, json_t *errors,
                      double *out, bool *has)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return;
    if (json_is_null(v) && has)
        *has = false;
    else if (json_is_number(v)) {
        *out = json_number_value(v);
        if (has)
            *has = true;
    } else
        form_error(errors, name, has ? "must be a number or null" : "must be a number");
    UNUSED(a);
}

static void field_code(struct arena *a, json_t *body, const char *name, json_t *errors,
                       const char **out)
{
    api_field_str(body, name, errors, out);
    if (*out)
        *out = form_code_norm(a, *out);
}

static const char *at(struct arena *a, const char *prefix, const char *name)
{
    return arena_printf(a, "%s%s", prefix, name);
}

/* A member of an element of a list, its errors named "prefix" + name. */
static void sub_str(struct arena *a, json_t *o, const char *prefix, const char *name,
                    json_t *errors, const char **out)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return;
    if (json_is_string(v))
        *out = form_text_norm(a, json_string_value(v));
    else if (json_is_null(v))
        *out = "";
    else
        form_error(errors, at(a, prefix, name), "must be a string");
}

static void sub_num(struct arena *a, json_t *o, const char *prefix, const char *name,
                    json_t *errors, double *out)
{
    json_t *v = json_object_get(o, name);
    if (!v)
        return;
    if (json_is_number(v))
        *out = json_number_value(v);
    else
        form_error(errors, at(a, prefix, name), "must be a number");
}

static void periods_from_json(struct arena *a, json_t *list, const char *prefix, json_t *errors,
                              struct project_indicator *ind)
{
    size_t n = json_array_size(list);
    if (!json_is_array(list)) {
        form_error(errors, at(a, prefix, "periods"), "must be a list");
        return;
    }
    if (n > PROJECT_MAX_PERIODS)
        n = PROJECT_MAX_PERIODS + 1; /* enough for write.c to say there are too many */
    ind->periods = arena_zalloc(a, (n + 1) * sizeof(*ind->periods));
    ind->nperiods = n;
    for (size_t k = 0; k < n; k++) {
        json_t *o = json_array_get(list, k);
        const char *pre = arena_printf(a, "%speriods[%zu].", prefix, k);
        struct project_period *pp = &ind->periods[k];
        pp->target = NAN;
        if (!json_is_object(o)) {
            form_error(errors, arena_printf(a, "%speriods[%zu]", prefix, k), "must be an object");
            continue;
        }
        sub_str(a, o, pre, "starts_on", errors, &pp->starts_on);
        sub_str(a, o, pre, "ends_on", errors, &pp->ends_on);
        sub_num(a, o, pre, "target", errors, &pp->target);
    }
}

/* The filter object: string values only, stored as sorted compact JSON. */
static void filter_from_json(struct arena *a, json_t *v, const char *prefix, json_t *errors,
                             struct project_indicator *ind)
{
    const char *key;
    json_t *x;
    size_t i = 0;

    if (!v || json_is_null(v))
        v = NULL;
    else if (!json_is_object(v)) {
        form_error(errors, at(a, prefix, "filter"), "must be an object of report filters");
        return;
    }
    ind->filters = arena_alloc(a, (json_object_size(v) + 1) * sizeof(*ind->filters));
    if (v)
        json_object_foreach (v, key, x) {
            if (!json_is_string(x)) {
                form_error(errors, at(a, prefix, "filter"), "each filter's value is a string");
                return;
            }
            ind->filters[i++] = (struct report_metric_filter){ arena_strdup(a, key),
                                                               json_string_value(x) };
        }
    ind->nfilters = i;
    char *text = v ? json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    ind->filter_json = arena_strdup(a, text ? text : "{}");
    free(text);
}

static const struct project_indicator *base_indicator(const struct project *base,
                                                      const char *code)
{
    for (size_t i = 0; base && code && i < base->nindicators; i++)
        if (streq(base->indicators[i].code, code))
            return &base->indicators[i];
    return NULL;
}

static void indicators_from_json(struct req *r, const struct project *base, json_t *list,
                                 json_t *errors, struct project *out)
{
    struct arena *a = &r->arena;
    size_t n = json_array_size(list);

    if (!json_is_array(list)) {
        form_error(errors, "indicators", "must be a list");
        return;
    }
    if (n > PROJECT_MAX_INDICATORS)
        n = PROJECT_MAX_INDICATORS + 1;
    out->indicators = arena_zalloc(a, (n + 1) * sizeof(*out->indicators));
    out->nindicators = n;
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_array_get(list, i);
        const char *pre = arena_printf(a, "indicators[%zu].", i);
        struct project_indicator *ind = &out->indicators[i];
        ind->result = out->name;
        ind->result_type = "output";
        ind->target = NAN;
        if (!json_is_object(o)) {
            form_error(errors, arena_printf(a, "indicators[%zu]", i), "must be an object");
            continue;
        }
        sub_str(a, o, pre, "code", errors, &ind->code);
        if (ind->code)
            ind->code = form_code_norm(a, ind->code);
        sub_str(a, o, pre, "title", errors, &ind->title);
        sub_str(a, o, pre, "result", errors, &ind->result);
        if (ind->result && !*ind->result)
            ind->result = out->name;
        sub_str(a, o, pre, "result_type", errors, &ind->result_type);
        sub_str(a, o, pre, "metric", errors, &ind->metric);
        sub_num(a, o, pre, "baseline", errors, &ind->baseline);
        sub_num(a, o, pre, "target", errors, &ind->target);
        filter_from_json(a, json_object_get(o, "filter"), pre, errors, ind);
        json_t *periods = json_object_get(o, "periods");
        const struct project_indicator *was = base_indicator(base, ind->code);
        if (periods && !json_is_null(periods))
            periods_from_json(a, periods, pre, errors, ind);
        else if (was && was->nperiods) {
            ind->periods = was->periods; /* unchanged: signed-off ones stay as they are */
            ind->nperiods = was->nperiods;
        } else if (isfinite(ind->target))
            ind->nperiods = project_quarters(a, out->starts_on, out->ends_on, ind->metric,
                                             ind->target, &ind->periods);
    }
}

static void recipients_from_json(struct arena *a, json_t *v, json_t *errors,
                                 struct project *out)
{
    if (!v)
        return;
    if (json_is_null(v)) {
        out->nrecipients = 0;
        return;
    }
    if (!json_is_array(v)) {
        form_error(errors, "report_recipients", "must be a list of e-mail addresses");
        return;
    }
    size_t n = json_array_size(v);
    out->recipients = arena_alloc(a, (n + 1) * sizeof(char *));
    out->nrecipients = n;
    for (size_t i = 0; i < n; i++) {
        json_t *x = json_array_get(v, i);
        out->recipients[i] = json_is_string(x) ? form_text_norm(a, json_string_value(x)) : NULL;
    }
}

int project_from_json(struct req *r, const struct project *base, json_t *body, json_t *errors,
                      struct project *out, bool *with_indicators)
{
    struct arena *a = &r->arena;

    if (base)
        *out = *base;
    else {
        memset(out, 0, sizeof(*out));
        *out = (struct project){ .description = "", .funder = "", .currency = "USD",
                                 .status = "implementation", .iati_identifier = "",
                                 .reporting_org_ref = "", .reporting_org_name = "",
                                 .language = "en" };
    }
    if (!base)
        field_code(a, body, "code", errors, &out->code);
    api_field_str(body, "name", errors, &out->name);
    api_field_str(body, "description", errors, &out->description);
    api_field_str(body, "funder", errors, &out->funder);
    api_field_str(body, "starts_on", errors, &out->starts_on);
    api_field_str(body, "ends_on", errors, &out->ends_on);
    field_num(a, body, "budget", errors, &out->budget, &out->has_budget);
    field_code(a, body, "currency", errors, &out->currency);
    api_field_str(body, "status", errors, &out->status);
    api_field_str(body, "iati_identifier", errors, &out->iati_identifier);
    api_field_str(body, "language", errors, &out->language);
    field_code(a, body, "region", errors, &out->region);
    if (out->region && !*out->region)
        out->region = NULL;
    json_t *org = json_object_get(body, "reporting_org");
    if (org && json_is_object(org)) {
        sub_str(a, org, "reporting_org.", "ref", errors, &out->reporting_org_ref);
        sub_str(a, org, "reporting_org.", "name", errors, &out->reporting_org_name);
    } else if (org && !json_is_null(org))
        form_error(errors, "reporting_org", "must be an object with ref and name");
    /* text as stored: trimmed, NFC (NULL when not UTF-8: write.c says so) */
    const char **texts[] = { &out->name, &out->description, &out->funder, &out->iati_identifier };
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
        if (*texts[i])
            *texts[i] = form_text_norm(a, *texts[i]);
    recipients_from_json(a, json_object_get(body, "report_recipients"), errors, out);
    json_t *inds = json_object_get(body, "indicators");
    *with_indicators = !base || inds;
    if (inds)
        indicators_from_json(r, base, inds, errors, out);
    else if (!base)
        out->nindicators = 0;
    return json_object_size(errors) ? DARS_EINVALID : 0;
}

/* One row of the list: the project without its indicators (each would cost a count). */
static json_t *list_row(struct req *r, struct db_stmt *st, struct project *p)
{
    project_row(&r->arena, st, p);
    return project_may_read(r, p) ? project_json(r, p, false) : NULL;
}

/* GET /api/v1/projects */
int projects_api_list(struct req *r)
{
    struct api_page pg;
    struct db_stmt *st;
    json_t *items;
    int64_t last = 0, next = 0;
    int rc;

    if (!accounts_reads_reports(r))
        return DARS_EDENIED;
    if (api_page_begin(r, &pg) < 0)
        return 0;
    /* read on past rows outside the scope: projects are few, one statement still */
    if ((rc = db_query(r->db, &st, pj_after_sql, DB_ARGS(DB_INT(pg.after), DB_INT(100000)))) < 0)
        return rc;
    items = json_array();
    while ((rc = db_step(st)) == DB_ROW) {
        struct project p;
        json_t *o = list_row(r, st, &p);
        if (!o)
            continue;
        if ((int64_t)json_array_size(items) == pg.limit) {
            json_decref(o);
            next = last;
            break;
        }
        json_array_append_new(items, o);
        last = p.id;
    }
    db_done(st);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    return api_page_send(r, &pg, items, next);
}

static int answer(struct req *r, int status, const char *code)
{
    struct project p;
    int rc;
    if ((rc = project_load(r->db, &r->arena, code, &p)) < 0 ||
        (rc = project_actuals(r->db, &r->arena, &p, false)) < 0)
        return rc;
    return http_json(r, status, project_json(r, &p, true));
}

/* GET /api/v1/projects/:code */
int projects_api_get(struct req *r)
{
    struct project p;
    int rc;
    if (!accounts_reads_reports(r))
        return DARS_EDENIED;
    if ((rc = project_get_readable(r, &p)) < 0 ||
        (rc = project_actuals(r->db, &r->arena, &p, false)) < 0)
        return rc;
    return http_json(r, 200, project_json(r, &p, true));
}

static int api_write(struct req *r, const struct project *old, json_t *body)
{
    json_t *errors = json_object();
    struct project in;
    bool with_indicators;
    int64_t id;
    int rc;

    if (project_from_json(r, old, body, errors, &in, &with_indicators) < 0)
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, project_write(r, old, &in, with_indicators, errors, &id));
    if (rc == DARS_ECONFLICT) {
        const char *key;
        json_t *v;
        const char *detail = "the change conflicts with what is stored";
        json_object_foreach (errors, key, v)
            detail = arena_strdup(&r->arena, json_string_value(v));
        json_decref(errors);
        return http_problem(r, 409, "Conflict", detail);
    }
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return answer(r, old ? 200 : 201, in.code);
}

/* POST /api/v1/projects */
int projects_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/projects/:code */
int projects_api_patch(struct req *r)
{
    struct project p;
    json_t *body = http_json_body(r);
    int rc;
    if (!body)
        return 0;
    if ((rc = project_load(r->db, &r->arena, form_code_norm(&r->arena, r->params[0]), &p)) < 0)
        return rc;
    return api_write(r, &p, body);
}

/* DELETE /api/v1/projects/:code */
int projects_api_delete(struct req *r)
{
    struct project p;
    int rc;
    if ((rc = project_load(r->db, &r->arena, form_code_norm(&r->arena, r->params[0]), &p)) < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, project_delete(r, &p));
    if (rc < 0)
        return rc;
    return http_send(r, 204, "text/plain", "", 0);
}

/* POST /api/v1/projects/:code/signoffs {"starts_on", "ends_on"} */
int projects_api_signoff(struct req *r)
{
    struct project p;
    json_t *body = http_json_body(r), *errors;
    const char *starts = NULL, *ends = NULL;
    int rc;

    if (!body)
        return 0;
    if ((rc = project_load(r->db, &r->arena, form_code_norm(&r->arena, r->params[0]), &p)) < 0)
        return rc;
    errors = json_object();
    api_field_str(body, "starts_on", errors, &starts);
    api_field_str(body, "ends_on", errors, &ends);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = project_actuals(r->db, &r->arena, &p, true)) < 0) {
        json_decref(errors);
        return rc;
    }
    rc = project_signoff(r, &p, starts, ends, errors);
    if (rc == DARS_ECONFLICT) {
        json_decref(errors);
        return http_problem(r, 409, "Already signed off", "this period is already signed off");
    }
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return answer(r, 201, p.code);
}
