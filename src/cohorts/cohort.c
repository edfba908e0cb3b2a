/*
 * Cohorts: the store (check, insert, update, instructors, each audited) and
 * the managers' pages (/admin/cohorts: list, new, details with sessions,
 * weekly patterns and instructors). A manager schedules cohorts only at the
 * centres in their scope; an admin anywhere.
 */
#include "core/base.h"
#include "cohorts/cohorts_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#define TITLE_MAX_CHARS 200
#define ROOM_MAX_CHARS 100
#define CAPACITY_MAX 100000

/* ---- store ---- */

void cohort_row(struct arena *a, struct db_stmt *st, struct cohort *c)
{
    c->id = db_col_int(st, 0);
    c->course_id = db_col_int(st, 1);
    c->centre_id = db_col_int(st, 2);
    c->course_code = arena_strdup(a, db_col_text(st, 3));
    c->course_title = arena_strdup(a, db_col_text(st, 4));
    c->centre_code = arena_strdup(a, db_col_text(st, 5));
    c->centre_name = arena_strdup(a, db_col_text(st, 6));
    c->timezone = arena_strdup(a, db_col_text(st, 7));
    c->title = arena_strdup(a, db_col_text(st, 8));
    c->starts_on = arena_strdup(a, db_col_text(st, 9));
    c->ends_on = arena_strdup(a, db_col_text(st, 10));
    c->room = arena_strdup(a, db_col_text(st, 11));
    c->enrol_mode = arena_strdup(a, db_col_text(st, 12));
    c->capacity = db_col_int(st, 13);
    c->min_attendance = db_col_int(st, 14);
    c->places_taken = db_col_int(st, 15);
    c->created_at = arena_strdup(a, db_col_text(st, 16));
    c->updated_at = arena_strdup(a, db_col_text(st, 17));
    if (!*c->title)
        c->title = c->course_title;
}

int cohort_get_id(struct db *db, struct arena *a, const char *lang, int64_t id,
                  struct cohort *out)
{
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    if ((rc = db_query_row(db, &st, cohort_by_id_sql, DB_ARGS(DB_TEXT(lang), DB_INT(id)))) < 0)
        return rc;
    cohort_row(a, st, out);
    db_done(st);
    return 0;
}

int cohort_get(struct db *db, struct arena *a, const char *lang, const char *id,
               struct cohort *out)
{
    memset(out, 0, sizeof(*out));
    if (!api_is_id(id))
        return DARS_ENOTFOUND;
    return cohort_get_id(db, a, lang, strtoll(id, NULL, 10), out);
}

/* "" is -1 (none); otherwise a whole number, at most max. */
static bool number_parse(const char *s, int64_t max, int64_t *out)
{
    *out = -1;
    return !s || !*s || form_count(s, max, out);
}

/* A cohort checked and resolved for writing. */
struct cohort_ok {
    int64_t course_id, centre_id, capacity, min_attendance;
    const char *course, *centre, *title, *starts_on, *ends_on, *room, *enrol_mode;
    int64_t *instructors;
    const char **instructor_emails;
    size_t ninstructors;
};

static int instructors_check(struct db *db, struct arena *a, const char *lang, const char *text,
                             json_t *errors, struct cohort_ok *ok)
{
    char *copy = arena_strdup(a, text ? text : "");
    size_t cap = strlen(copy) + 1; /* more than the addresses the text can hold */
    ok->instructors = arena_alloc(a, cap * sizeof(*ok->instructors));
    ok->instructor_emails = arena_alloc(a, cap * sizeof(*ok->instructor_emails));
    for (char *p = copy; *p;) {
        size_t len = strcspn(p, ", \t\r\n");
        char *next = p[len] ? p + len + 1 : p + len;
        p[len] = '\0';
        if (*p) {
            struct accounts_user_ref u;
            int rc = accounts_user_by_email(db, a, p, &u);
            if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID) {
                form_error(errors, "instructors",
                           arena_printf(a, _(lang, "There is no user with the e-mail address %s"),
                                        p));
            } else if (rc < 0) {
                return rc;
            } else {
                ok->instructors[ok->ninstructors] = u.id;
                ok->instructor_emails[ok->ninstructors++] = u.email;
            }
        }
        p = next;
    }
    return 0;
}

