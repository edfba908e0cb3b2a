/*
 * Organisations, the ministries and agencies learners work for: the store
 * (check, insert, update, each audited), the admin pages
 * (/admin/organisations) and the API (/api/v1/organisations). Only admins
 * change them.
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

static void organisation_row(struct arena *a, struct db_stmt *st, struct org_organisation *o)
{
    o->id = db_col_int(st, 0);
    o->code = arena_strdup(a, db_col_text(st, 1));
    o->name = arena_strdup(a, db_col_text(st, 2));
    o->created_at = arena_strdup(a, db_col_text(st, 3));
    o->updated_at = arena_strdup(a, db_col_text(st, 4));
}

static int organisation_get_by(struct db *db, struct arena *a, const char *sql, struct db_arg arg,
                               struct org_organisation *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, &arg, 1);
    if (rc < 0)
        return rc;
    organisation_row(a, st, out);
    db_done(st);
    return 0;
}

int org_organisation_get(struct db *db, struct arena *a, const char *id_or_code,
                         struct org_organisation *out)
{
    int rc = DARS_ENOTFOUND;
    memset(out, 0, sizeof(*out));
    if (api_is_id(id_or_code))
        rc = organisation_get_by(db, a, organisation_by_id_sql,
                                 DB_INT(strtoll(id_or_code, NULL, 10)), out);
    if (rc == DARS_ENOTFOUND)
        rc = organisation_get_by(db, a, organisation_by_code_sql,
                                 DB_TEXT(form_code_norm(a, id_or_code)), out);
    return rc;
}

static int organisation_check(struct db *db, struct arena *a, const struct organisation_new *in,
                              int64_t self, json_t *errors, struct organisation_new *v /* OUT */)
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
    v->name = form_text_norm(a, in->name);
    if (!v->name) {
        v->name = "";
        form_error(errors, "name", N_("Enter text without invalid characters"));
        bad = true;
    } else if (!*v->name) {
        form_error(errors, "name", N_("Enter the name of the organisation"));
        bad = true;
    } else if (utf8_len(v->name) > NAME_MAX_CHARS) {
        form_error(errors, "name", N_("Use at most 200 characters"));
        bad = true;
    }
    if (bad)
        return DARS_EINVALID;
    rc = db_query_int(db, organisation_code_taken_sql, DB_ARGS(DB_TEXT(v->code), DB_INT(self)),
                      &other);
    if (rc == 0) {
        form_error(errors, "code", N_("An organisation with this code already exists"));
        return DARS_ECONFLICT;
    }
    return rc == DARS_ENOTFOUND ? 0 : rc;
}

static const char *organisation_search(struct arena *a, const struct organisation_new *v)
{
    const char *s = utf8_fold_search(a, arena_printf(a, "%s %s", v->code, v->name));
    return s ? s : "";
}

int org_organisation_insert(struct db *db, struct arena *a, const struct actor *who,
                            const struct organisation_new *in, json_t *errors, int64_t *id)
{
    struct organisation_new v;
    char now[TIME_ISO_LEN];
    int64_t new_id = 0;
    int rc = organisation_check(db, a, in, 0, errors, &v);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, organisation_insert_sql,
                      DB_ARGS(DB_TEXT(v.code), DB_TEXT(v.name),
                              DB_TEXT(organisation_search(a, &v)), DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("An organisation with this code already exists"));
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "code", v.code);
    audit_after(changes, "name", v.name);
    rc = audit_record_id(db, who, "organisation.create", "organisation",
                      new_id, changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int org_organisation_update(struct db *db, struct arena *a, const struct actor *who,
                            const struct org_organisation *old,
                            const struct organisation_new *in, json_t *errors)
{
    struct organisation_new v;
    char now[TIME_ISO_LEN];
    int rc = organisation_check(db, a, in, old->id, errors, &v);

    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "code", old->code, v.code);
    audit_diff(changes, "name", old->name, v.name);
    if (json_object_size(changes) == 0)
        goto out; /* nothing to write, nothing to audit */
    time_now_iso(now);
    rc = db_exec(db, organisation_update_sql,
                 DB_ARGS(DB_TEXT(v.code), DB_TEXT(v.name), DB_TEXT(organisation_search(a, &v)),
                         DB_TEXT(now), DB_INT(old->id)));
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("An organisation with this code already exists"));
    if (rc == 0)
        rc = audit_record_id(db, who, "organisation.update", "organisation",
                          old->id, changes);
out:
    json_decref(changes);
    return rc;
}

static json_t *organisation_json(const struct org_organisation *o)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)o->id, "code", o->code,
                     "name", o->name, "created_at", o->created_at, "updated_at", o->updated_at);
}

/* ---- pages ---- */

/* GET /admin/organisations */
int organisation_list_page(struct req *r)
{
    const char *q = http_query(r, "q"), *like = form_like(&r->arena, q);
    int64_t page = form_page_arg(r), total = 0;
    struct db_stmt *st;
    int rc;

    if ((rc = db_query_int(r->db, organisation_count_sql, DB_ARGS(DB_TEXT(like)), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, organisation_page_sql,
                       DB_ARGS(DB_TEXT(like), DB_INT(ORG_PAGE_SIZE),
                               DB_INT((page - 1) * ORG_PAGE_SIZE)))) < 0)
        return rc;
    struct val *items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 1);
        val_push(items, val_pack(&r->arena, "{s:s, s:s, s:o}", "code", code, "name",
                                 db_col_text(st, 2), "url",
                                 val_str_ref(&r->arena,
                                             arena_printf(&r->arena, "/admin/organisations/%s",
                                                          url_encode(&r->arena, code)))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:b}", "title",
                               _(r->lang, "Organisations"), "q", q ? q : "", "items", items,
                               "has_items", val_len(items) > 0);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, ORG_PAGE_SIZE, total);
    return view_page(r, "organisation_list", ctx);
}

