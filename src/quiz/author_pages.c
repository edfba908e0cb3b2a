/*
 * The quiz authoring pages: a course's quizzes (/admin/courses/:code/quizzes)
 * with the form for a new one, a quiz's page (/admin/quizzes/:id: settings,
 * slots, adding questions and random picks, publishing), its settings form
 * and the confirmation before it is deleted. Each POST is one transaction;
 * a refused one shows its page again with an error summary (422).
 */
#include "core/base.h"
#include "quiz/author_int.h"
#include "http/api.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"


#define TIME_MAX_MINUTES (QUIZ_AUTHOR_TIME_MAX / 60)

/* ---- what every page starts with ---- */

/* Digits as a number up to max; "" gives def; anything else -1. */
static int64_t number(const char *s, int64_t def, int64_t max)
{
    int64_t n;
    if (!s || !*s)
        return def;
    return form_count(s, max, &n) ? n : -1;
}

/* The quiz of a page's :id and its course, which the user must manage. */
static int page_quiz(struct req *r, struct quiz *q, struct catalog_course *c)
{
    return quiz_get_managed(r, api_id(r->params[0]), q, c);
}

static const char *course_quizzes_url(struct req *r, const struct catalog_course *c)
{
    return arena_printf(&r->arena, "/admin/courses/%s/quizzes",
                        url_encode(&r->arena, c->code));
}

static const char *quiz_url(struct req *r, int64_t id)
{
    return arena_printf(&r->arena, "/admin/quizzes/%lld", (long long)id);
}

/*
 * Home > Course admin > the course, then (depth 1) Quizzes, then (depth 2)
 * the quiz: each page shows the trail to its parent.
 */
static void crumbs(struct req *r, struct val *ctx, const struct catalog_course *c, int depth,
                   const struct quiz *q)
{
    const char *course_url = arena_printf(&r->arena, "/courses/%s/edit",
                                          url_encode(&r->arena, c->code));
    const char *quizzes = depth >= 1 ? _(r->lang, "Quizzes") : NULL;
    const char *quiz = depth >= 2 ? q->title : NULL;
    form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", c->own_title, course_url,
                quizzes, course_quizzes_url(r, c), quiz, quiz ? quiz_url(r, q->id) : NULL, NULL);
}

/* The links to the course's other assessment pages. */
static struct val *course_links(struct req *r, const struct catalog_course *c)
{
    const char *code = url_encode(&r->arena, c->code);
    return val_pack(&r->arena, "{s:s, s:s, s:s}", "bank",
                    arena_printf(&r->arena, "/admin/courses/%s/questions", code), "gradebook",
                    arena_printf(&r->arena, "/admin/courses/%s/gradebook", code), "quizzes",
                    course_quizzes_url(r, c));
}

static bool is_published(const struct quiz *q)
{
    return streq(q->status, "published");
}

/* A time limit for people: {has, value, unit_minutes}. */
static struct val *time_val(struct req *r, int64_t seconds)
{
    bool minutes = seconds % 60 == 0;
    return val_pack(&r->arena, "{s:b, s:s, s:b}", "has", seconds > 0, "value",
                    view_int(r, minutes ? seconds / 60 : seconds), "minutes", minutes);
}

/* ---- the list of a course's quizzes ---- */

/* GET /admin/courses/:code/quizzes */
int quiz_author_list_page(struct req *r)
{
    struct catalog_course c;
    struct quiz_author_row *rows;
    size_t n;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if ((rc = quiz_author_rows(r->db, &r->arena, c.id, false, &rows, &n)) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    for (size_t i = 0; i < n; i++) {
        const struct quiz *q = &rows[i].q;
        const char *url = quiz_url(r, q->id);
        val_push(items,
                 val_pack(&r->arena,
                          "{s:s, s:s, s:s, s:s, s:b, s:s, s:s, s:o, s:s, s:b, s:s, s:b}", "title",
                          q->title, "url", url, "results_url",
                          arena_printf(&r->arena, "%s/results", url), "statistics_url",
                          arena_printf(&r->arena, "%s/statistics", url), "published",
                          is_published(q), "questions", view_int(r, rows[i].questions), "marks",
                          view_int(r, rows[i].marks), "time", time_val(r, q->time_limit),
                          "attempts_allowed", view_int(r, q->attempts_allowed), "unlimited",
                          q->attempts_allowed == 0, "attempts", view_int(r, rows[i].attempts),
                          "required", q->required));
    }
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:b, s:o, s:s}", "title",
                               _(r->lang, "Quizzes"), "course_title", c.own_title, "items", items,
                               "has_items", n > 0, "links", course_links(r, &c), "new_url",
                               arena_printf(&r->arena, "%s/new", course_quizzes_url(r, &c)));
    crumbs(r, ctx, &c, 0, NULL);
    return view_page(r, "quiz_author_list", ctx);
}

