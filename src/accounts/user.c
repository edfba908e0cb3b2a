/*
 * The people pages under /admin/users: the list (search, filters, pages),
 * adding a person, their page (details, roles, suspend and activate, an
 * administrator's password reset). A manager sees and changes only people
 * whose centre is in their scope; accounts_user_create/_update enforce it
 * for writes, and the list filters in SQL.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/url.h"
#include "core/utf8.h"
#include "db/db.h"
#include "core/i18n.h"
#include "view/form.h"
#include "view/view.h"

#include <sodium.h>

#define PER_PAGE 50

static const char *const status_values[] = { "pending", "active", "suspended", "declined" };
static const char *const status_labels[] = { N_("Pending"), N_("Active"), N_("Suspended"),
                                             N_("Declined") };
/* the roles by name: the list's filter and the labels of a person's roles */
static const char *const role_values[] = { "learner", "mentor",  "instructor",
                                           "manager", "analyst", "admin" };
static const char *const role_labels[] = { N_("Learner"), N_("Mentor"),  N_("Instructor"),
                                           N_("Manager"), N_("Analyst"), N_("Administrator") };

/*
 * The roles the forms offer. An analyst comes twice: of a centre or region
 * (the scope typed, else the person's centre, as for an instructor or a
 * manager) and of every centre (never a scope). Administrators alone give
 * the admin_only ones; a manager is not offered them.
 */
static const struct form_role {
    const char *value, *label, *role;
    bool scoped;     /* takes the scope field or the person's centre */
    bool admin_only;
} form_roles[] = {
    { "learner", N_("Learner"), "learner", false, false },
    { "mentor", N_("Mentor"), "mentor", false, false },
    { "instructor", N_("Instructor"), "instructor", true, false },
    { "manager", N_("Manager"), "manager", true, false },
    { "analyst", N_("Analyst of a centre or region"), "analyst", true, false },
    { "analyst-all", N_("Analyst of every centre"), "analyst", false, true },
    { "admin", N_("Administrator"), "admin", false, true },
};

/* who they are: the choices of the forms and of the list's filters */
static const char *const gender_values[] = { "female", "male", "other" };
static const char *const gender_labels[] = { N_("Female"), N_("Male"), N_("Other") };
static const char *const disability_values[] = { "true", "false" };
static const char *const disability_labels[] = { N_("Yes"), N_("No") };
static const char *const band_values[] = { "under-18", "18-24", "25-34", "35-44",
                                           "45-54",    "55-64", "65+" };

static const char *status_label(struct req *r, const char *status)
{
    for (size_t i = 0; i < ARRAY_SIZE(status_values); i++)
        if (streq(status, status_values[i]))
            return _(r->lang, status_labels[i]);
    return status;
}

static const char *status_class(const char *status)
{
    if (streq(status, "active"))
        return "tag-green";
    return streq(status, "suspended") || streq(status, "declined") ? "tag-red" : "tag-grey";
}

/* The label of a person's role; scope "" when it has none. */
static const char *role_label(struct req *r, const char *role, const char *scope)
{
    if (streq(role, "analyst") && !*scope)
        return _(r->lang, "Analyst of every centre");
    for (size_t i = 0; i < ARRAY_SIZE(role_values); i++)
        if (streq(role, role_values[i]))
            return _(r->lang, role_labels[i]);
    return role;
}

/* One {value, label, selected} of a select; value and label live as long as the request. */
static struct val *choice(struct req *r, const char *value, const char *label, bool selected)
{
    return val_pack(&r->arena, "{s:o, s:o, s:b}", "value", val_str_ref(&r->arena, value),
                    "label", val_str_ref(&r->arena, label), "selected", selected);
}

/* [{value, label, selected}] for a select. */
static struct val *choices(struct req *r, const char *const *values, const char *const *labels,
                           size_t n, const char *selected)
{
    struct val *a = val_list(&r->arena);
    for (size_t i = 0; i < n; i++)
        val_push(a, choice(r, values[i], _(r->lang, labels[i]), streq(values[i], selected)));
    return a;
}

/* The roles this user may give in a form: a manager is not offered the admin_only ones. */
static struct val *role_choices(struct req *r, const char *selected)
{
    struct val *a = val_list(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(form_roles); i++)
        if (r->user->is_admin || !form_roles[i].admin_only)
            val_push(a, choice(r, form_roles[i].value, _(r->lang, form_roles[i].label),
                               streq(form_roles[i].value, selected)));
    return a;
}

