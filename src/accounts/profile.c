/*
 * /account: the signed-in person's own page: who they are, their roles, a
 * password change (the current password first; other sessions end), the
 * language Dars speaks to them, and the facts they may give for anonymous
 * statistics (gender, year of birth, disability), which only they and the
 * people who manage them see.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "core/i18n.h"
#include "view/view.h"

#include <sodium.h>

/* facts: the "About you" fields as typed after a failed save (NULL: as stored) */
static int account_form(struct req *r, int status, json_t *errors, struct val *facts)
{
    struct user_row me;
    int rc = accounts_user_load(r->db, &r->arena, r->user->id, &me);
    if (rc < 0)
        return rc;
    struct val *roles = val_list(&r->arena), *langs = val_list(&r->arena);
    for (size_t i = 0; i < me.nroles; i++)
        val_push(roles, val_str(&r->arena, me.roles[i].str));
    for (size_t i = 0; i < i18n_nlangs; i++)
        val_push(langs, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", i18n_langs[i], "label",
                                 i18n_lang_name(i18n_langs[i]), "selected",
                                 streq(i18n_langs[i], me.language)));
    struct val *ctx = val_pack(&r->arena, "{s:s, s:{s:s, s:s, s:s, s:s, s:s, s:o}, s:o}",
                               "title", _(r->lang, "Your account"), "me", "full_name",
                               me.full_name, "email", me.email, "organisation_name",
                               me.organisation_name, "centre", me.centre, "centre_name",
                               me.centre_name, "roles", roles, "languages", langs);
    struct val *form = facts;
    if (!form) {
        form = val_object(&r->arena);
        accounts_facts_form(&r->arena, form, &me);
    }
    accounts_facts_context(r, ctx, val_get_str(form, "gender"), val_get_str(form, "disability"));
    val_set(ctx, "form", form);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "account", ctx);
}

/* GET /account */
int account_page(struct req *r)
{
    return account_form(r, 200, NULL, NULL);
}

static const char *raw_field(struct req *r, const char *name)
{
    const struct form_field *f = http_form_field(r, name);
    return f ? f->value : "";
}

/* POST /account/password */
int account_password_submit(struct req *r)
{
    const char *current = raw_field(r, "current_password");
    const char *fresh = raw_field(r, "new_password"), *again = raw_field(r, "confirm_password");
    struct actor who = accounts_actor(r);
    char hash[ACCOUNTS_HASH_LEN], now[TIME_ISO_LEN];
    const char *stored = NULL, *why;
    json_t *errors = json_object(), *changes = NULL;
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, user_hash_sql, DB_ARGS(DB_INT(r->user->id)))) < 0)
        goto out;
    if ((rc = db_step(st)) == DB_ROW)
        stored = arena_strdup(&r->arena, db_col_text(st, 0));
    db_done(st);
    if (rc < 0)
        goto out;

    /* the check costs the same whether or not a password is stored */
    if (!*current)
        json_object_set_new(errors, "current_password",
                            json_string(N_("Enter your current password")));
    else if (crypto_pwhash_str_verify(stored && *stored ? stored : accounts_dummy_hash, current,
                                      strlen(current)) != 0 ||
             !stored || !*stored)
        json_object_set_new(errors, "current_password",
                            json_string(N_("Your current password is wrong")));
    if (!*fresh)
        json_object_set_new(errors, "new_password", json_string(N_("Enter a new password")));
    else if ((why = accounts_password_problem(fresh)))
        json_object_set_new(errors, "new_password", json_string(why));
    else if (!streq(fresh, again))
        json_object_set_new(errors, "confirm_password",
                            json_string(N_("The two new passwords are not the same")));
    if (json_object_size(errors)) {
        rc = account_form(r, 422, errors, NULL);
        goto out;
    }

    if ((rc = accounts_password_hash(fresh, hash)) < 0)
        goto out;
    time_now_iso(now);
    changes = json_pack("{s:{s:s, s:s}}", "password", "before", "set", "after", "changed");
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    /* a changed password ends every other session of this person */
    if ((rc = db_exec(r->db, user_set_password_sql,
                      DB_ARGS(DB_TEXT(hash), DB_TEXT("active"), DB_TEXT(now),
                              DB_INT(r->user->id)))) < 0 ||
        (rc = db_exec(r->db, user_other_sessions_delete_sql,
                      DB_ARGS(DB_INT(r->user->id),
                              DB_TEXT(r->session_key ? r->session_key : "")))) < 0 ||
        (rc = audit_record_id(r->db, &who, "user.password", "user",
                           r->user->id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("Your password has been changed"));
    rc = http_redirect(r, "/account");
out:
    sodium_memzero(hash, sizeof(hash));
    json_decref(changes);
    json_decref(errors);
    return rc;
}

/* POST /account/language */
int account_language_submit(struct req *r)
{
    const char *lang = i18n_lang_known(http_form(r, "lang"));
    int rc;
    if (!lang) {
        json_t *errors = json_pack("{s:s}", "lang", N_("Choose one of the languages offered"));
        rc = account_form(r, 422, errors, NULL);
        json_decref(errors);
        return rc;
    }
    if ((rc = accounts_user_set_language(r, lang)) < 0)
        return rc;
    /* the cookie too, so that the choice outlives the session */
    http_set_cookie(r, "dars_lang", lang, 365L * 24 * 3600);
    view_flash(r, N_("Your language has been saved"));
    return http_redirect(r, "/account");
}

/* A field of the "About you" form as typed, "" when absent or not UTF-8. */
static const char *fact_field(struct req *r, const char *name)
{
    const char *v = http_form(r, name);
    return v && utf8_is_valid(v, strlen(v)) ? v : "";
}

/* POST /account/facts: one's own gender, year of birth and disability */
int account_facts_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    json_t *errors = json_object();
    struct user_patch p = {
        .gender = fact_field(r, "gender"),
        .birth_year = fact_field(r, "birth_year"),
        .disability = fact_field(r, "disability"),
    };
    struct val *form = val_pack(&r->arena, "{s:s, s:s, s:s}", "gender", p.gender, "birth_year",
                                p.birth_year, "disability", p.disability);
    int rc;

    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    /* no scope to check: the patch is the person's own, and only of these fields */
    rc = accounts_user_update(r->db, &r->arena, &who, NULL, r->user->id, &p, errors);
    if (rc < 0) {
        db_tx_rollback(r->db);
        if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
            /* only the facts were changed: other fields' problems are not theirs to fix here */
            rc = account_form(r, 422, errors, form);
        }
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("Your answers have been saved"));
    rc = http_redirect(r, "/account#about-heading");
out:
    json_decref(errors);
    return rc;
}
