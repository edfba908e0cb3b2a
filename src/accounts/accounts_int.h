/* What the files of src/accounts share: SQL texts and internal helpers. */
#ifndef DARS_ACCOUNTS_ACCOUNTS_INT_H
#define DARS_ACCOUNTS_ACCOUNTS_INT_H

#include "accounts/accounts.h"

/* session_sql.c */
extern const char session_user_sql[];
extern const char session_insert_sql[];
extern const char session_delete_sql[];
extern const char session_purge_sql[];
extern const char token_user_sql[];
extern const char token_insert_sql[];
extern const char roles_of_user_sql[];
extern const char scope_centres_sql[];
extern const char settings_get_sql[];
extern const char settings_put_sql[];
extern const char login_user_sql[];
extern const char login_failures_count_sql[];
extern const char login_failure_insert_sql[];
extern const char login_failures_clear_sql[];
extern const char user_set_language_sql[];

/* 64 hex digits of SHA-256: how session ids and tokens are stored */
#define ACCOUNTS_DIGEST_HEX 65
void accounts_digest(const char *secret, char out[ACCOUNTS_DIGEST_HEX] /* OUT */);
/* n random bytes as URL-safe base64 (no padding), from the arena */
char *accounts_random_token(struct arena *a, size_t n);

/* Start a signed-in session for user_id: rotates the cookie, stores its digest. */
int accounts_session_start(struct req *r, int64_t user_id);
/* End the current session: deletes the row, issues a fresh anonymous cookie. */
int accounts_session_end(struct req *r);

/* a hash checked when the e-mail is unknown, so both cases take as long */
extern char accounts_dummy_hash[ACCOUNTS_HASH_LEN];

/* login.c: handlers */
int home_page(struct req *r);
int login_page(struct req *r);
int login_submit(struct req *r);
int logout_submit(struct req *r);

/* Load the server secret (creating it on first run); call once per process. */
int accounts_init(struct db *db);

#endif
