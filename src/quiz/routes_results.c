/*
 * The results part of the quiz module in the route table: attempts, essay
 * grading, statistics and the gradebook (results*.c). Every handler checks
 * catalog_may_manage() of the quiz's course itself.
 */
#include "core/base.h"
#include "quiz/results_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/admin/quizzes/:id/results", results_list_page, ROUTE_USER },
    { HTTP_GET, "/admin/quizzes/:id/statistics", results_stats_page, ROUTE_USER },
    { HTTP_GET, "/admin/attempts/:id", results_attempt_page, ROUTE_USER },
    { HTTP_POST, "/admin/attempts/:id/items/:position/grade", results_grade_submit, ROUTE_USER },
    { HTTP_GET, "/admin/courses/:code/gradebook", results_book_page, ROUTE_USER },
    { HTTP_GET, "/admin/courses/:code/gradebook.csv", results_book_csv, ROUTE_USER },
    { HTTP_GET, "/admin/courses/:code/gradebook.xlsx", results_book_xlsx, ROUTE_USER },

    { HTTP_GET, "/api/v1/quizzes/:id/attempts", results_api_attempts, ROUTE_API | ROUTE_USER },
    { HTTP_PUT, "/api/v1/attempts/:id/answers/:position/grade", results_api_grade,
      ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/courses/:code/grades", results_api_grades, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/quizzes/:id/statistics", results_api_stats, ROUTE_API | ROUTE_USER },
};

const struct route_table quiz_results_routes = ROUTE_TABLE(routes);
