/*
 * The quiz authoring routes (quiz_author_routes): a course's quizzes, a
 * quiz's settings and slots, and /api/v1/quizzes. Who may author is the
 * handler's to check (catalog_may_manage on the quiz's course), so every
 * row is ROUTE_USER.
 */
#include "core/base.h"
#include "quiz/author_int.h"

#define U ROUTE_USER
#define A (ROUTE_API | ROUTE_USER)

static const struct route routes[] = {
    { HTTP_GET, "/admin/courses/:code/quizzes", quiz_author_list_page, U },
    { HTTP_GET, "/admin/courses/:code/quizzes/new", quiz_author_new_page, U },
    { HTTP_POST, "/admin/courses/:code/quizzes/new", quiz_author_new_submit, U },

    { HTTP_GET, "/admin/quizzes/:id", quiz_author_show_page, U },
    { HTTP_GET, "/admin/quizzes/:id/edit", quiz_author_edit_page, U },
    { HTTP_POST, "/admin/quizzes/:id/edit", quiz_author_edit_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/publish", quiz_author_publish_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/unpublish", quiz_author_unpublish_submit, U },
    { HTTP_GET, "/admin/quizzes/:id/delete", quiz_author_delete_page, U },
    { HTTP_POST, "/admin/quizzes/:id/delete", quiz_author_delete_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/slots", quiz_author_slot_add_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/random", quiz_author_random_add_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/slots/:sid/mark", quiz_author_slot_mark_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/slots/:sid/move", quiz_author_slot_move_submit, U },
    { HTTP_POST, "/admin/quizzes/:id/slots/:sid/remove", quiz_author_slot_remove_submit, U },

    { HTTP_GET, "/api/v1/quizzes", quiz_author_api_list, A },
    { HTTP_POST, "/api/v1/quizzes", quiz_author_api_create, A },
    { HTTP_GET, "/api/v1/quizzes/:id", quiz_author_api_get, A },
    { HTTP_PATCH, "/api/v1/quizzes/:id", quiz_author_api_patch, A },
    { HTTP_DELETE, "/api/v1/quizzes/:id", quiz_author_api_delete, A },
    { HTTP_POST, "/api/v1/quizzes/:id/slots", quiz_author_api_slot_add, A },
    { HTTP_PATCH, "/api/v1/quizzes/:id/slots/:sid", quiz_author_api_slot_patch, A },
    { HTTP_DELETE, "/api/v1/quizzes/:id/slots/:sid", quiz_author_api_slot_delete, A },
};

const struct route_table quiz_author_routes = ROUTE_TABLE(routes);
