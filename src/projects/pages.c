/*
 * The admin pages of projects: the list (every reader sees the projects in
 * their scope) and the new and edit forms, which need no script: a block of
 * fields per indicator, the project's own and two blank ones for adding,
 * periods typed one a line. Errors are named as the API names them.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "core/i18n.h"
#include "core/url.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "view/view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* blank indicator blocks under the form's own, for adding */
#define BLANK_INDICATORS 2

/* The metrics of the contract (DESIGN.md 6a), for the form's list. */
static const struct {
    const char *name, *label;
} metrics[] = {
    { "people_enrolled", N_("People enrolled") },
    { "people_completed", N_("People completed") },
    { "people_certified", N_("People certified") },
    { "learning_hours", N_("Learning hours") },
    { "events_held", N_("Events held") },
    { "event_participants", N_("Event participants (checked in)") },
    { "mentors_active", N_("Mentors active") },
    { "mentors_developed", N_("Mentors developed") },
    { "mentoring_hours", N_("Mentoring hours") },
    { "centres_equipped", N_("Centres equipped") },
};

static const char *metric_label(const char *lang, const char *metric)
{
    for (size_t i = 0; i < ARRAY_SIZE(metrics); i++)
        if (streq(metrics[i].name, metric))
            return _(lang, metrics[i].label);
    return metric;
}

const char *project_status_label(const char *lang, const char *status)
{
    if (streq(status, "pipeline"))
        return _(lang, "Pipeline");
    if (streq(status, "implementation"))
        return _(lang, "Implementation");
    if (streq(status, "finalisation"))
        return _(lang, "Finalisation");
    return _(lang, "Closed");
}

const char *project_metric_label(const char *lang, const char *metric)
{
    return metric_label(lang, metric);
}

