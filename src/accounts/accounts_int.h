/* What the files of src/accounts share: SQL texts and internal helpers. */
#ifndef DARS_ACCOUNTS_ACCOUNTS_INT_H
#define DARS_ACCOUNTS_ACCOUNTS_INT_H

#include "accounts/accounts.h"

struct db_stmt;
struct db_arg;
struct val;

/* session_sql.c */
extern const char session_user_sql[];
extern const char session_insert_sql[];
extern const char session_delete_sql[];
extern const char session_purge_sql[];
extern const char token_user_sql[];
extern const char token_insert_sql[];
extern const char scope_centres_sql[];
extern const char read_centres_sql[];
extern const char settings_get_sql[];
extern const char settings_put_sql[];
extern const char login_user_sql[];
extern const char user_set_language_sql[];


/* Start a signed-in session for user_id: rotates the cookie, stores its digest. */
int accounts_session_start(struct req *r, int64_t user_id);
/* End the current session: deletes the row, issues a fresh anonymous cookie. */
int accounts_session_end(struct req *r);
/*
 * Set the signed-in user's language (the switcher, /account) and audit it;
 * 0 without doing anything when nobody is signed in.
 */
int accounts_user_set_language(struct req *r, const char *lang);

/* a hash checked when the e-mail is unknown, so both cases take as long */
extern char accounts_dummy_hash[ACCOUNTS_HASH_LEN];

/* language.c: POST /lang, the switcher on every page */
int language_switch_submit(struct req *r);

/* login.c: handlers */
int login_page(struct req *r);
int login_submit(struct req *r);
int logout_submit(struct req *r);

/* user_sql.c */
extern const char user_by_id_sql[];
extern const char user_by_email_sql[];
extern const char user_roles_sql[];
extern const char user_organisation_code_sql[];
extern const char user_email_taken_sql[];
extern const char user_ref_by_email_sql[];
extern const char user_insert_sql[];
extern const char user_update_sql[];
extern const char user_set_status_sql[];
extern const char user_set_password_sql[];
extern const char user_hash_sql[];
extern const char user_other_sessions_delete_sql[];
extern const char role_insert_sql[];
extern const char role_delete_sql[];
extern const char role_delete_all_sql[];
extern const char users_count_sql[];
extern const char users_page_sql[];
extern const char users_page_roles_sql[];
extern const char users_after_sql[];
extern const char users_after_roles_sql[];
extern const char user_centre_choices_sql[];
extern const char import_centres_sql[];
extern const char import_regions_sql[];
extern const char import_organisations_sql[];
extern const char import_emails_taken_sql[];
extern const char import_user_insert_sql[];
extern const char user_import_insert_sql[];
extern const char user_import_get_sql[];
extern const char user_import_done_sql[];
extern const char user_import_purge_sql[];

/*
 * The people lists' filters of who they are (USER_FILTERS in user_sql.c),
 * from the query: gender (female, male, other, unknown), age_band (as
 * accounts_age_band) and disability (true, false, unknown). An unknown value
 * filters nothing. add_args appends their 8 bound arguments at args.
 */
struct user_facts_filter {
    const char *gender, *age_band, *disability; /* as given when known, else "" */
    int64_t years_on, from, to, unknown, disability_n;
};
#define USER_FILTER_ARGS 18
/* get reads a parameter: http_query for a list, http_form for a form that carries the filters */
void accounts_facts_filter(struct req *r, const char *(*get)(struct req *, const char *),
                           struct user_facts_filter *f /* OUT */);
size_t accounts_facts_filter_args(const struct user_facts_filter *f, struct db_arg *args);

/* user_check.c: validation and the write path every front end shares */

#define USER_NAME_MAX 200     /* code points of full_name and position */
#define USER_EMAIL_MAX 254    /* bytes of an e-mail address */

/* true when email has the shape name@domain.tld, no white space, at most 254 bytes */
bool accounts_email_is_valid(const char *email);
/* true for "pending", "active", "suspended", "declined" */
bool accounts_status_is_known(const char *status);
/* true for the names of the six roles */
bool accounts_role_is_known(const char *role);
/* true when the role needs a scope (manager, instructor) */
bool accounts_role_needs_scope(const char *role);
/*
 * true when the role may have a scope: those that need one, and analyst
 * (analyst alone reads every centre; analyst@CODE one centre or region)
 */
