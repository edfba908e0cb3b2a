/*
 * The course editor, /courses/:code/edit: status and publishing, details,
 * cover image, the outline (modules and lessons with move, edit and delete),
 * translations of title and summary, instructors; and the module pages.
 * Every write is one transaction, audited by the store, then a redirect back
 * with a flash; bad input shows the editor again with 422 and the errors.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "http/api.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

/* The course's outline with the editor's links (titles in the course's own language). */
static int outline_vals(struct req *r, const struct catalog_course *c, struct val **out)
{
    struct catalog_outline_module *mods;
    size_t nmods;
    const char *base = catalog_course_url(r, c->code);
    int rc = catalog_outline(r->db, &r->arena, c->id, c->language, &mods, &nmods);

    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < nmods; i++) {
        struct val *lessons = val_list(&r->arena);
        for (size_t j = 0; j < mods[i].nlessons; j++) {
            const struct catalog_outline_lesson *l = &mods[i].lessons[j];
            const char *lu = arena_printf(&r->arena, "%s/lessons/%lld", base, (long long)l->id);
            val_push(lessons,
                     val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s, s:s, s:b, s:b}", "id",
                              (json_int_t)l->id, "title", l->title, "url", lu, "edit_url",
                              arena_printf(&r->arena, "%s/edit", lu), "move_url",
                              arena_printf(&r->arena, "%s/move", lu), "delete_url",
                              arena_printf(&r->arena, "%s/delete", lu), "first", j == 0,
                              "last", j + 1 == mods[i].nlessons));
        }
        const char *mu = arena_printf(&r->arena, "%s/modules/%lld", base, (long long)mods[i].id);
        val_push(*out,
                 val_pack(&r->arena, "{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:b, s:b, s:b}",
                          "id", (json_int_t)mods[i].id, "number", (json_int_t)(i + 1), "title",
                          mods[i].title, "edit_url", arena_printf(&r->arena, "%s/edit", mu),
                          "move_url", arena_printf(&r->arena, "%s/move", mu), "delete_url",
                          arena_printf(&r->arena, "%s/delete", mu), "lesson_url",
                          arena_printf(&r->arena, "%s/lessons/new", mu), "lessons", lessons,
                          "has_lessons", mods[i].nlessons > 0, "first", i == 0, "last",
                          i + 1 == nmods));
    }
    return 0;
}

static int instructors_vals(struct req *r, const struct catalog_course *c, struct val **out)
{
    struct db_stmt *st;
    const char *base = catalog_course_url(r, c->code);
    int rc = db_query(r->db, &st, author_instructors_sql, DB_ARGS(DB_INT(c->id)));

    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        val_push(*out, val_pack(&r->arena, "{s:s, s:s, s:s}", "email", db_col_text(st, 1),
                                "full_name", db_col_text(st, 2), "remove_url",
                                arena_printf(&r->arena, "%s/instructors/%lld/remove", base,
                                             (long long)db_col_int(st, 0))));
    db_done(st);
    return rc < 0 ? rc : 0;
}

static struct course_new course_as_form(struct req *r, const struct catalog_course *c)
{
    struct course_new f = {
        c->code,       c->own_title, c->own_summary, c->language, c->topic, c->delivery,
        c->enrol_mode, catalog_num_str(&r->arena, c->capacity), c->centre,
        c->certificate ? "1" : "0", catalog_num_str(&r->arena, c->certificate_months),
    };
    return f;
}

/*
 * The editor. f: the details as typed (NULL: as stored); typed: other posted
 * fields (translations, module_title, email), may be NULL; errors may be NULL.
 */
static int editor(struct req *r, int status, const struct catalog_course *c,
                  const struct course_new *f, const struct val *typed, json_t *errors)
{
    struct course_new stored = course_as_form(r, c);
    const char *base = catalog_course_url(r, c->code);
    struct val *ctx, *outline, *instructors, *translations;
    int rc;

    bool published = streq(c->status, "published");
    ctx = val_pack(&r->arena, "{s:s, s:{s:s, s:s, s:s, s:s, s:b}}", "title", c->own_title,
                   "course", "code", c->code, "title", c->own_title, "url", base, "lang",
                   c->language, "published", published);
    if ((rc = catalog_author_course_form(r, ctx, f ? f : &stored, c->centre_id)) < 0 ||
        (rc = outline_vals(r, c, &outline)) < 0 ||
        (rc = instructors_vals(r, c, &instructors)) < 0 ||
        (rc = catalog_author_i18n_list(r, author_course_i18n_sql, c->id, c->language, "summary",
                                       typed, errors, &translations)) < 0)
        return rc;
    val_set(ctx, "modules", outline);
    val_set_bool(ctx, "has_modules", val_len(outline) > 0);
    val_set(ctx, "instructors", instructors);
    val_set_bool(ctx, "has_instructors", val_len(instructors) > 0);
    val_set(ctx, "translations", translations);
    if (c->cover_id)
        val_set_str(ctx, "cover_url",
                    arena_printf(&r->arena, "%s/files/%lld", base, (long long)c->cover_id));
    const char *mt = val_get_str(typed, "module_title"), *em = val_get_str(typed, "email");
    val_set_str(ctx, "module_title", mt ? mt : "");
    val_set_str(ctx, "email", em ? em : "");
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", NULL);
    return view_page_status(r, status, "catalog_author_edit", ctx);
}

