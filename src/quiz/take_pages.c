/*
 * The learner's quiz pages: a course's quizzes, a quiz's introduction with
 * the learner's attempts, one question per page with a navigator and the
 * time left (every move saves the page's answer), the summary before
 * submitting, and the result with the review the quiz allows.
 */
#include "core/base.h"
#include "quiz/take_int.h"
#include "http/api.h"
#include "catalog/markdown.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <math.h>

static const char *quiz_url(struct req *r, int64_t id)
{
    return arena_printf(&r->arena, "/quizzes/%lld", (long long)id);
}

static const char *attempt_url(struct req *r, int64_t id, const char *rest)
{
    return arena_printf(&r->arena, "/attempts/%lld%s", (long long)id, rest);
}

/* "Home > Courses > course > Quizzes" and, when qz is given, the quiz too. */
static void crumbs(struct req *r, struct val *ctx, const struct take_ctx *t, bool quiz)
{
    const char *cu = catalog_course_url(r, t->c.code);
    const char *list = arena_printf(&r->arena, "%s/quizzes", cu);
    if (quiz)
        form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", t->c.title, cu,
                    _(r->lang, "Quizzes"), list, t->qz.title, quiz_url(r, t->qz.id), NULL);
    else
        form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", t->c.title, cu, NULL);
}

/* Text with its line breaks kept, escaped (arena string). */
static const char *plain_html(struct arena *a, const char *s)
{
    const char *out;
    quiz_text_html(a, s, "plain", &out); /* plain text cannot fail */
    return out;
}

/* A time limit in words ("20 minutes", "1 h 30 min"). */
static const char *limit_text(struct req *r, int64_t seconds)
{
    int64_t m = (seconds + 59) / 60;
    if (m < 60)
        return arena_printf(&r->arena, _(r->lang, "%s minutes"), view_int(r, m));
    if (m % 60 == 0)
        return arena_printf(&r->arena, _(r->lang, "%s hours"), view_int(r, m / 60));
    return arena_printf(&r->arena, _(r->lang, "%s h %s min"), view_int(r, m / 60),
                        view_int(r, m % 60));
}

/* A score in marks, "2.5" (QUIZ_UNIT units). */
static const char *marks_text(struct req *r, int64_t units)
{
    return quiz_num_text(&r->arena, (double)units / QUIZ_UNIT);
}

static const char *percent_text(struct req *r, double p)
{
    return arena_printf(&r->arena, "%s%%", marks_text(r, (int64_t)llround(p * QUIZ_UNIT)));
}

/* ---- /courses/:code/quizzes ---- */

