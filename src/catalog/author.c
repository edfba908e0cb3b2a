/*
 * The authoring pages' common ground: which course a page is about and who
 * may edit it, the course form (new and edit), and the two pages that are not
 * about one course: /admin/courses (the courses a person manages, drafts
 * included) and /admin/courses/new.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "http/api.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#define AUTHOR_PAGE_SIZE 50

/* labels in the order of catalog_deliveries and catalog_enrol_modes */
static const char *const delivery_labels[] = { N_("Online"), N_("Face-to-face"), N_("Blended") };
static const char *const mode_labels[] = { N_("Anyone signed in can enrol at once"),
                                           N_("An instructor or manager approves each request") };
static const char *const statuses[] = { "draft", "published", NULL };

int catalog_course_managed(struct req *r, const char *id_or_code, struct catalog_course *c)
{
    bool yes;
    int rc = catalog_course_get(r->db, &r->arena, id_or_code, r->lang, c);
    if (rc < 0)
        return rc;
    if ((rc = catalog_may_manage(r, c, &yes)) < 0)
        return rc;
    return yes ? 0 : DARS_EDENIED;
}

const char *catalog_author_edit_url(struct req *r, const struct catalog_course *c)
{
    return arena_printf(&r->arena, "%s/edit", catalog_course_url(r, c->code));
}

const char *catalog_author_code_edit_url(struct req *r, const char *code)
{
    return arena_printf(&r->arena, "%s/edit",
                        catalog_course_url(r, form_code_norm(&r->arena, code)));
}

int catalog_author_done(struct req *r, const char *msgid, const char *url)
{
    view_flash(r, msgid);
    return http_redirect(r, url);
}

int catalog_author_module(struct req *r, struct catalog_course *c, int64_t *id,
                          const char **title)
{
    int64_t pos;
    int rc = catalog_course_managed(r, r->params[0], c);

    if (rc < 0)
        return rc;
    if (!(*id = api_id(r->params[1])))
        return DARS_ENOTFOUND;
    return catalog_module_get(r->db, &r->arena, c->id, *id, title, &pos);
}

void catalog_author_crumbs(struct req *r, struct val *ctx, const struct catalog_course *c)
{
    form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", c->own_title,
                catalog_author_edit_url(r, c), NULL);
}

int catalog_author_confirm(struct req *r, const struct catalog_course *c, const char *title,
                           const char *name, const char *lead, const char *button,
                           const char *back, const char *crumb)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s}", "title", title,
                               "name", name, "lead", lead, "action", r->path, "button", button,
                               "back_url", back);
    form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", c->own_title,
                catalog_author_edit_url(r, c), crumb, back, NULL);
    return view_page(r, "catalog_author_confirm", ctx);
}

bool catalog_author_direction(struct req *r, bool *up)
{
    const char *dir = form_value(r, "direction");
    *up = streq(dir, "up");
    return *up || streq(dir, "down");
}

/* The interface languages a text in own_lang may be translated into, NULL-terminated. */
static size_t author_langs(const char *own_lang, const char **out /* OUT, i18n_nlangs + 1 */)
{
    size_t n = 0;
    for (size_t i = 0; i < i18n_nlangs; i++)
        if (!own_lang || !streq(i18n_langs[i], own_lang))
            out[n++] = i18n_langs[i];
    out[n] = NULL;
    return n;
}

/* [{value, id, label, selected}] for radios or a select; labels NULL: language names */
static struct val *choices(struct req *r, const char *field, const char *const *values,
                           const char *const *labels, const char *selected)
{
    struct val *out = val_list(&r->arena);
    for (size_t i = 0; values[i]; i++)
        val_push(out, val_pack(&r->arena, "{s:s, s:s, s:s, s:b}", "value", values[i], "id",
                               i == 0 ? field
                                      : arena_printf(&r->arena, "%s-%s", field, values[i]),
                               "label",
                               labels ? _(r->lang, labels[i]) : catalog_lang_name(values[i]),
                               "selected", selected && streq(selected, values[i])));
    return out;
}

struct course_new catalog_author_course_read(struct req *r)
{
    struct course_new f = {
        .code = form_value(r, "code"),
        .title = form_value(r, "title"),
        .summary = form_value(r, "summary"),
        .language = form_value(r, "language"),
        .topic = form_value(r, "topic"),
        .delivery = form_value(r, "delivery"),
        .enrol_mode = form_value(r, "enrol_mode"),
        .capacity = form_value(r, "capacity"),
        .centre = form_value(r, "centre"),
        /* a checkbox: absent when not ticked */
        .certificate = form_value(r, "certificate") ? "1" : "0",
        .certificate_months = form_value(r, "certificate_months"),
    };
    if (!f.certificate_months)
        f.certificate_months = "";
    return f;
}

