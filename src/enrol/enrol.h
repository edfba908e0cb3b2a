/*
 * Enrolment and learning progress: self-enrolment (open or on approval),
 * enrolment by managers (one person, a CSV, a filtered list), capacity with
 * a waitlist promoted in order, withdrawal, lessons marked done, completion,
 * the learner's /my page, a course's learners with export, and the
 * enrolments API. The tables enrolments and lesson_progress belong to this
 * module; course data comes from catalog.h.
 *
 * Uses: audit, org, accounts, catalog.
 */
#ifndef DARS_ENROL_ENROL_H
#define DARS_ENROL_ENROL_H

#include "http/route.h"
#include "db/report.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"

struct db;
struct arena;

extern const struct route_table enrol_routes;

/*
 * What reports count from here (report_sql.c): enrolments, completions and
 * minutes of lessons done, of enrolments without a cohort. Those in a cohort
 * train where the cohort meets, which cohorts knows: it counts them itself
 * through the derived tables below.
 */
extern const struct report_source enrol_report_sources[];
extern const size_t enrol_report_nsources;

/*
 * What the catalog's pages show of enrolment, through its hooks (catalog.h),
 * which src/modules.c sets to these (standing.c): enrol_course_reader gives
 * a reader's standing in a course, its own record their struct enrol_state;
 * enrol_course_panel, the course page's "Your place", reads that record and
 * runs no statement.
 */
extern const struct catalog_reader enrol_course_reader;
extern const struct catalog_panel enrol_course_panel;

/*
 * Read-only derived tables for other modules' queries, without parameters (a
 * contract like a function: their columns do not change without changing
 * this header).
 *
 * ENROL_ENROLMENTS_SQL columns: id, user_id, course_id, cohort_id (NULL:
 *   none), status ('requested' | 'waitlisted' | 'active' | 'completed' |
 *   'withdrawn'), started_at (when it last became active; NULL before),
 *   completed_at (NULL unless completed). Every enrolment, one per person
 *   and course, withdrawn ones too: a reader picks the statuses it counts.
 * ENROL_LESSONS_DONE_SQL columns: user_id, course_id, lesson_id,
 *   completed_at: each lesson a person marked done, and when.
 *
 *   "SELECT e.user_id FROM " ENROL_ENROLMENTS_SQL " e WHERE e.cohort_id = ?"
 *   " AND e.status IN ('active', 'completed')"
 */
#define ENROL_ENROLMENTS_SQL                                                                    \
    "(SELECT id, user_id, course_id, cohort_id, status, started_at, completed_at "             \
    "FROM enrolments)"
#define ENROL_LESSONS_DONE_SQL                                                                  \
    "(SELECT user_id, course_id, lesson_id, completed_at FROM lesson_progress)"

/*
 * What reports count as training (DESIGN.md 6a), on an enrolment e (and its
 * lessons done lp), between two bound times: one definition for the
 * enrolments without a cohort (enrol/report_sql.c) and those in one
 * (cohorts/report_sql.c). Enrolled: now active or completed, having become
 * active then (requested, waitlisted and withdrawn ones are not training).
 * Completed: the day it completed. Lessons: the day each was done, also
 * after a withdrawal (the learning happened).
 */
#define ENROL_REPORT_ENROLLED                                                                   \
    "e.status IN ('active', 'completed') AND e.started_at >= ? AND e.started_at < ?"
#define ENROL_REPORT_COMPLETED                                                                  \
    "e.status = 'completed' AND e.completed_at >= ? AND e.completed_at < ?"
#define ENROL_REPORT_LESSONS_JOIN                                                               \
    " JOIN " ENROL_LESSONS_DONE_SQL " lp ON lp.user_id = e.user_id AND lp.course_id = e.course_id"
#define ENROL_REPORT_LESSONS "lp.completed_at >= ? AND lp.completed_at < ?"

/* One person's standing in one course, for the catalog's course and lesson pages. */
struct enrol_state {
    int64_t id;              /* enrolment id; 0 when never enrolled */
    const char *status;      /* "none" | requested | waitlisted | active | completed | withdrawn */
    int64_t progress;        /* 0-100 */
    int64_t last_lesson_id;  /* where to resume; 0 when none */
    int64_t waitlist_pos;    /* 1-based place on the waitlist; 0 when not waitlisted */
    const char *completed_at; /* "" unless completed */
    const char *last_activity_at; /* "" when never */
    int64_t *done;           /* ids of the lessons marked done, ascending */
    size_t ndone;
};

/* Fill *out for user_id in course_id (strings and arrays from the arena); two statements. */
int enrol_state_get(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                    struct enrol_state *out /* OUT */);
/* Whether the state lets its holder read lessons (active or completed). */
bool enrol_state_may_read(const struct enrol_state *s);
/* Whether lesson_id is among s->done. */
bool enrol_state_has_done(const struct enrol_state *s, int64_t lesson_id);

