/*
 * Tests for src/view/fmt.c: what a reader of each language sees for numbers,
 * dates and times, including the conversion to a centre's time zone.
 */
#include "core/base.h"
#include "view/fmt.h"
#include "core/buf.h"

#include <criterion/criterion.h>
#include <inttypes.h>
#include <libical/ical.h>
#include <pthread.h>

#define NBSP "\u00a0"

/* Each check formats into a fresh buffer and compares the whole text. */
static void check_int(const char *lang, int64_t n, const char *want)
{
    struct buf b = BUF_INIT;
    fmt_int(&b, lang, n);
    cr_assert_str_eq(b.ptr, want, "fmt_int(%s, %" PRId64 ")", lang ? lang : "(null)", n);
    buf_release(&b);
}

static void check_date(const char *lang, const char *iso, const char *want)
{
    struct buf b = BUF_INIT;
    fmt_date(&b, lang, iso);
    cr_assert_str_eq(b.ptr, want, "fmt_date(%s, %s)", lang ? lang : "(null)", iso);
    buf_release(&b);
}

static void check_datetime(const char *lang, const char *iso, const char *tz, const char *want)
{
    struct buf b = BUF_INIT;
    fmt_datetime(&b, lang, iso, tz);
    cr_assert_str_eq(b.ptr, want, "fmt_datetime(%s, %s, %s)", lang ? lang : "(null)", iso,
                     tz ? tz : "(null)");
    buf_release(&b);
}

static void check_decimal(const char *lang, double v, const char *want)
{
    struct buf b = BUF_INIT;
    fmt_decimal(&b, lang, v);
    cr_assert_str_eq(b.ptr, want, "fmt_decimal(%s, %g)", lang ? lang : "(null)", v);
    buf_release(&b);
}

Test(fmt, decimals_round_once_and_take_the_language_separator)
{
    check_decimal("en", 0, "0");
    check_decimal("en", 2.5, "2.5");
    check_decimal("en", 2.95, "3");
    check_decimal("en", 1234.56, "1,234.6");
    check_decimal("en", -0.5, "-0.5");
    check_decimal("en", -0.04, "0");
    check_decimal("ru", 2.5, "2,5");
    check_decimal("az", 1234.5, "1" NBSP "234,5");
    check_decimal("uz", -12.25, "-12,3");
    check_decimal("ko", 1234.56, "1,234.6");
    check_decimal("vi", 1234.56, "1.234,6");
    check_decimal("vi", -0.5, "-0,5");
    check_decimal(NULL, 7, "7");
}

static void check_field(const char *lang, double v, int places, const char *want)
{
    struct buf b = BUF_INIT;
    fmt_decimal_field(&b, lang, v, places);
    cr_assert_str_eq(b.ptr, want, "fmt_decimal_field(%s, %g, %d)", lang ? lang : "(null)", v,
                     places);
    buf_release(&b);
}

/* a form field's number is read back by a check that knows no grouping */
Test(fmt, a_field_number_has_no_grouping_and_keeps_its_decimals)
{
    check_field("en", 1234.5, 2, "1234.5");
    check_field("ru", 1234.5, 2, "1234,5");
    check_field("vi", 1234.5, 2, "1234,5");
    check_field("ko", 2.0 + 1.0 / 3, 2, "2.33");
    check_field("uz", 2.0 + 1.0 / 3, 2, "2,33");
    check_field("en", 40, 2, "40");
    check_field("en", 0.001, 2, "0");
    check_field("en", -0.001, 2, "0");
    check_field("az", 10000, 2, "10000");
    check_field(NULL, 1.5, 9, "1.5");
}

Test(fmt, english_numbers_group_with_commas)
{
    check_int("en", 0, "0");
    check_int("en", 7, "7");
    check_int("en", 999, "999");
    check_int("en", 1000, "1,000");
    check_int("en", 12345, "12,345");
    check_int("en", 123456, "123,456");
    check_int("en", 1234567, "1,234,567");
    check_int("en", -1, "-1");
    check_int("en", -999, "-999");
    check_int("en", -1234567, "-1,234,567");
    check_int("en", INT64_MAX, "9,223,372,036,854,775,807");
    check_int("en", INT64_MIN, "-9,223,372,036,854,775,808");
}

