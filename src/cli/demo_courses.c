/*
 * The demo's courses and programmes, read from the JSON files under
 * src/cli/demo/ (embedded in the binary) and written through catalog.h, so
 * the demo obeys the same checks and audit as a person at the course form.
 *
 * One file per course, any name ending in .json except programmes.json:
 *
 *   {"code": "EGOV-101",             required; a course with this code is left alone
 *    "language": "az",               the course's own language (en ru az uz)
 *    "topic": "e-government",        one of catalog_topics
 *    "delivery": "online",           online | face-to-face | blended
 *    "enrol_mode": "open",           open | approval (optional, default open)
 *    "capacity": null,               a number, or null for no limit (optional)
 *    "centre": "C-BAK",              a centre code, or null (optional)
 *    "published": true,              publish it once written (optional, default false)
 *    "title": "...", "summary": "...",                        in the course's language
 *    "translations": {"en": {"title": "...", "summary": "..."}, ...},        (optional)
 *    "instructors": ["e-mail of a demo person", ...],                       (optional)
 *    "modules": [{"title": "...",
 *                 "translations": {"en": {"title": "..."}},                 (optional)
 *                 "lessons": [{"title": "...", "body": "Markdown",
 *                              "minutes": 15, "video_url": "https://...",   (optional)
 *                              "translations": {"ru": {"title": "...", "body": "..."}}}]}]}
 *
 * programmes.json: {"programmes": [{"code", "title", "summary", "published",
 * "translations" (as a course's), "courses": ["EGOV-101", ...] in order}]}.
 * Unknown keys are refused, so a misspelt one does not silently drop text.
 */
#include "core/base.h"
#include "cli/demo_courses.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/embed.h"
#include "core/utf8.h"
#include "db/db.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

#define DEMO_DIR "src/cli/demo/"
#define DEMO_PROGRAMMES DEMO_DIR "programmes.json"

static const char *const course_keys[] = {
    "code", "language", "topic", "delivery", "enrol_mode", "capacity", "centre", "published",
    "certificate", "certificate_months", "title", "summary", "translations", "instructors",
    "modules", NULL
};
static const char *const module_keys[] = { "title", "translations", "lessons", NULL };
static const char *const lesson_keys[] = {
    "title", "body", "minutes", "video_url", "translations", NULL
};
static const char *const top_keys[] = { "programmes", NULL };
static const char *const programme_keys[] = {
    "code", "title", "summary", "published", "mentor_training", "certificate",
    "certificate_months", "translations", "courses", NULL
};

/* Say what is wrong and where ("course EGOV-101, module 2, lesson 3"). */
static int bad(const char *file, const char *where, const char *fmt, const char *arg)
{
    fprintf(stderr, "dars: demo: '%s': %s: ", file, where);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    return DARS_EINVALID;
}

/* The catalog refused something: print its field messages (or rc alone). */
static int refused(const char *file, const char *where, int rc, json_t *errors)
{
    const char *k;
    json_t *v;
    if (json_object_size(errors) == 0)
        fprintf(stderr, "dars: demo: '%s': %s: refused (%d)\n", file, where, rc);
    json_object_foreach(errors, k, v)
        fprintf(stderr, "dars: demo: '%s': %s: %s: %s\n", file, where, k, json_string_value(v));
    json_object_clear(errors);
    return rc;
}

static int check_object(const char *file, const char *where, json_t *o,
                        const char *const *allowed)
{
    const char *k;
    json_t *v;
    if (!json_is_object(o))
        return bad(file, where, "%s", "must be an object");
    json_object_foreach(o, k, v) {
        size_t i = 0;
        while (allowed[i] && !streq(allowed[i], k))
            i++;
        if (!allowed[i])
            return bad(file, where, "unknown key '%s'", k);
    }
    return 0;
}

/* o[key] as a string: required ones must be non-empty; optional ones are NULL when absent. */
static int get_str(const char *file, const char *where, json_t *o, const char *key,
                   bool required, const char **out /* OUT */)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v)) {
        if (required)
            return bad(file, where, "'%s' is missing", key);
        return 0;
    }
    if (!json_is_string(v) || (required && json_string_length(v) == 0))
        return bad(file, where, "'%s' must be a non-empty string", key);
    *out = json_string_value(v);
    return 0;
}

/* o[key] as digits for the catalog's text fields; NULL when absent or null. */
static int get_count(struct arena *a, const char *file, const char *where, json_t *o,
                     const char *key, const char **out /* OUT */)
{
    json_t *v = json_object_get(o, key);
    *out = NULL;
    if (!v || json_is_null(v))
        return 0;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return bad(file, where, "'%s' must be a whole number or null", key);
    *out = arena_printf(a, "%lld", (long long)json_integer_value(v));
    return 0;
}