/* GET /courses/:code/quizzes */
int take_course_quizzes_page(struct req *r)
{
    struct take_ctx t = {0};
    struct enrol_state es;
    struct db_stmt *st;
    int rc;

    if ((rc = catalog_course_get(r->db, &r->arena, r->params[0], r->lang, &t.c)) < 0 ||
        (rc = catalog_may_manage(r, &t.c, &t.manages)) < 0 ||
        (rc = enrol_state_get(r->db, &r->arena, r->user->id, t.c.id, &es)) < 0)
        return rc;
    if (!streq(t.c.status, "published") && !t.manages)
        return DARS_ENOTFOUND;
    if (!enrol_state_may_read(&es) && !t.manages)
        return DARS_EDENIED;
    /* an attempt whose time ran out shows as submitted, its score in "best" */
    struct actor who = accounts_actor(r);
    if ((rc = take_close_expired_course(r->db, &r->arena, &who, t.c.id, NULL)) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    if ((rc = db_query(r->db, &st, take_course_quizzes_sql,
                       DB_ARGS(DB_INT(r->user->id), DB_INT(r->user->id), DB_INT(t.c.id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t limit = db_col_int(st, 2), allowed = db_col_int(st, 3), used = db_col_int(st, 5);
        struct val *o = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b}", "title",
                                 db_col_text(st, 1), "url", quiz_url(r, db_col_int(st, 0)),
                                 "questions", view_int(r, db_col_int(st, 4)), "time_limit",
                                 limit ? limit_text(r, limit) : _(r->lang, "None"), "passed",
                                 db_col_int(st, 8) != 0);
        val_set_str(o, "attempts",
                    allowed ? arena_printf(&r->arena, _(r->lang, "%s of %s"), view_int(r, used),
                                           view_int(r, allowed))
                            : arena_printf(&r->arena, _(r->lang, "%s (no limit)"),
                                           view_int(r, used)));
        if (!db_col_is_null(st, 6) && db_col_int(st, 7) > 0)
            val_set_str(o, "best", percent_text(r, 100.0 * (double)db_col_int(st, 6) /
                                                       (double)db_col_int(st, 7)));
        val_push(items, o);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:b, s:o}", "title",
                               _(r->lang, "Quizzes"), "course", t.c.title, "has_quizzes",
                               val_len(items) > 0, "quizzes", items);
    crumbs(r, ctx, &t, false);
    return view_page(r, "quiz_take_list", ctx);
}

/* ---- /quizzes/:id ---- */

/* The quiz's settings in words, as a summary list [{label, value}]. */
static struct val *settings_list(struct req *r, const struct quiz *qz, int64_t questions)
{
    struct val *v = val_list(&r->arena);
#define ROW(l, s) val_push(v, val_pack(&r->arena, "{s:s, s:s}", "label", (l), "value", (s)))
    ROW(_(r->lang, "Questions"), view_int(r, questions));
    ROW(_(r->lang, "Time limit"),
        qz->time_limit ? limit_text(r, qz->time_limit) : _(r->lang, "None"));
    ROW(_(r->lang, "Attempts allowed"),
        qz->attempts_allowed ? view_int(r, qz->attempts_allowed) : _(r->lang, "No limit"));
    ROW(_(r->lang, "Pass mark"), percent_text(r, (double)qz->pass_mark));
    ROW(_(r->lang, "Grade"), _(r->lang, "Your best attempt counts"));
    ROW(_(r->lang, "Answers and feedback"),
        streq(qz->review, "after_submit") ? _(r->lang, "Shown when you submit an attempt")
        : streq(qz->review, "after_last_attempt")
            ? _(r->lang, "Shown once you have used your last attempt")
            : _(r->lang, "Not shown; you see your score"));
#undef ROW
    return v;
}

static const char *state_label(struct req *r, const struct quiz_attempt *s)
{
    if (streq(s->state, "open"))
        return _(r->lang, "In progress");
    if (s->needs_grading)
        return _(r->lang, "Waiting for grading");
    return _(r->lang, "Finished");
}

/* GET /quizzes/:id */
int take_quiz_page(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt *past;
    struct quiz_slot *slots;
    struct actor who = accounts_actor(r);
    size_t npast, nslots;
    ssize_t open;
    const char *intro;
    int rc;

    if ((rc = take_load_quiz(r, api_id(r->params[0]), &t)) < 0)
        return rc;
    /* an attempt that ran out of time while its learner was away is submitted now */
    if ((rc = take_close_expired(r->db, &r->arena, &who, &t.qz, NULL)) < 0 ||
        (rc = take_user_attempts(r->db, &r->arena, t.qz.id, r->user->id, &past, &npast, &open)) <
            0 ||
        (rc = quiz_slots(r->db, &r->arena, t.qz.id, &slots, &nslots)) < 0 ||
        (rc = quiz_text_html(&r->arena, t.qz.intro, "markdown", &intro)) < 0)
        return rc;
    int64_t questions = 0;
    for (size_t i = 0; i < nslots; i++)
        questions += slots[i].question_id ? 1 : slots[i].pick;

    struct val *attempts = val_list(&r->arena);
    for (size_t i = 0; i < npast; i++) {
        const struct quiz_attempt *s = &past[i];
        bool is_open = streq(s->state, "open");
        struct val *o = val_pack(
            &r->arena, "{s:s, s:s, s:s, s:s, s:b}", "number", view_int(r, s->number), "state",
            state_label(r, s), "started_at", view_datetime(r, s->started_at), "submitted_at",
            *s->submitted_at ? view_datetime(r, s->submitted_at) : "", "open", is_open);
        if (is_open)
            val_set_str(o, "url", attempt_url(r, s->id, "/1"));
        else
            val_set_str(o, "url", attempt_url(r, s->id, ""));
        if (!is_open && s->graded && s->max_score > 0) {
            val_set_str(o, "grade",
                        percent_text(r, 100.0 * (double)(s->score < 0 ? 0 : s->score) /
                                            (double)s->max_score));
            val_set_str(o, "score",
                        arena_printf(&r->arena, _(r->lang, "%s out of %s"),
                                     marks_text(r, s->score), marks_text(r, s->max_score)));
        }
        if (!is_open && s->passed)
            val_set_bool(o, "passed", true);
        val_push(attempts, o);
    }
    bool published = take_is_open(&t);
    bool left = !t.qz.attempts_allowed || (int64_t)npast < t.qz.attempts_allowed;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:o, s:b, s:s}", "title",
                               t.qz.title, "intro", intro, "settings",
                               settings_list(r, &t.qz, questions), "attempts", attempts,
                               "has_attempts", npast > 0, "start_url",
                               arena_printf(&r->arena, "%s/start", quiz_url(r, t.qz.id)));
    if (!published)
        val_set_bool(ctx, "draft", true);
    if (open >= 0)
        val_set_str(ctx, "continue_url", attempt_url(r, past[open].id, "/1"));
    else if (t.enrolled && published && left && questions > 0) {
        val_set_bool(ctx, "can_start", true);
        if (t.qz.time_limit)
            val_set_str(ctx, "time_limit", limit_text(r, t.qz.time_limit));
    } else if (t.enrolled && published && !left)
        val_set_bool(ctx, "no_more", true);
    else if (!t.enrolled)
        val_set_bool(ctx, "not_learner", true);
    crumbs(r, ctx, &t, false);
    return view_page(r, "quiz_take_intro", ctx);
}

