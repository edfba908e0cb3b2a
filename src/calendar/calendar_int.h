/* What the files of src/calendar share: SQL texts, the schedule items, the handlers. */
#ifndef DARS_CALENDAR_CALENDAR_INT_H
#define DARS_CALENDAR_CALENDAR_INT_H

#include "calendar/calendar.h"

/* calendar_sql.c */
extern const char cal_token_sql[];
extern const char cal_token_insert_sql[];
extern const char cal_token_reset_sql[];
extern const char cal_by_token_sql[];
extern const char cal_user_sessions_sql[];
extern const char cal_centre_sessions_sql[];
extern const char cal_cohort_sessions_sql[];
extern const char cal_user_events_sql[];
extern const char cal_centre_events_sql[];

/* One thing on a schedule: a cohort session or an event. Strings from the arena. */
struct cal_item {
    bool is_event;
    int64_t id;
    const char *title, *description, *location, *url;
    const char *timezone;            /* IANA name */
    const char *starts_at, *ends_at; /* UTC ISO-8601 */
    const char *updated_at;
};

struct cal_items {
    struct cal_item *v;
    size_t n, alloc;
};

/*
 * The items of an owner's schedule that overlap [from, to) (UTC ISO-8601),
 * ordered by start, in the reader's language: a fixed number of statements.
 * email_key (may be NULL) also finds a user's event registrations by e-mail.
 */
int cal_items_load(struct db *db, struct arena *a, const char *lang, enum calendar_owner type,
                   int64_t owner_id, const char *email_key, const char *from, const char *to,
                   struct cal_items *out /* OUT */);

/* "user", "centre" or "cohort", as stored */
const char *cal_owner_name(enum calendar_owner type);
/* Replace an owner's token (the old feed URL stops working); inside a transaction. */
int cal_token_reset(struct db *db, struct arena *a, enum calendar_owner type, int64_t owner_id);
/* Whose feed a token opens; DARS_ENOTFOUND for an unknown or replaced one. */
int cal_token_owner(struct db *db, const char *token, enum calendar_owner *type /* OUT */,
                    int64_t *owner_id /* OUT */);

/* ical.c: the schedule as an iCalendar text (CRLF, folded); caller frees it. */
char *cal_ical_build(const struct cal_items *items, const char *name, const char *host);

/* pages.c */
int cal_user_page(struct req *r);
int cal_user_reset_page(struct req *r);
int cal_user_reset_submit(struct req *r);
int cal_centre_page(struct req *r);
int cal_centre_reset_page(struct req *r);
int cal_centre_reset_submit(struct req *r);
int cal_cohort_page(struct req *r);
int cal_cohort_reset_page(struct req *r);
int cal_cohort_reset_submit(struct req *r);
int cal_feed(struct req *r);

#endif
