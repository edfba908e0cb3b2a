/*
 * Equipment supplied to centres (DESIGN.md 6a): the donor's computers,
 * projectors and robotics kits, the project that paid for each, and their
 * condition, which decides whether a centre counts as equipped. Admins and
 * the centre's managers add and change it; whoever reads the centre's
 * figures (analysts too) reads it. The API, the centre's equipment page and
 * the list on the centre's own page (org's hook).
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "core/i18n.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/api.h"
#include "org/org.h"
#include "view/form.h"
#include "view/view.h"

#include <string.h>

static const char *const kinds[] = { "computer", "laptop", "projector", "robotics-kit", "network",
                                     "other" };
static const char *const conditions[] = { "working", "repair", "broken", "lost" };

struct eq_item {
    int64_t id, centre_id, project_id, quantity;
    const char *centre, *project, *kind, *received_on, *condition, *notes, *created_at,
        *updated_at;
};

/* What a body or a form gives; NULL leaves the old value. */
struct eq_input {
    const char *centre, *project, *kind, *quantity, *received_on, *condition, *notes;
};

static const char *kind_label(const char *lang, const char *kind)
{
    if (streq(kind, "computer"))
        return _(lang, "Computer");
    if (streq(kind, "laptop"))
        return _(lang, "Laptop");
    if (streq(kind, "projector"))
        return _(lang, "Projector");
    if (streq(kind, "robotics-kit"))
        return _(lang, "Robotics kit");
    if (streq(kind, "network"))
        return _(lang, "Network equipment");
    return _(lang, "Other");
}

static const char *condition_label(const char *lang, const char *c)
{
    if (streq(c, "working"))
        return _(lang, "Working");
    if (streq(c, "repair"))
        return _(lang, "In repair");
    if (streq(c, "broken"))
        return _(lang, "Broken");
    return _(lang, "Lost");
}

static bool one_of(const char *s, const char *const *set, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (streq(s, set[i]))
            return true;
    return false;
}

static void eq_row(struct arena *a, struct db_stmt *st, struct eq_item *e)
{
    e->id = db_col_int(st, 0);
    e->centre = arena_strdup(a, db_col_text(st, 1));
    e->project = db_col_is_null(st, 2) ? NULL : arena_strdup(a, db_col_text(st, 2));
    e->kind = arena_strdup(a, db_col_text(st, 3));
    e->quantity = db_col_int(st, 4);
    e->received_on = arena_strdup(a, db_col_text(st, 5));
    e->condition = arena_strdup(a, db_col_text(st, 6));
    e->notes = arena_strdup(a, db_col_text(st, 7));
    e->created_at = arena_strdup(a, db_col_text(st, 8));
    e->updated_at = arena_strdup(a, db_col_text(st, 9));
    e->centre_id = db_col_int(st, 10);
    e->project_id = db_col_int(st, 11);
}

static int eq_get(struct db *db, struct arena *a, int64_t id, struct eq_item *e)
{
    struct db_stmt *st;
    int rc = id ? db_query_row(db, &st, eq_by_id_sql, DB_ARGS(DB_INT(id))) : DARS_ENOTFOUND;
    if (rc < 0)
        return rc;
    eq_row(a, st, e);
    db_done(st);
    return 0;
}

static json_t *eq_json(const struct eq_item *e)
{
    return json_pack("{s:I, s:s, s:s?, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "id",
                     (json_int_t)e->id, "centre", e->centre, "project", e->project, "kind",
                     e->kind, "quantity", (json_int_t)e->quantity, "received_on", e->received_on,
                     "condition", e->condition, "notes", e->notes, "created_at", e->created_at,
                     "updated_at", e->updated_at);
}

/*
 * Check in over old (NULL: new) and write it, audited, in the caller's
 * transaction. DARS_EINVALID with errors; DARS_EDENIED when the centre is not
 * one the user manages.
 */
