/*
 * The monthly report by e-mail (DESIGN.md 6a): a project's recipients (who
 * need not have accounts) get a short summary of the month in the project's
 * language, with the workbook attached (xlsx.c); a month in which nothing
 * was counted sends a short notice and no empty file. A month goes once per
 * project: the row of project_reports_sent is written in the transaction
 * that queues the e-mails, so a restart, a second run or a second server
 * sends nothing more. monthly_due.c decides which projects are due.
 */
#include "core/base.h"
#include "projects/monthly_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "mail/mail.h"
#include "view/fmt.h"

#include <math.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

static int days_in_month(int y, int m)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

int project_month_of(const char *day, int report_day, struct project_month *out, bool *due)
{
    int y, m, d;
    if (!day || !time_shaped(day, "9999-99-99") || sscanf(day, "%4d-%2d-%2d", &y, &m, &d) != 3 ||
        y < 1970 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return DARS_EINVALID;
    *due = d >= report_day;
    if (--m == 0)
        m = 12, y--;
    snprintf(out->key, sizeof(out->key), "%04d-%02d", y, m);
    snprintf(out->first, sizeof(out->first), "%04d-%02d-01", y, m);
    snprintf(out->last, sizeof(out->last), "%04d-%02d-%02d", y, m, days_in_month(y, m));
    if (--m == 0)
        m = 12, y--;
    snprintf(out->before, sizeof(out->before), "%04d-%02d-%02d", y, m, days_in_month(y, m));
    return 0;
}

/* A figure as the language writes it (one decimal at most, the sign kept: a change can be -0.5). */
static const char *number(struct arena *a, const char *lang, double v)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, lang, v);
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

static const char *date(struct arena *a, const char *lang, const char *day)
{
    struct buf b = BUF_INIT;
    fmt_date(&b, lang, day);
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

/* The subject and the text: each indicator's actual, target, progress and the month's change. */
static void mail_text(struct arena *a, const struct project *p, const struct project_month *m,
                      const struct project_month_figure *figs, bool has_data, const char **subject,
                      const char **text)
{
    const char *lang = p->language;
    const char *span = arena_printf(a, "%s – %s", date(a, lang, m->first), date(a, lang, m->last));
    struct buf b = BUF_INIT;

    *subject = i18n_fill(a, _(lang, "{project}: monthly report for {month}"), "{project}", p->name);
    *subject = i18n_fill(a, *subject, "{month}", m->key);
    buf_addf(&b, "%s\n%s\n\n", p->name,
             i18n_fill(a, _(lang, "Figures for {period}"), "{period}", span));
    if (!has_data) {
        buf_adds(&b, _(lang, "Nothing was counted for this project's indicators in this month, so "
                             "no spreadsheet is attached. The next report follows next month."));
        buf_adds(&b, "\n");
    }
    for (size_t i = 0; has_data && i < p->nindicators; i++) {
        const struct project_indicator *ind = &p->indicators[i];
        const struct project_month_figure *f = &figs[i];
        buf_addf(&b, "%s\n", ind->title);
        if (!f->counted) {
            buf_addf(&b, "  %s\n\n", _(lang, "Not counted: this metric is not available."));
            continue;
        }
        const char *actual = i18n_fill(a, _(lang, "Actual: {actual} of {target}"), "{actual}",
                                       number(a, lang, f->to_date));
        actual = i18n_fill(a, actual, "{target}", number(a, lang, ind->target));
        buf_addf(&b, "  %s", actual);
        if (ind->target > 0)
            buf_addf(&b, " (%s%%)", number(a, lang, round(100 * f->to_date / ind->target)));
        buf_addf(&b, "\n  %s\n\n",
                 i18n_fill(a, _(lang, "Change in the month: {change}"), "{change}",
                           arena_printf(a, "%s%s", f->change > 0 ? "+" : "",
                                        number(a, lang, f->change))));
    }
    if (has_data)
        buf_addf(&b, "%s\n", _(lang, "The figures for each period are in the attached spreadsheet."));
    buf_addf(&b, "\n%s\n", _(lang, "Counted by Dars from the training records."));
    *text = arena_strdup(a, b.ptr);
    buf_release(&b);
}

/*
 * Claim the month and queue the e-mails in one transaction: *queued false
 * when another run had already claimed it.
 */
static int queue(struct db *db, const struct project *p, const struct project_month *m,
                 const char *subject, const char *text, const struct mail_attachment *att,
                 size_t natt, bool *queued)
{
    char now[TIME_ISO_LEN];
    int64_t claimed = 0;
    int rc;

    *queued = false;
    time_now_iso(now);
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    rc = db_exec_changes(db, projects_monthly_sent_sql,
                         DB_ARGS(DB_INT(p->id), DB_TEXT(m->key), DB_TEXT(now)), &claimed);
    for (size_t i = 0; rc == 0 && claimed && i < p->nrecipients; i++)
        rc = mail_enqueue_files(db, p->recipients[i], subject, text, NULL, att, natt);
    if ((rc = db_tx_end(db, rc)) < 0)
        return rc;
    *queued = claimed > 0;
    return 0;
}

int project_monthly_send(struct db *db, struct arena *a, const struct project *p,
                         const struct project_month *m, const struct project_month_figure *figs,
                         bool *queued)
{
    struct mail_attachment att = { NULL, XLSX_TYPE, NULL, 0 };
    const char *subject, *text;
    bool has_data = false;
    char *data = NULL;
    int rc;

    *queued = false;
    for (size_t i = 0; i < p->nindicators; i++)
        has_data |= figs[i].counted && figs[i].month != 0;
    mail_text(a, p, m, figs, has_data, &subject, &text);
    if (has_data) {
        if ((rc = project_xlsx(a, p, p->language, &data, &att.len)) < 0)
            return rc;
        att.data = data;
        att.filename = arena_printf(a, "%s-%s.xlsx", p->code, m->key);
    }
    return queue(db, p, m, subject, text, &att, has_data ? 1 : 0, queued);
}
