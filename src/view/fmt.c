/*
 * Number and date formatting per language. The month names and separators
 * below are locale data from CLDR (medium date pattern, abbreviated format
 * months), not UI text, so they live here rather than in the PO files.
 * Korean and Vietnamese follow CLDR too (see the table).
 * Time zones come from libical reading the system tz database, because the
 * C library's TZ is process-wide and requests run in parallel.
 */
#include "core/base.h"
#include "view/fmt.h"
#include "core/buf.h"
#include "core/time.h"

#include <inttypes.h>
#include <math.h>
#include <libical/ical.h>
#include <pthread.h>
#include <strings.h>

#define NBSP "\xc2\xa0" /* U+00A0 NO-BREAK SPACE */

/*
 * A locale's date, time and the two joined are small patterns in CLDR's
 * spirit, with our own tokens: in a date {d} day, {M} the month's name from
 * months[], {y} year; in a time {HH} hour 00-23, {h} hour 1-12, {mm} minute,
 * {a} the day period (am/pm); in date_time {1} the date, {0} the time.
 * Everything else is copied. Korean and Vietnamese take CLDR's long date
 * ("y년 MMMM d일", "d MMMM, y"), the form their readers expect; the others
 * the medium one.
 */
struct locale {
    const char *code;
    const char *group;   /* thousands separator */
    const char *decimal; /* decimal separator */
    const char *date, *time, *date_time;
    const char *am, *pm; /* only for {a} */
    const char *months[12];
};