static int cohort_check(struct req *r, const struct cohort *old, const struct cohort_new *in,
                        json_t *errors, struct cohort_ok *ok)
{
    struct arena *a = &r->arena;
    struct catalog_course course;
    int rc;

    memset(ok, 0, sizeof(*ok));
    ok->course = in->course ? in->course : "";
    rc = *ok->course ? catalog_course_get(r->db, a, ok->course, r->lang, &course) : DARS_ENOTFOUND;
    /* another centre's draft is refused as if it did not exist: its title stays hidden
     * (a cohort that already has it may keep it) */
    if (rc == 0 && !streq(course.status, "published") && !(old && old->course_id == course.id)) {
        bool yes = false;
        if ((rc = catalog_may_manage(r, &course, &yes)) < 0)
            return rc;
        if (!yes)
            rc = DARS_ENOTFOUND;
    }
    if (rc == DARS_ENOTFOUND)
        form_error(errors, "course", *ok->course ? N_("There is no course with this code")
                                                 : N_("Choose a course"));
    else if (rc < 0)
        return rc;
    else {
        ok->course_id = course.id;
        ok->course = course.code;
    }

    ok->centre = form_code_norm(a, in->centre);
    rc = *ok->centre ? org_centre_id(r->db, ok->centre, &ok->centre_id) : DARS_ENOTFOUND;
    if (rc == DARS_ENOTFOUND)
        form_error(errors, "centre", *ok->centre ? N_("There is no centre with this code")
                                                 : N_("Choose a centre"));
    else if (rc < 0)
        return rc;

    ok->title = form_text_norm(a, in->title);
    if (!ok->title) {
        ok->title = "";
        form_error(errors, "title", N_("Enter text without invalid characters"));
    } else if (utf8_len(ok->title) > TITLE_MAX_CHARS) {
        form_error(errors, "title", N_("Use at most 200 characters"));
    }
    ok->starts_on = in->starts_on ? in->starts_on : "";
    ok->ends_on = in->ends_on ? in->ends_on : "";
    if (!cohort_date_parse(ok->starts_on, NULL))
        form_error(errors, "starts_on", N_("Enter the date as YYYY-MM-DD, for example 2026-12-01"));
    if (!cohort_date_parse(ok->ends_on, NULL))
        form_error(errors, "ends_on", N_("Enter the date as YYYY-MM-DD, for example 2026-12-01"));
    else if (cohort_date_parse(ok->starts_on, NULL) && strcmp(ok->ends_on, ok->starts_on) < 0)
        form_error(errors, "ends_on", N_("The last day must not be before the first"));
    if (!number_parse(in->capacity, CAPACITY_MAX, &ok->capacity) || ok->capacity == 0)
        form_error(errors, "capacity",
                   N_("Enter the number of places as a whole number from 1 to 100000, or leave it "
                      "empty for no limit"));
    ok->room = form_text_norm(a, in->room);
    if (!ok->room) {
        ok->room = "";
        form_error(errors, "room", N_("Enter text without invalid characters"));
    } else if (utf8_len(ok->room) > ROOM_MAX_CHARS) {
        form_error(errors, "room", N_("Use at most 100 characters"));
    }
    ok->enrol_mode = in->enrol_mode && *in->enrol_mode ? in->enrol_mode : "open";
    if (!streq(ok->enrol_mode, "open") && !streq(ok->enrol_mode, "approval"))
        form_error(errors, "enrol_mode", N_("Choose how learners join"));
    if (!number_parse(in->min_attendance, 100, &ok->min_attendance))
        form_error(errors, "min_attendance",
                   N_("Enter a percentage from 0 to 100, or leave it empty for no rule"));
    if ((rc = instructors_check(r->db, a, r->lang, in->instructors, errors, ok)) < 0)
        return rc;
    if (json_object_size(errors))
        return DARS_EINVALID;
    /* scope last, so that a bad centre code reads as a field error, not as 403 */
    if (!accounts_can_manage_centre(r, ok->centre_id))
        return DARS_EDENIED;
    return 0;
}

static const char *num_str(struct arena *a, int64_t n)
{
    return n < 0 ? "" : arena_printf(a, "%lld", (long long)n);
}

static int instructors_add(struct req *r, int64_t cohort_id, const struct cohort_ok *ok,
                           const char *now)
{
    struct actor who = accounts_actor(r);
    for (size_t i = 0; i < ok->ninstructors; i++) {
        int64_t changed = 0;
        int rc = db_exec_changes(r->db, cohort_instructor_add_sql,
                                 DB_ARGS(DB_INT(cohort_id), DB_INT(ok->instructors[i]),
                                         DB_TEXT(now)),
                                 &changed);
        if (rc < 0)
            return rc;
        if (changed == 0)
            continue; /* already one of them */
        json_t *changes = json_object();
        audit_after(changes, "instructor", ok->instructor_emails[i]);
        rc = audit_record_id(r->db, &who, "cohort.instructor_add", "cohort",
                          cohort_id, changes);
        json_decref(changes);
        if (rc < 0)
            return rc;
    }
    return 0;
}

