/*
 * A forgotten password: /password/forgot asks for an e-mail address and
 * answers the same page, after the same work, whether or not an account uses
 * it (only an active account gets the e-mail); the reset link sets a new
 * password once, within an hour, ends every session of the person (API
 * tokens stay) and tells them by e-mail. Throttled per address and per
 * e-mail like every public action (http/limits.h).
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/limits.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <sodium.h>

static int forgot_form(struct req *r, int status, const char *email, json_t *errors,
                       const char *wait)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s}", "title", _(r->lang, "Forgotten password"),
                               "email", email ? email : "");
    if (wait)
        val_set_str(ctx, "wait", wait);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "password_forgot", ctx);
}

/* GET /password/forgot */
int password_forgot_page(struct req *r)
{
    return forgot_form(r, 200, NULL, NULL, NULL);
}

static int forgot_tx(struct req *r, const char *key)
{
    struct db_stmt *st;
    int rc;

    if ((rc = rate_hit_public(r, key)) < 0)
        return rc;
    if ((rc = db_query_row(r->db, &st, link_user_by_key_sql, DB_ARGS(DB_TEXT(key)))) < 0)
        return rc == DARS_ENOTFOUND ? 0 : rc;
    int64_t id = db_col_int(st, 0);
    const char *email = arena_strdup(&r->arena, db_col_text(st, 1));
    const char *language = arena_strdup(&r->arena, db_col_text(st, 3));
    bool active = streq(db_col_text(st, 4), "active");
    db_done(st);
    if (!active)
        return 0;
    struct actor who = { 0, "anonymous", r->ip };
    const char *issued = NULL;
    if ((rc = accounts_link_issue(r->db, &r->arena, id, "reset", &issued)) < 0 ||
        (rc = accounts_mail_link(r->db, &r->arena, http_site_url(r), "reset", email, NULL,
                                 language, issued)) < 0)
        return rc;
    return audit_record_id(r->db, &who, "password.reset_requested", "user", id, NULL);
}

/* POST /password/forgot */
int password_forgot_submit(struct req *r)
{
    const char *email = form_text_norm(&r->arena, http_form(r, "email") ? http_form(r, "email")
                                                                         : "");
    const char *key = NULL;
    json_t *errors = json_object();
    int rc, wait = 0;

    if (!email || !*email)
        form_error(errors, "email", N_("Enter your e-mail address"));
    else if (!accounts_email_is_valid(email) || !(key = utf8_fold(&r->arena, email)))
        form_error(errors, "email", N_("Enter an e-mail address like name@example.org"));
    if (json_object_size(errors)) {
        rc = forgot_form(r, 422, email, errors, NULL);
        goto out;
    }
    if ((rc = rate_check_public(r, key, &wait)) == DARS_ETHROTTLED) {
        rc = forgot_form(r, 429, email, NULL, http_wait_text(r, N_("Too many requests."), wait));
        http_retry_after(r, wait);
        goto out;
    }
    if (rc < 0)
        goto out;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, forgot_tx(r, key))) < 0)
        goto out;
    rc = view_page(r, "password_forgot_sent",
                   val_pack(&r->arena, "{s:s}", "title", _(r->lang, "Check your e-mail")));
out:
    json_decref(errors);
    return rc;
}

int accounts_link_invalid(struct req *r, const char *kind, enum link_state state)
{
    bool invitation = streq(kind, "invitation");
    struct val *ctx = val_pack(&r->arena, "{s:s, s:b, s:b, s:b, s:b, s:b, s:b}", "title",
                               _(r->lang, "This link cannot be used"), "invitation", invitation,
                               "address", streq(kind, "address"), "reset", streq(kind, "reset"),
                               "used", state == LINK_USED, "expired", state == LINK_EXPIRED,
                               "unknown", state != LINK_USED && state != LINK_EXPIRED);
    return view_page_status(r, state == LINK_UNKNOWN ? 404 : 410, "link_invalid", ctx);
}

int accounts_password_form(struct req *r, int status, const char *kind, const char *email,
                           json_t *errors)
{
    bool invitation = streq(kind, "invitation");
    const char *action = arena_printf(&r->arena, "%s/%s",
                                      invitation ? "/invitations" : "/password/reset",
                                      r->params[0]);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:b, s:s, s:s}", "title",
                               invitation ? _(r->lang, "Welcome to Dars")
                                          : _(r->lang, "Choose a new password"),
                               "invitation", invitation, "email", email, "action", action);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "password_set", ctx);
}

