/*
 * The calendar's store: feed tokens (created on first use, replaced on
 * reset) and the items of a schedule (cohort sessions and events) read
 * through the cohorts' and events' derived tables, a fixed number of
 * statements whatever the size of the schedule.
 */
#include "core/base.h"
#include "calendar/calendar_int.h"
#include "accounts/accounts.h"
#include "core/time.h"
#include "db/db.h"


static const char *const owner_names[] = {
    [CALENDAR_USER] = "user",
    [CALENDAR_CENTRE] = "centre",
    [CALENDAR_COHORT] = "cohort",
};

const char *cal_owner_name(enum calendar_owner type)
{
    return owner_names[type];
}

/* A feed's secret: 24 random bytes, 32 URL-safe characters, unguessable. */
#define CAL_TOKEN_BYTES 24

static int token_get(struct db *db, struct arena *a, enum calendar_owner type, int64_t owner_id,
                     const char **token)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, cal_token_sql,
                          DB_ARGS(DB_TEXT(owner_names[type]), DB_INT(owner_id)));
    if (rc < 0)
        return rc;
    *token = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return 0;
}

int calendar_feed_path(struct db *db, struct arena *a, enum calendar_owner type, int64_t owner_id,
                       const char **path)
{
    char now[TIME_ISO_LEN];
    const char *t = NULL;
    int rc = token_get(db, a, type, owner_id, &t);

    if (rc == DARS_ENOTFOUND) {
        const char *token = accounts_random_token(a, CAL_TOKEN_BYTES);
        time_now_iso(now);
        rc = db_exec(db, cal_token_insert_sql,
                     DB_ARGS(DB_TEXT(owner_names[type]), DB_INT(owner_id), DB_TEXT(token),
                             DB_TEXT(now), DB_TEXT(now)));
        if (rc == 0)
            rc = token_get(db, a, type, owner_id, &t);
    }
    if (rc < 0)
        return rc;
    *path = arena_printf(a, "/calendar/feeds/%s.ics", t);
    return 0;
}

int calendar_cohort_feed_path(struct db *db, struct arena *a, int64_t cohort_id, const char **path)
{
    return calendar_feed_path(db, a, CALENDAR_COHORT, cohort_id, path);
}

int cal_token_reset(struct db *db, struct arena *a, enum calendar_owner type, int64_t owner_id)
{
    char now[TIME_ISO_LEN];
    const char *token = accounts_random_token(a, CAL_TOKEN_BYTES);
    time_now_iso(now);
    return db_exec(db, cal_token_reset_sql,
                   DB_ARGS(DB_TEXT(owner_names[type]), DB_INT(owner_id), DB_TEXT(token),
                           DB_TEXT(now), DB_TEXT(now)));
}

int cal_token_owner(struct db *db, const char *token, enum calendar_owner *type, int64_t *owner_id)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, cal_by_token_sql, DB_ARGS(DB_TEXT(token)));
    if (rc < 0)
        return rc;
    rc = DARS_ENOTFOUND; /* an owner type this build does not know */
    for (size_t i = 0; i < ARRAY_SIZE(owner_names); i++)
        if (streq(owner_names[i], db_col_text(st, 0))) {
            *type = (enum calendar_owner)i;
            rc = 0;
        }
    *owner_id = db_col_int(st, 1);
    db_done(st);
    return rc;
}

static struct cal_item *item_add(struct arena *a, struct cal_items *out)
{
    out->v = arena_grow(a, out->v, out->n, &out->alloc, sizeof(*out->v));
    struct cal_item *it = &out->v[out->n++];
    memset(it, 0, sizeof(*it));
    return it;
}

static int sessions_load(struct arena *a, struct db_stmt *st, struct cal_items *out)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct cal_item *it = item_add(a, out);
        const char *centre = db_col_text(st, 3), *room = db_col_text(st, 7);
        it->id = db_col_int(st, 0);
        it->title = arena_strdup(a, db_col_text(st, 2));
        it->description = arena_strdup(a, db_col_text(st, 1));
        it->location = *room ? arena_printf(a, "%s, %s", centre, room) : arena_strdup(a, centre);
        it->url = arena_printf(a, "/cohorts/%lld/calendar", (long long)db_col_int(st, 9));
        it->timezone = arena_strdup(a, db_col_text(st, 4));
        it->starts_at = arena_strdup(a, db_col_text(st, 5));
        it->ends_at = arena_strdup(a, db_col_text(st, 6));
        it->updated_at = arena_strdup(a, db_col_text(st, 8));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int events_load(struct arena *a, struct db_stmt *st, struct cal_items *out)
{
    int rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct cal_item *it = item_add(a, out);
        const char *centre = db_col_text(st, 7), *online = db_col_text(st, 8);
        it->is_event = true;
        it->id = db_col_int(st, 0);
        it->title = arena_strdup(a, db_col_text(st, 1));
        it->description = arena_strdup(a, db_col_text(st, 2));
        it->location = arena_strdup(a, *centre ? centre : online);
        it->url = arena_printf(a, "/events/%lld", (long long)it->id);
        it->starts_at = arena_strdup(a, db_col_text(st, 4));
        it->ends_at = arena_strdup(a, db_col_text(st, 5));
        it->timezone = arena_strdup(a, db_col_text(st, 6));
        it->updated_at = arena_strdup(a, db_col_text(st, 9));
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int item_cmp(const void *x, const void *y)
{
    const struct cal_item *a = x, *b = y;
    int c = strcmp(a->starts_at, b->starts_at);
    return c ? c : (a->id > b->id) - (a->id < b->id);
}

int cal_items_load(struct db *db, struct arena *a, const char *lang, enum calendar_owner type,
                   int64_t owner_id, const char *email_key, const char *from, const char *to,
                   struct cal_items *out)
{
    struct db_stmt *st;
    int rc;

    memset(out, 0, sizeof(*out));
    switch (type) {
    case CALENDAR_USER:
        rc = db_query(db, &st, cal_user_sessions_sql,
                      DB_ARGS(DB_TEXT(lang), DB_TEXT(to), DB_TEXT(from), DB_INT(owner_id),
                              DB_INT(owner_id)));
        break;
    case CALENDAR_CENTRE:
        rc = db_query(db, &st, cal_centre_sessions_sql,
                      DB_ARGS(DB_TEXT(lang), DB_TEXT(to), DB_TEXT(from), DB_INT(owner_id)));
        break;
    default:
        rc = db_query(db, &st, cal_cohort_sessions_sql,
                      DB_ARGS(DB_TEXT(lang), DB_TEXT(to), DB_TEXT(from), DB_INT(owner_id)));
        break;
    }
    if (rc < 0 || (rc = sessions_load(a, st, out)) < 0)
        return rc;
    if (type == CALENDAR_USER)
        rc = db_query(db, &st, cal_user_events_sql,
                      DB_ARGS(DB_TEXT(to), DB_TEXT(from), DB_INT(owner_id), DB_TEXT(email_key)));
    else if (type == CALENDAR_CENTRE)
        rc = db_query(db, &st, cal_centre_events_sql,
                      DB_ARGS(DB_TEXT(to), DB_TEXT(from), DB_INT(owner_id)));
    else
        return 0; /* a cohort's calendar is its sessions */
    if (rc < 0 || (rc = events_load(a, st, out)) < 0)
        return rc;
    if (out->n > 1)
        qsort(out->v, out->n, sizeof(out->v[0]), item_cmp);
    return 0;
}
