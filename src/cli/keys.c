/*
 * dars keys rotate: a new key signs Open Badges credentials from now on; the
 * old one stays published at /.well-known/jwks.json (certs.h).
 */
#include "core/base.h"
#include "cli/cli.h"
#include "audit/audit.h"
#include "certs/certs.h"
#include "core/arena.h"
#include "db/db.h"

int cli_keys(int argc, char **argv)
{
    struct db *db = NULL;
    struct arena a = ARENA_INIT;
    struct actor who = { 0, "cli", "" };
    const char *kid = NULL;
    int rc;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc != 2 || !streq(argv[1], "rotate"))
        return cli_usage("keys");
    if ((rc = cli_open_db(&db)) != 0)
        return rc;
    rc = certs_keys_rotate(db, &a, &who, &kid);
    if (rc < 0)
        fprintf(stderr, "dars: cannot rotate the signing key: %s\n", db_errmsg(db));
    else
        printf("%s\n", kid);
    arena_release(&a);
    db_close(db);
    return rc == 0 ? 0 : 1;
}
