/* The certs module's SQL: the only code that names its tables. */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "cohorts/cohorts.h"
#include "enrol/enrol.h"
#include "org/org.h"

#define CERT_FROM                                                                               \
    " FROM certificates c JOIN " ACCOUNTS_PEOPLE_SQL " p ON p.id = c.user_id"                   \
    " LEFT JOIN " CATALOG_COURSE_CERTS_SQL " co ON co.id = c.course_id"                         \
    " LEFT JOIN " CATALOG_PROGRAMME_CERTS_SQL " pr ON pr.id = c.programme_id"                   \
    " LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = c.centre_id"                                  \
    " LEFT JOIN certificates nc ON nc.id = c.replaced_by"

/* args: code */
const char cert_load_sql[] = "SELECT " CERT_COLUMNS CERT_FROM " WHERE c.code = ?";

/*
 * What the API's list and the register page (register.c) filter on, and
 * who may see a row: one text, so that both show exactly the same
 * certificates. Args, in order (cert_list_open binds them): the user key
 * twice; course id twice; programme id twice; status, now, status (expired
 * is a valid one past its date); the search's LIKE pattern four times ("%":
 * any; the person's name and e-mail, what the certificate says, its course's
 * or programme's code); the centre code twice; the year's first instant
 * twice and the next year's first ("": any year); is_admin, user id twice (the holder, or
 * a manager or analyst of the issuing centre).
 */
#define CERT_LIST_WHERE                                                                         \
    " AND (? = '' OR p.email_key = ?)"                                                          \
    " AND (? = 0 OR c.course_id = ?)"                                                           \
    " AND (? = 0 OR c.programme_id = ?)"                                                        \
    " AND (? = '' OR (CASE WHEN c.status <> 'valid' THEN c.status"                             \
    " WHEN c.expires_at IS NOT NULL AND c.expires_at <= ? THEN 'expired' ELSE 'valid' END) = ?)" \
    " AND (? = '%' OR p.search LIKE ? ESCAPE '\\' OR c.search LIKE ? ESCAPE '\\'"              \
    " OR LOWER(COALESCE(co.code, pr.code)) LIKE ? ESCAPE '\\')"                                \
    " AND (? = '' OR ce.code = ?)"                                                              \
    " AND (? = '' OR (c.issued_at >= ? AND c.issued_at < ?))"                                   \
    " AND (? = 1 OR c.user_id = ? OR c.centre_id IN (" ACCOUNTS_READ_CENTRES_SQL "))"

/* The API's pages, oldest first. args: after id, CERT_LIST_WHERE's, limit */
const char cert_list_sql[] =
    "SELECT " CERT_COLUMNS CERT_FROM " WHERE c.id > ?" CERT_LIST_WHERE " ORDER BY c.id LIMIT ?";
/* The register's pages, newest first. args: before id, CERT_LIST_WHERE's, limit */
const char cert_register_sql[] =
    "SELECT " CERT_COLUMNS CERT_FROM " WHERE c.id < ?" CERT_LIST_WHERE
    " ORDER BY c.id DESC LIMIT ?";

/* The register's centre filter: the live centres the caller reads. args: is_admin, user id */
const char cert_register_centres_sql[] =
    "SELECT ce.code, ce.name FROM " ORG_CENTRES_SQL " ce WHERE ce.deleted_at IS NULL"
    " AND (? = 1 OR ce.id IN (" ACCOUNTS_READ_CENTRES_SQL ")) ORDER BY ce.name, ce.code";

/*
 * Rows written before the search column, a batch at a time (certs_init):
 * id, holder, title, number, code. args: limit
 */
const char cert_search_missing_sql[] =
    "SELECT id, holder, title, number, code FROM certificates WHERE search IS NULL"
    " ORDER BY id LIMIT ?";
/* args: search, id */
const char cert_search_set_sql[] = "UPDATE certificates SET search = ? WHERE id = ?";

/* args: user id, lang: a learner's own, newest first (/my) */
const char cert_for_user_sql[] =
    "SELECT " CERT_COLUMNS CERT_FROM " WHERE c.user_id = ? AND c.status <> 'replaced'"
    " ORDER BY c.issued_at DESC, c.id DESC LIMIT 200";

/*
 * The next register number of an issuer in a year: the row's lock (an
 * upsert) makes two issuing transactions take turns. args: issuer, year.
 */
const char cert_counter_sql[] =
    "INSERT INTO certificate_counters (issuer, year, last) VALUES (?, ?, 1)"
    " ON CONFLICT (issuer, year) DO UPDATE SET last = certificate_counters.last + 1"
    " RETURNING last";

/* args: centre id */
const char cert_centre_code_sql[] = "SELECT code FROM " ORG_CENTRES_SQL " ce WHERE ce.id = ?";

/*
 * minutes bound as an integer (NULL: not said), kept as hours; the template
 * it is drawn with is its course's or programme's at the time (NULL: the
 * built-in look). args: the columns as named up to expires_at, issued_by,
 * course id and programme id (the template's), search, created_at, updated_at
 */
