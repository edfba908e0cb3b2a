/*
 * The table of modules: the one place above the domain modules and below the
 * command line that names them all (DESIGN.md 4, "Layers point one way").
 * Each module's routes, its start-up work and the hooks it fills for the
 * layers and modules below it are listed here; nothing below includes a
 * higher layer's header to find them.
 *
 * To add a module: give it a folder and a header declaring its route tables
 * (and init, hooks), then add its row to modules[] and its tables to
 * route_tables[] below.
 */
#include "core/base.h"
#include "modules.h"
#include "core/time.h"
#include "http/hooks.h"
#include "http/route.h"
#include "view/view.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "enrol/enrol.h"
#include "cohorts/cohorts.h"
#include "events/events.h"
#include "mail/mail.h"
#include "calendar/calendar.h"
#include "mentoring/mentoring.h"
#include "org/org.h"
#include "quiz/quiz.h"
#include "reports/reports.h"
#include "projects/projects.h"
#include "certs/certs.h"
#include "opendata/opendata.h"

extern const struct route_table http_system_routes;

/* Every route table, in the order the router tries them (http/router.c). */
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
    &mentoring_routes,
    &quiz_bank_routes,
    &quiz_author_routes,
    &quiz_take_routes,
    &quiz_results_routes,
    &reports_routes,
    &certs_routes,
    &projects_routes,
    &opendata_routes,
    NULL,
};

/* The report registry (reports.h): who answers for which dimensions and facts. */
const struct report_dims report_registry_dims[] = {
    { org_report_dims, &org_report_ndims },
    { catalog_report_dims, &catalog_report_ndims },
    { accounts_report_dims, &accounts_report_ndims },
    { NULL, NULL },
};
const struct report_sources report_registry_sources[] = {
    { enrol_report_sources, &enrol_report_nsources },
    { cohorts_report_sources, &cohorts_report_nsources },
    { certs_report_sources, &certs_report_nsources },
    { NULL, NULL },
};
/* the metrics of donor projects besides reports' own people metrics (db/report.h) */
const struct report_metrics report_registry_metrics[] = {
    { events_report_metrics, &events_report_nmetrics },
    { projects_report_metrics, &projects_report_nmetrics },
    { mentoring_report_metrics, &mentoring_report_nmetrics },
    { NULL, NULL },
};

/*
 * Hooks: what a module declares in its header for a module above it to
 * answer, and who answers it.
 */

/*
 * catalog.h: the reader's standing in a course, and the course page's panels
 * in the order the page shows them. The enrolment panel reads the standing's
 * own record, so the two come from enrol together.
 */
const struct catalog_reader *const catalog_course_reader = &enrol_course_reader;
const struct catalog_panel *const catalog_course_panels[] = {
    &enrol_course_panel,
    &cohorts_course_panel,
    &quiz_course_panel,
    NULL,
};

/* enrol.h: what completing a course asks beside its lessons, in the order it is asked */
const struct enrol_criterion *const enrol_criteria[] = {
    &quiz_completion_criterion,
    &cohorts_attendance_criterion,
    NULL,
};

/* enrol.h: what a completion sets off above enrol: its certificates */
int (*const enrol_completed)(struct db *db, struct arena *a, const struct actor *who,
                             int64_t enrolment_id, int64_t user_id, int64_t course_id,
                             int64_t cohort_id) = certs_completed;

/* enrol.h: the certificates /my lists */
int (*const enrol_my_certificates)(struct req *r, struct val **out) = certs_my_list;

/* enrol.h: a cohort's places, which its enrolments draw from */
int (*const enrol_cohort_places)(struct db *db, int64_t cohort_id,
                                 struct enrol_places *out) = cohorts_places_get;

/* cohorts.h: a cohort's calendar feed (the calendar makes feed tokens) */
int (*const cohorts_feed_path)(struct db *db, struct arena *a, int64_t cohort_id,
                               const char **path) = calendar_cohort_feed_path;

/* org.h: a centre's responsible person, found by e-mail in accounts */
static int person_by_email(struct db *db, struct arena *a, const char *email, int64_t *id,
                           const char **stored_email)
{
    struct accounts_user_ref u;
    int rc = accounts_user_by_email(db, a, email, &u);
    if (rc < 0)
        return rc;
    *id = u.id;
    *stored_email = u.email;
    return 0;
}

/* org.h: the parts of a centre's page that modules above org make */
const struct org_centre_part *const org_centre_parts[] = {
    &projects_centre_equipment,
    NULL,
};

/* org shows people and scopes without reading accounts' tables: it is handed them (org.h) */
static int org_start(struct db *db)
{
    UNUSED(db);
    return org_init(ACCOUNTS_PEOPLE_SQL, ACCOUNTS_SCOPE_CENTRES_SQL, person_by_email);
}

static int reports_start(struct db *db)
{
    UNUSED(db);
    reports_init();
    return 0;
}

/* Donor projects' monthly reports that are due today (UTC) go out. */
static int projects_hourly(struct db *db)
{
    char now[TIME_ISO_LEN], today[11];
    time_now_iso(now);
    snprintf(today, sizeof(today), "%.10s", now);
    return projects_monthly_due(db, today);
}

/* The modules, lowest first: init runs in this order once the database is migrated. */
const struct module modules[] = {
    { "audit", NULL, NULL },
    { "mail", NULL, NULL },
    { "org", org_start, NULL },
    { "accounts", accounts_init, NULL },
    { "catalog", catalog_lessons_render, NULL },
    { "enrol", NULL, NULL },
    { "quiz", NULL, NULL },
    { "cohorts", NULL, NULL },
    { "events", NULL, NULL },
    { "calendar", NULL, NULL },
    { "mentoring", mentoring_init, NULL },
    { "certs", certs_init, NULL },
    { "reports", reports_start, NULL },
    { "projects", NULL, projects_hourly },
    /* today's snapshot, when the day has none yet (several servers: one writes) */
    { "opendata", NULL, opendata_hourly },
    { NULL, NULL, NULL },
};

/*
 * What the base layers ask of the layers above them: http's who-is-asking
 * and its error page for people (http/hooks.h). Set before any module's init
 * and before the server starts its threads.
 */
static void base_hooks_set(void)
{
    http_set_authenticate(accounts_authenticate);
    http_set_error_page(view_error);
}

int modules_init(struct db *db)
{
    base_hooks_set();
    for (const struct module *m = modules; m->name; m++) {
        int rc = m->init ? m->init(db) : 0;
        if (rc < 0)
            return rc;
    }
    return 0;
}
