/*
 * The catalog: courses with their modules, lessons, translations and
 * attachments, programmes (ordered courses), full-text search, and the pages
 * and API that show and edit them. The tables courses, course_*, lessons,
 * lesson_i18n, module_i18n, attachments, programme* and course_search belong
 * to this module; other modules use the functions below, and read those
 * tables only through the CATALOG_*_SQL derived tables (a contract like a
 * function: their columns do not change without changing this header).
 *
 * Uses: audit, org, accounts.
 */
#ifndef DARS_CATALOG_CATALOG_H
#define DARS_CATALOG_CATALOG_H

#include "http/route.h"
#include "db/report.h"
#include "accounts/accounts.h"

#include <jansson.h>

struct db;
struct arena;

extern const struct route_table catalog_routes;

/* Reports (db/report.h): the dimensions programme and course (report_sql.c). */
extern const struct report_dim catalog_report_dims[];
/* the course's topic (catalog_topics), a dimension the registry does not list (open data) */
extern const struct report_dim catalog_topic_report_dim;
extern const size_t catalog_report_ndims;
/* the report form's list: (code, title) of live programmes in the language bound */
extern const char catalog_report_programmes_sql[];
/* the authoring pages (author*.c): courses, modules, lessons, files, programmes */
extern const struct route_table catalog_author_routes;

/*
 * Read-only derived tables for other modules' queries. Each takes ONE bound
 * parameter, the reader's language ("en", "ru", ...): titles come in that
 * language where a translation exists, else in the course's own.
 *
 * CATALOG_COURSES_SQL columns: id, code, title, status, centre_id, capacity
 *   (NULL: no limit), enrol_mode ('open' | 'approval'), lessons (how many
 *   live lessons it has). Deleted courses are left out.
 * CATALOG_LESSONS_SQL columns: id, course_id, module_id, title, ord (sort by
 *   it for the course's reading order). Deleted lessons and modules are out.
 * CATALOG_PROGRAMME_COURSES_SQL columns: programme_id, programme_code,
 *   programme_title, course_id, position. Published programmes only.
 *
 *   "SELECT t.id, cc.code, cc.title FROM my_rows t JOIN " CATALOG_COURSES_SQL
 *   " cc ON cc.id = t.course_id WHERE t.user_id = ?"   -- args: lang, user id
 *                                                      -- my_rows: the caller's own table
 *
 * Two more take no parameter, for the facts of reports (db/report.h), whose
 * only parameters are their period's bounds. Deleted rows are in them.
 *
 * CATALOG_COURSE_CENTRES_SQL columns: id, centre_id (NULL: none),
 *   deleted_at (NULL while live: a reader leaves the deleted out itself).
 * CATALOG_LESSON_MINUTES_SQL columns: id, minutes (how long the lesson
 *   takes, 0 when not said), of every lesson: a lesson done stays learning
 *   done after it is deleted.
 */
#define CATALOG_COURSES_SQL                                                                     \
    "(SELECT c.id, c.code, COALESCE(NULLIF(ci.title, ''), c.title) AS title, c.status, "       \
    "c.centre_id, c.capacity, c.enrol_mode, "                                                   \
    "(SELECT COUNT(*) FROM lessons cl JOIN course_modules cm ON cm.id = cl.module_id "         \
    "AND cm.deleted_at IS NULL WHERE cl.course_id = c.id AND cl.deleted_at IS NULL) "          \
    "AS lessons FROM courses c LEFT JOIN course_i18n ci ON ci.course_id = c.id AND ci.lang = ? " \
    "WHERE c.deleted_at IS NULL)"
#define CATALOG_LESSONS_SQL                                                                     \
    "(SELECT l.id, l.course_id, l.module_id, COALESCE(NULLIF(li.title, ''), l.title) AS title, " \
    "m.position * 100000 + l.position AS ord FROM lessons l "                                  \
    "JOIN course_modules m ON m.id = l.module_id AND m.deleted_at IS NULL "                     \
    "LEFT JOIN lesson_i18n li ON li.lesson_id = l.id AND li.lang = ? "                          \
    "WHERE l.deleted_at IS NULL)"
#define CATALOG_PROGRAMME_COURSES_SQL                                                           \
    "(SELECT pc.programme_id, p.code AS programme_code, "                                       \
    "COALESCE(NULLIF(pi.title, ''), p.title) AS programme_title, pc.course_id, pc.position "    \
    "FROM programme_courses pc JOIN programmes p ON p.id = pc.programme_id "                    \
    "AND p.status = 'published' AND p.deleted_at IS NULL "                                      \
    "LEFT JOIN programme_i18n pi ON pi.programme_id = p.id AND pi.lang = ?)"