/* POST /quizzes/:id/start (a timed quiz confirms its limit at GET /quizzes/:id/start first) */
int take_start_submit(struct req *r)
{
    struct take_ctx t;
    struct actor who = accounts_actor(r);
    const char *why = NULL;
    int64_t id = 0;
    int rc;

    if ((rc = take_load_quiz(r, api_id(r->params[0]), &t)) < 0)
        return rc;
    if (!t.enrolled)
        return DARS_EDENIED;
    if (!take_is_open(&t))
        return view_error(r, 409, _(r->lang, "This quiz is not open yet"), NULL);
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, take_start(r->db, &r->arena, &who, &t.qz, r->user->id, &id,
                                          &why))) < 0) {
        if (rc != DARS_ECONFLICT)
            return rc;
        /* a second click, or another tab: carry on with the attempt that is open */
        struct quiz_attempt *past;
        size_t npast;
        ssize_t open;
        if ((rc = take_user_attempts(r->db, &r->arena, t.qz.id, r->user->id, &past, &npast,
                                     &open)) < 0)
            return rc;
        if (open >= 0)
            return http_redirect(r, attempt_url(r, past[open].id, "/1"));
        return view_error(r, 409, _(r->lang, "You cannot start another attempt"),
                          why ? _(r->lang, why) : NULL);
    }
    return http_redirect(r, attempt_url(r, id, "/1"));
}

/* GET /quizzes/:id/start: what the time limit means, before the clock starts */
int take_start_page(struct req *r)
{
    struct take_ctx t;
    int rc;

    if ((rc = take_load_quiz(r, api_id(r->params[0]), &t)) < 0)
        return rc;
    if (!t.enrolled)
        return DARS_EDENIED;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "title", t.qz.title,
                               "action", arena_printf(&r->arena, "%s/start", quiz_url(r, t.qz.id)),
                               "back_url", quiz_url(r, t.qz.id), "time_limit",
                               t.qz.time_limit ? limit_text(r, t.qz.time_limit) : "");
    if (t.qz.time_limit)
        val_set_bool(ctx, "timed", true);
    crumbs(r, ctx, &t, true);
    return view_page(r, "quiz_take_start", ctx);
}

/* ---- /attempts/:id/:n ---- */

static bool is_choice(const char *type)
{
    return streq(type, "single") || streq(type, "truefalse");
}

/* An answer's text as a person reads it (true and false in the reader's language). */
/* Whether the stored multiple-choice response "12,15" holds id. */
static bool response_has(const char *response, int64_t id)
{
    int64_t v;
    for (const char *p = response ? response : ""; quiz_ids_next(&p, &v);)
        if (v == id)
            return true;
    return false;
}

/* The chosen right-hand text of a stem in a matching response, "" when none. */
static const char *match_of(struct arena *a, const char *response, int64_t stem)
{
    json_t *o = response ? json_loads(response, 0, NULL) : NULL;
    const char *key = arena_printf(a, "%lld", (long long)stem);
    json_t *v = o ? json_object_get(o, key) : NULL;
    const char *s = v && json_is_string(v) ? arena_strdup(a, json_string_value(v)) : "";
    json_decref(o);
    return s;
}

