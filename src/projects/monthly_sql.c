/* The monthly report's queries: which projects are due, and the row that says a month went. */
#include "core/base.h"
#include "projects/monthly_int.h"

/*
 * Live projects under way (implementation or finalisation) whose span meets
 * the month (its last day, its first day), that have someone to send to and
 * whose report for the month ("YYYY-MM") has not gone.
 */
const char projects_monthly_candidates_sql[] =
    "SELECT p.id, p.code FROM projects p "
    "WHERE p.deleted_at IS NULL AND p.status IN ('implementation', 'finalisation') "
    "AND p.starts_on <= ? AND p.ends_on >= ? "
    "AND EXISTS (SELECT 1 FROM project_recipients r WHERE r.project_id = p.id) "
    "AND NOT EXISTS (SELECT 1 FROM project_reports_sent s "
    "WHERE s.project_id = p.id AND s.month = ?) "
    "ORDER BY p.id";

/*
 * Claim the month for the project, in the transaction that queues its
 * e-mails: the primary key lets one server in; another one running at the
 * same time waits for it and changes nothing.
 */
const char projects_monthly_sent_sql[] =
    "INSERT INTO project_reports_sent (project_id, month, sent_at) VALUES (?, ?, ?) "
    "ON CONFLICT (project_id, month) DO NOTHING";