int cohort_write(struct req *r, const struct cohort *old, const struct cohort_new *in,
                 json_t *errors, int64_t *id)
{
    struct actor who = accounts_actor(r);
    struct arena *a = &r->arena;
    char now[TIME_ISO_LEN];
    struct cohort_ok ok;
    int64_t new_id = old ? old->id : 0;
    int rc = cohort_check(r, old, in, errors, &ok);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    json_t *changes = json_object();
    if (!old) {
        rc = db_query_int(r->db, cohort_insert_sql,
                          DB_ARGS(DB_INT(ok.course_id), DB_INT(ok.centre_id), DB_TEXT(ok.title),
                                  DB_TEXT(ok.starts_on), DB_TEXT(ok.ends_on),
                                  ok.capacity < 0 ? DB_NULL : DB_INT(ok.capacity),
                                  DB_TEXT(ok.room), DB_TEXT(ok.enrol_mode),
                                  ok.min_attendance < 0 ? DB_NULL : DB_INT(ok.min_attendance),
                                  DB_ID(r->user ? r->user->id : 0), DB_TEXT(now), DB_TEXT(now)),
                          &new_id);
        audit_after(changes, "course", ok.course);
        audit_after(changes, "centre", ok.centre);
        audit_after(changes, "title", ok.title);
        audit_after(changes, "starts_on", ok.starts_on);
        audit_after(changes, "ends_on", ok.ends_on);
        audit_after(changes, "capacity", num_str(a, ok.capacity));
        audit_after(changes, "room", ok.room);
        audit_after(changes, "enrol_mode", ok.enrol_mode);
        audit_after(changes, "min_attendance", num_str(a, ok.min_attendance));
    } else {
        const char *old_title = streq(old->title, old->course_title) ? "" : old->title;
        audit_diff(changes, "course", old->course_code, ok.course);
        audit_diff(changes, "centre", old->centre_code, ok.centre);
        audit_diff(changes, "title", old_title, ok.title);
        audit_diff(changes, "starts_on", old->starts_on, ok.starts_on);
        audit_diff(changes, "ends_on", old->ends_on, ok.ends_on);
        audit_diff(changes, "capacity", old->capacity ? num_str(a, old->capacity) : "",
                   num_str(a, ok.capacity));
        audit_diff(changes, "room", old->room, ok.room);
        audit_diff(changes, "enrol_mode", old->enrol_mode, ok.enrol_mode);
        audit_diff(changes, "min_attendance", num_str(a, old->min_attendance),
                   num_str(a, ok.min_attendance));
        if (json_object_size(changes))
            rc = db_exec(r->db, cohort_update_sql,
                         DB_ARGS(DB_INT(ok.course_id), DB_INT(ok.centre_id), DB_TEXT(ok.title),
                                 DB_TEXT(ok.starts_on), DB_TEXT(ok.ends_on),
                                 ok.capacity < 0 ? DB_NULL : DB_INT(ok.capacity),
                                 DB_TEXT(ok.room), DB_TEXT(ok.enrol_mode),
                                 ok.min_attendance < 0 ? DB_NULL : DB_INT(ok.min_attendance),
                                 DB_TEXT(now), DB_INT(old->id)));
    }
    if (rc == 0 && json_object_size(changes))
        rc = audit_record_id(r->db, &who, old ? "cohort.update" : "cohort.create", "cohort",
                          new_id, changes);
    json_decref(changes);
    if (rc == 0)
        rc = instructors_add(r, new_id, &ok, now);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}

/* The cohort as the API shows it (DESIGN.md section 6), with its instructors' e-mails. */
json_t *cohort_json(struct req *r, const struct cohort *c)
{
    json_t *o = json_pack(
        "{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "id", (json_int_t)c->id, "course",
        c->course_code, "centre", c->centre_code, "title", c->title, "starts_on", c->starts_on,
        "ends_on", c->ends_on, "room", c->room, "enrol_mode", c->enrol_mode, "timezone",
        c->timezone, "places_taken", (json_int_t)c->places_taken);
    json_object_set_new(o, "capacity", c->capacity ? json_integer(c->capacity) : json_null());
    json_object_set_new(o, "min_attendance",
                        c->min_attendance >= 0 ? json_integer(c->min_attendance) : json_null());
    (void)r;
    return o;
}

/* ---- pages ---- */

