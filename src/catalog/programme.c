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
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"

void catalog_programme_row(struct arena *a, struct db_stmt *st, struct catalog_programme *p)
{
    p->id = db_col_int(st, 0);
    p->code = arena_strdup(a, db_col_text(st, 1));
    p->title = arena_strdup(a, db_col_text(st, 2));
    p->summary = arena_strdup(a, db_col_text(st, 3));
    p->status = arena_strdup(a, db_col_text(st, 4));
    p->own_title = arena_strdup(a, db_col_text(st, 5));
    p->own_summary = arena_strdup(a, db_col_text(st, 6));
    p->courses = db_col_int(st, 7);
    p->created_at = arena_strdup(a, db_col_text(st, 8));
    p->updated_at = arena_strdup(a, db_col_text(st, 9));
    p->centre = arena_strdup(a, db_col_text(st, 10));
    p->region = arena_strdup(a, db_col_text(st, 11));
    p->centre_id = db_col_int(st, 12);
    p->region_id = db_col_int(st, 13);
    p->mentor_training = db_col_int(st, 14) != 0;
    p->certificate = db_col_int(st, 15) != 0;
    p->certificate_months = db_col_int(st, 16);
}

static int programme_get(struct db *db, struct arena *a, const char *sql, struct db_arg key,
                         const char *lang, struct catalog_programme *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, DB_ARGS(DB_TEXT(lang), key));
    if (rc < 0)
        return rc;
    catalog_programme_row(a, st, out);
    db_done(st);
    return 0;
}

int catalog_programme_get(struct db *db, struct arena *a, const char *code, const char *lang,
                          struct catalog_programme *out)
{
    return programme_get(db, a, programme_by_code_sql, DB_TEXT(form_code_norm(a, code)), lang,
                         out);
}

int catalog_programme_get_id(struct db *db, struct arena *a, int64_t id, const char *lang,
                             struct catalog_programme *out)
{
    return programme_get(db, a, programme_by_id_sql, DB_INT(id), lang, out);
}

int catalog_programme_owner_ids(struct db *db, struct arena *a, const struct programme_new *in,
                                json_t *errors, int64_t *centre_id, int64_t *region_id)
{
    int rc;

    *centre_id = *region_id = 0;
    if (in->centre && *in->centre && in->region && *in->region) {
        form_error(errors, "region", N_("Choose a centre or a region, not both"));
        return DARS_EINVALID;
    }
    if (in->centre && *in->centre) {
        rc = org_centre_id(db, form_code_norm(a, in->centre), centre_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "centre", N_("There is no centre with this code"));
        if (rc < 0)
            return rc == DARS_ENOTFOUND ? DARS_EINVALID : rc;
    }
    if (in->region && *in->region) {
        rc = org_region_id(db, form_code_norm(a, in->region), region_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "region", N_("There is no region with this code"));
        if (rc < 0)
            return rc == DARS_ENOTFOUND ? DARS_EINVALID : rc;
    }
    return 0;
}

int catalog_programme_insert(struct db *db, struct arena *a, const struct actor *who,
                             const struct programme_new *in, json_t *errors, int64_t *id)
{
    char now[TIME_ISO_LEN];
    const char *code = form_code_norm(a, in->code ? in->code : ""), *title, *summary, *problem;
    int64_t new_id = 0, other, centre_id, region_id;
    bool ok = true;
    int rc;

    if ((problem = form_code_problem(code))) {
        form_error(errors, "code", problem);
        ok = false;
    }
    ok &= catalog_title_check(a, errors, in->title, N_("Enter the title of the programme"),
                              &title);
    ok &= catalog_text_check(a, errors, "summary", in->summary, CATALOG_SUMMARY_MAX, &summary);
    if ((rc = catalog_programme_owner_ids(db, a, in, errors, &centre_id, &region_id)) < 0 &&
        rc != DARS_EINVALID)
        return rc;
    int64_t mentor_training = in->mentor_training && streq(in->mentor_training, "1");
    bool certificate = false;
    int64_t months = 0;
    ok &= catalog_certificate_check(in->certificate, in->certificate_months, errors, &certificate,
                                    &months);
    if (!ok || rc == DARS_EINVALID)
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
                      DB_ARGS(DB_TEXT(code), DB_TEXT(title), DB_TEXT(summary), DB_ID(centre_id),
                              DB_ID(region_id), DB_INT(mentor_training), DB_ID(who->id),
                              DB_TEXT(now), DB_TEXT(now), DB_INT(certificate), DB_ID(months)),
                      &new_id);
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "code", code);
    audit_after(changes, "title", title);
    audit_after(changes, "summary", summary);
    if (centre_id)
        audit_after(changes, "centre", form_code_norm(a, in->centre));
    if (region_id)
        audit_after(changes, "region", form_code_norm(a, in->region));
    if (mentor_training)
        audit_after(changes, "mentor_training", "true");
    if (certificate)
        audit_after(changes, "certificate", "true");
    if (months)
        audit_after(changes, "certificate_months", catalog_num_str(a, months));
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

