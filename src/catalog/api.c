/*
 * /api/v1/courses and /api/v1/programmes (DESIGN.md section 6). Texts come in
 * the course's own language; drafts are visible to those who manage them.
 * A course may be created whole: with its modules, lessons and translations,
 * in one transaction.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "http/api.h"
#include "core/val.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"

/* A row of the course list: the busiest list of the API, so values rather than jansson. */
static struct val *browse_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    UNUSED(data);
    *id = db_col_int(st, 0);
    struct val *o = val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}",
                             "id", (json_int_t)*id, "code", db_col_text(st, 1), "title",
                             db_col_text(st, 2), "summary", db_col_text(st, 3), "language",
                             db_col_text(st, 4), "topic", db_col_text(st, 5), "delivery",
                             db_col_text(st, 6), "enrol_mode", db_col_text(st, 11), "status",
                             db_col_text(st, 12), "lessons", (json_int_t)db_col_int(st, 9));
    val_set(o, "centre",
            db_col_is_null(st, 7) ? val_null() : val_str(&r->arena, db_col_text(st, 7)));
    val_set(o, "capacity",
            db_col_is_null(st, 10) ? val_null() : val_int(&r->arena, db_col_int(st, 10)));
    return o;
}

/* GET /api/v1/courses */
int catalog_api_courses(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    const char *topic = http_query(r, "topic"), *language = http_query(r, "language"),
               *delivery = http_query(r, "delivery"), *centre = http_query(r, "centre");
    int64_t centre_id = 0;
    bool pg = db_engine(r->db) == DB_POSTGRES;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *match = catalog_search_query(&r->arena, p.q, pg);
    if (centre && *centre) {
        rc = org_centre_id(r->db, form_code_norm(&r->arena, centre), &centre_id);
        if (rc == DARS_ENOTFOUND)
            centre_id = -1;
        else if (rc < 0)
            return rc;
    }
    /* the lang argument is the course's own: "" never matches a translation */
    struct db_arg args[] = {
        DB_TEXT(""), DB_INT(r->user->is_admin ? 1 : 0), DB_TEXT(topic ? topic : ""),
        DB_TEXT(topic ? topic : ""), DB_TEXT(language ? language : ""),
        DB_TEXT(language ? language : ""), DB_TEXT(delivery ? delivery : ""),
        DB_TEXT(delivery ? delivery : ""), DB_INT(centre_id), DB_INT(centre_id), DB_TEXT(match),
        DB_INT(p.after), DB_INT(p.limit + 1),
    };
    if (match)
        rc = db_query(r->db, &st, pg ? browse_after_q_pg_sql : browse_after_q_sqlite_sql, args, 13);
    else {
        args[10] = args[11];
        args[11] = args[12];
        rc = db_query(r->db, &st, browse_after_sql, args, 12);
    }
    if (rc < 0)
        return rc;
    return api_page_vals(r, &p, st, browse_row, NULL);
}

/* The course addressed by the path, or 404 for a draft the caller does not manage. */
static int api_course(struct req *r, struct catalog_course *c, bool *manage)
{
    int rc = catalog_course_get(r->db, &r->arena, r->params[0], "", c);
    if (rc < 0)
        return rc;
    if ((rc = catalog_may_manage(r, c, manage)) < 0)
        return rc;
    return !streq(c->status, "published") && !*manage ? DARS_ENOTFOUND : 0;
}

/* The course with its modules and lessons. */
static int course_full_json(struct req *r, const struct catalog_course *c, json_t **out)
{
    struct catalog_outline_module *mods;
    size_t nmods;
    int rc = catalog_outline(r->db, &r->arena, c->id, "", &mods, &nmods);
    *out = NULL;
    if (rc < 0)
        return rc;
    json_t *o = catalog_course_json(c), *modules = json_array();
    for (size_t i = 0; i < nmods; i++) {
        json_t *lessons = json_array();
        for (size_t j = 0; j < mods[i].nlessons; j++)
            json_array_append_new(lessons, json_pack("{s:I, s:s}", "id",
                                                     (json_int_t)mods[i].lessons[j].id, "title",
                                                     mods[i].lessons[j].title));
        json_array_append_new(modules, json_pack("{s:I, s:s, s:o}", "id",
                                                 (json_int_t)mods[i].id, "title", mods[i].title,
                                                 "lessons", lessons));
    }
    json_object_set_new(o, "modules", modules);
    *out = o;
    return 0;
}

