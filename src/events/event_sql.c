/*
 * Event and registration queries; the only code touching the tables events
 * and event_registrations. Centres are read for their code, name and zone
 * through org.h's derived table; a manager's scope comes from accounts.h.
 */
#include "core/base.h"
#include "events/events_int.h"
#include "org/org.h"

#define EV_SELECT                                                                             \
    "SELECT ev.id, ev.title, ev.summary, ev.kind, ev.starts_at, ev.ends_at, ev.timezone,"     \
    " COALESCE(ev.centre_id, 0), COALESCE(ce.code, ''), COALESCE(ce.name, ''), ev.online_url," \
    " COALESCE(ev.capacity, 0), ev.status, ev.created_at, ev.updated_at,"                     \
    " (SELECT COUNT(*) FROM event_registrations r1"                                           \
    "  WHERE r1.event_id = ev.id AND r1.status = 'registered'),"                              \
    " (SELECT COUNT(*) FROM event_registrations r2"                                           \
    "  WHERE r2.event_id = ev.id AND r2.status = 'waitlisted')"                               \
    " FROM events ev LEFT JOIN " ORG_CENTRES_SQL " ce ON ce.id = ev.centre_id"

const char ev_by_id_sql[] = EV_SELECT " WHERE ev.id = ? AND ev.deleted_at IS NULL";

/*
 * The admin list: status ('' any) twice, kind ('' any) twice, the earliest
 * end ('' for all), then the scope: is_admin (1 sees all) and the user id.
 */
#define EV_ADMIN_WHERE                                                                        \
    " WHERE ev.deleted_at IS NULL AND (CAST(? AS TEXT) = '' OR ev.status = ?)"                 \
    " AND (CAST(? AS TEXT) = '' OR ev.kind = ?) AND ev.ends_at >= ?"                          \
    " AND (CAST(? AS BIGINT) = 1 OR ev.centre_id IN (" ACCOUNTS_SCOPE_CENTRES_SQL "))"
const char ev_admin_count_sql[] =
    "SELECT COUNT(*) FROM events ev" EV_ADMIN_WHERE;
const char ev_admin_page_sql[] =
    EV_SELECT EV_ADMIN_WHERE " ORDER BY ev.starts_at DESC, ev.id DESC LIMIT ? OFFSET ?";

/* Published events that have not ended (now as the argument). */
#define EV_PUBLIC_WHERE                                                                       \
    " WHERE ev.deleted_at IS NULL AND ev.status = 'published' AND ev.ends_at >= ?"
const char ev_public_count_sql[] = "SELECT COUNT(*) FROM events ev" EV_PUBLIC_WHERE;
const char ev_public_page_sql[] =
    EV_SELECT EV_PUBLIC_WHERE " ORDER BY ev.starts_at, ev.id LIMIT ? OFFSET ?";
/* The API's keyset pages of published events: after id, limit. */
const char ev_api_after_sql[] =
    EV_SELECT " WHERE ev.deleted_at IS NULL AND ev.status = 'published' AND ev.id > ?"
    " ORDER BY ev.id LIMIT ?";

/* A live centre by code: id and zone. */
const char ev_centre_sql[] =
    "SELECT ce.id, ce.timezone FROM " ORG_CENTRES_SQL " ce WHERE ce.code = ?"
    " AND ce.deleted_at IS NULL";

const char ev_insert_sql[] =
    "INSERT INTO events (title, summary, kind, starts_at, ends_at, timezone, centre_id,"
    " online_url, capacity, status, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char ev_update_sql[] =
    "UPDATE events SET title = ?, summary = ?, kind = ?, starts_at = ?, ends_at = ?,"
    " timezone = ?, centre_id = ?, online_url = ?, capacity = ?, status = ?, updated_at = ?"
    " WHERE id = ?";
/*
 * Decisions about an event's places must not interleave: a write to its row
 * takes PostgreSQL's row lock, and SQLite's write lock, before the counting.
 */
const char ev_lock_sql[] = "UPDATE events SET updated_at = updated_at WHERE id = ?";

const char ev_reg_count_sql[] =
    "SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status = 'registered'";

#define EV_REG_SELECT                                                                         \
    "SELECT id, event_id, name, email, organisation, status, COALESCE(checked_in_at, ''),"    \
    " created_at, lang, updated_at FROM event_registrations"
const char ev_reg_by_key_sql[] = EV_REG_SELECT " WHERE event_id = ? AND email_key = ?";
const char ev_reg_by_token_sql[] = EV_REG_SELECT " WHERE event_id = ? AND token_hash = ?";
/* Every registration of an event, for the participants list and exports. */
const char ev_reg_list_sql[] =
    EV_REG_SELECT " WHERE event_id = ?"
    " ORDER BY CASE status WHEN 'registered' THEN 0 WHEN 'waitlisted' THEN 1 ELSE 2 END,"
    " COALESCE(waitlisted_at, created_at), id";

const char ev_reg_insert_sql[] =
    "INSERT INTO event_registrations (event_id, name, email, email_key, organisation, user_id,"
    " status, token_hash, waitlisted_at, created_at, updated_at, lang)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
/* A cancelled registration comes back to life with a new token. */
const char ev_reg_renew_sql[] =
    "UPDATE event_registrations SET name = ?, email = ?, organisation = ?, status = ?,"
    " token_hash = ?, waitlisted_at = ?, checked_in_at = NULL, updated_at = ?, lang = ?"
    " WHERE id = ? AND status = 'cancelled'";
const char ev_reg_cancel_sql[] =
    "UPDATE event_registrations SET status = 'cancelled', updated_at = ?"
    " WHERE id = ? AND status <> 'cancelled'";
/* The waitlist is served in the order people joined it. */
const char ev_reg_first_waiting_sql[] =
    EV_REG_SELECT " WHERE event_id = ? AND status = 'waitlisted'"
    " ORDER BY waitlisted_at, id LIMIT 1";
const char ev_reg_promote_sql[] =
    "UPDATE event_registrations SET status = 'registered', updated_at = ?"
    " WHERE id = ? AND status = 'waitlisted'";
const char ev_reg_checkin_sql[] =
    "UPDATE event_registrations SET checked_in_at = ?, updated_at = ?"
    " WHERE id = ? AND event_id = ? AND checked_in_at IS NULL AND status = 'registered'";
/* who to tell that an event is cancelled: its live registrations (event id) */
const char ev_reg_live_sql[] =
    "SELECT name, email, lang FROM event_registrations"
    " WHERE event_id = ? AND status IN ('registered', 'waitlisted') ORDER BY id";
