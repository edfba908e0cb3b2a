/*
 * Who is asking: session cookies for people, Bearer tokens for programs.
 * The database stores only SHA-256 digests of cookie values and tokens, so a
 * copy of the database opens no session. CSRF tokens are an HMAC of the
 * cookie value under the server secret: nothing to store, and they change
 * whenever the session does.
 */
#include "core/base.h"
#include "core/ids.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/config.h"
#include "core/time.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "core/i18n.h"

#include <sodium.h>

#define SESSION_SECONDS (12 * 3600)
#define SESSION_COOKIE "dars_session"

static unsigned char secret[crypto_auth_KEYBYTES];
static bool have_secret;
char accounts_dummy_hash[ACCOUNTS_HASH_LEN];

int accounts_init(struct db *db)
{
    struct db_stmt *st;
    char hex[crypto_auth_KEYBYTES * 2 + 1];
    int rc;

    if (sodium_init() < 0 ||
        accounts_password_hash("not the password of anyone", accounts_dummy_hash) < 0)
        return DARS_ERR;
    /* first run: make one; ON CONFLICT keeps the first of two racing nodes */
    crypto_auth_keygen(secret);
    sodium_bin2hex(hex, sizeof(hex), secret, sizeof(secret));
    rc = db_exec(db, settings_put_sql, DB_ARGS(DB_TEXT("secret"), DB_TEXT(hex)));
    if (rc < 0)
        return rc;
    rc = db_query(db, &st, settings_get_sql, DB_ARGS(DB_TEXT("secret")));
    if (rc < 0)
        return rc;
    rc = db_step(st);
    if (rc == DB_ROW) {
        size_t len = 0;
        rc = sodium_hex2bin(secret, sizeof(secret), db_col_text(st, 0),
                            strlen(db_col_text(st, 0)), NULL, &len, NULL) == 0 &&
                     len == sizeof(secret)
                 ? 0
                 : DARS_ERR;
    } else if (rc == DB_DONE) {
        rc = DARS_ERR;
    }
    db_done(st);
    have_secret = rc == 0;
    sodium_memzero(hex, sizeof(hex));
    return rc;
}

void accounts_digest(const char *value, char out[ACCOUNTS_DIGEST_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)value, strlen(value));
    sodium_bin2hex(out, ACCOUNTS_DIGEST_HEX, h, sizeof(h));
}

char *accounts_random_token(struct arena *a, size_t n)
{
    unsigned char raw[64];
    if (n > sizeof(raw))
        BUG("random token of %zu bytes", n);
    randombytes_buf(raw, n);
    size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, len);
    sodium_bin2base64(out, len, raw, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    return out;
}

static const char *csrf_for(struct req *r, const char *sid)
{
    unsigned char mac[crypto_auth_BYTES];
    char *hex = arena_alloc(&r->arena, 33);
    if (!have_secret)
        BUG("accounts_init was not called");
    crypto_auth(mac, (const unsigned char *)sid, strlen(sid), secret);
    sodium_bin2hex(hex, 33, mac, 16);
    return hex;
}

static bool cookie_shape_ok(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    if (n != 43)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = v[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return false;
    }
    return true;
}

static void new_anonymous(struct req *r)
{
    r->session_id = accounts_random_token(&r->arena, 32);
    r->session_key = NULL;
    r->csrf = csrf_for(r, r->session_id);
    http_set_cookie(r, SESSION_COOKIE, r->session_id, -1);
}

/* Append id to the arena array *v of *n ids (room for *cap), doubling it when full. */
static void ids_push(struct arena *a, int64_t **v, size_t *n, size_t *cap, int64_t id)
{
    if (*n == *cap) {
        size_t more = *cap ? *cap * 2 : 16;
        int64_t *bigger = arena_alloc(a, more * sizeof(int64_t));
        if (*n)
            memcpy(bigger, *v, *n * sizeof(int64_t));
        *v = bigger;
        *cap = more;
    }
    (*v)[(*n)++] = id;
}

/* The ids a query of the user's answers, one per row, into an arena array. */
static int load_ids(struct req *r, const char *sql, int64_t **ids /* OUT */, size_t *n /* OUT */)
{
    return db_query_ids(r->db, &r->arena, sql, DB_ARGS(DB_INT(r->user->id)), ids, n);
}

