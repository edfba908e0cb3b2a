/*
 * The engine-neutral half of the storage API: URL dispatch to a driver, the
 * per-connection statement cache, transactions and counters. The drivers in
 * sqlite.c and pg.c do only what differs between the engines.
 */
#include "core/base.h"
#include "db/db.h"
#include "db/db_int.h"
#include "core/arena.h"
#include "core/xalloc.h"

#include <time.h>

struct db_stmt {
    struct db *db;
    const char *sql;  /* the key: the address of the SQL text */
    void *drv;        /* the driver's prepared statement */
    bool busy;
    bool once;        /* from db_query_once() and not kept: discarded by db_done() */
    char *text;       /* kept by db_query_once(): its own copy of the text, the key */
};

/* db_query_once()'s statements kept per connection, by their whole text */
#define TEXT_CACHE 16

struct db {
    const struct db_driver *drv;
    void *conn;
    bool in_tx;
    bool snapshot_wanted; /* db_snapshot_begin(): reads share one read transaction */
    bool snapshot_open;   /* and that transaction is open now */
    /* open addressing by SQL address; grows at 50% load */
    struct db_stmt **cache;
    size_t cache_cap, cache_len;
    struct db_stmt *texts[TEXT_CACHE]; /* db_query_once()'s, replaced in turn */
    size_t texts_next;
    uint64_t stmts, time_ns;
    char errbuf[256];
};

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

int db_open(const char *url, struct db **out, char **err)
{
    const struct db_driver *drv;
    const char *target = url;

    *out = NULL;
    *err = NULL;
    if (!strncmp(url, "sqlite:", 7)) {
        drv = &db_sqlite_driver;
        target = url + 7;
    } else if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
        drv = &db_pg_driver;
    } else {
        size_t n = strlen(url) + 64;
        *err = xmalloc(n);
        snprintf(*err, n, "unknown database url '%s': use sqlite:PATH or postgresql://...", url);
        return DARS_EINVALID;
    }

    void *conn = NULL;
    int rc = drv->open(target, &conn, err);
    if (rc < 0)
        return rc;
    struct db *db = xcalloc(1, sizeof(*db));
    db->drv = drv;
    db->conn = conn;
    db->cache_cap = 64;
    db->cache = xcalloc(db->cache_cap, sizeof(*db->cache));
    *out = db;
    return 0;
}

void db_close(struct db *db)
{
    if (!db)
        return;
    for (size_t i = 0; i < db->cache_cap; i++) {
        struct db_stmt *st = db->cache[i];
        if (st) {
            db->drv->finalize(db->conn, st->drv);
            free(st);
        }
    }
    free(db->cache);
    for (size_t i = 0; i < TEXT_CACHE; i++) {
        if (db->texts[i]) {
            db->drv->finalize(db->conn, db->texts[i]->drv);
            free(db->texts[i]->text);
            free(db->texts[i]);
        }
    }
    db->drv->close(db->conn);
    free(db);
}

enum db_engine db_engine(const struct db *db)
{
    return db->drv->engine;
}

static size_t slot_of(const struct db *db, const char *sql)
{
    uintptr_t h = (uintptr_t)sql;
    h ^= h >> 17;
    h *= 0x9E3779B97F4A7C15u;
    return (size_t)(h >> 7) & (db->cache_cap - 1);
}

static void cache_grow(struct db *db)
{
    struct db_stmt **old = db->cache;
    size_t oldcap = db->cache_cap;
    db->cache_cap *= 2;
    db->cache = xcalloc(db->cache_cap, sizeof(*db->cache));
    for (size_t i = 0; i < oldcap; i++) {
        if (!old[i])
            continue;
        size_t s = slot_of(db, old[i]->sql);
        while (db->cache[s])
            s = (s + 1) & (db->cache_cap - 1);
        db->cache[s] = old[i];
    }
    free(old);
}

static int stmt_get(struct db *db, const char *sql, struct db_stmt **out)
{
    size_t s = slot_of(db, sql);
    while (db->cache[s]) {
        if (db->cache[s]->sql == sql) {
            *out = db->cache[s];
            return 0;
        }
        s = (s + 1) & (db->cache_cap - 1);
    }
    void *drv = NULL;
    int rc = db->drv->prepare(db->conn, sql, &drv);
    if (rc < 0)
        return rc;
    struct db_stmt *st = xcalloc(1, sizeof(*st));
    st->db = db;
    st->sql = sql;
    st->drv = drv;
    db->cache[s] = st;
    if (++db->cache_len * 2 > db->cache_cap)
        cache_grow(db);
    *out = st;
    return 0;
}

/*
 * A read snapshot is a deferred BEGIN, opened by the first read and closed by
 * db_snapshot_end(), so that a page's reads take SQLite's locks (fcntl calls
 * on the WAL index, 5% of a lesson page) once instead of once per statement.
 * A write outside a transaction closes it first and runs on its own as it
 * always did: inside a deferred transaction it could fail at once with
 * SQLITE_BUSY_SNAPSHOT when another connection wrote meanwhile. Neither is
 * counted as a statement of the page. (A read still open on a statement
 * when the snapshot closes keeps its own read lock: SQLite allows that.)
 */
