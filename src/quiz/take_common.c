/*
 * What the learner's quiz pages and the attempts API share: finding a quiz
 * or an attempt and deciding whether the request's user may see it.
 */
#include "core/base.h"
#include "quiz/take_int.h"
#include "http/api.h"
#include "core/time.h"
#include "enrol/enrol.h"
#include "core/i18n.h"

/* The course of t->qz, and whether the user manages it or may learn in it. */
static int load_course(struct req *r, struct take_ctx *t)
{
    struct enrol_state es;
    int rc;

    if ((rc = catalog_course_get_id(r->db, &r->arena, t->qz.course_id, r->lang, &t->c)) < 0 ||
        (rc = catalog_may_manage(r, &t->c, &t->manages)) < 0 ||
        (rc = enrol_state_get(r->db, &r->arena, r->user->id, t->c.id, &es)) < 0)
        return rc;
    t->enrolled = enrol_state_may_read(&es);
    return 0;
}

bool take_is_open(const struct take_ctx *t)
{
    return streq(t->qz.status, "published") && streq(t->c.status, "published");
}

int take_load_quiz(struct req *r, int64_t quiz_id, struct take_ctx *t)
{
    int rc;

    memset(t, 0, sizeof(*t));
    if (!quiz_id)
        return DARS_ENOTFOUND;
    if ((rc = quiz_get(r->db, &r->arena, quiz_id, &t->qz)) < 0 || (rc = load_course(r, t)) < 0)
        return rc;
    /* a draft quiz (or a quiz of a draft course) does not exist for learners */
    if (!take_is_open(t) && !t->manages)
        return DARS_ENOTFOUND;
    if (!t->enrolled && !t->manages)
        return DARS_EDENIED;
    return 0;
}

int take_load_attempt(struct req *r, int64_t attempt_id, struct take_ctx *t,
                      struct quiz_attempt *at)
{
    int rc;

    memset(t, 0, sizeof(*t));
    if (!attempt_id)
        return DARS_ENOTFOUND;
    if ((rc = quiz_attempt_get(r->db, &r->arena, attempt_id, at)) < 0 ||
        (rc = quiz_get(r->db, &r->arena, at->quiz_id, &t->qz)) < 0 || (rc = load_course(r, t)) < 0)
        return rc;
    bool owner = at->user_id == r->user->id;
    if (!owner && !t->manages)
        return DARS_EDENIED;
    /* time ran out while the owner was away: submit what was saved in time */
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if (owner && streq(at->state, "open") && quiz_attempt_expired(at, now)) {
        struct actor who = accounts_actor(r);
        if ((rc = take_close_expired(r->db, &r->arena, &who, &t->qz, NULL)) < 0 ||
            (rc = quiz_attempt_get(r->db, &r->arena, attempt_id, at)) < 0)
            return rc;
    }
    return 0;
}

int take_may_answer(const struct take_ctx *t)
{
    /* a withdrawn learner keeps their results to read, but takes no part any more */
    if (!t->enrolled)
        return DARS_EDENIED;
    if (!take_is_open(t))
        return DARS_ENOTFOUND;
    return 0;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* The right-hand texts of a matching question, distinct and sorted (arena
 * array). */
size_t take_match_choices(struct arena *a, const struct quiz_question *q, const char ***out)
{
    const char **v = ARENA_NEW_N(a, const char *, q->nanswers + 1);
    size_t n = 0;
    for (size_t i = 0; i < q->nanswers; i++)
        if (q->answers[i].match && *q->answers[i].match)
            v[n++] = q->answers[i].match;
    qsort(v, n, sizeof(*v), cmp_str);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (k == 0 || !streq(v[k - 1], v[i]))
            v[k++] = v[i];
    *out = v;
    return k;
}

/* What a person should have answered, as text: one string per right answer. */
const char *take_answer_label(struct req *r, const struct quiz_question *q,
                              const struct quiz_answer *an)
{
    if (streq(q->type, "truefalse"))
        return streq(an->text, "true") ? _(r->lang, "True") : _(r->lang, "False");
    return an->text ? an->text : "";
}

size_t take_right_answers(struct req *r, const struct quiz_question *q, const char ***out)
{
    const char **v = ARENA_NEW_N(&r->arena, const char *, q->nanswers + 1);
    size_t n = 0;
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *an = &q->answers[i];
        if (streq(q->type, "matching")) {
            if (an->text && *an->text)
                v[n++] = arena_printf(&r->arena, "%s → %s", an->text, an->match ? an->match : "");
        } else if (an->fraction > 0) {
            if (streq(q->type, "numerical"))
                v[n++] = an->tolerance > 0
                             ? arena_printf(&r->arena, "%g ± %g", an->value, an->tolerance)
                             : arena_printf(&r->arena, "%g", an->value);
            else if (an->text)
                v[n++] = an->text;
        }
    }
    *out = v;
    return n;
}

/* The feedback of the chosen answers (several for multiple choice), "" when
 * none. */
const char *take_item_feedback(struct req *r, const struct quiz_item *it)
{
    if (!it->response)
        return "";
    if (streq(it->q.type, "multiple")) {
        struct buf b = BUF_INIT;
        int64_t id;
        for (const char *p = it->response; quiz_ids_next(&p, &id);) {
            const struct quiz_answer *an = quiz_answer_by_id(&it->q, id);
            if (an && an->feedback && *an->feedback)
                buf_addf(&b, "%s%s", b.len ? "\n" : "", an->feedback);
        }
        const char *s = arena_strdup(&r->arena, b.ptr);
        buf_release(&b);
        return s;
    }
    const struct quiz_answer *an = quiz_response_answer(&r->arena, &it->q, it->response);
    return an && an->feedback ? an->feedback : "";
}