/* The inputs of the item for the form; typed: what was typed when it must be shown again. */
static struct val *inputs_val(struct req *r, const struct quiz_item *it, const char *typed)
{
    const struct quiz_question *q = &it->q;
    struct val *o = val_object(&r->arena);
    val_set_bool(o, q->type, true); /* the key lives as long as the arena: quiz_attempt_get's */
    if (is_choice(q->type) || streq(q->type, "multiple")) {
        struct val *opts = val_set_list(o, "options");
        for (size_t i = 0; i < it->norder; i++) {
            const struct quiz_answer *an = quiz_answer_by_id(q, it->order[i]);
            if (!an)
                continue;
            bool on = streq(q->type, "multiple")
                          ? response_has(it->response, an->id)
                          : api_id(it->response) == an->id;
            val_push(opts, val_pack(&r->arena, "{s:I, s:s, s:b}", "id", (json_int_t)an->id,
                                    "label", take_answer_label(r, q, an), "checked", on));
        }
    } else if (streq(q->type, "matching")) {
        const char **choices;
        size_t nchoices = take_match_choices(&r->arena, q, &choices);
        struct val *stems = val_set_list(o, "stems");
        for (size_t i = 0; i < it->norder; i++) {
            const struct quiz_answer *an = quiz_answer_by_id(q, it->order[i]);
            if (!an || !an->text || !*an->text)
                continue;
            const char *chosen = match_of(&r->arena, it->response, an->id);
            struct val *opts = val_list(&r->arena);
            /* every stem lists every choice: arena strings, not copied again */
            for (size_t j = 0; j < nchoices; j++)
                val_push(opts, val_pack(&r->arena, "{s:o, s:b}", "label",
                                        val_str_ref(&r->arena, choices[j]), "selected",
                                        streq(choices[j], chosen)));
            val_push(stems, val_pack(&r->arena, "{s:s, s:s, s:o}", "field",
                                     arena_printf(&r->arena, "m%lld", (long long)an->id), "text",
                                     an->text, "options", opts));
        }
    } else if (!streq(q->type, "description")) {
        val_set_str(o, "value", typed ? typed : it->response ? it->response : "");
    }
    return o;
}

/* "Time left" for the pages of an open attempt with a deadline; nothing without one. */
static void time_left(struct req *r, struct val *ctx, const struct quiz_attempt *at)
{
    if (!*at->deadline_at)
        return;
    int64_t s = take_seconds_until(at->deadline_at);
    if (s < 0)
        s = 0;
    val_set(ctx, "timer",
            val_pack(&r->arena, "{s:s, s:s, s:s, s:I}", "left", quiz_clock_text(&r->arena, s),
                     "ends_at", view_datetime(r, at->deadline_at), "deadline", at->deadline_at,
                     "seconds", (json_int_t)s));
}

static bool item_answered(const struct quiz_item *it)
{
    return it->response && *it->response && !streq(it->response, "{}");
}

/* How many of at's questions (descriptions aside) have no answer yet. */
static size_t unanswered_count(const struct quiz_attempt *at)
{
    size_t n = 0;
    for (size_t i = 0; i < at->nitems; i++)
        if (!streq(at->items[i].q.type, "description") && !item_answered(&at->items[i]))
            n++;
    return n;
}

/* The summary and the are-you-sure page: how many are unanswered, the time left. */
static int finish_view(struct req *r, const struct take_ctx *t, const struct quiz_attempt *at,
                       struct val *ctx, const char *template)
{
    size_t unanswered = unanswered_count(at);
    if (unanswered)
        val_set_str(ctx, "unanswered", view_int(r, (int64_t)unanswered));
    time_left(r, ctx, at);
    crumbs(r, ctx, t, true);
    return view_page(r, template, ctx);
}

