/* Organisation queries; with lookup_sql.c the only code touching the organisations table. */
#include "core/base.h"
#include "org/org_int.h"

#define ORGANISATION_COLS "id, code, name, created_at, updated_at"

const char organisation_by_id_sql[] =
    "SELECT " ORGANISATION_COLS " FROM organisations WHERE id = ? AND deleted_at IS NULL";
const char organisation_by_code_sql[] =
    "SELECT " ORGANISATION_COLS " FROM organisations WHERE code = ? AND deleted_at IS NULL";
/* deleted rows keep their code: the UNIQUE constraint still holds it */
const char organisation_code_taken_sql[] =
    "SELECT id FROM organisations WHERE code = ? AND id <> ?";
const char organisation_insert_sql[] =
    "INSERT INTO organisations (code, name, search, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";
const char organisation_update_sql[] =
    "UPDATE organisations SET code = ?, name = ?, search = ?, updated_at = ? WHERE id = ?";
const char organisation_count_sql[] =
    "SELECT COUNT(*) FROM organisations WHERE deleted_at IS NULL AND search LIKE ? ESCAPE '\\'";
const char organisation_page_sql[] =
    "SELECT " ORGANISATION_COLS " FROM organisations"
    " WHERE deleted_at IS NULL AND search LIKE ? ESCAPE '\\' ORDER BY code, id LIMIT ? OFFSET ?";
const char organisation_after_sql[] =
    "SELECT " ORGANISATION_COLS " FROM organisations"
    " WHERE deleted_at IS NULL AND id > ? AND search LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?";
