/*
 * Centres: the store (check, insert, update, each audited), the pages
 * (/admin/centres) and the API (/api/v1/centres). An admin sees and changes
 * every centre and alone creates them; a manager sees and edits only the
 * centres in their scope (filtered in SQL), and may not move a centre to
 * another region or change its code, which would take it out of a scope.
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
#define ADDRESS_MAX_CHARS 500
#define CAPACITY_MAX 1000000

/* A choice of a centre's form: stored value, label and hint (msgids; hint may be NULL). */
struct choice {
    const char *value, *label, *hint;
};

static const struct choice kinds[] = {
    { "central", N_("Central centre"), NULL },
    { "regional", N_("Regional centre"), NULL },
    { "digital-education", N_("Digital Education Centre"), NULL },
};

/* Self-registration at a centre (DESIGN.md section 6a). */
static const struct choice registrations[] = {
    { "closed", N_("Closed"), N_("People cannot register themselves at this centre") },
    { "approval", N_("With approval"),
      N_("People register themselves; a manager of the centre or its region approves them") },
    { "open", N_("Open"), N_("People register themselves and start once their e-mail is checked") },
};

/*
 * Whether a centre serves a town or the countryside, so that reports count
 * training by area (DESIGN.md section 6a); a centre may leave it not set.
 */
static const struct choice areas[] = {
    { "urban", N_("Urban"), NULL },
    { "rural", N_("Rural"), NULL },
};

static const struct choice *choice_find(const struct choice *set, size_t n, const char *value)
{
    for (size_t i = 0; value && i < n; i++)
        if (streq(set[i].value, value))
            return &set[i];
    return NULL;
}

/* The label of value in lang; value itself when the set does not know it. */
static const char *choice_label(const struct choice *set, size_t n, const char *lang,
                                const char *value)
{
    const struct choice *c = choice_find(set, n, value);
    return c ? _(lang, c->label) : value;
}

static const char *kind_label(const char *lang, const char *kind)
{
    return choice_label(kinds, ARRAY_SIZE(kinds), lang, kind);
}

static bool is_kind(const char *kind)
{
    return choice_find(kinds, ARRAY_SIZE(kinds), kind) != NULL;
}

static bool is_registration(const char *value)
{
    return choice_find(registrations, ARRAY_SIZE(registrations), value) != NULL;
}

static bool is_area(const char *value)
{
    return choice_find(areas, ARRAY_SIZE(areas), value) != NULL;
}

/* The area as a page shows it: its label, or "Not set". */
static const char *area_label(const char *lang, const char *area)
{
    return area ? choice_label(areas, ARRAY_SIZE(areas), lang, area) : _(lang, "Not set");
}

/* An area filter: a known area, "unknown" (none set), else "" (any). */
static const char *area_filter(const char *v)
{
    return v && (is_area(v) || streq(v, "unknown")) ? v : "";
}

/* ---- store ---- */

static void centre_row(struct arena *a, struct db_stmt *st, struct org_centre *c)
{
    c->id = db_col_int(st, 0);
    c->code = arena_strdup(a, db_col_text(st, 1));
    c->name = arena_strdup(a, db_col_text(st, 2));
    c->region_id = db_col_int(st, 3);
    c->region = arena_strdup(a, db_col_text(st, 4));
    c->region_name = arena_strdup(a, db_col_text(st, 5));
    c->region_name_ru = arena_strdup(a, db_col_text(st, 6));
    c->region_name_az = arena_strdup(a, db_col_text(st, 7));
    c->region_name_uz = arena_strdup(a, db_col_text(st, 8));
    c->kind = arena_strdup(a, db_col_text(st, 9));
    c->address = arena_strdup(a, db_col_text(st, 10));
    c->capacity = db_col_int(st, 11);
    c->responsible = db_col_is_null(st, 12) ? NULL : arena_strdup(a, db_col_text(st, 12));
    c->timezone = arena_strdup(a, db_col_text(st, 13));
    c->created_at = arena_strdup(a, db_col_text(st, 14));
    c->updated_at = arena_strdup(a, db_col_text(st, 15));
    c->people = db_col_int(st, 16);
    c->registration = arena_strdup(a, db_col_text(st, 17));
    c->area = db_col_is_null(st, 18) ? NULL : arena_strdup(a, db_col_text(st, 18));
}

