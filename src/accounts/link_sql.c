/*
 * Links sent by e-mail (invitations, password resets, address checks): the only code touching
 * user_links. A token is looked up by its digest; using it is one conditional
 * UPDATE, so of two requests racing on one link exactly one changes the row.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"

/* a new link replaces the person's old one of that kind (the old token stops working) */
const char link_upsert_sql[] =
    "INSERT INTO user_links (user_id, kind, token_hash, expires_at, used_at, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, NULL, ?, ?)"
    " ON CONFLICT (user_id, kind) DO UPDATE SET token_hash = excluded.token_hash,"
    " expires_at = excluded.expires_at, used_at = NULL, created_at = excluded.created_at,"
    " updated_at = excluded.updated_at";
const char link_find_sql[] =
    "SELECT l.user_id, l.token_hash, l.expires_at, COALESCE(l.used_at, ''), u.email,"
    " u.full_name, u.language, u.status, COALESCE(u.pending_reason, '')"
    " FROM user_links l JOIN users u ON u.id = l.user_id"
    " WHERE l.token_hash = ? AND l.kind = ? AND u.deleted_at IS NULL";
const char link_use_sql[] =
    "UPDATE user_links SET used_at = ?, updated_at = ?"
    " WHERE token_hash = ? AND kind = ? AND used_at IS NULL AND expires_at > ?";
const char link_user_sql[] =
    "SELECT id, email, full_name, language, status, COALESCE(pending_reason, '') FROM users"
    " WHERE id = ? AND deleted_at IS NULL";
const char link_user_by_key_sql[] =
    "SELECT id, email, full_name, language, status, COALESCE(pending_reason, '') FROM users"
    " WHERE email_key = ? AND deleted_at IS NULL";
const char link_sessions_delete_sql[] = "DELETE FROM sessions WHERE user_id = ?";
/* the conditions keep a suspended person out even when the link was still live */
const char link_user_accept_sql[] =
    "UPDATE users SET password_hash = ?, status = 'active', pending_reason = NULL,"
    " updated_at = ? WHERE id = ? AND status = 'pending'"
    " AND COALESCE(pending_reason, 'invitation') = 'invitation' AND deleted_at IS NULL";
const char link_user_reset_sql[] =
    "UPDATE users SET password_hash = ?, updated_at = ?"
    " WHERE id = ? AND status = 'active' AND deleted_at IS NULL";
/* invitations go to people an admin added, never to those who registered themselves */
const char link_pending_all_sql[] =
    "SELECT id FROM users WHERE status = 'pending'"
    " AND COALESCE(pending_reason, 'invitation') = 'invitation' AND deleted_at IS NULL"
    " ORDER BY id";
