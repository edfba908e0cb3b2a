/*
 * Tests of src/reports/metric_cells.c on a migrated database, SQLite and,
 * when DARS_TEST_PG is set, PostgreSQL: a people metric answered from the
 * summary's cells equals the same metric counted from the records, for every
 * kind of period (quarters, months with a gap, years, days that are not
 * whole months, overlapping periods) and filter (none, places, who people
 * are), and stays so at once after a commit. The split by sex is always
 * counted from the records (the cells have no sex), and its value is the
 * records' own count: comparing the value with and without the split
 * compares the two paths. Tampering with the cells then shows which answers
 * come from them.
 */
#include "core/base.h"
#include "reports/reports.h"
#include "core/arena.h"
#include "db/db.h"
#include "../lib/testdb.h"
#include "db/migrate.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct db *db;
static struct arena arena;

#define T "'2026-01-01T00:00:00Z'"
#define STAMPS T ", " T

/*
 * Regions BAK and TAS; centre 1 in Asia/Baku (UTC+4, digital education,
 * urban, BAK), 2 in UTC (regional, rural, TAS), 3 in Asia/Baku (regional,
 * urban, BAK). People 1-3 and 5 live, 4 deleted. Courses 1 at centre 1, 2 at
 * centre 2, 3 at centre 3, 4 at no centre (its facts are counted in UTC days
 * and only by the country).
 */
static const char seed_sql[] =
    "INSERT INTO regions (id, code, name, created_at, updated_at) VALUES"
    " (1, 'BAK', 'Baku', " STAMPS "), (2, 'TAS', 'Tashkent', " STAMPS ");"
    "INSERT INTO centres (id, code, name, region_id, kind, area, timezone, created_at,"
    " updated_at) VALUES (1, 'C-BAK', 'Baku DEC', 1, 'digital-education', 'urban', 'Asia/Baku',"
    " " STAMPS "), (2, 'C-UTC', 'Tashkent centre', 2, 'regional', 'rural', 'UTC', " STAMPS "),"
    " (3, 'C-SUM', 'Sumqayit centre', 1, 'regional', 'urban', 'Asia/Baku', " STAMPS ");"
    "INSERT INTO users (id, email, email_key, full_name, gender, birth_year, deleted_at,"
    " created_at, updated_at) VALUES"
    " (1, 'a@x.org', 'a@x.org', 'A', 'female', 1990, NULL, " STAMPS "),"
    " (2, 'b@x.org', 'b@x.org', 'B', 'male', 2000, NULL, " STAMPS "),"
    " (3, 'c@x.org', 'c@x.org', 'C', NULL, NULL, NULL, " STAMPS "),"
    " (4, 'd@x.org', 'd@x.org', 'D', 'female', 1990, " T ", " STAMPS "),"
    " (5, 'e@x.org', 'e@x.org', 'E', 'male', 2001, NULL, " STAMPS ");"
    "INSERT INTO courses (id, code, title, language, topic, delivery, centre_id, created_at,"
    " updated_at) VALUES (1, 'K1', 'Digital skills', 'en', 'it', 'online', 1, " STAMPS "),"
    " (2, 'K2', 'Robotics', 'en', 'it', 'face-to-face', 2, " STAMPS "),"
    " (3, 'K3', 'English', 'en', 'it', 'online', 3, " STAMPS "),"
    " (4, 'K4', 'National course', 'en', 'it', 'online', NULL, " STAMPS ");"
    "INSERT INTO course_modules (id, course_id, position, title, created_at, updated_at)"
    " VALUES (1, 1, 1, 'M', " STAMPS "), (2, 3, 1, 'M', " STAMPS "), (3, 4, 1, 'M', " STAMPS ");"
    "INSERT INTO lessons (id, course_id, module_id, position, title, minutes, created_at,"
    " updated_at) VALUES (1, 1, 1, 1, 'L1', 30, " STAMPS "), (2, 1, 1, 2, 'L2', 45, " STAMPS "),"
    " (3, 3, 2, 1, 'L3', 20, " STAMPS "), (4, 4, 3, 1, 'L4', 50, " STAMPS ");";

