/*
 * The [limits] settings, and the rate limiter: hits counted in the database
 * so that every node behind a proxy counts the same (http/limits.h).
 */
#include "core/base.h"
#include "http/limits.h"
#include "core/config.h"
#include "core/time.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "http/http.h"
#include "http/http_int.h"
#include "core/i18n.h"

#include <arpa/inet.h>
#include <sodium.h>

/* the longest window any rule keeps; older hits are pruned */
#define RATE_KEEP_SECONDS (2 * 24 * 3600)
/* one hit in this many prunes the table, so pruning costs nothing per request */
#define RATE_PRUNE_EVERY 64

struct http_limits http_limits = { 1u << 20, 32u << 20, 30 };

/* The rules, declared once: their limits come from the configuration. */
static struct rate_def {
    const char *name;    /* part of the stored key, so rules never share counts */
    const char *key;     /* the [limits] setting's name, for its error message */
    char **setting;      /* the [limits] value: how many hits before waiting */
    int window;          /* seconds a hit counts */
    int backoff;         /* 0: a sliding window; else the first wait, doubled per hit past it */
    int backoff_max;     /* the longest wait */
    int limit;           /* parsed from setting by http_limits_load() */
} rules[] = {
    [RATE_LOGIN_PAIR] = { "login", "login_failures", &config.login_failures, 24 * 3600, 60, 3600,
                          5 },
    [RATE_LOGIN_ADDR] = { "login-addr", "login_address_failures", &config.login_address_failures,
                          15 * 60, 0, 0, 30 },
    [RATE_PUBLIC_POSTS] = { "public", "public_posts", &config.public_posts, 3600, 0, 0, 20 },
    [RATE_MAILS_TO] = { "mail-to", "mails_per_address", &config.mails_per_address, 24 * 3600, 0,
                        0, 5 },
    [RATE_VERIFY] = { "verify", "verify_lookups", &config.verify_lookups, 3600, 0, 0, 300 },
};

static int number(const char *name, const char *value, long min, long max, long *out, char **err)
{
    char *end;
    long n = value ? strtol(value, &end, 10) : 0;
    if (!value || !*value || *end || n < min || n > max) {
        size_t len = strlen(name) + (value ? strlen(value) : 0) + 96;
        *err = xmalloc(len);
        snprintf(*err, len, "[limits] %s must be a whole number from %ld to %ld, not '%s'", name,
                 min, max, value ? value : "");
        return DARS_EINVALID;
    }
    *out = n;
    return 0;
}

int http_limits_load(char **err)
{
    long form, upload, timeout, n;
    int rc;

    *err = NULL;
    if ((rc = number("form_bytes", config.form_bytes, 4096, 64L << 20, &form, err)) < 0 ||
        (rc = number("upload_bytes", config.upload_bytes, 4096, 1L << 30, &upload, err)) < 0 ||
        (rc = number("request_timeout", config.request_timeout, 1, 3600, &timeout, err)) < 0)
        return rc;
    for (size_t i = 0; i < ARRAY_SIZE(rules); i++) {
        if ((rc = number(rules[i].key, *rules[i].setting, 0, 1000000, &n, err)) < 0)
            return rc;
        rules[i].limit = (int)n;
    }
    http_limits.form_bytes = (size_t)form;
    http_limits.upload_bytes = (size_t)upload;
    http_limits.request_timeout = (unsigned)timeout;
    return 0;
}

/* The stored key: a digest of the rule's name and key, so no address or e-mail is kept. */
static void stored_key(enum rate_rule rule, const char *key, char hex[65])
{
    unsigned char d[32];
    crypto_generichash_state st;
    crypto_generichash_init(&st, NULL, 0, sizeof(d));
    crypto_generichash_update(&st, (const unsigned char *)rules[rule].name,
                              strlen(rules[rule].name) + 1);
    crypto_generichash_update(&st, (const unsigned char *)key, strlen(key));
    crypto_generichash_final(&st, d, sizeof(d));
    sodium_bin2hex(hex, 65, d, sizeof(d));
}

static const char rate_nth_recent_sql[] =
    "SELECT created_at FROM rate_hits WHERE key = ? AND created_at > ?"
    " ORDER BY created_at DESC LIMIT 1 OFFSET ?";
static const char rate_count_last_sql[] =
    "SELECT COUNT(*), COALESCE(MAX(created_at), '') FROM rate_hits"
    " WHERE key = ? AND created_at > ?";
static const char rate_insert_sql[] = "INSERT INTO rate_hits (key, created_at) VALUES (?, ?)";
static const char rate_clear_sql[] = "DELETE FROM rate_hits WHERE key = ?";
static const char rate_prune_sql[] = "DELETE FROM rate_hits WHERE created_at < ?";

