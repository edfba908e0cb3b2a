/* Tests of src/http/router.c: matching, captures, 404 against 405. */
#include "core/base.h"
#include "http/route.h"

#include <criterion/criterion.h>

Test(router, matches_literals_and_captures)
{
    struct req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena);
    int i = route_match(&r, HTTP_GET, "/login");
    cr_assert_geq(i, 0);
    cr_assert_str_eq(route_at((size_t)i)->pattern, "/login");
    i = route_match(&r, HTTP_GET, "/assets/css/dars.css");
    cr_assert_geq(i, 0);
    cr_assert_str_eq(r.params[0], "css");
    cr_assert_str_eq(r.params[1], "dars.css");
    arena_release(&r.arena);
}

Test(router, tells_unknown_paths_from_wrong_methods)
{
    struct req r;
    memset(&r, 0, sizeof(r));
    arena_init(&r.arena);
    cr_assert_eq(route_match(&r, HTTP_GET, "/no/such/thing"), -1);
    cr_assert_eq(route_match(&r, HTTP_DELETE, "/login"), -2);
    cr_assert_eq(route_match(&r, HTTP_GET, "/login/"), -1, "a trailing slash is another path");
    cr_assert_geq(route_match(&r, HTTP_HEAD, "/healthz"), 0, "HEAD is answered like GET");
    arena_release(&r.arena);
}