bool accounts_role_takes_scope(const char *role);
/* true when the role's scope may be a region as well as a centre (manager, analyst) */
bool accounts_role_takes_region(const char *role);

/* Who they are: the values the forms, the API and the CSV share. */
#define USER_BIRTH_YEAR_MIN 1900
/* true for "female", "male", "other" */
bool accounts_gender_is_known(const char *gender);
/* "true" "yes" "1" -> 1, "false" "no" "0" -> 0 (any case), "" or NULL -> -1, else -2 */
int accounts_disability_parse(const char *s);
/* digits of a year in 1900..this year -> the year; "" or NULL -> 0; anything else -> -1 */
int64_t accounts_birth_year_parse(const char *s);

/* One role assignment, resolved. */
struct role_spec {
    const char *role;  /* admin manager instructor mentor learner analyst */
    const char *scope; /* the centre or region code as written, NULL without scope */
    int64_t centre_id, region_id;
};

/* "role" or "role@SCOPE" of a role_spec, from the arena */
const char *accounts_role_string(struct arena *a, const char *role, const char *scope);

/*
 * A user after validation: what the insert and update write. Strings are NFC
 * and trimmed; organisation_id and centre_id are 0 when none.
 */
struct user_resolved {
    const char *email, *email_key, *full_name, *language, *position, *status, *search;
    const char *organisation, *centre; /* as given, for the audit log ("" when none) */
    int64_t organisation_id, centre_id;
    const char *gender;                /* NULL when not given */
    int64_t birth_year;                /* 0 when not given */
    int disability;                    /* 1, 0, or -1 when not given */
    struct role_spec *roles;
    size_t nroles;
};

/*
 * Who may change what: NULL (the command line) may do anything; a request
 * may when its user is an admin, or when it is a manager and the centre and
 * every role lie in the scope: never admin, never a region's manager, never
 * an analyst of every centre; a region's analyst only for a manager of that
 * region as a whole.
 */
bool accounts_role_is_grantable(const struct req *r, const struct role_spec *role);

/*
 * Create a user from u with its roles and audit "user.create", inside the
 * caller's transaction. r limits it to the request user's scope (NULL: no
 * limit): a centre or role outside it is DARS_EDENIED. Validation failures
 * are DARS_EINVALID (or DARS_ECONFLICT for a taken e-mail only) with
 * field -> untranslated message in errors (field "roles" for roles).
 */
int accounts_user_create(struct db *db, struct arena *a, const struct actor *who,
                         const struct req *r, const struct user_new *u, json_t *errors,
                         int64_t *id /* OUT */);

/* A change to a user: NULL leaves a field as it is; "" clears the optional ones. */
struct user_patch {
    const char *email, *full_name, *language, *organisation, *position, *centre, *status;
    const char *gender, *birth_year, *disability; /* as in struct user_new */
    bool set_roles; /* replace the roles with roles[] */
    const char **roles;
    size_t nroles;
};

/*
 * Apply p to user id and audit "user.update" with the fields that changed,
 * inside the caller's transaction. Errors as accounts_user_create; the user
 * must exist (DARS_ENOTFOUND) and, for a manager, be in scope before and
 * after (DARS_EDENIED).
 */
int accounts_user_update(struct db *db, struct arena *a, const struct actor *who,
                         const struct req *r, int64_t id, const struct user_patch *p,
                         json_t *errors);

/* Audit changes of a creation (only "after") or a removal (only "before"); skips "" and NULL. */
void accounts_audit_after(json_t *changes, const char *field, const char *after);
void accounts_audit_before(json_t *changes, const char *field, const char *before);

/* Resolve role strings ("role" or "role@SCOPE"); errors under "roles". */
int accounts_roles_resolve(struct db *db, struct arena *a, const char *const *roles, size_t n,
                           json_t *errors, struct role_spec **out /* OUT */,
                           size_t *nout /* OUT */);

/* user_load.c: reading users */

struct role_row {
    int64_t id, user_id;
    const char *role, *centre, *region; /* codes, "" when none */
    int64_t centre_id, region_id;
    const char *str;                    /* "role" or "role@SCOPE" */
};

struct user_row {
    int64_t id;
    const char *email, *full_name, *language, *organisation, *position, *centre, *status;
    const char *created_at, *updated_at, *organisation_name, *centre_name;
    int64_t centre_id, organisation_id;
    bool has_password;
    /* the invitation link: "" when none was sent */
    const char *invitation_sent_at, *invitation_expires_at, *invitation_used_at;
    const char *gender; /* "" when not given */
    int64_t birth_year; /* 0 when not given */
    int disability;     /* 1, 0, or -1 when not given */
    const char *pending_reason; /* invitation | address | approval; "" when none */
    struct role_row *roles;
    size_t nroles;
};

