/*
 * /api/v1 of mentoring (DESIGN.md 6a): the skills list, mentor profiles
 * (GET|PUT /mentors/{email}), mentorships with their lifecycle, meetings and
 * goals, requests for a mentor with their suggestions, and the optimal
 * assignment of every open request for a coordinator to review.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "audit/audit.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "http/api.h"
#include "view/form.h"

#include <string.h>

/* A JSON array of strings as a NULL-ended list (arena); errors[name] when it is not one. */
static void field_list(struct req *r, json_t *body, const char *name, json_t *errors,
                       const char ***out)
{
    json_t *v = json_object_get(body, name), *item;
    size_t i;
    if (!v)
        return;
    if (!json_is_array(v)) {
        json_object_set_new(errors, name, json_string("must be a list of strings"));
        return;
    }
    const char **list = arena_alloc(&r->arena, (json_array_size(v) + 1) * sizeof(*list));
    json_array_foreach(v, i, item)
    {
        if (!json_is_string(item)) {
            json_object_set_new(errors, name, json_string("must be a list of strings"));
            return;
        }
        list[i] = json_string_value(item);
    }
    list[json_array_size(v)] = NULL;
    *out = list;
}

/* ---- skills ---- */

int mt_api_skills(struct req *r)
{
    struct db_stmt *st;
    json_t *items = json_array();
    int rc = db_query(r->db, &st, mt_skills_sql, DB_NOARGS);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(items, json_pack("{s:s, s:s}", "code", db_col_text(st, 1), "name",
                                               db_col_text(st, 2)));
    db_done(st);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    return http_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* A skill's code as the seeded ones are: 2 to 40 lower-case letters, digits and hyphens. */
static bool skill_code_ok(const char *code)
{
    size_t n = code ? strlen(code) : 0;
    if (n < 2 || n > 40)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((code[i] >= 'a' && code[i] <= 'z') || (code[i] >= '0' && code[i] <= '9') ||
              code[i] == '-'))
            return false;
    return true;
}

/* POST /api/v1/mentoring/skills: admins extend the list */
int mt_api_skill_create(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    const char *code = NULL, *name = NULL;
    char now[TIME_ISO_LEN];
    int64_t id = 0, existing;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_field_str(body, "code", errors, &code);
    api_field_str(body, "name", errors, &name);
    if (!skill_code_ok(code))
        form_error(errors, "code", N_("Use lower-case letters, digits and hyphens"));
    if (!name || !*name || strlen(name) > 100)
        form_error(errors, "name", N_("Enter a name of up to 100 characters"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = db_tx_begin(r->db);
    if (rc == 0) {
        rc = db_query_int(r->db, mt_skill_id_sql, DB_ARGS(DB_TEXT(code)), &existing);
        if (rc == 0) {
            json_object_set_new(errors, "code", json_string("this skill is already listed"));
            rc = DARS_ECONFLICT;
        } else if (rc == DARS_ENOTFOUND) {
            time_now_iso(now);
            rc = db_query_int(r->db, mt_skill_insert_sql,
                              DB_ARGS(DB_TEXT(code), DB_TEXT(name), DB_TEXT(now), DB_TEXT(now)),
                              &id);
            if (rc == 0) {
                json_t *changes = json_object();
                audit_after(changes, "code", code);
                audit_after(changes, "name", name);
                struct actor who = audit_actor(r);
                rc = audit_record_id(r->db, &who, "mentoring_skill.create", "mentoring_skill",
                                     id, changes);
                json_decref(changes);
            }
        }
        rc = db_tx_end(r->db, rc);
    }
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return http_json(r, 201, json_pack("{s:s, s:s}", "code", code, "name", name));
}

/* ---- mentors ---- */

static json_t *mentor_list_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    UNUSED(r);
    UNUSED(data);
    *id = db_col_int(st, 0);
    return json_pack("{s:s, s:s, s:o, s:I, s:I, s:f, s:b, s:s}", "email", db_col_text(st, 1),
                     "full_name", db_col_text(st, 2), "centre",
                     *db_col_text(st, 3) ? json_string(db_col_text(st, 3)) : json_null(),
                     "capacity", (json_int_t)db_col_int(st, 4), "active",
                     (json_int_t)db_col_int(st, 5), "hours", mt_hours(db_col_int(st, 6)),
                     "safeguarding_checked", db_col_int(st, 7) != 0, "volunteer_programme",
                     db_col_text(st, 8));
}

/* GET /api/v1/mentors: coordinators see the mentors of their centres (and of none) */
int mt_api_mentors(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, mt_mentors_list_sql,
                       DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_INT(p.after),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, mentor_list_row, NULL);
}

