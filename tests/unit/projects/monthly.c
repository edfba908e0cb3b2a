/*
 * Tests of src/projects/monthly.c on a migrated database and a project filled
 * by hand: the month reported, the summary queued to each recipient with the
 * workbook attached, the notice without a file for a month without data, the
 * project's language, and a month that goes once. The database tests run on
 * SQLite, then on PostgreSQL in a schema of their own when DARS_TEST_PG holds
 * a URI (tools/pg-tmp prints one).
 */
#include "core/base.h"
#include "projects/monthly_int.h"
#include "core/arena.h"
#include "core/i18n.h"
#include "db/db.h"
#include "../lib/testdb.h"
#include "db/migrate.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <unistd.h>

static struct db *db;

static void run(const char *sql)
{
    cr_assert_eq(db_exec_script(db, sql), 0, "%s: %s", sql, db_errmsg(db));
}

static void migrate_and_seed(void)
{
    int applied = 0;
    cr_assert_eq(db_migrate(db, &applied), 0, "migrate: %s", db_errmsg(db));
    run("INSERT INTO projects (id, code, name, starts_on, ends_on, created_at, updated_at) "
        "VALUES (7, 'DEC', 'DEC', '2026-01-01', '2027-12-31', '2026-01-01T00:00:00Z', "
        "'2026-01-01T00:00:00Z')");
    cr_assert_eq(i18n_init(), 0);
}

static void sqlite_setup(void)
{
    db = testdb_sqlite("monthly");
    migrate_and_seed();
}

static void pg_setup(void)
{
    db = testdb_pg("monthly");
    migrate_and_seed();
}

static void teardown(void)
{
    testdb_close(db);
    db = NULL;
}

#define DB_TEST(name) TESTDB_TEST(project_monthly, name)

static struct project_period periods[1] = {
    { .id = 1, .starts_on = "2026-01-01", .ends_on = "2026-03-31", .target = 100,
      .actual = { 40, false, { 0 } } },
};

static struct project_indicator indicators[2] = {
    { .id = 1, .code = "students", .title = "Students trained", .result = "Skills",
      .result_type = "output", .metric = "people_completed", .filter_json = "{}",
      .target = 16000, .periods = periods, .nperiods = 1, .counted = true,
      .actual = { 40, false, { 0 } } },
    { .id = 2, .code = "mentors", .title = "Mentors developed", .result = "Skills",
      .result_type = "output", .metric = "mentors_developed", .filter_json = "{}", .target = 450 },
};

static const char *recipients[] = { "officer@donor.example", "desk@ministry.example" };

static struct project sample(const char *lang)
{
    return (struct project){
        .id = 7, .code = "DEC", .name = "Digital Education Centres", .funder = "Donor",
        .starts_on = "2026-01-01", .ends_on = "2027-12-31", .currency = "USD",
        .status = "implementation", .language = lang, .recipients = recipients,
        .nrecipients = 2, .indicators = indicators, .nindicators = 2,
    };
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    cr_assert_eq(db_query_int(db, sql, DB_NOARGS, &n), 0, "%s: %s", sql, db_errmsg(db));
    return n;
}

static char *text_of(const char *sql)
{
    struct db_stmt *st;
    cr_assert_eq(db_query_row(db, &st, sql, DB_NOARGS), 0, "%s", sql);
    char *s = strdup(db_col_text(st, 0));
    db_done(st);
    return s;
}

Test(project_month, the_month_before_from_report_day_on)
{
    struct project_month m;
    bool due = false;
    cr_assert_eq(project_month_of("2026-04-01", 1, &m, &due), 0);
    cr_assert(due);
    cr_assert_str_eq(m.key, "2026-03");
    cr_assert_str_eq(m.first, "2026-03-01");
    cr_assert_str_eq(m.last, "2026-03-31");
    cr_assert_str_eq(m.before, "2026-02-28");
    cr_assert_eq(project_month_of("2026-01-04", 5, &m, &due), 0);
    cr_assert(!due);
    cr_assert_str_eq(m.key, "2025-12");
    cr_assert_str_eq(m.before, "2025-11-30");
    cr_assert_eq(project_month_of("2024-03-28", 28, &m, &due), 0);
    cr_assert(due);
    cr_assert_str_eq(m.last, "2024-02-29");
    const char *bad[] = { "2026-02-30", "2026-13-01", "2026-4-1", "", "yesterday" };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_eq(project_month_of(bad[i], 1, &m, &due), DARS_EINVALID, "%s", bad[i]);
}

