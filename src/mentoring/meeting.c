/*
 * Meetings of a mentorship: one of the pair logs a meeting (day, minutes,
 * online or in person, notes only the pair and coordinators read); it counts
 * towards hours and the donor's metrics only once the other side or a
 * coordinator confirms it, so nobody's hours rest on their word alone.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "audit/audit.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"

#include <string.h>

void mt_meeting_row(struct arena *a, struct db_stmt *st, struct mt_meeting *out)
{
    out->id = db_col_int(st, 0);
    out->mentorship_id = db_col_int(st, 1);
    out->held_on = arena_strdup(a, db_col_text(st, 2));
    out->minutes = db_col_int(st, 3);
    out->mode = arena_strdup(a, db_col_text(st, 4));
    out->centre = arena_strdup(a, db_col_text(st, 5));
    out->notes = arena_strdup(a, db_col_text(st, 6));
    out->logged_by = db_col_int(st, 7);
    out->confirmed_by = db_col_int(st, 8);
    out->confirmed_at = arena_strdup(a, db_col_text(st, 9));
    out->created_at = arena_strdup(a, db_col_text(st, 10));
}

int mt_meeting_get(struct db *db, struct arena *a, int64_t ms_id, int64_t id,
                   struct mt_meeting *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, mt_meeting_by_id_sql, DB_ARGS(DB_INT(ms_id), DB_INT(id)));
    if (rc < 0)
        return rc;
    mt_meeting_row(a, st, out);
    db_done(st);
    return 0;
}

json_t *mt_meeting_json(const struct mt_meeting *mt)
{
    return json_pack("{s:I, s:s, s:I, s:s, s:o, s:s, s:b, s:o}", "id", (json_int_t)mt->id,
                     "held_on", mt->held_on, "minutes", (json_int_t)mt->minutes, "mode",
                     mt->mode, "centre", *mt->centre ? json_string(mt->centre) : json_null(),
                     "notes", mt->notes, "confirmed", *mt->confirmed_at != '\0',
                     "confirmed_at",
                     *mt->confirmed_at ? json_string(mt->confirmed_at) : json_null());
}

/* Check in (over old's values where in leaves a field NULL) into *out and *centre_id. */
static int meeting_check(struct req *r, const struct mt_ms *m, const struct mt_meeting *old,
                         const struct mt_meeting_input *in, json_t *errors,
                         struct mt_meeting *out, int64_t *centre_id)
{
    char today[TIME_ISO_LEN];
    int64_t minutes = old ? old->minutes : 0;
    int rc;

    *out = old ? *old : (struct mt_meeting){ 0 };
    if (!old)
        out->centre = out->notes = "";
    if (in->held_on)
        out->held_on = in->held_on;
    if (in->mode)
        out->mode = in->mode;
    if (in->centre)
        out->centre = in->centre;
    if (in->notes)
        out->notes = in->notes;
    time_now_iso(today);
    if (!out->held_on || !mt_is_day(out->held_on))
        form_error(errors, "held_on", N_("Enter a date like 2026-03-31"));
    else if (strncmp(out->held_on, today, 10) > 0)
        form_error(errors, "held_on", N_("A meeting is logged once it has taken place"));
    if (in->minutes && !form_count(in->minutes, 1440, &minutes))
        minutes = 0;
    if (minutes < 1)
        form_error(errors, "minutes", N_("Enter the minutes, from 1 to 1440"));
    out->minutes = minutes;
    if (!out->mode || (!streq(out->mode, "online") && !streq(out->mode, "in-person")))
        form_error(errors, "mode", N_("Choose online or in person"));
    if (out->notes && strlen(out->notes) > 4000)
        form_error(errors, "notes", N_("Keep the notes under 4,000 characters"));
    *centre_id = 0;
    if (out->centre && *out->centre) {
        rc = org_centre_id(r->db, form_code_norm(&r->arena, out->centre), centre_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "centre", N_("Choose a centre that exists"));
        else if (rc < 0)
            return rc;
    }
    /* safeguarding: an under-18 mentee meets their mentor in person only at a centre */
    if (out->mode && streq(out->mode, "in-person") && !*centre_id &&
        mt_is_minor(m->mentee_birth_year) && !json_object_get(errors, "centre"))
        form_error(errors, "centre",
                   N_("A mentee under 18 meets in person only at a centre: choose it"));
    return json_object_size(errors) ? DARS_EINVALID : 0;
}

