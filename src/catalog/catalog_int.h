/* What the files of src/catalog share: SQL texts, records and handlers. */
#ifndef DARS_CATALOG_CATALOG_INT_H
#define DARS_CATALOG_CATALOG_INT_H

#include "catalog/catalog.h"

struct val;

/* courses per page of the catalogue */
#define CATALOG_PAGE_SIZE 20
#define CATALOG_TITLE_MAX 200
#define CATALOG_SUMMARY_MAX 2000
#define CATALOG_BODY_MAX (200 * 1024)

/*
 * For FROM clauses: the live lessons (l) of live modules (m). A deleted
 * module hides its lessons, wherever lessons are read or counted.
 */
#define CATALOG_LIVE_LESSONS                                                                  \
    " lessons l JOIN course_modules m ON m.id = l.module_id AND m.deleted_at IS NULL"         \
    " AND l.deleted_at IS NULL"

/*
 * A translation of a title and a text (args: id, lang, title, text), written
 * over the one before; and its removal (args: id, lang).
 */
#define CATALOG_I18N_PUT(table, key, text)                                                    \
    "INSERT INTO " table " (" key ", lang, title, " text ") VALUES (?, ?, ?, ?)"              \
    " ON CONFLICT (" key ", lang) DO UPDATE SET title = excluded.title,"                      \
    " " text " = excluded." text
#define CATALOG_I18N_DEL(table, key) "DELETE FROM " table " WHERE " key " = ? AND lang = ?"

/* How many live courses programme p holds (a column of a SELECT on programmes p). */
#define CATALOG_PROGRAMME_COURSE_COUNT                                                        \
    " (SELECT COUNT(*) FROM programme_courses pc JOIN courses c ON c.id = pc.course_id"       \
    "  AND c.deleted_at IS NULL WHERE pc.programme_id = p.id)"

/*
 * Who manages programme p (catalog_programme_may_manage in SQL): admins all,
 * managers the programmes of centres in their scope and of regions they
 * manage whole; national ones are the admins'. Args: is_admin, user id twice.
 */
#define CATALOG_PROGRAMME_MANAGED                                                             \
    " (CAST(? AS BIGINT) = 1 OR p.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL ")"              \
    " OR p.region_id IN (" ACCOUNTS_SCOPE_REGIONS_SQL "))"

/* course_sql.c */
extern const char course_by_id_sql[];
extern const char course_by_code_sql[];
extern const char course_code_taken_sql[];
extern const char course_insert_sql[];
extern const char course_update_sql[];
extern const char course_publish_sql[];
extern const char course_cover_sql[];
extern const char course_i18n_put_sql[];
extern const char course_i18n_del_sql[];
extern const char course_instructor_add_sql[];
extern const char course_is_instructor_sql[];
extern const char module_max_pos_sql[];
extern const char module_insert_sql[];
extern const char module_course_sql[];
extern const char module_i18n_put_sql[];
extern const char module_i18n_del_sql[];
extern const char lesson_max_pos_sql[];
extern const char lesson_insert_sql[];
extern const char lesson_course_sql[];
extern const char lesson_i18n_put_sql[];
extern const char lesson_i18n_del_sql[];
extern const char lesson_ids_sql[];
extern const char outline_sql[];
extern const char lesson_get_sql[];
extern const char attachment_insert_sql[];
extern const char attachment_list_sql[];
extern const char attachment_get_sql[];

/* programme_sql.c */
extern const char programme_by_code_sql[];
extern const char programme_by_id_sql[];
extern const char programme_code_taken_sql[];
extern const char programme_insert_sql[];
extern const char programme_region_managed_sql[];
extern const char programme_regions_sql[];
extern const char programme_publish_sql[];
extern const char programme_max_pos_sql[];
extern const char programme_add_course_sql[];
extern const char programme_i18n_put_sql[];
extern const char programme_i18n_del_sql[];
extern const char programme_courses_sql[];
extern const char programme_list_sql[];
extern const char programme_of_course_sql[];
extern const char programme_after_sql[];