static const struct form_role *form_role_find(const char *value)
{
    for (size_t i = 0; value && i < ARRAY_SIZE(form_roles); i++)
        if (streq(value, form_roles[i].value))
            return &form_roles[i];
    return NULL;
}

/*
 * The role string ("role" or "role@SCOPE") a form's choice value stands for,
 * with scope as typed ("" when none) and centre the person's ("" when none).
 * NULL, with a problem under field in errors, when the choice cannot be
 * written; an unknown value goes on as it is, for the checks to refuse.
 */
static const char *form_role_string(struct req *r, const char *value, const char *scope,
                                    const char *centre, const char *field, json_t *errors)
{
    const struct form_role *fr = form_role_find(value);
    if (!fr)
        return *scope ? arena_printf(&r->arena, "%s@%s", value, scope) : value;
    if (!fr->scoped && streq(fr->role, "analyst") && *scope) {
        form_error(errors, field,
                   N_("An analyst of every centre has no centre or region: leave the code empty"));
        return NULL;
    }
    if (*scope)
        return arena_printf(&r->arena, "%s@%s", fr->role, scope);
    if (fr->scoped && *centre)
        return arena_printf(&r->arena, "%s@%s", fr->role, centre);
    if (fr->scoped && streq(fr->role, "analyst")) {
        /* without a centre, "analyst" would read every centre: not what was chosen */
        form_error(errors, field,
                   N_("Choose the centre or region whose reports the analyst reads"));
        return NULL;
    }
    return fr->role; /* a manager or an instructor without a centre: the checks say so */
}

/* The languages as [{value, label, selected}]; codes and names live as long as the program. */
static struct val *language_choices(struct req *r, const char *selected)
{
    struct val *a = val_list(&r->arena);
    for (size_t i = 0; i < i18n_nlangs; i++)
        val_push(a, choice(r, i18n_langs[i], i18n_lang_name(i18n_langs[i]),
                           streq(i18n_langs[i], selected)));
    return a;
}

