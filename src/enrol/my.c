/*
 * /my, the learner's dashboard: current courses with progress and where to
 * resume, requests and waitlist places, completed courses, and programmes.
 * Two statements however many enrolments there are (DESIGN.md section 8).
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "db/db.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

/* The courses, sorted into the three lists of the page. */
static int my_courses(struct req *r, struct val *current, struct val *waiting,
                      struct val *completed)
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
        struct val *item = val_pack(&r->arena, "{s:s, s:s, s:s}", "code", code, "title",
                                    db_col_text(st, 2), "url", url);
        if (streq(status, "active")) {
            int64_t resume = db_col_int(st, 7);
            val_set_int(item, "progress", db_col_int(st, 4));
            if (resume)
                val_set(item, "resume_url",
                        val_str_ref(&r->arena, arena_printf(&r->arena, "%s/lessons/%lld", url,
                                                            (long long)resume)));
            val_push(current, item);
        } else if (streq(status, "completed")) {
            val_set(item, "completed_at", val_str_ref(&r->arena, view_date(r, db_col_text(st, 5))));
            val_push(completed, item);
        } else {
            int64_t place = db_col_int(st, 6);
            /* copied: an unknown status is its label */
            val_set_str(item, "status", enrol_status_label(r->lang, status));
            if (place)
                val_set(item, "place", val_str_ref(&r->arena, view_int(r, place)));
            val_push(waiting, item);
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int my_programmes(struct req *r, struct val *programmes)
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
        struct val *item = val_pack(
            &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:b}", "code", code, "title",
            db_col_text(st, 2), "url",
            arena_printf(&r->arena, "/programmes/%s", url_encode(&r->arena, code)), "done",
            view_int(r, done), "total", view_int(r, total), "complete", complete);
        /* the programme was completed when its last course was */
        if (complete)
            val_set(item, "completed_at", val_str_ref(&r->arena, view_date(r, db_col_text(st, 5))));
        val_push(programmes, item);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /my */
int enrol_my_page(struct req *r)
{
    struct val *current = val_list(&r->arena), *waiting = val_list(&r->arena);
    struct val *completed = val_list(&r->arena), *programmes = val_list(&r->arena);
    struct val *certificates;
    int rc;

    if ((rc = my_courses(r, current, waiting, completed)) < 0 ||
        (rc = my_programmes(r, programmes)) < 0 ||
        (rc = enrol_my_certificates(r, &certificates)) < 0)
        return rc;
    bool any = val_len(current) || val_len(waiting) || val_len(completed) ||
               val_len(certificates);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:b, s:b, s:b, s:b, s:b, s:o, s:o, s:o, s:o}",
                               "title", _(r->lang, "My learning"), "has_any", any, "has_current",
                               val_len(current) > 0, "has_waiting", val_len(waiting) > 0,
                               "has_completed", val_len(completed) > 0, "has_programmes",
                               val_len(programmes) > 0, "current", current, "waiting", waiting,
                               "completed", completed, "programmes", programmes);
    val_set(ctx, "certificates", certificates);
    val_set_bool(ctx, "has_certificates", val_len(certificates) > 0);
    return view_page(r, "enrol_my", ctx);
}
