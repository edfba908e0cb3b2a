/*
 * /api/v1/quizzes (DESIGN.md section 6): a course's quizzes, a quiz with its
 * slots, its settings changed or the quiz deleted, and slots added, re-marked
 * or removed. Those who manage the course (catalog_may_manage) see and change
 * everything; a learner whose enrolment lets them read the course may read a
 * published quiz without its slots; a draft is not found for anyone else.
 */
#include "core/base.h"
#include "quiz/author_int.h"
#include "http/api.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "view/form.h"

/* What the caller may do with a course's quizzes. */
enum access { NONE, LEARNER, MANAGER };

static int course_access(struct req *r, const struct catalog_course *c, enum access *out)
{
    struct enrol_state es;
    bool yes;
    int rc = catalog_may_manage(r, c, &yes);

    *out = NONE;
    if (rc < 0)
        return rc;
    if (yes) {
        *out = MANAGER;
        return 0;
    }
    if (!streq(c->status, "published"))
        return DARS_ENOTFOUND; /* a draft course is nobody else's business */
    if ((rc = enrol_state_get(r->db, &r->arena, r->user->id, c->id, &es)) < 0)
        return rc;
    if (enrol_state_may_read(&es))
        *out = LEARNER;
    return 0;
}

/* The quiz of :id with its course and the caller's access; a draft is 404 to learners. */
static int api_quiz(struct req *r, struct quiz *q, struct catalog_course *c, enum access *acc)
{
    int64_t id = api_id(r->params[0]);
    int rc;

    if (!id)
        return DARS_ENOTFOUND;
    if ((rc = quiz_get(r->db, &r->arena, id, q)) < 0 ||
        (rc = catalog_course_get_id(r->db, &r->arena, q->course_id, "", c)) < 0 ||
        (rc = course_access(r, c, acc)) < 0)
        return rc;
    if (*acc != MANAGER && !streq(q->status, "published"))
        return DARS_ENOTFOUND;
    return *acc == NONE ? DARS_EDENIED : 0;
}

/* The quiz as the API shows it: with its slots for those who manage it. */
static int quiz_full_json(struct req *r, const struct quiz *q, bool with_slots, json_t **out)
{
    struct quiz_slot *slots;
    size_t n;
    int rc = quiz_slots(r->db, &r->arena, q->id, &slots, &n);

    *out = NULL;
    if (rc < 0)
        return rc;
    json_t *o = quiz_json(q);
    json_object_set_new(o, "max_marks", json_integer(quiz_max_marks(slots, n)));
    if (with_slots) {
        json_t *list = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(list, quiz_author_slot_json(&slots[i]));
        json_object_set_new(o, "slots", list);
    }
    *out = o;
    return 0;
}

static int send_quiz(struct req *r, int status, int64_t id, bool with_slots)
{
    struct quiz q;
    json_t *o;
    int rc = quiz_get(r->db, &r->arena, id, &q);
    if (rc < 0 || (rc = quiz_full_json(r, &q, with_slots, &o)) < 0)
        return rc;
    return http_json(r, status, o);
}

/* GET /api/v1/quizzes?course=CODE */
int quiz_author_api_list(struct req *r)
{
    struct api_page p;
    struct catalog_course c;
    struct quiz_author_row *rows;
    enum access acc;
    size_t n;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *course = http_query(r, "course");
    if (!course || !*course)
        return http_problem_fields(r, json_pack("{s:s}", "course", "is required"));
    if ((rc = catalog_course_get(r->db, &r->arena, course, "", &c)) < 0 ||
        (rc = course_access(r, &c, &acc)) < 0)
        return rc;
    if (acc == NONE)
        return DARS_EDENIED;
    if ((rc = quiz_author_rows(r->db, &r->arena, c.id, acc != MANAGER, &rows, &n)) < 0)
        return rc;
    json_t *items = json_array();
    int64_t next = 0;
    for (size_t i = 0; i < n; i++) {
        if (rows[i].q.id <= p.after)
            continue;
        if ((int64_t)json_array_size(items) == p.limit) {
            next = rows[i - 1].q.id;
            break;
        }
        json_t *o = quiz_json(&rows[i].q);
        json_object_set_new(o, "max_marks", json_integer(rows[i].marks));
        json_object_set_new(o, "questions", json_integer(rows[i].questions));
        json_array_append_new(items, o);
    }
    return api_page_send(r, &p, items, next);
}

