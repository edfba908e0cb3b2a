/*
 * What enrolment and learning count in reports (DESIGN.md 6a): the facts of
 * the report registry (db/report.h) from this module's tables, for the
 * enrolments without a cohort, which train at the course's centre. Those in a
 * cohort train where the cohort meets: the cohorts module, above this one,
 * counts them (cohorts/report_sql.c) through ENROL_ENROLMENTS_SQL and
 * ENROL_LESSONS_DONE_SQL. Enrolments of deleted courses count nowhere.
 *
 * A manager's report finds these from the courses of the reader's centres,
 * so that it reads their rows through indexes instead of every enrolment in
 * the country. (The unary + keeps SQLite's planner, which has no statistics,
 * from taking the cohort index for the NULLs: nearly every enrolment.)
 */
#include "core/base.h"
#include "enrol/enrol.h"
#include "catalog/catalog.h"

/* a fact's columns in the registry's order, named as it names them, from its tables */
#define FACTS(at, kind, amount, from, where)                                                  \
    "SELECT e.user_id AS user_id, c.centre_id AS centre_id, e.course_id AS course_id, " at    \
    " AS at, " kind " AS kind, " amount " AS amount" from                                     \
    " JOIN " CATALOG_COURSE_CENTRES_SQL " c ON c.id = e.course_id AND c.deleted_at IS NULL"   \
    " WHERE +e.cohort_id IS NULL AND " where "$SCOPE(c.centre_id)$PERSON(e.user_id)"

const struct report_source enrol_report_sources[] = {
    { "enrolments", REPORT_NEED_PEOPLE,
      FACTS("e.started_at", REPORT_ENROLLED, "0", " FROM enrolments e", ENROL_REPORT_ENROLLED) },
    { "completions", REPORT_NEED_PEOPLE,
      FACTS("e.completed_at", REPORT_COMPLETED, "0", " FROM enrolments e",
            ENROL_REPORT_COMPLETED) },
    /* wherever the person's enrolment of the course trains */
    { "lessons", REPORT_NEED_TIME,
      FACTS("lp.completed_at", REPORT_MINUTES, "l.minutes",
            " FROM enrolments e" ENROL_REPORT_LESSONS_JOIN
            " JOIN " CATALOG_LESSON_MINUTES_SQL " l ON l.id = lp.lesson_id",
            ENROL_REPORT_LESSONS) },
};
const size_t enrol_report_nsources = ARRAY_SIZE(enrol_report_sources);
