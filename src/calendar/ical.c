/*
 * A schedule as an iCalendar feed (RFC 5545) built with libical: one
 * VTIMEZONE per zone used (libical's builtin zones, from the system tz
 * database), VEVENTs whose times carry their TZID, lines folded and ended
 * with CRLF by libical. Times are converted with libical, never the process TZ.
 */
#include "core/base.h"
#include "calendar/calendar_int.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "view/fmt.h"

#include <libical/ical.h>

/* SEQUENCE counts seconds since this date: it grows with each change of the row */
#define SEQUENCE_EPOCH 1577836800 /* 2020-01-01T00:00:00Z */

/* DTSTART or DTEND in the zone (with its TZID), or in UTC without one */
static icalproperty *zoned(icalproperty *(*make)(struct icaltimetype), struct icaltimetype t,
                           icaltimezone *zone)
{
    if (!zone)
        return make(t);
    struct icaltimetype local = icaltime_convert_to_zone(t, zone);
    icalproperty *p = make(local);
    if (!icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER))
        icalproperty_add_parameter(p, icalparameter_new_tzid(icaltimezone_get_tzid(zone)));
    return p;
}

struct zones {
    icaltimezone *v[64];
    size_t n;
};

/* the zone of an item, remembered so that its VTIMEZONE goes in once */
static icaltimezone *zone_of(struct zones *zs, const char *tz)
{
    if (!fmt_zone_name_ok(tz) || streq(tz, "UTC"))
        return NULL;
    icaltimezone *zone = icaltimezone_get_builtin_timezone(tz);
    if (!zone)
        return NULL;
    for (size_t i = 0; i < zs->n; i++)
        if (zs->v[i] == zone)
            return zone;
    if (zs->n == ARRAY_SIZE(zs->v))
        return NULL; /* more zones than any schedule has: fall back to UTC times */
    zs->v[zs->n++] = zone;
    return zone;
}

static icalcomponent *vevent(const struct cal_item *it, const char *host, icaltimezone *zone,
                             struct icaltimetype stamp)
{
    struct icaltimetype start, end, modified;
    if (!fmt_ical_time(it->starts_at, &start) || !fmt_ical_time(it->ends_at, &end))
        return NULL;
    icalcomponent *ev = icalcomponent_new(ICAL_VEVENT_COMPONENT);
    struct buf b = BUF_INIT;

    buf_addf(&b, "dars-%s-%lld@%s", it->is_event ? "event" : "session", (long long)it->id, host);
    icalcomponent_add_property(ev, icalproperty_new_uid(b.ptr));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtstart, start, zone));
    icalcomponent_add_property(ev, zoned(icalproperty_new_dtend, end, zone));
    icalcomponent_add_property(ev, icalproperty_new_summary(it->title));
    if (it->location && *it->location)
        icalcomponent_add_property(ev, icalproperty_new_location(it->location));
    if (it->description && *it->description)
        icalcomponent_add_property(ev, icalproperty_new_description(it->description));
    if (fmt_ical_time(it->updated_at, &modified)) {
        icalcomponent_add_property(ev, icalproperty_new_lastmodified(modified));
        int64_t seq = (int64_t)icaltime_as_timet(modified) - SEQUENCE_EPOCH;
        icalcomponent_add_property(ev, icalproperty_new_sequence(seq > 0 ? (int)seq : 0));
    }
    buf_release(&b);
    return ev;
}

char *cal_ical_build(const struct cal_items *items, const char *name, const char *host)
{
    struct zones zs = { .n = 0 };
    icalcomponent *cal = icalcomponent_new(ICAL_VCALENDAR_COMPONENT);
    icalcomponent **events = xcalloc(items->n + 1, sizeof(*events));
    struct icaltimetype stamp =
        icaltime_current_time_with_zone(icaltimezone_get_utc_timezone());
    char *out, *text;

    icalcomponent_add_property(cal, icalproperty_new_prodid("-//Dars//Dars calendar//EN"));
    icalcomponent_add_property(cal, icalproperty_new_version("2.0"));
    icalcomponent_add_property(cal, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(cal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    icalproperty *calname = icalproperty_new_x(name);
    icalproperty_set_x_name(calname, "X-WR-CALNAME");
    icalcomponent_add_property(cal, calname);

    fmt_tz_lock();
    for (size_t i = 0; i < items->n; i++)
        events[i] = vevent(&items->v[i], host, zone_of(&zs, items->v[i].timezone), stamp);
    /* the zones first, as readers expect them before the events that use them */
    for (size_t i = 0; i < zs.n; i++)
        icalcomponent_add_component(cal,
                                    icalcomponent_new_clone(icaltimezone_get_component(zs.v[i])));
    for (size_t i = 0; i < items->n; i++)
        if (events[i])
            icalcomponent_add_component(cal, events[i]);
    text = icalcomponent_as_ical_string_r(cal);
    fmt_tz_unlock();

    out = xstrdup(text ? text : "");
    free(text);
    free(events);
    icalcomponent_free(cal);
    return out;
}
