/* Layered configuration with libinih; see config.h for the order. */
#include "core/base.h"
#include "core/config.h"
#include "core/xalloc.h"

#include <ini.h>

struct config config;

static const struct setting {
    const char *section, *key, *env, *def;
    size_t offset;
} settings[] = {
    { "database", "url", "DARS_DB", "sqlite:dars.db", offsetof(struct config, db_url) },
    { "server", "listen", "DARS_LISTEN", "127.0.0.1:8080", offsetof(struct config, listen) },
    { "server", "threads", "DARS_THREADS", "4", offsetof(struct config, threads) },
    { "server", "assets", "DARS_ASSETS", NULL, offsetof(struct config, assets_dir) },
    { "server", "secure_cookies", "DARS_SECURE_COOKIES", "0",
      offsetof(struct config, secure_cookies) },
    { "server", "trusted_proxies", "DARS_TRUSTED_PROXIES", NULL,
      offsetof(struct config, trusted_proxies) },
    { "server", "public_url", "DARS_PUBLIC_URL", NULL, offsetof(struct config, public_url) },
    { "smtp", "url", "DARS_SMTP_URL", NULL, offsetof(struct config, smtp_url) },
    { "smtp", "user", "DARS_SMTP_USER", NULL, offsetof(struct config, smtp_user) },
    { "smtp", "password", "DARS_SMTP_PASSWORD", NULL, offsetof(struct config, smtp_password) },
    { "smtp", "from", "DARS_SMTP_FROM", NULL, offsetof(struct config, smtp_from) },
    { "limits", "form_bytes", "DARS_FORM_BYTES", "1048576", offsetof(struct config, form_bytes) },
    { "limits", "upload_bytes", "DARS_UPLOAD_BYTES", "33554432",
      offsetof(struct config, upload_bytes) },
    { "limits", "request_timeout", "DARS_REQUEST_TIMEOUT", "30",
      offsetof(struct config, request_timeout) },
    { "limits", "login_failures", "DARS_LOGIN_FAILURES", "5",
      offsetof(struct config, login_failures) },
    { "limits", "login_address_failures", "DARS_LOGIN_ADDRESS_FAILURES", "30",
      offsetof(struct config, login_address_failures) },
    { "limits", "public_posts", "DARS_PUBLIC_POSTS", "20", offsetof(struct config, public_posts) },
    { "limits", "verify_lookups", "DARS_VERIFY_LOOKUPS", "300",
      offsetof(struct config, verify_lookups) },
    { "limits", "mails_per_address", "DARS_MAILS_PER_ADDRESS", "5",
      offsetof(struct config, mails_per_address) },
    { "projects", "report_day", "DARS_REPORT_DAY", "1", offsetof(struct config, report_day) },
    { "mentoring", "developed_hours", "DARS_MENTORING_DEVELOPED_HOURS", "20",
      offsetof(struct config, mentoring_developed_hours) },
    { "opendata", "k", "DARS_OPENDATA_K", "5", offsetof(struct config, opendata_k) },
    { "opendata", "round", "DARS_OPENDATA_ROUND", "0", offsetof(struct config, opendata_round) },
    { "opendata", "publisher", "DARS_OPENDATA_PUBLISHER", "Dars",
      offsetof(struct config, opendata_publisher) },
    { "opendata", "contact_email", "DARS_OPENDATA_CONTACT_EMAIL", NULL,
      offsetof(struct config, opendata_contact_email) },
    { "opendata", "contact_url", "DARS_OPENDATA_CONTACT_URL", NULL,
      offsetof(struct config, opendata_contact_url) },
    { "opendata", "spatial", "DARS_OPENDATA_SPATIAL", NULL,
      offsetof(struct config, opendata_spatial) },
};

static char **field_of(const struct setting *s)
{
    return (char **)((char *)&config + s->offset);
}

void config_set(char **field, const char *value)
{
    free(*field);
    *field = value ? xstrdup(value) : NULL;
}

static int on_ini(void *user, const char *section, const char *name, const char *value)
{
    UNUSED(user);
    for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
        if (streq(settings[i].section, section) && streq(settings[i].key, name)) {
            config_set(field_of(&settings[i]), value);
            return 1;
        }
    }
    return 1; /* unknown keys are ignored, so newer files work with older binaries */
}

int config_load(const char *path, char **err)
{
    *err = NULL;
    config_release();
    for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
        config_set(field_of(&settings[i]), settings[i].def);
    if (path) {
        int line = ini_parse(path, on_ini, NULL);
        if (line != 0) {
            size_t n = strlen(path) + 64;
            *err = xmalloc(n);
            if (line < 0)
                snprintf(*err, n, "cannot read config '%s'", path);
            else
                snprintf(*err, n, "%s:%d: malformed line", path, line);
            return DARS_EINVALID;
        }
    }
    for (size_t i = 0; i < ARRAY_SIZE(settings); i++) {
        const char *v = getenv(settings[i].env);
        if (v && *v)
            config_set(field_of(&settings[i]), v);
    }
    return 0;
}

void config_release(void)
{
    for (size_t i = 0; i < ARRAY_SIZE(settings); i++)
        config_set(field_of(&settings[i]), NULL);
}

int config_report_day(int *day, char **err)
{
    const char *v = config.report_day ? config.report_day : "";
    char *end;
    long n = strtol(v, &end, 10);

    *err = NULL;
    if (!*v || *end || n < 1 || n > 28) {
        size_t len = strlen(v) + 80;
        *err = xmalloc(len);
        snprintf(*err, len, "[projects] report_day must be a day of the month from 1 to 28, not '%s'",
                 v);
        return DARS_EINVALID;
    }
    *day = (int)n;
    return 0;
}