Test(fmt, russian_azerbaijani_uzbek_numbers_group_with_no_break_spaces)
{
    static const char *const langs[] = { "ru", "az", "uz" };
    for (size_t i = 0; i < ARRAY_SIZE(langs); i++) {
        check_int(langs[i], 999, "999");
        check_int(langs[i], 1000, "1" NBSP "000");
        check_int(langs[i], 1234567, "1" NBSP "234" NBSP "567");
        check_int(langs[i], -1234567, "-1" NBSP "234" NBSP "567");
        check_int(langs[i], INT64_MIN, "-9" NBSP "223" NBSP "372" NBSP "036" NBSP "854" NBSP
                                       "775" NBSP "808");
    }
}

Test(fmt, korean_groups_with_commas_and_vietnamese_with_dots)
{
    check_int("ko", 1234567, "1,234,567");
    check_int("ko", -999, "-999");
    check_int("vi", 1000, "1.000");
    check_int("vi", 1234567, "1.234.567");
    check_int("vi", INT64_MIN, "-9.223.372.036.854.775.808");
}

Test(fmt, unknown_language_formats_as_english)
{
    check_int("de", 1234567, "1,234,567");
    check_int(NULL, 1234567, "1,234,567");
    check_int("RU", 1234, "1" NBSP "234");
    check_date("de", "2026-11-23", "23 Nov 2026");
    check_date(NULL, "2026-11-23", "23 Nov 2026");
}

Test(fmt, output_is_appended)
{
    struct buf b = BUF_INIT;
    buf_adds(&b, "Total: ");
    fmt_int(&b, "en", 1500);
    buf_adds(&b, "; ");
    fmt_date(&b, "en", "2026-11-23");
    cr_assert_str_eq(b.ptr, "Total: 1,500; 23 Nov 2026");
    buf_release(&b);
}

Test(fmt, dates_in_each_language)
{
    check_date("en", "2026-11-23", "23 Nov 2026");
    check_date("ru", "2026-11-23", "23 нояб. 2026 г.");
    check_date("az", "2026-11-23", "23 noy 2026");
    check_date("uz", "2026-11-23", "23-noy, 2026");
    check_date("ko", "2026-12-06", "2026년 12월 6일");
    check_date("vi", "2026-12-06", "6 tháng 12, 2026");
    check_date("ko", "2026-01-31T23:59:59Z", "2026년 1월 31일");
    check_date("vi", "2027-02-01", "1 tháng 2, 2027");
    /* a UTC timestamp shows its (UTC) date */
    check_date("en", "2026-11-23T23:59:59Z", "23 Nov 2026");
    check_date("ru", "2026-11-23T09:01:54Z", "23 нояб. 2026 г.");
}

