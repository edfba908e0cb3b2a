/*
 * The question bank's store: reading questions with their answers, checking
 * a question against the rules of its type, writing it (a question already
 * asked in an attempt is never changed in place: the edit becomes a new
 * question that takes its places in quizzes), deleting, and the bank's
 * categories. GIFT and JSON conversions are in question_io.c.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"
#include "quiz/quiz_sql.h"

#include "audit/audit.h"
#include "core/arena.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"

#include <math.h>

const char *const quiz_types[] = {
    "single", "multiple", "truefalse", "short", "numerical", "matching", "essay", "description",
    NULL,
};

bool quiz_type_ok(const char *type)
{
    for (size_t i = 0; quiz_types[i]; i++)
        if (streq(type, quiz_types[i]))
            return true;
    return false;
}

const char *quiz_type_label(const char *type)
{
    static const struct {
        const char *type, *label;
    } labels[] = {
        { "single", N_("Multiple choice, one answer") },
        { "multiple", N_("Multiple choice, several answers") },
        { "truefalse", N_("True or false") },
        { "short", N_("Short answer") },
        { "numerical", N_("Numerical") },
        { "matching", N_("Matching") },
        { "essay", N_("Essay") },
        { "description", N_("Description (no answer)") },
    };
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++)
        if (streq(type, labels[i].type))
            return labels[i].label;
    return type;
}

static const char *col_opt(struct db_stmt *st, struct arena *a, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

void quiz_row_question(struct db_stmt *st, struct arena *a, int col, struct quiz_question *q)
{
    memset(q, 0, sizeof(*q));
    q->id = db_col_int(st, col);
    q->course_id = db_col_int(st, col + 1);
    q->type = arena_strdup(a, db_col_text(st, col + 2));
    q->name = arena_strdup(a, db_col_text(st, col + 3));
    q->text = arena_strdup(a, db_col_text(st, col + 4));
    q->format = arena_strdup(a, db_col_text(st, col + 5));
    q->category = arena_strdup(a, db_col_text(st, col + 6));
    q->general_feedback = arena_strdup(a, db_col_text(st, col + 7));
    q->created_at = arena_strdup(a, db_col_text(st, col + 8));
    q->updated_at = arena_strdup(a, db_col_text(st, col + 9));
    q->general_feedback_format = col_opt(st, a, col + 10);
    q->case_sensitive = db_col_int(st, col + 11) != 0;
}

static int cmp_question_id(const void *x, const void *y)
{
    int64_t a = (*(struct quiz_question *const *)x)->id, b = (*(struct quiz_question *const *)y)->id;
    return (a > b) - (a < b);
}

/* Give q its rows of answers [from, to) of all. */
static void attach(struct arena *a, struct quiz_question *q, const struct quiz_answer *all,
                   size_t from, size_t to)
{
    q->nanswers = to - from;
    q->answers = arena_alloc(a, (q->nanswers + 1) * sizeof(*q->answers));
    memcpy(q->answers, all + from, q->nanswers * sizeof(*all));
}

int quiz_attach_answers(struct db_stmt *st, struct arena *a, struct quiz_question **qs, size_t n)
{
    struct quiz_question **sorted = arena_alloc(a, (n + 1) * sizeof(*sorted));
    struct quiz_answer *all = NULL;
    int64_t *owner = NULL;
    size_t nall = 0, cap = 0;
    int rc;

    memcpy(sorted, qs, n * sizeof(*qs));
    qsort(sorted, n, sizeof(*sorted), cmp_question_id);
    for (size_t i = 0; i < n; i++) {
        sorted[i]->answers = NULL;
        sorted[i]->nanswers = 0;
    }
    while ((rc = db_step(st)) == DB_ROW) {
        if (nall == cap) {
            size_t ncap = cap ? cap * 2 : 32;
            struct quiz_answer *na = arena_alloc(a, ncap * sizeof(*na));
            int64_t *no = arena_alloc(a, ncap * sizeof(*no));
            if (nall) {
                memcpy(na, all, nall * sizeof(*na));
                memcpy(no, owner, nall * sizeof(*no));
            }
            all = na;
            owner = no;
            cap = ncap;
        }
        struct quiz_answer *ans = &all[nall];
        ans->id = db_col_int(st, 0);
        owner[nall] = db_col_int(st, 1);
        ans->text = col_opt(st, a, 2);
        ans->match = col_opt(st, a, 3);
        ans->feedback = col_opt(st, a, 4);
        ans->fraction = db_col_int(st, 5);
        ans->value = db_col_is_null(st, 6) ? 0 : strtod(db_col_text(st, 6), NULL);
        ans->tolerance = db_col_is_null(st, 7) ? 0 : strtod(db_col_text(st, 7), NULL);
        ans->format = col_opt(st, a, 8);
        ans->feedback_format = col_opt(st, a, 9);
        nall++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    /* rows come ordered by question id, as sorted is */
    size_t k = 0;
    for (size_t i = 0; i < nall;) {
        size_t j = i;
        while (j < nall && owner[j] == owner[i])
            j++;
        while (k < n && sorted[k]->id < owner[i])
            k++;
        /* the same question may sit in several places (never in one attempt, but be safe) */
        for (size_t m = k; m < n && sorted[m]->id == owner[i]; m++)
            attach(a, sorted[m], all, i, j);
        i = j;
    }
    return 0;
}

int quiz_question_get(struct db *db, struct arena *a, int64_t course_id, int64_t id,
                      struct quiz_question *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_query_row(db, &st, quiz_question_get_sql,
                           DB_ARGS(DB_INT(id), DB_INT(course_id)))) < 0)
        return rc;
    quiz_row_question(st, a, 0, out);
    db_done(st);
    if ((rc = db_query(db, &st, quiz_answers_of_sql, DB_ARGS(DB_INT(id)))) < 0)
        return rc;
    struct quiz_question *one = out;
    return quiz_attach_answers(st, a, &one, 1);
}