/* The centres in the user's scope as [{code, name, selected}]; one statement. */
static int centre_choices(struct req *r, const char *selected, struct val **out /* OUT */)
{
    struct db_stmt *st;
    struct val *a = val_list(&r->arena);
    int rc = db_query(r->db, &st, user_centre_choices_sql,
                      DB_ARGS(DB_INT(r->user->is_admin), DB_INT(r->user->id)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        val_push(a, val_pack(&r->arena, "{s:s, s:s, s:b}", "code", db_col_text(st, 1), "name",
                             db_col_text(st, 2), "selected",
                             streq(db_col_text(st, 1), selected)));
    db_done(st);
    if (rc < 0)
        return rc;
    *out = a;
    return 0;
}

/* The age bands as [{value, label, selected}]: their names are the labels. */
static struct val *band_choices(struct req *r, const char *selected)
{
    struct val *a = val_list(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(band_values); i++)
        val_push(a, choice(r, band_values[i], band_values[i], streq(band_values[i], selected)));
    return a;
}

/* The value of a known filter, or "" (an unknown one filters nothing). */
static const char *filter_of(struct req *r, const char *name, const char *const *known, size_t n)
{
    const char *v = http_query(r, name);
    for (size_t i = 0; v && i < n; i++)
        if (streq(v, known[i]))
            return v;
    return "";
}

/* "%q%" with the LIKE wildcards of q escaped by a backslash. */
static const char *like_pattern(struct arena *a, const char *q)
{
    char *out = arena_alloc(a, strlen(q) * 2 + 3), *o = out;
    *o++ = '%';
    for (; *q; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            *o++ = '\\';
        *o++ = *q;
    }
    *o++ = '%';
    *o = '\0';
    return out;
}

/* GET /admin/users */
int users_page(struct req *r)
{
    const char *q = http_query(r, "q"), *centre = http_query(r, "centre");
    const char *status = filter_of(r, "status", status_values, ARRAY_SIZE(status_values));
    const char *role = filter_of(r, "role", role_values, ARRAY_SIZE(role_values));
    int64_t page = http_query_int(r, "page", 1, 1, 1000000), total = 0;
    struct user_row *users = ARENA_NEW_N(&r->arena, struct user_row, PER_PAGE);
    size_t n = 0;
    struct db_stmt *st;
    struct val *centres = NULL;
    int rc;

    if (!q)
        q = "";
    if (!centre)
        centre = "";
    const char *qf = utf8_fold_search(&r->arena, q);
    if (!qf)
        qf = "";
    struct user_facts_filter facts;
    accounts_facts_filter(r, http_query, &facts);
    struct db_arg args[USER_FILTER_ARGS + 2] = {
        DB_INT(r->user->is_admin), DB_INT(r->user->id),
        DB_TEXT(qf),               DB_TEXT(like_pattern(&r->arena, qf)),
        DB_TEXT(status),           DB_TEXT(status),
        DB_TEXT(centre),           DB_TEXT(centre),
        DB_TEXT(role),             DB_TEXT(role),
    };
    size_t nargs = 10 + accounts_facts_filter_args(&facts, args + 10);
    args[nargs++] = DB_INT(PER_PAGE);
    args[nargs++] = DB_INT((page - 1) * PER_PAGE);

    if ((rc = db_query_int(r->db, users_count_sql, args, USER_FILTER_ARGS, &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, users_page_sql, args, nargs)) < 0)
        return rc;
    while (n < PER_PAGE && (rc = db_step(st)) == DB_ROW)
        accounts_user_row_read(st, &r->arena, &users[n++]);
    db_done(st);
    if (rc < 0)
        return rc;
    if (n) {
        if ((rc = db_query(r->db, &st, users_page_roles_sql, args, nargs)) < 0)
            return rc;
        rc = accounts_roles_attach(st, &r->arena, users, n);
        db_done(st);
        if (rc < 0)
            return rc;
    }
    if ((rc = centre_choices(r, centre, &centres)) < 0)
        return rc;

    /* the rows are arena strings already (accounts_user_row_read): no copies */
    struct val *items = val_list(&r->arena);
    for (size_t i = 0; i < n; i++) {
        const struct user_row *u = &users[i];
        struct val *roles = val_list(&r->arena), *item = val_object(&r->arena);
        for (size_t j = 0; j < u->nroles; j++)
            val_push(roles, val_str_ref(&r->arena, u->roles[j].str));
        val_set_int(item, "id", u->id);
        val_set(item, "full_name", val_str_ref(&r->arena, u->full_name));
        val_set(item, "email", val_str_ref(&r->arena, u->email));
        val_set(item, "centre", val_str_ref(&r->arena, u->centre));
        val_set(item, "centre_name", val_str_ref(&r->arena, u->centre_name));
        val_set(item, "roles", roles);
        val_set(item, "status_label", val_str_ref(&r->arena, status_label(r, u->status)));
        val_set(item, "status_class", val_str_ref(&r->arena, status_class(u->status)));
        val_set_bool(item, "pending", accounts_is_invitable(u));
        val_set(item, "invitation", val_str_ref(&r->arena, accounts_invitation_state(u)));
        val_set(item, "invitation_label",
                val_str_ref(&r->arena, accounts_invitation_label(r, u)));
        val_push(items, item);
    }
    /* a search that is not UTF-8 finds nobody, and cannot go back into the page */
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:b, s:b, s:s, s:b, s:b}", "title",
        _(r->lang, "People"), "q", utf8_is_valid(q, strlen(q)) ? q : "", "invite_url",
        arena_printf(&r->arena,
                     "/admin/users/invitations?q=%s&status=%s&centre=%s&role=%s&gender=%s"
                     "&age_band=%s&disability=%s",
                     url_encode(&r->arena, q), status, url_encode(&r->arena, centre),
                     role, facts.gender, url_encode(&r->arena, facts.age_band),
                     facts.disability),
        "statuses",
        choices(r, status_values, status_labels, ARRAY_SIZE(status_values), status), "roles",
        choices(r, role_values, role_labels, ARRAY_SIZE(role_values), role), "centres", centres,
        "users", items, "has_users", n > 0, "filtered",
        *q || *status || *role || *centre || *facts.gender || *facts.age_band || *facts.disability,
        "total", view_int(r, total), "one", total == 1, "beyond", n == 0 && total > 0);
    val_set(ctx, "genders", choices(r, gender_values, gender_labels, ARRAY_SIZE(gender_values),
                                    facts.gender));
    val_set_bool(ctx, "gender_unknown", streq(facts.gender, "unknown"));
    val_set(ctx, "age_bands", band_choices(r, facts.age_band));
    val_set_bool(ctx, "band_unknown", streq(facts.age_band, "unknown"));
    val_set(ctx, "disabilities", choices(r, disability_values, disability_labels,
                                         ARRAY_SIZE(disability_values), facts.disability));
    val_set_bool(ctx, "disability_unknown", streq(facts.disability, "unknown"));
    view_pager(r, ctx, page, PER_PAGE, total);
    return view_page(r, "user_list", ctx);
}

