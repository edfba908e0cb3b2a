/*
 * The certificates as facts for the reports (db/report.h): people issued a
 * certificate in the period, counted where they trained (the certificate's
 * centre), which is the reports' `certified` and the people_certified metric
 * of donor projects, one definition for both (DESIGN.md 6a, "Reports"). A
 * replaced certificate counts (its holder was certified; people count
 * once), a revoked one does not. A programme's certificate has no course:
 * by programme or course it falls in the rows with no key.
 */
#include "core/base.h"
#include "certs/certs_int.h"

const struct report_source certs_report_sources[] = {
    { "certificates", REPORT_NEED_CERTS,
      "SELECT c.user_id AS user_id, c.centre_id AS centre_id, c.course_id AS course_id,"
      " c.issued_at AS at, " REPORT_CERTIFIED " AS kind, 0 AS amount FROM certificates c"
      " WHERE c.status <> 'revoked' AND c.issued_at >= ? AND c.issued_at < ?"
      "$SCOPE(c.centre_id)$PERSON(c.user_id)" },
};

const size_t certs_report_nsources = ARRAY_SIZE(certs_report_sources);
