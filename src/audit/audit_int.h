/* What the files of src/audit share: the SQL texts. */
#ifndef DARS_AUDIT_AUDIT_INT_H
#define DARS_AUDIT_AUDIT_INT_H

extern const char audit_insert_sql[];

#endif
