/*
 * Quizzes as read: one quiz (also by a path's :id, for those who manage it),
 * a course's quizzes, a quiz's slots, their JSON, the quiz part of the
 * course completion rule for the enrol module and the course page's panel.
 */
#include "core/base.h"
#include "quiz/quiz_int.h"
#include "quiz/quiz_sql.h"

#include "http/api.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/http.h"
#include "core/i18n.h"
#include "view/view.h"

static void row_quiz(struct db_stmt *st, struct arena *a, struct quiz *q)
{
    q->id = db_col_int(st, 0);
    q->course_id = db_col_int(st, 1);
    q->course_code = arena_strdup(a, db_col_text(st, 2));
    q->title = arena_strdup(a, db_col_text(st, 3));
    q->intro = arena_strdup(a, db_col_text(st, 4));
    q->time_limit = db_col_int(st, 5);
    q->attempts_allowed = db_col_int(st, 6);
    q->pass_mark = db_col_int(st, 7);
    q->shuffle_questions = db_col_int(st, 8) != 0;
    q->shuffle_answers = db_col_int(st, 9) != 0;
    q->review = arena_strdup(a, db_col_text(st, 10));
    q->required = db_col_int(st, 11) != 0;
    q->status = arena_strdup(a, db_col_text(st, 12));
    q->created_at = arena_strdup(a, db_col_text(st, 13));
    q->updated_at = arena_strdup(a, db_col_text(st, 14));
}

int quiz_get(struct db *db, struct arena *a, int64_t id, struct quiz *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_query_row(db, &st, quiz_get_sql, DB_ARGS(DB_TEXT("en"), DB_INT(id)))) < 0)
        return rc;
    row_quiz(st, a, out);
    db_done(st);
    return 0;
}

int quiz_get_managed(struct req *r, int64_t id, struct quiz *q, struct catalog_course *c)
{
    bool yes = false;
    int rc;

    if (!id)
        return DARS_ENOTFOUND;
    if ((rc = quiz_get(r->db, &r->arena, id, q)) < 0 ||
        (rc = catalog_course_get_id(r->db, &r->arena, q->course_id, r->lang, c)) < 0 ||
        (rc = catalog_may_manage(r, c, &yes)) < 0)
        return rc;
    return yes ? 0 : DARS_EDENIED;
}

int quiz_list(struct db *db, struct arena *a, int64_t course_id, bool published_only,
              struct quiz **out, size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = db_query(db, &st, quiz_list_sql,
                       DB_ARGS(DB_TEXT("en"), DB_INT(course_id), DB_INT(published_only)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof(**out));
        row_quiz(st, a, &(*out)[(*n)++]);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int quiz_slots(struct db *db, struct arena *a, int64_t quiz_id, struct quiz_slot **out,
               size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = db_query(db, &st, quiz_slots_sql, DB_ARGS(DB_INT(quiz_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof(**out));
        struct quiz_slot *s = &(*out)[(*n)++];
        s->id = db_col_int(st, 0);
        s->position = db_col_int(st, 1);
        s->question_id = db_col_int(st, 2);
        s->question_name = arena_strdup(a, db_col_text(st, 3));
        s->question_type = arena_strdup(a, db_col_text(st, 4));
        s->question_text = arena_strdup(a, db_col_text(st, 5));
        s->category = db_col_is_null(st, 6) ? NULL : arena_strdup(a, db_col_text(st, 6));
        s->pick = s->question_id ? 1 : db_col_int(st, 7);
        s->mark = db_col_int(st, 8);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int64_t quiz_max_marks(const struct quiz_slot *s, size_t n)
{
    int64_t sum = 0;

    for (size_t i = 0; i < n; i++)
        if (!streq(s[i].question_type, "description"))
            sum += s[i].mark * s[i].pick;
    return sum;
}

json_t *quiz_json(const struct quiz *q)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:I, s:I, s:b, s:b, s:s, s:b, s:s, s:s, s:s}",
                     "id", (json_int_t)q->id, "course", q->course_code, "title", q->title,
                     "intro", q->intro, "time_limit",
                     q->time_limit ? json_integer(q->time_limit) : json_null(),
                     "attempts_allowed", (json_int_t)q->attempts_allowed, "pass_mark",
                     (json_int_t)q->pass_mark, "shuffle_questions", q->shuffle_questions,
                     "shuffle_answers", q->shuffle_answers, "review", q->review, "required",
                     q->required, "status", q->status, "created_at", q->created_at,
                     "updated_at", q->updated_at);
}

/* quiz_completion_criterion's met; the cohort does not matter */
static int completion_met(struct db *db, int64_t user_id, int64_t course_id, int64_t cohort_id,
                          bool *ok, int64_t *required)
{
    struct db_stmt *st;
    int rc;

    UNUSED(cohort_id);
    *ok = true;
    *required = 0;
    if ((rc = db_query(db, &st, quiz_completion_sql,
                       DB_ARGS(DB_INT(user_id), DB_INT(course_id)))) < 0)
        return rc;
    if ((rc = db_step(st)) == DB_ROW) {
        *required = db_col_int(st, 0);
        *ok = db_col_int(st, 1) >= *required;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

const struct enrol_criterion quiz_completion_criterion = { "quizzes", false, completion_met };

/*
 * The quizzes of a course for its page, as [{title, url, required, draft,
 * time_limit ("20 min" | "")}]: the published ones for a learner, every one
 * for those who manage the course (manage). One statement.
 */
static int quiz_course_list(struct req *r, int64_t course_id, bool manage,
                            struct val **out /* OUT */)
{
    struct quiz *qs;
    size_t n;
    int rc;

    *out = val_list(&r->arena);
    if ((rc = quiz_list(r->db, &r->arena, course_id, !manage, &qs, &n)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        const char *limit = "";
        if (qs[i].time_limit)
            limit = arena_printf(&r->arena, _(r->lang, "%lld min"),
                                 (long long)((qs[i].time_limit + 59) / 60));
        val_push(*out, val_pack(&r->arena, "{s:s, s:s, s:b, s:b, s:s}", "title", qs[i].title,
                                "url",
                                arena_printf(&r->arena,
                                             manage ? "/admin/quizzes/%lld" : "/quizzes/%lld",
                                             (long long)qs[i].id),
                                "required", qs[i].required, "draft",
                                !streq(qs[i].status, "published"), "time_limit", limit));
    }
    return 0;
}

/* quiz_course_panel's show */
static int course_panel_show(struct req *r, const struct catalog_course_page *p,
                             const char **html)
{
    struct val *list;
    int rc;

    *html = "";
    if (!p->may_read)
        return 0;
    if ((rc = quiz_course_list(r, p->course->id, p->manage, &list)) < 0 || !val_len(list))
        return rc;
    return view_part(r, "quiz_course_panel",
                     val_pack(&r->arena, "{s:o, s:b, s:{s:s}}", "quizzes", list, "manage",
                              p->manage, "course", "code", p->course->code),
                     html);
}

const struct catalog_panel quiz_course_panel = { "quizzes", course_panel_show };