static void snapshot_close(struct db *db)
{
    if (!db->snapshot_open)
        return;
    db->snapshot_open = false;
    if (db->drv->exec_script(db->conn, "COMMIT") < 0)
        db->drv->exec_script(db->conn, "ROLLBACK");
}

static int snapshot_for(struct db *db, void *stmt)
{
    if (!db->snapshot_wanted || db->in_tx)
        return 0;
    if (!db->drv->readonly(stmt)) {
        snapshot_close(db);
        return 0;
    }
    if (db->snapshot_open)
        return 0;
    int rc = db->drv->exec_script(db->conn, "BEGIN");
    if (rc == 0)
        db->snapshot_open = true;
    return rc;
}

void db_snapshot_begin(struct db *db)
{
    db->snapshot_wanted = db->drv->readonly != NULL;
}

void db_snapshot_end(struct db *db)
{
    snapshot_close(db);
    db->snapshot_wanted = false;
}

int db_query(struct db *db, struct db_stmt **out, const char *sql,
             const struct db_arg *args, size_t nargs)
{
    struct db_stmt *st;
    uint64_t t0 = now_ns();
    int rc;

    *out = NULL;
    rc = stmt_get(db, sql, &st);
    if (rc < 0)
        goto out;
    if (st->busy)
        BUG("statement used twice at once: %.60s", sql);
    if ((rc = snapshot_for(db, st->drv)) < 0)
        goto out;
    rc = db->drv->start(db->conn, st->drv, args, nargs);
    if (rc < 0) {
        db->drv->reset(db->conn, st->drv);
        goto out;
    }
    st->busy = true;
    db->stmts++;
    *out = st;
out:
    db->time_ns += now_ns() - t0;
    return rc;
}

/*
 * The statement db_query_once() keeps for sql, when one is free. Its whole
 * text is the key, so two texts never share one (the address is no key for
 * text built at run time: a freed buffer is reused for the next).
 */
static struct db_stmt *text_find(struct db *db, const char *sql)
{
    for (size_t i = 0; i < TEXT_CACHE; i++)
        if (db->texts[i] && !db->texts[i]->busy && streq(db->texts[i]->text, sql))
            return db->texts[i];
    return NULL;
}

/* Keep st for its text in place of the oldest kept one, unless that one is in use. */
static void text_keep(struct db *db, struct db_stmt *st, const char *sql)
{
    struct db_stmt **slot = &db->texts[db->texts_next];

    if (*slot && (*slot)->busy)
        return; /* st stays a one-use statement */
    if (*slot) {
        db->drv->discard(db->conn, (*slot)->drv);
        free((*slot)->text);
        free(*slot);
    }
    st->text = xstrdup(sql);
    st->once = false;
    *slot = st;
    db->texts_next = (db->texts_next + 1) % TEXT_CACHE;
}

int db_query_once(struct db *db, struct db_stmt **out, const char *sql,
                  const struct db_arg *args, size_t nargs)
{
    uint64_t t0 = now_ns();
    struct db_stmt *st = text_find(db, sql);
    void *drv = NULL;
    int rc;

    *out = NULL;
    if (st) {
        /* the same text again (a report's filters, a reader's scope): no new prepare */
        if ((rc = snapshot_for(db, st->drv)) < 0 ||
            (rc = db->drv->start(db->conn, st->drv, args, nargs)) < 0) {
            db->drv->reset(db->conn, st->drv);
            goto out;
        }
    } else {
        if ((rc = db->drv->prepare(db->conn, sql, &drv)) < 0)
            goto out;
        if ((rc = snapshot_for(db, drv)) < 0 ||
            (rc = db->drv->start(db->conn, drv, args, nargs)) < 0) {
            db->drv->discard(db->conn, drv);
            goto out;
        }
        st = xcalloc(1, sizeof(*st));
        st->db = db;
        st->sql = NULL; /* the caller may free its text as soon as this returns */
        st->drv = drv;
        st->once = true;
        text_keep(db, st, sql);
    }
    st->busy = true;
    db->stmts++;
    *out = st;
out:
    db->time_ns += now_ns() - t0;
    return rc;
}

int db_step(struct db_stmt *st)
{
    uint64_t t0 = now_ns();
    int rc = st->db->drv->step(st->db->conn, st->drv);
    st->db->time_ns += now_ns() - t0;
    return rc;
}

void db_done(struct db_stmt *st)
{
    if (!st)
        return;
    st->db->drv->reset(st->db->conn, st->drv);
    st->busy = false;
    if (st->once) {
        st->db->drv->discard(st->db->conn, st->drv);
        free(st);
    }
}

int db_col_count(struct db_stmt *st)
{
    return st->db->drv->col_count(st->drv);
}

bool db_col_is_null(struct db_stmt *st, int col)
{
    return st->db->drv->col_is_null(st->drv, col);
}

