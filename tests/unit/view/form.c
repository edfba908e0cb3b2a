/*
 * Tests for src/view/form.c: form_count, the whole numbers people type into
 * capacity and similar fields.
 */
#include "core/base.h"
#include "view/form.h"

#include <criterion/criterion.h>

Test(form_count, takes_digits_up_to_the_maximum)
{
    int64_t n = -1;
    cr_assert(form_count("0", 10, &n));
    cr_assert_eq(n, 0);
    cr_assert(form_count("007", 10, &n));
    cr_assert_eq(n, 7);
    cr_assert(form_count("1000000", 1000000, &n));
    cr_assert_eq(n, 1000000);
}

Test(form_count, refuses_anything_else_and_leaves_the_value_alone)
{
    static const char *const bad[] = { "", " 5", "5 ", "+5", "-5", "5x", "ten", "1e3", "0x10",
                                       "11", "99999999999999999999999" };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        int64_t n = 42;
        cr_assert(!form_count(bad[i], 10, &n), "'%s' was taken", bad[i]);
        cr_assert_eq(n, 42, "'%s' changed the value", bad[i]);
    }
    int64_t n = 42;
    cr_assert(!form_count(NULL, 10, &n));
    cr_assert_eq(n, 42);
}

Test(form_error_move, moves_a_message_to_the_field_the_page_shows)
{
    json_t *errors = json_pack("{s:s, s:s}", "roles", "Choose a role", "email", "Taken");
    form_error_move(errors, "roles", "role");
    cr_assert_null(json_object_get(errors, "roles"));
    cr_assert_str_eq(json_string_value(json_object_get(errors, "role")), "Choose a role");
    form_error_move(errors, "nothing", "else");
    cr_assert_null(json_object_get(errors, "else"));
    cr_assert_eq(json_object_size(errors), 2);
    json_decref(errors);
}
