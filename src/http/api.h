/*
 * Conventions of /api/v1 (DESIGN.md section 6): keyset pagination with
 * ?limit= (default 50, max 500) and ?cursor=, answered as
 * {"items": [...], "next_cursor": "..." | null}; 422 with field errors.
 *
 * A list handler:
 *   struct api_page p;
 *   if (api_page_begin(r, &p) < 0) return 0;          // 422 already sent
 *   db_query(... "SELECT ... WHERE id > ? ORDER BY id LIMIT ?", p.after, p.limit + 1)
 *   return api_page_rows(r, &p, st, row_to_json, NULL);
 */
#ifndef DARS_HTTP_API_H
#define DARS_HTTP_API_H

#include "http/http.h"

struct db_stmt;

#include <jansson.h>

struct api_page {
    int64_t limit; /* rows to return */
    int64_t after; /* id after which to start; 0 for the first page */
    const char *q; /* the q= search, NULL when absent */
};

/* Parse limit, cursor and q. On bad values sends a 422 problem and returns DARS_EINVALID. */
int api_page_begin(struct req *r, struct api_page *p /* OUT */);
/* Send {"items": items, "next_cursor": ...}; takes items. next_after 0 means no more. */
int api_page_send(struct req *r, const struct api_page *p, json_t *items, int64_t next_after);

/*
 * Turn a started statement's rows into a page: row() makes each item and
 * gives its id; one row beyond p->limit means there is a next page. Gives the
 * statement back (db_done) and sends the page. Returns 0 or a database error.
 */
typedef json_t *(*api_row_fn)(struct req *r, struct db_stmt *st, void *data,
                              int64_t *id /* OUT */);
int api_page_rows(struct req *r, const struct api_page *p, struct db_stmt *st, api_row_fn row,
                  void *data);

/*
 * The same with each item as values from the request's arena (core/val.h),
 * written straight into the answer: for the long lists, where building and
 * dumping a jansson tree was most of the cost.
 */
struct val;
typedef struct val *(*api_val_fn)(struct req *r, struct db_stmt *st, void *data,
                                  int64_t *id /* OUT */);
int api_page_vals(struct req *r, const struct api_page *p, struct db_stmt *st, api_val_fn row,
                  void *data);

/* Digits only: an id; else NULL (so "/centres/C-BAK" is looked up by code). */
bool api_is_id(const char *s);
/* The id s spells (a path segment, a form field), or 0 when it spells none. */
int64_t api_id(const char *s);

/* A string member of a JSON body: NULL when absent; DARS_EINVALID (and an entry in
 * errors) when present but not a string. */
int api_str(json_t *body, const char *name, json_t *errors, const char **out /* OUT */);

/*
 * Answer a failed write: 422 with the field errors, 409 with the "code"
 * field's message (or a generic one), else hand rc back for the middleware.
 * Takes errors (may be NULL).
 */
int api_fail(struct req *r, int rc, json_t *errors);
/* Like api_str(), but leaves *out alone when the member is absent and gives "" for null. */
void api_field_str(json_t *body, const char *name, json_t *errors, const char **out /* OUT */);

#endif
