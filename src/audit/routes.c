/* The audit module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "audit/audit.h"
#include "audit/audit_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/admin/audit", audit_list_page, ROUTE_ADMIN },
    { HTTP_GET, "/api/v1/audit", audit_api_list, ROUTE_API | ROUTE_ADMIN },
};

const struct route_table audit_routes = ROUTE_TABLE(routes);
