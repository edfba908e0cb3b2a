/* The audit module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "audit/audit.h"

static const struct route routes[] = {
    { 0, "", NULL, 0 },
};

const struct route_table audit_routes = { routes, 0 };
