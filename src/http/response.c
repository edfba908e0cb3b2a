/* Writing an answer: headers, cookies, redirects, JSON and problem+json. */
#include "core/base.h"
#include "core/val.h"
#include "http/http.h"
#include "core/config.h"
#include "http/http_int.h"
#include "core/xalloc.h"

void http_add_header(struct req *r, const char *name, const char *value)
{
    struct header *h = ARENA_NEW(&r->arena, struct header);
    h->name = name;
    h->value = arena_strdup(&r->arena, value);
    h->next = r->headers;
    r->headers = h;
}

bool http_has_answer_header(const struct req *r, const char *name)
{
    for (const struct header *h = r->headers; h; h = h->next)
        if (!strcasecmp(h->name, name))
            return true;
    return false;
}

void http_set_cookie(struct req *r, const char *name, const char *value, long max_age)
{
    bool secure = config.secure_cookies && streq(config.secure_cookies, "1");
    char age[48] = "";
    if (max_age >= 0)
        snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
    http_add_header(r, "Set-Cookie",
                    arena_printf(&r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Lax%s%s", name,
                                 value, age, secure ? "; Secure" : ""));
}

int http_send(struct req *r, int status, const char *content_type, const char *data, size_t len)
{
    r->status = status;
    r->content_type = content_type;
    buf_reset(&r->out);
    buf_add(&r->out, data, len);
    return 0;
}

int http_send_stream(struct req *r, int status, const char *content_type, uint64_t len,
                     http_stream_read read, void (*done)(void *ctx), void *ctx)
{
    http_stream_drop(r);
    /* malloc'd, not from the arena: libmicrohttpd frees it after the request is gone */
    struct http_stream *s = xmalloc(sizeof(*s));
    *s = (struct http_stream){ .read = read, .done = done, .ctx = ctx, .len = len };
    r->stream = s;
    r->status = status;
    r->content_type = content_type;
    buf_reset(&r->out);
    return 0;
}

void http_stream_drop(struct req *r)
{
    if (!r->stream)
        return;
    r->stream->done(r->stream->ctx);
    free(r->stream);
    r->stream = NULL;
}

bool http_is_local_path(const char *url)
{
    if (!url || url[0] != '/' || url[1] == '/')
        return false;
    for (const unsigned char *p = (const unsigned char *)url; *p; p++)
        if (*p <= ' ' || *p == 0x7f || *p == '\\')
            return false;
    return true;
}

const char *http_local_path(const char *url)
{
    return http_is_local_path(url) ? url : "/";
}

int http_redirect(struct req *r, const char *url)
{
    /* only local paths: an open redirect would help phishing */
    r->status = 303;
    http_add_header(r, "Location", http_local_path(url));
    buf_reset(&r->out);
    r->content_type = "text/plain; charset=utf-8";
    return 0;
}

/* jansson writes its text in pieces; each goes straight into the answer, never a copy. */
static int json_to_buf(const char *s, size_t len, void *data)
{
    buf_add(data, s, len);
    return 0;
}

int http_json(struct req *r, int status, json_t *v)
{
    int rc;

    buf_reset(&r->out);
    rc = json_dump_callback(v, json_to_buf, &r->out, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(v);
    if (rc) {
        buf_reset(&r->out);
        return DARS_ERR;
    }
    r->status = status;
    r->content_type = "application/json";
    return 0;
}

int http_json_val(struct req *r, int status, const struct val *v)
{
    buf_reset(&r->out);
    val_write_json(&r->out, v);
    r->status = status;
    r->content_type = "application/json";
    return 0;
}

static int problem(struct req *r, int status, const char *title, const char *detail,
                   json_t *errors)
{
    json_t *p = json_pack("{s:s, s:s, s:i, s:s}", "type", "about:blank", "title", title,
                          "status", status, "detail", detail ? detail : title);
    if (errors)
        json_object_set_new(p, "errors", errors);
    r->status = status;
    r->content_type = "application/problem+json";
    buf_reset(&r->out);
    if (json_dump_callback(p, json_to_buf, &r->out, JSON_COMPACT)) {
        buf_reset(&r->out);
        buf_adds(&r->out, "{}");
    }
    json_decref(p);
    return 0;
}

int http_problem(struct req *r, int status, const char *title, const char *detail)
{
    return problem(r, status, title, detail, NULL);
}

int http_problem_fields(struct req *r, json_t *errors)
{
    const char *key;
    json_t *v;
    struct buf names = BUF_INIT;
    json_object_foreach(errors, key, v) {
        if (names.len)
            buf_adds(&names, ", ");
        buf_adds(&names, key);
    }
    const char *detail = arena_printf(&r->arena, "invalid fields: %s", names.ptr);
    buf_release(&names);
    return problem(r, 422, "Invalid fields", detail, errors);
}

void http_finish_headers(struct req *r)
{
    /* no inline script anywhere, so CSP can forbid it (DESIGN.md section 10) */
    http_add_header(r, "Content-Security-Policy",
                    "default-src 'self'; script-src 'self'; style-src 'self'; "
                    "img-src 'self' data:; form-action 'self'; base-uri 'none'; "
                    "frame-ancestors 'none'");
    http_add_header(r, "X-Content-Type-Options", "nosniff");
    http_add_header(r, "Referrer-Policy", "same-origin");
    http_add_header(r, "X-Frame-Options", "DENY");
    if (!http_has_answer_header(r, "Cache-Control"))
        http_add_header(r, "Cache-Control", "no-store");
    /* pages differ by who asks and in what language, and text may come gzipped */
    if (r->is_api || (r->content_type && strstr(r->content_type, "text/html")))
        http_add_header(r, "Vary", "Cookie, Authorization, Accept-Language, Accept-Encoding");
    else if (r->content_type && (!strncmp(r->content_type, "text/", 5) ||
                                 !strncmp(r->content_type, "application/", 12)))
        http_add_header(r, "Vary", "Accept-Encoding");
}