/* The page of question n; errors (may be NULL) and typed for a form shown again. */
static int question_page(struct req *r, int status, const struct take_ctx *t,
                         const struct quiz_attempt *at, size_t idx, json_t *errors,
                         const char *typed)
{
    const struct quiz_item *it = &at->items[idx];
    const char *html;
    int rc;

    if ((rc = quiz_text_html(&r->arena, it->q.text, it->q.format, &html)) < 0)
        return rc;
    struct val *nav = val_list(&r->arena);
    for (size_t i = 0; i < at->nitems; i++) {
        const struct quiz_item *o = &at->items[i];
        bool info = streq(o->q.type, "description");
        val_push(nav, val_pack(&r->arena, "{s:I, s:s, s:b, s:b, s:b, s:s}", "n",
                               (json_int_t)o->position, "label", view_int(r, o->position),
                               "answered", item_answered(o), "info", info, "current", i == idx,
                               "status",
                               info               ? _(r->lang, "information")
                               : item_answered(o) ? _(r->lang, "answered")
                                                  : _(r->lang, "not answered")));
    }
    bool info = streq(it->q.type, "description");
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:s}", "title",
        arena_printf(&r->arena, _(r->lang, "Question %s of %s"), view_int(r, it->position),
                     view_int(r, (int64_t)at->nitems)),
        "quiz", t->qz.title, "html", html, "action",
        attempt_url(r, at->id, arena_printf(&r->arena, "/%lld", (long long)it->position)), "nav",
        nav, "inputs", inputs_val(r, it, typed), "first", idx == 0, "last",
        idx + 1 == at->nitems, "summary_url", attempt_url(r, at->id, "/summary"));
    if (!info)
        val_set_str(ctx, "mark",
                    it->mark == 1 ? _(r->lang, "1 mark")
                                  : arena_printf(&r->arena, _(r->lang, "%s marks"),
                                                 view_int(r, it->mark)));
    if (*it->q.name)
        val_set_str(ctx, "name", it->q.name);
    time_left(r, ctx, at);
    view_form_errors(r, ctx, errors);
    crumbs(r, ctx, t, true);
    return view_page_status(r, status, "quiz_take_question", ctx);
}

/* The open attempt of :id for its owner, who may still answer it (take_may_answer); else
 * where to go instead (*go set, returns 1). */
static int owner_open(struct req *r, struct take_ctx *t, struct quiz_attempt *at, const char **go)
{
    int rc;
    *go = NULL;
    if ((rc = take_load_attempt(r, api_id(r->params[0]), t, at)) < 0)
        return rc;
    if (at->user_id != r->user->id || !streq(at->state, "open")) {
        *go = attempt_url(r, at->id, "");
        return 1;
    }
    return take_may_answer(t);
}

/* The index of the item at position n (params[1]); -1 when there is none. */
static ssize_t item_index(const struct quiz_attempt *at, const char *param)
{
    const struct quiz_item *it = quiz_attempt_item(at, api_id(param));
    return it ? it - at->items : -1;
}

/* GET /attempts/:id/:n */
int take_question_page(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    const char *go;
    int rc;

    if ((rc = owner_open(r, &t, &at, &go)) != 0)
        return rc < 0 ? rc : http_redirect(r, go);
    ssize_t idx = item_index(&at, r->params[1]);
    if (idx < 0)
        return DARS_ENOTFOUND;
    return question_page(r, 200, &t, &at, (size_t)idx, NULL, NULL);
}

/* "Time is up": the answer came too late; the attempt has been submitted. */
static int time_up(struct req *r, const struct take_ctx *t, const struct quiz_attempt *at)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s}", "title", _(r->lang, "Time is up"),
                               "quiz", t->qz.title, "result_url", attempt_url(r, at->id, ""));
    crumbs(r, ctx, t, true);
    return view_page_status(r, 409, "quiz_take_timeup", ctx);
}

/* The response the form holds for the item, as the API's JSON value (NULL: none). */
static json_t *form_response(struct req *r, const struct quiz_item *it, const char **typed)
{
    const struct quiz_question *q = &it->q;
    const char *v = http_form(r, "answer");
    *typed = NULL;
    if (is_choice(q->type))
        return v && *v ? json_string(v) : NULL;
    if (streq(q->type, "multiple")) {
        json_t *ids = json_array();
        for (const struct form_field *f = r->form; f; f = f->next)
            if (streq(f->name, "answer") && api_id(f->value))
                json_array_append_new(ids, json_integer(api_id(f->value)));
        if (json_array_size(ids) == 0) {
            json_decref(ids);
            return NULL;
        }
        return ids;
    }
    if (streq(q->type, "matching")) {
        json_t *o = json_object();
        for (size_t i = 0; i < q->nanswers; i++) {
            const struct quiz_answer *an = &q->answers[i];
            if (!an->text || !*an->text)
                continue;
            const char *m = http_form(r, arena_printf(&r->arena, "m%lld", (long long)an->id));
            if (m && *m)
                json_object_set_new(o, arena_printf(&r->arena, "%lld", (long long)an->id),
                                    json_string(m));
        }
        if (json_object_size(o) == 0) {
            json_decref(o);
            return NULL;
        }
        return o;
    }
    if (streq(q->type, "description"))
        return NULL;
    /* short, numerical, essay: the text; an essay keeps its own white space */
    const struct form_field *f = http_form_field(r, "answer");
    const char *text = streq(q->type, "essay") ? (f ? f->value : NULL) : v;
    *typed = text;
    if (!text || !*utf8_trim(&r->arena, text))
        return NULL;
    return json_string(text);
}