/* ---- the settings form (new and edit) ---- */

/* The settings as the form shows them. */
struct settings_form {
    const char *title, *intro, *time_limit, *attempts_allowed, *pass_mark, *review;
    bool shuffle_questions, shuffle_answers, required;
};

static struct settings_form settings_read(struct req *r)
{
    struct settings_form f = {
        .title = form_value(r, "title"),
        .intro = form_value(r, "intro"),
        .time_limit = form_value(r, "time_limit"),
        .attempts_allowed = form_value(r, "attempts_allowed"),
        .pass_mark = form_value(r, "pass_mark"),
        .review = form_value(r, "review"),
        .shuffle_questions = streq(form_value(r, "shuffle_questions"), "1"),
        .shuffle_answers = streq(form_value(r, "shuffle_answers"), "1"),
        .required = streq(form_value(r, "required"), "1"),
    };
    return f;
}

static struct settings_form settings_of(struct req *r, const struct quiz *q)
{
    struct settings_form f = {
        .title = q->title,
        .intro = q->intro,
        /* a limit set in seconds through the API shows rounded up to a minute */
        .time_limit = q->time_limit ? arena_printf(&r->arena, "%lld",
                                                   (long long)((q->time_limit + 59) / 60))
                                    : "",
        .attempts_allowed = arena_printf(&r->arena, "%lld", (long long)q->attempts_allowed),
        .pass_mark = arena_printf(&r->arena, "%lld", (long long)q->pass_mark),
        .review = q->review,
        .shuffle_questions = q->shuffle_questions,
        .shuffle_answers = q->shuffle_answers,
        .required = q->required,
    };
    return f;
}

static struct quiz_author_in settings_in(const struct settings_form *f, const char *status)
{
    int64_t minutes = number(f->time_limit, 0, TIME_MAX_MINUTES);
    struct quiz_author_in in = {
        .title = f->title,
        .intro = f->intro,
        .time_limit = minutes < 0 ? -1 : minutes * 60,
        .attempts_allowed = number(f->attempts_allowed, 0, QUIZ_AUTHOR_ATTEMPTS_MAX),
        .pass_mark = number(f->pass_mark, -1, 100),
        .shuffle_questions = f->shuffle_questions,
        .shuffle_answers = f->shuffle_answers,
        .required = f->required,
        .review = f->review,
        .status = status,
        .msg_time = N_("Enter the time limit in minutes, from 0 to 10080"),
    };
    return in;
}

static void settings_ctx(struct req *r, struct val *ctx, const struct settings_form *f,
                         json_t *errors)
{
    struct val *reviews = val_list(&r->arena);
    for (size_t i = 0; quiz_author_reviews[i]; i++)
        val_push(reviews,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:b}", "value", quiz_author_reviews[i], "id",
                          i == 0 ? "review"
                                 : arena_printf(&r->arena, "review-%s", quiz_author_reviews[i]),
                          "label", _(r->lang, quiz_author_review_labels[i]), "selected",
                          streq(f->review, quiz_author_reviews[i])));
    val_set(ctx, "f",
            val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:b}", "title", f->title,
                     "intro", f->intro, "time_limit", f->time_limit, "attempts_allowed",
                     f->attempts_allowed, "pass_mark", f->pass_mark, "shuffle_questions",
                     f->shuffle_questions, "shuffle_answers", f->shuffle_answers, "required",
                     f->required));
    val_set(ctx, "reviews", reviews);
    view_form_errors(r, ctx, errors);
}

static int new_form(struct req *r, int status, const struct catalog_course *c,
                    const struct settings_form *f, json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "title",
                               _(r->lang, "Create a quiz"), "action",
                               arena_printf(&r->arena, "%s/new", course_quizzes_url(r, c)),
                               "back_url", course_quizzes_url(r, c), "course_title",
                               c->own_title);
    settings_ctx(r, ctx, f, errors);
    crumbs(r, ctx, c, 1, NULL);
    return view_page_status(r, status, "quiz_author_new", ctx);
}

