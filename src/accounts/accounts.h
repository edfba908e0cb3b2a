/*
 * Accounts: users, passwords, sign-in, sessions, roles with scope, API tokens.
 * What other modules may call. The tables users, role_assignments, sessions and
 * api_tokens belong to this module alone.
 *
 * Scope (DESIGN.md section 5): an admin sees everything; a manager sees the
 * centres they manage directly or through their region. Lists filter in SQL
 * with ACCOUNTS_SCOPE_CENTRES_SQL, so out-of-scope rows never leave the
 * database:
 *
 *   "... WHERE (? = 1 OR u.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"
 *   bound as DB_INT(r->user->is_admin), DB_INT(r->user->id)
 *
 * Uses: audit, mail, org.
 */
#ifndef DARS_ACCOUNTS_ACCOUNTS_H
#define DARS_ACCOUNTS_ACCOUNTS_H

#include "audit/audit.h" /* struct actor */
#include "http/route.h"
#include "db/report.h"
#include "org/org.h"

#include <jansson.h>

struct db;
struct arena;

extern const struct route_table accounts_routes;

/*
 * Reports (db/report.h): the dimensions organisation, gender,
 * age_band and disability (report_sql.c), how a report finds the person (u)
 * of a fact when it needs them (to group or filter by who they are, or to
 * name them), and the deleted people, whose facts count nowhere (a short
 * list, from a partial index: no lookup per fact).
 */
extern const struct report_dim accounts_report_dims[];
extern const size_t accounts_report_ndims;
#define ACCOUNTS_REPORT_PERSON_JOIN " JOIN users u ON u.id = f.user_id"
#define ACCOUNTS_REPORT_DELETED_SQL "SELECT id FROM users WHERE deleted_at IS NOT NULL"

/*
 * The ids of the centres in a manager's scope (deleted ones too: callers
 * match them against live rows); one bound parameter: the user id.
 */
#define ACCOUNTS_SCOPE_CENTRES_SQL                                                     \
    "SELECT sc.id FROM " ORG_CENTRES_SQL " sc JOIN role_assignments sra "             \
    "ON sra.role = 'manager' AND sra.user_id = ? "                                    \
    "AND (sra.centre_id = sc.id OR sra.region_id = sc.region_id)"
/*
 * The ids of the centres whose figures a manager or a scoped analyst reads
 * (directly or through their region; deleted ones too); one bound parameter:
 * the user id. What accounts_can_read_centre() answers, for a list's WHERE.
 */
#define ACCOUNTS_READ_CENTRES_SQL                                                      \
    "SELECT sc.id FROM " ORG_CENTRES_SQL " sc JOIN role_assignments sra "             \
    "ON sra.role IN ('manager', 'analyst') AND sra.user_id = ? "                      \
    "AND (sra.centre_id = sc.id OR sra.region_id = sc.region_id)"
/*
 * The ids of the regions a manager manages as a whole (manager@REGION, not a
 * centre in it); one bound parameter: the user id. For what a region owns.
 */
#define ACCOUNTS_SCOPE_REGIONS_SQL                                                     \
    "SELECT sra.region_id FROM role_assignments sra WHERE sra.role = 'manager' "     \
    "AND sra.user_id = ? AND sra.region_id IS NOT NULL"

/*
 * People for other modules' queries: a read-only derived table without
 * parameters (a contract like a function: its columns do not change without
 * changing this header), never with a password hash. Every person is in it,
 * the deleted too, with their deleted_at: a reader that lists or looks people
 * up adds "deleted_at IS NULL" itself; one that names the person of an old
 * row (an attempt, an enrolment) need not.
 *
 * ACCOUNTS_PEOPLE_SQL columns: id, email (as typed), email_key (the folded
 * form, unique: look people up by it), full_name, status ('pending' |
 * 'active' | 'suspended' | 'declined'), centre_id and organisation_id (NULL:
 * none), search (folded name and e-mail, for LIKE), deleted_at (NULL while
 * live).
 *
 *   "SELECT p.email, p.full_name FROM my_rows t JOIN " ACCOUNTS_PEOPLE_SQL " p"
 *   " ON p.id = t.user_id WHERE t.id = ?"     -- my_rows: the caller's own table
 */
#define ACCOUNTS_PEOPLE_SQL                                                                 \
    "(SELECT id, email, email_key, full_name, status, centre_id, organisation_id, search, " \
    "deleted_at FROM users)"

/*
 * Roles for other modules' queries (mentoring finds its mentors): a derived
 * table without parameters. ACCOUNTS_ROLES_SQL columns: user_id, role
 * ('admin' | 'manager' | 'instructor' | 'mentor' | 'learner' | 'analyst'),
 * centre_id and region_id (the scope; both NULL for a global role).
 * ACCOUNTS_PERSON_FACTS_SQL columns: id, language (the one they read mail
 * in), birth_year (NULL: not given), every person, the deleted too.
 */
