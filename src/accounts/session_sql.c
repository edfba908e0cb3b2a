/*
 * Session, token, role and sign-in queries; the only code touching those
 * tables. Centres (of a scope) come through org.h's derived table.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"

/*
 * The person behind a session or a token with their roles, in one statement:
 * a row per role, or one row with a NULL role for a person without any.
 */
#define USER_ROLES_COLUMNS                                                                  \
    "SELECT u.id, u.email, u.full_name, u.language, ra.role, COALESCE(ra.centre_id, 0),"    \
    " COALESCE(ra.region_id, 0)"
const char session_user_sql[] =
    USER_ROLES_COLUMNS " FROM sessions s JOIN users u ON u.id = s.user_id"
    " LEFT JOIN role_assignments ra ON ra.user_id = u.id"
    " WHERE s.id = ? AND s.expires_at > ? AND u.status = 'active' AND u.deleted_at IS NULL";
const char session_insert_sql[] =
    "INSERT INTO sessions (id, user_id, ip, created_at, updated_at, expires_at)"
    " VALUES (?, ?, ?, ?, ?, ?)";
const char session_delete_sql[] = "DELETE FROM sessions WHERE id = ?";
const char session_purge_sql[] = "DELETE FROM sessions WHERE expires_at < ?";
const char token_user_sql[] =
    USER_ROLES_COLUMNS " FROM api_tokens t JOIN users u ON u.id = t.user_id"
    " LEFT JOIN role_assignments ra ON ra.user_id = u.id"
    " WHERE t.token_hash = ? AND t.revoked_at IS NULL AND u.status = 'active'"
    " AND u.deleted_at IS NULL";
const char token_insert_sql[] =
    "INSERT INTO api_tokens (user_id, token_hash, label, created_at, updated_at)"
    " SELECT id, ?, ?, ?, ? FROM users WHERE email_key = ? AND deleted_at IS NULL";
const char scope_centres_sql[] = ACCOUNTS_SCOPE_CENTRES_SQL " ORDER BY sc.id";
/* the centres whose reports a manager or a scoped analyst reads: those of the
 * manager's and the analyst's roles, directly or through their region */
const char read_centres_sql[] =
    "SELECT DISTINCT sc.id FROM (" ACCOUNTS_READ_CENTRES_SQL ") sc ORDER BY sc.id";
const char settings_get_sql[] = "SELECT value FROM settings WHERE name = ?";
const char settings_put_sql[] =
    "INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING";
const char login_user_sql[] =
    "SELECT id, password_hash, status FROM users WHERE email_key = ? AND deleted_at IS NULL";
const char user_set_language_sql[] =
    "UPDATE users SET language = ?, updated_at = ? WHERE id = ?";
