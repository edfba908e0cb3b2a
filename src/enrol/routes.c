/* The enrol module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "enrol/enrol_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/my", enrol_my_page, ROUTE_USER },

    /* a learner's actions from the catalog's pages */
    { HTTP_POST, "/courses/:code/enrol", enrol_self_submit, ROUTE_USER },
    { HTTP_GET, "/courses/:code/withdraw", enrol_withdraw_page, ROUTE_USER },
    { HTTP_POST, "/courses/:code/withdraw", enrol_withdraw_submit, ROUTE_USER },
    { HTTP_POST, "/courses/:code/lessons/:id/done", enrol_done_submit, ROUTE_USER },
    { HTTP_POST, "/courses/:code/lessons/:id/undone", enrol_undone_submit, ROUTE_USER },

    /* managing a course's learners: catalog_may_manage is checked by the handlers */
    { HTTP_GET, "/courses/:code/learners", enrol_learners_page, ROUTE_USER },
    { HTTP_GET, "/courses/:code/learners.csv", enrol_learners_csv, ROUTE_USER },
    { HTTP_GET, "/courses/:code/learners.xlsx", enrol_learners_xlsx, ROUTE_USER },
    { HTTP_GET, "/courses/:code/requests", enrol_requests_page, ROUTE_USER },
    { HTTP_POST, "/courses/:code/requests/:id/approve", enrol_approve_submit, ROUTE_USER },
    { HTTP_POST, "/courses/:code/requests/:id/decline", enrol_decline_submit, ROUTE_USER },
    { HTTP_GET, "/courses/:code/enrol-people", enrol_people_page, ROUTE_USER },
    { HTTP_POST, "/courses/:code/enrol-people", enrol_people_submit, ROUTE_USER },
    { HTTP_POST, "/courses/:code/enrol-people/csv", enrol_people_csv_submit,
      ROUTE_USER | ROUTE_UPLOAD },
    { HTTP_POST, "/courses/:code/enrol-people/confirm", enrol_people_confirm, ROUTE_USER },

    { HTTP_GET, "/api/v1/enrolments", enrol_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/enrolments", enrol_api_create, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/enrolments/:id", enrol_api_get, ROUTE_API | ROUTE_USER },
    { HTTP_DELETE, "/api/v1/enrolments/:id", enrol_api_withdraw, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/enrolments/:id/withdraw", enrol_api_withdraw, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/enrolments/:id/progress", enrol_api_progress, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/lessons/:id/done", enrol_api_lesson_done, ROUTE_API | ROUTE_USER },
};

const struct route_table enrol_routes = ROUTE_TABLE(routes);