/* A programme as read (PROGRAMME_SELECT in programme_sql.c); strings live in the arena. */
struct catalog_programme {
    int64_t id;
    const char *code;
    const char *title, *summary;         /* in the reader's language where translated */
    const char *own_title, *own_summary; /* as stored */
    const char *status;                  /* draft | published */
    int64_t courses;                     /* live courses in it */
    int64_t centre_id, region_id;        /* the owner; both 0: national */
    const char *centre, *region;         /* their codes, "" when none */
    const char *created_at, *updated_at;
    bool mentor_training;                /* marked as training mentors */
    bool certificate;                    /* gives a certificate on completion (DESIGN.md 6a) */
    int64_t certificate_months;          /* its validity; 0: no expiry */
};

/* programme.c */
struct db_stmt;
/* A row of PROGRAMME_SELECT into p. */
void catalog_programme_row(struct arena *a, struct db_stmt *st, struct catalog_programme *p);
/* A live programme by code (any case) or by id, texts in lang; DARS_ENOTFOUND when none. */
int catalog_programme_get(struct db *db, struct arena *a, const char *code, const char *lang,
                          struct catalog_programme *out /* OUT */);
int catalog_programme_get_id(struct db *db, struct arena *a, int64_t id, const char *lang,
                             struct catalog_programme *out /* OUT */);
/*
 * The owner of in (centre and region codes) as ids, 0 for none: DARS_EINVALID
 * with errors["centre"] or errors["region"] for an unknown code or both.
 */
int catalog_programme_owner_ids(struct db *db, struct arena *a, const struct programme_new *in,
                                json_t *errors, int64_t *centre_id /* OUT */,
                                int64_t *region_id /* OUT */);

/* author_programme.c: who may do what to a programme (the pages and the API alike) */
/*
 * May the request's user change p (CATALOG_PROGRAMME_MANAGED)? Returns 0 and
 * sets *yes, or a database error.
 */
int catalog_programme_may_manage(struct req *r, const struct catalog_programme *p,
                                 bool *yes /* OUT */);
/*
 * May the user give a programme this owner (codes as typed, NULL/"" none)?
 * Admins any; managers a centre in their scope or a region they manage, and
 * never none (national). errors["centre"] or errors["region"] when not;
 * unknown codes are left for the store to refuse.
 */
int catalog_programme_owner_check(struct req *r, const char *centre, const char *region,
                                  json_t *errors);
/*
 * The course code names for a programme's list: DARS_ENOTFOUND when there is
 * none, or it is a draft the user does not manage, so that the answer is the
 * same and tells nothing of the draft (issue 11).
 */
int catalog_programme_course_find(struct req *r, const char *code,
                                  struct catalog_course *out /* OUT */);

/* search_sql.c */
extern const char search_texts_sql[];
extern const char search_delete_sql[];
extern const char search_insert_sql[];
extern const char browse_page_sql[];
extern const char browse_page_q_sqlite_sql[];
extern const char browse_page_q_pg_sql[];
extern const char browse_after_sql[];
extern const char browse_after_q_sqlite_sql[];
extern const char browse_after_q_pg_sql[];

/* course.c */
json_t *catalog_course_json(const struct catalog_course *c);
bool catalog_lang_ok(const char *lang);
/* The name of a course language in that language ("Русский", "한국어"). */
const char *catalog_lang_name(const char *code);
/* Whether the request's user may write courses at all: admins, managers, instructors. */
bool catalog_is_author(const struct req *r);

/* The choices of a course's fields (course.c), NULL-terminated. */
extern const char *const catalog_course_langs[];
extern const char *const catalog_deliveries[];
extern const char *const catalog_enrol_modes[];

/* store.c: what the writers share, so that a form and the API are checked alike */
bool catalog_in_list(const char *const *list, const char *s);
/* n as decimal text from the arena (arena_int), "" for 0 (no value) */
const char *catalog_num_str(struct arena *a, int64_t n);
/*
 * Normalised text of at most max characters into *out ("" when it is not
 * text); false, and errors[field], when it is not valid or is too long.
 */
bool catalog_text_check(struct arena *a, json_t *errors, const char *field, const char *in,
                        size_t max, const char **out /* OUT */);
/* A title (errors["title"]): checked as text, and missing (a msgid) when it is empty. */
/*
 * A course's or programme's certificate and certificate_months as a form or
 * the API gives them: "1" | "0", and digits ("" for no expiry, 1 to 1200);
 * NULL leaves *gives or *valid_months as they are. False, with errors, when
 * either is wrong.
 */
