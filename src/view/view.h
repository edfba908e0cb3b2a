/*
 * Pages: a module's template rendered into the layout (header, navigation,
 * language switcher, footer) in the reader's language.
 *
 * The context every page gets, beside what the handler puts in ctx:
 *   lang, csrf, path, user {id, email, full_name, is_admin, is_manager},
 *   langs [{code, name, current}], css (asset URL), js, flash (one message).
 * A handler sets "title" in ctx; it becomes the <title> and the <h1> unless
 * the template writes its own. ctx is a struct val tree from the request's
 * arena (core/val.h); NULL is an empty object. The page's template is
 * rendered in place inside the layout, straight into the answer; the
 * layout keeps "layout_page" for it, and every other name is the page's.
 */
#ifndef DARS_VIEW_VIEW_H
#define DARS_VIEW_VIEW_H

#include <jansson.h>
#include "core/val.h"
#include <stdbool.h>
#include <stdint.h>

struct req;
struct arena;
struct buf;

/* Compile every embedded template for every language; call once at start-up. */
int view_init(void);
void view_shutdown(void);

/* Render template name with ctx inside the layout; status 200. */
int view_page(struct req *r, const char *name, struct val *ctx);
/* The same with another status (e.g. 422 for a form with errors). */
int view_page_status(struct req *r, int status, const char *name, struct val *ctx);
/*
 * Render template name with ctx on its own, without the
 * layout or the common context, in the reader's language: a part of a page
 * that one module makes and another lays out (the course page's panels). The
 * part ends where its last line does: the line break after it is the page's
 * to write. *html is from the request's arena.
 */
int view_part(struct req *r, const char *name, const struct val *ctx,
              const char **html /* OUT */);
/* An error page: title (already translated) and an optional detail. */
int view_error(struct req *r, int status, const char *title, const char *detail);

/*
 * Pagination for lists: adds "pager" {page, pages, total, prev_url, next_url,
 * showing} to ctx, keeping the request's other query arguments.
 */
void view_pager(struct req *r, struct val *ctx, int64_t page, int64_t per_page, int64_t total);

/*
 * Pagination without a total, for lists whose count would cost as much as
 * the data grows: "Page N" with previous and next links; more says whether
 * a next page exists (fetch one row more than a page to know). No pager
 * at all on a single page.
 */
void view_pager_more(struct req *r, struct val *ctx, int64_t page, bool more);

/*
 * Put form errors into ctx for the form_errors partial and inline messages:
 * errors maps field -> untranslated message (reference not taken). Adds
 * "form_errors": {"items": [{field, message}]} and "errors": {field: message},
 * messages translated. Does nothing when errors is NULL or empty.
 */
void view_form_errors(struct req *r, struct val *ctx, json_t *errors);

/* Remember a message to show on the next page (a cookie, read once). */
void view_flash(struct req *r, const char *msgid);

/* Numbers and dates for templates, in the request's language (arena strings). */
const char *view_int(struct req *r, int64_t n);
const char *view_date(struct req *r, const char *iso);
const char *view_datetime(struct req *r, const char *iso);

#endif
