/*
 * What the generic layer (db.c) and the two drivers share. Each driver fills a
 * struct db_driver; db.c does the statement cache, argument binding and
 * transaction bookkeeping once for both.
 */
#ifndef DARS_DB_DB_INT_H
#define DARS_DB_DB_INT_H

#include "db/db.h"

#include <stddef.h>

struct arena;

struct db_driver {
    const char *name;
    enum db_engine engine;
    /* open a connection; on failure set *err (malloc'd) and return DARS_EDB */
    int (*open)(const char *url, void **conn, char **err);
    void (*close)(void *conn);
    /* prepare sql (with '?' placeholders) into a driver statement */
    int (*prepare)(void *conn, const char *sql, void **stmt);
    void (*finalize)(void *conn, void *stmt);
    /* finalize a statement prepared for one use (db_query_once), on the server too */
    void (*discard)(void *conn, void *stmt);
    /* bind all args and execute up to the first row */
    int (*start)(void *conn, void *stmt, const struct db_arg *args, size_t nargs);
    int (*step)(void *conn, void *stmt); /* DB_ROW, DB_DONE or <0 */
    void (*reset)(void *conn, void *stmt);
    int (*col_count)(void *stmt);
    bool (*col_is_null)(void *stmt, int col);
    int64_t (*col_int)(void *stmt, int col);
    const char *(*col_text)(void *stmt, int col);
    /* bytes of a blob column copied into a; NULL for SQL NULL */
    const void *(*col_blob)(void *stmt, int col, struct arena *a, size_t *len);
    int64_t (*changes)(void *conn, void *stmt);
    int (*exec_script)(void *conn, const char *sql);
    /* whether a prepared statement only reads; NULL: no read snapshots (db_snapshot_begin) */
    bool (*readonly)(void *stmt);
    const char *(*errmsg)(void *conn);
};

extern const struct db_driver db_sqlite_driver;
/* SQLite's allocator (sqlite_mem.c): once, before the first open; thread-safe. */
int db_sqlite_mem_setup(void);
extern const struct db_driver db_pg_driver;

#endif
