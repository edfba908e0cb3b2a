/*
 * Project queries; the only code touching the tables projects,
 * project_recipients, project_indicators, project_periods and
 * project_signoffs. Regions are read through org.h's derived table, the
 * admin who signed a period through accounts.h's people.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "org/org.h"

#define PJ_SELECT                                                                            \
    "SELECT p.id, p.code, p.name, p.description, p.funder, p.starts_on, p.ends_on,"          \
    " CAST(p.budget AS TEXT), p.currency, p.status, p.iati_identifier, p.reporting_org_ref," \
    " p.reporting_org_name, rg.code, p.language, p.created_at, p.updated_at,"                \
    " COALESCE(p.region_id, 0)"                                                              \
    " FROM projects p LEFT JOIN " ORG_REGIONS_SQL " rg ON rg.id = p.region_id"

const char pj_by_code_sql[] = PJ_SELECT " WHERE p.code = ? AND p.deleted_at IS NULL";
/* any project with the code, deleted ones too: a code is never given twice */
const char pj_code_taken_sql[] = "SELECT id FROM projects WHERE code = ?";
/*
 * The live projects after an id, in id order, for lists; the reader's scope
 * is checked on each row (there are tens of projects, not thousands).
 */
const char pj_after_sql[] =
    PJ_SELECT " WHERE p.deleted_at IS NULL AND p.id > ? ORDER BY p.id LIMIT ?";
/* the list page: every live project, newest first (scope checked per row) */
const char pj_list_sql[] = PJ_SELECT " WHERE p.deleted_at IS NULL ORDER BY p.starts_on DESC, p.id";

const char pj_recipients_sql[] =
    "SELECT email FROM project_recipients WHERE project_id = ? ORDER BY position, email";
const char pj_indicators_sql[] =
    "SELECT id, code, title, result, result_type, metric, filter, CAST(baseline AS TEXT),"
    " CAST(target AS TEXT) FROM project_indicators WHERE project_id = ? AND deleted_at IS NULL"
    " ORDER BY position, id";
/* every period of the project's live indicators, in the indicators' order */
const char pj_periods_sql[] =
    "SELECT pp.indicator_id, pp.id, pp.starts_on, pp.ends_on, CAST(pp.target AS TEXT),"
    " CAST(pp.signed_value AS TEXT), pp.signed_sex, su.email, s.signed_at"
    " FROM project_periods pp JOIN project_indicators i ON i.id = pp.indicator_id"
    " LEFT JOIN project_signoffs s ON s.id = pp.signoff_id"
    " LEFT JOIN " ACCOUNTS_PEOPLE_SQL " su ON su.id = s.signed_by"
    " WHERE i.project_id = ? AND i.deleted_at IS NULL"
    " ORDER BY i.position, i.id, pp.starts_on";

const char pj_insert_sql[] =
    "INSERT INTO projects (code, name, description, funder, starts_on, ends_on, budget,"
    " currency, status, iati_identifier, reporting_org_ref, reporting_org_name, region_id,"
    " language, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char pj_update_sql[] =
    "UPDATE projects SET name = ?, description = ?, funder = ?, starts_on = ?, ends_on = ?,"
    " budget = ?, currency = ?, status = ?, iati_identifier = ?, reporting_org_ref = ?,"
    " reporting_org_name = ?, region_id = ?, language = ?, updated_at = ? WHERE id = ?";
const char pj_delete_sql[] =
    "UPDATE projects SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL";

const char pj_recipients_clear_sql[] = "DELETE FROM project_recipients WHERE project_id = ?";
const char pj_recipient_insert_sql[] =
    "INSERT INTO project_recipients (project_id, email, position) VALUES (?, ?, ?)"
    " ON CONFLICT (project_id, email) DO NOTHING";

/* an indicator by code, deleted ones too (a code comes back to life rather than twice) */
const char pj_indicator_by_code_sql[] =
    "SELECT id FROM project_indicators WHERE project_id = ? AND code = ?";
const char pj_indicator_insert_sql[] =
    "INSERT INTO project_indicators (project_id, code, title, result, result_type, metric,"
    " filter, baseline, target, position, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char pj_indicator_update_sql[] =
    "UPDATE project_indicators SET title = ?, result = ?, result_type = ?, metric = ?,"
    " filter = ?, baseline = ?, target = ?, position = ?, updated_at = ?, deleted_at = NULL"
    " WHERE id = ?";
const char pj_indicator_delete_sql[] =
    "UPDATE project_indicators SET deleted_at = ?, updated_at = ? WHERE id = ?";

/* an indicator's periods not signed off go when its periods are replaced */
const char pj_periods_clear_sql[] =
    "DELETE FROM project_periods WHERE indicator_id = ? AND signoff_id IS NULL";
const char pj_period_insert_sql[] =
    "INSERT INTO project_periods (indicator_id, starts_on, ends_on, target, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?)";

const char pj_signoff_find_sql[] =
    "SELECT id FROM project_signoffs WHERE project_id = ? AND starts_on = ? AND ends_on = ?";
const char pj_signoff_insert_sql[] =
    "INSERT INTO project_signoffs (project_id, starts_on, ends_on, signed_by, signed_at, note,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char pj_period_sign_sql[] =
    "UPDATE project_periods SET signed_value = ?, signed_sex = ?, signoff_id = ?,"
    " updated_at = ? WHERE id = ? AND signoff_id IS NULL";
