/*
 * Regions: the store (check, insert, update, each audited), the admin pages
 * (/admin/regions) and the API (/api/v1/regions). Admins and managers may
 * read every region; only admins change them.
 */
#include "core/base.h"
#include "org/org_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#define NAME_MAX_CHARS 200

/* ---- store ---- */

static void region_row(struct arena *a, struct db_stmt *st, struct org_region *g)
{
    g->id = db_col_int(st, 0);
    g->code = arena_strdup(a, db_col_text(st, 1));
    g->name = arena_strdup(a, db_col_text(st, 2));
    g->name_ru = arena_strdup(a, db_col_text(st, 3));
    g->name_az = arena_strdup(a, db_col_text(st, 4));
    g->name_uz = arena_strdup(a, db_col_text(st, 5));
    g->created_at = arena_strdup(a, db_col_text(st, 6));
    g->updated_at = arena_strdup(a, db_col_text(st, 7));
}

static int region_get_by(struct db *db, struct arena *a, const char *sql, struct db_arg arg,
                         struct org_region *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, &arg, 1);
    if (rc < 0)
        return rc;
    region_row(a, st, out);
    db_done(st);
    return 0;
}

int org_region_get(struct db *db, struct arena *a, const char *id_or_code, struct org_region *out)
{
    int rc = DARS_ENOTFOUND;
    memset(out, 0, sizeof(*out));
    if (api_is_id(id_or_code))
        rc = region_get_by(db, a, region_by_id_sql, DB_INT(strtoll(id_or_code, NULL, 10)), out);
    if (rc == DARS_ENOTFOUND)
        rc = region_get_by(db, a, region_by_code_sql, DB_TEXT(form_code_norm(a, id_or_code)), out);
    return rc;
}

/* Normalise in into *v and check it; self is the region being edited (0: a new one). */
static int region_check(struct db *db, struct arena *a, const struct region_new *in, int64_t self,
                        json_t *errors, struct region_new *v /* OUT */)
{
    const char *problem;
    bool bad = false;
    int64_t other;
    int rc;

    v->code = form_code_norm(a, in->code);
    if ((problem = form_code_problem(v->code))) {
        form_error(errors, "code", problem);
        bad = true;
    }
    struct {
        const char *field, **val, *in;
    } names[] = {
        { "name", &v->name, in->name },
        { "name_ru", &v->name_ru, in->name_ru },
        { "name_az", &v->name_az, in->name_az },
        { "name_uz", &v->name_uz, in->name_uz },
    };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        *names[i].val = form_text_norm(a, names[i].in);
        if (!*names[i].val) {
            *names[i].val = "";
            form_error(errors, names[i].field, N_("Enter text without invalid characters"));
            bad = true;
        } else if (utf8_len(*names[i].val) > NAME_MAX_CHARS) {
            form_error(errors, names[i].field, N_("Use at most 200 characters"));
            bad = true;
        }
    }
    if (!*v->name) {
        form_error(errors, "name", N_("Enter the name of the region"));
        bad = true;
    }
    if (bad)
        return DARS_EINVALID;
    rc = db_query_int(db, region_code_taken_sql, DB_ARGS(DB_TEXT(v->code), DB_INT(self)), &other);
    if (rc == 0) {
        form_error(errors, "code", N_("A region with this code already exists"));
        return DARS_ECONFLICT;
    }
    return rc == DARS_ENOTFOUND ? 0 : rc;
}

static const char *region_search(struct arena *a, const struct region_new *v)
{
    const char *s = utf8_fold_search(a, arena_printf(a, "%s %s %s %s %s", v->code, v->name,
                                                     v->name_ru, v->name_az, v->name_uz));
    return s ? s : "";
}

