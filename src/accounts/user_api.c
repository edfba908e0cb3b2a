/*
 * /api/v1/me and /api/v1/users: the user object of DESIGN.md section 6, a
 * list with cursors (scope-filtered for managers), create (201) and patch
 * (200). A user is addressed by id or e-mail. Problems are problem+json:
 * 403 out of scope, 404 unknown, 409 a taken e-mail, 422 per field.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/api.h"
#include "core/utf8.h"
#include "db/db.h"

/* GET /api/v1/me */
int api_me(struct req *r)
{
    struct user_row me;
    int rc = accounts_user_load(r->db, &r->arena, r->user->id, &me);
    if (rc < 0)
        return rc;
    return http_json(r, 200, accounts_user_json(&me));
}

static const char *known_or_empty(const char *v, bool (*known)(const char *))
{
    return v && known(v) ? v : "";
}

/* GET /api/v1/users?limit=&cursor=&q=&status=&role=&centre=&gender=&age_band=&disability= */
int api_users_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    size_t n = 0;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *status = known_or_empty(http_query(r, "status"), accounts_status_is_known);
    const char *role = known_or_empty(http_query(r, "role"), accounts_role_is_known);
    const char *centre = http_query(r, "centre");
    const char *qf = p.q ? utf8_fold_search(&r->arena, p.q) : "";
    if (!qf)
        qf = "";
    char *like = arena_alloc(&r->arena, strlen(qf) * 2 + 3), *o = like;
    *o++ = '%';
    for (const char *c = qf; *c; c++) {
        if (*c == '%' || *c == '_' || *c == '\\')
            *o++ = '\\';
        *o++ = *c;
    }
    *o++ = '%';
    *o = '\0';
    struct user_facts_filter facts;
    accounts_facts_filter(r, http_query, &facts);
    struct db_arg args[USER_FILTER_ARGS + 2] = {
        DB_INT(r->user->is_admin), DB_INT(r->user->id), DB_TEXT(qf),      DB_TEXT(like),
        DB_TEXT(status),           DB_TEXT(status),     DB_TEXT(centre ? centre : ""),
        DB_TEXT(centre ? centre : ""), DB_TEXT(role),   DB_TEXT(role),
    };
    size_t nargs = 10 + accounts_facts_filter_args(&facts, args + 10);
    args[nargs++] = DB_INT(p.after);
    args[nargs++] = DB_INT(p.limit + 1);
    struct user_row *users = ARENA_NEW_N(&r->arena, struct user_row, (size_t)p.limit + 1);

    if ((rc = db_query(r->db, &st, users_after_sql, args, nargs)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        accounts_user_row_read(st, &r->arena, &users[n++]);
    db_done(st);
    if (rc < 0)
        return rc;
    if (n) {
        if ((rc = db_query(r->db, &st, users_after_roles_sql, args, nargs)) < 0)
            return rc;
        rc = accounts_roles_attach(st, &r->arena, users, n);
        db_done(st);
        if (rc < 0)
            return rc;
    }
    bool more = n > (size_t)p.limit;
    if (more)
        n = (size_t)p.limit;
    json_t *items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, accounts_user_json(&users[i]));
    return api_page_send(r, &p, items, more ? users[n - 1].id : 0);
}

/* The user of the URL, which the caller may see: 404, else 403 outside the scope. */
static int load_target(struct req *r, struct user_row *u)
{
    int rc = accounts_user_load_key(r->db, &r->arena, r->params[0], u);
    if (rc < 0)
        return rc;
    return accounts_can_manage_user(r, u) ? 0 : DARS_EDENIED;
}

/* GET /api/v1/users/:id */
int api_user_get(struct req *r)
{
    struct user_row u;
    int rc = load_target(r, &u);
    if (rc < 0)
        return rc;
    return http_json(r, 200, accounts_user_json(&u));
}

/*
 * A string member for a patch: absent leaves *out NULL, JSON null gives ""
 * (clears it), anything else but a string is a problem in errors.
 */
static void patch_str(json_t *body, const char *name, json_t *errors, const char **out)
{
    json_t *v = json_object_get(body, name);
    *out = NULL;
    if (!v)
        return;
    if (json_is_null(v))
        *out = "";
    else if (json_is_string(v))
        *out = json_string_value(v);
    else
        json_object_set_new(errors, name, json_string("must be a string"));
}

/*
 * Who they are, typed as JSON (gender a string, birth_year a whole number,
 * disability a boolean), into the strings of struct user_patch: absent
 * leaves them NULL, null gives "" (not given). Values outside the lists are
 * the write path's to report.
 */
static void facts_of(struct req *r, json_t *body, json_t *errors, const char **gender,
                     const char **birth_year, const char **disability)
{
    json_t *v;
    patch_str(body, "gender", errors, gender);
    *birth_year = *disability = NULL;
    if ((v = json_object_get(body, "birth_year"))) {
        if (json_is_null(v))
            *birth_year = "";
        else if (json_is_integer(v))
            *birth_year = arena_printf(&r->arena, "%lld", (long long)json_integer_value(v));
        else
            json_object_set_new(errors, "birth_year", json_string("must be a whole number"));
    }
    if ((v = json_object_get(body, "disability"))) {
        if (json_is_null(v))
            *disability = "";
        else if (json_is_boolean(v))
            *disability = json_is_true(v) ? "true" : "false";
        else
            json_object_set_new(errors, "disability", json_string("must be true, false or null"));
    }
}

