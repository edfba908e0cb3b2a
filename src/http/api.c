/* /api/v1 conventions shared by every module's API handlers; see api.h. */
#include "core/base.h"
#include "core/val.h"
#include "http/api.h"
#include "db/db.h"

#include <ctype.h>

bool api_is_id(const char *s)
{
    if (!s || !*s || strlen(s) > 18)
        return false;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return false;
    return true;
}

int64_t api_id(const char *s)
{
    /* api_is_id allows at most 18 digits, which always fit an int64_t */
    return api_is_id(s) ? strtoll(s, NULL, 10) : 0;
}

int api_page_begin(struct req *r, struct api_page *p)
{
    const char *limit = http_query(r, "limit"), *cursor = http_query(r, "cursor");
    json_t *errors = json_object();

    p->limit = 50;
    p->after = 0;
    p->q = http_query(r, "q");
    if (p->q && !*p->q)
        p->q = NULL;
    if (limit) {
        char *end;
        long long n = strtoll(limit, &end, 10);
        if (*end || n < 1 || n > 500)
            json_object_set_new(errors, "limit", json_string("must be a number from 1 to 500"));
        else
            p->limit = n;
    }
    if (cursor && *cursor) {
        if (!api_is_id(cursor))
            json_object_set_new(errors, "cursor", json_string("is not a cursor this API gave"));
        else
            p->after = strtoll(cursor, NULL, 10);
    }
    if (json_object_size(errors)) {
        http_problem_fields(r, errors);
        return DARS_EINVALID;
    }
    json_decref(errors);
    return 0;
}

int api_page_send(struct req *r, const struct api_page *p, json_t *items, int64_t next_after)
{
    UNUSED(p);
    json_t *body = json_object();
    json_object_set_new(body, "items", items);
    if (next_after > 0)
        json_object_set_new(body, "next_cursor",
                            json_string(arena_printf(&r->arena, "%lld", (long long)next_after)));
    else
        json_object_set_new(body, "next_cursor", json_null());
    return http_json(r, 200, body);
}

/*
 * The paging rule, in one place: add() each of the first p->limit rows of a
 * started statement; a row beyond them means a next page, which starts after
 * the last id add() gave (*next_after; 0 when none). Gives the statement back.
 */
typedef void (*page_add_fn)(struct req *r, struct db_stmt *st, void *items, int64_t *id);

static int page_walk(struct req *r, const struct api_page *p, struct db_stmt *st,
                     page_add_fn add, void *items, int64_t *next_after)
{
    int64_t n = 0, last = 0;
    bool more = false;
    int rc;

    while ((rc = db_step(st)) == DB_ROW) {
        if (n++ == p->limit) {
            more = true;
            break;
        }
        add(r, st, items, &last);
    }
    db_done(st);
    *next_after = more ? last : 0;
    return rc < 0 ? rc : 0;
}

struct json_items {
    api_row_fn row;
    void *data;
    json_t *list;
};

static void add_json(struct req *r, struct db_stmt *st, void *items, int64_t *id)
{
    struct json_items *j = items;
    json_array_append_new(j->list, j->row(r, st, j->data, id));
}

int api_page_rows(struct req *r, const struct api_page *p, struct db_stmt *st, api_row_fn row,
                  void *data)
{
    struct json_items items = { row, data, json_array() };
    int64_t next_after;
    int rc = page_walk(r, p, st, add_json, &items, &next_after);

    if (rc < 0) {
        json_decref(items.list);
        return rc;
    }
    return api_page_send(r, p, items.list, next_after);
}

struct val_items {
    api_val_fn row;
    void *data;
    struct val *list;
};

static void add_val(struct req *r, struct db_stmt *st, void *items, int64_t *id)
{
    struct val_items *v = items;
    val_push(v->list, v->row(r, st, v->data, id));
}

int api_page_vals(struct req *r, const struct api_page *p, struct db_stmt *st, api_val_fn row,
                  void *data)
{
    struct val_items items = { row, data, val_list(&r->arena) };
    struct val *body;
    int64_t next_after;
    int rc = page_walk(r, p, st, add_val, &items, &next_after);

    if (rc < 0)
        return rc;
    body = val_object(&r->arena);
    val_set(body, "items", items.list);
    val_set(body, "next_cursor",
            next_after ? val_str_ref(&r->arena, arena_int(&r->arena, next_after)) : val_null());
    return http_json_val(r, 200, body);
}

int api_str(json_t *body, const char *name, json_t *errors, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_string(v)) {
        json_object_set_new(errors, name, json_string("must be a string"));
        return DARS_EINVALID;
    }
    *out = json_string_value(v);
    return 0;
}

int api_fail(struct req *r, int rc, json_t *errors)
{
    if (rc == DARS_EINVALID && errors && json_object_size(errors))
        return http_problem_fields(r, errors);
    if (rc == DARS_ECONFLICT) {
        const char *detail = "a record with this code already exists";
        json_t *code = errors ? json_object_get(errors, "code") : NULL;
        if (code && json_is_string(code))
            detail = arena_strdup(&r->arena, json_string_value(code));
        json_decref(errors);
        return http_problem(r, 409, "Conflict", detail);
    }
    json_decref(errors);
    return rc;
}

void api_field_str(json_t *body, const char *name, json_t *errors, const char **out)
{
    const char *v = NULL;
    if (!json_object_get(body, name))
        return;
    if (api_str(body, name, errors, &v) == 0)
        *out = v ? v : "";
}
