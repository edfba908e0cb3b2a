/*
 * Self-registration (DESIGN.md 6a): /register creates a pending person
 * (pending_reason 'address') and e-mails a link that checks the address;
 * the page behind the link confirms with a button, so that mail scanners
 * opening links confirm nothing. Then the centre's registration setting
 * decides: 'open' makes the account active and signs the person in,
 * 'approval' leaves them waiting for a manager (registrations.c). The page
 * never tells whether an e-mail already has an account: the owner gets an
 * e-mail instead. Throttled per address and per e-mail (http/limits.h); a
 * hidden field people leave empty catches simple bots.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/limits.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <sodium.h>

/* the hidden field: people never see it, so anything in it was typed by a program */
#define REGISTER_HONEYPOT "website"
/* a person younger than this (by birth year) also needs a parent's or guardian's consent */
#define REGISTER_ADULT_AGE 18

/* The choices the form offers, with the one typed selected. */
static int register_choices(struct req *r, struct val *ctx, const struct val *form)
{
    struct db_stmt *st;
    struct val *centres = val_set_list(ctx, "centres");
    struct val *organisations = val_set_list(ctx, "organisations");
    struct val *langs = val_set_list(ctx, "languages");
    const char *centre = val_get_str(form, "centre");
    const char *organisation = val_get_str(form, "organisation");
    const char *language = val_get_str(form, "language");
    int rc;

    if ((rc = db_query(r->db, &st, registration_centres_sql, NULL, 0)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        val_push(centres, val_pack(&r->arena, "{s:s, s:s, s:b, s:b}", "code", db_col_text(st, 0),
                                   "name", db_col_text(st, 1), "approval",
                                   streq(db_col_text(st, 2), "approval"), "selected",
                                   centre && streq(centre, db_col_text(st, 0))));
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, registration_organisations_sql, NULL, 0)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        val_push(organisations,
                 val_pack(&r->arena, "{s:s, s:s, s:b}", "code", db_col_text(st, 0), "name",
                          db_col_text(st, 1), "selected",
                          organisation && streq(organisation, db_col_text(st, 0))));
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < i18n_nlangs; i++)
        val_push(langs, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", i18n_langs[i], "label",
                                 i18n_lang_name(i18n_langs[i]), "selected",
                                 language && streq(language, i18n_langs[i])));
    accounts_facts_context(r, ctx, val_get_str(form, "gender"), "");
    return 0;
}

/* The form with what was typed (never the password). */
static int register_form(struct req *r, int status, struct val *form, json_t *errors,
                         const char *wait)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:o}", "title", _(r->lang, "Register"), "form",
                               form);
    int rc;

    if ((rc = register_choices(r, ctx, form)) < 0)
        return rc;
    if (wait)
        val_set_str(ctx, "wait", wait);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "register", ctx);
}

/* GET /register */
int register_page(struct req *r)
{
    return register_form(r, 200, val_pack(&r->arena, "{s:s}", "language", r->lang), NULL, NULL);
}

/* What a registration carries, as typed and checked. */
struct registration {
    const char *full_name, *email, *key, *organisation, *centre, *gender, *birth_year;
    const char *language, *guardian_name;
    bool consent, guardian_consent, minor;
};

static bool ticked(struct req *r, const char *name)
{
    return streq(form_value(r, name), "1");
}

