/*
 * The learners' side of a cohort: its page (/cohorts/:id: dates, centre,
 * sessions in the centre's time, places) and joining or leaving it under
 * the course's rules (approval, places per cohort, a waitlist in order).
 */
#include "core/base.h"
#include "cohorts/cohorts_int.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

/* what the learner's standing reads as on the cohort's page */
static const char *standing(struct req *r, const char *status, int64_t place)
{
    if (streq(status, "active"))
        return _(r->lang, "You are in this cohort.");
    if (streq(status, "completed"))
        return _(r->lang, "You have completed this cohort.");
    if (streq(status, "requested"))
        return _(r->lang, "You have asked to join this cohort. A manager will decide.");
    if (streq(status, "waitlisted"))
        return arena_printf(&r->arena,
                            _(r->lang, "The cohort is full. You are number %s on its waitlist."),
                            view_int(r, place));
    return NULL;
}

/* GET /cohorts/:id */
int cohort_public_page(struct req *r)
{
    struct cohort c;
    struct val *sessions;
    int rc = cohort_readable(r, &c);

    if (rc < 0)
        return rc;
    const char *status = "none";
    int64_t place = 0;
    if (r->user && (rc = enrol_cohort_status(r->db, &r->arena, r->user->id, c.id, &status,
                                             &place)) < 0)
        return rc;
    if ((rc = cohort_sessions_vals(r, &c, &sessions)) < 0)
        return rc;
    bool full = c.capacity && c.places_taken >= c.capacity;
    const char *course_url =
        catalog_course_url(r, c.course_code);
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}, s:o, s:b, s:b, s:b}",
        "title", c.title, "cohort", "id", (json_int_t)c.id, "course_title", c.course_title,
        "centre_name", c.centre_name, "starts_on", view_date(r, c.starts_on), "ends_on",
        view_date(r, c.ends_on), "room", c.room, "timezone", c.timezone, "approval",
        streq(c.enrol_mode, "approval"), "places",
        c.capacity ? arena_printf(&r->arena, _(r->lang, "%s of %s places taken"),
                                  view_int(r, c.places_taken), view_int(r, c.capacity))
                   : _(r->lang, "No limit"),
        "sessions", sessions, "has_sessions", val_len(sessions) > 0, "full", full,
        "signed_in", r->user != NULL);
    const char *now = standing(r, status, place);
    if (now)
        val_set(ctx, "enrolment", val_str_ref(&r->arena, now));
    val_set_bool(ctx, "can_enrol",
                 r->user && (streq(status, "none") || streq(status, "withdrawn")));
    val_set_bool(ctx, "can_withdraw", now && !streq(status, "completed"));
    form_crumbs(r, ctx, c.course_title, course_url, NULL);
    return view_page(r, "cohorts_public", ctx);
}

/* POST /cohorts/:id/enrol */
int cohort_enrol_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct cohort c;
    const char *status = NULL;
    int rc = cohort_get(r->db, &r->arena, r->lang, r->params[0], &c);

    if (rc < 0)
        return rc;
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, enrol_user_cohort(r->db, &r->arena, &who, r->user->id, c.id, true,
                                                &status, NULL));
    if (rc == DARS_ECONFLICT)
        return view_error(r, 409, _(r->lang, "You are already enrolled in this course"),
                          _(r->lang, "Leave your other cohort or the course first."));
    if (rc < 0)
        return rc;
    view_flash(r, streq(status, "active")      ? N_("You have joined the cohort")
                  : streq(status, "requested") ? N_("Your request to join has been sent")
                                               : N_("You are on the waitlist"));
    return http_redirect(r, arena_printf(&r->arena, "/cohorts/%lld", (long long)c.id));
}

/* GET /cohorts/:id/withdraw: the confirmation */
int cohort_withdraw_page(struct req *r)
{
    struct cohort c;
    const char *status;
    int64_t place;
    int rc = cohort_get(r->db, &r->arena, r->lang, r->params[0], &c);

    if (rc < 0 || (rc = enrol_cohort_status(r->db, &r->arena, r->user->id, c.id, &status,
                                            &place)) < 0)
        return rc;
    if (!standing(r, status, place) || streq(status, "completed"))
        return DARS_ENOTFOUND;
    struct val *ctx =
        val_pack(&r->arena, "{s:s, s:{s:I, s:s}}", "title", _(r->lang, "Leave this cohort?"),
                 "cohort", "id", (json_int_t)c.id, "title", c.title);
    return view_page(r, "cohorts_withdraw", ctx);
}

/* POST /cohorts/:id/withdraw */
int cohort_withdraw_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct cohort c;
    int rc = cohort_get(r->db, &r->arena, r->lang, r->params[0], &c);

    if (rc < 0)
        return rc;
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, enrol_cohort_withdraw(r->db, &r->arena, &who, r->user->id, c.id));
    if (rc < 0)
        return rc;
    view_flash(r, N_("You have left the cohort"));
    return http_redirect(r, arena_printf(&r->arena, "/cohorts/%lld", (long long)c.id));
}
