/*
 * Courses, their modules and lessons: reading them in a language, checking
 * and writing them (each write audited in the caller's transaction), and who
 * may manage a course.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "core/url.h"
#include "view/view.h"

const char *const catalog_topics[] = {
    "e-government", "cybersecurity", "digital-transformation", "computer-literacy",
    "programming",  "robotics",      "english",                "other",
    NULL,
};

static const char *const topic_names[] = {
    N_("E-government"), N_("Cybersecurity"), N_("Digital transformation"),
    N_("Computer literacy"), N_("Programming"), N_("Robotics"), N_("English"), N_("Other"),
};

const char *const catalog_course_langs[] = { "en", "ru", "az", "uz", "ko", "vi", NULL };
const char *const catalog_deliveries[] = { "online", "face-to-face", "blended", NULL };
const char *const catalog_enrol_modes[] = { "open", "approval", NULL };

const char *catalog_topic_name(const char *lang, const char *topic)
{
    for (size_t i = 0; catalog_topics[i]; i++)
        if (streq(catalog_topics[i], topic))
            return _(lang, topic_names[i]);
    return topic;
}

const char *catalog_lang_name(const char *code)
{
    /* a course may be in a language the interface does not offer yet */
    if (streq(code, "ko"))
        return "한국어";
    if (streq(code, "vi"))
        return "Tiếng Việt";
    return i18n_lang_name(code);
}

const char *catalog_course_url(struct req *r, const char *code)
{
    return arena_printf(&r->arena, "/courses/%s", url_encode(&r->arena, code));
}

const char *catalog_lesson_url(struct req *r, const char *code, int64_t lesson_id)
{
    return arena_printf(&r->arena, "/courses/%s/lessons/%lld", url_encode(&r->arena, code),
                        (long long)lesson_id);
}

bool catalog_is_author(const struct req *r)
{
    return r->user->is_admin || r->user->is_manager || r->user->is_instructor;
}

/* ---- reading ---- */

/* The columns of COURSE_SELECT (course_sql.c) into c. */
static void course_row(struct arena *a, struct db_stmt *st, struct catalog_course *c)
{
    c->id = db_col_int(st, 0);
    c->code = arena_strdup(a, db_col_text(st, 1));
    c->title = arena_strdup(a, db_col_text(st, 2));
    c->summary = arena_strdup(a, db_col_text(st, 3));
    c->own_title = arena_strdup(a, db_col_text(st, 4));
    c->own_summary = arena_strdup(a, db_col_text(st, 5));
    c->language = arena_strdup(a, db_col_text(st, 6));
    c->topic = arena_strdup(a, db_col_text(st, 7));
    c->delivery = arena_strdup(a, db_col_text(st, 8));
    c->status = arena_strdup(a, db_col_text(st, 9));
    c->enrol_mode = arena_strdup(a, db_col_text(st, 10));
    c->capacity = db_col_int(st, 11);
    c->centre_id = db_col_int(st, 12);
    c->centre = arena_strdup(a, db_col_text(st, 13));
    c->cover_id = db_col_int(st, 14);
    c->lessons = db_col_int(st, 15);
    c->published_at = arena_strdup(a, db_col_text(st, 16));
    c->created_at = arena_strdup(a, db_col_text(st, 17));
    c->updated_at = arena_strdup(a, db_col_text(st, 18));
    c->certificate = db_col_int(st, 19) != 0;
    c->certificate_months = db_col_int(st, 20);
}

static int course_get_by(struct db *db, struct arena *a, const char *sql, const char *lang,
                         struct db_arg key, struct catalog_course *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, DB_ARGS(DB_TEXT(lang), key));
    if (rc < 0)
        return rc;
    course_row(a, st, out);
    db_done(st);
    return 0;
}

int catalog_course_get_id(struct db *db, struct arena *a, int64_t id, const char *lang,
                          struct catalog_course *out)
{
    memset(out, 0, sizeof(*out));
    return course_get_by(db, a, course_by_id_sql, lang, DB_INT(id), out);
}

