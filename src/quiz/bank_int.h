/*
 * What the question bank's pages and API share (bank*.c): the course of the
 * path and who may manage it, the bank's URLs and breadcrumbs, and the
 * handlers that routes_bank.c lists. The store itself is question.c's
 * (quiz_int.h); these files only read forms and JSON and show the results.
 */
#ifndef DARS_QUIZ_BANK_INT_H
#define DARS_QUIZ_BANK_INT_H

#include "quiz/quiz_int.h"

struct val;

/*
 * The course of r->params[0], which the user must manage, and the question
 * r->params[1] of its bank: DARS_ENOTFOUND, DARS_EDENIED.
 */
int bank_question(struct req *r, struct catalog_course *c /* OUT */,
                  struct quiz_question *q /* OUT */);
/* "/admin/courses/CODE/questions" (arena string). */
const char *bank_url(struct req *r, const struct catalog_course *c);
/* Home > Course admin > the course > Question bank (a link unless it is the page itself). */
void bank_crumbs(struct req *r, struct val *ctx, const struct catalog_course *c, bool here);
/* What names a question in lists: its name, else the start of its text. */
const char *bank_question_label(struct arena *a, const struct quiz_question *q);
/* A category for people: its path, or "Top category" for "". */
const char *bank_category_label(struct req *r, const char *path);


/* bank.c: the list, deleting, the GIFT export */
int quiz_bank_list_page(struct req *r);
int quiz_bank_delete_page(struct req *r);
int quiz_bank_delete_submit(struct req *r);
int quiz_bank_export(struct req *r);

/* bank_form.c: one question's form, new and edit */
int quiz_bank_new_page(struct req *r);
int quiz_bank_new_submit(struct req *r);
int quiz_bank_edit_page(struct req *r);
int quiz_bank_edit_submit(struct req *r);

/* bank_import.c: GIFT upload or paste, preview, confirmation */
int quiz_bank_import_page(struct req *r);
int quiz_bank_import_preview(struct req *r);
int quiz_bank_import_confirm(struct req *r);

/* bank_api.c: /api/v1/courses/:code/questions */
int quiz_bank_api_list(struct req *r);
int quiz_bank_api_create(struct req *r);
int quiz_bank_api_get(struct req *r);
int quiz_bank_api_update(struct req *r);
int quiz_bank_api_delete(struct req *r);
int quiz_bank_api_import(struct req *r);

#endif
