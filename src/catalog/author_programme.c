/*
 * Programme pages for admins and managers: /admin/programmes (the programmes
 * they manage, drafts too), adding one, and its page: details, translations,
 * publish or unpublish, and its courses in order (add by code, move up or
 * down, remove). A programme belongs to a centre, a region or the nation
 * (issue 11); who may change it is decided here for the API too.
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

#define PROGRAMMES_PER_PAGE 50

/* Does the request's user manage region_id as a whole (manager@REGION)? */
static int region_managed(struct req *r, int64_t region_id, bool *yes)
{
    int64_t n = 0;
    int rc = db_query_int(r->db, programme_region_managed_sql,
                          DB_ARGS(DB_INT(region_id), DB_INT(r->user->id)), &n);
    *yes = rc == 0 && n > 0;
    return rc < 0 ? rc : 0;
}

int catalog_programme_may_manage(struct req *r, const struct catalog_programme *p, bool *yes)
{
    *yes = false;
    if (!r->user)
        return 0;
    if (r->user->is_admin || (p->centre_id && accounts_can_manage_centre(r, p->centre_id))) {
        *yes = true;
        return 0;
    }
    if (!p->region_id || !r->user->is_manager)
        return 0;
    return region_managed(r, p->region_id, yes);
}

int catalog_programme_owner_check(struct req *r, const char *centre, const char *region,
                                  json_t *errors)
{
    bool has_centre = centre && *centre, has_region = region && *region, yes;
    int64_t id;
    int rc;

    if (r->user->is_admin)
        return 0;
    if (!has_centre && !has_region) {
        /* national programmes are the admins' */
        form_error(errors, "centre", N_("Choose a centre or a region you manage"));
        return DARS_EINVALID;
    }
    if (has_centre) {
        rc = org_centre_id(r->db, form_code_norm(&r->arena, centre), &id);
        if (rc < 0)
            return rc == DARS_ENOTFOUND ? 0 : rc; /* an unknown code is the store's to refuse */
        if (!accounts_can_manage_centre(r, id)) {
            form_error(errors, "centre", N_("Choose a centre you manage"));
            return DARS_EINVALID;
        }
    }
    if (has_region) {
        rc = org_region_id(r->db, form_code_norm(&r->arena, region), &id);
        if (rc < 0)
            return rc == DARS_ENOTFOUND ? 0 : rc;
        if ((rc = region_managed(r, id, &yes)) < 0)
            return rc;
        if (!yes) {
            form_error(errors, "region", N_("Choose a region you manage"));
            return DARS_EINVALID;
        }
    }
    return 0;
}

int catalog_programme_course_find(struct req *r, const char *code, struct catalog_course *c)
{
    bool yes;
    int rc = code && *code ? catalog_course_get(r->db, &r->arena, code, r->lang, c)
                           : DARS_ENOTFOUND;

    if (rc < 0 || streq(c->status, "published"))
        return rc;
    if ((rc = catalog_may_manage(r, c, &yes)) < 0)
        return rc;
    return yes ? 0 : DARS_ENOTFOUND;
}

static const char *programme_url(struct req *r, const char *code)
{
    return arena_printf(&r->arena, "/admin/programmes/%s", url_encode(&r->arena, code));
}

/* GET /admin/programmes */
int catalog_author_programmes_page(struct req *r)
{
    int64_t page = form_page_arg(r), total = 0;
    struct db_stmt *st;
    struct val *items, *ctx;
    int rc;

#define SCOPE_ARGS DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_INT(r->user->id)
    if ((rc = db_query_int(r->db, author_programme_count_sql, DB_ARGS(SCOPE_ARGS), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, author_programme_page_sql,
                       DB_ARGS(DB_TEXT(r->lang), SCOPE_ARGS, DB_INT(PROGRAMMES_PER_PAGE),
                               DB_INT((page - 1) * PROGRAMMES_PER_PAGE)))) < 0)
        return rc;
#undef SCOPE_ARGS
    items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        bool published = streq(db_col_text(st, 3), "published");
        const char *owner = db_col_text(st, 6);
        val_push(items,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code",
                          db_col_text(st, 1), "title", db_col_text(st, 2), "url",
                          programme_url(r, db_col_text(st, 1)), "status",
                          published ? _(r->lang, "Published") : _(r->lang, "Draft"),
                          "status_class", published ? "tag-green" : "tag-grey", "courses",
                          view_int(r, db_col_int(st, 4)), "owner",
                          *owner ? owner : _(r->lang, "National")));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    ctx = val_pack(&r->arena, "{s:s, s:o, s:b}", "title", _(r->lang, "Programmes"), "items",
                   items, "has_items", total > 0);
    form_crumbs(r, ctx, _(r->lang, "Course admin"), "/admin/courses", NULL);
    view_pager(r, ctx, page, PROGRAMMES_PER_PAGE, total);
    return view_page(r, "catalog_author_programmes", ctx);
}

