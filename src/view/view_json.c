/*
 * TEMPORARY: the jansson page path while modules move to template values
 * (issue 15). Each function converts its json_t context with val_from_json
 * and calls the new one. Deleted when the last caller is gone.
 */
#include "core/base.h"
#include "view/view_json.h"
#include "view/form.h"
#include "http/http.h"
#include "core/i18n.h"

#include <stdarg.h>

static struct val *conv(struct req *r, json_t *ctx)
{
    struct val *v = ctx ? val_from_json(&r->arena, ctx) : val_object(&r->arena);
    json_decref(ctx);
    return v;
}

int view_page_j(struct req *r, const char *name, json_t *ctx)
{
    return view_page(r, name, conv(r, ctx));
}

int view_page_status_j(struct req *r, int status, const char *name, json_t *ctx)
{
    return view_page_status(r, status, name, conv(r, ctx));
}

int view_part_j(struct req *r, const char *name, json_t *ctx, const char **html)
{
    return view_part(r, name, conv(r, ctx), html);
}

/* These add to a json ctx: built as values, then copied back as JSON. */
static json_t *to_json(const struct val *v)
{
    json_t *o;
    switch (v ? v->kind : VAL_NULL) {
    case VAL_OBJECT:
        o = json_object();
        for (struct val_field *f = v->u.obj.first; f; f = f->next)
            json_object_set_new(o, f->key, to_json(f->v));
        return o;
    case VAL_LIST:
        o = json_array();
        for (size_t i = 0; i < v->u.list.len; i++)
            json_array_append_new(o, to_json(v->u.list.items[i]));
        return o;
    case VAL_STR: return json_stringn(v->u.str.s, v->u.str.len);
    case VAL_INT: return json_integer(v->u.i);
    case VAL_REAL: return json_real(v->u.d);
    case VAL_TRUE: return json_true();
    case VAL_FALSE: return json_false();
    default: return json_null();
    }
}

static void merge(json_t *ctx, const struct val *v)
{
    for (struct val_field *f = v->u.obj.first; f; f = f->next)
        json_object_set_new(ctx, f->key, to_json(f->v));
}

void view_pager_j(struct req *r, json_t *ctx, int64_t page, int64_t per_page, int64_t total)
{
    struct val *v = val_object(&r->arena);
    view_pager(r, v, page, per_page, total);
    merge(ctx, v);
}

void view_pager_more_j(struct req *r, json_t *ctx, int64_t page, bool more)
{
    struct val *v = val_object(&r->arena);
    view_pager_more(r, v, page, more);
    merge(ctx, v);
}

void view_form_errors_j(struct req *r, json_t *ctx, json_t *errors)
{
    struct val *v = val_object(&r->arena);
    view_form_errors(r, v, errors);
    merge(ctx, v);
}

void form_crumbs_j(struct req *r, json_t *ctx, ...)
{
    json_t *items = json_array();
    const char *label, *url;
    va_list ap;

    json_array_append_new(items, json_pack("{s:s, s:s}", "url", "/", "label", _(r->lang, "Home")));
    va_start(ap, ctx);
    while ((label = va_arg(ap, const char *)) && (url = va_arg(ap, const char *)))
        json_array_append_new(items, json_pack("{s:s, s:s}", "url", url, "label", label));
    va_end(ap);
    json_object_set_new(ctx, "crumbs", json_pack("{s:o}", "items", items));
}
