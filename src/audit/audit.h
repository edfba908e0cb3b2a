/*
 * The audit log: every change, who made it, from where, and the fields before
 * and after. Recorded inside the caller's transaction, so a change and its
 * audit entry are written together or not at all. The table audit_events
 * belongs to this module alone.
 *
 * Uses: nothing.
 */
#ifndef DARS_AUDIT_AUDIT_H
#define DARS_AUDIT_AUDIT_H

#include "http/route.h"

#include <jansson.h>

struct db;

extern const struct route_table audit_routes;

/*
 * Who made a change, for the audit log. Here, in the lowest module, so that
 * every module can say who acts without naming a higher one.
 */
struct actor {
    int64_t id;        /* 0 for the command line or the system */
    const char *name;  /* e-mail, or "cli" */
    const char *ip;
};

/*
 * The actor of a request: the signed-in user (id, e-mail) or "anonymous"
 * with id 0, and the request's address. Strings point into r.
 */
struct actor audit_actor(const struct req *r);

/*
 * Record action ("user.create", "centre.update", "login.failed", ...) on an
 * object. changes (may be NULL; reference NOT taken) is an object of
 * field -> {"before": x, "after": y}; a create gives only "after".
 */
int audit_record(struct db *db, const struct actor *who, const char *action,
                 const char *object_type, const char *object_id, json_t *changes);
/* The same for an object known by its numeric id, as most are. */
int audit_record_id(struct db *db, const struct actor *who, const char *action,
                    const char *object_type, int64_t object_id, json_t *changes);

/*
 * Add field -> {before, after} to changes when before and after differ
 * (NULL counts as ""). Returns true when it added one.
 */
bool audit_diff(json_t *changes, const char *field, const char *before, const char *after);

/* Add field -> {"after": value} to changes when value is not empty (for creations). */
void audit_after(json_t *changes, const char *field, const char *value);

#endif
