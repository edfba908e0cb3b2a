/*
 * The project page: per indicator a progress bar with where the periods say
 * it should be by now, red/amber/green in words as well as colour, the
 * filters in words, a chart of each period's actual against its target with
 * the same figures as a table, and the signed-off periods with what changed
 * since. Also the sign-off and delete pages, each a confirmation step.
 *
 * The page costs a fixed number of statements besides the figures, which
 * are a statement or two per indicator (reports_metric_values), however many
 * records the figures count.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "core/i18n.h"
#include "core/url.h"
#include "db/db.h"
#include "core/buf.h"
#include "view/fmt.h"
#include "view/form.h"
#include "view/view.h"

#include <math.h>
#include <string.h>

static const char *rag_label(const char *lang, const char *rag)
{
    if (streq(rag, "green"))
        return _(lang, "On track");
    if (streq(rag, "amber"))
        return _(lang, "Slightly behind");
    if (streq(rag, "red"))
        return _(lang, "Behind");
    if (streq(rag, "uncounted"))
        return _(lang, "Not counted");
    return _(lang, "Nothing due yet");
}

static const char *rag_class(const char *rag)
{
    if (streq(rag, "green"))
        return "tag tag-green";
    if (streq(rag, "amber"))
        return "tag tag-amber";
    if (streq(rag, "red"))
        return "tag tag-red";
    return "tag tag-grey";
}

static const char *percent(struct req *r, double v, double of)
{
    if (of <= 0)
        return "–";
    return arena_printf(&r->arena, "%s%%", view_int(r, (int64_t)llround(v / of * 100)));
}

/* A figure as the reader's language writes it: "1,234", "2.5" or "2,5". */
static const char *num(struct req *r, double v)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, r->lang, v);
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

static struct val *period_row(struct req *r, const struct project_indicator *ind,
                              const struct project_period *pp, const char *today)
{
    struct arena *a = &r->arena;
    double value = project_period_value(pp);
    /* a period to come has no actual yet (a stock's would be today's level, as if reached) */
    bool begun = strcmp(pp->starts_on, today) <= 0;
    bool shown = pp->signed_off || (ind->counted && begun);
    struct val *row = val_pack(
        a, "{s:o, s:o, s:o, s:o, s:b}", "period",
        val_str_ref(a, arena_printf(a, "%s – %s", view_date(r, pp->starts_on),
                                    view_date(r, pp->ends_on))),
        "target", val_str_ref(a, num(r, pp->target)), "actual",
        val_str_ref(a, shown ? num(r, value) : "–"), "progress",
        val_str_ref(a, shown                       ? percent(r, value, pp->target)
                       : ind->counted && !begun ? _(r->lang, "Not begun")
                                                : "–"),
        "signed", pp->signed_off);
    if (pp->signed_off) {
        val_set_str(row, "signed_by", pp->signed_by ? pp->signed_by : "");
        val_set(row, "signed_at", val_str_ref(a, pp->signed_at ? view_datetime(r, pp->signed_at)
                                                               : ""));
        double diff = pp->actual.value - pp->signed_value;
        if (ind->counted && diff != 0) {
            val_set(row, "difference",
                    val_str_ref(a, arena_printf(a, "%s%s", diff > 0 ? "+" : "", num(r, diff))));
            val_set(row, "current", val_str_ref(a, num(r, pp->actual.value)));
        }
    }
    return row;
}

static struct val *indicator_vals(struct req *r, const struct project *p, size_t i,
                                  const char *today)
{
    struct arena *a = &r->arena;
    const struct project_indicator *ind = &p->indicators[i];
    double expected = project_expected(ind, today);
    /* the bar compares what counts: signed periods as signed, the rest as counted now */
    double actual = ind->actual.value;
    const char *rag = ind->counted ? project_rag(actual, expected) : "uncounted";
    const char *id = arena_printf(a, "ind-%zu", i);
    struct val *periods = val_list(a);
    for (size_t k = 0; k < ind->nperiods; k++)
        val_push(periods, period_row(r, ind, &ind->periods[k], today));
    const char *words = project_filter_words(r->db, a, r->lang, ind);
    const char *unit = project_metric_unit(ind->metric);
    const char *so_far = arena_printf(a, _(r->lang, "%s of %s (%s)"), num(r, actual),
                                      num(r, ind->target), percent(r, actual, ind->target));
    const char *bar_words;
    if (!ind->counted)
        bar_words = _(r->lang, "Not counted: this Dars cannot count the metric yet.");
    else if (ind->nperiods && strcmp(ind->periods[0].starts_on, today) > 0)
        /* before the first period "expected 0" says nothing: say when it begins */
        bar_words = arena_printf(
            a, _(r->lang, "%s; nothing is due before the first period begins on %s."), so_far,
            view_date(r, ind->periods[0].starts_on));
    else
        bar_words = arena_printf(a, _(r->lang, "%s; by now the periods expect %s."), so_far,
                                 /* a share of a period's target: a whole number reads better */
                                 num(r, floor(expected + 0.5)));
    struct val *v = val_pack(
        a,
        "{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, "
        "s:b}",
        "id", val_str_ref(a, id), "code", val_str_ref(a, ind->code), "title",
        val_str_ref(a, ind->title), "result", val_str_ref(a, ind->result), "metric",
        val_str_ref(a, project_metric_label(r->lang, ind->metric)), "unit", val_str_ref(a, unit),
        "filters", val_str_ref(a, *words ? words : _(r->lang, "None: every record counts")),
        "baseline", val_str_ref(a, num(r, ind->baseline)), "target",
        val_str_ref(a, num(r, ind->target)), "actual",
        val_str_ref(a, ind->counted ? num(r, actual) : "–"), "rag",
        val_str_ref(a, rag_label(r->lang, rag)), "rag_class", val_str_ref(a, rag_class(rag)),
        "bar",
        val_str_ref(a, project_bar(a, ind->counted ? actual : 0, ind->target, expected,
                                   arena_printf(a, "%s-bar", id))),
        "bar_words", val_str_ref(a, bar_words), "chart",
        val_str_ref(a, project_chart(a, r->lang, ind, today, arena_printf(a, "%s-chart", id))),
        "counted", ind->counted, "periods", periods, "has_periods", ind->nperiods > 0);
    return v;
}

