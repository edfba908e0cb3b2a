/*
 * Requests and waitlist of a course, for those who manage it: pending
 * requests with Approve and Decline buttons, and the waitlist in the order
 * places will be given.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "http/api.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

/* GET /courses/:code/requests */
int enrol_requests_page(struct req *r)
{
    struct catalog_course c;
    struct db_stmt *st;
    int64_t place = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, enrol_queue_sql, DB_ARGS(DB_INT(c.id)))) < 0)
        return rc;
    struct val *requests = val_list(&r->arena), *waitlist = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        bool requested = streq(db_col_text(st, 3), "requested");
        struct val *item = val_pack(&r->arena, "{s:I, s:s, s:s, s:o}", "id",
                                    (json_int_t)db_col_int(st, 0), "email", db_col_text(st, 1),
                                    "full_name", db_col_text(st, 2), "since",
                                    val_str_ref(&r->arena, view_datetime(r, db_col_text(st, 4))));
        if (!requested)
            val_set(item, "place", val_str_ref(&r->arena, view_int(r, ++place)));
        val_push(requested ? requests : waitlist, item);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    const char *url = catalog_course_url(r, c.code);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:o, s:b, s:b}", "title",
                               _(r->lang, "Requests and waitlist"), "course", c.title, "url", url,
                               "requests", requests, "waitlist", waitlist, "has_requests",
                               val_len(requests) > 0, "has_waitlist", val_len(waitlist) > 0);
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, url, _(r->lang, "Learners"),
                arena_printf(&r->arena, "%s/learners", url), NULL);
    return view_page(r, "enrol_requests", ctx);
}

static int decide(struct req *r, bool approve)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct enrol_row e;
    const char *status = NULL;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    const char *back = arena_printf(&r->arena, "%s/requests", catalog_course_url(r, c.code));
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if ((rc = enrol_lock_course(r->db, c.id)) == 0)
        rc = enrol_get(r->db, &r->arena, strtoll(r->params[1], NULL, 10), &e);
    if (rc == 0 && e.course_id != c.id)
        rc = DARS_ENOTFOUND;
    if (rc == 0)
        rc = enrol_decide(r->db, &r->arena, &who, &e, &c, approve, &status);
    if ((rc = db_tx_end(r->db, rc)) < 0) {
        if (rc != DARS_ENOTFOUND)
            return rc;
        /* decided by someone else meanwhile, or never a request of this course */
        view_flash(r, N_("This request is no longer waiting"));
        return http_redirect(r, back);
    }
    if (!approve)
        view_flash(r, N_("Request declined"));
    else if (streq(status, "active"))
        view_flash(r, N_("Request approved"));
    else
        view_flash(r,
                   N_("Request approved: the course is full, so the learner is on the waitlist"));
    return http_redirect(r, back);
}

/* POST /courses/:code/requests/:id/approve */
int enrol_approve_submit(struct req *r)
{
    return decide(r, true);
}

/* POST /courses/:code/requests/:id/decline */
int enrol_decline_submit(struct req *r)
{
    return decide(r, false);
}
