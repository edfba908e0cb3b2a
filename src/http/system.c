/*
 * Routes that belong to no domain module: health, metrics and static assets.
 * (The language switcher, POST /lang, writes the profile: it lives in accounts.)
 */
#include "core/base.h"
#include "http/static.h"
#include "core/config.h"
#include "core/embed.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "http/metrics.h"
#include "http/route.h"
#include "http/server.h"

#include <sys/stat.h>

#define MAX_ASSETS 64

static struct asset {
    const char *path; /* "css/dars.css" */
    const struct embedded_file *file;
    char etag[20];
    char url[160];
} assets[MAX_ASSETS];
static size_t nassets;

static uint32_t fnv1a(const unsigned char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ p[i]) * 16777619u;
    return h;
}

void static_init(void)
{
    nassets = 0;
    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        if (strncmp(f->name, "assets/", 7) || nassets == MAX_ASSETS)
            continue;
        struct asset *a = &assets[nassets++];
        a->path = f->name + 7;
        a->file = f;
        uint32_t h = fnv1a(f->data, f->len);
        snprintf(a->etag, sizeof(a->etag), "\"%08x\"", h);
        snprintf(a->url, sizeof(a->url), "/assets/%s?v=%08x", a->path, h);
    }
}

const char *static_url(const char *path)
{
    for (size_t i = 0; i < nassets; i++)
        if (streq(assets[i].path, path))
            return assets[i].url;
    return "/assets/missing";
}

static const char *type_of(const char *path)
{
    static const struct {
        const char *ext, *type;
    } types[] = {
        { ".css", "text/css; charset=utf-8" }, { ".js", "text/javascript; charset=utf-8" },
        { ".svg", "image/svg+xml" },           { ".png", "image/png" },
        { ".ico", "image/x-icon" },            { ".woff2", "font/woff2" },
    };
    const char *dot = strrchr(path, '.');
    for (size_t i = 0; dot && i < ARRAY_SIZE(types); i++)
        if (streq(dot, types[i].ext))
            return types[i].type;
    return "application/octet-stream";
}

/* GET /assets/:dir/:file */
static int asset_get(struct req *r)
{
    const char *path = arena_printf(&r->arena, "%s/%s", r->params[0], r->params[1]);
    struct asset *a = NULL;
    for (size_t i = 0; i < nassets; i++)
        if (streq(assets[i].path, path))
            a = &assets[i];
    if (!a)
        return http_error(r, 404, NULL);

    if (config.assets_dir && !strstr(path, "..")) {
        /* developing: the file on disk wins, never cached */
        const char *full = arena_printf(&r->arena, "%s/%s", config.assets_dir, path);
        FILE *f = fopen(full, "rb");
        if (f) {
            char chunk[8192];
            size_t n;
            buf_reset(&r->out);
            while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
                buf_add(&r->out, chunk, n);
            fclose(f);
            r->status = 200;
            r->content_type = type_of(path);
            return 0;
        }
    }
    http_add_header(r, "ETag", a->etag);
    if (http_query(r, "v"))
        http_add_header(r, "Cache-Control", "public, max-age=31536000, immutable");
    else
        http_add_header(r, "Cache-Control", "public, max-age=300");
    const char *inm = http_header(r, "If-None-Match");
    if (inm && streq(inm, a->etag)) {
        r->status = 304;
        return 0;
    }
    return http_send(r, 200, type_of(path), (const char *)a->file->data, a->file->len);
}

static int healthz(struct req *r)
{
    static const char ping_sql[] = "SELECT 1";
    int64_t one = 0;
    char *err = NULL;
    struct db *db = server_thread_db(&err);
    free(err);
    if (!db || db_query_int(db, ping_sql, DB_NOARGS, &one) < 0 || one != 1)
        return http_send(r, 503, "text/plain; charset=utf-8", "database unavailable\n", 21);
    return http_send(r, 200, "text/plain; charset=utf-8", "ok", 2);
}

static int metrics_get(struct req *r)
{
    buf_reset(&r->out);
    metrics_render(&r->out);
    r->status = 200;
    r->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 0;
}

static const struct route system_routes[] = {
    { HTTP_GET, "/healthz", healthz, ROUTE_NO_DB },
    { HTTP_GET, "/metrics", metrics_get, ROUTE_NO_DB },
    { HTTP_GET, "/assets/:dir/:file", asset_get, ROUTE_NO_DB },
};

const struct route_table http_system_routes = ROUTE_TABLE(system_routes);
