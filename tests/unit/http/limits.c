/*
 * Tests of src/http/limits.c: the [limits] settings, the rate limiter's
 * windows and back-off on a real (SQLite) database, and client keys.
 */
#include "core/base.h"
#include "http/limits.h"
#include "core/config.h"
#include "db/db.h"
#include "db/migrate.h"
#include "http/http.h"

#include <criterion/criterion.h>
#include <unistd.h>

static struct db *db;
static char path[32];

static void setup(void)
{
    char url[64], *err = NULL;
    int applied = 0;
    snprintf(path, sizeof(path), "/tmp/dars-limits-XXXXXX");
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    close(fd);
    snprintf(url, sizeof(url), "sqlite:%s", path);
    cr_assert_eq(db_open(url, &db, &err), 0, "%s", err);
    cr_assert_eq(db_migrate(db, &applied), 0, "%s", db_errmsg(db));
    cr_assert_eq(config_load(NULL, &err), 0);
    cr_assert_eq(http_limits_load(&err), 0, "%s", err);
}

static void teardown(void)
{
    char p[48];
    db_close(db);
    config_release();
    unlink(path);
    snprintf(p, sizeof(p), "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof(p), "%s-shm", path);
    unlink(p);
}

TestSuite(limits, .init = setup, .fini = teardown);

Test(limits, a_window_lets_the_limit_through_then_waits_about_its_length)
{
    int wait = -1;
    for (int i = 0; i < 20; i++) {
        cr_assert_eq(rate_check(db, RATE_PUBLIC_POSTS, "10.0.0.1", &wait), 0, "hit %d", i + 1);
        cr_assert_eq(wait, 0);
        cr_assert_eq(rate_hit(db, RATE_PUBLIC_POSTS, "10.0.0.1"), 0);
    }
    cr_assert_eq(rate_check(db, RATE_PUBLIC_POSTS, "10.0.0.1", &wait), DARS_ETHROTTLED);
    cr_assert(wait > 3590 && wait <= 3600, "waits an hour, not %d s", wait);
    /* another key, and another rule on the same key, are not held */
    cr_assert_eq(rate_check(db, RATE_PUBLIC_POSTS, "10.0.0.2", &wait), 0);
    cr_assert_eq(rate_check(db, RATE_MAILS_TO, "10.0.0.1", &wait), 0);
}

Test(limits, sign_in_back_off_doubles_per_failure_up_to_an_hour)
{
    int wait = 0, expect[] = { 60, 120, 240, 480, 960, 1920, 3600, 3600 };
    for (int i = 0; i < 4; i++)
        cr_assert_eq(rate_hit(db, RATE_LOGIN_PAIR, "a@example.org 10.0.0.1"), 0);
    cr_assert_eq(rate_check(db, RATE_LOGIN_PAIR, "a@example.org 10.0.0.1", &wait), 0);
    for (size_t i = 0; i < ARRAY_SIZE(expect); i++) {
        cr_assert_eq(rate_hit(db, RATE_LOGIN_PAIR, "a@example.org 10.0.0.1"), 0);
        cr_assert_eq(rate_check(db, RATE_LOGIN_PAIR, "a@example.org 10.0.0.1", &wait),
                     DARS_ETHROTTLED);
        cr_assert(wait > expect[i] - 3 && wait <= expect[i], "failure %zu: %d s, not %d s",
                  i + 5, wait, expect[i]);
    }
    /* a success forgets the pair */
    cr_assert_eq(rate_clear(db, RATE_LOGIN_PAIR, "a@example.org 10.0.0.1"), 0);
    cr_assert_eq(rate_check(db, RATE_LOGIN_PAIR, "a@example.org 10.0.0.1", &wait), 0);
}

Test(limits, a_rule_set_to_zero_never_throttles_and_bad_settings_are_named)
{
    char *err = NULL;
    int wait = 0;
    config_set(&config.mails_per_address, "0");
    cr_assert_eq(http_limits_load(&err), 0);
    for (int i = 0; i < 10; i++)
        cr_assert_eq(rate_hit(db, RATE_MAILS_TO, "x@example.org"), 0);
    cr_assert_eq(rate_check(db, RATE_MAILS_TO, "x@example.org", &wait), 0);

    config_set(&config.request_timeout, "10s");
    cr_assert_eq(http_limits_load(&err), DARS_EINVALID);
    cr_assert_str_eq(err, "[limits] request_timeout must be a whole number from 1 to 3600, not '10s'");
    free(err);
    config_set(&config.request_timeout, "30");
    config_set(&config.form_bytes, "-1");
    cr_assert_eq(http_limits_load(&err), DARS_EINVALID);
    cr_assert(strstr(err, "form_bytes"));
    free(err);
}

Test(limits, the_limiter_stores_digests_only)
{
    struct db_stmt *st;
    cr_assert_eq(rate_hit(db, RATE_MAILS_TO, "someone@example.org"), 0);
    cr_assert_eq(db_query_row(db, &st, "SELECT key FROM rate_hits", DB_NOARGS), 0);
    const char *key = db_col_text(st, 0);
    cr_assert_eq(strlen(key), 64);
    cr_assert_null(strstr(key, "someone"));
    db_done(st);
}

static const char *addr_of(struct req *r, const char *ip)
{
    r->ip = ip;
    return rate_addr(r);
}

Test(limits_addr, ipv6_counts_as_its_64_and_mapped_ipv4_as_itself)
{
    struct req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena);
    cr_assert_str_eq(addr_of(&r, "192.0.2.7"), "192.0.2.7");
    cr_assert_str_eq(addr_of(&r, "2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
    cr_assert_str_eq(addr_of(&r, "2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
    cr_assert_str_eq(addr_of(&r, "::ffff:192.0.2.7"), "192.0.2.7");
    cr_assert_str_eq(addr_of(&r, ""), "");
    arena_release(&r.arena);
}
