/*
 * A quiz's attempts for those who manage its course: the list (filter by
 * "needs grading"), one attempt with every question, response, right answer
 * and credit, and the grading of an item by hand (essays, or an override of
 * the automatic credit); the same through /api/v1. Each answer costs a
 * fixed number of statements.
 */
#include "core/base.h"
#include "quiz/results_int.h"
#include "quiz/take_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <math.h>
#include <time.h>

#define COMMENT_MAX_CHARS 10000

/* ---- shared by the results files ---- */

int results_quiz_managed(struct req *r, const char *id, struct quiz *qz, struct catalog_course *c)
{
    struct actor who = accounts_actor(r);
    int rc;

    if ((rc = quiz_get_managed(r, api_id(id), qz, c)) < 0)
        return rc;
    /* attempts whose time ran out count as submitted with what was saved in time */
    return take_close_expired(r->db, &r->arena, &who, qz, NULL);
}

/* ---- attempts ---- */

/* An attempt (without items) from a row of ATTEMPT_COLUMNS. */
static void attempt_from_row(struct arena *a, struct db_stmt *st, struct quiz_attempt *at)
{
    memset(at, 0, sizeof(*at));
    at->id = db_col_int(st, 0);
    at->user_email = arena_strdup(a, db_col_text(st, 1));
    at->user_name = arena_strdup(a, db_col_text(st, 2));
    at->number = db_col_int(st, 3);
    at->state = arena_strdup(a, db_col_text(st, 4));
    at->started_at = arena_strdup(a, db_col_text(st, 5));
    at->deadline_at = arena_strdup(a, db_col_text(st, 6));
    at->submitted_at = arena_strdup(a, db_col_text(st, 7));
    at->graded = !db_col_is_null(st, 8);
    at->score = db_col_int(st, 8);
    at->max_score = db_col_int(st, 9);
    at->needs_grading = db_col_int(st, 10) != 0;
    at->passed = db_col_int(st, 11) != 0;
}

/* seconds since the epoch of a stored time; -1 when it is not one */
static int64_t iso_seconds(const char *iso)
{
    time_t t;
    return time_from_iso(iso, &t) < 0 ? -1 : (int64_t)t;
}

/* "12:05" or "1:02:03" from start to end; "" when either is missing */
static const char *duration(struct arena *a, const char *start, const char *end)
{
    int64_t s = iso_seconds(start), e = iso_seconds(end);
    if (s < 0 || e < s)
        return "";
    return quiz_clock_text(a, e - s);
}

static double marks(int64_t units)
{
    return (double)units / QUIZ_UNIT;
}

/* The attempt as a row of the results list. */
static struct val *attempt_row(struct req *r, const struct quiz_attempt *at)
{
    bool submitted = streq(at->state, "submitted");
    struct val *o = val_pack(
        &r->arena, "{s:I, s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:b, s:b, s:b, s:s}", "id",
        (json_int_t)at->id, "email", at->user_email, "full_name", at->user_name, "number",
        (json_int_t)at->number, "state",
        submitted ? _(r->lang, "Submitted") : _(r->lang, "In progress"), "started",
        view_datetime(r, at->started_at), "submitted",
        *at->submitted_at ? view_datetime(r, at->submitted_at) : "", "time_taken",
        submitted ? duration(&r->arena, at->started_at, at->submitted_at) : "", "submitted_b",
        submitted, "needs_grading", submitted && at->needs_grading, "passed",
        submitted && at->graded && at->passed, "url",
        arena_printf(&r->arena, "/admin/attempts/%lld", (long long)at->id));
    if (submitted && at->graded) {
        val_set_str(o, "score", quiz_num_text(&r->arena, marks(at->score)));
        val_set_str(o, "max", quiz_num_text(&r->arena, marks(at->max_score)));
        val_set_str(o, "percent", quiz_num_text(&r->arena, quiz_attempt_percent(at)));
    }
    return o;
}

/* The attempt as the API shows it. */
static json_t *attempt_api_json(const struct quiz_attempt *at)
{
    bool submitted = streq(at->state, "submitted");
    bool scored = submitted && at->graded;
    return json_pack("{s:I, s:s, s:I, s:s, s:s, s:o, s:o, s:f, s:o, s:o, s:b}", "id",
                     (json_int_t)at->id, "user", at->user_email, "number",
                     (json_int_t)at->number, "state", at->state, "started_at", at->started_at,
                     "submitted_at",
                     *at->submitted_at ? json_string(at->submitted_at) : json_null(), "score",
                     scored ? json_real(marks(at->score)) : json_null(), "max_score",
                     marks(at->max_score), "percent",
                     scored ? json_real(quiz_round2(quiz_attempt_percent(at))) : json_null(),
                     "passed", scored ? json_boolean(at->passed) : json_null(),
                     "needs_grading", submitted && at->needs_grading);
}