/* GET /api/v1/courses/:code */
int catalog_api_course(struct req *r)
{
    struct catalog_course c;
    bool manage;
    json_t *o;
    int rc = api_course(r, &c, &manage);
    if (rc < 0 || (rc = course_full_json(r, &c, &o)) < 0)
        return rc;
    return http_json(r, 200, o);
}

/* A write of the JSON body: fills errors, *id the object to answer with. */
typedef int (*write_fn)(struct req *r, json_t *body, void *data, json_t *errors, int64_t *id);
/* Answer status with the object id as it is now. */
typedef int (*send_fn)(struct req *r, int status, int64_t id);

/* Run write in one transaction, then send the object, or the problem when it was refused. */
static int api_write(struct req *r, write_fn write, void *data, send_fn send, int status)
{
    json_t *body = http_json_body(r), *errors;
    int64_t id = 0;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0) {
        json_decref(errors);
        return rc;
    }
    if ((rc = db_tx_end(r->db, write(r, body, data, errors, &id))) < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    return send(r, status, id);
}

static int send_course(struct req *r, int status, int64_t id)
{
    struct catalog_course c;
    json_t *o;
    int rc = catalog_course_get_id(r->db, &r->arena, id, "", &c);
    if (rc < 0 || (rc = course_full_json(r, &c, &o)) < 0)
        return rc;
    return http_json(r, status, o);
}

/* The course fields of a JSON body into f (absent members keep f's values). */
/*
 * "certificate" (true | false) and "certificate_months" (a whole number, or
 * null for no expiry) of a course or programme, as the form gives them
 * (catalog_certificate_check): left NULL when absent, kept as they are.
 */
static void certificate_fields(struct arena *a, json_t *body, json_t *errors,
                               const char **certificate, const char **months)
{
    json_t *cert = json_object_get(body, "certificate");
    if (json_is_boolean(cert))
        *certificate = json_is_true(cert) ? "1" : "0";
    else if (cert)
        form_error(errors, "certificate", N_("Say true or false"));
    json_t *m = json_object_get(body, "certificate_months");
    if (json_is_integer(m))
        *months = arena_int(a, json_integer_value(m));
    else if (json_is_null(m))
        *months = "";
    else if (m)
        form_error(errors, "certificate_months",
                   N_("Enter how many months a certificate is valid, or leave it empty"));
}

static void course_fields(json_t *body, json_t *errors, struct course_new *f, struct arena *a)
{
    api_field_str(body, "code", errors, &f->code);
    api_field_str(body, "title", errors, &f->title);
    api_field_str(body, "summary", errors, &f->summary);
    api_field_str(body, "language", errors, &f->language);
    api_field_str(body, "topic", errors, &f->topic);
    api_field_str(body, "delivery", errors, &f->delivery);
    api_field_str(body, "enrol_mode", errors, &f->enrol_mode);
    api_field_str(body, "centre", errors, &f->centre);
    certificate_fields(a, body, errors, &f->certificate, &f->certificate_months);
    json_t *cap = json_object_get(body, "capacity");
    if (json_is_integer(cap))
        f->capacity = arena_int(a, json_integer_value(cap));
    else if (json_is_null(cap))
        f->capacity = "";
    else if (cap)
        form_error(errors, "capacity", "must be a whole number or null");
}

/* "status": "draft" | "published"; NULL when absent */
static const char *status_field(json_t *body, json_t *errors)
{
    json_t *s = json_object_get(body, "status");
    if (!s)
        return NULL;
    if (json_is_string(s) && (streq(json_string_value(s), "draft") ||
                              streq(json_string_value(s), "published")))
        return json_string_value(s);
    form_error(errors, "status", "must be draft or published");
    return NULL;
}

