/*
 * The home page of admins, managers and analysts: this year's people
 * enrolled and completed in their scope, the months as a small chart, and
 * the way into the report. One report statement, the people's part of
 * /reports?by=month for this year.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "core/i18n.h"
#include "view/view.h"

#include <string.h>

int reports_dashboard(struct req *r)
{
    struct report_query q;
    struct report_result res;
    int year = accounts_this_year(), rc;

    memset(&q, 0, sizeof(q));
    q.from = arena_printf(&r->arena, "%04d-01-01", year);
    q.to = arena_printf(&r->arena, "%04d-12-31", year);
    q.to_year = year;
    q.by = report_dim_find("month");
    q.all_centres = r->user->reads_all;
    q.centres = r->user->read_centres;
    q.ncentres = r->user->nread_centres;
    q.query_string = arena_printf(&r->arena, "from=%s&to=%s&by=month", q.from, q.to);
    q.need = REPORT_NEED_PEOPLE; /* the minutes of every lesson are the report's to add up */
    if ((rc = report_run(r, &q, &res)) < 0)
        return rc;
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:i, s:s, s:s, s:s, s:s, s:s}", "title", _(r->lang, "Dashboard"),
        "year", year, "enrolled", view_int(r, res.totals.enrolled), "completed",
        view_int(r, res.totals.completed), "chart",
        report_chart_svg(r, &res, true, "dashboard-chart-words"), "chart_words",
        report_chart_words(r, &q, &res), "month_url",
        arena_printf(&r->arena, "/reports?%s", q.query_string));
    val_set_bool(ctx, "all", r->user->reads_all);
    return view_page(r, "reports_dashboard", ctx);
}

/* GET /: the dashboard for those who read reports, the accounts' home for everyone else. */
static int home(struct req *r)
{
    if (r->user && accounts_reads_reports(r))
        return reports_dashboard(r);
    return accounts_home_page(r);
}

static const struct route routes[] = {
    { HTTP_GET, "/", home, ROUTE_PUBLIC },
    /* who reads them (admins, managers, analysts) and what (scope) is the handlers' to check */
    { HTTP_GET, "/reports", reports_page, ROUTE_USER },
    { HTTP_GET, "/reports.csv", reports_csv, ROUTE_USER },
    { HTTP_GET, "/reports.xlsx", reports_xlsx, ROUTE_USER },
    { HTTP_GET, "/reports/people", reports_people_page, ROUTE_USER },
    { HTTP_GET, "/api/v1/reports/training", reports_api_training, ROUTE_API | ROUTE_USER },
};

const struct route_table reports_routes = ROUTE_TABLE(routes);