static const char *quiz_url(struct req *r, const struct quiz *qz)
{
    return arena_printf(&r->arena, "/admin/quizzes/%lld", (long long)qz->id);
}

/* GET /admin/quizzes/:id/results */
int results_list_page(struct req *r)
{
    struct quiz qz;
    struct catalog_course c;
    struct db_stmt *st;
    int64_t total = 0, page = form_page_arg(r);
    const char *ng = http_query(r, "needs_grading");
    bool only = ng && streq(ng, "1");
    int rc = results_quiz_managed(r, r->params[0], &qz, &c);

    if (rc < 0)
        return rc;
    if ((rc = db_query_int(r->db, results_attempts_count_sql,
                           DB_ARGS(DB_INT(qz.id), DB_INT(only)), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, results_attempts_page_sql,
                       DB_ARGS(DB_INT(qz.id), DB_INT(only), DB_INT(QUIZ_PAGE_SIZE),
                               DB_INT((page - 1) * QUIZ_PAGE_SIZE)))) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        struct quiz_attempt at;
        attempt_from_row(&r->arena, st, &at);
        val_push(items, attempt_row(r, &at));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    const char *qurl = quiz_url(r, &qz);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:b, s:b, s:s, s:s, s:s}",
                               "title", _(r->lang, "Results"), "quiz", qz.title, "quiz_url",
                               qurl, "items", items, "has_items", val_len(items) > 0, "only",
                               only, "action", arena_printf(&r->arena, "%s/results", qurl),
                               "stats_url", arena_printf(&r->arena, "%s/statistics", qurl),
                               "book_url",
                               arena_printf(&r->arena, "/admin/courses/%s/gradebook",
                                            url_encode(&r->arena, c.code)));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, catalog_course_url(r, c.code),
                qz.title, qurl, NULL);
    view_pager(r, ctx, page, QUIZ_PAGE_SIZE, total);
    return view_page(r, "quiz_results_list", ctx);
}

/* GET /api/v1/quizzes/:id/attempts */
static json_t *attempt_api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct quiz_attempt at;
    UNUSED(data);
    attempt_from_row(&r->arena, st, &at);
    *id = at.id;
    return attempt_api_json(&at);
}

int results_api_attempts(struct req *r)
{
    struct quiz qz;
    struct catalog_course c;
    struct api_page p;
    struct db_stmt *st;
    int rc = results_quiz_managed(r, r->params[0], &qz, &c);

    if (rc < 0)
        return rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, results_attempts_after_sql,
                       DB_ARGS(DB_INT(qz.id), DB_INT(p.after), DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, attempt_api_row, NULL);
}

/* ---- one attempt ---- */

/* An attempt the user may grade, with its quiz and course. */
static int attempt_managed(struct req *r, const char *id, struct quiz_attempt *at,
                           struct quiz *qz, struct catalog_course *c)
{
    int64_t aid = api_id(id);
    int rc;
    if (!aid)
        return DARS_ENOTFOUND;
    if ((rc = quiz_attempt_get(r->db, &r->arena, aid, at)) < 0)
        return rc;
    return quiz_get_managed(r, at->quiz_id, qz, c);
}

/* " (50%)" after a right answer that earns part of the credit */
static const char *share(struct arena *a, int64_t fraction)
{
    if (fraction == QUIZ_UNIT)
        return "";
    return arena_printf(a, " (%s%%)", quiz_num_text(a, 100.0 * (double)fraction / QUIZ_UNIT));
}

/* The response as lines people read (arena strings, not copied again). */
static struct val *response_lines(struct req *r, const struct quiz_item *it)
{
    struct arena *a = &r->arena;
    const struct quiz_question *q = &it->q;
    const char *resp = it->response;
    struct val *lines = val_list(a);

