/*
 * Publishing (DESIGN.md 6a, "Open data"): every dataset counted, protected
 * and written as files into the day's snapshots in one transaction, the run
 * logged with what disclosure control hid (counts only). Counting happens
 * before the transaction (a national database takes seconds and must not
 * hold the write lock that long); the transaction takes the publishing lock
 * first, so that two servers' daily runs cannot both write.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/time.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

/* the last failure's words, for the caller (opendata.h: valid until the next call) */
static __thread char failure[256];

static void today_of(char day[11])
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    memcpy(day, now, 10);
    day[10] = '\0';
}

static int snapshot_exists(struct db *db, const char *day, bool *exists)
{
    int64_t n = 0;
    int rc = db_query_int(db, od_snapshot_today_sql, DB_ARGS(DB_TEXT(day)), &n);
    *exists = n > 0;
    return rc < 0 ? rc : 0;
}

/* The snapshots' writes and the run's row, in the caller's transaction. */
static int write_all(struct db *db, struct arena *a, const struct actor *who, const char *day,
                     const char *started, uint64_t t0, const struct od_table *tables,
                     int64_t k, int64_t round)
{
    char now[TIME_ISO_LEN];
    int64_t run_id = 0;
    json_t *summary = json_object(), *changes = NULL;
    char *summary_text = NULL;
    int rc;

    time_now_iso(now);
    if ((rc = db_query_int(db, od_run_start_sql,
                           DB_ARGS(DB_TEXT(day), DB_TEXT(started), DB_ID(who->id), DB_TEXT(now),
                                   DB_TEXT(now)),
                           &run_id)) < 0 ||
        (rc = db_exec(db, od_snapshot_delete_sql, DB_ARGS(DB_TEXT(day)))) < 0)
        goto out;
    for (size_t i = 0; i < od_ndatasets; i++) {
        const struct od_table *t = &tables[i];
        struct buf csv = BUF_INIT, js = BUF_INIT;
        od_write_csv(t, &csv);
        od_write_json(t, day, &js);
        rc = db_exec(db, od_snapshot_insert_sql,
                     DB_ARGS(DB_INT(run_id), DB_TEXT(t->ds->name), DB_TEXT(day),
                             DB_BLOB(csv.ptr, csv.len), DB_BLOB(js.ptr, js.len),
                             DB_TEXT(od_etag(a, csv.ptr, csv.len)),
                             DB_TEXT(od_etag(a, js.ptr, js.len)), DB_INT((int64_t)t->nrows),
                             DB_INT((int64_t)t->hidden.cells), DB_INT((int64_t)t->hidden.primary),
                             DB_INT((int64_t)t->hidden.secondary), DB_TEXT(t->from),
                             DB_TEXT(t->to), DB_INT(k), DB_INT(round), DB_TEXT(now),
                             DB_TEXT(now)));
        buf_release(&csv);
        buf_release(&js);
        if (rc < 0)
            goto out;
        json_object_set_new(summary, t->ds->name,
                            json_pack("{s:I, s:I, s:I, s:I}", "rows", (json_int_t)t->nrows,
                                      "cells", (json_int_t)t->hidden.cells, "primary",
                                      (json_int_t)t->hidden.primary, "secondary",
                                      (json_int_t)t->hidden.secondary));
    }
    summary_text = json_dumps(summary, JSON_COMPACT | JSON_PRESERVE_ORDER);
    time_now_iso(now);
    if ((rc = db_exec(db, od_run_finish_sql,
                      DB_ARGS(DB_TEXT(now), DB_INT((int64_t)((time_mono_ns() - t0) / 1000000)),
                              DB_TEXT(summary_text), DB_TEXT(now), DB_INT(run_id)))) < 0)
        goto out;
    changes = json_pack("{s:{s:s}, s:{s:I}, s:{s:I}}", "day", "after", day, "k", "after",
                        (json_int_t)k, "round", "after", (json_int_t)round);
    rc = audit_record_id(db, who, "opendata.publish", "opendata_run", run_id, changes);
out:
    json_decref(summary);
    json_decref(changes);
    free(summary_text);
    return rc;
}