/*
 * Check in against old (NULL: new) and write it in the caller's transaction,
 * audited as who; r: the request whose user must manage the centres, NULL
 * for the command line (the demo), which manages every centre.
 */
static int eq_store(struct db *db, struct arena *a, const struct actor *who,
                    const struct req *r, const struct eq_item *old, const struct eq_input *in,
                    json_t *errors, int64_t *id)
{
    const char *centre = in->centre ? form_code_norm(a, in->centre) : old ? old->centre : "";
    const char *project = in->project ? form_code_norm(a, in->project)
                          : old && old->project ? old->project
                                                : "";
    const char *kind = in->kind ? in->kind : old ? old->kind : "";
    const char *received = in->received_on ? in->received_on : old ? old->received_on : "";
    const char *condition = in->condition ? in->condition : old ? old->condition : "working";
    const char *notes = in->notes ? form_text_norm(a, in->notes) : old ? old->notes : "";
    int64_t quantity = old ? old->quantity : 0, centre_id = 0, project_id = 0;
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int rc;

    if (in->quantity && !form_count(in->quantity, 100000, &quantity))
        quantity = 0;
    if (quantity < 1)
        form_error(errors, "quantity", N_("Enter a whole number from 1 to 100000"));
    if (!*centre)
        form_error(errors, "centre", N_("Choose a centre"));
    else if ((rc = org_centre_id(db, centre, &centre_id)) == DARS_ENOTFOUND)
        form_error(errors, "centre", N_("No centre has this code"));
    else if (rc < 0)
        return rc;
    if (*project) {
        rc = db_query_row(db, &st, eq_project_id_sql, DB_ARGS(DB_TEXT(project)));
        if (rc == 0) {
            project_id = db_col_int(st, 0);
            db_done(st);
        } else if (rc == DARS_ENOTFOUND)
            form_error(errors, "project", N_("No project has this code"));
        else
            return rc;
    }
    if (!one_of(kind, kinds, ARRAY_SIZE(kinds)))
        form_error(errors, "kind", N_("Choose the kind of equipment"));
    if (!project_is_day(received))
        form_error(errors, "received_on", N_("Enter the day it was received, like 2026-03-15"));
    if (!one_of(condition, conditions, ARRAY_SIZE(conditions)))
        form_error(errors, "condition", N_("Choose working, in repair, broken or lost"));
    if (!notes || utf8_len(notes) > 1000)
        form_error(errors, "notes", N_("Use at most 1000 characters"));
    if (json_object_size(errors))
        return DARS_EINVALID;
    /* both the centre it was at and the one it goes to must be the user's */
    if (r && (!accounts_can_manage_centre(r, centre_id) ||
              (old && !accounts_can_manage_centre(r, old->centre_id))))
        return DARS_EDENIED;
    time_now_iso(now);
    if (!old) {
        if ((rc = db_query_row(db, &st, eq_insert_sql,
                               DB_ARGS(DB_INT(centre_id), DB_ID(project_id), DB_TEXT(kind),
                                       DB_INT(quantity), DB_TEXT(received), DB_TEXT(condition),
                                       DB_TEXT(notes), DB_TEXT(now), DB_TEXT(now)))) < 0)
            return rc;
        *id = db_col_int(st, 0);
        db_done(st);
    } else {
        *id = old->id;
        if ((rc = db_exec(db, eq_update_sql,
                          DB_ARGS(DB_INT(centre_id), DB_ID(project_id), DB_TEXT(kind),
                                  DB_INT(quantity), DB_TEXT(received), DB_TEXT(condition),
                                  DB_TEXT(notes), DB_TEXT(now), DB_INT(old->id)))) < 0)
            return rc;
    }
    json_t *c = json_object();
    audit_diff(c, "centre", old ? old->centre : NULL, centre);
    audit_diff(c, "project", old ? old->project : NULL, project);
    audit_diff(c, "kind", old ? old->kind : NULL, kind);
    audit_diff(c, "quantity", old ? arena_int(a, old->quantity) : NULL, arena_int(a, quantity));
    audit_diff(c, "received_on", old ? old->received_on : NULL, received);
    audit_diff(c, "condition", old ? old->condition : NULL, condition);
    audit_diff(c, "notes", old ? old->notes : NULL, notes);
    rc = audit_record_id(db, who, old ? "equipment.update" : "equipment.create", "equipment",
                         *id, c);
    json_decref(c);
    return rc;
}

