/*
 * User, role assignment and staged-import queries; with session_sql.c the only
 * code touching users, role_assignments and user_imports. Centres, regions
 * and organisations are joined through org.h's derived tables to show their
 * codes, so that a page stays a fixed number of statements however many rows
 * it lists.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"

/* The columns of struct user_row, in order (see user_load.c). */
#define USER_COLUMNS                                                                      \
    "SELECT u.id, u.email, u.full_name, u.language, COALESCE(o.code, ''), u.position,"    \
    " COALESCE(c.code, ''), u.status, u.created_at, u.updated_at, COALESCE(u.centre_id, 0)," \
    " CASE WHEN u.password_hash IS NULL THEN 0 ELSE 1 END, COALESCE(o.name, ''),"        \
    " COALESCE(c.name, ''), COALESCE(u.organisation_id, 0), COALESCE(il.created_at, ''),"  \
    " COALESCE(il.expires_at, ''), COALESCE(il.used_at, ''), COALESCE(u.gender, ''),"     \
    " COALESCE(u.birth_year, 0), COALESCE(u.disability, -1), COALESCE(u.pending_reason, '')"

#define USER_JOINS                                                                \
    " FROM users u LEFT JOIN " ORG_CENTRES_SQL " c ON c.id = u.centre_id"         \
    " LEFT JOIN " ORG_ORGANISATIONS_SQL " o ON o.id = u.organisation_id"          \
    " LEFT JOIN user_links il ON il.user_id = u.id AND il.kind = 'invitation'"

/*
 * The filters of the lists, USER_FILTER_ARGS (18) parameters: is_admin, user
 * id (the scope), q, q as a LIKE pattern, status twice, centre code twice,
 * role twice; then who they are (struct user_facts_filter, in its order):
 * gender twice ("unknown" for none given), the birth years (on, from, to,
 * unknown) and disability twice (-2: any; -1: not given). An empty filter
 * matches everything.
 */
#define USER_FILTERS                                                                     \
    " WHERE u.deleted_at IS NULL"                                                        \
    " AND (CAST(? AS BIGINT) = 1 OR u.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"    \
    " AND (CAST(? AS TEXT) = '' OR u.search LIKE ? ESCAPE '\\')"                         \
    " AND (CAST(? AS TEXT) = '' OR u.status = ?)"                                        \
    " AND (CAST(? AS TEXT) = '' OR c.code = ?)"                                          \
    " AND (CAST(? AS TEXT) = '' OR EXISTS (SELECT 1 FROM role_assignments fr"             \
    " WHERE fr.user_id = u.id AND fr.role = ?))"                                         \
    " AND (CAST(? AS TEXT) = '' OR COALESCE(u.gender, 'unknown') = ?)"                   \
    " AND (CAST(? AS BIGINT) = 0 OR u.birth_year BETWEEN ? AND ?"                         \
    " OR (CAST(? AS BIGINT) = 1 AND u.birth_year IS NULL))"                               \
    " AND (CAST(? AS BIGINT) = -2 OR COALESCE(u.disability, -1) = ?)"

/* The columns of struct role_row, in order. */
#define ROLE_COLUMNS                                                                        \
    "SELECT ra.id, ra.user_id, ra.role, COALESCE(rc.code, ''), COALESCE(rg.code, ''),"      \
    " COALESCE(ra.centre_id, 0), COALESCE(ra.region_id, 0) FROM role_assignments ra"        \
    " LEFT JOIN " ORG_CENTRES_SQL " rc ON rc.id = ra.centre_id"                             \
    " LEFT JOIN " ORG_REGIONS_SQL " rg ON rg.id = ra.region_id"

const char user_by_id_sql[] = USER_COLUMNS USER_JOINS " WHERE u.id = ? AND u.deleted_at IS NULL";
const char user_by_email_sql[] =
    USER_COLUMNS USER_JOINS " WHERE u.email_key = ? AND u.deleted_at IS NULL";
const char user_roles_sql[] = ROLE_COLUMNS " WHERE ra.user_id = ? ORDER BY ra.id";

const char user_organisation_code_sql[] =
    "SELECT og.code FROM " ORG_ORGANISATIONS_SQL " og WHERE og.id = ?";
const char user_email_taken_sql[] = "SELECT id FROM users WHERE email_key = ?";
const char user_insert_sql[] =
    "INSERT INTO users (email, email_key, full_name, language, organisation_id, position,"
    " centre_id, status, password_hash, search, gender, birth_year, disability, pending_reason,"
    " consent_at, guardian_name, guardian_consent_at, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char user_update_sql[] =
    "UPDATE users SET email = ?, email_key = ?, full_name = ?, language = ?,"
    " organisation_id = ?, position = ?, centre_id = ?, status = ?, search = ?, gender = ?,"
    " birth_year = ?, disability = ?,"
    " pending_reason = CASE WHEN CAST(? AS TEXT) = 'pending'"
    " THEN COALESCE(pending_reason, 'invitation') ELSE NULL END, updated_at = ? WHERE id = ?";