/* Fill row from a statement of USER_COLUMNS (user_sql.c), strings from the arena. */
void accounts_user_row_read(struct db_stmt *st, struct arena *a, struct user_row *row /* OUT */);
void accounts_role_row_read(struct db_stmt *st, struct arena *a, struct role_row *row /* OUT */);
/* A user with roles by id, or by e-mail when key is not all digits. DARS_ENOTFOUND. */
int accounts_user_load(struct db *db, struct arena *a, int64_t id, struct user_row *row /* OUT */);
int accounts_user_load_key(struct db *db, struct arena *a, const char *key,
                           struct user_row *row /* OUT */);
/* Read every row of a roles statement (ordered by user) into the users they belong to. */
int accounts_roles_attach(struct db_stmt *st, struct arena *a, struct user_row *users, size_t n);
/* The API's user object (DESIGN.md section 6); caller owns it. */
json_t *accounts_user_json(const struct user_row *u);
/* true when the request user may see and change this user (admin, or centre in scope) */
bool accounts_can_manage_user(const struct req *r, const struct user_row *u);

/* user.c: people pages */
int users_page(struct req *r);
int user_new_page(struct req *r);
int user_create_submit(struct req *r);
int user_show_page(struct req *r);
int user_update_submit(struct req *r);
int user_role_add_submit(struct req *r);
int user_role_delete_submit(struct req *r);
int user_suspend_page(struct req *r);
int user_suspend_submit(struct req *r);
int user_activate_submit(struct req *r);
int user_password_submit(struct req *r);

/*
 * Who they are in a form: ctx gets "genders" and "disabilities" choices with
 * these selected (gender and disability as typed or stored; "" for none).
 */
void accounts_facts_context(struct req *r, struct val *ctx, const char *gender,
                            const char *disability);
/* form (an object from a) gets u's "gender", "birth_year" and "disability" as a form shows them. */
void accounts_facts_form(struct arena *a, struct val *form, const struct user_row *u);

/* import_page.c: the web import */
int user_import_page(struct req *r);
int user_import_upload(struct req *r);
int user_import_preview_page(struct req *r);
int user_import_confirm(struct req *r);

/* profile.c: the signed-in user's own account */
int account_page(struct req *r);
int account_password_submit(struct req *r);
int account_language_submit(struct req *r);
int account_facts_submit(struct req *r);

/* user_api.c: /api/v1/me and /api/v1/users */
int api_me(struct req *r);
int api_users_list(struct req *r);
int api_user_get(struct req *r);
int api_user_create(struct req *r);
int api_user_patch(struct req *r);

/* link.c: links sent by e-mail (invitations, password resets, address checks) */

#define ACCOUNTS_INVITATION_SECONDS (14 * 24 * 3600)
#define ACCOUNTS_RESET_SECONDS 3600
#define ACCOUNTS_ADDRESS_SECONDS (24 * 3600) /* the address check of a registration */

/* link_sql.c */
extern const char link_upsert_sql[];
extern const char link_find_sql[];
extern const char link_use_sql[];
extern const char link_user_sql[];
extern const char link_user_by_key_sql[];
extern const char link_sessions_delete_sql[];
extern const char link_user_accept_sql[];
extern const char link_user_reset_sql[];
extern const char link_pending_all_sql[];
extern const char users_pending_shown_sql[];

enum link_state { LINK_UNKNOWN, LINK_LIVE, LINK_USED, LINK_EXPIRED };

struct link_row {
    enum link_state state; /* LINK_UNKNOWN too for a person the link is not for now */
    int64_t user_id;
    const char *expires_at, *used_at, *email, *full_name, *language, *status;
    const char *pending_reason; /* "" when none */
};

/*
 * A new link of kind ("invitation" | "reset" | "address") for user_id, replacing their
 * old one, in the caller's transaction. *token (arena) goes in the e-mail
 * and nowhere else.
 */
int accounts_link_issue(struct db *db, struct arena *a, int64_t user_id, const char *kind,
                        const char **token /* OUT */);
/*
 * What token opens: out->state says whether it may be used now (an
 * invitation for a pending person an admin added, an address check for a pending
 * person who registered, a reset for an active one). Returns 0 or a
 * database error; an unknown token is state LINK_UNKNOWN. Strings from a.
 */