/* Instructors of a cohort as [{email, name, remove_url}]; one statement. */
static int instructors_vals(struct req *r, int64_t cohort_id, struct val **out /* OUT */)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, cohort_instructors_sql, DB_ARGS(DB_INT(cohort_id)));
    *out = NULL;
    if (rc < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        const char *url = arena_printf(&r->arena, "/admin/cohorts/%lld/instructors/%lld/remove",
                                       (long long)cohort_id, (long long)db_col_int(st, 0));
        val_push(list, val_pack(&r->arena, "{s:s, s:s, s:o}", "email", db_col_text(st, 1),
                                "name", db_col_text(st, 2), "remove_url",
                                val_str_ref(&r->arena, url)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

static const char *places_text(struct req *r, const struct cohort *c)
{
    if (!c->capacity)
        return _(r->lang, "No limit");
    return arena_printf(&r->arena, _(r->lang, "%s of %s taken"), view_int(r, c->places_taken),
                        view_int(r, c->capacity));
}

/*
 * What the list, the details page and the learners' page show of a cohort.
 * Every string lives as long as the request (the cohort's are the arena's):
 * referenced, not copied, as the list builds fifty of these.
 */
static struct val *cohort_view(struct req *r, const struct cohort *c)
{
    struct arena *a = &r->arena;
    return val_pack(
        a, "{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o}", "id",
        (json_int_t)c->id, "title", val_str_ref(a, c->title), "course_code",
        val_str_ref(a, c->course_code), "course_title", val_str_ref(a, c->course_title),
        "centre_code", val_str_ref(a, c->centre_code), "centre_name",
        val_str_ref(a, c->centre_name), "starts_on", val_str_ref(a, view_date(r, c->starts_on)),
        "ends_on", val_str_ref(a, view_date(r, c->ends_on)), "room", val_str_ref(a, c->room),
        "timezone", val_str_ref(a, c->timezone), "places", val_str_ref(a, places_text(r, c)),
        "url", val_str_ref(a, arena_printf(a, "/admin/cohorts/%lld", (long long)c->id)),
        "approval", streq(c->enrol_mode, "approval"), "public_url",
        val_str_ref(a, arena_printf(a, "/cohorts/%lld", (long long)c->id)), "min_attendance",
        val_str_ref(a, c->min_attendance >= 0
                           ? arena_printf(a, "%lld%%", (long long)c->min_attendance)
                           : ""));
}

/* GET /admin/cohorts */
int cohort_list_page(struct req *r)
{
    const char *centre = form_code_norm(&r->arena, http_query(r, "centre"));
    const char *course = form_code_norm(&r->arena, http_query(r, "course"));
    const char *from = http_query(r, "from");
    int64_t page = form_page_arg(r), total = 0;
    bool admin = r->user->is_admin;
    struct val *items, *centres, *ctx;
    struct db_stmt *st;
    int rc;

    if (!utf8_is_valid(centre, strlen(centre)))
        centre = "";
    if (!utf8_is_valid(course, strlen(course)))
        course = "";
    if (!cohort_date_parse(from, NULL))
        from = "";
#define FILTER_ARGS                                                                           \
    DB_TEXT(r->lang), DB_TEXT(centre), DB_TEXT(centre), DB_TEXT(course), DB_TEXT(course),    \
        DB_TEXT(from), DB_TEXT(from), DB_INT(admin), DB_INT(r->user->id)
    if ((rc = db_query_int(r->db, cohort_count_sql, DB_ARGS(FILTER_ARGS), &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, cohort_page_sql,
                       DB_ARGS(FILTER_ARGS, DB_INT(COHORT_PAGE_SIZE),
                               DB_INT((page - 1) * COHORT_PAGE_SIZE)))) < 0)
        return rc;
#undef FILTER_ARGS
    items = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        struct cohort c;
        cohort_row(&r->arena, st, &c);
        val_push(items, cohort_view(r, &c));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if (!(centres = org_centre_options(&r->arena, r->db, centre)))
        return DARS_EDB;
    ctx = val_pack(&r->arena, "{s:s, s:o, s:o, s:s, s:s, s:b, s:b}", "title",
                   _(r->lang, "Cohorts"), "items", items, "centres", centres, "course", course,
                   "from", from, "has_items", val_len(items) > 0, "filtered",
                   *centre || *course || *from);
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, COHORT_PAGE_SIZE, total);
    return view_page(r, "cohorts_list", ctx);
}

static struct cohort_new cohort_form_read(struct req *r)
{
    struct cohort_new f = { http_form(r, "course"),    http_form(r, "centre"),
                            http_form(r, "title"),     http_form(r, "starts_on"),
                            http_form(r, "ends_on"),   http_form(r, "capacity"),
                            http_form(r, "room"),      http_form(r, "enrol_mode"),
                            http_form(r, "min_attendance"), http_form(r, "instructors") };
    return f;
}

static int cohort_new_form(struct req *r, int status, const struct cohort_new *f,
                           json_t *errors)
{
    struct db_stmt *st;
    struct val *courses = val_list(&r->arena), *centres;
    int rc = db_query(r->db, &st, cohort_courses_sql,
                      DB_ARGS(DB_TEXT(r->lang), DB_INT(r->user->is_admin), DB_INT(r->user->id)));

    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        val_push(courses, val_pack(&r->arena, "{s:s, s:o, s:b}", "code", code, "label",
                                   val_str_ref(&r->arena, arena_printf(&r->arena, "%s (%s)",
                                                                       db_col_text(st, 1), code)),
                                   "selected", streq(code, f->course)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if (!(centres = org_centre_options(&r->arena, r->db, form_code_norm(&r->arena, f->centre))))
        return DARS_EDB;
#define S(x) ((x) ? (x) : "")
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}}", "title",
        _(r->lang, "Schedule a cohort"), "courses", courses, "centres", centres, "f", "title",
        S(f->title), "starts_on", S(f->starts_on), "ends_on", S(f->ends_on), "capacity",
        S(f->capacity), "room", S(f->room), "min_attendance", S(f->min_attendance), "instructors",
        S(f->instructors), "approval", streq(f->enrol_mode, "approval"));
#undef S
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Cohorts"), "/admin/cohorts", NULL);
    return view_page_status(r, status, "cohorts_new", ctx);
}

/* GET /admin/cohorts/new */
int cohort_new_page(struct req *r)
{
    struct cohort_new f = { .course = http_query(r, "course") };
    return cohort_new_form(r, 200, &f, NULL);
}

/* POST /admin/cohorts */
int cohort_create_submit(struct req *r)
{
    struct cohort_new f = cohort_form_read(r);
    json_t *errors = json_object();
    int64_t id = 0;
    int rc = db_tx_begin(r->db);

    if (rc == 0)
        rc = db_tx_end(r->db, cohort_write(r, NULL, &f, errors, &id));
    if (rc == DARS_EINVALID)
        rc = cohort_new_form(r, 422, &f, errors);
    else if (rc == 0) {
        view_flash(r, N_("Cohort scheduled"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)id));
    }
    json_decref(errors);
    return rc;
}