/* Whether s reads as a number for a numerical answer; blank clears the answer. */
static bool number_ok(struct arena *a, const char *s)
{
    double v;
    return !*utf8_trim(a, s ? s : "") || quiz_number_parse(a, s, &v);
}

/* POST /attempts/:id/:n: save the page's answer, then go where the button says */
int take_question_submit(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    struct actor who = accounts_actor(r);
    const char *go, *response = NULL, *why = NULL, *typed = NULL;
    char now[TIME_ISO_LEN];
    int rc;

    if ((rc = take_load_attempt(r, api_id(r->params[0]), &t, &at)) < 0)
        return rc;
    if (at.user_id != r->user->id)
        return DARS_EDENIED;
    if ((rc = take_may_answer(&t)) < 0)
        return rc;
    ssize_t idx = item_index(&at, r->params[1]);
    if (idx < 0)
        return DARS_ENOTFOUND;
    time_now_iso(now);
    /* take_load_attempt submitted it if the clock ran out: this answer came too late */
    if (*at.deadline_at && quiz_attempt_expired(&at, now))
        return time_up(r, &t, &at);
    if (!streq(at.state, "open"))
        return http_redirect(r, attempt_url(r, at.id, ""));
    const struct quiz_item *it = &at.items[idx];
    json_t *v = form_response(r, it, &typed);
    if (v && streq(it->q.type, "numerical") && !number_ok(&r->arena, json_string_value(v))) {
        json_decref(v);
        json_t *errors = json_pack("{s:s}", "answer", N_("Enter a number, like 2.5"));
        rc = question_page(r, 422, &t, &at, (size_t)idx, errors, typed);
        json_decref(errors);
        return rc;
    }
    rc = quiz_response_parse(&r->arena, &it->q, v, &response, &why);
    json_decref(v);
    if (rc < 0) {
        json_t *errors = json_pack("{s:s}", "answer", why ? why : N_("Choose an answer"));
        rc = question_page(r, 422, &t, &at, (size_t)idx, errors, typed);
        json_decref(errors);
        return rc;
    }
    if (!streq(it->q.type, "description") &&
        ((rc = db_tx_begin(r->db)) < 0 ||
         (rc = db_tx_end(r->db, take_save(r->db, &r->arena, &who, &at, it->position, response))) <
             0)) {
        if (rc != DARS_ECONFLICT)
            return rc;
        /* a submission (another tab) crossed this save: show the result */
        time_now_iso(now);
        if (!quiz_attempt_expired(&at, now))
            return http_redirect(r, attempt_url(r, at.id, ""));
        /* the deadline passed between the read and the write */
        if ((rc = take_close_expired(r->db, &r->arena, &who, &t.qz, NULL)) < 0)
            return rc;
        return time_up(r, &t, &at);
    }
    const char *button = http_form(r, "go");
    /* the page's script saving as the learner types: saved, stay where you are */
    if (streq(button, "autosave"))
        return http_send(r, 204, "text/plain; charset=utf-8", "", 0);
    int64_t to = it->position + 1;
    if (streq(button, "prev"))
        to = it->position > 1 ? it->position - 1 : 1;
    else if (streq(button, "finish"))
        to = 0;
    else if (button && api_id(button))
        to = api_id(button);
    if (to < 1 || to > (int64_t)at.nitems)
        go = attempt_url(r, at.id, "/summary");
    else
        go = attempt_url(r, at.id, arena_printf(&r->arena, "/%lld", (long long)to));
    return http_redirect(r, go);
}

/* ---- the summary, submitting, the result ---- */

