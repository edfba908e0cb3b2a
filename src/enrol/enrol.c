/*
 * The enrolment store: enrolling (open, on approval, by a manager), the
 * waitlist and its promotion, withdrawal, lessons done, progress and
 * completion. Every function runs inside the caller's transaction and audits
 * what it changes, so that a request's writes land together or not at all.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/ids.h"
#include "db/db.h"

/* advisory-lock class of the capacity decisions ("enr" in ASCII) */
#define ENROL_LOCK_CLASS 0x656e72

/* Our own static copy of a status read from the database. */
static const char *status_static(const char *s)
{
    static const char *const all[] = { "requested", "waitlisted", "active", "completed",
                                       "withdrawn" };
    for (size_t i = 0; i < ARRAY_SIZE(all); i++)
        if (streq(all[i], s))
            return all[i];
    return "none";
}

/*
 * Decisions about a course's places must not interleave: on PostgreSQL (read
 * committed) two enrolments could each count the other's place as free, so
 * take a transaction-scoped lock per course first.
 */
int enrol_lock_course(struct db *db, int64_t course_id)
{
    return db_tx_lock(db, ENROL_LOCK_CLASS, course_id);
}

static void row_read(struct arena *a, struct db_stmt *st, struct enrol_row *e)
{
    e->id = db_col_int(st, 0);
    e->user_id = db_col_int(st, 1);
    e->course_id = db_col_int(st, 2);
    e->status = status_static(db_col_text(st, 3));
    e->progress = db_col_int(st, 4);
    e->email = arena_strdup(a, db_col_text(st, 5));
    e->completed_at = arena_strdup(a, db_col_text(st, 6));
    e->created_at = arena_strdup(a, db_col_text(st, 7));
    e->cohort_id = db_col_int(st, 8);
}

static int row_get(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
                   size_t nargs, struct enrol_row *out)
{
    struct db_stmt *st;
    int rc;
    memset(out, 0, sizeof(*out));
    if ((rc = db_query_row(db, &st, sql, args, nargs)) < 0)
        return rc;
    row_read(a, st, out);
    db_done(st);
    return 0;
}

int enrol_get(struct db *db, struct arena *a, int64_t id, struct enrol_row *out)
{
    return row_get(db, a, enrol_by_id_sql, DB_ARGS(DB_INT(id)), out);
}

int enrol_find(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
               struct enrol_row *out)
{
    return row_get(db, a, enrol_find_sql, DB_ARGS(DB_INT(user_id), DB_INT(course_id)), out);
}

/* Run a statement RETURNING id, status; DARS_ENOTFOUND when it changed nothing. */
static int write_status(struct db *db, const char *sql, const struct db_arg *args, size_t nargs,
                        int64_t *id, const char **status)
{
    struct db_stmt *st;
    int rc;
    if ((rc = db_query_row(db, &st, sql, args, nargs)) < 0)
        return rc;
    *id = db_col_int(st, 0);
    *status = status_static(db_col_text(st, 1));
    db_done(st);
    return 0;
}

static int stamp(struct db *db, int64_t id, const char *now)
{
    return db_exec(db, enrol_stamp_sql, DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_TEXT(now),
                                                DB_INT(id)));
}

static int audit_status(struct db *db, const struct actor *who, const char *action, int64_t id,
                        const char *before, const char *after)
{
    json_t *changes = json_object();
    audit_diff(changes, "status", before, after);
    int rc = audit_record_id(db, who, action, "enrolment", id, changes);
    json_decref(changes);
    return rc;
}

/*
 * The places of an enrolment's pool: its cohort's when it has one (counted
 * among the cohort's enrolments), else the course's.
 */
static int places_of(struct db *db, int64_t cohort_id, const struct catalog_course *c,
                     int64_t *capacity /* OUT */, const char **mode /* OUT */)
{
    struct enrol_places p;
    int rc;
    *capacity = c->capacity > 0 ? c->capacity : 0;
    if (mode)
        *mode = c->enrol_mode;
    if (!cohort_id)
        return 0;
    if ((rc = enrol_cohort_places(db, cohort_id, &p)) < 0)
        return rc;
    *capacity = p.capacity;
    if (mode)
        *mode = p.enrol_mode;
    return 0;
}