/* Publish today's snapshots; only_missing: unless they exist (the daily run). */
static int publish(struct db *db, const struct actor *who, bool only_missing, bool *done,
                   const char **error)
{
    struct arena a = ARENA_INIT;
    struct od_table tables[OD_MAX_DATASETS];
    char day[11], started[TIME_ISO_LEN], now[TIME_ISO_LEN];
    uint64_t t0 = time_mono_ns();
    int64_t k, round;
    const char *err = NULL;
    bool exists = false;
    int rc;

    *done = false;
    today_of(day);
    time_now_iso(started);
    if ((rc = od_settings(&k, &round, &err)) < 0)
        goto out;
    if (only_missing && ((rc = snapshot_exists(db, day, &exists)) < 0 || exists))
        goto out;
    if ((rc = od_compute(db, &a, day, k, round, tables)) < 0) {
        err = rc == DARS_EINVALID ? "a table could not be protected"
                                  : arena_strdup(&a, db_errmsg(db) ? db_errmsg(db) : "");
        rc = rc == DARS_EINVALID ? DARS_EDB : rc;
        goto failed;
    }
    if ((rc = db_tx_begin(db)) < 0 || (rc = db_tx_lock(db, OD_LOCK_SPACE, 1)) < 0)
        goto tx_failed;
    if (only_missing && ((rc = snapshot_exists(db, day, &exists)) < 0 || exists)) {
        /* another server wrote today's while this one counted */
        db_tx_rollback(db);
        goto out;
    }
    if ((rc = write_all(db, &a, who, day, started, t0, tables, k, round)) < 0 ||
        (rc = db_tx_commit(db)) < 0)
        goto tx_failed;
    *done = true;
    od_cache_invalidate();
    goto out;

tx_failed:
    err = db_errmsg(db);
    err = arena_strdup(&a, err ? err : "database error");
    db_tx_rollback(db);
failed:
    /* the failure is logged as a run of its own (its writes are gone); the last snapshot stays */
    time_now_iso(now);
    if (db_exec(db, od_run_failed_sql,
                DB_ARGS(DB_TEXT(day), DB_TEXT(started), DB_TEXT(now),
                        DB_INT((int64_t)((time_mono_ns() - t0) / 1000000)), DB_ID(who->id),
                        DB_TEXT(err), DB_TEXT(now), DB_TEXT(now))) < 0)
        log_error("opendata: cannot log the failed run: %s", db_errmsg(db));
    snprintf(failure, sizeof(failure), "%s", err ? err : "database error");
    err = failure;
out:
    if (error)
        *error = err;
    arena_release(&a);
    return rc;
}

int opendata_publish(struct db *db, const struct actor *who, const char **error)
{
    bool done;
    return publish(db, who, false, &done, error);
}

int od_publish_request(struct db *db, const struct actor *who)
{
    char day[11], now[TIME_ISO_LEN];
    today_of(day);
    time_now_iso(now);
    return db_exec(db, od_request_insert_sql,
                   DB_ARGS(DB_TEXT(day), DB_TEXT(now), DB_ID(who->id), DB_TEXT(now),
                           DB_TEXT(now)));
}

/*
 * An admin's request (Publish now), handled here rather than in the request
 * that asked: on a national database the count takes about a minute, longer
 * than a proxy waits. The run is logged as the admin's; the requests it
 * answers are removed once it is over, whether it published or failed.
 */
static int publish_requested(struct db *db, bool *done)
{
    struct db_stmt *st;
    int64_t id, by;
    const char *err = NULL;
    int rc;

    *done = false;
    rc = db_query_row(db, &st, od_request_pending_sql, DB_NOARGS);
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    id = db_col_int(st, 0);
    by = db_col_is_null(st, 1) ? 0 : db_col_int(st, 1);
    db_done(st);
    const struct actor who = { by, "publish-now", "" };
    /* a failure is logged as a failed run, which the admin's page shows */
    if (publish(db, &who, false, done, &err) < 0)
        log_error("opendata: publishing as asked failed: %s", err ? err : "");
    return db_exec(db, od_request_done_sql, DB_ARGS(DB_INT(id)));
}

int opendata_hourly(struct db *db)
{
    static const struct actor daily = { 0, "daily", "" };
    const char *err = NULL;
    bool done = false, asked = false;
    int rc = publish_requested(db, &asked);
    if (rc < 0)
        return rc;
    rc = publish(db, &daily, true, &done, &err);
    if (rc < 0)
        log_error("opendata: the daily run failed: %s", err ? err : "");
    return rc < 0 ? rc : done || asked;
}
