/*
 * Calendar pages and feeds: /calendar (the signed-in user's schedule),
 * /admin/centres/:code/calendar (managers in scope), /cohorts/:id/calendar
 * (members and managers), each with its feed URL and a reset of that URL
 * behind a confirmation; and the feeds themselves, public at
 * /calendar/feeds/TOKEN.ics, where the token is the key.
 */
#include "core/base.h"
#include "calendar/calendar_int.h"
#include "audit/audit.h"
#include "http/api.h"
#include "cohorts/cohorts.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/fmt.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#define PAGE_DAYS (8 * 7)     /* a page shows the next eight weeks */
#define FEED_PAST_DAYS 30     /* a feed reaches back a month ... */
#define FEED_AHEAD_DAYS 365   /* ... and a year ahead */
#define DAY 86400

/* Whose calendar a request is about, and what the reader may do with it. */
struct cal_owner {
    enum calendar_owner type;
    int64_t id;
    const char *name;     /* for the heading and X-WR-CALNAME */
    const char *page_url; /* the calendar page (reset goes to page_url + "/reset") */
    bool can_reset;
};

static const char *when_text(struct req *r, const char *iso, const char *tz)
{
    struct buf b = BUF_INIT;
    fmt_datetime(&b, r->lang, iso, tz);
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

static int owner_page(struct req *r, const struct cal_owner *o)
{
    char from[TIME_ISO_LEN], to[TIME_ISO_LEN];
    struct cal_items items;
    const char *path, *key = NULL;
    struct val *list, *ctx;
    int rc;

    if (o->type == CALENDAR_USER)
        key = utf8_fold(&r->arena, r->user->email);
    if ((rc = calendar_feed_path(r->db, &r->arena, o->type, o->id, &path)) < 0)
        return rc;
    time_iso_offset(from, 0);
    time_iso_offset(to, PAGE_DAYS * DAY);
    if ((rc = cal_items_load(r->db, &r->arena, r->lang, o->type, o->id, key, from, to, &items)) < 0)
        return rc;
    list = val_list(&r->arena);
    for (size_t i = 0; i < items.n; i++) {
        const struct cal_item *it = &items.v[i];
        /* the item's strings and the times' text are the arena's already: no copies */
        struct val *v = val_object(&r->arena);
        val_set(v, "title", val_str_ref(&r->arena, it->title));
        val_set(v, "kind", val_str_ref(&r->arena, it->is_event ? _(r->lang, "Event")
                                                               : _(r->lang, "Session")));
        val_set(v, "starts", val_str_ref(&r->arena, when_text(r, it->starts_at, it->timezone)));
        val_set(v, "ends", val_str_ref(&r->arena, when_text(r, it->ends_at, it->timezone)));
        val_set(v, "location", val_str_ref(&r->arena, it->location));
        val_set(v, "description", val_str_ref(&r->arena, it->description));
        val_set(v, "url", val_str_ref(&r->arena, it->url));
        val_push(list, v);
    }
    const char *site = http_site_url(r);
    ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:b, s:b, s:s}", "title", o->name, "feed_url",
                   arena_printf(&r->arena, "%s%s", site, path), "webcal_url",
                   arena_printf(&r->arena, "webcal://%s%s", strstr(site, "://") + 3, path),
                   "items", list, "has_items", items.n > 0, "can_reset", o->can_reset, "reset_url",
                   arena_printf(&r->arena, "%s/reset", o->page_url));
    form_crumbs(r, ctx, NULL);
    return view_page(r, "calendar_page", ctx);
}

static int owner_reset_page(struct req *r, const struct cal_owner *o)
{
    if (!o->can_reset)
        return DARS_EDENIED;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "title",
                               _(r->lang, "Reset the calendar link"), "name", o->name, "action",
                               arena_printf(&r->arena, "%s/reset", o->page_url), "back",
                               o->page_url);
    form_crumbs(r, ctx, o->name, o->page_url, NULL);
    return view_page(r, "calendar_reset", ctx);
}

static int owner_reset_submit(struct req *r, const struct cal_owner *o)
{
    struct actor who = accounts_actor(r);
    int rc;

    if (!o->can_reset)
        return DARS_EDENIED;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = cal_token_reset(r->db, &r->arena, o->type, o->id);
    if (rc == 0) {
        /* the token is a secret: the log says that it changed, not what it is */
        json_t *changes = json_object();
        audit_diff(changes, "token", "old", "new");
        rc = audit_record_id(r->db, &who, "calendar.reset", cal_owner_name(o->type),
                          o->id, changes);
        json_decref(changes);
    }
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    view_flash(r, N_("The calendar link was reset: the old link no longer works"));
    return http_redirect(r, o->page_url);
}

/* ---- the three owners ---- */

static void user_owner(struct req *r, struct cal_owner *o)
{
    o->type = CALENDAR_USER;
    o->id = r->user->id;
    o->name = _(r->lang, "My calendar");
    o->page_url = "/calendar";
    o->can_reset = true;
}