/* Booleans of a body: absent leaves *out, anything but true/false is an error. */
static void body_bool(json_t *body, const char *name, json_t *errors, bool *out)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return;
    if (json_is_boolean(v))
        *out = json_is_true(v);
    else
        form_error(errors, name, "must be true or false");
}

/* Whole numbers of a body; null gives null_value; a wrong type -1 (refused by the check). */
static void body_int(json_t *body, const char *name, int64_t null_value, int64_t *out)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return;
    if (json_is_null(v))
        *out = null_value;
    else if (json_is_integer(v) && json_integer_value(v) >= 0)
        *out = json_integer_value(v);
    else
        *out = -1;
}

/* Merge a body over in (absent members stay). */
static void in_from_json(json_t *body, json_t *errors, struct quiz_author_in *in)
{
    api_field_str(body, "title", errors, &in->title);
    api_field_str(body, "intro", errors, &in->intro);
    api_field_str(body, "review", errors, &in->review);
    api_field_str(body, "status", errors, &in->status);
    body_int(body, "time_limit", 0, &in->time_limit);
    body_int(body, "attempts_allowed", 0, &in->attempts_allowed);
    body_int(body, "pass_mark", -1, &in->pass_mark);
    body_bool(body, "shuffle_questions", errors, &in->shuffle_questions);
    body_bool(body, "shuffle_answers", errors, &in->shuffle_answers);
    body_bool(body, "required", errors, &in->required);
    in->msg_time = "must be a whole number of seconds from 0 to 604800, or null for none";
}

/* POST /api/v1/quizzes */
int quiz_author_api_create(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    json_t *body = http_json_body(r), *errors;
    const char *course = NULL;
    struct quiz_author_in in = { .title = "", .intro = "", .pass_mark = 50,
                                 .shuffle_answers = true, .review = "after_submit",
                                 .status = "draft" };
    int64_t id = 0;
    bool yes;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_field_str(body, "course", errors, &course);
    if (!course || !*course) {
        form_error(errors, "course", "is required");
        return http_problem_fields(r, errors);
    }
    rc = catalog_course_get(r->db, &r->arena, course, "", &c);
    if (rc == DARS_ENOTFOUND) {
        form_error(errors, "course", "There is no course with this code");
        return http_problem_fields(r, errors);
    }
    if (rc < 0 || (rc = catalog_may_manage(r, &c, &yes)) < 0)
        goto fail;
    if (!yes) {
        rc = DARS_EDENIED;
        goto fail;
    }
    in_from_json(body, errors, &in);
    /* members of the wrong type are refused with the rest: every problem shows at once */
    if ((rc = db_tx_begin(r->db)) < 0)
        goto fail;
    rc = quiz_author_insert(r->db, &r->arena, &who, c.id, &in, errors, &id);
    if (rc == 0 && json_object_size(errors))
        rc = DARS_EINVALID;
    if ((rc = db_tx_end(r->db, rc)) < 0)
        goto fail;
    json_decref(errors);
    return send_quiz(r, 201, id, true);
fail:
    return api_fail(r, rc, errors);
}

/* GET /api/v1/quizzes/:id */
int quiz_author_api_get(struct req *r)
{
    struct catalog_course c;
    struct quiz q;
    enum access acc;
    json_t *o;
    int rc = api_quiz(r, &q, &c, &acc);

    if (rc < 0 || (rc = quiz_full_json(r, &q, acc == MANAGER, &o)) < 0)
        return rc;
    return http_json(r, 200, o);
}

/* The quiz of :id for a writer: 403 for a learner. */
static int api_quiz_manage(struct req *r, struct quiz *q, struct catalog_course *c)
{
    enum access acc;
    int rc = api_quiz(r, q, c, &acc);
    if (rc < 0)
        return rc;
    return acc == MANAGER ? 0 : DARS_EDENIED;
}

/* PATCH /api/v1/quizzes/:id */
int quiz_author_api_patch(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    size_t n;
    json_t *body = http_json_body(r), *errors;
    int rc;

    if (!body)
        return 0;
    if ((rc = api_quiz_manage(r, &q, &c)) < 0)
        return rc;
    errors = json_object();
    struct quiz_author_in in = quiz_author_in_of(&q);
    in_from_json(body, errors, &in);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto fail;
    rc = quiz_slots(r->db, &r->arena, q.id, &slots, &n);
    if (rc == 0)
        rc = quiz_author_update(r->db, &r->arena, &who, &q, n, &in, errors);
    if (rc == 0 && json_object_size(errors))
        rc = DARS_EINVALID; /* a member of the wrong type: write nothing */
    if ((rc = db_tx_end(r->db, rc)) < 0)
        goto fail;
    json_decref(errors);
    return send_quiz(r, 200, q.id, true);
fail:
    return api_fail(r, rc, errors);
}

