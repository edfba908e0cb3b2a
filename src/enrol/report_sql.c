/*
 * What enrolment and learning count in reports (DESIGN.md 6a): the facts of
 * the report registry (db/report.h) from this module's tables. A
 * person trains where the enrolment's cohort meets, else at the course's
 * centre. Enrolments of deleted courses count nowhere.
 *
 * Each source is two branches, enrolments without a cohort (found from the
 * courses of the reader's centres) and with one (from the cohorts of those
 * centres), so that a manager's report reads their centres' rows through
 * indexes instead of every enrolment in the country. (The unary + keeps
 * SQLite's planner, which has no statistics, from taking the cohort index
 * for the NULLs of branch one: nearly every enrolment.)
 */
#include "core/base.h"
#include "enrol/enrol.h"

/* the columns of a fact, its tables and its conditions, in both branches */
#define BRANCHES(cols, from, where)                                                       \
    "SELECT " cols ", c.centre_id" from                                                   \
    " JOIN courses c ON c.id = e.course_id AND c.deleted_at IS NULL"                      \
    " WHERE +e.cohort_id IS NULL AND " where "$SCOPE(c.centre_id)$PERSON(e.user_id)"       \
    " UNION ALL SELECT " cols ", co.centre_id" from                                        \
    " JOIN cohorts co ON co.id = e.cohort_id"                                             \
    " JOIN courses c ON c.id = e.course_id AND c.deleted_at IS NULL"                      \
    " WHERE " where "$SCOPE(co.centre_id)$PERSON(e.user_id)"

/*
 * The registry's columns in its order: (user_id, centre_id, course_id, at,
 * kind, amount); the branches put centre_id last, so each source selects from
 * them again.
 */
#define SOURCE(branches) \
    "SELECT b.user_id, b.centre_id, b.course_id, b.at, b.kind, b.amount FROM (" branches ") b"

const struct report_source enrol_report_sources[] = {
    /* enrolled: an enrolment now active or completed that became active then
     * (requested, waitlisted and withdrawn ones are not training) */
    { "enrolments", REPORT_NEED_PEOPLE,
      SOURCE(BRANCHES("e.user_id AS user_id, e.course_id AS course_id, e.started_at AS at, "
                      REPORT_ENROLLED " AS kind, 0 AS amount",
                      " FROM enrolments e",
                      "e.status IN ('active', 'completed') AND e.started_at >= ?"
                      " AND e.started_at < ?")) },
    /* completed: the day the enrolment completed */
    { "completions", REPORT_NEED_PEOPLE,
      SOURCE(BRANCHES("e.user_id AS user_id, e.course_id AS course_id, e.completed_at AS at, "
                      REPORT_COMPLETED " AS kind, 0 AS amount",
                      " FROM enrolments e",
                      "e.status = 'completed' AND e.completed_at >= ? AND e.completed_at < ?")) },
    /* learning hours: the minutes of each lesson done, the day it was done,
     * wherever the person's enrolment of the course trains (also after a
     * withdrawal: the learning happened) */
    { "lessons", REPORT_NEED_TIME,
      SOURCE(BRANCHES("e.user_id AS user_id, e.course_id AS course_id, lp.completed_at AS at, "
                      REPORT_MINUTES " AS kind, l.minutes AS amount",
                      " FROM enrolments e"
                      " JOIN lesson_progress lp ON lp.user_id = e.user_id"
                      " AND lp.course_id = e.course_id"
                      " JOIN lessons l ON l.id = lp.lesson_id",
                      "lp.completed_at >= ? AND lp.completed_at < ?")) },
};
const size_t enrol_report_nsources = ARRAY_SIZE(enrol_report_sources);
