/*
 * Tests for src/catalog/store.c: the checks every writer of the catalog
 * shares, so that a page and the API refuse the same input with the same
 * message (issue 3: a new lesson took "+5" minutes that the editor refused).
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>

static struct arena arena = ARENA_INIT;
static json_t *errors;

static void setup(void)
{
    errors = json_object();
}

static void teardown(void)
{
    json_decref(errors);
    arena_release(&arena);
}

TestSuite(catalog_store, .init = setup, .fini = teardown);

static const char *error_of(const char *field)
{
    return json_string_value(json_object_get(errors, field));
}

static char *repeat(char c, size_t n)
{
    char *s = arena_alloc(&arena, n + 1);
    memset(s, c, n);
    s[n] = '\0';
    return s;
}

Test(catalog_store, text_is_normalised_and_limited_with_one_message_per_kind)
{
    const char *out = NULL;
    cr_assert(catalog_text_check(&arena, errors, "summary", "  Hello  ", CATALOG_SUMMARY_MAX,
                                 &out));
    cr_expect_str_eq(out, "Hello");
    cr_assert(catalog_text_check(&arena, errors, "summary", NULL, CATALOG_SUMMARY_MAX, &out));
    cr_expect_str_eq(out, "");
    cr_assert(json_object_size(errors) == 0);

    cr_assert(!catalog_text_check(&arena, errors, "title", repeat('x', 201), CATALOG_TITLE_MAX,
                                  &out));
    cr_expect_str_eq(error_of("title"), "Use at most 200 characters");
    cr_assert(!catalog_text_check(&arena, errors, "summary", repeat('x', CATALOG_SUMMARY_MAX + 1),
                                  CATALOG_SUMMARY_MAX, &out));
    cr_expect_str_eq(error_of("summary"), "This text is too long");
    cr_assert(!catalog_text_check(&arena, errors, "body", "bad \xff byte", CATALOG_BODY_MAX, &out));
    cr_expect_str_eq(error_of("body"), "Enter text without invalid characters");
    cr_expect_str_eq(out, "");
}

Test(catalog_store, a_title_is_required_with_the_callers_message)
{
    const char *out = NULL;
    cr_assert(!catalog_title_check(&arena, errors, "   ", "Enter the title of the module", &out));
    cr_expect_str_eq(error_of("title"), "Enter the title of the module");
    json_object_clear(errors);
    cr_assert(!catalog_title_check(&arena, errors, repeat('y', 201), "missing", &out));
    cr_expect_str_eq(error_of("title"), "Use at most 200 characters");
    json_object_clear(errors);
    cr_assert(catalog_title_check(&arena, errors, "Passwords", "missing", &out));
    cr_expect_str_eq(out, "Passwords");
}

Test(catalog_store, links_are_http_without_spaces_or_markup)
{
    cr_expect(catalog_url_ok("https://example.org/video?id=1"));
    cr_expect(catalog_url_ok("http://example.org/"));
    cr_expect(!catalog_url_ok("ftp://example.org/"));
    cr_expect(!catalog_url_ok("javascript:alert(1)"));
    cr_expect(!catalog_url_ok("https://example.org/a b"));
    cr_expect(!catalog_url_ok("https://example.org/\"onmouseover=x"));
    cr_expect(!catalog_url_ok("https://example.org/<script>"));
    char *long_url = repeat('a', 2001);
    memcpy(long_url, "https://", 8);
    cr_expect(!catalog_url_ok(long_url));
}

Test(catalog_store, lesson_minutes_are_digits_only)
{
    const char *bad[] = { "+5", "-0", "-1", "ten", "5 ", "10001" };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct lesson_new in = { "Lesson", "", "", bad[i] };
        struct catalog_lesson_vals v;
        json_object_clear(errors);
        cr_expect(!catalog_lesson_check(&arena, &in, errors, &v), "minutes '%s'", bad[i]);
        cr_expect_str_eq(error_of("minutes"), "Enter a whole number of minutes", "'%s'", bad[i]);
    }
    struct lesson_new in = { " Lesson ", "Body", " https://example.org/v ", "15" };
    struct catalog_lesson_vals v;
    json_object_clear(errors);
    cr_assert(catalog_lesson_check(&arena, &in, errors, &v));
    cr_expect_str_eq(v.title, "Lesson");
    cr_expect_str_eq(v.video_url, "https://example.org/v");
    cr_expect_eq(v.minutes, 15);
    cr_expect(json_object_size(errors) == 0);
}

Test(catalog_store, a_lesson_reports_every_bad_field_at_once)
{
    struct lesson_new in = { "", NULL, "ftp://x", "x" };
    struct catalog_lesson_vals v;
    cr_assert(!catalog_lesson_check(&arena, &in, errors, &v));
    cr_expect_str_eq(error_of("title"), "Enter the title of the lesson");
    cr_expect_str_eq(error_of("video_url"), "Enter a link that starts with https://");
    cr_expect_str_eq(error_of("minutes"), "Enter a whole number of minutes");
    cr_expect_null(error_of("body"));
}

Test(catalog_store, ids_as_text)
{
    cr_expect_str_eq(arena_int(&arena, 0), "0");
    cr_expect_str_eq(arena_int(&arena, 9007199254740993LL), "9007199254740993");
    cr_expect_str_eq(catalog_num_str(&arena, 0), "");
    cr_expect_str_eq(catalog_num_str(&arena, 42), "42");
}
