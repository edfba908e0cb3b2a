/*
 * The route table. Each module declares its routes in its routes.c as a
 * static table, and src/http/routes.c lists the modules' tables. Before a
 * handler runs, the server checks what the row declares: who may call it
 * (ROUTE_* access) and, for HTML forms, the CSRF token.
 *
 * To add a route: a row in your module's table, e.g.
 *   { HTTP_GET, "/admin/centres/:code", centre_show_page, ROUTE_MANAGER },
 * Patterns match whole path segments; ":name" captures one segment into
 * r->params[i] in order, and ":name.ext" one ending in ".ext", without it. Rows
 * are tried in order; put literals before captures, and ":name.ext" before ":name".
 */
#ifndef DARS_HTTP_ROUTE_H
#define DARS_HTTP_ROUTE_H

#include "http/http.h"

enum route_flags {
    ROUTE_PUBLIC = 0,       /* anyone */
    ROUTE_USER = 1 << 0,    /* signed in: pages redirect to /login, API answers 401 */
    ROUTE_MANAGER = 1 << 1, /* admin or manager (scope is the handler's to check) */
    ROUTE_ADMIN = 1 << 2,   /* admin only */
    ROUTE_API = 1 << 3,     /* JSON API: Bearer token, problem+json, no CSRF */
    ROUTE_NO_CSRF = 1 << 4, /* a public form that needs no token (none yet) */
    ROUTE_NO_DB = 1 << 5,   /* static assets, healthz: no session lookup */
    ROUTE_UPLOAD = 1 << 6,  /* allows a large (multipart) body: [limits] upload_bytes */
    ROUTE_SECRET = 1 << 7,  /* the path's last segment is a secret (a token): logs mask it */
};

typedef int (*route_fn)(struct req *r);

struct route {
    enum http_method method;
    const char *pattern;
    route_fn fn;
    unsigned flags;
};

struct route_table {
    const struct route *routes;
    size_t n;
};

#define ROUTE_TABLE(arr) { (arr), ARRAY_SIZE(arr) }

/* Every module's table, in order (src/http/routes.c). */
extern const struct route_table *const route_tables[];

/* Total number of routes, and the i-th (for /metrics labels). */
size_t route_count(void);
const struct route *route_at(size_t i);

/*
 * Find the row for method and path; fills r->params. Returns the row's global
 * index, -1 when nothing matches (404) or -2 when the path matches but not
 * the method (405).
 */
int route_match(struct req *r, enum http_method method, const char *path);

#endif
