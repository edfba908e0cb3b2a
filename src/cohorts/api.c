/*
 * /api/v1/cohorts and /api/v1/cohorts/:id/sessions (DESIGN.md section 6).
 * Anyone signed in may read cohorts and their sessions (learners choose one
 * to join); managers write them at the centres in their scope, admins anywhere.
 * A session that clashes answers 409 naming the other booking.
 */
#include "core/base.h"
#include "cohorts/cohorts_int.h"
#include "http/api.h"
#include "db/db.h"
#include "view/form.h"

#include <strings.h>

/*
 * The cohort, with its ical_url for those the calendar page shows it to:
 * managers of its centre and its members. The feed's token is a secret that
 * a reset must be able to take back, so other readers do not get it.
 */
static int cohort_api_json(struct req *r, const struct cohort *c, json_t **out)
{
    const char *path;
    bool feed = accounts_can_manage_centre(r, c->centre_id);
    int rc;

    *out = NULL;
    if (!feed && (rc = cohorts_is_member(r->db, c->id, r->user->id, &feed)) < 0)
        return rc;
    if (feed && (rc = cohorts_feed_path(r->db, &r->arena, c->id, &path)) < 0)
        return rc;
    *out = cohort_json(r, c);
    if (feed)
        json_object_set_new(*out, "ical_url", json_string(path));
    return 0;
}

static json_t *cohort_api_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct cohort c;
    (void)data;
    /* the list leaves out ical_url: making feed tokens is a write per row */
    cohort_row(&r->arena, st, &c);
    *id = c.id;
    return cohort_json(r, &c);
}

/* GET /api/v1/cohorts?centre=&course=&from= */
int cohort_api_list(struct req *r)
{
    struct api_page p;
    struct db_stmt *st;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *centre = form_code_norm(&r->arena, http_query(r, "centre"));
    const char *course = form_code_norm(&r->arena, http_query(r, "course"));
    const char *from = http_query(r, "from");
    if (!from)
        from = "";
    if ((rc = db_query(r->db, &st, cohort_after_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_TEXT(centre), DB_TEXT(centre), DB_TEXT(course),
                               DB_TEXT(course), DB_TEXT(from), DB_TEXT(from), DB_INT(1),
                               DB_INT(r->user->id), DB_INT(r->user->is_admin),
                               DB_INT(r->user->id), DB_INT(p.after),
                               DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, cohort_api_row, NULL);
}

/* GET /api/v1/cohorts/:id */
int cohort_api_get(struct req *r)
{
    struct cohort c;
    json_t *o;
    int rc = cohort_readable(r, &c);
    if (rc < 0 || (rc = cohort_api_json(r, &c, &o)) < 0)
        return rc;
    return http_json(r, 200, o);
}

/* A number member as text for the store: absent leaves *out, null is "" (none). */
static void api_number(json_t *body, const char *name, json_t *errors, const char **out,
                       struct arena *a)
{
    json_t *v = json_object_get(body, name);
    if (!v)
        return;
    if (json_is_null(v))
        *out = "";
    else if (json_is_integer(v) && json_integer_value(v) >= 0)
        *out = arena_printf(a, "%lld", (long long)json_integer_value(v));
    else
        form_error(errors, name, "must be a whole number or null");
}

/* instructors: an array of e-mail addresses, joined for the store. */
static void api_emails(json_t *body, json_t *errors, const char **out, struct arena *a)
{
    json_t *v = json_object_get(body, "instructors"), *e;
    size_t i;
    if (!v)
        return;
    if (!json_is_array(v)) {
        form_error(errors, "instructors", "must be an array of e-mail addresses");
        return;
    }
    const char *s = "";
    json_array_foreach(v, i, e) {
        if (!json_is_string(e)) {
            form_error(errors, "instructors", "must be an array of e-mail addresses");
            return;
        }
        s = arena_printf(a, "%s%s%s", s, *s ? "\n" : "", json_string_value(e));
    }
    *out = s;
}

static int cohort_api_write(struct req *r, const struct cohort *old, json_t *body)
{
    json_t *errors = json_object(), *o;
    struct cohort_new f = { 0 };
    struct cohort c;
    int64_t id = old ? old->id : 0;
    int rc;

    if (old)
        f = (struct cohort_new){
            old->course_code, old->centre_code,
            streq(old->title, old->course_title) ? "" : old->title,
            old->starts_on, old->ends_on,
            old->capacity ? arena_printf(&r->arena, "%lld", (long long)old->capacity) : "",
            old->room, old->enrol_mode,
            old->min_attendance >= 0 ? arena_printf(&r->arena, "%lld",
                                                    (long long)old->min_attendance)
                                     : "",
            NULL
        };
    api_field_str(body, "course", errors, &f.course);
    api_field_str(body, "centre", errors, &f.centre);
    api_field_str(body, "title", errors, &f.title);
    api_field_str(body, "starts_on", errors, &f.starts_on);
    api_field_str(body, "ends_on", errors, &f.ends_on);
    api_field_str(body, "room", errors, &f.room);
    api_field_str(body, "enrol_mode", errors, &f.enrol_mode);
    api_number(body, "capacity", errors, &f.capacity, &r->arena);
    api_number(body, "min_attendance", errors, &f.min_attendance, &r->arena);
    api_emails(body, errors, &f.instructors, &r->arena);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, cohort_write(r, old, &f, errors, &id));
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = cohort_get_id(r->db, &r->arena, r->lang, id, &c)) < 0 ||
        (rc = cohort_api_json(r, &c, &o)) < 0)
        return rc;
    return http_json(r, old ? 200 : 201, o);
}

