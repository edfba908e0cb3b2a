/*
 * Tests of src/reports/metric.c and filter_words.c (and the events metrics of
 * src/events/report_metrics.c) on a migrated database, SQLite and, when
 * DARS_TEST_PG is set, PostgreSQL: hand-made records on both sides of the
 * periods' edges (23:59 local on the last day counts, 00:00 the next day does
 * not; a centre in Asia/Baku, four hours ahead of UTC, and one in UTC), each
 * metric, filters, the split by sex and the whole span counting a person once.
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

/* Criterion forks a process per test, so each test has its own database. */
static struct db *db;
static struct arena arena;

#define T "'2026-01-01T00:00:00Z'"
#define STAMPS T ", " T

/*
 * Regions BAK (Baku) and TAS; centre 1 in Asia/Baku (UTC+4, digital
 * education, urban, region BAK), centre 2 in UTC (regional, rural, TAS).
 * People: 1 a woman born 1990, 2 a man born 2000, 3 who gave nothing, 4 a
 * deleted woman, 5 a man born 2001 (24 in 2025, 25 in 2026). Courses 1 (at
 * centre 1, in programme P1), 2 and 3 (at centre 2).
 */
static const char seed_sql[] =
    "INSERT INTO regions (id, code, name, name_ru, created_at, updated_at) VALUES"
    " (1, 'BAK', 'Baku', 'Баку', " STAMPS "), (2, 'TAS', 'Tashkent', '', " STAMPS ");"
    "INSERT INTO centres (id, code, name, region_id, kind, area, timezone, created_at,"
    " updated_at) VALUES (1, 'C-BAK', 'Baku DEC', 1, 'digital-education', 'urban', 'Asia/Baku',"
    " " STAMPS "), (2, 'C-UTC', 'Tashkent centre', 2, 'regional', 'rural', 'UTC', " STAMPS ");"
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
    " (3, 'K3', 'English', 'en', 'it', 'online', 2, " STAMPS ");"
    "INSERT INTO programmes (id, code, title, status, created_at, updated_at) VALUES"
    " (1, 'P1', 'Leaders', 'published', " STAMPS ");"
    "INSERT INTO programme_courses (programme_id, course_id, position) VALUES (1, 1, 1);"
    "INSERT INTO course_modules (id, course_id, position, title, created_at, updated_at)"
    " VALUES (1, 1, 1, 'M', " STAMPS ");"
    "INSERT INTO lessons (id, course_id, module_id, position, title, minutes, created_at,"
    " updated_at) VALUES (1, 1, 1, 1, 'L1', 30, " STAMPS "), (2, 1, 1, 2, 'L2', 45, " STAMPS ");"
    "INSERT INTO projects (id, code, name, starts_on, ends_on, created_at, updated_at) VALUES"
    " (1, 'DEC', 'DEC', '2026-01-01', '2026-12-31', " STAMPS "),"
    " (2, 'EXE', 'EXE', '2026-01-01', '2026-12-31', " STAMPS ");";

/*
 * The facts. Baku's 2026-03-31 23:59 is 19:59Z, its 2026-04-01 00:00 is
 * 20:00Z; in UTC they are 23:59Z and 00:00Z.
 */
