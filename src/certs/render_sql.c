/* SQL of the PDF, templates and the signing keys (pdf.c, template.c, badge.c). */
#include "core/base.h"
#include "certs/certs_int.h"

#define TEMPLATE_COLS                                                                        \
    "t.id, t.body, t.second_language, t.body_second, t.colour, t.signatory1_name, "          \
    "t.signatory1_position, t.signatory2_name, t.signatory2_position, t.logo1, t.logo2, "    \
    "t.logo3"

const char cert_template_by_id_sql[] =
    "SELECT " TEMPLATE_COLS " FROM certificate_templates t WHERE t.id = ?";
const char cert_template_by_course_sql[] =
    "SELECT " TEMPLATE_COLS " FROM certificate_templates t JOIN courses co ON co.id = t.course_id"
    " WHERE co.code = ?";
const char cert_template_by_programme_sql[] =
    "SELECT " TEMPLATE_COLS " FROM certificate_templates t"
    " JOIN programmes p ON p.id = t.programme_id WHERE p.code = ?";

/* Args: the course's (or programme's) id, then the columns as named. */
const char cert_template_upsert_course_sql[] =
    "INSERT INTO certificate_templates (course_id, programme_id, body, second_language,"
    " body_second, colour, signatory1_name, signatory1_position, signatory2_name,"
    " signatory2_position, logo1, logo2, logo3, created_at, updated_at)"
    " VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (course_id) DO UPDATE SET body = excluded.body,"
    " second_language = excluded.second_language, body_second = excluded.body_second,"
    " colour = excluded.colour, signatory1_name = excluded.signatory1_name,"
    " signatory1_position = excluded.signatory1_position,"
    " signatory2_name = excluded.signatory2_name,"
    " signatory2_position = excluded.signatory2_position,"
    " logo1 = COALESCE(excluded.logo1, certificate_templates.logo1),"
    " logo2 = COALESCE(excluded.logo2, certificate_templates.logo2),"
    " logo3 = COALESCE(excluded.logo3, certificate_templates.logo3),"
    " updated_at = excluded.updated_at";
const char cert_template_upsert_programme_sql[] =
    "INSERT INTO certificate_templates (course_id, programme_id, body, second_language,"
    " body_second, colour, signatory1_name, signatory1_position, signatory2_name,"
    " signatory2_position, logo1, logo2, logo3, created_at, updated_at)"
    " VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (programme_id) DO UPDATE SET body = excluded.body,"
    " second_language = excluded.second_language, body_second = excluded.body_second,"
    " colour = excluded.colour, signatory1_name = excluded.signatory1_name,"
    " signatory1_position = excluded.signatory1_position,"
    " signatory2_name = excluded.signatory2_name,"
    " signatory2_position = excluded.signatory2_position,"
    " logo1 = COALESCE(excluded.logo1, certificate_templates.logo1),"
    " logo2 = COALESCE(excluded.logo2, certificate_templates.logo2),"
    " logo3 = COALESCE(excluded.logo3, certificate_templates.logo3),"
    " updated_at = excluded.updated_at";

/* The PDF as drawn, kept once: a second drawing (two requests at once) changes nothing. */
const char cert_pdf_store_sql[] =
    "UPDATE certificates SET pdf = ?, updated_at = ? WHERE code = ? AND pdf IS NULL";
const char cert_pdf_get_sql[] = "SELECT pdf FROM certificates WHERE code = ?";

/* The signing keys (badge.c): the newest live one signs, all are published. */
const char cert_key_signing_sql[] =
    "SELECT kid, private_pem FROM certificate_keys WHERE retired_at IS NULL"
    " ORDER BY id DESC LIMIT 1";
const char cert_key_all_sql[] = "SELECT kid, public_pem FROM certificate_keys ORDER BY id DESC";
const char cert_key_insert_sql[] =
    "INSERT INTO certificate_keys (kid, private_pem, public_pem, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?)";
const char cert_key_retire_sql[] =
    "UPDATE certificate_keys SET retired_at = ?, updated_at = ? WHERE retired_at IS NULL";

/* A course's certificates for its ZIP (bulk.c): revoked ones are left out. Arg: course code. */
const char cert_course_undrawn_sql[] =
    "SELECT c.code FROM certificates c JOIN courses co ON co.id = c.course_id"
    " WHERE co.code = ? AND c.status <> 'revoked' AND c.pdf IS NULL";
const char cert_course_pdfs_sql[] =
    "SELECT c.id, c.number, c.holder, length(c.pdf) FROM certificates c"
    " JOIN courses co ON co.id = c.course_id"
    " WHERE co.code = ? AND c.status <> 'revoked' AND c.pdf IS NOT NULL ORDER BY c.number";

/* The template's id after its upsert (for the audit entry). Arg: course id. */
const char cert_template_id_course_sql[] =
    "SELECT id FROM certificate_templates WHERE course_id = ?";
/* The same for a programme's. Arg: programme id. */
const char cert_template_id_programme_sql[] =
    "SELECT id FROM certificate_templates WHERE programme_id = ?";

/*
 * A cohort's certificates for its ZIP: those of its course held by people
 * enrolled through the cohort (issued on completion or by hand); revoked ones
 * left out. Arg: cohort id.
 */
#define COHORT_CERTS                                                                          \
    " FROM certificates c JOIN cohorts k ON k.course_id = c.course_id"                      \
    " WHERE k.id = ? AND c.status <> 'revoked' AND EXISTS (SELECT 1 FROM enrolments e"       \
    " WHERE e.cohort_id = k.id AND e.course_id = k.course_id AND e.user_id = c.user_id)"
const char cert_cohort_undrawn_sql[] = "SELECT c.code" COHORT_CERTS " AND c.pdf IS NULL";
const char cert_cohort_pdfs_sql[] =
    "SELECT c.id, c.number, c.holder, length(c.pdf)" COHORT_CERTS
    " AND c.pdf IS NOT NULL ORDER BY c.number";
/* A page of the PDFs a ZIP streams, by id (unused places hold 0, no id). Args: CERT_ZIP_PAGE ids. */
const char cert_pdf_page_sql[] =
    "SELECT id, pdf FROM certificates WHERE id IN (?, ?, ?, ?, ?, ?, ?, ?)";
