/* dars reports rebuild | verify: the summary tables of reports, for operators and tests. */
#include "core/base.h"
#include "cli/cli.h"
#include "db/db.h"
#include "reports/reports.h"

int cli_reports(int argc, char **argv)
{
    struct db *db = NULL;
    int rc;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc != 2 || (!streq(argv[1], "rebuild") && !streq(argv[1], "verify")))
        return cli_usage("reports");
    if ((rc = cli_open_db(&db)) != 0)
        return rc;
    if (streq(argv[1], "rebuild")) {
        rc = reports_rebuild(db, true);
        if (rc < 0)
            fprintf(stderr, "dars: cannot rebuild the summary of reports: %s\n", db_errmsg(db));
        else
            printf("the summary of reports is counted again from the records\n");
    } else {
        rc = reports_verify(db, stdout);
        if (rc < 0)
            fprintf(stderr, "dars: cannot verify the summary of reports: %s\n", db_errmsg(db));
    }
    db_close(db);
    return rc == 0 ? 0 : 1;
}
