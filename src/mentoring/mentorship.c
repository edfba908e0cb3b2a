/*
 * Mentorships through MENTOR's stages: proposed (by a coordinator, or by
 * matching), active once both sides accept or a coordinator confirms it,
 * then closed with a reason and each side's feedback, or declined. A
 * mentor's active mentorships never pass their capacity: the decision is
 * taken under a lock on the mentor (db_tx_lock), so two at once cannot both
 * take the last place.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"

#include <string.h>

void mt_ms_get_row(struct arena *a, struct db_stmt *st, struct mt_ms *m)
{
#define S(i) arena_strdup(a, db_col_text(st, (i)))
    m->id = db_col_int(st, 0);
    m->mentor = (struct mt_side){ db_col_int(st, 1), db_col_int(st, 4), S(2), S(3), S(5) };
    m->mentee = (struct mt_side){ db_col_int(st, 6), db_col_int(st, 9), S(7), S(8), S(10) };
    m->mentee_birth_year = db_col_int(st, 11);
    m->programme_id = db_col_int(st, 12);
    m->programme = S(13);
    m->request_id = db_col_int(st, 14);
    m->status = S(15);
    m->mentor_accepted_at = S(16);
    m->mentee_accepted_at = S(17);
    m->started_on = S(18);
    m->ended_on = S(19);
    m->closed_reason = S(20);
    m->mentor_feedback = S(21);
    m->mentee_feedback = S(22);
    m->created_at = S(23);
    m->updated_at = S(24);
    m->confirmed_minutes = db_col_int(st, 25);
#undef S
}

int mt_ms_get(struct db *db, struct arena *a, int64_t id, struct mt_ms *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, mt_ms_by_id_sql, DB_ARGS(DB_INT(id)));
    if (rc < 0)
        return rc;
    mt_ms_get_row(a, st, out);
    db_done(st);
    return 0;
}

enum mt_role mt_ms_role(const struct req *r, const struct mt_ms *m)
{
    if (!r->user)
        return MT_OTHER;
    if (r->user->id == m->mentor.id)
        return MT_MENTOR;
    if (r->user->id == m->mentee.id)
        return MT_MENTEE;
    return MT_OTHER;
}

bool mt_ms_coordinator(const struct req *r, const struct mt_ms *m)
{
    return mt_coordinates(r, m->mentor.centre_id) || mt_coordinates(r, m->mentee.centre_id);
}

int mt_ms_get_visible(struct req *r, int64_t id, struct mt_ms *out)
{
    int rc = id ? mt_ms_get(r->db, &r->arena, id, out) : DARS_ENOTFOUND;
    if (rc < 0)
        return rc;
    /* a third person learns nothing, not even that it exists */
    if (mt_ms_role(r, out) == MT_OTHER && !mt_ms_coordinator(r, out))
        return DARS_ENOTFOUND;
    return 0;
}

bool mt_is_minor(int64_t birth_year)
{
    return birth_year && accounts_this_year() - birth_year < MT_ADULT_AGE;
}

json_t *mt_ms_json(const struct mt_ms *m)
{
#define OPT(s) (*(s) ? json_string(s) : json_null())
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:o, s:o, s:s, s:f, s:b, s:b, s:I, s:s, s:s}",
                     "id", (json_int_t)m->id, "mentor", m->mentor.email, "mentee",
                     m->mentee.email, "programme", OPT(m->programme), "status", m->status,
                     "started_on", OPT(m->started_on), "ended_on", OPT(m->ended_on),
                     "closed_reason", m->closed_reason, "hours",
                     mt_hours(m->confirmed_minutes), "mentor_accepted",
                     *m->mentor_accepted_at != '\0', "mentee_accepted",
                     *m->mentee_accepted_at != '\0', "request", (json_int_t)m->request_id,
                     "created_at", m->created_at, "updated_at", m->updated_at);
#undef OPT
}

/*
 * Under the lock on the mentor: whether one more active mentorship fits
 * their capacity. DARS_ECONFLICT (errors "code": why) when it does not.
 */
static int capacity_check(struct req *r, int64_t mentor_id, json_t *errors)
{
    struct mt_mentor m;
    int64_t active = 0;
    int rc;
    if ((rc = db_tx_lock(r->db, MT_LOCK_MENTOR, mentor_id)) < 0 ||
        (rc = mt_mentor_get_id(r->db, &r->arena, mentor_id, &m)) < 0 ||
        (rc = db_query_int(r->db, mt_ms_active_count_sql, DB_ARGS(DB_INT(mentor_id)), &active)) <
            0)
        return rc;
    if (active >= m.capacity) {
        json_object_set_new(errors, "code",
                            json_string(arena_printf(&r->arena,
                                                     "the mentor is at capacity (%lld of %lld)",
                                                     (long long)active,
                                                     (long long)m.capacity)));
        return DARS_ECONFLICT;
    }
    return 0;
}

/* The rule for under-18s: their mentor's safeguarding check is recorded. */
static bool safeguarding_ok(const struct mt_mentor *mentor, int64_t mentee_birth_year)
{
    return !mt_is_minor(mentee_birth_year) || *mentor->safeguarding_checked_on;
}

