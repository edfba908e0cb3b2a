/*
 * /my, the learner's dashboard: current courses with progress and where to
 * resume, requests and waitlist places, completed courses, and programmes.
 * Two statements however many enrolments there are (DESIGN.md section 8).
 */
#include "core/base.h"
#include "view/view_json.h"
#include "enrol/enrol_int.h"
#include "db/db.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

/* The courses, sorted into the three lists of the page. */
static int my_courses(struct req *r, json_t *current, json_t *waiting, json_t *completed)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, enrol_my_courses_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_TEXT(r->lang), DB_INT(r->user->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 1);
        const char *status = db_col_text(st, 3);
        const char *url = catalog_course_url(r, code);
        json_t *item = json_pack("{s:s, s:s, s:s}", "code", code, "title", db_col_text(st, 2),
                                 "url", url);
        if (streq(status, "active")) {
            int64_t resume = db_col_int(st, 7);
            json_object_set_new(item, "progress", json_integer(db_col_int(st, 4)));
            if (resume)
                json_object_set_new(item, "resume_url",
                                    json_string(arena_printf(&r->arena, "%s/lessons/%lld", url,
                                                             (long long)resume)));
            json_array_append_new(current, item);
        } else if (streq(status, "completed")) {
            json_object_set_new(item, "completed_at",
                                json_string(view_date(r, db_col_text(st, 5))));
            json_array_append_new(completed, item);
        } else {
            int64_t place = db_col_int(st, 6);
            json_object_set_new(item, "status", json_string(enrol_status_label(r->lang, status)));
            if (place)
                json_object_set_new(item, "place", json_string(view_int(r, place)));
            json_array_append_new(waiting, item);
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int my_programmes(struct req *r, json_t *programmes)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, enrol_my_programmes_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_TEXT(r->lang), DB_INT(r->user->id),
                               DB_TEXT(r->lang), DB_INT(r->user->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t total = db_col_int(st, 3), done = db_col_int(st, 4);
        bool complete = total > 0 && done == total;
        const char *code = db_col_text(st, 1);
        json_t *item = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:b}", "code", code, "title", db_col_text(st, 2), "url",
            arena_printf(&r->arena, "/programmes/%s", url_encode(&r->arena, code)), "done",
            view_int(r, done), "total", view_int(r, total), "complete", complete);
        /* the programme was completed when its last course was */
        if (complete)
            json_object_set_new(item, "completed_at",
                                json_string(view_date(r, db_col_text(st, 5))));
        json_array_append_new(programmes, item);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /my */
int enrol_my_page(struct req *r)
{
    json_t *current = json_array(), *waiting = json_array(), *completed = json_array();
    json_t *programmes = json_array();
    int rc;

    if ((rc = my_courses(r, current, waiting, completed)) < 0 ||
        (rc = my_programmes(r, programmes)) < 0) {
        json_decref(current);
        json_decref(waiting);
        json_decref(completed);
        json_decref(programmes);
        return rc;
    }
    bool any = json_array_size(current) || json_array_size(waiting) || json_array_size(completed);
    json_t *ctx = json_pack("{s:s, s:b, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o}", "title",
                            _(r->lang, "My learning"), "has_any", any, "has_current",
                            json_array_size(current) > 0, "has_waiting",
                            json_array_size(waiting) > 0, "has_completed",
                            json_array_size(completed) > 0, "has_programmes",
                            json_array_size(programmes) > 0, "current", current, "waiting",
                            waiting, "completed", completed, "programmes", programmes);
    return view_page_j(r, "enrol_my", ctx);
}
