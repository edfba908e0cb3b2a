/*
 * The managers' pages: the list of events (filters, pages), the new-event
 * and edit forms (times entered in the centre's zone, or a chosen one for
 * online events), and the participants: search, check-in at the door, CSV
 * and XLSX exports. Managers see and change the events at their centres.
 */
#include "core/base.h"
#include "events/events_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/export.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

/* A filter's value if it is one of set, else "" (any). */
static const char *pick(const char *s, const char *const *set, size_t n)
{
    const char *v = ev_one_of(s, set, n);
    return v ? v : "";
}

/* set as [{id, value, label, selected}] for radio buttons; set and labels outlive the request */
static struct val *options(struct req *r, const char *const *set, size_t n,
                           const char *selected, const char *(*label)(const char *, const char *))
{
    struct val *a = val_list(&r->arena);
    for (size_t i = 0; i < n; i++)
        val_push(a, val_pack(&r->arena, "{s:o, s:o, s:o, s:b}", "id",
                             val_str_ref(&r->arena, arena_printf(&r->arena, "opt-%s", set[i])),
                             "value", val_str_ref(&r->arena, set[i]), "label",
                             val_str_ref(&r->arena, label(r->lang, set[i])), "selected",
                             selected && streq(selected, set[i])));
    return a;
}

/* GET /admin/events */
int events_admin_list_page(struct req *r)
{
    const char *status = pick(http_query(r, "status"), ev_statuses, ARRAY_SIZE(ev_statuses));
    const char *kind = pick(http_query(r, "kind"), ev_kinds, ARRAY_SIZE(ev_kinds));
    const char *when = http_query(r, "when");
    bool upcoming = when && streq(when, "upcoming");
    char now[TIME_ISO_LEN];
    int64_t page = form_page_arg(r), total = 0;
    int64_t admin = r->user->is_admin ? 1 : 0;
    struct db_stmt *st;
    int rc;

    time_now_iso(now);
    const char *from = upcoming ? now : "";
    if ((rc = db_query_int(r->db, ev_admin_count_sql,
                           DB_ARGS(DB_TEXT(status), DB_TEXT(status), DB_TEXT(kind), DB_TEXT(kind),
                                   DB_TEXT(from), DB_INT(admin), DB_INT(r->user->id)),
                           &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, ev_admin_page_sql,
                       DB_ARGS(DB_TEXT(status), DB_TEXT(status), DB_TEXT(kind), DB_TEXT(kind),
                               DB_TEXT(from), DB_INT(admin), DB_INT(r->user->id),
                               DB_INT(EVENTS_PAGE_SIZE),
                               DB_INT((page - 1) * EVENTS_PAGE_SIZE)))) < 0)
        return rc;
    /* every string of a row is the arena's (ev_row copies) or a translation: no copies */
    struct arena *a = &r->arena;
    struct val *items = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        struct ev_event ev;
        ev_row(a, st, &ev);
        val_push(
            items,
            val_pack(a, "{s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "title", val_str_ref(a, ev.title),
                     "url", val_str_ref(a, arena_printf(a, "/admin/events/%lld", (long long)ev.id)),
                     "kind", val_str_ref(a, ev_kind_label(r->lang, ev.kind)), "when",
                     val_str_ref(a, ev_when(r, &ev)), "where",
                     val_str_ref(a, *ev.centre_code ? ev.centre_code : _(r->lang, "Online")),
                     "status", val_str_ref(a, ev_status_label(r->lang, ev.status)), "places",
                     val_str_ref(a, ev.capacity > 0
                                        ? arena_printf(a, "%lld / %lld", (long long)ev.registered,
                                                       (long long)ev.capacity)
                                        : view_int(r, ev.registered))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(
        a, "{s:s, s:o, s:b, s:o, s:o, s:b}", "title", _(r->lang, "Events"), "items", items,
        "has_items", val_len(items) > 0, "statuses",
        options(r, ev_statuses, ARRAY_SIZE(ev_statuses), status, ev_status_label), "kinds",
        options(r, ev_kinds, ARRAY_SIZE(ev_kinds), kind, ev_kind_label), "upcoming", upcoming);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, EVENTS_PAGE_SIZE, total);
    return view_page(r, "events_admin_list", ctx);
}

/* The form's fields as typed, for showing them again. */
static struct ev_input form_input(struct req *r)
{
    struct ev_input f = { http_form(r, "title"), http_form(r, "summary"), http_form(r, "kind"),
                          http_form(r, "starts_at"), http_form(r, "ends_at"),
                          http_form(r, "timezone"), http_form(r, "centre"),
                          http_form(r, "online_url"), http_form(r, "capacity"),
                          http_form(r, "status") };
    return f;
}

#define S(x) ((x) ? (x) : "")

/* The participants of ev matching the search q (folded), as table rows. */
static int participants(struct req *r, const struct ev_event *ev, const char *q,
                        struct val **out /* OUT */)
{
    const char *fq = q && *q ? utf8_fold_search(&r->arena, q) : NULL;
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, ev_reg_list_sql, DB_ARGS(DB_INT(ev->id)))) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *name = db_col_text(st, 2), *email = db_col_text(st, 3),
                   *org = db_col_text(st, 4), *status = db_col_text(st, 5),
                   *in = db_col_text(st, 6);
        if (fq) {
            /* few hundred rows at most: the search is the door's, done here */
            const char *hay = utf8_fold_search(
                &r->arena, arena_printf(&r->arena, "%s %s %s", name, email, org));
            if (!hay || !strstr(hay, fq))
                continue;
        }
        const char *action =
            arena_printf(&r->arena, "/admin/events/%lld/participants/%lld/check-in",
                         (long long)ev->id, (long long)db_col_int(st, 0));
        /* the row's text is copied; the status label is a translation */
        val_push(items,
                 val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:o, s:b, s:o, s:o}", "id",
                          (json_int_t)db_col_int(st, 0), "name", name, "email", email,
                          "organisation", org, "status",
                          val_str_ref(&r->arena, ev_status_label(r->lang, status)),
                          "can_check_in", streq(status, "registered") && !*in, "checked_in_at",
                          val_str_ref(&r->arena, *in ? view_datetime(r, in) : ""), "action",
                          val_str_ref(&r->arena, action)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = items;
    return 0;
}