/* A change by r's user, who must manage the centres it concerns. */
static int eq_write(struct req *r, const struct eq_item *old, const struct eq_input *in,
                    json_t *errors, int64_t *id)
{
    struct actor who = audit_actor(r);
    return eq_store(r->db, &r->arena, &who, r, old, in, errors, id);
}

int equipment_add_as(struct db *db, struct arena *a, const struct actor *who, const char *centre,
                     const char *project, const char *kind, int64_t quantity,
                     const char *received_on, const char *condition, const char *notes,
                     json_t *errors)
{
    struct eq_input in = { centre, project, kind, arena_int(a, quantity), received_on, condition,
                           notes };
    int64_t id;
    return eq_store(db, a, who, NULL, NULL, &in, errors, &id);
}

/* ---- the API ---- */

/* GET /api/v1/equipment?centre=&project=&condition= */
int equipment_api_list(struct req *r)
{
    struct api_page pg;
    struct db_stmt *st;
    const char *centre = http_query(r, "centre"), *project = http_query(r, "project"),
               *condition = http_query(r, "condition");
    int64_t last = 0, next = 0;
    int rc;

    if (!accounts_reads_reports(r))
        return DARS_EDENIED;
    if (api_page_begin(r, &pg) < 0)
        return 0;
    centre = centre ? form_code_norm(&r->arena, centre) : "";
    project = project ? form_code_norm(&r->arena, project) : "";
    condition = condition ? condition : "";
    /* the reader's scope is in the statement: one, and a page's rows at most */
    if ((rc = db_query(r->db, &st, eq_after_sql,
                       DB_ARGS(DB_INT(pg.after), DB_TEXT(centre), DB_TEXT(centre),
                               DB_TEXT(project), DB_TEXT(project), DB_TEXT(condition),
                               DB_TEXT(condition), DB_INT(r->user->reads_all),
                               DB_INT(r->user->id), DB_INT(pg.limit + 1)))) < 0)
        return rc;
    json_t *items = json_array();
    while ((rc = db_step(st)) == DB_ROW) {
        struct eq_item e;
        eq_row(&r->arena, st, &e);
        if ((int64_t)json_array_size(items) == pg.limit) {
            next = last;
            break;
        }
        json_array_append_new(items, eq_json(&e));
        last = e.id;
    }
    db_done(st);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    return api_page_send(r, &pg, items, next);
}

/* GET /api/v1/equipment/:id */
int equipment_api_get(struct req *r)
{
    struct eq_item e;
    int rc = eq_get(r->db, &r->arena, api_id(r->params[0]), &e);
    if (rc < 0)
        return rc;
    if (!accounts_can_read_centre(r, e.centre_id))
        return DARS_EDENIED;
    return http_json(r, 200, eq_json(&e));
}

static int api_write(struct req *r, const struct eq_item *old, json_t *body)
{
    json_t *errors = json_object();
    struct eq_input in = { 0 };
    struct eq_item e;
    int64_t id = 0;
    int rc;

    api_field_str(body, "centre", errors, &in.centre);
    api_field_str(body, "project", errors, &in.project);
    api_field_str(body, "kind", errors, &in.kind);
    api_field_str(body, "received_on", errors, &in.received_on);
    api_field_str(body, "condition", errors, &in.condition);
    api_field_str(body, "notes", errors, &in.notes);
    json_t *q = json_object_get(body, "quantity");
    if (q && json_is_integer(q))
        in.quantity = arena_printf(&r->arena, "%lld", (long long)json_integer_value(q));
    else if (q)
        form_error(errors, "quantity", "must be a whole number");
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, eq_write(r, old, &in, errors, &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = eq_get(r->db, &r->arena, id, &e)) < 0)
        return rc;
    return http_json(r, old ? 200 : 201, eq_json(&e));
}

