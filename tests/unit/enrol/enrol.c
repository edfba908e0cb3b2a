/* Tests of src/enrol/enrol.c and pages.c without a database: state predicates, messages. */
#include "core/base.h"
#include "core/arena.h"
#include "enrol/enrol_int.h"

#include <criterion/criterion.h>

Test(enrol_state, has_done_searches_the_sorted_ids)
{
    int64_t done[] = { 2, 5, 9, 40 };
    struct enrol_state s = { .status = "active", .done = done, .ndone = ARRAY_SIZE(done) };
    for (size_t i = 0; i < ARRAY_SIZE(done); i++)
        cr_assert(enrol_state_has_done(&s, done[i]));
    cr_assert(!enrol_state_has_done(&s, 1));
    cr_assert(!enrol_state_has_done(&s, 6));
    cr_assert(!enrol_state_has_done(&s, 41));
    struct enrol_state none = { .status = "none" };
    cr_assert(!enrol_state_has_done(&none, 2));
}

Test(enrol_state, only_active_and_completed_may_read)
{
    const char *yes[] = { "active", "completed" };
    const char *no[] = { "none", "requested", "waitlisted", "withdrawn" };
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++)
        cr_assert(enrol_state_may_read(&(struct enrol_state){ .status = yes[i] }), "%s", yes[i]);
    for (size_t i = 0; i < ARRAY_SIZE(no); i++)
        cr_assert(!enrol_state_may_read(&(struct enrol_state){ .status = no[i] }), "%s", no[i]);
}