static int event_form(struct req *r, int status, const struct ev_event *old,
                      const struct ev_input *f, json_t *errors)
{
    struct val *centres = org_centre_options(&r->arena, r->db, S(f->centre));
    struct val *people = NULL;
    const char *q = http_query(r, "q");
    int rc;

    if (!centres)
        return DARS_EDB;
    if (old && (rc = participants(r, old, q, &people)) < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena,
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s}, s:b}", "title",
        old ? old->title : _(r->lang, "Add an event"), "action",
        old ? arena_printf(&r->arena, "/admin/events/%lld", (long long)old->id) : "/admin/events",
        "submit", old ? _(r->lang, "Save changes") : _(r->lang, "Add event"), "centres", centres,
        "kinds", options(r, ev_kinds, ARRAY_SIZE(ev_kinds), f->kind, ev_kind_label), "statuses",
        options(r, ev_statuses, ARRAY_SIZE(ev_statuses), f->status && *f->status ? f->status
                                                                                 : "draft",
                ev_status_label),
        "f", "title", S(f->title), "summary", S(f->summary), "starts_at", S(f->starts_at),
        "ends_at", S(f->ends_at), "timezone", S(f->timezone), "online_url", S(f->online_url),
        "capacity", S(f->capacity), "editing", old != NULL);
    if (old) {
        const char *base = arena_printf(&r->arena, "/admin/events/%lld", (long long)old->id);
        val_set(ctx, "people", people);
        val_set_bool(ctx, "has_people", val_len(people) > 0);
        val_set_str(ctx, "q", S(q));
        val_set_str(ctx, "base", base);
        val_set_str(ctx, "public_url",
                    arena_printf(&r->arena, "/events/%lld", (long long)old->id));
        val_set_str(ctx, "csv_url", arena_printf(&r->arena, "%s/participants.csv", base));
        val_set_str(ctx, "xlsx_url", arena_printf(&r->arena, "%s/participants.xlsx", base));
        val_set_str(ctx, "counts",
                    arena_printf(&r->arena, "%s: %lld · %s: %lld", _(r->lang, "Registered"),
                                 (long long)old->registered, _(r->lang, "On the waiting list"),
                                 (long long)old->waitlisted));
    }
    form_crumbs(r, ctx, _(r->lang, "Events"), "/admin/events", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "events_form", ctx);
}

static int event_write(struct req *r, const struct ev_event *old, const struct ev_input *f)
{
    json_t *errors = json_object();
    int64_t id = 0;
    int rc;

    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, ev_write(r, old, f, errors, &id));
    if (rc == DARS_EINVALID) {
        rc = event_form(r, 422, old, f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, old ? N_("Event saved") : N_("Event added"));
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/events/%lld", (long long)id));
out:
    json_decref(errors);
    return rc;
}

