/*
 * Programmes: learning paths made of courses in order ("Digital
 * transformation leadership"). A learner's progress through one is computed
 * from their courses (enrol module), never stored.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"
#include "view/i18n.h"

int catalog_programme_insert(struct db *db, struct arena *a, const struct actor *who,
                             const struct programme_new *in, json_t *errors, int64_t *id)
{
    char now[TIME_ISO_LEN];
    const char *code = form_code_norm(a, in->code ? in->code : ""), *title, *summary, *problem;
    int64_t new_id = 0, other;
    bool ok = true;
    int rc;

    if ((problem = form_code_problem(code))) {
        form_error(errors, "code", problem);
        ok = false;
    }
    ok &= catalog_title_check(a, errors, in->title, N_("Enter the title of the programme"),
                              &title);
    ok &= catalog_text_check(a, errors, "summary", in->summary, CATALOG_SUMMARY_MAX, &summary);
    if (!ok)
        return DARS_EINVALID;
    rc = db_query_int(db, programme_code_taken_sql, DB_ARGS(DB_TEXT(code)), &other);
    if (rc == 0) {
        form_error(errors, "code", N_("A programme with this code already exists"));
        return DARS_ECONFLICT;
    }
    if (rc != DARS_ENOTFOUND)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, programme_insert_sql,
                      DB_ARGS(DB_TEXT(code), DB_TEXT(title), DB_TEXT(summary), DB_ID(who->id),
                              DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "code", code);
    audit_after(changes, "title", title);
    audit_after(changes, "summary", summary);
    rc = audit_record_id(db, who, "programme.create", "programme", new_id, changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int catalog_programme_id(struct db *db, struct arena *a, const char *code, int64_t *id)
{
    return db_query_int(db, programme_code_taken_sql, DB_ARGS(DB_TEXT(form_code_norm(a, code))),
                        id);
}

int catalog_programme_add_course(struct db *db, struct arena *a, const struct actor *who,
                                 int64_t programme_id, int64_t course_id)
{
    int64_t pos = 0, changed = 0;
    int rc = db_query_int(db, programme_max_pos_sql, DB_ARGS(DB_INT(programme_id)), &pos);
    if (rc < 0)
        return rc;
    rc = db_exec_changes(db, programme_add_course_sql,
                         DB_ARGS(DB_INT(programme_id), DB_INT(course_id), DB_INT(pos + 1)),
                         &changed);
    if (rc < 0 || changed == 0)
        return rc;
    return catalog_audit_one(db, who, "programme.add_course", "programme", programme_id,
                             "course", NULL, arena_int(a, course_id));
}

int catalog_programme_set_published(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t programme_id, bool published)
{
    char now[TIME_ISO_LEN];
    const char *status = published ? "published" : "draft";
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    rc = db_exec_changes(db, programme_publish_sql,
                         DB_ARGS(DB_TEXT(status), DB_TEXT(now), DB_INT(programme_id)), &changed);
    if (rc < 0)
        return rc;
    if (changed == 0)
        return DARS_ENOTFOUND;
    return catalog_audit_one(db, who, published ? "programme.publish" : "programme.unpublish",
                             "programme", programme_id, "status", NULL, status);
}

