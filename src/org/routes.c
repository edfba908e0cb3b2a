/* The org module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "org/org.h"

static const struct route routes[] = {
    { 0, "", NULL, 0 },
};

const struct route_table org_routes = { routes, 0 };
