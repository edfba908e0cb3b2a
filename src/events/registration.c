/*
 * The public side of events: the list of upcoming events, an event's page
 * with its registration form, registration (registered, or waitlisted when
 * full, promoted in order when a place frees), the registrant's own page
 * behind a secret link (cancel), confirmation e-mails and the .ics file.
 */
#include "core/base.h"
#include "events/events_int.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/limits.h"
#include "mail/mail.h"
#include "view/fmt.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <ctype.h>
#include <libical/ical.h>
#include <sodium.h>

#define NAME_MAX_CHARS 200
#define EMAIL_MAX_CHARS 254

/* A registration's secret link: 24 random bytes; stored only as its digest. */
#define REG_TOKEN_BYTES 24

static const char *token_hash(struct arena *a, const char *token)
{
    char *hex = arena_alloc(a, ACCOUNTS_DIGEST_HEX);
    accounts_digest(token, hex);
    return hex;
}

static void reg_row(struct arena *a, struct db_stmt *st, struct ev_reg *g)
{
    g->id = db_col_int(st, 0);
    g->event_id = db_col_int(st, 1);
    g->name = arena_strdup(a, db_col_text(st, 2));
    g->email = arena_strdup(a, db_col_text(st, 3));
    g->organisation = arena_strdup(a, db_col_text(st, 4));
    g->status = arena_strdup(a, db_col_text(st, 5));
    g->checked_in_at = arena_strdup(a, db_col_text(st, 6));
    g->created_at = arena_strdup(a, db_col_text(st, 7));
    g->lang = arena_strdup(a, db_col_text(st, 8));
    g->updated_at = arena_strdup(a, db_col_text(st, 9));
}

/* The first row of a registration query, or DARS_ENOTFOUND. */
static int reg_get(struct db *db, struct arena *a, const char *sql, int64_t event_id,
                   struct db_arg arg, struct ev_reg *out)
{
    struct db_stmt *st;
    /* a DB_T_NULL arg means the query takes the event id alone */
    int rc = arg.type == DB_T_NULL ? db_query_row(db, &st, sql, DB_ARGS(DB_INT(event_id)))
                                   : db_query_row(db, &st, sql, DB_ARGS(DB_INT(event_id), arg));
    if (rc < 0)
        return rc;
    reg_row(a, st, out);
    db_done(st);
    return 0;
}

static const char *where_text(struct req *r, const struct ev_event *ev)
{
    if (*ev->centre_name && *ev->online_url)
        return arena_printf(&r->arena, "%s; %s %s", ev->centre_name, _(r->lang, "online:"),
                            ev->online_url);
    if (*ev->centre_name)
        return ev->centre_name;
    return arena_printf(&r->arena, "%s %s", _(r->lang, "online:"), ev->online_url);
}

/*
 * Queue the message that tells a registrant where they stand, in lang (theirs).
 * The message opens with its own words: the name someone typed comes later,
 * labelled, so a stranger cannot make it read as the ministry's invitation.
 */
static int mail_status(struct req *r, const struct ev_event *ev, const char *lang,
                       const char *name, const char *email, const char *status,
                       const char *token, bool promoted)
{
    struct buf b = BUF_INIT;
    const char *subject;

    if (promoted) {
        subject = arena_printf(&r->arena, _(lang, "A place is free: %s"), ev->title);
        buf_addf(&b, _(lang, "A place became free: you are now registered for \"%s\"."),
                 ev->title);
    } else if (streq(status, "registered")) {
        subject = arena_printf(&r->arena, _(lang, "You are registered: %s"), ev->title);
        buf_addf(&b, _(lang, "You are registered for \"%s\"."), ev->title);
    } else {
        subject = arena_printf(&r->arena, _(lang, "Waiting list: %s"), ev->title);
        buf_addf(&b, _(lang, "The event \"%s\" is full, so you are on the waiting list. We will "
                             "write to you if a place becomes free."),
                 ev->title);
    }
    buf_adds(&b, "\n\n");
    buf_addf(&b, "%s %s\n", _(lang, "When:"), ev_when(r, ev));
    buf_addf(&b, "%s %s\n", _(lang, "Where:"), where_text(r, ev));
    buf_addf(&b, "%s %s\n\n", _(lang, "Registered as:"), name);
    if (token) {
        buf_adds(&b, _(lang, "To cancel your registration, open this link and confirm:"));
        buf_addf(&b, "\n%s/events/%lld/registrations/%s\n", http_site_url(r),
                 (long long)ev->id, token);
    }
    int rc = mail_enqueue(r->db, email, subject, b.ptr);
    buf_release(&b);
    return rc;
}