/* POST /api/v1/equipment */
int equipment_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/equipment/:id */
int equipment_api_patch(struct req *r)
{
    struct eq_item e;
    json_t *body = http_json_body(r);
    int rc;
    if (!body)
        return 0;
    if ((rc = eq_get(r->db, &r->arena, api_id(r->params[0]), &e)) < 0)
        return rc;
    if (!accounts_can_manage_centre(r, e.centre_id))
        return DARS_EDENIED;
    return api_write(r, &e, body);
}

/* ---- the pages ---- */

static struct val *choices(struct req *r, const char *const *set, size_t n, const char *sel,
                           const char *(*label)(const char *, const char *))
{
    struct val *list = val_list(&r->arena);
    for (size_t i = 0; i < n; i++)
        val_push(list, val_pack(&r->arena, "{s:o, s:o, s:b}", "value",
                                val_str_ref(&r->arena, set[i]), "label",
                                val_str_ref(&r->arena, label(r->lang, set[i])), "selected",
                                sel && streq(sel, set[i])));
    return list;
}

/* The centre's equipment as table rows, each with its condition form when may_change. */
static int centre_items(struct req *r, int64_t centre_id, bool may_change, struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, eq_centre_sql, DB_ARGS(DB_INT(centre_id)));
    if (rc < 0)
        return rc;
    struct arena *a = &r->arena;
    struct val *items = val_list(a);
    while ((rc = db_step(st)) == DB_ROW) {
        struct eq_item e;
        eq_row(a, st, &e);
        struct val *row = val_pack(
            a, "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)e.id, "kind",
            val_str_ref(a, kind_label(r->lang, e.kind)), "quantity",
            val_str_ref(a, view_int(r, e.quantity)), "received_on",
            val_str_ref(a, view_date(r, e.received_on)), "project",
            val_str_ref(a, e.project ? e.project : "–"), "condition",
            val_str_ref(a, condition_label(r->lang, e.condition)), "notes",
            val_str_ref(a, e.notes), "action",
            val_str_ref(a, arena_printf(a, "/admin/centres/%s/equipment/%lld",
                                        url_encode(a, e.centre), (long long)e.id)));
        val_set_bool(row, "can_change", may_change);
        if (may_change)
            val_set(row, "conditions",
                    choices(r, conditions, ARRAY_SIZE(conditions), e.condition,
                            condition_label));
        val_push(items, row);
    }
    db_done(st);
    *out = items;
    return rc < 0 ? rc : 0;
}

static int project_options(struct req *r, const char *sel, struct val **out)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, eq_projects_sql, DB_NOARGS);
    if (rc < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW)
        val_push(list, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", db_col_text(st, 0), "label",
                                arena_printf(&r->arena, "%s (%s)", db_col_text(st, 1),
                                             db_col_text(st, 0)),
                                "selected", sel && streq(sel, db_col_text(st, 0))));
    db_done(st);
    *out = list;
    return rc < 0 ? rc : 0;
}

