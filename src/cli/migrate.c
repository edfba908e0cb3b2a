/* dars migrate: bring the database schema up to date. */
#include "core/base.h"
#include "cli/cli.h"
#include "core/config.h"
#include "db/db.h"
#include "db/migrate.h"
#include "catalog/catalog.h"
#include "reports/reports.h"

int cli_migrate(int argc, char **argv)
{
    int rc, applied = 0;
    char *err = NULL;
    struct db *db = NULL;
    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc > 1) {
        fprintf(stderr, "dars: unknown option '%s'\n", argv[1]);
        return cli_usage("migrate");
    }
    if ((rc = db_open(config.db_url, &db, &err)) < 0) {
        fprintf(stderr, "dars: %s\n", err ? err : "cannot open the database");
        free(err);
        return rc == DARS_EINVALID ? 2 : 1;
    }
    rc = db_migrate(db, &applied);
    if (rc < 0)
        fprintf(stderr, "dars: migration failed: %s\n", db_errmsg(db));
    else
        printf("%d migration%s applied\n", applied, applied == 1 ? "" : "s");
    /*
     * A migration may leave derived data to fill (lessons' HTML, everyone
     * marked for the summary of reports): fill it now rather than at start.
     */
    if (rc >= 0 && (rc = catalog_lessons_render(db)) < 0)
        fprintf(stderr, "dars: cannot render the lessons' text: %s\n", db_errmsg(db));
    reports_init();
    if (rc >= 0 && (rc = reports_catch_up(db, true)) < 0)
        fprintf(stderr, "dars: cannot count the summary of reports: %s\n", db_errmsg(db));
    db_close(db);
    return rc < 0 ? 1 : 0;
}