int catalog_course_get(struct db *db, struct arena *a, const char *id_or_code, const char *lang,
                       struct catalog_course *out)
{
    int rc = DARS_ENOTFOUND;
    memset(out, 0, sizeof(*out));
    if (api_is_id(id_or_code))
        rc = course_get_by(db, a, course_by_id_sql, lang,
                           DB_INT(strtoll(id_or_code, NULL, 10)), out);
    if (rc == DARS_ENOTFOUND)
        rc = course_get_by(db, a, course_by_code_sql, lang,
                           DB_TEXT(form_code_norm(a, id_or_code)), out);
    return rc;
}

int catalog_may_manage(struct req *r, const struct catalog_course *c, bool *yes)
{
    int64_t one;
    int rc;

    *yes = false;
    if (!r->user)
        return 0;
    if (r->user->is_admin || (c->centre_id && accounts_can_manage_centre(r, c->centre_id))) {
        *yes = true;
        return 0;
    }
    rc = db_query_int(r->db, course_is_instructor_sql, DB_ARGS(DB_INT(c->id), DB_INT(r->user->id)),
                      &one);
    if (rc == 0)
        *yes = true;
    return rc == DARS_ENOTFOUND ? 0 : rc;
}

int catalog_lesson_ids(struct db *db, struct arena *a, int64_t course_id, int64_t **ids,
                       size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_query(db, &st, lesson_ids_sql, DB_ARGS(DB_INT(course_id)));

    *n = 0;
    *ids = NULL;
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *ids = arena_grow(a, *ids, *n, &cap, sizeof(**ids));
        (*ids)[(*n)++] = db_col_int(st, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int catalog_lesson_course(struct db *db, int64_t lesson_id, int64_t *course_id)
{
    return db_query_int(db, lesson_course_sql, DB_ARGS(DB_INT(lesson_id)), course_id);
}

int catalog_outline(struct db *db, struct arena *a, int64_t course_id, const char *lang,
                    struct catalog_outline_module **mods, size_t *nmods)
{
    struct db_stmt *st;
    size_t cap = 0, lcap = 0;
    int rc = db_query(db, &st, outline_sql, DB_ARGS(DB_TEXT(lang), DB_TEXT(lang),
                                                    DB_INT(course_id)));
    *mods = NULL;
    *nmods = 0;
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t mid = db_col_int(st, 0);
        struct catalog_outline_module *m = *nmods ? &(*mods)[*nmods - 1] : NULL;
        if (!m || m->id != mid) {
            *mods = arena_grow(a, *mods, *nmods, &cap, sizeof(**mods));
            m = &(*mods)[(*nmods)++];
            memset(m, 0, sizeof(*m));
            m->id = mid;
            m->title = arena_strdup(a, db_col_text(st, 1));
            lcap = 0;
        }
        if (db_col_is_null(st, 2))
            continue;
        m->lessons = arena_grow(a, m->lessons, m->nlessons, &lcap, sizeof(*m->lessons));
        struct catalog_outline_lesson *l = &m->lessons[m->nlessons++];
        l->id = db_col_int(st, 2);
        l->title = arena_strdup(a, db_col_text(st, 3));
        l->minutes = db_col_int(st, 4);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int catalog_lesson_get(struct db *db, struct arena *a, int64_t course_id, int64_t lesson_id,
                       const char *lang, struct catalog_lesson *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, lesson_get_sql,
                          DB_ARGS(DB_TEXT(lang), DB_INT(lesson_id), DB_INT(course_id)));
    memset(out, 0, sizeof(*out));
    if (rc < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->module_id = db_col_int(st, 1);
    out->title = arena_strdup(a, db_col_text(st, 2));
    out->body = arena_strdup(a, db_col_text(st, 3));
    out->own_title = arena_strdup(a, db_col_text(st, 4));
    out->own_body = arena_strdup(a, db_col_text(st, 5));
    out->video_url = arena_strdup(a, db_col_text(st, 6));
    out->minutes = db_col_int(st, 7);
    out->position = db_col_int(st, 8);
    out->created_at = arena_strdup(a, db_col_text(st, 9));
    out->updated_at = arena_strdup(a, db_col_text(st, 10));
    out->html = arena_strdup(a, db_col_text(st, 11));
    out->own_html = arena_strdup(a, db_col_text(st, 12));
    db_done(st);
    /* NULL: not rendered yet (written before migration 0025, or by hand): render it now */
    if (!out->html && (rc = catalog_lesson_html(a, out->body, &out->html)) < 0)
        return rc;
    if (!out->own_html && (rc = catalog_lesson_html(a, out->own_body, &out->own_html)) < 0)
        return rc;
    return 0;
}

json_t *catalog_course_json(const struct catalog_course *c)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:s}",
                          "id", (json_int_t)c->id, "code", c->code, "title", c->own_title,
                          "summary", c->own_summary, "language", c->language, "topic",
                          c->topic, "delivery", c->delivery, "status", c->status, "enrol_mode",
                          c->enrol_mode, "centre", c->centre, "lessons", (json_int_t)c->lessons,
                          "created_at", c->created_at, "updated_at", c->updated_at);
    json_object_set_new(o, "capacity", c->capacity ? json_integer(c->capacity) : json_null());
    json_object_set_new(o, "certificate", json_boolean(c->certificate));
    json_object_set_new(o, "certificate_months",
                        c->certificate_months ? json_integer(c->certificate_months) : json_null());
    json_object_set_new(o, "published_at",
                        *c->published_at ? json_string(c->published_at) : json_null());
    if (*c->centre == '\0')
        json_object_set_new(o, "centre", json_null());
    return o;
}

