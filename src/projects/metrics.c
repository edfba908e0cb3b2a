/*
 * The metrics this module answers for, in the report registry's shape
 * (db/report.h). A centre counts as equipped by a project from the day it
 * received working equipment the project paid for; equipment since broken,
 * in repair or lost no longer counts, so the figure is today's condition of
 * what was received by the period's end.
 */
#include "core/base.h"
#include "projects/projects_int.h"

const struct report_metric projects_report_metrics[] = {
    /*
     * received_on is the centre's own day: noon UTC lands on that day in
     * every zone within twelve hours of UTC, which a centre's is.
     */
    { "centres_equipped", REPORT_METRIC_DISTINCT_TO_DATE,
      "SELECT e.centre_id AS subject, NULL AS user_id, e.centre_id, NULL AS course_id, "
      "e.received_on || 'T12:00:00Z' AS at, 0 AS amount FROM equipment e "
      "WHERE e.deleted_at IS NULL AND e.condition = 'working' "
      "AND e.received_on || 'T12:00:00Z' >= ? AND e.received_on || 'T12:00:00Z' < ?"
      "$SCOPE(e.centre_id)$PROJECT(e.project_id)",
      false, false, "centres" },
};

const size_t projects_report_nmetrics = ARRAY_SIZE(projects_report_metrics);
