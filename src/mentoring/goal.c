/*
 * A mentorship's goals: the pair and its coordinators add them and mark
 * each open, achieved or dropped. Shared by the API and the mentorship's page.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "audit/audit.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"

#include <string.h>

bool mt_goal_status_ok(const char *status)
{
    return status &&
           (streq(status, "open") || streq(status, "achieved") || streq(status, "dropped"));
}

int mt_goal_save(struct req *r, const struct mt_ms *m, int64_t goal_id, const char *title,
                 const char *status, json_t *errors)
{
    char now[TIME_ISO_LEN];
    int64_t id = goal_id, changed = 0;
    int rc;

    if (mt_ms_role(r, m) == MT_OTHER && !mt_ms_coordinator(r, m))
        return DARS_EDENIED;
    if (!goal_id && (!title || !*title || strlen(title) > 300))
        form_error(errors, "title", N_("Enter the goal in up to 300 characters"));
    if (goal_id && !mt_goal_status_ok(status))
        form_error(errors, "status", N_("Choose open, achieved or dropped"));
    if (json_object_size(errors))
        return DARS_EINVALID;
    time_now_iso(now);
    json_t *changes = json_object();
    if (goal_id) {
        rc = db_exec_changes(r->db, mt_goal_status_sql,
                             DB_ARGS(DB_TEXT(status), DB_TEXT(now), DB_INT(goal_id),
                                     DB_INT(m->id)),
                             &changed);
        if (rc == 0 && !changed)
            rc = DARS_ENOTFOUND;
        audit_after(changes, "status", status);
    } else {
        rc = db_query_int(r->db, mt_goal_insert_sql,
                          DB_ARGS(DB_INT(m->id), DB_TEXT(title), DB_TEXT(now), DB_TEXT(now)),
                          &id);
        audit_after(changes, "title", title);
    }
    audit_after(changes, "mentorship", arena_int(&r->arena, m->id));
    if (rc == 0) {
        struct actor who = audit_actor(r);
        rc = audit_record_id(r->db, &who, goal_id ? "mentorship_goal.update"
                                                  : "mentorship_goal.create",
                             "mentorship_goal", id, changes);
    }
    json_decref(changes);
    return rc;
}
