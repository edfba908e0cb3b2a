/*
 * A course's learners for those who manage it: the list with status,
 * progress and activity (filter by status, search, pages), and the same rows
 * as CSV and XLSX downloads. Each answer costs a fixed number of statements.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "db/db.h"
#include "view/export.h"
#include "view/form.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

static const char *const statuses[] = { "requested", "waitlisted", "active", "completed",
                                        "withdrawn" };

/* The filters of the URL: a known status or "", and the search as a LIKE pattern. */
struct filters {
    const char *status, *q, *like;
};

static struct filters filters_read(struct req *r)
{
    struct filters f = { "", http_query(r, "q"), NULL };
    const char *s = http_query(r, "status");
    for (size_t i = 0; s && i < ARRAY_SIZE(statuses); i++)
        if (streq(statuses[i], s))
            f.status = statuses[i];
    if (!f.q)
        f.q = "";
    f.like = form_like(&r->arena, f.q);
    return f;
}

/* The query string of the filters, for the export links ("" or "?status=...&q=..."). */
static const char *filters_query(struct req *r, const struct filters *f)
{
    if (!*f->status && !*f->q)
        return "";
    return arena_printf(&r->arena, "?status=%s&q=%s", f->status, url_encode(&r->arena, f->q));
}

/* GET /courses/:code/learners */
int enrol_learners_page(struct req *r)
{
    struct catalog_course c;
    struct db_stmt *st;
    int64_t total = 0, page = form_page_arg(r);
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    struct filters f = filters_read(r);
    if ((rc = db_query_int(r->db, enrol_learners_count_sql,
                           DB_ARGS(DB_INT(c.id), DB_TEXT(f.status), DB_TEXT(f.status),
                                   DB_TEXT(f.like)),
                           &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, enrol_learners_page_sql,
                       DB_ARGS(DB_INT(c.id), DB_TEXT(f.status), DB_TEXT(f.status),
                               DB_TEXT(f.like), DB_INT(ENROL_PAGE_SIZE),
                               DB_INT((page - 1) * ENROL_PAGE_SIZE)))) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *last = db_col_text(st, 5), *done = db_col_text(st, 6);
        /*
         * the dates live as long as the request: no copies of them; the label may be
         * the row's own text (an unknown status), so it is copied
         */
        val_push(items,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:I, s:o, s:o, s:o}", "email",
                          db_col_text(st, 1), "full_name", db_col_text(st, 2), "status",
                          enrol_status_label(r->lang, db_col_text(st, 3)), "status_code",
                          db_col_text(st, 3), "progress", (json_int_t)db_col_int(st, 4),
                          "last_activity",
                          val_str_ref(&r->arena, *last ? view_datetime(r, last) : ""),
                          "completed_at", val_str_ref(&r->arena, *done ? view_date(r, done) : ""),
                          "enrolled_at",
                          val_str_ref(&r->arena, view_date(r, db_col_text(st, 7)))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *opts = val_list(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        val_push(opts, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", statuses[i], "label",
                                enrol_status_label(r->lang, statuses[i]), "selected",
                                streq(statuses[i], f.status)));
    const char *url = catalog_course_url(r, c.code);
    const char *query = filters_query(r, &f);
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:s, s:s}", "title",
        _(r->lang, "Learners"), "course", c.title, "url", url, "q", f.q, "statuses", opts,
        "items", items, "has_items", val_len(items) > 0, "filtered", *f.status || *f.q,
        "csv_url", arena_printf(&r->arena, "%s/learners.csv%s", url, query), "xlsx_url",
        arena_printf(&r->arena, "%s/learners.xlsx%s", url, query));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, url, NULL);
    view_pager(r, ctx, page, ENROL_PAGE_SIZE, total);
    return view_page(r, "enrol_learners", ctx);
}

static const char *const export_header[] = { "email",     "full_name",        "status",
                                             "progress",  "last_activity_at", "completed_at",
                                             "enrolled_at" };

/* The course (managed by the user) and its learners under the URL's filters as a table. */
static int export_load(struct req *r, struct catalog_course *c, struct export_table *t)
{
    struct db_stmt *st;
    int rc = catalog_course_managed(r, r->params[0], c);

    if (rc < 0)
        return rc;
    struct filters f = filters_read(r);
    if ((rc = db_query(r->db, &st, enrol_learners_all_sql,
                       DB_ARGS(DB_INT(c->id), DB_TEXT(f.status), DB_TEXT(f.status),
                               DB_TEXT(f.like)))) < 0)
        return rc;
    export_init(t, &r->arena, export_header, ARRAY_SIZE(export_header));
    t->numeric = 1u << 3; /* progress */
    while ((rc = db_step(st)) == DB_ROW) {
        const char **row = export_row(t);
        for (size_t i = 0; i < ARRAY_SIZE(export_header); i++)
            export_set(t, row, i, db_col_text(st, (int)i + 1));
        row[3] = arena_printf(&r->arena, "%lld", (long long)db_col_int(st, 4));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /courses/:code/learners.csv */
int enrol_learners_csv(struct req *r)
{
    struct catalog_course c;
    struct export_table t;
    int rc = export_load(r, &c, &t);

    /* course codes are A-Z, 0-9 and '-': nothing to quote */
    return rc < 0 ? rc
                  : export_send_csv(r, &t, arena_printf(&r->arena, "%s-learners", c.code));
}

/* GET /courses/:code/learners.xlsx */
int enrol_learners_xlsx(struct req *r)
{
    struct catalog_course c;
    struct export_table t;
    int rc = export_load(r, &c, &t);

    return rc < 0 ? rc
                  : export_send_xlsx(r, &t, arena_printf(&r->arena, "%s-learners", c.code));
}