static const char *raw_field(struct req *r, const char *name)
{
    const struct form_field *f = http_form_field(r, name);
    return f ? f->value : "";
}

int accounts_password_check(struct req *r, json_t *errors)
{
    const char *fresh = raw_field(r, "new_password"), *again = raw_field(r, "confirm_password");
    const char *why;
    if (!*fresh)
        form_error(errors, "new_password", N_("Enter a new password"));
    else if ((why = accounts_password_problem(fresh)))
        form_error(errors, "new_password", why);
    else if (!streq(fresh, again))
        form_error(errors, "confirm_password", N_("The two new passwords are not the same"));
    return json_object_size(errors) ? DARS_EINVALID : 0;
}

/* The audit, the end of every session and the e-mail of a reset, in its transaction. */
static int reset_then(struct req *r, const struct link_row *l)
{
    struct actor who = { l->user_id, l->email, r->ip };
    json_t *changes = json_pack("{s:{s:s}}", "password", "after", "changed");
    int rc;

    if ((rc = db_exec(r->db, link_sessions_delete_sql, DB_ARGS(DB_INT(l->user_id)))) == 0 &&
        (rc = audit_record_id(r->db, &who, "password.reset", "user", l->user_id, changes)) == 0)
        rc = accounts_mail_password_changed(r->db, &r->arena, http_site_url(r), l->email,
                                            l->language);
    json_decref(changes);
    return rc;
}

static int reset_done(struct req *r, const struct link_row *l)
{
    int rc;

    /* this browser's session ended too, if it had one of this person's */
    if (r->user && r->user->id == l->user_id && (rc = accounts_session_end(r)) < 0)
        return rc;
    view_flash(r, N_("Your password has been changed. Sign in with your new password."));
    return http_redirect(r, "/login");
}

static const struct link_password reset = { "reset", link_user_reset_sql, reset_then,
                                            reset_done };

/* GET /password/reset/:token */
int password_reset_page(struct req *r)
{
    return accounts_link_password_page(r, "reset");
}

/* POST /password/reset/:token */
int password_reset_submit(struct req *r)
{
    return accounts_link_password_submit(r, &reset);
}

int accounts_link_password_page(struct req *r, const char *kind)
{
    struct link_row l;
    int rc = accounts_link_find(r->db, &r->arena, kind, r->params[0], &l);
    if (rc < 0)
        return rc;
    if (l.state != LINK_LIVE)
        return accounts_link_invalid(r, kind, l.state);
    return accounts_password_form(r, 200, kind, l.email, NULL);
}

static int link_password_tx(struct req *r, const struct link_password *how,
                            const struct link_row *l, const char *hash)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    /* first: of two requests racing on this link, only one gets past here */
    if ((rc = accounts_link_use(r->db, how->kind, r->params[0])) < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_exec_changes(r->db, how->set_sql,
                              DB_ARGS(DB_TEXT(hash), DB_TEXT(now), DB_INT(l->user_id)),
                              &changed)) < 0)
        return rc;
    if (changed != 1)
        return DARS_ECONFLICT; /* suspended (or activated) meanwhile */
    return how->then(r, l);
}

int accounts_link_password_submit(struct req *r, const struct link_password *how)
{
    struct link_row l;
    char hash[ACCOUNTS_HASH_LEN];
    json_t *errors = json_object();
    int rc;

    memset(hash, 0, sizeof(hash));
    if ((rc = accounts_link_find(r->db, &r->arena, how->kind, r->params[0], &l)) < 0)
        goto out;
    if (l.state != LINK_LIVE) {
        rc = accounts_link_invalid(r, how->kind, l.state);
        goto out;
    }
    if (accounts_password_check(r, errors) < 0) {
        rc = accounts_password_form(r, 422, how->kind, l.email, errors);
        goto out;
    }
    if ((rc = accounts_password_hash(raw_field(r, "new_password"), hash)) < 0 ||
        (rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, link_password_tx(r, how, &l, hash));
    if (rc == DARS_ECONFLICT) {
        rc = accounts_link_invalid(r, how->kind, LINK_USED);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = how->done(r, &l);
out:
    sodium_memzero(hash, sizeof(hash));
    json_decref(errors);
    return rc;
}
