/*
 * Tests of src/mail/mail.c: the MIME message the sender writes (plain,
 * alternative, and multipart/mixed with base64 files named per RFC 2183 and
 * 2231), and files queued with a message on a migrated SQLite file.
 */
#include "core/base.h"
#include "mail/mail_int.h"
#include "core/arena.h"
#include "db/db.h"
#include "../lib/testdb.h"
#include "db/migrate.h"

#include <criterion/criterion.h>
#include <sodium.h>
#include <stdlib.h>
#include <unistd.h>

static const unsigned char xlsx_bytes[] = { 'P', 'K', 3, 4, 0, 0xff, 0x80, '\r', '\n', '.', 'z' };

/* The value of the boundary parameter after "Content-Type: multipart/<kind>". */
static char *boundary_of(const char *msg, const char *kind)
{
    char key[64];
    snprintf(key, sizeof(key), "Content-Type: multipart/%s; boundary=\"", kind);
    const char *p = strstr(msg, key);
    cr_assert(p, "no multipart/%s in:\n%s", kind, msg);
    p += strlen(key);
    return strndup(p, strcspn(p, "\""));
}

/* The body of the part whose headers contain marker, up to the next "--boundary". */
static char *part_body(const char *msg, const char *marker, const char *boundary)
{
    const char *p = strstr(msg, marker);
    cr_assert(p, "no part with %s", marker);
    p = strstr(p, "\r\n\r\n");
    cr_assert(p);
    p += 4;
    char end[64];
    snprintf(end, sizeof(end), "--%s", boundary);
    const char *q = strstr(p, end);
    cr_assert(q);
    return strndup(p, (size_t)(q - p));
}

Test(mail_message, plain_text_has_no_multipart)
{
    char *m = mail_message_build(7, "dars@gov.example", "a@x.org", "Hello", "Line one\nLine two",
                                 NULL, NULL, 0, 0);
    cr_assert(strstr(m, "Content-Type: text/plain; charset=UTF-8\r\n"));
    cr_assert(strstr(m, "\r\n\r\nLine one\r\nLine two\r\n"));
    cr_assert_null(strstr(m, "multipart"));
    free(m);
}

Test(mail_message, files_go_as_multipart_mixed_in_base64)
{
    struct mail_attachment att[] = {
        { "report-2026-03.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
          xlsx_bytes, sizeof(xlsx_bytes) },
        { "Отчёт март.txt", "text/plain", "abc", 3 },
    };
    char *m = mail_message_build(9, "dars@gov.example", "donor@x.org", "Report", "See the file.",
                                 "<p>See the file.</p>", att, ARRAY_SIZE(att), 0);
    char *mixed = boundary_of(m, "mixed");
    char *alt = boundary_of(m, "alternative");
    cr_assert_str_neq(mixed, alt);

    /* headers, then the alternative first, then the two files, then the closing boundary */
    const char *head_end = strstr(m, "\r\n\r\n");
    cr_assert(strstr(m, "MIME-Version: 1.0\r\nContent-Type: multipart/mixed") < head_end);
    const char *text = strstr(m, "Content-Type: multipart/alternative");
    const char *file1 = strstr(m, "Content-Disposition: attachment; filename=\"report-2026-03.xlsx\"");
    const char *file2 = strstr(m, "Content-Disposition: attachment;\r\n filename*=UTF-8''"
                                  "%D0%9E%D1%82%D1%87%D1%91%D1%82%20%D0%BC%D0%B0%D1%80%D1%82.txt");
    cr_assert(text && file1 && file2 && text < file1 && file1 < file2, "%s", m);
    cr_assert(strstr(m, "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml"
                        ".sheet; name=\"report-2026-03.xlsx\"\r\nContent-Transfer-Encoding: base64"));
    cr_assert(strstr(m, "Content-Type: text/plain;\r\n name*=UTF-8''%D0%9E"));
    cr_assert(strstr(m, "; size=11\r\n"));
    char closing[64];
    snprintf(closing, sizeof(closing), "--%s--\r\n", mixed);
    size_t n = strlen(m), c = strlen(closing);
    cr_assert(n > c && streq(m + n - c, closing), "the message must end with %s", closing);

    /* the base64 decodes back to the bytes */
    char *b64 = part_body(m, "filename=\"report-2026-03.xlsx\"", mixed);
    unsigned char out[64];
    size_t len = 0;
    cr_assert_eq(sodium_base642bin(out, sizeof(out), b64, strlen(b64), "\r\n", &len, NULL,
                                   sodium_base64_VARIANT_ORIGINAL),
                 0);
    cr_assert_eq(len, sizeof(xlsx_bytes));
    cr_assert_arr_eq(out, xlsx_bytes, len);
    free(b64);
    free(mixed);
    free(alt);
    free(m);
}

