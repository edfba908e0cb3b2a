/* The SQL of open data: the only code that names opendata_runs and opendata_snapshots. */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "org/org.h"

/* args: day, started_at, by_user_id, now, now */
const char od_run_start_sql[] =
    "INSERT INTO opendata_runs (day, started_at, by_user_id, status, created_at, updated_at)"
    " VALUES (?, ?, ?, 'running', ?, ?) RETURNING id";
/* args: day, started_at (when asked), by_user_id, now, now; an admin's request to publish */
const char od_request_insert_sql[] =
    "INSERT INTO opendata_runs (day, started_at, by_user_id, status, created_at, updated_at)"
    " VALUES (?, ?, ?, 'requested', ?, ?)";
/*
 * args: none; the newest request not yet handled, if any: one run answers it
 * and every one before it (one asked during the run wakes the thread again)
 */
const char od_request_pending_sql[] =
    "SELECT id, by_user_id FROM opendata_runs WHERE status = 'requested' ORDER BY id DESC"
    " LIMIT 1";
/* args: id; the requests handled by a run that started after them */
const char od_request_done_sql[] =
    "DELETE FROM opendata_runs WHERE status = 'requested' AND id <= ?";
/* args: none; every request, answered by a run in the request that asked */
const char od_request_clear_sql[] = "DELETE FROM opendata_runs WHERE status = 'requested'";
/* args: finished_at, duration_ms, suppressed (JSON), now, id */
const char od_run_finish_sql[] =
    "UPDATE opendata_runs SET status = 'published', finished_at = ?, duration_ms = ?,"
    " suppressed = ?, updated_at = ? WHERE id = ?";
/* args: day, started_at, finished_at, duration_ms, by_user_id, error, now, now */
const char od_run_failed_sql[] =
    "INSERT INTO opendata_runs (day, started_at, finished_at, duration_ms, by_user_id, status,"
    " error, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'failed', ?, ?, ?)";
/* args: day */
const char od_snapshot_delete_sql[] = "DELETE FROM opendata_snapshots WHERE day = ?";
/* args: run, dataset, day, csv, json, csv_etag, json_etag, rows, cells, primary, secondary,
 * from, to, k, round, now, now */
const char od_snapshot_insert_sql[] =
    "INSERT INTO opendata_snapshots (run_id, dataset, day, csv, json, csv_etag, json_etag,"
    " rows_count, cells, hidden_primary, hidden_secondary, coverage_from, coverage_to, k,"
    " round_base, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* args: day; whether that day has its snapshots */
const char od_snapshot_today_sql[] = "SELECT COUNT(*) FROM opendata_snapshots WHERE day = ?";
/* args: none; changes whenever a snapshot is written (ids only grow) */
const char od_stamp_sql[] = "SELECT COALESCE(MAX(id), 0) FROM opendata_snapshots";
/* args: none; each dataset's latest snapshot, whole */
const char od_latest_sql[] =
    "SELECT s.dataset, s.day, s.created_at, s.csv, s.json, s.csv_etag, s.json_etag,"
    " s.rows_count, s.cells, s.hidden_primary, s.hidden_secondary, s.coverage_from,"
    " s.coverage_to, s.k, s.round_base FROM opendata_snapshots s WHERE s.day ="
    " (SELECT MAX(l.day) FROM"
    " opendata_snapshots l WHERE l.dataset = s.dataset)";
/* args: dataset; its snapshots, newest first (the archive) */
const char od_archive_sql[] =
    "SELECT day, rows_count, hidden_primary, hidden_secondary, LENGTH(csv), LENGTH(json)"
    " FROM opendata_snapshots WHERE dataset = ? ORDER BY day DESC LIMIT 400";
/* args: dataset, day */
const char od_archive_file_sql[] =
    "SELECT csv, json, csv_etag, json_etag, created_at FROM opendata_snapshots"
    " WHERE dataset = ? AND day = ?";
/* args: none; the last runs, newest first */
const char od_runs_sql[] =
    "SELECT id, day, started_at, duration_ms, status, error, suppressed, by_user_id"
    " FROM opendata_runs ORDER BY id DESC LIMIT 20";
/* args: none */
const char od_regions_sql[] =
    "SELECT code, name FROM " ORG_REGIONS_SQL " r WHERE r.deleted_at IS NULL ORDER BY code";
/* args: none */
const char od_centres_sql[] =
    "SELECT code, name, kind, region, area, capacity FROM " ORG_OPEN_CENTRES_SQL
    " c ORDER BY code";
