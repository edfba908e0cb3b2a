/*
 * dars user add: create one person (the first administrator, scripted set-up).
 * dars user import: people from a CSV file, all or nothing, or the valid rows
 * with --skip-invalid. Both use the same checks as the admin pages; the
 * import prints one `FILE:LINE: reason` line per problem. --invite, and
 * dars user invite, e-mail pending people an invitation through the outbox.
 */
#include "core/base.h"
#include "cli/cli.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/err.h"
#include "db/db.h"

#include <ctype.h>
#include <sodium.h>

/* The command line's name for each field of struct user_new. */
static const struct {
    const char *field, *option;
} options[] = {
    { "email", "--email" },       { "full_name", "--name" },     { "language", "--language" },
    { "organisation", "--organisation" }, { "position", "--position" }, { "centre", "--centre" },
    { "status", "--status" },     { "roles", "--role" },         { "password", "--password-stdin" },
};

static const char *option_of(const char *field)
{
    for (size_t i = 0; i < ARRAY_SIZE(options); i++)
        if (streq(options[i].field, field))
            return options[i].option;
    return field;
}

/* One line of stdin without its line ending; NULL at end of input. Caller frees. */
static char *read_line(void)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n = getline(&line, &cap, stdin);
    if (n < 0) {
        free(line);
        return NULL;
    }
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
        line[--n] = '\0';
    return line;
}

static int user_add(int argc, char **argv)
{
    int bad = 0, rc, code = 1;
    struct arena a = ARENA_INIT;
    struct db *db = NULL;
    char *password = NULL;
    json_t *errors = json_object();
    const char **roles = arena_zalloc(&a, sizeof(char *) * (size_t)argc);
    size_t nroles = 0;
    const char *role;
    struct actor who = { 0, "cli", "" };
    int64_t id = 0;

    const char *email = cli_take(&argc, argv, "--email", &bad);
    const char *name = cli_take(&argc, argv, "--name", &bad);
    const char *organisation = cli_take(&argc, argv, "--organisation", &bad);
    const char *centre = cli_take(&argc, argv, "--centre", &bad);
    const char *language = cli_take(&argc, argv, "--language", &bad);
    const char *position = cli_take(&argc, argv, "--position", &bad);
    const char *status = cli_take(&argc, argv, "--status", &bad);
    while (!bad && (role = cli_take(&argc, argv, "--role", &bad)))
        roles[nroles++] = role;
    bool pw_stdin = cli_flag(&argc, argv, "--password-stdin");
    if (bad || argc != 2 || !email || !name) {
        if (!bad && argc > 2)
            fprintf(stderr, "dars: unexpected argument '%s'\n", argv[2]);
        else if (!bad)
            fprintf(stderr, "dars: user add needs --email and --name\n");
        code = cli_usage("user");
        goto out;
    }
    if (pw_stdin && !(password = read_line())) {
        fprintf(stderr, "dars: no password on standard input\n");
        code = 2;
        goto out;
    }
    if ((code = cli_open_db(&db)) != 0)
        goto out;

    struct user_new u = {
        .email = email, .full_name = name, .language = language, .organisation = organisation,
        .position = position, .centre = centre, .status = status, .roles = roles,
        .nroles = nroles, .password = password,
    };
    if (pw_stdin && !*password) {
        json_object_set_new(errors, "password", json_string("Enter a password"));
        rc = DARS_EINVALID;
        goto report;
    }
    if ((rc = db_tx_begin(db)) < 0)
        goto report;
    rc = accounts_user_insert(db, &a, &who, &u, errors, &id);
    if (rc < 0)
        db_tx_rollback(db);
    else
        rc = db_tx_commit(db);
report:
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        const char *field;
        json_t *msg;
        json_object_foreach(errors, field, msg) {
            const char *m = json_string_value(msg);
            fprintf(stderr, "dars: %s: %c%s\n", option_of(field), tolower((unsigned char)m[0]),
                    m + 1);
        }
        code = err_exit_code(rc);
    } else if (rc < 0) {
        fprintf(stderr, "dars: cannot add user '%s': %s\n", email, db_errmsg(db));
        code = 1;
    } else {
        printf("added user '%s' (id %lld)\n", email, (long long)id);
        code = 0;
    }
out:
    if (password) {
        sodium_memzero(password, strlen(password));
        free(password);
    }
    json_decref(errors);
    db_close(db);
    arena_release(&a);
    return code;
}

/* The public URL invitation links start with; NULL (and a line on stderr) when not set. */
static const char *site_url(struct arena *a)
{
    const char *url = config.public_url;
    if (!url || !*url) {
        fprintf(stderr, "dars: cannot send invitations: [server] public_url is not set "
                        "(or DARS_PUBLIC_URL)\n");
        return NULL;
    }
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        n--;
    return arena_strndup(a, url, n);
}

