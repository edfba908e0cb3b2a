/* A database of its own per test, on both engines (testdb.h). */
#include "core/base.h"
#include "testdb.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* one test per process (Criterion): what the open database left to remove */
static char path[64];
static char schema[64];

struct db *testdb_sqlite(const char *name)
{
    struct db *db = NULL;
    char *err = NULL, url[96];
    snprintf(path, sizeof(path), "/tmp/dars-%.20s-XXXXXX", name);
    int fd = mkstemp(path);
    cr_assert(fd >= 0, "mkstemp %s", path);
    close(fd);
    snprintf(url, sizeof(url), "sqlite:%s", path);
    cr_assert_eq(db_open(url, &db, &err), 0, "open %s: %s", url, err ? err : "");
    return db;
}

struct db *testdb_pg(const char *name)
{
    const char *uri = getenv("DARS_TEST_PG");
    struct db *db = NULL;
    char *err = NULL, sql[320];
    if (!uri || !*uri)
        cr_skip_test("DARS_TEST_PG is not set");
    cr_assert_eq(db_open(uri, &db, &err), 0, "open %s: %s", uri, err ? err : "");
    cr_assert_eq(db_engine(db), DB_POSTGRES);
    snprintf(schema, sizeof(schema), "dars_%.20s_%ld", name, (long)getpid());
    snprintf(sql, sizeof(sql),
             "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s; SET search_path TO %s", schema,
             schema, schema);
    cr_assert_eq(db_exec_script(db, sql), 0, "%s: %s", sql, db_errmsg(db));
    return db;
}

void testdb_close(struct db *db)
{
    if (!db)
        return;
    db_tx_rollback(db);
    if (schema[0]) {
        char sql[96];
        snprintf(sql, sizeof(sql), "DROP SCHEMA %s CASCADE", schema);
        db_exec_script(db, sql);
        schema[0] = '\0';
    }
    db_close(db);
    if (path[0]) {
        char p[96];
        unlink(path);
        snprintf(p, sizeof(p), "%s-wal", path);
        unlink(p);
        snprintf(p, sizeof(p), "%s-shm", path);
        unlink(p);
        path[0] = '\0';
    }
}
