/*
 * A database of its own for each test, on SQLite and on PostgreSQL, which the
 * database suites of tests/unit share. SQLite: a fresh file under /tmp.
 * PostgreSQL: the server DARS_TEST_PG names (`make check` starts one with
 * tools/pg-tmp and sets it), in a schema of the test's own, since Criterion
 * runs tests in parallel processes; without DARS_TEST_PG the test is skipped.
 * Neither is migrated: the suite does what it needs (db_migrate, its tables).
 *
 * A suite defines sqlite_setup, pg_setup and teardown around these, then its
 * tests with TESTDB_TEST, which runs each body once per engine:
 *
 *   static void sqlite_setup(void) { db = testdb_sqlite("metric"); seed(); }
 *   static void pg_setup(void) { db = testdb_pg("metric"); seed(); }
 *   static void teardown(void) { testdb_close(db); db = NULL; }
 *   TESTDB_TEST(report_metric, counts_people) { ... }
 */
#ifndef DARS_TESTS_UNIT_TESTDB_H
#define DARS_TESTS_UNIT_TESTDB_H

#include <criterion/criterion.h>

struct db;

/* A new SQLite database in a temporary file named for name ("metric"). */
struct db *testdb_sqlite(const char *name);
/* The PostgreSQL of DARS_TEST_PG in a new schema "dars_NAME_PID", or the test skipped. */
struct db *testdb_pg(const char *name);
/* Close it and remove what it left: the schema, or the file and its -wal and -shm. NULL: nothing. */
void testdb_close(struct db *db);

/* A test body run on both engines: suites SUITE_sqlite and SUITE_pg. */
#define TESTDB_TEST(suite, name)                                                            \
    static void name(void);                                                                 \
    Test(suite##_sqlite, name, .init = sqlite_setup, .fini = teardown)                     \
    {                                                                                       \
        name();                                                                             \
    }                                                                                       \
    Test(suite##_pg, name, .init = pg_setup, .fini = teardown)                             \
    {                                                                                       \
        name();                                                                             \
    }                                                                                       \
    static void name(void)

#endif
