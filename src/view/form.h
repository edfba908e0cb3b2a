/*
 * What forms and lists share across modules. Messages returned here are
 * untranslated msgids (N_), for view_form_errors() or an API's field errors.
 */
#ifndef DARS_VIEW_FORM_H
#define DARS_VIEW_FORM_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct arena;
struct req;
struct val;

/* A code as stored: trimmed, ASCII letters upper-cased (arena string). */
const char *form_code_norm(struct arena *a, const char *s);
/* The form field name as typed: "" when it is absent or not valid UTF-8. */
const char *form_value(struct req *r, const char *name);
/* Text as stored: trimmed and NFC; NULL when it is not valid UTF-8. */
const char *form_text_norm(struct arena *a, const char *s);
/* Why code (already normalised) is not a valid code, or NULL when it is. */
const char *form_code_problem(const char *code);
/*
 * A whole number typed into a field: digits only (strtoll alone would take
 * " 5", "+5" and "5x"), at most max. True with *out set; false for anything
 * else, "" included (the caller says what an empty field means), *out untouched.
 */
bool form_count(const char *s, int64_t max, int64_t *out /* OUT */);
/* A LIKE pattern ("%folded%", with \ escapes) for a search box; "%" when q is empty. */
const char *form_like(struct arena *a, const char *q);
/* errors[field] = msg unless the field already has a message; errors may be NULL. */
void form_error(json_t *errors, const char *field, const char *msg);
/* Move errors[from] to errors[to]: a store names a field as the API does, a page may show
 * it under another name. Nothing happens when there is no such error. */
void form_error_move(json_t *errors, const char *from, const char *to);
/* The ?page= argument, 1-based. */
int64_t form_page_arg(struct req *r);
/* ctx.crumbs = Home, then (label, url) pairs ending with NULL. */
void form_crumbs(struct req *r, struct val *ctx, ...);

#endif
