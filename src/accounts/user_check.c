/*
 * Checking and writing users: the one path by which the command line, the
 * admin pages and the API create and change people (the CSV import shares
 * the field checks). Problems are collected as field -> English msgid, which
 * the pages translate and the API and CLI show as they are. Scope is checked
 * here too, so that no front end can forget it.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "core/i18n.h"

#include <ctype.h>
#include <sodium.h>
#include <strings.h>

#define ROLE_PROBLEM N_("Choose a role: admin, manager, instructor, mentor, learner or analyst")

static const char *const role_names[] = { "admin",  "manager", "instructor",
                                          "mentor", "learner", "analyst" };
static const char *const status_names[] = { "pending", "active", "suspended", "declined" };

bool accounts_email_is_valid(const char *email)
{
    size_t n = email ? strlen(email) : 0;
    if (n < 3 || n > USER_EMAIL_MAX || !utf8_is_valid(email, n))
        return false;
    for (const unsigned char *p = (const unsigned char *)email; *p; p++)
        if (*p <= ' ' || *p == 0x7f)
            return false;
    const char *at = strchr(email, '@');
    if (!at || at == email || strchr(at + 1, '@'))
        return false;
    const char *domain = at + 1, *dot = strchr(domain, '.');
    /* a dot inside the domain: not first, not last, never two in a row */
    return dot && domain[0] != '.' && email[n - 1] != '.' && !strstr(domain, "..");
}

bool accounts_status_is_known(const char *status)
{
    for (size_t i = 0; i < ARRAY_SIZE(status_names); i++)
        if (streq(status, status_names[i]))
            return true;
    return false;
}

bool accounts_role_is_known(const char *role)
{
    for (size_t i = 0; i < ARRAY_SIZE(role_names); i++)
        if (streq(role, role_names[i]))
            return true;
    return false;
}

bool accounts_role_needs_scope(const char *role)
{
    return streq(role, "manager") || streq(role, "instructor");
}

bool accounts_role_takes_scope(const char *role)
{
    return accounts_role_needs_scope(role) || streq(role, "analyst");
}

bool accounts_role_takes_region(const char *role)
{
    return streq(role, "manager") || streq(role, "analyst");
}

static const char *const gender_names[] = { "female", "male", "other" };

bool accounts_gender_is_known(const char *gender)
{
    for (size_t i = 0; gender && i < ARRAY_SIZE(gender_names); i++)
        if (streq(gender, gender_names[i]))
            return true;
    return false;
}

int64_t accounts_birth_year_parse(const char *s)
{
    if (!s || !*s)
        return 0;
    size_t n = strlen(s);
    if (n != 4)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return -1;
    int64_t y = strtoll(s, NULL, 10);
    return y >= USER_BIRTH_YEAR_MIN && y <= accounts_this_year() ? y : -1;
}

bool accounts_role_is_grantable(const struct req *r, const struct role_spec *role)
{
    if (!r || (r->user && r->user->is_admin))
        return true;
    if (!r->user || !r->user->is_manager)
        return false;
    if (streq(role->role, "admin"))
        return false;
    if (role->centre_id)
        return accounts_can_manage_centre(r, role->centre_id);
    /* a region's manager is an admin's to name; its analyst, who only reads, is
     * also its own manager's */
    if (role->region_id)
        return streq(role->role, "analyst") && accounts_can_manage_region(r, role->region_id);
    /* without a scope: a mentor or a learner; an analyst of every centre would
     * read more than any manager may */
    return !accounts_role_takes_scope(role->role);
}

/* s trimmed of ASCII white space and in NFC, from the arena; "" for NULL; NULL if not UTF-8 */
static const char *clean(struct arena *a, const char *s)
{
    char *t = utf8_trim(a, s);
    if (!utf8_is_valid(t, strlen(t)))
        return NULL;
    return utf8_nfc(a, t);
}

/* The first problem of a field wins: it is the one to fix first. */
/* given a password, or a hash of one (the demo hashes once for many people) */
static bool has_password(const struct user_new *u)
{
    return (u->password && *u->password) || (u->password_hash && *u->password_hash);
}

static void fail(json_t *errors, const char *field, const char *msgid)
{
    if (!json_object_get(errors, field))
        json_object_set_new(errors, field, json_string(msgid));
}

