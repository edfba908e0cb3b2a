/*
 * A learner's actions from the catalog's course and lesson pages: enrol,
 * withdraw (after a confirmation page), mark a lesson done or not done.
 * Each answers with a redirect and a flash message, so pages work without
 * JavaScript and a reload does not repeat the action.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "http/api.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

/* The course of the URL as its reader may see it: drafts only for those who manage it. */
static int course_for_learner(struct req *r, struct catalog_course *c, bool *manages)
{
    int rc = catalog_course_get(r->db, &r->arena, r->params[0], r->lang, c);
    if (rc < 0)
        return rc;
    if ((rc = catalog_may_manage(r, c, manages)) < 0)
        return rc;
    if (!*manages && !streq(c->status, "published"))
        return DARS_ENOTFOUND;
    return 0;
}

/* POST /courses/:code/enrol */
int enrol_self_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *status = NULL;
    bool manages = false;
    int64_t place = 0;
    int rc = course_for_learner(r, &c, &manages);

    if (rc < 0)
        return rc;
    /* someone who manages the course enrols themself as a manager would: no request,
     * drafts allowed */
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, enrol_apply(r->db, &r->arena, &who, r->user->id, &c, !manages,
                                           &status, NULL))) < 0) {
        if (rc != DARS_ECONFLICT)
            return rc;
        view_flash(r, N_("You are already enrolled in this course"));
        return http_redirect(r, catalog_course_url(r, c.code));
    }
    if (streq(status, "active")) {
        view_flash(r, N_("You are enrolled"));
    } else if (streq(status, "requested")) {
        view_flash(r, N_("Your request was sent"));
    } else {
        if ((rc = enrol_waitlist_place(r->db, &r->arena, r->user->id, c.id, &place)) < 0)
            return rc;
        view_flash(r, i18n_fill(&r->arena, _(r->lang, "You are on the waitlist (place {place})"),
                                 "{place}", view_int(r, place)));
    }
    return http_redirect(r, catalog_course_url(r, c.code));
}

/* GET /courses/:code/withdraw: "are you sure?" */
int enrol_withdraw_page(struct req *r)
{
    struct catalog_course c;
    struct enrol_row e;
    bool manages = false;
    int rc = course_for_learner(r, &c, &manages);

    if (rc < 0)
        return rc;
    rc = enrol_find(r->db, &r->arena, r->user->id, c.id, &e);
    if (rc == DARS_ENOTFOUND || (rc == 0 && (streq(e.status, "withdrawn") ||
                                             streq(e.status, "completed"))))
        return http_redirect(r, catalog_course_url(r, c.code));
    if (rc < 0)
        return rc;
    const char *url = catalog_course_url(r, c.code);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b}", "title",
                               _(r->lang, "Withdraw from the course"), "course", c.title, "url",
                               url, "action", arena_printf(&r->arena, "%s/withdraw", url),
                               "waiting", !streq(e.status, "active"));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, url, NULL);
    return view_page(r, "enrol_withdraw", ctx);
}

/* POST /courses/:code/withdraw */
int enrol_withdraw_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct enrol_row e;
    bool manages = false;
    int rc = course_for_learner(r, &c, &manages);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if ((rc = enrol_lock_course(r->db, c.id)) == 0)
        rc = enrol_find(r->db, &r->arena, r->user->id, c.id, &e);
    if (rc == 0)
        rc = enrol_withdraw(r->db, &r->arena, &who, &e, &c);
    if ((rc = db_tx_end(r->db, rc)) < 0) {
        if (rc != DARS_ENOTFOUND && rc != DARS_ECONFLICT)
            return rc;
        view_flash(r, N_("You are not enrolled in this course"));
        return http_redirect(r, catalog_course_url(r, c.code));
    }
    view_flash(r, N_("You have withdrawn from the course"));
    return http_redirect(r, catalog_course_url(r, c.code));
}

/* Mark the lesson of the URL done or not, then go on: the next lesson, or the course. */
static int mark(struct req *r, bool done)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct enrol_row before, after;
    int64_t lesson_id, course_id = 0, *ids = NULL;
    size_t n = 0;
    bool manages = false;
    int rc = course_for_learner(r, &c, &manages);

    if (rc < 0)
        return rc;
    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    lesson_id = strtoll(r->params[1], NULL, 10);
    if ((rc = catalog_lesson_course(r->db, lesson_id, &course_id)) < 0)
        return rc;
    if (course_id != c.id)
        return DARS_ENOTFOUND;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    /* the store locks the course and reads the enrolment (before) itself */
    rc = enrol_lesson_mark(r->db, &r->arena, &who, r->user->id, c.id, lesson_id, done, &before);
    if (rc == 0)
        rc = enrol_find(r->db, &r->arena, r->user->id, c.id, &after);
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    const char *url = catalog_course_url(r, c.code);
    if (!done)
        return http_redirect(r, arena_printf(&r->arena, "%s/lessons/%lld", url,
                                             (long long)lesson_id));
    if (streq(after.status, "completed") && !streq(before.status, "completed")) {
        view_flash(r, N_("You have completed the course"));
        return http_redirect(r, url);
    }
    if ((rc = catalog_lesson_ids(r->db, &r->arena, c.id, &ids, &n)) < 0)
        return rc;
    for (size_t i = 0; i + 1 < n; i++)
        if (ids[i] == lesson_id)
            return http_redirect(r, arena_printf(&r->arena, "%s/lessons/%lld", url,
                                                 (long long)ids[i + 1]));
    return http_redirect(r, url);
}

/* POST /courses/:code/lessons/:id/done */
int enrol_done_submit(struct req *r)
{
    return mark(r, true);
}

/* POST /courses/:code/lessons/:id/undone */
int enrol_undone_submit(struct req *r)
{
    return mark(r, false);
}