/* Give free places to the waitlist (the course's, or a cohort's), first come first served. */
static int promote(struct db *db, struct arena *a, const struct actor *who, int64_t course_id,
                   int64_t cohort_id, int64_t capacity)
{
    char now[TIME_ISO_LEN];
    int rc = 0;

    if (capacity <= 0)
        capacity = 0;
    time_now_iso(now);
    /* each round fills one place; it stops when the course is full or nobody waits */
    for (;;) {
        int64_t id = 0;
        rc = db_query_int(db, enrol_promote_sql,
                          DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(course_id),
                                  DB_INT(cohort_id), DB_INT(capacity), DB_INT(course_id),
                                  DB_INT(cohort_id), DB_INT(capacity)),
                          &id);
        if (rc == DARS_ENOTFOUND)
            return 0;
        if (rc < 0)
            return rc;
        if ((rc = audit_status(db, who, "enrolment.promote", id, "waitlisted", "active")) < 0)
            return rc;
    }
}

/* enrol_apply() into the course itself (cohort_id 0) or into one of its cohorts */
static int apply_in(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                    const struct catalog_course *c, int64_t cohort_id, bool self,
                    const char **status, int64_t *id)
{
    char now[TIME_ISO_LEN];
    struct enrol_row old;
    const char *got = NULL;
    int64_t row = 0;
    int rc;

    /* learners enrol only in published courses; a manager or an instructor may enrol
     * people into a draft too (to prepare a cohort before publishing) */
    if (self && !streq(c->status, "published"))
        return DARS_ENOTFOUND;
    if ((rc = enrol_lock_course(db, c->id)) < 0)
        return rc;
    rc = enrol_find(db, a, user_id, c->id, &old);
    if (rc < 0 && rc != DARS_ENOTFOUND)
        return rc;
    bool exists = rc == 0;
    if (exists && !streq(old.status, "withdrawn"))
        return DARS_ECONFLICT;
    const char *mode;
    int64_t cap;
    if ((rc = places_of(db, cohort_id, c, &cap, &mode)) < 0)
        return rc;
    const char *wanted = self && streq(mode, "approval") ? "requested" : "";
    time_now_iso(now);
    if (exists)
        rc = write_status(db, enrol_reopen_sql,
                          DB_ARGS(DB_ID(cohort_id), DB_TEXT(wanted), DB_INT(cap), DB_INT(c->id),
                                  DB_INT(cohort_id), DB_INT(cap), DB_ID(who->id), DB_TEXT(now),
                                  DB_INT(old.id)),
                          &row, &got);
    else
        rc = write_status(db, enrol_insert_sql,
                          DB_ARGS(DB_INT(user_id), DB_INT(c->id), DB_ID(cohort_id),
                                  DB_TEXT(wanted), DB_INT(cap), DB_INT(c->id), DB_INT(cohort_id),
                                  DB_INT(cap), DB_ID(who->id), DB_TEXT(now), DB_TEXT(now)),
                          &row, &got);
    if (rc == DARS_ENOTFOUND)
        rc = DARS_ECONFLICT; /* withdrawn row changed under us */
    if (rc < 0)
        return rc;
    if ((rc = stamp(db, row, now)) < 0)
        return rc;
    json_t *changes = json_object();
    if (!exists) {
        audit_after(changes, "user", arena_int(a, user_id));
        audit_after(changes, "course", c->code);
    }
    if (cohort_id || (exists && old.cohort_id))
        audit_diff(changes, "cohort", exists && old.cohort_id ? arena_int(a, old.cohort_id) : NULL,
                   cohort_id ? arena_int(a, cohort_id) : NULL);
    audit_diff(changes, "status", exists ? "withdrawn" : NULL, got);
    rc = audit_record_id(db, who, "enrolment.create", "enrolment", row, changes);
    json_decref(changes);
    if (rc < 0)
        return rc;
    if (status)
        *status = got;
    if (id)
        *id = row;
    return 0;
}

int enrol_apply(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                const struct catalog_course *c, bool self, const char **status, int64_t *id)
{
    return apply_in(db, a, who, user_id, c, 0, self, status, id);
}