static int centre_get_by(struct db *db, struct arena *a, const char *sql, struct db_arg arg,
                         struct org_centre *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, &arg, 1);
    if (rc < 0)
        return rc;
    centre_row(a, st, out);
    db_done(st);
    return 0;
}

int org_centre_get(struct db *db, struct arena *a, const char *id_or_code, struct org_centre *out)
{
    int rc = DARS_ENOTFOUND;
    memset(out, 0, sizeof(*out));
    if (api_is_id(id_or_code))
        rc = centre_get_by(db, a, centre_by_id_sql, DB_INT(strtoll(id_or_code, NULL, 10)), out);
    if (rc == DARS_ENOTFOUND)
        rc = centre_get_by(db, a, centre_by_code_sql, DB_TEXT(form_code_norm(a, id_or_code)), out);
    return rc;
}

/* A centre checked and resolved for writing. */
struct centre_ok {
    struct centre_new v;
    const char *area; /* urban | rural; NULL when not set */
    int64_t region_id, responsible_id;
};

/* A text field: NFC, at most max characters; required says what to ask for when empty. */
static bool text_ok(struct arena *a, json_t *errors, const char *field, const char *in,
                    size_t max, const char *required, const char **out)
{
    *out = form_text_norm(a, in);
    if (!*out) {
        *out = "";
        form_error(errors, field, N_("Enter text without invalid characters"));
        return false;
    }
    if (required && !**out) {
        form_error(errors, field, required);
        return false;
    }
    if (utf8_len(*out) > max) {
        form_error(errors, field,
                  max == NAME_MAX_CHARS ? N_("Use at most 200 characters")
                                        : N_("Use at most 500 characters"));
        return false;
    }
    return true;
}

/*
 * The user with this e-mail (NULL: none): ok->responsible_id and
 * ok->v.responsible as stored. Through the look-up accounts hands org (org_init).
 */
static int responsible_find(struct db *db, struct arena *a, const char *email,
                            struct centre_ok *ok)
{
    int rc;

    if (!email)
        return DARS_ENOTFOUND;
    if ((rc = org_person_by_email(db, a, email, &ok->responsible_id, &ok->v.responsible)) < 0)
        return rc == DARS_EINVALID ? DARS_ENOTFOUND : rc;
    return 0;
}

/* area: urban | rural, or NULL or "" for not set (struct centre_new has none; see org.h) */
static int centre_check(struct db *db, struct arena *a, const struct centre_new *in,
                        const char *area, int64_t self, json_t *errors,
                        struct centre_ok *ok /* OUT */)
{
    struct centre_new *v = &ok->v;
    const char *problem;
    bool bad = false;
    int64_t other;
    int rc;

    memset(ok, 0, sizeof(*ok));
    v->code = form_code_norm(a, in->code);
    if ((problem = form_code_problem(v->code))) {
        form_error(errors, "code", problem);
        bad = true;
    }
    if (!text_ok(a, errors, "name", in->name, NAME_MAX_CHARS, N_("Enter the name of the centre"),
                 &v->name))
        bad = true;

    v->region = form_code_norm(a, in->region);
    if (!*v->region) {
        form_error(errors, "region", N_("Choose a region"));
        bad = true;
    } else if ((rc = org_region_id(db, v->region, &ok->region_id)) == DARS_ENOTFOUND) {
        form_error(errors, "region", N_("There is no region with this code"));
        bad = true;
    } else if (rc < 0) {
        return rc;
    }

    v->kind = in->kind ? in->kind : "";
    if (!is_kind(v->kind)) {
        form_error(errors, "kind", N_("Choose the kind of centre"));
        bad = true;
    }
    if (!text_ok(a, errors, "address", in->address, ADDRESS_MAX_CHARS, NULL, &v->address))
        bad = true;
    v->capacity = in->capacity;
    if (v->capacity < 0 || v->capacity > CAPACITY_MAX) {
        form_error(errors, "capacity",
                   N_("Enter the capacity as a whole number from 0 to 1000000"));
        bad = true;
    }

