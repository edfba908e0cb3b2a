/*
 * The lesson pages of the editor: adding a lesson to a module, editing one
 * (title, Markdown body, video link, minutes, translations, attachments),
 * moving it within its module and deleting it (after a confirmation page).
 * Files are checked by their bytes (attachment.c); a refused one is a field
 * error on "file" in the reader's language.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "http/api.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

static const char *lesson_base(struct req *r, const struct catalog_course *c, int64_t id)
{
    return arena_printf(&r->arena, "%s/lessons/%lld", catalog_course_url(r, c->code),
                        (long long)id);
}

static const char *lesson_edit_url(struct req *r, const struct catalog_course *c, int64_t id)
{
    return arena_printf(&r->arena, "%s/edit", lesson_base(r, c, id));
}

static struct lesson_new lesson_read(struct req *r)
{
    struct lesson_new f = {
        form_value(r, "title"),
        form_value(r, "body"),
        form_value(r, "video_url"),
        form_value(r, "minutes"),
    };
    return f;
}

static struct val *lesson_form_vals(struct req *r, const struct lesson_new *f)
{
    return val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "title", f->title, "body", f->body,
                    "video_url", f->video_url, "minutes", f->minutes);
}

static int new_form(struct req *r, int status, const struct catalog_course *c,
                    const char *module_title, const struct lesson_new *f, json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:s, s:b}", "title",
                               _(r->lang, "Add a lesson"), "module", module_title, "action",
                               r->path, "f", lesson_form_vals(r, f), "back_url",
                               catalog_author_edit_url(r, c), "is_new", true);
    view_form_errors(r, ctx, errors);
    catalog_author_crumbs(r, ctx, c);
    return view_page_status(r, status, "catalog_author_lesson", ctx);
}

/* GET /courses/:code/modules/:id/lessons/new */
int catalog_author_lesson_new_page(struct req *r)
{
    struct catalog_course c;
    struct lesson_new f = { "", "", "", "" };
    const char *module_title = "";
    int64_t module_id;
    int rc = catalog_author_module(r, &c, &module_id, &module_title);
    return rc < 0 ? rc : new_form(r, 200, &c, module_title, &f, NULL);
}

/* POST /courses/:code/modules/:id/lessons/new */
int catalog_author_lesson_new_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    const char *module_title = "";
    json_t *errors = NULL;
    int64_t module_id, id = 0;
    int rc = catalog_author_module(r, &c, &module_id, &module_title);

    if (rc < 0)
        return rc;
    struct lesson_new f = lesson_read(r);
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db,
                   catalog_lesson_insert(r->db, &r->arena, &who, module_id, &f, errors, &id));
    if (rc == DARS_EINVALID) {
        rc = new_form(r, 422, &c, module_title, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The lesson has been added"), lesson_edit_url(r, &c, id));
out:
    json_decref(errors);
    return rc;
}

/* The course of the URL and its live lesson params[1], in the course's own language. */
static int page_lesson(struct req *r, struct catalog_course *c, struct catalog_lesson *l)
{
    int64_t id;
    int rc = catalog_course_managed(r, r->params[0], c);

    if (rc < 0)
        return rc;
    if (!(id = api_id(r->params[1])))
        return DARS_ENOTFOUND;
    return catalog_lesson_get(r->db, &r->arena, c->id, id, c->language, l);
}

/* The lesson's files with their delete links (one statement). */
static int files_vals(struct req *r, const struct catalog_course *c, int64_t lesson_id,
                      struct val **out)
{
    struct db_stmt *st;
    const char *base = catalog_course_url(r, c->code);
    int rc = db_query(r->db, &st, attachment_list_sql, DB_ARGS(DB_INT(lesson_id)));

    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0), size = db_col_int(st, 3);
        val_push(*out,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s}", "name", db_col_text(st, 1),
                          "type", db_col_text(st, 2), "size",
                          arena_printf(&r->arena, "%s KB", view_int(r, (size + 1023) / 1024)),
                          "url", arena_printf(&r->arena, "%s/files/%lld", base, (long long)id),
                          "delete_url",
                          arena_printf(&r->arena, "%s/files/%lld/delete",
                                       lesson_base(r, c, lesson_id), (long long)id)));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The lesson editor; f and typed: what was posted (NULL: as stored). */
static int lesson_form(struct req *r, int status, const struct catalog_course *c,
                       const struct catalog_lesson *l, const struct lesson_new *f,
                       const struct val *typed, json_t *errors)
{
    struct val *files, *translations, *ctx;
    const char *base = lesson_base(r, c, l->id);
    struct lesson_new stored = {
        l->own_title, l->own_body, l->video_url,
        catalog_num_str(&r->arena, l->minutes),
    };
    int rc;

    if ((rc = files_vals(r, c, l->id, &files)) < 0 ||
        (rc = catalog_author_i18n_list(r, author_lesson_i18n_sql, l->id, c->language, "body",
                                       typed, errors, &translations)) < 0)
        return rc;
    ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:b, s:o}", "title",
                   _(r->lang, "Edit lesson"), "lesson_title", l->own_title, "action",
                   arena_printf(&r->arena, "%s/edit", base), "f",
                   lesson_form_vals(r, f ? f : &stored), "back_url",
                   catalog_author_edit_url(r, c), "view_url", base, "files_action",
                   arena_printf(&r->arena, "%s/files", base), "files", files, "has_files",
                   val_len(files) > 0, "translations", translations);
    view_form_errors(r, ctx, errors);
    catalog_author_crumbs(r, ctx, c);
    return view_page_status(r, status, "catalog_author_lesson", ctx);
}