/* Facts on both sides of months' and quarters' edges in each zone. */
static const char facts_sql[] =
    "INSERT INTO enrolments (id, user_id, course_id, status, started_at, completed_at,"
    " created_at, updated_at) VALUES"
    " (1, 1, 1, 'active', '2026-03-31T19:59:00Z', NULL, " STAMPS "),"
    " (2, 2, 1, 'completed', '2026-03-31T20:00:00Z', '2026-05-10T10:00:00Z', " STAMPS "),"
    " (3, 1, 2, 'active', '2026-04-01T00:00:00Z', NULL, " STAMPS "),"
    " (4, 3, 2, 'completed', '2026-03-31T23:59:00Z', '2026-03-31T23:59:59Z', " STAMPS "),"
    " (5, 4, 1, 'active', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    " (6, 2, 2, 'withdrawn', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    " (7, 5, 2, 'active', '2025-11-15T10:00:00Z', NULL, " STAMPS "),"
    " (8, 5, 3, 'completed', '2026-01-31T20:30:00Z', '2026-02-28T19:59:00Z', " STAMPS "),"
    " (9, 3, 4, 'completed', '2026-01-31T23:30:00Z', '2026-06-30T23:59:00Z', " STAMPS "),"
    " (10, 2, 3, 'active', '2025-12-31T20:00:00Z', NULL, " STAMPS ");"
    "INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at) VALUES"
    " (1, 1, 1, '2026-02-01T10:00:00Z'), (2, 1, 1, '2026-04-02T10:00:00Z'),"
    " (2, 2, 1, '2026-04-03T10:00:00Z'), (5, 3, 3, '2026-01-31T20:00:00Z'),"
    " (3, 4, 4, '2026-02-28T23:00:00Z'), (4, 1, 1, '2026-02-02T10:00:00Z'),"
    " (2, 3, 3, '2025-12-31T19:00:00Z');"
    "INSERT INTO cohorts (id, course_id, centre_id, starts_on, ends_on, created_at, updated_at)"
    " VALUES (1, 2, 2, '2026-03-01', '2026-06-30', " STAMPS ");"
    "INSERT INTO cohort_sessions (id, cohort_id, centre_id, starts_at, ends_at, created_at,"
    " updated_at) VALUES (1, 1, 2, '2026-03-31T22:00:00Z', '2026-03-31T23:30:00Z', " STAMPS "),"
    " (2, 1, 2, '2026-05-01T23:00:00Z', '2026-05-02T00:30:00Z', " STAMPS ");"
    "INSERT INTO attendance (session_id, user_id, status, created_at, updated_at) VALUES"
    " (1, 3, 'present', " STAMPS "), (1, 1, 'late', " STAMPS "), (1, 2, 'absent', " STAMPS "),"
    " (1, 5, 'excused', " STAMPS "), (2, 5, 'present', " STAMPS ");";

static void run(const char *sql)
{
    cr_assert_eq(db_exec_script(db, sql), 0, "%s", db_errmsg(db));
}

static void migrate_and_seed(void)
{
    int applied = 0;
    cr_assert_eq(db_migrate(db, &applied), 0, "migrate: %s", db_errmsg(db));
    run(seed_sql);
    run(facts_sql);
    arena_init(&arena);
    /* the summary kept at each commit, as dars serve keeps it */
    reports_init();
}

static void sqlite_setup(void)
{
    db = testdb_sqlite("cells");
    migrate_and_seed();
}

static void pg_setup(void)
{
    db = testdb_pg("cells");
    migrate_and_seed();
}

static void teardown(void)
{
    testdb_close(db);
    db = NULL;
    arena_release(&arena);
}

#define DB_TEST(name) TESTDB_TEST(report_metric_cells, name)

#define P(from, to) { from, to }
static const struct report_metric_period quarters[] = { P("2026-01-01", "2026-03-31"),
                                                        P("2026-04-01", "2026-06-30") };
static const struct report_metric_period months_gap[] = { P("2026-01-01", "2026-01-31"),
                                                          P("2026-03-01", "2026-03-31") };
static const struct report_metric_period years[] = { P("2025-01-01", "2025-12-31"),
                                                     P("2026-01-01", "2026-12-31") };
static const struct report_metric_period days[] = { P("2026-01-15", "2026-03-31"),
                                                    P("2026-04-01", "2026-05-01") };
static const struct report_metric_period overlapping[] = { P("2026-01-01", "2026-06-30"),
                                                           P("2026-02-01", "2026-03-31") };
static const struct report_metric_period *const period_sets[] = { quarters, months_gap, years,
                                                                  days, overlapping };
static const char *const set_names[] = { "quarters", "months with a gap", "years", "days",
                                         "overlapping" };

static const char *const metrics[] = { "people_enrolled", "people_completed", "learning_hours" };

/* filters as "name=value", at most two; NULL ends the list of sets */
static const char *const filter_sets[][2] = {
    { NULL, NULL },
    { "region=BAK", NULL },
    { "region=TAS", NULL },
    { "centre=C-BAK", NULL },
    { "centre=C-SUM", NULL },
    { "centre_kind=regional", NULL },
    { "area=urban", NULL },
    { "region=BAK", "centre_kind=regional" },
    { "gender=female", NULL },
    { "programme=P1", NULL },
};

static size_t filters_of(const char *const *in, struct report_metric_filter *out)
{
    size_t n = 0;
    for (size_t i = 0; i < 2 && in[i]; i++) {
        const char *eq = strchr(in[i], '=');
        out[n].name = arena_strndup(&arena, in[i], (size_t)(eq - in[i]));
        out[n++].value = eq + 1;
    }
    return n;
}

/* values[0..2]: the two periods and the span */
static void count(const char *metric, const struct report_metric_period *periods,
                  const char *const *filters, bool by_sex, struct report_metric_value v[3])
{
    struct report_metric_filter f[2];
    size_t n = filters_of(filters, f);
    struct report_metric_ask ask = { metric, f, n, 0, periods, 2, by_sex };
    cr_assert_eq(reports_metric_values(db, &arena, &ask, v), 0, "%s: %s", metric,
                 db_errmsg(db));
}

/* Every metric, period set and filter: without the split (cells where they can) as with it. */
static void expect_paths_agree(const char *when)
{
    for (size_t m = 0; m < ARRAY_SIZE(metrics); m++) {
        for (size_t p = 0; p < ARRAY_SIZE(period_sets); p++) {
            for (size_t f = 0; f < ARRAY_SIZE(filter_sets); f++) {
                struct report_metric_value plain[3], split[3];
                count(metrics[m], period_sets[p], filter_sets[f], false, plain);
                count(metrics[m], period_sets[p], filter_sets[f], true, split);
                cr_assert(split[2].has_sex);
                for (int b = 0; b < 3; b++)
                    cr_expect_float_eq(plain[b].value, split[b].value, 1e-9,
                                       "%s: %s, %s, %s %s, value %d: %g, records %g", when,
                                       metrics[m], set_names[p],
                                       filter_sets[f][0] ? filter_sets[f][0] : "no filter",
                                       filter_sets[f][1] ? filter_sets[f][1] : "", b,
                                       plain[b].value, split[b].value);
            }
        }
    }
}

DB_TEST(cells_and_records_agree)
{
    expect_paths_agree("as seeded");
}

DB_TEST(hand_counts_from_the_cells)
{
    struct report_metric_value v[3];
    /*
     * Q1: 1 (Baku 03-31 23:59), 3 (UTC 03-31 23:59, and K4 at no centre),
     * 5 (Baku 02-01 00:30); Q2: 2, 1. Person 2's K3 is Baku 2026-01-01 00:00,
     * in Q1 too. The span counts each once.
     */
    count("people_enrolled", quarters, filter_sets[0], false, v);
    cr_expect_float_eq(v[0].value, 4, 1e-9, "%g", v[0].value);
    cr_expect_float_eq(v[1].value, 2, 1e-9, "%g", v[1].value);
    cr_expect_float_eq(v[2].value, 4, 1e-9, "%g", v[2].value);
    /*
     * Minutes, Q1: 30 (person 1) + 20 (person 5, Baku 02-01 00:00) + 50 (K4,
     * UTC 02-28) + 90 present + 90 late; person 2's 20 at Baku 12-31 23:00 is
     * 2025. Q2: 30 + 45 + 90 (the session of 05-01 23:00 UTC). The deleted
     * person's 30 count nowhere.
     */
    count("learning_hours", quarters, filter_sets[0], false, v);
    cr_expect_float_eq(v[0].value, 4.67, 1e-9, "%g", v[0].value);
    cr_expect_float_eq(v[1].value, 2.75, 1e-9, "%g", v[1].value);
    cr_expect_float_eq(v[2].value, 7.42, 1e-9, "%g", v[2].value);
    /* a place filter leaves out the course at no centre */
    count("learning_hours", quarters, (const char *const[]){ "area=urban", NULL }, false, v);
    cr_expect_float_eq(v[0].value, 0.83, 1e-9, "%g", v[0].value);
    cr_expect_float_eq(v[1].value, 1.25, 1e-9, "%g", v[1].value);
}

/* Shift what the cells hold, so that an answer read from them moves and one from the records does not. */
static void tamper(void)
{
    run("UPDATE report_cells SET minutes = minutes + 600, enrolled = enrolled + 100,"
        " completed = completed + 100");
}

DB_TEST(which_answers_come_from_the_cells)
{
    struct report_metric_value before[3], after[3];
    const char *const none[] = { NULL, NULL }, *const kind[] = { "centre_kind=regional", NULL };
    const char *const region[] = { "region=BAK", NULL }, *const female[] = { "gender=female",
                                                                             NULL };
    struct {
        const char *metric;
        const struct report_metric_period *periods;
        const char *const *filters;
        bool moves[3]; /* each value read from the cells, which moves with them */
    } cases[] = {
        /* a sum: the country's month cells */
        { "learning_hours", quarters, none, { true, true, true } },
        /* the month cells of the regional centres */
        { "learning_hours", quarters, kind, { true, true, true } },
        /* not whole months: the records */
        { "learning_hours", days, none, { false, false, false } },
        /* who people are: the records */
        { "learning_hours", quarters, female, { false, false, false } },
        /* distinct people: a quarter's cell; the span of two quarters is no cell */
        { "people_enrolled", quarters, none, { true, true, false } },
        { "people_completed", quarters, region, { true, true, false } },
        /* years are cells; the span of two is not */
        { "people_enrolled", years, region, { true, true, false } },
        /* a centre kind is no cell of distinct people */
        { "people_enrolled", quarters, kind, { false, false, false } },
        /* January and March, and the span from one to the other: the first quarter */
        { "people_enrolled", months_gap, none, { true, true, true } },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        /* the cells as the records make them, then shifted */
        run("DELETE FROM report_cells; DELETE FROM report_people;"
            " INSERT INTO report_stale (user_id) SELECT id FROM users WHERE deleted_at IS NULL"
            " AND id NOT IN (SELECT user_id FROM report_stale)");
        count(cases[i].metric, cases[i].periods, cases[i].filters, false, before);
        tamper();
        count(cases[i].metric, cases[i].periods, cases[i].filters, false, after);
        for (int b = 0; b < 3; b++)
            cr_expect_eq(after[b].value != before[b].value, cases[i].moves[b],
                         "case %zu (%s), value %d: %g then %g", i, cases[i].metric, b,
                         before[b].value, after[b].value);
    }
}

DB_TEST(cells_follow_each_commit)
{
    /*
     * A lesson done and an enrolment withdrawn in one transaction, then a
     * person deleted: the answers from the cells follow at once.
     */
    cr_assert_eq(db_tx_begin(db), 0);
    int rc = db_exec_script(
        db, "INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at) VALUES"
            " (1, 2, 1, '2026-05-05T10:00:00Z');"
            "UPDATE enrolments SET status = 'withdrawn' WHERE id = 3;"
            "UPDATE cohort_sessions SET centre_id = 3 WHERE id = 2");
    cr_assert_eq(db_tx_end(db, rc), 0, "%s", db_errmsg(db));
    expect_paths_agree("after a commit");

    cr_assert_eq(db_tx_begin(db), 0);
    rc = db_exec_script(db, "UPDATE users SET deleted_at = " T " WHERE id = 3;"
                            "UPDATE centres SET region_id = 2 WHERE id = 3");
    cr_assert_eq(db_tx_end(db, rc), 0, "%s", db_errmsg(db));
    expect_paths_agree("after a person deleted and a centre moved");
}