/* The fields of the person form, as typed ("" when absent). */
static const char *const form_fields[] = { "email",    "full_name", "language", "organisation",
                                           "position", "centre",    "status",   "role",
                                           "gender",   "birth_year", "disability" };

/* The form as typed, for the page to show again and for the store to read. */
static struct val *form_values(struct req *r)
{
    struct val *form = val_object(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(form_fields); i++) {
        const char *v = http_form(r, form_fields[i]);
        /* text that is not UTF-8 cannot go back into the page; validation reports it */
        val_set_str(form, form_fields[i], v && utf8_is_valid(v, strlen(v)) ? v : "");
    }
    return form;
}

static const char *form_get(const struct val *form, const char *name)
{
    const char *v = val_get_str(form, name);
    return v ? v : "";
}

/* The select options and the values every person form shows. */
static int form_context(struct req *r, struct val *ctx, struct val *form, bool centre_none)
{
    struct val *centres = NULL;
    int rc = centre_choices(r, form_get(form, "centre"), &centres);
    if (rc < 0)
        return rc;
    const char *lang = form_get(form, "language");
    val_set(ctx, "languages", language_choices(r, *lang ? lang : "en"));
    val_set(ctx, "centres", centres);
    val_set_bool(ctx, "centre_none", centre_none);
    val_set(ctx, "statuses", choices(r, status_values, status_labels, ARRAY_SIZE(status_values),
                                     form_get(form, "status")));
    val_set(ctx, "roles", role_choices(r, form_get(form, "role")));
    accounts_facts_context(r, ctx, form_get(form, "gender"), form_get(form, "disability"));
    val_set(ctx, "form", form);
    return 0;
}

void accounts_facts_context(struct req *r, struct val *ctx, const char *gender,
                            const char *disability)
{
    /* what the CSV and the API accept ("yes", "1") shows as the form's own value */
    int d = accounts_disability_parse(disability);
    val_set(ctx, "genders", choices(r, gender_values, gender_labels, ARRAY_SIZE(gender_values),
                                    gender));
    val_set(ctx, "disabilities", choices(r, disability_values, disability_labels,
                                         ARRAY_SIZE(disability_values),
                                         d == 1 ? "true" : d == 0 ? "false" : ""));
}

/* People's pages lead back to the list alone, without Home (as form_crumbs would add). */
static struct val *crumbs(struct req *r)
{
    return val_pack(&r->arena, "{s:[{s:s, s:s}]}", "items", "url", "/admin/users", "label",
                    _(r->lang, "People"));
}

static int new_form(struct req *r, int status, struct val *form, json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:o}", "title", _(r->lang, "Add a person"),
                               "crumbs", crumbs(r));
    int rc = form_context(r, ctx, form, r->user->is_admin);
    if (rc < 0)
        return rc;
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "user_new", ctx);
}

/* GET /admin/users/new */
int user_new_page(struct req *r)
{
    return new_form(r, 200, val_object(&r->arena), NULL);
}

/* A password as typed: not trimmed, since spaces may be part of it. */
static const char *raw_field(struct req *r, const char *name)
{
    const struct form_field *f = http_form_field(r, name);
    return f ? f->value : NULL;
}

/* POST /admin/users */
int user_create_submit(struct req *r)
{
    struct val *form = form_values(r);
    json_t *errors = json_object();
    struct actor who = accounts_actor(r);
    const char *role = form_get(form, "role"), *centre = form_get(form, "centre");
    int64_t id = 0;
    int rc;

    /*
     * An instructor, a manager or an analyst of a centre made here works at the
     * person's centre. A choice that cannot be written leaves its problem in
     * errors, which makes the checks below fail too and show every problem.
     */
    if (*role && !(role = form_role_string(r, role, "", centre, "role", errors)))
        role = "";
    struct user_new u = {
        .email = form_get(form, "email"),
        .full_name = form_get(form, "full_name"),
        .language = form_get(form, "language"),
        .organisation = form_get(form, "organisation"),
        .position = form_get(form, "position"),
        .centre = centre,
        .status = form_get(form, "status"),
        .roles = &role,
        .nroles = *role ? 1 : 0,
        .password = raw_field(r, "password"),
        .gender = form_get(form, "gender"),
        .birth_year = form_get(form, "birth_year"),
        .disability = form_get(form, "disability"),
    };
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = accounts_user_create(r->db, &r->arena, &who, r, &u, errors, &id);
    if (rc < 0) {
        db_tx_rollback(r->db);
        if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
            form_error_move(errors, "roles", "role");
            rc = new_form(r, 422, form, errors);
        }
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("The person has been added"));
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld", (long long)id));
out:
    json_decref(errors);
    return rc;
}