/* GET /admin/courses/:code/quizzes/new */
int quiz_author_new_page(struct req *r)
{
    struct catalog_course c;
    struct settings_form f = { .title = "", .intro = "", .time_limit = "",
                               .attempts_allowed = "0", .pass_mark = "50",
                               .review = "after_submit", .shuffle_answers = true };
    int rc = catalog_course_managed(r, r->params[0], &c);
    return rc < 0 ? rc : new_form(r, 200, &c, &f, NULL);
}

/* POST /admin/courses/:code/quizzes/new */
int quiz_author_new_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct settings_form f = settings_read(r);
    json_t *errors = json_object();
    int64_t id = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        goto out;
    struct quiz_author_in in = settings_in(&f, "draft");
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, quiz_author_insert(r->db, &r->arena, &who, c.id, &in, errors, &id));
    if (rc == DARS_EINVALID) {
        rc = new_form(r, 422, &c, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, N_("The quiz has been created: now add its questions"));
    rc = http_redirect(r, quiz_url(r, id));
out:
    json_decref(errors);
    return rc;
}

static int edit_form(struct req *r, int status, const struct catalog_course *c,
                     const struct quiz *q, const struct settings_form *f, int64_t attempts,
                     json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b, s:s}", "title",
                               _(r->lang, "Quiz settings"), "action",
                               arena_printf(&r->arena, "%s/edit", quiz_url(r, q->id)),
                               "back_url", quiz_url(r, q->id), "quiz_title", q->title,
                               "has_attempts", attempts > 0, "attempts", view_int(r, attempts));
    settings_ctx(r, ctx, f, errors);
    crumbs(r, ctx, c, 2, q);
    return view_page_status(r, status, "quiz_author_edit", ctx);
}

/* GET /admin/quizzes/:id/edit */
int quiz_author_edit_page(struct req *r)
{
    struct catalog_course c;
    struct quiz q;
    int64_t attempts = 0;
    int rc = page_quiz(r, &q, &c);

    if (rc < 0 || (rc = quiz_author_attempts(r->db, q.id, &attempts)) < 0)
        return rc;
    struct settings_form f = settings_of(r, &q);
    return edit_form(r, 200, &c, &q, &f, attempts, NULL);
}

/* POST /admin/quizzes/:id/edit */
int quiz_author_edit_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    size_t n;
    struct settings_form f = settings_read(r);
    json_t *errors = json_object();
    int64_t attempts = 0;
    int rc = page_quiz(r, &q, &c);

    if (rc < 0)
        goto out;
    struct quiz_author_in in = settings_in(&f, q.status);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = quiz_slots(r->db, &r->arena, q.id, &slots, &n);
    if (rc == 0)
        rc = quiz_author_update(r->db, &r->arena, &who, &q, n, &in, errors);
    if ((rc = db_tx_end(r->db, rc)) == DARS_EINVALID) {
        if ((rc = quiz_author_attempts(r->db, q.id, &attempts)) == 0)
            rc = edit_form(r, 422, &c, &q, &f, attempts, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, N_("The quiz settings have been saved"));
    rc = http_redirect(r, quiz_url(r, q.id));
out:
    json_decref(errors);
    return rc;
}

/* ---- the quiz's page ---- */

/* What the add forms had typed, shown again with their errors. */
struct slot_form {
    const char *question, *mark, *category, *pick, *random_mark;
    int64_t slot_id; /* the slot whose mark was typed as slot_mark; 0: none */
    const char *slot_mark;
};

/* A category of the bank as the add forms count it. */
struct bank_cat {
    const char *path;
    int64_t questions, fixed; /* live questions; those the quiz holds as fixed slots */
};

/* The bank as optgroups by category, leaving out questions the quiz already holds;
 * categories [{value, label, selected}] with how many questions each has left. */
