/*
 * Equipment queries; the only code touching the table equipment. Centres are
 * named through org.h's derived table.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "org/org.h"

#define EQ_SELECT                                                                          \
    "SELECT e.id, ce.code, p.code, e.kind, e.quantity, e.received_on, e.condition,"        \
    " e.notes, e.created_at, e.updated_at, e.centre_id, COALESCE(e.project_id, 0)"         \
    " FROM equipment e JOIN " ORG_CENTRES_SQL " ce ON ce.id = e.centre_id"                 \
    " LEFT JOIN projects p ON p.id = e.project_id"

const char eq_by_id_sql[] = EQ_SELECT " WHERE e.id = ? AND e.deleted_at IS NULL";
/*
 * The API's keyset pages: after id, then the filters centre, project and
 * condition ('' for any, each twice), then the reader: 1 when they read every
 * centre, and their id (the centres they read otherwise).
 */
const char eq_after_sql[] =
    EQ_SELECT " WHERE e.deleted_at IS NULL AND e.id > ?"
    " AND (CAST(? AS TEXT) = '' OR ce.code = ?) AND (CAST(? AS TEXT) = '' OR p.code = ?)"
    " AND (CAST(? AS TEXT) = '' OR e.condition = ?)"
    " AND (CAST(? AS BIGINT) = 1 OR e.centre_id IN (" ACCOUNTS_READ_CENTRES_SQL "))"
    " ORDER BY e.id LIMIT ?";
/* a centre's equipment, newest first */
const char eq_centre_sql[] =
    EQ_SELECT " WHERE e.deleted_at IS NULL AND e.centre_id = ?"
    " ORDER BY e.received_on DESC, e.id DESC LIMIT 500";
const char eq_project_id_sql[] =
    "SELECT id FROM projects WHERE code = ? AND deleted_at IS NULL";
/* live projects for the add form: (code, name) */
const char eq_projects_sql[] =
    "SELECT code, name FROM projects WHERE deleted_at IS NULL ORDER BY name, code";
const char eq_insert_sql[] =
    "INSERT INTO equipment (centre_id, project_id, kind, quantity, received_on, condition,"
    " notes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char eq_update_sql[] =
    "UPDATE equipment SET centre_id = ?, project_id = ?, kind = ?, quantity = ?,"
    " received_on = ?, condition = ?, notes = ?, updated_at = ? WHERE id = ?";