/* DELETE /api/v1/quizzes/:id */
int quiz_author_api_delete(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    int rc = api_quiz_manage(r, &q, &c);

    if (rc < 0 || (rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, quiz_author_delete(r->db, &r->arena, &who, &q))) < 0)
        return rc;
    return http_send(r, 204, "application/json", "", 0);
}

/* The slot of :sid (*s) among the quiz's (*slots, *n of them). */
static int api_slot(struct req *r, const struct quiz *q, struct quiz_slot **slots, size_t *n,
                    const struct quiz_slot **s)
{
    return quiz_author_slot_get(r->db, &r->arena, q->id, api_id(r->params[1]), slots, n,
                                s);
}

/* A slot as written just now, for the answer. */
static int send_slot(struct req *r, int status, const struct quiz *q, int64_t sid)
{
    struct quiz_slot *slots;
    const struct quiz_slot *s;
    size_t n;
    int rc = quiz_author_slot_get(r->db, &r->arena, q->id, sid, &slots, &n, &s);
    if (rc < 0)
        return rc;
    return http_json(r, status, quiz_author_slot_json(s));
}

/* A whole number member from 0 to 1000000; absent gives def; else -1 (refused by the store). */
static int64_t body_count(json_t *body, const char *name, int64_t def)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return def;
    return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= 1000000
               ? json_integer_value(v)
               : -1;
}

/* POST /api/v1/quizzes/:id/slots */
int quiz_author_api_slot_add(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    json_t *body = http_json_body(r), *errors;
    int64_t sid = 0;
    int rc;

    if (!body)
        return 0;
    if ((rc = api_quiz_manage(r, &q, &c)) < 0)
        return rc;
    errors = json_object();
    json_t *question = json_object_get(body, "question");
    json_t *category = json_object_get(body, "category");
    int64_t mark = body_count(body, "mark", 1);
    if (question && !(json_is_integer(question) && json_integer_value(question) > 0))
        form_error(errors, "question", "must be the id of a question of the course's bank");
    else if (!question && !json_is_string(category))
        form_error(errors, "question",
                   "give a question id, or a category and how many questions to pick");
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto fail;
    if (question)
        rc = quiz_author_slot_add(r->db, &r->arena, &who, &q, json_integer_value(question), NULL,
                                  1, mark, errors, &sid);
    else
        rc = quiz_author_slot_add(r->db, &r->arena, &who, &q, 0, json_string_value(category),
                                  body_count(body, "pick", -1), mark, errors, &sid);
    if ((rc = db_tx_end(r->db, rc)) < 0)
        goto fail;
    json_decref(errors);
    return send_slot(r, 201, &q, sid);
fail:
    return api_fail(r, rc, errors);
}

/* PATCH /api/v1/quizzes/:id/slots/:sid ({"mark": n}) */
int quiz_author_api_slot_patch(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    const struct quiz_slot *s;
    size_t n;
    json_t *body = http_json_body(r), *errors;
    int rc;

    if (!body)
        return 0;
    if ((rc = api_quiz_manage(r, &q, &c)) < 0 || (rc = api_slot(r, &q, &slots, &n, &s)) < 0)
        return rc;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, quiz_author_slot_mark(r->db, &r->arena, &who, &q, s,
                                                     body_count(body, "mark", s->mark),
                                                     errors))) < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return send_slot(r, 200, &q, s->id);
}

/* DELETE /api/v1/quizzes/:id/slots/:sid */
int quiz_author_api_slot_delete(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz q;
    struct quiz_slot *slots;
    const struct quiz_slot *s;
    size_t n;
    json_t *errors;
    int rc;

    if ((rc = api_quiz_manage(r, &q, &c)) < 0 || (rc = api_slot(r, &q, &slots, &n, &s)) < 0)
        return rc;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, quiz_author_slot_remove(r->db, &r->arena, &who, &q, s, n,
                                                       errors))) < 0) {
        if (rc == DARS_ECONFLICT) {
            const char *msg = json_string_value(json_object_get(errors, "slot"));
            rc = http_problem(r, 409, "Conflict", msg);
            json_decref(errors);
            return rc;
        }
        return api_fail(r, rc, errors);
    }
    json_decref(errors);
    return http_send(r, 204, "application/json", "", 0);
}