/*
 * Find a centre or region by code: as written, else in capitals (the org
 * module stores codes uppercased, and people type "c-bak"). On success *code
 * becomes the code as stored.
 */
static int code_lookup(struct db *db, struct arena *a,
                       int (*find)(struct db *, const char *, int64_t *), const char **code,
                       int64_t *id)
{
    int rc = find(db, *code, id);
    if (rc != DARS_ENOTFOUND)
        return rc;
    char *up = arena_strdup(a, *code);
    bool changed = false;
    for (char *c = up; *c; c++) {
        if (*c >= 'a' && *c <= 'z') {
            *c = (char)(*c - 'a' + 'A');
            changed = true;
        }
    }
    if (!changed || (rc = find(db, up, id)) < 0)
        return rc;
    *code = up;
    return 0;
}

int accounts_roles_resolve(struct db *db, struct arena *a, const char *const *roles, size_t n,
                           json_t *errors, struct role_spec **out, size_t *nout)
{
    struct role_spec *specs = ARENA_NEW_N(a, struct role_spec, n ? n : 1);
    size_t k = 0;
    int rc;

    for (size_t i = 0; i < n; i++) {
        const char *s = clean(a, roles[i]);
        if (!s || !*s) {
            fail(errors, "roles", ROLE_PROBLEM);
            continue;
        }
        const char *at = strchr(s, '@');
        char *name = at ? arena_strndup(a, s, (size_t)(at - s)) : arena_strdup(a, s);
        const char *scope = at ? at + 1 : NULL;
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        if (!accounts_role_is_known(name)) {
            fail(errors, "roles", ROLE_PROBLEM);
            continue;
        }
        struct role_spec spec = { name, NULL, 0, 0 };
        if (accounts_role_needs_scope(name) && (!scope || !*scope)) {
            fail(errors, "roles",
                 streq(name, "manager")
                     ? N_("A manager needs a centre or region, written like manager@C-BAK")
                     : N_("An instructor needs a centre, written like instructor@C-BAK"));
            continue;
        }
        if (scope && !accounts_role_takes_scope(name)) {
            fail(errors, "roles",
                 N_("Only a manager, an instructor or an analyst has a centre or region, "
                    "written like role@CODE"));
            continue;
        }
        if (scope && !*scope) { /* "analyst@": every centre is written without the @ */
            fail(errors, "roles",
                 N_("Write analyst for every centre, or analyst@CODE for one centre or region"));
            continue;
        }
        if (scope) {
            spec.scope = scope;
            rc = code_lookup(db, a, org_centre_id, &spec.scope, &spec.centre_id);
            if (rc == DARS_ENOTFOUND && accounts_role_takes_region(name))
                rc = code_lookup(db, a, org_region_id, &spec.scope, &spec.region_id);
            if (rc == DARS_ENOTFOUND) {
                fail(errors, "roles",
                     accounts_role_takes_region(name)
                         ? N_("No centre or region has the code of this role")
                         : N_("No centre has the code of this role"));
                continue;
            }
            if (rc < 0)
                return rc;
        }
        bool dup = false;
        for (size_t j = 0; j < k; j++)
            dup = dup || (streq(specs[j].role, spec.role) && specs[j].centre_id == spec.centre_id &&
                          specs[j].region_id == spec.region_id);
        if (!dup)
            specs[k++] = spec;
    }
    *out = specs;
    *nout = k;
    return json_object_get(errors, "roles") ? DARS_EINVALID : 0;
}

/* The code of an organisation found by name, for the audit log. */
static int organisation_code(struct db *db, struct arena *a, int64_t id, const char **code)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, user_organisation_code_sql, DB_ARGS(DB_INT(id)));
    if (rc < 0)
        return rc;
    if ((rc = db_step(st)) == DB_ROW)
        *code = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return rc < 0 ? rc : 0;
}

/*
 * Check every field of u into res; self is the user being changed (0 when
 * creating), whose own e-mail is not a conflict. with_roles false keeps the
 * roles out of it. Returns 0, DARS_EINVALID, DARS_ECONFLICT (only the e-mail
 * is taken) or a database error.
 */
