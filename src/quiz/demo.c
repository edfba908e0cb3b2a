/*
 * The quiz module's part of `dars demo`: a question bank from the GIFT files
 * under src/cli/demo/ (imported the way `dars import gift` does), a quiz
 * built from it, and attempts by some of the demo learners (answered,
 * submitted and graded by the same engine as the pages), one essay left for
 * the instructor to grade. A course whose bank has questions is left alone.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"
#include "quiz/author_int.h"
#include "quiz/take_int.h"

#include "audit/audit.h"
#include "core/arena.h"
#include "core/embed.h"
#include "core/time.h"
#include "db/db.h"
#include "quiz/quiz_sql.h"

/* One demo quiz; slots: every question of the bank, or a random pick where asked. */
struct demo_quiz {
    const char *course, *gift, *title, *intro;
    int64_t minutes, attempts, pass_mark;
    const char *random_category; /* one slot of random_pick from here instead of fixed ones */
    int64_t random_pick;
    /* learners who take it and how well: 0..4 of every 4 answers right */
    struct {
        const char *email;
        int skill;
    } takers[3];
};

static const struct demo_quiz demo_quizzes[] = {
    { "CYBER-101", "src/cli/demo/cyber-101.gift", "Проверка знаний: кибергигиена",
      "Восемь вопросов по всему курсу. Есть 20 минут и три попытки; для зачёта нужно 60%.",
      20, 3, 60, NULL, 0,
      { { "o.petrova@dars.example", 4 }, { "d.brown@dars.example", 3 },
        { "n.volkova@dars.example", 2 } } },
    { "ENG-A2", "src/cli/demo/eng-a2.gift", "Check your English: units 2-4",
      "Two grammar questions drawn at random, then work and travel English. No time limit.", 0,
      0, 50, "Present simple", 2,
      { { "s.nazarova@dars.example", 4 }, { "k.abdullayev@dars.example", 2 }, { NULL, 0 } } },
};

/* A response for it: right when right is true, else a plausible wrong one. */
static const char *respond(struct arena *a, const struct quiz_item *it, bool right)
{
    const struct quiz_question *q = &it->q;
    const struct quiz_answer *best = NULL, *worst = NULL;

    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        if (streq(ans->text, "*"))
            continue;
        if (!best || ans->fraction > best->fraction)
            best = ans;
        if (!worst || ans->fraction < worst->fraction)
            worst = ans;
    }
    if (streq(q->type, "single") || streq(q->type, "truefalse"))
        return arena_printf(a, "%lld", (long long)(right ? best : worst)->id);
    if (streq(q->type, "multiple")) {
        struct buf b = BUF_INIT;
        for (size_t i = 0; i < q->nanswers; i++)
            if (right ? q->answers[i].fraction > 0 : q->answers[i].fraction != 0)
                buf_addf(&b, "%s%lld", b.len ? "," : "", (long long)q->answers[i].id);
        const char *s = arena_strdup(a, b.ptr);
        buf_release(&b);
        return s;
    }
    if (streq(q->type, "short"))
        return right ? best->text : "не знаю";
    if (streq(q->type, "numerical"))
        return arena_printf(a, "%g", right ? best->value : best->value + 7);
    if (streq(q->type, "matching")) {
        json_t *o = json_object();
        size_t n = q->nanswers;
        for (size_t i = 0; i < n; i++) {
            if (!q->answers[i].text || !*q->answers[i].text)
                continue;
            /* a wrong learner swaps every match with the next pair's */
            const struct quiz_answer *m = right ? &q->answers[i] : &q->answers[(i + 1) % n];
            json_object_set_new(o, arena_printf(a, "%lld", (long long)q->answers[i].id),
                                json_string(m->match));
        }
        char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        const char *r = arena_strdup(a, s);
        free(s);
        json_decref(o);
        return r;
    }
    if (streq(q->type, "essay"))
        return right ? "I would check the sender's address and the link before anything else, "
                       "and ask the service desk by phone instead of answering the message."
                     : "I am not sure.";
    return NULL;
}