/*
 * The courses of programmes marked as mentor training (published, live),
 * without parameters, for mentoring's count of developed mentors.
 * CATALOG_MENTOR_TRAINING_SQL columns: programme_id, course_id, courses (how
 * many the programme holds: a person who completed that many of them
 * completed the programme).
 */
#define CATALOG_MENTOR_TRAINING_SQL                                                             \
    "(SELECT pc.programme_id, pc.course_id, (SELECT COUNT(*) FROM programme_courses pn "        \
    "WHERE pn.programme_id = pc.programme_id) AS courses FROM programme_courses pc "           \
    "JOIN programmes p ON p.id = pc.programme_id AND p.mentor_training = 1 "                    \
    "AND p.status = 'published' AND p.deleted_at IS NULL)"
/*
 * Programmes by code without parameters (mentoring names a mentorship's):
 * CATALOG_PROGRAMME_CODES_SQL columns: id, code, title (in its own
 * language), mentor_training (0 | 1), deleted_at (NULL while live).
 */
#define CATALOG_PROGRAMME_CODES_SQL                                                             \
    "(SELECT id, code, title, mentor_training, deleted_at FROM programmes)"
/*
 * Whether courses and programmes give a certificate (DESIGN.md 6a), without
 * parameters, deleted ones too (a reader leaves them out itself):
 * CATALOG_COURSE_CERTS_SQL and CATALOG_PROGRAMME_CERTS_SQL columns: id,
 *   code, title (in its own language), certificate (0 | 1),
 *   certificate_months (NULL: no expiry), deleted_at; a course's centre_id
 *   and language too, a programme's status.
 * CATALOG_PROGRAMME_MEMBERS_SQL columns: programme_id, course_id: every
 *   course a programme holds (completing them all completes it).
 */
#define CATALOG_COURSE_CERTS_SQL                                                                \
    "(SELECT id, code, title, certificate, certificate_months, deleted_at, centre_id, "        \
    "language FROM courses)"
#define CATALOG_PROGRAMME_CERTS_SQL                                                             \
    "(SELECT id, code, title, certificate, certificate_months, deleted_at, status "            \
    "FROM programmes)"
#define CATALOG_PROGRAMME_MEMBERS_SQL "(SELECT programme_id, course_id FROM programme_courses)"
#define CATALOG_COURSE_CENTRES_SQL "(SELECT id, centre_id, deleted_at FROM courses)"
#define CATALOG_LESSON_MINUTES_SQL "(SELECT id, minutes FROM lessons)"

/* A course as read for one language; strings live in the arena. */
struct catalog_course {
    int64_t id;
    const char *code;
    const char *title, *summary;         /* in the reader's language where translated */
    const char *own_title, *own_summary; /* in the course's language */
    const char *language;                /* en | ru | az | uz | ko | vi */
    const char *topic;                   /* one of catalog_topics */
    const char *delivery;                /* online | face-to-face | blended */
    const char *status;                  /* draft | published */
    const char *enrol_mode;              /* open | approval */
    int64_t capacity;                    /* 0: no limit */
    int64_t centre_id;                   /* 0: none */
    const char *centre;                  /* its code, "" when none */
    int64_t cover_id;                    /* attachment id of the cover image, 0: none */
    int64_t lessons;                     /* live lessons */
    const char *published_at, *created_at, *updated_at;
    bool certificate;           /* gives a certificate on completion (DESIGN.md 6a) */
    int64_t certificate_months; /* its validity; 0: no expiry */
};

/* Topic codes, in display order, NULL-terminated; catalog_topic_name() translates. */
extern const char *const catalog_topics[];
const char *catalog_topic_name(const char *lang, const char *topic);

/*
 * A course by id or code, titles in lang. DARS_ENOTFOUND when there is none
 * (or it is deleted). Drafts are returned too: callers decide who may see them.
 */
int catalog_course_get(struct db *db, struct arena *a, const char *id_or_code, const char *lang,
                       struct catalog_course *out /* OUT */);
/* The same by id. */
int catalog_course_get_id(struct db *db, struct arena *a, int64_t id, const char *lang,
                          struct catalog_course *out /* OUT */);

