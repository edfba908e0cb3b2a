/*
 * Tests of cohorts_attendance_ok() in src/cohorts/attendance.c on a migrated
 * SQLite file: no rule, no session begun, late counts, future and deleted
 * sessions do not. The HTTP suite runs the same rule on PostgreSQL too.
 */
#include "core/base.h"
#include "cohorts/cohorts.h"
#include "db/db.h"
#include "db/migrate.h"

#include <criterion/criterion.h>
#include <unistd.h>

/* Criterion forks a process per test, so each test has its own file and connection. */
static struct db *db;
static char path[40];

/* two learners (1, 2), a cohort (1) with a 50% rule and a cohort (2) without one */
static const char seed_sql[] =
    "INSERT INTO users (id, email, email_key, full_name, created_at, updated_at) VALUES"
    " (1, 'a@x.org', 'a@x.org', 'A', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),"
    " (2, 'b@x.org', 'b@x.org', 'B', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
    "INSERT INTO regions (id, code, name, created_at, updated_at) VALUES"
    " (1, 'R', 'R', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
    "INSERT INTO centres (id, code, name, region_id, kind, created_at, updated_at) VALUES"
    " (1, 'C', 'C', 1, 'regional', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"
    "INSERT INTO courses (id, code, title, language, topic, delivery, created_at, updated_at)"
    " VALUES (1, 'K', 'K', 'en', 'it', 'face-to-face', '2026-01-01T00:00:00Z',"
    " '2026-01-01T00:00:00Z');"
    "INSERT INTO cohorts (id, course_id, centre_id, starts_on, ends_on, min_attendance,"
    " created_at, updated_at) VALUES"
    " (1, 1, 1, '2026-01-01', '2099-01-01', 50, '2026-01-01T00:00:00Z',"
    " '2026-01-01T00:00:00Z'), (2, 1, 1, '2026-01-01', '2099-01-01', NULL,"
    " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');";

static void setup(void)
{
    char *err = NULL, url[64];
    int applied = 0;
    snprintf(path, sizeof(path), "/tmp/dars-attendance-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    snprintf(url, sizeof(url), "sqlite:%s", path);
    cr_assert_eq(db_open(url, &db, &err), 0, "open %s: %s", url, err);
    cr_assert_eq(db_migrate(db, &applied), 0, "migrate: %s", db_errmsg(db));
    cr_assert_eq(db_exec_script(db, seed_sql), 0, "seed: %s", db_errmsg(db));
}

static void teardown(void)
{
    db_close(db);
    unlink(path);
}

static void run(const char *sql)
{
    cr_assert_eq(db_exec_script(db, sql), 0, "%s: %s", sql, db_errmsg(db));
}

static bool ok_for(int64_t cohort, int64_t user)
{
    bool ok = false;
    cr_assert_eq(cohorts_attendance_ok(db, cohort, user, &ok), 0, "%s", db_errmsg(db));
    return ok;
}

#define SESSION(id, cohort, starts, deleted)                                                   \
    "INSERT INTO cohort_sessions (id, cohort_id, centre_id, starts_at, ends_at, created_at,"   \
    " updated_at, deleted_at) VALUES (" #id ", " #cohort ", 1, '" starts "', '" starts "',"    \
    " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', " deleted ");"
#define MARK(session, user, status)                                                            \
    "INSERT INTO attendance (session_id, user_id, status, created_at, updated_at) VALUES ("    \
    #session ", " #user ", '" status "', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');"

TestSuite(cohorts_attendance, .init = setup, .fini = teardown);

Test(cohorts_attendance, no_rule_is_met)
{
    cr_assert(ok_for(2, 1));
    run(SESSION(1, 2, "2026-02-01T09:00:00Z", "NULL") MARK(1, 1, "absent"));
    cr_assert(ok_for(2, 1));
}

Test(cohorts_attendance, a_rule_with_no_session_begun_is_not_met)
{
    cr_assert(!ok_for(1, 1));
    run(SESSION(1, 1, "2099-02-01T09:00:00Z", "NULL") MARK(1, 1, "present"));
    cr_assert(!ok_for(1, 1));
}

Test(cohorts_attendance, present_and_late_count_up_to_the_minimum)
{
    run(SESSION(1, 1, "2026-02-01T09:00:00Z", "NULL"));
    run(SESSION(2, 1, "2026-02-08T09:00:00Z", "NULL"));
    run(SESSION(3, 1, "2026-02-15T09:00:00Z", "NULL"));
    run(SESSION(4, 1, "2026-02-22T09:00:00Z", "NULL"));
    run(MARK(1, 1, "present") MARK(2, 1, "absent") MARK(3, 1, "excused"));
    cr_assert(!ok_for(1, 1), "1 of 4 is below 50%%");
    run(MARK(4, 1, "late"));
    cr_assert(ok_for(1, 1), "2 of 4 is 50%%");
    /* another learner's marks are theirs */
    run(MARK(1, 2, "present"));
    cr_assert(!ok_for(1, 2));
}

Test(cohorts_attendance, future_and_deleted_sessions_do_not_count)
{
    run(SESSION(1, 1, "2026-02-01T09:00:00Z", "NULL")
            SESSION(2, 1, "2026-02-08T09:00:00Z", "'2026-02-02T00:00:00Z'")
            SESSION(3, 1, "2099-02-15T09:00:00Z", "NULL"));
    run(MARK(1, 1, "present") MARK(2, 1, "absent") MARK(3, 1, "absent"));
    cr_assert(ok_for(1, 1));
}