    if (!resp)
        return lines;
    if (streq(q->type, "single") || streq(q->type, "truefalse") || streq(q->type, "multiple")) {
        int64_t id;
        for (const char *p = resp; quiz_ids_next(&p, &id);) {
            const struct quiz_answer *an = quiz_answer_by_id(q, id);
            val_push(lines, val_str_ref(a, an ? take_answer_label(r, q, an)
                                              : arena_printf(a, "%lld", (long long)id)));
        }
    } else if (streq(q->type, "matching")) {
        /* the stored response is JSON (quiz_int.h): read it, the lines are values */
        json_t *o = json_loads(resp, 0, NULL);
        const char *key;
        json_t *v;
        if (!json_is_object(o)) {
            val_push(lines, val_str_ref(a, resp));
        } else {
            /* in the order of the stems */
            for (size_t i = 0; i < q->nanswers; i++) {
                key = arena_printf(a, "%lld", (long long)q->answers[i].id);
                if (!(v = json_object_get(o, key)) || !json_is_string(v))
                    continue;
                val_push(lines, val_str_ref(a, arena_printf(a, "%s → %s",
                                                            take_answer_label(r, q,
                                                                              &q->answers[i]),
                                                            json_string_value(v))));
            }
        }
        json_decref(o);
    } else {
        /* text: one line each, so that an essay keeps its paragraphs */
        const char *s = resp;
        while (*s) {
            const char *nl = strchr(s, '\n');
            size_t n = nl ? (size_t)(nl - s) : strlen(s);
            char *line = arena_strndup(a, s, n);
            if (n && line[n - 1] == '\r')
                line[n - 1] = '\0';
            val_push(lines, val_str_ref(a, line));
            s += n + (nl ? 1 : 0);
        }
    }
    return lines;
}

/* The right answers as lines (arena strings, not copied again). */
static struct val *right_lines(struct req *r, const struct quiz_question *q)
{
    struct arena *a = &r->arena;
    struct val *lines = val_list(a);
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *an = &q->answers[i];
        if (streq(q->type, "matching")) {
            if (an->text && *an->text)
                val_push(lines, val_str_ref(a, arena_printf(a, "%s → %s", an->text,
                                                            an->match ? an->match : "")));
        } else if (streq(q->type, "numerical")) {
            if (an->fraction > 0)
                val_push(lines, val_str_ref(a, arena_printf(a, "%.15g ± %.15g%s", an->value,
                                                            an->tolerance,
                                                            share(a, an->fraction))));
        } else if (an->fraction > 0) {
            val_push(lines, val_str_ref(a, arena_printf(a, "%s%s", take_answer_label(r, q, an),
                                                        share(a, an->fraction))));
        }
    }
    return lines;
}

/* who graded each item by hand, from the database (the model does not carry it) */
struct grader {
    const char *email, *at;
};

