/*
 * The attempts API: start an attempt, read it, save one answer, submit.
 * Learners never see fractions or feedback before the quiz's review
 * setting allows; those who manage the course see everything.
 */
#include "core/base.h"
#include "quiz/take_int.h"
#include "http/api.h"
#include "core/time.h"
#include "db/db.h"

/* One item as the API shows it; review: fractions, feedback and right answers
 * too. */
static json_t *item_json(struct req *r, const struct quiz_attempt *at, const struct quiz_item *it,
                         bool review)
{
    const struct quiz_question *q = &it->q;
    json_t *answers = json_array(), *choices = NULL;
    bool shows = streq(q->type, "single") || streq(q->type, "multiple") ||
                 streq(q->type, "truefalse") || streq(q->type, "matching");
    for (size_t i = 0; shows && i < it->norder; i++) {
        const struct quiz_answer *an = quiz_answer_by_id(q, it->order[i]);
        /* a matching pair without a stem only adds a wrong right-hand choice */
        if (!an || (streq(q->type, "matching") && (!an->text || !*an->text)))
            continue;
        json_array_append_new(answers, json_pack("{s:I, s:s}", "id", (json_int_t)an->id, "text",
                                                 an->text ? an->text : ""));
    }
    if (streq(q->type, "matching")) {
        const char **v;
        size_t n = take_match_choices(&r->arena, q, &v);
        choices = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(choices, json_string(v[i]));
    }
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:o, s:o}", "position",
                          (json_int_t)it->position, "type", q->type, "name", q->name, "text",
                          q->text, "format", q->format, "mark", (json_int_t)it->mark, "answers",
                          answers, "response", quiz_response_json(q, it->response));
    if (choices)
        json_object_set_new(o, "choices", choices);
    json_object_set_new(o, "saved_at", *it->saved_at ? json_string(it->saved_at) : json_null());
    if (!streq(at->state, "submitted"))
        return o;
    json_object_set_new(o, "needs_grading",
                        json_boolean(!it->graded && streq(q->type, "essay") && it->response));
    json_object_set_new(o, "comment", json_string(it->comment));
    if (!review)
        return o;
    json_object_set_new(o, "fraction",
                        it->graded ? json_real((double)it->fraction / QUIZ_UNIT) : json_null());
    json_object_set_new(o, "feedback", json_string(take_item_feedback(r, it)));
    json_object_set_new(o, "general_feedback", json_string(q->general_feedback));
    const char **right;
    size_t nright = take_right_answers(r, q, &right);
    json_t *rights = json_array();
    for (size_t i = 0; i < nright; i++)
        json_array_append_new(rights, json_string(right[i]));
    json_object_set_new(o, "right_answers", rights);
    return o;
}

static json_t *attempt_json(struct req *r, const struct take_ctx *t, const struct quiz_attempt *at,
                            int64_t used)
{
    bool review = t->manages || take_review_open(&t->qz, at, used);
    json_t *items = json_array();
    for (size_t i = 0; i < at->nitems; i++)
        json_array_append_new(items, item_json(r, at, &at->items[i], review));
    json_t *o =
        json_pack("{s:I, s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)at->id, "quiz",
                  (json_int_t)at->quiz_id, "number", (json_int_t)at->number, "state", at->state,
                  "started_at", at->started_at, "deadline_at",
                  *at->deadline_at ? json_string(at->deadline_at) : json_null(), "submitted_at",
                  *at->submitted_at ? json_string(at->submitted_at) : json_null(), "items", items);
    if (t->manages)
        json_object_set_new(o, "user", json_string(at->user_email));
    if (streq(at->state, "submitted")) {
        json_object_set_new(o, "score",
                            at->graded ? json_real((double)at->score / QUIZ_UNIT) : json_null());
        json_object_set_new(o, "max_score", json_real((double)at->max_score / QUIZ_UNIT));
        json_object_set_new(o, "percent", json_real(quiz_attempt_percent(at)));
        json_object_set_new(o, "passed", json_boolean(at->passed));
        json_object_set_new(o, "needs_grading", json_boolean(at->needs_grading));
        json_object_set_new(o, "review", json_boolean(review));
    }
    return o;
}

/* Answer the attempt at of t's quiz, as loaded or as a write left it. */
static int send_attempt(struct req *r, int status, const struct take_ctx *t,
                        const struct quiz_attempt *at)
{
    struct quiz_attempt *past;
    size_t npast;
    ssize_t open;
    int rc;

    if ((rc = take_user_attempts(r->db, &r->arena, at->quiz_id, at->user_id, &past, &npast,
                                 &open)) < 0)
        return rc;
    /* an open last attempt is not used up yet: its answers would be the review's */
    return http_json(r, status, attempt_json(r, t, at, (int64_t)npast - (open >= 0)));
}

