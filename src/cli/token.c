/* dars token create: a new API token for a user, printed once. */
#include "core/base.h"
#include "cli/cli.h"
#include "accounts/accounts.h"
#include "db/db.h"

int cli_token(int argc, char **argv)
{
    int bad = 0, rc;
    struct db *db = NULL;
    char *token = NULL, *status = NULL;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc < 2 || !streq(argv[1], "create"))
        return cli_usage("token");
    const char *email = cli_take(&argc, argv, "--email", &bad);
    const char *label = cli_take(&argc, argv, "--label", &bad);
    if (bad || !email || argc > 2) {
        if (!bad && !email)
            fprintf(stderr, "dars: token create needs --email\n");
        return cli_usage("token");
    }
    if ((rc = cli_open_db(&db)) != 0)
        return rc;
    rc = accounts_token_create(db, email, label, &token, &status);
    if (rc == DARS_ENOTFOUND)
        fprintf(stderr, "dars: no user with e-mail '%s'\n", email);
    else if (rc == DARS_ECONFLICT)
        fprintf(stderr, "dars: '%s' is %s, not active: a token would not work until the "
                        "account is active\n", email, status ? status : "not active");
    else if (rc < 0)
        fprintf(stderr, "dars: cannot create token: %s\n", db_errmsg(db));
    else
        printf("%s\n", token);
    free(token);
    free(status);
    db_close(db);
    return rc == 0 ? 0 : 1;
}
