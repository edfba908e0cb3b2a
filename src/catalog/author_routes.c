/*
 * The authoring pages' routes (catalog_author_routes): course admin, the
 * course editor with its modules, lessons and files, and programmes. Who may
 * edit a course is the handler's to check (catalog_may_manage), so course
 * pages are ROUTE_USER; programmes are for admins and managers.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"

#define U ROUTE_USER
#define M ROUTE_MANAGER

static const struct route routes[] = {
    { HTTP_GET, "/admin/courses", catalog_author_list_page, U },
    { HTTP_GET, "/admin/courses/new", catalog_author_new_page, U },
    { HTTP_POST, "/admin/courses/new", catalog_author_new_submit, U },

    { HTTP_GET, "/courses/:code/edit", catalog_author_edit_page, U },
    { HTTP_POST, "/courses/:code/edit", catalog_author_edit_submit, U },
    { HTTP_POST, "/courses/:code/publish", catalog_author_publish_submit, U },
    { HTTP_POST, "/courses/:code/unpublish", catalog_author_unpublish_submit, U },
    { HTTP_POST, "/courses/:code/cover", catalog_author_cover_submit, U | ROUTE_UPLOAD },
    { HTTP_POST, "/courses/:code/translations", catalog_author_translations_submit, U },
    { HTTP_POST, "/courses/:code/instructors", catalog_author_instructor_add_submit, U },
    { HTTP_POST, "/courses/:code/instructors/:id/remove", catalog_author_instructor_remove_submit,
      U },

    { HTTP_POST, "/courses/:code/modules", catalog_author_module_add_submit, U },
    { HTTP_GET, "/courses/:code/modules/:id/edit", catalog_author_module_page, U },
    { HTTP_POST, "/courses/:code/modules/:id/edit", catalog_author_module_submit, U },
    { HTTP_POST, "/courses/:code/modules/:id/move", catalog_author_module_move_submit, U },
    { HTTP_GET, "/courses/:code/modules/:id/delete", catalog_author_module_delete_page, U },
    { HTTP_POST, "/courses/:code/modules/:id/delete", catalog_author_module_delete_submit, U },
    { HTTP_GET, "/courses/:code/modules/:id/lessons/new", catalog_author_lesson_new_page, U },
    { HTTP_POST, "/courses/:code/modules/:id/lessons/new", catalog_author_lesson_new_submit, U },

    { HTTP_GET, "/courses/:code/lessons/:id/edit", catalog_author_lesson_page, U },
    { HTTP_POST, "/courses/:code/lessons/:id/edit", catalog_author_lesson_submit, U },
    { HTTP_POST, "/courses/:code/lessons/:id/move", catalog_author_lesson_move_submit, U },
    { HTTP_GET, "/courses/:code/lessons/:id/delete", catalog_author_lesson_delete_page, U },
    { HTTP_POST, "/courses/:code/lessons/:id/delete", catalog_author_lesson_delete_submit, U },
    { HTTP_POST, "/courses/:code/lessons/:id/files", catalog_author_file_submit, U | ROUTE_UPLOAD },
    { HTTP_GET, "/courses/:code/lessons/:id/files/:fid/delete", catalog_author_file_delete_page,
      U },
    { HTTP_POST, "/courses/:code/lessons/:id/files/:fid/delete", catalog_author_file_delete_submit,
      U },

    { HTTP_GET, "/admin/programmes", catalog_author_programmes_page, M },
    { HTTP_GET, "/admin/programmes/new", catalog_author_programme_new_page, M },
    { HTTP_POST, "/admin/programmes/new", catalog_author_programme_new_submit, M },
    { HTTP_GET, "/admin/programmes/:code", catalog_author_programme_page, M },
    { HTTP_POST, "/admin/programmes/:code", catalog_author_programme_submit, M },
    { HTTP_POST, "/admin/programmes/:code/translations",
      catalog_author_programme_translations_submit, M },
    { HTTP_POST, "/admin/programmes/:code/publish", catalog_author_programme_publish_submit, M },
    { HTTP_POST, "/admin/programmes/:code/unpublish", catalog_author_programme_unpublish_submit,
      M },
    { HTTP_POST, "/admin/programmes/:code/courses", catalog_author_programme_add_submit, M },
    { HTTP_POST, "/admin/programmes/:code/courses/:id/move", catalog_author_programme_move_submit,
      M },
    { HTTP_POST, "/admin/programmes/:code/courses/:id/remove",
      catalog_author_programme_remove_submit, M },
};

const struct route_table catalog_author_routes = ROUTE_TABLE(routes);
