/*
 * The requests page of self-registration: people who confirmed their address
 * at a centre whose registration needs approval wait here for an admin or a
 * manager of the centre or its region. Approve makes the account active,
 * decline (after a confirmation) makes it 'declined'; the person hears by
 * e-mail either way. Someone outside the caller's scope is a 403.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#define PER_PAGE 50

/* The decline page leads back to the requests alone, without Home (as form_crumbs would add). */
static struct val *crumbs(struct req *r)
{
    return val_pack(&r->arena, "{s:[{s:s, s:s}]}", "items", "url", "/admin/registrations",
                    "label", _(r->lang, "Registrations"));
}

/* GET /admin/registrations: who waits in the caller's scope, oldest first */
int registrations_page(struct req *r)
{
    struct db_stmt *st;
    int64_t page = form_page_arg(r), n = 0;
    struct val *items = val_list(&r->arena);
    int rc;

    rc = db_query(r->db, &st, registrations_page_sql,
                  DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_INT(PER_PAGE + 1),
                          DB_INT((page - 1) * PER_PAGE)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (++n > PER_PAGE)
            continue; /* the one more row: a next page exists */
        int64_t year = db_col_int(st, 6);
        val_push(items,
                 val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
                          (json_int_t)db_col_int(st, 0), "full_name", db_col_text(st, 1),
                          "email", db_col_text(st, 2), "centre", db_col_text(st, 3),
                          "centre_name", db_col_text(st, 4), "organisation", db_col_text(st, 5),
                          "birth_year", year > 0 ? arena_int(&r->arena, year) : "", "guardian",
                          db_col_text(st, 7), "since", view_date(r, db_col_text(st, 8))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:o, s:b}", "title",
                               _(r->lang, "Registrations"), "people", items, "has_people",
                               val_len(items) > 0);
    view_pager_more(r, ctx, page, n > PER_PAGE);
    return view_page(r, "registrations", ctx);
}

/* The person of the URL, waiting for approval and in the caller's scope. */
static int waiting_load(struct req *r, struct user_row *u)
{
    int rc;
    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    if ((rc = accounts_user_load(r->db, &r->arena, strtoll(r->params[0], NULL, 10), u)) < 0)
        return rc;
    if (!accounts_can_manage_user(r, u))
        return DARS_EDENIED;
    if (!streq(u->status, "pending") || !streq(u->pending_reason, "approval"))
        return DARS_ECONFLICT;
    return 0;
}

static int decided_already(struct req *r)
{
    return view_error(r, 409, _(r->lang, "This registration is no longer waiting"),
                      _(r->lang, "Someone has approved or declined it already."));
}

static int decide_tx(struct req *r, const struct user_row *u, bool approve)
{
    struct actor who = accounts_actor(r);
    const char *status = approve ? "active" : "declined";
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    if ((rc = db_exec_changes(r->db, registration_decide_sql,
                              DB_ARGS(DB_TEXT(status), DB_TEXT(now), DB_INT(u->id)),
                              &changed)) < 0)
        return rc;
    if (changed != 1)
        return DARS_ECONFLICT; /* decided by someone else meanwhile */
    json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:s}}", "status", "before", "pending",
                                "after", status, "pending_reason", "before", "approval");
    rc = audit_record_id(r->db, &who,
                         approve ? "user.registration_approved" : "user.registration_declined",
                         "user", u->id, changes);
    json_decref(changes);
    if (rc == 0)
        rc = accounts_mail_registration(r->db, &r->arena, http_site_url(r), u->email,
                                        u->full_name, u->language,
                                        approve ? REGISTRATION_APPROVED : REGISTRATION_DECLINED);
    return rc;
}

static int decide(struct req *r, bool approve)
{
    struct user_row u;
    int rc = waiting_load(r, &u);

    if (rc == DARS_ECONFLICT)
        return decided_already(r);
    if (rc < 0 || (rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = db_tx_end(r->db, decide_tx(r, &u, approve));
    if (rc == DARS_ECONFLICT)
        return decided_already(r);
    if (rc < 0)
        return rc;
    view_flash(r, approve ? N_("The registration has been approved. The person was told by "
                               "e-mail.")
                          : N_("The registration has been declined. The person was told by "
                               "e-mail."));
    return http_redirect(r, "/admin/registrations");
}

/* POST /admin/registrations/:id/approve */
int registration_approve_submit(struct req *r)
{
    return decide(r, true);
}

/* GET /admin/registrations/:id/decline: confirm first */
int registration_decline_page(struct req *r)
{
    struct user_row u;
    int rc = waiting_load(r, &u);

    if (rc == DARS_ECONFLICT)
        return decided_already(r);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:{s:I, s:s, s:s, s:s, s:s}}", "title",
        arena_printf(&r->arena, _(r->lang, "Decline the registration of %s?"), u.full_name),
        "crumbs", crumbs(r), "person", "id", (json_int_t)u.id, "full_name", u.full_name, "email",
        u.email, "centre", u.centre, "centre_name", u.centre_name);
    return view_page(r, "registration_decline", ctx);
}

/* POST /admin/registrations/:id/decline */
int registration_decline_submit(struct req *r)
{
    return decide(r, false);
}
