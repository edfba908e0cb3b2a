/*
 * Requests for a mentor: a learner asks for themselves (goals, skills
 * wanted, language, online or in person), or a coordinator asks for a
 * learner of their centres (a cohort at a time, by repeating it). A request
 * stays open until a mentorship answers it.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"

#include <string.h>

int mt_request_get(struct db *db, struct arena *a, int64_t id, struct mt_request *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, mt_request_by_id_sql, DB_ARGS(DB_INT(id)));
    if (rc < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->mentee_id = db_col_int(st, 1);
    out->mentee_centre_id = db_col_int(st, 2);
    out->programme_id = db_col_int(st, 3);
    out->mentee_email = arena_strdup(a, db_col_text(st, 4));
    out->mentee_name = arena_strdup(a, db_col_text(st, 5));
    out->goals = arena_strdup(a, db_col_text(st, 6));
    out->language = arena_strdup(a, db_col_text(st, 7));
    out->mode = arena_strdup(a, db_col_text(st, 8));
    out->status = arena_strdup(a, db_col_text(st, 9));
    out->created_at = arena_strdup(a, db_col_text(st, 10));
    db_done(st);
    return 0;
}

int mt_request_create(struct req *r, const struct mt_request_input *in, json_t *errors,
                      int64_t *id)
{
    struct accounts_user_ref mentee = { .id = r->user->id, .centre_id = 0,
                                        .email = r->user->email };
    int64_t programme_id = 0, open = 0, skill_ids[MT_MAX_SKILLS];
    size_t nskills = 0;
    const char *mode = in->mode && *in->mode ? in->mode : "online";
    const char *language = in->language && *in->language ? in->language : r->lang;
    char now[TIME_ISO_LEN];
    int rc;

    if (in->mentee && *in->mentee) {
        rc = accounts_user_by_email(r->db, &r->arena, in->mentee, &mentee);
        if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID) {
            form_error(errors, "mentee", N_("Enter the e-mail of a person in Dars"));
            return DARS_EINVALID;
        }
        if (rc < 0)
            return rc;
        /* asking for someone else is a coordinator's work, for their centres */
        if (mentee.id != r->user->id && !mt_coordinates(r, mentee.centre_id))
            return DARS_EDENIED;
    }
    if (!streq(mode, "online") && !streq(mode, "in-person"))
        form_error(errors, "mode", N_("Choose online or in person"));
    if (!mt_lang_bit(language))
        form_error(errors, "language", N_("Choose languages from the list"));
    if (in->goals && strlen(in->goals) > 2000)
        form_error(errors, "goals", N_("Keep it under 2,000 characters"));
    if (!in->goals || !*in->goals)
        form_error(errors, "goals", N_("Say what you would like help with"));
    for (size_t i = 0; in->skills && in->skills[i]; i++) {
        if (nskills == MT_MAX_SKILLS)
            break;
        rc = db_query_int(r->db, mt_skill_id_sql, DB_ARGS(DB_TEXT(in->skills[i])),
                          &skill_ids[nskills]);
        if (rc == DARS_ENOTFOUND) {
            form_error(errors, "skills", N_("Choose skills from the list"));
            break;
        }
        if (rc < 0)
            return rc;
        nskills++;
    }
    if (in->programme && *in->programme) {
        rc = catalog_programme_id(r->db, &r->arena, in->programme, &programme_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "programme", N_("Choose a programme that exists"));
        else if (rc < 0)
            return rc;
    }
    if (json_object_size(errors))
        return DARS_EINVALID;
    if ((rc = db_query_int(r->db, mt_request_open_of_sql, DB_ARGS(DB_INT(mentee.id)), &open)) <
            0 &&
        rc != DARS_ENOTFOUND)
        return rc;
    if (rc == 0) {
        json_object_set_new(errors, "code", json_string("this learner already has an open request"));
        return DARS_ECONFLICT;
    }
    time_now_iso(now);
    if ((rc = db_query_int(r->db, mt_request_insert_sql,
                           DB_ARGS(DB_INT(mentee.id), DB_TEXT(in->goals), DB_TEXT(language),
                                   DB_TEXT(mode), DB_ID(programme_id), DB_INT(r->user->id),
                                   DB_TEXT(now), DB_TEXT(now)),
                           id)) < 0)
        return rc;
    for (size_t i = 0; i < nskills; i++)
        if ((rc = db_exec(r->db, mt_request_skill_add_sql,
                          DB_ARGS(DB_INT(*id), DB_INT(skill_ids[i])))) < 0)
            return rc;
    json_t *changes = json_object();
    audit_after(changes, "mentee", mentee.email);
    audit_after(changes, "language", language);
    audit_after(changes, "mode", mode);
    struct actor who = audit_actor(r);
    rc = audit_record_id(r->db, &who, "mentoring_request.create", "mentoring_request", *id,
                         changes);
    json_decref(changes);
    return rc;
}