/* GET /courses/:code/lessons/:id/edit */
int catalog_author_lesson_page(struct req *r)
{
    struct catalog_course c;
    struct catalog_lesson l;
    int rc = page_lesson(r, &c, &l);
    return rc < 0 ? rc : lesson_form(r, 200, &c, &l, NULL, NULL, NULL);
}

/* POST /courses/:code/lessons/:id/edit: the lesson and its translations together */
int catalog_author_lesson_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct catalog_lesson l;
    struct val *typed = NULL;
    json_t *errors = NULL;
    int rc = page_lesson(r, &c, &l);

    if (rc < 0)
        return rc;
    struct lesson_new f = lesson_read(r);
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = catalog_author_i18n_end(r, catalog_lesson_update(r->db, &r->arena, &who, c.id, &l, &f,
                                                          errors),
                                 author_lesson_i18n_sql, l.id, c.language, "body",
                                 catalog_lesson_translate, errors, &typed);
    if (rc == DARS_EINVALID) {
        rc = lesson_form(r, 422, &c, &l, &f, typed, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The lesson has been saved"), lesson_edit_url(r, &c, l.id));
out:
    json_decref(errors);
    return rc;
}

/* POST /courses/:code/lessons/:id/move (field direction: up | down) */
int catalog_author_lesson_move_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct catalog_lesson l;
    bool moved = false, up;
    int rc = page_lesson(r, &c, &l);

    if (rc < 0)
        return rc;
    if (!catalog_author_direction(r, &up))
        return http_error(r, 422, _(r->lang, "Choose up or down"));
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_lesson_move(r->db, &r->arena, &who, c.id, l.id, up,
                                                   &moved))) < 0)
        return rc;
    return catalog_author_done(r, moved ? N_("The lesson has been moved")
                                        : N_("The lesson is already there"),
                               catalog_author_edit_url(r, &c));
}

/* GET /courses/:code/lessons/:id/delete: the confirmation */
int catalog_author_lesson_delete_page(struct req *r)
{
    struct catalog_course c;
    struct catalog_lesson l;
    int rc = page_lesson(r, &c, &l);

    if (rc < 0)
        return rc;
    return catalog_author_confirm(
        r, &c, _(r->lang, "Delete a lesson"), l.own_title,
        _(r->lang, "The lesson disappears from the course. Learners' progress is kept."),
        _(r->lang, "Yes, delete this lesson"), catalog_author_edit_url(r, &c), NULL);
}

/* POST /courses/:code/lessons/:id/delete */
int catalog_author_lesson_delete_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct catalog_lesson l;
    int rc = page_lesson(r, &c, &l);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_lesson_delete(r->db, &r->arena, &who, c.id, l.id))) < 0)
        return rc;
    return catalog_author_done(r, N_("The lesson has been deleted"),
                               catalog_author_edit_url(r, &c));
}

/* POST /courses/:code/lessons/:id/files (multipart, field "file") */
int catalog_author_file_submit(struct req *r)
{
    struct catalog_course c;
    struct catalog_lesson l;
    json_t *errors;
    int rc = page_lesson(r, &c, &l);

    if (rc < 0)
        return rc;
    errors = json_object();
    rc = catalog_author_attach(r, &c, l.id, errors);
    if (rc == DARS_EINVALID)
        rc = lesson_form(r, 422, &c, &l, NULL, NULL, errors);
    else if (rc == 0)
        rc = catalog_author_done(r, N_("The file has been attached"), lesson_edit_url(r, &c, l.id));
    json_decref(errors);
    return rc;
}

/* The attachment params[2] of the lesson: its name. */
static int page_file(struct req *r, struct catalog_course *c, struct catalog_lesson *l,
                     int64_t *id, const char **name)
{
    struct db_stmt *st;
    int rc = page_lesson(r, c, l);

    if (rc < 0)
        return rc;
    if (!(*id = api_id(r->params[2])))
        return DARS_ENOTFOUND;
    if ((rc = db_query_row(r->db, &st, attachment_name_sql,
                           DB_ARGS(DB_INT(*id), DB_INT(c->id)))) < 0)
        return rc;
    *name = arena_strdup(&r->arena, db_col_text(st, 0));
    rc = db_col_int(st, 1) == l->id ? 0 : DARS_ENOTFOUND;
    db_done(st);
    return rc;
}

/* GET /courses/:code/lessons/:id/files/:fid/delete: the confirmation */
int catalog_author_file_delete_page(struct req *r)
{
    struct catalog_course c;
    struct catalog_lesson l;
    const char *name = "";
    int64_t id;
    int rc = page_file(r, &c, &l, &id, &name);

    if (rc < 0)
        return rc;
    return catalog_author_confirm(r, &c, _(r->lang, "Delete a file"), name,
                                  _(r->lang, "Learners will no longer see this file."),
                                  _(r->lang, "Yes, delete this file"),
                                  lesson_edit_url(r, &c, l.id), l.own_title);
}

/* POST /courses/:code/lessons/:id/files/:fid/delete */
int catalog_author_file_delete_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_course c;
    struct catalog_lesson l;
    const char *name = "";
    int64_t id;
    int rc = page_file(r, &c, &l, &id, &name);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_attachment_delete(r->db, &r->arena, &who, c.id, id))) < 0)
        return rc;
    return catalog_author_done(r, N_("The file has been deleted"), lesson_edit_url(r, &c, l.id));
}
