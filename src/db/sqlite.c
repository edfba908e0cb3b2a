/*
 * SQLite driver: WAL journal, foreign keys on, a busy timeout so that worker
 * threads writing at once wait for each other instead of failing.
 */
#include "core/base.h"
#include "db/db_int.h"
#include "core/arena.h"
#include "core/xalloc.h"

#include <sqlite3.h>

static int sq_open(const char *path, void **conn, char **err)
{
    sqlite3 *h = NULL;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;

    if (db_sqlite_mem_setup() < 0) {
        *err = xstrdup("cannot set up SQLite's memory");
        return DARS_EDB;
    }
    if (sqlite3_open_v2(path, &h, flags, NULL) != SQLITE_OK) {
        const char *m = h ? sqlite3_errmsg(h) : "out of memory";
        size_t n = strlen(path) + strlen(m) + 32;
        *err = xmalloc(n);
        snprintf(*err, n, "cannot open '%s': %s", path, m);
        sqlite3_close(h);
        return DARS_EDB;
    }
    sqlite3_busy_timeout(h, 10000);
    char *msg = NULL;
    if (sqlite3_exec(h,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
                     "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;",
                     NULL, NULL, &msg) != SQLITE_OK) {
        size_t n = strlen(path) + (msg ? strlen(msg) : 0) + 32;
        *err = xmalloc(n);
        snprintf(*err, n, "cannot open '%s': %s", path, msg ? msg : "?");
        sqlite3_free(msg);
        sqlite3_close(h);
        return DARS_EDB;
    }
    *conn = h;
    return 0;
}

static void sq_close(void *conn)
{
    sqlite3_close_v2(conn);
}

static int sq_prepare(void *conn, const char *sql, void **stmt)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v3(conn, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite: cannot prepare '%.80s': %s\n", sql, sqlite3_errmsg(conn));
        return DARS_EDB;
    }
    *stmt = st;
    return 0;
}

static void sq_finalize(void *conn, void *stmt)
{
    UNUSED(conn);
    sqlite3_finalize(stmt);
}

static int sq_start(void *conn, void *stmt, const struct db_arg *args, size_t nargs)
{
    UNUSED(conn);
    for (size_t i = 0; i < nargs; i++) {
        int rc, idx = (int)i + 1;
        switch (args[i].type) {
        case DB_T_INT:
            rc = sqlite3_bind_int64(stmt, idx, args[i].i);
            break;
        case DB_T_TEXT:
            rc = args[i].s ? sqlite3_bind_text(stmt, idx, args[i].s, -1, SQLITE_STATIC)
                           : sqlite3_bind_null(stmt, idx);
            break;
        case DB_T_BLOB:
            rc = sqlite3_bind_blob64(stmt, idx, args[i].s, (sqlite3_uint64)args[i].i,
                                     SQLITE_STATIC);
            break;
        default:
            rc = sqlite3_bind_null(stmt, idx);
        }
        if (rc != SQLITE_OK)
            return DARS_EDB;
    }
    return 0;
}

static int sq_step(void *conn, void *stmt)
{
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW)
        return DB_ROW;
    if (rc == SQLITE_DONE)
        return DB_DONE;
    if (rc == SQLITE_CONSTRAINT)
        return DARS_ECONFLICT;
    fprintf(stderr, "sqlite: %s\n", sqlite3_errmsg(conn));
    return DARS_EDB;
}

static void sq_reset(void *conn, void *stmt)
{
    UNUSED(conn);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
}

static int sq_col_count(void *stmt)
{
    return sqlite3_column_count(stmt);
}

static bool sq_col_is_null(void *stmt, int col)
{
    return sqlite3_column_type(stmt, col) == SQLITE_NULL;
}

static int64_t sq_col_int(void *stmt, int col)
{
    return sqlite3_column_int64(stmt, col);
}

static const char *sq_col_text(void *stmt, int col)
{
    return (const char *)sqlite3_column_text(stmt, col);
}

static const void *sq_col_blob(void *stmt, int col, struct arena *a, size_t *len)
{
    if (sqlite3_column_type(stmt, col) == SQLITE_NULL)
        return NULL;
    const void *p = sqlite3_column_blob(stmt, col);
    *len = (size_t)sqlite3_column_bytes(stmt, col);
    void *copy = arena_alloc(a, *len + 1);
    if (*len)
        memcpy(copy, p, *len);
    return copy;
}

static int64_t sq_changes(void *conn, void *stmt)
{
    UNUSED(stmt);
    return sqlite3_changes64(conn);
}

static int sq_exec_script(void *conn, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(conn, sql, NULL, NULL, &msg) != SQLITE_OK) {
        fprintf(stderr, "sqlite: %s\n", msg ? msg : sqlite3_errmsg(conn));
        sqlite3_free(msg);
        return DARS_EDB;
    }
    return 0;
}

static bool sq_readonly(void *stmt)
{
    return sqlite3_stmt_readonly(stmt) != 0;
}

static const char *sq_errmsg(void *conn)
{
    return sqlite3_errmsg(conn);
}

const struct db_driver db_sqlite_driver = {
    .name = "sqlite",
    .engine = DB_SQLITE,
    .open = sq_open,
    .close = sq_close,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .discard = sq_finalize,
    .start = sq_start,
    .step = sq_step,
    .reset = sq_reset,
    .col_count = sq_col_count,
    .col_is_null = sq_col_is_null,
    .col_int = sq_col_int,
    .col_text = sq_col_text,
    .col_blob = sq_col_blob,
    .changes = sq_changes,
    .exec_script = sq_exec_script,
    .errmsg = sq_errmsg,
    .readonly = sq_readonly,
};
