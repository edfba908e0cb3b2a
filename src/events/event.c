/*
 * The event store: look-ups, validation and audited writes, the time zone
 * arithmetic (a local time entered in the centre's or a chosen zone becomes
 * UTC through libical, never the process TZ), labels and the API's JSON.
 */
#include "core/base.h"
#include "events/events_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/buf.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/fmt.h"
#include "view/form.h"
#include "core/i18n.h"

#include <ctype.h>
#include <libical/ical.h>

#define TITLE_MAX_CHARS 200
#define SUMMARY_MAX_CHARS 4000
#define URL_MAX_CHARS 500
#define CAPACITY_MAX 100000

const char *const ev_kinds[4] = { "seminar", "forum", "webinar", "visit" };
const char *const ev_statuses[3] = { "draft", "published", "cancelled" };

void ev_row(struct arena *a, struct db_stmt *st, struct ev_event *e)
{
    e->id = db_col_int(st, 0);
    e->title = arena_strdup(a, db_col_text(st, 1));
    e->summary = arena_strdup(a, db_col_text(st, 2));
    e->kind = arena_strdup(a, db_col_text(st, 3));
    e->starts_at = arena_strdup(a, db_col_text(st, 4));
    e->ends_at = arena_strdup(a, db_col_text(st, 5));
    e->timezone = arena_strdup(a, db_col_text(st, 6));
    e->centre_id = db_col_int(st, 7);
    e->centre_code = arena_strdup(a, db_col_text(st, 8));
    e->centre_name = arena_strdup(a, db_col_text(st, 9));
    e->online_url = arena_strdup(a, db_col_text(st, 10));
    e->capacity = db_col_int(st, 11);
    e->status = arena_strdup(a, db_col_text(st, 12));
    e->created_at = arena_strdup(a, db_col_text(st, 13));
    e->updated_at = arena_strdup(a, db_col_text(st, 14));
    e->registered = db_col_int(st, 15);
    e->waitlisted = db_col_int(st, 16);
}

int ev_get_id(struct db *db, struct arena *a, int64_t id, struct ev_event *out)
{
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = db_query_row(db, &st, ev_by_id_sql, DB_ARGS(DB_INT(id)))) < 0)
        return rc;
    ev_row(a, st, out);
    db_done(st);
    return 0;
}

int ev_get(struct db *db, struct arena *a, const char *id, struct ev_event *out)
{
    memset(out, 0, sizeof(*out));
    if (!api_is_id(id))
        return DARS_ENOTFOUND;
    return ev_get_id(db, a, strtoll(id, NULL, 10), out);
}

bool ev_can_manage(const struct req *r, const struct ev_event *ev)
{
    /* an online-only event (centre 0) is in no manager's scope: admins only */
    return accounts_can_manage_centre(r, ev->centre_id);
}

int ev_get_managed(struct req *r, struct ev_event *out)
{
    int rc = ev_get(r->db, &r->arena, r->params[0], out);
    if (rc < 0)
        return rc;
    return ev_can_manage(r, out) ? 0 : DARS_EDENIED;
}

/* ---- time ---- */

static bool parse_stamp(const char *s, struct icaltimetype *t, int *used)
{
    int y, mo, d, h, mi, sec = 0, n = 0, n2 = 0;
    char sep;

    /* the shape first: %2d alone would also take "+1" */
    if (!time_shaped(s, "9999-99-99") || (s[10] != 'T' && s[10] != ' ') ||
        !time_shaped(s + 11, "99:99") ||
        sscanf(s, "%4d-%2d-%2d%c%2d:%2d%n", &y, &mo, &d, &sep, &h, &mi, &n) != 6)
        return false;
    if (s[n] == ':') {
        if (!time_shaped(s + n, ":99") || sscanf(s + n, ":%2d%n", &sec, &n2) != 1)
            return false;
        n += n2;
    }
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > icaltime_days_in_month(mo, y) ||
        h > 23 || h < 0 || mi < 0 || mi > 59 || sec < 0 || sec > 59)
        return false;
    *t = icaltime_null_time();
    t->year = y;
    t->month = mo;
    t->day = d;
    t->hour = h;
    t->minute = mi;
    t->second = sec;
    t->is_date = 0;
    *used = n;
    return true;
}

