/*
 * Tests for src/accounts/import.c (the part that needs no database): CSV
 * records and their line numbers, the header, UTF-8, and the row checks;
 * and the e-mail shape of user_check.c.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>

#define HEADER "email,full_name,organisation,position,centre,role,language\n"

static struct arena a;
static struct import_file f;

static int parse(const char *text)
{
    return accounts_import_parse(&a, text, strlen(text), &f);
}

static void setup(void)
{
    arena_init(&a);
}

static void teardown(void)
{
    arena_release(&a);
}

TestSuite(import, .init = setup, .fini = teardown);

Test(import, reads_rows_with_their_lines)
{
    cr_assert_eq(parse("\xEF\xBB\xBF" HEADER
                       "a@example.org,\"Ali, \"\"Jr\"\"\",,,C-BAK,learner,az\r\n"
                       "\n"
                       "b@example.org,\"Two\nlines\",,,C-BAK,,\n"
                       "c@example.org,Last,,,,,"),
                 0);
    cr_assert_eq(f.nrows, 3);
    cr_expect_eq(f.rows[0].line, 2);
    cr_expect_str_eq(f.rows[0].full_name, "Ali, \"Jr\"");
    cr_expect_str_eq(f.rows[0].language, "az");
    cr_expect_str_eq(f.rows[0].role_name, "learner");
    cr_expect_eq(f.rows[1].line, 4);
    cr_expect_str_eq(f.rows[1].full_name, "Two\nlines");
    cr_expect_eq(f.rows[2].line, 6, "a record after a two-line one starts on its own line");
    for (size_t i = 0; i < f.nrows; i++)
        cr_expect_null(f.rows[i].errors, "row %zu: %s", i, f.rows[i].errors->detail);
}

Test(import, columns_may_come_in_any_order_and_case)
{
    cr_assert_eq(parse(" Full_Name ,EMAIL\nZed,z@example.org\n"), 0);
    cr_assert_eq(f.nrows, 1);
    cr_expect_str_eq(f.rows[0].email, "z@example.org");
    cr_expect_str_eq(f.rows[0].full_name, "Zed");
    cr_expect_null(f.rows[0].errors);
}

Test(import, whole_file_problems)
{
    cr_expect_eq(parse(""), DARS_EINVALID);
    cr_expect_str_eq(f.error->detail, "the file is empty");
    cr_expect_eq(parse("email,name\n"), DARS_EINVALID);
    cr_expect_str_eq(f.error->detail, "unknown column 'name'");
    cr_expect_eq(parse("email,email,full_name\n"), DARS_EINVALID);
    cr_expect_str_eq(f.error->detail, "column 'email' appears twice");
    cr_expect_eq(parse("\n\nemail\n"), DARS_EINVALID);
    cr_expect_eq(f.error_line, 3);
    cr_expect_str_eq(f.error->detail, "missing column 'full_name'");
    cr_expect_eq(parse(HEADER "a@example.org,\"open quote\n"), DARS_EINVALID);
    cr_expect_eq(f.error_line, 2);
    cr_expect_str_eq(f.error->detail, "malformed CSV: the file ends inside a quoted field");
    cr_expect_eq(parse(HEADER "a@example.org,\"x\"y,,,,,\n"), DARS_EINVALID);
    cr_expect_eq(f.error_line, 2);
}

Test(import, row_problems)
{
    cr_assert_eq(parse(HEADER "a@example.org,A,,,,,\n"
                              "A@EXAMPLE.ORG,A again,,,,,\n"
                              "no-at,B,,,,,\n"
                              "c@example.org,,,,,,\n"
                              "d@example.org,D,,,,teacher,\n"
                              "e@example.org,E,,,,instructor,\n"
                              "f@example.org,F,,,,mentor@C-BAK,\n"
                              "g@example.org,G,,,,,xx\n"
                              "h@example.org,H\n"
                              "i@example.org,\xC3\x28,,,,,\n"),
                 0);
    cr_assert_eq(f.nrows, 10);
    const char *want[] = {
        NULL,
        "e-mail 'A@EXAMPLE.ORG' is also on line 2",
        "malformed e-mail 'no-at'",
        "missing full_name",
        "unknown role 'teacher'",
        "role 'instructor' needs a centre",
        "role 'mentor' takes no centre",
        "unknown language 'xx'",
        "expected 7 fields, found 2",
        "not valid UTF-8",
    };
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        if (!want[i]) {
            cr_expect_null(f.rows[i].errors, "row %zu", i);
            continue;
        }
        cr_assert_not_null(f.rows[i].errors, "row %zu has no error", i);
        cr_expect_str_eq(f.rows[i].errors->detail, want[i]);
        cr_expect_null(f.rows[i].errors->next, "row %zu: one problem", i);
    }
    cr_expect_str_eq(f.rows[9].email, "", "text that is not UTF-8 is never shown");
}

Test(import, a_manager_row_takes_the_centre_of_the_row)
{
    cr_assert_eq(parse(HEADER "m@example.org,M,,,C-BAK,Manager,\n"
                              "n@example.org,N,,,C-BAK,manager@BAK,\n"),
                 0);
    cr_expect_str_eq(f.rows[0].role_name, "manager");
    cr_expect_str_eq(f.rows[0].role_scope, "C-BAK");
    cr_expect_str_eq(f.rows[1].role_scope, "BAK");
}

Test(email, shapes)
{
    cr_expect(accounts_email_is_valid("a@b.co"));
    cr_expect(accounts_email_is_valid("first.last+tag@mail.example.org"));
    cr_expect(accounts_email_is_valid("əli@nümunə.az"));
    cr_expect_not(accounts_email_is_valid(""));
    cr_expect_not(accounts_email_is_valid("no-at.example.org"));
    cr_expect_not(accounts_email_is_valid("two@@example.org"));
    cr_expect_not(accounts_email_is_valid("a@b@example.org"));
    cr_expect_not(accounts_email_is_valid("@example.org"));
    cr_expect_not(accounts_email_is_valid("a@localhost"));
    cr_expect_not(accounts_email_is_valid("a@.example.org"));
    cr_expect_not(accounts_email_is_valid("a@example.org."));
    cr_expect_not(accounts_email_is_valid("a@example..org"));
    cr_expect_not(accounts_email_is_valid("a b@example.org"));
    cr_expect_not(accounts_email_is_valid("a@exa\tmple.org"));
    char long_one[300];
    memset(long_one, 'a', sizeof(long_one));
    memcpy(long_one + 250, "@x.org", 7);
    cr_expect_not(accounts_email_is_valid(long_one), "256 bytes");
    long_one[248] = '\0';
    memcpy(long_one + 242, "@x.org", 7);
    cr_expect(accounts_email_is_valid(long_one), "248 bytes");
}
