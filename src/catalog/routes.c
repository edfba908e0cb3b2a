/* The catalog's routes: the catalogue, course and lesson pages, files, the API. */
#include "core/base.h"
#include "catalog/catalog_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/courses", catalog_browse_page, ROUTE_PUBLIC },
    { HTTP_GET, "/courses/:code", catalog_course_page, ROUTE_PUBLIC },
    { HTTP_GET, "/courses/:code/lessons/:id", catalog_lesson_page, ROUTE_USER },
    { HTTP_GET, "/courses/:code/files/:id", catalog_attachment_download, ROUTE_PUBLIC },
    { HTTP_GET, "/programmes/:code", catalog_programme_page, ROUTE_PUBLIC },
    { HTTP_GET, "/api/v1/courses", catalog_api_courses, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/courses", catalog_api_course_create, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/courses/:code", catalog_api_course, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/courses/:code", catalog_api_course_patch, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/courses/:code/lessons/:id", catalog_api_lesson, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/programmes", catalog_api_programmes, ROUTE_API | ROUTE_USER },
    { HTTP_POST, "/api/v1/programmes", catalog_api_programme_create, ROUTE_API | ROUTE_USER },
    { HTTP_GET, "/api/v1/programmes/:code", catalog_api_programme, ROUTE_API | ROUTE_USER },
    { HTTP_PATCH, "/api/v1/programmes/:code", catalog_api_programme_patch,
      ROUTE_API | ROUTE_USER },
};

const struct route_table catalog_routes = ROUTE_TABLE(routes);