int catalog_author_course_form(struct req *r, struct val *ctx, const struct course_new *f,
                               int64_t keep_centre)
{
    struct db_stmt *st;
    struct val *topics, *centres = val_set_list(ctx, "centres");
    int rc;

#define S(x) ((x) ? (x) : "")
    val_set(ctx, "f",
            val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:b, s:s}", "code", S(f->code), "title",
                     S(f->title), "summary", S(f->summary), "capacity", S(f->capacity),
                     "certificate", f->certificate && streq(f->certificate, "1"),
                     "certificate_months", S(f->certificate_months)));
    topics = val_set_list(ctx, "topics");
    for (size_t i = 0; catalog_topics[i]; i++)
        val_push(topics, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", catalog_topics[i],
                                  "label", catalog_topic_name(r->lang, catalog_topics[i]),
                                  "selected", streq(catalog_topics[i], S(f->topic))));
    val_set(ctx, "languages", choices(r, "language", catalog_course_langs, NULL, f->language));
    val_set(ctx, "deliveries",
            choices(r, "delivery", catalog_deliveries, delivery_labels, f->delivery));
    val_set(ctx, "modes", choices(r, "enrol_mode", catalog_enrol_modes, mode_labels,
                                  f->enrol_mode && *f->enrol_mode ? f->enrol_mode : "open"));
    rc = db_query(r->db, &st, author_centres_sql,
                  DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_INT(keep_centre)));
    if (rc < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW)
        val_push(centres, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", db_col_text(st, 1),
                                   "name", db_col_text(st, 2), "selected",
                                   streq(db_col_text(st, 1), S(f->centre))));
    db_done(st);
#undef S
out:
    return rc < 0 ? rc : 0;
}

int catalog_author_centre_check(struct req *r, const char *centre, int64_t keep_centre,
                                json_t *errors)
{
    int64_t id;
    int rc;

    if (!centre || !*centre || r->user->is_admin)
        return 0; /* an unknown code is course.c's to refuse */
    rc = org_centre_id(r->db, form_code_norm(&r->arena, centre), &id);
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    if (id != keep_centre && !accounts_can_manage_centre(r, id)) {
        form_error(errors, "centre", N_("Choose a centre you manage"));
        return DARS_EINVALID;
    }
    return 0;
}

static const char *status_label(struct req *r, const char *status)
{
    return streq(status, "published") ? _(r->lang, "Published") : _(r->lang, "Draft");
}

/* GET /admin/courses */
int catalog_author_list_page(struct req *r)
{
    const char *q = http_query(r, "q"), *status = "";
    const char *sv = http_query(r, "status");
    bool pg = db_engine(r->db) == DB_POSTGRES;
    const char *match = catalog_search_query(&r->arena, q, pg);
    int64_t page = form_page_arg(r), total = 0;
    struct val *items, *ctx;
    struct db_stmt *st;
    int rc;

    if (!catalog_is_author(r))
        return DARS_EDENIED;
    for (size_t i = 0; sv && statuses[i]; i++)
        if (streq(sv, statuses[i]))
            status = statuses[i];
    /* count: the filter (and match); page: lang first, then those, then limit and offset */
    struct db_arg args[] = {
        DB_TEXT(r->lang), DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_INT(r->user->id),
        DB_TEXT(status),  DB_TEXT(status),           DB_TEXT(match),      DB_INT(AUTHOR_PAGE_SIZE),
        DB_INT((page - 1) * AUTHOR_PAGE_SIZE),
    };
    size_t nfilter = match ? 6 : 5;
    struct db_arg page_args[9];
    memcpy(page_args, args, (nfilter + 1) * sizeof(*args));
    page_args[nfilter + 1] = args[7];
    page_args[nfilter + 2] = args[8];
    const char *count_sql = match ? (pg ? author_count_q_pg_sql : author_count_q_sqlite_sql)
                                  : author_count_sql;
    const char *page_sql = match ? (pg ? author_page_q_pg_sql : author_page_q_sqlite_sql)
                                 : author_page_sql;

    if ((rc = db_query_int(r->db, count_sql, args + 1, nfilter, &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, page_sql, page_args, nfilter + 3)) < 0)
        return rc;
    items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 1), *s = db_col_text(st, 3);
        val_push(items,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", code, "title",
                          db_col_text(st, 2), "url",
                          arena_printf(&r->arena, "/courses/%s/edit", url_encode(&r->arena, code)),
                          "status", status_label(r, s), "status_class",
                          streq(s, "published") ? "tag-green" : "tag-grey", "centre",
                          db_col_text(st, 4), "updated", view_date(r, db_col_text(st, 5))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *status_choices = val_list(&r->arena);
    for (size_t i = 0; statuses[i]; i++)
        val_push(status_choices, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", statuses[i],
                                          "label", status_label(r, statuses[i]), "selected",
                                          streq(statuses[i], status)));
    ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:o, s:b, s:b, s:s}", "title",
                   _(r->lang, "Course admin"), "q", q && utf8_is_valid(q, strlen(q)) ? q : "",
                   "items", items, "statuses", status_choices, "has_items", val_len(items) > 0,
                   "filtered", (q && *q) || *status, "total", view_int(r, total));
    val_set_bool(ctx, "can_programmes", r->user->is_admin || r->user->is_manager);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, AUTHOR_PAGE_SIZE, total);
    return view_page(r, "catalog_author_list", ctx);
}

