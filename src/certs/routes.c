/* The certs module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "certs/certs_int.h"

/* none yet: the pages and the API come with the module's handlers */
const struct route_table certs_routes = { NULL, 0 };
