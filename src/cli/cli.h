/*
 * The command line: `dars COMMAND [options]`. main.c looks the command up in
 * cli_commands[] and runs it. Exit codes: 0 ok, 1 runtime failure, 2 usage
 * error; errors are one readable line on stderr.
 *
 * To add a subcommand: write src/cli/NAME.c with `int cli_NAME(int argc, char **argv)`,
 * declare it here and add a row to cli_commands[] in cli.c.
 */
#ifndef DARS_CLI_CLI_H
#define DARS_CLI_CLI_H

struct buf;
struct db;

struct cli_command {
    const char *name;
    int (*fn)(int argc, char **argv); /* argv[0] is the command name; returns the exit code */
    const char *usage;
};

extern const struct cli_command cli_commands[];

/*
 * Options every subcommand takes: --db URL, --config FILE. cli_common()
 * consumes them from argv (compacting it, updating *argc) and loads the
 * configuration; returns 0, or 2 after printing the error.
 */
int cli_common(int *argc, char **argv);
/* Take "--name VALUE" or "--name=VALUE" out of argv; NULL when absent. *bad set when
 * the option is given without a value. */
const char *cli_take(int *argc, char **argv, const char *name, int *bad);
/* Take a flag "--name"; true when present. */
bool cli_flag(int *argc, char **argv, const char *name);
/*
 * Open config.db_url, migrate it, prepare accounts and bring the summary of
 * reports up to date; prints the error and returns 1.
 */
int cli_open_db(struct db **out /* OUT */);
/* Print "dars: usage: ..." for a command and return 2. */
int cli_usage(const char *command);
/* Read a whole file into b; prints the error and returns DARS_ERR. */
int cli_read_file(const char *path, struct buf *b);

/*
 * The server's hourly thread (hourly.c): each module's hourly work (modules.h)
 * a minute after start and every hour after, on its own connection to
 * db_url (kept, not copied: it must outlive the thread). Returns 0, or
 * DARS_ERR when the thread cannot start; cli_hourly_stop() asks it to finish
 * (after the round under way) and joins it.
 */
int cli_hourly_start(const char *db_url);
void cli_hourly_stop(void);
/* Run a round now (http/hooks.h's background wake: work a page queued, such as publishing). */
void cli_hourly_wake(void);

int cli_serve(int argc, char **argv);
int cli_migrate(int argc, char **argv);
int cli_demo(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_reports(int argc, char **argv);
int cli_keys(int argc, char **argv);
int cli_projects(int argc, char **argv);
int cli_opendata(int argc, char **argv);

#endif
