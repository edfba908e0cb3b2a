/*
 * dars projects report [--day YYYY-MM-DD]: send the donor projects' monthly
 * reports due on the day (today, UTC, by default) now rather than at the
 * server's next hourly round; what went already does not go again.
 */
#include "core/base.h"
#include "cli/cli.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "projects/projects.h"

int cli_projects(int argc, char **argv)
{
    struct db *db = NULL;
    char now[TIME_ISO_LEN], today[11], *err = NULL;
    int bad = 0, report_day, rc;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    const char *day = cli_take(&argc, argv, "--day", &bad);
    if (bad || argc != 2 || !streq(argv[1], "report"))
        return cli_usage("projects");
    if (config_report_day(&report_day, &err) < 0) {
        fprintf(stderr, "dars: %s\n", err);
        free(err);
        return 2;
    }
    if (!day) {
        time_now_iso(now);
        snprintf(today, sizeof(today), "%.10s", now);
        day = today;
    } else if (!time_shaped(day, "9999-99-99")) { /* projects_monthly_due checks it is a real day */
        fprintf(stderr, "dars: --day must be a date YYYY-MM-DD, not '%s'\n", day);
        return 2;
    }
    /* the e-mails are written in each project's language */
    if (i18n_init() < 0) {
        fprintf(stderr, "dars: cannot load the translations\n");
        return 1;
    }
    if ((rc = cli_open_db(&db)) != 0) {
        i18n_shutdown();
        return rc;
    }
    rc = projects_monthly_due(db, day);
    if (rc == DARS_EINVALID)
        fprintf(stderr, "dars: --day must be a date YYYY-MM-DD, not '%s'\n", day);
    else if (rc < 0)
        fprintf(stderr, "dars: cannot send the monthly reports: %s\n", db_errmsg(db));
    else
        printf("%d monthly report%s queued\n", rc, rc == 1 ? "" : "s");
    db_close(db);
    i18n_shutdown();
    return rc == DARS_EINVALID ? 2 : rc < 0 ? 1 : 0;
}