static const char facts_sql[] =
    "INSERT INTO enrolments (id, user_id, course_id, status, started_at, completed_at,"
    " created_at, updated_at) VALUES"
    /* Q1 at its last minute in Baku */
    " (1, 1, 1, 'active', '2026-03-31T19:59:00Z', NULL, " STAMPS "),"
    /* Q2's first minute in Baku, completed in Q2 */
    " (2, 2, 1, 'completed', '2026-03-31T20:00:00Z', '2026-05-10T10:00:00Z', " STAMPS "),"
    /* Q2's first minute in UTC: person 1 again, in another quarter */
    " (3, 1, 2, 'active', '2026-04-01T00:00:00Z', NULL, " STAMPS "),"
    /* Q1's last minute in UTC, completed then too */
    " (4, 3, 2, 'completed', '2026-03-31T23:59:00Z', '2026-03-31T23:59:59Z', " STAMPS "),"
    /* a deleted person and a withdrawn enrolment count nowhere */
    " (5, 4, 1, 'active', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    " (6, 2, 2, 'withdrawn', '2026-02-01T10:00:00Z', NULL, " STAMPS "),"
    /* person 5 in 2025 (aged 24 then) and in 2026 (25) */
    " (7, 5, 2, 'active', '2025-11-15T10:00:00Z', NULL, " STAMPS "),"
    " (8, 5, 3, 'active', '2026-02-01T10:00:00Z', NULL, " STAMPS ");"
    /* lessons: 30 minutes in Q1 (person 1), 75 in Q2 (person 2) */
    "INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at) VALUES"
    " (1, 1, 1, '2026-02-01T10:00:00Z'), (2, 1, 1, '2026-04-02T10:00:00Z'),"
    " (2, 2, 1, '2026-04-03T10:00:00Z');"
    /* a 90-minute session at the UTC centre in Q1: present, late, absent, excused */
    "INSERT INTO cohorts (id, course_id, centre_id, starts_on, ends_on, created_at, updated_at)"
    " VALUES (1, 2, 2, '2026-03-01', '2026-06-30', " STAMPS ");"
    "INSERT INTO cohort_sessions (id, cohort_id, centre_id, starts_at, ends_at, created_at,"
    " updated_at) VALUES (1, 1, 2, '2026-03-31T22:00:00Z', '2026-03-31T23:30:00Z', " STAMPS ");"
    "INSERT INTO attendance (session_id, user_id, status, created_at, updated_at) VALUES"
    " (1, 3, 'present', " STAMPS "), (1, 1, 'late', " STAMPS "), (1, 2, 'absent', " STAMPS "),"
    " (1, 5, 'excused', " STAMPS ");"
    /*
     * Events: 1 ends at Baku's Q1 last minute, 2 at its Q2 first, 3 online at
     * UTC's Q1 last minute; 4 cancelled, 5 deleted, 6 a draft.
     */
    "INSERT INTO events (id, title, kind, starts_at, ends_at, centre_id, status, deleted_at,"
    " created_at, updated_at) VALUES"
    " (1, 'E1', 'seminar', '2026-03-31T10:00:00Z', '2026-03-31T19:59:00Z', 1, 'published',"
    " NULL, " STAMPS "),"
    " (2, 'E2', 'forum', '2026-03-31T10:00:00Z', '2026-03-31T20:00:00Z', 1, 'published',"
    " NULL, " STAMPS "),"
    " (3, 'E3', 'webinar', '2026-03-31T10:00:00Z', '2026-03-31T23:59:00Z', NULL, 'published',"
    " NULL, " STAMPS "),"
    " (4, 'E4', 'seminar', '2026-02-01T10:00:00Z', '2026-02-01T12:00:00Z', 2, 'cancelled',"
    " NULL, " STAMPS "),"
    " (5, 'E5', 'seminar', '2026-02-01T10:00:00Z', '2026-02-01T12:00:00Z', 2, 'published',"
    " " T ", " STAMPS "),"
    " (6, 'E6', 'seminar', '2026-02-01T10:00:00Z', '2026-02-01T12:00:00Z', 2, 'draft',"
    " NULL, " STAMPS ");"
    "INSERT INTO event_registrations (id, event_id, name, email, email_key, user_id, status,"
    " token_hash, checked_in_at, created_at, updated_at) VALUES"
    " (1, 1, 'A', 'a@x.org', 'a@x.org', 1, 'registered', 'h1', " T ", " STAMPS "),"
    " (2, 1, 'B', 'b@x.org', 'b@x.org', 2, 'registered', 'h2', NULL, " STAMPS "),"
    " (3, 1, 'Guest', 'g@x.org', 'g@x.org', NULL, 'registered', 'h3', " T ", " STAMPS "),"
    " (4, 2, 'A', 'a@x.org', 'a@x.org', 1, 'registered', 'h4', " T ", " STAMPS "),"
    " (5, 4, 'B', 'b@x.org', 'b@x.org', 2, 'registered', 'h5', " T ", " STAMPS ");"
    /*
     * Equipment: project 1 gave centre 1 a working kit on Q1's last day and
     * centre 2 one on Q2's first (and a broken one before); project 2 gave
     * centre 1 a laptop.
     */
    "INSERT INTO equipment (id, centre_id, project_id, kind, quantity, received_on, condition,"
    " created_at, updated_at) VALUES"
    " (1, 1, 1, 'robotics-kit', 3, '2026-03-31', 'working', " STAMPS "),"
    " (2, 2, 1, 'computer', 10, '2026-04-01', 'working', " STAMPS "),"
    " (3, 2, 1, 'projector', 1, '2026-01-10', 'broken', " STAMPS "),"
    " (4, 1, 2, 'laptop', 2, '2026-01-10', 'working', " STAMPS ");";

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
}

