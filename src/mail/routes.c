/* The mail module's rows in the route table (see http/route.h): the outbox, for admins. */
#include "core/base.h"
#include "mail/mail_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/admin/outbox", mail_outbox_page, ROUTE_ADMIN },
    { HTTP_GET, "/admin/outbox/:id", mail_message_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/outbox/:id/retry", mail_retry_submit, ROUTE_ADMIN },
};

const struct route_table mail_routes = ROUTE_TABLE(routes);
