/*
 * Classroom training: cohorts of a course at a centre, their sessions (one by
 * one or a weekly pattern with exceptions; a clash of room or instructor is
 * refused naming the other booking), enrolment into a cohort, and attendance
 * per session with rates and a minimum rate as a completion rule. The tables
 * cohorts, cohort_instructors, cohort_sessions and attendance belong here.
 *
 * Uses: audit, org, accounts, catalog, enrol.
 */
#ifndef DARS_COHORTS_COHORTS_H
#define DARS_COHORTS_COHORTS_H

#include "http/route.h"
#include "db/report.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "enrol/enrol.h"
#include "org/org.h"

struct db;
struct arena;

extern const struct route_table cohorts_routes;

/*
 * What reports count from here (report_sql.c): attendance marks, hours of
 * sessions attended, and the enrolments, completions and lessons done of
 * enrolments in a cohort (those train where the cohort meets).
 */
extern const struct report_source cohorts_report_sources[];
extern const size_t cohorts_report_nsources;
/* The attendance pages and API (src/cohorts/attendance.c); registered after cohorts_routes. */
extern const struct route_table cohorts_attendance_routes;

/*
 * Sessions for other modules' queries (the calendar): a derived table with
 * ONE bound parameter, the reader's language. Columns: id, cohort_id,
 * course_code, course_title, centre_id, centre_code, timezone (the centre's
 * IANA zone), starts_at, ends_at (UTC ISO-8601), room, instructor_id,
 * updated_at. Deleted sessions and cohorts are left out.
 * COHORTS_MEMBERS_SQL: (cohort_id, user_id) of everyone taking part: the
 * cohort's active or completed learners and its instructors. No parameters.
 * COHORTS_COHORTS_SQL: (id, centre_id, deleted_at) of every cohort, deleted ones too
 * (deleted_at is NULL while it is live). No parameters.
 * COHORTS_LIVE_SQL: (id, course_id, centre_id, title, starts_on, ends_on) of
 * every live cohort, for a list to choose from (mentoring's requests for a
 * cohort); title is the cohort's own, "" when it takes the course's; the
 * days are YYYY-MM-DD. Read only; no parameters.
 */
#define COHORTS_SESSIONS_SQL                                                                     \
    "(SELECT s.id, s.cohort_id, cc.code AS course_code, cc.title AS course_title, s.centre_id, " \
    "ce.code AS centre_code, ce.timezone, s.starts_at, s.ends_at, s.room, s.instructor_id, "     \
    "s.updated_at FROM cohort_sessions s JOIN cohorts co ON co.id = s.cohort_id "                \
    "AND co.deleted_at IS NULL JOIN " CATALOG_COURSES_SQL " cc ON cc.id = co.course_id "        \
    "JOIN " ORG_CENTRES_SQL " ce ON ce.id = s.centre_id WHERE s.deleted_at IS NULL)"
#define COHORTS_MEMBERS_SQL                                                                      \
    "(SELECT e.cohort_id, e.user_id FROM " ENROL_ENROLMENTS_SQL " e "                           \
    "WHERE e.cohort_id IS NOT NULL AND e.status IN ('active', 'completed') "                    \
    "UNION SELECT ci.cohort_id, ci.user_id FROM cohort_instructors ci)"
#define COHORTS_COHORTS_SQL "(SELECT id, centre_id, deleted_at FROM cohorts)"
#define COHORTS_LIVE_SQL                                                                         \
    "(SELECT id, course_id, centre_id, title, starts_on, ends_on FROM cohorts "                 \
    "WHERE deleted_at IS NULL)"

/*
 * Whether user_id meets the cohort's minimum attendance: present or late in
 * at least min_attendance percent of the cohort's sessions that have begun.
 * *ok is true when the cohort has no such rule.
 */
int cohorts_attendance_ok(struct db *db, int64_t cohort_id, int64_t user_id, bool *ok /* OUT */);
/*
 * The same as a condition of the completion rule, a criterion of enrol.h's
 * (src/modules.c lists it): always met by an enrolment in no cohort.
 */
extern const struct enrol_criterion cohorts_attendance_criterion;

/*
 * What the enrol module needs to place a learner in a cohort (its hook
 * enrol_cohort_places, set in src/modules.c): its course, its places (0: no
 * limit) and how learners join. DARS_ENOTFOUND when there is no such live
 * cohort.
 */
int cohorts_places_get(struct db *db, int64_t cohort_id, struct enrol_places *out /* OUT */);

/*
 * For the calendar: a live cohort's centre and its own title ("" when it
 * takes the course's; from the arena); DARS_ENOTFOUND when there is none.
 * cohorts_is_member: whether user_id takes part in the cohort (a learner or
 * an instructor, as COHORTS_MEMBERS_SQL).
 */
int cohorts_centre_get(struct db *db, struct arena *a, int64_t cohort_id,
                       int64_t *centre_id /* OUT */, const char **title /* OUT */);
int cohorts_is_member(struct db *db, int64_t cohort_id, int64_t user_id, bool *member /* OUT */);

/*
 * The course page's panel of the groups at the centres (catalog.h; src/modules.c
 * lists it): the course's cohorts that have not ended, in starting order, with
 * their dates and places. One statement. A draft course's cohorts are listed
 * only at centres the reader manages, as /cohorts/ID decides.
 */
extern const struct catalog_panel cohorts_course_panel;

/*
 * A cohort's calendar feed, the ical_url of /api/v1/cohorts/:id: feeds belong
 * to the calendar, a module above this one, so src/modules.c sets this hook
 * to calendar's. *path ("/calendar/feeds/TOKEN.ics") is from the arena; the
 * first call for a cohort makes its token, a write.
 */
extern int (*const cohorts_feed_path)(struct db *db, struct arena *a, int64_t cohort_id,
                                      const char **path /* OUT */);

#endif