int cohort_managed(struct req *r, struct cohort *c)
{
    int rc = cohort_get(r->db, &r->arena, r->lang, r->params[0], c);
    if (rc < 0)
        return rc;
    return accounts_can_manage_centre(r, c->centre_id) ? 0 : DARS_EDENIED;
}

int cohort_readable(struct req *r, struct cohort *c)
{
    struct catalog_course course;
    int rc = cohort_get(r->db, &r->arena, r->lang, r->params[0], c);

    if (rc < 0 ||
        (rc = catalog_course_get_id(r->db, &r->arena, c->course_id, r->lang, &course)) < 0)
        return rc;
    /* a draft course's cohorts are not public yet */
    if (!streq(course.status, "published") && !accounts_can_manage_centre(r, c->centre_id))
        return DARS_ENOTFOUND;
    return 0;
}

/*
 * The details page, also answering a failed form on it: which names the
 * form ("session", "pattern", "instructor"), f its values (field -> text).
 */
static int cohort_show(struct req *r, const struct cohort *c, int status, const char *which,
                       struct val *f, json_t *errors)
{
    struct val *sessions, *instructors, *in, *ctx;
    int rc;

    if ((rc = cohort_sessions_vals(r, c, &sessions)) < 0 ||
        (rc = instructors_vals(r, c->id, &instructors)) < 0)
        return rc;
    if (!f)
        f = val_pack(&r->arena, "{s:s, s:s, s:s, s:s}", "room", c->room, "p_room", c->room,
                     "from", c->starts_on, "to", c->ends_on);
    /* the instructor the form chose, or the first one when it chose none */
    bool chose = val_get(f, "instructor") != NULL;
    const char *want = val_get_str(f, "instructor");
    /* not VAL_FOREACH: its parameter "list" also replaces the member u.list */
    for (size_t i = 0; (in = val_at(instructors, i)); i++)
        val_set_bool(in, "selected", chose ? streq(want, val_get_str(in, "email")) : i == 0);
    static const char *const days[] = { N_("Monday"), N_("Tuesday"),  N_("Wednesday"),
                                        N_("Thursday"), N_("Friday"), N_("Saturday"),
                                        N_("Sunday") };
    struct val *weekdays = val_list(&r->arena), *checked = val_get(f, "weekdays");
    for (int i = 0; i < 7; i++) {
        const struct val *on = val_at(checked, (size_t)i);
        val_push(weekdays,
                 val_pack(&r->arena, "{s:i, s:o, s:o, s:b}", "value", i + 1, "id",
                          val_str_ref(&r->arena,
                                      i == 0 ? "weekdays"
                                             : arena_printf(&r->arena, "weekday-%d", i + 1)),
                          "label", val_str_ref(&r->arena, _(r->lang, days[i])), "checked",
                          on && on->kind == VAL_TRUE));
    }
    ctx = val_pack(&r->arena, "{s:s, s:o, s:o, s:b, s:b, s:o, s:o, s:o}", "title", c->title,
                   "cohort", cohort_view(r, c), "sessions", sessions, "has_sessions",
                   val_len(sessions) > 0, "has_instructors", val_len(instructors) > 0,
                   "instructors", instructors, "f", f, "weekdays", weekdays);
    if (which && errors) {
        /* the pattern form's fields have their own ids on this page */
        json_t *errs = errors;
        if (streq(which, "pattern")) {
            errs = json_object();
            const char *key;
            json_t *v;
            json_object_foreach(errors, key, v) {
                bool own = streq(key, "start") || streq(key, "end") || streq(key, "room") ||
                           streq(key, "instructor");
                json_object_set(errs, own ? arena_printf(&r->arena, "p_%s", key) : key, v);
            }
        }
        view_form_errors(r, ctx, errs);
        if (errs != errors)
            json_decref(errs);
    }
    form_crumbs(r, ctx, _(r->lang, "Cohorts"), "/admin/cohorts", NULL);
    return view_page_status(r, status, "cohorts_show", ctx);
}

/* GET /admin/cohorts/:id */
int cohort_show_page(struct req *r)
{
    struct cohort c;
    int rc = cohort_managed(r, &c);
    return rc < 0 ? rc : cohort_show(r, &c, 200, NULL, NULL, NULL);
}