static bool is_admin_user(const struct user_row *u)
{
    for (size_t i = 0; i < u->nroles; i++)
        if (streq(u->roles[i].role, "admin"))
            return true;
    return false;
}

/*
 * Load the person of the URL for a change: 404 when there is none, 403 when
 * out of scope, or when a manager would change an administrator.
 */
static int load_person(struct req *r, bool for_change, struct user_row *u)
{
    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    int rc = accounts_user_load(r->db, &r->arena, strtoll(r->params[0], NULL, 10), u);
    if (rc < 0)
        return rc;
    if (!accounts_can_manage_user(r, u))
        return DARS_EDENIED;
    if (for_change && !r->user->is_admin && is_admin_user(u))
        return DARS_EDENIED;
    return 0;
}

static struct role_spec spec_of(const struct role_row *row)
{
    struct role_spec s = { row->role, NULL, row->centre_id, row->region_id };
    return s;
}

/*
 * The person's page. form holds the details as typed after a failed save
 * (NULL: as stored); role_form the add-role fields; errors any problems.
 */
static int show(struct req *r, int status, const struct user_row *u, struct val *form,
                struct val *role_form, json_t *errors)
{
    struct val *ctx;
    int rc;

    if (!form) {
        form = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s}", "email", u->email,
                        "full_name", u->full_name, "language", u->language, "organisation",
                        u->organisation, "position", u->position, "centre", u->centre);
        accounts_facts_form(&r->arena, form, u);
    }
    bool locked = !r->user->is_admin && is_admin_user(u);
    struct val *roles = val_list(&r->arena);
    for (size_t i = 0; i < u->nroles; i++) {
        const struct role_row *ro = &u->roles[i];
        struct role_spec spec = spec_of(ro);
        const char *scope = ro->centre[0] ? ro->centre : ro->region;
        val_push(roles, val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:b}", "id",
                                 (json_int_t)ro->id, "label", role_label(r, ro->role, scope),
                                 "scope", scope, "str", ro->str, "removable",
                                 accounts_role_is_grantable(r, &spec)));
    }
    ctx = val_pack(
        &r->arena,
        "{s:s, s:o, s:{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s, s:s}, s:o, s:b, s:b, "
        "s:b, s:b, s:b, s:b}",
        "title", u->full_name, "crumbs", crumbs(r), "person", "id", (json_int_t)u->id, "email",
        u->email, "full_name", u->full_name, "status_label", status_label(r, u->status),
        "status_class", status_class(u->status), "centre", u->centre, "centre_name",
        u->centre_name, "created", view_date(r, u->created_at), "has_password",
        u->has_password, "invitation", accounts_invitation_state(u), "invitation_label",
        accounts_invitation_label(r, u), "person_roles", roles, "has_roles", u->nroles > 0,
        "locked", locked, "can_suspend", !streq(u->status, "suspended") && u->id != r->user->id,
        "can_activate", !streq(u->status, "active"), "can_invite", accounts_is_invitable(u),
        "invited", !streq(accounts_invitation_state(u), "not-sent"));
    if ((rc = form_context(r, ctx, form, r->user->is_admin)) < 0)
        return rc;
    /* the add-role form has its own "role" select */
    const char *role = role_form ? form_get(role_form, "role") : "";
    val_set(ctx, "roles", role_choices(r, role));
    if (role_form)
        val_set(ctx, "role_form", role_form);
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "user_show", ctx);
}

/* GET /admin/users/:id */
int user_show_page(struct req *r)
{
    struct user_row u;
    int rc = load_person(r, false, &u);
    if (rc < 0)
        return rc;
    return show(r, 200, &u, NULL, NULL, NULL);
}

