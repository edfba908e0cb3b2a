/*
 * The metrics of donor projects this module answers for, in the report
 * registry's shape (db/report.h). An event happens where it is held (its
 * centre; an online event has none and counts in UTC days) on the day it
 * ends, so an event over two quarters counts once, in the quarter it ends.
 *
 *   events_held         published events, neither cancelled nor deleted,
 *                       ending in the period (subject: the event)
 *   event_participants  registrations checked in at the door, of those
 *                       events ending in the period (subject: the
 *                       registration). A person at two events counts twice:
 *                       it counts attendances, as a donor counts
 *                       "participants of events", not distinct people. A
 *                       registrant without an account has no person, so
 *                       filters on who people are leave them out and the
 *                       split by sex counts them as unknown. A registration
 *                       cancelled after its check-in still counts: they came.
 */
#include "core/base.h"
#include "events/events.h"

/* the events that count, ending in the period; the WHERE goes on after this */
#define HELD                                                                                \
    " ev.status = 'published' AND ev.deleted_at IS NULL AND ev.ends_at >= ? AND ev.ends_at < ?"

const struct report_metric events_report_metrics[] = {
    { "events_held", REPORT_METRIC_DISTINCT,
      "SELECT ev.id AS subject, CAST(NULL AS BIGINT) AS user_id, ev.centre_id AS centre_id,"
      " CAST(NULL AS BIGINT) AS course_id, ev.ends_at AS at, 0 AS amount FROM events ev"
      " WHERE" HELD "$SCOPE(ev.centre_id)",
      false, false, "events" },
    { "event_participants", REPORT_METRIC_DISTINCT,
      "SELECT r.id AS subject, r.user_id AS user_id, ev.centre_id AS centre_id,"
      " CAST(NULL AS BIGINT) AS course_id, ev.ends_at AS at, 0 AS amount"
      " FROM event_registrations r JOIN events ev ON ev.id = r.event_id"
      " WHERE r.checked_in_at IS NOT NULL AND" HELD "$SCOPE(ev.centre_id)$PERSON(r.user_id)",
      true, false, "people" },
};
const size_t events_report_nmetrics = ARRAY_SIZE(events_report_metrics);