static int bank_lists(struct req *r, const struct quiz *q, const struct quiz_slot *slots,
                      size_t n, const struct slot_form *sf, struct val *groups, struct val *cats)
{
    struct db_stmt *st;
    size_t ncs = 0, cap = 0;
    struct bank_cat *cs = NULL;
    struct val *questions = NULL;
    const char *cur = NULL;
    int rc = db_query(r->db, &st, quiz_author_bank_sql, DB_ARGS(DB_INT(q->course_id)));

    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        const char *cat = db_col_text(st, 1), *name = db_col_text(st, 2);
        bool used = false;
        /* the rows come by category: count each as it goes by */
        if (!ncs || !streq(cs[ncs - 1].path, cat)) {
            cs = arena_grow(&r->arena, cs, ncs, &cap, sizeof(*cs));
            cs[ncs++] = (struct bank_cat){ arena_strdup(&r->arena, cat), 0, 0 };
        }
        cs[ncs - 1].questions++;
        for (size_t i = 0; i < n; i++)
            if (slots[i].question_id == id)
                used = true;
        if (used) {
            cs[ncs - 1].fixed++;
            continue;
        }
        if (!cur || !streq(cur, cat)) {
            cur = arena_strdup(&r->arena, cat);
            questions = val_list(&r->arena);
            val_push(groups, val_pack(&r->arena, "{s:s, s:o}", "label",
                                      *cat ? cat : _(r->lang, "Top category"), "questions",
                                      questions));
        }
        const char *label = *name ? name : db_col_text(st, 4);
        const char *idstr = arena_printf(&r->arena, "%lld", (long long)id);
        val_push(questions, val_pack(&r->arena, "{s:o, s:s, s:s, s:b}", "id",
                                     val_str_ref(&r->arena, idstr), "label", label, "type",
                                     _(r->lang, quiz_type_label(db_col_text(st, 3))), "selected",
                                     streq(idstr, sf->question)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < ncs; i++) {
        int64_t left = cs[i].questions - cs[i].fixed;
        for (size_t j = 0; j < n; j++)
            if (!slots[j].question_id && streq(slots[j].category, cs[i].path))
                left -= slots[j].pick;
        val_push(cats, val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b}", "value", cs[i].path,
                                "label", *cs[i].path ? cs[i].path : _(r->lang, "Top category"),
                                "questions", view_int(r, cs[i].questions), "left",
                                view_int(r, left > 0 ? left : 0), "selected",
                                streq(cs[i].path, sf->category)));
    }
    return 0;
}

static int show(struct req *r, int status, const struct catalog_course *c, const struct quiz *q,
                const struct slot_form *sf, json_t *errors)
{
    struct quiz_slot *slots;
    size_t n;
    int64_t attempts = 0;
    struct val *groups = val_list(&r->arena), *cats = val_list(&r->arena),
               *items = val_list(&r->arena);
    const char *url = quiz_url(r, q->id);
    int rc;

    if ((rc = quiz_slots(r->db, &r->arena, q->id, &slots, &n)) < 0 ||
        (rc = quiz_author_attempts(r->db, q->id, &attempts)) < 0 ||
        (rc = bank_lists(r, q, slots, n, sf, groups, cats)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const struct quiz_slot *s = &slots[i];
        const char *base = arena_printf(&r->arena, "%s/slots/%lld", url, (long long)s->id);
        const char *mark_field = arena_printf(&r->arena, "mark-%lld", (long long)s->id);
        const char *mark_error = json_string_value(json_object_get(errors, mark_field));
        struct val *o = val_pack(
            &r->arena, "{s:I, s:s, s:b, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
            (json_int_t)s->id, "number", view_int(r, (int64_t)i + 1), "random", !s->question_id,
            "name",
            s->question_id ? (*s->question_name ? s->question_name : s->question_text) : "",
            "type", s->question_id ? _(r->lang, quiz_type_label(s->question_type)) : "",
            "category",
            s->category && *s->category ? s->category : _(r->lang, "Top category"), "pick",
            view_int(r, s->pick), "mark_field", mark_field, "mark",
            s->id == sf->slot_id ? sf->slot_mark
                                 : arena_printf(&r->arena, "%lld", (long long)s->mark),
            "base_url", base, "first", i == 0, "last", i + 1 == n);
        if (mark_error)
            val_set_str(o, "mark_error", _(r->lang, mark_error));
        val_push(items, o);
    }
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:b, s:o, s:b, s:s, s:o, s:o, s:b, s:o, s:b, s:b, s:s, s:s}",
        "title", q->title, "url", url, "published", is_published(q), "slots", items, "has_slots",
        n > 0, "total", view_int(r, quiz_max_marks(slots, n)), "groups", groups, "categories",
        cats, "has_categories", val_len(cats) > 0, "time", time_val(r, q->time_limit),
        "unlimited", q->attempts_allowed == 0, "has_attempts", attempts > 0, "attempts",
        view_int(r, attempts), "attempts_allowed", view_int(r, q->attempts_allowed));
    const char *review = q->review;
    for (size_t i = 0; quiz_author_reviews[i]; i++)
        if (streq(q->review, quiz_author_reviews[i]))
            review = _(r->lang, quiz_author_review_labels[i]);
    val_set(ctx, "q",
            val_pack(&r->arena, "{s:s, s:s, s:b, s:b, s:b, s:s}", "intro", q->intro, "pass_mark",
                     view_int(r, q->pass_mark), "shuffle_questions", q->shuffle_questions,
                     "shuffle_answers", q->shuffle_answers, "required", q->required, "review",
                     review));
    val_set(ctx, "sf",
            val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "mark", sf->mark, "pick", sf->pick,
                     "random_mark", sf->random_mark, "question", sf->question));
    val_set(ctx, "links", course_links(r, c));
    val_set_str(ctx, "results_url", arena_printf(&r->arena, "%s/results", url));
    val_set_str(ctx, "statistics_url", arena_printf(&r->arena, "%s/statistics", url));
    view_form_errors(r, ctx, errors);
    crumbs(r, ctx, c, 1, NULL);
    return view_page_status(r, status, "quiz_author_show", ctx);
}

