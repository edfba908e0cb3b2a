/* dars serve: start the HTTP server. */
#include "core/base.h"
#include "cli/cli.h"
#include "core/config.h"
#include "db/db.h"
#include "http/hooks.h"
#include "http/limits.h"
#include "http/server.h"
#include "http/static.h"
#include "mail/mail.h"
#include "core/i18n.h"
#include "view/view.h"

int cli_serve(int argc, char **argv)
{
    int bad = 0, rc;
    struct db *db = NULL;
    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    const char *listen = cli_take(&argc, argv, "--listen", &bad);
    const char *threads = cli_take(&argc, argv, "--threads", &bad);
    const char *assets = cli_take(&argc, argv, "--assets", &bad);
    if (bad || argc > 1) {
        if (argc > 1)
            fprintf(stderr, "dars: unknown option '%s'\n", argv[1]);
        return cli_usage("serve");
    }
    if (listen)
        config_set(&config.listen, listen);
    if (threads)
        config_set(&config.threads, threads);
    if (assets)
        config_set(&config.assets_dir, assets);
    char *end;
    long n = strtol(config.threads, &end, 10);
    if (*end || n < 1 || n > 64) {
        fprintf(stderr, "dars: threads must be a number from 1 to 64, not '%s'\n", config.threads);
        return 2;
    }
    char *err = NULL;
    int report_day;
    if (http_limits_load(&err) < 0 || config_report_day(&report_day, &err) < 0) {
        fprintf(stderr, "dars: %s\n", err);
        free(err);
        return 2;
    }
    /* migrate and load the secret once, before any worker opens its own connection */
    if ((rc = cli_open_db(&db)) != 0)
        return rc;
    db_close(db);
    if (i18n_init() < 0 || view_init() < 0) {
        fprintf(stderr, "dars: cannot load templates or translations\n");
        return 1;
    }
    static_init();
    struct server_opts opts = { config.listen, (int)n, config.db_url };
    /* the outbox's sender runs beside the server (nothing without [smtp] url) */
    if (mail_start(&config) < 0) {
        view_shutdown();
        i18n_shutdown();
        return 1;
    }
    /* and the hourly work of the modules (donor projects' monthly reports) */
    if (cli_hourly_start(config.db_url) < 0) {
        mail_stop();
        view_shutdown();
        i18n_shutdown();
        return 1;
    }
    /* pages that queue long work (open data's Publish now) wake that thread */
    http_set_background_wake(cli_hourly_wake);
    rc = server_run(&opts);
    http_set_background_wake(NULL);
    cli_hourly_stop();
    mail_stop();
    view_shutdown();
    i18n_shutdown();
    return rc == 0 ? 0 : rc == DARS_EINVALID ? 2 : 1;
}
