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

#include <stdbool.h>
#include <stdint.h>

struct actor;
struct db;

extern const struct route_table opendata_routes;

/*
 * Compute every dataset into a snapshot dated today (UTC, "YYYY-MM-DD"),
 * replacing today's snapshot if there is one, in one transaction, audited
 * as who (id 0: the daily run or the command line), and log the run (a
 * failed run is logged too, and leaves the last snapshot served). The
 * counting happens before the transaction, so writers are not held up by
 * it. Returns 0, DARS_EINVALID (bad [opendata] settings: *error says which)
 * or a database error (*error: its message). *error is static text, valid
 * until this thread's next call; error may be NULL.
 */
int opendata_publish(struct db *db, const struct actor *who, const char **error);

/*
 * The daily run (the server's hourly thread): publish when today's
 * snapshot does not exist yet. Safe on several servers at once: the check
 * is repeated under a lock in the writing transaction, so one of them
 * writes. Returns 1 when it published, 0 when there was nothing to do.
 */
int opendata_hourly(struct db *db);

#endif