static int resolve(struct db *db, struct arena *a, const struct user_new *u, int64_t self,
                   bool with_roles, json_t *errors, struct user_resolved *res)
{
    bool conflict = false;
    int rc;

    memset(res, 0, sizeof(*res));
    res->email = clean(a, u->email);
    if (!res->email || !*res->email)
        fail(errors, "email", N_("Enter an e-mail address"));
    else if (strlen(res->email) > USER_EMAIL_MAX)
        fail(errors, "email", N_("The e-mail address must be 254 characters or fewer"));
    else if (!accounts_email_is_valid(res->email))
        fail(errors, "email",
             N_("Enter an e-mail address in the correct format, like name@example.com"));
    else {
        int64_t other = 0;
        res->email_key = utf8_fold(a, res->email);
        rc = db_query_int(db, user_email_taken_sql, DB_ARGS(DB_TEXT(res->email_key)), &other);
        if (rc == 0 && other != self) {
            fail(errors, "email", N_("A person with this e-mail address already exists"));
            conflict = true;
        } else if (rc < 0 && rc != DARS_ENOTFOUND) {
            return rc;
        }
    }

    res->full_name = clean(a, u->full_name);
    if (!res->full_name || !*res->full_name)
        fail(errors, "full_name", N_("Enter the full name"));
    else if (utf8_len(res->full_name) > USER_NAME_MAX)
        fail(errors, "full_name", N_("The full name must be 200 characters or fewer"));

    const char *lang = clean(a, u->language);
    if (!lang || !*lang)
        res->language = "en";
    else if (!(res->language = i18n_lang_known(lang)))
        fail(errors, "language", N_("Choose one of the languages offered: en, ru, az, uz, ko or vi"));

    res->organisation = clean(a, u->organisation);
    if (!res->organisation) {
        fail(errors, "organisation", N_("No organisation has this code or name"));
    } else if (*res->organisation) {
        rc = org_organisation_id(db, res->organisation, &res->organisation_id);
        if (rc == DARS_ENOTFOUND)
            fail(errors, "organisation", N_("No organisation has this code or name"));
        else if (rc < 0)
            return rc;
        else if ((rc = organisation_code(db, a, res->organisation_id, &res->organisation)) < 0)
            return rc;
    }

    res->position = clean(a, u->position);
    if (!res->position)
        fail(errors, "position", N_("The position must be valid text"));
    else if (utf8_len(res->position) > USER_NAME_MAX)
        fail(errors, "position", N_("The position must be 200 characters or fewer"));

    res->centre = clean(a, u->centre);
    if (!res->centre) {
        fail(errors, "centre", N_("No centre has this code"));
    } else if (*res->centre) {
        rc = code_lookup(db, a, org_centre_id, &res->centre, &res->centre_id);
        if (rc == DARS_ENOTFOUND)
            fail(errors, "centre", N_("No centre has this code"));
        else if (rc < 0)
            return rc;
    }

    res->status = clean(a, u->status);
    if (!res->status || !*res->status)
        res->status = has_password(u) ? "active" : "pending";
    else if (!accounts_status_is_known(res->status))
        fail(errors, "status", N_("Choose pending, active, suspended or declined"));

    if (with_roles) {
        rc = accounts_roles_resolve(db, a, u->roles, u->nroles, errors, &res->roles, &res->nroles);
        if (rc < 0 && rc != DARS_EINVALID)
            return rc;
    }

    /* who they are: optional, and only from the lists */
    const char *gender = clean(a, u->gender);
    if (!gender || (*gender && !accounts_gender_is_known(gender)))
        fail(errors, "gender", N_("Choose female, male or other, or leave the gender empty"));
    else
        res->gender = *gender ? gender : NULL;
    const char *year = clean(a, u->birth_year);
    res->birth_year = accounts_birth_year_parse(year ? year : "x");
    if (res->birth_year < 0)
        fail(errors, "birth_year",
             N_("Enter the year of birth as four digits, from 1900 to this year, or leave it "
                "empty"));
    const char *disability = clean(a, u->disability);
    res->disability = accounts_disability_parse(disability ? disability : "x");
    if (res->disability < -1)
        fail(errors, "disability", N_("Choose yes or no, or leave the disability empty"));

    if (u->password && *u->password) {
        const char *why = accounts_password_problem(u->password);
        if (why)
            fail(errors, "password", why);
    }

    if (res->full_name && res->email)
        res->search = utf8_fold_search(a, arena_printf(a, "%s %s", res->full_name, res->email));
    if (json_object_size(errors) > (conflict ? 1u : 0u))
        return DARS_EINVALID;
    return conflict ? DARS_ECONFLICT : 0;
}

