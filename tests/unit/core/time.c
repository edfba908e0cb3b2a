/* Tests for src/core/time.c: stored times read back exactly, and nothing else is taken. */
#include "core/base.h"
#include "core/time.h"

#include <criterion/criterion.h>

Test(time, a_stored_time_reads_back_as_the_same_second)
{
    char iso[TIME_ISO_LEN];
    time_t t = 1795425720, back = 0; /* 2026-11-23T09:22:00Z */

    time_to_iso(iso, t);
    cr_assert_str_eq(iso, "2026-11-23T09:22:00Z");
    cr_assert_eq(time_from_iso(iso, &back), 0);
    cr_assert_eq(back, t);
    cr_assert_eq(time_from_iso("1970-01-01T00:00:00Z", &back), 0);
    cr_assert_eq(back, 0);
}

Test(time, anything_but_the_stored_form_is_refused)
{
    static const char *const bad[] = { "", "2026-11-23", "2026-11-23T09:22:00",
                                       "2026-11-23T09:22:00Z+", "2026-11-23 09:22:00Z",
                                       "26-11-23T09:22:00Z", "2026-+1-23T09:22:00Z",
                                       "2026-11- 3T09:22:00Z", "2026-11-23T-9:22:00Z" };
    time_t t = 7;
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_eq(time_from_iso(bad[i], &t), DARS_EINVALID, "'%s'", bad[i]);
    cr_assert_eq(time_from_iso(NULL, &t), DARS_EINVALID);
    cr_assert_eq(t, 7, "left alone on failure");
}

Test(time, shapes_are_digits_where_the_shape_has_nines)
{
    cr_assert(time_shaped("2026-11-23", "9999-99-99"));
    cr_assert(time_shaped("2026-11-23T10:00", "9999-99-99"), "a prefix is enough");
    cr_assert(time_shaped("", ""));
    static const char *const bad[] = { "2026-+1-23", "2026-11- 3", "2026-11-2", "2026/11/23",
                                       "２０２６-11-23", "" };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
        cr_assert_not(time_shaped(bad[i], "9999-99-99"), "'%s'", bad[i]);
    cr_assert_not(time_shaped(NULL, "9"));
}
