/*
 * Queries of the authoring store (edit.c): renaming modules, rewriting
 * lessons, moving them (positions swapped with the live neighbour), soft
 * deletes, instructors, and a programme's details and order of courses.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"

/*
 * A row's live neighbour above / below among its parent's (args: parent id,
 * position); its new position (args: position, updated_at, id); a soft
 * delete of a row of a course (args: deleted_at, updated_at, id, course id).
 */
#define ABOVE(table, parent)                                                                  \
    "SELECT id, position FROM " table " WHERE " parent " = ? AND deleted_at IS NULL"          \
    " AND position < ? ORDER BY position DESC, id DESC LIMIT 1"
#define BELOW(table, parent)                                                                  \
    "SELECT id, position FROM " table " WHERE " parent " = ? AND deleted_at IS NULL"          \
    " AND position > ? ORDER BY position, id LIMIT 1"
#define SET_POSITION(table) "UPDATE " table " SET position = ?, updated_at = ? WHERE id = ?"
#define SOFT_DELETE(table)                                                                    \
    "UPDATE " table " SET deleted_at = ?, updated_at = ? WHERE id = ? AND course_id = ?"       \
    " AND deleted_at IS NULL"

/* args: module id, course id */
const char module_get_sql[] =
    "SELECT title, position FROM course_modules WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";
const char module_update_sql[] = "UPDATE course_modules SET title = ?, updated_at = ? WHERE id = ?";
const char module_prev_sql[] = ABOVE("course_modules", "course_id");
const char module_next_sql[] = BELOW("course_modules", "course_id");
const char module_set_pos_sql[] = SET_POSITION("course_modules");
const char module_delete_sql[] = SOFT_DELETE("course_modules");
/* a module's lessons go with it. args: deleted_at, updated_at, module id, course id */
const char module_lessons_delete_sql[] =
    "UPDATE lessons SET deleted_at = ?, updated_at = ? WHERE module_id = ? AND course_id = ?"
    " AND deleted_at IS NULL";

/* a live lesson of a live module; args: lesson id, course id */
const char lesson_pos_sql[] =
    "SELECT l.module_id, l.position FROM" CATALOG_LIVE_LESSONS
    " WHERE l.id = ? AND l.course_id = ?";
const char lesson_update_sql[] =
    "UPDATE lessons SET title = ?, body = ?, body_html = ?, video_url = ?, minutes = ?,"
    " updated_at = ? WHERE id = ?";
const char lesson_prev_sql[] = ABOVE("lessons", "module_id");
const char lesson_next_sql[] = BELOW("lessons", "module_id");
const char lesson_set_pos_sql[] = SET_POSITION("lessons");
const char lesson_delete_sql[] = SOFT_DELETE("lessons");

/* args: attachment id, course id */
const char attachment_name_sql[] =
    "SELECT filename, lesson_id FROM attachments WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";
const char attachment_delete_sql[] = SOFT_DELETE("attachments");

const char course_instructor_del_sql[] =
    "DELETE FROM course_instructors WHERE course_id = ? AND user_id = ?";

const char programme_update_sql[] =
    "UPDATE programmes SET title = ?, summary = ?, centre_id = ?, region_id = ?,"
    " mentor_training = ?, updated_at = ?, certificate = ?, certificate_months = ? WHERE id = ?";
/* args: programme id, course id */
const char programme_course_pos_sql[] =
    "SELECT position FROM programme_courses WHERE programme_id = ? AND course_id = ?";
/* the neighbour among live courses; args: programme id, position */
#define PROGRAMME_COURSES_LIVE                                                                \
    "SELECT pc.course_id, pc.position FROM programme_courses pc JOIN courses c"               \
    " ON c.id = pc.course_id AND c.deleted_at IS NULL WHERE pc.programme_id = ?"
const char programme_course_prev_sql[] =
    PROGRAMME_COURSES_LIVE
    " AND pc.position < ? ORDER BY pc.position DESC, pc.course_id DESC LIMIT 1";
const char programme_course_next_sql[] =
    PROGRAMME_COURSES_LIVE " AND pc.position > ? ORDER BY pc.position, pc.course_id LIMIT 1";
/* args: position, programme id, course id */
const char programme_course_set_pos_sql[] =
    "UPDATE programme_courses SET position = ? WHERE programme_id = ? AND course_id = ?";
const char programme_course_del_sql[] =
    "DELETE FROM programme_courses WHERE programme_id = ? AND course_id = ?";