static int get_bool(const char *file, const char *where, json_t *o, const char *key,
                    bool *out /* OUT */)
{
    json_t *v = json_object_get(o, key);
    *out = false;
    if (!v)
        return 0;
    if (!json_is_boolean(v))
        return bad(file, where, "'%s' must be true or false", key);
    *out = json_is_true(v);
    return 0;
}

/* o[key] as an array (empty when absent). */
static int get_array(const char *file, const char *where, json_t *o, const char *key,
                     bool required, json_t **out /* OUT */)
{
    json_t *v = json_object_get(o, key);
    *out = v;
    if (!v && !required)
        return 0;
    if (!json_is_array(v) || (required && json_array_size(v) == 0))
        return bad(file, where, "'%s' must be a non-empty list", key);
    return 0;
}

/*
 * The translations of o: calls back for each language with its title and
 * second text (summary or body; NULL when second is NULL, i.e. titles only).
 */
struct tr {
    const char *lang, *title, *text;
};

static int get_translations(struct arena *a, const char *file, const char *where, json_t *o,
                            const char *second, struct tr **out /* OUT */, size_t *n /* OUT */)
{
    json_t *t = json_object_get(o, "translations"), *v;
    const char *lang;
    const char *keys[3] = { "title", second, NULL };
    int rc;

    *out = NULL;
    *n = 0;
    if (!t)
        return 0;
    if (!json_is_object(t))
        return bad(file, where, "%s", "'translations' must be an object");
    *out = ARENA_NEW_N(a, struct tr, json_object_size(t) + 1);
    json_object_foreach(t, lang, v) {
        const char *w = arena_printf(a, "%s, %s translation", where, lang);
        struct tr *x = &(*out)[(*n)++];
        x->lang = lang;
        if ((rc = check_object(file, w, v, keys)) < 0 ||
            (rc = get_str(file, w, v, "title", true, &x->title)) < 0)
            return rc;
        if (second && (rc = get_str(file, w, v, second, true, &x->text)) < 0)
            return rc;
    }
    return 0;
}

static int lesson_load(struct db *db, struct arena *a, const struct actor *who, const char *file,
                       const char *where, int64_t module_id, json_t *l, json_t *errors)
{
    struct lesson_new in = { 0 };
    struct tr *tr;
    size_t ntr;
    int64_t id;
    int rc;

    if ((rc = check_object(file, where, l, lesson_keys)) < 0 ||
        (rc = get_str(file, where, l, "title", true, &in.title)) < 0 ||
        (rc = get_str(file, where, l, "body", true, &in.body)) < 0 ||
        (rc = get_str(file, where, l, "video_url", false, &in.video_url)) < 0 ||
        (rc = get_count(a, file, where, l, "minutes", &in.minutes)) < 0 ||
        (rc = get_translations(a, file, where, l, "body", &tr, &ntr)) < 0)
        return rc;
    if ((rc = catalog_lesson_insert(db, a, who, module_id, &in, errors, &id)) < 0)
        return refused(file, where, rc, errors);
    for (size_t i = 0; i < ntr; i++)
        if ((rc = catalog_lesson_translate(db, a, who, id, tr[i].lang, tr[i].title, tr[i].text,
                                           errors)) < 0)
            return refused(file, arena_printf(a, "%s, %s translation", where, tr[i].lang), rc,
                           errors);
    return 0;
}

static int module_load(struct db *db, struct arena *a, const struct actor *who, const char *file,
                       const char *where, int64_t course_id, json_t *m, json_t *errors,
                       size_t *nlessons /* OUT */)
{
    const char *title;
    json_t *lessons, *l;
    struct tr *tr;
    size_t ntr, i;
    int64_t id;
    int rc;

    if ((rc = check_object(file, where, m, module_keys)) < 0 ||
        (rc = get_str(file, where, m, "title", true, &title)) < 0 ||
        (rc = get_translations(a, file, where, m, NULL, &tr, &ntr)) < 0 ||
        (rc = get_array(file, where, m, "lessons", true, &lessons)) < 0)
        return rc;
    if ((rc = catalog_module_insert(db, a, who, course_id, title, errors, &id)) < 0)
        return refused(file, where, rc, errors);
    for (i = 0; i < ntr; i++)
        if ((rc = catalog_module_translate(db, a, who, id, tr[i].lang, tr[i].title, errors)) < 0)
            return refused(file, where, rc, errors);
    json_array_foreach(lessons, i, l) {
        const char *w = arena_printf(a, "%s, lesson %zu", where, i + 1);
        if ((rc = lesson_load(db, a, who, file, w, id, l, errors)) < 0)
            return rc;
    }
    *nlessons += json_array_size(lessons);
    return 0;
}

