/*
 * /api/v1/enrolments and /api/v1/lessons/:id/done. A learner sees and
 * changes their own enrolments; those who manage a course (catalog_may_manage)
 * see and change its enrolments and enrol people in their scope; an admin
 * sees all. Problems answer as DESIGN.md section 6 says.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "http/api.h"
#include "core/utf8.h"
#include "db/db.h"

/* cohort: the enrolment's cohort id, 0 when it is for the course itself (null). */
static json_t *enrolment_json(int64_t id, const char *email, const char *course,
                              int64_t cohort, const char *status, int64_t progress,
                              const char *completed_at, const char *created_at)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:s, s:I, s:o, s:s}", "id", (json_int_t)id, "user",
                     email, "course", course, "cohort",
                     cohort ? json_integer(cohort) : json_null(), "status", status, "progress",
                     (json_int_t)progress, "completed_at",
                     *completed_at ? json_string(completed_at) : json_null(), "created_at",
                     created_at);
}

static json_t *list_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    UNUSED(r), UNUSED(data);
    *id = db_col_int(st, 0);
    return enrolment_json(*id, db_col_text(st, 1), db_col_text(st, 2), db_col_int(st, 7),
                          db_col_text(st, 3), db_col_int(st, 4), db_col_text(st, 5),
                          db_col_text(st, 6));
}

/* GET /api/v1/enrolments[?course=CODE][&user=EMAIL] */
int enrol_api_list(struct req *r)
{
    struct api_page p;
    struct catalog_course c = { 0 };
    struct db_stmt *st;
    bool all = r->user->is_admin;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *course = http_query(r, "course"), *user = http_query(r, "user");
    const char *key = user && *user ? utf8_fold(&r->arena, user) : "";
    if (!key)
        return http_problem_fields(r, json_pack("{s:s}", "user", "is not an e-mail address"));
    if (course && *course) {
        bool manages = false;
        rc = catalog_course_get(r->db, &r->arena, course, r->lang, &c);
        if (rc == DARS_ENOTFOUND)
            return http_problem_fields(r, json_pack("{s:s}", "course", "is not a course"));
        if (rc < 0 || (rc = catalog_may_manage(r, &c, &manages)) < 0)
            return rc;
        /* an instructor's course: every learner of it */
        all = all || manages;
    }
    if ((rc = db_query(r->db, &st, enrol_api_list_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_INT(c.id), DB_INT(c.id), DB_TEXT(key),
                               DB_TEXT(key), DB_INT(all), DB_INT(r->user->id),
                               DB_INT(r->user->id), DB_INT(p.after), DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, list_row, NULL);
}

/* The enrolment of :id with its course, if the caller may see it (own, or managed). */
static int load(struct req *r, struct enrol_row *e, struct catalog_course *c, bool *manages)
{
    int rc;
    *manages = false;
    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    if ((rc = enrol_get(r->db, &r->arena, strtoll(r->params[0], NULL, 10), e)) < 0 ||
        (rc = catalog_course_get_id(r->db, &r->arena, e->course_id, r->lang, c)) < 0 ||
        (rc = catalog_may_manage(r, c, manages)) < 0)
        return rc;
    return e->user_id == r->user->id || *manages ? 0 : DARS_EDENIED;
}

/* Answer the enrolment id as it is now. */
static int send_one(struct req *r, int status, int64_t id)
{
    struct db_stmt *st;
    int64_t ignored;
    int rc = db_query_row(r->db, &st, enrol_api_one_sql, DB_ARGS(DB_TEXT(r->lang), DB_INT(id)));
    if (rc < 0)
        return rc;
    json_t *v = list_row(r, st, NULL, &ignored);
    db_done(st);
    return http_json(r, status, v);
}

/* "cohort" of a request body: a positive id; 0 when absent or null, or with a field error. */
static int64_t body_cohort(json_t *body, json_t *errors)
{
    json_t *v = json_object_get(body, "cohort");
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) <= 0) {
        json_object_set_new(errors, "cohort", json_string("must be a cohort id"));
        return 0;
    }
    return json_integer_value(v);
}

/*
 * POST /api/v1/enrolments {"course": CODE, "cohort": ID, "user": EMAIL
 * (default: the caller)}: course or cohort, or both when they agree. Into a
 * cohort under its rules (places, mode, waitlist), as its page does.
 */
