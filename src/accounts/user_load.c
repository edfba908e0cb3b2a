/*
 * Reading users and their roles into struct user_row, and the API's user
 * object. Lists read their roles with one more statement for the whole page
 * (accounts_roles_attach), never one per user.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/api.h"
#include "core/utf8.h"
#include "db/db.h"
#include "core/val.h"

const char *accounts_role_string(struct arena *a, const char *role, const char *scope)
{
    if (!scope || !*scope)
        return arena_strdup(a, role);
    return arena_printf(a, "%s@%s", role, scope);
}

void accounts_user_row_read(struct db_stmt *st, struct arena *a, struct user_row *row)
{
    memset(row, 0, sizeof(*row));
    row->id = db_col_int(st, 0);
    row->email = arena_strdup(a, db_col_text(st, 1));
    row->full_name = arena_strdup(a, db_col_text(st, 2));
    row->language = arena_strdup(a, db_col_text(st, 3));
    row->organisation = arena_strdup(a, db_col_text(st, 4));
    row->position = arena_strdup(a, db_col_text(st, 5));
    row->centre = arena_strdup(a, db_col_text(st, 6));
    row->status = arena_strdup(a, db_col_text(st, 7));
    row->created_at = arena_strdup(a, db_col_text(st, 8));
    row->updated_at = arena_strdup(a, db_col_text(st, 9));
    row->centre_id = db_col_int(st, 10);
    row->has_password = db_col_int(st, 11) != 0;
    row->organisation_name = arena_strdup(a, db_col_text(st, 12));
    row->centre_name = arena_strdup(a, db_col_text(st, 13));
    row->organisation_id = db_col_int(st, 14);
    row->invitation_sent_at = arena_strdup(a, db_col_text(st, 15));
    row->invitation_expires_at = arena_strdup(a, db_col_text(st, 16));
    row->invitation_used_at = arena_strdup(a, db_col_text(st, 17));
    row->gender = arena_strdup(a, db_col_text(st, 18));
    row->birth_year = db_col_int(st, 19);
    row->disability = (int)db_col_int(st, 20);
    row->pending_reason = arena_strdup(a, db_col_text(st, 21));
}

/* the value of a query parameter when it is one of known, else "" */
static const char *known_value(struct req *r, const char *(*get)(struct req *, const char *),
                               const char *name, const char *const *known, size_t n)
{
    const char *v = get(r, name);
    for (size_t i = 0; v && i < n; i++)
        if (streq(v, known[i]))
            return v;
    return "";
}

void accounts_facts_filter(struct req *r, const char *(*get)(struct req *, const char *),
                           struct user_facts_filter *f)
{
    static const char *const genders[] = { "female", "male", "other", "unknown" };
    static const char *const disabilities[] = { "true", "false", "unknown" };
    static const char *const bands[] = { "under-18", "18-24", "25-34", "35-44", "45-54",
                                         "55-64",    "65+",   "unknown" };
    bool unknown = false;

    memset(f, 0, sizeof(*f));
    f->gender = known_value(r, get, "gender", genders, ARRAY_SIZE(genders));
    f->age_band = known_value(r, get, "age_band", bands, ARRAY_SIZE(bands));
    if (*f->age_band &&
        accounts_age_band_years(f->age_band, accounts_this_year(), &f->from, &f->to, &unknown)) {
        f->years_on = 1;
        f->unknown = unknown;
    }
    f->disability = known_value(r, get, "disability", disabilities, ARRAY_SIZE(disabilities));
    /* -2 filters nothing, -1 is "not given" */
    if (streq(f->disability, "unknown"))
        f->disability_n = -1;
    else
        f->disability_n = *f->disability ? accounts_disability_parse(f->disability) : -2;
}

size_t accounts_facts_filter_args(const struct user_facts_filter *f, struct db_arg *args)
{
    size_t n = 0;
    args[n++] = DB_TEXT(f->gender);
    args[n++] = DB_TEXT(f->gender);
    args[n++] = DB_INT(f->years_on);
    args[n++] = DB_INT(f->from);
    args[n++] = DB_INT(f->to);
    args[n++] = DB_INT(f->unknown);
    args[n++] = DB_INT(f->disability_n);
    args[n++] = DB_INT(f->disability_n);
    return n;
}

void accounts_role_row_read(struct db_stmt *st, struct arena *a, struct role_row *row)
{
    row->id = db_col_int(st, 0);
    row->user_id = db_col_int(st, 1);
    row->role = arena_strdup(a, db_col_text(st, 2));
    row->centre = arena_strdup(a, db_col_text(st, 3));
    row->region = arena_strdup(a, db_col_text(st, 4));
    row->centre_id = db_col_int(st, 5);
    row->region_id = db_col_int(st, 6);
    row->str = accounts_role_string(a, row->role, row->centre[0] ? row->centre : row->region);
}

