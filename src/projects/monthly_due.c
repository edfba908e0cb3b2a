/*
 * Which projects' monthly reports are due (projects.h): on or after
 * [projects] report_day, each live project under way whose span meets the
 * month before and that has recipients, once per month. Each is loaded and
 * counted (to the month's end, through the report registry) and handed to
 * monthly.c, which writes and queues its e-mails.
 */
#include "core/base.h"
#include "projects/monthly_int.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "db/db.h"

/*
 * Count an indicator for the month: the project's start to the month before's
 * end and to the month's end (the difference is the month's change, however
 * the metric counts), and the month alone (whether it has any data).
 */
static int figure_count(struct db *db, struct arena *a, const struct project *p,
                        const struct project_indicator *ind, const struct project_month *m,
                        struct project_month_figure *f)
{
    struct report_metric_period periods[3];
    struct report_metric_value values[4];
    size_t n = 0;
    bool started_before = strcmp(p->starts_on, m->before) <= 0;
    /* the month as far as the project covers it */
    const char *first = strcmp(p->starts_on, m->first) > 0 ? p->starts_on : m->first;
    const char *last = strcmp(p->ends_on, m->last) < 0 ? p->ends_on : m->last;

    memset(f, 0, sizeof(*f));
    /* a project that began in the month had nothing before it */
    if (started_before)
        periods[n++] = (struct report_metric_period){ p->starts_on, m->before };
    periods[n++] = (struct report_metric_period){ p->starts_on, last };
    periods[n++] = (struct report_metric_period){ first, last };
    struct report_metric_ask ask = { ind->metric, ind->filters, ind->nfilters, p->id, periods, n,
                                     false };
    int rc = reports_metric_values(db, a, &ask, values);
    if (rc == DARS_EINVALID)
        return 0; /* a metric this Dars cannot count: said in the e-mail */
    if (rc < 0)
        return rc;
    f->counted = true;
    f->to_date = values[n - 2].value;
    f->change = f->to_date - (started_before ? values[0].value : 0);
    f->month = values[n - 1].value;
    return 0;
}

/* One project's report: loaded, counted, handed to monthly.c; *queued as it says. */
static int report_one(struct db *db, const char *code, const struct project_month *m,
                      bool *queued)
{
    struct arena a = ARENA_INIT;
    struct project p;
    struct project_month_figure *figs;
    int rc;

    *queued = false;
    if ((rc = project_load(db, &a, code, &p)) < 0) {
        rc = rc == DARS_ENOTFOUND ? 0 : rc; /* deleted since the list was read */
        goto out;
    }
    /*
     * The workbook's figures, as the project's page shows them but counted to
     * the month's end like the text: a run late in the month, or a report
     * sent again, must not attach records made after the month it reports.
     */
    if ((rc = project_actuals_to(db, &a, &p, false, m->last)) < 0)
        goto out;
    figs = ARENA_NEW_N(&a, struct project_month_figure, p.nindicators ? p.nindicators : 1);
    for (size_t i = 0; i < p.nindicators; i++)
        if ((rc = figure_count(db, &a, &p, &p.indicators[i], m, &figs[i])) < 0)
            goto out;
    rc = project_monthly_send(db, &a, &p, m, figs, queued);
out:
    arena_release(&a);
    return rc;
}

int projects_monthly_due(struct db *db, const char *day)
{
    struct arena a = ARENA_INIT;
    struct project_month m;
    struct db_stmt *st;
    const char **codes = NULL;
    size_t n = 0, cap = 0;
    char *err = NULL;
    int report_day, queued = 0, rc;
    bool due = false;

    if ((rc = config_report_day(&report_day, &err)) < 0) {
        log_error("%s", err);
        free(err);
        return rc;
    }
    if ((rc = project_month_of(day, report_day, &m, &due)) < 0 || !due)
        return rc;
    /* the codes first: each project is then counted and queued on its own */
    if ((rc = db_query(db, &st, projects_monthly_candidates_sql,
                       DB_ARGS(DB_TEXT(m.last), DB_TEXT(m.first), DB_TEXT(m.key)))) < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        codes = arena_grow(&a, codes, n, &cap, sizeof(*codes));
        codes[n++] = arena_strdup(&a, db_col_text(st, 1));
    }
    db_done(st);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < n; i++) {
        bool sent = false;
        if ((rc = report_one(db, codes[i], &m, &sent)) < 0)
            goto out;
        if (sent) {
            queued++;
            log_info("project '%s': the report for %s is queued", codes[i], m.key);
        }
    }
    rc = queued;
out:
    arena_release(&a);
    return rc;
}
