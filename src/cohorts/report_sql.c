/*
 * What classroom training counts in reports (DESIGN.md 6a): the attendance
 * marks of sessions, as facts of the report registry (db/report.h).
 * present and late are attended (and add the session's length to learning
 * hours), absent is missed, excused is left out. A session counts on the day
 * it starts, at its centre.
 */
#include "core/base.h"
#include "cohorts/cohorts.h"

/*
 * A session's length in minutes from its stored UTC times, the same in
 * SQLite and PostgreSQL: the clock minutes of the end minus those of the
 * start, plus a day when it ends on the next (sessions are shorter than a
 * day; the cohorts forms keep them so).
 */
#define CLOCK_MINUTES(t) \
    "(CAST(substr(" t ", 12, 2) AS INTEGER) * 60 + CAST(substr(" t ", 15, 2) AS INTEGER))"
#define SESSION_MINUTES                                                                  \
    "(" CLOCK_MINUTES("s.ends_at") " - " CLOCK_MINUTES("s.starts_at")                   \
    " + CASE WHEN substr(s.ends_at, 1, 10) <> substr(s.starts_at, 1, 10) THEN 1440 ELSE 0 END)"

const struct report_source cohorts_report_sources[] = {
    { "attendance", REPORT_NEED_TIME,
      "SELECT a.user_id, s.centre_id, co.course_id, s.starts_at,"
      " CASE WHEN a.status = 'absent' THEN " REPORT_ABSENT " ELSE " REPORT_ATTENDED " END,"
      " CASE WHEN a.status = 'absent' THEN 0 ELSE " SESSION_MINUTES " END"
      " FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id AND s.deleted_at IS NULL"
      " JOIN cohorts co ON co.id = s.cohort_id"
      " JOIN courses c ON c.id = co.course_id AND c.deleted_at IS NULL"
      " WHERE a.status <> 'excused' AND s.starts_at >= ? AND s.starts_at < ?$SCOPE(s.centre_id)"
      "$PERSON(a.user_id)" },
};
const size_t cohorts_report_nsources = ARRAY_SIZE(cohorts_report_sources);