static int instructor_add(struct db *db, struct arena *a, const struct actor *who,
                          const char *file, const char *where, int64_t course_id, json_t *e)
{
    struct accounts_user_ref u;
    int rc;

    if (!json_is_string(e))
        return bad(file, where, "%s", "'instructors' must hold e-mails");
    rc = accounts_user_by_email(db, a, json_string_value(e), &u);
    if (rc == DARS_ENOTFOUND)
        return bad(file, where, "no demo person '%s' to be the instructor", json_string_value(e));
    if (rc < 0)
        return rc;
    return catalog_course_add_instructor(db, a, who, course_id, u.id);
}

/* One course file; *lessons gets how many lessons it wrote (0 when the course existed). */
static int course_load(struct db *db, struct arena *a, const struct actor *who, const char *file,
                       json_t *root, json_t *errors, size_t *lessons /* OUT */)
{
    struct course_new in = { 0 };
    struct catalog_course c;
    json_t *modules, *instructors, *v;
    struct tr *tr;
    size_t ntr, i;
    bool published, certificate;
    int64_t id;
    int rc;

    *lessons = 0;
    if ((rc = check_object(file, "course", root, course_keys)) < 0 ||
        (rc = get_str(file, "course", root, "code", true, &in.code)) < 0)
        return rc;
    const char *where = arena_printf(a, "course %s", in.code);
    rc = catalog_course_get(db, a, in.code, "en", &c);
    if (rc == 0)
        return 0; /* there already: the demo never overwrites what people may have edited */
    if (rc != DARS_ENOTFOUND)
        return rc;
    if ((rc = get_str(file, where, root, "title", true, &in.title)) < 0 ||
        (rc = get_str(file, where, root, "summary", true, &in.summary)) < 0 ||
        (rc = get_str(file, where, root, "language", true, &in.language)) < 0 ||
        (rc = get_str(file, where, root, "topic", true, &in.topic)) < 0 ||
        (rc = get_str(file, where, root, "delivery", true, &in.delivery)) < 0 ||
        (rc = get_str(file, where, root, "enrol_mode", false, &in.enrol_mode)) < 0 ||
        (rc = get_str(file, where, root, "centre", false, &in.centre)) < 0 ||
        (rc = get_count(a, file, where, root, "capacity", &in.capacity)) < 0 ||
        (rc = get_bool(file, where, root, "published", &published)) < 0 ||
        (rc = get_bool(file, where, root, "certificate", &certificate)) < 0 ||
        (rc = get_count(a, file, where, root, "certificate_months", &in.certificate_months)) < 0 ||
        (rc = get_translations(a, file, where, root, "summary", &tr, &ntr)) < 0 ||
        (rc = get_array(file, where, root, "instructors", false, &instructors)) < 0 ||
        (rc = get_array(file, where, root, "modules", true, &modules)) < 0)
        return rc;

    /* before any enrolment completes: the completions then issue them (certs) */
    in.certificate = certificate ? "1" : "0";
    if ((rc = catalog_course_insert(db, a, who, &in, errors, &id)) < 0)
        return refused(file, where, rc, errors);
    for (i = 0; i < ntr; i++)
        if ((rc = catalog_course_translate(db, a, who, id, tr[i].lang, tr[i].title, tr[i].text,
                                           errors)) < 0)
            return refused(file, arena_printf(a, "%s, %s translation", where, tr[i].lang), rc,
                           errors);
    json_array_foreach(instructors, i, v)
        if ((rc = instructor_add(db, a, who, file, where, id, v)) < 0)
            return rc;
    json_array_foreach(modules, i, v) {
        const char *w = arena_printf(a, "%s, module %zu", where, i + 1);
        if ((rc = module_load(db, a, who, file, w, id, v, errors, lessons)) < 0)
            return rc;
    }
    if (published) {
        /* published last, so that the course never shows half-written */
        if ((rc = catalog_course_get_id(db, a, id, "en", &c)) < 0 ||
            (rc = catalog_course_set_published(db, a, who, &c, true)) < 0)
            return rc;
    }
    return 0;
}