/* only ever to active or suspended: nobody waits any more */
const char user_set_status_sql[] =
    "UPDATE users SET status = ?, pending_reason = NULL, updated_at = ? WHERE id = ?";
const char user_set_password_sql[] =
    "UPDATE users SET password_hash = ?, status = ?, pending_reason = NULL, updated_at = ?"
    " WHERE id = ?";
const char user_hash_sql[] =
    "SELECT COALESCE(password_hash, '') FROM users WHERE id = ? AND deleted_at IS NULL";
const char user_other_sessions_delete_sql[] =
    "DELETE FROM sessions WHERE user_id = ? AND id <> ?";

const char role_insert_sql[] =
    "INSERT INTO role_assignments (user_id, role, centre_id, region_id, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
const char role_delete_sql[] = "DELETE FROM role_assignments WHERE id = ? AND user_id = ?";
const char role_delete_all_sql[] = "DELETE FROM role_assignments WHERE user_id = ?";

/* lists: /admin/users (by name, pages) and /api/v1/users (by id, cursors) */
const char users_count_sql[] = "SELECT COUNT(*)" USER_JOINS USER_FILTERS;
const char users_page_sql[] =
    USER_COLUMNS USER_JOINS USER_FILTERS " ORDER BY u.full_name, u.id LIMIT ? OFFSET ?";
const char users_page_roles_sql[] =
    ROLE_COLUMNS " WHERE ra.user_id IN (SELECT u.id" USER_JOINS USER_FILTERS
                 " ORDER BY u.full_name, u.id LIMIT ? OFFSET ?) ORDER BY ra.user_id, ra.id";
const char users_after_sql[] =
    USER_COLUMNS USER_JOINS USER_FILTERS " AND u.id > ? ORDER BY u.id LIMIT ?";
const char users_after_roles_sql[] =
    ROLE_COLUMNS " WHERE ra.user_id IN (SELECT u.id" USER_JOINS USER_FILTERS
                 " AND u.id > ? ORDER BY u.id LIMIT ?) ORDER BY ra.user_id, ra.id";

/* the pending people a list's filters show, for invitations: not those who registered */
const char users_pending_shown_sql[] =
    "SELECT u.id" USER_JOINS USER_FILTERS " AND u.status = 'pending'"
    " AND COALESCE(u.pending_reason, 'invitation') = 'invitation' ORDER BY u.id";

/* the centres a form offers: all for an admin, the scope for a manager */
const char user_centre_choices_sql[] =
    "SELECT ce.id, ce.code, ce.name FROM " ORG_CENTRES_SQL " ce WHERE ce.deleted_at IS NULL"
    " AND (CAST(? AS BIGINT) = 1 OR ce.id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"
    " ORDER BY ce.name, ce.code";

/* the CSV import's maps, loaded once per import */
const char import_centres_sql[] =
    "SELECT ce.id, ce.code, ce.region_id FROM " ORG_CENTRES_SQL " ce WHERE ce.deleted_at IS NULL";
const char import_regions_sql[] =
    "SELECT rg.id, rg.code FROM " ORG_REGIONS_SQL " rg WHERE rg.deleted_at IS NULL";
const char import_organisations_sql[] =
    "SELECT og.id, og.code, og.name FROM " ORG_ORGANISATIONS_SQL " og WHERE og.deleted_at IS NULL";
/* IMPORT_BATCH (100) e-mail keys at a time; unused places are bound to NULL */
#define Q10 "?, ?, ?, ?, ?, ?, ?, ?, ?, ?"
const char import_emails_taken_sql[] =
    "SELECT email_key FROM users WHERE email_key IN (" Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10
    ", " Q10 ", " Q10 ", " Q10 ", " Q10 ", " Q10 ")";
const char import_user_insert_sql[] =
    "INSERT INTO users (email, email_key, full_name, language, organisation_id, position,"
    " centre_id, status, pending_reason, search, gender, birth_year, disability, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', 'invitation', ?, ?, ?, ?, ?, ?)"
    " RETURNING id";

const char user_import_insert_sql[] =
    "INSERT INTO user_imports (user_id, filename, content, status, created_at, updated_at)"
    " VALUES (?, ?, ?, 'staged', ?, ?) RETURNING id";
const char user_import_get_sql[] =
    "SELECT user_id, filename, content, status, imported, created_at FROM user_imports"
    " WHERE id = ?";
const char user_import_done_sql[] =
    "UPDATE user_imports SET status = 'imported', imported = ?, content = '', updated_at = ?"
    " WHERE id = ? AND status = 'staged'";
const char user_import_purge_sql[] =
    "DELETE FROM user_imports WHERE status = 'staged' AND created_at < ?";
const char user_ref_by_email_sql[] =
    "SELECT id, COALESCE(centre_id, 0), email, full_name, status FROM users"
    " WHERE email_key = ? AND deleted_at IS NULL";
