/* Tests of src/http/response.c: the one check for where a redirect may go (issue 11). */
#include "core/base.h"
#include "http/http.h"

#include <criterion/criterion.h>

Test(response, local_paths_are_kept)
{
    static const char *const ok[] = { "/", "/courses", "/courses?q=cyber&page=2",
                                      "/admin/users/7", "/courses/ŞƏKİ-1", "/a//b" };
    for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
        cr_assert(http_is_local_path(ok[i]), "%s", ok[i]);
        cr_assert_str_eq(http_local_path(ok[i]), ok[i]);
    }
}

Test(response, anything_a_browser_could_read_as_another_site_goes_home)
{
    static const char *const bad[] = {
        "//evil.example/x", "/\t/evil.example/x", "/\n/evil.example", "/\r/evil.example",
        "/\\evil.example", "\\/evil.example", "https://evil.example/", "evil.example",
        "javascript:alert(1)", "/ /evil.example", "/x\x7f", "", "/\x01x",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        cr_assert_not(http_is_local_path(bad[i]), "%zu", i);
        cr_assert_str_eq(http_local_path(bad[i]), "/");
    }
    cr_assert_not(http_is_local_path(NULL));
    cr_assert_str_eq(http_local_path(NULL), "/");
}
