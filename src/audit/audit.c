/* Recording audit events inside the caller's transaction; see audit.h. */
#include "core/base.h"
#include "audit/audit.h"
#include "audit/audit_int.h"
#include "core/time.h"
#include "db/db.h"

struct actor audit_actor(const struct req *r)
{
    struct actor a = { 0, "anonymous", r->ip };
    if (r->user) {
        a.id = r->user->id;
        a.name = r->user->email;
    }
    return a;
}

int audit_record(struct db *db, const struct actor *who, const char *action,
                 const char *object_type, const char *object_id, json_t *changes)
{
    char now[TIME_ISO_LEN];
    char *text = changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
    int rc;

    time_now_iso(now);
    rc = db_exec(db, audit_insert_sql,
                 DB_ARGS(DB_ID(who ? who->id : 0), DB_TEXT(who && who->name ? who->name : "system"),
                         DB_TEXT(action), DB_TEXT(object_type ? object_type : ""),
                         DB_TEXT(object_id ? object_id : ""), DB_TEXT(text ? text : "{}"),
                         DB_TEXT(who && who->ip ? who->ip : ""), DB_TEXT(now)));
    free(text);
    return rc;
}

int audit_record_id(struct db *db, const struct actor *who, const char *action,
                    const char *object_type, int64_t object_id, json_t *changes)
{
    char id[24];
    snprintf(id, sizeof(id), "%lld", (long long)object_id);
    return audit_record(db, who, action, object_type, id, changes);
}

bool audit_diff(json_t *changes, const char *field, const char *before, const char *after)
{
    if (!before)
        before = "";
    if (!after)
        after = "";
    if (streq(before, after))
        return false;
    json_object_set_new(changes, field, json_pack("{s:s, s:s}", "before", before, "after", after));
    return true;
}

void audit_after(json_t *changes, const char *field, const char *value)
{
    if (value && *value)
        json_object_set_new(changes, field, json_pack("{s:s}", "after", value));
}
