/*
 * The quiz authoring store: a quiz's settings checked and written, its
 * status, its deletion (marked, attempts keep pointing at it), and its
 * slots: fixed questions of the course's bank or random picks from a
 * category, with marks and an order. Every write is audited on the quiz and
 * runs inside the caller's transaction.
 */
#include "core/base.h"
#include "quiz/author_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"

const char *const quiz_author_reviews[] = { "after_submit", "after_last_attempt", "never", NULL };
const char *const quiz_author_review_labels[] = {
    N_("As soon as they submit an attempt"),
    N_("After their last allowed attempt"),
    N_("Never: learners see only their score"),
};

static bool review_ok(const char *v)
{
    for (size_t i = 0; quiz_author_reviews[i]; i++)
        if (streq(v, quiz_author_reviews[i]))
            return true;
    return false;
}

static const char *bool_str(bool b)
{
    return b ? "true" : "false";
}

struct quiz_author_in quiz_author_in_of(const struct quiz *q)
{
    struct quiz_author_in in = {
        .title = q->title,
        .intro = q->intro,
        .time_limit = q->time_limit,
        .attempts_allowed = q->attempts_allowed,
        .pass_mark = q->pass_mark,
        .shuffle_questions = q->shuffle_questions,
        .shuffle_answers = q->shuffle_answers,
        .required = q->required,
        .review = q->review,
        .status = q->status,
    };
    return in;
}

/* in checked into *ok (texts normalised); nslots: the quiz's slots, for publishing */
static int quiz_check(struct arena *a, const struct quiz_author_in *in, size_t nslots,
                      json_t *errors, struct quiz_author_in *ok /* OUT */)
{
    bool bad = false;

    *ok = *in;
    ok->title = form_text_norm(a, in->title ? in->title : "");
    if (!ok->title) {
        form_error(errors, "title", N_("Enter text without invalid characters"));
        bad = true;
    } else if (!*ok->title) {
        form_error(errors, "title", N_("Enter the title of the quiz"));
        bad = true;
    } else if (utf8_len(ok->title) > QUIZ_AUTHOR_TITLE_MAX) {
        form_error(errors, "title", N_("Use at most 200 characters"));
        bad = true;
    }
    ok->intro = form_text_norm(a, in->intro ? in->intro : "");
    if (!ok->intro) {
        form_error(errors, "intro", N_("Enter text without invalid characters"));
        bad = true;
    } else if (utf8_len(ok->intro) > QUIZ_AUTHOR_INTRO_MAX) {
        form_error(errors, "intro", N_("Use at most 10000 characters"));
        bad = true;
    }
    if (in->time_limit < 0 || in->time_limit > QUIZ_AUTHOR_TIME_MAX) {
        form_error(errors, "time_limit",
                   in->msg_time ? in->msg_time
                                : N_("Enter the time limit in minutes, from 0 to 10080"));
        bad = true;
    }
    if (in->attempts_allowed < 0 || in->attempts_allowed > QUIZ_AUTHOR_ATTEMPTS_MAX) {
        form_error(errors, "attempts_allowed",
                   N_("Enter the number of attempts as a whole number from 0 to 100"));
        bad = true;
    }
    if (in->pass_mark < 0 || in->pass_mark > 100) {
        form_error(errors, "pass_mark", N_("Enter the pass mark as a whole number from 0 to 100"));
        bad = true;
    }
    if (!review_ok(in->review)) {
        form_error(errors, "review", N_("Choose when learners see the answers and feedback"));
        bad = true;
    }
    if (!streq(in->status, "draft") && !streq(in->status, "published")) {
        form_error(errors, "status", N_("Choose draft or published"));
        bad = true;
    } else if (streq(in->status, "published") && nslots == 0) {
        form_error(errors, "status",
                   N_("A quiz without questions cannot be published: add questions first"));
        bad = true;
    }
    return bad ? DARS_EINVALID : 0;
}

