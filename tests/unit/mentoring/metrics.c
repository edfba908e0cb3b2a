/*
 * Tests of the metrics' SQL in src/mentoring/metrics.c on a migrated SQLite
 * file, the markers the reports module replaces taken out as it does for a
 * reader of every centre: mentors_active, mentoring_hours and
 * mentors_developed against a hand count (unconfirmed and deleted meetings
 * do not count; a mentor is developed from the later of training and hours).
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "db/migrate.h"

#include <criterion/criterion.h>
#include <string.h>
#include <unistd.h>

static struct db *db;
static char path[40];

#define T "'2026-01-01T00:00:00Z'"
/* mentors 1, 2, 3 at centre 1; mentee 4; a mentor-training programme of courses 1 and 2 */
static const char seed_sql[] =
    "INSERT INTO users (id, email, email_key, full_name, created_at, updated_at) VALUES"
    " (1, 'a@x', 'a@x', 'A', " T ", " T "), (2, 'b@x', 'b@x', 'B', " T ", " T "),"
    " (3, 'c@x', 'c@x', 'C', " T ", " T "), (4, 'd@x', 'd@x', 'D', " T ", " T ");"
    "INSERT INTO regions (id, code, name, created_at, updated_at) VALUES (1, 'R', 'R', " T ", " T ");"
    "INSERT INTO centres (id, code, name, region_id, kind, created_at, updated_at) VALUES"
    " (1, 'C', 'C', 1, 'regional', " T ", " T ");"
    "INSERT INTO mentor_profiles (user_id, centre_id, capacity, created_at, updated_at) VALUES"
    " (1, 1, 3, " T ", " T "), (2, 1, 3, " T ", " T "), (3, 1, 3, " T ", " T ");"
    "INSERT INTO mentorships (id, mentor_id, mentee_id, status, created_at, updated_at) VALUES"
    " (1, 1, 4, 'active', " T ", " T "), (2, 2, 4, 'active', " T ", " T "),"
    " (3, 3, 4, 'active', " T ", " T ");"
    /* mentor 1: 10 h confirmed in March (600 min), 2 h unconfirmed, 5 h deleted */
    "INSERT INTO mentoring_meetings (mentorship_id, held_on, minutes, mode, logged_by,"
    " confirmed_at, created_at, updated_at, deleted_at) VALUES"
    " (1, '2026-03-02', 300, 'online', 4, " T ", " T ", " T ", NULL),"
    " (1, '2026-03-20', 300, 'online', 4, " T ", " T ", " T ", NULL),"
    " (1, '2026-03-21', 120, 'online', 4, NULL, " T ", " T ", NULL),"
    " (1, '2026-03-22', 300, 'online', 4, " T ", " T ", " T ", '2026-03-23T00:00:00Z'),"
    /* mentor 2: 90 min in April; mentor 3: 12 h in February */
    " (2, '2026-04-05', 90, 'online', 4, " T ", " T ", " T ", NULL),"
    " (3, '2026-02-10', 720, 'online', 4, " T ", " T ", " T ", NULL);"
    "INSERT INTO courses (id, code, title, language, topic, delivery, created_at, updated_at)"
    " VALUES (1, 'K1', 'K1', 'en', 'it', 'online', " T ", " T "),"
    " (2, 'K2', 'K2', 'en', 'it', 'online', " T ", " T ");"
    "INSERT INTO programmes (id, code, title, status, mentor_training, created_at, updated_at)"
    " VALUES (1, 'MT', 'Mentor training', 'published', 1, " T ", " T ");"
    "INSERT INTO programme_courses (programme_id, course_id, position) VALUES (1, 1, 1), (1, 2, 2);"
    /* mentor 1 completed both courses (the last on 2026-01-15); mentor 3 only one */
    "INSERT INTO enrolments (user_id, course_id, status, started_at, completed_at, created_at,"
    " updated_at) VALUES (1, 1, 'completed', " T ", '2026-01-10T10:00:00Z', " T ", " T "),"
    " (1, 2, 'completed', " T ", '2026-01-15T10:00:00Z', " T ", " T "),"
    " (3, 1, 'completed', " T ", '2026-01-10T10:00:00Z', " T ", " T ");";

