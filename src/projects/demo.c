/*
 * The demo's donor projects (`dars demo`), modelled on the programme the
 * ministry reports on: a Digital Education Centres project and an
 * executives' capacity programme, with quarterly targets, report recipients
 * (example addresses), equipment the first one paid for at the Digital
 * Education Centres, and the last finished quarter of each signed off. They
 * are written, checked and audited by the code the API uses (project_write_as,
 * equipment_add_as, project_signoff_as), as the demo's admin, so the signed
 * value, who signed and when are what a real sign-off records. Dates follow
 * today, as the demo's history does: the projects began about a year ago.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/err.h"
#include "db/db.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define DAY 86400

/* One indicator of a demo project; its periods are the project's quarters. */
struct demo_indicator {
    const char *code, *title, *result, *result_type, *metric, *filter_name, *filter_value;
    double target;
};

struct demo_equipment {
    const char *centre, *kind;
    int quantity, days_in; /* received days_in days after the project began */
    const char *condition, *notes;
};

/* "YYYY-MM-DD" of the first day of the calendar quarter days_ago days before now (UTC). */
static const char *quarter_start(struct arena *a, time_t now, int days_ago)
{
    time_t t = now - (time_t)days_ago * DAY;
    struct tm tm;
    gmtime_r(&t, &tm);
    return arena_printf(a, "%04d-%02d-01", tm.tm_year + 1900, tm.tm_mon / 3 * 3 + 1);
}