    const char *email = form_text_norm(a, in->responsible);
    v->responsible = NULL;
    if (!email || *email) { /* NULL: not valid UTF-8, so nobody's address */
        /* the person as their account spells the address */
        if ((rc = responsible_find(db, a, email, ok)) == DARS_ENOTFOUND) {
            form_error(errors, "responsible", N_("There is no user with this e-mail address"));
            bad = true;
        } else if (rc < 0) {
            return rc;
        }
    }

    v->registration = in->registration && *in->registration ? in->registration : "closed";
    if (!is_registration(v->registration)) {
        form_error(errors, "registration", N_("Choose open, with approval or closed"));
        bad = true;
    }

    ok->area = area && *area ? area : NULL;
    if (ok->area && !is_area(ok->area)) {
        form_error(errors, "area", N_("Choose urban or rural, or leave the area not set"));
        bad = true;
    }

    const char *tz = form_text_norm(a, in->timezone);
    v->timezone = !tz ? "" : *tz ? tz : "UTC";
    if (!org_timezone_ok(v->timezone)) {
        form_error(errors, "timezone",
                  N_("Enter a time zone from the tz database, for example Asia/Baku"));
        bad = true;
    }
    if (bad)
        return DARS_EINVALID;

    rc = db_query_int(db, centre_code_taken_sql, DB_ARGS(DB_TEXT(v->code), DB_INT(self)), &other);
    if (rc == 0) {
        form_error(errors, "code", N_("A centre with this code already exists"));
        return DARS_ECONFLICT;
    }
    return rc == DARS_ENOTFOUND ? 0 : rc;
}

int org_centre_check(struct db *db, struct arena *a, const struct centre_new *in,
                     const char *area, int64_t self, json_t *errors)
{
    struct centre_ok ok;
    return centre_check(db, a, in, area, self, errors, &ok);
}

static const char *centre_search(struct arena *a, const struct centre_new *v)
{
    const char *s =
        utf8_fold_search(a, arena_printf(a, "%s %s %s", v->code, v->name, v->address));
    return s ? s : "";
}