static bool email_ok(const char *e)
{
    const char *at = strchr(e, '@');
    if (!at || at == e || !at[1] || strchr(at + 1, '@') || !strchr(at + 1, '.'))
        return false;
    for (const char *p = e; *p; p++)
        if ((unsigned char)*p <= ' ' || strchr("<>\"(),;:\\[]", *p))
            return false;
    return utf8_len(e) <= EMAIL_MAX_CHARS;
}

static bool registration_open(const struct ev_event *ev)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return streq(ev->status, "published") && strcmp(ev->starts_at, now) > 0;
}

static bool cancelled_lately(const struct ev_reg *old)
{
    char since[TIME_ISO_LEN];
    time_iso_offset(since, -EV_MAIL_COOLING_OFF);
    return streq(old->status, "cancelled") && strcmp(old->updated_at, since) > 0;
}

static int register_tx(struct req *r, const struct ev_event *ev0, const struct ev_reg_input *v,
                       const char *key, json_t *errors, struct ev_reg_result *out)
{
    struct ev_event ev;
    struct ev_reg old;
    char now[TIME_ISO_LEN];
    int64_t registered = 0, id = 0;
    int rc;

    if ((rc = db_exec(r->db, ev_lock_sql, DB_ARGS(DB_INT(ev0->id)))) < 0)
        return rc;
    /* read again under the lock: the counts decide */
    if ((rc = ev_get_id(r->db, &r->arena, ev0->id, &ev)) < 0)
        return rc;
    if (!registration_open(&ev))
        return DARS_ECONFLICT;
    rc = reg_get(r->db, &r->arena, ev_reg_by_key_sql, ev.id, DB_TEXT(key), &old);
    if (rc < 0 && rc != DARS_ENOTFOUND)
        return rc;
    if (rc == 0 && !streq(old.status, "cancelled")) {
        form_error(errors, "email", N_("This e-mail address is already registered for this event"));
        return DARS_EINVALID;
    }
    bool renew = rc == 0;
    /* cancel and register again, and again: the address hears once, not every time */
    out->mailed = !(renew && cancelled_lately(&old));
    if ((rc = db_query_int(r->db, ev_reg_count_sql, DB_ARGS(DB_INT(ev.id)), &registered)) < 0)
        return rc;
    out->status = ev.capacity <= 0 || registered < ev.capacity ? "registered" : "waitlisted";
    out->token = accounts_random_token(&r->arena, REG_TOKEN_BYTES);
    const char *hash = token_hash(&r->arena, out->token);
    bool waiting = streq(out->status, "waitlisted");
    time_now_iso(now);
    if (renew) {
        id = old.id;
        rc = db_exec(r->db, ev_reg_renew_sql,
                     DB_ARGS(DB_TEXT(v->name), DB_TEXT(v->email), DB_TEXT(v->organisation),
                             DB_TEXT(out->status), DB_TEXT(hash),
                             waiting ? DB_TEXT(now) : DB_NULL, DB_TEXT(now), DB_TEXT(r->lang),
                             DB_INT(id)));
    } else {
        rc = db_query_int(r->db, ev_reg_insert_sql,
                          DB_ARGS(DB_INT(ev.id), DB_TEXT(v->name), DB_TEXT(v->email),
                                  DB_TEXT(key), DB_TEXT(v->organisation),
                                  DB_ID(r->user ? r->user->id : 0), DB_TEXT(out->status),
                                  DB_TEXT(hash), waiting ? DB_TEXT(now) : DB_NULL, DB_TEXT(now),
                                  DB_TEXT(now), DB_TEXT(r->lang)),
                          &id);
    }
    if (rc < 0)
        return rc;
    struct actor who = accounts_actor(r);
    json_t *changes = json_object();
    audit_after(changes, "event", arena_printf(&r->arena, "%lld", (long long)ev.id));
    audit_after(changes, "name", v->name);
    audit_after(changes, "email", v->email);
    audit_after(changes, "organisation", v->organisation);
    audit_after(changes, "status", out->status);
    rc = audit_record_id(r->db, &who, "event.register", "event_registration",
                      id, changes);
    json_decref(changes);
    /* the address counts every registration, the e-mail only those that send it mail */
    if (rc < 0 || (rc = rate_hit_public(r, out->mailed ? key : NULL)) < 0 || !out->mailed)
        return rc;
    return mail_status(r, &ev, r->lang, v->name, v->email, out->status, out->token, false);
}