int accounts_roles_attach(struct db_stmt *st, struct arena *a, struct user_row *users, size_t n)
{
    size_t cap = 16, nall = 0;
    struct role_row *all = ARENA_NEW_N(a, struct role_row, cap);
    int rc;

    while ((rc = db_step(st)) == DB_ROW) {
        if (nall == cap) {
            struct role_row *more = ARENA_NEW_N(a, struct role_row, cap * 2);
            memcpy(more, all, cap * sizeof(*all));
            all = more;
            cap *= 2;
        }
        accounts_role_row_read(st, a, &all[nall++]);
    }
    if (rc < 0)
        return rc;
    /* rows come ordered by user, so each user's roles are one slice */
    for (size_t i = 0; i < n; i++) {
        users[i].roles = NULL;
        users[i].nroles = 0;
        for (size_t j = 0; j < nall; j++) {
            if (all[j].user_id != users[i].id)
                continue;
            if (!users[i].roles)
                users[i].roles = &all[j];
            users[i].nroles++;
        }
    }
    return 0;
}

static int load(struct db *db, struct arena *a, const char *sql, struct db_arg key,
                struct user_row *row)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, sql, &key, 1);
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW)
        accounts_user_row_read(st, a, row);
    db_done(st);
    if (rc == DB_DONE)
        return DARS_ENOTFOUND;
    if (rc < 0)
        return rc;
    if ((rc = db_query(db, &st, user_roles_sql, DB_ARGS(DB_INT(row->id)))) < 0)
        return rc;
    rc = accounts_roles_attach(st, a, row, 1);
    db_done(st);
    return rc;
}

int accounts_user_load(struct db *db, struct arena *a, int64_t id, struct user_row *row)
{
    return load(db, a, user_by_id_sql, DB_INT(id), row);
}

int accounts_user_load_key(struct db *db, struct arena *a, const char *key, struct user_row *row)
{
    if (api_is_id(key))
        return accounts_user_load(db, a, strtoll(key, NULL, 10), row);
    const char *email_key = key ? utf8_fold(a, key) : NULL;
    if (!email_key || !*email_key)
        return DARS_ENOTFOUND;
    return load(db, a, user_by_email_sql, DB_TEXT(email_key), row);
}

static json_t *str_or_null(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

json_t *accounts_user_json(const struct user_row *u)
{
    json_t *roles = json_array();
    for (size_t i = 0; i < u->nroles; i++)
        json_array_append_new(roles, json_string(u->roles[i].str));
    return json_pack("{s:I, s:s, s:s, s:s, s:o, s:s, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:s,"
                     " s:s, s:o, s:o}",
                     "id", (json_int_t)u->id, "email", u->email, "full_name", u->full_name,
                     "language", u->language, "organisation", str_or_null(u->organisation),
                     "position", u->position, "centre", str_or_null(u->centre), "status",
                     u->status, "roles", roles, "gender", str_or_null(u->gender), "birth_year",
                     u->birth_year > 0 ? json_integer(u->birth_year) : json_null(), "disability",
                     u->disability < 0 ? json_null() : json_boolean(u->disability),
                     "created_at", u->created_at, "updated_at", u->updated_at, "invitation",
                     accounts_invitation_state(u), "invitation_sent_at",
                     str_or_null(u->invitation_sent_at), "pending_reason",
                     str_or_null(streq(u->status, "pending") ? u->pending_reason : NULL));
}

bool accounts_can_manage_user(const struct req *r, const struct user_row *u)
{
    if (!r->user)
        return false;
    if (r->user->is_admin)
        return true;
    return u->centre_id && accounts_can_manage_centre(r, u->centre_id);
}

int accounts_user_by_email(struct db *db, struct arena *a, const char *email,
                           struct accounts_user_ref *out)
{
    struct db_stmt *st;
    const char *key = utf8_fold(a, utf8_trim(a, email ? email : ""));
    int rc;

    memset(out, 0, sizeof(*out));
    if (!key)
        return DARS_EINVALID;
    if ((rc = db_query_row(db, &st, user_ref_by_email_sql, DB_ARGS(DB_TEXT(key)))) < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->centre_id = db_col_int(st, 1);
    out->email = arena_strdup(a, db_col_text(st, 2));
    out->full_name = arena_strdup(a, db_col_text(st, 3));
    out->status = arena_strdup(a, db_col_text(st, 4));
    db_done(st);
    return 0;
}

void accounts_facts_form(struct arena *a, struct val *form, const struct user_row *u)
{
    val_set_str(form, "gender", u->gender);
    val_set_str(form, "birth_year",
                u->birth_year > 0 ? arena_printf(a, "%lld", (long long)u->birth_year) : "");
    val_set_str(form, "disability", u->disability < 0 ? "" : u->disability ? "true" : "false");
}
