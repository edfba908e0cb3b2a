/*
 * Centre queries; with lookup_sql.c the only code touching the centres table.
 * They read users (e-mail of the responsible person, how many people a centre
 * has) and role_assignments (a manager's scope, through accounts.h) but never
 * write them.
 */
#include "core/base.h"
#include "org/org_int.h"
#include "accounts/accounts.h"

/* people: how many users have the centre as theirs (0 in lists, where it is not shown) */
#define CENTRE_SELECT(people)                                                                \
    "SELECT c.id, c.code, c.name, c.region_id, g.code, g.name, g.name_ru, g.name_az,"         \
    " g.name_uz, c.kind, c.address, c.capacity, u.email, c.timezone, c.created_at,"           \
    " c.updated_at, " people ", c.registration, c.area"                                       \
    " FROM centres c JOIN regions g ON g.id = c.region_id"                                    \
    " LEFT JOIN users u ON u.id = c.responsible_id"
#define CENTRE_PEOPLE \
    "(SELECT COUNT(*) FROM users p WHERE p.centre_id = c.id AND p.deleted_at IS NULL)"

/*
 * The filters of both lists: search pattern; region code, kind and area, each
 * twice ('' for any; area 'unknown' for centres without one); then the scope:
 * is_admin (1 sees all) and the user id.
 */
#define CENTRE_FILTER                                                                        \
    " WHERE c.deleted_at IS NULL AND c.search LIKE ? ESCAPE '\\'"                             \
    " AND (CAST(? AS TEXT) = '' OR g.code = ?) AND (CAST(? AS TEXT) = '' OR c.kind = ?)"      \
    " AND (CAST(? AS TEXT) = '' OR COALESCE(c.area, 'unknown') = ?)"                         \
    " AND (CAST(? AS BIGINT) = 1 OR c.id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"

const char centre_by_id_sql[] =
    CENTRE_SELECT(CENTRE_PEOPLE) " WHERE c.id = ? AND c.deleted_at IS NULL";
const char centre_by_code_sql[] =
    CENTRE_SELECT(CENTRE_PEOPLE) " WHERE c.code = ? AND c.deleted_at IS NULL";
/* deleted rows keep their code: the UNIQUE constraint still holds it */
const char centre_code_taken_sql[] = "SELECT id FROM centres WHERE code = ? AND id <> ?";
const char centre_insert_sql[] =
    "INSERT INTO centres (code, name, region_id, kind, address, capacity, responsible_id,"
    " timezone, registration, area, search, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char centre_update_sql[] =
    "UPDATE centres SET code = ?, name = ?, region_id = ?, kind = ?, address = ?, capacity = ?,"
    " responsible_id = ?, timezone = ?, registration = ?, area = ?, search = ?, updated_at = ?"
    " WHERE id = ?";
const char centre_count_sql[] =
    "SELECT COUNT(*) FROM centres c JOIN regions g ON g.id = c.region_id" CENTRE_FILTER;
/* the HTML list */
const char centre_page_sql[] =
    "SELECT c.code, c.name, g.code, g.name, g.name_ru, g.name_az, g.name_uz, c.kind,"
    " c.capacity, u.email, u.full_name, c.area"
    " FROM centres c JOIN regions g ON g.id = c.region_id"
    " LEFT JOIN users u ON u.id = c.responsible_id" CENTRE_FILTER
    " ORDER BY c.code, c.id LIMIT ? OFFSET ?";
/* the API list: keyset by id */
const char centre_after_sql[] =
    CENTRE_SELECT("0") CENTRE_FILTER " AND c.id > ? ORDER BY c.id LIMIT ?";
