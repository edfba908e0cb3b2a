/*
 * Self-registration's queries (registration.c, registrations.c). Centres and
 * organisations are read through org.h's derived tables, only to offer them
 * and to learn a centre's registration setting, as user_sql.c reads them to
 * show codes.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"

/* the centres a person may choose: those whose registration is open or with approval */
const char registration_centres_sql[] =
    "SELECT ce.code, ce.name, ce.registration FROM " ORG_CENTRES_SQL " ce"
    " WHERE ce.deleted_at IS NULL AND ce.registration IN ('open', 'approval')"
    " ORDER BY ce.name, ce.code";
const char registration_centre_sql[] =
    "SELECT ce.id, ce.registration FROM " ORG_CENTRES_SQL " ce"
    " WHERE ce.code = ? AND ce.deleted_at IS NULL";
const char registration_organisations_sql[] =
    "SELECT og.code, og.name FROM " ORG_ORGANISATIONS_SQL " og WHERE og.deleted_at IS NULL"
    " ORDER BY og.name, og.code";
/* what the person's centre says now: a manager may have changed it since they registered */
const char registration_user_centre_sql[] =
    "SELECT COALESCE(c.registration, 'approval') FROM users u"
    " LEFT JOIN " ORG_CENTRES_SQL " c ON c.id = u.centre_id WHERE u.id = ?";
/* the conditions make the step happen once, whatever races it */
const char registration_confirm_open_sql[] =
    "UPDATE users SET status = 'active', pending_reason = NULL, updated_at = ?"
    " WHERE id = ? AND status = 'pending' AND pending_reason = 'address' AND deleted_at IS NULL";
const char registration_confirm_approval_sql[] =
    "UPDATE users SET pending_reason = 'approval', updated_at = ?"
    " WHERE id = ? AND status = 'pending' AND pending_reason = 'address' AND deleted_at IS NULL";
/*
 * The requests page: people waiting for approval in the caller's scope, oldest
 * first, one row more than a page. Bound: is_admin, user id, limit, offset.
 */
const char registrations_page_sql[] =
    "SELECT u.id, u.full_name, u.email, COALESCE(c.code, ''), COALESCE(c.name, ''),"
    " COALESCE(o.name, ''), COALESCE(u.birth_year, 0), COALESCE(u.guardian_name, ''),"
    " u.updated_at FROM users u LEFT JOIN " ORG_CENTRES_SQL " c ON c.id = u.centre_id"
    " LEFT JOIN " ORG_ORGANISATIONS_SQL " o ON o.id = u.organisation_id"
    " WHERE u.status = 'pending' AND u.pending_reason = 'approval' AND u.deleted_at IS NULL"
    " AND (CAST(? AS BIGINT) = 1 OR u.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"
    " ORDER BY u.updated_at, u.id LIMIT ? OFFSET ?";
/* approve ('active') or decline ('declined'), once */
const char registration_decide_sql[] =
    "UPDATE users SET status = ?, pending_reason = NULL, updated_at = ?"
    " WHERE id = ? AND status = 'pending' AND pending_reason = 'approval' AND deleted_at IS NULL";
