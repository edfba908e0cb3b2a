/*
 * Wall-clock time as Dars stores it: ISO-8601 UTC text, "2026-11-23T09:01:54Z",
 * which sorts as text and reads the same in SQLite and PostgreSQL.
 */
#ifndef DARS_CORE_TIME_H
#define DARS_CORE_TIME_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define TIME_ISO_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" and the NUL */

/* Now, or now plus offset seconds (negative for the past). */
void time_now_iso(char out[TIME_ISO_LEN]);
void time_iso_offset(char out[TIME_ISO_LEN], int64_t offset_seconds);
void time_to_iso(char out[TIME_ISO_LEN], time_t t);
/* The time iso ("YYYY-MM-DDTHH:MM:SSZ", as stored) names: 0, or DARS_EINVALID when it names none. */
int time_from_iso(const char *iso, time_t *out /* OUT */);
/*
 * Whether s starts with digits and separators laid out as shape, each '9' a
 * digit 0-9 and anything else itself: time_shaped("2026-11-23", "9999-99-99").
 * Date parsers check it before sscanf, whose %2d also takes "+1", "-0", " 1".
 */
bool time_shaped(const char *s, const char *shape);
/* Monotonic nanoseconds, for measuring durations. */
uint64_t time_mono_ns(void);

#endif