/* POST /api/v1/cohorts */
int cohort_api_create(struct req *r)
{
    json_t *body = http_json_body(r);
    return body ? cohort_api_write(r, NULL, body) : 0;
}

/* PATCH /api/v1/cohorts/:id */
int cohort_api_patch(struct req *r)
{
    struct cohort c;
    json_t *body = http_json_body(r);
    int rc;

    if (!body)
        return 0;
    if ((rc = cohort_managed(r, &c)) < 0)
        return rc;
    return cohort_api_write(r, &c, body);
}

/* The sessions of a cohort as the API shows them: UTC times, the instructor's e-mail. */
static int sessions_api_json(struct req *r, const struct cohort *c, json_t **out)
{
    json_t *list, *s;
    size_t i;
    int rc = cohort_sessions_json(r, c, &list);
    if (rc < 0)
        return rc;
    json_array_foreach(list, i, s) {
        json_object_del(s, "date");
        json_object_del(s, "start");
        json_object_del(s, "end");
        json_object_del(s, "instructor_name");
        json_object_del(s, "delete_url");
        if (!json_object_get(s, "instructor"))
            json_object_set_new(s, "instructor", json_null());
    }
    *out = list;
    return 0;
}

/* GET /api/v1/cohorts/:id/sessions */
int cohort_api_sessions(struct req *r)
{
    struct cohort c;
    json_t *list;
    int rc = cohort_readable(r, &c);
    if (rc < 0 || (rc = sessions_api_json(r, &c, &list)) < 0)
        return rc;
    return http_json(r, 200, json_pack("{s:o, s:n}", "items", list, "next_cursor"));
}

/* weekdays: numbers 1 (Monday) to 7 or names "mon" ... "sun". */
static void api_weekdays(json_t *v, json_t *errors, struct pattern_new *p)
{
    static const char *const names[] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" };
    json_t *e;
    size_t i;
    if (!v)
        return;
    if (!json_is_array(v)) {
        form_error(errors, "weekdays", "must be an array of days 1 (Monday) to 7 or mon ... sun");
        return;
    }
    json_array_foreach(v, i, e) {
        int d = 0;
        if (json_is_integer(e) && json_integer_value(e) >= 1 && json_integer_value(e) <= 7)
            d = (int)json_integer_value(e);
        for (int k = 0; json_is_string(e) && k < 7; k++)
            if (strcasecmp(json_string_value(e), names[k]) == 0)
                d = k + 1;
        if (!d) {
            form_error(errors, "weekdays",
                       "must be an array of days 1 (Monday) to 7 or mon ... sun");
            return;
        }
        p->weekdays[d - 1] = true;
    }
}

/* POST /api/v1/cohorts/:id/sessions: one session, or {"pattern": {...}} */
int cohort_api_sessions_add(struct req *r)
{
    struct cohort c;
    json_t *body = http_json_body(r), *errors, *list, *pat;
    struct session_new one = { 0 };
    struct pattern_new p = { 0 };
    const char *clash = NULL;
    int64_t added = 0;
    int rc;

    if (!body)
        return 0;
    if ((rc = cohort_managed(r, &c)) < 0)
        return rc;
    errors = json_object();
    pat = json_object_get(body, "pattern");
    if (pat && !json_is_object(pat)) {
        form_error(errors, "pattern", "must be an object");
    } else if (pat) {
        json_t *ex = json_object_get(pat, "exceptions"), *e;
        size_t i;
        api_weekdays(json_object_get(pat, "weekdays"), errors, &p);
        api_field_str(pat, "start", errors, &p.start);
        api_field_str(pat, "end", errors, &p.end);
        api_field_str(pat, "from", errors, &p.from);
        api_field_str(pat, "to", errors, &p.to);
        api_field_str(pat, "room", errors, &p.room);
        api_field_str(pat, "instructor", errors, &p.instructor);
        if (ex && !json_is_array(ex))
            form_error(errors, "exceptions", "must be an array of dates");
        p.exceptions = "";
        json_array_foreach(ex, i, e) {
            if (!json_is_string(e)) {
                form_error(errors, "exceptions", "must be an array of dates");
                break;
            }
            p.exceptions = arena_printf(&r->arena, "%s%s\n", p.exceptions, json_string_value(e));
        }
    } else {
        api_field_str(body, "date", errors, &one.date);
        api_field_str(body, "start", errors, &one.start);
        api_field_str(body, "end", errors, &one.end);
        api_field_str(body, "room", errors, &one.room);
        api_field_str(body, "instructor", errors, &one.instructor);
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, cohort_sessions_add(r, &c, pat ? NULL : &one, pat ? &p : NULL,
                                                  errors, &clash, &added));
    if (rc == DARS_ECONFLICT && clash) {
        json_decref(errors);
        return http_problem(r, 409, "Conflict", clash);
    }
    if (rc < 0)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if ((rc = sessions_api_json(r, &c, &list)) < 0)
        return rc;
    return http_json(r, 201, json_pack("{s:I, s:o}", "added", (json_int_t)added, "items", list));
}
