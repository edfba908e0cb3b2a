/*
 * What classroom training counts in reports (DESIGN.md 6a), as facts of the
 * report registry (db/report.h). The attendance marks of sessions: present
 * and late are attended (and add the session's length to learning hours),
 * absent is missed, excused is left out; a session counts on the day it
 * starts, at its centre. And the enrolments in a cohort, which train where
 * the cohort meets: enrolled, completed and the minutes of lessons done, as
 * the enrol module counts those without a cohort (enrol/report_sql.c), read
 * through its derived tables. Facts of deleted courses count nowhere.
 */
#include "core/base.h"
#include "cohorts/cohorts.h"
#include "catalog/catalog.h"
#include "enrol/enrol.h"

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

/*
 * An enrolment's fact in a cohort: the registry's columns in its order, named
 * as it names them. A manager's report finds these from the cohorts of the
 * reader's centres, through indexes.
 */
#define ENROLMENT_FACTS(at, kind, amount, from, where)                                        \
    "SELECT e.user_id AS user_id, co.centre_id AS centre_id, e.course_id AS course_id, " at   \
    " AS at, " kind " AS kind, " amount " AS amount FROM " ENROL_ENROLMENTS_SQL " e" from     \
    " JOIN cohorts co ON co.id = e.cohort_id"                                                 \
    " JOIN " CATALOG_COURSE_CENTRES_SQL " c ON c.id = e.course_id AND c.deleted_at IS NULL"   \
    " WHERE " where "$SCOPE(co.centre_id)$PERSON(e.user_id)"

const struct report_source cohorts_report_sources[] = {
    { "attendance", REPORT_NEED_TIME,
      "SELECT a.user_id AS user_id, s.centre_id AS centre_id, co.course_id AS course_id,"
      " s.starts_at AS at,"
      " CASE WHEN a.status = 'absent' THEN " REPORT_ABSENT " ELSE " REPORT_ATTENDED " END AS kind,"
      " CASE WHEN a.status = 'absent' THEN 0 ELSE " SESSION_MINUTES " END AS amount"
      " FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id AND s.deleted_at IS NULL"
      " JOIN cohorts co ON co.id = s.cohort_id"
      " JOIN " CATALOG_COURSE_CENTRES_SQL " c ON c.id = co.course_id AND c.deleted_at IS NULL"
      " WHERE a.status <> 'excused' AND s.starts_at >= ? AND s.starts_at < ?$SCOPE(s.centre_id)"
      "$PERSON(a.user_id)" },
    /* the enrolments in a cohort: what enrol.h counts as training */
    { "cohort enrolments", REPORT_NEED_PEOPLE,
      ENROLMENT_FACTS("e.started_at", REPORT_ENROLLED, "0", "", ENROL_REPORT_ENROLLED) },
    { "cohort completions", REPORT_NEED_PEOPLE,
      ENROLMENT_FACTS("e.completed_at", REPORT_COMPLETED, "0", "", ENROL_REPORT_COMPLETED) },
    { "cohort lessons", REPORT_NEED_TIME,
      ENROLMENT_FACTS("lp.completed_at", REPORT_MINUTES, "l.minutes",
                      ENROL_REPORT_LESSONS_JOIN
                      " JOIN " CATALOG_LESSON_MINUTES_SQL " l ON l.id = lp.lesson_id",
                      ENROL_REPORT_LESSONS) },
};
const size_t cohorts_report_nsources = ARRAY_SIZE(cohorts_report_sources);
