/*
 * POST /lang: the language switcher every page carries, for visitors and
 * signed-in people alike. The choice is remembered in a cookie, and in the
 * profile when someone is signed in.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "core/i18n.h"

int language_switch_submit(struct req *r)
{
    const char *lang = i18n_lang_known(http_form(r, "lang"));
    const char *next = http_form(r, "next");
    int rc;
    if (!lang)
        return http_error(r, 422, NULL);
    /* a signed-in person's profile language wins over the cookie, so change both */
    if (r->user && (rc = accounts_user_set_language(r, lang)) < 0)
        return rc;
    http_set_cookie(r, "dars_lang", lang, 365L * 24 * 3600);
    return http_redirect(r, http_local_path(next));
}
