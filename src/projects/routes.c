/* The projects module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "projects/projects_int.h"

static const struct route routes[] = {
    /* who reads a project (its region's managers and analysts) is checked by the handlers */
    { HTTP_GET, "/admin/projects", projects_list_page, ROUTE_USER },
    { HTTP_POST, "/admin/projects", projects_create_submit, ROUTE_ADMIN },
    { HTTP_GET, "/admin/projects/new", projects_new_page, ROUTE_ADMIN },
    /* before "/admin/projects/:code", which would take "X.xlsx" for a code */
    { HTTP_GET, "/admin/projects/:code.xlsx", projects_xlsx_download, ROUTE_USER },
    { HTTP_GET, "/admin/projects/:code", projects_show_page, ROUTE_USER },
    { HTTP_GET, "/admin/projects/:code/edit", projects_edit_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/projects/:code/edit", projects_edit_submit, ROUTE_ADMIN },
    { HTTP_GET, "/admin/projects/:code/signoff", projects_signoff_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/projects/:code/signoff", projects_signoff_submit, ROUTE_ADMIN },
    { HTTP_GET, "/admin/projects/:code/delete", projects_delete_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/projects/:code/delete", projects_delete_submit, ROUTE_ADMIN },

    /* a centre's equipment: its managers change it, whoever reads its figures reads it */
    { HTTP_GET, "/admin/centres/:code/equipment", equipment_centre_page, ROUTE_USER },
    { HTTP_POST, "/admin/centres/:code/equipment", equipment_create_submit, ROUTE_MANAGER },
    { HTTP_POST, "/admin/centres/:code/equipment/:id", equipment_condition_submit,
      ROUTE_MANAGER },

    { HTTP_GET, "/api/v1/projects", projects_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/projects", projects_api_create, ROUTE_API | ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/projects/:code", projects_api_get, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/projects/:code", projects_api_patch, ROUTE_API | ROUTE_ADMIN },
    { HTTP_DELETE, "/api/v1/projects/:code", projects_api_delete, ROUTE_API | ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/projects/:code/iati", projects_api_iati, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/projects/:code/signoffs", projects_api_signoff,
      ROUTE_API | ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/equipment", equipment_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/equipment", equipment_api_create, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/equipment/:id", equipment_api_get, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/equipment/:id", equipment_api_patch, ROUTE_API | ROUTE_MANAGER },
};

const struct route_table projects_routes = ROUTE_TABLE(routes);