/* Whether an indicator that cannot be counted has the period of pp (then it cannot be signed). */
static bool uncounted_has(const struct project *p, const struct project_period *pp)
{
    for (size_t i = 0; i < p->nindicators; i++)
        for (size_t k = 0; !p->indicators[i].counted && k < p->indicators[i].nperiods; k++)
            if (streq(p->indicators[i].periods[k].starts_on, pp->starts_on) &&
                streq(p->indicators[i].periods[k].ends_on, pp->ends_on))
                return true;
    return false;
}

/*
 * The finished periods not yet signed off, each once, for the sign-off links;
 * not those an uncounted indicator has, which project_signoff refuses.
 */
static struct val *signable(struct req *r, const struct project *p, const char *today)
{
    struct arena *a = &r->arena;
    struct val *list = val_list(a);
    const char **seen = arena_alloc(a, (PROJECT_MAX_PERIODS * 2 + 1) * sizeof(char *));
    size_t nseen = 0;
    for (size_t i = 0; i < p->nindicators; i++)
        for (size_t k = 0; k < p->indicators[i].nperiods; k++) {
            const struct project_period *pp = &p->indicators[i].periods[k];
            if (pp->signed_off || strcmp(pp->ends_on, today) >= 0)
                continue;
            const char *key = arena_printf(a, "%s %s", pp->starts_on, pp->ends_on);
            bool dup = false;
            for (size_t s = 0; s < nseen && !dup; s++)
                dup = streq(seen[s], key);
            if (dup || nseen >= PROJECT_MAX_PERIODS * 2)
                continue;
            seen[nseen++] = key;
            if (uncounted_has(p, pp))
                continue;
            val_push(list, val_pack(a, "{s:o, s:o}", "label",
                                    val_str_ref(a, arena_printf(a, "%s – %s",
                                                                view_date(r, pp->starts_on),
                                                                view_date(r, pp->ends_on))),
                                    "url",
                                    val_str_ref(a, arena_printf(
                                                       a,
                                                       "/admin/projects/%s/signoff?starts_on=%s"
                                                       "&ends_on=%s",
                                                       url_encode(a, p->code), pp->starts_on,
                                                       pp->ends_on))));
        }
    return list;
}

/* GET /admin/projects/:code */
int projects_show_page(struct req *r)
{
    struct arena *a = &r->arena;
    struct project p;
    int rc;

    if (!accounts_reads_reports(r))
        return DARS_EDENIED;
    if ((rc = project_get_readable(r, &p)) < 0 ||
        (rc = project_actuals(r->db, a, &p, false)) < 0)
        return rc;
    const char *today = project_today(a), *base =
        arena_printf(a, "/admin/projects/%s", url_encode(a, p.code));
    struct val *inds = val_list(a);
    for (size_t i = 0; i < p.nindicators; i++)
        val_push(inds, indicator_vals(r, &p, i, today));
    const char *recipients = "";
    for (size_t i = 0; i < p.nrecipients; i++)
        recipients = arena_printf(a, "%s%s%s", recipients, i ? ", " : "", p.recipients[i]);
    struct val *ctx = val_pack(
        a,
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:s, s:s, s:s, "
        "s:s, s:s}",
        "title", p.name, "code", p.code, "description", p.description, "funder",
        p.funder && *p.funder ? p.funder : "–",
        "dates",
        arena_printf(a, "%s – %s", view_date(r, p.starts_on), view_date(r, p.ends_on)),
        "status", project_status_label(r->lang, p.status), "region",
        p.region ? p.region : _(r->lang, "National"), "budget",
        p.has_budget ? arena_printf(a, "%s %s", num(r, p.budget), p.currency) : "–",
        "iati_identifier", p.iati_identifier && *p.iati_identifier ? p.iati_identifier : "–",
        "reporting_org",
        *p.reporting_org_name ? arena_printf(a, "%s (%s)", p.reporting_org_name,
                                             p.reporting_org_ref)
                              : "–",
        "recipients", *recipients ? recipients : "–", "indicators", inds, "has_indicators",
        p.nindicators > 0, "admin", r->user->is_admin, "edit_url",
        arena_printf(a, "%s/edit", base), "delete_url", arena_printf(a, "%s/delete", base),
        "iati_url", arena_printf(a, "/api/v1/projects/%s/iati", url_encode(a, p.code)),
        "xlsx_url", arena_printf(a, "%s.xlsx", base), "today", view_date(r, today));
    if (r->user->is_admin) {
        struct val *sign = signable(r, &p, today);
        val_set(ctx, "signable", sign);
        val_set_bool(ctx, "has_signable", val_len(sign) > 0);
    }
    form_crumbs(r, ctx, _(r->lang, "Projects"), "/admin/projects", NULL);
    return view_page(r, "projects_show", ctx);
}