/* Remember that user_id opened lesson_id of course_id (resume point, last activity). */
int enrol_touch(struct db *db, int64_t user_id, int64_t course_id, int64_t lesson_id);
/*
 * The same for a page view, given the state the page read: writes only when
 * the learner moved to another lesson or was last seen more than
 * ENROL_TOUCH_SECONDS ago, so that reading a lesson again and again costs no
 * write (a write takes the database's one write lock).
 */
#define ENROL_TOUCH_SECONDS 600
int enrol_touch_page(struct db *db, const struct enrol_state *s, int64_t user_id,
                     int64_t course_id, int64_t lesson_id);

/*
 * Enrol user_id in course_id on behalf of who (a manager, the CLI, the demo)
 * inside the caller's transaction: active when there is room, else
 * waitlisted. *status (may be NULL) gets the resulting status (static string).
 */
int enrol_user(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
               int64_t course_id, const char **status /* OUT */);
/*
 * A cohort's places, which its enrolments draw from: the course it teaches,
 * how many places it has (0: no limit) and how learners join ("open" |
 * "approval", static). Cohorts are a module above this one, so src/modules.c
 * sets this hook to theirs. DARS_ENOTFOUND when there is no such live cohort.
 */
struct enrol_places {
    int64_t course_id, capacity;
    const char *enrol_mode;
};
extern int (*const enrol_cohort_places)(struct db *db, int64_t cohort_id,
                                        struct enrol_places *out /* OUT */);
/*
 * Enrol user_id in a cohort (inside the caller's transaction) under the
 * cohort's rules: its places, counted among the cohort's own enrolments, its
 * mode (self in an 'approval' cohort: a request) and its waitlist, promoted
 * in order. The enrolment is the person's one enrolment in the cohort's
 * course, with its cohort set: DARS_ECONFLICT when they already hold one that
 * is not withdrawn; self in a draft course: DARS_ENOTFOUND. *status (static)
 * and *id may be NULL.
 */
int enrol_user_cohort(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                      int64_t cohort_id, bool self, const char **status /* OUT */,
                      int64_t *id /* OUT */);
/* user_id's status in the cohort ("none" unless their enrolment is for it; static) and
 * their 1-based place on its waitlist (0 unless waitlisted). */
int enrol_cohort_status(struct db *db, struct arena *a, int64_t user_id, int64_t cohort_id,
                        const char **status /* OUT */, int64_t *place /* OUT */);
/* Withdraw user_id from the cohort; the freed place goes to its waitlist. DARS_ENOTFOUND when
 * they hold no enrolment in it, DARS_ECONFLICT when withdrawn or completed. */
int enrol_cohort_withdraw(struct db *db, struct arena *a, const struct actor *who,
                          int64_t user_id, int64_t cohort_id);
/* Mark a lesson done for user_id (progress and completion follow); used by the demo too. */
int enrol_lesson_done(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                      int64_t lesson_id);

/*
 * Completion criteria (DESIGN.md 4): what modules above this one ask of an
 * enrolment, beside its lessons, before it is complete (the required quizzes
 * passed, a cohort's minimum attendance). src/modules.c lists them in
 * enrol_criteria[], NULL-ended; they are asked in that order and the first
 * not met ends the check.
 *
 * met: whether the enrolment of user_id in course_id (through cohort_id, 0:
 * none) meets the criterion (*ok), and how many things it asks of the
 * learner (*asks: the required quizzes). A course whose lessons and criteria
 * ask nothing has nothing to complete. A condition asks nothing by itself
 * (attendance: a minimum of what there is to attend), so conditions are
 * asked last, and only when something is asked. Returns 0 or a database error.
 */
struct enrol_criterion {
    const char *name; /* "quizzes", for the reader of the code */
    bool condition;   /* asks nothing by itself: asked last, only when something is asked */
    int (*met)(struct db *db, int64_t user_id, int64_t course_id, int64_t cohort_id,
               bool *ok /* OUT */, int64_t *asks /* OUT */);
};
extern const struct enrol_criterion *const enrol_criteria[];

/*
 * What /my lists beside courses and programmes, from a module above this
 * one (certificates): src/modules.c sets it to certs'. A list of objects
 * with title, number, code, issued_on, expires_on (absent: no expiry),
 * status, status_label, tag (a tag's colour class), verify_url (to share)
 * and pdf_url (absent: none to download). One statement.
 */
struct val;
extern int (*const enrol_my_certificates)(struct req *r, struct val **out);

/*
 * What completing an enrolment sets off in a module above this one (a
 * certificate), inside the completing transaction, once per completion:
 * src/modules.c sets it to certs'. Its failure rolls the completion back.
 * cohort_id 0: none.
 */
extern int (*const enrol_completed)(struct db *db, struct arena *a, const struct actor *who,
                                    int64_t enrolment_id, int64_t user_id, int64_t course_id,
                                    int64_t cohort_id);

/*
 * Look at user_id's completion of course_id again, inside the caller's
 * transaction, after something the rule counts has changed (an attendance
 * mark). Audits a completion; 0 when the user holds no enrolment in it.
 */
int enrol_recheck(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                  int64_t course_id);

#endif