static const char *stamp_iso(struct arena *a, const struct icaltimetype *t)
{
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:%02dZ", t->year, t->month, t->day, t->hour,
                        t->minute, t->second);
}

const char *ev_local_to_utc(struct arena *a, const char *local, const char *tz)
{
    struct icaltimetype t;
    int n;
    if (!parse_stamp(local, &t, &n) || local[n] || !fmt_zone_convert(&t, tz, "UTC"))
        return NULL;
    return stamp_iso(a, &t);
}

const char *ev_to_local(struct arena *a, const char *iso, const char *tz)
{
    struct icaltimetype t;
    int n;
    if (!parse_stamp(iso, &t, &n) || !fmt_zone_convert(&t, "UTC", tz))
        return "";
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d", t.year, t.month, t.day, t.hour, t.minute);
}

const char *ev_rfc3339_to_utc(struct arena *a, const char *s)
{
    struct icaltimetype t;
    int n, oh, om, sign;
    const char *p;

    if (!parse_stamp(s, &t, &n) || s[10] != 'T')
        return NULL;
    p = s + n;
    if (*p == '.') /* fractions of a second are dropped */
        for (p++; isdigit((unsigned char)*p); p++)
            ;
    if ((*p == 'Z' || *p == 'z') && !p[1])
        return stamp_iso(a, &t);
    if ((*p != '+' && *p != '-') || strlen(p) != 6 || !time_shaped(p + 1, "99:99") ||
        sscanf(p + 1, "%2d:%2d", &oh, &om) != 2 || oh > 23 || om > 59)
        return NULL;
    sign = *p == '+' ? -1 : 1;
    /* local = UTC + offset, so UTC = local - offset */
    icaltime_adjust(&t, 0, sign * oh, sign * om, 0);
    return stamp_iso(a, &t);
}

/* ---- labels ---- */

const char *ev_kind_label(const char *lang, const char *kind)
{
    if (streq(kind, "seminar"))
        return _(lang, "Seminar");
    if (streq(kind, "forum"))
        return _(lang, "Forum");
    if (streq(kind, "webinar"))
        return _(lang, "Webinar");
    if (streq(kind, "visit"))
        return _(lang, "Visit");
    return kind;
}

const char *ev_status_label(const char *lang, const char *status)
{
    if (streq(status, "draft"))
        return _(lang, "Draft");
    if (streq(status, "published"))
        return _(lang, "Published");
    if (streq(status, "cancelled"))
        return _(lang, "Cancelled");
    if (streq(status, "registered"))
        return _(lang, "Registered");
    if (streq(status, "waitlisted"))
        return _(lang, "On the waiting list");
    return status;
}

const char *ev_when(struct req *r, const struct ev_event *ev)
{
    struct buf b = BUF_INIT;
    fmt_datetime(&b, r->lang, ev->starts_at, ev->timezone);
    buf_adds(&b, " – ");
    fmt_datetime(&b, r->lang, ev->ends_at, ev->timezone);
    if (!streq(ev->timezone, "UTC"))
        buf_addf(&b, " (%s)", ev->timezone);
    else
        buf_adds(&b, " (UTC)");
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

int64_t ev_places_left(const struct ev_event *ev)
{
    if (ev->capacity <= 0)
        return -1;
    return ev->capacity > ev->registered ? ev->capacity - ev->registered : 0;
}

json_t *ev_json(struct req *r, const struct ev_event *ev)
{
    int64_t left = ev_places_left(ev);
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:s}", "id",
                          (json_int_t)ev->id, "title", ev->title, "summary", ev->summary, "kind",
                          ev->kind, "starts_at", ev->starts_at, "ends_at", ev->ends_at,
                          "timezone", ev->timezone, "status", ev->status, "registered",
                          (json_int_t)ev->registered, "waitlisted", (json_int_t)ev->waitlisted,
                          "ical_url", arena_printf(&r->arena, "/events/%lld.ics",
                                                   (long long)ev->id));
    json_object_set_new(o, "centre", *ev->centre_code ? json_string(ev->centre_code) : json_null());
    json_object_set_new(o, "online_url", *ev->online_url ? json_string(ev->online_url)
                                                         : json_null());
    json_object_set_new(o, "capacity", ev->capacity > 0 ? json_integer(ev->capacity)
                                                        : json_null());
    json_object_set_new(o, "places_left", left >= 0 ? json_integer(left) : json_null());
    return o;
}