Test(fmt, month_names_of_each_language)
{
    static const char *const en[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    static const char *const ru[] = { "янв.", "февр.", "мар.", "апр.", "мая",   "июн.",
                                      "июл.", "авг.",  "сент.", "окт.", "нояб.", "дек." };
    static const char *const az[] = { "yan", "fev", "mar", "apr", "may", "iyn",
                                      "iyl", "avq", "sen", "okt", "noy", "dek" };
    static const char *const uz[] = { "yan", "fev", "mar", "apr", "may", "iyn",
                                      "iyl", "avg", "sen", "okt", "noy", "dek" };
    for (int m = 1; m <= 12; m++) {
        char iso[32], want[64];
        snprintf(iso, sizeof(iso), "2026-%02d-05", m);
        snprintf(want, sizeof(want), "5 %s 2026", en[m - 1]);
        check_date("en", iso, want);
        snprintf(want, sizeof(want), "5 %s 2026 г.", ru[m - 1]);
        check_date("ru", iso, want);
        snprintf(want, sizeof(want), "5 %s 2026", az[m - 1]);
        check_date("az", iso, want);
        snprintf(want, sizeof(want), "5-%s, 2026", uz[m - 1]);
        check_date("uz", iso, want);
    }
}

Test(fmt, invalid_dates_are_copied_as_they_are)
{
    static const char *const bad[] = {
        "",
        "garbage",
        "2026-13-01",
        "2026-00-10",
        "2026-11-31",
        "2026-02-29",
        "0000-01-01",
        "2026-1-05",
        "2026/11/23",
        "2026-11-23T",
        "2026-11-23T24:00:00Z",
        "2026-11-23T10:60:00Z",
        "2026-11-23T10:05:00",
        "2026-11-23T10:05:00+04",
        "2026-11-23 10:05:00Z",
        "2026-11-23T10:05:00Zx",
        "2026-11-2x",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        check_date("ru", bad[i], bad[i]);
        check_datetime("ru", bad[i], "Asia/Baku", bad[i]);
    }
    check_date("en", "2024-02-29", "29 Feb 2024");
    check_date("en", "2000-02-29", "29 Feb 2000");
    check_date("en", "1900-02-29", "1900-02-29");

    struct buf b = BUF_INIT;
    fmt_date(&b, "en", NULL);
    fmt_datetime(&b, "en", NULL, NULL);
    cr_assert_str_eq(b.ptr, "");
    buf_release(&b);
}

Test(fmt, datetime_in_utc_for_each_language)
{
    check_datetime("en", "2026-11-23T09:01:54Z", NULL, "23 Nov 2026, 09:01");
    check_datetime("ru", "2026-11-23T09:01:54Z", "UTC", "23 нояб. 2026 г., 09:01");
    check_datetime("az", "2026-11-23T21:30:00Z", NULL, "23 noy 2026 21:30");
    check_datetime("uz", "2026-11-23T00:00:00Z", "Etc/UTC", "23-noy, 2026, 00:00");
    check_datetime("vi", "2026-12-06T14:05:00Z", NULL, "14:05 6 tháng 12, 2026");
}

Test(fmt, korean_times_take_the_twelve_hour_clock_after_the_day_period)
{
    check_datetime("ko", "2026-12-06T14:05:00Z", NULL, "2026년 12월 6일 오후 2:05");
    check_datetime("ko", "2026-12-06T09:30:00Z", "UTC", "2026년 12월 6일 오전 9:30");
    check_datetime("ko", "2026-12-06T00:00:00Z", NULL, "2026년 12월 6일 오전 12:00");
    check_datetime("ko", "2026-12-06T12:00:00Z", NULL, "2026년 12월 6일 오후 12:00");
    check_datetime("ko", "2026-12-06T23:59:00Z", NULL, "2026년 12월 6일 오후 11:59");
    /* Seoul is UTC+9: the afternoon in UTC is the next morning there */
    check_datetime("ko", "2026-12-06T16:00:00Z", "Asia/Seoul", "2026년 12월 7일 오전 1:00");
    check_datetime("vi", "2026-12-06T16:00:00Z", "Asia/Ho_Chi_Minh", "23:00 6 tháng 12, 2026");
    /* an unknown zone: the time is UTC and says so, wherever the language puts it */
    check_datetime("ko", "2026-12-06T14:05:00Z", "Mars/Olympus", "2026년 12월 6일 오후 2:05 UTC");
    check_datetime("vi", "2026-12-06T14:05:00Z", "Mars/Olympus", "14:05 UTC 6 tháng 12, 2026");
}

Test(fmt, datetime_converts_to_baku)
{
    /* Asia/Baku is UTC+4 all year. */
    check_datetime("en", "2026-11-23T10:05:00Z", "Asia/Baku", "23 Nov 2026, 14:05");
    check_datetime("az", "2026-11-23T10:05:00Z", "Asia/Baku", "23 noy 2026 14:05");
    check_datetime("ru", "2026-07-01T10:05:00Z", "Asia/Baku", "1 июл. 2026 г., 14:05");
    /* the evening of 31 December in UTC is New Year's Day in Baku */
    check_datetime("az", "2026-12-31T21:30:00Z", "Asia/Baku", "1 yan 2027 01:30");
}

Test(fmt, datetime_converts_to_tashkent)
{
    /* Asia/Tashkent is UTC+5 all year. */
    check_datetime("uz", "2026-11-23T10:05:00Z", "Asia/Tashkent", "23-noy, 2026, 15:05");
    check_datetime("ru", "2026-11-23T10:05:00Z", "Asia/Tashkent", "23 нояб. 2026 г., 15:05");
    check_datetime("uz", "2028-02-28T19:00:00Z", "Asia/Tashkent", "29-fev, 2028, 00:00");
}

Test(fmt, datetime_follows_daylight_saving_time)
{
    check_datetime("en", "2026-01-15T12:00:00Z", "Europe/Berlin", "15 Jan 2026, 13:00");
    check_datetime("en", "2026-07-15T12:00:00Z", "Europe/Berlin", "15 Jul 2026, 14:00");
    check_datetime("en", "2026-07-15T12:00:00Z", "America/New_York", "15 Jul 2026, 08:00");
}

Test(fmt, unknown_zone_shows_utc_and_says_so)
{
    check_datetime("en", "2026-11-23T10:05:00Z", "Mars/Olympus_Mons", "23 Nov 2026, 10:05 UTC");
    check_datetime("en", "2026-11-23T10:05:00Z", "../../etc/passwd", "23 Nov 2026, 10:05 UTC");
    check_datetime("en", "2026-11-23T10:05:00Z", "/usr/share/zoneinfo/Asia/Baku",
                   "23 Nov 2026, 10:05 UTC");
    check_datetime("en", "2026-11-23T10:05:00Z", "Asia/Baku; rm -rf", "23 Nov 2026, 10:05 UTC");
}

Test(fmt, a_stored_time_as_a_utc_ical_time)
{
    struct icaltimetype t;
    cr_assert(fmt_ical_time("2026-03-29T23:30:05Z", &t));
    cr_assert_eq(t.year, 2026);
    cr_assert_eq(t.month, 3);
    cr_assert_eq(t.day, 29);
    cr_assert_eq(t.hour, 23);
    cr_assert_eq(t.minute, 30);
    cr_assert_eq(t.second, 5);
    cr_assert_not(t.is_date);
    cr_assert(icaltime_is_utc(t));
    cr_assert(fmt_zone_convert(&t, "UTC", "Asia/Baku"));
    cr_assert_eq(t.day, 30, "Baku is four hours ahead");
    cr_assert_eq(t.hour, 3);
    cr_assert_not(fmt_ical_time("2026-03-29", &t));
    cr_assert_not(fmt_ical_time("2026-+3-29T23:30:05Z", &t));
    cr_assert_not(fmt_ical_time(NULL, &t));
}

Test(fmt, datetime_of_a_date_alone_is_the_date)
{
    check_datetime("ru", "2026-11-23", "Asia/Baku", "23 нояб. 2026 г.");
}

static void *format_many(void *arg)
{
    const char *tz = arg;
    const char *want = streq(tz, "Asia/Baku") ? "23 Nov 2026, 14:05" : "23 Nov 2026, 15:05";
    for (int i = 0; i < 2000; i++) {
        struct buf b = BUF_INIT;
        fmt_datetime(&b, "en", "2026-11-23T10:05:00Z", tz);
        bool ok = streq(b.ptr, want);
        buf_release(&b);
        if (!ok)
            return (void *)1;
    }
    return NULL;
}

Test(fmt, conversions_from_many_threads)
{
    static char baku[] = "Asia/Baku", tashkent[] = "Asia/Tashkent";
    pthread_t t[4];
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        cr_assert_eq(pthread_create(&t[i], NULL, format_many, i % 2 ? baku : tashkent), 0);
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        void *res;
        cr_assert_eq(pthread_join(t[i], &res), 0);
        cr_assert_null(res);
    }
}
