/* What the files of src/audit share: the SQL texts and the browse handlers. */
#ifndef DARS_AUDIT_AUDIT_INT_H
#define DARS_AUDIT_AUDIT_INT_H

struct req;

extern const char audit_insert_sql[];
extern const char audit_count_sql[];
extern const char audit_page_sql[];
extern const char audit_before_sql[];

/* browse.c */
int audit_list_page(struct req *r);
int audit_api_list(struct req *r);

#endif