static int tell_both(struct req *r, int64_t id, enum mt_news news)
{
    struct mt_ms m;
    int rc = mt_ms_get(r->db, &r->arena, id, &m);
    if (rc == 0)
        rc = mt_mail(r, &m, &m.mentor, news);
    if (rc == 0)
        rc = mt_mail(r, &m, &m.mentee, news);
    return rc;
}

int mt_ms_create(struct req *r, const struct mt_ms_input *in, json_t *errors, int64_t *id)
{
    struct mt_mentor mentor;
    struct accounts_user_ref mentee = { 0 };
    struct db_stmt *st;
    int64_t programme_id = 0, birth_year = 0, live = 0;
    const char *status = in->status && *in->status ? in->status : "proposed";
    char now[TIME_ISO_LEN];
    int rc;

    rc = in->mentor && *in->mentor ? mt_mentor_get(r->db, &r->arena, in->mentor, &mentor)
                                   : DARS_ENOTFOUND;
    if (rc == DARS_ENOTFOUND)
        form_error(errors, "mentor", N_("Choose a person with the mentor role"));
    else if (rc < 0)
        return rc;
    else if (!mentor.has_profile)
        form_error(errors, "mentor", N_("This mentor has no profile yet"));
    rc = in->mentee && *in->mentee ? accounts_user_by_email(r->db, &r->arena, in->mentee, &mentee)
                                   : DARS_ENOTFOUND;
    if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID)
        form_error(errors, "mentee", N_("Enter the e-mail of a person in Dars"));
    else if (rc < 0)
        return rc;
    if (!streq(status, "proposed") && !streq(status, "active"))
        form_error(errors, "status", N_("A new mentorship is proposed or active"));
    if (in->programme && *in->programme) {
        rc = catalog_programme_id(r->db, &r->arena, in->programme, &programme_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "programme", N_("Choose a programme that exists"));
        else if (rc < 0)
            return rc;
    }
    if (json_object_size(errors))
        return DARS_EINVALID;
    if (mentor.user_id == mentee.id) {
        form_error(errors, "mentee", N_("A mentor cannot mentor themselves"));
        return DARS_EINVALID;
    }
    /* a coordinator of either side arranges it */
    if (!mt_coordinates(r, mentor.centre_id) && !mt_coordinates(r, mentee.centre_id))
        return DARS_EDENIED;
    if ((rc = db_query_row(r->db, &st,
                           mt_birth_year_sql,
                           DB_ARGS(DB_INT(mentee.id)))) < 0)
        return rc;
    birth_year = db_col_int(st, 0);
    db_done(st);
    if (!safeguarding_ok(&mentor, birth_year)) {
        form_error(errors, "mentor",
                   N_("A mentee under 18 needs a mentor whose safeguarding check is recorded"));
        return DARS_EINVALID;
    }
    if (streq(status, "active") && (rc = capacity_check(r, mentor.user_id, errors)) < 0)
        return rc;
    if ((rc = db_query_int(r->db, mt_ms_live_pair_sql,
                           DB_ARGS(DB_INT(mentor.user_id), DB_INT(mentee.id)), &live)) < 0)
        return rc;
    if (live) {
        json_object_set_new(errors, "code",
                            json_string("this pair already has a mentorship under way"));
        return DARS_ECONFLICT;
    }

    time_now_iso(now);
    bool active = streq(status, "active");
    if ((rc = db_query_int(r->db, mt_ms_insert_sql,
                           DB_ARGS(DB_INT(mentor.user_id), DB_INT(mentee.id), DB_ID(programme_id),
                                   DB_ID(in->request_id), DB_TEXT(status), DB_NULL, DB_NULL,
                                   DB_TEXT(active ? arena_strndup(&r->arena, now, 10) : NULL),
                                   DB_INT(r->user->id), DB_TEXT(now), DB_TEXT(now)),
                           id)) < 0)
        return rc;
    if (in->request_id &&
        (rc = db_exec(r->db, mt_request_status_sql,
                      DB_ARGS(DB_TEXT("matched"), DB_TEXT(now), DB_INT(in->request_id)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "mentor", mentor.email);
    audit_after(changes, "mentee", mentee.email);
    audit_after(changes, "status", status);
    audit_after(changes, "programme", in->programme);
    struct actor who = audit_actor(r);
    rc = audit_record_id(r->db, &who, "mentorship.create", "mentorship", *id, changes);
    json_decref(changes);
    if (rc < 0)
        return rc;
    return tell_both(r, *id, active ? MT_NEWS_ACTIVE : MT_NEWS_PROPOSED);
}

int mt_ms_change(struct req *r, const struct mt_ms *m, const struct mt_ms_change *ch,
                 json_t *errors)
{
    enum mt_role side = mt_ms_role(r, m);
    bool coordinator = mt_ms_coordinator(r, m);
    struct mt_ms n = *m;
    char now[TIME_ISO_LEN], today[11];
    enum mt_news news = MT_NEWS_PROPOSED;
    bool told = false;
    int rc;

    time_now_iso(now);
    memcpy(today, now, 10);
    today[10] = '\0';
    if (ch->status && !streq(ch->status, "active") && !streq(ch->status, "closed") &&
        !streq(ch->status, "declined") && !streq(ch->status, m->status))
        form_error(errors, "status", N_("Choose active, closed or declined"));
    if (ch->feedback && side == MT_OTHER)
        form_error(errors, "feedback", N_("Only the mentor and the mentee give feedback"));
    if (ch->accept == 1 && side == MT_OTHER)
        form_error(errors, "accepted", N_("Only the mentor and the mentee accept"));
    if (ch->feedback && strlen(ch->feedback) > 2000)
        form_error(errors, "feedback", N_("Keep it under 2,000 characters"));
    if (ch->closed_reason && strlen(ch->closed_reason) > 500)
        form_error(errors, "closed_reason", N_("Keep it under 500 characters"));
    if (json_object_size(errors))
        return DARS_EINVALID;

    if (ch->accept == 1) {
        if (!streq(m->status, "proposed")) {
            json_object_set_new(errors, "code", json_string("only a proposal can be accepted"));
            return DARS_ECONFLICT;
        }
        if (side == MT_MENTOR && !*n.mentor_accepted_at)
            n.mentor_accepted_at = arena_strdup(&r->arena, now);
        if (side == MT_MENTEE && !*n.mentee_accepted_at)
            n.mentee_accepted_at = arena_strdup(&r->arena, now);
    }
    const char *to = ch->status && !streq(ch->status, m->status) ? ch->status : NULL;
    /* both sides' acceptance makes it active, as a coordinator's confirmation does */
    if (!to && streq(m->status, "proposed") && *n.mentor_accepted_at && *n.mentee_accepted_at)
        to = "active";
    if (to && streq(to, "active")) {
        if (!streq(m->status, "proposed")) {
            json_object_set_new(errors, "code",
                                json_string("only a proposal can become active"));
            return DARS_ECONFLICT;
        }
        /* a side alone cannot make it active: their acceptance is how they say yes */
        if (ch->status && !coordinator)
            return DARS_EDENIED;
        if ((rc = capacity_check(r, m->mentor.id, errors)) < 0)
            return rc;
        n.started_on = arena_strdup(&r->arena, today);
        news = MT_NEWS_ACTIVE;
        told = true;
    } else if (to && streq(to, "declined")) {
        if (!streq(m->status, "proposed")) {
            json_object_set_new(errors, "code", json_string("only a proposal can be declined"));
            return DARS_ECONFLICT;
        }
        if (side == MT_OTHER && !coordinator)
            return DARS_EDENIED;
        n.ended_on = arena_strdup(&r->arena, today);
        news = MT_NEWS_DECLINED;
        told = true;
    } else if (to && streq(to, "closed")) {
        if (!streq(m->status, "active")) {
            json_object_set_new(errors, "code",
                                json_string("only an active mentorship can be closed"));
            return DARS_ECONFLICT;
        }
        if (!ch->closed_reason || !*ch->closed_reason) {
            form_error(errors, "closed_reason", N_("Say why the mentorship ends"));
            return DARS_EINVALID;
        }
        n.ended_on = arena_strdup(&r->arena, today);
        news = MT_NEWS_CLOSED;
        told = true;
    }
    if (to)
        n.status = to;
    if (ch->closed_reason && (to ? streq(to, "closed") : streq(m->status, "closed")))
        n.closed_reason = ch->closed_reason;
    if (ch->feedback) {
        if (!streq(n.status, "active") && !streq(n.status, "closed")) {
            json_object_set_new(errors, "code",
                                json_string("feedback is for an active or closed mentorship"));
            return DARS_ECONFLICT;
        }
        if (side == MT_MENTOR)
            n.mentor_feedback = ch->feedback;
        else
            n.mentee_feedback = ch->feedback;
    }

    if ((rc = db_exec(r->db, mt_ms_update_sql,
                      DB_ARGS(DB_TEXT(n.status), DB_TEXT(n.mentor_accepted_at),
                              DB_TEXT(n.mentee_accepted_at), DB_TEXT(n.started_on),
                              DB_TEXT(n.ended_on), DB_TEXT(n.closed_reason),
                              DB_TEXT(n.mentor_feedback), DB_TEXT(n.mentee_feedback),
                              DB_TEXT(now), DB_INT(m->id)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "status", m->status, n.status);
    audit_diff(changes, "mentor_accepted_at", m->mentor_accepted_at, n.mentor_accepted_at);
    audit_diff(changes, "mentee_accepted_at", m->mentee_accepted_at, n.mentee_accepted_at);
    audit_diff(changes, "closed_reason", m->closed_reason, n.closed_reason);
    audit_diff(changes, "mentor_feedback", m->mentor_feedback, n.mentor_feedback);
    audit_diff(changes, "mentee_feedback", m->mentee_feedback, n.mentee_feedback);
    struct actor who = audit_actor(r);
    rc = audit_record_id(r->db, &who, "mentorship.update", "mentorship", m->id, changes);
    json_decref(changes);
    if (rc < 0 || !told)
        return rc;
    return tell_both(r, m->id, news);
}
