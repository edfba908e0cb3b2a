/*
 * A course's gradebook: one row per learner (active or completed), one
 * column per published quiz with the best attempt's percent, the course
 * total (best scores over the quizzes' most marks) and how many quizzes were
 * passed; as a page, CSV, XLSX and /api/v1. Quizzes are read once and the
 * attempts of all the rows in one statement, however many there are.
 */
#include "core/base.h"
#include "quiz/results_int.h"
#include "quiz/take_int.h"
#include "accounts/accounts.h"
#include "http/api.h"
#include "db/db.h"
#include "view/export.h"
#include "view/form.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

/* one learner's standing in one quiz */
struct book_cell {
    bool attempted, needs_grading, passed;
    double percent; /* of the best attempt */
};

struct book_row {
    int64_t enrol_id, user_id;
    const char *email, *name, *status;
    struct book_cell *cells; /* one per quiz */
    double total;            /* percent */
    int64_t passed;
};

struct book {
    struct catalog_course c;
    struct quiz *quizzes;
    size_t nquizzes;
    int64_t *max; /* most marks of each quiz, QUIZ_UNIT-free (marks) */
    struct book_row *rows;
    size_t nrows;
    bool more; /* the statement had a row beyond the limit */
};

static int book_course(struct req *r, struct book *b)
{
    struct db_stmt *st;
    int rc;

    memset(b, 0, sizeof(*b));
    if ((rc = catalog_course_managed(r, r->params[0], &b->c)) < 0 ||
        (rc = quiz_list(r->db, &r->arena, b->c.id, true, &b->quizzes, &b->nquizzes)) < 0)
        return rc;
    /* attempts whose time ran out count as submitted with what was saved in time */
    struct actor who = accounts_actor(r);
    if ((rc = take_close_expired_course(r->db, &r->arena, &who, b->c.id, NULL)) < 0)
        return rc;
    b->max = ARENA_NEW_N(&r->arena, int64_t, b->nquizzes + 1);
    if ((rc = db_query(r->db, &st, results_book_max_sql, DB_ARGS(DB_INT(b->c.id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        for (size_t j = 0; j < b->nquizzes; j++)
            if (b->quizzes[j].id == db_col_int(st, 0))
                b->max[j] = db_col_int(st, 1);
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The learners of a started statement (LEARNERS_COLUMNS), at most limit (< 0: all). */
static int rows_read(struct req *r, struct book *b, struct db_stmt *st, int64_t limit)
{
    size_t cap = 0;
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (limit >= 0 && (int64_t)b->nrows >= limit) {
            b->more = true; /* the one beyond the page says there is a next */
            continue;
        }
        /* zeroed: the total and passed are summed into later */
        b->rows = arena_grow_zeroed(&r->arena, b->rows, b->nrows, &cap, sizeof(*b->rows));
        struct book_row *w = &b->rows[b->nrows++];
        w->enrol_id = db_col_int(st, 0);
        w->user_id = db_col_int(st, 1);
        w->email = arena_strdup(&r->arena, db_col_text(st, 2));
        w->name = arena_strdup(&r->arena, db_col_text(st, 3));
        w->status = arena_strdup(&r->arena, db_col_text(st, 4));
        w->cells = ARENA_NEW_N(&r->arena, struct book_cell, b->nquizzes + 1);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int by_user(const void *x, const void *y)
{
    const struct book_row *const *a = x, *const *b = y;
    return (*a)->user_id < (*b)->user_id ? -1 : (*a)->user_id > (*b)->user_id;
}

/* Fold a started statement of BOOK_ATTEMPTS rows into the rows' cells, then the totals. */
static int cells_read(struct req *r, struct book *b, struct db_stmt *st)
{
    struct book_row **idx = ARENA_NEW_N(&r->arena, struct book_row *, b->nrows + 1);
    int rc;

    for (size_t i = 0; i < b->nrows; i++)
        idx[i] = &b->rows[i];
    qsort(idx, b->nrows, sizeof(*idx), by_user);
    while ((rc = db_step(st)) == DB_ROW) {
        struct book_row key = { .user_id = db_col_int(st, 0) }, *kp = &key, **hit;
        if (!(hit = bsearch(&kp, idx, b->nrows, sizeof(*idx), by_user)))
            continue;
        size_t j = 0;
        while (j < b->nquizzes && b->quizzes[j].id != db_col_int(st, 1))
            j++;
        if (j == b->nquizzes)
            continue;
        struct book_cell *cell = &(*hit)->cells[j];
        int64_t score = db_col_int(st, 2), max = db_col_int(st, 3);
        double percent = max > 0 ? 100.0 * (double)score / (double)max : 0;
        if (!cell->attempted || percent > cell->percent)
            cell->percent = percent;
        cell->attempted = true;
        cell->needs_grading |= db_col_int(st, 4) != 0;
        cell->passed |= db_col_int(st, 5) != 0;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    int64_t most = 0;
    for (size_t j = 0; j < b->nquizzes; j++)
        most += b->max[j];
    for (size_t i = 0; i < b->nrows; i++) {
        struct book_row *w = &b->rows[i];
        double got = 0;
        for (size_t j = 0; j < b->nquizzes; j++) {
            /* the best attempt's share of the quiz's marks; not attempted counts 0 */
            if (w->cells[j].attempted)
                got += w->cells[j].percent / 100.0 * (double)b->max[j];
            w->passed += w->cells[j].passed;
        }
        w->total = most > 0 ? 100.0 * got / (double)most : 0;
    }
    return 0;
}

static const char *status_label(struct req *r, const char *status)
{
    return streq(status, "completed") ? _(r->lang, "Completed") : _(r->lang, "In progress");
}

/* GET /admin/courses/:code/gradebook */
int results_book_page(struct req *r)
{
    struct book b;
    struct db_stmt *st;
    int64_t total = 0, page = form_page_arg(r), off = (page - 1) * QUIZ_PAGE_SIZE;
    int rc = book_course(r, &b);

    if (rc < 0)
        return rc;
    if ((rc = db_query_int(r->db, results_book_count_sql, DB_ARGS(DB_INT(b.c.id)), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, results_book_page_sql,
                       DB_ARGS(DB_INT(b.c.id), DB_INT(QUIZ_PAGE_SIZE), DB_INT(off)))) < 0 ||
        (rc = rows_read(r, &b, st, -1)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, results_book_page_attempts_sql,
                       DB_ARGS(DB_INT(b.c.id), DB_INT(b.c.id), DB_INT(QUIZ_PAGE_SIZE),
                               DB_INT(off)))) < 0 ||
        (rc = cells_read(r, &b, st)) < 0)
        return rc;

    struct val *cols = val_list(&r->arena), *rows = val_list(&r->arena);
    for (size_t j = 0; j < b.nquizzes; j++)
        val_push(cols, val_pack(&r->arena, "{s:s, s:s, s:s}", "title", b.quizzes[j].title,
                                "url",
                                arena_printf(&r->arena, "/admin/quizzes/%lld/results",
                                             (long long)b.quizzes[j].id),
                                "pass_mark",
                                arena_printf(&r->arena, "%lld%%",
                                             (long long)b.quizzes[j].pass_mark)));
    for (size_t i = 0; i < b.nrows; i++) {
        struct book_row *w = &b.rows[i];
        struct val *cells = val_list(&r->arena);
        /* rows times quizzes cells: their texts are the arena's already, not copied */
        for (size_t j = 0; j < b.nquizzes; j++) {
            struct book_cell *x = &w->cells[j];
            const char *value =
                x->attempted
                    ? arena_printf(&r->arena, "%s%%", quiz_num_text(&r->arena, x->percent))
                    : "-";
            val_push(cells, val_pack(&r->arena, "{s:o, s:b, s:b}", "value",
                                     val_str_ref(&r->arena, value), "needs_grading",
                                     x->needs_grading, "passed", x->passed));
        }
        val_push(rows,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:s, s:s}", "full_name", w->name,
                          "email", w->email, "status", status_label(r, w->status), "cells",
                          cells, "total",
                          arena_printf(&r->arena, "%s%%", quiz_num_text(&r->arena, w->total)),
                          "passed",
                          arena_printf(&r->arena, "%lld / %zu", (long long)w->passed,
                                       b.nquizzes)));
    }
    const char *url = arena_printf(&r->arena, "/admin/courses/%s/gradebook",
                                   url_encode(&r->arena, b.c.code));
    const char *curl = catalog_course_url(r, b.c.code);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:o, s:b, s:b, s:s, s:s}", "title",
                               _(r->lang, "Gradebook"), "course", b.c.title, "quizzes", cols,
                               "rows", rows, "has_items", b.nrows > 0, "has_quizzes",
                               b.nquizzes > 0, "csv_url", arena_printf(&r->arena, "%s.csv", url),
                               "xlsx_url", arena_printf(&r->arena, "%s.xlsx", url));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", b.c.title, curl, NULL);
    view_pager(r, ctx, page, QUIZ_PAGE_SIZE, total);
    return view_page(r, "quiz_results_gradebook", ctx);
}

/* The whole gradebook as a table: e-mail, name, status, a percent per quiz, total, passed. */
static int book_table(struct req *r, struct book *b, struct export_table *t)
{
    struct db_stmt *st;
    int rc = book_course(r, b);

    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, results_book_all_sql, DB_ARGS(DB_INT(b->c.id)))) < 0 ||
        (rc = rows_read(r, b, st, -1)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, results_book_all_attempts_sql,
                       DB_ARGS(DB_INT(b->c.id), DB_INT(b->c.id)))) < 0 ||
        (rc = cells_read(r, b, st)) < 0)
        return rc;
    size_t ncols = 5 + b->nquizzes;
    const char **header = ARENA_NEW_N(&r->arena, const char *, ncols);
    header[0] = "email";
    header[1] = "full_name";
    header[2] = "status";
    for (size_t j = 0; j < b->nquizzes; j++)
        header[3 + j] = b->quizzes[j].title;
    header[3 + b->nquizzes] = "total_percent";
    header[4 + b->nquizzes] = "quizzes_passed";
    export_init(t, &r->arena, header, ncols);
    for (size_t j = 3; j < ncols && j < 32; j++)
        t->numeric |= 1u << j;
    for (size_t i = 0; i < b->nrows; i++) {
        struct book_row *w = &b->rows[i];
        const char **row = export_row(t);
        export_set(t, row, 0, w->email);
        export_set(t, row, 1, w->name);
        export_set(t, row, 2, w->status);
        for (size_t j = 0; j < b->nquizzes; j++)
            if (w->cells[j].attempted) /* empty when never attempted */
                export_set(t, row, 3 + j, quiz_num_text(&r->arena, w->cells[j].percent));
        export_set(t, row, 3 + b->nquizzes, quiz_num_text(&r->arena, w->total));
        export_set(t, row, 4 + b->nquizzes,
                   arena_printf(&r->arena, "%lld", (long long)w->passed));
    }
    return 0;
}