int enrol_decide(struct db *db, struct arena *a, const struct actor *who,
                 const struct enrol_row *e, const struct catalog_course *c, bool approve,
                 const char **status)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0, row = 0;
    const char *got = "withdrawn";
    int rc;

    if ((rc = enrol_lock_course(db, c->id)) < 0)
        return rc;
    time_now_iso(now);
    if (approve) {
        int64_t cap;
        if ((rc = places_of(db, e->cohort_id, c, &cap, NULL)) < 0)
            return rc;
        if ((rc = write_status(db, enrol_approve_sql,
                               DB_ARGS(DB_TEXT(""), DB_INT(cap), DB_INT(c->id),
                                       DB_INT(e->cohort_id), DB_INT(cap), DB_TEXT(now),
                                       DB_INT(e->id)),
                               &row, &got)) < 0 ||
            (rc = stamp(db, e->id, now)) < 0)
            return rc;
    } else {
        if ((rc = db_exec_changes(db, enrol_set_withdrawn_sql,
                                  DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(e->id),
                                          DB_TEXT("requested")),
                                  &changed)) < 0)
            return rc;
        if (!changed)
            return DARS_ENOTFOUND;
    }
    if ((rc = audit_status(db, who, approve ? "enrolment.approve" : "enrolment.decline",
                           e->id, "requested", got)) < 0)
        return rc;
    if (status)
        *status = got;
    return 0;
}

int enrol_withdraw(struct db *db, struct arena *a, const struct actor *who,
                   const struct enrol_row *e, const struct catalog_course *c)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    if (streq(e->status, "withdrawn") || streq(e->status, "completed"))
        return DARS_ECONFLICT;
    if ((rc = enrol_lock_course(db, c->id)) < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_exec_changes(db, enrol_set_withdrawn_sql,
                              DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(e->id),
                                      DB_TEXT(e->status)),
                              &changed)) < 0)
        return rc;
    if (!changed)
        return DARS_ECONFLICT; /* its status changed since it was read */
    if ((rc = audit_status(db, who, "enrolment.withdraw", e->id, e->status, "withdrawn")) < 0)
        return rc;
    /* only an active learner held a place */
    int64_t cap;
    if (streq(e->status, "active") && (rc = places_of(db, e->cohort_id, c, &cap, NULL)) == 0)
        rc = promote(db, a, who, c->id, e->cohort_id, cap);
    return rc;
}

/*
 * Ask e the completion criteria that are conditions, or those that are not,
 * in their order (enrol.h), until one is not met (*ok false); what they ask of
 * the learner is added to *asked.
 */
static int criteria_met(struct db *db, const struct enrol_row *e, bool conditions,
                        bool *ok /* OUT */, int64_t *asked /* IN, OUT */)
{
    *ok = true;
    for (const struct enrol_criterion *const *c = enrol_criteria; *c; c++) {
        int64_t n = 0;
        int rc;
        if ((*c)->condition != conditions)
            continue;
        if ((rc = (*c)->met(db, e->user_id, e->course_id, e->cohort_id, ok, &n)) < 0 || !*ok)
            return rc;
        *asked += n;
    }
    return 0;
}

/*
 * The completion rule, in one place: every live lesson done and every
 * completion criterion met (enrol.h: the required quizzes passed, issue 4;
 * for an enrolment in a cohort, its minimum attendance, issue 5). A course
 * with neither lessons nor anything a criterion asks has nothing to complete.
 */
