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
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "view/i18n.h"

static const char *id_str(struct arena *a, int64_t id)
{
    return arena_printf(a, "%lld", (long long)id);
}

/* Normalised text of at most max characters into *out, as course.c checks it. */
static bool text_ok(struct arena *a, json_t *errors, const char *field, const char *in,
                    size_t max, const char **out)
{
    const char *v = form_text_norm(a, in ? in : "");
    *out = v ? v : "";
    if (!v) {
        form_error(errors, field, N_("Enter text without invalid characters"));
        return false;
    }
    if (utf8_len(v) > max) {
        form_error(errors, field, max == CATALOG_TITLE_MAX ? N_("Use at most 200 characters")
                                                           : N_("This text is too long"));
        return false;
    }
    return true;
}

/* An http(s) link without spaces or markup characters, as course.c accepts it. */
static bool url_ok(const char *u)
{
    if (strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
        return false;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
            return false;
    return strlen(u) <= 2000;
}

/* Record action on object with one field's before and after. */
static int audit_one(struct db *db, struct arena *a, const struct actor *who, const char *action,
                     const char *type, int64_t id, const char *field, const char *before,
                     const char *after)
{
    json_t *changes = json_object();
    if (before)
        audit_diff(changes, field, before, after);
    else
        audit_after(changes, field, after);
    int rc = audit_record(db, who, action, type, id_str(a, id), changes);
    json_decref(changes);
    return rc;
}

/* Two integer columns of the first row of sql; DARS_ENOTFOUND when there is none. */
static int query_pair(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                      int64_t *x, int64_t *y)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, sql, args, nargs);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW) {
        *x = db_col_int(st, 0);
        *y = db_col_int(st, 1);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DARS_ENOTFOUND;
    }
    db_done(st);
    return rc;
}

/*
 * Swap row id (at pos, under parent) with the neighbour that neighbour_sql
 * (args: parent, pos) finds; set_sql takes (position, updated_at, id).
 * *other gets the neighbour's id, 0 when there is none (nothing changes).
 */
static int swap_rows(struct db *db, const char *neighbour_sql, const char *set_sql,
                     int64_t parent, int64_t id, int64_t pos, int64_t *other)
{
    char now[TIME_ISO_LEN];
    int64_t oid = 0, opos = 0;
    int rc = query_pair(db, neighbour_sql, DB_ARGS(DB_INT(parent), DB_INT(pos)), &oid, &opos);

    *other = 0;
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_exec(db, set_sql, DB_ARGS(DB_INT(opos), DB_TEXT(now), DB_INT(id)))) < 0 ||
        (rc = db_exec(db, set_sql, DB_ARGS(DB_INT(pos), DB_TEXT(now), DB_INT(oid)))) < 0)
        return rc;
    *other = oid;
    return 0;
}

/* ---- modules ---- */

/* The live module's title and position; DARS_ENOTFOUND when it is not one of course_id's. */
static int module_get(struct db *db, struct arena *a, int64_t course_id, int64_t module_id,
                      const char **title, int64_t *pos)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, module_get_sql, DB_ARGS(DB_INT(module_id), DB_INT(course_id)));
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW) {
        *title = arena_strdup(a, db_col_text(st, 1));
        *pos = db_col_int(st, 2);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DARS_ENOTFOUND;
    }
    db_done(st);
    return rc;
}

int catalog_module_update(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t module_id, const char *title,
                          json_t *errors)
{
    char now[TIME_ISO_LEN];
    const char *t, *old;
    int64_t pos;
    int rc;

    if (!text_ok(a, errors, "title", title, CATALOG_TITLE_MAX, &t))
        return DARS_EINVALID;
    if (!*t) {
        form_error(errors, "title", N_("Enter the title of the module"));
        return DARS_EINVALID;
    }
    if ((rc = module_get(db, a, course_id, module_id, &old, &pos)) < 0)
        return rc;
    if (streq(old, t))
        return 0;
    time_now_iso(now);
    if ((rc = db_exec(db, module_update_sql,
                      DB_ARGS(DB_TEXT(t), DB_TEXT(now), DB_INT(module_id)))) < 0)
        return rc;
    rc = audit_one(db, a, who, "module.update", "module", module_id, "title", old, t);
    return rc == 0 ? catalog_search_reindex(db, a, course_id) : rc;
}

