/*
 * Tests of src/projects/figures.c and the default periods (project.c) on
 * indicators filled by hand: a flow's quarters share the target out and its
 * expected-by-now adds the periods up; a stock's (centres_equipped, a level
 * to date) quarters rise to the target and its expected-by-now climbs from
 * the previous period's level, never adding levels up.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>

static struct project_period periods[2] = {
    { .starts_on = "2026-01-01", .ends_on = "2026-04-10", .target = 2 },  /* 100 days */
    { .starts_on = "2026-04-11", .ends_on = "2026-07-19", .target = 10 }, /* 100 days */
};

static struct project_indicator with(const char *metric)
{
    return (struct project_indicator){ .metric = metric, .target = 10, .periods = periods,
                                       .nperiods = 2 };
}

Test(project_figures, stock_is_the_registry_s_distinct_to_date)
{
    cr_assert(project_metric_stock("centres_equipped"));
    cr_assert(!project_metric_stock("people_completed"));
    cr_assert(!project_metric_stock("events_held"));
    cr_assert(!project_metric_stock("no_such_metric"));
    cr_assert(!project_metric_stock(NULL));
}

Test(project_figures, a_flow_s_quarters_share_the_target)
{
    struct arena a = ARENA_INIT;
    struct project_period *v;
    size_t n = project_quarters(&a, "2026-01-01", "2026-12-31", "people_completed", 6, &v);
    cr_assert_eq(n, 4);
    double want[4] = { 1, 2, 1, 2 };
    for (size_t k = 0; k < n; k++)
        cr_expect_eq(v[k].target, want[k], "quarter %zu: %g", k, v[k].target);
    arena_release(&a);
}

Test(project_figures, a_stock_s_quarters_rise_to_the_target)
{
    struct arena a = ARENA_INIT;
    struct project_period *v;
    size_t n = project_quarters(&a, "2026-02-15", "2026-12-31", "centres_equipped", 6, &v);
    cr_assert_eq(n, 4);
    double want[4] = { 2, 3, 5, 6 };
    for (size_t k = 0; k < n; k++)
        cr_expect_eq(v[k].target, want[k], "quarter %zu: %g", k, v[k].target);
    cr_expect_str_eq(v[0].starts_on, "2026-02-15");
    /* a target that is not whole: even levels, the last one the target */
    n = project_quarters(&a, "2026-01-01", "2026-06-30", "centres_equipped", 2.5, &v);
    cr_assert_eq(n, 2);
    cr_expect_eq(v[0].target, 1.25);
    cr_expect_eq(v[1].target, 2.5);
    arena_release(&a);
}

Test(project_figures, a_flow_expects_the_periods_added_up)
{
    struct project_indicator ind = with("people_completed");
    cr_expect_eq(project_expected(&ind, "2025-12-31"), 0);
    cr_expect_eq(project_expected(&ind, "2026-04-10"), 2);
    /* day 51 of 100 of the second period: 2 + 10 * 0.51 */
    cr_expect_float_eq(project_expected(&ind, "2026-05-31"), 7.1, 1e-9);
    cr_expect_eq(project_expected(&ind, "2026-09-01"), 12);
}

Test(project_figures, a_stock_expects_the_level_the_period_heads_to)
{
    struct project_indicator ind = with("centres_equipped");
    cr_expect_eq(project_expected(&ind, "2025-12-31"), 0);
    /* day 50 of 100 of the first period: half of its level */
    cr_expect_float_eq(project_expected(&ind, "2026-02-19"), 1, 1e-9);
    cr_expect_eq(project_expected(&ind, "2026-04-10"), 2);
    /* day 51 of 100 of the second: from 2 towards 10, 2 + 8 * 0.51 (not 2 + 10 * 0.51) */
    cr_expect_float_eq(project_expected(&ind, "2026-05-31"), 6.08, 1e-9);
    /* after the last period: its level, not the levels added up */
    cr_expect_eq(project_expected(&ind, "2026-09-01"), 10);
}

Test(project_figures, red_amber_green)
{
    cr_expect_str_eq(project_rag(5, 0), "none");
    cr_expect_str_eq(project_rag(9, 10), "green");
    cr_expect_str_eq(project_rag(7, 10), "amber");
    cr_expect_str_eq(project_rag(6.9, 10), "red");
}