/* org_centre_insert() with an area (NULL or "": not set) */
static int centre_insert(struct db *db, struct arena *a, const struct actor *who,
                         const struct centre_new *in, const char *area, json_t *errors,
                         int64_t *id /* OUT */)
{
    struct centre_ok ok;
    const struct centre_new *v = &ok.v;
    char now[TIME_ISO_LEN];
    int64_t new_id = 0;
    int rc = centre_check(db, a, in, area, 0, errors, &ok);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    rc = db_query_int(db, centre_insert_sql,
                      DB_ARGS(DB_TEXT(v->code), DB_TEXT(v->name), DB_INT(ok.region_id),
                              DB_TEXT(v->kind), DB_TEXT(v->address), DB_INT(v->capacity),
                              DB_ID(ok.responsible_id), DB_TEXT(v->timezone),
                              DB_TEXT(v->registration), DB_TEXT(ok.area),
                              DB_TEXT(centre_search(a, v)), DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("A centre with this code already exists"));
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "code", v->code);
    audit_after(changes, "name", v->name);
    audit_after(changes, "region", v->region);
    audit_after(changes, "kind", v->kind);
    audit_after(changes, "address", v->address);
    audit_after(changes, "capacity", arena_printf(a, "%lld", (long long)v->capacity));
    audit_after(changes, "responsible", v->responsible);
    audit_after(changes, "timezone", v->timezone);
    audit_after(changes, "registration", v->registration);
    audit_after(changes, "area", ok.area);
    rc = audit_record_id(db, who, "centre.create", "centre",
                      new_id, changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

int org_centre_insert(struct db *db, struct arena *a, const struct actor *who,
                      const struct centre_new *in, json_t *errors, int64_t *id)
{
    return centre_insert(db, a, who, in, NULL, errors, id);
}

int org_centre_update(struct db *db, struct arena *a, const struct actor *who,
                      const struct org_centre *old, const struct centre_new *in,
                      const char *area, json_t *errors)
{
    struct centre_ok ok;
    const struct centre_new *v = &ok.v;
    char now[TIME_ISO_LEN];
    int rc = centre_check(db, a, in, area, old->id, errors, &ok);

    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_diff(changes, "code", old->code, v->code);
    audit_diff(changes, "name", old->name, v->name);
    audit_diff(changes, "region", old->region, v->region);
    audit_diff(changes, "kind", old->kind, v->kind);
    audit_diff(changes, "address", old->address, v->address);
    audit_diff(changes, "capacity", arena_printf(a, "%lld", (long long)old->capacity),
               arena_printf(a, "%lld", (long long)v->capacity));
    audit_diff(changes, "responsible", old->responsible, v->responsible);
    audit_diff(changes, "timezone", old->timezone, v->timezone);
    audit_diff(changes, "registration", old->registration, v->registration);
    audit_diff(changes, "area", old->area, ok.area);
    if (json_object_size(changes) == 0)
        goto out; /* nothing to write, nothing to audit */
    time_now_iso(now);
    rc = db_exec(db, centre_update_sql,
                 DB_ARGS(DB_TEXT(v->code), DB_TEXT(v->name), DB_INT(ok.region_id),
                         DB_TEXT(v->kind), DB_TEXT(v->address), DB_INT(v->capacity),
                         DB_ID(ok.responsible_id), DB_TEXT(v->timezone),
                         DB_TEXT(v->registration), DB_TEXT(ok.area), DB_TEXT(centre_search(a, v)),
                         DB_TEXT(now), DB_INT(old->id)));
    if (rc == DARS_ECONFLICT)
        form_error(errors, "code", N_("A centre with this code already exists"));
    if (rc == 0)
        rc = audit_record_id(db, who, "centre.update", "centre",
                          old->id, changes);
out:
    json_decref(changes);
    return rc;
}

int org_centre_responsible_fill(struct db *db, struct arena *a, const struct actor *who,
                                const char *code, const char *email, json_t *errors)
{
    struct org_centre c;
    int rc = org_centre_get(db, a, code, &c);
    if (rc < 0 || c.responsible)
        return rc;
    struct centre_new in = { c.code,     c.name,     c.region,   c.kind,        c.address,
                             c.capacity, email,      c.timezone, c.registration };
    return org_centre_update(db, a, who, &c, &in, c.area, errors);
}

int org_centre_area_set(struct db *db, struct arena *a, const struct actor *who,
                        const char *code, const char *area, json_t *errors)
{
    struct org_centre c;
    int rc = org_centre_get(db, a, code, &c);
    if (rc < 0)
        return rc;
    struct centre_new in = { c.code,       c.name,     c.region,   c.kind,        c.address,
                             c.capacity,   c.responsible, c.timezone, c.registration };
    return org_centre_update(db, a, who, &c, &in, area, errors);
}

static json_t *centre_json(const struct org_centre *c)
{
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:s?, s:s, s:s, s:s?, s:s, s:s}",
                     "id", (json_int_t)c->id, "code", c->code, "name", c->name, "region",
                     c->region, "kind", c->kind, "address", c->address, "capacity",
                     (json_int_t)c->capacity, "responsible", c->responsible, "timezone",
                     c->timezone, "registration", c->registration, "area", c->area,
                     "created_at", c->created_at, "updated_at", c->updated_at);
}

/* ---- pages ---- */