static int take(struct db *db, struct arena *a, const struct actor *who, const struct quiz *qz,
                const char *email, int skill)
{
    struct accounts_user_ref u;
    struct quiz_attempt at;
    const char *why;
    int64_t id;
    int rc;

    if ((rc = accounts_user_by_email(db, a, email, &u)) < 0 ||
        (rc = take_start(db, a, who, qz, u.id, &id, &why)) < 0 ||
        (rc = quiz_attempt_get(db, a, id, &at)) < 0)
        return rc;
    for (size_t i = 0; i < at.nitems; i++) {
        const char *resp = respond(a, &at.items[i], (int)(i % 4) < skill);
        if (resp && (rc = take_save(db, a, who, &at, at.items[i].position, resp)) < 0)
            return rc;
    }
    if ((rc = take_submit(db, a, who, qz, &at)) < 0)
        return rc;
    if (skill < 4)
        return 0; /* their essays wait for the instructor, as on a real Monday */
    /* the best learner's essay has been read already: full marks */
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    for (size_t i = 0; i < at.nitems; i++) {
        if (!streq(at.items[i].q.type, "essay") || at.items[i].graded)
            continue;
        json_t *changes = json_object();
        audit_diff(changes, "fraction", NULL, "1");
        if ((rc = db_exec(db, quiz_item_grade_sql,
                          DB_ARGS(DB_INT(QUIZ_UNIT), DB_TEXT("Clear and practical."),
                                  DB_TEXT(now), DB_TEXT(now), DB_INT(at.items[i].id)))) == 0)
            rc = audit_record_id(db, who, "quiz.attempt.grade", "quiz_attempt",
                              at.id, changes);
        json_decref(changes);
        if (rc < 0)
            return rc;
    }
    if ((rc = quiz_attempt_get(db, a, id, &at)) < 0)
        return rc;
    return quiz_attempt_total(db, a, who, qz, &at);
}

static int demo_one(struct db *db, struct arena *a, const struct actor *who,
                    const struct demo_quiz *d, bool *created)
{
    struct catalog_course c;
    struct quiz_category *cats;
    struct gift_error *errs;
    size_t ncats, nerr;
    int rc;

    *created = false;
    if ((rc = catalog_course_get(db, a, d->course, "en", &c)) < 0 ||
        (rc = quiz_categories(db, a, c.id, &cats, &ncats)) < 0 || ncats)
        return rc == DARS_ENOTFOUND ? 0 : rc;
    const struct embedded_file *f = embedded_find(d->gift);
    if (!f) {
        fprintf(stderr, "dars: demo: '%s' is not in this build\n", d->gift);
        return DARS_EINVALID;
    }
    rc = quiz_import_gift(db, a, who, c.id, (const char *)f->data, f->len, &errs, &nerr, NULL);
    if (rc == DARS_EINVALID)
        fprintf(stderr, "dars: demo: %s:%d: %s\n", d->gift, nerr ? errs[0].line : 0,
                nerr ? errs[0].reason : "");
    if (rc < 0)
        return rc;

    json_t *errors = json_object();
    struct quiz_author_in in = { .title = d->title, .intro = d->intro,
                                 .time_limit = d->minutes * 60, .attempts_allowed = d->attempts,
                                 .pass_mark = d->pass_mark, .shuffle_questions = false,
                                 .shuffle_answers = true, .required = false,
                                 .review = "after_submit", .status = "draft" };
    struct quiz_question *qs;
    struct quiz_slot *slots;
    struct quiz qz;
    size_t nq, nslots;
    int64_t id;
    if ((rc = quiz_author_insert(db, a, who, c.id, &in, errors, &id)) < 0 ||
        (rc = quiz_get(db, a, id, &qz)) < 0 ||
        (rc = quiz_question_list(db, a, c.id, NULL, 0, 1000, &qs, &nq)) < 0)
        goto out;
    if (d->random_category &&
        (rc = quiz_author_slot_add(db, a, who, &qz, 0, d->random_category, d->random_pick, 1,
                                   errors, NULL)) < 0)
        goto out;
    for (size_t i = 0; i < nq && rc == 0; i++)
        if (!d->random_category || !streq(qs[i].category, d->random_category))
            rc = quiz_author_slot_add(db, a, who, &qz, qs[i].id, NULL, 0,
                                      streq(qs[i].type, "essay") ? 2 : 1, errors, NULL);
    if (rc < 0 || (rc = quiz_slots(db, a, qz.id, &slots, &nslots)) < 0 ||
        (rc = quiz_author_set_published(db, a, who, &qz, nslots, true, errors)) < 0 ||
        (rc = quiz_get(db, a, id, &qz)) < 0)
        goto out;
    for (size_t i = 0; i < ARRAY_SIZE(d->takers) && d->takers[i].email && rc == 0; i++)
        rc = take(db, a, who, &qz, d->takers[i].email, d->takers[i].skill);
    *created = rc == 0;
out:
    if (rc == DARS_EINVALID) {
        const char *k;
        json_t *v;
        json_object_foreach(errors, k, v)
            fprintf(stderr, "dars: demo quiz %s: %s: %s\n", d->course, k, json_string_value(v));
    }
    json_decref(errors);
    return rc;
}

int quiz_demo(struct db *db, struct arena *a, const struct actor *who, size_t *created)
{
    int rc = 0;

    *created = 0;
    for (size_t i = 0; i < ARRAY_SIZE(demo_quizzes) && rc == 0; i++) {
        bool made;
        rc = demo_one(db, a, who, &demo_quizzes[i], &made);
        *created += made;
    }
    return rc;
}
