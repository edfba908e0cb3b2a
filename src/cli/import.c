/*
 * dars import gift FILE --course CODE: Moodle GIFT questions into a course's
 * question bank, all or nothing. Every problem is one `FILE:LINE: reason`
 * line on stderr and the exit code is 1; nothing is written then.
 */
#include "core/base.h"
#include "cli/cli.h"

#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/buf.h"
#include "db/db.h"
#include "quiz/gift.h"
#include "quiz/quiz.h"

static int import_gift(int argc, char **argv)
{
    struct arena a = ARENA_INIT;
    struct buf data = BUF_INIT;
    struct db *db = NULL;
    struct actor who = { 0, "cli", "" };
    struct catalog_course c;
    struct gift_error *errs = NULL;
    size_t nerr = 0, imported = 0;
    int bad = 0, code = 1, rc;

    const char *course = cli_take(&argc, argv, "--course", &bad);
    if (bad || !course || argc != 3 || argv[2][0] == '-') {
        if (argc > 3)
            fprintf(stderr, "dars: unexpected argument '%s'\n", argv[3]);
        else if (argc == 3 && argv[2][0] == '-')
            fprintf(stderr, "dars: unknown option '%s'\n", argv[2]);
        else if (argc < 3)
            fprintf(stderr, "dars: import gift needs a GIFT file\n");
        else
            fprintf(stderr, "dars: import gift needs --course CODE\n");
        code = cli_usage("import");
        goto out;
    }
    const char *path = argv[2];
    if (cli_read_file(path, &data) < 0)
        goto out;
    if ((code = cli_open_db(&db)) != 0)
        goto out;
    code = 1;
    rc = catalog_course_get(db, &a, course, "en", &c);
    if (rc == DARS_ENOTFOUND) {
        fprintf(stderr, "dars: there is no course '%s'\n", course);
        code = 2;
        goto out;
    }
    if (rc < 0 || (rc = db_tx_begin(db)) < 0) {
        fprintf(stderr, "dars: cannot read the course: %s\n", db_errmsg(db));
        goto out;
    }
    rc = quiz_import_gift(db, &a, &who, c.id, data.ptr, data.len, &errs, &nerr,
                          &imported);
    if (rc == DARS_EINVALID) {
        for (size_t i = 0; i < nerr; i++)
            fprintf(stderr, "%s:%d: %s\n", path, errs[i].line, errs[i].reason);
        fprintf(stderr, "dars: nothing imported: %zu %s\n", nerr,
                nerr == 1 ? "problem" : "problems");
        goto out;
    }
    if (rc < 0 || (rc = db_tx_commit(db)) < 0) {
        fprintf(stderr, "dars: cannot import '%s': %s\n", path, db_errmsg(db));
        goto out;
    }
    printf("imported %zu %s into %s\n", imported, imported == 1 ? "question" : "questions",
           c.code);
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

int cli_import(int argc, char **argv)
{
    int rc;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    if (argc >= 2 && streq(argv[1], "gift"))
        return import_gift(argc, argv);
    if (argc >= 2)
        fprintf(stderr, "dars: cannot import '%s' (only gift)\n", argv[1]);
    return cli_usage("import");
}
