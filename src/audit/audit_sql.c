/* Audit queries; the only code touching audit_events. */
#include "core/base.h"
#include "audit/audit_int.h"

const char audit_insert_sql[] =
    "INSERT INTO audit_events (actor_id, actor, action, object_type, object_id, changes, ip,"
    " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