/*
 * May the request's user edit this course and manage its learners (approve
 * requests, enrol people, see progress)? Admins, managers whose scope holds
 * the course's centre, and the course's instructors may. Returns 0 and sets
 * *yes, or a database error.
 */
int catalog_may_manage(struct req *r, const struct catalog_course *c, bool *yes /* OUT */);
/*
 * The course id_or_code, titles in the reader's language, for a page or API
 * call of someone who must manage it (catalog_may_manage): DARS_ENOTFOUND
 * when there is none, DARS_EDENIED when they may not.
 */
int catalog_course_managed(struct req *r, const char *id_or_code,
                           struct catalog_course *out /* OUT */);

/* "/courses/CODE", the course's page, from the request's arena. */
const char *catalog_course_url(struct req *r, const char *code);
/* "/courses/CODE/lessons/ID", a lesson's page, from the request's arena. */
const char *catalog_lesson_url(struct req *r, const char *code, int64_t lesson_id);

/*
 * The reader's standing in a course, which the course and lesson pages and
 * the lesson API need: whether they may open its lessons, which they have
 * done, where they were. Enrolment is a module above this one, so it answers
 * through catalog_course_reader, which src/modules.c sets (DESIGN.md 4).
 */
struct catalog_reading {
    bool may_read;          /* may open the lessons */
    int64_t last_lesson_id; /* the lesson opened last; 0: none */
    const int64_t *done;    /* the lessons marked done, ascending */
    size_t ndone;
    const void *own;        /* the answering module's own record, for its panel */
};
struct catalog_reader {
    /* user_id's standing in course_id, from the arena; someone never enrolled may not read */
    int (*get)(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
               struct catalog_reading *out /* OUT */);
    /* user_id, whose standing is s, opened lesson_id of course_id (may write) */
    int (*opened)(struct db *db, const struct catalog_reading *s, int64_t user_id,
                  int64_t course_id, int64_t lesson_id);
};
extern const struct catalog_reader *const catalog_course_reader;
/* Whether lesson_id is among s->done. */
bool catalog_reading_has_done(const struct catalog_reading *s, int64_t lesson_id);

/*
 * The course page's panels: what the modules above this one show there (the
 * reader's place, the groups at the centres, the quizzes), listed in
 * src/modules.c in catalog_course_panels[], NULL-ended, in the order the page
 * shows them, below its summary and above its contents.
 */
struct catalog_course_page {
    const struct catalog_course *course;
    bool manage;                           /* the reader may manage the course */
    bool may_read;                         /* manages it or may open its lessons */
    const struct catalog_reading *reading; /* NULL when nobody is signed in */
    int64_t next_lesson_id;                /* the one to go on with; 0: none */
};
struct catalog_panel {
    const char *name; /* "enrolment", for the reader of the code */
    /*
     * The panel's HTML for the page: *html from the arena (view_part), "" to
     * show nothing. A fixed number of statements, for the page's sake.
     */
    int (*show)(struct req *r, const struct catalog_course_page *p, const char **html /* OUT */);
};
extern const struct catalog_panel *const catalog_course_panels[];

/* The live lesson ids of a course in reading order, from the arena. */
int catalog_lesson_ids(struct db *db, struct arena *a, int64_t course_id,
                       int64_t **ids /* OUT */, size_t *n /* OUT */);
/* Which course a live lesson belongs to; DARS_ENOTFOUND when none. */
int catalog_lesson_course(struct db *db, int64_t lesson_id, int64_t *course_id /* OUT */);

/* ---- writing (each validates, writes and audits inside the caller's transaction) ---- */

/*
 * On DARS_EINVALID / DARS_ECONFLICT, errors (may be NULL) gets field ->
 * untranslated message. *id (may be NULL) gets the new id.
 */
struct course_new {
    const char *code, *title, *summary;
    const char *language, *topic, *delivery;
    const char *enrol_mode; /* NULL: open */
    const char *capacity;   /* digits, or NULL/"" for no limit */
    const char *centre;     /* centre code, or NULL/"" */
    /* "1" | "0"; months: digits, "" for no expiry; NULL: as the course has them (none) */
    const char *certificate, *certificate_months;
};
int catalog_course_insert(struct db *db, struct arena *a, const struct actor *who,
                          const struct course_new *in, json_t *errors, int64_t *id /* OUT */);
int catalog_course_update(struct db *db, struct arena *a, const struct actor *who,
                          const struct catalog_course *old, const struct course_new *in,
                          json_t *errors);
