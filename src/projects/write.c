/*
 * Checking and writing a project's new state, for the API and the forms
 * alike: fields named as the API names them ("indicators[0].metric"), one
 * transaction (the caller's), one audit entry. A signed-off period is the
 * donor's record: a change would rewrite what was reported, so it is refused.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/i18n.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 200
#define DESCRIPTION_MAX 5000

static bool one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (streq(s, set[i]))
            return true;
    return false;
}

/* name@domain.tld without white space, at most 254 bytes */
static bool email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    if (!at || at == s || strlen(s) > 254 || strchr(at + 1, '@'))
        return false;
    const char *dot = strrchr(at, '.');
    if (!dot || dot == at + 1 || !dot[1])
        return false;
    for (const char *p = s; *p; p++)
        if ((unsigned char)*p <= ' ')
            return false;
    return true;
}

/* ISO 4217: three capital letters */
static bool currency_ok(const char *s)
{
    if (!s || strlen(s) != 3)
        return false;
    for (size_t i = 0; i < 3; i++)
        if (s[i] < 'A' || s[i] > 'Z')
            return false;
    return true;
}

static const char *field(struct arena *a, size_t i, const char *name)
{
    return arena_printf(a, "indicators[%zu].%s", i, name);
}

static void check_text(json_t *errors, const char *name, const char *s, bool required,
                       size_t max)
{
    if (!s || (required && !*s))
        form_error(errors, name, required || s ? N_("Enter a value")
                                               : N_("Enter text without invalid characters"));
    else if (utf8_len(s) > max)
        form_error(errors, name, max == TEXT_MAX ? N_("Use at most 200 characters")
                                                 : N_("Use at most 5000 characters"));
}

static void check_periods(struct arena *a, const struct project *p, size_t i,
                          const struct project_indicator *ind, json_t *errors)
{
    const char *name = field(a, i, "periods");
    if (ind->nperiods == 0) {
        form_error(errors, name, N_("Give at least one period within the project's dates"));
        return;
    }
    if (ind->nperiods > PROJECT_MAX_PERIODS) {
        form_error(errors, name, N_("Give at most 80 periods"));
        return;
    }
    for (size_t k = 0; k < ind->nperiods; k++) {
        const struct project_period *pp = &ind->periods[k];
        const char *at = arena_printf(a, "indicators[%zu].periods[%zu]", i, k);
        if (!project_is_day(pp->starts_on)) {
            form_error(errors, arena_printf(a, "%s.starts_on", at),
                       N_("Enter the first day as a date, like 2026-01-01"));
            continue;
        }
        if (!project_is_day(pp->ends_on)) {
            form_error(errors, arena_printf(a, "%s.ends_on", at),
                       N_("Enter the last day as a date, like 2026-12-31"));
            continue;
        }
        if (strcmp(pp->ends_on, pp->starts_on) < 0)
            form_error(errors, arena_printf(a, "%s.ends_on", at),
                       N_("The last day must not be before the first day"));
        else if (project_is_day(p->starts_on) && project_is_day(p->ends_on) &&
                 (strcmp(pp->starts_on, p->starts_on) < 0 || strcmp(pp->ends_on, p->ends_on) > 0))
            form_error(errors, arena_printf(a, "%s.starts_on", at),
                       N_("A period must lie within the project's dates"));
        else if (k > 0 && project_is_day(ind->periods[k - 1].ends_on) &&
                 strcmp(pp->starts_on, ind->periods[k - 1].ends_on) <= 0)
            form_error(errors, arena_printf(a, "%s.starts_on", at),
                       N_("Periods must follow each other without overlapping"));
        if (!isfinite(pp->target) || pp->target < 0)
            form_error(errors, arena_printf(a, "%s.target", at),
                       N_("Enter a target of zero or more"));
    }
}