/* The "roles" member: an array of strings. Returns false (and says why) otherwise. */
static bool roles_of(struct req *r, json_t *body, json_t *errors, const char ***roles, size_t *n)
{
    json_t *v = json_object_get(body, "roles"), *item;
    size_t i;
    *roles = NULL;
    *n = 0;
    if (!v || json_is_null(v))
        return false;
    if (!json_is_array(v)) {
        json_object_set_new(errors, "roles", json_string("must be an array of strings"));
        return false;
    }
    *roles = ARENA_NEW_N(&r->arena, const char *, json_array_size(v) + 1);
    json_array_foreach(v, i, item) {
        if (!json_is_string(item)) {
            json_object_set_new(errors, "roles", json_string("must be an array of strings"));
            return false;
        }
        (*roles)[(*n)++] = json_string_value(item);
    }
    return true;
}

/* Send the problem of a failed create or patch; rc is what it returned. */
static int write_failed(struct req *r, int rc, json_t *errors)
{
    if (rc == DARS_EINVALID)
        return http_problem_fields(r, json_incref(errors));
    if (rc == DARS_ECONFLICT) {
        json_t *m = json_object_get(errors, "email");
        return http_problem(r, 409, "Conflict",
                            m ? json_string_value(m) : "the user conflicts with another");
    }
    return rc;
}

/* POST /api/v1/users */
int api_user_create(struct req *r)
{
    json_t *body = http_json_body(r), *errors = json_object();
    struct actor who = accounts_actor(r);
    struct user_new u = { 0 };
    struct user_row created;
    int64_t id = 0;
    int rc = 0;

    if (!body)
        goto out;
    api_str(body, "email", errors, &u.email);
    api_str(body, "full_name", errors, &u.full_name);
    api_str(body, "language", errors, &u.language);
    api_str(body, "organisation", errors, &u.organisation);
    api_str(body, "position", errors, &u.position);
    api_str(body, "centre", errors, &u.centre);
    api_str(body, "status", errors, &u.status);
    api_str(body, "password", errors, &u.password);
    facts_of(r, body, errors, &u.gender, &u.birth_year, &u.disability);
    roles_of(r, body, errors, &u.roles, &u.nroles);
    if (json_object_size(errors)) {
        rc = http_problem_fields(r, json_incref(errors));
        goto out;
    }
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = accounts_user_create(r->db, &r->arena, &who, r, &u, errors, &id)) < 0) {
        db_tx_rollback(r->db);
        rc = write_failed(r, rc, errors);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    if ((rc = accounts_user_load(r->db, &r->arena, id, &created)) < 0)
        goto out;
    http_add_header(r, "Location", arena_printf(&r->arena, "/api/v1/users/%lld", (long long)id));
    rc = http_json(r, 201, accounts_user_json(&created));
out:
    json_decref(errors);
    return rc;
}

/* PATCH /api/v1/users/:id */
int api_user_patch(struct req *r)
{
    json_t *body = http_json_body(r), *errors = json_object();
    struct actor who = accounts_actor(r);
    struct user_patch p = { 0 };
    struct user_row u;
    int rc = 0;

    if (!body)
        goto out;
    if ((rc = load_target(r, &u)) < 0)
        goto out;
    patch_str(body, "email", errors, &p.email);
    patch_str(body, "full_name", errors, &p.full_name);
    patch_str(body, "language", errors, &p.language);
    patch_str(body, "organisation", errors, &p.organisation);
    patch_str(body, "position", errors, &p.position);
    patch_str(body, "centre", errors, &p.centre);
    patch_str(body, "status", errors, &p.status);
    facts_of(r, body, errors, &p.gender, &p.birth_year, &p.disability);
    p.set_roles = roles_of(r, body, errors, &p.roles, &p.nroles);
    if (json_object_size(errors)) {
        rc = http_problem_fields(r, json_incref(errors));
        goto out;
    }
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = accounts_user_update(r->db, &r->arena, &who, r, u.id, &p, errors)) < 0) {
        db_tx_rollback(r->db);
        rc = write_failed(r, rc, errors);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    if ((rc = accounts_user_load(r->db, &r->arena, u.id, &u)) < 0)
        goto out;
    rc = http_json(r, 200, accounts_user_json(&u));
out:
    json_decref(errors);
    return rc;
}

/* POST /api/v1/users/:id/invitation: send or send again; 202 with the invitation's state */
int api_user_invitation(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct user_row u;
    int rc;

    if ((rc = load_target(r, &u)) < 0)
        return rc;
    if (!streq(u.status, "pending"))
        return http_problem(r, 409, "Conflict",
                            streq(u.status, "active") ? "the user is already active"
                                                      : "invitations go only to pending users");
    if (*u.pending_reason && !streq(u.pending_reason, "invitation"))
        return http_problem(r, 409, "Conflict",
                            "the user registered and waits for their address check or approval");
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, accounts_invite(r->db, &r->arena, &who, http_site_url(r),
                                               u.id))) < 0)
        return rc;
    if ((rc = accounts_user_load(r->db, &r->arena, u.id, &u)) < 0)
        return rc;
    return http_json(r, 202,
                     json_pack("{s:s, s:s, s:s, s:s}", "email", u.email, "invitation",
                               accounts_invitation_state(&u), "invitation_sent_at",
                               u.invitation_sent_at, "invitation_expires_at",
                               u.invitation_expires_at));
}