static void sqlite_setup(void)
{
    db = testdb_sqlite("metric");
    migrate_and_seed();
}

static void pg_setup(void)
{
    db = testdb_pg("metric");
    migrate_and_seed();
}

static void teardown(void)
{
    testdb_close(db);
    db = NULL;
    arena_release(&arena);
}

#define DB_TEST(name) TESTDB_TEST(report_metric, name)

static const struct report_metric_period quarters[] = { { "2026-01-01", "2026-03-31" },
                                                        { "2026-04-01", "2026-06-30" } };

/* values[0..2]: Q1, Q2, the span; filters as "name=value" strings, NULL-ended */
static void count(const char *metric, int64_t project, bool by_sex, const char *const *filters,
                  struct report_metric_value values[3])
{
    struct report_metric_filter f[8];
    size_t n = 0;
    for (; filters && filters[n]; n++) {
        const char *eq = strchr(filters[n], '=');
        f[n].name = arena_strndup(&arena, filters[n], (size_t)(eq - filters[n]));
        f[n].value = eq + 1;
    }
    struct report_metric_ask ask = { metric, f, n, project, quarters, 2, by_sex };
    int rc = reports_metric_values(db, &arena, &ask, values);
    cr_assert_eq(rc, 0, "%s: %d %s", metric, rc, db_errmsg(db));
}

static void expect(const char *metric, const char *const *filters, double q1, double q2,
                   double span)
{
    struct report_metric_value v[3];
    count(metric, 0, false, filters, v);
    cr_expect_float_eq(v[0].value, q1, 1e-9, "%s Q1: %g, not %g", metric, v[0].value, q1);
    cr_expect_float_eq(v[1].value, q2, 1e-9, "%s Q2: %g, not %g", metric, v[1].value, q2);
    cr_expect_float_eq(v[2].value, span, 1e-9, "%s span: %g, not %g", metric, v[2].value, span);
    cr_expect_not(v[0].has_sex);
}

#define FILTERS(...) ((const char *const[]){ __VA_ARGS__, NULL })

DB_TEST(people_counted_as_reports_count_them_at_the_edges)
{
    /*
     * Q1: 1 (Baku 23:59), 3 (UTC 23:59), 5; Q2: 2 (Baku 00:00), 1 (UTC 00:00);
     * each once in the span
     */
    expect("people_enrolled", NULL, 3, 2, 4);
    expect("people_completed", NULL, 1, 1, 2);
    /* Q1: 30 lesson minutes + 90 present + 90 late; Q2: 75 lesson minutes */
    expect("learning_hours", NULL, 3.5, 1.25, 4.75);
}

DB_TEST(filters_narrow_people)
{
    expect("people_enrolled", FILTERS("region=BAK"), 1, 1, 2);
    expect("people_enrolled", FILTERS("region=bak"), 1, 1, 2); /* codes as stored */
    expect("people_enrolled", FILTERS("centre=C-UTC"), 2, 1, 3);
    expect("people_enrolled", FILTERS("centre_kind=regional"), 2, 1, 3);
    expect("people_enrolled", FILTERS("area=rural"), 2, 1, 3);
    expect("people_enrolled", FILTERS("area=urban"), 1, 1, 2);
    expect("people_enrolled", FILTERS("programme=P1"), 1, 1, 2);
    expect("people_enrolled", FILTERS("course=K2"), 1, 1, 2);
    expect("people_enrolled", FILTERS("gender=female"), 1, 1, 1);
    expect("people_enrolled", FILTERS("gender=unknown"), 1, 0, 1);
    expect("people_enrolled", FILTERS("gender=female", "region=TAS"), 0, 1, 1);
    expect("learning_hours", FILTERS("gender=female"), 2, 0, 2);
    expect("people_completed", FILTERS("region=BAK"), 0, 1, 1);
}