/* "translations": {"ru": {"title": ..., "summary": ...}, ...} of a course or programme */
static int translations(struct req *r, const struct actor *who, catalog_translate_fn fn,
                        int64_t id, json_t *tr, json_t *errors)
{
    const char *lang;
    json_t *v;
    int rc = 0;
    if (!tr)
        return 0;
    if (!json_is_object(tr)) {
        form_error(errors, "translations", "must be an object of languages");
        return DARS_EINVALID;
    }
    json_object_foreach(tr, lang, v) {
        const char *t = json_string_value(json_object_get(v, "title"));
        const char *s = json_string_value(json_object_get(v, "summary"));
        if ((rc = fn(r->db, &r->arena, who, id, lang, t ? t : "", s ? s : "", errors)) < 0)
            return rc;
    }
    return 0;
}

/* "modules": [{"title": ..., "lessons": [{"title", "body", "video_url", "minutes"}]}] */
static int course_modules(struct req *r, const struct actor *who, int64_t course_id,
                          json_t *mods, json_t *errors)
{
    size_t i, j;
    json_t *m, *l;
    int rc;
    if (!mods)
        return 0;
    if (!json_is_array(mods)) {
        form_error(errors, "modules", "must be an array");
        return DARS_EINVALID;
    }
    json_array_foreach(mods, i, m) {
        int64_t module_id;
        const char *title = json_string_value(json_object_get(m, "title"));
        json_t *merr = json_object();
        rc = catalog_module_insert(r->db, &r->arena, who, course_id, title ? title : "", merr,
                                   &module_id);
        if (rc == DARS_EINVALID)
            form_error(errors, arena_printf(&r->arena, "modules[%zu].title", i),
                       json_string_value(json_object_get(merr, "title")));
        json_decref(merr);
        if (rc < 0)
            return rc;
        json_array_foreach(json_object_get(m, "lessons"), j, l) {
            json_t *min = json_object_get(l, "minutes");
            struct lesson_new ln = {
                json_string_value(json_object_get(l, "title")),
                json_string_value(json_object_get(l, "body")),
                json_string_value(json_object_get(l, "video_url")),
                json_is_integer(min) ? arena_printf(&r->arena, "%lld",
                                                    (long long)json_integer_value(min))
                                     : NULL,
            };
            json_t *lerr = json_object(), *field;
            const char *key;
            rc = catalog_lesson_insert(r->db, &r->arena, who, module_id, &ln, lerr, NULL);
            json_object_foreach(lerr, key, field)
                form_error(errors,
                           arena_printf(&r->arena, "modules[%zu].lessons[%zu].%s", i, j, key),
                           json_string_value(field));
            json_decref(lerr);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

static int course_create(struct req *r, json_t *body, void *data, json_t *errors, int64_t *id)
{
    struct actor who = accounts_actor(r);
    struct course_new f = { 0 };
    struct catalog_course c;
    const char *status;
    int rc;

    UNUSED(data);
    course_fields(body, errors, &f, &r->arena);
    status = status_field(body, errors);
    if (json_object_size(errors))
        return DARS_EINVALID;
    /* as on the pages: a centre only among those the author manages; and a manager who
     * does not teach puts the course at one of them */
    if ((rc = catalog_author_centre_check(r, f.centre, 0, errors)) < 0)
        return rc;
    if (!r->user->is_admin && !r->user->is_instructor && !(f.centre && *f.centre)) {
        form_error(errors, "centre", N_("Choose a centre you manage"));
        return DARS_EINVALID;
    }
    if ((rc = catalog_course_insert(r->db, &r->arena, &who, &f, errors, id)) < 0 ||
        (rc = catalog_course_get_id(r->db, &r->arena, *id, "", &c)) < 0)
        return rc;
    if (!r->user->is_admin &&
        (rc = catalog_course_add_instructor(r->db, &r->arena, &who, *id, r->user->id)) < 0)
        return rc;
    if ((rc = course_modules(r, &who, *id, json_object_get(body, "modules"), errors)) < 0)
        return rc;
    if ((rc = translations(r, &who, catalog_course_translate, *id,
                           json_object_get(body, "translations"), errors)) < 0)
        return rc;
    if (status && streq(status, "published"))
        rc = catalog_course_set_published(r->db, &r->arena, &who, &c, true);
    return rc;
}

/* POST /api/v1/courses */
int catalog_api_course_create(struct req *r)
{
    if (!catalog_is_author(r))
        return DARS_EDENIED;
    return api_write(r, course_create, NULL, send_course, 201);
}

static int course_patch(struct req *r, json_t *body, void *data, json_t *errors, int64_t *id)
{
    const struct catalog_course *c = data;
    struct actor who = accounts_actor(r);
    struct course_new f = { .code = c->code, .title = c->own_title,
                            .summary = c->own_summary, .language = c->language,
                            .topic = c->topic, .delivery = c->delivery,
                            .enrol_mode = c->enrol_mode,
                            .capacity = catalog_num_str(&r->arena, c->capacity),
                            .centre = c->centre };
    const char *status;
    int rc;

    *id = c->id;
    course_fields(body, errors, &f, &r->arena);
    status = status_field(body, errors);
    if (json_object_size(errors))
        return DARS_EINVALID;
    /* the course may stay at its centre, or move to one the caller manages */
    if ((rc = catalog_author_centre_check(r, f.centre, c->centre_id, errors)) < 0 ||
        (rc = catalog_course_update(r->db, &r->arena, &who, c, &f, errors)) < 0)
        return rc;
    if ((rc = translations(r, &who, catalog_course_translate, c->id,
                           json_object_get(body, "translations"), errors)) < 0)
        return rc;
    if (status)
        rc = catalog_course_set_published(r->db, &r->arena, &who, c, streq(status, "published"));
    return rc;
}

/* PATCH /api/v1/courses/:code */
int catalog_api_course_patch(struct req *r)
{
    struct catalog_course c;
    bool manage;
    int rc = api_course(r, &c, &manage);

    if (rc < 0)
        return rc;
    if (!manage)
        return DARS_EDENIED;
    return api_write(r, course_patch, &c, send_course, 200);
}

/* GET /api/v1/courses/:code/lessons/:id: for its learners and managers */
int catalog_api_lesson(struct req *r)
{
    struct catalog_course c;
    struct catalog_lesson l;
    struct catalog_reading rd;
    struct db_stmt *st;
    const char *html;
    bool manage;
    int rc;

    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    if ((rc = api_course(r, &c, &manage)) < 0)
        return rc;
    if ((rc = catalog_lesson_get(r->db, &r->arena, c.id, strtoll(r->params[1], NULL, 10), "",
                                 &l)) < 0)
        return rc;
    if (!manage) {
        if ((rc = catalog_course_reader->get(r->db, &r->arena, r->user->id, c.id, &rd)) < 0)
            return rc;
        if (!rd.may_read)
            return DARS_EDENIED;
    }
    html = l.own_html;
    json_t *files = json_array();
    if ((rc = db_query(r->db, &st, attachment_list_sql, DB_ARGS(DB_INT(l.id)))) < 0) {
        json_decref(files);
        return rc;
    }
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(
            files, json_pack("{s:I, s:s, s:s, s:I, s:s}", "id", (json_int_t)db_col_int(st, 0),
                             "filename", db_col_text(st, 1), "mime", db_col_text(st, 2), "size",
                             (json_int_t)db_col_int(st, 3), "url",
                             arena_printf(&r->arena, "/courses/%s/files/%lld", c.code,
                                          (long long)db_col_int(st, 0))));
    db_done(st);
    if (rc < 0) {
        json_decref(files);
        return rc;
    }
    json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:I, s:o}", "id", (json_int_t)l.id,
                          "module", (json_int_t)l.module_id, "title", l.own_title, "body",
                          l.own_body, "html", html, "video_url", l.video_url, "minutes",
                          (json_int_t)l.minutes, "attachments", files);
    return http_json(r, 200, o);
}

/* ---- programmes ---- */

static json_t *programme_obj(const struct catalog_programme *p)
{
    json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s, s:s}", "id", (json_int_t)p->id,
                          "code", p->code, "title", p->own_title, "summary", p->own_summary,
                          "status", p->status, "courses", (json_int_t)p->courses, "created_at",
                          p->created_at, "updated_at", p->updated_at);
    json_object_set_new(o, "centre", *p->centre ? json_string(p->centre) : json_null());
    json_object_set_new(o, "region", *p->region ? json_string(p->region) : json_null());
    json_object_set_new(o, "mentor_training", json_boolean(p->mentor_training));
    json_object_set_new(o, "certificate", json_boolean(p->certificate));
    json_object_set_new(o, "certificate_months",
                        p->certificate_months ? json_integer(p->certificate_months) : json_null());
    return o;
}

