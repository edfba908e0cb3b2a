/*
 * GET /api/v1/reports/training (DESIGN.md 6a): the report's rows and totals
 * as JSON, under the same parameters and scope as the page.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "http/api.h"

int reports_api_training(struct req *r)
{
    struct report_query q;
    struct report_result res;
    json_t *errors = json_object();
    int rc;

    if (!accounts_reads_reports(r)) {
        json_decref(errors);
        return http_problem(r, 403, "Forbidden", "reports are for admins, managers and analysts");
    }
    if ((rc = report_query_read(r, REPORT_READS, &q, errors)) == DARS_EINVALID)
        return api_fail(r, rc, errors);
    json_decref(errors);
    if (rc == DARS_EDENIED)
        return http_problem(r, 403, "Forbidden", "a centre or region outside your scope");
    if (rc < 0 || (rc = report_run(r, &q, &res)) < 0)
        return rc;
    json_t *items = json_array();
    for (size_t i = 0; i < res.nrows; i++)
        json_array_append_new(items, report_row_json(&res.rows[i], true));
    return http_json(r, 200, json_pack("{s:s, s:s, s:s, s:o, s:o}", "by", q.by->name, "from",
                                       q.from, "to", q.to, "items", items, "totals",
                                       report_row_json(&res.totals, false)));
}
