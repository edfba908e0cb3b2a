/*
 * The e-mail to everyone registered for an event that is cancelled, written
 * into the outbox in the caller's transaction (event.c cancels; registration
 * is not involved, so neither file calls the other).
 */
#include "core/base.h"
#include "events/events_int.h"
#include "core/buf.h"
#include "db/db.h"
#include "mail/mail.h"
#include "view/fmt.h"
#include "core/i18n.h"

#include <string.h>

int ev_mail_cancelled(struct req *r, const struct ev_event *ev)
{
    struct db_stmt *st;
    struct {
        const char *name, *email, *lang;
    } *to = NULL;
    size_t n = 0, cap = 0;
    int rc = db_query(r->db, &st, ev_reg_live_sql, DB_ARGS(DB_INT(ev->id)));

    if (rc < 0)
        return rc;
    /* read them all first: the outbox inserts go through the same connection */
    while ((rc = db_step(st)) == DB_ROW) {
        to = arena_grow(&r->arena, to, n, &cap, sizeof(*to));
        to[n].name = arena_strdup(&r->arena, db_col_text(st, 0));
        to[n].email = arena_strdup(&r->arena, db_col_text(st, 1));
        to[n].lang = arena_strdup(&r->arena, db_col_text(st, 2));
        n++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    for (size_t i = 0; i < n && rc >= 0; i++) {
        const char *lang = i18n_lang_known(to[i].lang) ? to[i].lang : "en";
        struct buf b = BUF_INIT;
        /* the message's own words first; the typed name only labelled, after them */
        buf_addf(&b, _(lang, "We are sorry: the event \"%s\" is cancelled and will not take "
                             "place. Your registration is no longer needed."),
                 ev->title);
        buf_adds(&b, "\n\n");
        buf_addf(&b, "%s ", _(lang, "When:"));
        fmt_datetime(&b, lang, ev->starts_at, ev->timezone);
        buf_addf(&b, " (%s)\n%s %s\n%s/events/%lld\n", ev->timezone, _(lang, "Registered as:"),
                 to[i].name, http_site_url(r), (long long)ev->id);
        rc = mail_enqueue(r->db, to[i].email,
                          arena_printf(&r->arena, _(lang, "Cancelled: %s"), ev->title), b.ptr);
        buf_release(&b);
    }
    return rc < 0 ? rc : 0;
}
