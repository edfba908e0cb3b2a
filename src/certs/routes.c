/* The certs module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "certs/certs_int.h"

static const struct route routes[] = {
    /* the holder and those who manage the course (checked by the handler) */
    { HTTP_GET, "/certificates/:code.pdf", certs_pdf_file, ROUTE_USER },
    /* public, as /verify is: the code is what the holder shares */
    { HTTP_GET, "/certificates/:code.jwt", certs_jwt_file, ROUTE_PUBLIC },
    { HTTP_GET, "/.well-known/jwks.json", certs_jwks_file, ROUTE_PUBLIC },
    /* those who manage the course (catalog_course_managed) */
    { HTTP_GET, "/admin/courses/:code/certificates.zip", certs_course_zip, ROUTE_MANAGER },
};

const struct route_table certs_routes = ROUTE_TABLE(routes);