/* ---- checking ---- */

struct course_vals {
    const char *code, *title, *summary, *language, *topic, *delivery, *enrol_mode;
    int64_t capacity, centre_id;
    bool certificate;
    int64_t certificate_months;
};

static int course_check(struct db *db, struct arena *a, const struct course_new *in,
                        const struct catalog_course *old, json_t *errors, struct course_vals *v)
{
    const char *problem;
    bool bad = false;
    int64_t other;
    int rc;

    memset(v, 0, sizeof(*v));
    v->code = form_code_norm(a, in->code ? in->code : "");
    if ((problem = form_code_problem(v->code))) {
        form_error(errors, "code", problem);
        bad = true;
    }
    bad |= !catalog_title_check(a, errors, in->title, N_("Enter the title of the course"),
                                &v->title);
    bad |= !catalog_text_check(a, errors, "summary", in->summary, CATALOG_SUMMARY_MAX, &v->summary);
    v->language = in->language ? in->language : "";
    if (!catalog_in_list(catalog_course_langs, v->language)) {
        form_error(errors, "language", N_("Choose the language of the course"));
        bad = true;
    }
    v->topic = in->topic ? in->topic : "";
    if (!catalog_in_list(catalog_topics, v->topic)) {
        form_error(errors, "topic", N_("Choose a topic"));
        bad = true;
    }
    v->delivery = in->delivery ? in->delivery : "";
    if (!catalog_in_list(catalog_deliveries, v->delivery)) {
        form_error(errors, "delivery", N_("Choose online, face-to-face or blended"));
        bad = true;
    }
    v->enrol_mode = in->enrol_mode && *in->enrol_mode ? in->enrol_mode : "open";
    if (!catalog_in_list(catalog_enrol_modes, v->enrol_mode)) {
        form_error(errors, "enrol_mode", N_("Choose how people enrol"));
        bad = true;
    }
    if (in->capacity && *in->capacity) {
        char *end;
        long long n = strtoll(in->capacity, &end, 10);
        if (*end || n < 1 || n > 1000000 || !(*in->capacity >= '0' && *in->capacity <= '9')) {
            form_error(errors, "capacity", N_("Enter a whole number of places, or leave it empty"));
            bad = true;
        } else {
            v->capacity = n;
        }
    }
    /* NULL: as the course has it (an update), or none (a new course) */
    v->certificate = old && old->certificate;
    v->certificate_months = old ? old->certificate_months : 0;
    if (!catalog_certificate_check(in->certificate, in->certificate_months, errors,
                                   &v->certificate, &v->certificate_months))
        bad = true;
    if (in->centre && *in->centre) {
        rc = org_centre_id(db, form_code_norm(a, in->centre), &v->centre_id);
        if (rc == DARS_ENOTFOUND) {
            form_error(errors, "centre", N_("There is no centre with this code"));
            bad = true;
        } else if (rc < 0) {
            return rc;
        }
    }
    if (bad)
        return DARS_EINVALID;
    rc = db_query_int(db, course_code_taken_sql, DB_ARGS(DB_TEXT(v->code), DB_INT(old ? old->id : 0)), &other);
    if (rc == 0) {
        form_error(errors, "code", N_("A course with this code already exists"));
        return DARS_ECONFLICT;
    }
    return rc == DARS_ENOTFOUND ? 0 : rc;
}