int mt_meeting_create(struct req *r, const struct mt_ms *m, const struct mt_meeting_input *in,
                      json_t *errors, int64_t *id)
{
    struct mt_meeting mt;
    int64_t centre_id;
    char now[TIME_ISO_LEN];
    enum mt_role side = mt_ms_role(r, m);
    int rc;

    if (side == MT_OTHER)
        return DARS_EDENIED;
    if (!streq(m->status, "active")) {
        json_object_set_new(errors, "code",
                            json_string("meetings are logged while the mentorship is active"));
        return DARS_ECONFLICT;
    }
    if ((rc = meeting_check(r, m, NULL, in, errors, &mt, &centre_id)) < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_query_int(r->db, mt_meeting_insert_sql,
                           DB_ARGS(DB_INT(m->id), DB_TEXT(mt.held_on), DB_INT(mt.minutes),
                                   DB_TEXT(mt.mode), DB_ID(centre_id), DB_TEXT(mt.notes),
                                   DB_INT(r->user->id), DB_TEXT(now), DB_TEXT(now)),
                           id)) < 0)
        return rc;
    /* the notes are the pair's: the audit log says a meeting was logged, not what was said */
    json_t *changes = json_object();
    audit_after(changes, "mentorship", arena_int(&r->arena, m->id));
    audit_after(changes, "held_on", mt.held_on);
    audit_after(changes, "minutes", arena_int(&r->arena, mt.minutes));
    audit_after(changes, "mode", mt.mode);
    struct actor who = audit_actor(r);
    rc = audit_record_id(r->db, &who, "mentoring_meeting.create", "mentoring_meeting", *id,
                         changes);
    json_decref(changes);
    if (rc < 0)
        return rc;
    return mt_mail(r, m, side == MT_MENTOR ? &m->mentee : &m->mentor, MT_NEWS_MEETING);
}

int mt_meeting_change(struct req *r, const struct mt_ms *m, const struct mt_meeting *mt,
                      const struct mt_meeting_input *in, bool confirm, json_t *errors)
{
    struct mt_meeting n;
    int64_t centre_id, changed = 0;
    char now[TIME_ISO_LEN];
    bool edits = in->held_on || in->minutes || in->mode || in->centre || in->notes;
    struct actor who = audit_actor(r);
    int rc = 0;

    time_now_iso(now);
    if (edits) {
        /* whoever logged it corrects it, until it is confirmed */
        if (r->user->id != mt->logged_by)
            return DARS_EDENIED;
        if (*mt->confirmed_at) {
            json_object_set_new(errors, "code",
                                json_string("a confirmed meeting is not changed"));
            return DARS_ECONFLICT;
        }
        if ((rc = meeting_check(r, m, mt, in, errors, &n, &centre_id)) < 0)
            return rc;
        if ((rc = db_exec(r->db, mt_meeting_update_sql,
                          DB_ARGS(DB_TEXT(n.held_on), DB_INT(n.minutes), DB_TEXT(n.mode),
                                  DB_ID(centre_id), DB_TEXT(n.notes), DB_TEXT(now),
                                  DB_INT(mt->id)))) < 0)
            return rc;
        json_t *changes = json_object();
        audit_diff(changes, "held_on", mt->held_on, n.held_on);
        audit_diff(changes, "minutes", arena_int(&r->arena, mt->minutes),
                   arena_int(&r->arena, n.minutes));
        audit_diff(changes, "mode", mt->mode, n.mode);
        if (!streq(mt->notes, n.notes))
            json_object_set_new(changes, "notes", json_string("changed"));
        rc = audit_record_id(r->db, &who, "mentoring_meeting.update", "mentoring_meeting",
                             mt->id, changes);
        json_decref(changes);
        if (rc < 0)
            return rc;
    }
    if (confirm) {
        /* the other side of the pair, or a coordinator: never the one who logged it */
        bool other_side = mt_ms_role(r, m) != MT_OTHER && r->user->id != mt->logged_by;
        if (!other_side && !(mt_ms_coordinator(r, m) && r->user->id != mt->logged_by))
            return DARS_EDENIED;
        if ((rc = db_exec_changes(r->db, mt_meeting_confirm_sql,
                                  DB_ARGS(DB_INT(r->user->id), DB_TEXT(now), DB_TEXT(now),
                                          DB_INT(mt->id)),
                                  &changed)) < 0)
            return rc;
        if (changed) {
            json_t *changes = json_object();
            audit_diff(changes, "confirmed", "false", "true");
            rc = audit_record_id(r->db, &who, "mentoring_meeting.confirm", "mentoring_meeting",
                                 mt->id, changes);
            json_decref(changes);
        }
    }
    return rc < 0 ? rc : 0;
}