static void setup(void)
{
    char *err = NULL, url[64];
    int applied = 0;
    snprintf(path, sizeof(path), "/tmp/dars-mentoring-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    snprintf(url, sizeof(url), "sqlite:%s", path);
    cr_assert_eq(db_open(url, &db, &err), 0, "open %s: %s", url, err);
    cr_assert_eq(db_migrate(db, &applied), 0, "migrate: %s", db_errmsg(db));
    cr_assert_eq(db_exec_script(db, seed_sql), 0, "seed: %s", db_errmsg(db));
    cr_assert_eq(mentoring_developed_set(10), 0);
}

static void teardown(void)
{
    db_close(db);
    unlink(path);
}

/* the metric's SQL with "$SCOPE(...)", "$PERSON(...)" and "$PROJECT(...)" taken out */
static char *plain(const char *sql)
{
    struct buf b = BUF_INIT;
    for (const char *p = sql; *p;) {
        if (*p == '$') {
            const char *close = strchr(p, ')');
            cr_assert(close);
            p = close + 1;
            continue;
        }
        buf_addf(&b, "%c", *p++);
    }
    return buf_detach(&b, NULL);
}

/* COUNT(DISTINCT subject) or SUM(amount) of a metric's facts in [from, to) */
static double value(const char *name, const char *from, const char *to)
{
    const struct report_metric *m = NULL;
    for (size_t i = 0; i < mentoring_report_nmetrics; i++)
        if (streq(mentoring_report_metrics[i].name, name))
            m = &mentoring_report_metrics[i];
    cr_assert(m, "%s", name);
    char *facts = plain(m->sql);
    struct buf q = BUF_INIT;
    buf_addf(&q, "SELECT %s FROM (%s) x",
             m->how == REPORT_METRIC_SUM ? "COALESCE(SUM(x.amount), 0)" : "COUNT(DISTINCT x.subject)",
             facts);
    struct db_stmt *st;
    cr_assert_eq(db_query_once(db, &st, q.ptr, DB_ARGS(DB_TEXT(from), DB_TEXT(to))), 0, "%s: %s",
                 name, db_errmsg(db));
    cr_assert_eq(db_step(st), DB_ROW, "%s", db_errmsg(db));
    double v = strtod(db_col_text(st, 0), NULL);
    db_done(st);
    free(facts);
    buf_release(&q);
    return v;
}

TestSuite(mentoring_metrics, .init = setup, .fini = teardown);

Test(mentoring_metrics, active_mentors_have_a_confirmed_meeting_in_the_period)
{
    cr_assert_float_eq(value("mentors_active", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"), 1,
                       1e-9);
    cr_assert_float_eq(value("mentors_active", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"), 3,
                       1e-9);
    cr_assert_float_eq(value("mentors_active", "2026-05-01T00:00:00Z", "2026-06-01T00:00:00Z"), 0,
                       1e-9);
}

Test(mentoring_metrics, hours_are_confirmed_meeting_time)
{
    /* 300 + 300 minutes in March: the unconfirmed and the deleted do not count */
    cr_assert_float_eq(value("mentoring_hours", "2026-03-01T00:00:00Z", "2026-04-01T00:00:00Z"),
                       10, 1e-9);
    cr_assert_float_eq(value("mentoring_hours", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                       10 + 1.5 + 12, 1e-9);
}

Test(mentoring_metrics, developed_needs_training_and_hours)
{
    /* mentor 1 trained on 15 January and reached 10 h on 20 March; mentor 3 has the hours
     * but not the whole programme; mentor 2 neither */
    cr_assert_float_eq(value("mentors_developed", "2000-01-01T00:00:00Z", "2026-03-20T00:00:00Z"),
                       0, 1e-9);
    cr_assert_float_eq(value("mentors_developed", "2000-01-01T00:00:00Z", "2026-03-21T00:00:00Z"),
                       1, 1e-9);
    cr_assert_eq(db_exec_script(db, "INSERT INTO enrolments (user_id, course_id, status,"
                                    " started_at, completed_at, created_at, updated_at) VALUES"
                                    " (3, 2, 'completed', " T ", '2026-05-01T09:00:00Z', " T ", "
                                    T ");"),
                 0);
    cr_assert_float_eq(value("mentors_developed", "2000-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                       2, 1e-9);
    /* a higher threshold: mentor 3's 12 hours still do, mentor 1's 10 no longer */
    cr_assert_eq(mentoring_developed_set(11), 0);
    cr_assert_float_eq(value("mentors_developed", "2000-01-01T00:00:00Z", "2027-01-01T00:00:00Z"),
                       1, 1e-9);
}
