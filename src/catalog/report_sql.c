/*
 * In what people trained, for reports (DESIGN.md 6a): the dimensions
 * programme and course of the report registry (db/report.h). A course
 * in two programmes gives a fact to both rows; a course in none to the row
 * whose key is NULL.
 */
#include "core/base.h"
#include "catalog/catalog.h"

const struct report_dim catalog_report_dims[] = {
    { "programme",
      " LEFT JOIN (SELECT pc.course_id AS course_id, pg.code AS code,"
      " COALESCE(NULLIF(pi.title, ''), pg.title) AS title FROM programme_courses pc"
      " JOIN programmes pg ON pg.id = pc.programme_id AND pg.deleted_at IS NULL"
      " LEFT JOIN programme_i18n pi ON pi.programme_id = pg.id AND pi.lang = '$LANG') rp"
      " ON rp.course_id = f.course_id",
      "rp.code", "rp.title",
      "EXISTS (SELECT 1 FROM programme_courses fpc JOIN programmes fpg"
      " ON fpg.id = fpc.programme_id AND fpg.deleted_at IS NULL"
      " WHERE fpc.course_id = f.course_id AND fpg.code = ?)",
      NULL, "SELECT id FROM programmes WHERE code = ? AND deleted_at IS NULL", false, NULL, NULL },
    { "course",
      " LEFT JOIN courses rc ON rc.id = f.course_id"
      " LEFT JOIN course_i18n rci ON rci.course_id = rc.id AND rci.lang = '$LANG'",
      "rc.code", "COALESCE(NULLIF(rci.title, ''), rc.title)",
      "EXISTS (SELECT 1 FROM courses fc WHERE fc.id = f.course_id AND fc.code = ?)", NULL,
      "SELECT id FROM courses WHERE code = ? AND deleted_at IS NULL", false, NULL, NULL },
};
const size_t catalog_report_ndims = ARRAY_SIZE(catalog_report_dims);

/* the report form's list of programmes; args: language */
const char catalog_report_programmes_sql[] =
    "SELECT p.code, COALESCE(NULLIF(pi.title, ''), p.title) FROM programmes p"
    " LEFT JOIN programme_i18n pi ON pi.programme_id = p.id AND pi.lang = ?"
    " WHERE p.deleted_at IS NULL ORDER BY 2, p.code";

/*
 * The course's topic as a dimension, outside the registry (the report form
 * does not offer it): open data's training by topic groups by it.
 */
const struct report_dim catalog_topic_report_dim = {
    "topic", " LEFT JOIN courses tc ON tc.id = f.course_id", "tc.topic", NULL, NULL,
    catalog_topics, NULL, false, NULL, NULL,
};
