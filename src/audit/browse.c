/*
 * Reading the audit log: /admin/audit for people (newest first, filters,
 * pages with a total) and /api/v1/audit for programs (keyset on id,
 * descending). Admins only; the route table says so.
 */
#include "core/base.h"
#include "audit/audit.h"
#include "audit/audit_int.h"
#include "http/api.h"
#include "core/utf8.h"
#include "db/db.h"
#include "core/i18n.h"
#include "view/form.h"
#include "view/view.h"

#include <ctype.h>

#define PAGE_SIZE 50

/* What the list is narrowed to; "" for any. */
struct audit_filter {
    const char *action, *object_type, *actor, *from, *to;
    const char *from_bound, *to_bound; /* as compared with created_at */
};

/* The filter's values, bound twice each, as AUDIT_FILTER wants them. */
#define FILTER_ARGS(f)                                                                      \
    DB_TEXT((f)->action), DB_TEXT((f)->action), DB_TEXT((f)->object_type),                  \
        DB_TEXT((f)->object_type), DB_TEXT((f)->actor), DB_TEXT((f)->actor),                \
        DB_TEXT((f)->from_bound), DB_TEXT((f)->from_bound), DB_TEXT((f)->to_bound),         \
        DB_TEXT((f)->to_bound)

static const char *arg(struct req *r, const char *name)
{
    const char *v = http_query(r, name), *e;
    if (!v)
        return "";
    while (isspace((unsigned char)*v))
        v++;
    for (e = v + strlen(v); e > v && isspace((unsigned char)e[-1]); e--)
        ;
    /* bytes that are not text would only upset PostgreSQL: such a filter matches nothing */
    if (!utf8_is_valid(v, (size_t)(e - v)))
        return "\x01";
    return arena_strndup(&r->arena, v, (size_t)(e - v));
}