static const struct locale locales[] = {
    /* CLDR en-GB / en-001: "d MMM y", "{1}, {0}", "HH:mm" */
    { "en", ",", ".", "{d} {M} {y}", "{HH}:{mm}", "{1}, {0}", NULL, NULL,
      { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" } },
    /* CLDR ru: "d MMM y 'г'.", "{1}, {0}", "HH:mm"; genitive ("format") month forms */
    { "ru", NBSP, ",", "{d} {M} {y} г.", "{HH}:{mm}", "{1}, {0}", NULL, NULL,
      { "янв.", "февр.", "мар.", "апр.", "мая", "июн.", "июл.", "авг.", "сент.", "окт.", "нояб.",
        "дек." } },
    /* CLDR az: "d MMM y", "{1} {0}", "HH:mm" */
    { "az", NBSP, ",", "{d} {M} {y}", "{HH}:{mm}", "{1} {0}", NULL, NULL,
      { "yan", "fev", "mar", "apr", "may", "iyn", "iyl", "avq", "sen", "okt", "noy", "dek" } },
    /* CLDR uz (Latin): "d-MMM, y", "{1}, {0}", "HH:mm" */
    { "uz", NBSP, ",", "{d}-{M}, {y}", "{HH}:{mm}", "{1}, {0}", NULL, NULL,
      { "yan", "fev", "mar", "apr", "may", "iyn", "iyl", "avg", "sen", "okt", "noy", "dek" } },
    /*
     * CLDR ko: "y년 MMMM d일", "{1} {0}", "a h:mm" (the 12-hour clock with 오전/오후
     * before it, as Korean writes times: "오후 2:05"); 1,234.5
     */
    { "ko", ",", ".", "{y}년 {M} {d}일", "{a} {h}:{mm}", "{1} {0}", "오전", "오후",
      { "1월", "2월", "3월", "4월", "5월", "6월", "7월", "8월", "9월", "10월", "11월", "12월" } },
    /* CLDR vi: "d MMMM, y", "{0} {1}" (the time first), "HH:mm"; 1.234,5 */
    { "vi", ".", ",", "{d} {M}, {y}", "{HH}:{mm}", "{0} {1}", NULL, NULL,
      { "tháng 1", "tháng 2", "tháng 3", "tháng 4", "tháng 5", "tháng 6", "tháng 7", "tháng 8",
        "tháng 9", "tháng 10", "tháng 11", "tháng 12" } },
};

static const struct locale *locale_of(const char *lang)
{
    if (lang)
        for (size_t i = 0; i < ARRAY_SIZE(locales); i++)
            if (strcasecmp(lang, locales[i].code) == 0)
                return &locales[i];
    return &locales[0];
}

void fmt_int(struct buf *out, const char *lang, int64_t n)
{
    const struct locale *loc = locale_of(lang);
    char digits[24];
    /* The magnitude as unsigned, which INT64_MIN also has. */
    uint64_t u = n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n;
    int len = snprintf(digits, sizeof(digits), "%" PRIu64, u);

    if (n < 0)
        buf_addch(out, '-');
    for (int i = 0; i < len; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf_adds(out, loc->group);
        buf_addch(out, digits[i]);
    }
}

void fmt_decimal(struct buf *out, const char *lang, double v)
{
    /* rounded once, to tenths, so that 2.95 is "3" and not a whole part and a tenth apart */
    int64_t tenths = llround(fabs(v) * 10);
    if (v < 0 && tenths)
        buf_addch(out, '-');
    fmt_int(out, lang, tenths / 10);
    if (tenths % 10)
        buf_addf(out, "%s%d", locale_of(lang)->decimal, (int)(tenths % 10));
}

void fmt_decimal_field(struct buf *out, const char *lang, double v, int places)
{
    char text[48];
    if (places < 0 || places > 6)
        places = 6;
    int len = snprintf(text, sizeof(text), "%.*f", places, v);
    if (len < 0 || (size_t)len >= sizeof(text)) {
        buf_addf(out, "%g", v); /* beyond what a field holds: never so for a count of hours */
        return;
    }
    char *dot = strchr(text, '.');
    if (dot) {
        char *end = text + len;
        while (end > dot + 1 && end[-1] == '0')
            *--end = '\0';
        if (end == dot + 1)
            *dot = '\0';
    }
    if (!strcmp(text, "-0"))
        memmove(text, text + 1, 2);
    dot = strchr(text, '.');
    if (!dot) {
        buf_adds(out, text);
        return;
    }
    buf_addf(out, "%.*s%s%s", (int)(dot - text), text, locale_of(lang)->decimal, dot + 1);
}

/* --- ISO 8601 input ----------------------------------------------------- */

struct stamp {
    int year, month, day, hour, minute, second;
    bool has_time;
};

/* The n digits at s as a number, or -1 if any is not a digit. */
static int digits_at(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

static int days_in_month(int year, int month)
{
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : days[month - 1];
}

/* "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ", each field in range; false otherwise. */
static bool parse_iso(const char *s, struct stamp *st /* OUT */)
{
    size_t len = strlen(s);

    memset(st, 0, sizeof(*st));
    if (len != 10 && len != 20)
        return false;
    if (s[4] != '-' || s[7] != '-')
        return false;
    st->year = digits_at(s, 4);
    st->month = digits_at(s + 5, 2);
    st->day = digits_at(s + 8, 2);
    if (st->year < 1 || st->month < 1 || st->month > 12 || st->day < 1 ||
        st->day > days_in_month(st->year, st->month))
        return false;
    if (len == 10)
        return true;
    if (s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
        return false;
    st->hour = digits_at(s + 11, 2);
    st->minute = digits_at(s + 14, 2);
    st->second = digits_at(s + 17, 2);
    if (st->hour < 0 || st->hour > 23 || st->minute < 0 || st->minute > 59 || st->second < 0 ||
        st->second > 59)
        return false;
    st->has_time = true;
    return true;
}

/*
 * Copy pattern to out, each {token} replaced by what fill() writes for it; a
 * token fill() does not know is copied as it is.
 */
static void expand(struct buf *out, const char *pattern,
                   bool (*fill)(struct buf *out, const char *tok, size_t len, const void *data),
                   const void *data)
{
    for (const char *p = pattern; *p;) {
        const char *close = *p == '{' ? strchr(p, '}') : NULL;
        if (close && fill(out, p + 1, (size_t)(close - p - 1), data)) {
            p = close + 1;
            continue;
        }
        buf_addch(out, *p++);
    }
}

static bool tok_is(const char *tok, size_t len, const char *name)
{
    return strlen(name) == len && memcmp(tok, name, len) == 0;
}

struct stamp_in {
    const struct locale *loc;
    const struct stamp *st;
};

static bool fill_date(struct buf *out, const char *tok, size_t len, const void *data)
{
    const struct stamp_in *in = data;
    if (tok_is(tok, len, "d"))
        buf_addf(out, "%d", in->st->day);
    else if (tok_is(tok, len, "M"))
        buf_adds(out, in->loc->months[in->st->month - 1]);
    else if (tok_is(tok, len, "y"))
        buf_addf(out, "%d", in->st->year);
    else
        return false;
    return true;
}

static bool fill_time(struct buf *out, const char *tok, size_t len, const void *data)
{
    const struct stamp_in *in = data;
    int h = in->st->hour;
    if (tok_is(tok, len, "HH"))
        buf_addf(out, "%02d", h);
    else if (tok_is(tok, len, "h"))
        buf_addf(out, "%d", h % 12 ? h % 12 : 12);
    else if (tok_is(tok, len, "mm"))
        buf_addf(out, "%02d", in->st->minute);
    else if (tok_is(tok, len, "a") && in->loc->am && in->loc->pm)
        buf_adds(out, h < 12 ? in->loc->am : in->loc->pm);
    else
        return false;
    return true;
}

/* the date and the time, already written, for date_time's {1} and {0} */
struct parts {
    const char *date, *time;
};

static bool fill_parts(struct buf *out, const char *tok, size_t len, const void *data)
{
    const struct parts *pt = data;
    if (tok_is(tok, len, "1"))
        buf_adds(out, pt->date);
    else if (tok_is(tok, len, "0"))
        buf_adds(out, pt->time);
    else
        return false;
    return true;
}

static void add_date(struct buf *out, const struct locale *loc, const struct stamp *st)
{
    struct stamp_in in = { loc, st };
    expand(out, loc->date, fill_date, &in);
}

void fmt_date(struct buf *out, const char *lang, const char *iso)
{
    struct stamp st;

    if (!iso)
        return;
    if (!parse_iso(iso, &st)) {
        buf_adds(out, iso);
        return;
    }
    add_date(out, locale_of(lang), &st);
}

/* --- time zones --------------------------------------------------------- */

/*
 * libical keeps one cache of the zones it has loaded, and a zone's table of
 * transitions grows as later years are asked for. libical 3 locks both
 * itself, but not every build has its thread support, so we hold our own
 * lock around the whole lookup and conversion: it takes microseconds. It is
 * recursive, so that a caller building a calendar under it may still call
 * fmt's own functions, which take it too.
 */
static pthread_mutex_t tz_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void fmt_tz_lock(void)
{
    pthread_mutex_lock(&tz_lock);
}

void fmt_tz_unlock(void)
{
    pthread_mutex_unlock(&tz_lock);
}

static bool is_utc_name(const char *tz)
{
    return !tz || !*tz || streq(tz, "UTC") || streq(tz, "Etc/UTC") || streq(tz, "Z");
}

bool fmt_zone_convert(struct icaltimetype *t, const char *from_tz, const char *to_tz)
{
    bool ok = false;
    if (!fmt_zone_name_ok(from_tz) || !fmt_zone_name_ok(to_tz))
        return false;
    pthread_mutex_lock(&tz_lock);
    icaltimezone *utc = icaltimezone_get_utc_timezone();
    icaltimezone *from = streq(from_tz, "UTC") ? utc : icaltimezone_get_builtin_timezone(from_tz);
    icaltimezone *to = streq(to_tz, "UTC") ? utc : icaltimezone_get_builtin_timezone(to_tz);
    if (from && to) {
        icaltimezone_convert_time(t, from, to);
        ok = true;
    }
    pthread_mutex_unlock(&tz_lock);
    return ok;
}

bool fmt_ical_time(const char *iso, struct icaltimetype *out)
{
    time_t t;
    if (time_from_iso(iso, &t) < 0)
        return false;
    /* libical makes its UTC zone on first use: under the lock like every zone */
    pthread_mutex_lock(&tz_lock);
    *out = icaltime_from_timet_with_zone(t, 0, icaltimezone_get_utc_timezone());
    pthread_mutex_unlock(&tz_lock);
    return true;
}

bool fmt_zone_name_ok(const char *tz)
{
    size_t len = tz ? strlen(tz) : 0;
    if (len == 0 || len > 64 || tz[0] == '/' || strstr(tz, ".."))
        return false;
    for (const char *p = tz; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '_' || *p == '+' || *p == '-' || *p == '/'))
            return false;
    return true;
}

/* Convert st (UTC) to zone tz in place; false when tz is unknown. */
static bool to_zone(struct stamp *st, const char *tz)
{
    struct icaltimetype t = icaltime_null_time();

    t.year = st->year;
    t.month = st->month;
    t.day = st->day;
    t.hour = st->hour;
    t.minute = st->minute;
    t.second = st->second;
    t.is_date = 0;
    if (!fmt_zone_convert(&t, "UTC", tz))
        return false;
    st->year = t.year;
    st->month = t.month;
    st->day = t.day;
    st->hour = t.hour;
    st->minute = t.minute;
    st->second = t.second;
    return true;
}

void fmt_datetime(struct buf *out, const char *lang, const char *iso, const char *tz)
{
    const struct locale *loc = locale_of(lang);
    struct stamp st;
    bool in_utc = false;

    if (!iso)
        return;
    if (!parse_iso(iso, &st)) {
        buf_adds(out, iso);
        return;
    }
    if (st.has_time && !is_utc_name(tz) && !to_zone(&st, tz))
        in_utc = true;
    /* libical returns a normalised time; the month indexes a table all the same */
    if (st.month < 1 || st.month > 12)
        st.month = 1;
    if (!st.has_time) {
        add_date(out, loc, &st);
        return;
    }
    struct buf date = BUF_INIT, time = BUF_INIT;
    struct stamp_in in = { loc, &st };
    add_date(&date, loc, &st);
    expand(&time, loc->time, fill_time, &in);
    if (in_utc)
        buf_adds(&time, " UTC");
    struct parts pt = { date.ptr, time.ptr };
    expand(out, loc->date_time, fill_parts, &pt);
    buf_release(&date);
    buf_release(&time);
}
