/* What the files of src/org share: SQL texts and internal helpers. */
#ifndef DARS_ORG_ORG_INT_H
#define DARS_ORG_ORG_INT_H

#include "org/org.h"

extern const char org_region_id_sql[];
extern const char org_centre_id_sql[];
extern const char org_organisation_id_sql[];
extern const char org_centre_code_sql[];
extern const char org_region_code_sql[];

#endif