static int graders_load(struct req *r, const struct quiz_attempt *at, struct grader *g)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, results_item_graders_sql, DB_ARGS(DB_INT(at->id)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t pos = db_col_int(st, 0);
        for (size_t i = 0; i < at->nitems; i++)
            if (at->items[i].position == pos) {
                g[i].email = arena_strdup(&r->arena, db_col_text(st, 1));
                g[i].at = arena_strdup(&r->arena, db_col_text(st, 2));
            }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* What the form of a failed grade post shows again. */
struct grade_input {
    int64_t position; /* 0: none */
    const char *credit, *comment;
    json_t *errors;   /* field -> msgid */
};

static int attempt_render(struct req *r, int status, const struct quiz_attempt *at,
                          const struct quiz *qz, const struct catalog_course *c,
                          const struct grade_input *in)
{
    struct grader *g = ARENA_NEW_N(&r->arena, struct grader, at->nitems + 1);
    bool submitted = streq(at->state, "submitted");
    int rc = graders_load(r, at, g);

    if (rc < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    for (size_t i = 0; i < at->nitems; i++) {
        const struct quiz_item *it = &at->items[i];
        const char *type = it->q.type;
        bool essay = streq(type, "essay"), description = streq(type, "description");
        bool mine = in && in->position == it->position;
        const char *html;
        if ((rc = quiz_text_html(&r->arena, it->q.text, it->q.format, &html)) < 0)
            return rc;
        struct val *right = right_lines(r, &it->q);
        struct val *o = val_pack(
            &r->arena, "{s:I, s:s, s:s, s:s, s:o, s:b, s:o, s:b, s:b, s:b, s:s, s:s, s:s, s:I}",
            "position", (json_int_t)it->position, "name", it->q.name, "type",
            _(r->lang, quiz_type_label(type)), "html", html, "response", response_lines(r, it),
            "answered", it->response != NULL, "right", right, "essay", essay, "gradable",
            submitted && !description, "needs_grading", submitted && !it->graded && !description,
            "comment", it->comment ? it->comment : "", "action",
            arena_printf(&r->arena, "/admin/attempts/%lld/items/%lld/grade", (long long)at->id,
                         (long long)it->position),
            "mark", quiz_num_text(&r->arena, (double)it->mark), "mark_n", (json_int_t)it->mark);
        val_set_str(o, "comment_value", it->comment ? it->comment : "");
        val_set_bool(o, "has_right", val_len(right) > 0);
        if (it->graded && !description) {
            double got = marks(it->fraction * it->mark);
            val_set_str(o, "credit", quiz_num_text(&r->arena, got));
            val_set_str(o, "credit_value", quiz_num_text(&r->arena, got));
        }
        if (g[i].email && *g[i].email)
            val_set(o, "graded_by",
                    val_pack(&r->arena, "{s:s, s:s}", "email", g[i].email, "at",
                             *g[i].at ? view_datetime(r, g[i].at) : ""));
        if (mine) {
            json_t *e;
            val_set_str(o, "credit_value", in->credit ? in->credit : "");
            val_set_str(o, "comment_value", in->comment ? in->comment : "");
            if ((e = json_object_get(in->errors, "credit")))
                val_set_str(o, "credit_error", _(r->lang, json_string_value(e)));
            if ((e = json_object_get(in->errors, "comment")))
                val_set_str(o, "comment_error", _(r->lang, json_string_value(e)));
            val_set_bool(o, "open", true);
        } else if (essay) {
            val_set_bool(o, "open", true);
        }
        val_push(items, o);
    }
    struct val *row = attempt_row(r, at);
    const char *qurl = quiz_url(r, qz);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:o, s:b, s:s}", "title",
                               _(r->lang, "Attempt review"), "quiz", qz->title, "attempt", row,
                               "items", items, "open_attempt", !submitted, "results_url",
                               arena_printf(&r->arena, "%s/results", qurl));
    if (in && in->errors && json_object_size(in->errors)) {
        /* the summary links to the inline field of the item posted; the messages stay
           in->errors' (the caller frees them after the page), which view_form_errors refers to */
        json_t *e = json_object(), *v;
        const char *k;
        json_object_foreach(in->errors, k, v)
            json_object_set(e, arena_printf(&r->arena, "%s-%lld", k, (long long)in->position), v);
        view_form_errors(r, ctx, e);
        json_decref(e);
    }
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c->title,
                catalog_course_url(r, c->code), qz->title, qurl, _(r->lang, "Results"),
                arena_printf(&r->arena, "%s/results", qurl), NULL);
    return view_page_status(r, status, "quiz_results_attempt", ctx);
}

/* GET /admin/attempts/:id */
int results_attempt_page(struct req *r)
{
    struct quiz_attempt at;
    struct quiz qz;
    struct catalog_course c;
    int rc = attempt_managed(r, r->params[0], &at, &qz, &c);

    if (rc < 0)
        return rc;
    return attempt_render(r, 200, &at, &qz, &c, NULL);
}

static const char *fraction_text(struct arena *a, bool graded, int64_t fraction)
{
    return graded ? arena_printf(a, "%.7g", (double)fraction / QUIZ_UNIT) : "";
}

/*
 * Set an item's credit by hand and total the attempt again, audited, in one
 * transaction. DARS_ECONFLICT for an attempt not yet submitted.
 */
static int grade_write(struct req *r, struct quiz_attempt *at, const struct quiz *qz,
                       struct quiz_item *it, int64_t fraction, const char *comment)
{
    struct actor who = accounts_actor(r);
    struct grader *g = ARENA_NEW_N(&r->arena, struct grader, at->nitems + 1);
    char now[TIME_ISO_LEN];
    json_t *changes = NULL;
    int rc;

    if (!streq(at->state, "submitted"))
        return DARS_ECONFLICT;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if ((rc = graders_load(r, at, g)) < 0)
        goto out;
    size_t idx = (size_t)(it - at->items);
    const char *was = !it->graded                   ? "not graded"
                      : (g[idx].email && *g[idx].email) ? "by hand"
                                                      : "automatically";
    bool scored = at->graded;
    int64_t score_before = at->score;
    changes = json_object();
    json_object_set_new(changes, "position", json_pack("{s:I}", "after", (json_int_t)it->position));
    audit_diff(changes, "fraction", fraction_text(&r->arena, it->graded, it->fraction),
               fraction_text(&r->arena, true, fraction));
    audit_diff(changes, "comment", it->comment, comment);
    audit_diff(changes, "graded", was, "by hand");
    time_now_iso(now);
    if ((rc = db_exec(r->db, results_item_grade_sql,
                      DB_ARGS(DB_INT(fraction), DB_TEXT(comment), DB_INT(who.id), DB_TEXT(now),
                              DB_TEXT(now), DB_INT(at->id), DB_INT(it->position)))) < 0)
        goto out;
    it->graded = true;
    it->fraction = fraction;
    it->comment = comment;
    if ((rc = quiz_attempt_total(r->db, &r->arena, &who, qz, at)) < 0)
        goto out;
    audit_diff(changes, "score", fraction_text(&r->arena, scored, score_before),
               fraction_text(&r->arena, at->graded, at->score));
    rc = audit_record_id(r->db, &who, "quiz_attempt.grade", "quiz_attempt",
                      at->id, changes);
out:
    json_decref(changes);
    return db_tx_end(r->db, rc);
}

