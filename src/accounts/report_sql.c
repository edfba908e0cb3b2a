/*
 * Who trained, for reports (DESIGN.md 6a): the dimensions organisation,
 * gender, age band and disability of the report registry
 * (db/report.h). Reports join the person as u
 * (ACCOUNTS_REPORT_PERSON_JOIN in accounts.h); "$YEAR" is the year of the
 * period's end, from which ages are counted. Organisations come through
 * org.h's derived table.
 */
#include "core/base.h"
#include "accounts/accounts.h"

static const char *const genders[] = { "female", "male", "other", "unknown", NULL };
static const char *const bands[] = { "under-18", "18-24", "25-34", "35-44", "45-54",
                                     "55-64",    "65+",   "unknown", NULL };
static const char *const yes_no[] = { "true", "false", NULL };

/* the bands of accounts_age_band(), in SQL */
#define AGE_BAND                                                                          \
    "CASE WHEN u.birth_year IS NULL THEN 'unknown'"                                       \
    " WHEN $YEAR - u.birth_year < 18 THEN 'under-18' WHEN $YEAR - u.birth_year < 25 THEN '18-24'" \
    " WHEN $YEAR - u.birth_year < 35 THEN '25-34' WHEN $YEAR - u.birth_year < 45 THEN '35-44'" \
    " WHEN $YEAR - u.birth_year < 55 THEN '45-54' WHEN $YEAR - u.birth_year < 65 THEN '55-64'" \
    " ELSE '65+' END"

const struct report_dim accounts_report_dims[] = {
    { "organisation", " LEFT JOIN " ORG_ORGANISATIONS_SQL " og ON og.id = u.organisation_id",
      "og.code", "og.name",
      "EXISTS (SELECT 1 FROM " ORG_ORGANISATIONS_SQL " fo WHERE fo.id = u.organisation_id"
      " AND fo.code = ?)",
      NULL,
      "SELECT og.id FROM " ORG_ORGANISATIONS_SQL " og WHERE og.code = ? AND og.deleted_at IS NULL",
      true, NULL, NULL },
    { "gender", "", "COALESCE(u.gender, 'unknown')", NULL, "COALESCE(u.gender, 'unknown') = ?",
      genders, NULL, true, NULL, NULL },
    { "age_band", "", AGE_BAND, NULL, "(" AGE_BAND ") = ?", bands, NULL, true, NULL, NULL },
    /* a filter only: the contract groups by none of it */
    { "disability", "", NULL, NULL,
      "u.disability = CASE CAST(? AS TEXT) WHEN 'true' THEN 1 ELSE 0 END", yes_no, NULL, true, NULL, NULL },
};
const size_t accounts_report_ndims = ARRAY_SIZE(accounts_report_dims);