/* Publish (true) or return to draft (false). */
int catalog_course_set_published(struct db *db, struct arena *a, const struct actor *who,
                                 const struct catalog_course *c, bool published);
/* A translation of title and summary into lang (one of i18n_langs); empty strings remove it. */
int catalog_course_translate(struct db *db, struct arena *a, const struct actor *who,
                             int64_t course_id, const char *lang, const char *title,
                             const char *summary, json_t *errors);
int catalog_course_add_instructor(struct db *db, struct arena *a, const struct actor *who,
                                  int64_t course_id, int64_t user_id);

/* A module at the end of the course. */
int catalog_module_insert(struct db *db, struct arena *a, const struct actor *who,
                          int64_t course_id, const char *title, json_t *errors,
                          int64_t *id /* OUT */);
int catalog_module_translate(struct db *db, struct arena *a, const struct actor *who,
                             int64_t module_id, const char *lang, const char *title,
                             json_t *errors);

struct lesson_new {
    const char *title, *body; /* body in Markdown */
    const char *video_url;    /* http(s) URL or NULL/"" */
    const char *minutes;      /* digits or NULL/"" */
};
/* A lesson at the end of a module. */
int catalog_lesson_insert(struct db *db, struct arena *a, const struct actor *who,
                          int64_t module_id, const struct lesson_new *in, json_t *errors,
                          int64_t *id /* OUT */);
int catalog_lesson_translate(struct db *db, struct arena *a, const struct actor *who,
                             int64_t lesson_id, const char *lang, const char *title,
                             const char *body, json_t *errors);

/*
 * Attach a file to a lesson (lesson_id) or make it the course's cover
 * (lesson_id 0: images only). The type is decided by the bytes, never by
 * the name; what is not on the allowed list, or is larger than
 * CATALOG_ATTACHMENT_MAX, is refused with DARS_EINVALID and errors["file"].
 */
#define CATALOG_ATTACHMENT_MAX (20 * 1024 * 1024)
int catalog_attachment_insert(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, int64_t lesson_id, const char *filename,
                              const void *data, size_t len, json_t *errors,
                              int64_t *id /* OUT */);

/*
 * A programme's owner is a centre (its managers and its region's change it), a
 * region (the region's managers) or neither: national, for admins alone.
 * centre and region are codes; both NULL/"" makes a national programme. On an
 * update, both NULL keep the owner as it is.
 */
struct programme_new {
    const char *code, *title, *summary;
    const char *centre, *region;
    /* "1" or "0": whether it trains mentors (mentoring counts developed mentors by it);
     * NULL: not given (kept on an update, "0" for a new one) */
    const char *mentor_training;
    /* "1" | "0"; months: digits, "" for no expiry; NULL: kept (none for a new one) */
    const char *certificate, *certificate_months;
};
int catalog_programme_insert(struct db *db, struct arena *a, const struct actor *who,
                             const struct programme_new *in, json_t *errors,
                             int64_t *id /* OUT */);
/* A programme's id by code (any case); DARS_ENOTFOUND when there is none. */
int catalog_programme_id(struct db *db, struct arena *a, const char *code, int64_t *id /* OUT */);
/* A programme as the modules above this one need it (the certificate template's page). */
struct catalog_programme_ref {
    int64_t id;
    const char *code;
    const char *title; /* in the reader's language where translated */
};
/*
 * The live programme code (any case) for a page of someone who may change it
 * (admins; managers of its centre, or of its region as a whole; national
 * ones are the admins'), as the programme's own admin page decides:
 * DARS_ENOTFOUND when there is none, DARS_EDENIED when they may not.
 */
int catalog_programme_managed(struct req *r, const char *code,
                              struct catalog_programme_ref *out /* OUT */);
/* Append a course to a programme (no effect when it is already there). */
int catalog_programme_add_course(struct db *db, struct arena *a, const struct actor *who,
                                 int64_t programme_id, int64_t course_id);
int catalog_programme_set_published(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t programme_id, bool published);
int catalog_programme_translate(struct db *db, struct arena *a, const struct actor *who,
                                int64_t programme_id, const char *lang, const char *title,
                                const char *summary, json_t *errors);

/* Rebuild a course's search document (after its texts changed); the writers above call it. */
int catalog_search_reindex(struct db *db, struct arena *a, int64_t course_id);

/*
 * Render and store the HTML of every lesson text that has none yet (written
 * before migration 0025, or by something that wrote the Markdown alone), in
 * batches; the catalog's init, run on every start.
 */
int catalog_lessons_render(struct db *db);

#endif