DB_TEST(age_bands_count_to_each_periods_end_year)
{
    static const struct report_metric_period years[] = { { "2025-10-01", "2025-12-31" },
                                                         { "2026-01-01", "2026-03-31" } };
    struct report_metric_filter f = { "age_band", "18-24" };
    struct report_metric_ask ask = { "people_enrolled", &f, 1, 0, years, 2, false };
    struct report_metric_value v[3];
    cr_assert_eq(reports_metric_values(db, &arena, &ask, v), 0, "%s", db_errmsg(db));
    /* person 5 is 24 in 2025 and 25 in 2026, the span's end year */
    cr_expect_float_eq(v[0].value, 1, 1e-9);
    cr_expect_float_eq(v[1].value, 0, 1e-9);
    cr_expect_float_eq(v[2].value, 0, 1e-9);
    f.value = "25-34";
    cr_assert_eq(reports_metric_values(db, &arena, &ask, v), 0, "%s", db_errmsg(db));
    cr_expect_float_eq(v[0].value, 0, 1e-9);
    cr_expect_float_eq(v[1].value, 1, 1e-9); /* person 5 in K3 */
    cr_expect_float_eq(v[2].value, 1, 1e-9);
}

DB_TEST(the_split_by_sex_adds_up)
{
    struct report_metric_value v[3];
    count("people_enrolled", 0, true, NULL, v);
    cr_assert(v[2].has_sex);
    cr_expect_float_eq(v[2].value, 4, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_FEMALE], 1, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_MALE], 2, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_OTHER], 0, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_UNKNOWN], 1, 1e-9);
    for (int b = 0; b < 2; b++)
        cr_expect_float_eq(v[b].sex[REPORT_FEMALE] + v[b].sex[REPORT_MALE] +
                               v[b].sex[REPORT_OTHER] + v[b].sex[REPORT_UNKNOWN],
                           v[b].value, 1e-9);

    count("learning_hours", 0, true, NULL, v);
    cr_expect_float_eq(v[2].value, 4.75, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_FEMALE], 2, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_MALE], 1.25, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_UNKNOWN], 1.5, 1e-9);

    count("event_participants", 0, true, NULL, v);
    cr_expect_float_eq(v[2].value, 3, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_FEMALE], 2, 1e-9);
    cr_expect_float_eq(v[2].sex[REPORT_UNKNOWN], 1, 1e-9); /* the guest without an account */

    /* not about people: no split */
    count("events_held", 0, true, NULL, v);
    cr_expect_not(v[2].has_sex);
    cr_expect_float_eq(v[2].value, 3, 1e-9);
}

DB_TEST(events_held_and_their_participants)
{
    /* Q1: E1 (Baku 23:59), E3 (online, UTC 23:59); Q2: E2 (Baku 00:00) */
    expect("events_held", NULL, 2, 1, 3);
    expect("events_held", FILTERS("region=BAK"), 1, 1, 2);
    expect("events_held", FILTERS("centre_kind=regional"), 0, 0, 0);
    /* checked in: A and the guest at E1, A again at E2 (twice in the span: attendances) */
    expect("event_participants", NULL, 2, 1, 3);
    expect("event_participants", FILTERS("gender=female"), 1, 1, 2);
    expect("event_participants", FILTERS("centre=C-BAK"), 2, 1, 3);
}

DB_TEST(centres_equipped_by_the_project_to_date)
{
    struct report_metric_value v[3];
    count("centres_equipped", 1, false, NULL, v);
    cr_expect_float_eq(v[0].value, 1, 1e-9); /* centre 1 on Q1's last day */
    cr_expect_float_eq(v[1].value, 2, 1e-9); /* and centre 2 from Q2's first: a stock */
    cr_expect_float_eq(v[2].value, 2, 1e-9);
    count("centres_equipped", 2, false, NULL, v);
    cr_expect_float_eq(v[0].value, 1, 1e-9);
    cr_expect_float_eq(v[1].value, 1, 1e-9);
    count("centres_equipped", 1, false, FILTERS("region=TAS"), v);
    cr_expect_float_eq(v[0].value, 0, 1e-9);
    cr_expect_float_eq(v[1].value, 1, 1e-9);
}