static int check_indicators(struct db *db, struct arena *a, const struct project *p,
                            json_t *errors)
{
    int rc;

    if (p->nindicators > PROJECT_MAX_INDICATORS) {
        form_error(errors, "indicators", N_("Give at most 40 indicators"));
        return 0;
    }
    for (size_t i = 0; i < p->nindicators; i++) {
        const struct project_indicator *ind = &p->indicators[i];
        const char *problem = ind->code ? form_code_problem(ind->code) : N_("Enter a code");
        if (problem)
            form_error(errors, field(a, i, "code"), problem);
        for (size_t k = 0; k < i && !problem; k++)
            if (streq(p->indicators[k].code, ind->code)) {
                form_error(errors, field(a, i, "code"),
                           N_("Another indicator of this project has this code"));
                break;
            }
        check_text(errors, field(a, i, "title"), ind->title, true, TEXT_MAX);
        if (ind->result) /* NULL only while the project has no name, which is said once */
            check_text(errors, field(a, i, "result"), ind->result, true, TEXT_MAX);
        if (!one_of(ind->result_type, project_result_types, ARRAY_SIZE(project_result_types)))
            form_error(errors, field(a, i, "result_type"),
                       N_("Choose output, outcome or impact"));
        if (!isfinite(ind->baseline) || ind->baseline < 0)
            form_error(errors, field(a, i, "baseline"), N_("Enter a baseline of zero or more"));
        if (!isfinite(ind->target) || ind->target <= 0)
            form_error(errors, field(a, i, "target"), N_("Enter a target greater than zero"));
        if (!ind->metric || !*ind->metric)
            form_error(errors, field(a, i, "metric"), N_("Choose a metric"));
        else {
            json_t *mine = json_object();
            const char *key;
            json_t *v;
            if ((rc = project_metric_check(db, a, ind, mine)) < 0 && rc != DARS_EINVALID) {
                json_decref(mine);
                return rc;
            }
            json_object_foreach (mine, key, v)
                form_error(errors, field(a, i, streq(key, "metric") ? "metric" : "filter"),
                           json_string_value(v));
            json_decref(mine);
        }
        check_periods(a, p, i, ind, errors);
    }
    return 0;
}

/* Check the whole new state; *region_id gets the region's id (0: national). */
static int check(struct db *db, struct arena *a, const struct project *p, json_t *errors,
                 int64_t *region_id)
{
    const char *problem = p->code ? form_code_problem(p->code) : N_("Enter a code");
    int rc;

    if (problem)
        form_error(errors, "code", problem);
    check_text(errors, "name", p->name, true, TEXT_MAX);
    check_text(errors, "description", p->description, false, DESCRIPTION_MAX);
    check_text(errors, "funder", p->funder, false, TEXT_MAX);
    check_text(errors, "iati_identifier", p->iati_identifier, false, TEXT_MAX);
    check_text(errors, "reporting_org.ref", p->reporting_org_ref, false, TEXT_MAX);
    check_text(errors, "reporting_org.name", p->reporting_org_name, false, TEXT_MAX);
    bool dates = true;
    if (!project_is_day(p->starts_on)) {
        form_error(errors, "starts_on", N_("Enter the first day as a date, like 2026-01-01"));
        dates = false;
    }
    if (!project_is_day(p->ends_on)) {
        form_error(errors, "ends_on", N_("Enter the last day as a date, like 2026-12-31"));
        dates = false;
    }
    if (dates && strcmp(p->ends_on, p->starts_on) < 0)
        form_error(errors, "ends_on", N_("The last day must not be before the first day"));
    else if (dates && atoi(p->ends_on) - atoi(p->starts_on) >= PROJECT_MAX_YEARS)
        form_error(errors, "ends_on", N_("A project lasts at most twenty years"));
    if (p->has_budget && (!isfinite(p->budget) || p->budget < 0))
        form_error(errors, "budget", N_("Enter a budget of zero or more"));
    if (!currency_ok(p->currency))
        form_error(errors, "currency", N_("Enter a currency code of three capital letters, like USD"));
    if (!one_of(p->status, project_statuses, ARRAY_SIZE(project_statuses)))
        form_error(errors, "status",
                   N_("Choose pipeline, implementation, finalisation or closed"));
    if (!p->language || !i18n_lang_known(p->language))
        form_error(errors, "language", N_("Choose a language from the list"));
    if (p->nrecipients > PROJECT_MAX_RECIPIENTS)
        form_error(errors, "report_recipients", N_("Give at most 20 addresses"));
    for (size_t i = 0; i < p->nrecipients && i < PROJECT_MAX_RECIPIENTS; i++)
        if (!p->recipients[i] || !email_ok(p->recipients[i]))
            form_error(errors, arena_printf(a, "report_recipients[%zu]", i),
                       N_("Enter an e-mail address like name@example.org"));
    *region_id = 0;
    if (p->region && *p->region) {
        rc = org_region_id(db, p->region, region_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "region", N_("No region has this code"));
        else if (rc < 0)
            return rc;
    }
    if ((rc = check_indicators(db, a, p, errors)) < 0)
        return rc;
    return json_object_size(errors) ? DARS_EINVALID : 0;
}

