/* The calendar module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "calendar/calendar_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/calendar", cal_user_page, ROUTE_USER },
    { HTTP_GET, "/calendar/reset", cal_user_reset_page, ROUTE_USER },
    { HTTP_POST, "/calendar/reset", cal_user_reset_submit, ROUTE_USER },
    /* the unguessable token is the key: calendar programs cannot sign in */
    { HTTP_GET, "/calendar/feeds/:token", cal_feed, ROUTE_PUBLIC | ROUTE_SECRET },
    /* scope is checked by the handlers */
    { HTTP_GET, "/admin/centres/:code/calendar", cal_centre_page, ROUTE_MANAGER },
    { HTTP_GET, "/admin/centres/:code/calendar/reset", cal_centre_reset_page, ROUTE_MANAGER },
    { HTTP_POST, "/admin/centres/:code/calendar/reset", cal_centre_reset_submit, ROUTE_MANAGER },
    /* members see a cohort's calendar, managers of its centre also reset its link */
    { HTTP_GET, "/cohorts/:id/calendar", cal_cohort_page, ROUTE_USER },
    { HTTP_GET, "/cohorts/:id/calendar/reset", cal_cohort_reset_page, ROUTE_USER },
    { HTTP_POST, "/cohorts/:id/calendar/reset", cal_cohort_reset_submit, ROUTE_USER },
};

const struct route_table calendar_routes = ROUTE_TABLE(routes);
