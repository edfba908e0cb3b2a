/* Tests for src/http/api.c: ids in paths and fields (api_is_id, api_id). */
#include "core/base.h"
#include "http/api.h"

#include <criterion/criterion.h>

Test(api_id, digits_are_an_id_and_nothing_else_is)
{
    cr_assert_eq(api_id("42"), 42);
    cr_assert_eq(api_id("007"), 7);
    cr_assert_eq(api_id("999999999999999999"), 999999999999999999LL);
    static const char *const not_ids[] = { "", "C-BAK", "4x", " 4", "-4", "+4",
                                           "1234567890123456789" };
    for (size_t i = 0; i < ARRAY_SIZE(not_ids); i++) {
        cr_assert_eq(api_id(not_ids[i]), 0, "'%s'", not_ids[i]);
        cr_assert_not(api_is_id(not_ids[i]), "'%s'", not_ids[i]);
    }
    cr_assert_eq(api_id(NULL), 0);
}