/* The comment as stored, or NULL with an error in errors. */
static const char *comment_check(struct arena *a, const char *s, json_t *errors)
{
    const char *v = form_text_norm(a, s ? s : "");
    if (!v) {
        form_error(errors, "comment", N_("Enter text without invalid characters"));
        return NULL;
    }
    if (utf8_len(v) > COMMENT_MAX_CHARS) {
        form_error(errors, "comment", N_("Use at most 10,000 characters"));
        return NULL;
    }
    return v;
}

/* POST /admin/attempts/:id/items/:position/grade */
int results_grade_submit(struct req *r)
{
    struct quiz_attempt at;
    struct quiz qz;
    struct catalog_course c;
    struct quiz_item *it;
    int rc = attempt_managed(r, r->params[0], &at, &qz, &c);

    if (rc < 0)
        return rc;
    if (!(it = quiz_attempt_item(&at, api_id(r->params[1]))) || streq(it->q.type, "description"))
        return DARS_ENOTFOUND;
    if (!streq(at.state, "submitted"))
        return view_error(r, 409, _(r->lang, "This attempt has not been submitted yet"), NULL);

    json_t *errors = json_object();
    struct grade_input in = { it->position, http_form(r, "credit"), http_form(r, "comment"),
                              errors };
    const char *comment = comment_check(&r->arena, in.comment, errors);
    int64_t fraction = 0;
    double v = 0;
    if (!quiz_number_parse(&r->arena, in.credit, &v)) {
        form_error(errors, "credit", N_("Enter the marks as a number, for example 1.5"));
    } else if (v < 0 || v > (double)it->mark + 1e-9) {
        form_error(errors, "credit", N_("Enter marks from 0 to the question's mark"));
    } else {
        fraction = it->mark > 0 ? llround(v / (double)it->mark * QUIZ_UNIT) : 0;
    }
    if (json_object_size(errors)) {
        rc = attempt_render(r, 422, &at, &qz, &c, &in);
        goto out;
    }
    if ((rc = grade_write(r, &at, &qz, it, fraction, comment)) < 0)
        goto out;
    view_flash(r, N_("Grade saved"));
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/attempts/%lld#item-%lld",
                                       (long long)at.id, (long long)it->position));
out:
    json_decref(errors);
    return rc;
}

/* PUT /api/v1/attempts/:id/answers/:position/grade */
int results_api_grade(struct req *r)
{
    struct quiz_attempt at;
    struct quiz qz;
    struct catalog_course c;
    struct quiz_item *it;
    json_t *body = http_json_body(r), *f;
    int rc;

    if (!body)
        return 0;
    if ((rc = attempt_managed(r, r->params[0], &at, &qz, &c)) < 0)
        return rc;
    if (!(it = quiz_attempt_item(&at, api_id(r->params[1]))) || streq(it->q.type, "description"))
        return DARS_ENOTFOUND;
    json_t *errors = json_object();
    const char *comment = it->comment ? it->comment : "", *in = NULL;
    f = json_object_get(body, "fraction");
    if (!json_is_number(f) || json_number_value(f) < 0 || json_number_value(f) > 1)
        json_object_set_new(errors, "fraction", json_string("must be a number from 0 to 1"));
    if (api_str(body, "comment", errors, &in) == 0 && in &&
        !(comment = comment_check(&r->arena, in, errors)))
        json_object_set_new(errors, "comment",
                            json_string("must be valid text of at most 10000 characters"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if (!streq(at.state, "submitted"))
        return http_problem(r, 409, "Conflict", "the attempt has not been submitted yet");
    rc = grade_write(r, &at, &qz, it, llround(json_number_value(f) * QUIZ_UNIT), comment);
    if (rc < 0)
        return rc;
    return http_json(r, 200, attempt_api_json(&at));
}
