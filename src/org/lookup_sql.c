/* Look-up queries of the org module. */
#include "core/base.h"
#include "org/org_int.h"

const char org_region_id_sql[] = "SELECT id FROM regions WHERE code = ? AND deleted_at IS NULL";
const char org_centre_id_sql[] = "SELECT id FROM centres WHERE code = ? AND deleted_at IS NULL";
const char org_organisation_id_sql[] =
    "SELECT id FROM organisations WHERE (code = ? OR name = ?) AND deleted_at IS NULL"
    " ORDER BY CASE WHEN code = ? THEN 0 ELSE 1 END LIMIT 1";
const char org_centre_code_sql[] = "SELECT code FROM centres WHERE id = ?";
const char org_region_code_sql[] = "SELECT code FROM regions WHERE id = ?";
const char org_centre_options_sql[] =
    "SELECT code, name FROM centres WHERE deleted_at IS NULL ORDER BY name, code";