int org_region_insert(struct db *db, struct arena *a, const struct actor *who,
                      const struct region_new *in, json_t *errors, int64_t *id)
{
    struct region_new v;
    char now[TIME_ISO_LEN];
    int64_t new_id = 0;
    json_t *changes = NULL;
    int rc = region_check(db, a, in, 0, errors, &v);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, region_insert_sql,
                      DB_ARGS(DB_TEXT(v.code), DB_TEXT(v.name), DB_TEXT(v.name_ru),
                              DB_TEXT(v.name_az), DB_TEXT(v.name_uz),
                              DB_TEXT(region_search(a, &v)), DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("A region with this code already exists"));
    if (rc < 0)
        return rc;
    changes = json_object();
    audit_after(changes, "code", v.code);
    audit_after(changes, "name", v.name);
    audit_after(changes, "name_ru", v.name_ru);
    audit_after(changes, "name_az", v.name_az);
    audit_after(changes, "name_uz", v.name_uz);
    rc = audit_record_id(db, who, "region.create", "region",
                      new_id, changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int org_region_update(struct db *db, struct arena *a, const struct actor *who,
                      const struct org_region *old, const struct region_new *in, json_t *errors)
{
    struct region_new v;
    char now[TIME_ISO_LEN];
    int rc = region_check(db, a, in, old->id, errors, &v);

    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "code", old->code, v.code);
    audit_diff(changes, "name", old->name, v.name);
    audit_diff(changes, "name_ru", old->name_ru, v.name_ru);
    audit_diff(changes, "name_az", old->name_az, v.name_az);
    audit_diff(changes, "name_uz", old->name_uz, v.name_uz);
    if (json_object_size(changes) == 0)
        goto out; /* nothing to write, nothing to audit */
    time_now_iso(now);
    rc = db_exec(db, region_update_sql,
                 DB_ARGS(DB_TEXT(v.code), DB_TEXT(v.name), DB_TEXT(v.name_ru), DB_TEXT(v.name_az),
                         DB_TEXT(v.name_uz), DB_TEXT(region_search(a, &v)), DB_TEXT(now),
                         DB_INT(old->id)));
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("A region with this code already exists"));
    if (rc == 0)
        rc = audit_record_id(db, who, "region.update", "region",
                          old->id, changes);
out:
    json_decref(changes);
    return rc;
}

json_t *org_region_json(const struct org_region *g)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id", (json_int_t)g->id, "code",
                     g->code, "name", g->name, "name_ru", g->name_ru, "name_az", g->name_az,
                     "name_uz", g->name_uz, "created_at", g->created_at, "updated_at",
                     g->updated_at);
}

/* ---- pages ---- */

/* GET /admin/regions */
int region_list_page(struct req *r)
{
    const char *q = http_query(r, "q"), *like = form_like(&r->arena, q);
    int64_t page = form_page_arg(r), total = 0;
    struct val *ctx, *items;
    struct db_stmt *st;
    int rc;

    if ((rc = db_query_int(r->db, region_count_sql, DB_ARGS(DB_TEXT(like)), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, region_page_sql,
                       DB_ARGS(DB_TEXT(like), DB_INT(ORG_PAGE_SIZE),
                               DB_INT((page - 1) * ORG_PAGE_SIZE)))) < 0)
        return rc;
    items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 1);
        val_push(items, val_pack(&r->arena, "{s:s, s:s, s:o, s:o}", "code", code, "name",
                                 org_local_name(r->lang, db_col_text(st, 2), db_col_text(st, 3),
                                                db_col_text(st, 4), db_col_text(st, 5)),
                                 "centres", val_str_ref(&r->arena, view_int(r, db_col_int(st, 6))),
                                 "url",
                                 val_str_ref(&r->arena,
                                             arena_printf(&r->arena, "/admin/regions/%s",
                                                          url_encode(&r->arena, code)))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:b, s:b}", "title", _(r->lang, "Regions"), "q",
                   q ? q : "", "items", items, "has_items", val_len(items) > 0, "can_edit",
                   r->user->is_admin);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, ORG_PAGE_SIZE, total);
    return view_page(r, "region_list", ctx);
}

static int region_form(struct req *r, int status, const struct org_region *old,
                       const struct region_new *f, json_t *errors)
{
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:b, s:{s:s, s:s, s:s, s:s, s:s}}", "title",
        old ? _(r->lang, "Edit region") : _(r->lang, "Add a region"), "action",
        old ? arena_printf(&r->arena, "/admin/regions/%s", url_encode(&r->arena, old->code))
            : "/admin/regions",
        "submit", old ? _(r->lang, "Save changes") : _(r->lang, "Add region"), "is_new", !old, "f",
        "code", f->code ? f->code : "", "name", f->name ? f->name : "", "name_ru",
        f->name_ru ? f->name_ru : "", "name_az", f->name_az ? f->name_az : "", "name_uz",
        f->name_uz ? f->name_uz : "");
    form_crumbs(r, ctx, _(r->lang, "Regions"), "/admin/regions", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "region_form", ctx);
}

