/*
 * A certificate as a manager sees it (/admin/certificates/{code}): who, what,
 * when, its status and history, its PDF and public check; and what may be
 * done to it: revoke (after a confirmation that asks why), correct the name
 * or the hours (a new certificate replaces it), and issue one by hand. Each
 * write goes through the API's own code path (change.c). Outside the caller's
 * scope a code answers 404, as the API does: codes are secrets.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/time.h"
#include "core/url.h"
#include "db/db.h"
#include "http/http.h"
#include "view/fmt.h"
#include "view/form.h"
#include "view/view.h"

#include <stdio.h>
#include <string.h>

static bool is_live(const struct cert *c)
{
    return streq(c->status, "valid") || streq(c->status, "expired");
}

static const char *manage_url(struct req *r, const char *code)
{
    return arena_printf(&r->arena, "/admin/certificates/%s", code);
}

/* Hours as the reader writes them ("2,5" in ru), "" when the certificate does not say. */
static const char *hours_text(struct req *r, const struct cert *c)
{
    struct buf b;
    if (!c->has_hours)
        return "";
    buf_init_arena(&b, &r->arena, 16);
    fmt_decimal(&b, r->lang, c->hours);
    return b.ptr;
}

/*
 * The page's sentence for an error the shared checks gave (their messages
 * are the API's): field and message as the API names them, in the
 * reader's language by view_form_errors.
 */
static json_t *page_errors(json_t *errors)
{
    static const struct {
        const char *field, *message, *sentence;
    } sentences[] = {
        { "user", "is required", N_("Enter the e-mail address of the person") },
        { "user", "is not a user", N_("No one has an account with this e-mail address") },
        { "course", NULL, N_("Enter the code of a course or a programme") },
        { "programme", NULL, N_("Enter the code of a course or a programme") },
        { "completed_on", "must be a date (YYYY-MM-DD)",
          N_("Enter the completion date as YYYY-MM-DD, for example 2026-03-01") },
        { "completed_on", NULL, N_("The completion date must be between 2000 and today") },
        { "hours", NULL, N_("Enter the hours as a number above 0, up to 10000") },
        { "reason", NULL, N_("Say why the certificate is revoked (up to 1000 characters)") },
        { "holder", NULL, N_("Enter the name as it should read, on one line (up to 200 "
                             "characters)") },
    };
    json_t *out = json_object();
    const char *field;
    json_t *msg;
    json_object_foreach(errors, field, msg)
    {
        const char *m = json_string_value(msg), *s = m;
        for (size_t i = 0; i < ARRAY_SIZE(sentences); i++)
            if (streq(field, sentences[i].field) &&
                (!sentences[i].message || (m && streq(m, sentences[i].message)))) {
                s = sentences[i].sentence;
                break;
            }
        /* the form has one field for a course or a programme */
        form_error(out, streq(field, "programme") ? "course" : field, s ? s : "");
    }
    return out;
}

/* The breadcrumbs of the pages below the register: Home, Certificates[, the certificate]. */
static void crumbs(struct req *r, struct val *ctx, const struct cert *c)
{
    if (c)
        form_crumbs(r, ctx, _(r->lang, "Certificates"), "/admin/certificates", c->number,
                    manage_url(r, c->code), NULL);
    else
        form_crumbs(r, ctx, _(r->lang, "Certificates"), "/admin/certificates", NULL);
}