static const char *budget_text(struct arena *a, const struct project *p)
{
    return p->has_budget ? project_num(a, p->budget) : NULL;
}

/* The indicators as one JSON text, for the audit entry's before and after (in a). */
static const char *indicators_text(struct arena *a, const struct project *p)
{
    json_t *list = json_array();
    for (size_t i = 0; p && i < p->nindicators; i++) {
        const struct project_indicator *ind = &p->indicators[i];
        json_t *periods = json_array();
        for (size_t k = 0; k < ind->nperiods; k++)
            json_array_append_new(periods, json_pack("[s, s, f]", ind->periods[k].starts_on,
                                                     ind->periods[k].ends_on,
                                                     ind->periods[k].target));
        json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:f, s:f, s:o}",
                                              "code", ind->code, "title", ind->title, "result",
                                              ind->result, "result_type", ind->result_type,
                                              "metric", ind->metric, "filter", ind->filter_json,
                                              "baseline", ind->baseline, "target", ind->target,
                                              "periods", periods));
    }
    char *s = json_dumps(list, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(list);
    /* json_dumps fails only out of memory, which the arena aborts on too */
    const char *out = arena_strdup(a, s ? s : "[]");
    free(s);
    return out;
}

static const char *recipients_text(struct arena *a, const struct project *p)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; p && i < p->nrecipients; i++)
        buf_addf(&b, "%s%s", i ? ", " : "", p->recipients[i]);
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

static void audit_fields(struct arena *a, json_t *c, const struct project *old,
                         const struct project *in, bool with_indicators)
{
#define DIFF(name, member) audit_diff(c, name, old ? old->member : NULL, in->member)
    DIFF("code", code);
    DIFF("name", name);
    DIFF("description", description);
    DIFF("funder", funder);
    DIFF("starts_on", starts_on);
    DIFF("ends_on", ends_on);
    DIFF("currency", currency);
    DIFF("status", status);
    DIFF("iati_identifier", iati_identifier);
    DIFF("reporting_org_ref", reporting_org_ref);
    DIFF("reporting_org_name", reporting_org_name);
    DIFF("region", region);
    DIFF("language", language);
#undef DIFF
    audit_diff(c, "budget", old ? budget_text(a, old) : NULL, budget_text(a, in));
    audit_diff(c, "report_recipients", recipients_text(a, old), recipients_text(a, in));
    if (with_indicators)
        audit_diff(c, "indicators", old ? indicators_text(a, old) : "[]", indicators_text(a, in));
}

static const struct project_indicator *old_indicator(const struct project *old,
                                                     const char *code)
{
    for (size_t i = 0; old && i < old->nindicators; i++)
        if (streq(old->indicators[i].code, code))
            return &old->indicators[i];
    return NULL;
}

static const struct project_period *period_with(const struct project_indicator *ind,
                                                const struct project_period *pp)
{
    for (size_t k = 0; k < ind->nperiods; k++)
        if (streq(ind->periods[k].starts_on, pp->starts_on) &&
            streq(ind->periods[k].ends_on, pp->ends_on))
            return &ind->periods[k];
    return NULL;
}

/*
 * Refuse what would change a signed-off period: its dates or target, its
 * indicator's metric or filter, or the indicator itself going away.
 */