int quiz_author_insert(struct db *db, struct arena *a, const struct actor *who,
                       int64_t course_id, const struct quiz_author_in *in, json_t *errors,
                       int64_t *id)
{
    struct quiz_author_in v;
    char now[TIME_ISO_LEN];
    int64_t new_id = 0;
    int rc = quiz_check(a, in, 0, errors, &v);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, quiz_author_insert_sql,
                      DB_ARGS(DB_INT(course_id), DB_TEXT(v.title), DB_TEXT(v.intro),
                              DB_ID(v.time_limit), DB_INT(v.attempts_allowed),
                              DB_INT(v.pass_mark), DB_INT(v.shuffle_questions),
                              DB_INT(v.shuffle_answers), DB_TEXT(v.review), DB_INT(v.required),
                              DB_TEXT(v.status), DB_ID(who->id), DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "course_id", arena_int(a, course_id));
    audit_after(changes, "title", v.title);
    audit_after(changes, "intro", v.intro);
    audit_after(changes, "time_limit", arena_int(a, v.time_limit));
    audit_after(changes, "attempts_allowed", arena_int(a, v.attempts_allowed));
    audit_after(changes, "pass_mark", arena_int(a, v.pass_mark));
    audit_after(changes, "shuffle_questions", bool_str(v.shuffle_questions));
    audit_after(changes, "shuffle_answers", bool_str(v.shuffle_answers));
    audit_after(changes, "review", v.review);
    audit_after(changes, "required", bool_str(v.required));
    audit_after(changes, "status", v.status);
    rc = audit_record_id(db, who, "quiz.create", "quiz", new_id, changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int quiz_author_update(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *old, size_t nslots, const struct quiz_author_in *in,
                       json_t *errors)
{
    struct quiz_author_in v;
    char now[TIME_ISO_LEN];
    int rc = quiz_check(a, in, nslots, errors, &v);

    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "title", old->title, v.title);
    audit_diff(changes, "intro", old->intro, v.intro);
    audit_diff(changes, "time_limit", arena_int(a, old->time_limit), arena_int(a, v.time_limit));
    audit_diff(changes, "attempts_allowed", arena_int(a, old->attempts_allowed),
               arena_int(a, v.attempts_allowed));
    audit_diff(changes, "pass_mark", arena_int(a, old->pass_mark), arena_int(a, v.pass_mark));
    audit_diff(changes, "shuffle_questions", bool_str(old->shuffle_questions),
               bool_str(v.shuffle_questions));
    audit_diff(changes, "shuffle_answers", bool_str(old->shuffle_answers),
               bool_str(v.shuffle_answers));
    audit_diff(changes, "review", old->review, v.review);
    audit_diff(changes, "required", bool_str(old->required), bool_str(v.required));
    audit_diff(changes, "status", old->status, v.status);
    if (json_object_size(changes) == 0)
        goto out; /* nothing to write, nothing to audit */
    time_now_iso(now);
    rc = db_exec(db, quiz_author_update_sql,
                 DB_ARGS(DB_TEXT(v.title), DB_TEXT(v.intro), DB_ID(v.time_limit),
                         DB_INT(v.attempts_allowed), DB_INT(v.pass_mark),
                         DB_INT(v.shuffle_questions), DB_INT(v.shuffle_answers),
                         DB_TEXT(v.review), DB_INT(v.required), DB_TEXT(v.status), DB_TEXT(now),
                         DB_INT(old->id)));
    if (rc == 0)
        rc = audit_record_id(db, who, "quiz.update", "quiz", old->id, changes);
out:
    json_decref(changes);
    return rc;
}

int quiz_author_set_published(struct db *db, struct arena *a, const struct actor *who,
                              const struct quiz *q, size_t nslots, bool published,
                              json_t *errors)
{
    const char *status = published ? "published" : "draft";
    char now[TIME_ISO_LEN];
    int rc;

    if (published && nslots == 0) {
        form_error(errors, "status",
                   N_("A quiz without questions cannot be published: add questions first"));
        return DARS_EINVALID;
    }
    if (streq(q->status, status))
        return 0;
    time_now_iso(now);
    if ((rc = db_exec(db, quiz_author_status_sql,
                      DB_ARGS(DB_TEXT(status), DB_TEXT(now), DB_INT(q->id)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "status", q->status, status);
    rc = audit_record_id(db, who, published ? "quiz.publish" : "quiz.unpublish", "quiz",
                      q->id, changes);
    json_decref(changes);
    return rc;
}

int quiz_author_delete(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *q)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    if ((rc = db_exec_changes(db, quiz_author_delete_sql,
                              DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(q->id)), &changed)) < 0)
        return rc;
    if (changed == 0)
        return DARS_ENOTFOUND;
    json_t *changes = json_object();
    audit_diff(changes, "title", q->title, NULL);
    audit_diff(changes, "deleted_at", NULL, now);
    rc = audit_record_id(db, who, "quiz.delete", "quiz", q->id, changes);
    json_decref(changes);
    return rc;
}

int quiz_author_attempts(struct db *db, int64_t quiz_id, int64_t *n)
{
    return db_query_int(db, quiz_author_attempts_sql, DB_ARGS(DB_INT(quiz_id)), n);
}

/* ---- slots ---- */

int quiz_author_slot_get(struct db *db, struct arena *a, int64_t quiz_id, int64_t slot_id,
                         struct quiz_slot **slots, size_t *n, const struct quiz_slot **s)
{
    int rc = quiz_slots(db, a, quiz_id, slots, n);

    *s = NULL;
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < *n; i++)
        if ((*slots)[i].id == slot_id) {
            *s = &(*slots)[i];
            return 0;
        }
    return DARS_ENOTFOUND;
}

static bool mark_ok(int64_t mark, json_t *errors)
{
    if (mark >= 0 && mark <= QUIZ_AUTHOR_MARK_MAX)
        return true;
    form_error(errors, "mark", N_("Enter the mark as a whole number from 0 to 100"));
    return false;
}

/*
 * Whether category can give want more questions to the quiz: its live
 * questions less those the quiz already holds from it, as fixed slots or
 * as picks of other random slots. *room gets how many are left.
 */
static int category_room(struct db *db, struct arena *a, const struct quiz *q,
                         const struct quiz_slot *slots, size_t nslots, const char *category,
                         bool *known, int64_t *room)
{
    struct quiz_category *cats;
    size_t ncats;
    int64_t fixed = 0, held = 0, picked = 0;
    int rc = quiz_categories(db, a, q->course_id, &cats, &ncats);

    *known = false;
    *room = 0;
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < ncats; i++)
        if (streq(cats[i].path, category)) {
            *known = true;
            held = cats[i].questions;
        }
    if (!*known)
        return 0;
    if ((rc = db_query_int(db, quiz_author_fixed_in_sql, DB_ARGS(DB_INT(q->id), DB_TEXT(category)),
                           &fixed)) < 0)
        return rc;
    for (size_t i = 0; i < nslots; i++)
        if (!slots[i].question_id && streq(slots[i].category, category))
            picked += slots[i].pick;
    *room = held - fixed - picked;
    if (*room < 0)
        *room = 0;
    return 0;
}

