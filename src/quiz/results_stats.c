/*
 * A quiz's item statistics over its submitted attempts: per question the
 * attempts, the facility and discrimination indices (quiz_item_analysis),
 * the average credit, and for choice questions how often each answer was
 * picked. As a page and as /api/v1; three statements whatever the data.
 */
#include "core/base.h"
#include "quiz/results_int.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <math.h>

struct stat_answer {
    int64_t id, fraction, picked;
    const char *text;
};

struct stat_question {
    int64_t id, mark;
    const char *name, *type;
    int64_t attempts, graded;
    int64_t credit; /* sum of fraction * mark over the graded items, QUIZ_UNIT marks */
    double facility, discrimination;
    struct stat_answer *answers;
    size_t nanswers, acap;
};

struct stats {
    struct stat_question *q;
    size_t nq, na; /* questions, attempts */
};

static bool is_choice(const char *type)
{
    return streq(type, "single") || streq(type, "multiple") || streq(type, "truefalse");
}

static struct stat_question *question_of(struct stats *s, int64_t id)
{
    for (size_t j = 0; j < s->nq; j++)
        if (s->q[j].id == id)
            return &s->q[j];
    return NULL;
}

/* one item as read, until the attempts are counted */
struct stat_item {
    int64_t attempt, question, fraction;
    bool graded;
};

static void count_picks(struct stat_question *q, const char *resp)
{
    int64_t id;
    for (const char *p = resp; quiz_ids_next(&p, &id);)
        for (size_t k = 0; k < q->nanswers; k++)
            if (q->answers[k].id == id)
                q->answers[k].picked++;
}