int enrol_check_completion(struct db *db, struct arena *a, const struct actor *who,
                           const struct enrol_row *e)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int64_t total, done, changed = 0;
    int rc;

    /* two counts: always one row */
    if ((rc = db_query_row(db, &st, enrol_progress_count_sql,
                           DB_ARGS(DB_TEXT("en"), DB_INT(e->user_id), DB_INT(e->course_id)))) < 0)
        return rc;
    total = db_col_int(st, 0);
    done = db_col_int(st, 1);
    db_done(st);
    int64_t progress = total ? done * 100 / total : 0;
    time_now_iso(now);
    if (progress != e->progress &&
        (rc = db_exec(db, enrol_set_progress_sql,
                      DB_ARGS(DB_INT(progress), DB_TEXT(now), DB_INT(e->id)))) < 0)
        return rc;
    if (done < total || !streq(e->status, "active"))
        return 0;
    /* conditions last: with nothing asked they are not even read */
    bool met;
    int64_t asked = total;
    if ((rc = criteria_met(db, e, false, &met, &asked)) < 0 || !met || !asked ||
        (rc = criteria_met(db, e, true, &met, &asked)) < 0 || !met)
        return rc;
    if ((rc = enrol_lock_course(db, e->course_id)) < 0 ||
        (rc = db_exec_changes(db, enrol_complete_sql,
                              DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(e->id)), &changed)) < 0)
        return rc;
    if (!changed)
        return 0;
    if ((rc = audit_status(db, who, "enrolment.complete", e->id, "active", "completed")) < 0 ||
        (rc = enrol_completed(db, a, who, e->id, e->user_id, e->course_id, e->cohort_id)) < 0)
        return rc;
    /* a completed learner no longer holds a place */
    struct catalog_course c;
    int64_t cap;
    if ((rc = catalog_course_get_id(db, a, e->course_id, "en", &c)) < 0 ||
        (rc = places_of(db, e->cohort_id, &c, &cap, NULL)) < 0)
        return rc;
    return promote(db, a, who, c.id, e->cohort_id, cap);
}

int enrol_recheck(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                  int64_t course_id)
{
    struct enrol_row e;
    int rc = enrol_find(db, a, user_id, course_id, &e);

    if (rc == DARS_ENOTFOUND)
        return 0;
    return rc < 0 ? rc : enrol_check_completion(db, a, who, &e);
}

int enrol_lesson_mark(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                      int64_t course_id, int64_t lesson_id, bool done, struct enrol_row *before)
{
    char now[TIME_ISO_LEN];
    struct enrol_row e;
    int64_t changed = 0;
    int rc = enrol_lock_course(db, course_id);

    if (rc == 0)
        rc = enrol_find(db, a, user_id, course_id, &e);
    if (rc == DARS_ENOTFOUND)
        return DARS_EDENIED;
    if (rc < 0)
        return rc;
    if (!streq(e.status, "active") && !streq(e.status, "completed"))
        return DARS_EDENIED;
    if (before)
        *before = e;
    time_now_iso(now);
    if (done)
        rc = db_exec_changes(db, enrol_lesson_done_sql,
                             DB_ARGS(DB_INT(user_id), DB_INT(lesson_id), DB_INT(course_id),
                                     DB_TEXT(now)),
                             &changed);
    else
        rc = db_exec_changes(db, enrol_lesson_undone_sql,
                             DB_ARGS(DB_INT(user_id), DB_INT(lesson_id)), &changed);
    if (rc < 0)
        return rc;
    if (changed) {
        json_t *changes = json_object();
        const char *lesson = arena_int(a, lesson_id);
        audit_diff(changes, "lesson_done", done ? NULL : lesson, done ? lesson : NULL);
        rc = audit_record_id(db, who, done ? "enrolment.lesson_done" : "enrolment.lesson_undone",
                          "enrolment", e.id, changes);
        json_decref(changes);
        if (rc < 0)
            return rc;
    }
    if ((rc = enrol_touch(db, user_id, course_id, lesson_id)) < 0)
        return rc;
    return enrol_check_completion(db, a, who, &e);
}

int enrol_waitlist_place(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                         int64_t *place)
{
    struct enrol_state s;
    int rc = enrol_state_get(db, a, user_id, course_id, &s);
    *place = rc == 0 ? s.waitlist_pos : 0;
    return rc;
}

/* ---- enrol.h ---- */