/* GET /courses/:code/edit */
int catalog_author_edit_page(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);
    return rc < 0 ? rc : editor(r, 200, &c, NULL, NULL, NULL);
}

/* POST /courses/:code/edit */
int catalog_author_edit_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    json_t *errors = NULL;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    struct course_new f = catalog_author_course_read(r);
    errors = json_object();
    if ((rc = catalog_author_centre_check(r, f.centre, c.centre_id, errors)) < 0 &&
        rc != DARS_EINVALID)
        goto out;
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = catalog_course_update(r->db, &r->arena, &who, &c, &f, errors);
    if (rc == 0 && json_object_size(errors))
        rc = DARS_EINVALID;
    rc = db_tx_end(r->db, rc);
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        rc = editor(r, 422, &c, &f, NULL, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The course has been saved"),
                             catalog_author_code_edit_url(r, f.code));
out:
    json_decref(errors);
    return rc;
}

static int set_published(struct req *r, bool published)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_course_set_published(r->db, &r->arena, &who, &c,
                                                             published))) < 0)
        return rc;
    return catalog_author_done(r, published ? N_("The course has been published")
                                            : N_("The course is a draft again"),
                               catalog_author_edit_url(r, &c));
}

/* POST /courses/:code/publish */
int catalog_author_publish_submit(struct req *r)
{
    return set_published(r, true);
}

/* POST /courses/:code/unpublish */
int catalog_author_unpublish_submit(struct req *r)
{
    return set_published(r, false);
}

/* POST /courses/:code/cover (multipart, field "file") */
int catalog_author_cover_submit(struct req *r)
{
    struct catalog_course c;
    json_t *errors;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    errors = json_object();
    rc = catalog_author_attach(r, &c, 0, errors);
    if (rc == DARS_EINVALID)
        rc = editor(r, 422, &c, NULL, NULL, errors);
    else if (rc == 0)
        rc = catalog_author_done(r, N_("The cover image has been saved"),
                                 catalog_author_edit_url(r, &c));
    json_decref(errors);
    return rc;
}

/* POST /courses/:code/translations */
int catalog_author_translations_submit(struct req *r)
{
    struct catalog_course c;
    struct val *typed;
    json_t *errors;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    errors = json_object();
    rc = catalog_author_i18n_commit(r, author_course_i18n_sql, c.id, c.language, "summary",
                                    catalog_course_translate, errors, &typed);
    if (rc == DARS_EINVALID)
        rc = editor(r, 422, &c, NULL, typed, errors);
    else if (rc == 0)
        rc = catalog_author_done(r, N_("The translations have been saved"),
                                 catalog_author_edit_url(r, &c));
    json_decref(errors);
    return rc;
}

/* POST /courses/:code/instructors (field email) */
int catalog_author_instructor_add_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *email = form_value(r, "email");
    struct accounts_user_ref u = { 0 };
    json_t *errors = NULL;
    int64_t uid = 0;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    rc = *email ? accounts_user_by_email(r->db, &r->arena, email, &u) : DARS_ENOTFOUND;
    uid = u.id;
    if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID) {
        errors = json_pack("{s:s}", "email",
                           *email ? N_("There is no user with this e-mail address")
                                  : N_("Enter the e-mail address of a person who has an account"));
        rc = editor(r, 422, &c, NULL, val_pack(&r->arena, "{s:s}", "email", email), errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_course_add_instructor(r->db, &r->arena, &who, c.id,
                                                             uid))) < 0)
        goto out;
    rc = catalog_author_done(r, N_("The instructor has been added"),
                             catalog_author_edit_url(r, &c));
out:
    json_decref(errors);
    return rc;
}

/* POST /courses/:code/instructors/:id/remove */
int catalog_author_instructor_remove_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    int64_t uid = api_id(r->params[1]);
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_course_remove_instructor(r->db, &r->arena, &who, c.id,
                                                                uid))) < 0)
        return rc;
    return catalog_author_done(r, N_("The instructor has been removed"),
                               catalog_author_edit_url(r, &c));
}

