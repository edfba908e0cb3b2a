/*
 * What the monthly report's files share: monthly.c writes and queues one
 * project's report for a month, monthly_due.c finds the projects that are
 * due and counts their figures.
 */
#ifndef DARS_PROJECTS_MONTHLY_INT_H
#define DARS_PROJECTS_MONTHLY_INT_H

#include "projects/projects_int.h"

#include <stdbool.h>

/* The month reported and the days that bound it. */
struct project_month {
    /* room for any int year, which -Wformat-truncation cannot rule out after sscanf's %4d */
    char key[24];               /* "2026-03" */
    char first[24], last[24];   /* its first and last days */
    char before[24];            /* the last day of the month before it */
};

/* An indicator's figures for the e-mail (counted to the month's end, not today). */
struct project_month_figure {
    bool counted;   /* the metric could be counted */
    double to_date; /* from the project's start to the month's last day */
    double change;  /* how far that moved in the month */
    double month;   /* counted in the month alone: none in every indicator is a month without data */
};

/*
 * The month before day ("YYYY-MM-DD", a real day) into m; *due: day is on or
 * after report_day of its month. DARS_EINVALID for anything but a real day.
 */
int project_month_of(const char *day, int report_day, struct project_month *m /* OUT */,
                     bool *due /* OUT */);

/*
 * Write p's report for m (figs: one per indicator) in p's language and queue
 * it to each recipient: the summary with the workbook attached (p's actuals
 * counted), or, when no indicator counted anything in the month, a short
 * notice without a file. The month is claimed in project_reports_sent in
 * the same transaction: *queued is false when it had gone already (another
 * run, another server), and then nothing is queued.
 */
int project_monthly_send(struct db *db, struct arena *a, const struct project *p,
                         const struct project_month *m, const struct project_month_figure *figs,
                         bool *queued /* OUT */);

/* monthly_sql.c */
extern const char projects_monthly_candidates_sql[];
extern const char projects_monthly_sent_sql[];

#endif
