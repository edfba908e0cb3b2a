/*
 * Where people trained, for reports (DESIGN.md 6a): the dimensions region,
 * centre, centre kind and area of the report registry (db/report.h).
 * Reports join the facts' centre as ce (ORG_REPORT_PLACE_JOIN in org.h).
 */
#include "core/base.h"
#include "org/org.h"

static const char *const kinds[] = { "central", "regional", "digital-education", NULL };
static const char *const areas[] = { "urban", "rural", NULL };

const struct report_dim org_report_dims[] = {
    { "region", " LEFT JOIN regions rg ON rg.id = ce.region_id", "rg.code",
      "COALESCE(NULLIF(CASE '$LANG' WHEN 'ru' THEN rg.name_ru WHEN 'az' THEN rg.name_az"
      " WHEN 'uz' THEN rg.name_uz END, ''), rg.name)",
      "EXISTS (SELECT 1 FROM regions fr WHERE fr.id = ce.region_id AND fr.code = ?)", NULL,
      "SELECT id FROM regions WHERE code = ? AND deleted_at IS NULL", false, "region",
      " LEFT JOIN regions rg ON rg.id = x.unit" },
    { "centre", "", "ce.code", "ce.name", "ce.code = ?", NULL,
      "SELECT id FROM centres WHERE code = ? AND deleted_at IS NULL", false, "centre",
      " LEFT JOIN centres ce ON ce.id = x.unit" },
    { "centre_kind", "", "ce.kind", NULL, "ce.kind = ?", kinds, NULL, false, NULL, NULL },
    { "area", "", "ce.area", NULL, "ce.area = ?", areas, NULL, false, NULL, NULL },
};
const size_t org_report_ndims = ARRAY_SIZE(org_report_dims);

/* the report form's lists: every live centre (the reader's are kept), and region names */
const char org_report_centres_sql[] =
    "SELECT id, code, name, region_id FROM centres WHERE deleted_at IS NULL ORDER BY name, code";
/* args: language */
const char org_report_regions_sql[] =
    "SELECT id, code, COALESCE(NULLIF(CASE CAST(? AS TEXT) WHEN 'ru' THEN name_ru WHEN 'az'"
    " THEN name_az WHEN 'uz' THEN name_uz END, ''), name) FROM regions WHERE deleted_at IS NULL"
    " ORDER BY 3, code";
