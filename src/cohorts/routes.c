/* The cohorts module's rows in the route table (see http/route.h); handlers check scope. */
#include "core/base.h"
#include "cohorts/cohorts_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/admin/cohorts", cohort_list_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts", cohort_create_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/cohorts/new", cohort_new_page, ROUTE_MANAGER },
    { HTTP_GET, "/admin/cohorts/:id", cohort_show_page, ROUTE_MANAGER },
    { HTTP_GET, "/admin/cohorts/:id/edit", cohort_edit_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts/:id/edit", cohort_edit_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts/:id/instructors", cohort_instructor_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/cohorts/:id/instructors/:uid/remove", cohort_instructor_remove_page,
      ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts/:id/instructors/:uid/remove", cohort_instructor_remove_submit,
      ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts/:id/sessions", cohort_session_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts/:id/pattern", cohort_pattern_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/cohorts/:id/sessions/:sid/delete", cohort_session_delete_page,
      ROUTE_MANAGER },
    { HTTP_POST, "/admin/cohorts/:id/sessions/:sid/delete", cohort_session_delete_submit,
      ROUTE_MANAGER },

    { HTTP_GET, "/cohorts/:id", cohort_public_page, ROUTE_PUBLIC },
    { HTTP_POST, "/cohorts/:id/enrol", cohort_enrol_submit, ROUTE_USER },
    { HTTP_GET, "/cohorts/:id/withdraw", cohort_withdraw_page, ROUTE_USER },
    { HTTP_POST, "/cohorts/:id/withdraw", cohort_withdraw_submit, ROUTE_USER },

    { HTTP_GET, "/api/v1/cohorts", cohort_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/cohorts", cohort_api_create, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/cohorts/:id", cohort_api_get, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/cohorts/:id", cohort_api_patch, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/cohorts/:id/sessions", cohort_api_sessions, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/cohorts/:id/sessions", cohort_api_sessions_add,
      ROUTE_API | ROUTE_MANAGER },
};

const struct route_table cohorts_routes = ROUTE_TABLE(routes);
