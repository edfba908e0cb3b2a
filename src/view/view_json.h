/* TEMPORARY: see view_json.c. */
#ifndef DARS_VIEW_VIEW_JSON_H
#define DARS_VIEW_VIEW_JSON_H

#include "view/view.h"

int view_page_j(struct req *r, const char *name, json_t *ctx);
int view_page_status_j(struct req *r, int status, const char *name, json_t *ctx);
int view_part_j(struct req *r, const char *name, json_t *ctx, const char **html);
void view_pager_j(struct req *r, json_t *ctx, int64_t page, int64_t per_page, int64_t total);
void view_pager_more_j(struct req *r, json_t *ctx, int64_t page, bool more);
void view_form_errors_j(struct req *r, json_t *ctx, json_t *errors);
void form_crumbs_j(struct req *r, json_t *ctx, ...);

#endif
