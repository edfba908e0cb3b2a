/*
 * What forms and lists share across modules: normalising and checking codes
 * and names, whole numbers, search patterns for LIKE, field errors, the page
 * argument and breadcrumbs.
 */
#include "core/base.h"
#include "view/form.h"
#include "core/val.h"
#include "core/utf8.h"
#include "http/http.h"
#include "core/i18n.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>

const char *form_code_norm(struct arena *a, const char *s)
{
    char *out = utf8_trim(a, s);
    for (char *p = out; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return out;
}

const char *form_value(struct req *r, const char *name)
{
    const char *v = http_form(r, name);
    return v && utf8_is_valid(v, strlen(v)) ? v : "";
}

const char *form_text_norm(struct arena *a, const char *s)
{
    const char *t = utf8_trim(a, s);
    if (!utf8_is_valid(t, strlen(t)))
        return NULL;
    return utf8_nfc(a, t);
}

const char *form_code_problem(const char *code)
{
    size_t n = strlen(code);
    if (n == 0)
        return N_("Enter a code");
    if (n < 2 || n > 32)
        return N_("Use 2 to 32 characters: letters A to Z, digits and hyphens");
    for (const char *p = code; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return N_("Use 2 to 32 characters: letters A to Z, digits and hyphens");
    return NULL;
}

bool form_count(const char *s, int64_t max, int64_t *out)
{
    if (!s || !*s)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    errno = 0;
    long long n = strtoll(s, NULL, 10);
    if (errno || n > max)
        return false;
    *out = n;
    return true;
}

const char *form_like(struct arena *a, const char *q)
{
    const char *f = q && *q ? utf8_fold_search(a, q) : NULL;
    if (!f || !*f)
        return "%";
    char *out = arena_alloc(a, strlen(f) * 2 + 3), *o = out;
    *o++ = '%';
    for (const char *p = f; *p; p++) {
        if (*p == '%' || *p == '_' || *p == '\\')
            *o++ = '\\';
        *o++ = *p;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

void form_error(json_t *errors, const char *field, const char *msg)
{
    if (errors && !json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(msg));
}

void form_error_move(json_t *errors, const char *from, const char *to)
{
    json_t *m = json_object_get(errors, from);
    if (m) {
        json_object_set(errors, to, m);
        json_object_del(errors, from);
    }
}

int64_t form_page_arg(struct req *r)
{
    return http_query_int(r, "page", 1, 1, 1000000);
}

void form_crumbs(struct req *r, struct val *ctx, ...)
{
    struct val *items = val_list(&r->arena);
    const char *label, *url;
    va_list ap;

    val_push(items, val_pack(&r->arena, "{s:s, s:s}", "url", "/", "label", _(r->lang, "Home")));
    va_start(ap, ctx);
    while ((label = va_arg(ap, const char *)) && (url = va_arg(ap, const char *)))
        val_push(items, val_pack(&r->arena, "{s:s, s:s}", "url", url, "label", label));
    va_end(ap);
    val_set(ctx, "crumbs", val_pack(&r->arena, "{s:o}", "items", items));
}
