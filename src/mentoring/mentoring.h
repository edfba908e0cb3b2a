/*
 * Mentoring (DESIGN.md 6a, "Mentoring"): mentor profiles (skills from a list
 * admins extend, languages, centre, capacity, volunteer programme, the date
 * of a safeguarding check), learners' requests for a mentor, matching by a
 * score with its reasons and an optimal assignment of all open requests
 * under the mentors' capacities (assign.c), mentorships through MENTOR's
 * stages (proposed, active, closed, declined) with e-mails to each side,
 * meetings that count once the other side or a coordinator confirms them,
 * goals, and the donor metrics mentors_active, mentors_developed and
 * mentoring_hours. A coordinator is an admin, or a manager of the mentor's
 * or the mentee's centre. The tables mentoring_skills, mentor_profiles,
 * mentor_skills, mentor_languages, mentoring_requests,
 * mentoring_request_skills, mentorships, mentorship_goals and
 * mentoring_meetings belong here.
 *
 * Uses: audit, mail, org, accounts, catalog, enrol, cohorts.
 */
#ifndef DARS_MENTORING_MENTORING_H
#define DARS_MENTORING_MENTORING_H

#include "http/route.h"
#include "db/report.h"

#include <stddef.h>

struct db;

extern const struct route_table mentoring_routes;

/*
 * The metrics this module answers for, in the report registry's shape
 * (db/report.h): mentors_active (mentors with a confirmed meeting held in
 * the period), mentors_developed (a stock: mentors who completed a programme
 * marked as mentor training and reached [mentoring] developed_hours of
 * confirmed meetings, from the later of the two days) and mentoring_hours
 * (confirmed meeting time held in the period). Each fact's person is the
 * mentor, its place the mentor's centre, its day the meeting's.
 */
extern const struct report_metric mentoring_report_metrics[];
extern const size_t mentoring_report_nmetrics;

/*
 * Read [mentoring] developed_hours (core/config.h) into the developed
 * mentors' SQL. Once at start, before any thread reads the metrics
 * (modules.c); DARS_EINVALID when the setting is not a number of hours from
 * 0 to 10000.
 */
int mentoring_init(struct db *db);

struct actor;
struct arena;
/*
 * The demo's mentoring (dars demo), in the caller's transaction, after the
 * centres and learners: forty mentors (five KOICA World Friends volunteers),
 * active mentorships with confirmed meetings over the past months, two
 * closed, proposals, one under-18 mentee, open requests. password_hash signs
 * the new people in; *people: how many were added.
 */
int mentoring_demo(struct db *db, struct arena *a, const struct actor *who,
                   const char *password_hash, size_t *people /* OUT */);

#endif
