/*
 * Tests for src/reports/figures.c and registry.c: the numbers of DESIGN.md
 * 6a as the API writes them (hours from minutes, the attendance rate, null
 * without marks) and the registry holding exactly the contract's `by`s and
 * filters, each with a way to check its values.
 */
#include "core/base.h"
#include "reports/reports_int.h"

#include <criterion/criterion.h>

Test(report_figures, numbers_as_the_api_writes_them)
{
    struct arena a;
    arena_init(&a);
    cr_assert_str_eq(report_number(&a, 3), "3");
    cr_assert_str_eq(report_number(&a, 1.5), "1.5");
    cr_assert_str_eq(report_number(&a, 0.75), "0.75");
    cr_assert_str_eq(report_number(&a, 0.6667), "0.6667");
    cr_assert_str_eq(report_number(&a, 0), "0");
    cr_assert_str_eq(report_number(&a, 12.3), "12.3");
    arena_release(&a);
}

Test(report_figures, hours_and_rate)
{
    struct report_row row = { .minutes = 90, .attended = 3, .marked = 4 };
    double rate;
    cr_assert_float_eq(report_hours(&row), 1.5, 1e-9);
    row.minutes = 25; /* 0.41666 h */
    cr_assert_float_eq(report_hours(&row), 0.42, 1e-9);
    cr_assert(report_rate(&row, &rate));
    cr_assert_float_eq(rate, 0.75, 1e-9);
    row.attended = 2;
    row.marked = 3;
    cr_assert(report_rate(&row, &rate));
    cr_assert_float_eq(rate, 0.6667, 1e-9);
    row.marked = 0; /* only excused marks, or none: null, not 0 */
    cr_assert_not(report_rate(&row, &rate));
}

Test(report_registry, the_contracts_dimensions)
{
    static const char *const by[] = { "region", "centre", "programme", "course", "organisation",
                                      "centre_kind", "area", "gender", "age_band", "month",
                                      "quarter" };
    static const char *const filters[] = { "region", "centre", "centre_kind", "area",
                                           "programme", "course", "organisation", "gender",
                                           "age_band", "disability" };
    for (size_t i = 0; i < ARRAY_SIZE(by); i++)
        cr_assert(report_dim_groups(report_dim_find(by[i])), "by=%s", by[i]);
    for (size_t i = 0; i < ARRAY_SIZE(filters); i++) {
        const struct report_dim *d = report_dim_find(filters[i]);
        cr_assert(d && d->filter, "filter %s", filters[i]);
        cr_assert(d->values || d->exists, "filter %s has no check", filters[i]);
    }
    cr_assert_not(report_dim_groups(report_dim_find("disability")));
    cr_assert_null(report_dim_find("nonsense"));
    cr_assert_eq(report_ndims(), ARRAY_SIZE(by) + 1);
    cr_assert(report_nsources() >= 4);
}

Test(report_figures, labels_of_values_and_missing_keys)
{
    cr_assert_str_eq(report_value_label("en", report_dim_find("gender"), "female"), "Women");
    cr_assert_str_eq(report_value_label("en", report_dim_find("age_band"), "65+"), "65 and over");
    cr_assert_str_eq(report_value_label("en", report_dim_find("programme"), NULL), "No programme");
    cr_assert_str_eq(report_value_label("en", report_dim_find("area"), NULL), "Area not set");
    cr_assert_str_eq(report_dim_title("en", "age_band"), "Age band");
}