static json_t *programme_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct catalog_programme p;
    UNUSED(data);
    catalog_programme_row(&r->arena, st, &p);
    *id = p.id;
    return programme_obj(&p);
}

/* GET /api/v1/programmes: published ones, and the drafts the caller manages */
int catalog_api_programmes(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;
    if (api_page_begin(r, &p) < 0)
        return 0;
    rc = db_query(r->db, &st, programme_after_sql,
                  DB_ARGS(DB_TEXT(""), DB_INT(r->user->is_admin), DB_INT(r->user->id),
                          DB_INT(r->user->id), DB_INT(p.after), DB_INT(p.limit + 1)));
    if (rc < 0)
        return rc;
    return api_page_rows(r, &p, st, programme_row, NULL);
}

/*
 * The programme of the path (an id or a code), or 404 for a draft the caller
 * does not manage; *manage says whether they do.
 */
static int api_programme(struct req *r, struct catalog_programme *p, bool *manage)
{
    int rc = DARS_ENOTFOUND;
    if (api_is_id(r->params[0]))
        rc = catalog_programme_get_id(r->db, &r->arena, api_id(r->params[0]), "", p);
    if (rc == DARS_ENOTFOUND)
        rc = catalog_programme_get(r->db, &r->arena, r->params[0], "", p);
    if (rc < 0 || (rc = catalog_programme_may_manage(r, p, manage)) < 0)
        return rc;
    return !streq(p->status, "published") && !*manage ? DARS_ENOTFOUND : 0;
}

