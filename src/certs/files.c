/*
 * A certificate's files: /certificates/{code}.pdf for the holder and those
 * who manage its course (or, for a programme's, its issuing centre), the
 * Open Badges credential /certificates/{code}.jwt for anyone (not once
 * revoked), and the public keys at /.well-known/jwks.json.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "db/db.h"
#include "http/http.h"
#include "org/org.h"

#include <string.h>

/*
 * May the signed-in user have c's PDF? The holder, and for a course's
 * certificate those who manage the course (catalog_may_manage); for a
 * programme's, admins and the managers of its issuing centre.
 */
int cert_may_read(struct req *r, const struct cert *c, bool *yes)
{
    int64_t centre = 0;
    int rc;
    *yes = false;
    if (!r->user)
        return 0;
    if (r->user->id == c->user_id || r->user->is_admin) {
        *yes = true;
        return 0;
    }
    if (c->course) {
        struct catalog_course co;
        rc = catalog_course_get(r->db, &r->arena, c->course, r->lang, &co);
        if (rc == DARS_ENOTFOUND)
            return 0;
        return rc < 0 ? rc : catalog_may_manage(r, &co, yes);
    }
    if (c->centre_code) {
        if ((rc = org_centre_id(r->db, c->centre_code, &centre)) < 0)
            return rc == DARS_ENOTFOUND ? 0 : rc;
        *yes = http_user_manages_centre(r, centre);
    }
    return 0;
}

/*
 * The PDF as kept; one whose drawing did not happen (the server stopped
 * between the commit and the drawing) is drawn now and kept.
 */
int cert_pdf_bytes(struct db *db, struct arena *a, const struct cert *c, const void **pdf,
                   size_t *len)
{
    struct db_stmt *st;
    int rc;
    for (int attempt = 0; attempt < 2; attempt++) {
        if ((rc = db_query_row(db, &st, cert_pdf_get_sql, DB_ARGS(DB_TEXT(c->code)))) < 0)
            return rc;
        *pdf = db_col_blob(st, 0, a, len);
        db_done(st);
        if (*pdf)
            return 0;
        const char *codes[] = { c->code };
        if (attempt == 0 && (rc = cert_pdf_make(db, a, codes, 1)) < 0)
            return rc;
    }
    return DARS_ERR;
}

/* GET /certificates/{code}.pdf */
int certs_pdf_file(struct req *r)
{
    struct cert c;
    const void *pdf;
    size_t len;
    bool yes;
    int rc = cert_load(r->db, &r->arena, r->params[0], &c);
    if (rc < 0)
        return rc;
    if ((rc = cert_may_read(r, &c, &yes)) < 0)
        return rc;
    if (!yes)
        return DARS_EDENIED;
    if ((rc = cert_pdf_bytes(r->db, &r->arena, &c, &pdf, &len)) < 0)
        return rc;
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "inline; filename=\"certificate-%s.pdf\"", c.code));
    http_add_header(r, "Cache-Control", "private, no-store");
    return http_send(r, 200, "application/pdf", pdf, len);
}

/* GET /certificates/{code}.jwt: public, as the verify page is; gone once revoked */
int certs_jwt_file(struct req *r)
{
    struct cert c;
    const char *jws;
    int rc = cert_load(r->db, &r->arena, r->params[0], &c);
    if (rc < 0)
        return rc;
    if (streq(c.status, "revoked"))
        return DARS_ENOTFOUND;
    if ((rc = cert_badge_jws(r->db, &r->arena, &c, http_site_url(r), &jws)) < 0)
        return rc;
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "inline; filename=\"certificate-%s.jwt\"", c.code));
    http_add_header(r, "Access-Control-Allow-Origin", "*");
    return http_send(r, 200, "application/jwt", jws, strlen(jws));
}

/* GET /.well-known/jwks.json */
int certs_jwks_file(struct req *r)
{
    json_t *jwks;
    int rc = certs_jwks(r->db, &r->arena, &jwks);
    if (rc < 0)
        return rc;
    http_add_header(r, "Access-Control-Allow-Origin", "*");
    http_add_header(r, "Cache-Control", "public, max-age=300");
    return http_json(r, 200, jwks); /* takes jwks */
}
