/*
 * A year of the small demo's past (issue 13), so that reports have something
 * to say: urban and rural centres, more learners of both sexes and every age
 * band, cohorts with weekly sessions and attendance at several centres,
 * events at the Digital Education Centres with their check-ins, and
 * enrolments begun, completed and withdrawn over the last twelve months.
 */
#ifndef DARS_CLI_DEMO_HISTORY_H
#define DARS_CLI_DEMO_HISTORY_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct db;
struct arena;
struct actor;

#define DEMO_DAY 86400 /* seconds */

/*
 * Move user_id's enrolment in course_id into the past, inside the caller's
 * transaction: it began at start (started, waitlisted or requested then), its
 * lessons done were done in reading order between start and end, and it
 * completed or was withdrawn at end when it did. A time after now is brought
 * back to an hour ago, and start to end when it is later. DARS_ENOTFOUND
 * when there is no such enrolment.
 */
int demo_history_backdate(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                          time_t start, time_t end);

/*
 * Write the small demo's history inside the caller's transaction, on the
 * demo's centres, courses and instructors (run it after them): the centres'
 * area, 62 more people (their password hash: password_hash; *people gets
 * how many), seven cohorts with their sessions and attendance, five events
 * with registrations and check-ins, and each new
 * learner's enrolments back-dated into the last twelve months. The same rows
 * for the same day. Prints one line of what it made. Returns 0, or the first
 * failure (after printing what it was about for a refused person).
 */
int demo_history(struct db *db, struct arena *a, const struct actor *who,
                 const char *password_hash, size_t *people /* OUT */);

#endif
