/*
 * What the results files of the quiz module share (results*.c): the queries
 * of results_sql.c, the access check of those who manage a quiz's course,
 * and the handlers of quiz_results_routes.
 */
#ifndef DARS_QUIZ_RESULTS_INT_H
#define DARS_QUIZ_RESULTS_INT_H

#include "quiz/quiz_int.h"

/* ---- results_sql.c ---- */
extern const char results_attempts_count_sql[];
extern const char results_attempts_page_sql[];
extern const char results_attempts_after_sql[];
extern const char results_item_graders_sql[];
extern const char results_item_grade_sql[];
extern const char results_stats_items_sql[];
extern const char results_stats_questions_sql[];
extern const char results_stats_answers_sql[];
extern const char results_book_max_sql[];
extern const char results_book_count_sql[];
extern const char results_book_page_sql[];
extern const char results_book_page_attempts_sql[];
extern const char results_book_all_sql[];
extern const char results_book_all_attempts_sql[];
extern const char results_book_after_sql[];
extern const char results_book_after_attempts_sql[];

/* ---- results.c ---- */

/*
 * The quiz of id (digits) and its course, when the request's user may
 * manage that course: DARS_ENOTFOUND for no such quiz, DARS_EDENIED when
 * they may not. Submits the quiz's open attempts whose time ran out first
 * (take_close_expired), so that lists and statistics count them.
 */
int results_quiz_managed(struct req *r, const char *id, struct quiz *qz /* OUT */,
                         struct catalog_course *c /* OUT */);

int results_list_page(struct req *r);
int results_attempt_page(struct req *r);
int results_grade_submit(struct req *r);
int results_api_attempts(struct req *r);
int results_api_grade(struct req *r);

/* ---- results_stats.c ---- */
int results_stats_page(struct req *r);
int results_api_stats(struct req *r);

/* ---- results_book.c ---- */
int results_book_page(struct req *r);
int results_book_csv(struct req *r);
int results_book_xlsx(struct req *r);
int results_api_grades(struct req *r);

#endif
