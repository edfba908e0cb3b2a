/*
 * The names of the codes a metric's filter holds (reports_filter_words), read
 * through the derived tables org and catalog export: a centre's, a course's
 * (in the reader's language) and an organisation's. Regions and programmes
 * are named by the lists of the report form (org_report_regions_sql,
 * catalog_report_programmes_sql), which carry their translations.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "catalog/catalog.h"
#include "org/org.h"

/* args: code */
const char report_centre_name_sql[] =
    "SELECT ce.name FROM " ORG_CENTRES_SQL " ce WHERE ce.code = ? AND ce.deleted_at IS NULL";
/* args: language, code */
const char report_course_title_sql[] =
    "SELECT c.title FROM " CATALOG_COURSES_SQL " c WHERE c.code = ?";
/* args: code */
const char report_organisation_name_sql[] =
    "SELECT og.name FROM " ORG_ORGANISATIONS_SQL " og WHERE og.code = ? AND og.deleted_at IS NULL";