static struct region_new region_from_form(struct req *r)
{
    struct region_new f = { http_form(r, "code"), http_form(r, "name"), http_form(r, "name_ru"),
                            http_form(r, "name_az"), http_form(r, "name_uz") };
    return f;
}

/* GET /admin/regions/new */
int region_new_page(struct req *r)
{
    struct region_new f = { 0 };
    return region_form(r, 200, NULL, &f, NULL);
}

/* Run a write in one transaction; EINVALID/ECONFLICT re-show the form. */
static int region_write(struct req *r, const struct org_region *old, const struct region_new *f)
{
    struct actor who = audit_actor(r);
    json_t *errors = json_object();
    int rc;

    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, old ? org_region_update(r->db, &r->arena, &who, old, f, errors)
                              : org_region_insert(r->db, &r->arena, &who, f, errors, NULL));
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        /* the form again, with its errors */
        rc = region_form(r, rc == DARS_ECONFLICT ? 409 : 422, old, f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, old ? N_("Region saved") : N_("Region added"));
    rc = http_redirect(r, "/admin/regions");
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/regions */
int region_create_submit(struct req *r)
{
    struct region_new f = region_from_form(r);
    return region_write(r, NULL, &f);
}

/* GET /admin/regions/:code */
int region_edit_page(struct req *r)
{
    struct org_region g;
    int rc = org_region_get(r->db, &r->arena, r->params[0], &g);
    if (rc < 0)
        return rc;
    struct region_new f = { g.code, g.name, g.name_ru, g.name_az, g.name_uz };
    return region_form(r, 200, &g, &f, NULL);
}

/* POST /admin/regions/:code */
int region_edit_submit(struct req *r)
{
    struct org_region g;
    int rc = org_region_get(r->db, &r->arena, r->params[0], &g);
    if (rc < 0)
        return rc;
    struct region_new f = region_from_form(r);
    return region_write(r, &g, &f);
}

/* ---- API ---- */

static json_t *region_api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct org_region x;
    UNUSED(data);
    region_row(&r->arena, st, &x);
    *id = x.id;
    return org_region_json(&x);
}

/* GET /api/v1/regions */
int region_api_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, region_after_sql,
                       DB_ARGS(DB_INT(p.after), DB_TEXT(form_like(&r->arena, p.q)),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, region_api_row, NULL);
}

/* GET /api/v1/regions/:id */
int region_api_get(struct req *r)
{
    struct org_region g;
    int rc = org_region_get(r->db, &r->arena, r->params[0], &g);
    if (rc < 0)
        return rc;
    return http_json(r, 200, org_region_json(&g));
}

static void region_from_json(json_t *body, json_t *errors, struct region_new *f)
{
    api_field_str(body, "code", errors, &f->code);
    api_field_str(body, "name", errors, &f->name);
    api_field_str(body, "name_ru", errors, &f->name_ru);
    api_field_str(body, "name_az", errors, &f->name_az);
    api_field_str(body, "name_uz", errors, &f->name_uz);
}

/* One API write in one transaction, answered with the region as it now is. */
static int region_api_write(struct req *r, const struct org_region *old, json_t *body)
{
    struct actor who = audit_actor(r);
    json_t *errors = json_object();
    struct region_new f = { 0 };
    struct org_region g;
    int64_t id = old ? old->id : 0;
    int rc;

    if (old)
        f = (struct region_new){ old->code, old->name, old->name_ru, old->name_az, old->name_uz };
    region_from_json(body, errors, &f);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, old ? org_region_update(r->db, &r->arena, &who, old, &f, errors)
                                  : org_region_insert(r->db, &r->arena, &who, &f, errors, &id));
    if (rc < 0)
        goto fail;
    json_decref(errors);
    if ((rc = org_region_get(r->db, &r->arena, arena_printf(&r->arena, "%lld", (long long)id),
                             &g)) < 0)
        return rc;
    return http_json(r, old ? 200 : 201, org_region_json(&g));
fail:
    return api_fail(r, rc, errors);
}

/* POST /api/v1/regions */
int region_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? region_api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/regions/:id */
int region_api_patch(struct req *r)
{
    struct org_region g;
    json_t *body = http_json_body(r);
    int rc;

    if (!body)
        return 0;
    if ((rc = org_region_get(r->db, &r->arena, r->params[0], &g)) < 0)
        return rc;
    return region_api_write(r, &g, body);
}
