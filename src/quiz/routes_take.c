/* The rows of taking a quiz in the route table (see http/route.h); handlers
 * check access. */
#include "core/base.h"
#include "quiz/take_int.h"

static const struct route routes[] = {
    {HTTP_GET, "/courses/:code/quizzes", take_course_quizzes_page, ROUTE_USER},
    {HTTP_GET, "/quizzes/:id", take_quiz_page, ROUTE_USER},
    {HTTP_GET, "/quizzes/:id/start", take_start_page, ROUTE_USER},
    {HTTP_POST, "/quizzes/:id/start", take_start_submit, ROUTE_USER},
    {HTTP_GET, "/attempts/:id/summary", take_summary_page, ROUTE_USER},
    {HTTP_GET, "/attempts/:id/submit", take_finish_page, ROUTE_USER},
    {HTTP_POST, "/attempts/:id/submit", take_finish_submit, ROUTE_USER},
    {HTTP_GET, "/attempts/:id/:n", take_question_page, ROUTE_USER},
    {HTTP_POST, "/attempts/:id/:n", take_question_submit, ROUTE_USER},
    {HTTP_GET, "/attempts/:id", take_result_page, ROUTE_USER},

    {HTTP_POST, "/api/v1/quizzes/:id/attempts", take_api_start, ROUTE_API | ROUTE_USER},
    {HTTP_GET, "/api/v1/attempts/:id", take_api_get, ROUTE_API | ROUTE_USER},
    {HTTP_PUT, "/api/v1/attempts/:id/answers/:position", take_api_answer, ROUTE_API | ROUTE_USER},
    {HTTP_POST, "/api/v1/attempts/:id/submit", take_api_submit, ROUTE_API | ROUTE_USER},
};

const struct route_table quiz_take_routes = ROUTE_TABLE(routes);
