/*
 * A learner's standing as the catalog's course and lesson pages show it,
 * through the hooks catalog.h declares: whether they may read a course's
 * lessons, which they have done and where they were (enrol_course_reader),
 * and the course page's "Your place" panel (enrol_course_panel).
 */
#include "core/base.h"
#include "core/url.h"
#include "enrol/enrol_int.h"
#include "view/view.h"

/* enrol_course_reader's get: the reading's own record is the struct enrol_state */
static int reading_get(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                       struct catalog_reading *out)
{
    struct enrol_state *s = ARENA_NEW(a, struct enrol_state);
    int rc = enrol_state_get(db, a, user_id, course_id, s);

    memset(out, 0, sizeof(*out));
    if (rc < 0)
        return rc;
    out->may_read = enrol_state_may_read(s);
    out->last_lesson_id = s->last_lesson_id;
    out->done = s->done;
    out->ndone = s->ndone;
    out->own = s;
    return 0;
}

static int reading_opened(struct db *db, const struct catalog_reading *s, int64_t user_id,
                          int64_t course_id, int64_t lesson_id)
{
    return enrol_touch_page(db, s->own, user_id, course_id, lesson_id);
}

const struct catalog_reader enrol_course_reader = { reading_get, reading_opened };

/*
 * enrol_course_panel's show. The page's reading came from enrol_course_reader
 * (src/modules.c sets both), so its own record is our struct enrol_state.
 */
static int panel_show(struct req *r, const struct catalog_course_page *p, const char **html)
{
    const struct catalog_course *c = p->course;
    const struct enrol_state *es = p->reading ? p->reading->own : NULL;
    const char *s = es ? es->status : "none";
    const char *base = catalog_course_url(r, c->code);
    struct val *o = val_pack(&r->arena, "{s:b, s:s, s:s}", "signed_in", r->user != NULL,
                             "enrol_url", arena_printf(&r->arena, "%s/enrol", base),
                             "withdraw_url", arena_printf(&r->arena, "%s/withdraw", base));
    bool open = streq(c->status, "published");
    if (!r->user) {
        val_set_str(o, "login_url",
                    arena_printf(&r->arena, "/login?next=%s", url_encode(&r->arena, base)));
    } else if (streq(s, "active") || streq(s, "completed")) {
        val_set_bool(o, "enrolled", true);
        val_set_bool(o, "completed", streq(s, "completed"));
        val_set_int(o, "progress", es->progress);
        if (*es->completed_at)
            val_set_str(o, "completed_at", view_date(r, es->completed_at));
        if (p->next_lesson_id)
            val_set_str(o, "resume_url", catalog_lesson_url(r, c->code, p->next_lesson_id));
    } else if (streq(s, "waitlisted")) {
        val_set_bool(o, "waitlisted", true);
        val_set_str(o, "place", view_int(r, es->waitlist_pos));
    } else if (streq(s, "requested")) {
        val_set_bool(o, "requested", true);
    } else if (open) {
        val_set_bool(o, "can_enrol", true);
        val_set_bool(o, "approval", streq(c->enrol_mode, "approval"));
    }
    /* the enrol form posts outside the layout's own context */
    if (r->csrf)
        val_set_str(o, "csrf", r->csrf);
    return view_part(r, "enrol_course_panel", o, html);
}

const struct catalog_panel enrol_course_panel = { "enrolment", panel_show };
