/*
 * The middleware, in order: route, database, who is asking (session cookie or
 * Bearer token), language, access declared by the route, CSRF for forms, then
 * the handler. Failures become one error answer: an HTML page for people,
 * problem+json for the API. Each failure is counted by /metrics through the
 * status it sets. Who is asking and the HTML error page come from above
 * through http/hooks.h, which this file keeps.
 */
#include "core/base.h"
#include "http/http_int.h"
#include "core/err.h"
#include "core/log.h"
#include "db/db.h"
#include "http/hooks.h"
#include "http/metrics.h"
#include "http/route.h"
#include "http/server.h"
#include "core/i18n.h"
#include "core/url.h"

#include <sodium.h>

/* set once at start-up (modules.c), read-only while serving; see http/hooks.h */
static int (*authenticate)(struct req *r);
static int (*error_page)(struct req *r, int status, const char *title, const char *detail);

void http_set_authenticate(int (*fn)(struct req *r))
{
    authenticate = fn;
}

void http_set_error_page(int (*fn)(struct req *r, int status, const char *title,
                                   const char *detail))
{
    error_page = fn;
}

static void (*background_wake)(void);

void http_set_background_wake(void (*fn)(void))
{
    background_wake = fn;
}

bool http_background_wake(void)
{
    if (!background_wake)
        return false;
    background_wake();
    return true;
}

/* Who is asking, through the hook; without it nobody is signed in. */
static int who_is_asking(struct req *r)
{
    return authenticate ? authenticate(r) : 0;
}

static const char *status_title(int status)
{
    switch (status) {
    case 400: return N_("Bad request");
    case 401: return N_("Sign in required");
    case 403: return N_("You do not have access to this page");
    case 404: return N_("Page not found");
    case 405: return N_("Method not allowed");
    case 409: return N_("Conflict");
    case 413: return N_("The upload is too large");
    case 422: return N_("Invalid input");
    case 429: return N_("Too many attempts");
    case 503: return N_("Service unavailable");
    default: return N_("Something went wrong");
    }
}

int http_error(struct req *r, int status, const char *detail)
{
    if (r->db && db_in_tx(r->db))
        db_tx_rollback(r->db);
    r->headers = NULL;
    http_stream_drop(r);
    if (r->is_api) {
        if (status == 401)
            http_add_header(r, "WWW-Authenticate", "Bearer");
        return http_problem(r, status, status_title(status), detail);
    }
    const char *title = _(r->lang, status_title(status));
    if (error_page)
        return error_page(r, status, title, detail);
    /* the last resort, as view's error page has when its template fails */
    http_send(r, status, "text/plain; charset=utf-8", title, strlen(title));
    return 0;
}

void http_pick_language(struct req *r)
{
    const char *l;
    if (r->user && (l = i18n_lang_known(r->user->language)))
        r->lang = l;
    else if ((l = i18n_lang_known(http_cookie(r, "dars_lang"))))
        r->lang = l;
    else
        r->lang = i18n_negotiate(http_header(r, "Accept-Language"));
}

static bool csrf_ok(struct req *r)
{
    const char *sent = http_form(r, "csrf");
    if (!sent || !r->csrf || strlen(sent) != strlen(r->csrf))
        return false;
    return sodium_memcmp(sent, r->csrf, strlen(sent)) == 0;
}

static void dispatch(struct req *r);

/* Route and answer; count the database time for /metrics and the statements for the log. */
void http_dispatch(struct req *r)
{
    char *err = NULL;
    struct db *db = server_thread_db(&err);
    uint64_t before = db ? db_time_ns(db) : 0, stmts = db ? db_stmt_count(db) : 0;
    free(err);
    if (db)
        db_snapshot_begin(db);
    dispatch(r);
    if (db) {
        db_snapshot_end(db);
        metrics_add_db_time((double)(db_time_ns(db) - before) / 1e9);
        r->sql_count = db_stmt_count(db) - stmts;
    }
}

static void dispatch(struct req *r)
{
    int rc;
    char *err = NULL;

    if (!r->method) {
        http_error(r, 405, NULL);
        return;
    }
    /* the server matched the route before reading the body (its size limit depends on it) */
    if (r->route_index == -2) {
        http_error(r, 405, NULL);
        return;
    }
    if (r->route_index < 0) {
        /* a page still knows its reader's language for the 404 */
        r->db = server_thread_db(&err);
        free(err);
        if (r->db && !r->is_api && who_is_asking(r) == 0)
            http_pick_language(r);
        else
            r->lang = i18n_negotiate(http_header(r, "Accept-Language"));
        http_error(r, 404, NULL);
        return;
    }
    unsigned flags = r->route->flags;
    if (r->too_many_fields) {
        http_error(r, 413, "the form has too many fields");
        return;
    }
    if (r->body_malformed) {
        http_error(r, 400, "malformed form data");
        return;
    }
    if (!(flags & ROUTE_NO_DB)) {
        r->db = server_thread_db(&err);
        if (!r->db) {
            log_error("database unavailable: %s", err ? err : "?");
            free(err);
            http_error(r, 503, "the database is not available");
            return;
        }
        rc = who_is_asking(r);
        http_pick_language(r);
        if (rc == DARS_EAUTH) {
            http_error(r, 401, "a valid Bearer token is required");
            return;
        }
        if (rc < 0) {
            http_error(r, 500, NULL);
            return;
        }
    } else {
        http_pick_language(r);
    }

    if ((flags & (ROUTE_USER | ROUTE_MANAGER | ROUTE_ADMIN)) && !r->user) {
        if (r->is_api) {
            http_error(r, 401, "a valid Bearer token is required");
        } else {
            const char *next = r->method == HTTP_GET ? r->path : "/";
            char *enc = url_encode(&r->arena, next);
            http_redirect(r, arena_printf(&r->arena, "/login?next=%s", enc));
        }
        return;
    }
    if (((flags & ROUTE_ADMIN) && !r->user->is_admin) ||
        ((flags & ROUTE_MANAGER) && !r->user->is_admin && !r->user->is_manager)) {
        http_error(r, 403, NULL);
        return;
    }
    if (r->method == HTTP_POST && !r->is_api && !(flags & ROUTE_NO_CSRF) && !csrf_ok(r)) {
        http_error(r, 403, "the form has expired or did not come from this site; reload the page");
        return;
    }

    rc = r->route->fn(r);
    if (rc < 0) {
        int status = err_http_status(rc);
        if (status >= 500)
            log_error("%s %s failed: %s", r->method_str, r->log_path, err_str(rc));
        http_error(r, status, NULL);
    }
    if (r->db && db_in_tx(r->db)) {
        log_error("%s %s left a transaction open", r->method_str, r->log_path);
        db_tx_rollback(r->db);
    }
}
