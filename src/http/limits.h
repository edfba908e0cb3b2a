/*
 * What one client may cost the server: body sizes, the time a request may take
 * to send its body, and rate limits on public actions. The numbers come from
 * the configuration's [limits] section (docs/deploy.md), checked once at
 * start-up by http_limits_load(); until then the defaults hold.
 *
 * Rate limits count hits in the database (table rate_hits), so every
 * application node behind a proxy counts the same. A client is its address
 * as http_client_ip() gives it (the trusted-proxy rule), an IPv6 address cut
 * to its /64, the block one household or host is given.
 *
 * To limit a new public action: pick the rule that fits (or add one to the
 * enum and to limits.c's table, with a setting in core/config.c), then
 *
 *     int wait;
 *     if ((rc = rate_check_public(r, email_key, &wait)) < 0)
 *         return rc == DARS_ETHROTTLED ? http_too_many(r, wait, NULL) : rc;
 *     ... do it, and in its transaction: rate_hit_public(r, email_key);
 */
#ifndef DARS_HTTP_LIMITS_H
#define DARS_HTTP_LIMITS_H

#include <stddef.h>

struct db;
struct req;

struct http_limits {
    size_t form_bytes;        /* urlencoded forms and JSON bodies */
    size_t upload_bytes;      /* multipart bodies of routes that take files (ROUTE_UPLOAD) */
    unsigned request_timeout; /* seconds from the end of the headers to the last byte of a body */
};

/* The limits in force. */
extern struct http_limits http_limits;

/*
 * Read and check the [limits] settings of config. On a value that is not a
 * whole number in its range returns DARS_EINVALID with *err set (malloc'd),
 * naming the setting.
 */
int http_limits_load(char **err /* OUT */);

enum rate_rule {
    /* failed sign-ins of one e-mail from one address: past the limit (a day), each
     * further try waits 1 minute, then 2, 4, ... up to an hour */
    RATE_LOGIN_PAIR,
    /* failed sign-ins from one address, whatever the e-mail: limit per 15 minutes */
    RATE_LOGIN_ADDR,
    /* public forms that write or send mail (event registration, registration,
     * password reset) from one address: limit per hour */
    RATE_PUBLIC_POSTS,
    /* messages that public forms make Dars send to one e-mail address: limit per day */
    RATE_MAILS_TO,
    /* public certificate checks (/verify/{code}) from one address: limit per hour */
    RATE_VERIFY,
};

/*
 * 0 when key may act now under rule; DARS_ETHROTTLED with *retry_after (whole
 * seconds, at least 1) when it must wait; or a database error. A rule set to 0
 * in the configuration never throttles.
 */
int rate_check(struct db *db, enum rate_rule rule, const char *key, int *retry_after /* OUT */);
/* Count one hit of key under rule (in the caller's transaction, if one is open). */
int rate_hit(struct db *db, enum rate_rule rule, const char *key);
/* Forget key's hits under rule (a sign-in that succeeded). */
int rate_clear(struct db *db, enum rate_rule rule, const char *key);
/* The client as a rate key: its IPv4 address, or its IPv6 address's /64. Arena-owned. */
const char *rate_addr(struct req *r);
/*
 * The two rules of a public form that sends mail: RATE_PUBLIC_POSTS for the
 * client's address, then RATE_MAILS_TO for email_key (a folded e-mail; NULL:
 * the address alone). rate_check_public() answers as rate_check() does.
 */
int rate_check_public(struct req *r, const char *email_key, int *retry_after /* OUT */);
int rate_hit_public(struct req *r, const char *email_key);

/*
 * "DETAIL Try again in N min." in the reader's language, for a page that says
 * why it refused; detail is a msgid (NULL: "Too many attempts."). Arena-owned.
 */
const char *http_wait_text(struct req *r, const char *detail, int retry_after);
/* The Retry-After header of a 429: whole seconds, at least 1. */
void http_retry_after(struct req *r, int retry_after);
/*
 * Answer 429 Too Many Requests with Retry-After: a page in the reader's
 * language (detail, a msgid, may be NULL) or problem+json. Returns 0.
 */
int http_too_many(struct req *r, int retry_after, const char *detail);

#endif
