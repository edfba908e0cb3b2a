/*
 * Assessment: a question bank per course in categories, GIFT import and
 * export, quizzes built from the bank, attempts timed by the server and
 * graded on submission, essays graded by hand, statistics and a gradebook.
 * The tables quiz_questions, quiz_answers, quizzes, quiz_slots,
 * quiz_attempts and quiz_attempt_items belong here.
 *
 * Uses: audit, accounts, catalog, enrol.
 */
#ifndef DARS_QUIZ_QUIZ_H
#define DARS_QUIZ_QUIZ_H

#include "http/route.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "enrol/enrol.h"

#include <jansson.h>

struct db;
struct arena;

/* the question bank, GIFT import and export (bank*.c) */
extern const struct route_table quiz_bank_routes;
/* quizzes and their questions, for instructors (author*.c) */
extern const struct route_table quiz_author_routes;
/* taking a quiz (take*.c) */
extern const struct route_table quiz_take_routes;
/* results, essay grading, statistics and the gradebook (results*.c) */
extern const struct route_table quiz_results_routes;

/*
 * The quiz part of a course's completion rule, a criterion of enrol.h's
 * (src/modules.c lists it): met when the learner has passed every published
 * quiz of the course marked required; it asks as many things as there are
 * such quizzes. One statement.
 */
extern const struct enrol_criterion quiz_completion_criterion;

/*
 * The course page's panel of its quizzes (catalog.h; src/modules.c lists it),
 * for those who may open the lessons or manage the course: the published ones
 * with links to take them for a learner, every one with links to edit it for
 * those who manage it. One statement, none for other readers.
 */
extern const struct catalog_panel quiz_course_panel;

/*
 * Import GIFT text into course_id's bank on behalf of who, inside the
 * caller's transaction, audited: all questions or none. On DARS_EINVALID,
 * *errs and *nerr get the problems by line (reasons are N_() msgids) and nothing
 * is written. *imported (may be NULL) gets how many questions were added.
 * For `dars import gift` and the import page.
 */
struct gift_error;
int quiz_import_gift(struct db *db, struct arena *a, const struct actor *who, int64_t course_id,
                     const char *src, size_t len, struct gift_error **errs /* OUT */,
                     size_t *nerr /* OUT */, size_t *imported /* OUT */);

/*
 * The quiz module's demo data (`dars demo`), inside the caller's
 * transaction: question banks from the GIFT files in src/cli/demo/, a published quiz
 * each, and attempts by demo learners. Courses whose bank is not empty are
 * left alone; *created gets how many quizzes were made.
 */
int quiz_demo(struct db *db, struct arena *a, const struct actor *who, size_t *created);

#endif