static const struct slot_form slot_form_default = { "", "1", "", "1", "1", 0, "" };

/* GET /admin/quizzes/:id */
int quiz_author_show_page(struct req *r)
{
    struct catalog_course c;
    struct quiz q;
    int rc = page_quiz(r, &q, &c);
    return rc < 0 ? rc : show(r, 200, &c, &q, &slot_form_default, NULL);
}

/*
 * End a quiz page's write: commit or roll back by rc; on a refusal (422 or
 * 409) show the quiz again with errors and what was typed, else flash msgid
 * and go back to the quiz.
 */
static int write_end(struct req *r, int rc, const struct catalog_course *c,
                     const struct quiz *q, const struct slot_form *sf, json_t *errors,
                     const char *msgid)
{
    rc = db_tx_end(r->db, rc);
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        int status = rc == DARS_ECONFLICT ? 409 : 422;
        return show(r, status, c, q, sf ? sf : &slot_form_default, errors);
    }
    if (rc < 0)
        return rc;
    if (msgid)
        view_flash(r, msgid);
    return http_redirect(r, quiz_url(r, q->id));
}

static int set_published(struct req *r, bool published)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    size_t n;
    json_t *errors = json_object();
    int rc = page_quiz(r, &q, &c);

    if (rc < 0 || (rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = quiz_slots(r->db, &r->arena, q.id, &slots, &n);
    if (rc == 0)
        rc = quiz_author_set_published(r->db, &r->arena, &who, &q, n, published, errors);
    rc = write_end(r, rc, &c, &q, NULL, errors,
                   published ? N_("The quiz is published: enrolled learners can take it")
                             : N_("The quiz is a draft again: learners cannot see it"));
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/quizzes/:id/publish */
int quiz_author_publish_submit(struct req *r)
{
    return set_published(r, true);
}

/* POST /admin/quizzes/:id/unpublish */
int quiz_author_unpublish_submit(struct req *r)
{
    return set_published(r, false);
}

/* GET /admin/quizzes/:id/delete */
int quiz_author_delete_page(struct req *r)
{
    struct catalog_course c;
    struct quiz q;
    int64_t attempts = 0;
    int rc = page_quiz(r, &q, &c);

    if (rc < 0 || (rc = quiz_author_attempts(r->db, q.id, &attempts)) < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b, s:s}", "title",
                               _(r->lang, "Delete the quiz"), "name", q.title, "action", r->path,
                               "back_url", quiz_url(r, q.id), "has_attempts", attempts > 0,
                               "attempts", view_int(r, attempts));
    crumbs(r, ctx, &c, 2, &q);
    return view_page(r, "quiz_author_delete", ctx);
}

/* POST /admin/quizzes/:id/delete */
int quiz_author_delete_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    int rc = page_quiz(r, &q, &c);

    if (rc < 0 || (rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, quiz_author_delete(r->db, &r->arena, &who, &q))) < 0)
        return rc;
    view_flash(r, N_("The quiz has been deleted"));
    return http_redirect(r, course_quizzes_url(r, &c));
}

/* ---- slots ---- */