/* The centres (or regions) a user may give a programme, as [{code, name, selected}]. */
static int owner_options(struct req *r, bool centres, const char *selected, struct val **out)
{
    struct db_stmt *st;
    int rc = centres ? db_query(r->db, &st, author_centres_sql,
                                DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id),
                                        DB_INT(0)))
                     : db_query(r->db, &st, programme_regions_sql,
                                DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id)));
    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    /* the centres' query has an id first */
    int col = centres ? 1 : 0;
    selected = form_code_norm(&r->arena, selected ? selected : "");
    while ((rc = db_step(st)) == DB_ROW)
        val_push(*out, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", db_col_text(st, col),
                                "name", db_col_text(st, col + 1), "selected",
                                streq(db_col_text(st, col), selected)));
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* the form's "mentor training" check box: "1" when ticked, "0" otherwise */
static const char *mentor_training_value(struct req *r)
{
    const char *v = http_form(r, "mentor_training");
    return v && streq(v, "1") ? "1" : "0";
}

/* the form's certificate check box and its months: as typed */
static void certificate_read(struct req *r, struct programme_new *f)
{
    const char *v = http_form(r, "certificate");
    f->certificate = v && streq(v, "1") ? "1" : "0";
    f->certificate_months = form_value(r, "certificate_months");
    if (!f->certificate_months)
        f->certificate_months = "";
}

/* The form's "f" gains the certificate fields: as typed (f), else as stored (p, or none). */
static void certificate_vals(struct req *r, struct val *ctx, const struct programme_new *f,
                             const struct catalog_programme *p)
{
    struct val *fv = val_get(ctx, "f");
    bool typed = f && f->certificate;
    val_set_bool(fv, "certificate", typed ? streq(f->certificate, "1") : p && p->certificate);
    val_set_str(fv, "certificate_months",
                typed ? (f->certificate_months ? f->certificate_months : "")
                : p && p->certificate_months ? arena_int(&r->arena, p->certificate_months)
                                             : "");
}

static int new_form(struct req *r, int status, const struct programme_new *f, json_t *errors)
{
    struct val *centres, *regions;
    int rc;

    if ((rc = owner_options(r, true, f->centre, &centres)) < 0 ||
        (rc = owner_options(r, false, f->region, &regions)) < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:{s:s, s:s, s:s, s:b}, s:o, s:o, s:b}",
                               "title", _(r->lang, "Add a programme"), "f", "code", f->code,
                               "title", f->title, "summary", f->summary, "mentor_training",
                               f->mentor_training && streq(f->mentor_training, "1"), "centres",
                               centres, "regions", regions, "admin", r->user->is_admin);
    certificate_vals(r, ctx, f, NULL);
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Programmes"), "/admin/programmes", NULL);
    return view_page_status(r, status, "catalog_author_programme_new", ctx);
}

/* GET /admin/programmes/new */
int catalog_author_programme_new_page(struct req *r)
{
    struct programme_new f = { "", "", "", "", "", "0", "0", "" };
    return new_form(r, 200, &f, NULL);
}

/* POST /admin/programmes/new */
int catalog_author_programme_new_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct programme_new f = { form_value(r, "code"), form_value(r, "title"),
                               form_value(r, "summary"), form_value(r, "centre"),
                               form_value(r, "region"), mentor_training_value(r), NULL, NULL };
    certificate_read(r, &f);
    json_t *errors = json_object();
    int rc;

    if ((rc = catalog_programme_owner_check(r, f.centre, f.region, errors)) < 0) {
        if (rc == DARS_EINVALID)
            rc = new_form(r, 422, &f, errors);
        goto out;
    }
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, catalog_programme_insert(r->db, &r->arena, &who, &f, errors, NULL));
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        rc = new_form(r, 422, &f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The programme has been added"),
                             programme_url(r, form_code_norm(&r->arena, f.code)));
out:
    json_decref(errors);
    return rc;
}