static int check_signed(struct arena *a, const struct project *old, const struct project *in,
                        json_t *errors)
{
    for (size_t i = 0; old && i < old->nindicators; i++) {
        const struct project_indicator *was = &old->indicators[i];
        const struct project_indicator *now = NULL;
        size_t at = 0;
        for (size_t k = 0; k < in->nindicators; k++)
            if (streq(in->indicators[k].code, was->code)) {
                now = &in->indicators[k];
                at = k;
            }
        for (size_t k = 0; k < was->nperiods; k++) {
            const struct project_period *pp = &was->periods[k], *then;
            if (!pp->signed_off)
                continue;
            if (!now) {
                form_error(errors, "indicators",
                           N_("An indicator with a signed-off period cannot be removed"));
                return DARS_ECONFLICT;
            }
            if (!streq(now->metric, was->metric) || !streq(now->filter_json, was->filter_json)) {
                form_error(errors, field(a, at, "metric"),
                           N_("The metric and filter of an indicator with a signed-off period "
                              "cannot change"));
                return DARS_ECONFLICT;
            }
            then = period_with(now, pp);
            if (!then || then->target != pp->target) {
                form_error(errors, field(a, at, "periods"),
                           N_("A signed-off period's dates and target cannot change"));
                return DARS_ECONFLICT;
            }
        }
    }
    return 0;
}

static int write_periods(struct db *db, int64_t indicator_id,
                         const struct project_indicator *was, const struct project_indicator *ind,
                         struct arena *a, const char *now)
{
    int rc;
    if ((rc = db_exec(db, pj_periods_clear_sql, DB_ARGS(DB_INT(indicator_id)))) < 0)
        return rc;
    for (size_t k = 0; k < ind->nperiods; k++) {
        const struct project_period *pp = &ind->periods[k], *then = NULL;
        if (was && (then = period_with(was, pp)) && then->signed_off)
            continue; /* kept as it was signed */
        if ((rc = db_exec(db, pj_period_insert_sql,
                          DB_ARGS(DB_INT(indicator_id), DB_TEXT(pp->starts_on),
                                  DB_TEXT(pp->ends_on), DB_TEXT(project_num(a, pp->target)),
                                  DB_TEXT(now), DB_TEXT(now)))) < 0)
            return rc;
    }
    return 0;
}

static int write_indicators(struct db *db, struct arena *a, int64_t project_id,
                            const struct project *old, const struct project *in, const char *now)
{
    int rc;

    for (size_t i = 0; old && i < old->nindicators; i++) {
        bool kept = false;
        for (size_t k = 0; k < in->nindicators; k++)
            kept = kept || streq(in->indicators[k].code, old->indicators[i].code);
        if (!kept && (rc = db_exec(db, pj_indicator_delete_sql,
                                   DB_ARGS(DB_TEXT(now), DB_TEXT(now),
                                           DB_INT(old->indicators[i].id)))) < 0)
            return rc;
    }
    for (size_t i = 0; i < in->nindicators; i++) {
        const struct project_indicator *ind = &in->indicators[i];
        int64_t id = 0;
        struct db_stmt *st;
        rc = db_query_row(db, &st, pj_indicator_by_code_sql,
                          DB_ARGS(DB_INT(project_id), DB_TEXT(ind->code)));
        if (rc == 0) {
            id = db_col_int(st, 0);
            db_done(st);
        } else if (rc != DARS_ENOTFOUND)
            return rc;
        const char *baseline = project_num(a, ind->baseline), *target = project_num(a, ind->target);
        if (id)
            rc = db_exec(db, pj_indicator_update_sql,
                         DB_ARGS(DB_TEXT(ind->title), DB_TEXT(ind->result),
                                 DB_TEXT(ind->result_type), DB_TEXT(ind->metric),
                                 DB_TEXT(ind->filter_json), DB_TEXT(baseline), DB_TEXT(target),
                                 DB_INT(i), DB_TEXT(now), DB_INT(id)));
        else if ((rc = db_query_row(db, &st, pj_indicator_insert_sql,
                                    DB_ARGS(DB_INT(project_id), DB_TEXT(ind->code),
                                            DB_TEXT(ind->title), DB_TEXT(ind->result),
                                            DB_TEXT(ind->result_type), DB_TEXT(ind->metric),
                                            DB_TEXT(ind->filter_json), DB_TEXT(baseline),
                                            DB_TEXT(target), DB_INT(i), DB_TEXT(now),
                                            DB_TEXT(now)))) == 0) {
            id = db_col_int(st, 0);
            db_done(st);
        }
        if (rc < 0 ||
            (rc = write_periods(db, id, old_indicator(old, ind->code), ind, a, now)) < 0)
            return rc;
    }
    return 0;
}