/* GET /attempts/:id/summary */
int take_summary_page(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    const char *go;
    int rc;

    if ((rc = owner_open(r, &t, &at, &go)) != 0)
        return rc < 0 ? rc : http_redirect(r, go);
    struct val *rows = val_list(&r->arena);
    for (size_t i = 0; i < at.nitems; i++) {
        const struct quiz_item *it = &at.items[i];
        bool info = streq(it->q.type, "description");
        val_push(rows, val_pack(&r->arena, "{s:s, s:s, s:b, s:s}", "label",
                                view_int(r, it->position), "url",
                                attempt_url(r, at.id,
                                            arena_printf(&r->arena, "/%lld",
                                                         (long long)it->position)),
                                "answered", !info && item_answered(it), "status",
                                info                ? _(r->lang, "Information")
                                : item_answered(it) ? _(r->lang, "Answered")
                                                    : _(r->lang, "Not answered")));
    }
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:s, s:s}", "title",
                               _(r->lang, "Check your answers"), "quiz", t.qz.title, "rows", rows,
                               "back_url", attempt_url(r, at.id, "/1"), "submit_url",
                               attempt_url(r, at.id, "/submit"));
    return finish_view(r, &t, &at, ctx, "quiz_take_summary");
}

/* GET /attempts/:id/submit: are you sure? */
int take_finish_page(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    const char *go;
    int rc;

    if ((rc = owner_open(r, &t, &at, &go)) != 0)
        return rc < 0 ? rc : http_redirect(r, go);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "title",
                               _(r->lang, "Submit all your answers and finish?"), "quiz",
                               t.qz.title, "action", attempt_url(r, at.id, "/submit"),
                               "back_url", attempt_url(r, at.id, "/summary"));
    return finish_view(r, &t, &at, ctx, "quiz_take_finish");
}

/* POST /attempts/:id/submit */
int take_finish_submit(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    struct actor who = accounts_actor(r);
    const char *go;
    int rc;

    if ((rc = owner_open(r, &t, &at, &go)) != 0)
        return rc < 0 ? rc : http_redirect(r, go);
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, take_submit(r->db, &r->arena, &who, &t.qz, &at));
    /* submitted meanwhile (another tab, the clock): the result is there either way */
    if (rc < 0 && rc != DARS_ECONFLICT)
        return rc;
    if (rc == 0)
        view_flash(r, N_("Your answers have been submitted."));
    return http_redirect(r, attempt_url(r, at.id, ""));
}

/* The learner's response in words, as HTML (escaped), "" when none. */
static const char *response_html(struct req *r, const struct quiz_item *it)
{
    const struct quiz_question *q = &it->q;
    struct buf b = BUF_INIT;
    if (!item_answered(it))
        return "";
    if (is_choice(q->type) || streq(q->type, "multiple")) {
        for (size_t i = 0; i < it->norder; i++) {
            const struct quiz_answer *an = quiz_answer_by_id(q, it->order[i]);
            if (an && response_has(it->response, an->id)) {
                if (b.len)
                    buf_adds(&b, "<br>\n");
                const char *l = take_answer_label(r, q, an);
                buf_add_html(&b, l, strlen(l));
            }
        }
    } else if (streq(q->type, "matching")) {
        for (size_t i = 0; i < it->norder; i++) {
            const struct quiz_answer *an = quiz_answer_by_id(q, it->order[i]);
            if (!an || !an->text || !*an->text)
                continue;
            const char *m = match_of(&r->arena, it->response, an->id);
            if (b.len)
                buf_adds(&b, "<br>\n");
            buf_add_html(&b, an->text, strlen(an->text));
            buf_adds(&b, " → ");
            buf_add_html(&b, *m ? m : "–", strlen(*m ? m : "–"));
        }
    } else {
        buf_adds(&b, plain_html(&r->arena, it->response));
    }
    const char *s = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return s;
}