/* The programme with its courses: drafts among them for those who manage them. */
static int programme_json(struct req *r, const struct catalog_programme *p, json_t **out)
{
    struct db_stmt *st;
    json_t *o = programme_obj(p), *courses = json_array();
    int rc;

    *out = NULL;
    if ((rc = db_query(r->db, &st, programme_courses_sql,
                       DB_ARGS(DB_TEXT(""), DB_INT(p->id), DB_INT(1), DB_INT(r->user->is_admin),
                               DB_INT(r->user->id), DB_INT(r->user->id)))) < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW)
        json_array_append_new(courses, json_pack("{s:s, s:s, s:s}", "code", db_col_text(st, 1),
                                                 "title", db_col_text(st, 2), "status",
                                                 db_col_text(st, 4)));
    db_done(st);
out:
    json_object_set_new(o, "courses", courses);
    if (rc < 0) {
        json_decref(o);
        return rc;
    }
    *out = o;
    return 0;
}

/* GET /api/v1/programmes/:code */
int catalog_api_programme(struct req *r)
{
    struct catalog_programme p;
    bool manage;
    json_t *o;
    int rc = api_programme(r, &p, &manage);
    if (rc < 0 || (rc = programme_json(r, &p, &o)) < 0)
        return rc;
    return http_json(r, 200, o);
}

/* "centre" and "region": a code or null each; whether the body names either. */
static bool owner_fields(json_t *body, json_t *errors, struct programme_new *f)
{
    if (!json_object_get(body, "centre") && !json_object_get(body, "region"))
        return false;
    /* naming one owner leaves out the other */
    f->centre = f->region = "";
    if (!json_is_null(json_object_get(body, "centre")))
        api_field_str(body, "centre", errors, &f->centre);
    if (!json_is_null(json_object_get(body, "region")))
        api_field_str(body, "region", errors, &f->region);
    return true;
}

/* "mentor_training": true | false into f (as the form gives it); errors when not a boolean */
static void mentor_training_field(json_t *body, json_t *errors, struct programme_new *f)
{
    json_t *v = json_object_get(body, "mentor_training");
    if (!v)
        return;
    if (json_is_boolean(v))
        f->mentor_training = json_is_true(v) ? "1" : "0";
    else
        form_error(errors, "mentor_training", N_("Say true or false"));
}