static int programme_load(struct db *db, struct arena *a, const struct actor *who,
                          const char *file, const char *where, json_t *p, json_t *errors,
                          bool *created /* OUT */)
{
    struct programme_new in = { 0 };
    struct catalog_course c;
    json_t *courses, *v;
    struct tr *tr;
    size_t ntr, i;
    bool published, mentor_training, certificate;
    int64_t id;
    int rc;

    *created = false;
    if ((rc = check_object(file, where, p, programme_keys)) < 0 ||
        (rc = get_str(file, where, p, "code", true, &in.code)) < 0 ||
        (rc = get_str(file, where, p, "title", true, &in.title)) < 0 ||
        (rc = get_str(file, where, p, "summary", false, &in.summary)) < 0 ||
        (rc = get_bool(file, where, p, "published", &published)) < 0 ||
        (rc = get_bool(file, where, p, "mentor_training", &mentor_training)) < 0 ||
        (rc = get_bool(file, where, p, "certificate", &certificate)) < 0 ||
        (rc = get_count(a, file, where, p, "certificate_months", &in.certificate_months)) < 0 ||
        (rc = get_translations(a, file, where, p, "summary", &tr, &ntr)) < 0 ||
        (rc = get_array(file, where, p, "courses", true, &courses)) < 0)
        return rc;
    in.mentor_training = mentor_training ? "1" : "0";
    in.certificate = certificate ? "1" : "0";
    where = arena_printf(a, "programme %s", in.code);
    rc = catalog_programme_id(db, a, in.code, &id);
    if (rc == 0)
        return 0; /* there already */
    if (rc != DARS_ENOTFOUND)
        return rc;
    rc = catalog_programme_insert(db, a, who, &in, errors, &id);
    if (rc < 0)
        return refused(file, where, rc, errors);
    for (i = 0; i < ntr; i++)
        if ((rc = catalog_programme_translate(db, a, who, id, tr[i].lang, tr[i].title,
                                              tr[i].text, errors)) < 0)
            return refused(file, arena_printf(a, "%s, %s translation", where, tr[i].lang), rc,
                           errors);
    json_array_foreach(courses, i, v) {
        if (!json_is_string(v))
            return bad(file, where, "%s", "'courses' must hold course codes");
        rc = catalog_course_get(db, a, json_string_value(v), "en", &c);
        if (rc == DARS_ENOTFOUND)
            return bad(file, where, "no course '%s'", json_string_value(v));
        if (rc < 0 || (rc = catalog_programme_add_course(db, a, who, id, c.id)) < 0)
            return rc;
    }
    if (published && (rc = catalog_programme_set_published(db, a, who, id, true)) < 0)
        return rc;
    *created = true;
    return 0;
}

/* Parse an embedded file; prints where the JSON is broken. */
static int parse(const struct embedded_file *f, json_t **out /* OUT */)
{
    json_error_t e;
    *out = json_loadb((const char *)f->data, f->len, JSON_REJECT_DUPLICATES, &e);
    if (!*out) {
        fprintf(stderr, "dars: demo: '%s': line %d, column %d: %s\n", f->name, e.line, e.column,
                e.text);
        return DARS_EINVALID;
    }
    return 0;
}

static bool is_course_file(const char *name)
{
    size_t n = strlen(name);
    return strncmp(name, DEMO_DIR, strlen(DEMO_DIR)) == 0 && n > 5 &&
           streq(name + n - 5, ".json") && !streq(name, DEMO_PROGRAMMES);
}

int demo_courses(struct db *db, struct arena *a, const struct actor *who)
{
    json_t *errors = json_object(), *root = NULL, *list, *p;
    size_t courses = 0, lessons = 0, programmes = 0, n, i;
    bool created;
    int rc = DARS_ERR;

    for (const struct embedded_file *f = embedded_files; f->name; f++) {
        if (!is_course_file(f->name))
            continue;
        if ((rc = parse(f, &root)) < 0 ||
            (rc = course_load(db, a, who, f->name, root, errors, &n)) < 0)
            goto out;
        json_decref(root);
        root = NULL;
        courses += n > 0;
        lessons += n;
    }

    const struct embedded_file *f = embedded_find(DEMO_PROGRAMMES);
    if (!f) {
        fprintf(stderr, "dars: demo: '%s' is not in this build\n", DEMO_PROGRAMMES);
        rc = DARS_EINVALID;
        goto out;
    }
    if ((rc = parse(f, &root)) < 0 || (rc = check_object(f->name, "top", root, top_keys)) < 0 ||
        (rc = get_array(f->name, "top", root, "programmes", true, &list)) < 0)
        goto out;
    json_array_foreach(list, i, p) {
        const char *w = arena_printf(a, "programme %zu", i + 1);
        if ((rc = programme_load(db, a, who, f->name, w, p, errors, &created)) < 0)
            goto out;
        programmes += created;
    }
    if (courses || programmes)
        printf("demo courses created: %zu courses with %zu lessons, %zu programmes\n", courses,
               lessons, programmes);
    rc = 0;
out:
    json_decref(root);
    json_decref(errors);
    return rc;
}
