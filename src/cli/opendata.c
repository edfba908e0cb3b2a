/*
 * dars opendata publish: count, protect and publish today's open-data
 * snapshots now rather than at the server's daily run. A running server
 * serves them within a second (it looks for new snapshots that often).
 */
#include "core/base.h"
#include "cli/cli.h"
#include "audit/audit.h"
#include "db/db.h"
#include "opendata/opendata.h"

#include <stdio.h>

int cli_opendata(int argc, char **argv)
{
    static const struct actor cli = { 0, "cli", "" };
    struct db *db = NULL;
    const char *err = NULL;
    int rc;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc != 2 || !streq(argv[1], "publish"))
        return cli_usage("opendata");
    if ((rc = cli_open_db(&db)) != 0)
        return rc;
    rc = opendata_publish(db, &cli, &err);
    if (rc == DARS_EINVALID && err && err[0] == '[')
        fprintf(stderr, "dars: %s\n", err);
    else if (rc < 0)
        fprintf(stderr, "dars: cannot publish open data: %s\n", err ? err : db_errmsg(db));
    else
        printf("open data published\n");
    db_close(db);
    return rc == DARS_EINVALID && err && err[0] == '[' ? 2 : rc < 0 ? 1 : 0;
}
