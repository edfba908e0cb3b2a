/* Region queries; with lookup_sql.c the only code touching the regions table. */
#include "core/base.h"
#include "org/org_int.h"

#define REGION_COLS "id, code, name, name_ru, name_az, name_uz, created_at, updated_at"

const char region_by_id_sql[] =
    "SELECT " REGION_COLS " FROM regions WHERE id = ? AND deleted_at IS NULL";
const char region_by_code_sql[] =
    "SELECT " REGION_COLS " FROM regions WHERE code = ? AND deleted_at IS NULL";
/* deleted rows keep their code: the UNIQUE constraint still holds it */
const char region_code_taken_sql[] = "SELECT id FROM regions WHERE code = ? AND id <> ?";
const char region_insert_sql[] =
    "INSERT INTO regions (code, name, name_ru, name_az, name_uz, search, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char region_update_sql[] =
    "UPDATE regions SET code = ?, name = ?, name_ru = ?, name_az = ?, name_uz = ?, search = ?,"
    " updated_at = ? WHERE id = ?";
const char region_count_sql[] =
    "SELECT COUNT(*) FROM regions WHERE deleted_at IS NULL AND search LIKE ? ESCAPE '\\'";
/* the HTML list: a page of regions with the number of centres in each */
const char region_page_sql[] =
    "SELECT g.id, g.code, g.name, g.name_ru, g.name_az, g.name_uz,"
    " (SELECT COUNT(*) FROM centres c WHERE c.region_id = g.id AND c.deleted_at IS NULL)"
    " FROM regions g WHERE g.deleted_at IS NULL AND g.search LIKE ? ESCAPE '\\'"
    " ORDER BY g.code, g.id LIMIT ? OFFSET ?";
/* the API list: keyset by id */
const char region_after_sql[] =
    "SELECT " REGION_COLS " FROM regions WHERE deleted_at IS NULL AND id > ?"
    " AND search LIKE ? ESCAPE '\\' ORDER BY id LIMIT ?";
/* every region, for the choice of a centre's region */
const char region_all_sql[] =
    "SELECT code, name, name_ru, name_az, name_uz FROM regions WHERE deleted_at IS NULL"
    " ORDER BY code";