/* The day before the same day years later: a project of whole years from starts_on. */
static const char *years_later(struct arena *a, const char *starts_on, int years)
{
    struct tm tm = { 0 };
    int y = 0, m = 0, d = 0;
    sscanf(starts_on, "%d-%d-%d", &y, &m, &d);
    tm.tm_year = y + years - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = 12;
    time_t t = timegm(&tm) - DAY;
    gmtime_r(&t, &tm);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* starts_on plus days, as "YYYY-MM-DD" */
static const char *day_after(struct arena *a, const char *starts_on, int days)
{
    struct tm tm = { 0 };
    int y = 0, m = 0, d = 0;
    sscanf(starts_on, "%d-%d-%d", &y, &m, &d);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d + days;
    tm.tm_hour = 12;
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    return arena_printf(a, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

static const struct demo_indicator dec_indicators[] = {
    { "STUDENTS", "Students trained at Digital Education Centres",
      "Young people gain digital skills", "outcome", "people_completed", "centre_kind",
      "digital-education", 16000 },
    { "ENROLLED", "Students enrolled at Digital Education Centres",
      "Young people gain digital skills", "output", "people_enrolled", "centre_kind",
      "digital-education", 20000 },
    { "EVENTS", "Events held at the centres", "Centres open to their communities", "output",
      "events_held", "centre_kind", "digital-education", 120 },
    { "PARTICIPANTS", "Participants of the centres' events", "Centres open to their communities",
      "output", "event_participants", "centre_kind", "digital-education", 3000 },
    { "EQUIPPED", "Centres equipped", "Centres equipped and running", "output",
      "centres_equipped", NULL, NULL, 6 },
    { "MENTORS", "Mentors developed", "Mentoring network", "output", "mentors_developed",
      "centre_kind", "digital-education", 450 },
};

static const struct demo_indicator exec_indicators[] = {
    { "EXECUTIVES", "Executives trained", "Leaders able to steer digital transformation",
      "outcome", "people_completed", "course", "DT-EXEC", 65 },
    { "EXEC-ENROLLED", "Executives enrolled", "Leaders able to steer digital transformation",
      "output", "people_enrolled", "course", "DT-EXEC", 80 },
};

/* what the DEC project paid for: some of it already in repair, one projector broken */
static const struct demo_equipment dec_equipment[] = {
    { "D-BAK-1", "computer", 20, 40, "working", "Delivery 1: classroom set" },
    { "D-BAK-1", "projector", 2, 40, "working", "" },
    { "D-BAK-2", "laptop", 15, 55, "working", "Delivery 1: mobile class" },
    { "D-BAK-2", "projector", 1, 55, "repair", "Lamp replaced under warranty" },
    { "D-SUM", "robotics-kit", 8, 70, "working", "Robotics club" },
    { "D-SUM", "robotics-kit", 2, 70, "repair", "Motors sent back to the supplier" },
    { "D-SUM", "computer", 12, 95, "working", "" },
    { "D-GAN", "computer", 15, 120, "working", "Delivery 2" },
    { "D-GAN", "network", 1, 120, "working", "Wi-Fi for two rooms" },
    { "D-MIN", "computer", 10, 180, "repair", "Power supplies failed after a storm" },
    { "D-LAN", "computer", 12, 200, "working", "Delivery 3" },
    { "D-LAN", "projector", 1, 200, "broken", "Dropped during a move" },
};

struct demo_project {
    const char *code, *name, *description, *funder, *currency, *language;
    double budget;
    int began_days_ago, years;
    const char *recipients[3];
    const struct demo_indicator *indicators;
    size_t nindicators;
    const struct demo_equipment *equipment;
    size_t nequipment;
};

static const struct demo_project demo_projects[] = {
    { "DEC", "Digital Education Centres",
      "Digital Education Centres across the regions: programming, robotics and English for "
      "pupils and students, and events open to their communities.",
      "International development partner", "USD", "az", 4500000, 365, 3,
      { "reports@donor.example", "programme.officer@donor.example", "l.hasanova@dars.example" },
      dec_indicators, ARRAY_SIZE(dec_indicators), dec_equipment, ARRAY_SIZE(dec_equipment) },
    { "EXEC-CAP", "Executives' capacity programme",
      "Digital transformation for the civil service's executives: a blended course with a "
      "cohort at the regional centres.",
      "International development partner", "EUR", "en", 650000, 270, 2,
      { "reports@donor.example", "r.aliyev@dars.example", NULL },
      exec_indicators, ARRAY_SIZE(exec_indicators), NULL, 0 },
};

static void print_errors(const char *what, json_t *errors)
{
    const char *k;
    json_t *v;
    json_object_foreach (errors, k, v)
        fprintf(stderr, "dars: demo project %s: %s: %s\n", what, k, json_string_value(v));
}

/* The project as the API would be given it. */
static void demo_fill(struct arena *a, const struct demo_project *d, time_t now, struct project *p)
{
    memset(p, 0, sizeof(*p));
    p->code = d->code;
    p->name = d->name;
    p->description = d->description;
    p->funder = d->funder;
    p->starts_on = quarter_start(a, now, d->began_days_ago);
    p->ends_on = years_later(a, p->starts_on, d->years);
    p->has_budget = true;
    p->budget = d->budget;
    p->currency = d->currency;
    p->status = "implementation";
    /* an example organisation identifier: the ministry reports, its register number made up */
    p->reporting_org_ref = "AZ-VOEN-1400000001";
    p->reporting_org_name = "Ministry of Digital Development and Transport";
    p->iati_identifier = arena_printf(a, "%s-%s", p->reporting_org_ref, d->code);
    p->language = d->language;
    p->recipients = arena_alloc(a, ARRAY_SIZE(d->recipients) * sizeof(char *));
    for (size_t i = 0; i < ARRAY_SIZE(d->recipients) && d->recipients[i]; i++)
        p->recipients[p->nrecipients++] = d->recipients[i];
    p->indicators = arena_alloc(a, d->nindicators * sizeof(*p->indicators));
    p->nindicators = d->nindicators;
    for (size_t i = 0; i < d->nindicators; i++) {
        const struct demo_indicator *di = &d->indicators[i];
        struct project_indicator *ind = &p->indicators[i];
        memset(ind, 0, sizeof(*ind));
        ind->code = di->code;
        ind->title = di->title;
        ind->result = di->result;
        ind->result_type = di->result_type;
        ind->metric = di->metric;
        ind->target = di->target;
        ind->filters = arena_alloc(a, sizeof(*ind->filters));
        if (di->filter_name) {
            ind->filters[0] = (struct report_metric_filter){ di->filter_name, di->filter_value };
            ind->nfilters = 1;
            ind->filter_json = arena_printf(a, "{\"%s\":\"%s\"}", di->filter_name, di->filter_value);
        } else
            ind->filter_json = "{}";
        ind->nperiods = project_quarters(a, p->starts_on, p->ends_on, di->metric, di->target,
                                         &ind->periods);
    }
}

/* Write d with its equipment in one transaction. */
static int demo_write(struct db *db, struct arena *a, const struct actor *admin,
                      const struct demo_project *d, const struct project *p, json_t *errors)
{
    int64_t id;
    int rc = project_write_as(db, a, admin, NULL, p, true, errors, &id);
    for (size_t i = 0; i < d->nequipment && rc == 0; i++) {
        const struct demo_equipment *e = &d->equipment[i];
        rc = equipment_add_as(db, a, admin, e->centre, d->code, e->kind, e->quantity,
                              day_after(a, p->starts_on, e->days_in), e->condition, e->notes,
                              errors);
    }
    return rc;
}

/* Sign off the last quarter of p that is over, as the project page's button does. */
static int demo_signoff(struct db *db, struct arena *a, const struct actor *admin, const char *code,
                        json_t *errors)
{
    const char *today = project_today(a), *from = NULL, *to = NULL;
    struct project p;
    int rc;

    if ((rc = project_load(db, a, code, &p)) < 0 || (rc = project_actuals(db, a, &p, false)) < 0)
        return rc;
    for (size_t k = 0; p.nindicators && k < p.indicators[0].nperiods; k++)
        if (strcmp(p.indicators[0].periods[k].ends_on, today) < 0) {
            from = p.indicators[0].periods[k].starts_on;
            to = p.indicators[0].periods[k].ends_on;
        }
    return from ? project_signoff_as(db, a, admin, &p, from, to, errors) : 0;
}

int projects_demo(struct db *db, struct arena *a, const struct actor *admin, size_t *created)
{
    json_t *errors = json_object();
    time_t now = time(NULL);
    int rc = 0;

    *created = 0;
    for (size_t i = 0; i < ARRAY_SIZE(demo_projects) && rc == 0; i++) {
        const struct demo_project *d = &demo_projects[i];
        struct project p;
        /* a project of this code, the demo's or someone's own, is left as it is */
        if ((rc = project_load(db, a, d->code, &p)) != DARS_ENOTFOUND)
            continue;
        demo_fill(a, d, now, &p);
        if ((rc = db_tx_begin(db)) < 0 ||
            (rc = db_tx_end(db, demo_write(db, a, admin, d, &p, errors))) < 0 ||
            (rc = demo_signoff(db, a, admin, d->code, errors)) < 0) {
            print_errors(d->code, errors);
            break;
        }
        (*created)++;
    }
    json_decref(errors);
    return rc < 0 ? rc : 0;
}
