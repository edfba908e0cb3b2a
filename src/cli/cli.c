/* The subcommand table, the options every subcommand shares, and reading a file it names. */
#include "core/base.h"
#include "cli/cli.h"
#include "core/buf.h"
#include "core/config.h"
#include "db/db.h"
#include "db/migrate.h"
#include "modules.h"
#include "reports/reports.h"

#include <errno.h>

const struct cli_command cli_commands[] = {
    { "serve", cli_serve,
      "dars serve [--db URL] [--listen ADDR:PORT] [--threads N] [--assets DIR]" },
    { "migrate", cli_migrate, "dars migrate [--db URL]" },
    { "demo", cli_demo, "dars demo [--db URL] [--scale small|large] [--seed N]" },
    { "user", cli_user,
      "dars user add --email E --name N [--role ROLE[@SCOPE]] [--password-stdin] | "
      "dars user import FILE.csv [--skip-invalid] [--invite] | "
      "dars user invite (--email E | --all-pending)" },
    { "token", cli_token, "dars token create --email E [--label L]" },
    { "import", cli_import, "dars import gift FILE.gift --course CODE" },
    { "reports", cli_reports, "dars reports rebuild | verify" },
    { "projects", cli_projects, "dars projects report [--day YYYY-MM-DD]" },
    { "keys", cli_keys, "dars keys rotate" },
    { "opendata", cli_opendata, "dars opendata publish" },
    { NULL, NULL, NULL },
};

int cli_usage(const char *command)
{
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (streq(c->name, command))
            fprintf(stderr, "usage: %s\n", c->usage);
    return 2;
}

const char *cli_take(int *argc, char **argv, const char *name, int *bad)
{
    size_t n = strlen(name);
    for (int i = 1; i < *argc; i++) {
        const char *a = argv[i], *value = NULL;
        int used = 0;
        if (!strncmp(a, name, n) && a[n] == '=') {
            value = a + n + 1;
            used = 1;
        } else if (streq(a, name)) {
            if (i + 1 >= *argc) {
                *bad = 1;
                fprintf(stderr, "dars: option '%s' needs a value\n", name);
                return NULL;
            }
            value = argv[i + 1];
            used = 2;
        } else {
            continue;
        }
        for (int j = i; j + used <= *argc; j++)
            argv[j] = argv[j + used];
        *argc -= used;
        return value;
    }
    return NULL;
}

bool cli_flag(int *argc, char **argv, const char *name)
{
    for (int i = 1; i < *argc; i++) {
        if (streq(argv[i], name)) {
            for (int j = i; j + 1 <= *argc; j++)
                argv[j] = argv[j + 1];
            (*argc)--;
            return true;
        }
    }
    return false;
}

int cli_common(int *argc, char **argv)
{
    int bad = 0;
    char *err = NULL;
    const char *cfg = cli_take(argc, argv, "--config", &bad);
    const char *db = cli_take(argc, argv, "--db", &bad);
    if (bad)
        return 2;
    if (config_load(cfg, &err) < 0) {
        fprintf(stderr, "dars: %s\n", err);
        free(err);
        return 2;
    }
    if (db)
        config_set(&config.db_url, db);
    return 0;
}

int cli_open_db(struct db **out)
{
    char *err = NULL;
    struct db *db = NULL;
    int rc = db_open(config.db_url, &db, &err);
    if (rc < 0) {
        fprintf(stderr, "dars: %s\n", err ? err : "cannot open the database");
        free(err);
        return rc == DARS_EINVALID ? 2 : 1;
    }
    if (db_migrate(db, NULL) < 0) {
        fprintf(stderr, "dars: cannot migrate the database: %s\n", db_errmsg(db));
        db_close(db);
        return 1;
    }
    if (modules_init(db) < 0) {
        fprintf(stderr, "dars: cannot initialise the modules: %s\n", db_errmsg(db));
        db_close(db);
        return 1;
    }
    if (reports_catch_up(db, true) < 0) {
        fprintf(stderr, "dars: cannot count the summary of reports: %s\n", db_errmsg(db));
        db_close(db);
        return 1;
    }
    *out = db;
    return 0;
}

int cli_read_file(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "rb");
    char chunk[65536];
    size_t n;
    if (!f) {
        fprintf(stderr, "dars: cannot open '%s': %s\n", path, strerror(errno));
        return DARS_ERR;
    }
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        buf_add(b, chunk, n);
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        fprintf(stderr, "dars: cannot read '%s': %s\n", path, strerror(errno));
        return DARS_ERR;
    }
    return 0;
}