static int write_recipients(struct db *db, int64_t project_id, const struct project *in)
{
    int rc = db_exec(db, pj_recipients_clear_sql, DB_ARGS(DB_INT(project_id)));
    for (size_t i = 0; rc >= 0 && i < in->nrecipients; i++)
        rc = db_exec(db, pj_recipient_insert_sql,
                     DB_ARGS(DB_INT(project_id), DB_TEXT(in->recipients[i]), DB_INT(i)));
    return rc < 0 ? rc : 0;
}

int project_write_as(struct db *db, struct arena *a, const struct actor *who,
                     const struct project *old, const struct project *in, bool with_indicators,
                     json_t *errors, int64_t *id)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int64_t region_id = 0;
    json_t *changes = NULL;
    int rc;

    if ((rc = check(db, a, in, errors, &region_id)) < 0)
        return rc;
    if (with_indicators && (rc = check_signed(a, old, in, errors)) < 0)
        return rc;
    time_now_iso(now);
    const char *budget = budget_text(a, in);
    if (!old) {
        rc = db_query_row(db, &st, pj_code_taken_sql, DB_ARGS(DB_TEXT(in->code)));
        if (rc == 0) {
            db_done(st);
            form_error(errors, "code", N_("Another project has this code"));
            return DARS_ECONFLICT;
        }
        if (rc != DARS_ENOTFOUND)
            return rc;
        if ((rc = db_query_row(
                 db, &st, pj_insert_sql,
                 DB_ARGS(DB_TEXT(in->code), DB_TEXT(in->name), DB_TEXT(in->description),
                         DB_TEXT(in->funder), DB_TEXT(in->starts_on), DB_TEXT(in->ends_on),
                         budget ? DB_TEXT(budget) : DB_NULL, DB_TEXT(in->currency),
                         DB_TEXT(in->status), DB_TEXT(in->iati_identifier),
                         DB_TEXT(in->reporting_org_ref), DB_TEXT(in->reporting_org_name),
                         DB_ID(region_id), DB_TEXT(in->language), DB_ID(who->id), DB_TEXT(now),
                         DB_TEXT(now)))) < 0) {
            /* taken between the check above and the insert, by another request */
            if (rc == DARS_ECONFLICT)
                form_error(errors, "code", N_("Another project has this code"));
            return rc;
        }
        *id = db_col_int(st, 0);
        db_done(st);
    } else {
        *id = old->id;
        if ((rc = db_exec(db, pj_update_sql,
                          DB_ARGS(DB_TEXT(in->name), DB_TEXT(in->description),
                                  DB_TEXT(in->funder), DB_TEXT(in->starts_on),
                                  DB_TEXT(in->ends_on), budget ? DB_TEXT(budget) : DB_NULL,
                                  DB_TEXT(in->currency), DB_TEXT(in->status),
                                  DB_TEXT(in->iati_identifier), DB_TEXT(in->reporting_org_ref),
                                  DB_TEXT(in->reporting_org_name), DB_ID(region_id),
                                  DB_TEXT(in->language), DB_TEXT(now), DB_INT(old->id)))) < 0)
            return rc;
    }
    if ((rc = write_recipients(db, *id, in)) < 0)
        return rc;
    if (with_indicators && (rc = write_indicators(db, a, *id, old, in, now)) < 0)
        return rc;
    changes = json_object();
    audit_fields(a, changes, old, in, with_indicators);
    rc = audit_record_id(db, who, old ? "project.update" : "project.create", "project", *id,
                         changes);
    json_decref(changes);
    return rc;
}

int project_write(struct req *r, const struct project *old, const struct project *in,
                  bool with_indicators, json_t *errors, int64_t *id)
{
    struct actor who = audit_actor(r);
    return project_write_as(r->db, &r->arena, &who, old, in, with_indicators, errors, id);
}
