/*
 * The metrics this module answers for, in the report registry's shape
 * (db/report.h). A meeting counts on the day it was held, once confirmed;
 * its place is the mentor's centre and its person the mentor. Noon UTC of a
 * day lands on that day in every zone within twelve hours of UTC, which a
 * centre's is (as projects' equipment counts).
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "catalog/catalog.h"
#include "core/config.h"
#include "enrol/enrol.h"

#include <stdio.h>
#include <stdlib.h>

/* the confirmed meetings, one row each, with the mentor and their centre */
#define CONFIRMED_MEETINGS                                                                      \
    "SELECT ms.mentor_id, mp.centre_id, mm.held_on || 'T12:00:00Z' AS at, mm.minutes, mm.id "  \
    "FROM mentoring_meetings mm JOIN mentorships ms ON ms.id = mm.mentorship_id "              \
    "LEFT JOIN mentor_profiles mp ON mp.user_id = ms.mentor_id "                               \
    "WHERE mm.confirmed_at IS NOT NULL AND mm.deleted_at IS NULL"

/*
 * A developed mentor's fact: the later of the day their confirmed hours
 * reached the threshold (a running sum over their meetings by day) and the
 * moment they completed the last course of a mentor-training programme.
 * %lld: the threshold in minutes, from the configuration (a number, never
 * input); %s: the markers for reports, or none for this module's own count.
 */
static const char developed_fmt[] =
    "SELECT d.mentor_id AS subject, d.mentor_id AS user_id, d.centre_id, NULL AS course_id, "
    "CASE WHEN d.hours_at > d.trained_at THEN d.hours_at ELSE d.trained_at END AS at, "
    "0 AS amount FROM (SELECT h.mentor_id, h.centre_id, h.hours_at, t.trained_at FROM "
    "(SELECT c.mentor_id, c.centre_id, MIN(c.at) AS hours_at FROM "
    "(SELECT f.mentor_id, f.centre_id, f.at, SUM(f.minutes) OVER (PARTITION BY f.mentor_id "
    "ORDER BY f.at, f.id ROWS UNBOUNDED PRECEDING) AS total FROM (" CONFIRMED_MEETINGS ") f) c "
    "WHERE c.total >= %lld GROUP BY c.mentor_id, c.centre_id) h "
    "JOIN (SELECT g.user_id, MIN(g.done_at) AS trained_at FROM "
    "(SELECT e.user_id, pt.programme_id, MAX(e.completed_at) AS done_at FROM "
    CATALOG_MENTOR_TRAINING_SQL " pt JOIN " ENROL_ENROLMENTS_SQL " e "
    "ON e.course_id = pt.course_id AND e.status = 'completed' "
    "GROUP BY e.user_id, pt.programme_id, pt.courses HAVING COUNT(*) = pt.courses) g "
    "GROUP BY g.user_id) t ON t.user_id = h.mentor_id) d "
    "WHERE (CASE WHEN d.hours_at > d.trained_at THEN d.hours_at ELSE d.trained_at END) >= ? "
    "AND (CASE WHEN d.hours_at > d.trained_at THEN d.hours_at ELSE d.trained_at END) < ?%s";

static char developed_sql[4096];
/* the same without the reports' markers, for this module's pages */
char mt_developed_sql[4096];

const struct report_metric mentoring_report_metrics[] = {
    { "mentors_active", REPORT_METRIC_DISTINCT,
      "SELECT f.mentor_id AS subject, f.mentor_id AS user_id, f.centre_id, NULL AS course_id, "
      "f.at, 0 AS amount FROM (" CONFIRMED_MEETINGS ") f WHERE f.at >= ? AND f.at < ?"
      "$SCOPE(f.centre_id)$PERSON(f.mentor_id)",
      true, false, "people" },
    { "mentors_developed", REPORT_METRIC_DISTINCT_TO_DATE, developed_sql, true, false,
      "people" },
    { "mentoring_hours", REPORT_METRIC_SUM,
      "SELECT f.id AS subject, f.mentor_id AS user_id, f.centre_id, NULL AS course_id, f.at, "
      "f.minutes / 60.0 AS amount FROM (" CONFIRMED_MEETINGS ") f WHERE f.at >= ? AND f.at < ?"
      "$SCOPE(f.centre_id)$PERSON(f.mentor_id)",
      true, false, "hours" },
};

const size_t mentoring_report_nmetrics = ARRAY_SIZE(mentoring_report_metrics);

int mentoring_developed_set(double hours)
{
    if (!(hours >= 0 && hours <= 10000))
        return DARS_EINVALID;
    long long minutes = (long long)(hours * 60.0 + 0.5);
    snprintf(developed_sql, sizeof(developed_sql), developed_fmt, minutes,
             "$SCOPE(d.centre_id)$PERSON(d.mentor_id)");
    snprintf(mt_developed_sql, sizeof(mt_developed_sql), developed_fmt, minutes, "");
    return 0;
}

int mentoring_init(struct db *db)
{
    const char *s = config.mentoring_developed_hours ? config.mentoring_developed_hours : "20";
    char *end;
    UNUSED(db);
    double hours = strtod(s, &end);
    if (end == s || *end || mentoring_developed_set(hours) < 0) {
        fprintf(stderr, "dars: [mentoring] developed_hours '%s' is not a number of hours from 0 "
                        "to 10000\n", s);
        return DARS_EINVALID;
    }
    return 0;
}