/* GET /admin/courses/:code/gradebook.csv */
int results_book_csv(struct req *r)
{
    struct book b;
    struct export_table t;
    int rc = book_table(r, &b, &t);

    /* course codes are A-Z, 0-9 and '-': nothing to quote */
    return rc < 0 ? rc : export_send_csv(r, &t, arena_printf(&r->arena, "%s-gradebook", b.c.code));
}

/* GET /admin/courses/:code/gradebook.xlsx */
int results_book_xlsx(struct req *r)
{
    struct book b;
    struct export_table t;
    int rc = book_table(r, &b, &t);

    return rc < 0 ? rc
                  : export_send_xlsx(r, &t, arena_printf(&r->arena, "%s-gradebook", b.c.code));
}

/* GET /api/v1/courses/:code/grades */
int results_api_grades(struct req *r)
{
    struct book b;
    struct api_page p;
    struct db_stmt *st;
    int rc = book_course(r, &b);

    if (rc < 0)
        return rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, results_book_after_sql,
                       DB_ARGS(DB_INT(b.c.id), DB_INT(p.after), DB_INT(p.limit + 1)))) < 0 ||
        (rc = rows_read(r, &b, st, p.limit)) < 0)
        return rc;
    /* the attempts of the page's learners only (limit, not limit + 1: the extra is not shown) */
    if ((rc = db_query(r->db, &st, results_book_after_attempts_sql,
                       DB_ARGS(DB_INT(b.c.id), DB_INT(b.c.id), DB_INT(p.after),
                               DB_INT(p.limit)))) < 0 ||
        (rc = cells_read(r, &b, st)) < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < b.nrows; i++) {
        struct book_row *w = &b.rows[i];
        json_t *q = json_object();
        for (size_t j = 0; j < b.nquizzes; j++)
            json_object_set_new(q, arena_printf(&r->arena, "%lld", (long long)b.quizzes[j].id),
                                w->cells[j].attempted
                                    ? json_real(quiz_round2(w->cells[j].percent))
                                    : json_null());
        json_array_append_new(items, json_pack("{s:s, s:s, s:o, s:f, s:I}", "user", w->email,
                                               "full_name", w->name, "quizzes", q, "total",
                                               quiz_round2(w->total), "passed",
                                               (json_int_t)w->passed));
    }
    return api_page_send(r, &p, items, b.more ? b.rows[b.nrows - 1].enrol_id : 0);
}
