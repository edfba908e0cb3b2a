/*
 * The question bank's rows in the route table (quiz_bank_routes). Who may
 * manage a course's bank is the handlers' to check (catalog_may_manage), so
 * every row is ROUTE_USER. Literal segments come before the :id captures.
 */
#include "core/base.h"
#include "quiz/bank_int.h"

#define U ROUTE_USER
#define API (ROUTE_API | ROUTE_USER)

static const struct route routes[] = {
    { HTTP_GET, "/admin/courses/:code/questions", quiz_bank_list_page, U },
    { HTTP_GET, "/admin/courses/:code/questions/new", quiz_bank_new_page, U },
    { HTTP_POST, "/admin/courses/:code/questions/new", quiz_bank_new_submit, U },
    { HTTP_GET, "/admin/courses/:code/questions/import", quiz_bank_import_page, U },
    /* a GIFT file may be larger than an ordinary form */
    { HTTP_POST, "/admin/courses/:code/questions/import", quiz_bank_import_preview,
      U | ROUTE_UPLOAD },
    { HTTP_POST, "/admin/courses/:code/questions/import/confirm", quiz_bank_import_confirm,
      U | ROUTE_UPLOAD },
    { HTTP_GET, "/admin/courses/:code/questions/export.gift", quiz_bank_export, U },
    { HTTP_GET, "/admin/courses/:code/questions/:id", quiz_bank_edit_page, U },
    { HTTP_POST, "/admin/courses/:code/questions/:id", quiz_bank_edit_submit, U },
    { HTTP_GET, "/admin/courses/:code/questions/:id/delete", quiz_bank_delete_page, U },
    { HTTP_POST, "/admin/courses/:code/questions/:id/delete", quiz_bank_delete_submit, U },

    { HTTP_GET, "/api/v1/courses/:code/questions", quiz_bank_api_list, API },
    { HTTP_POST, "/api/v1/courses/:code/questions", quiz_bank_api_create, API },
    { HTTP_POST, "/api/v1/courses/:code/questions/import", quiz_bank_api_import, API },
    { HTTP_GET, "/api/v1/courses/:code/questions/:id", quiz_bank_api_get, API },
    { HTTP_PUT, "/api/v1/courses/:code/questions/:id", quiz_bank_api_update, API },
    { HTTP_DELETE, "/api/v1/courses/:code/questions/:id", quiz_bank_api_delete, API },
};

const struct route_table quiz_bank_routes = ROUTE_TABLE(routes);
