/*
 * Invitations: a pending person gets an e-mailed link (link.c) that sets
 * their password, makes the account active and signs them in. Sent from the
 * people list (one person, the ticked ones, or every pending person the
 * filters show, after a confirmation), the person's page, the CSV import,
 * the API (user_api.c) and `dars user invite`.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

bool accounts_is_invitable(const struct user_row *u)
{
    return accounts_status_is_invitable(u->status, u->pending_reason);
}

const char *accounts_invitation_label(struct req *r, const struct user_row *u)
{
    const char *state = accounts_invitation_state(u);
    /* people who registered themselves wait for something else than an invitation */
    if (streq(u->status, "pending") && streq(u->pending_reason, "address"))
        return _(r->lang, "Registered: the e-mail address is not checked yet");
    if (streq(u->status, "pending") && streq(u->pending_reason, "approval"))
        return _(r->lang, "Registered: waiting for approval");
    if (streq(state, "sent"))
        return arena_printf(&r->arena, _(r->lang, "Sent on %s"),
                            view_date(r, u->invitation_sent_at));
    if (streq(state, "expired"))
        return _(r->lang, "Expired");
    if (streq(state, "accepted"))
        return _(r->lang, "Accepted");
    return _(r->lang, "Not sent");
}

/* The audit of an accepted invitation, and the person signed in, in its transaction. */
static int accept_then(struct req *r, const struct link_row *l)
{
    struct actor who = { l->user_id, l->email, r->ip };
    json_t *changes = json_pack("{s:{s:s, s:s}, s:{s:s}}", "status", "before", "pending",
                                "after", "active", "password", "after", "set");
    int rc = audit_record_id(r->db, &who, "user.invitation_accepted", "user", l->user_id,
                             changes);
    json_decref(changes);
    if (rc == 0)
        rc = accounts_session_start(r, l->user_id);
    return rc;
}

static int accept_done(struct req *r, const struct link_row *l)
{
    (void)l;
    view_flash(r, N_("Welcome to Dars. Your account is ready."));
    return http_redirect(r, "/");
}

static const struct link_password invitation = { "invitation", link_user_accept_sql,
                                                 accept_then, accept_done };

/* GET /invitations/:token */
int invitation_page(struct req *r)
{
    return accounts_link_password_page(r, "invitation");
}

/* POST /invitations/:token */
int invitation_submit(struct req *r)
{
    return accounts_link_password_submit(r, &invitation);
}