int accounts_link_find(struct db *db, struct arena *a, const char *kind, const char *token,
                       struct link_row *out /* OUT */);
/*
 * Mark the link used, in the caller's transaction: 0 when this call used it,
 * DARS_ECONFLICT when it was used, expired or replaced meanwhile.
 */
int accounts_link_use(struct db *db, const char *kind, const char *token);
/*
 * The e-mail with a link of kind ("invitation" | "reset" | "address") and its token, in
 * language, queued in the caller's transaction. site: no final '/'. full_name: shown for
 * an invitation and an address check (may be NULL for a reset).
 */
int accounts_mail_link(struct db *db, struct arena *a, const char *site, const char *kind,
                       const char *email, const char *full_name, const char *language,
                       const char *token);
/* After a reset: "your password was changed". */
int accounts_mail_password_changed(struct db *db, struct arena *a, const char *site,
                                   const char *email, const char *language);
/* To the owner of an address someone registered with again: how to sign in or reset. */
int accounts_mail_register_taken(struct db *db, struct arena *a, const char *site,
                                 const char *email, const char *language);
/* What became of a registration: active at once (open centre), approved, or declined. */
enum registration_news { REGISTRATION_WELCOME, REGISTRATION_APPROVED, REGISTRATION_DECLINED };
int accounts_mail_registration(struct db *db, struct arena *a, const char *site,
                               const char *email, const char *full_name, const char *language,
                               enum registration_news news);
/* "not-sent" | "sent" | "expired" | "accepted" */
const char *accounts_invitation_state(const struct user_row *u);

/* password_reset.c */
/* The page of a link that cannot be used: 410 used or expired, 404 unknown. */
int accounts_link_invalid(struct req *r, const char *kind, enum link_state state);
/* The page that sets a password through the link r->params[0] of kind. */
int accounts_password_form(struct req *r, int status, const char *kind, const char *email,
                           json_t *errors);
/* Check new_password and confirm_password as /account does; DARS_EINVALID with errors. */
int accounts_password_check(struct req *r, json_t *errors);
/*
 * Setting a password through a link of kind (an invitation, a reset): the page
 * of r->params[0], and its POST, which checks the link and the two passwords,
 * uses the link and runs set_sql (bound: hash, now, user id; it changes no row
 * when the person no longer fits), then and done.
 */
struct link_password {
    const char *kind;
    const char *set_sql;
    /* the rest of the writes, in the same transaction */
    int (*then)(struct req *r, const struct link_row *l);
    /* the answer, once committed */
    int (*done)(struct req *r, const struct link_row *l);
};
int accounts_link_password_page(struct req *r, const char *kind);
int accounts_link_password_submit(struct req *r, const struct link_password *how);
int password_forgot_page(struct req *r);
int password_forgot_submit(struct req *r);
int password_reset_page(struct req *r);
int password_reset_submit(struct req *r);

/* invitation.c */
/* true for a pending person an admin added (pending_reason invitation or none) */
bool accounts_is_invitable(const struct user_row *u);
/* The same rule for a status and a pending_reason ("" when none) read elsewhere. */
bool accounts_status_is_invitable(const char *status, const char *pending_reason);
/* "Sent on 3 March 2026", "Expired", ... in the reader's language, from the arena; for
 * people who registered, what they wait for. */
const char *accounts_invitation_label(struct req *r, const struct user_row *u);
int invitation_page(struct req *r);
int invitation_submit(struct req *r);
int user_invite_submit(struct req *r);
int users_invite_page(struct req *r);
int users_invite_submit(struct req *r);
int api_user_invitation(struct req *r);


/* registration.c: /register and the address check; registrations.c: approvals */
extern const char registration_centres_sql[];
extern const char registration_centre_sql[];
extern const char registration_organisations_sql[];
extern const char registration_user_centre_sql[];
extern const char registration_confirm_open_sql[];
extern const char registration_confirm_approval_sql[];
extern const char registrations_page_sql[];
extern const char registration_decide_sql[];
int register_page(struct req *r);
int register_submit(struct req *r);
int register_verify_page(struct req *r);
int register_verify_submit(struct req *r);
int registrations_page(struct req *r);
int registration_approve_submit(struct req *r);
int registration_decline_page(struct req *r);
int registration_decline_submit(struct req *r);


#endif