const char cert_insert_sql[] =
    "INSERT INTO certificates (code, number, user_id, holder, course_id, programme_id,"
    " enrolment_id, centre_id, title, language, hours, issued_at, expires_at, issued_by,"
    " template_id, search, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS DOUBLE PRECISION) / 60, ?, ?, ?,"
    " (SELECT t.id FROM certificate_templates t WHERE t.course_id = ? OR t.programme_id = ?),"
    " ?, ?, ?)"
    " RETURNING id";

/* args: enrolment id */
const char cert_by_enrolment_sql[] = "SELECT id FROM certificates WHERE enrolment_id = ?";

/*
 * A course's facts for a certificate, in the holder's language. args: lang
 * (lessons), lang (title), user id, course id. Columns: full_name, language, title, certificate,
 * months, centre_id, minutes.
 */
const char cert_course_facts_sql[] =
    "SELECT p.full_name, COALESCE(pf.language, 'en'), cc.title, k.certificate,"
    " k.certificate_months, k.centre_id,"
    " (SELECT COALESCE(SUM(lm.minutes), 0) FROM " CATALOG_LESSON_MINUTES_SQL " lm"
    "  WHERE lm.id IN (SELECT cl.id FROM " CATALOG_LESSONS_SQL " cl WHERE cl.course_id = k.id))"
    " FROM " ACCOUNTS_PEOPLE_SQL " p JOIN " ACCOUNTS_PERSON_FACTS_SQL " pf ON pf.id = p.id"
    " JOIN " CATALOG_COURSE_CERTS_SQL " k ON k.deleted_at IS NULL"
    " JOIN " CATALOG_COURSES_SQL " cc ON cc.id = k.id"
    " WHERE p.id = ? AND k.id = ?";

/*
 * A programme's, the same way. args: lang (titles), lang (lessons), user
 * id, programme id.
 */
const char cert_programme_facts_sql[] =
    "SELECT p.full_name, COALESCE(pf.language, 'en'),"
    " COALESCE((SELECT pcs.programme_title FROM " CATALOG_PROGRAMME_COURSES_SQL " pcs"
    "  WHERE pcs.programme_id = k.id LIMIT 1), k.title), k.certificate,"
    " k.certificate_months, 0,"
    " (SELECT COALESCE(SUM(lm.minutes), 0) FROM " CATALOG_LESSON_MINUTES_SQL " lm"
    "  WHERE lm.id IN (SELECT cl.id FROM " CATALOG_LESSONS_SQL " cl JOIN "
    CATALOG_PROGRAMME_MEMBERS_SQL " pm ON pm.course_id = cl.course_id"
    "  WHERE pm.programme_id = k.id))"
    " FROM " ACCOUNTS_PEOPLE_SQL " p JOIN " ACCOUNTS_PERSON_FACTS_SQL " pf ON pf.id = p.id"
    " JOIN " CATALOG_PROGRAMME_CERTS_SQL " k ON k.deleted_at IS NULL"
    " WHERE p.id = ? AND k.id = ?";

/*
 * The published programmes giving a certificate that hold course_id, that
 * user_id has now completed (every course done) and holds none of yet.
 * args: course id, user id, user id.
 */
const char cert_programmes_done_sql[] =
    "SELECT k.id FROM " CATALOG_PROGRAMME_CERTS_SQL " k"
    " JOIN " CATALOG_PROGRAMME_MEMBERS_SQL " pm ON pm.programme_id = k.id AND pm.course_id = ?"
    " WHERE k.certificate = 1 AND k.status = 'published' AND k.deleted_at IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM certificates c WHERE c.user_id = ? AND c.programme_id = k.id)"
    " AND NOT EXISTS (SELECT 1 FROM " CATALOG_PROGRAMME_MEMBERS_SQL " pn"
    "  WHERE pn.programme_id = k.id AND NOT EXISTS (SELECT 1 FROM " ENROL_ENROLMENTS_SQL " e"
    "  WHERE e.user_id = ? AND e.course_id = pn.course_id AND e.status = 'completed'))"
    " ORDER BY k.id";

/* Where an enrolment trained: its cohort's centre. args: cohort id */
const char cert_training_centre_sql[] =
    "SELECT co.centre_id FROM " COHORTS_COHORTS_SQL " co WHERE co.id = ?";

/* args: now, reason, now, id */
const char cert_revoke_sql[] =
    "UPDATE certificates SET status = 'revoked', revoked_at = ?, revoke_reason = ?,"
    " updated_at = ? WHERE id = ? AND status = 'valid'";

/* args: new id, now, old id */
const char cert_replaced_sql[] =
    "UPDATE certificates SET status = 'replaced', replaced_by = ?, updated_at = ?"
    " WHERE id = ? AND status = 'valid'";

/* The certificate a correction replaced: code, number. args: the correction's id */
const char cert_replaces_sql[] =
    "SELECT code, number FROM certificates WHERE replaced_by = ? ORDER BY id LIMIT 1";

/* args: code */
const char cert_id_sql[] = "SELECT id FROM certificates WHERE code = ?";

/* the demo (demo.c): a person's valid certificate of a course (user id, course id) */
const char cert_demo_find_sql[] =
    "SELECT code FROM certificates WHERE user_id = ? AND course_id = ? AND status = 'valid'"
    " ORDER BY id LIMIT 1";
/* whether the demo's Korean certificate is there (language) */
const char cert_demo_korean_sql[] = "SELECT COUNT(*) FROM certificates WHERE language = ?";