/* The programme of the URL, which the user must manage (403 otherwise); own texts in own_*. */
static int page_programme(struct req *r, struct catalog_programme *p)
{
    bool yes;
    int rc = catalog_programme_get(r->db, &r->arena, r->params[0], r->lang, p);

    if (rc < 0 || (rc = catalog_programme_may_manage(r, p, &yes)) < 0)
        return rc;
    return yes ? 0 : DARS_EDENIED;
}

int catalog_programme_managed(struct req *r, const char *code,
                              struct catalog_programme_ref *out)
{
    struct catalog_programme p;
    bool yes;
    int rc = catalog_programme_get(r->db, &r->arena, code, r->lang, &p);

    if (rc < 0 || (rc = catalog_programme_may_manage(r, &p, &yes)) < 0)
        return rc;
    if (!yes)
        return DARS_EDENIED;
    *out = (struct catalog_programme_ref){ .id = p.id, .code = p.code, .title = p.title };
    return 0;
}

/* The programme's courses (drafts too) with their buttons. */
static int courses_vals(struct req *r, const struct catalog_programme *p, struct val **out)
{
    struct db_stmt *st;
    const char *base = programme_url(r, p->code);
    int rc = db_query(r->db, &st, programme_courses_sql,
                      DB_ARGS(DB_TEXT(r->lang), DB_INT(p->id), DB_INT(1),
                              DB_INT(r->user->is_admin), DB_INT(r->user->id),
                              DB_INT(r->user->id)));
    *out = val_list(&r->arena);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        bool published = streq(db_col_text(st, 4), "published");
        val_push(*out,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s}", "code", db_col_text(st, 1),
                          "title", db_col_text(st, 2), "status",
                          published ? _(r->lang, "Published") : _(r->lang, "Draft"),
                          "status_class", published ? "tag-green" : "tag-grey", "move_url",
                          arena_printf(&r->arena, "%s/courses/%lld/move", base, (long long)id),
                          "remove_url",
                          arena_printf(&r->arena, "%s/courses/%lld/remove", base,
                                       (long long)id)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    /* which is last is known only once every row is read */
    size_t n = val_len(*out);
    for (size_t i = 0; i < n; i++) {
        struct val *o = val_at(*out, i);
        val_set_int(o, "number", (int64_t)i + 1);
        val_set_bool(o, "first", i == 0);
        val_set_bool(o, "last", i + 1 == n);
    }
    return 0;
}

/* The programme's page; f, typed (translations, "course") and errors as posted. */
static int show(struct req *r, int status, const struct catalog_programme *p,
                const struct programme_new *f, const struct val *typed, json_t *errors)
{
    struct val *courses, *translations;
    const char *course = val_get_str(typed, "course");
    int rc;

    if ((rc = courses_vals(r, p, &courses)) < 0 ||
        (rc = catalog_author_i18n_list(r, author_programme_i18n_sql, p->id, NULL, "summary", typed,
                                       errors, &translations)) < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:b, s:{s:s, s:s, s:b}, s:o, s:b, s:o, s:s}", "title",
        p->own_title, "code", p->code, "url", programme_url(r, p->code), "published",
        streq(p->status, "published"), "f", "title", f ? f->title : p->own_title, "summary",
        f ? f->summary : p->own_summary, "mentor_training",
        f && f->mentor_training ? streq(f->mentor_training, "1") : p->mentor_training, "courses", courses, "has_courses", val_len(courses) > 0,
        "translations", translations, "course", course ? course : "");
    certificate_vals(r, ctx, f, p);
    val_set_str(ctx, "owner", *p->centre   ? p->centre
                              : *p->region ? p->region
                                           : _(r->lang, "National"));
    val_set_str(ctx, "public_url",
                arena_printf(&r->arena, "/programmes/%s", url_encode(&r->arena, p->code)));
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Programmes"), "/admin/programmes", NULL);
    return view_page_status(r, status, "catalog_author_programme", ctx);
}

/* GET /admin/programmes/:code */
int catalog_author_programme_page(struct req *r)
{
    struct catalog_programme p;
    int rc = page_programme(r, &p);
    return rc < 0 ? rc : show(r, 200, &p, NULL, NULL, NULL);
}