/* GET /admin/certificates/:code */
int certs_manage_page(struct req *r)
{
    struct cert c;
    struct db_stmt *st;
    int rc;

    if ((rc = cert_load_seen(r, &c)) < 0)
        return rc;
    struct arena *a = &r->arena;
    bool may = cert_may_change(r, c.centre_id) && is_live(&c);
    struct val *ctx = val_pack(
        a, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "title",
        arena_printf(a, _(r->lang, "Certificate %s"), c.number), "number", c.number, "code",
        c.code, "holder", c.holder, "email", c.email, "cert_title", c.title, "what",
        c.course ? c.course : c.programme ? c.programme : "", "issued_on",
        view_date(r, c.issued_at), "issuer",
        c.centre_name ? c.centre_name : _(r->lang, "National certificate register"),
        "status_label", cert_status_words(r->lang, c.status), "tag", cert_status_tag(c.status),
        "verify_url", arena_printf(a, "/verify/%s", c.code), "may_change", may, "is_programme",
        c.programme != NULL);
    val_set_str(ctx, "pdf_url", cert_pdf_url(a, "", c.code));
    val_set_str(ctx, "revoke_url", arena_printf(a, "%s/revoke", manage_url(r, c.code)));
    val_set_str(ctx, "replace_url", arena_printf(a, "%s/replace", manage_url(r, c.code)));
    if (c.has_hours)
        val_set_str(ctx, "hours", hours_text(r, &c));
    if (c.expires_at)
        val_set_str(ctx, "expires_on", view_date(r, c.expires_at));
    if (c.revoked_at) {
        val_set_str(ctx, "revoked_on", view_date(r, c.revoked_at));
        val_set_str(ctx, "revoke_reason", c.revoke_reason ? c.revoke_reason : "");
    }
    if (c.replaced_by)
        val_set_str(ctx, "replaced_url", manage_url(r, c.replaced_by));
    /* the certificate this one corrected, if any: one statement */
    rc = db_query_row(r->db, &st, cert_replaces_sql, DB_ARGS(DB_INT(c.id)));
    if (rc == 0) {
        val_set_str(ctx, "replaces_number", db_col_text(st, 1));
        val_set_str(ctx, "replaces_url", manage_url(r, db_col_text(st, 0)));
        db_done(st);
    } else if (rc != DARS_ENOTFOUND)
        return rc;
    crumbs(r, ctx, NULL);
    return view_page(r, "certs_manage", ctx);
}

/*
 * The certificate of the path, the caller's to change: DARS_EDENIED outside
 * their scope, DARS_ECONFLICT when it is revoked or replaced already.
 */
static int load_changeable(struct req *r, struct cert *c)
{
    int rc = cert_load_seen(r, c);
    if (rc < 0)
        return rc;
    if (!cert_may_change(r, c->centre_id))
        return DARS_EDENIED;
    return is_live(c) ? 0 : DARS_ECONFLICT;
}

/* The answer to a change of a certificate that is no longer valid (or was changed meanwhile). */
static int changed_already(struct req *r, int rc)
{
    if (rc != DARS_ECONFLICT)
        return rc;
    return view_error(r, 409, _(r->lang, "This certificate can no longer be changed"),
                      _(r->lang, "It has been revoked or replaced already."));
}

/* A form's page: as it is, or with errors (the shared checks' messages) and 422. */
static int form_page(struct req *r, const char *tpl, struct val *ctx, json_t *errors)
{
    if (!errors)
        return view_page(r, tpl, ctx);
    json_t *shown = page_errors(errors);
    view_form_errors(r, ctx, shown);
    json_decref(shown);
    return view_page_status(r, 422, tpl, ctx);
}

static int revoke_form(struct req *r, const struct cert *c, json_t *errors)
{
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
        arena_printf(&r->arena, _(r->lang, "Revoke certificate %s?"), c->number), "number",
        c->number, "holder", c->holder, "cert_title", c->title, "action",
        arena_printf(&r->arena, "%s/revoke", manage_url(r, c->code)), "back",
        manage_url(r, c->code), "reason", form_value(r, "reason"));
    crumbs(r, ctx, c);
    return form_page(r, "certs_revoke", ctx, errors);
}

/* GET /admin/certificates/:code/revoke: what revoking means, and why */
int certs_revoke_page(struct req *r)
{
    struct cert c;
    int rc = load_changeable(r, &c);
    return rc < 0 ? changed_already(r, rc) : revoke_form(r, &c, NULL);
}

/* POST /admin/certificates/:code/revoke (reason) */
int certs_revoke_submit(struct req *r)
{
    struct cert c;
    int rc = load_changeable(r, &c);

    if (rc < 0)
        return changed_already(r, rc);
    const char *reason = form_text_norm(&r->arena, form_value(r, "reason"));
    json_t *errors = json_object();
    cert_reason_check(errors, reason);
    if (json_object_size(errors)) {
        rc = revoke_form(r, &c, errors);
        json_decref(errors);
        return rc;
    }
    json_decref(errors);
    /* DARS_ECONFLICT: revoked or replaced by someone else since it was read */
    if ((rc = cert_revoke_tx(r, &c, reason)) < 0)
        return changed_already(r, rc);
    view_flash(r, N_("The certificate has been revoked. Its public check now says so."));
    return http_redirect(r, manage_url(r, c.code));
}

