/* dars user: placeholder until user add/import land. */
#include "core/base.h"
#include "cli/cli.h"

int cli_user(int argc, char **argv)
{
    UNUSED(argc), UNUSED(argv);
    fprintf(stderr, "dars: user is not built yet\n");
    return 1;
}