/* POST /admin/cohorts/:id/instructors */
int cohort_instructor_submit(struct req *r)
{
    struct cohort c;
    json_t *errors = json_object();
    const char *email = http_form(r, "email");
    int rc = cohort_managed(r, &c);

    if (rc < 0)
        goto out;
    struct cohort_ok ok = { 0 };
    if ((rc = instructors_check(r->db, &r->arena, r->lang, email, errors, &ok)) < 0)
        goto out;
    if (json_object_size(errors) || ok.ninstructors == 0) {
        json_t *e = json_object();
        form_error(e, "email", json_object_size(errors)
                                   ? N_("There is no user with this e-mail address")
                                   : N_("Enter the e-mail address of the instructor"));
        struct val *f = val_pack(&r->arena, "{s:s}", "email", email ? email : "");
        rc = cohort_show(r, &c, 422, "instructor", f, e);
        json_decref(e);
        goto out;
    }
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, instructors_add(r, c.id, &ok, now))) < 0)
        goto out;
    view_flash(r, N_("Instructor added"));
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)c.id));
out:
    json_decref(errors);
    return rc;
}

/* Add sessions from a form, answering the page again on errors or a clash. */
static int sessions_submit(struct req *r, bool pattern)
{
    struct cohort c;
    json_t *errors = json_object();
    const char *clash = NULL;
    int64_t added = 0;
    int rc = cohort_managed(r, &c);

    if (rc < 0)
        goto out;
    struct session_new one = { http_form(r, "date"), http_form(r, "start"), http_form(r, "end"),
                               http_form(r, "room"), http_form(r, "instructor") };
    struct pattern_new p = { .start = http_form(r, "p_start"),
                             .end = http_form(r, "p_end"),
                             .from = http_form(r, "from"),
                             .to = http_form(r, "to"),
                             .exceptions = http_form(r, "exceptions"),
                             .room = http_form(r, "p_room"),
                             .instructor = http_form(r, "p_instructor") };
    for (const struct form_field *ff = r->form; ff; ff = ff->next) {
        int64_t d = api_id(ff->value);
        if (streq(ff->name, "weekdays") && d >= 1 && d <= 7)
            p.weekdays[d - 1] = true;
    }
    /* the form's values to show again: weekdays as seven booleans, Monday first */
    struct val *checked = val_list(&r->arena);
    for (int i = 0; i < 7; i++)
        val_push(checked, val_bool(p.weekdays[i]));
#define S(x) ((x) ? (x) : "")
    struct val *f = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:o}", "date",
                  S(one.date), "start", S(one.start), "end", S(one.end), "room", S(one.room),
                  "p_start", S(p.start), "p_end", S(p.end), "from", S(p.from), "to", S(p.to),
                  "exceptions", S(p.exceptions), "p_room", S(p.room), "instructor",
                  pattern ? S(p.instructor) : S(one.instructor), "weekdays", checked);
#undef S
    rc = db_tx_begin(r->db);
    if (rc == 0)
        rc = db_tx_end(r->db, cohort_sessions_add(r, &c, pattern ? NULL : &one,
                                                  pattern ? &p : NULL, errors, &clash, &added));
    if (rc == DARS_ECONFLICT && clash) {
        json_object_clear(errors);
        json_object_set_new(errors, pattern ? "from" : "date", json_string(clash));
        rc = cohort_show(r, &c, 409, pattern ? "pattern" : "session", f, errors);
    } else if (rc == DARS_EINVALID) {
        rc = cohort_show(r, &c, 422, pattern ? "pattern" : "session", f, errors);
    } else if (rc == 0) {
        view_flash(r, added == 1 ? N_("Session added") : N_("Sessions added"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/cohorts/%lld#sessions",
                                           (long long)c.id));
    }
out:
    json_decref(errors);
    return rc;
}

/* POST /admin/cohorts/:id/sessions */
int cohort_session_submit(struct req *r)
{
    return sessions_submit(r, false);
}

/* POST /admin/cohorts/:id/pattern */
int cohort_pattern_submit(struct req *r)
{
    return sessions_submit(r, true);
}

/* The session of the path (/admin/cohorts/:id/sessions/:sid/delete) as {id, date, start, end}. */
static int session_of_path(struct req *r, const struct cohort *c, struct val **out /* OUT */)
{
    struct db_stmt *st;
    int rc;

    *out = NULL;
    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    if ((rc = db_query_row(r->db, &st, cohort_session_get_sql,
                           DB_ARGS(DB_INT(api_id(r->params[1])), DB_INT(c->id)))) < 0)
        return rc;
    const char *day, *from, *day2, *to;
    cohort_local(&r->arena, db_col_text(st, 1), c->timezone, &day, &from);
    cohort_local(&r->arena, db_col_text(st, 2), c->timezone, &day2, &to);
    *out = val_pack(&r->arena, "{s:I, s:s, s:s, s:s, s:s}", "id", (json_int_t)db_col_int(st, 0),
                    "date", view_date(r, day), "start", from, "end", to, "room",
                    db_col_text(st, 3));
    db_done(st);
    return 0;
}

