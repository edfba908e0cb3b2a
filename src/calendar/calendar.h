/*
 * Calendars: each user's, each centre's and each cohort's schedule (cohort
 * sessions and events) as a page and as an iCalendar feed (RFC 5545, with
 * VTIMEZONE from libical) at an unguessable URL the owner can reset. The
 * table calendar_feeds belongs here.
 *
 * Uses: audit, org, accounts, cohorts, events.
 */
#ifndef DARS_CALENDAR_CALENDAR_H
#define DARS_CALENDAR_CALENDAR_H

#include "http/route.h"

struct db;
struct arena;

extern const struct route_table calendar_routes;

enum calendar_owner { CALENDAR_USER, CALENDAR_CENTRE, CALENDAR_COHORT };

/*
 * The feed URL path ("/calendar/feeds/TOKEN.ics") of an owner, creating its
 * token on first use (a write: call inside a transaction, or accept that it
 * runs on its own). The string is from the arena.
 */
int calendar_feed_path(struct db *db, struct arena *a, enum calendar_owner type, int64_t owner_id,
                       const char **path /* OUT */);
/* The same for a cohort: what src/modules.c gives the cohorts module as cohorts_feed_path. */
int calendar_cohort_feed_path(struct db *db, struct arena *a, int64_t cohort_id,
                              const char **path /* OUT */);

#endif