/* The filter or form choices of regions, with sel selected; one query. */
static int region_options(struct req *r, const char *sel, struct val **out /* OUT */)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, region_all_sql, DB_NOARGS);
    *out = NULL;
    if (rc < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        const char *name = org_local_name(r->lang, db_col_text(st, 1), db_col_text(st, 2),
                                          db_col_text(st, 3), db_col_text(st, 4));
        val_push(list, val_pack(&r->arena, "{s:s, s:o, s:b}", "code", code, "label",
                                val_str_ref(&r->arena,
                                            arena_printf(&r->arena, "%s (%s)", name, code)),
                                "selected", streq(code, sel)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

/*
 * The radios (or options) of field: ids "field", "field-VALUE" (the first takes
 * the field's name, so the error summary's link reaches it), and a hint each.
 */
static struct val *choice_options(struct req *r, const char *field, const struct choice *set,
                                  size_t n, const char *sel)
{
    struct val *list = val_list(&r->arena);
    for (size_t i = 0; i < n; i++) {
        const char *v = set[i].value;
        val_push(list, val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s?, s:b}", "value", v, "id",
                                i == 0 ? field : arena_printf(&r->arena, "%s-%s", field, v),
                                "hint_id", arena_printf(&r->arena, "%s-%s-hint", field, v),
                                "label", _(r->lang, set[i].label), "hint",
                                set[i].hint ? _(r->lang, set[i].hint) : NULL, "selected",
                                sel && streq(v, sel)));
    }
    return list;
}

static struct val *kind_options(struct req *r, const char *sel)
{
    return choice_options(r, "kind", kinds, ARRAY_SIZE(kinds), sel);
}

static struct val *area_options(struct req *r, const char *sel)
{
    return choice_options(r, "area", areas, ARRAY_SIZE(areas), sel);
}

/* GET /admin/centres */
int centre_list_page(struct req *r)
{
    const char *q = http_query(r, "q"), *like = form_like(&r->arena, q);
    const char *region = form_code_norm(&r->arena, http_query(r, "region"));
    const char *kind = http_query(r, "kind"), *area = area_filter(http_query(r, "area"));
    int64_t page = form_page_arg(r), total = 0;
    struct val *regions, *items, *ctx;
    struct db_stmt *st;
    int rc;

    if (!is_kind(kind))
        kind = "";
    if (!utf8_is_valid(region, strlen(region)))
        region = "";
    bool admin = r->user->is_admin;
    if ((rc = db_query_int(r->db, centre_count_sql,
                           DB_ARGS(DB_TEXT(like), DB_TEXT(region), DB_TEXT(region),
                                   DB_TEXT(kind), DB_TEXT(kind), DB_TEXT(area), DB_TEXT(area),
                                   DB_INT(admin), DB_INT(r->user->id)),
                           &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, centre_page_sql,
                       DB_ARGS(DB_TEXT(like), DB_TEXT(region), DB_TEXT(region), DB_TEXT(kind),
                               DB_TEXT(kind), DB_TEXT(area), DB_TEXT(area), DB_INT(admin),
                               DB_INT(r->user->id), DB_INT(ORG_PAGE_SIZE),
                               DB_INT((page - 1) * ORG_PAGE_SIZE)))) < 0)
        return rc;
    items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        const char *who = db_col_is_null(st, 10) || !*db_col_text(st, 10) ? db_col_text(st, 9)
                                                                            : db_col_text(st, 10);
        val_push(
            items,
            val_pack(&r->arena, "{s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:s, s:s}", "code", code,
                     "name", db_col_text(st, 1), "url",
                     val_str_ref(&r->arena, arena_printf(&r->arena, "/admin/centres/%s",
                                                         url_encode(&r->arena, code))),
                     "region",
                     org_local_name(r->lang, db_col_text(st, 3), db_col_text(st, 4),
                                    db_col_text(st, 5), db_col_text(st, 6)),
                     "kind", kind_label(r->lang, db_col_text(st, 7)), "area",
                     area_label(r->lang, db_col_is_null(st, 11) ? NULL : db_col_text(st, 11)),
                     "capacity", val_str_ref(&r->arena, view_int(r, db_col_int(st, 8))),
                     "responsible", who, "responsible_email", db_col_text(st, 9)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if ((rc = region_options(r, region, &regions)) < 0)
        return rc;
    ctx = val_pack(&r->arena, "{s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:b, s:b}", "title",
                   _(r->lang, "Centres"), "q", q ? q : "", "items", items, "regions", regions,
                   "kinds", kind_options(r, kind), "areas", area_options(r, area),
                   "area_unknown", streq(area, "unknown"), "has_items", val_len(items) > 0,
                   "can_create", admin, "filtered", (q && *q) || *region || *kind || *area);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, ORG_PAGE_SIZE, total);
    return view_page(r, "centre_list", ctx);
}

/* The values a centre form shows. */
struct centre_form {
    const char *code, *name, *region, *kind, *address, *capacity, *responsible, *timezone;
    const char *registration, *area;
};

static struct val *centre_form_val(struct arena *a, const struct centre_form *f)
{
#define S(x) ((x) ? (x) : "")
    return val_pack(a, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "code", S(f->code),
                     "name", S(f->name), "region", S(f->region), "kind", S(f->kind), "address",
                     S(f->address), "capacity", S(f->capacity), "responsible", S(f->responsible),
                     "timezone", S(f->timezone), "registration", S(f->registration), "area",
                     S(f->area));
#undef S
}

/* The form's fields as the centre_fields partial wants them. */
static int centre_form_ctx(struct req *r, struct val *ctx, const struct centre_form *f,
                           json_t *errors)
{
    struct val *regions;
    int rc = region_options(r, f->region, &regions);
    if (rc < 0)
        return rc;
    val_set(ctx, "f", centre_form_val(&r->arena, f));
    val_set(ctx, "regions", regions);
    val_set(ctx, "kinds", kind_options(r, f->kind));
    val_set(ctx, "registrations",
            choice_options(r, "registration", registrations, ARRAY_SIZE(registrations),
                           f->registration && *f->registration ? f->registration : "closed"));
    val_set(ctx, "areas", area_options(r, f->area));
    view_form_errors(r, ctx, errors);
    return 0;
}

static int centre_new_form(struct req *r, int status, const struct centre_form *f,
                           json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s}", "title", _(r->lang, "Add a centre"));
    int rc = centre_form_ctx(r, ctx, f, errors);
    if (rc < 0)
        return rc;
    form_crumbs(r, ctx, _(r->lang, "Centres"), "/admin/centres", NULL);
    return view_page_status(r, status, "centre_new", ctx);
}

/* GET /admin/centres/new */
int centre_new_page(struct req *r)
{
    struct centre_form f = { .timezone = "UTC", .registration = "closed" };
    return centre_new_form(r, 200, &f, NULL);
}

static struct centre_form centre_form_read(struct req *r)
{
    struct centre_form f = { http_form(r, "code"),     http_form(r, "name"),
                             http_form(r, "region"),   http_form(r, "kind"),
                             http_form(r, "address"),  http_form(r, "capacity"),
                             http_form(r, "responsible"), http_form(r, "timezone"),
                             http_form(r, "registration"), http_form(r, "area") };
    return f;
}

/* "" is 0; otherwise digits only. */
static bool capacity_parse(const char *s, int64_t *out)
{
    *out = 0;
    return !s || !*s || form_count(s, CAPACITY_MAX, out);
}

static struct centre_new centre_from_form(const struct centre_form *f, int64_t capacity)
{
    struct centre_new in = { f->code,    f->name,        f->region,     f->kind,
                             f->address, capacity,       f->responsible, f->timezone,
                             f->registration };
    return in;
}

/*
 * Check and write a centre from a form in one transaction (old NULL: create).
 * Answers the form again with errors, or returns the new code in *code.
 */
static int centre_form_write(struct req *r, const struct org_centre *old,
                             const struct centre_form *f, json_t *errors,
                             const char **code /* OUT */)
{
    struct actor who = audit_actor(r);
    int64_t capacity;
    int rc;

    *code = NULL;
    if (!capacity_parse(f->capacity, &capacity)) {
        /* -1 is refused like what was typed, and every other field is checked too */
        struct centre_new in = centre_from_form(f, -1);
        rc = org_centre_check(r->db, &r->arena, &in, f->area, old ? old->id : 0, errors);
        return rc == 0 || rc == DARS_EINVALID || rc == DARS_ECONFLICT ? DARS_EINVALID : rc;
    }
    struct centre_new in = centre_from_form(f, capacity);
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, old ? org_centre_update(r->db, &r->arena, &who, old, &in, f->area,
                                                      errors)
                                  : centre_insert(r->db, &r->arena, &who, &in, f->area, errors,
                                                  NULL));
    if (rc < 0)
        return rc;
    *code = form_code_norm(&r->arena, in.code);
    return 0;
}