/* ---- modules ---- */

/* POST /courses/:code/modules (field module_title) */
int catalog_author_module_add_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *title = form_value(r, "module_title");
    json_t *errors = NULL;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db,
                   catalog_module_insert(r->db, &r->arena, &who, c.id, title, errors, NULL));
    if (rc == DARS_EINVALID) {
        form_error_move(errors, "title", "module_title");
        rc = editor(r, 422, &c, NULL, val_pack(&r->arena, "{s:s}", "module_title", title),
                    errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The module has been added"), catalog_author_edit_url(r, &c));
out:
    json_decref(errors);
    return rc;
}

static int module_form(struct req *r, int status, const struct catalog_course *c, int64_t id,
                       const char *title, const struct val *typed, json_t *errors)
{
    struct val *translations;
    int rc = catalog_author_i18n_list(r, author_module_i18n_sql, id, c->language, NULL, typed,
                                      errors, &translations);
    if (rc < 0)
        return rc;
    const char *mu = arena_printf(&r->arena, "%s/modules/%lld", catalog_course_url(r, c->code),
                                  (long long)id);
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:o}", "title",
                               _(r->lang, "Edit module"), "module_title", title, "action",
                               arena_printf(&r->arena, "%s/edit", mu), "back_url",
                               catalog_author_edit_url(r, c), "translations", translations);
    view_form_errors(r, ctx, errors);
    catalog_author_crumbs(r, ctx, c);
    return view_page_status(r, status, "catalog_author_module", ctx);
}

static int module_title_fn(struct db *db, struct arena *a, const struct actor *who, int64_t id,
                           const char *lang, const char *title, const char *text, json_t *errors)
{
    UNUSED(text);
    return catalog_module_translate(db, a, who, id, lang, title, errors);
}

/* GET /courses/:code/modules/:id/edit */
int catalog_author_module_page(struct req *r)
{
    struct catalog_course c;
    const char *title = "";
    int64_t id;
    int rc = catalog_author_module(r, &c, &id, &title);
    return rc < 0 ? rc : module_form(r, 200, &c, id, title, NULL, NULL);
}

/* POST /courses/:code/modules/:id/edit */
int catalog_author_module_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *title = "";
    struct val *typed = NULL;
    json_t *errors = NULL;
    int64_t id;
    int rc = catalog_author_module(r, &c, &id, &title);

    if (rc < 0)
        return rc;
    const char *t = form_value(r, "title");
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = catalog_author_i18n_end(r, catalog_module_update(r->db, &r->arena, &who, c.id, id, t,
                                                          errors),
                                 author_module_i18n_sql, id, c.language, NULL, module_title_fn,
                                 errors, &typed);
    if (rc == DARS_EINVALID) {
        rc = module_form(r, 422, &c, id, t, typed, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The module has been saved"), catalog_author_edit_url(r, &c));
out:
    json_decref(errors);
    return rc;
}

/* POST /courses/:code/modules/:id/move (field direction: up | down) */
int catalog_author_module_move_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *title = "";
    bool moved = false, up;
    int64_t id;
    int rc = catalog_author_module(r, &c, &id, &title);

    if (rc < 0)
        return rc;
    if (!catalog_author_direction(r, &up))
        return http_error(r, 422, _(r->lang, "Choose up or down"));
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_module_move(r->db, &r->arena, &who, c.id, id, up,
                                                   &moved))) < 0)
        return rc;
    return catalog_author_done(r, moved ? N_("The module has been moved")
                                        : N_("The module is already there"),
                               catalog_author_edit_url(r, &c));
}

/* GET /courses/:code/modules/:id/delete: the confirmation */
int catalog_author_module_delete_page(struct req *r)
{
    struct catalog_course c;
    const char *title = "";
    int64_t id;
    int rc = catalog_author_module(r, &c, &id, &title);

    if (rc < 0)
        return rc;
    return catalog_author_confirm(
        r, &c, _(r->lang, "Delete a module"), title,
        _(r->lang, "Its lessons disappear from the course with it. Learners' progress is kept."),
        _(r->lang, "Yes, delete this module"), catalog_author_edit_url(r, &c), NULL);
}

/* POST /courses/:code/modules/:id/delete */
int catalog_author_module_delete_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *title = "";
    int64_t id;
    int rc = catalog_author_module(r, &c, &id, &title);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_module_delete(r->db, &r->arena, &who, c.id, id))) < 0)
        return rc;
    return catalog_author_done(r, N_("The module has been deleted"),
                               catalog_author_edit_url(r, &c));
}
