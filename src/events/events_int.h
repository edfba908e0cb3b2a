/* What the files of src/events share: SQL texts, the event record, the store and handlers. */
#ifndef DARS_EVENTS_EVENTS_INT_H
#define DARS_EVENTS_EVENTS_INT_H

#include "events/events.h"
#include "accounts/accounts.h"

#include <jansson.h>

struct db;
struct db_stmt;
struct arena;

/* rows per page of an HTML list */
#define EVENTS_PAGE_SIZE 50

/* event_sql.c */
extern const char ev_by_id_sql[];
extern const char ev_admin_count_sql[];
extern const char ev_admin_page_sql[];
extern const char ev_public_count_sql[];
extern const char ev_public_page_sql[];
extern const char ev_api_after_sql[];
extern const char ev_centre_sql[];
extern const char ev_insert_sql[];
extern const char ev_update_sql[];
extern const char ev_lock_sql[];
extern const char ev_reg_count_sql[];
extern const char ev_reg_by_key_sql[];
extern const char ev_reg_by_token_sql[];
extern const char ev_reg_insert_sql[];
extern const char ev_reg_renew_sql[];
extern const char ev_reg_cancel_sql[];
extern const char ev_reg_first_waiting_sql[];
extern const char ev_reg_promote_sql[];
extern const char ev_reg_checkin_sql[];
extern const char ev_reg_list_sql[];
extern const char ev_reg_live_sql[];

/* An event as read back; strings from the caller's arena. */
struct ev_event {
    int64_t id;
    const char *title, *summary, *kind, *starts_at, *ends_at, *timezone;
    int64_t centre_id; /* 0 when online only */
    const char *centre_code, *centre_name; /* "" when online only */
    const char *online_url;
    int64_t capacity; /* 0: no limit */
    const char *status, *created_at, *updated_at;
    int64_t registered, waitlisted;
};

/* What a form or an API body gives; times already in UTC ISO-8601. */
struct ev_input {
    const char *title, *summary, *kind, *starts_at, *ends_at, *timezone;
    const char *centre; /* code, "" for none */
    const char *online_url;
    const char *capacity; /* text, "" for no limit */
    const char *status;
};

/* A registration as read back. */
struct ev_reg {
    int64_t id, event_id;
    const char *name, *email, *organisation, *status, *checked_in_at, *created_at;
    const char *lang; /* the language they registered in, for later messages */
    const char *updated_at; /* for a cancelled one, when it was cancelled */
};

/* event.c */
extern const char *const ev_kinds[4];
extern const char *const ev_statuses[3];
/* The member of set equal to s (set's own string), or NULL when there is none. */
const char *ev_one_of(const char *s, const char *const *set, size_t n);
/* The event of a URL's id (DARS_ENOTFOUND when id is not one), or of a known id. */
int ev_get(struct db *db, struct arena *a, const char *id, struct ev_event *out /* OUT */);
int ev_get_id(struct db *db, struct arena *a, int64_t id, struct ev_event *out /* OUT */);
/* The event for a manager's page: DARS_EDENIED outside their scope. */
int ev_get_managed(struct req *r, struct ev_event *out /* OUT */);
/* Whether r's user may manage ev (admins all; managers those at their centres). */
bool ev_can_manage(const struct req *r, const struct ev_event *ev);
/*
 * Validate in, then insert (old NULL) or update old, audited, in the caller's
 * transaction. DARS_EINVALID / DARS_EDENIED with errors (field -> msgid).
 */
int ev_write(struct req *r, const struct ev_event *old, const struct ev_input *in,
             json_t *errors, int64_t *id /* OUT */);
/*
 * Local wall time "YYYY-MM-DDTHH:MM[:SS]" in zone tz to UTC ISO-8601 (arena);
 * NULL when the text or the zone is not valid. ev_to_local is the reverse
 * ("YYYY-MM-DDTHH:MM", for a datetime-local field).
 */
const char *ev_local_to_utc(struct arena *a, const char *local, const char *tz);
const char *ev_to_local(struct arena *a, const char *iso, const char *tz);
/* RFC 3339 with Z or an offset to UTC ISO-8601 (arena); NULL when not valid. */
const char *ev_rfc3339_to_utc(struct arena *a, const char *s);
void ev_row(struct arena *a, struct db_stmt *st, struct ev_event *e /* OUT */);
/* A translated label of a kind or status. */
const char *ev_kind_label(const char *lang, const char *kind);
const char *ev_status_label(const char *lang, const char *status);
/* "23 Nov 2026, 10:00 – 12:00 (Asia/Baku)" in the event's zone. */
const char *ev_when(struct req *r, const struct ev_event *ev);
/* The event's public fields for the API (DESIGN.md section 6). */
json_t *ev_json(struct req *r, const struct ev_event *ev);
/* Places left, or -1 when there is no limit. */
int64_t ev_places_left(const struct ev_event *ev);

/* registration.c */
struct ev_reg_input {
    const char *name, *email, *organisation;
};
/* What a registration came to. */
struct ev_reg_result {
    const char *status;  /* "registered" or "waitlisted" */
    const char *token;   /* the registrant's secret, for the cancel link */
    bool mailed;         /* a confirmation was queued (not within the cooling-off time) */
    int retry_after;     /* seconds to wait, with DARS_ETHROTTLED */
};
/* After a cancellation, re-registering the same e-mail sends no mail for this long. */
#define EV_MAIL_COOLING_OFF (24 * 3600)
/*
 * Register in for ev (published, not begun): its own transaction, audited, a
 * confirmation e-mail queued unless the address cancelled within
 * EV_MAIL_COOLING_OFF. DARS_EINVALID with errors (a second registration of
 * one e-mail is an "email" error), DARS_ECONFLICT when registration is
 * closed, DARS_ETHROTTLED (out->retry_after set) past the public rate limits:
 * [limits] public_posts from the client's address, mails_per_address to the
 * e-mail.
 */
int ev_register(struct req *r, const struct ev_event *ev, const struct ev_reg_input *in,
                json_t *errors, struct ev_reg_result *out /* OUT */);
/*
 * Queue the news that ev (its new state, id set) is cancelled to each of its
 * live registrants, in their language, inside the caller's transaction. Call
 * it once, when the status turns to cancelled.
 */
int ev_mail_cancelled(struct req *r, const struct ev_event *ev);
int events_public_list_page(struct req *r);
int events_public_page(struct req *r);
int events_register_submit(struct req *r);
int events_registration_page(struct req *r);
int events_registration_cancel(struct req *r);

/* pages.c */
int events_admin_list_page(struct req *r);
int events_new_page(struct req *r);
int events_create_submit(struct req *r);
int events_edit_page(struct req *r);
int events_edit_submit(struct req *r);
int events_checkin_submit(struct req *r);
int events_participants_csv(struct req *r);
int events_participants_xlsx(struct req *r);

/* api.c */
int events_api_list(struct req *r);
int events_api_get(struct req *r);
int events_api_create(struct req *r);
int events_api_patch(struct req *r);
int events_api_register(struct req *r);

#endif
