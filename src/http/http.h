/*
 * A request as handlers see it, and the helpers to answer one. Everything a
 * request allocates comes from r->arena, freed once the response is queued.
 *
 * A handler is `int fn(struct req *r)`: it reads r (path params, form, JSON
 * body, the signed-in user), does its one job, writes the response with one
 * of the helpers below and returns 0; or returns a negative DARS_E* code and
 * the server answers with the matching error page or problem+json.
 */
#ifndef DARS_HTTP_HTTP_H
#define DARS_HTTP_HTTP_H

#include "core/arena.h"
#include "core/buf.h"

#include <jansson.h>
#include <stdint.h>

struct MHD_Connection;
struct db;
struct route;

enum http_method { HTTP_GET = 1, HTTP_HEAD, HTTP_POST, HTTP_PUT, HTTP_PATCH, HTTP_DELETE };

/* One form field; file uploads carry a filename and binary data. */
struct form_field {
    const char *name;
    char *value; /* NUL-terminated; len excludes the NUL */
    size_t len;
    const char *filename; /* NULL for plain fields */
    struct form_field *next;
};

struct header {
    const char *name, *value;
    struct header *next;
};

/* Who is asking. Filled by the middleware before the handler runs. */
struct user_ctx {
    int64_t id;
    const char *email, *full_name, *language;
    bool is_admin;
    bool is_manager;    /* manager of at least one centre or region */
    bool is_instructor;
    /* centres a manager may see and change, ascending (admin: unused, sees all) */
    int64_t *scope_centres;
    size_t nscope_centres;
    /* regions a manager manages as a whole (manager@REGION; admin: unused) */
    int64_t *scope_regions;
    size_t nscope_regions;
    bool is_analyst; /* analyst, global or of a region or centre: reads, changes nothing */
    bool reads_all;  /* admin or global analyst: the reports of every centre */
    /* centres whose reports a manager or a scoped analyst may read, ascending (reads_all:
     * unused) */
    int64_t *read_centres;
    size_t nread_centres;
    /* regions whose figures a manager or an analyst reads as a whole (role@REGION) */
    int64_t *read_regions;
    size_t nread_regions;
};

struct req {
    struct arena arena;
    struct MHD_Connection *conn;
    enum http_method method;
    const char *method_str;
    const char *path;      /* decoded path, no query string */
    const char *log_path;  /* path as logs may show it: a secret segment masked (ROUTE_SECRET) */
    const char *params[4]; /* captures of the route pattern's :names, in order */
    const struct route *route;
    int route_index;
    const char *ip;

    struct form_field *form; /* urlencoded or multipart fields */
    struct form_field *form_tail; /* the last field, the one still being filled */
    struct buf field_value;  /* form_tail's value while its chunks arrive */
    size_t nfields;
    struct buf body;         /* raw body of non-form requests (JSON) */
    size_t body_limit, body_bytes;
    bool body_malformed, too_many_fields;
    void *post_processor;

    struct db *db;
    bool is_api;
    struct user_ctx *user;   /* NULL when nobody is signed in */
    const char *session_id;  /* cookie value (anonymous ones too); never logged */
    const char *session_key; /* its hash, the sessions table key; NULL if anonymous */
    const char *csrf;        /* the CSRF token forms must carry */
    const char *lang;        /* the language to answer in */

    /* response */
    int status;
    struct buf out;
    const char *content_type;
    struct header *headers;
    struct http_stream *stream; /* a body made after the handler returns, or NULL */
    size_t out_len; /* bytes sent, for the access log */
    uint64_t sql_count; /* statements run (session lookup included), for the access log */
    uint64_t started_ns;
    uint64_t allocs_start; /* allocs_now() when the request began (sanitizer builds) */
};

/* Whether the signed-in user may manage a centre: an admin, or a manager whose scope holds it. */
bool http_user_manages_centre(const struct req *r, int64_t centre_id);

