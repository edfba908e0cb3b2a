/*
 * What the catalog's writers share: how typed text, links, minutes and
 * languages are checked (alike wherever a form or the API sends them), ids
 * as the audit log's text, and an audit entry of one field.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "audit/audit.h"
#include "core/utf8.h"
#include "view/form.h"
#include "core/i18n.h"

bool catalog_lang_ok(const char *lang)
{
    return i18n_lang_known(lang) != NULL && streq(i18n_lang_known(lang), lang);
}

bool catalog_in_list(const char *const *list, const char *s)
{
    for (size_t i = 0; s && list[i]; i++)
        if (streq(list[i], s))
            return true;
    return false;
}

const char *catalog_num_str(struct arena *a, int64_t n)
{
    return n ? arena_int(a, n) : "";
}

bool catalog_text_check(struct arena *a, json_t *errors, const char *field, const char *in,
                        size_t max, const char **out)
{
    const char *v = form_text_norm(a, in ? in : "");
    *out = v ? v : "";
    if (!v) {
        form_error(errors, field, N_("Enter text without invalid characters"));
        return false;
    }
    if (utf8_len(v) > max) {
        form_error(errors, field, max == CATALOG_TITLE_MAX ? N_("Use at most 200 characters")
                                                           : N_("This text is too long"));
        return false;
    }
    return true;
}

bool catalog_title_check(struct arena *a, json_t *errors, const char *in, const char *missing,
                         const char **out)
{
    if (!catalog_text_check(a, errors, "title", in, CATALOG_TITLE_MAX, out))
        return false;
    if (!**out) {
        form_error(errors, "title", missing);
        return false;
    }
    return true;
}

bool catalog_lang_check(json_t *errors, const char *lang)
{
    if (lang && catalog_lang_ok(lang))
        return true;
    form_error(errors, "lang", N_("Choose a language"));
    return false;
}

bool catalog_url_ok(const char *u)
{
    if (strncmp(u, "https://", 8) && strncmp(u, "http://", 7))
        return false;
    for (const char *p = u; *p; p++)
        if ((unsigned char)*p <= ' ' || *p == '"' || *p == '<' || *p == '>')
            return false;
    return strlen(u) <= 2000;
}

bool catalog_lesson_check(struct arena *a, const struct lesson_new *in, json_t *errors,
                          struct catalog_lesson_vals *v)
{
    bool ok = catalog_title_check(a, errors, in->title, N_("Enter the title of the lesson"),
                                  &v->title);

    v->video_url = in->video_url ? utf8_trim(a, in->video_url) : "";
    v->minutes = 0;
    ok &= catalog_text_check(a, errors, "body", in->body, CATALOG_BODY_MAX, &v->body);
    if (*v->video_url && !catalog_url_ok(v->video_url)) {
        form_error(errors, "video_url", N_("Enter a link that starts with https://"));
        ok = false;
    }
    /* digits only: strtoll alone would take " 5" and "+5" */
    if (in->minutes && *in->minutes) {
        char *end;
        v->minutes = strtoll(in->minutes, &end, 10);
        if (*end || v->minutes < 0 || v->minutes > 10000 ||
            !(*in->minutes >= '0' && *in->minutes <= '9')) {
            form_error(errors, "minutes", N_("Enter a whole number of minutes"));
            ok = false;
        }
    }
    return ok;
}

int catalog_audit_one(struct db *db, const struct actor *who,
                      const char *action, const char *type, int64_t id, const char *field,
                      const char *before, const char *after)
{
    json_t *changes = json_object();
    if (before)
        audit_diff(changes, field, before, after);
    else
        audit_after(changes, field, after);
    int rc = audit_record_id(db, who, action, type, id, changes);
    json_decref(changes);
    return rc;
}