/* Check everything but the password into errors (field -> msgid). */
static int register_check(struct req *r, struct registration *g, json_t *errors)
{
    struct db_stmt *st;
    int rc;

    g->full_name = form_text_norm(&r->arena, form_value(r, "full_name"));
    if (!*g->full_name)
        form_error(errors, "full_name", N_("Enter your full name"));
    else if (utf8_len(g->full_name) > USER_NAME_MAX)
        form_error(errors, "full_name", N_("The full name must be 200 characters or fewer"));

    g->email = form_text_norm(&r->arena, form_value(r, "email"));
    if (!*g->email)
        form_error(errors, "email", N_("Enter your e-mail address"));
    else if (!accounts_email_is_valid(g->email) || !(g->key = utf8_fold(&r->arena, g->email)))
        form_error(errors, "email", N_("Enter an e-mail address like name@example.org"));

    const struct form_field *pw = http_form_field(r, "password");
    const char *why;
    if (!pw || !*pw->value)
        form_error(errors, "password", N_("Enter a password"));
    else if ((why = accounts_password_problem(pw->value)))
        form_error(errors, "password", why);

    /* an organisation is optional, and only from the list */
    g->organisation = form_value(r, "organisation");
    if (*g->organisation) {
        int64_t id;
        rc = org_organisation_id(r->db, g->organisation, &id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "organisation", N_("Choose your organisation from the list"));
        else if (rc < 0)
            return rc;
    }

    /* a centre that takes registrations: a closed one is refused even when posted */
    g->centre = form_value(r, "centre");
    if (!*g->centre) {
        form_error(errors, "centre", N_("Choose the centre where you want to learn"));
    } else {
        rc = db_query_row(r->db, &st, registration_centre_sql, DB_ARGS(DB_TEXT(g->centre)));
        if (rc == 0) {
            bool takes = !streq(db_col_text(st, 1), "closed");
            db_done(st);
            if (!takes)
                rc = DARS_ENOTFOUND;
        }
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "centre", N_("Choose the centre where you want to learn"));
        else if (rc < 0)
            return rc;
    }

    g->gender = form_value(r, "gender");
    if (*g->gender && !accounts_gender_is_known(g->gender))
        form_error(errors, "gender", N_("Choose female, male or other, or leave the gender empty"));
    g->birth_year = form_text_norm(&r->arena, form_value(r, "birth_year"));
    int64_t year = accounts_birth_year_parse(g->birth_year);
    if (year < 0)
        form_error(errors, "birth_year",
                   N_("Enter the year of birth as four digits, from 1900 to this year, or leave "
                      "it empty"));
    g->minor = year > 0 && accounts_this_year() - year < REGISTER_ADULT_AGE;

    g->language = i18n_lang_known(form_value(r, "language"));
    if (!g->language)
        g->language = r->lang;

    g->consent = ticked(r, "consent");
    if (!g->consent)
        form_error(errors, "consent", N_("Tick the box to agree to the privacy notice"));
    g->guardian_name = form_text_norm(&r->arena, form_value(r, "guardian_name"));
    g->guardian_consent = ticked(r, "guardian_consent");
    if (utf8_len(g->guardian_name) > USER_NAME_MAX)
        form_error(errors, "guardian_name", N_("The name must be 200 characters or fewer"));
    if (g->minor && !*g->guardian_name)
        form_error(errors, "guardian_name",
                   N_("You are under 18: enter the name of a parent or guardian"));
    if (g->minor && !g->guardian_consent)
        form_error(errors, "guardian_consent",
                   N_("You are under 18: a parent or guardian must tick their consent"));
    return json_object_size(errors) ? DARS_EINVALID : 0;
}

