/*
 * Tests for src/db/sqlite_mem.c, through SQLite's own allocation calls: sizes
 * are rounded to their class, realloc keeps the bytes, freed blocks come
 * back, and a block freed by another thread is fine.
 */
#include "core/base.h"
#include "db/db_int.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <sqlite3.h>

static void *free_elsewhere(void *p)
{
    sqlite3_free(p);
    return NULL;
}

Test(sqlite_mem, classes_realloc_reuse_threads)
{
    cr_assert_eq(db_sqlite_mem_setup(), 0);
    cr_assert_eq(sqlite3_initialize(), SQLITE_OK);

    char *p = sqlite3_malloc(20);
    cr_assert_not_null(p);
    cr_expect_eq(sqlite3_msize(p), 32);
    cr_expect_eq((uintptr_t)p % 16, 0);
    memcpy(p, "nineteen characters", 20);
    char *q = sqlite3_realloc(p, 3000);
    cr_assert_not_null(q);
    cr_expect_str_eq(q, "nineteen characters");
    cr_expect_eq(sqlite3_msize(q), 4096);
    sqlite3_free(q);
    /* the freed 4 KB block is the next one of its size */
    char *again = sqlite3_malloc(4000);
    cr_expect_eq(again, q);
    sqlite3_free(again);

    /* larger than every class: its own size, straight from malloc */
    char *big = sqlite3_malloc(100000);
    cr_assert_not_null(big);
    cr_expect_eq(sqlite3_msize(big), 100000);
    memset(big, 1, 100000);
    sqlite3_free(big);

    pthread_t t;
    char *mine = sqlite3_malloc(100);
    cr_assert_eq(pthread_create(&t, NULL, free_elsewhere, mine), 0);
    cr_assert_eq(pthread_join(t, NULL), 0);

    /* and SQLite itself works on it */
    sqlite3 *db;
    cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
    cr_expect_eq(sqlite3_exec(db, "CREATE TABLE t(x); INSERT INTO t VALUES (randomblob(5000));"
                                  "SELECT length(x) FROM t ORDER BY x;", NULL, NULL, NULL),
                 SQLITE_OK);
    sqlite3_close(db);
}
