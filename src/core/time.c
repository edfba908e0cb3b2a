/* ISO-8601 UTC timestamps and a monotonic clock; see time.h. */
#include "core/base.h"
#include "core/time.h"

void time_to_iso(char out[TIME_ISO_LEN], time_t t)
{
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(out, TIME_ISO_LEN, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

bool time_shaped(const char *s, const char *shape)
{
    if (!s)
        return false;
    for (; *shape; s++, shape++)
        if (*shape == '9' ? !(*s >= '0' && *s <= '9') : *s != *shape)
            return false;
    return true;
}

int time_from_iso(const char *iso, time_t *out)
{
    struct tm tm = { 0 };
    int n = 0;

    if (!time_shaped(iso, "9999-99-99T99:99:99Z") ||
        sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &n) != 6 ||
        n != TIME_ISO_LEN - 1 || iso[n])
        return DARS_EINVALID;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = timegm(&tm);
    return 0;
}

void time_now_iso(char out[TIME_ISO_LEN])
{
    time_to_iso(out, time(NULL));
}

void time_iso_offset(char out[TIME_ISO_LEN], int64_t offset_seconds)
{
    time_to_iso(out, time(NULL) + (time_t)offset_seconds);
}

uint64_t time_mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}