/* GET /admin/cohorts/:id/sessions/:sid/delete: the confirmation */
int cohort_session_delete_page(struct req *r)
{
    struct cohort c;
    struct val *s;
    int rc = cohort_managed(r, &c);

    if (rc < 0 || (rc = session_of_path(r, &c, &s)) < 0)
        return rc;
    struct val *ctx =
        val_pack(&r->arena, "{s:s, s:o, s:o}", "title", _(r->lang, "Delete this session?"),
                 "cohort", cohort_view(r, &c), "session", s);
    form_crumbs(r, ctx, _(r->lang, "Cohorts"), "/admin/cohorts", c.title,
                arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)c.id), NULL);
    return view_page(r, "cohorts_session_delete", ctx);
}

/* POST /admin/cohorts/:id/sessions/:sid/delete */
int cohort_session_delete_submit(struct req *r)
{
    struct cohort c;
    struct val *s;
    int rc = cohort_managed(r, &c);

    /* the session must be the cohort's and live; the page's values are not needed */
    if (rc < 0 || (rc = session_of_path(r, &c, &s)) < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, cohort_session_delete(r, &c, api_id(r->params[1])))) <
            0)
        return rc;
    view_flash(r, N_("Session deleted"));
    return http_redirect(r,
                         arena_printf(&r->arena, "/admin/cohorts/%lld#sessions", (long long)c.id));
}

/* ---- editing a cohort ---- */

/* The edit form; f the values shown (the cohort's own when the form is first shown). */
static int cohort_edit_form(struct req *r, const struct cohort *c, int status,
                            const struct cohort_new *f, json_t *errors)
{
#define S(x) ((x) ? (x) : "")
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:{s:s, s:s, s:s, s:s, s:s, s:s, s:b}}", "title",
        _(r->lang, "Change the cohort"), "cohort", cohort_view(r, c), "f", "title", S(f->title),
        "starts_on", S(f->starts_on), "ends_on", S(f->ends_on), "capacity", S(f->capacity),
        "room", S(f->room), "min_attendance", S(f->min_attendance), "approval",
        streq(S(f->enrol_mode), "approval"));
#undef S
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Cohorts"), "/admin/cohorts", c->title,
                arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)c->id), NULL);
    return view_page_status(r, status, "cohorts_edit", ctx);
}

/* GET /admin/cohorts/:id/edit */
int cohort_edit_page(struct req *r)
{
    struct cohort c;
    int rc = cohort_managed(r, &c);
    if (rc < 0)
        return rc;
    struct cohort_new f = {
        .title = streq(c.title, c.course_title) ? "" : c.title,
        .starts_on = c.starts_on,
        .ends_on = c.ends_on,
        .capacity = c.capacity ? num_str(&r->arena, c.capacity) : "",
        .room = c.room,
        .enrol_mode = c.enrol_mode,
        .min_attendance = num_str(&r->arena, c.min_attendance),
    };
    return cohort_edit_form(r, &c, 200, &f, NULL);
}

/* POST /admin/cohorts/:id/edit: course and centre stay; instructors have their own form. */
int cohort_edit_submit(struct req *r)
{
    struct cohort c;
    json_t *errors = json_object();
    int rc = cohort_managed(r, &c);

    if (rc < 0)
        goto out;
    struct cohort_new f = cohort_form_read(r);
    f.course = c.course_code;
    f.centre = c.centre_code;
    f.instructors = "";
    if ((rc = db_tx_begin(r->db)) == 0)
        rc = db_tx_end(r->db, cohort_write(r, &c, &f, errors, NULL));
    if (rc == DARS_EINVALID) {
        rc = cohort_edit_form(r, &c, 422, &f, errors);
    } else if (rc == 0) {
        view_flash(r, N_("Cohort changed"));
        rc = http_redirect(r, arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)c.id));
    }
out:
    json_decref(errors);
    return rc;
}

/* ---- removing an instructor ---- */

/* An instructor of a cohort; strings from the arena. */
struct instructor {
    int64_t id;
    const char *email, *name;
};

/* The instructor of the path (/admin/cohorts/:id/instructors/:uid/remove). */
static int instructor_of_path(struct req *r, const struct cohort *c,
                              struct instructor *out /* OUT */)
{
    struct db_stmt *st;
    int rc;