/* POST /admin/centres */
int centre_create_submit(struct req *r)
{
    struct centre_form f = centre_form_read(r);
    json_t *errors = json_object();
    const char *code;
    int rc = centre_form_write(r, NULL, &f, errors, &code);

    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT)
        rc = centre_new_form(r, rc == DARS_ECONFLICT ? 409 : 422, &f, errors);
    else if (rc == 0) {
        view_flash(r, N_("Centre added"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/centres/%s",
                                           url_encode(&r->arena, code)));
    }
    json_decref(errors);
    return rc;
}

/* The centre's page: its details and the edit form. */
static int centre_show(struct req *r, int status, const struct org_centre *c,
                       const struct centre_form *f, json_t *errors)
{
    bool admin = r->user->is_admin;
    struct val *ctx = val_pack(
        &r->arena,
        "{s:s, s:s, s:b, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, "
        "s:s}}",
        "title", c->name, "action",
        arena_printf(&r->arena, "/admin/centres/%s", url_encode(&r->arena, c->code)),
        "locked", !admin, "c", "code", c->code, "name", c->name, "region",
        org_local_name(r->lang, c->region_name, c->region_name_ru, c->region_name_az,
                       c->region_name_uz),
        "region_code", c->region, "kind", kind_label(r->lang, c->kind), "address", c->address,
        "capacity", view_int(r, c->capacity), "responsible", c->responsible ? c->responsible : "",
        "timezone", c->timezone, "registration",
        choice_label(registrations, ARRAY_SIZE(registrations), r->lang, c->registration), "area",
        area_label(r->lang, c->area),
        "people", view_int(r, c->people), "created_at",
        view_datetime(r, c->created_at), "updated_at", view_datetime(r, c->updated_at));
    int rc = centre_form_ctx(r, ctx, f, errors);
    if (rc < 0)
        return rc;
    /* the parts the modules above make (org.h): their HTML is the arena's, no copy */
    struct val *parts = val_list(&r->arena);
    for (const struct org_centre_part *const *part = org_centre_parts; *part; part++) {
        const char *html = "";
        if ((rc = (*part)->show(r, c->id, c->code, &html)) < 0)
            return rc;
        if (*html)
            val_push(parts, val_pack(&r->arena, "{s:o}", "html", val_str_ref(&r->arena, html)));
    }
    val_set(ctx, "parts", parts);
    form_crumbs(r, ctx, _(r->lang, "Centres"), "/admin/centres", NULL);
    return view_page_status(r, status, "centre_show", ctx);
}