int ev_register(struct req *r, const struct ev_event *ev, const struct ev_reg_input *in,
                json_t *errors, struct ev_reg_result *out)
{
    struct ev_reg_input v;
    const char *key = NULL;
    int rc;

    v.name = form_text_norm(&r->arena, in->name ? in->name : "");
    v.email = form_text_norm(&r->arena, in->email ? in->email : "");
    v.organisation = form_text_norm(&r->arena, in->organisation ? in->organisation : "");
    if (!v.name || !*v.name)
        form_error(errors, "name", N_("Enter your full name"));
    else if (utf8_len(v.name) > NAME_MAX_CHARS)
        form_error(errors, "name", N_("Use at most 200 characters"));
    if (!v.email || !*v.email)
        form_error(errors, "email", N_("Enter your e-mail address"));
    else if (!email_ok(v.email) || !(key = utf8_fold(&r->arena, v.email)))
        form_error(errors, "email", N_("Enter an e-mail address like name@example.org"));
    if (!v.organisation)
        form_error(errors, "organisation", N_("Enter text without invalid characters"));
    else if (utf8_len(v.organisation) > NAME_MAX_CHARS)
        form_error(errors, "organisation", N_("Use at most 200 characters"));
    if (json_object_size(errors))
        return DARS_EINVALID;
    if ((rc = rate_check_public(r, key, &out->retry_after)) < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    return db_tx_end(r->db, register_tx(r, ev, &v, key, errors, out));
}

/* ---- pages ---- */

/* An event of the public list; its strings are the arena's (ev_row) or translations: no copies. */
static struct val *event_item(struct req *r, const struct ev_event *ev)
{
    struct arena *a = &r->arena;
    int64_t left = ev_places_left(ev);
    struct val *o = val_pack(
        a, "{s:o, s:o, s:o, s:o, s:o, s:b}", "title", val_str_ref(a, ev->title), "kind",
        val_str_ref(a, ev_kind_label(r->lang, ev->kind)), "when", val_str_ref(a, ev_when(r, ev)),
        "where", val_str_ref(a, *ev->centre_name ? ev->centre_name : _(r->lang, "Online")),
        "url", val_str_ref(a, arena_printf(a, "/events/%lld", (long long)ev->id)), "full",
        left == 0);
    if (left >= 0)
        val_set(o, "places_left", val_str_ref(a, view_int(r, left)));
    return o;
}

/* GET /events */
int events_public_list_page(struct req *r)
{
    char now[TIME_ISO_LEN];
    int64_t page = form_page_arg(r), total = 0;
    struct db_stmt *st;
    int rc;

    time_now_iso(now);
    if ((rc = db_query_int(r->db, ev_public_count_sql, DB_ARGS(DB_TEXT(now)), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, ev_public_page_sql,
                       DB_ARGS(DB_TEXT(now), DB_INT(EVENTS_PAGE_SIZE),
                               DB_INT((page - 1) * EVENTS_PAGE_SIZE)))) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        struct ev_event ev;
        ev_row(&r->arena, st, &ev);
        val_push(items, event_item(r, &ev));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:o, s:b}", "title", _(r->lang, "Events"),
                               "items", items, "has_items", val_len(items) > 0);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, EVENTS_PAGE_SIZE, total);
    return view_page(r, "events_public_list", ctx);
}

static int send_ics(struct req *r, const struct ev_event *ev)
{
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    struct icaltimetype t[2];

    if (!fmt_ical_time(ev->starts_at, &t[0]) || !fmt_ical_time(ev->ends_at, &t[1]))
        return DARS_ERR;
    icalcomponent *cal = icalcomponent_new_vcalendar();
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Dars//Events//EN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalcomponent *ve = icalcomponent_new_vevent();
    icalcomponent_add_property(ve, icalproperty_new_uid(
        arena_printf(&r->arena, "event-%lld@dars", (long long)ev->id)));
    icalcomponent_add_property(ve, icalproperty_new_dtstamp(
        icaltime_from_timet_with_zone(time(NULL), 0, utc)));
    icalcomponent_add_property(ve, icalproperty_new_dtstart(t[0]));
    icalcomponent_add_property(ve, icalproperty_new_dtend(t[1]));
    icalcomponent_add_property(ve, icalproperty_new_summary(ev->title));
    if (*ev->summary)
        icalcomponent_add_property(ve, icalproperty_new_description(ev->summary));
    icalcomponent_add_property(ve, icalproperty_new_location(
        *ev->centre_name ? ev->centre_name : ev->online_url));
    if (*ev->online_url)
        icalcomponent_add_property(ve, icalproperty_new_url(ev->online_url));
    icalcomponent_add_property(ve, icalproperty_new_status(
        streq(ev->status, "cancelled") ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(cal, ve);
    char *text = icalcomponent_as_ical_string_r(cal);
    icalcomponent_free(cal);
    if (!text)
        return DARS_ERR;
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"event-%lld.ics\"",
                                 (long long)ev->id));
    int rc = http_send(r, 200, "text/calendar; charset=utf-8", text, strlen(text));
    free(text);
    return rc;
}