static int user_import(int argc, char **argv)
{
    struct arena a = ARENA_INIT;
    struct buf data = BUF_INIT;
    struct import_file f;
    struct db *db = NULL;
    struct actor who = { 0, "cli", "" };
    int64_t count = 0;
    int code = 1, rc;

    bool skip = cli_flag(&argc, argv, "--skip-invalid");
    bool invite = cli_flag(&argc, argv, "--invite");
    const char *site = NULL;
    if (argc != 3 || argv[2][0] == '-') {
        if (argc > 3)
            fprintf(stderr, "dars: unexpected argument '%s'\n", argv[3]);
        else if (argc == 3)
            fprintf(stderr, "dars: unknown option '%s'\n", argv[2]);
        else
            fprintf(stderr, "dars: user import needs a CSV file\n");
        code = cli_usage("user");
        goto out;
    }
    const char *path = argv[2];
    if (invite && !(site = site_url(&a)))
        goto out;
    if (cli_read_file(path, &data) < 0)
        goto out;
    if (accounts_import_parse(&a, data.ptr, data.len, &f) < 0) {
        fprintf(stderr, "%s:%d: %s\n", path, f.error_line, f.error->detail);
        fprintf(stderr, "dars: nothing imported\n");
        goto out;
    }
    if ((code = cli_open_db(&db)) != 0)
        goto out;
    code = 1;
    if ((rc = db_tx_begin(db)) < 0 || (rc = accounts_import_check(db, &a, NULL, &f)) < 0) {
        fprintf(stderr, "dars: cannot check '%s': %s\n", path, db_errmsg(db));
        goto out;
    }
    for (size_t i = 0; i < f.nrows; i++)
        for (const struct import_error *e = f.rows[i].errors; e; e = e->next)
            fprintf(stderr, "%s:%d: %s\n", path, f.rows[i].line, e->detail);
    if (f.ninvalid && !skip) {
        fprintf(stderr,
                "dars: nothing imported: %zu invalid %s (--skip-invalid imports the rest)\n",
                f.ninvalid, f.ninvalid == 1 ? "row" : "rows");
        goto out;
    }
    if ((rc = accounts_import_insert(db, &a, &who, path, &f, &count)) < 0 ||
        (invite && (rc = accounts_import_invite(db, &a, &who, site, &f)) < 0) ||
        (rc = db_tx_commit(db)) < 0) {
        fprintf(stderr, "dars: cannot import '%s': %s\n", path, db_errmsg(db));
        goto out;
    }
    printf("imported %lld users\n", (long long)count);
    if (invite)
        printf("invited %lld users\n", (long long)count);
    if (f.ninvalid)
        printf("skipped %zu invalid %s\n", f.ninvalid, f.ninvalid == 1 ? "row" : "rows");
    code = 0;
out:
    if (db) {
        db_tx_rollback(db);
        db_close(db);
    }
    buf_release(&data);
    arena_release(&a);
    return code;
}

/*
 * dars user invite --email E | --all-pending: an invitation to one pending
 * person, or to every pending person. One line per problem; exit 1 when
 * anything could not be sent, 2 on a usage error.
 */
static int user_invite(int argc, char **argv)
{
    struct arena a = ARENA_INIT;
    struct db *db = NULL;
    struct actor who = { 0, "cli", "" };
    int64_t *ids = NULL;
    size_t n = 0;
    int bad = 0, code = 1, rc;

    const char *email = cli_take(&argc, argv, "--email", &bad);
    bool all = cli_flag(&argc, argv, "--all-pending");
    if (bad || argc != 2 || (!email == !all)) {
        if (!bad && argc > 2)
            fprintf(stderr, "dars: unexpected argument '%s'\n", argv[2]);
        else if (!bad)
            fprintf(stderr, "dars: user invite needs --email or --all-pending, not both\n");
        code = cli_usage("user");
        goto out;
    }
    const char *site = site_url(&a);
    if (!site)
        goto out;
    if ((code = cli_open_db(&db)) != 0)
        goto out;
    code = 1;
    if ((rc = db_tx_begin(db)) < 0)
        goto dberr;
    rc = accounts_invitees(db, &a, email, &ids, &n);
    if (rc == DARS_ENOTFOUND) {
        fprintf(stderr, "dars: no user '%s'\n", email);
        goto out;
    }
    if (rc < 0)
        goto dberr;
    for (size_t i = 0; i < n; i++) {
        rc = accounts_invite(db, &a, &who, site, ids[i]);
        if (rc == DARS_ECONFLICT) {
            fprintf(stderr, "dars: user '%s' is not pending: no invitation sent\n", email);
            goto out;
        }
        if (rc < 0)
            goto dberr;
    }
    if ((rc = db_tx_commit(db)) < 0)
        goto dberr;
    printf("invited %zu %s\n", n, n == 1 ? "user" : "users");
    code = 0;
    goto out;
dberr:
    fprintf(stderr, "dars: cannot send invitations: %s\n", db_errmsg(db));
out:
    if (db) {
        db_tx_rollback(db);
        db_close(db);
    }
    arena_release(&a);
    return code;
}

int cli_user(int argc, char **argv)
{
    int rc;
    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc >= 2 && streq(argv[1], "add"))
        return user_add(argc, argv);
    if (argc >= 2 && streq(argv[1], "import"))
        return user_import(argc, argv);
    if (argc >= 2 && streq(argv[1], "invite"))
        return user_invite(argc, argv);
    if (argc >= 2)
        fprintf(stderr, "dars: unknown user command '%s'\n", argv[1]);
    return cli_usage("user");
}