DB_TEST(the_summary_with_the_workbook_to_each_recipient_once)
{
    struct arena a = ARENA_INIT;
    struct project p = sample("en");
    struct project_month m;
    bool due, queued = false;
    struct project_month_figure figs[2] = { { true, 1240, 120, 130 }, { false, 0, 0, 0 } };

    cr_assert_eq(project_month_of("2026-04-01", 1, &m, &due), 0);
    cr_assert_eq(project_monthly_send(db, &a, &p, &m, figs, &queued), 0, "%s", db_errmsg(db));
    cr_assert(queued);
    cr_assert_eq(count("SELECT COUNT(*) FROM outbox"), 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM outbox_attachments WHERE filename = "
                       "'DEC-2026-03.xlsx' AND size > 1000"),
                 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM project_reports_sent WHERE project_id = 7 "
                       "AND month = '2026-03'"),
                 1);
    char *subject = text_of("SELECT subject FROM outbox WHERE to_addr = 'officer@donor.example'");
    cr_assert_str_eq(subject, "Digital Education Centres: monthly report for 2026-03");
    char *body = text_of("SELECT body FROM outbox ORDER BY id LIMIT 1");
    cr_assert(strstr(body, "Students trained\n  Actual: 1,240 of 16,000 (8%)\n"
                           "  Change in the month: +120\n"),
              "%s", body);
    cr_assert(strstr(body, "Mentors developed\n  Not counted"), "%s", body);
    cr_assert(strstr(body, "1 Mar 2026"), "%s", body);
    free(subject);
    free(body);

    /* a second run for the same month queues nothing */
    cr_assert_eq(project_monthly_send(db, &a, &p, &m, figs, &queued), 0);
    cr_assert(!queued);
    cr_assert_eq(count("SELECT COUNT(*) FROM outbox"), 2);
    arena_release(&a);
}

DB_TEST(a_month_without_data_sends_a_notice_without_a_file)
{
    struct arena a = ARENA_INIT;
    struct project p = sample("ru");
    struct project_month m;
    bool due, queued = false;
    /* the to-date figures are there, but nothing was counted in the month */
    struct project_month_figure figs[2] = { { true, 1240, 0, 0 }, { false, 0, 0, 0 } };

    cr_assert_eq(project_month_of("2026-05-02", 1, &m, &due), 0);
    cr_assert_eq(project_monthly_send(db, &a, &p, &m, figs, &queued), 0, "%s", db_errmsg(db));
    cr_assert(queued);
    cr_assert_eq(count("SELECT COUNT(*) FROM outbox"), 2);
    cr_assert_eq(count("SELECT COUNT(*) FROM outbox_attachments"), 0);
    char *body = text_of("SELECT body FROM outbox ORDER BY id LIMIT 1");
    cr_assert_null(strstr(body, "Actual"), "%s", body);
    cr_assert(strstr(body, "апр"), "dates in the project's language: %s", body);
    free(body);
    arena_release(&a);
}

DB_TEST(figures_rounded_once_keep_their_sign)
{
    struct arena a = ARENA_INIT;
    struct project p = sample("ru");
    struct project_month m;
    bool due, queued = false;
    /* hours, not whole: 2.95 is 3 (not "2,0"), and a change of -0.5 keeps its minus */
    struct project_month_figure figs[2] = { { true, 2.95, -0.5, 1 }, { false, 0, 0, 0 } };

    cr_assert_eq(project_month_of("2026-06-01", 1, &m, &due), 0);
    cr_assert_eq(project_monthly_send(db, &a, &p, &m, figs, &queued), 0, "%s", db_errmsg(db));
    cr_assert(queued);
    char *body = text_of("SELECT body FROM outbox ORDER BY id LIMIT 1");
    cr_assert(strstr(body, ": 3 "), "%s", body);
    cr_assert(strstr(body, ": -0,5\n"), "%s", body);
    free(body);
    arena_release(&a);
}