static int centre_page(struct req *r, int status, const struct eq_input *f, json_t *errors)
{
    int64_t centre_id;
    const char *code = form_code_norm(&r->arena, r->params[0]);
    struct val *items, *projects = NULL;
    int rc = org_centre_id(r->db, code, &centre_id);
    if (rc < 0)
        return rc;
    if (!accounts_can_read_centre(r, centre_id) && !accounts_can_manage_centre(r, centre_id))
        return DARS_EDENIED;
    bool may_change = accounts_can_manage_centre(r, centre_id);
    if ((rc = centre_items(r, centre_id, may_change, &items)) < 0)
        return rc;
    if (may_change && (rc = project_options(r, f ? f->project : NULL, &projects)) < 0)
        return rc;
    const char *base = arena_printf(&r->arena, "/admin/centres/%s", url_encode(&r->arena, code));
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:o, s:b, s:b, s:o, s:o, s:o, s:{s:s, s:s, s:s}}", "title",
        arena_printf(&r->arena, "%s: %s", _(r->lang, "Equipment"), code), "centre", code,
        "action", arena_printf(&r->arena, "%s/equipment", base), "items", items, "has_items",
        val_len(items) > 0, "may_change", may_change, "projects", projects, "kinds",
        choices(r, kinds, ARRAY_SIZE(kinds), f ? f->kind : NULL, kind_label), "conditions",
        choices(r, conditions, ARRAY_SIZE(conditions), f && f->condition ? f->condition
                                                                        : "working",
                condition_label),
        "f", "quantity", f && f->quantity ? f->quantity : "", "received_on",
        f && f->received_on ? f->received_on : "", "notes", f && f->notes ? f->notes : "");
    form_crumbs(r, ctx, _(r->lang, "Centres"), "/admin/centres", code, base, NULL);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "equipment_centre", ctx);
}

/* GET /admin/centres/:code/equipment */
int equipment_centre_page(struct req *r)
{
    return centre_page(r, 200, NULL, NULL);
}

/* POST /admin/centres/:code/equipment: add */
int equipment_create_submit(struct req *r)
{
    struct eq_input f = { r->params[0], form_value(r, "project"), form_value(r, "kind"),
                          form_value(r, "quantity"), form_value(r, "received_on"),
                          form_value(r, "condition"), form_value(r, "notes") };
    json_t *errors = json_object();
    int64_t id;
    int rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, eq_write(r, NULL, &f, errors, &id));
    form_error_move(errors, "centre", "kind"); /* the page's centre is not a field */
    if (rc == DARS_EINVALID)
        rc = centre_page(r, 422, &f, errors);
    else if (rc == 0) {
        view_flash(r, N_("Equipment added"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/centres/%s/equipment",
                                           url_encode(&r->arena,
                                                      form_code_norm(&r->arena, r->params[0]))));
    }
    json_decref(errors);
    return rc;
}

/* POST /admin/centres/:code/equipment/:id: its condition */
int equipment_condition_submit(struct req *r)
{
    struct eq_item e;
    struct eq_input f = { 0 };
    json_t *errors;
    int64_t id;
    int rc = eq_get(r->db, &r->arena, api_id(r->params[1]), &e);
    if (rc < 0)
        return rc;
    if (!streq(e.centre, form_code_norm(&r->arena, r->params[0])))
        return DARS_ENOTFOUND;
    if (!accounts_can_manage_centre(r, e.centre_id))
        return DARS_EDENIED;
    f.condition = form_value(r, "condition");
    errors = json_object();
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, eq_write(r, &e, &f, errors, &id));
    if (rc == DARS_EINVALID)
        rc = centre_page(r, 422, NULL, errors);
    else if (rc == 0) {
        view_flash(r, N_("Condition saved"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/centres/%s/equipment",
                                           url_encode(&r->arena, e.centre)));
    }
    json_decref(errors);
    return rc;
}

/* The centre page's part (org.h): the equipment it received, read-only. */
static int centre_part(struct req *r, int64_t centre_id, const char *code, const char **html)
{
    struct val *items;
    int rc = centre_items(r, centre_id, false, &items);
    if (rc < 0)
        return rc;
    struct val *ctx = val_pack(&r->arena, "{s:o, s:b, s:s}", "items", items, "has_items",
                               val_len(items) > 0, "url",
                               arena_printf(&r->arena, "/admin/centres/%s/equipment",
                                            url_encode(&r->arena, code)));
    return view_part(r, "equipment_part", ctx, html);
}

const struct org_centre_part projects_centre_equipment = { "equipment", centre_part };
