/*
 * Reports (DESIGN.md 6a): who was trained, where, in what and who they were,
 * as a page, CSV, XLSX and the API, and the dashboard on the home page of
 * those who read them. The figures come from the report registry
 * (registry.h): each module answers for its own facts and dimensions.
 *
 * Uses: org, accounts, catalog, enrol, cohorts.
 */
#ifndef DARS_REPORTS_REPORTS_H
#define DARS_REPORTS_REPORTS_H

#include "http/route.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

extern const struct route_table reports_routes;

/* The home page of admins, managers and analysts: this year's figures of their scope. */
int reports_dashboard(struct req *r);

struct db;
struct report_dim;
struct report_source;

/*
 * The report registry (db/report.h), filled by the table of modules
 * (modules.c): each module's dimensions, in the order the form offers them,
 * and its sources of facts. Both end with a row whose v is NULL.
 */
struct report_dims {
    const struct report_dim *v;
    const size_t *n;
};
struct report_sources {
    const struct report_source *v;
    const size_t *n;
};
extern const struct report_dims report_registry_dims[];
extern const struct report_sources report_registry_sources[];

/*
 * The summary tables of reports are kept before each commit (a hook of the
 * database layer): call once at start, before any transaction.
 */
void reports_init(void);
/*
 * While on, this thread's commits leave the summary to reports_catch_up()
 * (a bulk load, which would otherwise count people again at each commit).
 */
void reports_hold(bool on);
/*
 * Count the people marked since the summary last counted them (after a
 * migration), in transactions of a few thousand; with verbose, progress on
 * stderr when there are many.
 */
int reports_catch_up(struct db *db, bool verbose);
/* Count everyone again from the records (after a fix, or to be sure). */
int reports_rebuild(struct db *db, bool verbose);
/*
 * Compare every cell of the summary with the same figures counted from the
 * records; print each difference to out. 0 when all agree, 1 when some
 * differ, or a database error.
 */
int reports_verify(struct db *db, FILE *out);

#endif