/* The mentor of the path, for the mentor themselves and coordinators (403 for others). */
static int mentor_of_path(struct req *r, struct mt_mentor *m)
{
    int rc = mt_mentor_get(r->db, &r->arena, r->params[0], m);
    if (rc < 0)
        return rc;
    return mt_mentor_may_edit(r, m) ? 0 : DARS_EDENIED;
}

int mt_api_mentor_get(struct req *r)
{
    struct mt_mentor m;
    int rc = mentor_of_path(r, &m);
    return rc < 0 ? rc : http_json(r, 200, mt_mentor_json(&m));
}

/* PUT /api/v1/mentors/{email}: the fields given replace what is stored */
int mt_api_mentor_put(struct req *r)
{
    struct mt_mentor m;
    struct mt_mentor_input in = { 0 };
    json_t *body = http_json_body(r), *errors, *cap;
    int rc;

    if (!body)
        return 0;
    if ((rc = mentor_of_path(r, &m)) < 0)
        return rc;
    errors = json_object();
    api_field_str(body, "centre", errors, &in.centre);
    api_field_str(body, "volunteer_programme", errors, &in.volunteer_programme);
    api_field_str(body, "bio", errors, &in.bio);
    api_field_str(body, "safeguarding_checked_on", errors, &in.safeguarding_checked_on);
    field_list(r, body, "skills", errors, &in.skills);
    field_list(r, body, "languages", errors, &in.languages);
    if ((cap = json_object_get(body, "capacity"))) {
        if (json_is_integer(cap) && json_integer_value(cap) >= 0)
            in.capacity = arena_int(&r->arena, json_integer_value(cap));
        else
            json_object_set_new(errors, "capacity", json_string("must be a whole number"));
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_mentor_put(r, &m, &in, errors));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = mt_mentor_get_id(r->db, &r->arena, m.user_id, &m)) < 0)
        return rc;
    return http_json(r, 200, mt_mentor_json(&m));
}

/* ---- mentorships ---- */

static json_t *ms_list_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct mt_ms m;
    UNUSED(data);
    /* the row has mt_ms_by_id_sql's columns */
    mt_ms_get_row(&r->arena, st, &m);
    *id = m.id;
    return mt_ms_json(&m);
}

int mt_api_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, mt_ms_list_sql,
                       DB_ARGS(DB_INT(r->user->id), DB_INT(r->user->id),
                               DB_INT(r->user->is_admin), DB_INT(r->user->is_manager),
                               DB_INT(r->user->id), DB_INT(r->user->id), DB_INT(p.after),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, ms_list_row, NULL);
}

static int ms_answer(struct req *r, int status, int64_t id)
{
    struct mt_ms m;
    int rc = mt_ms_get(r->db, &r->arena, id, &m);
    return rc < 0 ? rc : http_json(r, status, mt_ms_json(&m));
}

/* POST /api/v1/mentorships: a coordinator arranges one, proposed or active */
int mt_api_create(struct req *r)
{
    struct mt_ms_input in = { 0 };
    json_t *body = http_json_body(r), *errors, *rq;
    int64_t id = 0;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_field_str(body, "mentor", errors, &in.mentor);
    api_field_str(body, "mentee", errors, &in.mentee);
    api_field_str(body, "programme", errors, &in.programme);
    api_field_str(body, "status", errors, &in.status);
    if ((rq = json_object_get(body, "request")) && !json_is_null(rq)) {
        if (json_is_integer(rq))
            in.request_id = json_integer_value(rq);
        else
            json_object_set_new(errors, "request", json_string("must be a request's id"));
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if (in.request_id) {
        struct mt_request q;
        rc = mt_request_get(r->db, &r->arena, in.request_id, &q);
        if (rc == DARS_ENOTFOUND || (rc == 0 && !streq(q.status, "open")))
            form_error(errors, "request", N_("Choose an open request"));
        else if (rc < 0)
            return rc;
        else if (!in.mentee)
            in.mentee = q.mentee_email;
        else if (in.mentee && rc == 0 && strcasecmp(in.mentee, q.mentee_email))
            form_error(errors, "mentee", N_("The request is another learner's"));
        if (json_object_size(errors))
            return http_problem_fields(r, errors);
    }
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_ms_create(r, &in, errors, &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return ms_answer(r, 201, id);
}

int mt_api_get(struct req *r)
{
    struct mt_ms m;
    int rc = mt_ms_get_visible(r, api_id(r->params[0]), &m);
    return rc < 0 ? rc : http_json(r, 200, mt_ms_json(&m));
}

/* PATCH /api/v1/mentorships/{id}: accept, confirm, decline, close, feedback */
int mt_api_patch(struct req *r)
{
    struct mt_ms m;
    struct mt_ms_change ch = { .accept = -1 };
    json_t *body = http_json_body(r), *errors, *acc;
    int rc;

    if (!body)
        return 0;
    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0)
        return rc;
    errors = json_object();
    api_field_str(body, "status", errors, &ch.status);
    api_field_str(body, "closed_reason", errors, &ch.closed_reason);
    api_field_str(body, "feedback", errors, &ch.feedback);
    if ((acc = json_object_get(body, "accepted"))) {
        if (json_is_true(acc))
            ch.accept = 1;
        else
            json_object_set_new(errors, "accepted",
                                json_string("must be true (to say no, decline)"));
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_ms_change(r, &m, &ch, errors));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return ms_answer(r, 200, m.id);
}

/* ---- meetings ---- */

static json_t *meeting_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct mt_meeting mt;
    UNUSED(data);
    mt_meeting_row(&r->arena, st, &mt);
    *id = mt.id;
    return mt_meeting_json(&mt);
}