/*
 * A manager's limits on a resolved user: its centre and every role in scope.
 * DARS_EDENIED outside; a missing centre is a problem to fix (the person
 * would vanish from the manager's own lists).
 */
static int check_scope(const struct req *r, const struct user_resolved *res, json_t *errors)
{
    if (!r || (r->user && r->user->is_admin))
        return 0;
    if (res->centre_id && !accounts_can_manage_centre(r, res->centre_id))
        return DARS_EDENIED;
    for (size_t i = 0; i < res->nroles; i++)
        if (!accounts_role_is_grantable(r, &res->roles[i]))
            return DARS_EDENIED;
    if (!res->centre_id && res->centre && !*res->centre) {
        fail(errors, "centre", N_("Choose a centre in your scope"));
        return DARS_EINVALID;
    }
    return 0;
}

static const char *roles_text(struct arena *a, const struct role_spec *roles, size_t n)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < n; i++)
        buf_addf(&b, "%s%s", i ? ", " : "", accounts_role_string(a, roles[i].role, roles[i].scope));
    const char *s = arena_strdup(a, b.ptr);
    buf_release(&b);
    return s;
}

void accounts_audit_after(json_t *changes, const char *field, const char *after)
{
    if (after && *after)
        json_object_set_new(changes, field, json_pack("{s:s}", "after", after));
}

void accounts_audit_before(json_t *changes, const char *field, const char *before)
{
    if (before && *before)
        json_object_set_new(changes, field, json_pack("{s:s}", "before", before));
}

/* The facts as the audit log writes them: NULL when not given. */
static const char *year_text(struct arena *a, int64_t year)
{
    return year > 0 ? arena_printf(a, "%lld", (long long)year) : NULL;
}

static const char *disability_text(int disability)
{
    return disability < 0 ? NULL : disability ? "true" : "false";
}

/* disability as bound: NULL when not given */
static struct db_arg fact_arg(int disability)
{
    return disability < 0 ? DB_NULL : DB_INT(disability);
}

static int role_insert(struct db *db, int64_t user_id, const struct role_spec *role,
                       const char *now)
{
    return db_exec(db, role_insert_sql,
                   DB_ARGS(DB_INT(user_id), DB_TEXT(role->role), DB_ID(role->centre_id),
                           DB_ID(role->region_id), DB_TEXT(now), DB_TEXT(now)));
}