static int organisation_form(struct req *r, int status, const struct org_organisation *old,
                             const struct organisation_new *f, json_t *errors)
{
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:{s:s, s:s}}", "title",
        old ? _(r->lang, "Edit organisation") : _(r->lang, "Add an organisation"), "action",
        old ? arena_printf(&r->arena, "/admin/organisations/%s",
                           url_encode(&r->arena, old->code))
            : "/admin/organisations",
        "submit", old ? _(r->lang, "Save changes") : _(r->lang, "Add organisation"), "f", "code",
        f->code ? f->code : "", "name", f->name ? f->name : "");
    form_crumbs(r, ctx, _(r->lang, "Organisations"), "/admin/organisations", NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "organisation_form", ctx);
}

static int organisation_write(struct req *r, const struct org_organisation *old,
                              const struct organisation_new *f)
{
    struct actor who = audit_actor(r);
    json_t *errors = json_object();
    int rc;

    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = db_tx_end(r->db, old ? org_organisation_update(r->db, &r->arena, &who, old, f, errors)
                              : org_organisation_insert(r->db, &r->arena, &who, f, errors, NULL));
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        /* the form again, with its errors */
        rc = organisation_form(r, rc == DARS_ECONFLICT ? 409 : 422, old, f, errors);
        goto out;
    }
    if (rc < 0)
        goto out;
    view_flash(r, old ? N_("Organisation saved") : N_("Organisation added"));
    rc = http_redirect(r, "/admin/organisations");
out:
    json_decref(errors);
    return rc;
}

/* GET /admin/organisations/new */
int organisation_new_page(struct req *r)
{
    struct organisation_new f = { 0 };
    return organisation_form(r, 200, NULL, &f, NULL);
}

/* POST /admin/organisations */
int organisation_create_submit(struct req *r)
{
    struct organisation_new f = { http_form(r, "code"), http_form(r, "name") };
    return organisation_write(r, NULL, &f);
}

/* GET /admin/organisations/:code */
int organisation_edit_page(struct req *r)
{
    struct org_organisation o;
    int rc = org_organisation_get(r->db, &r->arena, r->params[0], &o);
    if (rc < 0)
        return rc;
    struct organisation_new f = { o.code, o.name };
    return organisation_form(r, 200, &o, &f, NULL);
}

/* POST /admin/organisations/:code */
int organisation_edit_submit(struct req *r)
{
    struct org_organisation o;
    int rc = org_organisation_get(r->db, &r->arena, r->params[0], &o);
    if (rc < 0)
        return rc;
    struct organisation_new f = { http_form(r, "code"), http_form(r, "name") };
    return organisation_write(r, &o, &f);
}

/* ---- API ---- */

static json_t *organisation_api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct org_organisation x;
    UNUSED(data);
    organisation_row(&r->arena, st, &x);
    *id = x.id;
    return organisation_json(&x);
}

/* GET /api/v1/organisations */
int organisation_api_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    if ((rc = db_query(r->db, &st, organisation_after_sql,
                       DB_ARGS(DB_INT(p.after), DB_TEXT(form_like(&r->arena, p.q)),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, organisation_api_row, NULL);
}

/* GET /api/v1/organisations/:id */
int organisation_api_get(struct req *r)
{
    struct org_organisation o;
    int rc = org_organisation_get(r->db, &r->arena, r->params[0], &o);
    if (rc < 0)
        return rc;
    return http_json(r, 200, organisation_json(&o));
}

static int organisation_api_write(struct req *r, const struct org_organisation *old,
                                  json_t *body)
{
    struct actor who = audit_actor(r);
    json_t *errors = json_object();
    struct organisation_new f = { 0 };
    struct org_organisation o;
    int64_t id = old ? old->id : 0;
    int rc;

    if (old)
        f = (struct organisation_new){ old->code, old->name };
    api_field_str(body, "code", errors, &f.code);
    api_field_str(body, "name", errors, &f.name);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db,
                       old ? org_organisation_update(r->db, &r->arena, &who, old, &f, errors)
                           : org_organisation_insert(r->db, &r->arena, &who, &f, errors, &id));
    if (rc < 0)
        goto fail;
    json_decref(errors);
    if ((rc = org_organisation_get(r->db, &r->arena,
                                   arena_printf(&r->arena, "%lld", (long long)id), &o)) < 0)
        return rc;
    return http_json(r, old ? 200 : 201, organisation_json(&o));
fail:
    return api_fail(r, rc, errors);
}

/* POST /api/v1/organisations */
int organisation_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? organisation_api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/organisations/:id */
int organisation_api_patch(struct req *r)
{
    struct org_organisation o;
    json_t *body = http_json_body(r);
    int rc;

    if (!body)
        return 0;
    if ((rc = org_organisation_get(r->db, &r->arena, r->params[0], &o)) < 0)
        return rc;
    return organisation_api_write(r, &o, body);
}
