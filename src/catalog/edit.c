/*
 * The authoring store: what the editor pages change beyond creating things
 * (course.c, programme.c, attachment.c). Renames, rewrites, moves (two rows
 * swap positions, inside the caller's transaction), soft deletes (deleted_at:
 * progress and reports still point at the rows), instructors and programme
 * order. Each change is audited; text changes reindex the course.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"

/* Two integer columns of the first row of sql; DARS_ENOTFOUND when there is none. */
static int query_pair(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                      int64_t *x, int64_t *y)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, args, nargs);
    if (rc < 0)
        return rc;
    *x = db_col_int(st, 0);
    *y = db_col_int(st, 1);
    db_done(st);
    return 0;
}

/*
 * Swap row id of type ("module", "lesson"; at pos, under parent) with its
 * live neighbour above (up) or below: prev_sql / next_sql (args: parent, pos)
 * find it, set_sql takes (position, updated_at, id). *moved false, and
 * nothing changes, when there is none.
 */
static int move_row(struct db *db, struct arena *a, const struct actor *who, const char *type,
                    const char *neighbour_sql, const char *set_sql, int64_t parent, int64_t id,
                    int64_t pos, bool up, bool *moved)
{
    char now[TIME_ISO_LEN];
    int64_t oid = 0, opos = 0;
    int rc = query_pair(db, neighbour_sql, DB_ARGS(DB_INT(parent), DB_INT(pos)), &oid, &opos);

    *moved = false;
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_exec(db, set_sql, DB_ARGS(DB_INT(opos), DB_TEXT(now), DB_INT(id)))) < 0 ||
        (rc = db_exec(db, set_sql, DB_ARGS(DB_INT(pos), DB_TEXT(now), DB_INT(oid)))) < 0)
        return rc;
    *moved = true;
    return catalog_audit_one(db, who, arena_printf(a, "%s.move_%s", type, up ? "up" : "down"),
                             type, id, arena_printf(a, "after_%s", type), NULL,
                             arena_int(a, oid));
}

/*
 * Soft-delete row id of type of course_id with sql (args: deleted_at,
 * updated_at, id, course id), audit it and reindex the course.
 */
static int soft_delete(struct db *db, struct arena *a, const struct actor *who, const char *type,
                       const char *sql, int64_t course_id, int64_t id)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    rc = db_exec_changes(db, sql,
                         DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(id), DB_INT(course_id)),
                         &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    rc = catalog_audit_one(db, who, arena_printf(a, "%s.delete", type), type, id, "deleted_at",
                           "", now);
    return rc == 0 ? catalog_search_reindex(db, a, course_id) : rc;
}

/* Delete a link row (sql args: owner, other), auditing field other -> "" on the owner. */
static int unlink_row(struct db *db, struct arena *a, const struct actor *who, const char *sql,
                      const char *action, const char *type, int64_t owner, const char *field,
                      int64_t other)
{
    int64_t changed = 0;
    int rc = db_exec_changes(db, sql, DB_ARGS(DB_INT(owner), DB_INT(other)), &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    return catalog_audit_one(db, who, action, type, owner, field, arena_int(a, other), "");
}

/* ---- modules ---- */

int catalog_module_get(struct db *db, struct arena *a, int64_t course_id, int64_t module_id,
                      const char **title, int64_t *pos)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, module_get_sql, DB_ARGS(DB_INT(module_id), DB_INT(course_id)));
    if (rc < 0)
        return rc;
    *title = arena_strdup(a, db_col_text(st, 0));
    *pos = db_col_int(st, 1);
    db_done(st);
    return 0;
}

int catalog_module_update(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t module_id, const char *title,
                          json_t *errors)
{
    char now[TIME_ISO_LEN];
    const char *t, *old;
    int64_t pos;
    int rc;

    if (!catalog_title_check(a, errors, title, N_("Enter the title of the module"), &t))
        return DARS_EINVALID;
    if ((rc = catalog_module_get(db, a, course_id, module_id, &old, &pos)) < 0)
        return rc;
    if (streq(old, t))
        return 0;
    time_now_iso(now);
    if ((rc = db_exec(db, module_update_sql,
                      DB_ARGS(DB_TEXT(t), DB_TEXT(now), DB_INT(module_id)))) < 0)
        return rc;
    rc = catalog_audit_one(db, who, "module.update", "module", module_id, "title", old, t);
    return rc == 0 ? catalog_search_reindex(db, a, course_id) : rc;
}