static int programme_create(struct req *r, json_t *body, void *data, json_t *errors,
                            int64_t *id)
{
    struct actor who = accounts_actor(r);
    struct programme_new f = { 0 };
    const char *status;
    size_t i;
    json_t *v;
    int rc;

    UNUSED(data);
    api_field_str(body, "code", errors, &f.code);
    api_field_str(body, "title", errors, &f.title);
    api_field_str(body, "summary", errors, &f.summary);
    owner_fields(body, errors, &f);
    mentor_training_field(body, errors, &f);
    certificate_fields(&r->arena, body, errors, &f.certificate, &f.certificate_months);
    status = status_field(body, errors);
    if (json_object_size(errors))
        return DARS_EINVALID;
    /* as on the page: a manager's programme lies in their scope, never national */
    if ((rc = catalog_programme_owner_check(r, f.centre, f.region, errors)) < 0 ||
        (rc = catalog_programme_insert(r->db, &r->arena, &who, &f, errors, id)) < 0)
        return rc;
    json_array_foreach(json_object_get(body, "courses"), i, v) {
        struct catalog_course c;
        /* a draft the caller does not manage is refused as an unknown code (issue 11) */
        rc = json_is_string(v) ? catalog_programme_course_find(r, json_string_value(v), &c)
                               : DARS_ENOTFOUND;
        if (rc == DARS_ENOTFOUND) {
            form_error(errors, arena_printf(&r->arena, "courses[%zu]", i), "no such course");
            return DARS_EINVALID;
        }
        if (rc < 0 || (rc = catalog_programme_add_course(r->db, &r->arena, &who, *id, c.id)) < 0)
            return rc;
    }
    if ((rc = translations(r, &who, catalog_programme_translate, *id,
                           json_object_get(body, "translations"), errors)) < 0)
        return rc;
    if (status && streq(status, "published"))
        rc = catalog_programme_set_published(r->db, &r->arena, &who, *id, true);
    return rc;
}

static int send_programme(struct req *r, int status, int64_t id)
{
    struct catalog_programme p;
    json_t *o;
    int rc = catalog_programme_get_id(r->db, &r->arena, id, "", &p);
    if (rc < 0 || (rc = programme_json(r, &p, &o)) < 0)
        return rc;
    return http_json(r, status, o);
}

/* POST /api/v1/programmes: admins and managers */
int catalog_api_programme_create(struct req *r)
{
    if (!r->user->is_admin && !r->user->is_manager)
        return DARS_EDENIED;
    return api_write(r, programme_create, NULL, send_programme, 201);
}

static int programme_patch(struct req *r, json_t *body, void *data, json_t *errors, int64_t *id)
{
    const struct catalog_programme *p = data;
    struct actor who = accounts_actor(r);
    struct programme_new f = { p->code, p->own_title, p->own_summary, NULL, NULL, NULL, NULL, NULL };
    const char *status;
    bool owner;
    int rc;

    *id = p->id;
    api_field_str(body, "title", errors, &f.title);
    api_field_str(body, "summary", errors, &f.summary);
    owner = owner_fields(body, errors, &f);
    mentor_training_field(body, errors, &f);
    certificate_fields(&r->arena, body, errors, &f.certificate, &f.certificate_months);
    status = status_field(body, errors);
    if (json_object_size(errors))
        return DARS_EINVALID;
    /* a new owner must lie in the caller's scope too */
    if ((owner && (rc = catalog_programme_owner_check(r, f.centre, f.region, errors)) < 0) ||
        (rc = catalog_programme_update(r->db, &r->arena, &who, p, &f, errors)) < 0)
        return rc;
    if ((rc = translations(r, &who, catalog_programme_translate, p->id,
                           json_object_get(body, "translations"), errors)) < 0)
        return rc;
    if (status && !streq(status, p->status))
        rc = catalog_programme_set_published(r->db, &r->arena, &who, p->id,
                                             streq(status, "published"));
    return rc;
}

/* PATCH /api/v1/programmes/:code: title, summary, centre, region, status, translations */
int catalog_api_programme_patch(struct req *r)
{
    struct catalog_programme p;
    bool manage;
    int rc = api_programme(r, &p, &manage);

    if (rc < 0)
        return rc;
    if (!manage)
        return DARS_EDENIED;
    return api_write(r, programme_patch, &p, send_programme, 200);
}
