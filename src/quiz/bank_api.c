/*
 * The question bank over /api/v1: a course's questions (a page at a time,
 * ?category=), one question read, created, replaced or deleted, and GIFT
 * imported, or only checked with "dry_run". The JSON of a question is
 * question.c's (quiz_question_json / quiz_question_from_json).
 */
#include "core/base.h"
#include "quiz/bank_int.h"
#include "http/api.h"
#include "db/db.h"

/* GET /api/v1/courses/:code/questions (?category=, ?limit=, ?cursor=) */
int quiz_bank_api_list(struct req *r)
{
    struct catalog_course c;
    struct api_page p;
    struct quiz_question *qs = NULL;
    size_t n = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *category = http_query(r, "category");
    if (category && !*category)
        category = NULL;
    if ((rc = quiz_question_list(r->db, &r->arena, c.id, category, p.after, p.limit + 1, &qs,
                                 &n)) < 0)
        return rc;
    bool more = (int64_t)n > p.limit;
    if (more)
        n = (size_t)p.limit;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, quiz_question_json(&qs[i]));
    return api_page_send(r, &p, items, more ? qs[n - 1].id : 0);
}

/* GET /api/v1/courses/:code/questions/:id */
int quiz_bank_api_get(struct req *r)
{
    struct catalog_course c;
    struct quiz_question q;
    int rc = bank_question(r, &c, &q);

    if (rc < 0)
        return rc;
    return http_json(r, 200, quiz_question_json(&q));
}

/*
 * Write the body's question into the course's bank (over old when not NULL)
 * and answer it as it is now with status.
 */
static int write_json(struct req *r, const struct catalog_course *c,
                      const struct quiz_question *old, int status)
{
    struct actor who = accounts_actor(r);
    struct quiz_question q, now;
    json_t *errors = json_object();
    int64_t id = 0;
    int rc;

    json_t *body = http_json_body(r);
    if (!body) {
        json_decref(errors);
        return 0; /* 400 already sent */
    }
    if ((rc = quiz_question_from_json(&r->arena, body, &q, errors)) < 0)
        return api_fail(r, rc, errors);
    q.course_id = c->id;
    if ((rc = db_tx_begin(r->db)) < 0)
        return api_fail(r, rc, errors);
    rc = db_tx_end(r->db, quiz_question_write(r->db, &r->arena, &who, c->id, old, &q, errors,
                                              &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = quiz_question_get(r->db, &r->arena, c->id, id, &now)) < 0)
        return rc;
    return http_json(r, status, quiz_question_json(&now));
}

/* POST /api/v1/courses/:code/questions: one question, answered 201 */
int quiz_bank_api_create(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    return write_json(r, &c, NULL, 201);
}

/*
 * PUT /api/v1/courses/:code/questions/:id: the question replaced. Once an
 * attempt has used it, the new version has a new id (quiz_question_write).
 */
int quiz_bank_api_update(struct req *r)
{
    struct catalog_course c;
    struct quiz_question old;
    int rc = bank_question(r, &c, &old);

    if (rc < 0)
        return rc;
    return write_json(r, &c, &old, 200);
}

/* DELETE /api/v1/courses/:code/questions/:id: 204 */
int quiz_bank_api_delete(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct quiz_question q;
    int rc = bank_question(r, &c, &q);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, quiz_question_delete(r->db, &r->arena, &who, &q))) < 0)
        return rc;
    return http_send(r, 204, "text/plain; charset=utf-8", "", 0);
}

/* A question not in the bank (yet): its JSON without the ids and times it lacks. */
static json_t *unsaved_json(struct quiz_question *q)
{
    size_t i;
    json_t *a;
    q->created_at = q->updated_at = "";
    json_t *o = quiz_question_json(q);
    json_object_del(o, "id");
    json_object_del(o, "created_at");
    json_object_del(o, "updated_at");
    json_array_foreach(json_object_get(o, "answers"), i, a)
        json_object_del(a, "id");
    return o;
}

/* 422 problem+json whose "errors" lists the GIFT's problems by line. */
static int gift_problem(struct req *r, const struct gift_error *errs, size_t nerr)
{
    json_t *list = json_array();
    for (size_t i = 0; i < nerr; i++)
        json_array_append_new(list, json_pack("{s:i, s:s}", "line", errs[i].line, "reason",
                                              errs[i].reason));
    json_t *p = json_pack("{s:s, s:s, s:i, s:s, s:o}", "type", "about:blank", "title",
                          "Invalid GIFT", "status", 422, "detail",
                          nerr == 1 ? "the GIFT text has 1 error"
                                    : arena_printf(&r->arena, "the GIFT text has %zu errors",
                                                   nerr),
                          "errors", list);
    char *s = json_dumps(p, JSON_COMPACT);
    json_decref(p);
    if (!s)
        return DARS_ERR;
    int rc = http_send(r, 422, "application/problem+json", s, strlen(s));
    free(s);
    return rc;
}

/*
 * POST /api/v1/courses/:code/questions/import {"gift": "...", "dry_run": bool}:
 * 200 {"imported": N}, or for a dry run {"questions": [...], "errors": []};
 * 422 with the errors by line when the GIFT has any (nothing is imported).
 */
int quiz_bank_api_import(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct gift_error *errs = NULL;
    size_t nerr = 0, imported = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    json_t *body = http_json_body(r);
    if (!body)
        return 0;
    json_t *gift = json_object_get(body, "gift"), *dry = json_object_get(body, "dry_run");
    json_t *errors = json_object();
    if (!json_is_string(gift))
        json_object_set_new(errors, "gift", json_string("must be a string of GIFT text"));
    if (dry && !json_is_boolean(dry))
        json_object_set_new(errors, "dry_run", json_string("must be true or false"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    const char *src = json_string_value(gift);
    size_t len = json_string_length(gift);
    if (len > QUIZ_IMPORT_MAX_BYTES)
        return http_problem_fields(r, json_pack("{s:s}", "gift", "must be at most 4 MB"));
    if (json_is_true(dry)) {
        struct gift_question *gq;
        struct quiz_question *qs;
        size_t nq;
        /* what the import would refuse, as it would */
        if (quiz_gift_read(&r->arena, src, len, &gq, &qs, &nq, &errs, &nerr) < 0)
            return gift_problem(r, errs, nerr);
        json_t *list = json_array();
        for (size_t i = 0; i < nq; i++)
            json_array_append_new(list, unsaved_json(&qs[i]));
        return http_json(r, 200, json_pack("{s:o, s:[]}", "questions", list, "errors"));
    }
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = db_tx_end(r->db, quiz_import_gift(r->db, &r->arena, &who, c.id, src, len, &errs, &nerr,
                                           &imported));
    if (rc == DARS_EINVALID)
        return gift_problem(r, errs, nerr);
    if (rc < 0)
        return rc;
    return http_json(r, 200, json_pack("{s:I}", "imported", (json_int_t)imported));
}
