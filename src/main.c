/* dars: look the subcommand up in cli_commands[] and run it; nothing else. */
#include "core/base.h"
#include "cli/cli.h"
#include "core/config.h"

static int usage(void)
{
    fprintf(stderr, "usage: dars COMMAND [options]\n\ncommands:\n");
    for (const struct cli_command *c = cli_commands; c->name; c++)
        fprintf(stderr, "  %s\n", c->usage);
    return 2;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return usage();
    if (streq(argv[1], "--help") || streq(argv[1], "-h") || streq(argv[1], "help")) {
        usage();
        return 0;
    }
    for (const struct cli_command *c = cli_commands; c->name; c++) {
        if (streq(c->name, argv[1])) {
            int rc = c->fn(argc - 1, argv + 1);
            config_release();
            return rc;
        }
    }
    fprintf(stderr, "dars: unknown command '%s' (see dars --help)\n", argv[1]);
    return 2;
}