/* ---- writes ---- */

const char *ev_one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (streq(s, set[i]))
            return set[i];
    return NULL;
}

static const char *text_field(struct arena *a, json_t *errors, const char *field, const char *in,
                              size_t max, bool required, const char *missing)
{
    const char *v = form_text_norm(a, in ? in : "");
    if (!v) {
        form_error(errors, field, N_("Enter text without invalid characters"));
        return "";
    }
    if (required && !*v)
        form_error(errors, field, missing);
    else if (utf8_len(v) > max)
        form_error(errors, field, max == TITLE_MAX_CHARS ? N_("Use at most 200 characters")
                                  : max == URL_MAX_CHARS ? N_("Use at most 500 characters")
                                                         : N_("Use at most 4000 characters"));
    return v;
}

static bool url_ok(const char *u)
{
    if (strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
        return false;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
            return false;
    return strlen(strchr(u, ':') + 3) > 0;
}

/* A time field: local wall time in tz (forms) or RFC 3339 (API). */
static const char *time_field(struct arena *a, json_t *errors, const char *field, const char *in,
                              bool local, const char *tz)
{
    const char *v = NULL;
    if (!in || !*in) {
        form_error(errors, field, streq(field, "starts_at") ? N_("Enter when the event starts")
                                                            : N_("Enter when the event ends"));
        return "";
    }
    v = local ? ev_local_to_utc(a, in, tz) : ev_rfc3339_to_utc(a, in);
    if (!v) {
        form_error(errors, field,
                   local ? N_("Enter a date and time like 2026-12-01 09:30")
                         : N_("Enter a time in RFC 3339, like 2026-12-01T09:30:00Z"));
        return "";
    }
    return v;
}

int ev_write(struct req *r, const struct ev_event *old, const struct ev_input *in,
             json_t *errors, int64_t *id)
{
    struct arena *a = &r->arena;
    struct ev_event v = { 0 };
    char now[TIME_ISO_LEN];
    int64_t new_id = old ? old->id : 0;
    int rc;

    v.title = text_field(a, errors, "title", in->title, TITLE_MAX_CHARS, true,
                         N_("Enter the title of the event"));
    v.summary = text_field(a, errors, "summary", in->summary, SUMMARY_MAX_CHARS, false, NULL);
    if (!(v.kind = ev_one_of(in->kind, ev_kinds, ARRAY_SIZE(ev_kinds))))
        form_error(errors, "kind", N_("Choose the kind of event"));
    if (!(v.status = ev_one_of(in->status && *in->status ? in->status : "draft", ev_statuses,
                            ARRAY_SIZE(ev_statuses))))
        form_error(errors, "status", N_("Choose draft, published or cancelled"));
    v.online_url = text_field(a, errors, "online_url", in->online_url, URL_MAX_CHARS, false, NULL);
    if (*v.online_url && !url_ok(v.online_url))
        form_error(errors, "online_url", N_("Enter a link that starts with https://"));

    /* the zone: the centre's, or the one chosen for an event held only online */
    v.timezone = "UTC";
    v.centre_code = in->centre ? form_code_norm(a, in->centre) : "";
    if (*v.centre_code) {
        struct db_stmt *st;
        rc = db_query_row(r->db, &st, ev_centre_sql, DB_ARGS(DB_TEXT(v.centre_code)));
        if (rc < 0 && rc != DARS_ENOTFOUND)
            return rc;
        if (rc == 0) {
            v.centre_id = db_col_int(st, 0);
            v.timezone = arena_strdup(a, db_col_text(st, 1));
            db_done(st);
        }
        if (!v.centre_id)
            form_error(errors, "centre", N_("Choose a centre from the list"));
        else if (!accounts_can_manage_centre(r, v.centre_id))
            form_error(errors, "centre", N_("Choose a centre you manage"));
    } else if (!r->user->is_admin) {
        form_error(errors, "centre", N_("Choose a centre you manage"));
    } else if (!*v.online_url) {
        form_error(errors, "centre", N_("Choose a centre or give the link of an online event"));
    } else {
        v.timezone = in->timezone && *in->timezone ? in->timezone : "UTC";
        if (!fmt_zone_name_ok(v.timezone) || !ev_local_to_utc(a, "2026-01-01T00:00", v.timezone)) {
            form_error(errors, "timezone", N_("Enter a time zone like Asia/Baku"));
            v.timezone = "UTC";
        }
    }
    /* forms send local times; the API sends RFC 3339 (with Z or an offset) */
    bool local = !r->is_api;
    v.starts_at = time_field(a, errors, "starts_at", in->starts_at, local, v.timezone);
    v.ends_at = time_field(a, errors, "ends_at", in->ends_at, local, v.timezone);
    if (*v.starts_at && *v.ends_at && strcmp(v.ends_at, v.starts_at) <= 0)
        form_error(errors, "ends_at", N_("The end must be after the start"));
    if (in->capacity && *in->capacity) {
        int64_t c = 0;
        /* digits only: strtoll would also take "+5" and " 5" */
        if (!form_count(in->capacity, CAPACITY_MAX, &c) || c < 1)
            form_error(errors, "capacity", N_("Enter a whole number from 1 to 100000"));
        else
            v.capacity = c;
    }
    if (json_object_size(errors))
        return DARS_EINVALID;

    struct actor who = accounts_actor(r);
    const char *cap = v.capacity ? arena_printf(a, "%lld", (long long)v.capacity) : "";
    json_t *changes = json_object();
    time_now_iso(now);
    if (!old) {
        rc = db_query_int(r->db, ev_insert_sql,
                          DB_ARGS(DB_TEXT(v.title), DB_TEXT(v.summary), DB_TEXT(v.kind),
                                  DB_TEXT(v.starts_at), DB_TEXT(v.ends_at), DB_TEXT(v.timezone),
                                  DB_ID(v.centre_id), DB_TEXT(v.online_url),
                                  v.capacity ? DB_INT(v.capacity) : DB_NULL, DB_TEXT(v.status),
                                  DB_ID(r->user->id), DB_TEXT(now), DB_TEXT(now)),
                          &new_id);
        if (rc < 0)
            goto out;
        audit_after(changes, "title", v.title);
        audit_after(changes, "summary", v.summary);
        audit_after(changes, "kind", v.kind);
        audit_after(changes, "starts_at", v.starts_at);
        audit_after(changes, "ends_at", v.ends_at);
        audit_after(changes, "timezone", v.timezone);
        audit_after(changes, "centre", v.centre_code);
        audit_after(changes, "online_url", v.online_url);
        audit_after(changes, "capacity", cap);
        audit_after(changes, "status", v.status);
        rc = audit_record_id(r->db, &who, "event.create", "event",
                          new_id, changes);
    } else {
        const char *old_cap = old->capacity ? arena_printf(a, "%lld", (long long)old->capacity)
                                            : "";
        audit_diff(changes, "title", old->title, v.title);
        audit_diff(changes, "summary", old->summary, v.summary);
        audit_diff(changes, "kind", old->kind, v.kind);
        audit_diff(changes, "starts_at", old->starts_at, v.starts_at);
        audit_diff(changes, "ends_at", old->ends_at, v.ends_at);
        audit_diff(changes, "timezone", old->timezone, v.timezone);
        audit_diff(changes, "centre", old->centre_code, v.centre_code);
        audit_diff(changes, "online_url", old->online_url, v.online_url);
        audit_diff(changes, "capacity", old_cap, cap);
        audit_diff(changes, "status", old->status, v.status);
        rc = 0;
        if (json_object_size(changes) == 0)
            goto out; /* nothing to write, nothing to audit */
        rc = db_exec(r->db, ev_update_sql,
                     DB_ARGS(DB_TEXT(v.title), DB_TEXT(v.summary), DB_TEXT(v.kind),
                             DB_TEXT(v.starts_at), DB_TEXT(v.ends_at), DB_TEXT(v.timezone),
                             DB_ID(v.centre_id), DB_TEXT(v.online_url),
                             v.capacity ? DB_INT(v.capacity) : DB_NULL, DB_TEXT(v.status),
                             DB_TEXT(now), DB_INT(old->id)));
        if (rc == 0)
            rc = audit_record_id(r->db, &who, "event.update", "event",
                              old->id, changes);
        /* only on the change itself, so that saving a cancelled event again mails nobody */
        if (rc == 0 && streq(v.status, "cancelled") && !streq(old->status, "cancelled")) {
            v.id = old->id;
            rc = ev_mail_cancelled(r, &v);
        }
    }
out:
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}