int catalog_module_move(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, int64_t module_id, bool up, bool *moved)
{
    const char *title;
    int64_t pos;
    int rc;

    *moved = false;
    if ((rc = catalog_module_get(db, a, course_id, module_id, &title, &pos)) < 0)
        return rc;
    return move_row(db, a, who, "module", up ? module_prev_sql : module_next_sql,
                    module_set_pos_sql, course_id, module_id, pos, up, moved);
}

int catalog_module_delete(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t module_id)
{
    char now[TIME_ISO_LEN];
    int rc;

    /* its lessons too, so that whatever counts lessons need not look at modules */
    time_now_iso(now);
    if ((rc = db_exec(db, module_lessons_delete_sql,
                      DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(module_id), DB_INT(course_id)))) <
        0)
        return rc;
    /* the delete's own WHERE (a live module of the course) answers DARS_ENOTFOUND */
    return soft_delete(db, a, who, "module", module_delete_sql, course_id, module_id);
}

/* ---- lessons ---- */

int catalog_lesson_update(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, const struct catalog_lesson *old,
                          const struct lesson_new *in, json_t *errors)
{
    char now[TIME_ISO_LEN];
    struct catalog_lesson_vals v;
    const char *html;
    int rc = 0;

    if (!catalog_lesson_check(a, in, errors, &v))
        return DARS_EINVALID;
    json_t *changes = json_object();
    audit_diff(changes, "title", old->own_title, v.title);
    audit_diff(changes, "body", old->own_body, v.body);
    audit_diff(changes, "video_url", old->video_url, v.video_url);
    audit_diff(changes, "minutes", arena_int(a, old->minutes), arena_int(a, v.minutes));
    if (json_object_size(changes) == 0)
        goto out;
    if ((rc = catalog_lesson_html(a, v.body, &html)) < 0)
        goto out;
    time_now_iso(now);
    rc = db_exec(db, lesson_update_sql,
                 DB_ARGS(DB_TEXT(v.title), DB_TEXT(v.body), DB_TEXT(html), DB_TEXT(v.video_url),
                         DB_INT(v.minutes), DB_TEXT(now), DB_INT(old->id)));
    if (rc == 0)
        rc = audit_record_id(db, who, "lesson.update", "lesson", old->id, changes);
    if (rc == 0)
        rc = catalog_search_reindex(db, a, course_id);
out:
    json_decref(changes);
    return rc;
}

/* The module and position of a live lesson of course_id. */
static int lesson_pos(struct db *db, int64_t course_id, int64_t lesson_id, int64_t *module_id,
                      int64_t *pos)
{
    return query_pair(db, lesson_pos_sql, DB_ARGS(DB_INT(lesson_id), DB_INT(course_id)),
                      module_id, pos);
}

int catalog_lesson_move(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, int64_t lesson_id, bool up, bool *moved)
{
    int64_t module_id, pos;
    int rc;

    *moved = false;
    if ((rc = lesson_pos(db, course_id, lesson_id, &module_id, &pos)) < 0)
        return rc;
    return move_row(db, a, who, "lesson", up ? lesson_prev_sql : lesson_next_sql,
                    lesson_set_pos_sql, module_id, lesson_id, pos, up, moved);
}

int catalog_lesson_delete(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t lesson_id)
{
    int64_t module_id, pos;
    int rc = lesson_pos(db, course_id, lesson_id, &module_id, &pos);

    if (rc < 0)
        return rc;
    return soft_delete(db, a, who, "lesson", lesson_delete_sql, course_id, lesson_id);
}

int catalog_attachment_delete(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, int64_t attachment_id)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    const char *name;
    int64_t changed = 0;
    int rc = db_query_row(db, &st, attachment_name_sql,
                          DB_ARGS(DB_INT(attachment_id), DB_INT(course_id)));
    if (rc < 0)
        return rc;
    name = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    time_now_iso(now);
    rc = db_exec_changes(db, attachment_delete_sql,
                         DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(attachment_id),
                                 DB_INT(course_id)),
                         &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    json_t *changes = json_object();
    audit_after(changes, "filename", name);
    audit_diff(changes, "deleted_at", "", now);
    audit_after(changes, "course", arena_int(a, course_id));
    rc = audit_record_id(db, who, "attachment.delete", "attachment", attachment_id,
                      changes);
    json_decref(changes);
    return rc;
}

