/*
 * A learner's own certificates on /my (enrol's page, through its hook
 * enrol_my_certificates): each with its PDF to download and its public
 * verify URL to share. Replaced ones are left out (the correction that
 * replaced them is listed); revoked and expired ones stay, marked so.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/i18n.h"
#include "core/time.h"
#include "db/db.h"
#include "http/http.h"
#include "view/view.h"

const char *cert_status_tag(const char *status)
{
    return streq(status, "valid") ? "tag-green" : streq(status, "revoked") ? "tag-red" : "tag-grey";
}

const char *cert_status_words(const char *lang, const char *status)
{
    if (streq(status, "valid"))
        return _(lang, "Valid");
    if (streq(status, "expired"))
        return _(lang, "Expired");
    if (streq(status, "revoked"))
        return _(lang, "Revoked");
    return _(lang, "Replaced");
}

int certs_my_list(struct req *r, struct val **out)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int rc;

    *out = val_list(&r->arena);
    time_now_iso(now);
    if ((rc = db_query(r->db, &st, cert_for_user_sql, DB_ARGS(DB_INT(r->user->id)))) < 0)
        return rc;
    const char *site = http_site_url(r);
    while ((rc = db_step(st)) == DB_ROW) {
        struct cert c;
        cert_row(st, &r->arena, now, &c);
        bool usable = !streq(c.status, "revoked");
        struct val *v = val_pack(
            &r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "title", c.title, "number", c.number,
            "code", c.code, "issued_on", view_date(r, c.issued_at), "status", c.status,
            "status_label", cert_status_words(r->lang, c.status), "tag", cert_status_tag(c.status));
        val_set_str(v, "verify_url", cert_verify_url(&r->arena, site, c.code));
        /* a revoked certificate is not one to hand on: its page says so, no PDF is offered */
        if (usable)
            val_set_str(v, "pdf_url", cert_pdf_url(&r->arena, "", c.code));
        if (c.expires_at)
            val_set_str(v, "expires_on", view_date(r, c.expires_at));
        val_push(*out, v);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