int accounts_user_create(struct db *db, struct arena *a, const struct actor *who,
                         const struct req *r, const struct user_new *u, json_t *errors,
                         int64_t *id)
{
    json_t *errs = errors ? json_incref(errors) : json_object(), *changes = NULL;
    struct user_resolved res;
    char hash[ACCOUNTS_HASH_LEN], now[TIME_ISO_LEN];
    int64_t new_id = 0;
    int rc = resolve(db, a, u, 0, true, errs, &res);

    if (rc < 0 && rc != DARS_EINVALID && rc != DARS_ECONFLICT)
        goto out;
    int scope_rc = check_scope(r, &res, errs);
    if (scope_rc == DARS_EDENIED || (scope_rc < 0 && rc == 0))
        rc = scope_rc;
    else if (scope_rc == DARS_EINVALID)
        rc = DARS_EINVALID;
    if (rc < 0)
        goto out;

    if (u->password_hash && *u->password_hash)
        snprintf(hash, sizeof(hash), "%s", u->password_hash);
    else if (u->password && *u->password && (rc = accounts_password_hash(u->password, hash)) < 0)
        goto out;
    /* a pending person waits for an invitation unless the caller says otherwise */
    const char *reason = NULL;
    if (streq(res.status, "pending"))
        reason = u->pending_reason && *u->pending_reason ? u->pending_reason : "invitation";
    time_now_iso(now);
    rc = db_query_int(db, user_insert_sql,
                      DB_ARGS(DB_TEXT(res.email), DB_TEXT(res.email_key), DB_TEXT(res.full_name),
                              DB_TEXT(res.language), DB_ID(res.organisation_id),
                              DB_TEXT(res.position), DB_ID(res.centre_id), DB_TEXT(res.status),
                              DB_TEXT(has_password(u) ? hash : NULL),
                              DB_TEXT(res.search), DB_TEXT(res.gender), DB_ID(res.birth_year),
                              fact_arg(res.disability), DB_TEXT(reason),
                              DB_TEXT(u->consent_at && *u->consent_at ? u->consent_at : NULL),
                              DB_TEXT(u->guardian_name && *u->guardian_name ? u->guardian_name
                                                                            : NULL),
                              DB_TEXT(u->guardian_consent_at && *u->guardian_consent_at
                                          ? u->guardian_consent_at : NULL),
                              DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        goto out;
    for (size_t i = 0; i < res.nroles; i++)
        if ((rc = role_insert(db, new_id, &res.roles[i], now)) < 0)
            goto out;

    /* never the password: only that one was set */
    changes = json_object();
    accounts_audit_after(changes, "email", res.email);
    accounts_audit_after(changes, "full_name", res.full_name);
    accounts_audit_after(changes, "language", res.language);
    accounts_audit_after(changes, "organisation", res.organisation);
    accounts_audit_after(changes, "position", res.position);
    accounts_audit_after(changes, "centre", res.centre);
    accounts_audit_after(changes, "status", res.status);
    accounts_audit_after(changes, "roles", roles_text(a, res.roles, res.nroles));
    accounts_audit_after(changes, "password", has_password(u) ? "set" : NULL);
    accounts_audit_after(changes, "gender", res.gender);
    accounts_audit_after(changes, "birth_year", year_text(a, res.birth_year));
    accounts_audit_after(changes, "disability", disability_text(res.disability));
    /* the default (an invitation) goes without saying */
    accounts_audit_after(changes, "pending_reason", u->pending_reason);
    accounts_audit_after(changes, "guardian_name", u->guardian_name);
    rc = audit_record_id(db, who, u->audit_action ? u->audit_action : "user.create", "user",
                         new_id, changes);
    if (rc == 0 && id)
        *id = new_id;
out:
    sodium_memzero(hash, sizeof(hash));
    json_decref(changes);
    json_decref(errs);
    return rc;
}

int accounts_user_check(struct db *db, struct arena *a, const struct user_new *u, json_t *errors)
{
    json_t *errs = errors ? json_incref(errors) : json_object();
    struct user_resolved res;
    int rc = resolve(db, a, u, 0, true, errs, &res);
    json_decref(errs);
    return rc;
}

int accounts_user_insert(struct db *db, struct arena *a, const struct actor *who,
                         const struct user_new *u, json_t *errors, int64_t *id)
{
    return accounts_user_create(db, a, who, NULL, u, errors, id);
}

static bool has_admin_role(const struct user_row *u)
{
    for (size_t i = 0; i < u->nroles; i++)
        if (streq(u->roles[i].role, "admin"))
            return true;
    return false;
}

static struct role_spec spec_of(const struct role_row *row)
{
    struct role_spec s = { row->role, row->centre[0] ? row->centre : row->region, row->centre_id,
                           row->region_id };
    if (s.scope && !*s.scope)
        s.scope = NULL;
    return s;
}

int accounts_user_update(struct db *db, struct arena *a, const struct actor *who,
                         const struct req *r, int64_t id, const struct user_patch *p,
                         json_t *errors)
{
    json_t *errs = errors ? json_incref(errors) : json_object(), *changes = json_object();
    struct user_row cur;
    struct user_resolved res;
    char now[TIME_ISO_LEN];
    int rc;

    if ((rc = accounts_user_load(db, a, id, &cur)) < 0)
        goto out;
    if (r && !accounts_can_manage_user(r, &cur)) {
        rc = DARS_EDENIED;
        goto out;
    }
    /* a manager never changes an administrator */
    if (r && !r->user->is_admin && has_admin_role(&cur)) {
        rc = DARS_EDENIED;
        goto out;
    }
    struct user_new u = {
        .email = p->email ? p->email : cur.email,
        .full_name = p->full_name ? p->full_name : cur.full_name,
        .language = p->language ? p->language : cur.language,
        .organisation = p->organisation ? p->organisation : cur.organisation,
        .position = p->position ? p->position : cur.position,
        .centre = p->centre ? p->centre : cur.centre,
        .status = p->status ? p->status : cur.status,
        .gender = p->gender ? p->gender : cur.gender,
        .birth_year = p->birth_year ? p->birth_year : year_text(a, cur.birth_year),
        .disability = p->disability ? p->disability : disability_text(cur.disability),
        .roles = p->roles,
        .nroles = p->set_roles ? p->nroles : 0,
    };
    if (u.status && !*u.status)
        u.status = cur.status;
    rc = resolve(db, a, &u, id, p->set_roles, errs, &res);
    if (rc < 0 && rc != DARS_EINVALID && rc != DARS_ECONFLICT)
        goto out;
    /* the roles kept as they are need no check; the changed ones do */
    struct user_resolved scoped = res;
    struct role_spec *changed = ARENA_NEW_N(a, struct role_spec, res.nroles + cur.nroles + 1);
    size_t nchanged = 0, nadded = 0;
    bool *keep = ARENA_NEW_N(a, bool, cur.nroles + 1);
    if (p->set_roles) {
        for (size_t i = 0; i < res.nroles; i++) {
            bool found = false;
            for (size_t j = 0; j < cur.nroles; j++)
                if (streq(cur.roles[j].role, res.roles[i].role) &&
                    cur.roles[j].centre_id == res.roles[i].centre_id &&
                    cur.roles[j].region_id == res.roles[i].region_id) {
                    found = keep[j] = true;
                }
            if (!found)
                changed[nchanged++] = res.roles[i];
        }
        nadded = nchanged;
        for (size_t j = 0; j < cur.nroles; j++)
            if (!keep[j])
                changed[nchanged++] = spec_of(&cur.roles[j]);
    }
    scoped.roles = changed;
    scoped.nroles = nchanged;
    int scope_rc = check_scope(r, &scoped, errs);
    if (scope_rc == DARS_EDENIED || (scope_rc < 0 && rc == 0))
        rc = scope_rc;
    else if (scope_rc == DARS_EINVALID)
        rc = DARS_EINVALID;
    if (rc < 0)
        goto out;

    audit_diff(changes, "email", cur.email, res.email);
    audit_diff(changes, "full_name", cur.full_name, res.full_name);
    audit_diff(changes, "language", cur.language, res.language);
    if (cur.organisation_id != res.organisation_id)
        audit_diff(changes, "organisation", cur.organisation, res.organisation);
    audit_diff(changes, "position", cur.position, res.position);
    if (cur.centre_id != res.centre_id)
        audit_diff(changes, "centre", cur.centre, res.centre);
    audit_diff(changes, "status", cur.status, res.status);
    audit_diff(changes, "gender", *cur.gender ? cur.gender : NULL, res.gender);
    audit_diff(changes, "birth_year", year_text(a, cur.birth_year), year_text(a, res.birth_year));
    audit_diff(changes, "disability", disability_text(cur.disability),
               disability_text(res.disability));
    if (p->set_roles) {
        struct role_spec *before = ARENA_NEW_N(a, struct role_spec, cur.nroles + 1);
        for (size_t j = 0; j < cur.nroles; j++)
            before[j] = spec_of(&cur.roles[j]);
        audit_diff(changes, "roles", roles_text(a, before, cur.nroles),
                   roles_text(a, res.roles, res.nroles));
    }
    if (!json_object_size(changes))
        goto out; /* nothing to write */

    time_now_iso(now);
    rc = db_exec(db, user_update_sql,
                 DB_ARGS(DB_TEXT(res.email), DB_TEXT(res.email_key), DB_TEXT(res.full_name),
                         DB_TEXT(res.language), DB_ID(res.organisation_id), DB_TEXT(res.position),
                         DB_ID(res.centre_id), DB_TEXT(res.status), DB_TEXT(res.search),
                         DB_TEXT(res.gender), DB_ID(res.birth_year), fact_arg(res.disability),
                         DB_TEXT(res.status), DB_TEXT(now), DB_INT(id)));
    if (rc < 0)
        goto out;
    if (p->set_roles) {
        for (size_t j = 0; j < cur.nroles; j++)
            if (!keep[j] &&
                (rc = db_exec(db, role_delete_sql,
                              DB_ARGS(DB_INT(cur.roles[j].id), DB_INT(id)))) < 0)
                goto out;
        for (size_t i = 0; i < nadded; i++)
            if ((rc = role_insert(db, id, &changed[i], now)) < 0)
                goto out;
    }
    rc = audit_record_id(db, who, "user.update", "user", id,
                      changes);
out:
    json_decref(changes);
    json_decref(errs);
    return rc;
}