#define ACCOUNTS_ROLES_SQL "(SELECT user_id, role, centre_id, region_id FROM role_assignments)"
#define ACCOUNTS_PERSON_FACTS_SQL "(SELECT id, language, birth_year FROM users)"

/*
 * Find who is asking: a Bearer token on the API (DARS_EAUTH when one is sent
 * and is not valid), else the session cookie. Fills r->user (or leaves it
 * NULL), r->session_*, r->csrf. A request without a session cookie gets an
 * anonymous one so that its forms can carry a CSRF token.
 */
int accounts_authenticate(struct req *r);

/* true when the request's user may see and change things at centre_id. */
bool accounts_can_manage_centre(const struct req *r, int64_t centre_id);
/* true for an admin, or a manager of region_id as a whole (manager@REGION). */
bool accounts_can_manage_region(const struct req *r, int64_t region_id);
/*
 * Reports (DESIGN.md 6a): whether the user reads them at all (admins,
 * managers, analysts), and whether they read centre_id's figures (r->user's
 * reads_all, or a centre in read_centres).
 */
bool accounts_reads_reports(const struct req *r);

/*
 * The home page of learners, instructors and visitors (the links of their
 * roles, or the welcome); reports route "/" and show those who read reports
 * their dashboard instead.
 */
int accounts_home_page(struct req *r);
bool accounts_can_read_centre(const struct req *r, int64_t centre_id);
/*
 * Whether the user reads region_id's figures as a whole: reads_all, or a
 * manager or analyst of the region itself (not of a centre in it). A donor
 * project of a region is read so (projects).
 */
bool accounts_reads_region(const struct req *r, int64_t region_id);

/* Argon2id hash of password into out (crypto_pwhash_STRBYTES = 128 bytes). */
#define ACCOUNTS_HASH_LEN 128
int accounts_password_hash(const char *password, char out[ACCOUNTS_HASH_LEN] /* OUT */);
/* At least 10 characters: NULL when fine, else the (untranslated) reason. */
const char *accounts_password_problem(const char *password);

/*
 * A user to create, as the CLI, the admin form, the API and the CSV import
 * give it. Every string may be NULL or "" unless said otherwise.
 */
struct user_new {
    const char *email;        /* required */
    const char *full_name;    /* required */
    const char *language;     /* en ru az uz; default en */
    const char *organisation; /* code or name of an existing organisation */
    const char *position;
    const char *centre;       /* code of an existing centre */
    const char *status;       /* pending | active | suspended | declined; default: active with a
                                 password, pending without */
    const char **roles;       /* "role" or "role@SCOPE" (a centre or region code) */
    size_t nroles;
    const char *password;     /* NULL: the user cannot sign in until one is set */
    const char *password_hash; /* an Argon2id hash from accounts_password_hash(), used
                                  instead of password when set (the demo hashes once
                                  for many users) */
    /* who they are (DESIGN.md 6a), for anonymous statistics; NULL or "": not given */
    const char *gender;     /* female | male | other */
    const char *birth_year; /* digits, 1900 to this year */
    const char *disability; /* true | false (also yes, no, 1, 0) */
    /* why a pending person waits: invitation (the default) | address | approval */
    const char *pending_reason;
    /* self-registration: ISO times of consent to the privacy notice and, under 18, a
     * parent's or guardian's name and consent; not checked here */
    const char *consent_at, *guardian_name, *guardian_consent_at;
    const char *audit_action; /* NULL: "user.create" */
};

/*
 * Check u without writing: on DARS_EINVALID or DARS_ECONFLICT, errors (an
 * object, may be NULL) gets field -> untranslated message. Does its lookups
 * in db. Resolves nothing for the caller.
 */
int accounts_user_check(struct db *db, struct arena *a, const struct user_new *u,
                        json_t *errors /* OUT */);
/*
 * Check and insert u with its roles, and audit it, inside the caller's
 * transaction. *id (may be NULL) gets the new user's id.
 */
int accounts_user_insert(struct db *db, struct arena *a, const struct actor *who,
                         const struct user_new *u, json_t *errors /* OUT */, int64_t *id /* OUT */);

/*
 * Send (again) an invitation to user_id in the caller's transaction: a new
 * link, the e-mail in their language, audit "user.invite". DARS_ENOTFOUND,
 * or DARS_ECONFLICT when they are not pending. site: the public URL.
 */
int accounts_invite(struct db *db, struct arena *a, const struct actor *who, const char *site,
                    int64_t user_id);
/*
 * Whom `dars user invite` invites: the live user with this e-mail (any case,
 * NFC; any status, accounts_invite() refuses one who is not pending;
 * DARS_ENOTFOUND when there is none), or with email NULL every pending person
 * an admin added, in id order. *ids (from the arena) gets *n ids.
 */
int accounts_invitees(struct db *db, struct arena *a, const char *email, int64_t **ids /* OUT */,
                      size_t *n /* OUT */);

