/* Audit queries; the only code touching audit_events. */
#include "core/base.h"
#include "audit/audit_int.h"

const char audit_insert_sql[] =
    "INSERT INTO audit_events (actor_id, actor, action, object_type, object_id, changes, ip,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

/*
 * The browse filters, each '' for any: action, object type, actor (compared
 * in lower case), from (created_at >= it) and to (created_at <= it); every
 * value is bound twice.
 */
#define AUDIT_FILTER                                                                         \
    " WHERE (CAST(? AS TEXT) = '' OR action = ?)"                                            \
    " AND (CAST(? AS TEXT) = '' OR object_type = ?)"                                         \
    " AND (CAST(? AS TEXT) = '' OR LOWER(actor) = ?)"                                        \
    " AND (CAST(? AS TEXT) = '' OR created_at >= ?)"                                         \
    " AND (CAST(? AS TEXT) = '' OR created_at <= ?)"

#define AUDIT_COLS "id, created_at, actor, action, object_type, object_id, changes, ip"

const char audit_count_sql[] = "SELECT COUNT(*) FROM audit_events" AUDIT_FILTER;
/* the HTML list: newest first, by page */
const char audit_page_sql[] =
    "SELECT " AUDIT_COLS " FROM audit_events" AUDIT_FILTER " ORDER BY id DESC LIMIT ? OFFSET ?";
/* the API list: newest first, keyset on id (0: from the newest) */
const char audit_before_sql[] =
    "SELECT " AUDIT_COLS " FROM audit_events" AUDIT_FILTER
    " AND (CAST(? AS BIGINT) = 0 OR id < ?) ORDER BY id DESC LIMIT ?";
