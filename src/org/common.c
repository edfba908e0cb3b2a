/*
 * What the org module's pages and API share: normalising and checking codes,
 * names and time zones, search patterns, breadcrumbs and the API's answers to
 * a failed write.
 */
#include "core/base.h"
#include "org/org_int.h"
#include "api/api.h"
#include "core/utf8.h"
#include "view/i18n.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZONEINFO "/usr/share/zoneinfo/"

const char *org_code_norm(struct arena *a, const char *s)
{
    char *out = utf8_trim(a, s);
    for (char *p = out; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    return out;
}

const char *org_text_norm(struct arena *a, const char *s)
{
    const char *t = utf8_trim(a, s);
    if (!utf8_is_valid(t, strlen(t)))
        return NULL;
    return utf8_nfc(a, t);
}

const char *org_code_problem(const char *code)
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

bool org_timezone_ok(const char *tz)
{
    char path[128], magic[4];
    struct stat st;
    size_t n = tz ? strlen(tz) : 0;

    if (streq(tz, "UTC"))
        return true;
    /* a name, never a path: no leading '/', no '..', nothing but the zone alphabet */
    if (n == 0 || n > 64 || tz[0] == '/' || tz[0] == '.' || strstr(tz, ".."))
        return false;
    for (const char *p = tz; *p; p++)
        if (!isalnum((unsigned char)*p) && !strchr("/_+-", *p))
            return false;
    snprintf(path, sizeof(path), ZONEINFO "%s", tz);
    if (stat(path, &st) < 0 || !S_ISREG(st.st_mode))
        return false;
    /* the folder also holds tables (zone.tab, leapseconds): a zone is a TZif file */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    ssize_t got = read(fd, magic, sizeof(magic));
    close(fd);
    return got == 4 && !memcmp(magic, "TZif", 4);
}

const char *org_like(struct arena *a, const char *q)
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

void org_error(json_t *errors, const char *field, const char *msg)
{
    if (errors && !json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(msg));
}

const char *org_local_name(const char *lang, const char *name, const char *ru, const char *az,
                           const char *uz)
{
    const char *local = streq(lang, "ru") ? ru : streq(lang, "az") ? az : streq(lang, "uz") ? uz
                                                                                          : NULL;
    return local && *local ? local : name;
}

void org_after(json_t *changes, const char *field, const char *value)
{
    if (value && *value)
        json_object_set_new(changes, field, json_pack("{s:s}", "after", value));
}

int64_t org_page_arg(struct req *r)
{
    return http_query_int(r, "page", 1, 1, 1000000);
}

void org_crumbs(struct req *r, json_t *ctx, ...)
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

int org_api_fail(struct req *r, int rc, json_t *errors)
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

void org_api_str(json_t *body, const char *name, json_t *errors, const char **out)
{
    const char *v = NULL;
    if (!json_object_get(body, name))
        return;
    if (api_str(body, name, errors, &v) == 0)
        *out = v ? v : "";
}
