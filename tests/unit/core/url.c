/* Tests of src/core/url.c: what links and the flash cookie carry survives the round trip. */
#include "core/base.h"
#include "core/arena.h"
#include "core/url.h"

#include <criterion/criterion.h>

Test(url, encodes_all_but_unreserved_characters_and_slash)
{
    struct arena a = ARENA_INIT;
    cr_assert_str_eq(url_encode(&a, "C-BAK_1.0~/x"), "C-BAK_1.0~/x");
    cr_assert_str_eq(url_encode(&a, "a b&c=d?e#f+g%"), "a%20b%26c%3Dd%3Fe%23f%2Bg%25");
    cr_assert_str_eq(url_encode(&a, "Şəki"), "%C5%9E%C9%99ki");
    cr_assert_str_eq(url_encode(&a, ""), "");
    arena_release(&a);
}

Test(url, decodes_what_it_encodes)
{
    struct arena a = ARENA_INIT;
    static const char *const texts[] = { "Your password has been changed", "Şəki & Gəncə",
                                         "100% done?", "/courses/C-1?q=a+b" };
    for (size_t i = 0; i < ARRAY_SIZE(texts); i++)
        cr_assert_str_eq(url_decode(&a, url_encode(&a, texts[i])), texts[i]);
    arena_release(&a);
}

Test(url, decodes_plus_as_space_and_keeps_a_broken_escape)
{
    struct arena a = ARENA_INIT;
    cr_assert_str_eq(url_decode(&a, "a+b%41"), "a bA");
    cr_assert_str_eq(url_decode(&a, "50%zz"), "50%zz");
    cr_assert_str_eq(url_decode(&a, "50%"), "50%");
    arena_release(&a);
}