static int replace_form(struct req *r, const struct cert *c, const char *holder,
                        const char *hours, json_t *errors)
{
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title",
        arena_printf(&r->arena, _(r->lang, "Correct certificate %s"), c->number), "number",
        c->number, "cert_title", c->title, "holder", holder, "hours", hours, "action",
        arena_printf(&r->arena, "%s/replace", manage_url(r, c->code)), "back",
        manage_url(r, c->code));
    crumbs(r, ctx, c);
    return form_page(r, "certs_replace", ctx, errors);
}

/* GET /admin/certificates/:code/replace: the form, filled with what it says now */
int certs_replace_page(struct req *r)
{
    struct cert c;
    int rc = load_changeable(r, &c);
    if (rc < 0)
        return changed_already(r, rc);
    /*
     * The hours as the field reads them back: the reader's decimal mark, no
     * grouping (1234,5 not 1 234,5, which the check refuses) and two
     * decimals, enough to keep them to the minute when the form is sent
     * unchanged (2,33 is 2 h 20 min again; the page's one decimal is not).
     */
    const char *hours = "";
    if (c.has_hours) {
        struct buf b;
        buf_init_arena(&b, &r->arena, 16);
        fmt_decimal_field(&b, r->lang, c.hours, 2);
        hours = b.ptr;
    }
    return replace_form(r, &c, c.holder, hours, NULL);
}

/* POST /admin/certificates/:code/replace (holder, hours) */
int certs_replace_submit(struct req *r)
{
    const char *holder, *code = NULL;
    double hours;
    struct cert c;
    int rc = load_changeable(r, &c);

    if (rc < 0)
        return changed_already(r, rc);
    json_t *errors = json_object();
    cert_holder_check(&r->arena, errors, form_value(r, "holder"), &holder);
    cert_hours_check(errors, form_text_norm(&r->arena, form_value(r, "hours")), &hours);
    if (json_object_size(errors)) {
        rc = replace_form(r, &c, form_value(r, "holder"), form_value(r, "hours"), errors);
        json_decref(errors);
        return rc;
    }
    json_decref(errors);
    if ((rc = cert_replace_tx(r, &c, holder, hours, &code)) < 0)
        return changed_already(r, rc);
    view_flash(r, N_("The corrected certificate has been issued. It replaces the old one, "
                     "whose public check now points to it."));
    return http_redirect(r, manage_url(r, code));
}

static int issue_form(struct req *r, json_t *errors)
{
    char today[TIME_ISO_LEN];
    time_now_iso(today);
    today[10] = '\0';
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s}", "title",
        _(r->lang, "Issue a certificate by hand"), "user", form_value(r, "user"), "course",
        form_value(r, "course"), "completed_on", form_value(r, "completed_on"), "hours",
        form_value(r, "hours"), "today", today);
    crumbs(r, ctx, NULL);
    return form_page(r, "certs_issue", ctx, errors);
}

/* GET /admin/certificates/new */
int certs_issue_page(struct req *r)
{
    return issue_form(r, NULL);
}

/*
 * POST /admin/certificates/new (user, course, completed_on, hours): the
 * form's one field takes a course's code or a programme's; a course's
 * comes first, as codes of the two may coincide.
 */
int certs_issue_submit(struct req *r)
{
    struct cert_manual m = { .hours = -1 };
    const char *what = form_code_norm(&r->arena, form_value(r, "course")), *code = NULL;
    json_t *errors = json_object();
    int64_t programme_id;
    int rc = 0;

    m.user = form_text_norm(&r->arena, form_value(r, "user"));
    m.completed_on = form_text_norm(&r->arena, form_value(r, "completed_on"));
    cert_hours_check(errors, form_text_norm(&r->arena, form_value(r, "hours")), &m.hours);
    if (*what) {
        struct catalog_course course;
        rc = catalog_course_get(r->db, &r->arena, what, r->lang, &course);
        if (rc == DARS_ENOTFOUND &&
            catalog_programme_id(r->db, &r->arena, what, &programme_id) == 0)
            m.programme = what;
        else if (rc < 0 && rc != DARS_ENOTFOUND)
            goto out;
        else
            m.course = what;
    }
    /* its own checks too, so that the form shows every problem at once */
    rc = cert_issue_manual(r, &m, errors, &code);
    if (rc == DARS_EINVALID) {
        rc = issue_form(r, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, N_("The certificate has been issued."));
    rc = http_redirect(r, manage_url(r, code));
out:
    json_decref(errors);
    return rc;
}
