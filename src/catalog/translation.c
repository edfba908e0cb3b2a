/*
 * Translations of courses, modules, lessons and programmes: a title and (but
 * for a module) a text per interface language, checked as the own texts are,
 * removed when both are empty, audited, and the course's search document
 * rebuilt. One writer serves the four kinds.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "audit/audit.h"
#include "db/db.h"

/* What differs between the kinds of text translated. */
struct translation {
    const char *action, *type; /* of the audit entry */
    const char *text_name;     /* "summary" or "body"; NULL: a title alone */
    size_t text_max;
    const char *put_sql, *del_sql; /* args: id, lang (, title, text) */
    const char *course_sql;        /* the course to reindex (args: id); NULL: id is the course */
    bool reindex;                  /* false: no search document (programmes) */
    bool html;                     /* the text's HTML is stored too (a lesson's body) */
};

static const struct translation course_tr = {
    "course.translate", "course", "summary", CATALOG_SUMMARY_MAX,
    course_i18n_put_sql, course_i18n_del_sql, NULL, true, false,
};
static const struct translation module_tr = {
    "module.translate", "module", NULL, 0,
    module_i18n_put_sql, module_i18n_del_sql, module_course_sql, true, false,
};
static const struct translation lesson_tr = {
    "lesson.translate", "lesson", "body", CATALOG_BODY_MAX,
    lesson_i18n_put_sql, lesson_i18n_del_sql, lesson_course_sql, true, true,
};
static const struct translation programme_tr = {
    "programme.translate", "programme", "summary", CATALOG_SUMMARY_MAX,
    programme_i18n_put_sql, programme_i18n_del_sql, NULL, false, false,
};

static int translate(struct db *db, struct arena *a, const struct actor *who,
                     const struct translation *k, int64_t id, const char *lang,
                     const char *title, const char *text, json_t *errors)
{
    const char *t, *x = "";
    int64_t course_id = id;
    bool ok = catalog_lang_check(errors, lang);
    int rc;

    ok &= catalog_text_check(a, errors, "title", title, CATALOG_TITLE_MAX, &t);
    if (k->text_name)
        ok &= catalog_text_check(a, errors, k->text_name, text, k->text_max, &x);
    if (!ok)
        return DARS_EINVALID;
    /* DARS_ENOTFOUND when the module or lesson is gone */
    if (k->course_sql &&
        (rc = db_query_int(db, k->course_sql, DB_ARGS(DB_INT(id)), &course_id)) < 0)
        return rc;
    if (!*t && !*x) {
        rc = db_exec(db, k->del_sql, DB_ARGS(DB_INT(id), DB_TEXT(lang)));
    } else if (k->html) {
        const char *html;
        if ((rc = catalog_lesson_html(a, x, &html)) < 0)
            return rc;
        rc = db_exec(db, k->put_sql, DB_ARGS(DB_INT(id), DB_TEXT(lang), DB_TEXT(t), DB_TEXT(x),
                                             DB_TEXT(html)));
    } else if (k->text_name)
        rc = db_exec(db, k->put_sql, DB_ARGS(DB_INT(id), DB_TEXT(lang), DB_TEXT(t), DB_TEXT(x)));
    else
        rc = db_exec(db, k->put_sql, DB_ARGS(DB_INT(id), DB_TEXT(lang), DB_TEXT(t)));
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, arena_printf(a, "title_%s", lang), t);
    if (k->text_name)
        audit_after(changes, arena_printf(a, "%s_%s", k->text_name, lang), x);
    rc = audit_record_id(db, who, k->action, k->type, id, changes);
    json_decref(changes);
    if (rc == 0 && k->reindex)
        rc = catalog_search_reindex(db, a, course_id);
    return rc;
}

int catalog_course_translate(struct db *db, struct arena *a, const struct actor *who,
                             int64_t course_id, const char *lang, const char *title,
                             const char *summary, json_t *errors)
{
    return translate(db, a, who, &course_tr, course_id, lang, title, summary, errors);
}

int catalog_module_translate(struct db *db, struct arena *a, const struct actor *who,
                             int64_t module_id, const char *lang, const char *title,
                             json_t *errors)
{
    return translate(db, a, who, &module_tr, module_id, lang, title, NULL, errors);
}

int catalog_lesson_translate(struct db *db, struct arena *a, const struct actor *who,
                             int64_t lesson_id, const char *lang, const char *title,
                             const char *body, json_t *errors)
{
    return translate(db, a, who, &lesson_tr, lesson_id, lang, title, body, errors);
}

int catalog_programme_translate(struct db *db, struct arena *a, const struct actor *who,
                                int64_t programme_id, const char *lang, const char *title,
                                const char *summary, json_t *errors)
{
    return translate(db, a, who, &programme_tr, programme_id, lang, title, summary, errors);
}