/* POST /admin/quizzes/:id/slots: a question of the bank */
int quiz_author_slot_add_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct slot_form sf = slot_form_default;
    json_t *errors = json_object();
    int rc = page_quiz(r, &q, &c);

    if (rc < 0)
        goto out;
    sf.question = form_value(r, "question");
    sf.mark = form_value(r, "mark");
    int64_t question = number(sf.question, 0, INT64_MAX / 2);
    int64_t mark = number(sf.mark, 1, QUIZ_AUTHOR_MARK_MAX);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if (question > 0) {
        rc = quiz_author_slot_add(r->db, &r->arena, &who, &q, question, NULL, 1, mark, errors,
                                  NULL);
    } else {
        form_error(errors, "question", N_("Choose a question of this course's bank"));
        if (mark < 0)
            form_error(errors, "mark", N_("Enter the mark as a whole number from 0 to 100"));
        rc = DARS_EINVALID;
    }
    rc = write_end(r, rc, &c, &q, &sf, errors, N_("The question has been added to the quiz"));
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/quizzes/:id/random: random questions of a category */
int quiz_author_random_add_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct slot_form sf = slot_form_default;
    json_t *errors = json_object();
    int rc = page_quiz(r, &q, &c);

    if (rc < 0)
        goto out;
    const struct form_field *cat = http_form_field(r, "category");
    sf.category = form_value(r, "category");
    sf.pick = form_value(r, "pick");
    sf.random_mark = form_value(r, "random_mark");
    int64_t pick = number(sf.pick, -1, QUIZ_AUTHOR_PICK_MAX);
    int64_t mark = number(sf.random_mark, 1, QUIZ_AUTHOR_MARK_MAX);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    /* the category as stored, not trimmed: a path is compared as it is */
    rc = quiz_author_slot_add(r->db, &r->arena, &who, &q, 0,
                              cat && utf8_is_valid(cat->value, cat->len) ? cat->value : NULL,
                              pick, mark, errors, NULL);
    /* this form's mark field has its own name on the page */
    form_error_move(errors, "mark", "random_mark");
    rc = write_end(r, rc, &c, &q, &sf, errors,
                   N_("The random questions have been added to the quiz"));
out:
    json_decref(errors);
    return rc;
}

/* The slot of a page's :sid in quiz q (*s), among q's slots (*slots, *n of them). */
static int page_slot(struct req *r, const struct quiz *q, struct quiz_slot **slots, size_t *n,
                     const struct quiz_slot **s)
{
    return quiz_author_slot_get(r->db, &r->arena, q->id, api_id(r->params[1]), slots, n,
                                s);
}

/* POST /admin/quizzes/:id/slots/:sid/mark */
int quiz_author_slot_mark_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    const struct quiz_slot *s;
    size_t n;
    json_t *errors = json_object();
    int rc = page_quiz(r, &q, &c);

    if (rc < 0 || (rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = page_slot(r, &q, &slots, &n, &s)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    struct slot_form sf = slot_form_default;
    sf.slot_id = s->id;
    sf.slot_mark = form_value(r, "mark");
    rc = quiz_author_slot_mark(r->db, &r->arena, &who, &q, s,
                               number(sf.slot_mark, -1, QUIZ_AUTHOR_MARK_MAX), errors);
    /* the message goes beside this slot's field */
    form_error_move(errors, "mark", arena_printf(&r->arena, "mark-%lld", (long long)s->id));
    rc = write_end(r, rc, &c, &q, &sf, errors, N_("The mark has been changed"));
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/quizzes/:id/slots/:sid/move */
int quiz_author_slot_move_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    const struct quiz_slot *s;
    size_t n;
    bool moved;
    const char *dir = form_value(r, "direction");
    int rc = page_quiz(r, &q, &c);

    if (rc < 0)
        return rc;
    if (!streq(dir, "up") && !streq(dir, "down"))
        return http_error(r, 400, _(r->lang, "Choose up or down"));
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    if ((rc = page_slot(r, &q, &slots, &n, &s)) == 0)
        rc = quiz_author_slot_move(r->db, &r->arena, &who, &q, slots, n, s, streq(dir, "up"),
                                   &moved);
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    return http_redirect(r, arena_printf(&r->arena, "%s#slots", quiz_url(r, q.id)));
}

/* POST /admin/quizzes/:id/slots/:sid/remove */
int quiz_author_slot_remove_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    const struct quiz_slot *s;
    size_t n;
    json_t *errors = json_object();
    int rc = page_quiz(r, &q, &c);

    if (rc < 0 || (rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = page_slot(r, &q, &slots, &n, &s)) == 0) {
        rc = quiz_author_slot_remove(r->db, &r->arena, &who, &q, s, n, errors);
        /* the message goes above the list of slots */
        form_error_move(errors, "slot", "slots");
    }
    if (rc == DARS_ENOTFOUND) {
        db_tx_rollback(r->db);
        goto out;
    }
    rc = write_end(r, rc, &c, &q, NULL, errors, N_("The question has been removed from the quiz"));
out:
    json_decref(errors);
    return rc;
}
