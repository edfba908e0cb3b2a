/*
 * Configuration: built-in defaults, then the INI file (--config FILE), then
 * DARS_* environment variables, then command-line flags; each beats the one
 * before (DESIGN.md section 6). Loaded once at start-up, read-only after.
 *
 *   [server]   listen = 127.0.0.1:8080, threads = 4, assets = DIR, public_url = ...
 *   [database] url = sqlite:dars.db
 *   [smtp]     url, user, password, from    (used by later modules)
 *
 * To add a setting: a field here, a row in config.c's table (section, key,
 * environment variable), and a line in docs/deploy.md.
 */
#ifndef DARS_CORE_CONFIG_H
#define DARS_CORE_CONFIG_H

struct config {
    char *db_url;      /* [database] url, DARS_DB */
    char *listen;      /* [server] listen, DARS_LISTEN */
    char *threads;     /* [server] threads, DARS_THREADS */
    char *assets_dir;  /* [server] assets, DARS_ASSETS: serve assets from disk */
    char *secure_cookies; /* [server] secure_cookies, DARS_SECURE_COOKIES: "1" behind TLS */
    char *trusted_proxies; /* [server] trusted_proxies, DARS_TRUSTED_PROXIES: comma-separated
                              addresses whose X-Forwarded-For names the client */
    char *public_url;  /* [server] public_url, DARS_PUBLIC_URL: "https://dars.gov.example", the
                        * site's address in e-mails and calendar links; else the Host header */
    char *smtp_url;    /* [smtp] url, DARS_SMTP_URL */
    char *smtp_user;   /* [smtp] user, DARS_SMTP_USER */
    char *smtp_password; /* [smtp] password, DARS_SMTP_PASSWORD */
    char *smtp_from;   /* [smtp] from, DARS_SMTP_FROM */
};

/* The process-wide configuration (defaults until config_load runs). */
extern struct config config;

/*
 * Load defaults, the file (if path is not NULL) and the environment. On a
 * missing or malformed file returns DARS_EINVALID with *err set (malloc'd).
 */
int config_load(const char *path, char **err /* OUT */);
/* Set a field from a flag (wins over everything); value is copied. */
void config_set(char **field, const char *value);
void config_release(void);

#endif
