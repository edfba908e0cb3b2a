/*
 * /api/v1/events: the published events for token holders, creation and
 * changes for managers (their centres) and admins, and registration, which
 * anyone may make without a token (DESIGN.md section 6).
 */
#include "core/base.h"
#include "events/events_int.h"
#include "http/api.h"
#include "db/db.h"
#include "http/limits.h"
#include "core/i18n.h"

static json_t *api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct ev_event ev;
    UNUSED(data);
    ev_row(&r->arena, st, &ev);
    *id = ev.id;
    return ev_json(r, &ev);
}

/* GET /api/v1/events */
int events_api_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, ev_api_after_sql,
                       DB_ARGS(DB_INT(p.after), DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, api_row, NULL);
}

/* GET /api/v1/events/:id: published ones, and drafts for those who manage them */
int events_api_get(struct req *r)
{
    struct ev_event ev;
    int rc = ev_get(r->db, &r->arena, r->params[0], &ev);
    if (rc < 0)
        return rc;
    if (streq(ev.status, "draft") && !ev_can_manage(r, &ev))
        return DARS_ENOTFOUND;
    return http_json(r, 200, ev_json(r, &ev));
}

/* A JSON integer or null member as text for ev_input ("" for null). */
static void field_capacity(json_t *body, json_t *errors, const char **out, struct arena *a)
{
    json_t *v = json_object_get(body, "capacity");
    if (!v)
        return;
    if (json_is_null(v))
        *out = "";
    else if (json_is_integer(v))
        *out = arena_printf(a, "%lld", (long long)json_integer_value(v));
    else
        json_object_set_new(errors, "capacity", json_string("must be a whole number or null"));
}

static int api_write(struct req *r, const struct ev_event *old, json_t *body)
{
    json_t *errors = json_object();
    struct ev_input f = { 0 };
    struct ev_event ev;
    int64_t id = 0;
    int rc;

    if (old)
        f = (struct ev_input){ old->title, old->summary, old->kind, NULL, NULL,
                               old->centre_id ? NULL : old->timezone, old->centre_code,
                               old->online_url,
                               old->capacity ? arena_printf(&r->arena, "%lld",
                                                            (long long)old->capacity)
                                             : "",
                               old->status };
    const char *starts = old ? old->starts_at : NULL, *ends = old ? old->ends_at : NULL;
    api_field_str(body, "title", errors, &f.title);
    api_field_str(body, "summary", errors, &f.summary);
    api_field_str(body, "kind", errors, &f.kind);
    api_field_str(body, "starts_at", errors, &starts);
    api_field_str(body, "ends_at", errors, &ends);
    api_field_str(body, "timezone", errors, &f.timezone);
    api_field_str(body, "centre", errors, &f.centre);
    api_field_str(body, "online_url", errors, &f.online_url);
    api_field_str(body, "status", errors, &f.status);
    field_capacity(body, errors, &f.capacity, &r->arena);
    f.starts_at = starts;
    f.ends_at = ends;
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, ev_write(r, old, &f, errors, &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = ev_get_id(r->db, &r->arena, id, &ev)) < 0)
        return rc;
    return http_json(r, old ? 200 : 201, ev_json(r, &ev));
}

/* POST /api/v1/events */
int events_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/events/:id */
int events_api_patch(struct req *r)
{
    struct ev_event ev;
    json_t *body = http_json_body(r);
    int rc;

    if (!body)
        return 0;
    if ((rc = ev_get_managed(r, &ev)) < 0)
        return rc;
    return api_write(r, &ev, body);
}

/* POST /api/v1/events/:id/registrations: anyone, no token needed */
int events_api_register(struct req *r)
{
    struct ev_event ev;
    struct ev_reg_input f = { 0 };
    struct ev_reg_result res = { 0 };
    json_t *body = http_json_body(r), *errors;
    int rc;

    if (!body)
        return 0;
    if ((rc = ev_get(r->db, &r->arena, r->params[0], &ev)) < 0)
        return rc;
    if (streq(ev.status, "draft"))
        return DARS_ENOTFOUND;
    errors = json_object();
    api_field_str(body, "name", errors, &f.name);
    api_field_str(body, "email", errors, &f.email);
    api_field_str(body, "organisation", errors, &f.organisation);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = ev_register(r, &ev, &f, errors, &res);
    if (rc == DARS_ETHROTTLED) {
        json_decref(errors);
        return http_too_many(r, res.retry_after, NULL);
    }
    if (rc == DARS_ECONFLICT) {
        json_decref(errors);
        return http_problem(r, 409, "Registration is closed",
                            "this event is not taking registrations");
    }
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return http_json(r, 201, json_pack("{s:I, s:s, s:s, s:s}", "event", (json_int_t)ev.id,
                                       "status", res.status, "cancel_url",
                                       arena_printf(&r->arena, "/events/%lld/registrations/%s",
                                                    (long long)ev.id, res.token),
                                       "email", f.email ? f.email : ""));
}