bool catalog_certificate_check(const char *certificate, const char *months, json_t *errors,
                               bool *gives, int64_t *valid_months);
bool catalog_title_check(struct arena *a, json_t *errors, const char *in, const char *missing,
                         const char **out /* OUT */);
/* Whether lang is an interface language; errors["lang"] when not. */
bool catalog_lang_check(json_t *errors, const char *lang);
/* An http(s) link without spaces or markup characters, at most 2000 bytes. */
bool catalog_url_ok(const char *u);
/* A lesson's fields as the store writes them. */
struct catalog_lesson_vals {
    const char *title, *body, *video_url;
    int64_t minutes;
};
/* Check a lesson's fields (a title is required); false with field errors otherwise. */
bool catalog_lesson_check(struct arena *a, const struct lesson_new *in, json_t *errors,
                          struct catalog_lesson_vals *v /* OUT */);
/* Audit action on (type, id) changing one field: before -> after, or after alone (before NULL). */
int catalog_audit_one(struct db *db, const struct actor *who,
                      const char *action, const char *type, int64_t id, const char *field,
                      const char *before, const char *after);

/* One entry of a course's outline. */
struct catalog_outline_lesson {
    int64_t id, minutes;
    const char *title;
};
struct catalog_outline_module {
    int64_t id;
    const char *title;
    struct catalog_outline_lesson *lessons;
    size_t nlessons;
};
/* The outline of a course in lang (one statement), from the arena. */
int catalog_outline(struct db *db, struct arena *a, int64_t course_id, const char *lang,
                    struct catalog_outline_module **mods /* OUT */, size_t *nmods /* OUT */);

/* A lesson as read for one language. */
struct catalog_lesson {
    int64_t id, module_id, minutes, position;
    const char *title, *body;         /* in the reader's language where translated */
    const char *own_title, *own_body; /* in the course's language */
    const char *html, *own_html;      /* body and own_body as HTML (lesson_html.c) */
    const char *video_url, *created_at, *updated_at;
};
int catalog_lesson_get(struct db *db, struct arena *a, int64_t course_id, int64_t lesson_id,
                       const char *lang, struct catalog_lesson *out /* OUT */);

/* search.c */
/* the engine's full-text query for a search box's words, NULL when there are none */
const char *catalog_search_query(struct arena *a, const char *q, bool pg);

/* Handlers: browse.c (catalogue, course, lesson, attachment), api.c. */
int catalog_browse_page(struct req *r);
int catalog_course_page(struct req *r);
int catalog_lesson_page(struct req *r);
int catalog_attachment_download(struct req *r);
int catalog_programme_page(struct req *r);
int catalog_api_courses(struct req *r);
int catalog_api_course(struct req *r);
int catalog_api_course_create(struct req *r);
int catalog_api_course_patch(struct req *r);
int catalog_api_lesson(struct req *r);
int catalog_api_programmes(struct req *r);
int catalog_api_programme(struct req *r);
int catalog_api_programme_create(struct req *r);
int catalog_api_programme_patch(struct req *r);


/* ---- author*.c, edit.c: the authoring pages and the store functions they add ---- */

/* edit_sql.c */
extern const char module_get_sql[];
extern const char module_update_sql[];
extern const char module_prev_sql[];
extern const char module_next_sql[];
extern const char module_set_pos_sql[];
extern const char module_delete_sql[];
extern const char module_lessons_delete_sql[];
extern const char lesson_pos_sql[];
extern const char lesson_update_sql[];
extern const char lesson_prev_sql[];
extern const char lesson_next_sql[];
extern const char lesson_set_pos_sql[];
extern const char lesson_delete_sql[];
extern const char attachment_name_sql[];
extern const char attachment_delete_sql[];
extern const char course_instructor_del_sql[];
extern const char programme_update_sql[];
extern const char programme_course_pos_sql[];
extern const char programme_course_prev_sql[];
extern const char programme_course_next_sql[];
extern const char programme_course_set_pos_sql[];
extern const char programme_course_del_sql[];

