/*
 * Signing off a finished period: an admin confirms what the donor is told.
 * Each indicator's period with those days keeps the value counted then (and
 * its split by sex), who signed and when; later records never move it, the
 * page shows the difference instead (DESIGN.md 6a).
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "audit/audit.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"

#include <string.h>

/* one sign-off of a project at a time: two at once must not both find it unsigned */
#define SIGNOFF_LOCK_SPACE 0x70726a

static const char *sex_text(struct arena *a, const struct report_metric_value *v)
{
    if (!v->has_sex)
        return NULL;
    return arena_printf(a, "[%s, %s, %s, %s]", project_num(a, v->sex[REPORT_FEMALE]),
                        project_num(a, v->sex[REPORT_MALE]), project_num(a, v->sex[REPORT_OTHER]),
                        project_num(a, v->sex[REPORT_UNKNOWN]));
}

static int sign(struct db *db, struct arena *a, const struct actor *who, struct project *p,
                const char *starts_on, const char *ends_on, json_t *errors)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int64_t id;
    int rc;

    if ((rc = db_tx_lock(db, SIGNOFF_LOCK_SPACE, p->id)) < 0)
        return rc;
    rc = db_query_row(db, &st, pj_signoff_find_sql,
                      DB_ARGS(DB_INT(p->id), DB_TEXT(starts_on), DB_TEXT(ends_on)));
    if (rc == 0) {
        db_done(st);
        form_error(errors, "starts_on", N_("This period is already signed off"));
        return DARS_ECONFLICT;
    }
    if (rc != DARS_ENOTFOUND)
        return rc;
    time_now_iso(now);
    if ((rc = db_query_row(db, &st, pj_signoff_insert_sql,
                           DB_ARGS(DB_INT(p->id), DB_TEXT(starts_on), DB_TEXT(ends_on),
                                   DB_ID(who->id), DB_TEXT(now), DB_TEXT(""), DB_TEXT(now),
                                   DB_TEXT(now)))) < 0)
        return rc;
    id = db_col_int(st, 0);
    db_done(st);

    json_t *changes = json_object();
    audit_after(changes, "starts_on", starts_on);
    audit_after(changes, "ends_on", ends_on);
    for (size_t i = 0; i < p->nindicators; i++) {
        struct project_indicator *ind = &p->indicators[i];
        for (size_t k = 0; k < ind->nperiods; k++) {
            struct project_period *pp = &ind->periods[k];
            if (!streq(pp->starts_on, starts_on) || !streq(pp->ends_on, ends_on))
                continue;
            const char *value = project_num(a, pp->actual.value);
            const char *sex = sex_text(a, &pp->actual);
            if ((rc = db_exec(db, pj_period_sign_sql,
                              DB_ARGS(DB_TEXT(value), sex ? DB_TEXT(sex) : DB_NULL, DB_INT(id),
                                      DB_TEXT(now), DB_INT(pp->id)))) < 0)
                goto out;
            audit_after(changes, ind->code, value);
        }
    }
    rc = audit_record_id(db, who, "project.signoff", "project", p->id, changes);
out:
    json_decref(changes);
    return rc;
}

int project_signoff_as(struct db *db, struct arena *a, const struct actor *who, struct project *p,
                       const char *starts_on, const char *ends_on, json_t *errors)
{
    bool found = false, counted = true;
    int rc;

    if (!project_is_day(starts_on))
        form_error(errors, "starts_on", N_("Enter the first day as a date, like 2026-01-01"));
    if (!project_is_day(ends_on))
        form_error(errors, "ends_on", N_("Enter the last day as a date, like 2026-12-31"));
    if (json_object_size(errors))
        return DARS_EINVALID;
    for (size_t i = 0; i < p->nindicators; i++)
        for (size_t k = 0; k < p->indicators[i].nperiods; k++)
            if (streq(p->indicators[i].periods[k].starts_on, starts_on) &&
                streq(p->indicators[i].periods[k].ends_on, ends_on)) {
                found = true;
                counted = counted && p->indicators[i].counted;
            }
    if (!found) {
        form_error(errors, "starts_on", N_("No indicator of this project has this period"));
        return DARS_EINVALID;
    }
    /* a period is finished once its last day is over: it ends before today (UTC) */
    if (strcmp(ends_on, project_today(a)) >= 0) {
        form_error(errors, "ends_on", N_("Only a finished period can be signed off"));
        return DARS_EINVALID;
    }
    if (!counted) {
        form_error(errors, "starts_on", N_("This period's figures cannot be counted"));
        return DARS_EINVALID;
    }
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    return db_tx_end(db, sign(db, a, who, p, starts_on, ends_on, errors));
}

int project_signoff(struct req *r, struct project *p, const char *starts_on,
                    const char *ends_on, json_t *errors)
{
    struct actor who = audit_actor(r);
    return project_signoff_as(r->db, &r->arena, &who, p, starts_on, ends_on, errors);
}