/* The form's values as typed, to show again (never the password). */
static struct val *register_typed(struct req *r)
{
    static const char *const fields[] = { "full_name",  "email",         "organisation",
                                          "centre",     "gender",        "birth_year",
                                          "language",   "guardian_name" };
    struct val *form = val_object(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
        val_set_str(form, fields[i], form_value(r, fields[i]));
    val_set_bool(form, "consent", ticked(r, "consent"));
    val_set_bool(form, "guardian_consent", ticked(r, "guardian_consent"));
    return form;
}

/* The writes of a registration, in one transaction: the person, their link, the e-mail. */
static int register_tx(struct req *r, const struct registration *g, const char *hash)
{
    struct actor who = { 0, "anonymous", r->ip };
    const char *site = http_site_url(r), *token = NULL;
    struct db_stmt *st;
    char now[TIME_ISO_LEN];
    int64_t id = 0;
    int rc;

    if ((rc = rate_hit_public(r, g->key)) < 0)
        return rc;
    rc = db_query_row(r->db, &st, link_user_by_key_sql, DB_ARGS(DB_TEXT(g->key)));
    if (rc == 0) {
        /* the address has an account: change nothing, tell its owner */
        int64_t owner = db_col_int(st, 0);
        const char *email = arena_strdup(&r->arena, db_col_text(st, 1));
        const char *full_name = arena_strdup(&r->arena, db_col_text(st, 2));
        const char *language = arena_strdup(&r->arena, db_col_text(st, 3));
        bool unchecked = streq(db_col_text(st, 4), "pending") &&
                         streq(db_col_text(st, 5), "address");
        db_done(st);
        /* one who registered and lost the e-mail gets a new link to their first registration */
        if (unchecked) {
            if ((rc = accounts_link_issue(r->db, &r->arena, owner, "address", &token)) < 0 ||
                (rc = accounts_mail_link(r->db, &r->arena, site, "address", email, full_name,
                                         language, token)) < 0)
                return rc;
        } else if ((rc = accounts_mail_register_taken(r->db, &r->arena, site, email,
                                                      language)) < 0) {
            return rc;
        }
        return audit_record_id(r->db, &who, "user.register_again", "user", owner, NULL);
    }
    if (rc != DARS_ENOTFOUND)
        return rc;

    time_now_iso(now);
    struct user_new u = {
        .email = g->email, .full_name = g->full_name, .language = g->language,
        .organisation = g->organisation, .centre = g->centre, .status = "pending",
        .password_hash = hash, .gender = g->gender, .birth_year = g->birth_year,
        .pending_reason = "address", .consent_at = now,
        .guardian_name = g->minor || *g->guardian_name ? g->guardian_name : NULL,
        .guardian_consent_at = g->guardian_consent ? now : NULL,
        .audit_action = "user.register",
    };
    json_t *errors = json_object();
    rc = accounts_user_create(r->db, &r->arena, &who, NULL, &u, errors, &id);
    json_decref(errors);
    if (rc < 0)
        return rc;
    if ((rc = accounts_link_issue(r->db, &r->arena, id, "address", &token)) < 0)
        return rc;
    return accounts_mail_link(r->db, &r->arena, site, "address", g->email, g->full_name,
                              g->language, token);
}

static int register_sent(struct req *r)
{
    return view_page(r, "register_sent",
                     val_pack(&r->arena, "{s:s}", "title", _(r->lang, "Check your e-mail")));
}

/* POST /register */
int register_submit(struct req *r)
{
    struct registration g;
    char hash[ACCOUNTS_HASH_LEN];
    json_t *errors = json_object();
    int rc, wait = 0;

    memset(&g, 0, sizeof(g));
    memset(hash, 0, sizeof(hash));
    if ((rc = rate_check_public(r, NULL, &wait)) < 0)
        goto throttled;
    /* a bot filled the hidden field: the same answer, and nothing done but the count */
    if (*form_value(r, REGISTER_HONEYPOT)) {
        if ((rc = db_tx_begin(r->db)) < 0 ||
            (rc = db_tx_end(r->db, rate_hit_public(r, NULL))) < 0)
            goto out;
        rc = register_sent(r);
        goto out;
    }
    if ((rc = register_check(r, &g, errors)) == DARS_EINVALID) {
        rc = register_form(r, 422, register_typed(r), errors, NULL);
        goto out;
    }
    if (rc < 0 || (rc = rate_check(r->db, RATE_MAILS_TO, g.key, &wait)) < 0)
        goto throttled;
    /* hashed whether or not the address is taken: both answers take as long */
    if ((rc = accounts_password_hash(http_form_field(r, "password")->value, hash)) < 0 ||
        (rc = db_tx_begin(r->db)) < 0 || (rc = db_tx_end(r->db, register_tx(r, &g, hash))) < 0)
        goto out;
    rc = register_sent(r);
    goto out;
throttled:
    if (rc == DARS_ETHROTTLED) {
        rc = register_form(r, 429, register_typed(r), NULL,
                           http_wait_text(r, N_("Too many requests."), wait));
        http_retry_after(r, wait);
    }
out:
    sodium_memzero(hash, sizeof(hash));
    json_decref(errors);
    return rc;
}

/* GET /register/verify/:token: a button, so that opening the link alone confirms nothing */
int register_verify_page(struct req *r)
{
    struct link_row l;
    int rc = accounts_link_find(r->db, &r->arena, "address", r->params[0], &l);
    if (rc < 0)
        return rc;
    if (l.state != LINK_LIVE)
        return accounts_link_invalid(r, "address", l.state);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s}", "title",
                               _(r->lang, "Confirm your e-mail address"), "email", l.email,
                               "action",
                               arena_printf(&r->arena, "/register/verify/%s", r->params[0]));
    return view_page(r, "register_verify", ctx);
}

