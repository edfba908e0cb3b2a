/*
 * Queries of courses, their modules, lessons, translations, instructors and
 * attachments. Centre codes are read through org.h's derived table.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "accounts/accounts.h"
#include "org/org.h"

/* first bound parameter: the reader's language */
#define COURSE_SELECT                                                                         \
    "SELECT c.id, c.code, COALESCE(NULLIF(ci.title, ''), c.title),"                           \
    " COALESCE(NULLIF(ci.summary, ''), c.summary), c.title, c.summary, c.language, c.topic,"  \
    " c.delivery, c.status, c.enrol_mode, c.capacity, c.centre_id, ce.code, c.cover_id,"      \
    " (SELECT COUNT(*) FROM" CATALOG_LIVE_LESSONS " WHERE l.course_id = c.id),"                \
    " c.published_at, c.created_at, c.updated_at, c.certificate, c.certificate_months"                                             \
    " FROM courses c LEFT JOIN course_i18n ci ON ci.course_id = c.id AND ci.lang = ?"          \
    " LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = c.centre_id"

const char course_by_id_sql[] = COURSE_SELECT " WHERE c.id = ? AND c.deleted_at IS NULL";
const char course_by_code_sql[] = COURSE_SELECT " WHERE c.code = ? AND c.deleted_at IS NULL";
const char course_code_taken_sql[] = "SELECT id FROM courses WHERE code = ? AND id <> ?";
const char course_insert_sql[] =
    "INSERT INTO courses (code, title, summary, language, topic, delivery, enrol_mode, capacity,"
    " centre_id, created_by, created_at, updated_at, certificate, certificate_months)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " RETURNING id";
const char course_update_sql[] =
    "UPDATE courses SET code = ?, title = ?, summary = ?, language = ?, topic = ?, delivery = ?,"
    " enrol_mode = ?, capacity = ?, centre_id = ?, updated_at = ?, certificate = ?,"
    " certificate_months = ? WHERE id = ?";
const char course_publish_sql[] =
    "UPDATE courses SET status = ?, published_at = COALESCE(published_at, ?), updated_at = ?"
    " WHERE id = ?";
const char course_cover_sql[] = "UPDATE courses SET cover_id = ?, updated_at = ? WHERE id = ?";
const char course_i18n_put_sql[] = CATALOG_I18N_PUT("course_i18n", "course_id", "summary");
const char course_i18n_del_sql[] = CATALOG_I18N_DEL("course_i18n", "course_id");
const char course_instructor_add_sql[] =
    "INSERT INTO course_instructors (course_id, user_id, created_at) VALUES (?, ?, ?)"
    " ON CONFLICT (course_id, user_id) DO NOTHING";
const char course_is_instructor_sql[] =
    "SELECT 1 FROM course_instructors WHERE course_id = ? AND user_id = ?";

const char module_max_pos_sql[] =
    "SELECT COALESCE(MAX(position), 0) FROM course_modules WHERE course_id = ?";
const char module_insert_sql[] =
    "INSERT INTO course_modules (course_id, position, title, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?) RETURNING id";
const char module_course_sql[] =
    "SELECT course_id FROM course_modules WHERE id = ? AND deleted_at IS NULL";
const char module_i18n_put_sql[] =
    "INSERT INTO module_i18n (module_id, lang, title) VALUES (?, ?, ?)"
    " ON CONFLICT (module_id, lang) DO UPDATE SET title = excluded.title";
const char module_i18n_del_sql[] = CATALOG_I18N_DEL("module_i18n", "module_id");

const char lesson_max_pos_sql[] =
    "SELECT COALESCE(MAX(position), 0) FROM lessons WHERE module_id = ?";
const char lesson_insert_sql[] =
    "INSERT INTO lessons (course_id, module_id, position, title, body, body_html, video_url,"
    " minutes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char lesson_course_sql[] = "SELECT l.course_id FROM" CATALOG_LIVE_LESSONS " WHERE l.id = ?";
/* with the body's HTML (lesson_html.c): args id, lang, title, body, body_html */
const char lesson_i18n_put_sql[] =
    "INSERT INTO lesson_i18n (lesson_id, lang, title, body, body_html) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (lesson_id, lang) DO UPDATE SET title = excluded.title,"
    " body = excluded.body, body_html = excluded.body_html";
const char lesson_i18n_del_sql[] = CATALOG_I18N_DEL("lesson_i18n", "lesson_id");
/* the reading order of a course's live lessons */
const char lesson_ids_sql[] =
    "SELECT l.id FROM" CATALOG_LIVE_LESSONS " WHERE l.course_id = ?"
    " ORDER BY m.position, l.position, l.id";
/*
 * A course's outline for one language: every live module with its live
 * lessons (a module without lessons comes once with a NULL lesson).
 * Arguments: lang, lang, course id.
 */
const char outline_sql[] =
    "SELECT m.id, COALESCE(NULLIF(mi.title, ''), m.title), l.id,"
    " COALESCE(NULLIF(li.title, ''), l.title), l.minutes"
    " FROM course_modules m"
    " LEFT JOIN module_i18n mi ON mi.module_id = m.id AND mi.lang = ?"
    " LEFT JOIN lessons l ON l.module_id = m.id AND l.deleted_at IS NULL"
    " LEFT JOIN lesson_i18n li ON li.lesson_id = l.id AND li.lang = ?"
    " WHERE m.course_id = ? AND m.deleted_at IS NULL ORDER BY m.position, m.id, l.position, l.id";
/* a lesson with its text in one language; args: lang, lesson id, course id */
const char lesson_get_sql[] =
    "SELECT l.id, l.module_id, COALESCE(NULLIF(li.title, ''), l.title),"
    " COALESCE(NULLIF(li.body, ''), l.body), l.title, l.body, l.video_url, l.minutes,"
    " l.position, l.created_at, l.updated_at,"
    " CASE WHEN li.body <> '' THEN li.body_html ELSE l.body_html END, l.body_html"
    " FROM" CATALOG_LIVE_LESSONS
    " LEFT JOIN lesson_i18n li ON li.lesson_id = l.id AND li.lang = ?"
    " WHERE l.id = ? AND l.course_id = ?";

const char attachment_insert_sql[] =
    "INSERT INTO attachments (course_id, lesson_id, filename, mime, size, sha256, data,"
    " created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char attachment_list_sql[] =
    "SELECT id, filename, mime, size FROM attachments WHERE lesson_id = ? AND deleted_at IS NULL"
    " ORDER BY id";
/* a cover, or the file of a live lesson: a deleted lesson's files go with it */
const char attachment_get_sql[] =
    "SELECT id, lesson_id, filename, mime, size, sha256, data FROM attachments"
    " WHERE id = ? AND course_id = ? AND deleted_at IS NULL"
    " AND (lesson_id IS NULL OR lesson_id IN (SELECT l.id FROM" CATALOG_LIVE_LESSONS "))";
