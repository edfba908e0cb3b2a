/*
 * Route matching over the modules' static tables. Linear in the number of
 * routes, which is a few dozen: cheaper than any index at this size.
 */
#include "core/base.h"
#include "http/route.h"

size_t route_count(void)
{
    size_t n = 0;
    for (const struct route_table *const *t = route_tables; *t; t++)
        n += (*t)->n;
    return n;
}

const struct route *route_at(size_t i)
{
    for (const struct route_table *const *t = route_tables; *t; t++) {
        if (i < (*t)->n)
            return &(*t)->routes[i];
        i -= (*t)->n;
    }
    return NULL;
}

/* Match pattern against path segment by segment, capturing ":name" segments. */
static bool match(struct req *r, const char *pat, const char *path, const char **caps,
                  size_t *ncaps)
{
    *ncaps = 0;
    while (*pat && *path) {
        if (*pat != '/' || *path != '/')
            return false;
        pat++;
        path++;
        const char *pe = strchrnul(pat, '/');
        const char *se = strchrnul(path, '/');
        if (*pat == ':') {
            /* ":code.xlsx": the segment must end in ".xlsx", and the part before it is captured */
            const char *dot = memchr(pat, '.', (size_t)(pe - pat));
            size_t suffix = dot ? (size_t)(pe - dot) : 0;
            if (se - path <= (ptrdiff_t)suffix || *ncaps >= 4 ||
                (suffix && memcmp(se - suffix, dot, suffix)))
                return false;
            caps[(*ncaps)++] = arena_strndup(&r->arena, path, (size_t)(se - path) - suffix);
        } else if (pe - pat != se - path || memcmp(pat, path, (size_t)(pe - pat))) {
            return false;
        }
        pat = pe;
        path = se;
    }
    return !*pat && !*path;
}

int route_match(struct req *r, enum http_method method, const char *path)
{
    int index = 0, found_other = 0;
    const char *caps[4];
    size_t ncaps;

    if (method == HTTP_HEAD)
        method = HTTP_GET;
    for (const struct route_table *const *t = route_tables; *t; t++) {
        for (size_t i = 0; i < (*t)->n; i++, index++) {
            const struct route *rt = &(*t)->routes[i];
            if (!match(r, rt->pattern, path, caps, &ncaps))
                continue;
            if (rt->method != method) {
                found_other = 1;
                continue;
            }
            for (size_t c = 0; c < ncaps; c++)
                r->params[c] = caps[c];
            r->route = rt;
            return index;
        }
    }
    return found_other ? -2 : -1;
}