/* ---- writing ---- */

int catalog_course_insert(struct db *db, struct arena *a, const struct actor *who,
                          const struct course_new *in, json_t *errors, int64_t *id)
{
    struct course_vals v;
    char now[TIME_ISO_LEN];
    int64_t new_id = 0;
    json_t *changes = NULL;
    int rc = course_check(db, a, in, NULL, errors, &v);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, course_insert_sql,
                      DB_ARGS(DB_TEXT(v.code), DB_TEXT(v.title), DB_TEXT(v.summary),
                              DB_TEXT(v.language), DB_TEXT(v.topic), DB_TEXT(v.delivery),
                              DB_TEXT(v.enrol_mode), DB_ID(v.capacity), DB_ID(v.centre_id),
                              DB_ID(who->id), DB_TEXT(now), DB_TEXT(now),
                              DB_INT(v.certificate), DB_ID(v.certificate_months)),
                      &new_id);
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("A course with this code already exists"));
    if (rc < 0)
        return rc;
    changes = json_object();
    audit_after(changes, "code", v.code);
    audit_after(changes, "title", v.title);
    audit_after(changes, "summary", v.summary);
    audit_after(changes, "language", v.language);
    audit_after(changes, "topic", v.topic);
    audit_after(changes, "delivery", v.delivery);
    audit_after(changes, "enrol_mode", v.enrol_mode);
    audit_after(changes, "capacity", catalog_num_str(a, v.capacity));
    audit_after(changes, "centre", in->centre);
    audit_after(changes, "certificate", v.certificate ? "true" : "false");
    audit_after(changes, "certificate_months", catalog_num_str(a, v.certificate_months));
    rc = audit_record_id(db, who, "course.create", "course", new_id, changes);
    json_decref(changes);
    if (rc == 0)
        rc = catalog_search_reindex(db, a, new_id);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int catalog_course_update(struct db *db, struct arena *a, const struct actor *who,
                          const struct catalog_course *old, const struct course_new *in,
                          json_t *errors)
{
    struct course_vals v;
    char now[TIME_ISO_LEN];
    int rc = course_check(db, a, in, old, errors, &v);

    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "code", old->code, v.code);
    audit_diff(changes, "title", old->own_title, v.title);
    audit_diff(changes, "summary", old->own_summary, v.summary);
    audit_diff(changes, "language", old->language, v.language);
    audit_diff(changes, "topic", old->topic, v.topic);
    audit_diff(changes, "delivery", old->delivery, v.delivery);
    audit_diff(changes, "enrol_mode", old->enrol_mode, v.enrol_mode);
    audit_diff(changes, "capacity", catalog_num_str(a, old->capacity),
               catalog_num_str(a, v.capacity));
    audit_diff(changes, "centre", catalog_num_str(a, old->centre_id),
               catalog_num_str(a, v.centre_id));
    audit_diff(changes, "certificate", old->certificate ? "true" : "false",
               v.certificate ? "true" : "false");
    audit_diff(changes, "certificate_months", catalog_num_str(a, old->certificate_months),
               catalog_num_str(a, v.certificate_months));
    if (json_object_size(changes) == 0)
        goto out;
    time_now_iso(now);
    rc = db_exec(db, course_update_sql,
                 DB_ARGS(DB_TEXT(v.code), DB_TEXT(v.title), DB_TEXT(v.summary),
                         DB_TEXT(v.language), DB_TEXT(v.topic), DB_TEXT(v.delivery),
                         DB_TEXT(v.enrol_mode), DB_ID(v.capacity), DB_ID(v.centre_id),
                         DB_TEXT(now), DB_INT(v.certificate), DB_ID(v.certificate_months),
                         DB_INT(old->id)));
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("A course with this code already exists"));
    if (rc == 0)
        rc = audit_record_id(db, who, "course.update", "course", old->id, changes);
    if (rc == 0)
        rc = catalog_search_reindex(db, a, old->id);
out:
    json_decref(changes);
    return rc;
}