/* One role of the person's, as their lookup's row gives it (role NULL: none). */
static void add_role(struct req *r, struct db_stmt *st, bool *scoped_analyst,
                     size_t *nregions_cap, size_t *nread_regions_cap)
{
    struct user_ctx *u = r->user;
    const char *role = db_col_text(st, 4);

    if (!role)
        return;
    if (streq(role, "admin"))
        u->is_admin = true;
    else if (streq(role, "manager")) {
        u->is_manager = true;
        /* a region's manager may name its analysts (accounts_role_is_grantable) */
        if (db_col_int(st, 6)) {
            ids_push(&r->arena, &u->scope_regions, &u->nscope_regions, nregions_cap,
                     db_col_int(st, 6));
            ids_push(&r->arena, &u->read_regions, &u->nread_regions, nread_regions_cap,
                     db_col_int(st, 6));
        }
    } else if (streq(role, "instructor"))
        u->is_instructor = true;
    else if (streq(role, "analyst")) {
        u->is_analyst = true;
        if (db_col_int(st, 5) == 0 && db_col_int(st, 6) == 0)
            u->reads_all = true;
        else
            *scoped_analyst = true;
        if (db_col_int(st, 6))
            ids_push(&r->arena, &u->read_regions, &u->nread_regions, nread_regions_cap,
                     db_col_int(st, 6));
    }
}

/*
 * What the roles let the person read and manage: a manager's centres and a
 * scoped analyst's. Statements only for roles that have a scope, so that a
 * learner's page costs none beyond the lookup.
 */
static int load_scopes(struct req *r, bool scoped_analyst)
{
    struct user_ctx *u = r->user;
    int rc;

    if (u->is_admin)
        u->reads_all = true;
    if (u->is_manager && !u->is_admin &&
        (rc = load_ids(r, scope_centres_sql, &u->scope_centres, &u->nscope_centres)) < 0)
        return rc;
    if (u->reads_all || (!u->is_manager && !scoped_analyst))
        return 0;
    if (!scoped_analyst) { /* a manager alone reads what they manage */
        u->read_centres = u->scope_centres;
        u->nread_centres = u->nscope_centres;
        return 0;
    }
    return load_ids(r, read_centres_sql, &u->read_centres, &u->nread_centres);
}

/*
 * Run a user lookup (session or token), which also reads the roles, and fill
 * r->user from its rows.
 */
