/*
 * Configuration: built-in defaults, then the INI file (--config FILE), then
 * DARS_* environment variables, then command-line flags; each beats the one
 * before (DESIGN.md section 6). Loaded once at start-up, read-only after.
 *
 *   [server]   listen = 127.0.0.1:8080, threads = 4, assets = DIR, public_url = ...
 *   [database] url = sqlite:dars.db
 *   [smtp]     url, user, password, from    (used by later modules)
 *   [limits]   body sizes, the request timeout, rate limits (http/limits.h)
 *   [projects] report_day = 1    (the day of the month donor projects' reports go out)
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
    /* [limits]: numbers, read and checked once by http_limits_load() */
    char *form_bytes;      /* form_bytes, DARS_FORM_BYTES: forms and JSON bodies */
    char *upload_bytes;    /* upload_bytes, DARS_UPLOAD_BYTES: routes that take files */
    char *request_timeout; /* request_timeout, DARS_REQUEST_TIMEOUT: seconds for a body */
    char *login_failures;  /* login_failures, DARS_LOGIN_FAILURES: per e-mail and address */
    char *login_address_failures; /* login_address_failures, DARS_LOGIN_ADDRESS_FAILURES */
    char *public_posts;    /* public_posts, DARS_PUBLIC_POSTS: per address and hour */
    char *verify_lookups;  /* verify_lookups, DARS_VERIFY_LOOKUPS: certificate checks per
                            * address and hour */
    char *mails_per_address; /* mails_per_address, DARS_MAILS_PER_ADDRESS: per day */
    char *report_day;      /* [projects] report_day, DARS_REPORT_DAY: 1-28, read with
                            * config_report_day() */
    /* [mentoring] developed_hours, DARS_MENTORING_DEVELOPED_HOURS: confirmed hours of
     * mentoring that, with a mentor-training programme completed, make a mentor "developed" */
    char *mentoring_developed_hours;
    /* [opendata]: open data's disclosure control and catalogue (DESIGN.md 6a) */
    char *opendata_k;       /* k, DARS_OPENDATA_K: counts from 1 to k-1 are hidden (default 5) */
    char *opendata_round;   /* round, DARS_OPENDATA_ROUND: rounding base, 0 = none */
    char *opendata_publisher;     /* publisher, DARS_OPENDATA_PUBLISHER: the catalogue's */
    char *opendata_contact_email; /* contact_email, DARS_OPENDATA_CONTACT_EMAIL */
    char *opendata_contact_url;   /* contact_url, DARS_OPENDATA_CONTACT_URL */
    char *opendata_spatial; /* spatial, DARS_OPENDATA_SPATIAL: an IRI of the area covered */
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

/*
 * [projects] report_day as a number: the day of the month (1-28, so that
 * every month has it) on which donor projects' monthly reports go out.
 * DARS_EINVALID with *err set (malloc'd) when it is anything else.
 */
int config_report_day(int *day /* OUT */, char **err /* OUT */);

#endif