int catalog_module_move(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, int64_t module_id, bool up, bool *moved)
{
    const char *title;
    int64_t pos, other;
    int rc;

    *moved = false;
    if ((rc = module_get(db, a, course_id, module_id, &title, &pos)) < 0)
        return rc;
    rc = swap_rows(db, up ? module_prev_sql : module_next_sql, module_set_pos_sql, course_id,
                   module_id, pos, &other);
    if (rc < 0 || !other)
        return rc;
    *moved = true;
    return audit_one(db, a, who, up ? "module.move_up" : "module.move_down", "module", module_id,
                     "after_module", NULL, id_str(a, other));
}

int catalog_module_delete(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t module_id)
{
    char now[TIME_ISO_LEN];
    const char *title;
    int64_t pos, changed = 0;
    int rc;

    if ((rc = module_get(db, a, course_id, module_id, &title, &pos)) < 0)
        return rc;
    time_now_iso(now);
    rc = db_exec_changes(db, module_delete_sql,
                         DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(module_id), DB_INT(course_id)),
                         &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    rc = audit_one(db, a, who, "module.delete", "module", module_id, "deleted_at", "", now);
    return rc == 0 ? catalog_search_reindex(db, a, course_id) : rc;
}

/* ---- lessons ---- */

int catalog_lesson_update(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, const struct catalog_lesson *old,
                          const struct lesson_new *in, json_t *errors)
{
    char now[TIME_ISO_LEN];
    const char *t, *body, *video = in->video_url ? utf8_trim(a, in->video_url) : "";
    int64_t minutes = 0;
    bool ok = text_ok(a, errors, "title", in->title, CATALOG_TITLE_MAX, &t);
    int rc;

    if (ok && !*t) {
        form_error(errors, "title", N_("Enter the title of the lesson"));
        ok = false;
    }
    ok &= text_ok(a, errors, "body", in->body, CATALOG_BODY_MAX, &body);
    if (*video && !url_ok(video)) {
        form_error(errors, "video_url", N_("Enter a link that starts with https://"));
        ok = false;
    }
    if (in->minutes && *in->minutes) {
        char *end;
        minutes = strtoll(in->minutes, &end, 10);
        if (*end || minutes < 0 || minutes > 10000 ||
            !(*in->minutes >= '0' && *in->minutes <= '9')) {
            form_error(errors, "minutes", N_("Enter a whole number of minutes"));
            ok = false;
        }
    }
    if (!ok)
        return DARS_EINVALID;
    json_t *changes = json_object();
    audit_diff(changes, "title", old->own_title, t);
    audit_diff(changes, "body", old->own_body, body);
    audit_diff(changes, "video_url", old->video_url, video);
    audit_diff(changes, "minutes", id_str(a, old->minutes), id_str(a, minutes));
    rc = 0;
    if (json_object_size(changes) == 0)
        goto out;
    time_now_iso(now);
    rc = db_exec(db, lesson_update_sql,
                 DB_ARGS(DB_TEXT(t), DB_TEXT(body), DB_TEXT(video), DB_INT(minutes),
                         DB_TEXT(now), DB_INT(old->id)));
    if (rc == 0)
        rc = audit_record(db, who, "lesson.update", "lesson", id_str(a, old->id), changes);
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
    int64_t module_id, pos, other;
    int rc;

    *moved = false;
    if ((rc = lesson_pos(db, course_id, lesson_id, &module_id, &pos)) < 0)
        return rc;
    rc = swap_rows(db, up ? lesson_prev_sql : lesson_next_sql, lesson_set_pos_sql, module_id,
                   lesson_id, pos, &other);
    if (rc < 0 || !other)
        return rc;
    *moved = true;
    return audit_one(db, a, who, up ? "lesson.move_up" : "lesson.move_down", "lesson", lesson_id,
                     "after_lesson", NULL, id_str(a, other));
}

