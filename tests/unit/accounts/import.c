/*
 * Tests for src/accounts/import.c (the part that needs no database): CSV
 * records and their line numbers, the header, UTF-8, and the row checks;
 * and the e-mail shape, the facts (gender, birth year, disability) and the
 * age bands of user_check.c.
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

Test(import, an_analyst_row_reads_every_centre_or_names_one)
{
    cr_assert_eq(parse(HEADER "a@example.org,A,,,C-BAK,analyst,\n"
                              "b@example.org,B,,,C-BAK,Analyst@BAK,\n"
                              "c@example.org,C,,,C-BAK,analyst@,\n"
                              "d@example.org,D,,,C-BAK,learner@BAK,\n"),
                 0);
    cr_assert_eq(f.nrows, 4);
    cr_expect_str_eq(f.rows[0].role_name, "analyst");
    cr_expect_null(f.rows[0].role_scope, "not the row's centre: every centre");
    cr_expect_null(f.rows[0].errors);
    cr_expect_str_eq(f.rows[1].role_name, "analyst");
    cr_expect_str_eq(f.rows[1].role_scope, "BAK");
    cr_expect_null(f.rows[1].errors);
    cr_assert_not_null(f.rows[2].errors);
    cr_expect_str_eq(f.rows[2].errors->detail, "role 'analyst@' has no centre or region after '@'");
    cr_assert_not_null(f.rows[3].errors);
    cr_expect_str_eq(f.rows[3].errors->detail, "role 'learner' takes no centre");
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

Test(import, the_optional_facts_columns)
{
    cr_assert_eq(parse("email,full_name,disability,gender,birth_year\n"
                       "a@example.org,A,Yes,female,1990\n"
                       "b@example.org,B,0,,\n"
                       "c@example.org,C,,other,1900\n"
                       "d@example.org,D,maybe,woman,1899\n"),
                 0);
    cr_assert_eq(f.nrows, 4);
    cr_expect_str_eq(f.rows[0].gender, "female");
    cr_expect_eq(f.rows[0].birth_year_n, 1990);
    cr_expect_eq(f.rows[0].disability_n, 1);
    cr_expect_eq(f.rows[1].birth_year_n, 0);
    cr_expect_eq(f.rows[1].disability_n, 0);
    cr_expect_eq(f.rows[2].disability_n, -1, "an empty cell is not given");
    cr_expect_eq(f.rows[2].birth_year_n, 1900);
    for (size_t i = 0; i < 3; i++)
        cr_expect_null(f.rows[i].errors, "row %zu: %s", i, f.rows[i].errors->detail);
    const struct import_error *e = f.rows[3].errors;
    cr_assert_not_null(e);
    cr_expect_str_eq(e->detail, "unknown gender 'woman'");
    cr_assert_not_null(e = e->next);
    cr_expect(strstr(e->detail, "birth_year '1899' is not a year from 1900 to"));
    cr_assert_not_null(e = e->next);
    cr_expect_str_eq(e->detail, "disability 'maybe' is not one of true, false, yes, no, 1, 0");
}

Test(facts, age_bands)
{
    cr_expect_str_eq(accounts_age_band(0, 2026), "unknown");
    cr_expect_str_eq(accounts_age_band(2009, 2026), "under-18");
    cr_expect_str_eq(accounts_age_band(2008, 2026), "18-24");
    cr_expect_str_eq(accounts_age_band(2002, 2026), "18-24");
    cr_expect_str_eq(accounts_age_band(2001, 2026), "25-34");
    cr_expect_str_eq(accounts_age_band(1962, 2026), "55-64");
    cr_expect_str_eq(accounts_age_band(1961, 2026), "65+");
    cr_expect_str_eq(accounts_age_band(1900, 2026), "65+");

    int64_t from, to;
    bool unknown;
    cr_assert(accounts_age_band_years("18-24", 2026, &from, &to, &unknown));
    cr_expect(from == 2002 && to == 2008 && !unknown);
    cr_assert(accounts_age_band_years("under-18", 2026, &from, &to, &unknown));
    cr_expect(from == 2009 && to == 2026);
    cr_assert(accounts_age_band_years("65+", 2026, &from, &to, &unknown));
    cr_expect(to == 1961 && from <= 1900);
    cr_assert(accounts_age_band_years("unknown", 2026, &from, &to, &unknown));
    cr_expect(unknown);
    cr_expect_not(accounts_age_band_years("18-25", 2026, &from, &to, &unknown));
    /* every year maps back into the band it came from */
    for (int64_t y = 1900; y <= 2026; y++) {
        const char *band = accounts_age_band(y, 2026);
        cr_assert(accounts_age_band_years(band, 2026, &from, &to, &unknown));
        cr_expect(y >= from && y <= to, "%lld in %s", (long long)y, band);
    }
}

Test(facts, values)
{
    cr_expect(accounts_gender_is_known("other"));
    cr_expect_not(accounts_gender_is_known("Female"));
    cr_expect_eq(accounts_disability_parse("TRUE"), 1);
    cr_expect_eq(accounts_disability_parse("no"), 0);
    cr_expect_eq(accounts_disability_parse(""), -1);
    cr_expect_eq(accounts_disability_parse("2"), -2);
    cr_expect_eq(accounts_birth_year_parse("1900"), 1900);
    cr_expect_eq(accounts_birth_year_parse(""), 0);
    cr_expect_eq(accounts_birth_year_parse("1899"), -1);
    cr_expect_eq(accounts_birth_year_parse("+990"), -1);
    cr_expect_eq(accounts_birth_year_parse(" 1990"), -1);
    char next[8];
    snprintf(next, sizeof(next), "%d", accounts_this_year() + 1);
    cr_expect_eq(accounts_birth_year_parse(next), -1);
}
