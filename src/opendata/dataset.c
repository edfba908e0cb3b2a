/*
 * The datasets open data publishes (DESIGN.md 6a, "Open data") and their
 * data dictionaries: every column's name, type and meaning, written once
 * here for the files, the dataset pages and the catalogue alike. Counts of
 * people follow the Reports definitions; training-by-region-quarter has
 * exactly the contract's columns, in its order.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "core/config.h"
#include "core/i18n.h"

#include <stdlib.h>
#include <string.h>

#define QUARTER_COL                                                                          \
    { "quarter", OD_TEXT,                                                                    \
      N_("The calendar quarter, as 2026-Q1; days are counted in the time zone of the centre " \
         "where people trained.") }
#define PEOPLE_COLS                                                                           \
    { "people_enrolled", OD_COUNT,                                                           \
      N_("People whose enrolment became active in the quarter and is now active or "         \
         "completed; each person counts once per row.") },                                   \
    { "people_completed", OD_COUNT,                                                          \
      N_("People whose enrolment completed in the quarter; each person counts once per row.") }, \
    { "women", OD_COUNT, N_("Of the people enrolled, women.") },                             \
    { "men", OD_COUNT, N_("Of the people enrolled, men.") },                                 \
    { "other_or_unknown", OD_COUNT,                                                          \
      N_("Of the people enrolled, those of another gender or who did not say.") }
#define SUPPRESSED_COL                                                                        \
    { "suppressed", OD_BOOL,                                                                 \
      N_("true when any count of the row is hidden (published empty) so that nobody can be " \
         "identified.") }

static const struct od_column region_quarter[] = {
    { "region", OD_TEXT, N_("The code of the region where people trained.") },
    { "region_name", OD_TEXT, N_("The region's name.") },
    QUARTER_COL,
    { "programme", OD_TEXT,
      N_("The code of the programme the course belongs to; empty for courses in no programme. "
         "A course in two programmes counts in both.") },
    PEOPLE_COLS,
    SUPPRESSED_COL,
};

static const struct od_column topic_quarter[] = {
    { "topic", OD_TEXT,
      N_("The course's topic: e-government, cybersecurity, digital-transformation, "
         "computer-literacy, programming, robotics, english or other.") },
    QUARTER_COL,
    PEOPLE_COLS,
    SUPPRESSED_COL,
};

static const struct od_column events_quarter[] = {
    { "region", OD_TEXT, N_("The code of the region of the centre that held the events.") },
    { "region_name", OD_TEXT, N_("The region's name.") },
    QUARTER_COL,
    { "events_held", OD_COUNT,
      N_("Published events, neither cancelled nor deleted, that ended in the quarter.") },
    { "participants", OD_COUNT,
      N_("Registrations checked in at the door of those events: a person at two events "
         "counts twice.") },
    SUPPRESSED_COL,
};

static const struct od_column centres[] = {
    { "code", OD_TEXT, N_("The centre's code.") },
    { "name", OD_TEXT, N_("The centre's name.") },
    { "kind", OD_TEXT, N_("central, regional or digital-education.") },
    { "region", OD_TEXT, N_("The code of the centre's region.") },
    { "area", OD_TEXT, N_("urban or rural; empty when not recorded.") },
    { "capacity", OD_COUNT, N_("Places for learners at once.") },
};

const struct od_dataset od_datasets[] = {
    { "training-by-region-quarter", N_("Training by region and quarter"),
      N_("People enrolled in and completing training, by region, quarter and programme, "
         "with the split of those enrolled by gender."),
      "training,civil service,digital skills,region", region_quarter,
      ARRAY_SIZE(region_quarter), true, true },
    { "training-by-topic-quarter", N_("Training by topic and quarter"),
      N_("People enrolled in and completing training, by the topic of the course and quarter, "
         "with the split of those enrolled by gender."),
      "training,digital skills,topic", topic_quarter, ARRAY_SIZE(topic_quarter), true, true },
    { "events-by-region-quarter", N_("Events by region and quarter"),
      N_("Seminars, forums, webinars and visits held by the centres of each region, and "
         "their participants, by quarter."),
      "events,seminars,participation,region", events_quarter, ARRAY_SIZE(events_quarter),
      true, true },
    { "centres", N_("Training centres"),
      N_("The centres where training takes place: code, name, kind, region, area and "
         "capacity."),
      "training centres,infrastructure", centres, ARRAY_SIZE(centres), false, false },
};
const size_t od_ndatasets = ARRAY_SIZE(od_datasets);
_Static_assert(ARRAY_SIZE(od_datasets) <= OD_MAX_DATASETS, "raise OD_MAX_DATASETS");

const struct od_dataset *od_dataset_find(const char *name)
{
    for (size_t i = 0; name && i < od_ndatasets; i++)
        if (streq(od_datasets[i].name, name))
            return &od_datasets[i];
    return NULL;
}

int od_settings(int64_t *k, int64_t *round, const char **err)
{
    char *end;
    long long kv = strtoll(config.opendata_k ? config.opendata_k : "5", &end, 10);
    if (*end || kv < 1 || kv > 1000) {
        *err = "[opendata] k must be a whole number from 1 to 1000";
        return DARS_EINVALID;
    }
    long long rv = strtoll(config.opendata_round ? config.opendata_round : "0", &end, 10);
    if (*end || rv < 0 || rv > 1000) {
        *err = "[opendata] round must be a whole number from 0 to 1000";
        return DARS_EINVALID;
    }
    *k = kv;
    *round = rv;
    *err = NULL;
    return 0;
}
