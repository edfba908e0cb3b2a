/* The mentoring module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "mentoring/mentoring_int.h"

/* Who sees what is checked by the handlers: the pair and coordinators (mentoring.h). */
static const struct route routes[] = {
    /* the pair's pages; literal paths before /mentoring/:id */
    { HTTP_GET, "/mentoring", mt_home_page, ROUTE_USER },
    { HTTP_POST, "/mentoring/request", mt_request_submit, ROUTE_USER },
    { HTTP_GET, "/mentoring/statement", mt_statement_page, ROUTE_USER },
    { HTTP_GET, "/mentoring/profile", mt_profile_page, ROUTE_USER },
    { HTTP_POST, "/mentoring/profile", mt_profile_submit, ROUTE_USER },
    { HTTP_GET, "/mentoring/:id", mt_show_page, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/accept", mt_accept_submit, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/confirm", mt_confirm_submit, ROUTE_USER },
    { HTTP_GET, "/mentoring/:id/close", mt_close_page, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/close", mt_close_submit, ROUTE_USER },
    { HTTP_GET, "/mentoring/:id/decline", mt_decline_page, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/decline", mt_decline_submit, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/feedback", mt_feedback_submit, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/meetings", mt_meeting_submit, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/meetings/:mid/confirm", mt_meeting_confirm_submit, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/goals", mt_goal_submit, ROUTE_USER },
    { HTTP_POST, "/mentoring/:id/goals/:gid", mt_goal_status_submit, ROUTE_USER },

    /* coordinators: admins, managers for their centres (the handlers scope it) */
    { HTTP_GET, "/admin/mentoring", mt_admin_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/mentoring/propose", mt_admin_propose_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/mentoring/assignment", mt_admin_assignment_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/mentoring/assignment", mt_admin_assignment_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/mentoring/hours.csv", mt_admin_hours_csv, ROUTE_MANAGER },
    { HTTP_GET, "/admin/mentoring/hours.xlsx", mt_admin_hours_xlsx, ROUTE_MANAGER },
    { HTTP_POST, "/admin/mentoring/safeguarding", mt_admin_safeguarding_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/mentoring/cohort", mt_admin_cohort_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/mentoring/cohort", mt_admin_cohort_submit, ROUTE_MANAGER },

    { HTTP_GET, "/api/v1/mentoring/skills", mt_api_skills, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/mentoring/skills", mt_api_skill_create, ROUTE_API | ROUTE_ADMIN },
    { HTTP_POST, "/api/v1/mentoring/requests", mt_api_request_create, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/mentoring/requests/:id", mt_api_request_get, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/mentoring/requests/:id/suggestions", mt_api_suggestions,
      ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/mentoring/assignment", mt_api_assignment, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/mentors", mt_api_mentors, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/mentors/:email", mt_api_mentor_get, ROUTE_API | ROUTE_USER },
    { HTTP_PUT, "/api/v1/mentors/:email", mt_api_mentor_put, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/mentorships", mt_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/mentorships", mt_api_create, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/mentorships/:id", mt_api_get, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/mentorships/:id", mt_api_patch, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/mentorships/:id/meetings", mt_api_meetings, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/mentorships/:id/meetings", mt_api_meeting_create,
      ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/mentorships/:id/meetings/:mid", mt_api_meeting_patch,
      ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/mentorships/:id/goals", mt_api_goals, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/mentorships/:id/goals", mt_api_goal_create, ROUTE_API | ROUTE_USER },
};

const struct route_table mentoring_routes = ROUTE_TABLE(routes);
