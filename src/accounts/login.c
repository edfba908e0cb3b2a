/*
 * Signing in and out, and the home page. A failed sign-in says the same
 * whether or not the e-mail exists, and takes the same time: an unknown
 * e-mail is checked against a dummy hash. Failures are counted per e-mail
 * and address together (past [limits] login_failures each further try waits
 * longer, from a minute up to an hour) and per address alone, so a stranger
 * can slow their own guesses but never lock the owner out from elsewhere.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/limits.h"
#include "core/i18n.h"
#include "view/view.h"

#include <sodium.h>

/* Text that may go back into the page: bytes that are not UTF-8 never do. */
static bool is_text(const char *s)
{
    return s && utf8_is_valid(s, strlen(s));
}

static int login_form(struct req *r, int status, const char *email, const char *error)
{
    const char *next =
        http_local_path(http_query(r, "next") ? http_query(r, "next") : http_form(r, "next"));
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s}", "title", _(r->lang, "Sign in"), "next",
                               is_text(next) ? next : "/");
    if (is_text(email))
        val_set_str(ctx, "email", email);
    if (error)
        val_set_str(ctx, "error", error);
    return view_page_status(r, status, "login", ctx);
}

/* GET /login */
int login_page(struct req *r)
{
    if (r->user)
        return http_redirect(r, http_query(r, "next"));
    return login_form(r, 200, NULL, NULL);
}

/* Whether this e-mail from this address, or this address at all, must wait; *wait in seconds. */
static int login_throttled(struct req *r, const char *pair, const char *addr, int *wait)
{
    int rc = rate_check(r->db, RATE_LOGIN_PAIR, pair, wait);
    if (rc == 0)
        rc = rate_check(r->db, RATE_LOGIN_ADDR, addr, wait);
    return rc;
}

/* 429: the sign-in form again, with how long to wait, and Retry-After. */
static int login_wait(struct req *r, const char *email, int wait)
{
    int rc = login_form(r, 429, email, http_wait_text(r, N_("Too many failed attempts."), wait));
    http_retry_after(r, wait);
    return rc;
}

static int failure_writes(struct req *r, const char *email_key, const char *pair,
                          const char *addr)
{
    struct actor who = { 0, "anonymous", r->ip };
    int rc;
    if ((rc = rate_hit(r->db, RATE_LOGIN_PAIR, pair)) < 0 ||
        (rc = rate_hit(r->db, RATE_LOGIN_ADDR, addr)) < 0)
        return rc;
    json_t *c = json_pack("{s:s}", "email", email_key);
    rc = audit_record(r->db, &who, "login.failed", "user", email_key, c);
    json_decref(c);
    return rc;
}

/* Count a failed sign-in against the pair and the address, and audit it. */
static int record_failure(struct req *r, const char *email_key, const char *pair,
                          const char *addr)
{
    int rc;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    return db_tx_end(r->db, failure_writes(r, email_key, pair, addr));
}

/* POST /login */
int login_submit(struct req *r)
{
    const char *email = http_form(r, "email"), *password = http_form(r, "password");
    const char *email_key, *pair, *addr = rate_addr(r), *hash = NULL, *status = NULL;
    int64_t user_id = 0;
    struct actor who = { 0, "anonymous", r->ip };
    struct db_stmt *st;
    int rc, wait = 0;

    if (!email || !*email || !password || !*password)
        return login_form(r, 422, email, _(r->lang, "Enter your e-mail address and password"));
    email_key = utf8_fold(&r->arena, email);
    if (!email_key)
        return login_form(r, 422, NULL, _(r->lang, "Enter your e-mail address and password"));
    pair = arena_printf(&r->arena, "%s %s", email_key, addr);

    if ((rc = login_throttled(r, pair, addr, &wait)) == DARS_ETHROTTLED) {
        json_t *c = json_pack("{s:s, s:s}", "email", email_key, "ip", r->ip);
        rc = audit_record(r->db, &who, "login.throttled", "user", email_key, c);
        json_decref(c);
        return rc < 0 ? rc : login_wait(r, email, wait);
    }
    if (rc < 0)
        return rc;

    if ((rc = db_query(r->db, &st, login_user_sql, DB_ARGS(DB_TEXT(email_key)))) < 0)
        return rc;
    if ((rc = db_step(st)) == DB_ROW) {
        user_id = db_col_int(st, 0);
        hash = db_col_is_null(st, 1) ? NULL : arena_strdup(&r->arena, db_col_text(st, 1));
        status = arena_strdup(&r->arena, db_col_text(st, 2));
    }
    db_done(st);
    if (rc < 0)
        return rc;

    /* the same work whether or not the account exists */
    bool ok = crypto_pwhash_str_verify(hash ? hash : accounts_dummy_hash, password,
                                       strlen(password)) == 0 &&
              hash != NULL;

    if (!ok) {
        if ((rc = record_failure(r, email_key, pair, addr)) < 0)
            return rc;
        if ((rc = login_throttled(r, pair, addr, &wait)) == DARS_ETHROTTLED)
            return login_wait(r, email, wait);
        if (rc < 0)
            return rc;
        return login_form(r, 401, email, _(r->lang, "The e-mail address or password is wrong"));
    }
    /* only active people sign in; the others are told why, once the password proved it */
    if (streq(status, "pending"))
        return login_form(r, 403, email,
                          _(r->lang, "This account is not active yet. If you registered, open "
                                     "the link we e-mailed you; if a manager must approve it, "
                                     "you will hear by e-mail."));
    if (streq(status, "declined"))
        return login_form(r, 403, email,
                          _(r->lang, "This registration was declined. Contact the centre you "
                                     "chose if you think this is a mistake."));
    if (!streq(status, "active"))
        return login_form(r, 403, email,
                          _(r->lang, "This account is suspended. Contact your administrator."));

    who.id = user_id;
    who.name = email_key;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if ((rc = rate_clear(r->db, RATE_LOGIN_PAIR, pair)) < 0 ||
        (rc = accounts_session_start(r, user_id)) < 0 ||
        (rc = audit_record_id(r->db, &who, "login", "user",
                           user_id, NULL)) < 0) {
        db_tx_rollback(r->db);
        return rc;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        return rc;
    return http_redirect(r, http_form(r, "next"));
}

/* POST /logout */
int logout_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    int rc;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if (r->user && (rc = audit_record_id(r->db, &who, "logout", "user",
                                      r->user->id,
                                      NULL)) < 0) {
        db_tx_rollback(r->db);
        return rc;
    }
    if ((rc = accounts_session_end(r)) < 0) {
        db_tx_rollback(r->db);
        return rc;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        return rc;
    view_flash(r, N_("You have signed out"));
    return http_redirect(r, "/");
}

/* GET / */
int accounts_home_page(struct req *r)
{
    return view_page(r, "home", val_pack(&r->arena, "{s:s}", "title", "Dars"));
}