static int new_form(struct req *r, int status, const struct course_new *f, json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s}", "title", _(r->lang, "Add a course"));
    int rc = catalog_author_course_form(r, ctx, f, 0);
    if (rc < 0)
        return rc;
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", NULL);
    return view_page_status(r, status, "catalog_author_new", ctx);
}

/* GET /admin/courses/new */
int catalog_author_new_page(struct req *r)
{
    struct course_new f = { .language = r->lang, .enrol_mode = "open" };
    if (!catalog_is_author(r))
        return DARS_EDENIED;
    return new_form(r, 200, &f, NULL);
}

/* POST /admin/courses/new */
int catalog_author_new_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct course_new f = catalog_author_course_read(r);
    json_t *errors = json_object();
    int64_t id = 0;
    int rc;

    if (!catalog_is_author(r)) {
        rc = DARS_EDENIED;
        goto out;
    }
    if ((rc = catalog_author_centre_check(r, f.centre, 0, errors)) < 0 && rc != DARS_EINVALID)
        goto out;
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = catalog_course_insert(r->db, &r->arena, &who, &f, errors, &id);
    /* whoever builds a course teaches it, so it stays theirs to edit */
    if (rc == 0 && !r->user->is_admin)
        rc = catalog_course_add_instructor(r->db, &r->arena, &who, id, r->user->id);
    if (rc == 0 && json_object_size(errors))
        rc = DARS_EINVALID; /* the centre was refused above */
    if ((rc = db_tx_end(r->db, rc)) == DARS_EINVALID || rc == DARS_ECONFLICT) {
        rc = new_form(r, 422, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The course has been added"),
                             catalog_author_code_edit_url(r, f.code));
out:
    json_decref(errors);
    return rc;
}

/* ---- translations ---- */

/* The stored translations of id: {lang: [title, text]}, from the arena. */
static int i18n_stored(struct req *r, const char *sql, int64_t id, struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, sql, DB_ARGS(DB_INT(id)));
    *out = val_object(&r->arena);
    if (rc < 0)
        return rc;
    /* a key is not copied: the language's text dies at the next step */
    while ((rc = db_step(st)) == DB_ROW)
        val_set(*out, arena_strdup(&r->arena, db_col_text(st, 0)),
                val_pack(&r->arena, "[s, s]", db_col_text(st, 1), db_col_text(st, 2)));
    db_done(st);
    return rc < 0 ? rc : 0;
}

static const char *stored_at(const struct val *stored, const char *lang, size_t i)
{
    const struct val *v = val_at(val_get(stored, lang), i);
    return val_is_str(v) ? v->u.str.s : "";
}

/* A language a text may be translated into, and the names of its two fields. */
struct i18n_field {
    const char *lang;
    const char *title, *text; /* "title_ru"; "summary_ru", or "text_ru" for a title alone */
};

/* The translation fields of a text in own_lang, NULL-terminated (lang NULL). */
static void i18n_fields(struct req *r, const char *own_lang, const char *text_name,
                        struct i18n_field *out /* OUT, i18n_nlangs + 1 */)
{
    const char *langs[16];
    size_t n = author_langs(own_lang, langs);
    for (size_t i = 0; i <= n; i++) {
        out[i].lang = langs[i];
        out[i].title = langs[i] ? arena_printf(&r->arena, "title_%s", langs[i]) : NULL;
        out[i].text = langs[i] ? arena_printf(&r->arena, "%s_%s", text_name ? text_name : "text",
                                              langs[i])
                               : NULL;
    }
}

/* What was posted of the translation fields, for showing the form again. */
static struct val *i18n_typed(struct req *r, const char *own_lang, const char *text_name)
{
    struct i18n_field f[16];
    struct val *typed = val_object(&r->arena);
    /* the field names are arena strings (i18n_fields), so they may be keys */
    i18n_fields(r, own_lang, text_name, f);
    for (size_t i = 0; f[i].lang; i++) {
        val_set_str(typed, f[i].title, form_value(r, f[i].title));
        if (text_name)
            val_set_str(typed, f[i].text, form_value(r, f[i].text));
    }
    return typed;
}

