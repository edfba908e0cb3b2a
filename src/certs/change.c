/*
 * What the API (api.c) and the register's pages (manage.c) share when a
 * certificate is issued by hand, revoked or corrected: who may, the checks
 * of what people type, and the transactions. One code path for both, so
 * that a page and a program cannot disagree on a rule. Messages are the
 * API's (field names as it names them); a page says them in sentences of its
 * own, in the reader's language (manage.c).
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/i18n.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/http.h"
#include "view/form.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool cert_may_see(struct req *r, const struct cert *c)
{
    return r->user->is_admin || c->user_id == r->user->id ||
           (c->centre_id && accounts_can_read_centre(r, c->centre_id));
}

bool cert_may_change(struct req *r, int64_t centre_id)
{
    return r->user->is_admin || (centre_id && accounts_can_manage_centre(r, centre_id));
}

int cert_load_seen(struct req *r, struct cert *c)
{
    int rc = cert_load(r->db, &r->arena, r->params[0], c);
    if (rc < 0)
        return rc;
    return cert_may_see(r, c) ? 0 : DARS_ENOTFOUND;
}

void cert_reason_check(json_t *errors, const char *reason)
{
    if (!reason || !*reason || utf8_len(reason) > 1000)
        form_error(errors, "reason", "is required (up to 1000 characters)");
}

void cert_holder_check(struct arena *a, json_t *errors, const char *holder, const char **out)
{
    *out = holder ? form_text_norm(a, holder) : NULL;
    if (!*out || !**out || utf8_len(*out) > 200 || strchr(*out, '\n') || strchr(*out, '\r'))
        form_error(errors, "holder", "is required (one line, up to 200 characters)");
}

void cert_hours_check(json_t *errors, const char *text, double *out)
{
    char buf[32], *end;
    *out = -1;
    if (!text || !*text)
        return;
    /* a decimal comma is how ru, az and uz readers write 12,5 */
    size_t n = strlen(text);
    if (n >= sizeof(buf) || strspn(text, "0123456789.,") != n) {
        form_error(errors, "hours", "must be a number of hours above 0, up to 10000");
        return;
    }
    memcpy(buf, text, n + 1);
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    double h = strtod(buf, &end);
    if (*end || !(h > 0 && h <= 10000))
        form_error(errors, "hours", "must be a number of hours above 0, up to 10000");
    else
        *out = round(h * 60) / 60; /* kept to the minute, as issuing keeps them */
}

int cert_revoke_tx(struct req *r, const struct cert *c, const char *reason)
{
    struct actor who = accounts_actor(r);
    int rc;

    if (!cert_may_change(r, c->centre_id))
        return DARS_EDENIED;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    return db_tx_end(r->db, cert_revoke(r->db, &r->arena, &who, c, reason));
}

int cert_replace_tx(struct req *r, const struct cert *c, const char *holder, double hours,
                    const char **code)
{
    struct actor who = accounts_actor(r);
    int rc;

    if (!cert_may_change(r, c->centre_id))
        return DARS_EDENIED;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    return db_tx_end(r->db, cert_replace(r->db, &r->arena, &who, c, holder, hours, code));
}

/* "2026-03-01" as the instant a hand-issued certificate bears: that day's noon, UTC */
static const char *completed_instant(struct arena *a, json_t *errors, const char *on)
{
    char today[TIME_ISO_LEN], back[TIME_ISO_LEN];
    int y, m, d;
    time_t t;

    if (!on || !*on)
        return NULL;
    const char *iso = arena_printf(a, "%.10sT12:00:00Z", on);
    time_now_iso(today);
    bool ok = strlen(on) == 10 && time_shaped(on, "9999-99-99") &&
              sscanf(on, "%4d-%2d-%2d", &y, &m, &d) == 3 && time_from_iso(iso, &t) == 0;
    if (ok) { /* a day that does not exist (2026-02-30) comes back as another */
        time_to_iso(back, t);
        ok = strncmp(back, iso, 10) == 0;
    }
    if (!ok) {
        form_error(errors, "completed_on", "must be a date (YYYY-MM-DD)");
        return NULL;
    }
    if (strncmp(on, today, 10) > 0 || y < 2000) {
        form_error(errors, "completed_on", "must be a day between 2000 and today");
        return NULL;
    }
    /* today's: the instant of issue itself, so that it never lies ahead of the register */
    return strncmp(on, today, 10) == 0 ? NULL : iso;
}

int cert_issue_manual(struct req *r, const struct cert_manual *m, json_t *errors,
                      const char **code)
{
    struct actor who = accounts_actor(r);
    struct accounts_user_ref u;
    struct cert_new in;
    int64_t course_id = 0, programme_id = 0, centre_id = 0;
    bool has_course = m->course && *m->course, has_programme = m->programme && *m->programme;
    int rc;

    if (!m->user || !*m->user)
        form_error(errors, "user", "is required");
    if (has_course == has_programme)
        form_error(errors, "course", "give a course or a programme");
    const char *issued_at = completed_instant(&r->arena, errors, m->completed_on);
    /* every field is looked at, so that a form can show each problem at once */
    memset(&u, 0, sizeof(u));
    rc = m->user && *m->user ? accounts_user_by_email(r->db, &r->arena, m->user, &u) : 0;
    if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID)
        form_error(errors, "user", "is not a user");
    else if (rc < 0)
        return rc;
    if (has_course && !has_programme) {
        struct catalog_course c;
        rc = catalog_course_get(r->db, &r->arena, m->course, r->lang, &c);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "course", "is not a course");
        else if (rc < 0)
            return rc;
        else {
            course_id = c.id;
            centre_id = c.centre_id;
        }
    } else if (has_programme && !has_course) {
        rc = catalog_programme_id(r->db, &r->arena, m->programme, &programme_id);
        if (rc == DARS_ENOTFOUND)
            form_error(errors, "programme", "is not a programme");
        else if (rc < 0)
            return rc;
        /* a programme has no centre of its own: the holder's issues it */
        centre_id = u.centre_id;
    }
    if (json_object_size(errors))
        return DARS_EINVALID;
    if (!cert_may_change(r, centre_id))
        return DARS_EDENIED;
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = cert_new_for(r->db, &r->arena, u.id, course_id, programme_id, centre_id, &in);
    if (rc == 0) {
        in.issued_at = issued_at;
        if (m->hours >= 0)
            in.hours = m->hours;
        rc = cert_issue(r->db, &r->arena, &who, &in, code);
    }
    return db_tx_end(r->db, rc);
}