/* GET /admin/events/new */
int events_new_page(struct req *r)
{
    struct ev_input f = { 0 };
    return event_form(r, 200, NULL, &f, NULL);
}

/* POST /admin/events */
int events_create_submit(struct req *r)
{
    struct ev_input f = form_input(r);
    return event_write(r, NULL, &f);
}

/* GET /admin/events/:id */
int events_edit_page(struct req *r)
{
    struct ev_event ev;
    int rc = ev_get_managed(r, &ev);
    if (rc < 0)
        return rc;
    struct ev_input f = { ev.title, ev.summary, ev.kind,
                          ev_to_local(&r->arena, ev.starts_at, ev.timezone),
                          ev_to_local(&r->arena, ev.ends_at, ev.timezone),
                          ev.centre_id ? "" : ev.timezone, ev.centre_code, ev.online_url,
                          ev.capacity ? arena_printf(&r->arena, "%lld", (long long)ev.capacity)
                                      : "",
                          ev.status };
    return event_form(r, 200, &ev, &f, NULL);
}

/* POST /admin/events/:id */
int events_edit_submit(struct req *r)
{
    struct ev_event ev;
    int rc = ev_get_managed(r, &ev);
    if (rc < 0)
        return rc;
    struct ev_input f = form_input(r);
    return event_write(r, &ev, &f);
}

/* POST /admin/events/:id/participants/:rid/check-in */
int events_checkin_submit(struct req *r)
{
    struct ev_event ev;
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    const char *q = http_form(r, "q");
    int rc = ev_get_managed(r, &ev);

    if (rc < 0)
        return rc;
    const char *rid = r->params[1];
    if (!api_is_id(rid))
        return DARS_ENOTFOUND;
    time_now_iso(now);
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = db_exec_changes(r->db, ev_reg_checkin_sql,
                         DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(strtoll(rid, NULL, 10)),
                                 DB_INT(ev.id)),
                         &changed);
    if (rc == 0 && changed) {
        struct actor who = accounts_actor(r);
        json_t *changes = json_object();
        audit_diff(changes, "checked_in_at", "", now);
        rc = audit_record(r->db, &who, "event.check_in", "event_registration", rid, changes);
        json_decref(changes);
    } else if (rc == 0) {
        rc = DARS_ENOTFOUND; /* not a registered participant, or in already */
    }
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    view_flash(r, N_("Checked in"));
    return http_redirect(r, q && *q ? arena_printf(&r->arena, "/admin/events/%lld?q=%s#people",
                                                   (long long)ev.id,
                                                   url_encode(&r->arena, q))
                                    : arena_printf(&r->arena, "/admin/events/%lld#people",
                                                   (long long)ev.id));
}

/* ---- exports ---- */

static const char *const export_header[] = { "name",   "email",         "organisation",
                                             "status", "registered_at", "checked_in_at" };

/* The managed event and every registration of it, in order, as a table. */
static int export_load(struct req *r, struct ev_event *ev, struct export_table *t)
{
    static const int cols[] = { 2, 3, 4, 5, 7, 6 }; /* the header's order */
    struct db_stmt *st;
    int rc = ev_get_managed(r, ev);

    if (rc < 0 || (rc = db_query(r->db, &st, ev_reg_list_sql, DB_ARGS(DB_INT(ev->id)))) < 0)
        return rc;
    export_init(t, &r->arena, export_header, ARRAY_SIZE(export_header));
    while ((rc = db_step(st)) == DB_ROW) {
        const char **row = export_row(t);
        for (size_t i = 0; i < ARRAY_SIZE(cols); i++)
            export_set(t, row, i, db_col_text(st, cols[i]));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /admin/events/:id/participants.csv */
int events_participants_csv(struct req *r)
{
    struct ev_event ev;
    struct export_table t;
    int rc = export_load(r, &ev, &t);

    return rc < 0 ? rc
                  : export_send_csv(r, &t, arena_printf(&r->arena, "event-%lld-participants",
                                                        (long long)ev.id));
}

/* GET /admin/events/:id/participants.xlsx */
int events_participants_xlsx(struct req *r)
{
    struct ev_event ev;
    struct export_table t;
    int rc = export_load(r, &ev, &t);

    return rc < 0 ? rc
                  : export_send_xlsx(r, &t, arena_printf(&r->arena, "event-%lld-participants",
                                                         (long long)ev.id));
}