static int load_user(struct req *r, const char *sql, const char *key, const char *now)
{
    struct db_stmt *st;
    bool scoped_analyst = false;
    size_t nregions_cap = 0, nread_regions_cap = 0;
    int rc = now ? db_query(r->db, &st, sql, DB_ARGS(DB_TEXT(key), DB_TEXT(now)))
                 : db_query(r->db, &st, sql, DB_ARGS(DB_TEXT(key)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (!r->user) {
            struct user_ctx *u = ARENA_NEW(&r->arena, struct user_ctx);
            u->id = db_col_int(st, 0);
            u->email = arena_strdup(&r->arena, db_col_text(st, 1));
            u->full_name = arena_strdup(&r->arena, db_col_text(st, 2));
            u->language = arena_strdup(&r->arena, db_col_text(st, 3));
            r->user = u;
        }
        add_role(r, st, &scoped_analyst, &nregions_cap, &nread_regions_cap);
    }
    db_done(st);
    if (rc < 0) {
        r->user = NULL;
        return rc;
    }
    return r->user ? load_scopes(r, scoped_analyst) : 0;
}

int accounts_authenticate(struct req *r)
{
    char key[ACCOUNTS_DIGEST_HEX], now[TIME_ISO_LEN];
    int rc;

    r->user = NULL;
    if (r->is_api) {
        const char *auth = http_header(r, "Authorization");
        if (!auth)
            return 0;
        if (strncasecmp(auth, "Bearer ", 7) || !auth[7])
            return DARS_EAUTH;
        accounts_digest(auth + 7, key);
        rc = load_user(r, token_user_sql, key, NULL);
        if (rc < 0)
            return rc;
        return r->user ? 0 : DARS_EAUTH;
    }

    const char *sid = http_cookie(r, SESSION_COOKIE);
    if (!cookie_shape_ok(sid)) {
        new_anonymous(r);
        return 0;
    }
    r->session_id = arena_strdup(&r->arena, sid);
    r->csrf = csrf_for(r, r->session_id);
    accounts_digest(sid, key);
    time_now_iso(now);
    rc = load_user(r, session_user_sql, key, now);
    if (rc < 0)
        return rc;
    if (r->user)
        r->session_key = arena_strdup(&r->arena, key);
    return 0;
}

int accounts_session_start(struct req *r, int64_t user_id)
{
    char key[ACCOUNTS_DIGEST_HEX], now[TIME_ISO_LEN], expires[TIME_ISO_LEN];
    int rc;

    /* a new id at every sign-in, so a planted cookie never becomes a session */
    if (r->session_key && (rc = db_exec(r->db, session_delete_sql,
                                        DB_ARGS(DB_TEXT(r->session_key)))) < 0)
        return rc;
    r->session_id = accounts_random_token(&r->arena, 32);
    accounts_digest(r->session_id, key);
    time_now_iso(now);
    time_iso_offset(expires, SESSION_SECONDS);
    rc = db_exec(r->db, session_insert_sql,
                 DB_ARGS(DB_TEXT(key), DB_INT(user_id), DB_TEXT(r->ip), DB_TEXT(now), DB_TEXT(now),
                         DB_TEXT(expires)));
    if (rc < 0)
        return rc;
    /* sessions expired long ago are cleaned as people sign in */
    if ((rc = db_exec(r->db, session_purge_sql, DB_ARGS(DB_TEXT(now)))) < 0)
        return rc;
    r->session_key = arena_strdup(&r->arena, key);
    r->csrf = csrf_for(r, r->session_id);
    http_set_cookie(r, SESSION_COOKIE, r->session_id, -1);
    return 0;
}

int accounts_session_end(struct req *r)
{
    int rc = 0;
    if (r->session_key)
        rc = db_exec(r->db, session_delete_sql, DB_ARGS(DB_TEXT(r->session_key)));
    r->user = NULL;
    new_anonymous(r);
    return rc;
}

bool accounts_can_manage_centre(const struct req *r, int64_t centre_id)
{
    return http_user_manages_centre(r, centre_id);
}

bool accounts_can_manage_region(const struct req *r, int64_t region_id)
{
    if (!r->user)
        return false;
    return r->user->is_admin ||
           ids_has(r->user->scope_regions, r->user->nscope_regions, region_id);
}

bool accounts_reads_reports(const struct req *r)
{
    return r->user && (r->user->is_admin || r->user->is_manager || r->user->is_analyst);
}

bool accounts_reads_region(const struct req *r, int64_t region_id)
{
    if (!r->user)
        return false;
    return r->user->reads_all ||
           ids_has(r->user->read_regions, r->user->nread_regions, region_id);
}

bool accounts_can_read_centre(const struct req *r, int64_t centre_id)
{
    if (!r->user)
        return false;
    return r->user->reads_all ||
           ids_sorted_has(r->user->read_centres, r->user->nread_centres, centre_id);
}

struct actor accounts_actor(const struct req *r)
{
    return audit_actor(r);
}

int accounts_user_set_language(struct req *r, const char *lang)
{
    char now[TIME_ISO_LEN];
    int rc;
    struct actor who = accounts_actor(r);
    json_t *changes = json_object();

    if (!r->user)
        return 0;
    time_now_iso(now);
    audit_diff(changes, "language", r->user->language, lang);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = db_exec(r->db, user_set_language_sql,
                      DB_ARGS(DB_TEXT(lang), DB_TEXT(now), DB_INT(r->user->id)))) < 0 ||
        (rc = audit_record_id(r->db, &who, "user.update", "user",
                           r->user->id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    rc = db_tx_commit(r->db);
    if (rc == 0)
        r->user->language = arena_strdup(&r->arena, lang);
out:
    json_decref(changes);
    return rc;
}

int accounts_token_create(struct db *db, const char *email, const char *label, char **token,
                          char **status)
{
    struct arena a = ARENA_INIT;
    char key[ACCOUNTS_DIGEST_HEX], now[TIME_ISO_LEN];
    int64_t changes = 0;
    int rc;

    *token = NULL;
    if (status)
        *status = NULL;
    const char *email_key = utf8_fold(&a, email);
    char *t = arena_printf(&a, "dars_%s", accounts_random_token(&a, 32));
    accounts_digest(t, key);
    time_now_iso(now);
    if ((rc = db_tx_begin(db)) < 0)
        goto out;
    /* a token of someone who is not active would answer 401: refuse to print one */
    struct db_stmt *st;
    if ((rc = db_query_row(db, &st, login_user_sql, DB_ARGS(DB_TEXT(email_key ? email_key : "")))) ==
        0) {
        if (status)
            *status = xstrdup(db_col_text(st, 2));
        rc = streq(db_col_text(st, 2), "active") ? 0 : DARS_ECONFLICT;
        db_done(st);
    }
    if (rc == 0)
        rc = db_exec_changes(db, token_insert_sql,
                         DB_ARGS(DB_TEXT(key), DB_TEXT(label ? label : ""), DB_TEXT(now),
                                 DB_TEXT(now), DB_TEXT(email_key ? email_key : "")),
                         &changes);
    if (rc == 0 && changes == 0)
        rc = DARS_ENOTFOUND;
    if (rc == 0) {
        struct actor who = { 0, "cli", "" };
        json_t *c = json_pack("{s:{s:s}}", "label", "after", label ? label : "");
        rc = audit_record(db, &who, "token.create", "user", email_key, c);
        json_decref(c);
    }
    if (rc < 0) {
        db_tx_rollback(db);
        goto out;
    }
    if ((rc = db_tx_commit(db)) < 0)
        goto out;
    *token = xstrdup(t);
out:
    arena_release(&a);
    return rc;
}

int accounts_password_hash(const char *password, char out[ACCOUNTS_HASH_LEN])
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        return DARS_ERR;
    return 0;
}

const char *accounts_password_problem(const char *password)
{
    if (!password || utf8_len(password) < 10)
        return N_("Use at least 10 characters");
    if (strlen(password) > 256)
        return N_("Use at most 256 characters");
    return NULL;
}