int rate_check(struct db *db, enum rate_rule rule, const char *key, int *retry_after)
{
    const struct rate_def *d = &rules[rule];
    char hex[65], since[TIME_ISO_LEN];
    struct db_stmt *st;
    time_t at = 0, until;
    int64_t n = 0;
    int rc;

    *retry_after = 0;
    if (d->limit <= 0)
        return 0;
    stored_key(rule, key, hex);
    time_iso_offset(since, -d->window);
    if (!d->backoff) {
        /* the limit-th most recent hit: while it is in the window, the key waits */
        rc = db_query_row(db, &st, rate_nth_recent_sql,
                          DB_ARGS(DB_TEXT(hex), DB_TEXT(since), DB_INT(d->limit - 1)));
        if (rc == DARS_ENOTFOUND)
            return 0;
        if (rc < 0)
            return rc;
        rc = time_from_iso(db_col_text(st, 0), &at);
        db_done(st);
        until = at + d->window;
    } else {
        if ((rc = db_query_row(db, &st, rate_count_last_sql,
                               DB_ARGS(DB_TEXT(hex), DB_TEXT(since)))) < 0)
            return rc;
        n = db_col_int(st, 0);
        rc = n > 0 ? time_from_iso(db_col_text(st, 1), &at) : 0;
        db_done(st);
        if (n < d->limit)
            return 0;
        /* 1, 2, 4, ... times the first wait, from the last hit */
        int64_t wait = d->backoff;
        for (int64_t i = d->limit; i < n && wait < d->backoff_max; i++)
            wait *= 2;
        until = at + (time_t)(wait < d->backoff_max ? wait : d->backoff_max);
    }
    if (rc < 0)
        return rc;
    time_t now = time(NULL);
    if (until <= now)
        return 0;
    *retry_after = (int)(until - now);
    return DARS_ETHROTTLED;
}

int rate_hit(struct db *db, enum rate_rule rule, const char *key)
{
    char hex[65], now[TIME_ISO_LEN], old[TIME_ISO_LEN];
    int rc;

    if (rules[rule].limit <= 0)
        return 0;
    stored_key(rule, key, hex);
    time_now_iso(now);
    if ((rc = db_exec(db, rate_insert_sql, DB_ARGS(DB_TEXT(hex), DB_TEXT(now)))) < 0)
        return rc;
    if (randombytes_uniform(RATE_PRUNE_EVERY) == 0) {
        time_iso_offset(old, -RATE_KEEP_SECONDS);
        rc = db_exec(db, rate_prune_sql, DB_ARGS(DB_TEXT(old)));
    }
    return rc;
}

int rate_clear(struct db *db, enum rate_rule rule, const char *key)
{
    char hex[65];
    stored_key(rule, key, hex);
    return db_exec(db, rate_clear_sql, DB_ARGS(DB_TEXT(hex)));
}

const char *rate_addr(struct req *r)
{
    struct in6_addr a6;
    char text[INET6_ADDRSTRLEN];
    const char *ip = r->ip ? r->ip : "";

    if (!strchr(ip, ':') || inet_pton(AF_INET6, ip, &a6) != 1)
        return ip;
    /* an IPv4-mapped address is that IPv4 address */
    if (IN6_IS_ADDR_V4MAPPED(&a6) && inet_ntop(AF_INET, &a6.s6_addr[12], text, sizeof(text)))
        return arena_strdup(&r->arena, text);
    memset(&a6.s6_addr[8], 0, 8);
    if (!inet_ntop(AF_INET6, &a6, text, sizeof(text)))
        return ip;
    return arena_printf(&r->arena, "%s/64", text);
}

int rate_check_public(struct req *r, const char *email_key, int *retry_after)
{
    int rc = rate_check(r->db, RATE_PUBLIC_POSTS, rate_addr(r), retry_after);
    if (rc == 0 && email_key)
        rc = rate_check(r->db, RATE_MAILS_TO, email_key, retry_after);
    return rc;
}

int rate_hit_public(struct req *r, const char *email_key)
{
    int rc = rate_hit(r->db, RATE_PUBLIC_POSTS, rate_addr(r));
    if (rc == 0 && email_key)
        rc = rate_hit(r->db, RATE_MAILS_TO, email_key);
    return rc;
}

void http_retry_after(struct req *r, int retry_after)
{
    http_add_header(r, "Retry-After", arena_int(&r->arena, retry_after > 0 ? retry_after : 1));
}

const char *http_wait_text(struct req *r, const char *detail, int retry_after)
{
    int minutes = retry_after > 0 ? (retry_after + 59) / 60 : 1;
    const char *wait = arena_printf(&r->arena, _(r->lang, "%d min"), minutes);
    return arena_printf(&r->arena, "%s %s", _(r->lang, detail ? detail : N_("Too many attempts.")),
                        arena_printf(&r->arena, _(r->lang, "Try again in %s."), wait));
}

int http_too_many(struct req *r, int retry_after, const char *detail)
{
    int secs = retry_after > 0 ? retry_after : 1;
    if (r->is_api)
        http_error(r, 429, arena_printf(&r->arena, "too many requests; retry after %d s", secs));
    else
        http_error(r, 429, http_wait_text(r, detail, retry_after));
    /* http_error drops the headers set so far: Retry-After comes after it */
    http_retry_after(r, secs);
    return 0;
}