int mt_api_meetings(struct req *r)
{
    struct mt_ms m;
    struct api_page p;
    struct db_stmt *st;
    int rc;
    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0)
        return rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, mt_meetings_sql,
                       DB_ARGS(DB_INT(m.id), DB_INT(p.after), DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, meeting_row, NULL);
}

static void meeting_fields(struct req *r, json_t *body, json_t *errors,
                           struct mt_meeting_input *in)
{
    json_t *min = json_object_get(body, "minutes");
    api_field_str(body, "held_on", errors, &in->held_on);
    api_field_str(body, "mode", errors, &in->mode);
    api_field_str(body, "centre", errors, &in->centre);
    api_field_str(body, "notes", errors, &in->notes);
    if (min) {
        if (json_is_integer(min))
            in->minutes = arena_int(&r->arena, json_integer_value(min));
        else
            json_object_set_new(errors, "minutes", json_string("must be a whole number"));
    }
}

int mt_api_meeting_create(struct req *r)
{
    struct mt_ms m;
    struct mt_meeting mt;
    struct mt_meeting_input in = { 0 };
    json_t *body = http_json_body(r), *errors;
    int64_t id = 0;
    int rc;

    if (!body)
        return 0;
    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0)
        return rc;
    errors = json_object();
    meeting_fields(r, body, errors, &in);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_meeting_create(r, &m, &in, errors, &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = mt_meeting_get(r->db, &r->arena, m.id, id, &mt)) < 0)
        return rc;
    return http_json(r, 201, mt_meeting_json(&mt));
}

/* PATCH .../meetings/{id}: {"confirmed": true}, or corrections by whoever logged it */
int mt_api_meeting_patch(struct req *r)
{
    struct mt_ms m;
    struct mt_meeting mt;
    struct mt_meeting_input in = { 0 };
    json_t *body = http_json_body(r), *errors, *conf;
    bool confirm = false;
    int rc;

    if (!body)
        return 0;
    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0 ||
        (rc = mt_meeting_get(r->db, &r->arena, m.id, api_id(r->params[1]), &mt)) < 0)
        return rc;
    errors = json_object();
    meeting_fields(r, body, errors, &in);
    if ((conf = json_object_get(body, "confirmed"))) {
        if (json_is_true(conf))
            confirm = true;
        else if (!json_is_false(conf) || *mt.confirmed_at)
            json_object_set_new(errors, "confirmed",
                                json_string("a confirmation cannot be taken back"));
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_meeting_change(r, &m, &mt, &in, confirm, errors));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = mt_meeting_get(r->db, &r->arena, m.id, mt.id, &mt)) < 0)
        return rc;
    return http_json(r, 200, mt_meeting_json(&mt));
}

/* ---- goals ---- */

int mt_api_goals(struct req *r)
{
    struct mt_ms m;
    struct db_stmt *st;
    json_t *items;
    int rc;
    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, mt_goals_sql, DB_ARGS(DB_INT(m.id)))) < 0)
        return rc;
    items = json_array();
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(items, json_pack("{s:I, s:s, s:s}", "id",
                                               (json_int_t)db_col_int(st, 0), "title",
                                               db_col_text(st, 1), "status", db_col_text(st, 2)));
    db_done(st);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    return http_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/* POST .../goals {"title"} by the pair; {"id", "status"} sets a goal's status */
int mt_api_goal_create(struct req *r)
{
    struct mt_ms m;
    json_t *body = http_json_body(r), *errors, *gid;
    const char *title = NULL, *status = NULL;
    int rc;

    if (!body)
        return 0;
    if ((rc = mt_ms_get_visible(r, api_id(r->params[0]), &m)) < 0)
        return rc;
    if (mt_ms_role(r, &m) == MT_OTHER && !mt_ms_coordinator(r, &m))
        return DARS_EDENIED;
    errors = json_object();
    api_field_str(body, "title", errors, &title);
    api_field_str(body, "status", errors, &status);
    gid = json_object_get(body, "id");
    if (gid && (!json_is_integer(gid) || json_integer_value(gid) <= 0)) {
        form_error(errors, "id", N_("Choose a goal of this mentorship"));
        return http_problem_fields(r, errors);
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_goal_save(r, &m, gid ? json_integer_value(gid) : 0, title,
                                           status, errors));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return mt_api_goals(r);
}

