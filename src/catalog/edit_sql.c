/*
 * Queries of the authoring store (edit.c): renaming modules, rewriting
 * lessons, moving them (positions swapped with the live neighbour), soft
 * deletes, instructors, and a programme's details and order of courses.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"

/* args: module id, course id */
const char module_get_sql[] =
    "SELECT id, title, position FROM course_modules WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";
const char module_update_sql[] = "UPDATE course_modules SET title = ?, updated_at = ? WHERE id = ?";
/* the live neighbour above / below; args: course id, position */
const char module_prev_sql[] =
    "SELECT id, position FROM course_modules WHERE course_id = ? AND deleted_at IS NULL"
    " AND position < ? ORDER BY position DESC, id DESC LIMIT 1";
const char module_next_sql[] =
    "SELECT id, position FROM course_modules WHERE course_id = ? AND deleted_at IS NULL"
    " AND position > ? ORDER BY position, id LIMIT 1";
const char module_set_pos_sql[] =
    "UPDATE course_modules SET position = ?, updated_at = ? WHERE id = ?";
const char module_delete_sql[] =
    "UPDATE course_modules SET deleted_at = ?, updated_at = ? WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";

/* a live lesson of a live module; args: lesson id, course id */
const char lesson_pos_sql[] =
    "SELECT l.module_id, l.position, l.title FROM lessons l JOIN course_modules m"
    " ON m.id = l.module_id AND m.deleted_at IS NULL"
    " WHERE l.id = ? AND l.course_id = ? AND l.deleted_at IS NULL";
const char lesson_update_sql[] =
    "UPDATE lessons SET title = ?, body = ?, video_url = ?, minutes = ?, updated_at = ?"
    " WHERE id = ?";
/* args: module id, position */
const char lesson_prev_sql[] =
    "SELECT id, position FROM lessons WHERE module_id = ? AND deleted_at IS NULL"
    " AND position < ? ORDER BY position DESC, id DESC LIMIT 1";
const char lesson_next_sql[] =
    "SELECT id, position FROM lessons WHERE module_id = ? AND deleted_at IS NULL"
    " AND position > ? ORDER BY position, id LIMIT 1";
const char lesson_set_pos_sql[] = "UPDATE lessons SET position = ?, updated_at = ? WHERE id = ?";
const char lesson_delete_sql[] =
    "UPDATE lessons SET deleted_at = ?, updated_at = ? WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";

/* args: attachment id, course id */
const char attachment_name_sql[] =
    "SELECT filename, lesson_id FROM attachments WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";
const char attachment_delete_sql[] =
    "UPDATE attachments SET deleted_at = ?, updated_at = ? WHERE id = ? AND course_id = ?"
    " AND deleted_at IS NULL";

const char course_instructor_del_sql[] =
    "DELETE FROM course_instructors WHERE course_id = ? AND user_id = ?";

const char programme_update_sql[] =
    "UPDATE programmes SET title = ?, summary = ?, updated_at = ? WHERE id = ?";
/* args: programme id, course id */
const char programme_course_pos_sql[] =
    "SELECT position FROM programme_courses WHERE programme_id = ? AND course_id = ?";
/* the neighbour among live courses; args: programme id, position */
const char programme_course_prev_sql[] =
    "SELECT pc.course_id, pc.position FROM programme_courses pc JOIN courses c"
    " ON c.id = pc.course_id AND c.deleted_at IS NULL WHERE pc.programme_id = ?"
    " AND pc.position < ? ORDER BY pc.position DESC, pc.course_id DESC LIMIT 1";
const char programme_course_next_sql[] =
    "SELECT pc.course_id, pc.position FROM programme_courses pc JOIN courses c"
    " ON c.id = pc.course_id AND c.deleted_at IS NULL WHERE pc.programme_id = ?"
    " AND pc.position > ? ORDER BY pc.position, pc.course_id LIMIT 1";
/* args: position, programme id, course id */
const char programme_course_set_pos_sql[] =
    "UPDATE programme_courses SET position = ? WHERE programme_id = ? AND course_id = ?";
const char programme_course_del_sql[] =
    "DELETE FROM programme_courses WHERE programme_id = ? AND course_id = ?";