int enrol_api_create(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct accounts_user_ref u = { .id = r->user->id };
    const char *course = NULL, *user = NULL;
    int64_t id = 0;
    bool manages = false;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_str(body, "course", errors, &course);
    api_str(body, "user", errors, &user);
    int64_t cohort = body_cohort(body, errors);
    if (!json_object_get(errors, "course") && !json_object_get(errors, "cohort") && !cohort &&
        (!course || !*course))
        json_object_set_new(errors, "course", json_string("is required"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    struct enrol_places place = { 0 };
    if (cohort) {
        rc = enrol_cohort_places(r->db, cohort, &place);
        if (rc == DARS_ENOTFOUND) {
            json_object_set_new(errors, "cohort", json_string("is not a cohort"));
            return http_problem_fields(r, errors);
        }
        if (rc < 0)
            goto fail;
    }
    if (course && *course)
        rc = catalog_course_get(r->db, &r->arena, course, r->lang, &c);
    else
        rc = catalog_course_get_id(r->db, &r->arena, place.course_id, r->lang, &c);
    if (rc == DARS_ENOTFOUND) {
        json_object_set_new(errors, "course", json_string("is not a course"));
        return http_problem_fields(r, errors);
    }
    if (rc < 0 || (rc = catalog_may_manage(r, &c, &manages)) < 0)
        goto fail;
    if (cohort && place.course_id != c.id) {
        json_object_set_new(errors, "cohort", json_string("is not a cohort of this course"));
        return http_problem_fields(r, errors);
    }
    bool self = true;
    if (user && *user) {
        rc = accounts_user_by_email(r->db, &r->arena, user, &u);
        if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID) {
            json_object_set_new(errors, "user", json_string("is not a user"));
            return http_problem_fields(r, errors);
        }
        if (rc < 0)
            goto fail;
        self = u.id == r->user->id;
    }
    if (!self && !(manages && accounts_can_manage_centre(r, u.centre_id))) {
        json_decref(errors);
        return http_problem(r, 403, "Forbidden",
                            "you may enrol others only in a course you manage and in your scope");
    }
    if (!manages && !streq(c.status, "published")) {
        json_object_set_new(errors, "course", json_string("is not open for enrolment"));
        return http_problem_fields(r, errors);
    }
    json_decref(errors);
    errors = NULL;
    /* those who manage the course enrol without a request, drafts included */
    rc = db_tx_begin(r->db);
    if (rc == 0 && cohort)
        rc = db_tx_end(r->db, enrol_user_cohort(r->db, &r->arena, &who, u.id, cohort, !manages,
                                                NULL, &id));
    else if (rc == 0)
        rc = db_tx_end(r->db, enrol_apply(r->db, &r->arena, &who, u.id, &c, !manages, NULL, &id));
    if (rc < 0) {
        if (rc == DARS_ECONFLICT)
            return http_problem(r, 409, "Conflict", "already enrolled in this course");
        return rc;
    }
    return send_one(r, 201, id);
fail:
    json_decref(errors);
    return rc;
}

/* GET /api/v1/enrolments/:id */
int enrol_api_get(struct req *r)
{
    struct enrol_row e;
    struct catalog_course c;
    bool manages;
    int rc = load(r, &e, &c, &manages);
    if (rc < 0)
        return rc;
    return http_json(r, 200, enrolment_json(e.id, e.email, c.code, e.cohort_id, e.status,
                                            e.progress, e.completed_at, e.created_at));
}

/* DELETE /api/v1/enrolments/:id and POST /api/v1/enrolments/:id/withdraw */
int enrol_api_withdraw(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct enrol_row e;
    struct catalog_course c;
    bool manages;
    int rc = load(r, &e, &c, &manages);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, enrol_withdraw(r->db, &r->arena, &who, &e, &c))) < 0) {
        if (rc == DARS_ECONFLICT)
            return http_problem(r, 409, "Conflict",
                                arena_printf(&r->arena, "the enrolment is %s", e.status));
        return rc;
    }
    return send_one(r, 200, e.id);
}

/* GET /api/v1/enrolments/:id/progress */
int enrol_api_progress(struct req *r)
{
    struct enrol_row e;
    struct catalog_course c;
    struct db_stmt *st;
    bool manages;
    int rc = load(r, &e, &c, &manages);

    if (rc < 0)
        return rc;
    if ((rc = db_query(r->db, &st, enrol_api_progress_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_INT(e.user_id), DB_INT(e.course_id)))) < 0)
        return rc;
    json_t *lessons = json_array();
    while ((rc = db_step(st)) == DB_ROW) {
        const char *at = db_col_text(st, 2);
        json_array_append_new(lessons, json_pack("{s:I, s:b, s:o}", "id",
                                                 (json_int_t)db_col_int(st, 0), "done",
                                                 db_col_int(st, 1) != 0, "completed_at",
                                                 *at ? json_string(at) : json_null()));
    }
    db_done(st);
    if (rc < 0) {
        json_decref(lessons);
        return rc;
    }
    return http_json(r, 200, json_pack("{s:I, s:s, s:o}", "progress", (json_int_t)e.progress,
                                       "status", e.status, "lessons", lessons));
}

/* POST /api/v1/lessons/:id/done: the caller's own progress */
int enrol_api_lesson_done(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct enrol_row e;
    int64_t course_id = 0, lesson_id;
    int rc;

    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    lesson_id = strtoll(r->params[0], NULL, 10);
    if ((rc = catalog_lesson_course(r->db, lesson_id, &course_id)) < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, enrol_lesson_mark(r->db, &r->arena, &who, r->user->id, course_id,
                                                 lesson_id, true, &e))) < 0) {
        if (rc == DARS_EDENIED)
            return http_problem(r, 403, "Forbidden", "you are not enrolled in this course");
        return rc;
    }
    return send_one(r, 200, e.id);
}
