/*
 * /verify/{code}: public, without signing in. Anyone holding a certificate's
 * code (printed on it, in its QR code) sees whether it is genuine and in
 * force: holder, title, issuer, number, dates and status, in the visitor's
 * language; programs ask with Accept: application/json. Lookups are counted
 * per client address (RATE_VERIFY), so codes cannot be guessed in bulk.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/val.h"
#include "db/db.h"
#include "http/limits.h"
#include "view/fmt.h"
#include "view/view.h"

#include <string.h>

/* whether the client asked for JSON rather than a page */
static bool wants_json(struct req *r)
{
    const char *accept = http_header(r, "Accept");
    return accept && strstr(accept, "application/json") && !strstr(accept, "text/html");
}

/* the issuer as people read it: the centre, else the deployment's national name */
static const char *issuer_of(struct req *r, const struct cert *c)
{
    return c->centre_name ? c->centre_name : _(r->lang, "National certificate register");
}

static int send_json(struct req *r, const struct cert *c)
{
    json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, s:o}", "code",
                          c->code, "status", c->status, "holder", c->holder, "title", c->title,
                          "expires_at", c->expires_at ? json_string(c->expires_at) : json_null(),
                          "issued_at", c->issued_at, "issuer", issuer_of(r, c), "number",
                          c->number, "revoked_at",
                          c->revoked_at ? json_string(c->revoked_at) : json_null(),
                          "replaced_by",
                          c->replaced_by ? json_string(c->replaced_by) : json_null(),
                          "verify_url",
                          json_string(cert_verify_url(&r->arena, http_site_url(r), c->code)));
    return http_json(r, 200, o);
}

static const char *status_text(struct req *r, const char *status)
{
    if (streq(status, "valid"))
        return _(r->lang, "Valid");
    if (streq(status, "expired"))
        return _(r->lang, "Expired");
    if (streq(status, "revoked"))
        return _(r->lang, "Revoked");
    return _(r->lang, "Replaced");
}

int certs_verify_page(struct req *r)
{
    struct cert c;
    int wait, rc;

    if ((rc = rate_check(r->db, RATE_VERIFY, rate_addr(r), &wait)) < 0)
        return rc == DARS_ETHROTTLED ? http_too_many(r, wait, NULL) : rc;
    if ((rc = rate_hit(r->db, RATE_VERIFY, rate_addr(r))) < 0)
        return rc;
    rc = cert_load(r->db, &r->arena, r->params[0], &c);
    if (rc == DARS_ENOTFOUND) {
        if (wants_json(r))
            return http_problem(r, 404, "Not Found", "no certificate has this code");
        struct val *ctx = val_pack(&r->arena, "{s:s, s:o}", "title",
                                   _(r->lang, "Certificate not found"), "code",
                                   val_str(&r->arena, r->params[0]));
        return view_page_status(r, 404, "certs_verify_missing", ctx);
    }
    if (rc < 0)
        return rc;
    if (wants_json(r))
        return send_json(r, &c);
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:b, s:b, s:b, s:b}", "title",
        _(r->lang, "Certificate check"), "holder", val_str(&r->arena, c.holder), "cert_title",
        val_str(&r->arena, c.title), "number", val_str(&r->arena, c.number), "issuer",
        val_str(&r->arena, issuer_of(r, &c)), "code", val_str(&r->arena, c.code), "status",
        c.status, "status_text", status_text(r, c.status), "valid", streq(c.status, "valid"),
        "expired", streq(c.status, "expired"), "revoked", streq(c.status, "revoked"),
        "replaced", streq(c.status, "replaced"));
    val_set_str(ctx, "issued_on", view_date(r, c.issued_at));
    if (c.expires_at)
        val_set_str(ctx, "expires_on", view_date(r, c.expires_at));
    if (c.revoked_at)
        val_set_str(ctx, "revoked_on", view_date(r, c.revoked_at));
    if (c.replaced_by)
        val_set_str(ctx, "replaced_url", arena_printf(&r->arena, "/verify/%s", c.replaced_by));
    if (c.has_hours) {
        struct buf b; /* as the reader writes a number: "2,3" in vi and ru */
        buf_init_arena(&b, &r->arena, 16);
        fmt_decimal(&b, r->lang, c.hours);
        val_set_str(ctx, "hours", b.ptr);
    }
    return view_page(r, "certs_verify", ctx);
}