Test(mail_message, base64_lines_are_76_characters_at_most)
{
    static unsigned char big[1000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (unsigned char)(i * 7);
    struct mail_attachment att = { "big.bin", "application/octet-stream", big, sizeof(big) };
    char *m = mail_message_build(1, "d@x.org", "a@x.org", "S", "b", NULL, &att, 1, 0);
    char *mixed = boundary_of(m, "mixed");
    char *b64 = part_body(m, "filename=\"big.bin\"", mixed);
    size_t lines = 0;
    for (char *line = b64; *line;) {
        char *eol = strstr(line, "\r\n");
        cr_assert(eol, "every line ends in CRLF");
        cr_assert_leq((size_t)(eol - line), 76);
        lines++;
        line = eol + 2;
    }
    cr_assert_eq(lines, (sizeof(big) + 56) / 57);
    free(b64);
    free(mixed);
    free(m);
}

Test(mail_message, a_name_with_quotes_is_encoded_not_quoted)
{
    struct mail_attachment att = { "a \"b\".txt", "text/plain", "x", 1 };
    char *m = mail_message_build(1, "d@x.org", "a@x.org", "S", "b", NULL, &att, 1, 0);
    cr_assert(strstr(m, "filename*=UTF-8''a%20%22b%22.txt"), "%s", m);
    free(m);
}

/* ---- queued with a message ---- */

/*
 * On SQLite, then on PostgreSQL in a schema of its own when DARS_TEST_PG
 * holds a URI (tools/pg-tmp prints one): the files are a BLOB there too.
 */
static struct db *db;

static void migrate(void)
{
    int applied = 0;
    cr_assert_eq(db_migrate(db, &applied), 0, "migrate: %s", db_errmsg(db));
}

static void sqlite_setup(void)
{
    db = testdb_sqlite("mail");
    migrate();
}

static void pg_setup(void)
{
    db = testdb_pg("mail");
    migrate();
}

static void teardown(void)
{
    testdb_close(db);
    db = NULL;
}

#define DB_TEST(name) TESTDB_TEST(mail_outbox, name)

DB_TEST(files_are_stored_with_their_message)
{
    struct mail_attachment att[] = { { "a.xlsx", "application/octet-stream", xlsx_bytes,
                                       sizeof(xlsx_bytes) },
                                     { "b.txt", "text/plain", "", 0 } };
    struct db_stmt *st;
    struct arena a = ARENA_INIT;
    size_t len = 0;

    cr_assert_eq(mail_enqueue_files(db, "d@x.org", "S", "b", NULL, att, 2), 0, "%s",
                 db_errmsg(db));
    cr_assert_eq(db_query(db, &st, mail_attachments_sql, DB_ARGS(DB_INT(1))), 0);
    cr_assert_eq(db_step(st), DB_ROW);
    cr_assert_str_eq(db_col_text(st, 0), "a.xlsx");
    const void *data = db_col_blob(st, 2, &a, &len);
    cr_assert_eq(len, sizeof(xlsx_bytes));
    cr_assert_arr_eq(data, xlsx_bytes, len);
    cr_assert_eq(db_step(st), DB_ROW);
    cr_assert_str_eq(db_col_text(st, 0), "b.txt");
    cr_assert_eq(db_step(st), DB_DONE);
    db_done(st);
    arena_release(&a);
}

DB_TEST(bad_files_queue_nothing)
{
    struct mail_attachment bad[] = {
        { "", "text/plain", "x", 1 },
        { "../etc/passwd", "text/plain", "x", 1 },
        { "a\r\nBcc: x.txt", "text/plain", "x", 1 },
        { "a.txt", "text/plain\r\nX-Evil: 1", "x", 1 },
        { "a.txt", "text/plain; name=b", "x", 1 },
        { "a.txt", "textplain", "x", 1 },
        { "a.txt", "text/plain", NULL, MAIL_ATTACHMENTS_MAX_BYTES + 1 },
    };
    int64_t n = -1;
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_eq(mail_enqueue_files(db, "d@x.org", "S", "b", NULL, &bad[i], 1), DARS_EINVALID,
                     "file %zu", i);
    cr_assert_eq(db_query_int(db, "SELECT COUNT(*) FROM outbox", DB_NOARGS, &n), 0);
    cr_assert_eq(n, 0);
}