/* The event of a public URL: published or cancelled (drafts are not public). */
static int public_event(struct req *r, const char *id, struct ev_event *ev)
{
    int rc = ev_get(r->db, &r->arena, id, ev);
    if (rc < 0)
        return rc;
    if (streq(ev->status, "draft") && !ev_can_manage(r, ev))
        return DARS_ENOTFOUND;
    return 0;
}

static int public_form(struct req *r, int status, const struct ev_event *ev,
                       const struct ev_reg_input *f, json_t *errors)
{
    int64_t left = ev_places_left(ev);
    struct val *ctx = val_pack(
        &r->arena,
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:s, s:{s:s, s:s, s:s}}", "title",
        ev->title, "summary", ev->summary, "kind", ev_kind_label(r->lang, ev->kind), "when",
        ev_when(r, ev), "centre_name", ev->centre_name, "online_url", ev->online_url, "action",
        arena_printf(&r->arena, "/events/%lld/register", (long long)ev->id), "open",
        registration_open(ev), "full", left == 0, "cancelled", streq(ev->status, "cancelled"),
        "ics_url", arena_printf(&r->arena, "/events/%lld.ics", (long long)ev->id), "f", "name",
        f->name ? f->name : "", "email", f->email ? f->email : "", "organisation",
        f->organisation ? f->organisation : "");
    if (left >= 0)
        val_set(ctx, "places_left", val_str_ref(&r->arena, view_int(r, left)));
    form_crumbs(r, ctx, _(r->lang, "Events"), "/events", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "events_public", ctx);
}

/* GET /events/:id (and /events/:id.ics) */
int events_public_page(struct req *r)
{
    struct ev_event ev;
    const char *id = r->params[0];
    size_t n = strlen(id);
    bool ics = n > 4 && streq(id + n - 4, ".ics");
    int rc;

    if (ics)
        id = arena_strndup(&r->arena, id, n - 4);
    if ((rc = public_event(r, id, &ev)) < 0)
        return rc;
    if (ics)
        return send_ics(r, &ev);
    struct ev_reg_input f = { 0 };
    return public_form(r, 200, &ev, &f, NULL);
}

/* POST /events/:id/register */
int events_register_submit(struct req *r)
{
    struct ev_event ev;
    struct ev_reg_input f = { http_form(r, "name"), http_form(r, "email"),
                              http_form(r, "organisation") };
    struct ev_reg_result res = { 0 };
    json_t *errors = json_object();
    int rc;

    if ((rc = public_event(r, r->params[0], &ev)) < 0)
        goto out;
    rc = ev_register(r, &ev, &f, errors, &res);
    if (rc == DARS_ETHROTTLED) {
        rc = http_too_many(r, res.retry_after,
                           N_("Too many registrations from this network or to this e-mail "
                              "address."));
        goto out;
    }
    if (rc == DARS_EINVALID) {
        rc = public_form(r, 422, &ev, &f, errors);
        goto out;
    }
    if (rc == DARS_ECONFLICT) {
        rc = view_error(r, 409, _(r->lang, "Registration is closed"),
                        _(r->lang, "This event is not taking registrations."));
        goto out;
    }
    if (rc < 0)
        goto out;
    if (streq(res.status, "registered"))
        view_flash(r, res.mailed ? N_("You are registered. We have sent you an e-mail.")
                                 : N_("You are registered."));
    else
        view_flash(r, N_("The event is full: you are on the waiting list."));
    rc = http_redirect(r, arena_printf(&r->arena, "/events/%lld/registrations/%s",
                                       (long long)ev.id, res.token));
out:
    json_decref(errors);
    return rc;
}