int catalog_author_i18n_list(struct req *r, const char *sql, int64_t id, const char *own_lang,
                             const char *text_name, const struct val *typed, json_t *errors,
                             struct val **out)
{
    struct i18n_field f[16];
    struct val *stored;
    int rc = i18n_stored(r, sql, id, &stored);

    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    i18n_fields(r, own_lang, text_name, f);
    for (size_t i = 0; f[i].lang; i++) {
        const char *lang = f[i].lang, *tf = f[i].title, *xf = f[i].text;
        const char *t = val_get_str(typed, tf), *x = val_get_str(typed, xf);
        const char *te = json_string_value(json_object_get(errors, tf));
        const char *xe = json_string_value(json_object_get(errors, xf));
        struct val *o = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s}", "code", lang,
                                 "name", catalog_lang_name(lang), "title_field", tf, "text_field",
                                 xf, "title", t ? t : stored_at(stored, lang, 0), "text",
                                 x ? x : stored_at(stored, lang, 1));
        if (te)
            val_set_str(o, "title_error", _(r->lang, te));
        if (xe)
            val_set_str(o, "text_error", _(r->lang, xe));
        val_push(*out, o);
    }
    return 0;
}

/*
 * Save the posted translations that differ from the stored ones, inside the
 * caller's transaction. Field errors come back as "title_ru" ...; returns
 * DARS_EINVALID when there were any.
 */
static int i18n_save(struct req *r, const char *sql, int64_t id, const char *own_lang,
                     const char *text_name, catalog_translate_fn fn, json_t *errors)
{
    struct actor who = accounts_actor(r);
    struct i18n_field f[16];
    struct val *stored;
    bool bad = false;
    int rc = i18n_stored(r, sql, id, &stored);

    if (rc < 0)
        goto out;
    i18n_fields(r, own_lang, text_name, f);
    for (size_t i = 0; f[i].lang; i++) {
        const char *lang = f[i].lang, *tf = f[i].title, *xf = f[i].text;
        const struct form_field *tff = http_form_field(r, tf);
        const char *t = http_form(r, tf), *x = text_name ? http_form(r, xf) : "";
        if (!tff)
            continue; /* not on the form that was posted */
        if (!x)
            x = "";
        if (streq(t, stored_at(stored, lang, 0)) &&
            (!text_name || streq(x, stored_at(stored, lang, 1))))
            continue;
        json_t *e = json_object();
        rc = fn(r->db, &r->arena, &who, id, lang, t, x, e);
        form_error_move(e, "title", tf);
        if (text_name)
            form_error_move(e, text_name, xf);
        json_object_update_missing(errors, e);
        json_decref(e);
        if (rc == DARS_EINVALID) {
            bad = true;
            rc = 0;
        } else if (rc < 0) {
            goto out;
        }
    }
    rc = bad ? DARS_EINVALID : 0;
out:
    return rc;
}

int catalog_author_i18n_end(struct req *r, int rc, const char *sql, int64_t id,
                            const char *own_lang, const char *text_name, catalog_translate_fn fn,
                            json_t *errors, struct val **typed)
{
    /* the translations are checked after a refused write too: every problem shows at once */
    if (rc == 0 || rc == DARS_EINVALID) {
        int saved = i18n_save(r, sql, id, own_lang, text_name, fn, errors);
        if (rc == 0)
            rc = saved;
    }
    rc = db_tx_end(r->db, rc);
    *typed = rc == DARS_EINVALID ? i18n_typed(r, own_lang, text_name) : NULL;
    return rc;
}

int catalog_author_i18n_commit(struct req *r, const char *sql, int64_t id, const char *own_lang,
                               const char *text_name, catalog_translate_fn fn, json_t *errors,
                               struct val **typed)
{
    int rc = db_tx_begin(r->db);

    *typed = NULL;
    if (rc < 0)
        return rc;
    return catalog_author_i18n_end(r, 0, sql, id, own_lang, text_name, fn, errors, typed);
}

int catalog_author_attach(struct req *r, const struct catalog_course *c, int64_t lesson_id,
                          json_t *errors)
{
    struct actor who = accounts_actor(r);
    const struct form_field *file = http_form_field(r, "file");
    int rc = db_tx_begin(r->db);

    if (rc < 0)
        return rc;
    return db_tx_end(r->db, catalog_attachment_insert(
                                r->db, &r->arena, &who, c->id, lesson_id,
                                file ? file->filename : NULL, file ? file->value : "",
                                file && file->filename ? file->len : 0, errors, NULL));
}
