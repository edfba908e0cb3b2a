/*
 * The attempt engine: starting an attempt (questions drawn from the bank and
 * ordered as the quiz says), saving answers while the server's clock allows,
 * grading on submission, and submitting what ran out of time. Each function
 * writes inside its caller's transaction and audits what it changed.
 */
#include "core/base.h"
#include "quiz/take_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "db/db.h"
#include "core/i18n.h"

#include <time.h>

int take_user_attempts(struct db *db, struct arena *a, int64_t quiz_id, int64_t user_id,
                       struct quiz_attempt **out, size_t *n, ssize_t *open)
{
    struct db_stmt *st;
    size_t cap = 0, len = 0;
    struct quiz_attempt *v = NULL;
    int rc;

    *out = NULL, *n = 0, *open = -1;
    if ((rc = db_query(db, &st, take_user_attempts_sql,
                       DB_ARGS(DB_INT(quiz_id), DB_INT(user_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        /* zeroed: what the row does not say (the items) is empty */
        v = arena_grow_zeroed(a, v, len, &cap, sizeof(*v));
        struct quiz_attempt *s = &v[len];
        s->quiz_id = quiz_id;
        s->user_id = user_id;
        s->id = db_col_int(st, 0);
        s->number = db_col_int(st, 1);
        s->state = arena_strdup(a, db_col_text(st, 2));
        s->started_at = arena_strdup(a, db_col_text(st, 3));
        s->deadline_at = arena_strdup(a, db_col_text(st, 4));
        s->submitted_at = arena_strdup(a, db_col_text(st, 5));
        s->graded = !db_col_is_null(st, 6);
        s->score = db_col_int(st, 6);
        s->max_score = db_col_int(st, 7);
        s->needs_grading = db_col_int(st, 8) != 0;
        s->passed = db_col_int(st, 9) != 0;
        if (streq(s->state, "open"))
            *open = (ssize_t)len;
        len++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = v, *n = len;
    return 0;
}

/* ---- drawing the questions ---- */

struct bank_q {
    int64_t id;
    const char *type, *category;
    int64_t *answers;
    size_t nanswers, acap;
    bool used; /* already in the attempt */
};

/* The course's live bank, each question with its answer ids (one statement). */
static int bank_load(struct db *db, struct arena *a, int64_t course_id, struct bank_q **out,
                     size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0, len = 0;
    struct bank_q *v = NULL;
    int rc;

    if ((rc = db_query(db, &st, take_bank_sql, DB_ARGS(DB_INT(course_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t qid = db_col_int(st, 0);
        struct bank_q *q = len ? &v[len - 1] : NULL;
        if (!q || q->id != qid) {
            /* zeroed: a question starts with no answers, not used */
            v = arena_grow_zeroed(a, v, len, &cap, sizeof(*v));
            q = &v[len++];
            q->id = qid;
            q->type = arena_strdup(a, db_col_text(st, 1));
            q->category = arena_strdup(a, db_col_text(st, 2));
        }
        if (!db_col_is_null(st, 3)) {
            /* answers come in order, after their question */
            q->answers = arena_grow(a, q->answers, q->nanswers, &q->acap, sizeof(*q->answers));
            q->answers[q->nanswers++] = db_col_int(st, 3);
        }
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = v, *n = len;
    return 0;
}

static struct bank_q *bank_find(struct bank_q *bank, size_t n, int64_t id)
{
    for (size_t i = 0; i < n; i++)
        if (bank[i].id == id)
            return &bank[i];
    return NULL;
}

/* Fisher-Yates with the kernel's randomness (arc4random_uniform has no modulo
 * bias). */
static void shuffle_ids(int64_t *v, size_t n)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = arc4random_uniform((uint32_t)i);
        int64_t t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

struct draw {
    struct bank_q *q;
    int64_t mark;
};

/* The answer order of a question as this attempt shows it, comma-separated. */
static const char *answer_order(struct arena *a, const struct quiz *qz, const struct bank_q *q)
{
    struct buf b = BUF_INIT;
    int64_t *ids = ARENA_NEW_N(a, int64_t, q->nanswers + 1);
    if (q->nanswers)
        memcpy(ids, q->answers, sizeof(*ids) * q->nanswers);
    /* true/false keeps its order; short, numerical and essay show no choices */
    if (qz->shuffle_answers &&
        (streq(q->type, "single") || streq(q->type, "multiple") || streq(q->type, "matching")))
        shuffle_ids(ids, q->nanswers);
    for (size_t i = 0; i < q->nanswers; i++)
        buf_addf(&b, "%s%lld", i ? "," : "", (long long)ids[i]);
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

int take_start(struct db *db, struct arena *a, const struct actor *who, const struct quiz *qz,
               int64_t user_id, int64_t *id, const char **why)
{
    struct quiz_attempt *past;
    struct quiz_slot *slots;
    struct bank_q *bank;
    size_t npast, nslots, nbank, ndraw = 0;
    ssize_t open;
    int rc;

    *why = NULL;
    /* two starts at once (a double click, a retry) must not both find no
     * open attempt: the second waits here and then finds the first's */
    if ((rc = db_tx_lock(db, TAKE_LOCK_SPACE, user_id)) < 0)
        return rc;
    /* an attempt that ran out of time is submitted first, so the next one may start */
    if ((rc = take_close_expired(db, a, who, qz, NULL)) < 0 ||
        (rc = take_user_attempts(db, a, qz->id, user_id, &past, &npast, &open)) < 0)
        return rc;
    if (open >= 0) {
        *why = N_("You have an attempt at this quiz open already.");
        return DARS_ECONFLICT;
    }
    if (qz->attempts_allowed > 0 && (int64_t)npast >= qz->attempts_allowed) {
        *why = N_("You have used all the attempts this quiz allows.");
        return DARS_ECONFLICT;
    }
    if ((rc = quiz_slots(db, a, qz->id, &slots, &nslots)) < 0 ||
        (rc = bank_load(db, a, qz->course_id, &bank, &nbank)) < 0)
        return rc;

    size_t cap = 0;
    for (size_t i = 0; i < nslots; i++)
        cap += slots[i].question_id ? 1 : (size_t)(slots[i].pick > 0 ? slots[i].pick : 0);
    struct draw *d = ARENA_NEW_N(a, struct draw, cap + 1);
    /* fixed questions first, so that a random pick never repeats one of them */
    for (size_t i = 0; i < nslots; i++) {
        struct bank_q *q =
            slots[i].question_id ? bank_find(bank, nbank, slots[i].question_id) : NULL;
        if (q)
            q->used = true;
    }
    for (size_t i = 0; i < nslots; i++) {
        const struct quiz_slot *s = &slots[i];
        if (s->question_id) {
            struct bank_q *q = bank_find(bank, nbank, s->question_id);
            if (q)
                d[ndraw++] = (struct draw){q, streq(q->type, "description") ? 0 : s->mark};
            continue;
        }
        /* a random slot: pick distinct questions of its category not yet drawn */
        size_t nfree = 0;
        struct bank_q **pool = ARENA_NEW_N(a, struct bank_q *, nbank + 1);
        for (size_t j = 0; j < nbank; j++)
            if (!bank[j].used && !streq(bank[j].type, "description") &&
                streq(bank[j].category, s->category ? s->category : ""))
                pool[nfree++] = &bank[j];
        for (int64_t k = 0; k < s->pick && nfree > 0; k++) {
            size_t j = arc4random_uniform((uint32_t)nfree);
            struct bank_q *q = pool[j];
            pool[j] = pool[--nfree];
            q->used = true;
            d[ndraw++] = (struct draw){q, s->mark};
        }
    }
    if (ndraw == 0) {
        *why = N_("This quiz has no questions yet.");
        return DARS_ECONFLICT;
    }
    /* shuffled questions: descriptions keep their places, the rest swap among
   * theirs */
    if (qz->shuffle_questions) {
        size_t *places = ARENA_NEW_N(a, size_t, ndraw);
        size_t np = 0;
        for (size_t i = 0; i < ndraw; i++)
            if (!streq(d[i].q->type, "description"))
                places[np++] = i;
        for (size_t i = np; i > 1; i--) {
            size_t j = arc4random_uniform((uint32_t)i);
            struct draw t = d[places[i - 1]];
            d[places[i - 1]] = d[places[j]];
            d[places[j]] = t;
        }
    }

    char now[TIME_ISO_LEN], deadline[TIME_ISO_LEN];
    time_now_iso(now);
    if (qz->time_limit > 0)
        time_iso_offset(deadline, qz->time_limit);
    int64_t max_score = 0;
    for (size_t i = 0; i < ndraw; i++)
        max_score += d[i].mark * QUIZ_UNIT;
    int64_t number = npast ? past[npast - 1].number + 1 : 1;
    if ((rc = db_query_int(db, take_attempt_insert_sql,
                           DB_ARGS(DB_INT(qz->id), DB_INT(user_id), DB_INT(number), DB_TEXT(now),
                                   DB_TEXT(qz->time_limit > 0 ? deadline : NULL), DB_INT(max_score),
                                   DB_TEXT(now), DB_TEXT(now)),
                           id)) < 0)
        return rc;
    for (size_t i = 0; i < ndraw; i++)
        if ((rc = db_exec(db, take_item_insert_sql,
                          DB_ARGS(DB_INT(*id), DB_INT((int64_t)i + 1), DB_INT(d[i].q->id),
                                  DB_INT(d[i].mark), DB_TEXT(answer_order(a, qz, d[i].q)),
                                  DB_TEXT(now), DB_TEXT(now)))) < 0)
            return rc;

    json_t *changes = json_object();
    audit_after(changes, "quiz", arena_int(a, qz->id));
    audit_after(changes, "user", arena_int(a, user_id));
    audit_after(changes, "number", arena_int(a, number));
    audit_after(changes, "questions", arena_int(a, (int64_t)ndraw));
    if (qz->time_limit > 0)
        audit_after(changes, "deadline_at", deadline);
    rc = audit_record_id(db, who, "quiz_attempt.start", "quiz_attempt", *id, changes);
    json_decref(changes);
    return rc;
}

int take_save(struct db *db, struct arena *a, const struct actor *who,
              const struct quiz_attempt *at, int64_t position, const char *response)
{
    const struct quiz_item *it = quiz_attempt_item(at, position);
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    if (!it)
        return DARS_ENOTFOUND;
    time_now_iso(now);
    /* nothing to write when the same answer comes again (Previous, Next, Next
   * ...) */
    if (streq(it->response, response))
        return streq(at->state, "open") && !quiz_attempt_expired(at, now) ? 0 : DARS_ECONFLICT;
    if ((rc = db_exec_changes(db, take_attempt_hold_sql,
                              DB_ARGS(DB_TEXT(now), DB_INT(at->id), DB_TEXT(now)), &changed)) < 0)
        return rc;
    if (changed == 0)
        return DARS_ECONFLICT;
    if ((rc = db_exec_changes(db, take_answer_save_sql,
                              DB_ARGS(DB_TEXT(response), DB_TEXT(now), DB_TEXT(now), DB_INT(at->id),
                                      DB_INT(position)),
                              &changed)) < 0)
        return rc;
    if (changed == 0)
        return DARS_ENOTFOUND;
    json_t *changes = json_object();
    audit_diff(changes, arena_printf(a, "response[%lld]", (long long)position), it->response,
               response);
    rc = audit_record_id(db, who, "quiz_attempt.answer", "quiz_attempt", at->id, changes);
    json_decref(changes);
    return rc;
}

int take_submit(struct db *db, struct arena *a, const struct actor *who, const struct quiz *qz,
                struct quiz_attempt *at)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    if ((rc = db_exec_changes(db, take_attempt_submit_sql,
                              DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(at->id)), &changed)) < 0)
        return rc;
    if (changed == 0)
        return DARS_ECONFLICT;
    /* the answers as they are now: a save that crossed this submission held
     * the attempt's row until it committed, and none can come after */
    if ((rc = quiz_attempt_get(db, a, at->id, at)) < 0)
        return rc;
    for (size_t i = 0; i < at->nitems; i++) {
        struct quiz_item *it = &at->items[i];
        int64_t f = 0;
        /* an answered essay waits for a person: its fraction stays NULL */
        it->graded = quiz_grade(a, &it->q, it->response, &f);
        it->fraction = it->graded ? f : 0;
        if ((rc = db_exec(
                 db, take_item_grade_sql,
                 DB_ARGS(it->graded ? DB_INT(f) : DB_NULL, DB_TEXT(now), DB_INT(it->id)))) < 0)
            return rc;
    }
    at->state = "submitted";
    at->submitted_at = arena_strdup(a, now);
    if ((rc = quiz_attempt_total(db, a, who, qz, at)) < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "state", "open", "submitted");
    audit_after(changes, "submitted_at", now);
    rc = audit_record_id(db, who, "quiz_attempt.submit", "quiz_attempt", at->id, changes);
    json_decref(changes);
    return rc;
}

/* An open attempt whose deadline has passed, and its quiz. */
struct expired {
    int64_t id, quiz_id;
    const struct quiz *qz; /* NULL: the quiz was deleted meanwhile */
};

/*
 * The rows (attempt id, quiz id) of a started statement, each with its quiz:
 * qz when given, else read once per quiz (the rows come by quiz).
 */
static int expired_read(struct db *db, struct db_stmt *st, struct arena *a,
                        const struct quiz *qz, struct expired **out, size_t *n)
{
    size_t cap = 0;
    struct expired *v = NULL;
    int rc;

    *n = 0;
    while ((rc = db_step(st)) == DB_ROW) {
        v = arena_grow(a, v, *n, &cap, sizeof(*v));
        v[(*n)++] = (struct expired){db_col_int(st, 0), db_col_int(st, 1), qz};
    }
    db_done(st);
    if (rc < 0)
        return rc;
    /* after db_done: one open statement at a time */
    for (size_t i = 0; i < *n && !qz; i++) {
        if (i > 0 && v[i].quiz_id == v[i - 1].quiz_id) {
            v[i].qz = v[i - 1].qz;
            continue;
        }
        struct quiz *q = ARENA_NEW(a, struct quiz);
        /* deleted since the list was read: its attempts stay as they are */
        if ((rc = quiz_get(db, a, v[i].quiz_id, q)) < 0 && rc != DARS_ENOTFOUND)
            return rc;
        v[i].qz = rc == 0 ? q : NULL;
    }
    *out = v;
    return 0;
}

/* Submit each of them, as the clock. */
static int close_all(struct db *db, struct arena *a, const struct actor *clock,
                     const struct expired *v, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        if (!v[i].qz)
            continue;
        /* take_submit reads the attempt once it holds it */
        struct quiz_attempt at = {.id = v[i].id};
        rc = take_submit(db, a, clock, v[i].qz, &at);
        /* someone else submitted it since the list was read */
        if (rc == DARS_ECONFLICT)
            rc = 0;
    }
    return rc;
}

/* Read the expired attempts with the started statement st and submit them. */
static int close_read(struct db *db, struct arena *a, const struct actor *who,
                      struct db_stmt *st, const struct quiz *qz, size_t *closed)
{
    struct expired *v;
    size_t n;
    int rc;

    if (closed)
        *closed = 0;
    if ((rc = expired_read(db, st, a, qz, &v, &n)) < 0 || n == 0)
        return rc;
    /* the clock closed them, not whoever happened to open the page: the audit says so */
    struct actor clock = {0, "system", who ? who->ip : ""};
    if (db_in_tx(db))
        rc = close_all(db, a, &clock, v, n);
    else if ((rc = db_tx_begin(db)) == 0)
        rc = db_tx_end(db, close_all(db, a, &clock, v, n));
    if (rc == 0 && closed)
        *closed = n;
    return rc;
}

int take_close_expired(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *qz, size_t *closed)
{
    struct db_stmt *st;
    char now[TIME_ISO_LEN];
    int rc;

    time_now_iso(now);
    if ((rc = db_query(db, &st, take_expired_sql, DB_ARGS(DB_INT(qz->id), DB_TEXT(now)))) < 0)
        return rc;
    return close_read(db, a, who, st, qz, closed);
}

int take_close_expired_course(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, size_t *closed)
{
    struct db_stmt *st;
    char now[TIME_ISO_LEN];
    int rc;

    time_now_iso(now);
    if ((rc = db_query(db, &st, take_expired_course_sql,
                       DB_ARGS(DB_INT(course_id), DB_TEXT(now)))) < 0)
        return rc;
    return close_read(db, a, who, st, NULL, closed);
}

bool take_review_open(const struct quiz *qz, const struct quiz_attempt *at, int64_t used)
{
    if (!streq(at->state, "submitted"))
        return false;
    if (streq(qz->review, "after_submit"))
        return true;
    if (streq(qz->review, "after_last_attempt"))
        return qz->attempts_allowed > 0 && used >= qz->attempts_allowed;
    return false;
}

int64_t take_seconds_until(const char *iso)
{
    time_t t;
    return time_from_iso(iso, &t) < 0 ? 0 : (int64_t)t - (int64_t)time(NULL);
}