int quiz_author_slot_add(struct db *db, struct arena *a, const struct actor *who,
                         const struct quiz *q, int64_t question_id, const char *category,
                         int64_t pick, int64_t mark, json_t *errors, int64_t *slot_id)
{
    struct quiz_slot *slots;
    size_t nslots;
    char now[TIME_ISO_LEN];
    int64_t room = 0, new_id = 0;
    bool known, bad = false;
    int rc = quiz_slots(db, a, q->id, &slots, &nslots);

    if (rc < 0)
        return rc;
    if (!mark_ok(mark, errors))
        bad = true;
    json_t *changes = json_object();
    if (question_id) {
        struct quiz_question qq;
        rc = quiz_question_get(db, a, q->course_id, question_id, &qq);
        if (rc == DARS_ENOTFOUND) {
            form_error(errors, "question", N_("Choose a question of this course's bank"));
            rc = DARS_EINVALID;
            goto out;
        }
        if (rc < 0)
            goto out;
        for (size_t i = 0; i < nslots; i++)
            if (slots[i].question_id == question_id) {
                form_error(errors, "question", N_("This question is already in the quiz"));
                rc = DARS_EINVALID;
                goto out;
            }
        /* random slots of its category must still find enough questions without it */
        if ((rc = category_room(db, a, q, slots, nslots, qq.category, &known, &room)) < 0)
            goto out;
        if (known && room < 1) {
            form_error(errors, "question",
                       N_("The random questions of this quiz need every question of this "
                          "category: lower how many they pick first"));
            rc = DARS_EINVALID;
            goto out;
        }
        audit_after(changes, "question", arena_int(a, question_id));
    } else {
        if (!category) {
            form_error(errors, "category", N_("Choose a category"));
            rc = DARS_EINVALID;
            goto out;
        }
        if (pick < 1 || pick > QUIZ_AUTHOR_PICK_MAX) {
            form_error(errors, "pick",
                       N_("Enter how many questions to pick, a whole number from 1 to 100"));
            bad = true;
        }
        if ((rc = category_room(db, a, q, slots, nslots, category, &known, &room)) < 0)
            goto out;
        if (!known) {
            form_error(errors, "category", N_("Choose a category"));
            bad = true;
        } else if (pick >= 1 && pick <= QUIZ_AUTHOR_PICK_MAX && pick > room) {
            form_error(errors, "pick",
                       room == 0 ? N_("This category has no questions left that the quiz does "
                                      "not already use")
                                 : N_("This category has fewer questions left than that: the "
                                      "quiz already uses the others"));
            bad = true;
        }
        audit_after(changes, "category", category);
        audit_after(changes, "pick", arena_int(a, pick));
    }
    if (bad) {
        rc = DARS_EINVALID;
        goto out;
    }
    time_now_iso(now);
    rc = db_query_int(db, quiz_author_slot_insert_sql,
                      DB_ARGS(DB_INT(q->id), DB_INT(q->id), DB_ID(question_id),
                              question_id ? DB_NULL : DB_TEXT(category),
                              DB_INT(question_id ? 1 : pick), DB_INT(mark), DB_TEXT(now),
                              DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        goto out;
    audit_after(changes, "slot", arena_int(a, new_id));
    audit_after(changes, "mark", arena_int(a, mark));
    if ((rc = audit_record_id(db, who, "quiz.slot_add", "quiz", q->id, changes)) == 0 &&
        slot_id)
        *slot_id = new_id;
out:
    json_decref(changes);
    return rc;
}

int quiz_author_slot_mark(struct db *db, struct arena *a, const struct actor *who,
                          const struct quiz *q, const struct quiz_slot *s, int64_t mark,
                          json_t *errors)
{
    char now[TIME_ISO_LEN];
    int rc;

    if (!mark_ok(mark, errors))
        return DARS_EINVALID;
    if (mark == s->mark)
        return 0;
    time_now_iso(now);
    if ((rc = db_exec(db, quiz_author_slot_mark_sql,
                      DB_ARGS(DB_INT(mark), DB_TEXT(now), DB_INT(s->id), DB_INT(q->id)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "slot", arena_int(a, s->id));
    audit_diff(changes, "mark", arena_int(a, s->mark), arena_int(a, mark));
    rc = audit_record_id(db, who, "quiz.slot_mark", "quiz", q->id, changes);
    json_decref(changes);
    return rc;
}

int quiz_author_slot_move(struct db *db, struct arena *a, const struct actor *who,
                          const struct quiz *q, const struct quiz_slot *slots, size_t n,
                          const struct quiz_slot *s, bool up, bool *moved)
{
    size_t i = (size_t)(s - slots);
    char now[TIME_ISO_LEN];
    int rc;

    *moved = false;
    if ((up && i == 0) || (!up && i + 1 == n))
        return 0;
    const struct quiz_slot *o = &slots[up ? i - 1 : i + 1];
    time_now_iso(now);
    if ((rc = db_exec(db, quiz_author_slot_pos_sql,
                      DB_ARGS(DB_INT(o->position), DB_TEXT(now), DB_INT(s->id), DB_INT(q->id)))) <
            0 ||
        (rc = db_exec(db, quiz_author_slot_pos_sql,
                      DB_ARGS(DB_INT(s->position), DB_TEXT(now), DB_INT(o->id), DB_INT(q->id)))) <
            0)
        return rc;
    *moved = true;
    json_t *changes = json_object();
    audit_after(changes, "slot", arena_int(a, s->id));
    audit_diff(changes, "position", arena_int(a, s->position), arena_int(a, o->position));
    rc = audit_record_id(db, who, up ? "quiz.slot_move_up" : "quiz.slot_move_down", "quiz",
                      q->id, changes);
    json_decref(changes);
    return rc;
}

int quiz_author_slot_remove(struct db *db, struct arena *a, const struct actor *who,
                            const struct quiz *q, const struct quiz_slot *s, size_t nslots,
                            json_t *errors)
{
    char now[TIME_ISO_LEN];
    int rc;

    if (streq(q->status, "published") && nslots <= 1) {
        form_error(errors, "slot",
                   N_("A published quiz needs at least one question: unpublish it before you "
                      "remove its last"));
        return DARS_ECONFLICT;
    }
    time_now_iso(now);
    if ((rc = db_exec(db, quiz_author_slot_delete_sql, DB_ARGS(DB_INT(s->id), DB_INT(q->id)))) <
            0 ||
        (rc = db_exec(db, quiz_author_slot_close_sql,
                      DB_ARGS(DB_TEXT(now), DB_INT(q->id), DB_INT(s->position)))) < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "slot", arena_int(a, s->id), NULL);
    if (s->question_id)
        audit_diff(changes, "question", arena_int(a, s->question_id), NULL);
    else {
        audit_diff(changes, "category", s->category, NULL);
        audit_diff(changes, "pick", arena_int(a, s->pick), NULL);
    }
    audit_diff(changes, "mark", arena_int(a, s->mark), NULL);
    rc = audit_record_id(db, who, "quiz.slot_remove", "quiz", q->id, changes);
    json_decref(changes);
    return rc;
}

/* ---- reads for the list and the API ---- */

int quiz_author_rows(struct db *db, struct arena *a, int64_t course_id, bool published_only,
                     struct quiz_author_row **out, size_t *n)
{
    struct quiz *qs;
    size_t nq;
    struct db_stmt *st;
    int rc = quiz_list(db, a, course_id, published_only, &qs, &nq);

    *out = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    struct quiz_author_row *rows = ARENA_NEW_N(a, struct quiz_author_row, nq ? nq : 1);
    for (size_t i = 0; i < nq; i++)
        rows[i].q = qs[i];
    if ((rc = db_query(db, &st, quiz_author_totals_sql, DB_ARGS(DB_INT(course_id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        for (size_t i = 0; i < nq; i++)
            if (rows[i].q.id == id) {
                rows[i].questions = db_col_int(st, 1);
                rows[i].marks = db_col_int(st, 2);
                rows[i].attempts = db_col_int(st, 3);
            }
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = rows;
    *n = nq;
    return 0;
}

json_t *quiz_author_slot_json(const struct quiz_slot *s)
{
    json_t *o = json_pack("{s:I, s:I}", "id", (json_int_t)s->id, "position",
                          (json_int_t)s->position);
    if (s->question_id) {
        json_object_set_new(o, "question", json_integer(s->question_id));
    } else {
        json_object_set_new(o, "category", json_string(s->category ? s->category : ""));
        json_object_set_new(o, "pick", json_integer(s->pick));
    }
    json_object_set_new(o, "mark", json_integer(s->mark));
    return o;
}
