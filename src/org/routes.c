/* The org module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "org/org_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/admin/regions", region_list_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/regions", region_create_submit, ROUTE_ADMIN },
    { HTTP_GET, "/admin/regions/new", region_new_page, ROUTE_ADMIN },
    { HTTP_GET, "/admin/regions/:code", region_edit_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/regions/:code", region_edit_submit, ROUTE_ADMIN },

    { HTTP_GET, "/admin/centres", centre_list_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/centres", centre_create_submit, ROUTE_ADMIN },
    { HTTP_GET, "/admin/centres/new", centre_new_page, ROUTE_ADMIN },
    { HTTP_GET, "/admin/centres/:code", centre_show_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/centres/:code", centre_edit_submit, ROUTE_MANAGER },

    { HTTP_GET, "/admin/organisations", organisation_list_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/organisations", organisation_create_submit, ROUTE_ADMIN },
    { HTTP_GET, "/admin/organisations/new", organisation_new_page, ROUTE_ADMIN },
    { HTTP_GET, "/admin/organisations/:code", organisation_edit_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/organisations/:code", organisation_edit_submit, ROUTE_ADMIN },

    { HTTP_GET, "/api/v1/regions", region_api_list, ROUTE_API | ROUTE_MANAGER },
    { HTTP_POST, "/api/v1/regions", region_api_create, ROUTE_API | ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/regions/:id", region_api_get, ROUTE_API | ROUTE_MANAGER },
    { HTTP_PATCH, "/api/v1/regions/:id", region_api_patch, ROUTE_API | ROUTE_ADMIN },

    /* scope is checked by the handlers; creating a centre is an admin's job */
    { HTTP_GET, "/api/v1/centres", centre_api_list, ROUTE_API | ROUTE_MANAGER },
    { HTTP_POST, "/api/v1/centres", centre_api_create, ROUTE_API | ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/centres/:id", centre_api_get, ROUTE_API | ROUTE_MANAGER },
    { HTTP_PATCH, "/api/v1/centres/:id", centre_api_patch, ROUTE_API | ROUTE_MANAGER },

    { HTTP_GET, "/api/v1/organisations", organisation_api_list, ROUTE_API | ROUTE_MANAGER },
    { HTTP_POST, "/api/v1/organisations", organisation_api_create, ROUTE_API | ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/organisations/:id", organisation_api_get, ROUTE_API | ROUTE_MANAGER },
    { HTTP_PATCH, "/api/v1/organisations/:id", organisation_api_patch, ROUTE_API | ROUTE_ADMIN },
};

const struct route_table org_routes = ROUTE_TABLE(routes);
