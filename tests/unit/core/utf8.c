/* Tests of src/core/utf8.c: validation and the folded forms used for keys and search. */
#include "core/base.h"
#include "core/arena.h"
#include "core/utf8.h"

#include <criterion/criterion.h>

Test(utf8, validates)
{
    cr_assert(utf8_is_valid("Əli Məmmədov", strlen("Əli Məmmədov")));
    cr_assert(!utf8_is_valid("\xff\xfe", 2));
    cr_assert(!utf8_is_valid("a\0b", 3), "NUL inside text is refused");
    cr_assert(!utf8_is_valid("\xc3", 1), "truncated sequence");
}

Test(utf8, folds_case_across_scripts_for_unique_emails)
{
    struct arena a = ARENA_INIT;
    cr_assert_str_eq(utf8_fold(&a, "Admin@Example.ORG"), "admin@example.org");
    cr_assert_str_eq(utf8_fold(&a, "ИРИНА"), "ирина");
    /* NFC: a decomposed e + combining acute equals the composed é */
    cr_assert_str_eq(utf8_fold(&a, "e\xcc\x81"), utf8_fold(&a, "\xc3\xa9"));
    cr_assert_null(utf8_fold(&a, "\xff"));
    arena_release(&a);
}

Test(utf8, search_form_strips_accents)
{
    struct arena a = ARENA_INIT;
    cr_assert_str_eq(utf8_fold_search(&a, "Şəki"), "səki");
    cr_assert_str_eq(utf8_fold_search(&a, "Café"), "cafe");
    cr_assert_eq(utf8_len("Oʻzbekcha"), 9);
    arena_release(&a);
}

/* issue 20: what Korean and Vietnamese readers type finds what was written */
Test(utf8, search_form_of_vietnamese_and_korean)
{
    struct arena a = ARENA_INIT;
    cr_assert_str_eq(utf8_fold_search(&a, "Nguyễn Văn Đức"), "nguyen van duc");
    cr_assert_str_eq(utf8_fold_search(&a, "đường ĐẠI HỌC"), "duong dai hoc");
    cr_assert_str_eq(utf8_fold_search(&a, "Chuyển đổi số"), "chuyen doi so");
    /* Hangul syllables stay whole, decomposed or not */
    cr_assert_str_eq(utf8_fold_search(&a, "파이썬을 배웁니다"), "파이썬을 배웁니다");
    cr_assert_str_eq(utf8_fold_search(&a, "\u1111\u1161\u110b\u1175"), "파이");
    arena_release(&a);
}
