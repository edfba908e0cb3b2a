/*
 * The calendar's queries; the only code touching calendar_feeds. Sessions and
 * events come through the cohorts' and events' derived tables, a feed's owner
 * through those of accounts, cohorts and org.
 */
#include "core/base.h"
#include "calendar/calendar_int.h"
#include "accounts/accounts.h"
#include "cohorts/cohorts.h"
#include "events/events.h"
#include "org/org.h"

const char cal_token_sql[] =
    "SELECT token FROM calendar_feeds WHERE owner_type = ? AND owner_id = ?";

/* two requests may create the same owner's token at once: the first one wins */
const char cal_token_insert_sql[] =
    "INSERT INTO calendar_feeds (owner_type, owner_id, token, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner_type, owner_id) DO NOTHING";

const char cal_token_reset_sql[] =
    "INSERT INTO calendar_feeds (owner_type, owner_id, token, created_at, updated_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner_type, owner_id) "
    "DO UPDATE SET token = excluded.token, updated_at = excluded.updated_at";

const char cal_by_token_sql[] =
    "SELECT f.owner_type, f.owner_id FROM calendar_feeds f WHERE f.token = ?"
    /* a feed lives only as long as its owner: a suspended person's, a deleted cohort's or
     * centre's feed answers 404 (read through the owners' derived tables) */
    " AND (f.owner_type <> 'user' OR EXISTS (SELECT 1 FROM " ACCOUNTS_PEOPLE_SQL " u"
    "  WHERE u.id = f.owner_id AND u.status = 'active' AND u.deleted_at IS NULL))"
    " AND (f.owner_type <> 'cohort' OR EXISTS (SELECT 1 FROM " COHORTS_COHORTS_SQL " co"
    "  WHERE co.id = f.owner_id AND co.deleted_at IS NULL))"
    " AND (f.owner_type <> 'centre' OR EXISTS (SELECT 1 FROM " ORG_CENTRES_SQL " ce"
    "  WHERE ce.id = f.owner_id AND ce.deleted_at IS NULL))";

#define SESSION_COLS                                                                             \
    "SELECT s.id, s.course_code, s.course_title, s.centre_code, s.timezone, s.starts_at, "       \
    "s.ends_at, s.room, s.updated_at, s.cohort_id FROM " COHORTS_SESSIONS_SQL " s "

/* sessions a user teaches (the session's or the cohort's instructor) or takes part in */
const char cal_user_sessions_sql[] =
    SESSION_COLS "WHERE s.starts_at < ? AND s.ends_at > ? AND (s.instructor_id = ? OR "
    "s.cohort_id IN (SELECT m.cohort_id FROM " COHORTS_MEMBERS_SQL " m WHERE m.user_id = ?)) "
    "ORDER BY s.starts_at, s.id LIMIT 2000";

const char cal_centre_sessions_sql[] =
    SESSION_COLS "WHERE s.starts_at < ? AND s.ends_at > ? AND s.centre_id = ? "
    "ORDER BY s.starts_at, s.id LIMIT 2000";

const char cal_cohort_sessions_sql[] =
    SESSION_COLS "WHERE s.starts_at < ? AND s.ends_at > ? AND s.cohort_id = ? "
    "ORDER BY s.starts_at, s.id LIMIT 2000";

#define EVENT_COLS                                                                               \
    "SELECT e.id, e.title, e.summary, e.kind, e.starts_at, e.ends_at, e.timezone, "              \
    "e.centre_code, e.online_url, e.updated_at FROM " EVENTS_SQL " e "

/* events a user registered for, by account or by e-mail */
const char cal_user_events_sql[] =
    EVENT_COLS "WHERE e.starts_at < ? AND e.ends_at > ? AND e.id IN (SELECT a.event_id FROM "
    EVENTS_ATTENDEES_SQL " a WHERE a.user_id = ? OR a.email_key = ?) "
    "ORDER BY e.starts_at, e.id LIMIT 2000";

const char cal_centre_events_sql[] =
    EVENT_COLS "WHERE e.starts_at < ? AND e.ends_at > ? AND e.centre_id = ? "
    "ORDER BY e.starts_at, e.id LIMIT 2000";
