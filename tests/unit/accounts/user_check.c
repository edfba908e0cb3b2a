/*
 * Tests for the role rules of src/accounts/user_check.c: which roles take a
 * scope, and who may give which role (accounts_role_is_grantable), with the
 * analyst of issue 13: global, of a region or of a centre, never given
 * beyond the giver's own scope.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/http.h"

#include <criterion/criterion.h>

Test(roles, analyst_is_known_and_may_have_a_centre_or_region)
{
    cr_expect(accounts_role_is_known("analyst"));
    cr_expect_not(accounts_role_is_known("analyser"));
    cr_expect_not(accounts_role_needs_scope("analyst"), "analyst alone reads every centre");
    cr_expect(accounts_role_takes_scope("analyst"));
    cr_expect(accounts_role_takes_region("analyst"));
    cr_expect(accounts_role_takes_scope("manager"));
    cr_expect(accounts_role_takes_region("manager"));
    cr_expect(accounts_role_takes_scope("instructor"));
    cr_expect_not(accounts_role_takes_region("instructor"));
    static const char *const plain[] = { "admin", "mentor", "learner" };
    for (size_t i = 0; i < ARRAY_SIZE(plain); i++) {
        cr_expect_not(accounts_role_takes_scope(plain[i]), "%s", plain[i]);
        cr_expect_not(accounts_role_takes_region(plain[i]), "%s", plain[i]);
    }
}

/* A request of a manager of centre 10 (and, when region is set, of region 7 as a whole). */
static bool grantable(bool admin, bool region, const char *role, int64_t centre_id,
                      int64_t region_id)
{
    int64_t centres[] = { 10 }, regions[] = { 7 };
    struct user_ctx u = { .id = 1, .is_admin = admin, .is_manager = !admin };
    u.scope_centres = centres;
    u.nscope_centres = 1;
    if (region) {
        u.scope_regions = regions;
        u.nscope_regions = 1;
    }
    struct req r = { .user = &u };
    struct role_spec spec = { role, NULL, centre_id, region_id };
    return accounts_role_is_grantable(&r, &spec);
}

Test(roles, an_admin_gives_every_analyst)
{
    cr_expect(grantable(true, false, "analyst", 0, 0));
    cr_expect(grantable(true, false, "analyst", 0, 99));
    cr_expect(grantable(true, false, "analyst", 99, 0));
}

Test(roles, a_manager_gives_analysts_only_within_their_scope)
{
    cr_expect(grantable(false, false, "analyst", 10, 0), "their centre");
    cr_expect_not(grantable(false, false, "analyst", 11, 0), "another centre");
    cr_expect_not(grantable(false, false, "analyst", 0, 0), "every centre: more than they read");
    cr_expect_not(grantable(false, true, "analyst", 0, 0), "not even a region's manager");
    cr_expect_not(grantable(false, false, "analyst", 0, 7), "a region they do not manage whole");
    cr_expect(grantable(false, true, "analyst", 0, 7), "the region they manage");
    cr_expect_not(grantable(false, true, "analyst", 0, 8), "another region");
    /* what was true before the analyst stays so */
    cr_expect_not(grantable(false, true, "manager", 0, 7), "a region's manager is an admin's");
    cr_expect(grantable(false, false, "manager", 10, 0));
    cr_expect(grantable(false, false, "learner", 0, 0));
    cr_expect_not(grantable(false, true, "admin", 0, 0));
}

Test(roles, nobody_else_gives_roles)
{
    struct user_ctx u = { .id = 1, .is_analyst = true, .reads_all = true };
    struct req r = { .user = &u };
    struct role_spec spec = { "learner", NULL, 0, 0 };
    cr_expect_not(accounts_role_is_grantable(&r, &spec), "an analyst changes nothing");
    cr_expect(accounts_role_is_grantable(NULL, &spec), "the command line may");
}