/* *open: the account is active now (else it waits for approval). */
static int verify_tx(struct req *r, const struct link_row *l, bool *open)
{
    struct actor who = { l->user_id, l->email, r->ip };
    char now[TIME_ISO_LEN];
    const char *setting = "approval";
    struct db_stmt *st;
    int64_t changed = 0;
    int rc;

    /* first: of two requests racing on this link, only one gets past here */
    if ((rc = accounts_link_use(r->db, "address", r->params[0])) < 0)
        return rc;
    if ((rc = db_query_row(r->db, &st, registration_user_centre_sql,
                           DB_ARGS(DB_INT(l->user_id)))) < 0)
        return rc;
    setting = arena_strdup(&r->arena, db_col_text(st, 0));
    db_done(st);
    /* a centre closed since asks a manager too: someone must decide */
    *open = streq(setting, "open");
    time_now_iso(now);
    if ((rc = db_exec_changes(r->db,
                              *open ? registration_confirm_open_sql
                                    : registration_confirm_approval_sql,
                              DB_ARGS(DB_TEXT(now), DB_INT(l->user_id)), &changed)) < 0)
        return rc;
    if (changed != 1)
        return DARS_ECONFLICT;
    json_t *changes =
        *open ? json_pack("{s:{s:s, s:s}, s:{s:s}}", "status", "before", "pending", "after",
                          "active", "pending_reason", "before", "address")
              : json_pack("{s:{s:s, s:s}}", "pending_reason", "before", "address", "after",
                          "approval");
    rc = audit_record_id(r->db, &who, "user.address_confirmed", "user", l->user_id, changes);
    json_decref(changes);
    if (rc == 0 && *open &&
        (rc = accounts_mail_registration(r->db, &r->arena, http_site_url(r), l->email,
                                         l->full_name, l->language, REGISTRATION_WELCOME)) == 0)
        rc = accounts_session_start(r, l->user_id);
    return rc;
}

/* POST /register/verify/:token */
int register_verify_submit(struct req *r)
{
    struct link_row l;
    bool open = false;
    int rc = accounts_link_find(r->db, &r->arena, "address", r->params[0], &l);

    if (rc < 0)
        return rc;
    if (l.state != LINK_LIVE)
        return accounts_link_invalid(r, "address", l.state);
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = db_tx_end(r->db, verify_tx(r, &l, &open));
    if (rc == DARS_ECONFLICT)
        return accounts_link_invalid(r, "address", LINK_USED);
    if (rc < 0)
        return rc;
    if (!open)
        return view_page(r, "register_waiting",
                         val_pack(&r->arena, "{s:s, s:s}", "title",
                                  _(r->lang, "Your registration waits for approval"), "email",
                                  l.email));
    view_flash(r, N_("Welcome to Dars. Your account is ready."));
    return http_redirect(r, "/");
}
