/* The certs module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "certs/certs_int.h"

static const struct route routes[] = {
    /* the code is the certificate's secret: logs show *** for it */
    { HTTP_GET, "/verify/:code", certs_verify_page, ROUTE_PUBLIC | ROUTE_SECRET },
    { HTTP_GET, "/api/v1/certificates", certs_api_list, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/certificates", certs_api_issue, ROUTE_API | ROUTE_MANAGER },
    { HTTP_GET, "/api/v1/certificates/:code", certs_api_get, ROUTE_API | ROUTE_USER | ROUTE_SECRET },
    { HTTP_POST, "/api/v1/certificates/:code/revoke", certs_api_revoke,
      ROUTE_API | ROUTE_MANAGER },
    { HTTP_POST, "/api/v1/certificates/:code/replace", certs_api_replace,
      ROUTE_API | ROUTE_MANAGER },
    /* the register (register.c, manage.c): admins and managers, in the API list's scope */
    { HTTP_GET, "/admin/certificates", certs_register_page, ROUTE_MANAGER },
    /* before :code, which would take "new" for a code */
    { HTTP_GET, "/admin/certificates/new", certs_issue_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/certificates/new", certs_issue_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/certificates/:code", certs_manage_page, ROUTE_MANAGER | ROUTE_SECRET },
    { HTTP_GET, "/admin/certificates/:code/revoke", certs_revoke_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/certificates/:code/revoke", certs_revoke_submit, ROUTE_MANAGER },
    { HTTP_GET, "/admin/certificates/:code/replace", certs_replace_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/certificates/:code/replace", certs_replace_submit, ROUTE_MANAGER },
    /* the holder and those who manage the course (checked by the handler) */
    { HTTP_GET, "/certificates/:code.pdf", certs_pdf_file, ROUTE_USER },
    /* public, as /verify is: the code is what the holder shares */
    { HTTP_GET, "/certificates/:code.jwt", certs_jwt_file, ROUTE_PUBLIC },
    { HTTP_GET, "/.well-known/jwks.json", certs_jwks_file, ROUTE_PUBLIC },
    /* those who manage the course (catalog_course_managed) */
    { HTTP_GET, "/admin/courses/:code/certificates.zip", certs_course_zip, ROUTE_MANAGER },
    /* those who manage the cohort's centre */
    { HTTP_GET, "/admin/cohorts/:id/certificates.zip", certs_cohort_zip, ROUTE_MANAGER },
    /* its template (catalog_course_managed): logos are uploaded, a preview is drawn */
    { HTTP_GET, "/admin/courses/:code/certificate", certs_template_page, ROUTE_USER },
    { HTTP_POST, "/admin/courses/:code/certificate", certs_template_submit,
      ROUTE_USER | ROUTE_UPLOAD },
    /* the same for a programme (catalog_programme_managed) */
    { HTTP_GET, "/admin/programmes/:code/certificate", certs_programme_template_page,
      ROUTE_USER },
    { HTTP_POST, "/admin/programmes/:code/certificate", certs_programme_template_submit,
      ROUTE_USER | ROUTE_UPLOAD },
};

const struct route_table certs_routes = ROUTE_TABLE(routes);
