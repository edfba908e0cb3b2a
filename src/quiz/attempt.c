/*
 * Attempts as read (the attempt, its items in the order asked, each with the
 * question as it was asked and its answers: three statements however many
 * questions), the deadline test, and the totals written after grading, which
 * is where passing a quiz reaches the course's completion; and how a score, a
 * percent or a duration reads.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"
#include "quiz/quiz_sql.h"

#include "core/arena.h"
#include "core/time.h"
#include "db/db.h"
#include "enrol/enrol.h"

#include <math.h>

/* "12,7,9" into ids */
static void parse_order(struct arena *a, const char *s, int64_t **ids, size_t *n)
{
    size_t cap = 1;
    for (const char *p = s; *p; p++)
        cap += *p == ',';
    *ids = arena_alloc(a, cap * sizeof(**ids));
    *n = 0;
    for (int64_t v; quiz_ids_next(&s, &v);)
        (*ids)[(*n)++] = v;
}

static int read_items(struct db *db, struct arena *a, struct quiz_attempt *at)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    at->items = NULL;
    at->nitems = 0;
    if ((rc = db_query(db, &st, quiz_attempt_items_sql, DB_ARGS(DB_INT(at->id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        at->items = arena_grow(a, at->items, at->nitems, &cap, sizeof(*at->items));
        struct quiz_item *it = &at->items[at->nitems++];
        memset(it, 0, sizeof(*it));
        it->id = db_col_int(st, 0);
        it->position = db_col_int(st, 1);
        it->mark = db_col_int(st, 2);
        parse_order(a, db_col_text(st, 3), &it->order, &it->norder);
        it->response = db_col_is_null(st, 4) ? NULL : arena_strdup(a, db_col_text(st, 4));
        it->saved_at = arena_strdup(a, db_col_text(st, 5));
        it->graded = !db_col_is_null(st, 6);
        it->fraction = db_col_int(st, 6);
        it->comment = arena_strdup(a, db_col_text(st, 7));
        quiz_row_question(st, a, 8, &it->q);
    }
    db_done(st);
    if (rc < 0 || !at->nitems)
        return rc < 0 ? rc : 0;
    struct quiz_question **qs = arena_alloc(a, at->nitems * sizeof(*qs));
    for (size_t i = 0; i < at->nitems; i++)
        qs[i] = &at->items[i].q;
    if ((rc = db_query(db, &st, quiz_attempt_answers_sql, DB_ARGS(DB_INT(at->id)))) < 0)
        return rc;
    return quiz_attach_answers(st, a, qs, at->nitems);
}

int quiz_attempt_get(struct db *db, struct arena *a, int64_t id, struct quiz_attempt *out)
{
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = db_query_row(db, &st, quiz_attempt_get_sql, DB_ARGS(DB_INT(id)))) < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->quiz_id = db_col_int(st, 1);
    out->user_id = db_col_int(st, 2);
    out->number = db_col_int(st, 3);
    out->user_email = arena_strdup(a, db_col_text(st, 4));
    out->user_name = arena_strdup(a, db_col_text(st, 5));
    out->state = arena_strdup(a, db_col_text(st, 6));
    out->started_at = arena_strdup(a, db_col_text(st, 7));
    out->deadline_at = arena_strdup(a, db_col_text(st, 8));
    out->submitted_at = arena_strdup(a, db_col_text(st, 9));
    out->graded = !db_col_is_null(st, 10);
    out->score = db_col_int(st, 10);
    out->max_score = db_col_int(st, 11);
    out->needs_grading = db_col_int(st, 12) != 0;
    out->passed = db_col_int(st, 13) != 0;
    db_done(st);
    return read_items(db, a, out);
}

struct quiz_item *quiz_attempt_item(const struct quiz_attempt *at, int64_t position)
{
    for (size_t i = 0; i < at->nitems; i++)
        if (at->items[i].position == position)
            return &at->items[i];
    return NULL;
}

bool quiz_attempt_expired(const struct quiz_attempt *at, const char *now)
{
    /* ISO-8601 UTC texts of one shape compare as the times they name */
    return at->deadline_at && *at->deadline_at && strcmp(now, at->deadline_at) >= 0;
}

double quiz_attempt_percent(const struct quiz_attempt *at)
{
    if (at->max_score <= 0)
        return 0;
    double p = 100.0 * (double)at->score / (double)at->max_score;
    return p < 0 ? 0 : p;
}

int quiz_attempt_total(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *qz, struct quiz_attempt *at)
{
    char now[TIME_ISO_LEN];
    int64_t score = 0;
    bool waiting = false;
    int rc;

    for (size_t i = 0; i < at->nitems; i++) {
        const struct quiz_item *it = &at->items[i];
        if (it->graded)
            score += it->fraction * it->mark;
        else if (!streq(it->q.type, "description"))
            waiting = true;
    }
    /* wrong picks may cost marks within a question, never below nothing for the quiz */
    if (score < 0)
        score = 0;
    at->score = score;
    at->graded = true;
    at->needs_grading = waiting;
    /* an attempt waiting for a person has not passed yet; it may once the essay is graded */
    at->passed = !waiting && quiz_attempt_percent(at) + 1e-9 >= (double)qz->pass_mark;
    time_now_iso(now);
    if ((rc = db_exec(db, quiz_attempt_total_sql,
                      DB_ARGS(DB_INT(score), DB_INT(waiting), DB_INT(at->passed), DB_TEXT(now),
                              DB_INT(at->id)))) < 0)
        return rc;
    return enrol_recheck(db, a, who, at->user_id, qz->course_id);
}

const char *quiz_num_text(struct arena *a, double v)
{
    char *s = arena_printf(a, "%.2f", quiz_round2(v));
    char *dot = strchr(s, '.');
    if (dot) {
        char *end = s + strlen(s) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    return streq(s, "-0") ? "0" : s;
}

double quiz_round2(double v)
{
    return round(v * 100.0) / 100.0;
}

const char *quiz_clock_text(struct arena *a, int64_t s)
{
    if (s >= 3600)
        return arena_printf(a, "%lld:%02lld:%02lld", (long long)(s / 3600),
                            (long long)(s / 60 % 60), (long long)(s % 60));
    return arena_printf(a, "%lld:%02lld", (long long)(s / 60), (long long)(s % 60));
}
