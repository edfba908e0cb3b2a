/*
 * Open data (DESIGN.md 6a, "Open data"): the programme's statistics published
 * for anyone, with nobody identifiable. Datasets (training by region and
 * quarter, by topic and quarter, events by region and quarter, centres) are
 * counted by the Reports definitions, put through disclosure control
 * (suppress.h), and stored as dated snapshots, daily and at once on an
 * admin's request; the public files, pages and the DCAT-AP 3 catalogue are
 * served from the snapshots, never with a report query per request. The
 * tables opendata_runs and opendata_snapshots belong here.
 *
 * Uses: audit, org, catalog, events, reports.
 */
#ifndef DARS_OPENDATA_OPENDATA_H
#define DARS_OPENDATA_OPENDATA_H

#include "http/route.h"

struct db;

extern const struct route_table opendata_routes;

/*
 * Compute every dataset into a snapshot dated day (UTC, "YYYY-MM-DD"),
 * replacing that day's snapshot if there is one, in one transaction, and
 * log the run. by_user is the admin who asked (0: the daily run or the
 * command line). Returns 0 or an error.
 */
int opendata_publish(struct db *db, int64_t by_user);

/* The daily run: publish when today's snapshot does not exist yet. */
int opendata_hourly(struct db *db);

#endif