int catalog_course_set_published(struct db *db, struct arena *a, const struct actor *who,
                                 const struct catalog_course *c, bool published)
{
    char now[TIME_ISO_LEN];
    const char *status = published ? "published" : "draft";
    int rc;

    if (streq(c->status, status))
        return 0;
    time_now_iso(now);
    rc = db_exec(db, course_publish_sql,
                 DB_ARGS(DB_TEXT(status), DB_TEXT(published ? now : NULL), DB_TEXT(now),
                         DB_INT(c->id)));
    if (rc < 0)
        return rc;
    return catalog_audit_one(db, who, published ? "course.publish" : "course.unpublish",
                             "course", c->id, "status", c->status, status);
}

int catalog_course_add_instructor(struct db *db, struct arena *a, const struct actor *who,
                                  int64_t course_id, int64_t user_id)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    time_now_iso(now);
    rc = db_exec_changes(db, course_instructor_add_sql,
                         DB_ARGS(DB_INT(course_id), DB_INT(user_id), DB_TEXT(now)), &changed);
    if (rc < 0 || changed == 0)
        return rc;
    return catalog_audit_one(db, who, "course.instructor_add", "course", course_id,
                             "instructor", NULL, arena_int(a, user_id));
}

int catalog_module_insert(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, const char *title, json_t *errors, int64_t *id)
{
    char now[TIME_ISO_LEN];
    const char *t;
    int64_t pos = 0, new_id = 0;
    int rc;

    if (!catalog_title_check(a, errors, title, N_("Enter the title of the module"), &t))
        return DARS_EINVALID;
    if ((rc = db_query_int(db, module_max_pos_sql, DB_ARGS(DB_INT(course_id)), &pos)) < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, module_insert_sql,
                      DB_ARGS(DB_INT(course_id), DB_INT(pos + 1), DB_TEXT(t), DB_TEXT(now),
                              DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "course", arena_int(a, course_id));
    audit_after(changes, "title", t);
    rc = audit_record_id(db, who, "module.create", "module", new_id, changes);
    json_decref(changes);
    if (rc == 0)
        rc = catalog_search_reindex(db, a, course_id);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int catalog_lesson_insert(struct db *db, struct arena *a, const struct actor *who,
                          int64_t module_id, const struct lesson_new *in, json_t *errors,
                          int64_t *id)
{
    const char *html;
    char now[TIME_ISO_LEN];
    struct catalog_lesson_vals v;
    int64_t pos = 0, new_id = 0, course_id = 0;
    int rc;

    if (!catalog_lesson_check(a, in, errors, &v))
        return DARS_EINVALID;
    rc = db_query_int(db, module_course_sql, DB_ARGS(DB_INT(module_id)), &course_id);
    if (rc < 0)
        return rc;
    if ((rc = db_query_int(db, lesson_max_pos_sql, DB_ARGS(DB_INT(module_id)), &pos)) < 0)
        return rc;
    if ((rc = catalog_lesson_html(a, v.body, &html)) < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, lesson_insert_sql,
                      DB_ARGS(DB_INT(course_id), DB_INT(module_id), DB_INT(pos + 1),
                              DB_TEXT(v.title), DB_TEXT(v.body), DB_TEXT(html),
                              DB_TEXT(v.video_url), DB_INT(v.minutes), DB_TEXT(now),
                              DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "module", arena_int(a, module_id));
    audit_after(changes, "title", v.title);
    audit_after(changes, "body", v.body);
    audit_after(changes, "video_url", v.video_url);
    audit_after(changes, "minutes", catalog_num_str(a, v.minutes));
    rc = audit_record_id(db, who, "lesson.create", "lesson", new_id, changes);
    json_decref(changes);
    if (rc == 0)
        rc = catalog_search_reindex(db, a, course_id);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

bool catalog_certificate_check(const char *certificate, const char *months, json_t *errors,
                               bool *gives, int64_t *valid_months)
{
    bool ok = true;
    if (certificate && !streq(certificate, "1") && !streq(certificate, "0")) {
        form_error(errors, "certificate", N_("Choose whether it gives a certificate"));
        ok = false;
    } else if (certificate) {
        *gives = streq(certificate, "1");
    }
    if (months) {
        char *end = NULL;
        long long n = *months ? strtoll(months, &end, 10) : 0;
        if (*months && (*end || n < 1 || n > 1200 || !(*months >= '0' && *months <= '9'))) {
            form_error(errors, "certificate_months",
                       N_("Enter how many months a certificate is valid, or leave it empty"));
            ok = false;
        } else {
            *valid_months = n;
        }
    }
    return ok;
}