static bool is_date(const char *s)
{
    if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
            return false;
    int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
    return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/* Read the query's filters; a date that is not YYYY-MM-DD is an error in errors. */
static void filter_read(struct req *r, struct audit_filter *f, json_t *errors)
{
    f->action = arg(r, "action");
    f->object_type = arg(r, "object_type");
    f->from = arg(r, "from");
    f->to = arg(r, "to");
    /* e-mails compare in lower case, as SQL's LOWER() does on both engines */
    char *actor = arena_strdup(&r->arena, arg(r, "actor"));
    for (char *p = actor; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    f->actor = actor;
    f->from_bound = f->to_bound = "";
    if (*f->from && !is_date(f->from))
        json_object_set_new(errors, "from", json_string(N_("Enter a date as YYYY-MM-DD")));
    else if (*f->from)
        f->from_bound = f->from;
    if (*f->to && !is_date(f->to))
        json_object_set_new(errors, "to", json_string(N_("Enter a date as YYYY-MM-DD")));
    else if (*f->to)
        f->to_bound = arena_printf(&r->arena, "%sT23:59:59Z", f->to);
}

/* A change's value as text: strings as they are, anything else as JSON. */
static const char *value_text(struct req *r, json_t *v)
{
    if (!v || json_is_null(v))
        return "";
    if (json_is_string(v))
        return arena_strdup(&r->arena, json_string_value(v));
    char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    const char *out = arena_strdup(&r->arena, s ? s : "");
    free(s);
    return out;
}

/* The stored changes text as a list for the template: field, before -> after. */
static struct val *changes_list(struct req *r, const char *text)
{
    struct val *list = val_list(&r->arena);
    json_t *changes = json_loads(text, 0, NULL), *v;
    const char *field;

    if (!json_is_object(changes))
        goto out;
    json_object_foreach(changes, field, v) {
        json_t *before = json_is_object(v) ? json_object_get(v, "before") : NULL;
        json_t *after = json_is_object(v) ? json_object_get(v, "after") : NULL;
        /* the key dies with changes below: it lives on in the arena */
        struct val *item = val_pack(&r->arena, "{s:s}", "field", field);
        if (before || after) {
            const char *b = value_text(r, before), *a = value_text(r, after);
            val_set_bool(item, "has_before", before != NULL);
            val_set(item, "before", val_str_ref(&r->arena, b));
            val_set_bool(item, "before_empty", !*b);
            val_set(item, "after", val_str_ref(&r->arena, a));
            val_set_bool(item, "after_empty", !*a);
        } else {
            val_set_bool(item, "plain", true);
            val_set(item, "value", val_str_ref(&r->arena, value_text(r, v)));
        }
        val_push(list, item);
    }
out:
    json_decref(changes);
    return list;
}

/* GET /admin/audit */
int audit_list_page(struct req *r)
{
    struct audit_filter f;
    json_t *errors = json_object();
    struct val *items = val_list(&r->arena), *ctx;
    int64_t page = http_query_int(r, "page", 1, 1, 1000000), total = 0;
    struct db_stmt *st;
    int rc = 0;

    filter_read(r, &f, errors);
    if (json_object_size(errors) == 0) {
        if ((rc = db_query_int(r->db, audit_count_sql, DB_ARGS(FILTER_ARGS(&f)), &total)) < 0)
            goto out;
        if ((rc = db_query(r->db, &st, audit_page_sql,
                           DB_ARGS(FILTER_ARGS(&f), DB_INT(PAGE_SIZE),
                                   DB_INT((page - 1) * PAGE_SIZE)))) < 0)
            goto out;
        while ((rc = db_step(st)) == DB_ROW) {
            const char *type = db_col_text(st, 4), *id = db_col_text(st, 5);
            const char *when = db_col_text(st, 1);
            struct val *changes = changes_list(r, db_col_text(st, 6));
            val_push(items,
                     val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:o}", "id",
                              (json_int_t)db_col_int(st, 0), "time", view_datetime(r, when),
                              "iso", when, "actor", db_col_text(st, 2), "action",
                              db_col_text(st, 3), "object",
                              *id ? arena_printf(&r->arena, "%s %s", type, id) : type, "ip",
                              db_col_text(st, 7), "has_changes", val_len(changes) > 0,
                              "changes", changes));
        }
        db_done(st);
        if (rc < 0)
            goto out;
    }
    ctx = val_pack(&r->arena, "{s:s, s:{s:s, s:s, s:s, s:s, s:s}, s:o, s:b, s:b}", "title",
                   _(r->lang, "Audit log"), "f", "action", f.action, "object_type",
                   f.object_type, "actor", arg(r, "actor"), "from", f.from, "to", f.to, "items",
                   items, "has_items", val_len(items) > 0, "filtered",
                   *f.action || *f.object_type || *f.actor || *f.from || *f.to);
    form_crumbs(r, ctx, NULL);
    view_form_errors(r, ctx, errors);
    if (json_object_size(errors) == 0) {
        view_pager(r, ctx, page, PAGE_SIZE, total);
    }
    rc = view_page_status(r, json_object_size(errors) ? 422 : 200, "audit_list", ctx);
out:
    json_decref(errors);
    return rc;
}

static json_t *audit_api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    json_t *changes = json_loads(db_col_text(st, 6), 0, NULL);
    UNUSED(r), UNUSED(data);
    if (!json_is_object(changes)) {
        json_decref(changes);
        changes = json_object();
    }
    *id = db_col_int(st, 0);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)*id, "time",
                     db_col_text(st, 1), "actor", db_col_text(st, 2), "action", db_col_text(st, 3),
                     "object_type", db_col_text(st, 4), "object_id", db_col_text(st, 5),
                     "changes", changes, "ip", db_col_text(st, 7));
}

/* GET /api/v1/audit */
int audit_api_list(struct req *r)
{
    struct audit_filter f;
    struct api_page p;
    struct db_stmt *st;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    json_t *errors = json_object();
    filter_read(r, &f, errors);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if ((rc = db_query(r->db, &st, audit_before_sql,
                       DB_ARGS(FILTER_ARGS(&f), DB_INT(p.after), DB_INT(p.after),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, audit_api_row, NULL);
}