int enrol_state_get(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                    struct enrol_state *out)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc;

    memset(out, 0, sizeof(*out));
    out->status = "none";
    out->completed_at = "";
    out->last_activity_at = "";
    rc = db_query_row(db, &st, enrol_state_sql, DB_ARGS(DB_INT(user_id), DB_INT(course_id)));
    if (rc == DARS_ENOTFOUND)
        return 0; /* never enrolled */
    if (rc < 0)
        return rc;
    out->id = db_col_int(st, 0);
    out->status = status_static(db_col_text(st, 1));
    out->progress = db_col_int(st, 2);
    out->last_lesson_id = db_col_int(st, 3);
    out->completed_at = arena_strdup(a, db_col_text(st, 4));
    out->waitlist_pos = db_col_int(st, 5);
    out->last_activity_at = arena_strdup(a, db_col_text(st, 6));
    db_done(st);
    if ((rc = db_query(db, &st, enrol_done_ids_sql, DB_ARGS(DB_INT(user_id), DB_INT(course_id)))) <
        0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        out->done = arena_grow(a, out->done, out->ndone, &cap, sizeof(*out->done));
        out->done[out->ndone++] = db_col_int(st, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

bool enrol_state_may_read(const struct enrol_state *s)
{
    return streq(s->status, "active") || streq(s->status, "completed");
}

bool enrol_state_has_done(const struct enrol_state *s, int64_t lesson_id)
{
    return ids_sorted_has(s->done, s->ndone, lesson_id);
}

int enrol_touch(struct db *db, int64_t user_id, int64_t course_id, int64_t lesson_id)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return db_exec(db, enrol_touch_sql, DB_ARGS(DB_ID(lesson_id), DB_TEXT(now), DB_INT(user_id),
                                                DB_INT(course_id)));
}

int enrol_touch_page(struct db *db, const struct enrol_state *s, int64_t user_id,
                     int64_t course_id, int64_t lesson_id)
{
    char recent[TIME_ISO_LEN];
    time_iso_offset(recent, -ENROL_TOUCH_SECONDS);
    if (!enrol_state_may_read(s) ||
        (s->last_lesson_id == lesson_id && strcmp(s->last_activity_at, recent) >= 0))
        return 0;
    return enrol_touch(db, user_id, course_id, lesson_id);
}

int enrol_user(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
               int64_t course_id, const char **status)
{
    struct catalog_course c;
    int rc = catalog_course_get_id(db, a, course_id, "en", &c);
    if (rc < 0)
        return rc;
    return enrol_apply(db, a, who, user_id, &c, false, status, NULL);
}

int enrol_lesson_done(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                      int64_t lesson_id)
{
    int64_t course_id;
    int rc = catalog_lesson_course(db, lesson_id, &course_id);
    if (rc < 0)
        return rc;
    return enrol_lesson_mark(db, a, who, user_id, course_id, lesson_id, true, NULL);
}

int enrol_user_cohort(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                      int64_t cohort_id, bool self, const char **status, int64_t *id)
{
    struct enrol_places p;
    struct catalog_course c;
    int rc;
    if ((rc = enrol_cohort_places(db, cohort_id, &p)) < 0 ||
        (rc = catalog_course_get_id(db, a, p.course_id, "en", &c)) < 0)
        return rc;
    return apply_in(db, a, who, user_id, &c, cohort_id, self, status, id);
}

/* The user's enrolment in the cohort's course when it is for this cohort; DARS_ENOTFOUND else. */
static int cohort_row(struct db *db, struct arena *a, int64_t user_id, int64_t cohort_id,
                      struct enrol_row *e)
{
    struct enrol_places p;
    int rc;
    if ((rc = enrol_cohort_places(db, cohort_id, &p)) < 0 ||
        (rc = enrol_find(db, a, user_id, p.course_id, e)) < 0)
        return rc;
    return e->cohort_id == cohort_id ? 0 : DARS_ENOTFOUND;
}

int enrol_cohort_status(struct db *db, struct arena *a, int64_t user_id, int64_t cohort_id,
                        const char **status, int64_t *place)
{
    struct enrol_row e;
    int rc = cohort_row(db, a, user_id, cohort_id, &e);
    *status = "none";
    *place = 0;
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    *status = e.status;
    if (streq(e.status, "waitlisted"))
        return enrol_waitlist_place(db, a, user_id, e.course_id, place);
    return 0;
}

int enrol_cohort_withdraw(struct db *db, struct arena *a, const struct actor *who,
                          int64_t user_id, int64_t cohort_id)
{
    struct catalog_course c;
    struct enrol_row e;
    int rc = cohort_row(db, a, user_id, cohort_id, &e);
    if (rc < 0 || (rc = catalog_course_get_id(db, a, e.course_id, "en", &c)) < 0)
        return rc;
    return enrol_withdraw(db, a, who, &e, &c);
}