/* The registration of the URL's token, with its event. */
static int token_registration(struct req *r, struct ev_event *ev, struct ev_reg *g)
{
    int rc = ev_get(r->db, &r->arena, r->params[0], ev);
    if (rc < 0)
        return rc;
    if (strlen(r->params[1]) > 64)
        return DARS_ENOTFOUND;
    return reg_get(r->db, &r->arena, ev_reg_by_token_sql, ev->id,
                   DB_TEXT(token_hash(&r->arena, r->params[1])), g);
}

/* GET /events/:id/registrations/:token */
int events_registration_page(struct req *r)
{
    struct ev_event ev;
    struct ev_reg g;
    int rc = token_registration(r, &ev, &g);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s}", "title",
        _(r->lang, "Your registration"), "event", ev.title, "event_url",
        arena_printf(&r->arena, "/events/%lld", (long long)ev.id), "when", ev_when(r, &ev), "name",
        g.name, "email", g.email, "status", ev_status_label(r->lang, g.status), "cancelled",
        streq(g.status, "cancelled"), "waitlisted", streq(g.status, "waitlisted"), "action",
        arena_printf(&r->arena, "/events/%lld/registrations/%s", (long long)ev.id, r->params[1]));
    form_crumbs(r, ctx, _(r->lang, "Events"), "/events", ev.title,
                arena_printf(&r->arena, "/events/%lld", (long long)ev.id), NULL);
    return view_page(r, "events_registration", ctx);
}

/* Give freed places to the waitlist, first come first served, and tell each person. */
static int promote(struct req *r, const struct ev_event *ev)
{
    struct actor who = accounts_actor(r);
    int64_t registered = 0;
    struct ev_reg g;
    char now[TIME_ISO_LEN];
    int rc;

    /* at most one place frees per cancellation; the loop also serves a capacity raise */
    for (;;) {
        if ((rc = db_query_int(r->db, ev_reg_count_sql, DB_ARGS(DB_INT(ev->id)), &registered)) < 0)
            return rc;
        if (ev->capacity > 0 && registered >= ev->capacity)
            return 0;
        rc = reg_get(r->db, &r->arena, ev_reg_first_waiting_sql, ev->id, DB_NULL, &g);
        if (rc == DARS_ENOTFOUND)
            return 0;
        if (rc < 0)
            return rc;
        time_now_iso(now);
        if ((rc = db_exec(r->db, ev_reg_promote_sql, DB_ARGS(DB_TEXT(now), DB_INT(g.id)))) < 0)
            return rc;
        json_t *changes = json_object();
        audit_diff(changes, "status", "waitlisted", "registered");
        rc = audit_record_id(r->db, &who, "event.promote", "event_registration",
                          g.id, changes);
        json_decref(changes);
        if (rc < 0 || (rc = mail_status(r, ev, i18n_lang_known(g.lang) ? g.lang : "en", g.name,
                                        g.email, "registered", NULL, true)) < 0)
            return rc;
    }
}

static int cancel_tx(struct req *r, struct ev_event *ev, struct ev_reg *g)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    if ((rc = db_exec(r->db, ev_lock_sql, DB_ARGS(DB_INT(ev->id)))) < 0 ||
        (rc = token_registration(r, ev, g)) < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_exec_changes(r->db, ev_reg_cancel_sql, DB_ARGS(DB_TEXT(now), DB_INT(g->id)),
                              &changed)) < 0)
        return rc;
    if (!changed)
        return 0; /* cancelled already: nothing to do */
    struct actor who = accounts_actor(r);
    json_t *changes = json_object();
    audit_diff(changes, "status", g->status, "cancelled");
    rc = audit_record_id(r->db, &who, "event.cancel_registration", "event_registration",
                      g->id, changes);
    json_decref(changes);
    if (rc < 0)
        return rc;
    return streq(g->status, "registered") ? promote(r, ev) : 0;
}

/* POST /events/:id/registrations/:token: the confirmation page's button */
int events_registration_cancel(struct req *r)
{
    struct ev_event ev;
    struct ev_reg g;
    int rc = token_registration(r, &ev, &g);
    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 || (rc = db_tx_end(r->db, cancel_tx(r, &ev, &g))) < 0)
        return rc;
    view_flash(r, N_("Your registration is cancelled"));
    return http_redirect(r, arena_printf(&r->arena, "/events/%lld/registrations/%s",
                                         (long long)ev.id, r->params[1]));
}
