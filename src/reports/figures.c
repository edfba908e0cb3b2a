/*
 * The figures of DESIGN.md 6a as numbers and words: learning hours from
 * minutes, the attendance rate from marks, and the labels of rows whose keys
 * are values (gender, age band, kind of centre, area) or missing.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "core/i18n.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

double report_hours(const struct report_row *row)
{
    return round((double)row->minutes / 60.0 * 100.0) / 100.0;
}

bool report_rate(const struct report_row *row, double *out)
{
    *out = 0;
    if (row->marked <= 0)
        return false;
    *out = round((double)row->attended / (double)row->marked * 10000.0) / 10000.0;
    return true;
}

const char *report_number(struct arena *a, double v)
{
    char s[64];
    snprintf(s, sizeof(s), "%.4f", v);
    char *end = s + strlen(s) - 1;
    while (*end == '0')
        *end-- = '\0';
    if (*end == '.')
        *end = '\0';
    return arena_strdup(a, streq(s, "-0") ? "0" : s);
}

struct label {
    const char *dim, *key, *text; /* key NULL: the row of facts with no key */
};

static const struct label labels[] = {
    { "gender", "female", N_("Women") },
    { "gender", "male", N_("Men") },
    { "gender", "other", N_("Other") },
    { "gender", "unknown", N_("Not given") },
    { "age_band", "under-18", N_("Under 18") },
    { "age_band", "18-24", "18–24" },
    { "age_band", "25-34", "25–34" },
    { "age_band", "35-44", "35–44" },
    { "age_band", "45-54", "45–54" },
    { "age_band", "55-64", "55–64" },
    { "age_band", "65+", N_("65 and over") },
    { "age_band", "unknown", N_("Not given") },
    { "centre_kind", "central", N_("Central centre") },
    { "centre_kind", "regional", N_("Regional centre") },
    { "centre_kind", "digital-education", N_("Digital Education Centre") },
    { "centre_kind", NULL, N_("No centre") },
    { "area", "urban", N_("Urban") },
    { "area", "rural", N_("Rural") },
    { "area", NULL, N_("Area not set") },
    { "region", NULL, N_("No region") },
    { "centre", NULL, N_("No centre") },
    { "programme", NULL, N_("No programme") },
    { "course", NULL, N_("No course") },
    { "organisation", NULL, N_("No organisation") },
    { "disability", "true", N_("With a disability") },
    { "disability", "false", N_("Without a disability") },
};

const char *report_value_label(const char *lang, const struct report_dim *dim, const char *key)
{
    for (size_t i = 0; i < ARRAY_SIZE(labels); i++) {
        const struct label *l = &labels[i];
        if (streq(l->dim, dim->name) && (key ? l->key && streq(l->key, key) : !l->key))
            return _(lang, l->text);
    }
    return key ? key : "";
}

static const struct label titles[] = {
    { "region", NULL, N_("Region") },
    { "centre", NULL, N_("Centre") },
    { "centre_kind", NULL, N_("Kind of centre") },
    { "area", NULL, N_("Area") },
    { "programme", NULL, N_("Programme") },
    { "course", NULL, N_("Course") },
    { "organisation", NULL, N_("Organisation") },
    { "gender", NULL, N_("Gender") },
    { "age_band", NULL, N_("Age band") },
    { "disability", NULL, N_("Disability") },
    { "month", NULL, N_("Month") },
    { "quarter", NULL, N_("Quarter") },
};

const char *report_dim_title(const char *lang, const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(titles); i++)
        if (streq(titles[i].dim, name))
            return _(lang, titles[i].text);
    return name;
}

json_t *report_row_json(const struct report_row *row, bool with_key)
{
    double rate;
    json_t *o = json_object();
    if (with_key) {
        json_object_set_new(o, "key", row->key ? json_string(row->key) : json_null());
        json_object_set_new(o, "label", json_string(row->label ? row->label : ""));
    }
    json_object_set_new(o, "enrolled", json_integer(row->enrolled));
    json_object_set_new(o, "completed", json_integer(row->completed));
    json_object_set_new(o, "certified", json_integer(row->certified));
    json_object_set_new(o, "learning_hours", json_real(report_hours(row)));
    json_object_set_new(o, "attendance_rate", report_rate(row, &rate) ? json_real(rate)
                                                                      : json_null());
    return o;
}
