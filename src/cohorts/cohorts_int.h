/* What the cohort and session files share: SQL texts, records, helpers and handlers. */
#ifndef DARS_COHORTS_COHORTS_INT_H
#define DARS_COHORTS_COHORTS_INT_H

#include "cohorts/cohorts.h"

#include <jansson.h>

struct val;

/* rows per page of the HTML list */
#define COHORT_PAGE_SIZE 50
/* most sessions one weekly pattern may generate */
#define COHORT_PATTERN_MAX 400

/* cohort_sql.c */
extern const char cohort_by_id_sql[];
extern const char cohort_insert_sql[];
extern const char cohort_update_sql[];
extern const char cohort_count_sql[];
extern const char cohort_page_sql[];
extern const char cohort_after_sql[];
extern const char cohort_courses_sql[];
extern const char cohort_instructors_sql[];
extern const char cohort_instructor_add_sql[];
extern const char cohort_instructor_get_sql[];
extern const char cohort_instructor_remove_sql[];
extern const char cohort_sessions_sql[];
extern const char cohort_session_get_sql[];
extern const char cohort_session_insert_sql[];
extern const char cohort_session_delete_sql[];
extern const char cohort_clashes_sql[];
extern const char cohort_for_course_sql[];
extern const char cohort_places_sql[];
extern const char cohort_member_sql[];
extern const char cohort_centre_sql[];

/* A cohort as read back; strings from the caller's arena. */
struct cohort {
    int64_t id, course_id, centre_id;
    const char *course_code, *course_title, *centre_code, *centre_name, *timezone;
    const char *title, *starts_on, *ends_on, *room, *enrol_mode;
    int64_t capacity;       /* 0: no limit */
    int64_t min_attendance; /* percent; -1: no rule */
    int64_t places_taken;   /* active and completed learners */
    const char *created_at, *updated_at;
};

/* A cohort to create or the new state of one, as a form or the API gives it (text). */
struct cohort_new {
    const char *course, *centre; /* codes */
    const char *title, *starts_on, *ends_on, *capacity, *room, *enrol_mode, *min_attendance;
    const char *instructors; /* e-mail addresses separated by commas, spaces or lines */
};

/* cohort.c: the store */
/* The live cohort of a URL's id (DARS_ENOTFOUND when id is not one), or of a known id. */
int cohort_get(struct db *db, struct arena *a, const char *lang, const char *id,
               struct cohort *out /* OUT */);
int cohort_get_id(struct db *db, struct arena *a, const char *lang, int64_t id,
                  struct cohort *out /* OUT */);
/* A row of COHORT_SELECT (cohort_sql.c) as a cohort, strings copied into a. */
struct db_stmt;
void cohort_row(struct arena *a, struct db_stmt *st, struct cohort *out /* OUT */);
/* The cohort of the path (r->params[0]), which the user must manage: DARS_EDENIED otherwise. */
int cohort_managed(struct req *r, struct cohort *out /* OUT */);
/* The cohort of the path as a reader may see it: a draft course's cohorts only for its managers. */
int cohort_readable(struct req *r, struct cohort *out /* OUT */);
/*
 * Check and write a cohort (old NULL: create) with an audit entry, inside the
 * caller's transaction. The request's user must manage the centre (checked
 * here: DARS_EDENIED). Errors as for org_centre_insert().
 */
int cohort_write(struct req *r, const struct cohort *old, const struct cohort_new *in,
                 json_t *errors, int64_t *id /* OUT */);
json_t *cohort_json(struct req *r, const struct cohort *c);

/* session.c */
/* "YYYY-MM-DD" exactly, a real day from 1970; *t (may be NULL) gets it as a date. */
struct icaltimetype;
bool cohort_date_parse(const char *s, struct icaltimetype *t /* OUT */);
/* One session to add: local date and times in the centre's zone. */
struct session_new {
    const char *date, *start, *end, *room, *instructor; /* instructor: e-mail or user id */
};
/* A weekly pattern: weekdays[0] is Monday ... weekdays[6] Sunday. */
struct pattern_new {
    bool weekdays[7];
    const char *start, *end, *from, *to, *exceptions, *room, *instructor;
};
/*
 * Add one session, or every session of a pattern (pattern non-NULL), inside
 * the caller's transaction, audited. DARS_EINVALID with field errors;
 * DARS_ECONFLICT with *clash set to a message naming the other booking (in
 * lang). *added gets how many sessions were written.
 */
int cohort_sessions_add(struct req *r, const struct cohort *c, const struct session_new *one,
                        const struct pattern_new *pattern, json_t *errors,
                        const char **clash /* OUT */, int64_t *added /* OUT */);
/*
 * Sessions of a cohort, in starting order, as [{id, starts_at, ends_at (UTC),
 * room, date, start, end (formatted, in the centre's zone), instructor
 * (e-mail or null), instructor_name, delete_url}]: as template values from
 * the arena for pages, as JSON (caller owns it) for the API, which leaves
 * out what only pages show where it lists them.
 */
int cohort_sessions_vals(struct req *r, const struct cohort *c, struct val **out /* OUT */);
int cohort_sessions_json(struct req *r, const struct cohort *c, json_t **out /* OUT */);
/* "HH:MM" and "YYYY-MM-DD" of a UTC stamp in zone tz (arena strings). */
void cohort_local(struct arena *a, const char *iso, const char *tz, const char **date /* OUT */,
                  const char **time /* OUT */);
/* Soft-delete a session of cohort c, audited, inside the caller's transaction. */
int cohort_session_delete(struct req *r, const struct cohort *c, int64_t session_id);

/* cohort.c: pages */
int cohort_list_page(struct req *r);
int cohort_new_page(struct req *r);
int cohort_create_submit(struct req *r);
int cohort_show_page(struct req *r);
int cohort_instructor_submit(struct req *r);
int cohort_edit_page(struct req *r);
int cohort_edit_submit(struct req *r);
int cohort_instructor_remove_page(struct req *r);
int cohort_instructor_remove_submit(struct req *r);
int cohort_session_submit(struct req *r);
int cohort_pattern_submit(struct req *r);
int cohort_session_delete_page(struct req *r);
int cohort_session_delete_submit(struct req *r);
int cohort_public_page(struct req *r);
int cohort_enrol_submit(struct req *r);
int cohort_withdraw_page(struct req *r);
int cohort_withdraw_submit(struct req *r);

/* api.c */
int cohort_api_list(struct req *r);
int cohort_api_get(struct req *r);
int cohort_api_create(struct req *r);
int cohort_api_patch(struct req *r);
int cohort_api_sessions(struct req *r);
int cohort_api_sessions_add(struct req *r);

#endif
