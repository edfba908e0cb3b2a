/* The events module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "events/events_int.h"

static const struct route routes[] = {
    /* public: the anonymous session's CSRF token guards the forms, as on /login */
    { HTTP_GET, "/events", events_public_list_page, ROUTE_PUBLIC },
    { HTTP_GET, "/events/:id", events_public_page, ROUTE_PUBLIC }, /* also /events/ID.ics */
    { HTTP_POST, "/events/:id/register", events_register_submit, ROUTE_PUBLIC },
    { HTTP_GET, "/events/:id/registrations/:token", events_registration_page,
      ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_POST, "/events/:id/registrations/:token", events_registration_cancel,
      ROUTE_PUBLIC | ROUTE_SECRET },

    /* scope (the events at a manager's centres) is checked by the handlers */
    { HTTP_GET, "/admin/events", events_admin_list_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/events", events_create_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/events/new", events_new_page, ROUTE_MANAGER },
    { HTTP_GET, "/admin/events/:id", events_edit_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/events/:id", events_edit_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/events/:id/participants.csv", events_participants_csv, ROUTE_MANAGER },
    { HTTP_GET, "/admin/events/:id/participants.xlsx", events_participants_xlsx, ROUTE_MANAGER },
    { HTTP_POST, "/admin/events/:id/participants/:rid/check-in", events_checkin_submit,
      ROUTE_MANAGER },

    { HTTP_GET, "/api/v1/events", events_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/events", events_api_create, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/events/:id", events_api_get, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/events/:id", events_api_patch, ROUTE_API | ROUTE_MANAGER },
    /* anyone, without a token (DESIGN.md section 6) */
    { HTTP_POST, "/api/v1/events/:id/registrations", events_api_register, ROUTE_API },
};

const struct route_table events_routes = ROUTE_TABLE(routes);