int64_t db_col_int(struct db_stmt *st, int col)
{
    return st->db->drv->col_int(st->drv, col);
}

const char *db_col_text(struct db_stmt *st, int col)
{
    const char *s = st->db->drv->col_text(st->drv, col);
    return s ? s : "";
}

const void *db_col_blob(struct db_stmt *st, int col, struct arena *a, size_t *len)
{
    *len = 0;
    return st->db->drv->col_blob(st->drv, col, a, len);
}

int db_exec_changes(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                    int64_t *changes)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, sql, args, nargs);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        ;
    if (rc == DB_DONE && changes)
        *changes = db->drv->changes(db->conn, st->drv);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int db_exec(struct db *db, const char *sql, const struct db_arg *args, size_t nargs)
{
    return db_exec_changes(db, sql, args, nargs, NULL);
}

int db_query_row(struct db *db, struct db_stmt **out, const char *sql,
                 const struct db_arg *args, size_t nargs)
{
    int rc = db_query(db, out, sql, args, nargs);
    if (rc < 0)
        return rc;
    if ((rc = db_step(*out)) == DB_ROW)
        return 0;
    db_done(*out);
    *out = NULL;
    return rc == DB_DONE ? DARS_ENOTFOUND : rc;
}

int db_query_int(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                 int64_t *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, args, nargs);
    if (rc < 0)
        return rc;
    *out = db_col_int(st, 0);
    /* drain so that RETURNING statements complete on every engine */
    while (db_step(st) == DB_ROW)
        ;
    db_done(st);
    return 0;
}

int db_query_ids(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
                 size_t nargs, int64_t **out, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_query(db, &st, sql, args, nargs);
    *out = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof(**out));
        (*out)[(*n)++] = db_col_int(st, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int db_exec_script(struct db *db, const char *sql)
{
    uint64_t t0 = now_ns();
    int rc = db->drv->exec_script(db->conn, sql);
    db->time_ns += now_ns() - t0;
    db->stmts++;
    return rc;
}

int db_tx_begin(struct db *db)
{
    static const char begin_sql[] = "BEGIN";
    /* a deferred BEGIN would read on a snapshot that a concurrent commit can
     * make stale, and its first write then fails at once (SQLITE_BUSY_SNAPSHOT) */
    static const char begin_sqlite_sql[] = "BEGIN IMMEDIATE";
    if (db->in_tx)
        BUG("nested transaction");
    /* a write transaction of its own, after the reads' snapshot (BEGIN counts as a read) */
    snapshot_close(db);
    db->in_tx = true;
    int rc = db_exec(db, db_engine(db) == DB_SQLITE ? begin_sqlite_sql : begin_sql, DB_NOARGS);
    if (rc < 0)
        db->in_tx = false;
    return rc;
}

int db_tx_lock(struct db *db, uint32_t space, int64_t key)
{
    static const char lock_sql[] =
        "SELECT pg_advisory_xact_lock(CAST(? AS INTEGER), CAST(? AS INTEGER))";
    if (!db->in_tx)
        BUG("lock outside a transaction");
    if (db_engine(db) != DB_POSTGRES)
        return 0;
    /* a SELECT of one row: db_exec steps through it, which takes the lock */
    return db_exec(db, lock_sql, DB_ARGS(DB_INT((int32_t)space), DB_INT((int32_t)key)));
}

static int (*commit_hook)(struct db *db);

void db_set_commit_hook(int (*fn)(struct db *db))
{
    commit_hook = fn;
}

static void (*end_hook)(struct db *db, bool committed);

void db_set_end_hook(void (*fn)(struct db *db, bool committed))
{
    end_hook = fn;
}

int db_tx_commit(struct db *db)
{
    static const char commit_sql[] = "COMMIT";
    if (!db->in_tx)
        BUG("commit outside a transaction");
    int rc = commit_hook ? commit_hook(db) : 0;
    if (rc < 0) {
        db_tx_rollback(db);
        return rc;
    }
    rc = db_exec(db, commit_sql, DB_NOARGS);
    if (rc < 0) {
        db_tx_rollback(db);
        return rc;
    }
    db->in_tx = false;
    if (end_hook)
        end_hook(db, true);
    return rc;
}

void db_tx_rollback(struct db *db)
{
    if (!db->in_tx)
        return;
    db->in_tx = false;
    /* not cached: a failed COMMIT may have left the cached statement busy */
    db->drv->exec_script(db->conn, "ROLLBACK");
    if (end_hook)
        end_hook(db, false);
}

int db_tx_end(struct db *db, int rc)
{
    if (rc < 0) {
        db_tx_rollback(db);
        return rc;
    }
    return db_tx_commit(db);
}

bool db_in_tx(const struct db *db)
{
    return db->in_tx;
}

const char *db_errmsg(struct db *db)
{
    const char *m = db->drv->errmsg(db->conn);
    return m ? m : "unknown database error";
}

uint64_t db_stmt_count(const struct db *db)
{
    return db->stmts;
}

uint64_t db_time_ns(const struct db *db)
{
    return db->time_ns;
}