/* the message of errors' field, or "" */
static const char *message(json_t *errors, const char *field)
{
    const char *m = json_string_value(json_object_get(errors, field));
    return m ? m : "";
}

static int check(const char *metric, const char *name, const char *value, json_t **errors)
{
    struct report_metric_filter f = { name, value };
    *errors = json_object();
    return reports_metric_check(db, &arena, metric, &f, name ? 1 : 0, *errors);
}

DB_TEST(check_refuses_what_cannot_be_counted)
{
    json_t *e;
    cr_expect_eq(check("people_enrolled", "region", "bak", &e), 0, "%s", message(e, "filter"));
    json_decref(e);
    cr_expect_eq(check("events_held", NULL, NULL, &e), 0);
    json_decref(e);
    cr_expect_eq(check("event_participants", "gender", "female", &e), 0);
    json_decref(e);

    /* reports' own people metric since certificates (issue 17): its filters are the people's */
    cr_expect_eq(check("people_certified", "gender", "female", &e), 0, "%s", message(e, "filter"));
    json_decref(e);
    /* registered by mentoring: the check looks at the registry, not at a list */
    cr_expect_eq(check("mentoring_hours", NULL, NULL, &e), 0, "%s", message(e, "metric"));
    json_decref(e);
    cr_expect_eq(check("people_trained", NULL, NULL, &e), DARS_EINVALID);
    cr_expect_str_eq(message(e, "metric"), "There is no metric by that name");
    json_decref(e);

    cr_expect_eq(check("events_held", "gender", "female", &e), DARS_EINVALID);
    cr_expect(strstr(message(e, "filter"), "does not count people"), "%s", message(e, "filter"));
    json_decref(e);
    cr_expect_eq(check("event_participants", "course", "K1", &e), DARS_EINVALID);
    cr_expect(strstr(message(e, "filter"), "course"), "%s", message(e, "filter"));
    json_decref(e);
    cr_expect_eq(check("people_enrolled", "region", "NOPE", &e), DARS_EINVALID);
    cr_expect(strstr(message(e, "filter"), "code that does not exist"), "%s",
              message(e, "filter"));
    json_decref(e);
    cr_expect_eq(check("people_enrolled", "gender", "women", &e), DARS_EINVALID);
    json_decref(e);
    cr_expect_eq(check("people_enrolled", "colour", "red", &e), DARS_EINVALID);
    cr_expect(strstr(message(e, "filter"), "no such filter"), "%s", message(e, "filter"));
    json_decref(e);

    cr_expect_str_eq(reports_metric_unit("people_enrolled"), "people");
    cr_expect_str_eq(reports_metric_unit("learning_hours"), "hours");
    cr_expect_str_eq(reports_metric_unit("events_held"), "events");
    cr_expect_str_eq(reports_metric_unit("centres_equipped"), "centres");
    cr_expect_str_eq(reports_metric_unit("people_certified"), "people");
    cr_expect_null(reports_metric_unit("people_trained"));
}

DB_TEST(filters_in_words)
{
    struct report_metric_filter f[] = { { "region", "BAK" }, { "gender", "female" },
                                        { "programme", "P1" }, { "course", "k2" },
                                        { "centre", "C-UTC" } };
    const char *words = NULL;
    cr_assert_eq(reports_filter_words(db, &arena, "en", f, 2, &words), 0);
    cr_expect_str_eq(words, "Region: Baku · Gender: Women");
    cr_assert_eq(reports_filter_words(db, &arena, "en", f + 2, 3, &words), 0);
    cr_expect_str_eq(words, "Programme: Leaders · Course: Robotics · Centre: Tashkent centre");
    cr_assert_eq(reports_filter_words(db, &arena, "en", f, 0, &words), 0);
    cr_expect_str_eq(words, "");
}
