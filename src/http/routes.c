/*
 * The route table: every module's rows, in the order they are tried.
 * To add a module: declare `extern const struct route_table NAME_routes;` in
 * its header and add one line here.
 */
#include "core/base.h"
#include "http/route.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "enrol/enrol.h"
#include "cohorts/cohorts.h"
#include "events/events.h"
#include "mail/mail.h"
#include "calendar/calendar.h"
#include "org/org.h"
#include "quiz/quiz.h"
#include "reports/reports.h"

extern const struct route_table http_system_routes;

const struct route_table *const route_tables[] = {
    &http_system_routes,
    &accounts_routes,
    &org_routes,
    &audit_routes,
    &catalog_routes,
    &catalog_author_routes,
    &enrol_routes,
    &cohorts_routes,
    &cohorts_attendance_routes,
    &events_routes,
    &mail_routes,
    &calendar_routes,
    &quiz_bank_routes,
    &quiz_author_routes,
    &quiz_take_routes,
    &quiz_results_routes,
    &reports_routes,
    NULL,
};
