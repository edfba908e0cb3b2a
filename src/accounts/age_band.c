/*
 * A person's facts as reports and the users list's filters read them
 * (DESIGN.md 6a): this year, a disability answer, the age bands (a person's
 * band from their year of birth, and the birth years a band spans).
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "core/time.h"

#include <stdlib.h>
#include <strings.h>

int accounts_disability_parse(const char *s)
{
    static const char *const yes[] = { "true", "yes", "1" }, *const no[] = { "false", "no", "0" };
    if (!s || !*s)
        return -1;
    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (!strcasecmp(s, yes[i]))
            return 1;
        if (!strcasecmp(s, no[i]))
            return 0;
    }
    return -2;
}

int accounts_this_year(void)
{
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return atoi(now); /* "2026-03-01T..." */
}


/* The bands of DESIGN.md 6a: the youngest age of each, and its name. */
static const struct {
    int from;
    const char *name;
} age_bands[] = { { 0, "under-18" }, { 18, "18-24" }, { 25, "25-34" }, { 35, "35-44" },
                  { 45, "45-54" },   { 55, "55-64" }, { 65, "65+" } };

const char *accounts_age_band(int64_t birth_year, int year)
{
    if (birth_year <= 0)
        return "unknown";
    int64_t age = year - birth_year;
    const char *band = age_bands[0].name;
    for (size_t i = 0; i < ARRAY_SIZE(age_bands); i++)
        if (age >= age_bands[i].from)
            band = age_bands[i].name;
    return band;
}

bool accounts_age_band_years(const char *band, int year, int64_t *from, int64_t *to,
                             bool *unknown)
{
    *from = *to = 0;
    *unknown = false;
    if (streq(band, "unknown")) {
        *unknown = true;
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(age_bands); i++) {
        if (!streq(band, age_bands[i].name))
            continue;
        /* the oldest of the band is one year short of the next band's youngest */
        int oldest = i + 1 < ARRAY_SIZE(age_bands) ? age_bands[i + 1].from - 1 : 200;
        *from = year - oldest;
        *to = year - age_bands[i].from;
        return true;
    }
    return false;
}