/* author_sql.c */
extern const char author_count_sql[];
extern const char author_page_sql[];
extern const char author_count_q_sqlite_sql[];
extern const char author_page_q_sqlite_sql[];
extern const char author_count_q_pg_sql[];
extern const char author_page_q_pg_sql[];
extern const char author_centres_sql[];
extern const char author_instructors_sql[];
extern const char author_course_i18n_sql[];
extern const char author_module_i18n_sql[];
extern const char author_lesson_i18n_sql[];
extern const char author_programme_i18n_sql[];
extern const char author_programme_count_sql[];
extern const char author_programme_page_sql[];

/*
 * edit.c: each checks, writes and audits inside the caller's transaction, and
 * reindexes the course after a text change. DARS_ENOTFOUND when the object is
 * not (or no longer) a live part of course_id / programme_id.
 */
/* The live module's title and position; DARS_ENOTFOUND when it is not one of course_id's. */
int catalog_module_get(struct db *db, struct arena *a, int64_t course_id, int64_t module_id,
                       const char **title /* OUT */, int64_t *pos /* OUT */);
int catalog_module_update(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t module_id, const char *title,
                          json_t *errors);
/* Swap with the live neighbour above (up) or below; *moved false when there is none. */
int catalog_module_move(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, int64_t module_id, bool up, bool *moved /* OUT */);
/* Soft-delete a live module of the course and its lessons, audited; DARS_ENOTFOUND if none. */
int catalog_module_delete(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t module_id);
int catalog_lesson_update(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, const struct catalog_lesson *old,
                          const struct lesson_new *in, json_t *errors);
/* Within its module, as catalog_module_move. */
int catalog_lesson_move(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, int64_t lesson_id, bool up, bool *moved /* OUT */);
int catalog_lesson_delete(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, int64_t lesson_id);
int catalog_attachment_delete(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, int64_t attachment_id);
int catalog_course_remove_instructor(struct db *db, struct arena *a, const struct actor *who,
                                     int64_t course_id, int64_t user_id);
/* Title, summary and, unless in's centre and region are both NULL, the owner. */
int catalog_programme_update(struct db *db, struct arena *a, const struct actor *who,
                             const struct catalog_programme *old, const struct programme_new *in,
                             json_t *errors);
int catalog_programme_remove_course(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t programme_id, int64_t course_id);
int catalog_programme_move_course(struct db *db, struct arena *a, const struct actor *who,
                                  int64_t programme_id, int64_t course_id, bool up,
                                  bool *moved /* OUT */);

/* author.c: what the authoring pages share */
/* "/courses/CODE/edit", the course editor (arena) */
const char *catalog_author_edit_url(struct req *r, const struct catalog_course *c);
/* The same for a course code as typed (normalised first), e.g. one just saved. */
const char *catalog_author_code_edit_url(struct req *r, const char *code);
/* ctx.crumbs of a page inside the course editor: Course admin, the course. */
void catalog_author_crumbs(struct req *r, struct val *ctx, const struct catalog_course *c);
/* Flash msgid and redirect to url. */
int catalog_author_done(struct req *r, const char *msgid, const char *url);
/* The course of the URL and its live module params[1] (id and title): as catalog_course_managed. */
int catalog_author_module(struct req *r, struct catalog_course *c /* OUT */, int64_t *id /* OUT */,
                          const char **title /* OUT */);
/*
 * The "are you sure?" page before deleting name, posting back to this URL.
 * back: where "Cancel" goes; crumb (may be NULL): what back is, when it is
 * not the course editor.
 */
int catalog_author_confirm(struct req *r, const struct catalog_course *c, const char *title,
                           const char *name, const char *lead, const char *button,
                           const char *back, const char *crumb);
/* The posted field direction: *up; false when it is neither "up" nor "down". */
bool catalog_author_direction(struct req *r, bool *up /* OUT */);

/* The course form's fields as posted (strings "" when absent). */
struct course_new catalog_author_course_read(struct req *r);
/*
 * Put the course form into ctx: "f" (the values) and the choices. The centre
 * choices are those the user may pick, and keep_centre (the course's own, 0
 * for none) whoever they are.
 */
int catalog_author_course_form(struct req *r, struct val *ctx, const struct course_new *f,
                               int64_t keep_centre);
/* May the user put a course at centre (a code, "" for none)? errors["centre"] when not. */
int catalog_author_centre_check(struct req *r, const char *centre, int64_t keep_centre,
                                json_t *errors);

