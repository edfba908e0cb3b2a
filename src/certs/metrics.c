/*
 * people_certified, the report registry's metric for donor projects
 * (db/report.h): people issued a certificate in the period, where they
 * trained (the certificate's centre); a replaced one counts (its holder was
 * certified), a revoked one does not.
 */
#include "core/base.h"
#include "certs/certs_int.h"

const struct report_metric certs_report_metrics[] = {
    { "people_certified", REPORT_METRIC_DISTINCT,
      "SELECT c.user_id AS subject, c.user_id, c.centre_id, c.course_id, c.issued_at AS at, "
      "0 AS amount FROM certificates c "
      "WHERE c.status <> 'revoked' AND c.issued_at >= ? AND c.issued_at < ?"
      "$SCOPE(c.centre_id)$PERSON(c.user_id)",
      true, true, "people" },
};

const size_t certs_report_nmetrics = ARRAY_SIZE(certs_report_metrics);
