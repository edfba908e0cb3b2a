/*
 * Numbers and dates as each language writes them: "1,234,567" in English and
 * Korean, "1 234 567" (no-break spaces) in Russian, Azerbaijani and Uzbek,
 * "1.234.567" in Vietnamese; "23 Nov 2026" against "23 нояб. 2026 г.",
 * "2026년 11월 23일" and "23 tháng 11, 2026"; "14:05" against "오후 2:05". All append to a struct buf. The patterns
 * are CLDR's medium date and short 24-hour time for each language; an unknown
 * or NULL lang formats as English. Safe to call from any number of threads.
 *
 * To add a language: add a row to the locale table in fmt.c (month names,
 * separators) as CLDR gives them.
 */
#ifndef DARS_VIEW_FMT_H
#define DARS_VIEW_FMT_H

#include <stdint.h>

struct buf;

/* n with its thousands grouped: "-1,234" (en, ko), "-1\u00a0234" (ru, az, uz), "-1.234" (vi). */
void fmt_int(struct buf *out, const char *lang, int64_t n);
/*
 * v rounded to one decimal, grouped, with the language's decimal separator
 * and without a trailing ",0": "1,234.5" (en, ko), "1\u00a0234,5" (ru, az, uz), "1.234,5" (vi),
 * "-0.5"; a value that rounds to zero has no sign.
 */
void fmt_decimal(struct buf *out, const char *lang, double v);
/*
 * v as a form field holds it, to be read back: up to places decimals (0 to
 * 6) with the language's decimal separator, trailing zeros dropped, and no
 * grouping, which a reader of the field could not tell from a decimal mark
 * ("1234,5" in ru, "1234.5" in en).
 */
void fmt_decimal_field(struct buf *out, const char *lang, double v, int places);
/*
 * iso is "YYYY-MM-DDTHH:MM:SSZ" (UTC) or "YYYY-MM-DD"; invalid input is copied
 * as is. Only the date is shown, as stored (a UTC timestamp is not converted).
 */
void fmt_date(struct buf *out, const char *lang, const char *iso);
/*
 * Date and time "23 Nov 2026, 14:05" ("2026년 11월 23일 오후 2:05", "14:05 23 tháng 11,
 * 2026"), converted from UTC to the IANA zone tz
 * ("Asia/Baku"; NULL or "UTC" = no conversion) through libical and the system
 * tz database, not the process-wide TZ. An unknown zone shows UTC and says so:
 * "23 Nov 2026, 10:05 UTC" (the " UTC" follows the time). A date without a time ("YYYY-MM-DD") is shown as
 * fmt_date() shows it; invalid input is copied as is.
 */
void fmt_datetime(struct buf *out, const char *lang, const char *iso, const char *tz);

/*
 * Whether tz is written like an IANA zone name ("Asia/Baku",
 * "America/Argentina/Buenos_Aires", "Etc/GMT+4"): 1 to 64 letters, digits and
 * _+-/ only, not starting with '/', no "..", so the name can never leave the
 * zoneinfo folder whatever libical does with it. NULL is not. It does not say
 * the zone exists.
 */
bool fmt_zone_name_ok(const char *tz);

/*
 * The one lock around libical's time zones (its builtin zones load lazily
 * into shared state). Every module that calls libical's zone functions holds
 * it for the call; fmt's own functions take it themselves, and may be called
 * while it is held (the lock is recursive).
 */
void fmt_tz_lock(void);
void fmt_tz_unlock(void);

/*
 * Convert the wall-clock time t from zone from_tz to zone to_tz ("UTC" or an
 * IANA name), under the lock. False when a name is not a zone name or the
 * zone is unknown; t is then unchanged.
 */
struct icaltimetype;
bool fmt_zone_convert(struct icaltimetype *t, const char *from_tz, const char *to_tz);
/*
 * A stored time ("YYYY-MM-DDTHH:MM:SSZ", time_from_iso) as a UTC
 * icaltimetype, for calendars and zone conversion; false when iso is none.
 */
bool fmt_ical_time(const char *iso, struct icaltimetype *out /* OUT */);

#endif
