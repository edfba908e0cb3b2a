/*
 * The certificate as an Open Badges 3.0 OpenBadgeCredential (the VC data
 * model 2.0 and OB 3.0 contexts), signed as a compact JWS with RS256, and
 * the keys that sign: RSA 2048, made on first use and kept in
 * certificate_keys; `dars keys rotate` retires the signing key and makes a
 * new one, and /.well-known/jwks.json keeps publishing the old ones so that
 * credentials already handed out still verify.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/time.h"
#include "db/db.h"

#include <jansson.h>
#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <sodium.h>
#include <string.h>

/* the lock space of "the signing key" (db_tx_lock): two first uses make one key */
#define CERT_KEY_LOCK 0x43455254u

static const char *b64url(struct arena *a, const unsigned char *p, size_t n)
{
    size_t cap = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    char *out = arena_alloc(a, cap);
    return sodium_bin2base64(out, cap, p, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

/* A BIGNUM parameter of key (n, e) as unpadded base64url, big-endian. */
static const char *key_param(struct arena *a, EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = NULL;
    const char *out = NULL;
    if (EVP_PKEY_get_bn_param(key, name, &bn) == 1) {
        int n = BN_num_bytes(bn);
        unsigned char *bytes = arena_alloc(a, (size_t)n + 1);
        BN_bn2bin(bn, bytes);
        out = b64url(a, bytes, (size_t)n);
    }
    BN_free(bn);
    return out;
}

static EVP_PKEY *key_read(const char *pem, bool private_key)
{
    BIO *bio = BIO_new_mem_buf(pem, -1);
    EVP_PKEY *k = private_key ? PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL)
                              : PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
    BIO_free(bio);
    return k;
}

static char *pem_of(struct arena *a, EVP_PKEY *k, bool private_key)
{
    BIO *bio = BIO_new(BIO_s_mem());
    char *data, *out = NULL;
    int ok = private_key ? PEM_write_bio_PrivateKey(bio, k, NULL, NULL, 0, NULL, NULL)
                         : PEM_write_bio_PUBKEY(bio, k);
    long n = BIO_get_mem_data(bio, &data);
    if (ok == 1 && n > 0)
        out = arena_strndup(a, data, (size_t)n);
    BIO_free(bio);
    return out;
}

/* The key's RFC 7638 thumbprint (SHA-256 of its canonical JWK), its kid. */
static const char *thumbprint(struct arena *a, EVP_PKEY *k)
{
    const char *n = key_param(a, k, OSSL_PKEY_PARAM_RSA_N),
               *e = key_param(a, k, OSSL_PKEY_PARAM_RSA_E);
    if (!n || !e)
        return NULL;
    const char *jwk = arena_printf(a, "{\"e\":\"%s\",\"kty\":\"RSA\",\"n\":\"%s\"}", e, n);
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, (const unsigned char *)jwk, strlen(jwk));
    return b64url(a, h, sizeof(h));
}

/* Make a key and keep it, in the caller's transaction; *kid gets its id. */
static int key_make(struct db *db, struct arena *a, const char **kid)
{
    char now[TIME_ISO_LEN];
    int rc = DARS_ERR;
    EVP_PKEY *k = EVP_RSA_gen(2048);
    const char *priv, *pub;
    if (!k || !(priv = pem_of(a, k, true)) || !(pub = pem_of(a, k, false)) ||
        !(*kid = thumbprint(a, k))) {
        log_error("certs: cannot make a signing key");
        goto out;
    }
    time_now_iso(now);
    rc = db_exec(db, cert_key_insert_sql,
                 DB_ARGS(DB_TEXT(*kid), DB_TEXT(priv), DB_TEXT(pub), DB_TEXT(now), DB_TEXT(now)));
out:
    EVP_PKEY_free(k);
    return rc;
}