int accounts_invitees(struct db *db, struct arena *a, const char *email, int64_t **ids /* OUT */,
                      size_t *n /* OUT */)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    *ids = NULL;
    *n = 0;
    if (email) {
        const char *key = utf8_fold(a, email);
        if ((rc = db_query_row(db, &st, link_user_by_key_sql,
                               DB_ARGS(DB_TEXT(key ? key : "")))) < 0)
            return rc;
        *ids = arena_alloc(a, sizeof(**ids));
        (*ids)[(*n)++] = db_col_int(st, 0);
        db_done(st);
        return 0;
    }
    if ((rc = db_query(db, &st, link_pending_all_sql, NULL, 0)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            int64_t *more = arena_alloc(a, sizeof(**ids) * (cap ? cap * 2 : 64));
            if (*n)
                memcpy(more, *ids, sizeof(**ids) * *n);
            *ids = more;
            cap = cap ? cap * 2 : 64;
        }
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Invite each of ids (people the request's user may manage) in one transaction. */
static int invite_all(struct req *r, const int64_t *ids, size_t n, size_t *sent /* OUT */)
{
    struct actor who = accounts_actor(r);
    const char *site = http_site_url(r);
    int rc;

    *sent = 0;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        rc = accounts_invite(r->db, &r->arena, &who, site, ids[i]);
        if (rc == DARS_ECONFLICT || rc == DARS_ENOTFOUND) {
            rc = 0; /* not pending (any more): nothing to send */
            continue;
        }
        if (rc < 0)
            break;
        (*sent)++;
    }
    return db_tx_end(r->db, rc);
}

/* POST /admin/users/:id/invitation */
int user_invite_submit(struct req *r)
{
    struct user_row u;
    size_t sent = 0;
    int rc;

    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    if ((rc = accounts_user_load(r->db, &r->arena, strtoll(r->params[0], NULL, 10), &u)) < 0)
        return rc;
    if (!accounts_can_manage_user(r, &u))
        return DARS_EDENIED;
    if (!streq(u.status, "pending"))
        return view_error(r, 409, _(r->lang, "Invitations go only to pending people"),
                          _(r->lang, "This person can already sign in, or is suspended."));
    if (!accounts_is_invitable(&u))
        return view_error(r, 409, _(r->lang, "Invitations go only to pending people"),
                          _(r->lang, "This person registered and waits for their address "
                                     "check or an approval."));
    if ((rc = invite_all(r, &u.id, 1, &sent)) < 0)
        return rc;
    view_flash(r, N_("The invitation has been sent"));
    return http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld", (long long)u.id));
}

/* The list's filters as typed, and as the USER_FILTER_ARGS bound parameters of USER_FILTERS. */
struct shown {
    const char *q, *status, *centre, *role;
    struct user_facts_filter facts;
    struct db_arg args[USER_FILTER_ARGS];
};

static void shown_filters(struct req *r, const char *(*get)(struct req *, const char *),
                          struct shown *s)
{
    s->q = get(r, "q") ? get(r, "q") : "";
    s->status = get(r, "status") && accounts_status_is_known(get(r, "status"))
                    ? get(r, "status") : "";
    s->role = get(r, "role") && accounts_role_is_known(get(r, "role")) ? get(r, "role") : "";
    s->centre = get(r, "centre") ? get(r, "centre") : "";
    const char *qf = utf8_fold_search(&r->arena, s->q);
    if (!qf)
        qf = "";
    struct db_arg a[10] = {
        DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_TEXT(qf),
        DB_TEXT(form_like(&r->arena, qf)), DB_TEXT(s->status), DB_TEXT(s->status),
        DB_TEXT(s->centre), DB_TEXT(s->centre), DB_TEXT(s->role), DB_TEXT(s->role),
    };
    memcpy(s->args, a, sizeof(a));
    accounts_facts_filter(r, get, &s->facts);
    accounts_facts_filter_args(&s->facts, s->args + 10);
}

/* The ids of the pending people the filters show, in the user's scope. */
static int shown_ids(struct req *r, struct shown *s, int64_t **ids, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 64;
    int rc;

    *n = 0;
    *ids = ARENA_NEW_N(&r->arena, int64_t, cap);
    if ((rc = db_query(r->db, &st, users_pending_shown_sql, s->args, USER_FILTER_ARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == cap) {
            int64_t *more = ARENA_NEW_N(&r->arena, int64_t, cap * 2);
            memcpy(more, *ids, cap * sizeof(**ids));
            *ids = more;
            cap *= 2;
        }
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /admin/users/invitations: confirm before inviting everyone pending the filters show */
int users_invite_page(struct req *r)
{
    struct shown s;
    int64_t *ids;
    size_t n;
    int rc;

    shown_filters(r, http_query, &s);
    if ((rc = shown_ids(r, &s, &ids, &n)) < 0)
        return rc;
    /* the filters go back as hidden fields: text that is not UTF-8 cannot */
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "title",
        _(r->lang, "Send invitations"), "crumbs",
        val_pack(&r->arena, "{s:[{s:s, s:s}]}", "items", "url", "/admin/users", "label",
                 _(r->lang, "People")),
        "q", utf8_is_valid(s.q, strlen(s.q)) ? s.q : "", "status", s.status, "centre",
        utf8_is_valid(s.centre, strlen(s.centre)) ? s.centre : "", "role", s.role, "gender",
        s.facts.gender, "age_band", s.facts.age_band, "disability", s.facts.disability, "count",
        view_int(r, (int64_t)n), "none", n == 0, "one", n == 1);
    return view_page(r, "user_invite", ctx);
}

/* POST /admin/users/invitations: the ticked people (user=ID...), or all=1 with the filters */
int users_invite_submit(struct req *r)
{
    int64_t *ids = NULL;
    size_t n = 0, cap = 0, sent = 0;
    int rc;

    if (http_form(r, "all") && streq(http_form(r, "all"), "1")) {
        struct shown s;
        shown_filters(r, http_form, &s);
        if ((rc = shown_ids(r, &s, &ids, &n)) < 0)
            return rc;
    } else {
        for (const struct form_field *f = r->form; f; f = f->next)
            if (streq(f->name, "user") && api_is_id(f->value))
                cap++;
        ids = ARENA_NEW_N(&r->arena, int64_t, cap ? cap : 1);
        for (const struct form_field *f = r->form; f; f = f->next) {
            struct user_row u;
            if (!streq(f->name, "user") || !api_is_id(f->value))
                continue;
            rc = accounts_user_load(r->db, &r->arena, strtoll(f->value, NULL, 10), &u);
            if (rc == DARS_ENOTFOUND)
                continue;
            if (rc < 0)
                return rc;
            if (!accounts_can_manage_user(r, &u))
                return DARS_EDENIED;
            if (accounts_is_invitable(&u))
                ids[n++] = u.id;
        }
    }
    if (n == 0) {
        view_flash(r, N_("Nobody was invited: choose people who are pending"));
        return http_redirect(r, "/admin/users");
    }
    if ((rc = invite_all(r, ids, n, &sent)) < 0)
        return rc;
    view_flash(r, N_("The invitations have been sent"));
    return http_redirect(r, "/admin/users");
}
