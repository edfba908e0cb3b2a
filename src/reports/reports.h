/*
 * Reports (DESIGN.md 6a): who was trained, where, in what and who they were,
 * as a page, CSV, XLSX and the API, and the dashboard on the home page of
 * those who read them. The figures come from the report registry
 * (registry.h): each module answers for its own facts and dimensions.
 */
#ifndef DARS_REPORTS_REPORTS_H
#define DARS_REPORTS_REPORTS_H

#include "http/route.h"

extern const struct route_table reports_routes;

/* The home page of admins, managers and analysts: this year's figures of their scope. */
int reports_dashboard(struct req *r);

#endif