static int centre_owner(struct req *r, struct cal_owner *o)
{
    const char *code = form_code_norm(&r->arena, r->params[0]);
    int rc = org_centre_id(r->db, code, &o->id);
    if (rc < 0)
        return rc;
    if (!accounts_can_manage_centre(r, o->id))
        return DARS_EDENIED;
    o->type = CALENDAR_CENTRE;
    o->name = arena_printf(&r->arena, "%s: %s", _(r->lang, "Calendar"), code);
    o->page_url = arena_printf(&r->arena, "/admin/centres/%s/calendar",
                               url_encode(&r->arena, code));
    o->can_reset = true;
    return 0;
}

/* Members see a cohort's calendar; managers of its centre also reset its link. */
static int cohort_owner(struct req *r, struct cal_owner *o)
{
    int64_t centre_id = 0;
    const char *title = NULL;
    bool member = false;
    int rc;

    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    o->id = strtoll(r->params[0], NULL, 10);
    if ((rc = cohorts_centre_get(r->db, &r->arena, o->id, &centre_id, &title)) < 0)
        return rc;
    o->can_reset = accounts_can_manage_centre(r, centre_id);
    if (!o->can_reset) {
        if ((rc = cohorts_is_member(r->db, o->id, r->user->id, &member)) < 0)
            return rc;
        if (!member)
            return DARS_EDENIED;
    }
    o->type = CALENDAR_COHORT;
    o->name = *title ? arena_printf(&r->arena, "%s: %s", _(r->lang, "Calendar"), title)
                     : arena_printf(&r->arena, "%s: %s %lld", _(r->lang, "Calendar"),
                                    _(r->lang, "Cohort"), (long long)o->id);
    o->page_url = arena_printf(&r->arena, "/cohorts/%lld/calendar", (long long)o->id);
    return 0;
}

int cal_user_page(struct req *r)
{
    struct cal_owner o;
    user_owner(r, &o);
    return owner_page(r, &o);
}

int cal_user_reset_page(struct req *r)
{
    struct cal_owner o;
    user_owner(r, &o);
    return owner_reset_page(r, &o);
}

int cal_user_reset_submit(struct req *r)
{
    struct cal_owner o;
    user_owner(r, &o);
    return owner_reset_submit(r, &o);
}

int cal_centre_page(struct req *r)
{
    struct cal_owner o = { 0 };
    int rc = centre_owner(r, &o);
    return rc < 0 ? rc : owner_page(r, &o);
}

int cal_centre_reset_page(struct req *r)
{
    struct cal_owner o = { 0 };
    int rc = centre_owner(r, &o);
    return rc < 0 ? rc : owner_reset_page(r, &o);
}

int cal_centre_reset_submit(struct req *r)
{
    struct cal_owner o = { 0 };
    int rc = centre_owner(r, &o);
    return rc < 0 ? rc : owner_reset_submit(r, &o);
}

int cal_cohort_page(struct req *r)
{
    struct cal_owner o = { 0 };
    int rc = cohort_owner(r, &o);
    return rc < 0 ? rc : owner_page(r, &o);
}

int cal_cohort_reset_page(struct req *r)
{
    struct cal_owner o = { 0 };
    int rc = cohort_owner(r, &o);
    return rc < 0 ? rc : owner_reset_page(r, &o);
}

int cal_cohort_reset_submit(struct req *r)
{
    struct cal_owner o = { 0 };
    int rc = cohort_owner(r, &o);
    return rc < 0 ? rc : owner_reset_submit(r, &o);
}

/* ---- the feed ---- */

/* GET /calendar/feeds/TOKEN.ics: public, the token is the key */
int cal_feed(struct req *r)
{
    char from[TIME_ISO_LEN], to[TIME_ISO_LEN];
    const char *file = r->params[0];
    size_t len = strlen(file);
    enum calendar_owner type;
    struct cal_items items;
    int64_t owner_id;
    const char *name;
    int rc;

    if (len < 5 || len > 100 || strcmp(file + len - 4, ".ics"))
        return DARS_ENOTFOUND;
    const char *token = arena_strndup(&r->arena, file, len - 4);
    if ((rc = cal_token_owner(r->db, token, &type, &owner_id)) < 0)
        return rc;
    time_iso_offset(from, -(int64_t)FEED_PAST_DAYS * DAY);
    time_iso_offset(to, (int64_t)FEED_AHEAD_DAYS * DAY);
    /* a user's feed finds registrations by account; the e-mail is not at hand here */
    if ((rc = cal_items_load(r->db, &r->arena, r->lang, type, owner_id, NULL, from, to, &items)) <
        0)
        return rc;
    name = type == CALENDAR_USER     ? "Dars"
           : type == CALENDAR_CENTRE ? arena_printf(&r->arena, "Dars: centre %lld",
                                                    (long long)owner_id)
                                     : arena_printf(&r->arena, "Dars: cohort %lld",
                                                    (long long)owner_id);
    if (type == CALENDAR_CENTRE) {
        const char *code;
        if (org_centre_code(r->db, &r->arena, owner_id, &code) == 0)
            name = arena_printf(&r->arena, "Dars: %s", code);
    }
    char *text = cal_ical_build(&items, name, http_site_host(r));
    const char *body = arena_strdup(&r->arena, text);
    size_t n = strlen(text);
    free(text);
    http_add_header(r, "Cache-Control", "private, max-age=300");
    return http_send(r, 200, "text/calendar; charset=utf-8", body, n);
}
