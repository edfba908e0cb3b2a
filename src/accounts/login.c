/*
 * Signing in and out, and the home page. A failed sign-in says the same
 * whether or not the e-mail exists, and takes the same time: an unknown
 * e-mail is checked against a dummy hash. Five failures within fifteen
 * minutes throttle the account and the address.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/i18n.h"
#include "view/view.h"

#include <sodium.h>

#define THROTTLE_FAILURES 5
#define THROTTLE_SECONDS (15 * 60)

static const char *safe_next(const char *next)
{
    if (!next || next[0] != '/' || next[1] == '/' || next[1] == '\\' || strstr(next, "://"))
        return "/";
    return next;
}

static int login_form(struct req *r, int status, const char *email, const char *error)
{
    json_t *ctx = json_pack("{s:s, s:s}", "title", _(r->lang, "Sign in"), "next",
                            safe_next(http_query(r, "next") ? http_query(r, "next")
                                                            : http_form(r, "next")));
    if (email)
        json_object_set_new(ctx, "email", json_string(email));
    if (error)
        json_object_set_new(ctx, "error", json_string(error));
    return view_page_status(r, status, "login", ctx);
}

/* GET /login */
int login_page(struct req *r)
{
    if (r->user)
        return http_redirect(r, safe_next(http_query(r, "next")));
    return login_form(r, 200, NULL, NULL);
}

static int failures_since(struct req *r, const char *key, const char *since, int64_t *n)
{
    return db_query_int(r->db, login_failures_count_sql, DB_ARGS(DB_TEXT(key), DB_TEXT(since)),
                        n);
}

/* POST /login */
int login_submit(struct req *r)
{
    const char *email = http_form(r, "email"), *password = http_form(r, "password");
    char since[TIME_ISO_LEN], now[TIME_ISO_LEN];
    const char *email_key, *ekey, *ikey, *hash = NULL, *status = NULL;
    int64_t user_id = 0, nmail = 0, nip = 0;
    struct actor who = { 0, "anonymous", r->ip };
    struct db_stmt *st;
    int rc;

    if (!email || !*email || !password || !*password)
        return login_form(r, 422, email, _(r->lang, "Enter your e-mail address and password"));
    email_key = utf8_fold(&r->arena, email);
    if (!email_key)
        return login_form(r, 422, NULL, _(r->lang, "Enter your e-mail address and password"));
    ekey = arena_printf(&r->arena, "email:%s", email_key);
    ikey = arena_printf(&r->arena, "ip:%s", r->ip);
    time_iso_offset(since, -THROTTLE_SECONDS);
    time_now_iso(now);

    if ((rc = failures_since(r, ekey, since, &nmail)) < 0 ||
        (rc = failures_since(r, ikey, since, &nip)) < 0)
        return rc;
    if (nmail >= THROTTLE_FAILURES || nip >= THROTTLE_FAILURES) {
        json_t *c = json_pack("{s:s, s:s}", "email", email_key, "ip", r->ip);
        rc = audit_record(r->db, &who, "login.throttled", "user", email_key, c);
        json_decref(c);
        if (rc < 0)
            return rc;
        return login_form(r, 429, email,
                          _(r->lang, "Too many failed attempts. Wait 15 minutes and try again."));
    }

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
        json_t *c = json_pack("{s:s}", "email", email_key);
        if ((rc = db_tx_begin(r->db)) < 0)
            goto fail;
        if ((rc = db_exec(r->db, login_failure_insert_sql, DB_ARGS(DB_TEXT(ekey), DB_TEXT(now)))) <
                0 ||
            (rc = db_exec(r->db, login_failure_insert_sql, DB_ARGS(DB_TEXT(ikey), DB_TEXT(now)))) <
                0 ||
            (rc = audit_record(r->db, &who, "login.failed", "user", email_key, c)) < 0) {
            db_tx_rollback(r->db);
            goto fail;
        }
        rc = db_tx_commit(r->db);
    fail:
        json_decref(c);
        if (rc < 0)
            return rc;
        if (nmail + 1 >= THROTTLE_FAILURES || nip + 1 >= THROTTLE_FAILURES)
            return login_form(r, 429, email,
                              _(r->lang,
                                "Too many failed attempts. Wait 15 minutes and try again."));
        return login_form(r, 401, email, _(r->lang, "The e-mail address or password is wrong"));
    }
    if (!streq(status, "active"))
        return login_form(r, 403, email,
                          _(r->lang, "This account is suspended. Contact your administrator."));

    who.id = user_id;
    who.name = email_key;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if ((rc = db_exec(r->db, login_failures_clear_sql, DB_ARGS(DB_TEXT(ekey)))) < 0 ||
        (rc = accounts_session_start(r, user_id)) < 0 ||
        (rc = audit_record_id(r->db, &who, "login", "user",
                           user_id, NULL)) < 0) {
        db_tx_rollback(r->db);
        return rc;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        return rc;
    return http_redirect(r, safe_next(http_form(r, "next")));
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
int home_page(struct req *r)
{
    json_t *ctx = json_pack("{s:s}", "title", "Dars");
    return view_page(r, "home", ctx);
}