/* The signing key (the newest live one), made when there is none. */
static int signing_key(struct db *db, struct arena *a, const char **kid, const char **pem)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, cert_key_signing_sql, DB_NOARGS);
    if (rc == 0) {
        *kid = arena_strdup(a, db_col_text(st, 0));
        *pem = arena_strdup(a, db_col_text(st, 1));
        db_done(st);
        return 0;
    }
    if (rc != DARS_ENOTFOUND)
        return rc;
    /* the first credential ever: make the key, once, also when two ask at once */
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    if ((rc = db_tx_lock(db, CERT_KEY_LOCK, 1)) == 0 &&
        (rc = db_query_row(db, &st, cert_key_signing_sql, DB_NOARGS)) == 0) {
        *kid = arena_strdup(a, db_col_text(st, 0));
        *pem = arena_strdup(a, db_col_text(st, 1));
        db_done(st);
        return db_tx_end(db, 0);
    }
    if (rc == DARS_ENOTFOUND && (rc = key_make(db, a, kid)) == 0)
        rc = db_query_row(db, &st, cert_key_signing_sql, DB_NOARGS);
    if (rc == 0) {
        *pem = arena_strdup(a, db_col_text(st, 1));
        db_done(st);
    }
    return db_tx_end(db, rc);
}

int certs_keys_rotate(struct db *db, struct arena *a, const struct actor *who,
                      const char **kid)
{
    char now[TIME_ISO_LEN];
    int rc;
    time_now_iso(now);
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    if ((rc = db_tx_lock(db, CERT_KEY_LOCK, 1)) == 0 &&
        (rc = db_exec(db, cert_key_retire_sql, DB_ARGS(DB_TEXT(now), DB_TEXT(now)))) == 0 &&
        (rc = key_make(db, a, kid)) == 0)
        rc = audit_record(db, who, "certificate_key.rotate", "certificate_key", *kid, NULL);
    return db_tx_end(db, rc);
}

int certs_jwks(struct db *db, struct arena *a, json_t **out)
{
    struct db_stmt *st;
    json_t *keys = json_array();
    int rc = db_query(db, &st, cert_key_all_sql, DB_NOARGS);
    while (rc >= 0 && (rc = db_step(st)) == DB_ROW) {
        EVP_PKEY *k = key_read(db_col_text(st, 1), false);
        const char *n = k ? key_param(a, k, OSSL_PKEY_PARAM_RSA_N) : NULL,
                   *e = k ? key_param(a, k, OSSL_PKEY_PARAM_RSA_E) : NULL;
        if (n && e)
            json_array_append_new(keys, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "kty", "RSA",
                                                  "use", "sig", "alg", "RS256", "kid",
                                                  db_col_text(st, 0), "n", n, "e", e));
        EVP_PKEY_free(k);
    }
    db_done(st);
    if (rc < 0) {
        json_decref(keys);
        return rc;
    }
    *out = json_pack("{s:o}", "keys", keys);
    return 0;
}

/*
 * The credential. The holder is named (the verify page shows the name to
 * anyone with the code anyway) and their e-mail given only as a salted hash,
 * as OB 3.0's IdentityObject allows: a verifier who knows the address can
 * check it, nobody can read it.
 */
static json_t *credential(struct arena *a, const struct cert *c, const char *site)
{
    const char *verify = cert_verify_url(a, site, c->code);
    const char *achievement_id =
        c->course ? arena_printf(a, "%s/courses/%s", site, c->course)
                  : arena_printf(a, "%s/programmes/%s", site, c->programme);
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof(h) + 1];
    const char *salted = arena_printf(a, "%s%s", c->email ? c->email : "", c->code);
    crypto_hash_sha256(h, (const unsigned char *)salted, strlen(salted));
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    const char *criteria =
        c->course ? arena_printf(a, "Completed the course \"%s\".", c->title)
                  : arena_printf(a, "Completed every course of the programme \"%s\".", c->title);
    json_t *achievement = json_pack(
        "{s:s, s:[s], s:s, s:s, s:{s:s}}", "id", achievement_id, "type", "Achievement", "name",
        c->title, "description",
        c->has_hours ? arena_printf(a, "%s (%g hours of training)", c->title, c->hours)
                     : c->title,
        "criteria", "narrative", criteria);
    json_t *subject = json_pack(
        "{s:[s], s:[{s:s, s:s, s:s, s:b}, {s:s, s:s, s:s, s:b, s:s}], s:o}", "type",
        "AchievementSubject", "identifier", "type", "IdentityObject", "identityType", "name",
        "identityHash", c->holder, "hashed", false, "type", "IdentityObject", "identityType",
        "emailAddress", "identityHash", arena_printf(a, "sha256$%s", hex), "hashed", true,
        "salt", c->code, "achievement", achievement);
    json_t *vc = json_pack(
        "{s:[s, s], s:s, s:[s, s], s:{s:s, s:[s], s:s}, s:s, s:s, s:o}", "@context",
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "id", verify, "type",
        "VerifiableCredential", "OpenBadgeCredential", "issuer", "id", site, "type", "Profile",
        "name", c->centre_name ? c->centre_name : "Dars", "name", c->title, "validFrom",
        c->issued_at, "credentialSubject", subject);
    if (c->expires_at)
        json_object_set_new(vc, "validUntil", json_string(c->expires_at));
    return vc;
}