    if (!api_is_id(r->params[1]))
        return DARS_ENOTFOUND;
    if ((rc = db_query_row(r->db, &st, cohort_instructor_get_sql,
                           DB_ARGS(DB_INT(c->id), DB_INT(api_id(r->params[1]))))) < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->email = arena_strdup(&r->arena, db_col_text(st, 1));
    out->name = arena_strdup(&r->arena, db_col_text(st, 2));
    db_done(st);
    return 0;
}

/* GET /admin/cohorts/:id/instructors/:uid/remove: the confirmation */
int cohort_instructor_remove_page(struct req *r)
{
    struct cohort c;
    struct instructor in;
    int rc = cohort_managed(r, &c);

    if (rc < 0 || (rc = instructor_of_path(r, &c, &in)) < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:{s:I, s:o, s:o}}", "title",
        _(r->lang, "Remove this instructor from the cohort?"), "cohort", cohort_view(r, &c),
        "instructor", "id", (json_int_t)in.id, "email", val_str_ref(&r->arena, in.email),
        "name", val_str_ref(&r->arena, in.name));
    form_crumbs(r, ctx, _(r->lang, "Cohorts"), "/admin/cohorts", c.title,
                arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)c.id), NULL);
    return view_page(r, "cohorts_instructor_remove", ctx);
}

/* Remove the instructor, audited, inside the caller's transaction. */
static int instructor_remove(struct req *r, const struct cohort *c, int64_t user_id,
                             const char *email)
{
    struct actor who = accounts_actor(r);
    int64_t changed = 0;
    int rc = db_exec_changes(r->db, cohort_instructor_remove_sql,
                             DB_ARGS(DB_INT(c->id), DB_INT(user_id)), &changed);
    if (rc < 0 || changed == 0)
        return rc; /* removed meanwhile: nothing to record */
    json_t *changes = json_object();
    audit_diff(changes, "instructor", email, "");
    rc = audit_record_id(r->db, &who, "cohort.instructor_remove", "cohort",
                      c->id, changes);
    json_decref(changes);
    return rc;
}

/* POST /admin/cohorts/:id/instructors/:uid/remove; sessions keep their instructor. */
int cohort_instructor_remove_submit(struct req *r)
{
    struct cohort c;
    struct instructor in;
    int rc = cohort_managed(r, &c);

    if (rc < 0 || (rc = instructor_of_path(r, &c, &in)) < 0)
        return rc;
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, instructor_remove(r, &c, in.id, in.email))) < 0)
        return rc;
    view_flash(r, N_("Instructor removed"));
    return http_redirect(r, arena_printf(&r->arena, "/admin/cohorts/%lld", (long long)c.id));
}

/*
 * The cohorts of a course that have not ended, as [{id, title, centre_name,
 * centre_code, starts_on, ends_on (formatted in the reader's language), room,
 * places ("3 of 12 taken" | "No limit"), public_url ("/cohorts/ID")}] in
 * starting order. One statement.
 */
static int cohorts_for_course_vals(struct req *r, int64_t course_id, struct val **out /* OUT */)
{
    char today[TIME_ISO_LEN];
    struct db_stmt *st;
    int rc;

    *out = NULL;
    time_now_iso(today);
    today[10] = '\0';
    if ((rc = db_query(r->db, &st, cohort_for_course_sql,
                       DB_ARGS(DB_TEXT(r->lang), DB_INT(course_id), DB_TEXT(today),
                               DB_INT(r->user && r->user->is_admin),
                               DB_INT(r->user ? r->user->id : 0)))) < 0)
        return rc;
    struct val *list = val_list(&r->arena);
    while ((rc = db_step(st)) == DB_ROW) {
        struct cohort c;
        cohort_row(&r->arena, st, &c);
        val_push(list, cohort_view(r, &c));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out = list;
    return 0;
}

/* cohorts_course_panel's show */
static int course_panel_show(struct req *r, const struct catalog_course_page *p,
                             const char **html)
{
    struct val *list;
    int rc = cohorts_for_course_vals(r, p->course->id, &list);

    *html = "";
    if (rc < 0 || !val_len(list))
        return rc;
    return view_part(r, "cohorts_course_panel", val_pack(&r->arena, "{s:o}", "cohorts", list),
                     html);
}

const struct catalog_panel cohorts_course_panel = { "cohorts", course_panel_show };

int cohorts_places_get(struct db *db, int64_t cohort_id, struct enrol_places *out)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, cohort_places_sql, DB_ARGS(DB_INT(cohort_id)));

    memset(out, 0, sizeof(*out));
    if (rc < 0)
        return rc;
    out->course_id = db_col_int(st, 0);
    out->capacity = db_col_int(st, 1);
    out->enrol_mode = streq(db_col_text(st, 2), "approval") ? "approval" : "open";
    db_done(st);
    return 0;
}

int cohorts_centre_get(struct db *db, struct arena *a, int64_t cohort_id,
                       int64_t *centre_id, const char **title)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, cohort_centre_sql, DB_ARGS(DB_INT(cohort_id)));

    if (rc < 0)
        return rc;
    *centre_id = db_col_int(st, 0);
    *title = arena_strdup(a, db_col_text(st, 1));
    db_done(st);
    return 0;
}

int cohorts_is_member(struct db *db, int64_t cohort_id, int64_t user_id, bool *member)
{
    int64_t n = 0;
    int rc = db_query_int(db, cohort_member_sql, DB_ARGS(DB_INT(cohort_id), DB_INT(user_id)), &n);

    *member = rc == 0 && n > 0;
    return rc < 0 ? rc : 0;
}
