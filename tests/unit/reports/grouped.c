/*
 * Tests of src/reports/grouped.c (reports_people_by_quarter, for open data)
 * on a migrated database, SQLite and, with DARS_TEST_PG, PostgreSQL: the
 * same people a report counts (a person where they trained, in that centre's
 * days: Baku's 23:59 on 31 March is Q1, its midnight Q2; deleted people and
 * withdrawn enrolments nowhere), grouped by region and programme at once (a
 * course in no programme under a NULL key) or by the course's topic, each
 * group split by sex.
 */
#include "core/base.h"
#include "reports/reports.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "db/db.h"
#include "db/migrate.h"
#include "../lib/testdb.h"

#include <criterion/criterion.h>
#include <string.h>

static struct db *db;
static struct arena arena;

#define T "'2026-01-01T00:00:00Z'"
#define STAMPS T ", " T

/*
 * Regions BAK and TAS; centre 1 in Asia/Baku (UTC+4, BAK), centre 2 in UTC
 * (TAS). People: 1 a woman, 2 a man, 3 who gave nothing, 4 a deleted woman,
 * 5 a man. Course 1 at centre 1 in programme P1 (topic programming), courses
 * 2, 3 and 4 at centre 2 in none (topics robotics, english, robotics).
 */
static const char seed_sql[] =
    "INSERT INTO regions (id, code, name, created_at, updated_at) VALUES"
    " (1, 'BAK', 'Baku', " STAMPS "), (2, 'TAS', 'Tashkent', " STAMPS ");"
    "INSERT INTO centres (id, code, name, region_id, kind, timezone, created_at, updated_at)"
    " VALUES (1, 'C-BAK', 'Baku DEC', 1, 'digital-education', 'Asia/Baku', " STAMPS "),"
    " (2, 'C-UTC', 'Tashkent centre', 2, 'regional', 'UTC', " STAMPS ");"
    "INSERT INTO users (id, email, email_key, full_name, gender, deleted_at, created_at,"
    " updated_at) VALUES (1, 'a@x.org', 'a@x.org', 'A', 'female', NULL, " STAMPS "),"
    " (2, 'b@x.org', 'b@x.org', 'B', 'male', NULL, " STAMPS "),"
    " (3, 'c@x.org', 'c@x.org', 'C', NULL, NULL, " STAMPS "),"
    " (4, 'd@x.org', 'd@x.org', 'D', 'female', " T ", " STAMPS "),"
    " (5, 'e@x.org', 'e@x.org', 'E', 'male', NULL, " STAMPS ");"
    "INSERT INTO courses (id, code, title, language, topic, delivery, centre_id, created_at,"
    " updated_at) VALUES (1, 'K1', 'Python', 'en', 'programming', 'online', 1, " STAMPS "),"
    " (2, 'K2', 'Robotics', 'en', 'robotics', 'face-to-face', 2, " STAMPS "),"
    " (3, 'K3', 'English', 'en', 'english', 'online', 2, " STAMPS "),"
    " (4, 'K4', 'Robotics 2', 'en', 'robotics', 'face-to-face', 2, " STAMPS ");"
    "INSERT INTO programmes (id, code, title, status, created_at, updated_at) VALUES"
    " (1, 'P1', 'Leaders', 'published', " STAMPS ");"
    "INSERT INTO programme_courses (programme_id, course_id, position) VALUES (1, 1, 1);"
    "INSERT INTO enrolments (id, user_id, course_id, status, started_at, completed_at,"
    " created_at, updated_at) VALUES"
    " (1, 1, 1, 'active', '2026-03-31T19:59:00Z', NULL, " STAMPS "),"
    " (2, 2, 1, 'completed', '2026-03-31T20:00:00Z', '2026-05-10T10:00:00Z', " STAMPS "),"
    " (3, 1, 2, 'active', '2026-04-01T00:00:00Z', NULL, " STAMPS "),"
    " (4, 3, 2, 'completed', '2026-03-31T23:59:00Z', '2026-03-31T23:59:59Z', " STAMPS "),"
    " (5, 4, 1, 'active', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    " (6, 2, 2, 'withdrawn', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    " (7, 5, 2, 'active', '2025-11-15T10:00:00Z', NULL, " STAMPS "),"
    " (8, 5, 3, 'active', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    /* person 3 in a second robotics course in the same quarter: counted once there */
    " (9, 3, 4, 'active', '2026-02-02T10:00:00Z', NULL, " STAMPS ");";

static void setup(struct db *d)
{
    int applied = 0;
    db = d;
    cr_assert_eq(db_migrate(db, &applied), 0, "migrate: %s", db_errmsg(db));
    cr_assert_eq(db_exec_script(db, seed_sql), 0, "%s", db_errmsg(db));
    arena_init(&arena);
}
static void sqlite_setup(void)
{
    setup(testdb_sqlite("grouped"));
}
static void pg_setup(void)
{
    setup(testdb_pg("grouped"));
}
static void teardown(void)
{
    testdb_close(db);
    db = NULL;
    arena_release(&arena);
}

static const struct reports_people_cell *find(const struct reports_people_cell *v, size_t n,
                                              const char *k0, const char *k1, const char *q)
{
    for (size_t i = 0; i < n; i++)
        if ((k0 ? v[i].key[0] && streq(v[i].key[0], k0) : !v[i].key[0]) &&
            (k1 ? v[i].key[1] && streq(v[i].key[1], k1) : !v[i].key[1]) && streq(v[i].quarter, q))
            return &v[i];
    return NULL;
}

/* enrolled then completed, each female, male, other, unknown */
static void expect(const struct reports_people_cell *c, const int64_t e[4], const int64_t d[4])
{
    cr_assert_not_null(c);
    for (int s = 0; s < REPORT_NSEXES; s++) {
        cr_expect_eq(c->enrolled[s], e[s], "%s %s %s enrolled[%d]: %lld", c->key[0],
                     c->key[1] ? c->key[1] : "-", c->quarter, s, (long long)c->enrolled[s]);
        cr_expect_eq(c->completed[s], d[s], "%s %s %s completed[%d]", c->key[0],
                     c->key[1] ? c->key[1] : "-", c->quarter, s);
    }
}

TESTDB_TEST(reports_grouped, by_region_and_programme)
{
    const struct report_dim *dims[] = { reports_dim("region"), reports_dim("programme") };
    struct reports_people_cell *v;
    size_t n;
    int rc = reports_people_by_quarter(db, &arena, dims, 2, "2026-01-01", "2026-06-30", &v, &n);
    cr_assert_eq(rc, 0, "%d %s", rc, db_errmsg(db));
    cr_assert_eq(n, 4);
    expect(find(v, n, "BAK", "P1", "2026-Q1"), (int64_t[]){ 1, 0, 0, 0 },
           (int64_t[]){ 0, 0, 0, 0 });
    expect(find(v, n, "BAK", "P1", "2026-Q2"), (int64_t[]){ 0, 1, 0, 0 },
           (int64_t[]){ 0, 1, 0, 0 });
    expect(find(v, n, "TAS", NULL, "2026-Q1"), (int64_t[]){ 0, 1, 0, 1 },
           (int64_t[]){ 0, 0, 0, 1 });
    expect(find(v, n, "TAS", NULL, "2026-Q2"), (int64_t[]){ 1, 0, 0, 0 },
           (int64_t[]){ 0, 0, 0, 0 });
    cr_assert_str_eq(find(v, n, "BAK", "P1", "2026-Q1")->label, "Baku");
}

TESTDB_TEST(reports_grouped, by_topic_people_once_per_group)
{
    const struct report_dim *dims[] = { &catalog_topic_report_dim };
    struct reports_people_cell *v;
    size_t n;
    int rc = reports_people_by_quarter(db, &arena, dims, 1, "2025-10-01", "2026-03-31", &v, &n);
    cr_assert_eq(rc, 0, "%d %s", rc, db_errmsg(db));
    /* robotics: person 5 in 2025-Q4; in 2026-Q1 person 3 (two courses, counted once) */
    expect(find(v, n, "robotics", NULL, "2025-Q4"), (int64_t[]){ 0, 1, 0, 0 },
           (int64_t[]){ 0, 0, 0, 0 });
    expect(find(v, n, "robotics", NULL, "2026-Q1"), (int64_t[]){ 0, 0, 0, 1 },
           (int64_t[]){ 0, 0, 0, 1 });
    expect(find(v, n, "english", NULL, "2026-Q1"), (int64_t[]){ 0, 1, 0, 0 },
           (int64_t[]){ 0, 0, 0, 0 });
    expect(find(v, n, "programming", NULL, "2026-Q1"), (int64_t[]){ 1, 0, 0, 0 },
           (int64_t[]){ 0, 0, 0, 0 });
    cr_assert_eq(n, 4);
}

TESTDB_TEST(reports_grouped, refuses_what_it_cannot_group)
{
    const struct report_dim *none[] = { reports_dim("disability") };
    struct reports_people_cell *v;
    size_t n;
    cr_assert_eq(reports_people_by_quarter(db, &arena, none, 1, "2026-01-01", "2026-03-31", &v,
                                           &n),
                 DARS_EINVALID);
    cr_assert_eq(reports_people_by_quarter(db, &arena, none, 0, "2026-01-01", "2026-03-31", &v,
                                           &n),
                 DARS_EINVALID);
}