/* RS256 over "header.payload"; the signature as base64url. */
static const char *sign(struct arena *a, const char *pem, const char *input)
{
    EVP_PKEY *k = key_read(pem, true);
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    const char *out = NULL;
    size_t n = 0;
    if (k && md && EVP_DigestSignInit(md, NULL, EVP_sha256(), NULL, k) == 1 &&
        EVP_DigestSign(md, NULL, &n, (const unsigned char *)input, strlen(input)) == 1) {
        unsigned char *sig = arena_alloc(a, n);
        if (EVP_DigestSign(md, sig, &n, (const unsigned char *)input, strlen(input)) == 1)
            out = b64url(a, sig, n);
    }
    EVP_MD_CTX_free(md);
    EVP_PKEY_free(k);
    return out;
}

int cert_badge_jws(struct db *db, struct arena *a, const struct cert *c, const char *base_url,
                   const char **jws)
{
    const char *kid = NULL, *pem = NULL;
    time_t from = 0, until = 0;
    int rc;
    size_t n = strlen(base_url);
    while (n > 0 && base_url[n - 1] == '/')
        n--;
    const char *site = arena_strndup(a, base_url, n);
    if ((rc = signing_key(db, a, &kid, &pem)) < 0)
        return rc;
    if (!kid || !pem)
        return DARS_ERR; /* a committed key is always read back; never reached */
    json_t *vc = credential(a, c, site);
    /*
     * The credential is the payload itself (VC 2.0), with the JWT claims that
     * OB 3.0's VC-JWT verifiers read (iss, sub, jti, nbf, exp) and the
     * credential again under "vc", where those verifiers look for it.
     */
    json_t *claims = json_deep_copy(vc);
    json_object_set(claims, "vc", vc);
    json_object_set_new(claims, "iss", json_string(site));
    json_object_set_new(claims, "jti", json_string(cert_verify_url(a, site, c->code)));
    json_object_set_new(claims, "sub", json_string(arena_printf(a, "%s#holder",
                                                                cert_verify_url(a, site, c->code))));
    if (time_from_iso(c->issued_at, &from) == 0)
        json_object_set_new(claims, "nbf", json_integer((json_int_t)from));
    if (c->expires_at && time_from_iso(c->expires_at, &until) == 0)
        json_object_set_new(claims, "exp", json_integer((json_int_t)until));
    json_t *header = json_pack("{s:s, s:s, s:s}", "alg", "RS256", "kid", kid, "typ", "JWT");
    char *h = json_dumps(header, JSON_COMPACT), *p = json_dumps(claims, JSON_COMPACT);
    json_decref(header);
    json_decref(claims);
    json_decref(vc);
    if (!h || !p) {
        free(h);
        free(p);
        return DARS_ERR;
    }
    const char *input = arena_printf(a, "%s.%s", b64url(a, (unsigned char *)h, strlen(h)),
                                     b64url(a, (unsigned char *)p, strlen(p)));
    free(h);
    free(p);
    const char *sig = sign(a, pem, input);
    if (!sig) {
        log_error("certs: cannot sign a credential with key %s", kid);
        return DARS_ERR;
    }
    *jws = arena_printf(a, "%s.%s", input, sig);
    return 0;
}