/* POST /admin/users/:id */
int user_update_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct val *form = form_values(r);
    json_t *errors = json_object();
    struct user_row u;
    int64_t id = api_id(r->params[0]);
    int rc;

    if (!id) {
        rc = DARS_ENOTFOUND;
        goto out;
    }
    /* status changes go through suspend and activate, which confirm */
    struct user_patch p = {
        .email = form_get(form, "email"),
        .full_name = form_get(form, "full_name"),
        .language = form_get(form, "language"),
        .organisation = form_get(form, "organisation"),
        .position = form_get(form, "position"),
        .centre = form_get(form, "centre"),
        .gender = form_get(form, "gender"),
        .birth_year = form_get(form, "birth_year"),
        .disability = form_get(form, "disability"),
    };
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    rc = accounts_user_update(r->db, &r->arena, &who, r, id, &p, errors);
    if (rc < 0) {
        db_tx_rollback(r->db);
        if ((rc == DARS_EINVALID || rc == DARS_ECONFLICT) &&
            (rc = load_person(r, true, &u)) == 0)
            rc = show(r, 422, &u, form, NULL, errors);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("The changes have been saved"));
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld", (long long)id));
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/users/:id/roles */
int user_role_add_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct user_row u;
    const char *role = http_form(r, "role"), *scope = http_form(r, "scope");
    json_t *errors = json_object(), *changes = NULL;
    struct val *role_form;
    struct role_spec *specs = NULL;
    size_t n = 0;
    char now[TIME_ISO_LEN];
    int rc;

    if ((rc = load_person(r, true, &u)) < 0)
        goto out;
    if (!role)
        role = "";
    if (!scope)
        scope = "";
    role_form = val_pack(&r->arena, "{s:s, s:s}", "role",
                         utf8_is_valid(role, strlen(role)) ? role : "", "scope",
                         utf8_is_valid(scope, strlen(scope)) ? scope : "");
    /* the scope typed, else the person's centre for a role that takes one */
    const char *str = NULL;
    if (!form_role_find(role)) {
        json_object_set_new(errors, "role",
                            json_string(N_("Choose a role: admin, manager, instructor, mentor, "
                                           "learner or analyst")));
    } else if (!(str = form_role_string(r, role, scope, u.centre, "scope", errors))) {
        /* the problem is in errors */
    } else if (accounts_roles_resolve(r->db, &r->arena, &str, 1, errors, &specs, &n) ==
               DARS_EINVALID) {
        form_error_move(errors, "roles", "scope");
    } else if (n == 1 && !accounts_role_is_grantable(r, &specs[0])) {
        rc = DARS_EDENIED;
        goto out;
    }
    for (size_t i = 0; n == 1 && i < u.nroles; i++)
        if (streq(u.roles[i].role, specs[0].role) && u.roles[i].centre_id == specs[0].centre_id &&
            u.roles[i].region_id == specs[0].region_id)
            json_object_set_new(errors, "role",
                                json_string(N_("The person already has this role")));
    if (json_object_size(errors) || n != 1) {
        rc = show(r, 422, &u, NULL, role_form, errors);
        goto out;
    }

    time_now_iso(now);
    changes = json_object();
    accounts_audit_after(changes, "role",
                         accounts_role_string(&r->arena, specs[0].role, specs[0].scope));
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = db_exec(r->db, role_insert_sql,
                      DB_ARGS(DB_INT(u.id), DB_TEXT(specs[0].role), DB_ID(specs[0].centre_id),
                              DB_ID(specs[0].region_id), DB_TEXT(now), DB_TEXT(now)))) < 0 ||
        (rc = audit_record_id(r->db, &who, "role.add", "user",
                           u.id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("The role has been added"));
    rc = http_redirect(r,
                       arena_printf(&r->arena, "/admin/users/%lld#roles-heading", (long long)u.id));
out:
    json_decref(changes);
    json_decref(errors);
    return rc;
}

