/* The accounts module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "accounts/accounts_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/", home_page, ROUTE_PUBLIC },
    { HTTP_GET, "/login", login_page, ROUTE_PUBLIC },
    { HTTP_POST, "/login", login_submit, ROUTE_PUBLIC },
    { HTTP_POST, "/logout", logout_submit, ROUTE_PUBLIC },
};

const struct route_table accounts_routes = ROUTE_TABLE(routes);