/* The centre of a page's :code, if the user may see it. */
static int centre_of_page(struct req *r, struct org_centre *c)
{
    int rc = org_centre_get(r->db, &r->arena, r->params[0], c);
    if (rc < 0)
        return rc;
    return http_user_manages_centre(r, c->id) ? 0 : DARS_EDENIED;
}

/* GET /admin/centres/:code */
int centre_show_page(struct req *r)
{
    struct org_centre c;
    int rc = centre_of_page(r, &c);
    if (rc < 0)
        return rc;
    struct centre_form f = { c.code,
                             c.name,
                             c.region,
                             c.kind,
                             c.address,
                             arena_printf(&r->arena, "%lld", (long long)c.capacity),
                             c.responsible,
                             c.timezone,
                             c.registration,
                             c.area };
    return centre_show(r, 200, &c, &f, NULL);
}

/* POST /admin/centres/:code */
int centre_edit_submit(struct req *r)
{
    struct org_centre c;
    const char *code;
    int rc = centre_of_page(r, &c);
    if (rc < 0)
        return rc;
    struct centre_form f = centre_form_read(r);
    if (!r->user->is_admin) {
        /* a manager's form shows code and region without fields; keep them */
        f.code = c.code;
        f.region = c.region;
    }
    json_t *errors = json_object();
    rc = centre_form_write(r, &c, &f, errors, &code);
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT)
        rc = centre_show(r, rc == DARS_ECONFLICT ? 409 : 422, &c, &f, errors);
    else if (rc == 0) {
        view_flash(r, N_("Centre saved"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/centres/%s",
                                           url_encode(&r->arena, code)));
    }
    json_decref(errors);
    return rc;
}

/* ---- API ---- */

static json_t *centre_api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct org_centre x;
    UNUSED(data);
    centre_row(&r->arena, st, &x);
    *id = x.id;
    return centre_json(&x);
}