/* GET /attempts/:id: the score, and the review the quiz allows */
int take_result_page(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    struct quiz_attempt *past;
    size_t npast;
    ssize_t open;
    int rc;

    if ((rc = take_load_attempt(r, api_id(r->params[0]), &t, &at)) < 0)
        return rc;
    bool owner = at.user_id == r->user->id;
    if (streq(at.state, "open") && owner)
        return http_redirect(r, attempt_url(r, at.id, "/summary"));
    if ((rc = take_user_attempts(r->db, &r->arena, at.quiz_id, at.user_id, &past, &npast, &open)) <
        0)
        return rc;
    bool submitted = streq(at.state, "submitted");
    /* an open last attempt is not used up yet: its answers would be the review's */
    int64_t used = (int64_t)npast - (open >= 0);
    bool review = submitted && (t.manages || take_review_open(&t.qz, &at, used));
    struct val *items = val_list(&r->arena);
    for (size_t i = 0; review && i < at.nitems; i++) {
        const struct quiz_item *it = &at.items[i];
        const char *html, *gf = "";
        if ((rc = quiz_text_html(&r->arena, it->q.text, it->q.format, &html)) < 0 ||
            (*it->q.general_feedback &&
             (rc = quiz_text_html(&r->arena, it->q.general_feedback,
                                  it->q.general_feedback_format ? it->q.general_feedback_format
                                                                : it->q.format,
                                  &gf)) < 0))
            return rc;
        bool info = streq(it->q.type, "description");
        struct val *o = val_pack(
            &r->arena, "{s:s, s:s, s:b, s:s, s:s, s:s}", "label",
            arena_printf(&r->arena, _(r->lang, "Question %s"), view_int(r, it->position)), "html",
            html, "info", info, "response", response_html(r, it), "general_feedback", gf,
            "comment", it->comment);
        if (!info) {
            /* the answers' own strings or the arena's: referred to, not copied */
            struct val *right = val_set_list(o, "right");
            if (streq(it->q.type, "truefalse")) {
                for (size_t j = 0; j < it->q.nanswers; j++)
                    if (it->q.answers[j].fraction > 0)
                        val_push(right, val_str_ref(&r->arena, take_answer_label(
                                                                   r, &it->q, &it->q.answers[j])));
            } else {
                const char **v;
                size_t n = take_right_answers(r, &it->q, &v);
                for (size_t j = 0; j < n; j++)
                    val_push(right, val_str_ref(&r->arena, v[j]));
            }
            val_set_bool(o, "has_right", val_len(right) > 0);
            val_set_str(o, "feedback", take_item_feedback(r, it));
            if (it->graded) {
                int64_t got = it->fraction * it->mark;
                val_set_str(o, "marks",
                            arena_printf(&r->arena, _(r->lang, "%s out of %s"),
                                         marks_text(r, got), marks_text(r, it->mark * QUIZ_UNIT)));
                val_set_bool(o, "correct", it->fraction >= QUIZ_UNIT);
                val_set_bool(o, "partial", it->fraction > 0 && it->fraction < QUIZ_UNIT);
                val_set_bool(o, "wrong", it->fraction <= 0);
            } else if (item_answered(it)) {
                val_set_bool(o, "needs_grading", true);
            } else {
                val_set_bool(o, "wrong", true);
            }
        }
        val_push(items, o);
    }
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:b, s:o, s:b, s:s}", "title",
        arena_printf(&r->arena, _(r->lang, "Attempt %s"), view_int(r, at.number)), "quiz",
        t.qz.title, "quiz_url", quiz_url(r, t.qz.id), "review", review, "items", items,
        "submitted", submitted, "started_at", view_datetime(r, at.started_at));
    if (submitted) {
        val_set_str(ctx, "submitted_at", view_datetime(r, at.submitted_at));
        val_set_str(ctx, "score",
                    arena_printf(&r->arena, _(r->lang, "%s out of %s"), marks_text(r, at.score),
                                 marks_text(r, at.max_score)));
        val_set_str(ctx, "percent", percent_text(r, quiz_attempt_percent(&at)));
        val_set_str(ctx, "pass_mark", percent_text(r, (double)t.qz.pass_mark));
        if (at.needs_grading)
            val_set_bool(ctx, "needs_grading", true);
        else if (at.passed)
            val_set_bool(ctx, "passed", true);
        else
            val_set_bool(ctx, "failed", true);
        if (!review)
            val_set_str(ctx, "review_note",
                        streq(t.qz.review, "after_last_attempt")
                            ? _(r->lang, "The answers and feedback are shown once you "
                                         "have used your last attempt.")
                            : _(r->lang, "This quiz does not show its answers."));
    }
    if (!owner)
        val_set_str(ctx, "learner",
                    arena_printf(&r->arena, "%s (%s)", at.user_name, at.user_email));
    crumbs(r, ctx, &t, true);
    return view_page(r, "quiz_take_result", ctx);
}