static int stats_load(struct req *r, const struct quiz *qz, struct stats *s)
{
    struct db_stmt *st;
    int rc;
    size_t cap = 0, cap_items = 0, nitems = 0;
    struct stat_item *items = NULL;

    memset(s, 0, sizeof(*s));
    if ((rc = db_query(r->db, &st, results_stats_questions_sql, DB_ARGS(DB_INT(qz->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        s->q = arena_grow(&r->arena, s->q, s->nq, &cap, sizeof(*s->q));
        struct stat_question *q = &s->q[s->nq++];
        memset(q, 0, sizeof(*q));
        q->id = db_col_int(st, 0);
        q->name = arena_strdup(&r->arena, db_col_text(st, 1));
        q->type = arena_strdup(&r->arena, db_col_text(st, 2));
    }
    db_done(st);
    if (rc < 0)
        return rc;

    if ((rc = db_query(r->db, &st, results_stats_answers_sql, DB_ARGS(DB_INT(qz->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct stat_question *q = question_of(s, db_col_int(st, 1));
        if (!q || !is_choice(q->type))
            continue;
        q->answers = arena_grow(&r->arena, q->answers, q->nanswers, &q->acap,
                                sizeof(*q->answers));
        struct stat_answer *an = &q->answers[q->nanswers++];
        an->id = db_col_int(st, 0);
        an->text = arena_strdup(&r->arena, db_col_text(st, 2));
        an->fraction = db_col_int(st, 3);
        an->picked = 0;
    }
    db_done(st);
    if (rc < 0)
        return rc;

    if ((rc = db_query(r->db, &st, results_stats_items_sql, DB_ARGS(DB_INT(qz->id)))) < 0)
        return rc;
    int64_t last = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        struct stat_question *q = question_of(s, db_col_int(st, 1));
        if (!q)
            continue;
        items = arena_grow(&r->arena, items, nitems, &cap_items, sizeof(*items));
        struct stat_item *it = &items[nitems++];
        it->attempt = db_col_int(st, 0);
        it->question = q->id;
        it->graded = !db_col_is_null(st, 2);
        it->fraction = db_col_int(st, 2);
        if (it->attempt != last) {
            s->na++;
            last = it->attempt;
        }
        if (!q->mark)
            q->mark = db_col_int(st, 3);
        q->attempts++;
        if (it->graded) {
            q->graded++;
            q->credit += it->fraction * db_col_int(st, 3);
        }
        if (is_choice(q->type) && !db_col_is_null(st, 4))
            count_picks(q, db_col_text(st, 4));
    }
    db_done(st);
    if (rc < 0)
        return rc;

    /* the score matrix: attempts in the order read, questions in the order above */
    double *score = ARENA_NEW_N(&r->arena, double, s->na * s->nq + 1);
    double *fac = ARENA_NEW_N(&r->arena, double, s->nq + 1);
    double *dis = ARENA_NEW_N(&r->arena, double, s->nq + 1);
    for (size_t k = 0; k < s->na * s->nq; k++)
        score[k] = -1;
    size_t i = 0;
    last = nitems ? items[0].attempt : 0;
    for (size_t k = 0; k < nitems; k++) {
        if (items[k].attempt != last) {
            i++;
            last = items[k].attempt;
        }
        if (!items[k].graded)
            continue; /* an essay not graded yet says nothing */
        size_t j = (size_t)(question_of(s, items[k].question) - s->q);
        double f = (double)items[k].fraction / QUIZ_UNIT;
        score[i * s->nq + j] = f < 0 ? 0 : f > 1 ? 1 : f;
    }
    quiz_item_analysis(score, s->na, s->nq, fac, dis);
    for (size_t j = 0; j < s->nq; j++) {
        s->q[j].facility = fac[j];
        s->q[j].discrimination = dis[j];
    }
    return 0;
}

static const char *pct(struct req *r, double v)
{
    return isnan(v) ? "–" : arena_printf(&r->arena, "%s%%", quiz_num_text(&r->arena, v));
}

/* GET /admin/quizzes/:id/statistics */
int results_stats_page(struct req *r)
{
    struct quiz qz;
    struct catalog_course c;
    struct stats s;
    int rc = results_quiz_managed(r, r->params[0], &qz, &c);

    if (rc < 0 || (rc = stats_load(r, &qz, &s)) < 0)
        return rc;
    struct val *qs = val_list(&r->arena);
    for (size_t j = 0; j < s.nq; j++) {
        struct stat_question *q = &s.q[j];
        struct val *answers = val_list(&r->arena);
        for (size_t k = 0; k < q->nanswers; k++) {
            struct stat_answer *an = &q->answers[k];
            val_push(answers,
                     val_pack(&r->arena, "{s:s, s:s, s:s, s:b}", "text", an->text, "picked",
                              view_int(r, an->picked), "percent",
                              pct(r, q->attempts
                                         ? 100.0 * (double)an->picked / (double)q->attempts
                                         : NAN),
                              "right", an->fraction > 0));
        }
        val_push(qs, val_pack(&r->arena,
                              "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:b}", "n",
                              (json_int_t)(j + 1), "name", q->name, "type",
                              _(r->lang, quiz_type_label(q->type)), "attempts",
                              view_int(r, q->attempts), "facility", pct(r, q->facility),
                              "discrimination", pct(r, q->discrimination), "average",
                              q->graded ? quiz_num_text(&r->arena, (double)q->credit /
                                                                       QUIZ_UNIT /
                                                                       (double)q->graded)
                                        : "–",
                              "mark", quiz_num_text(&r->arena, (double)q->mark), "answers",
                              answers, "has_answers", q->nanswers > 0));
    }
    const char *qurl = arena_printf(&r->arena, "/admin/quizzes/%lld", (long long)qz.id);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:b, s:s, s:s}", "title",
                               _(r->lang, "Statistics"), "quiz", qz.title, "questions", qs,
                               "has_items", s.na > 0, "attempts", view_int(r, (int64_t)s.na),
                               "results_url", arena_printf(&r->arena, "%s/results", qurl));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, catalog_course_url(r, c.code),
                qz.title, qurl, NULL);
    return view_page(r, "quiz_results_stats", ctx);
}

static json_t *num_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(quiz_round2(v));
}

/* GET /api/v1/quizzes/:id/statistics */
int results_api_stats(struct req *r)
{
    struct quiz qz;
    struct catalog_course c;
    struct stats s;
    int rc = results_quiz_managed(r, r->params[0], &qz, &c);

    if (rc < 0 || (rc = stats_load(r, &qz, &s)) < 0)
        return rc;
    json_t *qs = json_array();
    for (size_t j = 0; j < s.nq; j++) {
        struct stat_question *q = &s.q[j];
        json_t *o = json_pack(
            "{s:I, s:s, s:s, s:I, s:o, s:o, s:o, s:I}", "id", (json_int_t)q->id, "name", q->name,
            "type", q->type, "attempts", (json_int_t)q->attempts, "facility",
            num_or_null(q->facility), "discrimination", num_or_null(q->discrimination),
            "average_credit",
            q->graded ? json_real((double)q->credit / QUIZ_UNIT / (double)q->graded)
                      : json_null(),
            "mark", (json_int_t)q->mark);
        if (is_choice(q->type)) {
            json_t *answers = json_array();
            for (size_t k = 0; k < q->nanswers; k++)
                json_array_append_new(
                    answers, json_pack("{s:I, s:s, s:f, s:I}", "id", (json_int_t)q->answers[k].id,
                                       "text", q->answers[k].text, "fraction",
                                       (double)q->answers[k].fraction / QUIZ_UNIT, "picked",
                                       (json_int_t)q->answers[k].picked));
            json_object_set_new(o, "answers", answers);
        }
        json_array_append_new(qs, o);
    }
    return http_json(r, 200,
                     json_pack("{s:I, s:I, s:o}", "quiz", (json_int_t)qz.id, "attempts",
                               (json_int_t)s.na, "questions", qs));
}