static int signoff_form(struct req *r, int status, const struct project *p, const char *starts,
                        const char *ends, json_t *errors)
{
    struct arena *a = &r->arena;
    const char *base = arena_printf(a, "/admin/projects/%s", url_encode(a, p->code));
    struct val *rows = val_list(a);
    for (size_t i = 0; i < p->nindicators; i++)
        for (size_t k = 0; k < p->indicators[i].nperiods; k++) {
            const struct project_period *pp = &p->indicators[i].periods[k];
            if (!streq(pp->starts_on, starts ? starts : "") || !streq(pp->ends_on, ends ? ends : ""))
                continue;
            val_push(rows, val_pack(a, "{s:s, s:o, s:o}", "title", p->indicators[i].title,
                                    "target", val_str_ref(a, num(r, pp->target)), "actual",
                                    val_str_ref(a, p->indicators[i].counted
                                                       ? num(r, pp->actual.value)
                                                       : "–")));
        }
    struct val *ctx = val_pack(
        a, "{s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "title", _(r->lang, "Sign off a period"),
        "action", arena_printf(a, "%s/signoff", base), "starts_on", starts ? starts : "",
        "ends_on", ends ? ends : "", "period",
        arena_printf(a, "%s – %s", project_is_day(starts) ? view_date(r, starts) : "",
                     project_is_day(ends) ? view_date(r, ends) : ""),
        "rows", rows, "has_rows", val_len(rows) > 0);
    val_set_str(ctx, "project", p->name);
    val_set_str(ctx, "back", base);
    form_crumbs(r, ctx, _(r->lang, "Projects"), "/admin/projects", p->name, base, NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "projects_signoff", ctx);
}

/* GET /admin/projects/:code/signoff?starts_on=&ends_on= : what will be signed */
int projects_signoff_page(struct req *r)
{
    struct project p;
    int rc;
    if ((rc = project_get_readable(r, &p)) < 0 ||
        (rc = project_actuals(r->db, &r->arena, &p, false)) < 0)
        return rc;
    return signoff_form(r, 200, &p, http_query(r, "starts_on"), http_query(r, "ends_on"), NULL);
}

/* POST /admin/projects/:code/signoff */
int projects_signoff_submit(struct req *r)
{
    struct project p;
    const char *starts = form_value(r, "starts_on"), *ends = form_value(r, "ends_on");
    json_t *errors;
    int rc;
    if ((rc = project_get_readable(r, &p)) < 0 ||
        (rc = project_actuals(r->db, &r->arena, &p, true)) < 0)
        return rc;
    errors = json_object();
    rc = project_signoff(r, &p, starts, ends, errors);
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT)
        rc = signoff_form(r, rc == DARS_ECONFLICT ? 409 : 422, &p, starts, ends, errors);
    else if (rc == 0) {
        view_flash(r, N_("Period signed off"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/projects/%s",
                                           url_encode(&r->arena, p.code)));
    }
    json_decref(errors);
    return rc;
}

/* GET /admin/projects/:code/delete: the confirmation */
int projects_delete_page(struct req *r)
{
    struct arena *a = &r->arena;
    struct project p;
    int rc;
    if ((rc = project_get_readable(r, &p)) < 0)
        return rc;
    const char *base = arena_printf(a, "/admin/projects/%s", url_encode(a, p.code));
    struct val *ctx = val_pack(a, "{s:s, s:s, s:s, s:s}", "title", _(r->lang, "Delete project"),
                               "project", p.name, "action", arena_printf(a, "%s/delete", base),
                               "back", base);
    form_crumbs(r, ctx, _(r->lang, "Projects"), "/admin/projects", p.name, base, NULL);
    return view_page(r, "projects_delete", ctx);
}

/* POST /admin/projects/:code/delete */
int projects_delete_submit(struct req *r)
{
    struct project p;
    int rc;
    if ((rc = project_get_readable(r, &p)) < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, project_delete(r, &p));
    if (rc < 0)
        return rc;
    view_flash(r, N_("Project deleted"));
    return http_redirect(r, "/admin/projects");
}