int catalog_course_remove_instructor(struct db *db, struct arena *a, const struct actor *who,
                                     int64_t course_id, int64_t user_id)
{
    return unlink_row(db, a, who, course_instructor_del_sql, "course.instructor_remove", "course",
                      course_id, "instructor", user_id);
}

/* ---- programmes ---- */

int catalog_programme_update(struct db *db, struct arena *a, const struct actor *who,
                             const struct catalog_programme *old, const struct programme_new *in,
                             json_t *errors)
{
    char now[TIME_ISO_LEN];
    const char *t, *s, *centre = old->centre, *region = old->region;
    int64_t centre_id = old->centre_id, region_id = old->region_id;
    bool ok = catalog_title_check(a, errors, in->title, N_("Enter the title of the programme"),
                                  &t);
    int rc = 0;

    ok &= catalog_text_check(a, errors, "summary", in->summary, CATALOG_SUMMARY_MAX, &s);
    if (in->centre || in->region) {
        rc = catalog_programme_owner_ids(db, a, in, errors, &centre_id, &region_id);
        if (rc < 0 && rc != DARS_EINVALID)
            return rc;
        ok &= rc == 0;
        rc = 0;
        centre = centre_id ? form_code_norm(a, in->centre) : "";
        region = region_id ? form_code_norm(a, in->region) : "";
    }
    if (!ok)
        return DARS_EINVALID;
    json_t *changes = json_object();
    audit_diff(changes, "title", old->own_title, t);
    audit_diff(changes, "summary", old->own_summary, s);
    audit_diff(changes, "centre", old->centre, centre);
    audit_diff(changes, "region", old->region, region);
    bool trains = in->mentor_training ? streq(in->mentor_training, "1") : old->mentor_training;
    bool gives = old->certificate;
    int64_t months = old->certificate_months;
    ok &= catalog_certificate_check(in->certificate, in->certificate_months, errors, &gives,
                                    &months);
    if (!ok) {
        json_decref(changes);
        return DARS_EINVALID;
    }
    audit_diff(changes, "certificate", old->certificate ? "true" : "false",
               gives ? "true" : "false");
    audit_diff(changes, "certificate_months", catalog_num_str(a, old->certificate_months),
               catalog_num_str(a, months));
    audit_diff(changes, "mentor_training", old->mentor_training ? "true" : "false",
               trains ? "true" : "false");
    if (json_object_size(changes) == 0)
        goto out;
    time_now_iso(now);
    rc = db_exec(db, programme_update_sql,
                 DB_ARGS(DB_TEXT(t), DB_TEXT(s), DB_ID(centre_id), DB_ID(region_id),
                         DB_INT(trains), DB_TEXT(now), DB_INT(gives), DB_ID(months),
                         DB_INT(old->id)));
    if (rc == 0)
        rc = audit_record_id(db, who, "programme.update", "programme", old->id, changes);
out:
    json_decref(changes);
    return rc;
}

int catalog_programme_remove_course(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t programme_id, int64_t course_id)
{
    return unlink_row(db, a, who, programme_course_del_sql, "programme.remove_course",
                      "programme", programme_id, "course", course_id);
}

int catalog_programme_move_course(struct db *db, struct arena *a, const struct actor *who,
                                  int64_t programme_id, int64_t course_id, bool up, bool *moved)
{
    int64_t pos, oid = 0, opos = 0;
    int rc = db_query_int(db, programme_course_pos_sql,
                          DB_ARGS(DB_INT(programme_id), DB_INT(course_id)), &pos);

    *moved = false;
    if (rc < 0)
        return rc;
    rc = query_pair(db, up ? programme_course_prev_sql : programme_course_next_sql,
                    DB_ARGS(DB_INT(programme_id), DB_INT(pos)), &oid, &opos);
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    if ((rc = db_exec(db, programme_course_set_pos_sql,
                      DB_ARGS(DB_INT(opos), DB_INT(programme_id), DB_INT(course_id)))) < 0 ||
        (rc = db_exec(db, programme_course_set_pos_sql,
                      DB_ARGS(DB_INT(pos), DB_INT(programme_id), DB_INT(oid)))) < 0)
        return rc;
    *moved = true;
    return catalog_audit_one(db, who, up ? "programme.move_up" : "programme.move_down",
                             "programme", programme_id, "course", NULL,
                             arena_int(a, course_id));
}