/* A catalog_*_translate function (module titles get an adapter that ignores text). */
typedef int (*catalog_translate_fn)(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t id, const char *lang, const char *title,
                                    const char *text, json_t *errors);
/*
 * The translation fields of a text for a form, as template values from the
 * request's arena: [{code, name, title_field, text_field, title, text,
 * title_error, text_error}] for each language but own_lang. The stored ones
 * come from sql (args: id; columns lang, title, text); typed (may be NULL)
 * holds what was posted ("title_ru", "summary_ru" ...) and wins; errors (may
 * be NULL) the field errors, untranslated. text_name is "summary", "body" or
 * NULL (a title alone).
 */
int catalog_author_i18n_list(struct req *r, const char *sql, int64_t id, const char *own_lang,
                             const char *text_name, const struct val *typed, json_t *errors,
                             struct val **out /* OUT */);
/*
 * End the transaction of a write whose status is rc, saving the posted
 * translations in it first (checked even when rc is DARS_EINVALID). On
 * DARS_EINVALID *typed gets what was posted (an object from the request's
 * arena, for catalog_author_i18n_list), else NULL.
 */
int catalog_author_i18n_end(struct req *r, int rc, const char *sql, int64_t id,
                            const char *own_lang, const char *text_name, catalog_translate_fn fn,
                            json_t *errors, struct val **typed /* OUT */);
/* The translations alone, in a transaction of their own (as catalog_author_i18n_end). */
int catalog_author_i18n_commit(struct req *r, const char *sql, int64_t id, const char *own_lang,
                               const char *text_name, catalog_translate_fn fn, json_t *errors,
                               struct val **typed /* OUT */);
/*
 * Attach the posted "file" to the lesson (0: make it the course's cover) in
 * a transaction of its own; DARS_EINVALID with errors["file"] when refused.
 */
int catalog_author_attach(struct req *r, const struct catalog_course *c, int64_t lesson_id,
                          json_t *errors);

/* Handlers: author.c, author_course.c, author_lesson.c, author_programme.c */
int catalog_author_list_page(struct req *r);
int catalog_author_new_page(struct req *r);
int catalog_author_new_submit(struct req *r);
int catalog_author_edit_page(struct req *r);
int catalog_author_edit_submit(struct req *r);
int catalog_author_publish_submit(struct req *r);
int catalog_author_unpublish_submit(struct req *r);
int catalog_author_cover_submit(struct req *r);
int catalog_author_translations_submit(struct req *r);
int catalog_author_instructor_add_submit(struct req *r);
int catalog_author_instructor_remove_submit(struct req *r);
int catalog_author_module_add_submit(struct req *r);
int catalog_author_module_page(struct req *r);
int catalog_author_module_submit(struct req *r);
int catalog_author_module_move_submit(struct req *r);
int catalog_author_module_delete_page(struct req *r);
int catalog_author_module_delete_submit(struct req *r);
int catalog_author_lesson_new_page(struct req *r);
int catalog_author_lesson_new_submit(struct req *r);
int catalog_author_lesson_page(struct req *r);
int catalog_author_lesson_submit(struct req *r);
int catalog_author_lesson_move_submit(struct req *r);
int catalog_author_lesson_delete_page(struct req *r);
int catalog_author_lesson_delete_submit(struct req *r);
int catalog_author_file_submit(struct req *r);
int catalog_author_file_delete_page(struct req *r);
int catalog_author_file_delete_submit(struct req *r);
int catalog_author_programmes_page(struct req *r);
int catalog_author_programme_new_page(struct req *r);
int catalog_author_programme_new_submit(struct req *r);
int catalog_author_programme_page(struct req *r);
int catalog_author_programme_submit(struct req *r);
int catalog_author_programme_translations_submit(struct req *r);
int catalog_author_programme_publish_submit(struct req *r);
int catalog_author_programme_unpublish_submit(struct req *r);
int catalog_author_programme_add_submit(struct req *r);
int catalog_author_programme_move_submit(struct req *r);
int catalog_author_programme_remove_submit(struct req *r);

/* A lesson's Markdown (NULL: none) as the HTML stored beside it (lesson_html.c). */
int catalog_lesson_html(struct arena *a, const char *body, const char **html /* OUT */);

#endif
