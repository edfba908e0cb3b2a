/*
 * A cohort's sessions: one at a time or a weekly pattern with exception
 * dates, entered in the centre's time zone and stored in UTC (converted with
 * libical, never the process TZ). A new session that overlaps a live one in
 * the same room of the centre, or taught by the same instructor anywhere, is
 * refused with a message naming the other booking; a pattern is all or nothing.
 */
#include "core/base.h"
#include "cohorts/cohorts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/fmt.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <ctype.h>
#include <libical/ical.h>

#define ROOM_MAX_CHARS 100

bool cohort_date_parse(const char *s, struct icaltimetype *t)
{
    int y, m, d, n = 0;
    if (!s || strlen(s) != 10 || !time_shaped(s, "9999-99-99") ||
        sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 || y < 1970 || y > 9999 ||
        m < 1 || m > 12 || d < 1 || d > icaltime_days_in_month(m, y))
        return false;
    if (!t)
        return true;
    *t = icaltime_null_time();
    t->year = y;
    t->month = m;
    t->day = d;
    t->is_date = 1;
    return true;
}

/* "H:MM" or "HH:MM", 00:00 to 23:59; minutes of the day in *min. */
static bool time_parse(const char *s, int *min)
{
    int h, m;
    if (!s || !(strlen(s) == 4 ? time_shaped(s, "9:99") : time_shaped(s, "99:99") && !s[5]) ||
        sscanf(s, "%2d:%2d", &h, &m) != 2 || h > 23 || m > 59)
        return false;
    *min = h * 60 + m;
    return true;
}

static const char *date_str(struct arena *a, const struct icaltimetype *t)
{
    return arena_printf(a, "%04d-%02d-%02d", t->year, t->month, t->day);
}

/* The UTC stamp of a local day and minute of the day in tz; NULL if the zone is unknown. */
static const char *local_to_utc(struct arena *a, const struct icaltimetype *day, int minute,
                                const char *tz)
{
    struct icaltimetype t = *day;
    t.is_date = 0;
    t.hour = minute / 60;
    t.minute = minute % 60;
    t.second = 0;
    if (!fmt_zone_convert(&t, tz, "UTC"))
        return NULL;
    return arena_printf(a, "%04d-%02d-%02dT%02d:%02d:00Z", t.year, t.month, t.day, t.hour,
                        t.minute);
}

void cohort_local(struct arena *a, const char *iso, const char *tz, const char **date,
                  const char **time)
{
    struct icaltimetype t;

    *date = iso;
    *time = "";
    if (!fmt_ical_time(iso, &t))
        return;
    if (!fmt_zone_convert(&t, "UTC", tz))
        tz = "UTC"; /* an unknown zone shows the stored time */
    *date = arena_printf(a, "%04d-%02d-%02d", t.year, t.month, t.day);
    *time = arena_printf(a, "%02d:%02d", t.hour, t.minute);
}

/* A session about to be written. */
struct slot {
    const char *starts_at, *ends_at;
};

/* What every new session shares: room and instructor, checked. */
struct slot_common {
    const char *room;
    int64_t instructor_id;
    const char *instructor_name;
};

static int common_check(struct req *r, const struct cohort *c, const char *room_in,
                        const char *instructor, json_t *errors, struct slot_common *out)
{
    struct accounts_user_ref u;
    int rc;

    memset(out, 0, sizeof(*out));
    out->room = room_in && *room_in ? form_text_norm(&r->arena, room_in) : c->room;
    if (!out->room) {
        out->room = "";
        form_error(errors, "room", N_("Enter text without invalid characters"));
    } else if (utf8_len(out->room) > ROOM_MAX_CHARS) {
        form_error(errors, "room", N_("Use at most 100 characters"));
    }
    if (instructor && *instructor) {
        rc = accounts_user_by_email(r->db, &r->arena, instructor, &u);
        if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID)
            form_error(errors, "instructor", N_("There is no user with this e-mail address"));
        else if (rc < 0)
            return rc;
        else {
            out->instructor_id = u.id;
            out->instructor_name = u.full_name;
        }
    }
    return 0;
}

/*
 * The first clash of the new slots with live sessions, as a message in the
 * reader's language; NULL when there is none. One statement for all slots.
 */