/* GET /admin/projects */
int projects_list_page(struct req *r)
{
    struct db_stmt *st;
    struct arena *a = &r->arena;
    int rc;

    if (!accounts_reads_reports(r))
        return DARS_EDENIED;
    if ((rc = db_query(r->db, &st, pj_list_sql, DB_NOARGS)) < 0)
        return rc;
    struct val *items = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        struct project p;
        project_row(a, st, &p);
        if (!project_may_read(r, &p))
            continue;
        val_push(items,
                 val_pack(a, "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "code",
                          val_str_ref(a, p.code), "name", val_str_ref(a, p.name), "url",
                          val_str_ref(a, arena_printf(a, "/admin/projects/%s",
                                                      url_encode(a, p.code))),
                          "funder", val_str_ref(a, p.funder), "dates",
                          val_str_ref(a, arena_printf(a, "%s – %s", view_date(r, p.starts_on),
                                                      view_date(r, p.ends_on))),
                          "status", val_str_ref(a, project_status_label(r->lang, p.status)),
                          "region",
                          val_str_ref(a, p.region ? p.region : _(r->lang, "National"))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(a, "{s:s, s:o, s:b, s:b}", "title", _(r->lang, "Projects"), "items",
                               items, "has_items", val_len(items) > 0, "can_create",
                               r->user->is_admin);
    form_crumbs(r, ctx, NULL);
    return view_page(r, "projects_list", ctx);
}

/* ---- the form ---- */

static const char *S(const char *s)
{
    return s ? s : "";
}

static const char *num_text(struct arena *a, double v)
{
    return isfinite(v) ? project_num(a, v) : "";
}

/* The periods one a line: "2026-01-01 2026-03-31 4000". */
static const char *periods_text(struct arena *a, const struct project_indicator *ind)
{
    struct buf b = BUF_INIT;
    for (size_t k = 0; k < ind->nperiods; k++)
        buf_addf(&b, "%s %s %s\n", S(ind->periods[k].starts_on), S(ind->periods[k].ends_on),
                 num_text(a, ind->periods[k].target));
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

/* The filters as typed: "region=BAK, gender=female". */
static const char *filters_text(struct arena *a, const struct project_indicator *ind)
{
    const char *s = "";
    for (size_t i = 0; i < ind->nfilters; i++)
        s = arena_printf(a, "%s%s%s=%s", s, i ? ", " : "", ind->filters[i].name,
                         ind->filters[i].value);
    return s;
}

/* The translated error of a field, or NULL. */
static const char *err(struct req *r, json_t *errors, const char *field)
{
    json_t *v = errors ? json_object_get(errors, field) : NULL;
    return v ? _(r->lang, json_string_value(v)) : NULL;
}

/* The first error of an indicator's periods, their own or one of a period. */
static const char *periods_err(struct req *r, json_t *errors, size_t i)
{
    const char *prefix = arena_printf(&r->arena, "indicators[%zu].periods", i), *key;
    json_t *v;
    json_object_foreach (errors, key, v)
        if (!strncmp(key, prefix, strlen(prefix)))
            return _(r->lang, json_string_value(v));
    return NULL;
}

static struct val *indicator_block(struct req *r, size_t i, const struct project_indicator *ind,
                                   json_t *errors)
{
    struct arena *a = &r->arena;
    struct val *opts = val_list(a);
    for (size_t m = 0; m < ARRAY_SIZE(metrics); m++)
        val_push(opts, val_pack(a, "{s:o, s:o, s:b}", "value", val_str_ref(a, metrics[m].name),
                                "label", val_str_ref(a, _(r->lang, metrics[m].label)),
                                "selected", ind && streq(S(ind->metric), metrics[m].name)));
    struct val *types = val_list(a);
    for (size_t t = 0; t < ARRAY_SIZE(project_result_types); t++)
        val_push(types, val_pack(a, "{s:o, s:b}", "value", val_str_ref(a, project_result_types[t]),
                                 "selected", streq(ind && ind->result_type ? ind->result_type
                                                                            : "output",
                                                   project_result_types[t])));
    const char *p = arena_printf(a, "indicators[%zu].", i);
    struct val *b = val_pack(
        a, "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o, s:b}", "n",
        (json_int_t)(i + 1), "i", (json_int_t)i, "code", ind ? S(ind->code) : "", "title",
        ind ? S(ind->title) : "", "result", ind ? S(ind->result) : "", "baseline",
        ind ? num_text(a, ind->baseline) : "", "target", ind ? num_text(a, ind->target) : "",
        "filter", ind ? filters_text(a, ind) : "", "periods", ind ? periods_text(a, ind) : "",
        "prefix", p, "metrics", opts, "types", types, "blank", ind == NULL);
    static const char *const names[] = { "code",   "title",  "result", "result_type",
                                         "metric", "filter", "baseline", "target" };
    struct val *e = val_set_object(b, "err");
    for (size_t k = 0; k < ARRAY_SIZE(names); k++) {
        const char *m = err(r, errors, arena_printf(a, "%s%s", p, names[k]));
        if (m)
            val_set_str(e, names[k], m);
    }
    const char *pm = errors ? periods_err(r, errors, i) : NULL;
    if (pm)
        val_set_str(e, "periods", pm);
    return b;
}

static int region_options(struct req *r, const char *sel, struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, org_report_regions_sql, DB_ARGS(DB_TEXT(r->lang)));
    if (rc < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW)
        val_push(list, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", db_col_text(st, 1),
                                "label",
                                arena_printf(&r->arena, "%s (%s)", db_col_text(st, 2),
                                             db_col_text(st, 1)),
                                "selected", sel && streq(sel, db_col_text(st, 1))));
    db_done(st);
    *out = list;
    return rc < 0 ? rc : 0;
}

static int project_form(struct req *r, int status, const struct project *old,
                        const struct project *f, json_t *errors)
{
    struct arena *a = &r->arena;
    struct val *regions, *statuses = val_list(a), *langs = val_list(a);
    int rc;

    if ((rc = region_options(r, f->region, &regions)) < 0)
        return rc;
    for (size_t i = 0; i < ARRAY_SIZE(project_statuses); i++)
        val_push(statuses, val_pack(a, "{s:o, s:o, s:b}", "value",
                                    val_str_ref(a, project_statuses[i]), "label",
                                    val_str_ref(a, project_status_label(r->lang,
                                                                        project_statuses[i])),
                                    "selected", streq(S(f->status), project_statuses[i])));
    for (size_t i = 0; i < i18n_nlangs; i++)
        val_push(langs, val_pack(a, "{s:o, s:o, s:b}", "value", val_str_ref(a, i18n_langs[i]),
                                 "label", val_str_ref(a, i18n_lang_name(i18n_langs[i])),
                                 "selected", streq(S(f->language), i18n_langs[i])));
    struct val *inds = val_list(a);
    for (size_t i = 0; i < f->nindicators; i++)
        val_push(inds, indicator_block(r, i, &f->indicators[i], errors));
    for (size_t i = 0; i < BLANK_INDICATORS; i++)
        val_push(inds, indicator_block(r, f->nindicators + i, NULL, errors));
    const char *recipients = "";
    for (size_t i = 0; i < f->nrecipients; i++)
        recipients = arena_printf(a, "%s%s%s", recipients, i ? "\n" : "", S(f->recipients[i]));
    const char *base = old ? arena_printf(a, "/admin/projects/%s", url_encode(a, old->code)) : NULL;
    struct val *ctx = val_pack(
        a,
        "{s:s, s:s, s:s, s:b, s:o, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
        "s:s, s:s, s:s, s:s}}",
        "title", old ? old->name : _(r->lang, "New project"), "action",
        old ? arena_printf(a, "%s/edit", base) : "/admin/projects", "submit",
        old ? _(r->lang, "Save changes") : _(r->lang, "Add project"), "editing", old != NULL,
        "regions", regions, "statuses", statuses, "langs", langs, "indicators", inds, "f",
        "code", S(f->code), "name", S(f->name), "description", S(f->description), "funder",
        S(f->funder), "starts_on", S(f->starts_on), "ends_on", S(f->ends_on), "budget",
        f->has_budget ? num_text(a, f->budget) : "", "currency", S(f->currency),
        "iati_identifier", S(f->iati_identifier), "org_ref", S(f->reporting_org_ref),
        "org_name", S(f->reporting_org_name), "recipients", recipients);
    /* the summary links to the field: the reporting org's ids have no dot */
    if (errors) {
        form_error_move(errors, "reporting_org.ref", "org_ref");
        form_error_move(errors, "reporting_org.name", "org_name");
        const char *key;
        json_t *v;
        void *tmp;
        json_object_foreach_safe (errors, tmp, key, v)
            if (!strncmp(key, "report_recipients[", 18))
                form_error_move(errors, key, "report_recipients");
    }
    if (old)
        form_crumbs(r, ctx, _(r->lang, "Projects"), "/admin/projects", old->name, base, NULL);
    else
        form_crumbs(r, ctx, _(r->lang, "Projects"), "/admin/projects", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "projects_form", ctx);
}

static bool blank(const char *s)
{
    return !s || !*s;
}

/* A number typed in a field: NAN when it is not one ("" too, unless empty is allowed). */
static double typed_num(const char *s, double empty)
{
    char *end;
    if (blank(s))
        return empty;
    double v = strtod(s, &end);
    while (*end == ' ')
        end++;
    return *end || !isfinite(v) ? NAN : v;
}

/* "region=BAK, gender=female" into filters; false when a pair has no '='. */
static bool filters_read(struct arena *a, const char *s, struct project_indicator *ind)
{
    json_t *o = json_object();
    char *copy = arena_strdup(a, s ? s : ""), *save = NULL, *part;
    bool ok = true;
    for (part = strtok_r(copy, ",;", &save); part; part = strtok_r(NULL, ",;", &save)) {
        char *eq = strchr(part, '=');
        const char *name, *value;
        if (!eq) {
            if (*form_text_norm(a, part))
                ok = false;
            continue;
        }
        *eq = '\0';
        name = form_text_norm(a, part);
        value = form_text_norm(a, eq + 1);
        if (!name || !value || !*name || !*value) {
            ok = false;
            continue;
        }
        json_object_set_new(o, name, json_string(value));
    }
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    ind->filter_json = arena_strdup(a, text);
    free(text);
    ind->filters = arena_alloc(a, (json_object_size(o) + 1) * sizeof(*ind->filters));
    ind->nfilters = 0;
    const char *key;
    json_t *v;
    json_object_foreach (o, key, v)
        ind->filters[ind->nfilters++] = (struct report_metric_filter){
            arena_strdup(a, key), arena_strdup(a, json_string_value(v)) };
    json_decref(o);
    return ok;
}

/* The periods typed one a line; false when a line is not "first last target". */
static bool periods_read(struct arena *a, const char *s, struct project_indicator *ind)
{
    char *copy = arena_strdup(a, s ? s : ""), *save = NULL, *line;
    size_t cap = 0;
    ind->periods = NULL;
    ind->nperiods = 0;
    for (line = strtok_r(copy, "\r\n", &save); line; line = strtok_r(NULL, "\r\n", &save)) {
        char from[32], to[32], target[64], extra[2];
        if (!*form_text_norm(a, line))
            continue;
        if (sscanf(line, "%31s %31s %63s %1s", from, to, target, extra) != 3)
            return false;
        /* zeroed: what the form does not say (id, signed values) is zero */
        ind->periods = arena_grow_zeroed(a, ind->periods, ind->nperiods, &cap,
                                         sizeof(*ind->periods));
        struct project_period *pp = &ind->periods[ind->nperiods++];
        pp->starts_on = arena_strdup(a, from);
        pp->ends_on = arena_strdup(a, to);
        pp->target = typed_num(target, NAN);
        if (ind->nperiods > PROJECT_MAX_PERIODS)
            break;
    }
    return true;
}

/*
 * The form as typed into f; blank indicator blocks are dropped, so the
 * errors name the indicators in f's order, and the form shown again lists
 * them in that order.
 */
static void form_read(struct req *r, const struct project *old, struct project *f,
                      json_t *errors)
{
    struct arena *a = &r->arena;
    memset(f, 0, sizeof(*f));
    f->code = old ? old->code : form_code_norm(a, form_value(r, "code"));
    f->name = form_text_norm(a, form_value(r, "name"));
    f->description = form_text_norm(a, form_value(r, "description"));
    f->funder = form_text_norm(a, form_value(r, "funder"));
    f->starts_on = form_text_norm(a, form_value(r, "starts_on"));
    f->ends_on = form_text_norm(a, form_value(r, "ends_on"));
    const char *budget = form_text_norm(a, form_value(r, "budget"));
    f->has_budget = !blank(budget);
    f->budget = typed_num(budget, 0);
    f->currency = form_code_norm(a, form_value(r, "currency"));
    f->status = form_value(r, "status");
    f->iati_identifier = form_text_norm(a, form_value(r, "iati_identifier"));
    f->reporting_org_ref = form_text_norm(a, form_value(r, "org_ref"));
    f->reporting_org_name = form_text_norm(a, form_value(r, "org_name"));
    f->region = form_value(r, "region");
    if (blank(f->region))
        f->region = NULL;
    f->language = form_value(r, "language");
    /* recipients: one a line, or separated by commas */
    char *rs = arena_strdup(a, form_value(r, "recipients")), *save = NULL, *one;
    f->recipients = arena_alloc(a, (PROJECT_MAX_RECIPIENTS + 2) * sizeof(char *));
    for (one = strtok_r(rs, ",;\r\n", &save); one; one = strtok_r(NULL, ",;\r\n", &save)) {
        const char *e = form_text_norm(a, one);
        if (e && *e && f->nrecipients <= PROJECT_MAX_RECIPIENTS)
            f->recipients[f->nrecipients++] = e;
    }

    size_t n = (old ? old->nindicators : 0) + BLANK_INDICATORS;
    for (size_t i = 0; i < PROJECT_MAX_INDICATORS + BLANK_INDICATORS; i++) {
        const char *p = arena_printf(a, "indicators[%zu].", i);
        if (http_form(r, arena_printf(a, "%scode", p)))
            n = n > i + 1 ? n : i + 1;
    }
    f->indicators = arena_zalloc(a, (n + 1) * sizeof(*f->indicators));
    for (size_t i = 0; i < n; i++) {
        const char *p = arena_printf(a, "indicators[%zu].", i);
#define FIELD(name) form_text_norm(a, form_value(r, arena_printf(a, "%s" name, p)))
        const char *code = FIELD("code"), *title = FIELD("title"), *metric = FIELD("metric"),
                   *target = FIELD("target"), *periods = FIELD("periods");
        if (blank(code) && blank(title) && blank(target) && blank(periods))
            continue; /* a blank block, or one emptied to remove its indicator */
        size_t k = f->nindicators++;
        struct project_indicator *ind = &f->indicators[k];
        ind->code = form_code_norm(a, S(code));
        ind->title = title;
        ind->result = FIELD("result");
        if (blank(ind->result))
            ind->result = f->name;
        ind->result_type = FIELD("result_type");
        if (blank(ind->result_type))
            ind->result_type = "output";
        ind->metric = metric;
        ind->baseline = typed_num(FIELD("baseline"), 0);
        ind->target = typed_num(target, NAN);
        const char *pk = arena_printf(a, "indicators[%zu].", k);
        if (!filters_read(a, FIELD("filter"), ind))
            form_error(errors, arena_printf(a, "%sfilter", pk),
                       N_("Write filters as name=value, separated by commas"));
        if (!periods_read(a, periods, ind))
            form_error(errors, arena_printf(a, "%speriods", pk),
                       N_("Write one period a line: first day, last day, target"));
        else if (ind->nperiods == 0 && isfinite(ind->target))
            ind->nperiods = project_quarters(a, f->starts_on, f->ends_on, ind->metric,
                                             ind->target, &ind->periods);
#undef FIELD
    }
}

static int form_submit(struct req *r, const struct project *old)
{
    struct project f;
    json_t *errors = json_object();
    int64_t id = 0;
    int rc = 0;

    form_read(r, old, &f, errors);
    if (!json_object_size(errors) && (rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, project_write(r, old, &f, true, errors, &id));
    else if (json_object_size(errors))
        rc = DARS_EINVALID;
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        /* the blocks again as read (blank ones dropped): errors name them in that order */
        rc = project_form(r, rc == DARS_ECONFLICT ? 409 : 422, old, &f, errors);
    } else if (rc == 0) {
        view_flash(r, old ? N_("Project saved") : N_("Project added"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/projects/%s",
                                           url_encode(&r->arena, f.code)));
    }
    json_decref(errors);
    return rc;
}

/* GET /admin/projects/new */
int projects_new_page(struct req *r)
{
    struct project f = { .currency = "USD", .status = "implementation", .language = "en" };
    return project_form(r, 200, NULL, &f, NULL);
}

/* POST /admin/projects */
int projects_create_submit(struct req *r)
{
    return form_submit(r, NULL);
}

/* GET /admin/projects/:code/edit */
int projects_edit_page(struct req *r)
{
    struct project p;
    int rc = project_load(r->db, &r->arena, form_code_norm(&r->arena, r->params[0]), &p);
    if (rc < 0)
        return rc;
    return project_form(r, 200, &p, &p, NULL);
}

/* POST /admin/projects/:code/edit */
int projects_edit_submit(struct req *r)
{
    struct project p;
    int rc = project_load(r->db, &r->arena, form_code_norm(&r->arena, r->params[0]), &p);
    if (rc < 0)
        return rc;
    return form_submit(r, &p);
}
