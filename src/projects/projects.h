/*
 * Donor projects (DESIGN.md 6a): a donor-funded project's indicators, each a
 * metric of the report registry over a filter, with a baseline, a target
 * and target periods; actuals counted from the records (never typed in),
 * periods an admin signs off, the IATI 2.03 activity file, a monthly report
 * by e-mail with the XLSX attached, and the equipment the project supplied
 * to centres. The tables projects, project_recipients, project_indicators,
 * project_periods, project_signoffs, project_reports_sent and equipment
 * belong here.
 *
 * Uses: audit, mail, org, accounts, reports.
 */
#ifndef DARS_PROJECTS_PROJECTS_H
#define DARS_PROJECTS_PROJECTS_H

#include "http/route.h"
#include "db/report.h"

#include <stddef.h>

struct actor;
struct arena;
struct db;

extern const struct route_table projects_routes;

/* The centre page's list of its equipment (org.h's org_centre_parts, filled in modules.c). */
struct org_centre_part;
extern const struct org_centre_part projects_centre_equipment;

/* The metrics this module answers for (centres_equipped), for the report registry. */
extern const struct report_metric projects_report_metrics[];
extern const size_t projects_report_nmetrics;

/*
 * Send each project's monthly report that is due on day (the UTC day,
 * "YYYY-MM-DD"): on or after [projects] report_day of its month, for the
 * month before, once per project and month (a row of project_reports_sent,
 * written in the transaction that queues the e-mails). Returns the number of
 * projects whose report was queued, or a database error. The server calls it
 * hourly; `dars projects report` calls it at once.
 */
int projects_monthly_due(struct db *db, const char *day);

/*
 * The demo's two donor projects (`dars demo`; src/projects/demo.c), written as
 * admin through the API's own code, each in its transaction (call it outside
 * one, after the demo's centres, courses and history): a Digital Education
 * Centres project with its equipment and an executives' programme, each with
 * its last finished quarter signed off. A project whose code exists is left
 * alone; *created gets how many were made.
 */
int projects_demo(struct db *db, struct arena *a, const struct actor *admin,
                  size_t *created /* OUT */);

#endif