/* GET /api/v1/centres */
int centre_api_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *region = form_code_norm(&r->arena, http_query(r, "region"));
    const char *kind = http_query(r, "kind"), *area = http_query(r, "area");
    json_t *errors = json_object();
    if (!utf8_is_valid(region, strlen(region)))
        json_object_set_new(errors, "region", json_string("is not a region code"));
    if (kind && *kind && !is_kind(kind))
        json_object_set_new(errors, "kind",
                            json_string("must be central, regional or digital-education"));
    if (area && *area && !*area_filter(area))
        json_object_set_new(errors, "area", json_string("must be urban, rural or unknown"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if ((rc = db_query(r->db, &st, centre_after_sql,
                       DB_ARGS(DB_TEXT(form_like(&r->arena, p.q)), DB_TEXT(region),
                               DB_TEXT(region), DB_TEXT(kind ? kind : ""),
                               DB_TEXT(kind ? kind : ""), DB_TEXT(area_filter(area)),
                               DB_TEXT(area_filter(area)), DB_INT(r->user->is_admin),
                               DB_INT(r->user->id), DB_INT(p.after), DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, centre_api_row, NULL);
}

/* GET /api/v1/centres/:id */
int centre_api_get(struct req *r)
{
    struct org_centre c;
    int rc = org_centre_get(r->db, &r->arena, r->params[0], &c);
    if (rc < 0)
        return rc;
    if (!http_user_manages_centre(r, c.id))
        return DARS_EDENIED;
    return http_json(r, 200, centre_json(&c));
}

/* Merge a JSON body over f and *area (members that are absent stay; null clears). */
static void centre_from_json(json_t *body, json_t *errors, struct centre_new *f,
                             const char **area)
{
    json_t *cap = json_object_get(body, "capacity");
    api_field_str(body, "code", errors, &f->code);
    api_field_str(body, "name", errors, &f->name);
    api_field_str(body, "region", errors, &f->region);
    api_field_str(body, "kind", errors, &f->kind);
    api_field_str(body, "address", errors, &f->address);
    api_field_str(body, "responsible", errors, &f->responsible);
    api_field_str(body, "timezone", errors, &f->timezone);
    api_field_str(body, "registration", errors, &f->registration);
    api_field_str(body, "area", errors, area);
    if (cap && !json_is_null(cap)) {
        if (json_is_integer(cap))
            f->capacity = json_integer_value(cap);
        else
            form_error(errors, "capacity", "must be a whole number from 0 to 1000000");
    }
}

static int centre_api_write(struct req *r, const struct org_centre *old, json_t *body)
{
    struct actor who = audit_actor(r);
    json_t *errors = json_object();
    struct centre_new f = { .timezone = "UTC" };
    const char *area = old ? old->area : NULL;
    struct org_centre c;
    int64_t id = old ? old->id : 0;
    int rc;

    if (old)
        f = (struct centre_new){ old->code,    old->name,     old->region,
                                 old->kind,    old->address,  old->capacity,
                                 old->responsible, old->timezone, old->registration };
    centre_from_json(body, errors, &f, &area);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    if (old && !r->user->is_admin &&
        (!streq(form_code_norm(&r->arena, f.code), old->code) ||
         !streq(form_code_norm(&r->arena, f.region), old->region))) {
        json_decref(errors);
        return http_problem(r, 403, "Forbidden",
                            "only an administrator can change a centre's code or region");
    }
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, old ? org_centre_update(r->db, &r->arena, &who, old, &f, area, errors)
                                  : centre_insert(r->db, &r->arena, &who, &f, area, errors, &id));
    if (rc < 0)
        goto fail;
    json_decref(errors);
    if ((rc = org_centre_get(r->db, &r->arena, arena_printf(&r->arena, "%lld", (long long)id),
                             &c)) < 0)
        return rc;
    return http_json(r, old ? 200 : 201, centre_json(&c));
fail:
    return api_fail(r, rc, errors);
}

/* POST /api/v1/centres */
int centre_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? centre_api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/centres/:id */
int centre_api_patch(struct req *r)
{
    struct org_centre c;
    json_t *body = http_json_body(r);
    int rc;

    if (!body)
        return 0;
    if ((rc = org_centre_get(r->db, &r->arena, r->params[0], &c)) < 0)
        return rc;
    if (!http_user_manages_centre(r, c.id))
        return DARS_EDENIED;
    return centre_api_write(r, &c, body);
}