/* Query-string argument, or NULL. */
const char *http_query(struct req *r, const char *name);
/* Request header, or NULL. */
const char *http_header(struct req *r, const char *name);
/* Cookie value, or NULL. */
const char *http_cookie(struct req *r, const char *name);
/* Form field value (trimmed of surrounding white space), or NULL when absent. */
const char *http_form(struct req *r, const char *name);
const struct form_field *http_form_field(struct req *r, const char *name);
/* Integer query argument with a default, clamped to [min, max]. */
int64_t http_query_int(struct req *r, const char *name, int64_t def, int64_t min, int64_t max);

void http_add_header(struct req *r, const char *name, const char *value);
/* Set-Cookie with HttpOnly, SameSite=Lax, Path=/ (and Secure when configured);
 * max_age < 0 is a session cookie, 0 deletes it. */
void http_set_cookie(struct req *r, const char *name, const char *value, long max_age);

/*
 * Whether url is a path on this site that is safe to redirect to: it starts
 * with one '/', and has no "//" at its start, no backslash, no control
 * character or space (browsers drop tabs and newlines, so "/\t/evil.example"
 * would become "//evil.example"). The one check for every `next` parameter.
 */
bool http_is_local_path(const char *url);
/* url when http_is_local_path(url), else "/". */
const char *http_local_path(const char *url);
/* 303 See Other to url, a local path; anything else goes to "/". */
int http_redirect(struct req *r, const char *url);
/* A body of the given type and status. */
int http_send(struct req *r, int status, const char *content_type, const char *data, size_t len);
/*
 * A body too large to hold, made piece by piece after the handler returns, on
 * the server's thread, as the client reads it. read fills up to max bytes of
 * buf and returns how many, 0 at the end, or < 0 to cut the answer off (the
 * connection is closed). db is that thread's connection: read runs its own
 * statements and must finish them before it returns. ctx is read's alone and
 * must not point into r's arena (gone by then); done(ctx) is called exactly
 * once, when the body ends, the client leaves, or the answer is dropped.
 * len is the body's exact size (Content-Length and the access log).
 */
typedef long (*http_stream_read)(void *ctx, struct db *db, char *buf, size_t max);
int http_send_stream(struct req *r, int status, const char *content_type, uint64_t len,
                     http_stream_read read, void (*done)(void *ctx), void *ctx);
/* JSON answer; takes the reference to v. */
/* The same for values from the arena (core/val.h): no tree of mallocs to build and free. */
struct val;
int http_json_val(struct req *r, int status, const struct val *v);
int http_json(struct req *r, int status, json_t *v);
/* application/problem+json (RFC 9457). field/field_msg add an "errors" entry when not NULL. */
int http_problem(struct req *r, int status, const char *title, const char *detail);
/* 422 problem whose "errors" object maps each field name to its message; takes errors. */
int http_problem_fields(struct req *r, json_t *errors);

/*
 * The one helper for error answers (STYLE.md rule 12): an HTML error page in
 * the reader's language, or problem+json on the API. Rolls back an open
 * transaction and drops headers set so far. detail may be NULL. Returns 0.
 */
int http_error(struct req *r, int status, const char *detail);

/* The JSON request body, parsed and owned by the arena (do not decref); NULL and a 400
 * problem already sent when it is not JSON. */
json_t *http_json_body(struct req *r);

/*
 * The site's address for links that leave the page (e-mails, calendar
 * feeds): config public_url when set (trailing '/' dropped), else the
 * scheme and the Host header when it is a plain host name or address, else
 * "http://localhost". Set public_url in production: a Host header is the
 * client's to choose.
 */
const char *http_site_url(struct req *r);
/* The host part of http_site_url() without scheme and port ("dars.gov.example"). */
const char *http_site_host(struct req *r);

/* The client's IP as text: the peer, or what a trusted proxy says (config trusted_proxies). */
const char *http_client_ip(struct req *r);
/* The address of the TCP peer itself. */
const char *http_peer_ip(struct req *r);

#endif