static int clash_find(struct req *r, const struct cohort *c, const struct slot *slots, size_t n,
                      const struct slot_common *k, const char **msg /* OUT */)
{
    const char *lo = slots[0].starts_at, *hi = slots[0].ends_at;
    struct db_stmt *st;
    int rc;

    *msg = NULL;
    for (size_t i = 1; i < n; i++) {
        if (strcmp(slots[i].starts_at, lo) < 0)
            lo = slots[i].starts_at;
        if (strcmp(slots[i].ends_at, hi) > 0)
            hi = slots[i].ends_at;
    }
    rc = db_query(r->db, &st, cohort_clashes_sql,
                  DB_ARGS(DB_TEXT(r->lang), DB_TEXT(hi), DB_TEXT(lo), DB_INT(c->centre_id),
                          DB_TEXT(k->room), DB_ID(k->instructor_id)));
    if (rc < 0)
        return rc;
    while (!*msg && (rc = db_step(st)) == DB_ROW) {
        const char *s = db_col_text(st, 0), *e = db_col_text(st, 1);
        bool same_room = db_col_int(st, 6) == c->centre_id && *k->room &&
                         streq(db_col_text(st, 2), k->room);
        for (size_t i = 0; i < n; i++) {
            /* other.starts_at < new.ends_at AND other.ends_at > new.starts_at */
            if (!(strcmp(s, slots[i].ends_at) < 0 && strcmp(e, slots[i].starts_at) > 0))
                continue;
            const char *tz = db_col_text(st, 7), *day, *from, *to, *day2;
            cohort_local(&r->arena, s, tz, &day, &from);
            cohort_local(&r->arena, e, tz, &day2, &to);
            long long other = (long long)db_col_int(st, 4);
            if (same_room)
                *msg = arena_printf(&r->arena,
                                    _(r->lang, "%s is booked %s–%s on %s by %s (cohort %lld)"),
                                    arena_printf(&r->arena, _(r->lang, "Room %s"), k->room),
                                    from, to, view_date(r, day), db_col_text(st, 5), other);
            else
                *msg = arena_printf(&r->arena,
                                    _(r->lang, "%s teaches %s–%s on %s in %s (cohort %lld)"),
                                    k->instructor_name, from, to, view_date(r, day),
                                    db_col_text(st, 5), other);
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Exception dates: lines (or commas) of YYYY-MM-DD; false on a bad one. */
static bool exceptions_parse(struct arena *a, const char *text, const char ***out, size_t *n)
{
    char *copy = arena_strdup(a, text ? text : "");
    size_t cap = 1;
    for (const char *p = copy; *p; p++)
        cap += (*p == '\n' || *p == ',');
    *out = arena_alloc(a, cap * sizeof(**out));
    *n = 0;
    for (char *p = copy; *p;) {
        size_t len = strcspn(p, "\n,");
        char *next = p[len] ? p + len + 1 : p + len;
        p[len] = '\0';
        while (*p && isspace((unsigned char)*p))
            p++;
        for (char *e = p + strlen(p); e > p && isspace((unsigned char)e[-1]);)
            *--e = '\0';
        if (*p) {
            if (!cohort_date_parse(p, NULL))
                return false;
            (*out)[(*n)++] = p;
        }
        p = next;
    }
    return true;
}

static bool in_list(const char *const *list, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (streq(list[i], s))
            return true;
    return false;
}

/* The slots of one session or a pattern, checked; DARS_EINVALID with errors. */
static int slots_make(struct req *r, const struct cohort *c, const struct session_new *one,
                      const struct pattern_new *p, json_t *errors, struct slot **out, size_t *n)
{
    const char *start = p ? p->start : one->start, *end = p ? p->end : one->end;
    int smin = 0, emin = 0;
    bool bad = false;
    struct icaltimetype from, to;

    *out = NULL;
    *n = 0;
    if (!time_parse(start, &smin)) {
        form_error(errors, "start", N_("Enter the start time as hours and minutes, like 09:30"));
        bad = true;
    }
    if (!time_parse(end, &emin)) {
        form_error(errors, "end", N_("Enter the end time as hours and minutes, like 11:00"));
        bad = true;
    } else if (!bad && emin <= smin) {
        form_error(errors, "end", N_("The end time must be after the start time"));
        bad = true;
    }
    if (!p) {
        if (!cohort_date_parse(one->date, &from)) {
            form_error(errors, "date", N_("Enter the date as YYYY-MM-DD, for example 2026-12-01"));
            bad = true;
        }
        to = from;
    } else {
        bool any = false;
        for (int i = 0; i < 7; i++)
            any |= p->weekdays[i];
        if (!any) {
            form_error(errors, "weekdays", N_("Choose at least one day of the week"));
            bad = true;
        }
        if (!cohort_date_parse(p->from, &from)) {
            form_error(errors, "from", N_("Enter the date as YYYY-MM-DD, for example 2026-12-01"));
            bad = true;
        }
        if (!cohort_date_parse(p->to, &to)) {
            form_error(errors, "to", N_("Enter the date as YYYY-MM-DD, for example 2026-12-01"));
            bad = true;
        } else if (!bad && icaltime_compare_date_only(to, from) < 0) {
            form_error(errors, "to", N_("The last date must not be before the first"));
            bad = true;
        }
    }
    const char **skip = NULL;
    size_t nskip = 0;
    if (p && !exceptions_parse(&r->arena, p->exceptions, &skip, &nskip)) {
        form_error(errors, "exceptions",
                   N_("Enter each date as YYYY-MM-DD, for example 2026-12-31, on its own line"));
        bad = true;
    }
    if (bad)
        return DARS_EINVALID;
    if (strcmp(date_str(&r->arena, &from), c->starts_on) < 0 ||
        strcmp(date_str(&r->arena, &to), c->ends_on) > 0) {
        form_error(errors, p ? "from" : "date",
                   N_("Choose dates between the cohort's first and last day"));
        return DARS_EINVALID;
    }

    struct slot *slots = arena_alloc(&r->arena, COHORT_PATTERN_MAX * sizeof(*slots));
    for (struct icaltimetype d = from; icaltime_compare_date_only(d, to) <= 0;
         icaltime_adjust(&d, 1, 0, 0, 0)) {
        const char *day = date_str(&r->arena, &d);
        /* icaltime_day_of_week: 1 is Sunday; weekdays[0] is Monday */
        int wd = (icaltime_day_of_week(d) + 5) % 7;
        if (p && (!p->weekdays[wd] || in_list(skip, nskip, day)))
            continue;
        if (*n == COHORT_PATTERN_MAX) {
            form_error(errors, "to", N_("A pattern may make at most 400 sessions"));
            return DARS_EINVALID;
        }
        slots[*n].starts_at = local_to_utc(&r->arena, &d, smin, c->timezone);
        slots[*n].ends_at = local_to_utc(&r->arena, &d, emin, c->timezone);
        if (!slots[*n].starts_at || !slots[*n].ends_at) {
            form_error(errors, p ? "from" : "date", N_("The centre's time zone is not known"));
            return DARS_EINVALID;
        }
        (*n)++;
    }
    if (*n == 0) {
        form_error(errors, "weekdays", N_("None of these days falls on the chosen weekdays"));
        return DARS_EINVALID;
    }
    *out = slots;
    return 0;
}

/*
 * Serialise session writes until the transaction ends, so that two requests
 * cannot both find a room free and both book it. One lock for all sessions:
 * a room is shared between cohorts and courses. The pair spells "coh" "ses".
 */
static int sessions_lock(struct db *db)
{
    return db_tx_lock(db, 0x636f68, 0x736573);
}

int cohort_sessions_add(struct req *r, const struct cohort *c, const struct session_new *one,
                        const struct pattern_new *p, json_t *errors, const char **clash,
                        int64_t *added)
{
    struct actor who = accounts_actor(r);
    struct slot_common k;
    struct slot *slots;
    size_t n = 0;
    char now[TIME_ISO_LEN];
    int rc;

    *clash = NULL;
    *added = 0;
    if ((rc = common_check(r, c, p ? p->room : one->room, p ? p->instructor : one->instructor,
                           errors, &k)) < 0)
        return rc;
    rc = slots_make(r, c, one, p, errors, &slots, &n);
    if (rc < 0 || json_object_size(errors))
        return rc < 0 ? rc : DARS_EINVALID;
    if ((rc = sessions_lock(r->db)) < 0 || (rc = clash_find(r, c, slots, n, &k, clash)) < 0)
        return rc;
    if (*clash)
        return DARS_ECONFLICT;
    time_now_iso(now);
    for (size_t i = 0; i < n; i++) {
        int64_t id;
        rc = db_query_int(r->db, cohort_session_insert_sql,
                          DB_ARGS(DB_INT(c->id), DB_INT(c->centre_id), DB_TEXT(slots[i].starts_at),
                                  DB_TEXT(slots[i].ends_at), DB_TEXT(k.room),
                                  DB_ID(k.instructor_id), DB_TEXT(now), DB_TEXT(now)),
                          &id);
        if (rc < 0)
            return rc;
        json_t *changes = json_object();
        audit_after(changes, "cohort", arena_printf(&r->arena, "%lld", (long long)c->id));
        audit_after(changes, "starts_at", slots[i].starts_at);
        audit_after(changes, "ends_at", slots[i].ends_at);
        audit_after(changes, "room", k.room);
        if (k.instructor_id)
            audit_after(changes, "instructor",
                        arena_printf(&r->arena, "%lld", (long long)k.instructor_id));
        rc = audit_record_id(r->db, &who, "cohort_session.create", "cohort_session",
                          id, changes);
        json_decref(changes);
        if (rc < 0)
            return rc;
    }
    *added = (int64_t)n;
    return 0;
}

int cohort_sessions_vals(struct req *r, const struct cohort *c, struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, cohort_sessions_sql, DB_ARGS(DB_INT(c->id)));

    *out = NULL;
    if (rc < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *day, *from, *day2, *to;
        int64_t id = db_col_int(st, 0);
        cohort_local(&r->arena, db_col_text(st, 1), c->timezone, &day, &from);
        cohort_local(&r->arena, db_col_text(st, 2), c->timezone, &day2, &to);
        const char *del = arena_printf(&r->arena, "/admin/cohorts/%lld/sessions/%lld/delete",
                                       (long long)c->id, (long long)id);
        /* date, times and the URL are arena strings already; the row's text is not */
        val_push(list, val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:o, s:o, s:o, s:s?, s:s, s:o}",
                                "id", (json_int_t)id, "starts_at", db_col_text(st, 1),
                                "ends_at", db_col_text(st, 2), "room", db_col_text(st, 3),
                                "date", val_str_ref(&r->arena, view_date(r, day)), "start",
                                val_str_ref(&r->arena, from), "end", val_str_ref(&r->arena, to),
                                "instructor", db_col_is_null(st, 4) ? NULL : db_col_text(st, 5),
                                "instructor_name", db_col_text(st, 6), "delete_url",
                                val_str_ref(&r->arena, del)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

int cohort_sessions_json(struct req *r, const struct cohort *c, json_t **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, cohort_sessions_sql, DB_ARGS(DB_INT(c->id)));

    *out = NULL;
    if (rc < 0)
        return rc;
    json_t *list = json_array();
    while ((rc = db_step(st)) == DB_ROW) {
        const char *day, *from, *day2, *to;
        int64_t id = db_col_int(st, 0);
        cohort_local(&r->arena, db_col_text(st, 1), c->timezone, &day, &from);
        cohort_local(&r->arena, db_col_text(st, 2), c->timezone, &day2, &to);
        json_array_append_new(
            list, json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s?, s:s, s:s}", "id",
                            (json_int_t)id, "starts_at", db_col_text(st, 1), "ends_at",
                            db_col_text(st, 2), "room", db_col_text(st, 3), "date",
                            view_date(r, day), "start", from, "end", to, "instructor",
                            db_col_is_null(st, 4) ? NULL : db_col_text(st, 5),
                            "instructor_name", db_col_text(st, 6), "delete_url",
                            arena_printf(&r->arena, "/admin/cohorts/%lld/sessions/%lld/delete",
                                         (long long)c->id, (long long)id)));
    }
    db_done(st);
    if (rc < 0) {
        json_decref(list);
        return rc;
    }
    *out = list;
    return 0;
}

int cohort_session_delete(struct req *r, const struct cohort *c, int64_t session_id)
{
    struct actor who = accounts_actor(r);
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    rc = db_exec_changes(r->db, cohort_session_delete_sql,
                         DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(session_id), DB_INT(c->id)),
                         &changed);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return DARS_ENOTFOUND;
    json_t *changes = json_object();
    audit_diff(changes, "deleted_at", "", now);
    rc = audit_record_id(r->db, &who, "cohort_session.delete", "cohort_session",
                      session_id, changes);
    json_decref(changes);
    return rc;
}