/* POST /admin/programmes/:code: title and summary */
int catalog_author_programme_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_programme p;
    json_t *errors = NULL;
    int rc = page_programme(r, &p);

    if (rc < 0)
        return rc;
    /* the owner is kept: it is chosen when the programme is added, or through the API */
    struct programme_new f = { p.code, form_value(r, "title"), form_value(r, "summary"), NULL,
                               NULL, mentor_training_value(r), NULL, NULL };
    certificate_read(r, &f);
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, catalog_programme_update(r->db, &r->arena, &who, &p, &f, errors));
    if (rc == DARS_EINVALID) {
        rc = show(r, 422, &p, &f, NULL, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    rc = catalog_author_done(r, N_("The programme has been saved"), programme_url(r, p.code));
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/programmes/:code/translations */
int catalog_author_programme_translations_submit(struct req *r)
{
    struct catalog_programme p;
    struct val *typed;
    json_t *errors;
    int rc = page_programme(r, &p);

    if (rc < 0)
        return rc;
    errors = json_object();
    rc = catalog_author_i18n_commit(r, author_programme_i18n_sql, p.id, NULL, "summary",
                                    catalog_programme_translate, errors, &typed);
    if (rc == DARS_EINVALID)
        rc = show(r, 422, &p, NULL, typed, errors);
    else if (rc == 0)
        rc = catalog_author_done(r, N_("The translations have been saved"),
                                 programme_url(r, p.code));
    json_decref(errors);
    return rc;
}

static int set_published(struct req *r, bool published)
{
    struct actor who = accounts_actor(r);
    struct catalog_programme p;
    int rc = page_programme(r, &p);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_programme_set_published(r->db, &r->arena, &who, p.id,
                                                               published))) < 0)
        return rc;
    return catalog_author_done(r, published ? N_("The programme has been published")
                                            : N_("The programme is a draft again"),
                               programme_url(r, p.code));
}

/* POST /admin/programmes/:code/publish */
int catalog_author_programme_publish_submit(struct req *r)
{
    return set_published(r, true);
}

/* POST /admin/programmes/:code/unpublish */
int catalog_author_programme_unpublish_submit(struct req *r)
{
    return set_published(r, false);
}

/* POST /admin/programmes/:code/courses (field course: a course code) */
int catalog_author_programme_add_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_programme p;
    struct catalog_course c;
    const char *code = form_value(r, "course");
    json_t *errors = NULL;
    int64_t pos;
    int rc = page_programme(r, &p);

    if (rc < 0)
        return rc;
    /* a draft the user does not manage is answered as an unknown code (issue 11) */
    rc = catalog_programme_course_find(r, code, &c);
    if (rc == 0) {
        rc = db_query_int(r->db, programme_course_pos_sql, DB_ARGS(DB_INT(p.id), DB_INT(c.id)),
                          &pos);
        if (rc == 0)
            errors = json_pack("{s:s}", "course", N_("This course is already in the programme"));
        else if (rc == DARS_ENOTFOUND)
            rc = 0;
    } else if (rc == DARS_ENOTFOUND) {
        errors = json_pack("{s:s}", "course",
                           *code ? N_("There is no course with this code")
                                 : N_("Enter the code of a course"));
        rc = 0;
    }
    if (rc < 0)
        goto out;
    if (errors) {
        rc = show(r, 422, &p, NULL, val_pack(&r->arena, "{s:s}", "course", code), errors);
        goto out;
    }
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_programme_add_course(r->db, &r->arena, &who, p.id,
                                                            c.id))) < 0)
        goto out;
    rc = catalog_author_done(r, N_("The course has been added to the programme"),
                             programme_url(r, p.code));
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/programmes/:code/courses/:id/move (field direction: up | down) */
int catalog_author_programme_move_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_programme p;
    int64_t course_id = api_id(r->params[1]);
    bool moved = false, up;
    int rc = page_programme(r, &p);

    if (rc < 0)
        return rc;
    if (!catalog_author_direction(r, &up))
        return http_error(r, 422, _(r->lang, "Choose up or down"));
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_programme_move_course(r->db, &r->arena, &who, p.id,
                                                             course_id, up, &moved))) < 0)
        return rc;
    return catalog_author_done(r, moved ? N_("The course has been moved")
                                        : N_("The course is already there"),
                               programme_url(r, p.code));
}

/* POST /admin/programmes/:code/courses/:id/remove */
int catalog_author_programme_remove_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct catalog_programme p;
    int64_t course_id = api_id(r->params[1]);
    int rc = page_programme(r, &p);

    if (rc < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, catalog_programme_remove_course(r->db, &r->arena, &who, p.id,
                                                               course_id))) < 0)
        return rc;
    return catalog_author_done(r, N_("The course has been removed from the programme"),
                               programme_url(r, p.code));
}
