/*
 * What enrolment and learning count in reports (DESIGN.md 6a): the facts of
 * the report registry (reports/registry.h) from this module's tables. A
 * person trains where the enrolment's cohort meets, else at the course's
 * centre. Enrolments of deleted courses count nowhere.
 */
#include "core/base.h"
#include "enrol/enrol.h"

#define WHERE_TRAINED                                                                    \
    " JOIN courses c ON c.id = e.course_id AND c.deleted_at IS NULL"                    \
    " LEFT JOIN cohorts co ON co.id = e.cohort_id"

#define PLACE "COALESCE(co.centre_id, c.centre_id)"

const struct report_source enrol_report_sources[] = {
    /* enrolled: an enrolment now active or completed that became active then
     * (requested, waitlisted and withdrawn ones are not training) */
    { "enrolments", REPORT_NEED_PEOPLE,
      "SELECT e.user_id, COALESCE(co.centre_id, c.centre_id), e.course_id, e.started_at,"
      " " REPORT_ENROLLED ", 0 FROM enrolments e" WHERE_TRAINED
      " WHERE e.status IN ('active', 'completed') AND e.started_at >= ? AND e.started_at < ?$SCOPE",
      PLACE },
    /* completed: the day the enrolment completed */
    { "completions", REPORT_NEED_PEOPLE,
      "SELECT e.user_id, COALESCE(co.centre_id, c.centre_id), e.course_id, e.completed_at,"
      " " REPORT_COMPLETED ", 0 FROM enrolments e" WHERE_TRAINED
      " WHERE e.status = 'completed' AND e.completed_at >= ? AND e.completed_at < ?$SCOPE",
      PLACE },
    /* learning hours: the minutes of each lesson done, the day it was done,
     * wherever the person's enrolment of the course trains (also after a
     * withdrawal: the learning happened) */
    { "lessons", REPORT_NEED_TIME,
      "SELECT lp.user_id, COALESCE(co.centre_id, c.centre_id), lp.course_id, lp.completed_at,"
      " " REPORT_MINUTES ", l.minutes FROM lesson_progress lp"
      " JOIN lessons l ON l.id = lp.lesson_id"
      " JOIN enrolments e ON e.user_id = lp.user_id AND e.course_id = lp.course_id" WHERE_TRAINED
      " WHERE lp.completed_at >= ? AND lp.completed_at < ?$SCOPE",
      PLACE },
};
const size_t enrol_report_nsources = ARRAY_SIZE(enrol_report_sources);