/* POST /api/v1/quizzes/:id/attempts */
int take_api_start(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    struct actor who = accounts_actor(r);
    const char *why = NULL;
    int64_t id = 0;
    int rc;

    if ((rc = take_load_quiz(r, api_id(r->params[0]), &t)) < 0)
        return rc;
    if (!t.enrolled)
        return http_problem(r, 403, "Forbidden",
                            "only learners enrolled in the course take its quizzes");
    if (!take_is_open(&t))
        return http_problem(r, 409, "Conflict", "the quiz is not published");
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, take_start(r->db, &r->arena, &who, &t.qz, r->user->id, &id,
                                          &why))) < 0) {
        if (rc == DARS_ECONFLICT)
            return http_problem(r, 409, "Conflict", why);
        return rc;
    }
    if ((rc = quiz_attempt_get(r->db, &r->arena, id, &at)) < 0)
        return rc;
    return send_attempt(r, 201, &t, &at);
}

/* GET /api/v1/attempts/:id */
int take_api_get(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    int rc = take_load_attempt(r, api_id(r->params[0]), &t, &at);

    return rc < 0 ? rc : send_attempt(r, 200, &t, &at);
}

/* Why the owner can no longer change at, for a 409; NULL while they can. */
static const char *closed_reason(const struct quiz_attempt *at)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    /* submitted by the clock (now, or when its owner last came back) */
    bool timed_out = *at->deadline_at && quiz_attempt_expired(at, now) &&
                     (streq(at->state, "open") || strcmp(at->submitted_at, at->deadline_at) >= 0);
    if (timed_out)
        return "the time limit has passed: the answer does not count";
    if (!streq(at->state, "open"))
        return "the attempt has been submitted";
    return NULL;
}

/* PUT /api/v1/attempts/:id/answers/:position {"response": ...} */
int take_api_answer(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    struct actor who = accounts_actor(r);
    json_t *body = http_json_body(r), *v;
    const char *response = NULL, *why = NULL;
    int64_t position = api_id(r->params[1]);
    char now[TIME_ISO_LEN];
    int rc;

    if (!body)
        return 0;
    if ((rc = take_load_attempt(r, api_id(r->params[0]), &t, &at)) < 0)
        return rc;
    if (at.user_id != r->user->id)
        return http_problem(r, 403, "Forbidden", "only the learner answers their attempt");
    if ((rc = take_may_answer(&t)) < 0)
        return rc;
    const struct quiz_item *it = quiz_attempt_item(&at, position);
    if (!it)
        return DARS_ENOTFOUND;
    if ((why = closed_reason(&at)))
        return http_problem(r, 409, "Conflict", why);
    if (!(v = json_object_get(body, "response")))
        return http_problem_fields(r, json_pack("{s:s}", "response", "is required"));
    if (quiz_response_parse(&r->arena, &it->q, v, &response, &why) < 0)
        return http_problem_fields(
            r, json_pack("{s:s}", "response", why ? why : "does not fit the question"));
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, take_save(r->db, &r->arena, &who, &at, position, response))) < 0) {
        if (rc != DARS_ECONFLICT)
            return rc;
        /* a submission crossed this save */
        time_now_iso(now);
        if (!quiz_attempt_expired(&at, now))
            return http_problem(r, 409, "Conflict", "the attempt has been submitted");
        /* the deadline passed between the read and the write */
        if ((rc = take_close_expired(r->db, &r->arena, &who, &t.qz, NULL)) < 0)
            return rc;
        return http_problem(r, 409, "Conflict",
                            "the time limit has passed: the answer does not count");
    }
    struct quiz_item saved = *it;
    time_now_iso(now);
    saved.response = response;
    saved.saved_at = arena_strdup(&r->arena, now);
    return http_json(r, 200, item_json(r, &at, &saved, false));
}

/* POST /api/v1/attempts/:id/submit */
int take_api_submit(struct req *r)
{
    struct take_ctx t;
    struct quiz_attempt at;
    struct actor who = accounts_actor(r);
    int rc;

    if ((rc = take_load_attempt(r, api_id(r->params[0]), &t, &at)) < 0)
        return rc;
    if (at.user_id != r->user->id)
        return http_problem(r, 403, "Forbidden", "only the learner submits their attempt");
    if ((rc = take_may_answer(&t)) < 0)
        return rc;
    if (!streq(at.state, "open"))
        return http_problem(r, 409, "Conflict", "the attempt has been submitted");
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, take_submit(r->db, &r->arena, &who, &t.qz, &at))) < 0) {
        if (rc == DARS_ECONFLICT)
            return http_problem(r, 409, "Conflict", "the attempt has been submitted");
        return rc;
    }
    /* take_submit read the attempt again and graded it: at is as stored */
    return send_attempt(r, 200, &t, &at);
}