/*
 * CSV import of people (import.c), shared by the web page and the command
 * line's `dars user import`, which is why it is public.
 */
struct import_error {
    const char *msgid;  /* for people, translated: "The centre is unknown" */
    const char *detail; /* for the command line: "unknown centre 'C-X'" */
    struct import_error *next;
};

struct import_row {
    int line; /* where the record starts in the file; the header is line 1 */
    const char *email, *full_name, *organisation, *position, *centre, *role, *language;
    const char *gender, *birth_year, *disability; /* as written ("" when absent) */
    struct import_error *errors; /* NULL when the row is valid */
    bool broken;                 /* not UTF-8, or fields missing: nothing more to check */
    /* resolved, for the insert */
    const char *email_key, *search, *role_name, *role_scope;
    int64_t organisation_id, centre_id, role_centre_id, role_region_id;
    int64_t id; /* the new user's, once accounts_import_insert() inserted the row */
    int64_t birth_year_n; /* 0: not given */
    int disability_n;     /* -1: not given */
};

struct import_file {
    struct import_row *rows;
    size_t nrows, nvalid, ninvalid;
    /* a problem with the whole file (not CSV, missing column): nothing can import */
    int error_line;
    struct import_error *error;
};

/*
 * Parse CSV bytes (a UTF-8 BOM is skipped) into rows and check what needs no
 * database. Returns 0, or DARS_EINVALID with f->error set when the file as a
 * whole cannot be read.
 */
int accounts_import_parse(struct arena *a, const char *data, size_t len,
                          struct import_file *f /* OUT */);
/*
 * Check rows against the database (centres, organisations, regions, taken
 * e-mails) in a fixed few statements plus one per 100 rows, and against r's
 * scope (NULL: none). Counts valid and invalid rows.
 */
int accounts_import_check(struct db *db, struct arena *a, const struct req *r,
                          struct import_file *f);
/*
 * Insert every valid row (pending, no password) and audit one "user.import"
 * entry with the e-mails, inside the caller's transaction. *count gets how
 * many were inserted; each inserted row's id is set.
 */
int accounts_import_insert(struct db *db, struct arena *a, const struct actor *who,
                           const char *object_id, const struct import_file *f,
                           int64_t *count /* OUT */);
/*
 * Invite every row accounts_import_insert() inserted, in the caller's
 * transaction (accounts_invite for each). site: the public URL.
 */
int accounts_import_invite(struct db *db, struct arena *a, const struct actor *who,
                           const char *site, const struct import_file *f);

/*
 * Create an API token for the user with this e-mail; *token (malloc'd) is
 * shown once. DARS_ENOTFOUND when there is no such user, DARS_ECONFLICT when
 * they are not active (pending or suspended: the token would answer 401), with
 * *status (malloc'd, may be NULL) their status.
 */
int accounts_token_create(struct db *db, const char *email, const char *label,
                          char **token /* OUT */, char **status /* OUT */);

/* Who an e-mail belongs to, for other modules (enrol someone, add an instructor). */
struct accounts_user_ref {
    int64_t id, centre_id; /* centre_id 0: none */
    const char *email, *full_name, *status;
};
/*
 * Find a live user by e-mail (any case, NFC): DARS_ENOTFOUND when there is
 * none, DARS_EINVALID when email is not valid UTF-8. Strings from the arena.
 */
int accounts_user_by_email(struct db *db, struct arena *a, const char *email,
                           struct accounts_user_ref *out /* OUT */);

/*
 * Secrets other modules hand out too (registration links, calendar feeds):
 * n random bytes (at most 64) as URL-safe base64 without padding, from the
 * arena; and the 64 hex digits of SHA-256 by which such a secret is stored,
 * so that the table alone opens nothing.
 */
char *accounts_random_token(struct arena *a, size_t n);
#define ACCOUNTS_DIGEST_HEX 65
void accounts_digest(const char *secret, char out[ACCOUNTS_DIGEST_HEX] /* OUT */);

/*
 * Age bands of DESIGN.md 6a: "under-18", "18-24", "25-34", "35-44", "45-54",
 * "55-64", "65+", or "unknown" without a birth year (0). The age is year
 * minus the birth year (a list: this year; a report: its period's end year).
 */
const char *accounts_age_band(int64_t birth_year, int year);
/*
 * The birth years of a band in year: *from..*to, or *unknown true for
 * "unknown". false when band is not one of the names above.
 */
bool accounts_age_band_years(const char *band, int year, int64_t *from /* OUT */,
                             int64_t *to /* OUT */, bool *unknown /* OUT */);
/* This year (UTC), as the birth-year checks and age bands use it. */
int accounts_this_year(void);

/* The actor of a request: audit_actor(r) (audit/audit.h), which modules below accounts call. */
struct actor accounts_actor(const struct req *r);

/* Load the server secret (creating it on first run); once per process (modules.c). */
int accounts_init(struct db *db);

#endif
