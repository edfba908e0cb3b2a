/*
 * Events: seminars, forums, webinars and visits, online or at a centre, with
 * a public page, public registration (capacity, waitlist), check-in at the
 * door, the participant list with exports, and confirmation e-mails through
 * the outbox. The tables events and event_registrations belong here.
 *
 * Uses: audit, mail, org, accounts.
 */
#ifndef DARS_EVENTS_EVENTS_H
#define DARS_EVENTS_EVENTS_H

#include "http/route.h"
#include "db/report.h"
#include "org/org.h"

#include <stddef.h>

extern const struct route_table events_routes;

/*
 * The metrics this module answers for (report_metrics.c), for the report
 * registry (db/report.h): events_held and event_participants.
 */
extern const struct report_metric events_report_metrics[];
extern const size_t events_report_nmetrics;

/*
 * Published events for other modules' queries (the calendar): a derived
 * table without parameters. Columns: id, title, summary, kind, starts_at,
 * ends_at (UTC ISO-8601), timezone, centre_id (NULL when online), centre_code,
 * online_url, updated_at.
 * EVENTS_ATTENDEES_SQL: (event_id, user_id, email_key) of live registrations.
 */
#define EVENTS_SQL                                                                               \
    "(SELECT ev.id, ev.title, ev.summary, ev.kind, ev.starts_at, ev.ends_at, ev.timezone, "      \
    "ev.centre_id, ce.code AS centre_code, ev.online_url, ev.updated_at FROM events ev "         \
    "LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = ev.centre_id "                                  \
    "WHERE ev.status = 'published' AND ev.deleted_at IS NULL)"
#define EVENTS_ATTENDEES_SQL                                                                     \
    "(SELECT r.event_id, r.user_id, r.email_key FROM event_registrations r "                     \
    "WHERE r.status IN ('registered', 'waitlisted'))"

#endif