/* POST /admin/users/:id/roles/:rid/delete */
int user_role_delete_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct user_row u;
    const struct role_row *ro = NULL;
    json_t *changes = NULL;
    int rc;

    if ((rc = load_person(r, true, &u)) < 0)
        return rc;
    for (size_t i = 0; i < u.nroles; i++)
        if (api_is_id(r->params[1]) && u.roles[i].id == strtoll(r->params[1], NULL, 10))
            ro = &u.roles[i];
    if (!ro)
        return DARS_ENOTFOUND;
    struct role_spec spec = spec_of(ro);
    if (!accounts_role_is_grantable(r, &spec))
        return DARS_EDENIED;
    changes = json_object();
    accounts_audit_before(changes, "role", ro->str);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = db_exec(r->db, role_delete_sql, DB_ARGS(DB_INT(ro->id), DB_INT(u.id)))) < 0 ||
        (rc = audit_record_id(r->db, &who, "role.remove", "user",
                           u.id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("The role has been removed"));
    rc = http_redirect(r,
                       arena_printf(&r->arena, "/admin/users/%lld#roles-heading", (long long)u.id));
out:
    json_decref(changes);
    return rc;
}

/* GET /admin/users/:id/suspend: the confirmation */
int user_suspend_page(struct req *r)
{
    struct user_row u;
    int rc = load_person(r, true, &u);
    if (rc < 0)
        return rc;
    if (u.id == r->user->id)
        return http_error(r, 422, _(r->lang, "You cannot suspend yourself"));
    struct val *ctx = val_pack(&r->arena, "{s:s, s:o, s:{s:I, s:s, s:s, s:s}}", "title",
                               _(r->lang, "Suspend a person"), "crumbs", crumbs(r), "person",
                               "id", (json_int_t)u.id, "full_name", u.full_name, "email",
                               u.email, "centre", u.centre);
    return view_page(r, "user_suspend", ctx);
}

/* Set the status of the person of the URL, audited as action; flash msgid. */
static int set_status(struct req *r, const char *status, const char *action, const char *msgid)
{
    struct actor who = accounts_actor(r);
    struct user_row u;
    char now[TIME_ISO_LEN];
    json_t *changes = NULL;
    int rc;

    if ((rc = load_person(r, true, &u)) < 0)
        return rc;
    if (streq(status, "suspended") && u.id == r->user->id)
        return http_error(r, 422, _(r->lang, "You cannot suspend yourself"));
    const char *back = arena_printf(&r->arena, "/admin/users/%lld", (long long)u.id);
    if (streq(u.status, status)) {
        view_flash(r, msgid);
        return http_redirect(r, back);
    }
    changes = json_object();
    audit_diff(changes, "status", u.status, status);
    time_now_iso(now);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = db_exec(r->db, user_set_status_sql,
                      DB_ARGS(DB_TEXT(status), DB_TEXT(now), DB_INT(u.id)))) < 0 ||
        (rc = audit_record_id(r->db, &who, action, "user",
                           u.id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, msgid);
    rc = http_redirect(r, back);
out:
    json_decref(changes);
    return rc;
}

/* POST /admin/users/:id/suspend */
int user_suspend_submit(struct req *r)
{
    return set_status(r, "suspended", "user.suspend", N_("The person has been suspended"));
}

/* POST /admin/users/:id/activate */
int user_activate_submit(struct req *r)
{
    return set_status(r, "active", "user.activate", N_("The person has been activated"));
}

/* POST /admin/users/:id/password (administrators only) */
int user_password_submit(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct user_row u;
    const char *password = raw_field(r, "password");
    char hash[ACCOUNTS_HASH_LEN], now[TIME_ISO_LEN];
    json_t *changes = NULL, *errors = NULL;
    int rc;

    if ((rc = load_person(r, true, &u)) < 0)
        return rc;
    const char *why = !password || !*password ? N_("Enter a password")
                                              : accounts_password_problem(password);
    if (why) {
        errors = json_pack("{s:s}", "password", why);
        rc = show(r, 422, &u, NULL, NULL, errors);
        json_decref(errors);
        return rc;
    }
    if ((rc = accounts_password_hash(password, hash)) < 0)
        return rc;
    /* a pending person becomes active; a suspended one stays suspended */
    const char *status = streq(u.status, "pending") ? "active" : u.status;
    changes = json_object();
    audit_diff(changes, "password", u.has_password ? "set" : NULL, "changed");
    audit_diff(changes, "status", u.status, status);
    time_now_iso(now);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = db_exec(r->db, user_set_password_sql,
                      DB_ARGS(DB_TEXT(hash), DB_TEXT(status), DB_TEXT(now), DB_INT(u.id)))) < 0 ||
        (rc = audit_record_id(r->db, &who, "user.password", "user",
                           u.id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    view_flash(r, N_("The password has been set"));
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/users/%lld", (long long)u.id));
out:
    sodium_memzero(hash, sizeof(hash));
    json_decref(changes);
    return rc;
}