int quiz_question_list(struct db *db, struct arena *a, int64_t course_id, const char *category,
                       int64_t after, int64_t limit, struct quiz_question **out, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = db_query(db, &st, quiz_question_page_sql,
                       DB_ARGS(DB_INT(course_id), DB_TEXT(category), DB_TEXT(category),
                               DB_INT(after), DB_INT(limit)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof(**out));
        quiz_row_question(st, a, 0, &(*out)[(*n)++]);
    }
    db_done(st);
    if (rc < 0 || !*n)
        return rc < 0 ? rc : 0;
    struct quiz_question **ptrs = arena_alloc(a, *n * sizeof(*ptrs));
    for (size_t i = 0; i < *n; i++)
        ptrs[i] = &(*out)[i];
    if ((rc = db_query(db, &st, quiz_question_page_answers_sql,
                       DB_ARGS(DB_INT(course_id), DB_TEXT(category), DB_TEXT(category),
                               DB_INT(after), DB_INT(limit)))) < 0)
        return rc;
    return quiz_attach_answers(st, a, ptrs, *n);
}

int quiz_categories(struct db *db, struct arena *a, int64_t course_id,
                    struct quiz_category **out, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = db_query(db, &st, quiz_categories_sql, DB_ARGS(DB_INT(course_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof(**out));
        (*out)[*n].path = arena_strdup(a, db_col_text(st, 0));
        (*out)[*n].questions = db_col_int(st, 1);
        (*n)++;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* ---- checking ---- */

/* A numerical answer that stands for any other number: "*" */
static bool catch_all(const struct quiz_answer *ans)
{
    return streq(ans->text, "*");
}

static bool format_ok(const char *f)
{
    return streq(f, "moodle") || streq(f, "markdown") || streq(f, "html") || streq(f, "plain");
}

/* A part's format as stored: NULL unless it is one of the four */
static const char *format_opt(const char *f)
{
    return format_ok(f) ? f : NULL;
}


static bool text_ok(const char *s)
{
    return s && utf8_is_valid(s, strlen(s));
}

static void answer_error(struct arena *a, json_t *errors, size_t i, const char *field,
                         const char *msg)
{
    form_error(errors, arena_printf(a, "answers[%zu].%s", i, field), msg);
}

int quiz_question_check(const struct quiz_question *q, json_t *errors)
{
    struct arena a;
    bool bad = false;
    int64_t best = -QUIZ_UNIT - 1, positive = 0;
    size_t stems = 0;

#define ERR(field, msg)                                                                          \
    do {                                                                                         \
        form_error(errors, field, msg);                                                          \
        bad = true;                                                                              \
    } while (0)

    arena_init(&a);
    if (!quiz_type_ok(q->type)) {
        ERR("type", N_("Choose the type of question"));
        goto out;
    }
    if (!format_ok(q->format))
        ERR("format", N_("Choose moodle, markdown, html or plain"));
    if (!text_ok(q->text) || !*utf8_trim(&a, q->text))
        ERR("text", N_("Enter the question text"));
    if (!text_ok(q->name) || utf8_len(q->name) > 255)
        ERR("name", N_("Name must be 255 characters or fewer"));
    if (!text_ok(q->category) || utf8_len(q->category) > 255)
        ERR("category", N_("Category must be 255 characters or fewer"));
    if (!text_ok(q->general_feedback))
        ERR("general_feedback", N_("General feedback must be valid text"));

    bool choice = streq(q->type, "single") || streq(q->type, "multiple");
    bool none = streq(q->type, "essay") || streq(q->type, "description");
    if (none && q->nanswers) {
        ERR("answers", N_("This type of question has no answers"));
        goto out;
    }
    for (size_t i = 0; i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        if (ans->fraction < -QUIZ_UNIT || ans->fraction > QUIZ_UNIT) {
            answer_error(&a, errors, i, "fraction", N_("Credit must be between -100% and 100%"));
            bad = true;
        }
        if ((ans->feedback && !text_ok(ans->feedback)) || (ans->match && !text_ok(ans->match))) {
            answer_error(&a, errors, i, "feedback", N_("Feedback must be valid text"));
            bad = true;
        }
        if (ans->fraction > best)
            best = ans->fraction;
        if (ans->fraction > 0)
            positive += ans->fraction;
        if (streq(q->type, "numerical") && catch_all(ans)) {
            /* any other number: nothing to check */
        } else if (streq(q->type, "numerical")) {
            if (!isfinite(ans->value)) {
                answer_error(&a, errors, i, "value", N_("Enter a number"));
                bad = true;
            }
            if (!isfinite(ans->tolerance) || ans->tolerance < 0) {
                answer_error(&a, errors, i, "tolerance",
                             N_("Tolerance must be a number, 0 or more"));
                bad = true;
            }
        } else if (streq(q->type, "matching")) {
            if (ans->text && *utf8_trim(&a, ans->text))
                stems++;
            if (!text_ok(ans->match) || !*utf8_trim(&a, ans->match)) {
                answer_error(&a, errors, i, "match", N_("Enter what this item matches"));
                bad = true;
            }
        } else if (!text_ok(ans->text) || !*utf8_trim(&a, ans->text)) {
            answer_error(&a, errors, i, "text", N_("Enter the answer text"));
            bad = true;
        }
    }
    if (bad)
        goto out;
    if (choice && q->nanswers < 2)
        ERR("answers", N_("Give at least two choices"));
    else if (streq(q->type, "single") && best <= 0)
        ERR("answers", N_("At least one choice must earn credit"));
    else if (streq(q->type, "multiple") && positive <= 0)
        ERR("answers", N_("At least one choice must earn credit"));
    else if (streq(q->type, "truefalse") &&
             (q->nanswers != 2 || !streq(q->answers[0].text, "true") ||
              !streq(q->answers[1].text, "false") ||
              q->answers[0].fraction + q->answers[1].fraction != QUIZ_UNIT ||
              (q->answers[0].fraction != 0 && q->answers[1].fraction != 0)))
        ERR("answers", N_("Say whether the statement is true or false"));
    else if ((streq(q->type, "short") || streq(q->type, "numerical")) && best <= 0)
        ERR("answers", N_("Give at least one answer that earns credit"));
    else if (streq(q->type, "matching") && stems < 2)
        ERR("answers", N_("Give at least two pairs to match"));
#undef ERR
out:
    arena_release(&a);
    return bad ? DARS_EINVALID : 0;
}

/* ---- writing ---- */

/* Only a short answer compares letter case. */
static bool case_sensitive(const struct quiz_question *q)
{
    return q->case_sensitive && streq(q->type, "short");
}

static const char *num_text(struct arena *a, const struct quiz_question *q, double v)
{
    return streq(q->type, "numerical") ? arena_printf(a, "%.17g", v) : NULL;
}

static int insert_answers(struct db *db, struct arena *a, int64_t qid,
                          const struct quiz_question *q, const char *now)
{
    int rc = 0;

    for (size_t i = 0; i < q->nanswers && rc == 0; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        rc = db_exec(db, quiz_answer_insert_sql,
                     DB_ARGS(DB_INT(qid), DB_INT((int64_t)i + 1),
                             DB_TEXT(streq(q->type, "numerical") && !catch_all(ans) ? NULL
                                                                                  : ans->text),
                             DB_TEXT(ans->match), DB_TEXT(ans->feedback), DB_INT(ans->fraction),
                             DB_TEXT(catch_all(ans) ? NULL : num_text(a, q, ans->value)),
                             DB_TEXT(catch_all(ans) ? NULL : num_text(a, q, ans->tolerance)),
                             DB_TEXT(format_opt(ans->format)),
                             DB_TEXT(format_opt(ans->feedback_format)), DB_TEXT(now)));
    }
    return rc;
}

/* The answers as one audit value: "text | fraction | feedback" per line. */
static const char *answers_audit(struct arena *a, const struct quiz_question *q)
{
    struct buf b;
    buf_init(&b, 128);
    for (size_t i = 0; q && i < q->nanswers; i++) {
        const struct quiz_answer *ans = &q->answers[i];
        if (streq(q->type, "numerical") && !catch_all(ans))
            buf_addf(&b, "%.17g:%.17g", ans->value, ans->tolerance);
        else
            buf_adds(&b, ans->text ? ans->text : "");
        if (ans->match)
            buf_addf(&b, " -> %s", ans->match);
        buf_addf(&b, " | %.7g%%", (double)ans->fraction * 100.0 / QUIZ_UNIT);
        if (ans->feedback)
            buf_addf(&b, " | %s", ans->feedback);
        buf_addch(&b, '\n');
    }
    const char *s = arena_strndup(a, b.ptr, b.len);
    buf_release(&b);
    return s;
}

static void diff_question(struct arena *a, json_t *changes, const struct quiz_question *old,
                          const struct quiz_question *q)
{
    if (!old) {
        audit_after(changes, "type", q->type);
        audit_after(changes, "category", q->category);
        audit_after(changes, "name", q->name);
        audit_after(changes, "text", q->text);
        audit_after(changes, "format", q->format);
        audit_after(changes, "general_feedback", q->general_feedback);
        if (case_sensitive(q))
            audit_after(changes, "case_sensitive", "yes");
        audit_after(changes, "answers", answers_audit(a, q));
        return;
    }
    audit_diff(changes, "type", old->type, q->type);
    audit_diff(changes, "category", old->category, q->category);
    audit_diff(changes, "name", old->name, q->name);
    audit_diff(changes, "text", old->text, q->text);
    audit_diff(changes, "format", old->format, q->format);
    audit_diff(changes, "general_feedback", old->general_feedback, q->general_feedback);
    audit_diff(changes, "case_sensitive", old->case_sensitive ? "yes" : "no",
               case_sensitive(q) ? "yes" : "no");
    audit_diff(changes, "answers", answers_audit(a, old), answers_audit(a, q));
}

int quiz_question_write(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, const struct quiz_question *old,
                        const struct quiz_question *q, json_t *errors, int64_t *id)
{
    char now[TIME_ISO_LEN];
    json_t *changes = NULL;
    int64_t qid = 0, used = 0;
    int rc;

    if ((rc = quiz_question_check(q, errors)) < 0)
        return rc;
    time_now_iso(now);
    if (old && (rc = db_query_int(db, quiz_question_used_sql, DB_ARGS(DB_INT(old->id)),
                                  &used)) < 0)
        return rc;
    if (old && !used) {
        qid = old->id;
        if ((rc = db_exec(db, quiz_question_update_sql,
                          DB_ARGS(DB_TEXT(q->category), DB_TEXT(q->type), DB_TEXT(q->name),
                                  DB_TEXT(q->text), DB_TEXT(q->format),
                                  DB_TEXT(q->general_feedback),
                                  DB_TEXT(format_opt(q->general_feedback_format)),
                                  DB_INT(case_sensitive(q)), DB_TEXT(now),
                                  DB_INT(qid)))) < 0 ||
            (rc = db_exec(db, quiz_answers_delete_sql, DB_ARGS(DB_INT(qid)))) < 0)
            return rc;
    } else {
        if ((rc = db_query_int(db, quiz_question_insert_sql,
                               DB_ARGS(DB_INT(course_id), DB_TEXT(q->category), DB_TEXT(q->type),
                                       DB_TEXT(q->name), DB_TEXT(q->text), DB_TEXT(q->format),
                                       DB_TEXT(q->general_feedback),
                                       DB_TEXT(format_opt(q->general_feedback_format)),
                                       DB_INT(case_sensitive(q)), DB_ID(old ? old->id : 0), DB_ID(who ? who->id : 0),
                                       DB_TEXT(now), DB_TEXT(now)),
                               &qid)) < 0)
            return rc;
        /* the asked version stays as the attempts saw it; quizzes ask the new one from now on */
        if (old && ((rc = db_exec(db, quiz_question_retire_sql,
                                  DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(old->id)))) < 0 ||
                    (rc = db_exec(db, quiz_slots_repoint_sql,
                                  DB_ARGS(DB_INT(qid), DB_TEXT(now), DB_INT(old->id)))) < 0))
            return rc;
    }
    if ((rc = insert_answers(db, a, qid, q, now)) < 0)
        return rc;
    changes = json_object();
    diff_question(a, changes, old, q);
    if (old && qid != old->id)
        audit_diff(changes, "replaces", NULL, arena_printf(a, "%lld", (long long)old->id));
    rc = audit_record_id(db, who, old ? "quiz.question.update" : "quiz.question.create",
                      "quiz_question", qid, changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = qid;
    return rc;
}

int quiz_question_delete(struct db *db, struct arena *a, const struct actor *who,
                         const struct quiz_question *q)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    if ((rc = db_exec_changes(db, quiz_question_retire_sql,
                              DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(q->id)), &changed)) < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    if ((rc = db_exec(db, quiz_slots_drop_sql, DB_ARGS(DB_INT(q->id)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "name", q->name, NULL);
    audit_diff(changes, "text", q->text, NULL);
    rc = audit_record_id(db, who, "quiz.question.delete", "quiz_question",
                      q->id, changes);
    json_decref(changes);
    return rc;
}