int catalog_lesson_delete(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t lesson_id)
{
    char now[TIME_ISO_LEN];
    int64_t module_id, pos, changed = 0;
    int rc;

    if ((rc = lesson_pos(db, course_id, lesson_id, &module_id, &pos)) < 0)
        return rc;
    time_now_iso(now);
    rc = db_exec_changes(db, lesson_delete_sql,
                         DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(lesson_id), DB_INT(course_id)),
                         &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    rc = audit_one(db, a, who, "lesson.delete", "lesson", lesson_id, "deleted_at", "", now);
    return rc == 0 ? catalog_search_reindex(db, a, course_id) : rc;
}

int catalog_attachment_delete(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, int64_t attachment_id)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    const char *name;
    int64_t changed = 0;
    int rc = db_query(db, &st, attachment_name_sql,
                      DB_ARGS(DB_INT(attachment_id), DB_INT(course_id)));
    if (rc < 0)
        return rc;
    rc = db_step(st);
    name = rc == DB_ROW ? arena_strdup(a, db_col_text(st, 0)) : NULL;
    db_done(st);
    if (rc < 0)
        return rc;
    if (!name)
        return DARS_ENOTFOUND;
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
    audit_after(changes, "course", id_str(a, course_id));
    rc = audit_record(db, who, "attachment.delete", "attachment", id_str(a, attachment_id),
                      changes);
    json_decref(changes);
    return rc;
}

int catalog_course_remove_instructor(struct db *db, struct arena *a, const struct actor *who,
                                     int64_t course_id, int64_t user_id)
{
    int64_t changed = 0;
    int rc = db_exec_changes(db, course_instructor_del_sql,
                             DB_ARGS(DB_INT(course_id), DB_INT(user_id)), &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    return audit_one(db, a, who, "course.instructor_remove", "course", course_id, "instructor",
                     id_str(a, user_id), "");
}

/* ---- programmes ---- */

int catalog_programme_update(struct db *db, struct arena *a, const struct actor *who,
                             int64_t programme_id, const char *old_title,
                             const char *old_summary, const struct programme_new *in,
                             json_t *errors)
{
    char now[TIME_ISO_LEN];
    const char *t, *s;
    bool ok = text_ok(a, errors, "title", in->title, CATALOG_TITLE_MAX, &t);
    int rc = 0;

    if (ok && !*t) {
        form_error(errors, "title", N_("Enter the title of the programme"));
        ok = false;
    }
    ok &= text_ok(a, errors, "summary", in->summary, CATALOG_SUMMARY_MAX, &s);
    if (!ok)
        return DARS_EINVALID;
    json_t *changes = json_object();
    audit_diff(changes, "title", old_title, t);
    audit_diff(changes, "summary", old_summary, s);
    if (json_object_size(changes) == 0)
        goto out;
    time_now_iso(now);
    rc = db_exec(db, programme_update_sql,
                 DB_ARGS(DB_TEXT(t), DB_TEXT(s), DB_TEXT(now), DB_INT(programme_id)));
    if (rc == 0)
        rc = audit_record(db, who, "programme.update", "programme", id_str(a, programme_id),
                          changes);
out:
    json_decref(changes);
    return rc;
}

int catalog_programme_remove_course(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t programme_id, int64_t course_id)
{
    int64_t changed = 0;
    int rc = db_exec_changes(db, programme_course_del_sql,
                             DB_ARGS(DB_INT(programme_id), DB_INT(course_id)), &changed);
    if (rc < 0)
        return rc;
    if (!changed)
        return DARS_ENOTFOUND;
    return audit_one(db, a, who, "programme.remove_course", "programme", programme_id, "course",
                     id_str(a, course_id), "");
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
    return audit_one(db, a, who, up ? "programme.move_up" : "programme.move_down", "programme",
                     programme_id, "course", NULL, id_str(a, course_id));
}