/* ---- requests and matching ---- */

static json_t *request_json(const struct mt_request *q)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)q->id, "mentee",
                     q->mentee_email, "goals", q->goals, "language", q->language, "mode",
                     q->mode, "status", q->status, "created_at", q->created_at);
}

/* The request of the path, for its learner and the coordinators of their centre. */
static int request_of_path(struct req *r, struct mt_request *q)
{
    int64_t id = api_id(r->params[0]);
    int rc = id ? mt_request_get(r->db, &r->arena, id, q) : DARS_ENOTFOUND;
    if (rc < 0)
        return rc;
    if (q->mentee_id != r->user->id && !mt_coordinates(r, q->mentee_centre_id))
        return DARS_ENOTFOUND;
    return 0;
}

int mt_api_request_create(struct req *r)
{
    struct mt_request_input in = { 0 };
    struct mt_request q;
    json_t *body = http_json_body(r), *errors;
    int64_t id = 0;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_field_str(body, "mentee", errors, &in.mentee);
    api_field_str(body, "goals", errors, &in.goals);
    api_field_str(body, "language", errors, &in.language);
    api_field_str(body, "mode", errors, &in.mode);
    api_field_str(body, "programme", errors, &in.programme);
    field_list(r, body, "skills", errors, &in.skills);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, mt_request_create(r, &in, errors, &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = mt_request_get(r->db, &r->arena, id, &q)) < 0)
        return rc;
    return http_json(r, 201, request_json(&q));
}

int mt_api_request_get(struct req *r)
{
    struct mt_request q;
    int rc = request_of_path(r, &q);
    return rc < 0 ? rc : http_json(r, 200, request_json(&q));
}

static json_t *pick_json(struct req *r, const struct mt_pool *p, const struct mt_pick *k)
{
    size_t j = (size_t)(k->m - p->men);
    return json_pack("{s:s, s:s, s:i, s:s}", "mentor", p->men_email[j], "full_name",
                     p->men_name[j], "score", k->s.total, "reasons",
                     mt_score_reasons(&r->arena, r->lang, &k->s));
}

/* GET /api/v1/mentoring/requests/{id}/suggestions: the best ten, for coordinators */
int mt_api_suggestions(struct req *r)
{
    struct mt_request q;
    struct mt_pool p;
    struct mt_pick picks[10];
    int rc;
    if ((rc = request_of_path(r, &q)) < 0)
        return rc;
    if (!mt_coordinates(r, q.mentee_centre_id))
        return DARS_EDENIED;
    if ((rc = mt_pool_load(r, q.id, &p)) < 0)
        return rc;
    json_t *items = json_array();
    if (p.nreqs) {
        size_t n = mt_suggest(&r->arena, &p, 0, ARRAY_SIZE(picks), picks);
        for (size_t i = 0; i < n; i++)
            json_array_append_new(items, pick_json(r, &p, &picks[i]));
    }
    return http_json(r, 200, json_pack("{s:o, s:n}", "items", items, "next_cursor"));
}

/*
 * GET /api/v1/mentoring/assignment: the assignment of every open request in
 * the coordinator's scope that maximises the total score within capacities.
 * Nothing is written: the coordinator confirms pairs with POST /mentorships.
 */
int mt_api_assignment(struct req *r)
{
    struct mt_pool p;
    int rc;
    if ((rc = mt_pool_load(r, 0, &p)) < 0)
        return rc;
    struct mt_pick *picks = arena_alloc(&r->arena, (p.nreqs + 1) * sizeof(*picks));
    int64_t total = mt_suggest_all(&r->arena, &p, picks);
    json_t *items = json_array();
    for (size_t i = 0; i < p.nreqs; i++) {
        json_t *item = picks[i].m ? pick_json(r, &p, &picks[i]) : json_object();
        json_object_set_new(item, "request", json_integer(p.reqs[i].id));
        json_object_set_new(item, "mentee", json_string(p.req_email[i]));
        if (!picks[i].m)
            json_object_set_new(item, "mentor", json_null());
        json_array_append_new(items, item);
    }
    return http_json(r, 200, json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total_score",
                                       (json_int_t)total, "requests", (json_int_t)p.nreqs,
                                       "mentors", (json_int_t)p.nmen));
}
