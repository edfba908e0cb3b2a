/* The mentoring module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "mentoring/mentoring_int.h"

/* Who sees what is checked by the handlers: the pair and coordinators (mentoring.h). */
static const struct route routes[] = {
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
