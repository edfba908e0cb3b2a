/*
 * /api/v1/certificates (DESIGN.md 6a). Who reads: admins all, managers and
 * analysts the certificates their scope's centres issued, and a holder their
 * own. Who issues by hand, revokes and corrects: admins, and managers of the
 * issuing centre (for a course, the course's centre; for a programme, the
 * holder's); a national certificate is the admins'.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/api.h"

#include <string.h>

static const char *const statuses[] = { "valid", "expired", "revoked", "replaced", NULL };

static bool may_read(struct req *r, const struct cert *c)
{
    return r->user->is_admin || c->user_id == r->user->id ||
           (c->centre_id && accounts_can_read_centre(r, c->centre_id));
}

static bool may_change(struct req *r, int64_t centre_id)
{
    return r->user->is_admin || (centre_id && accounts_can_manage_centre(r, centre_id));
}

static json_t *list_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct cert c;
    cert_row(st, &r->arena, data, &c);
    *id = c.id;
    return cert_json(&c, http_site_url(r));
}

/* GET /api/v1/certificates[?user=EMAIL][&course=CODE][&programme=CODE][&status=S] */
int certs_api_list(struct req *r)
{
    char now[TIME_ISO_LEN];
    struct api_page p;
    struct db_stmt *st;
    int64_t course_id = 0, programme_id = 0;
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *user = http_query(r, "user"), *course = http_query(r, "course"),
               *programme = http_query(r, "programme"), *status = http_query(r, "status");
    json_t *errors = json_object();
    const char *key = user && *user ? utf8_fold(&r->arena, user) : "";
    if (!key)
        json_object_set_new(errors, "user", json_string("is not an e-mail address"));
    if (course && *course) {
        struct catalog_course c;
        rc = catalog_course_get(r->db, &r->arena, course, r->lang, &c);
        if (rc == DARS_ENOTFOUND)
            json_object_set_new(errors, "course", json_string("is not a course"));
        else if (rc < 0)
            goto fail;
        else
            course_id = c.id;
    }
    if (programme && *programme) {
        rc = catalog_programme_id(r->db, &r->arena, programme, &programme_id);
        if (rc == DARS_ENOTFOUND)
            json_object_set_new(errors, "programme", json_string("is not a programme"));
        else if (rc < 0)
            goto fail;
    }
    bool known = !status || !*status;
    for (size_t i = 0; !known && statuses[i]; i++)
        known = streq(status, statuses[i]);
    if (!known)
        json_object_set_new(errors, "status",
                            json_string("must be valid, expired, revoked or replaced"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if (!status)
        status = "";
    time_now_iso(now);
    if ((rc = db_query(r->db, &st, cert_list_sql,
                       DB_ARGS(DB_INT(p.after), DB_TEXT(key), DB_TEXT(key), DB_INT(course_id),
                               DB_INT(course_id), DB_INT(programme_id), DB_INT(programme_id),
                               DB_TEXT(status), DB_TEXT(now), DB_TEXT(status),
                               DB_INT(r->user->is_admin), DB_INT(r->user->id),
                               DB_INT(r->user->id), DB_INT(p.limit + 1)))) < 0)
        return rc;
    return api_page_rows(r, &p, st, list_row, now);
fail:
    json_decref(errors);
    return rc;
}

/* The certificate of the path's code, if the caller may read it (else 404: codes are secrets). */
static int load(struct req *r, struct cert *c)
{
    int rc = cert_load(r->db, &r->arena, r->params[0], c);
    if (rc < 0)
        return rc;
    return may_read(r, c) ? 0 : DARS_ENOTFOUND;
}

static int send_code(struct req *r, int status, const char *code)
{
    struct cert c;
    int rc = cert_load(r->db, &r->arena, code, &c);
    return rc < 0 ? rc : http_json(r, status, cert_json(&c, http_site_url(r)));
}

/* GET /api/v1/certificates/:code */
int certs_api_get(struct req *r)
{
    struct cert c;
    int rc = load(r, &c);
    return rc < 0 ? rc : http_json(r, 200, cert_json(&c, http_site_url(r)));
}

/* POST /api/v1/certificates {"user": EMAIL, "course": CODE | "programme": CODE} */
int certs_api_issue(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    struct actor who = accounts_actor(r);
    struct accounts_user_ref u;
    struct cert_new in;
    const char *user = NULL, *course = NULL, *programme = NULL, *code = NULL;
    int64_t course_id = 0, programme_id = 0, centre_id = 0;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_str(body, "user", errors, &user);
    api_str(body, "course", errors, &course);
    api_str(body, "programme", errors, &programme);
    bool has_course = course && *course, has_programme = programme && *programme;
    if (!user || !*user)
        json_object_set_new(errors, "user", json_string("is required"));
    if (has_course == has_programme && !json_object_get(errors, "course"))
        json_object_set_new(errors, "course", json_string("give a course or a programme"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    rc = accounts_user_by_email(r->db, &r->arena, user, &u);
    if (rc == DARS_ENOTFOUND || rc == DARS_EINVALID)
        json_object_set_new(errors, "user", json_string("is not a user"));
    else if (rc < 0)
        goto fail;
    if (has_course) {
        struct catalog_course c;
        rc = catalog_course_get(r->db, &r->arena, course, r->lang, &c);
        if (rc == DARS_ENOTFOUND)
            json_object_set_new(errors, "course", json_string("is not a course"));
        else if (rc < 0)
            goto fail;
        else {
            course_id = c.id;
            centre_id = c.centre_id;
        }
    } else {
        rc = catalog_programme_id(r->db, &r->arena, programme, &programme_id);
        if (rc == DARS_ENOTFOUND)
            json_object_set_new(errors, "programme", json_string("is not a programme"));
        else if (rc < 0)
            goto fail;
        centre_id = u.centre_id;
    }
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if (!may_change(r, centre_id))
        return http_problem(r, 403, "Forbidden",
                            "you may issue certificates only for what your scope's centres teach");
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = cert_new_for(r->db, &r->arena, u.id, course_id, programme_id, centre_id, &in);
    if (rc == 0)
        rc = cert_issue(r->db, &r->arena, &who, &in, &code);
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    return send_code(r, 201, code);
fail:
    json_decref(errors);
    return rc;
}

/* POST /api/v1/certificates/:code/revoke {"reason": TEXT} */
int certs_api_revoke(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    struct actor who = accounts_actor(r);
    const char *reason = NULL;
    struct cert c;
    int rc;

    if (!body)
        return 0;
    if ((rc = load(r, &c)) < 0)
        return rc;
    errors = json_object();
    api_str(body, "reason", errors, &reason);
    if (!json_object_get(errors, "reason") && (!reason || !*reason || strlen(reason) > 1000))
        json_object_set_new(errors, "reason", json_string("is required (up to 1000 characters)"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if (!may_change(r, c.centre_id))
        return http_problem(r, 403, "Forbidden",
                            "you may revoke only what your scope's centres issued");
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, cert_revoke(r->db, &r->arena, &who, &c, reason))) < 0) {
        if (rc == DARS_ECONFLICT)
            return http_problem(r, 409, "Conflict",
                                arena_printf(&r->arena, "the certificate is %s", c.status));
        return rc;
    }
    return send_code(r, 200, c.code);
}

/*
 * POST /api/v1/certificates/:code/replace {"holder": NAME}: a corrected
 * name, issued anew with a new code; the old one is replaced by it.
 */
int certs_api_replace(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    struct actor who = accounts_actor(r);
    const char *holder = NULL, *code = NULL;
    struct cert c;
    int rc;

    if (!body)
        return 0;
    if ((rc = load(r, &c)) < 0)
        return rc;
    errors = json_object();
    api_str(body, "holder", errors, &holder);
    if (holder)
        holder = utf8_nfc(&r->arena, holder);
    if (!json_object_get(errors, "holder") &&
        (!holder || !*holder || strlen(holder) > 200 || strchr(holder, '\n')))
        json_object_set_new(errors, "holder", json_string("is required (one line, up to 200 "
                                                          "characters)"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    if (!may_change(r, c.centre_id))
        return http_problem(r, 403, "Forbidden",
                            "you may correct only what your scope's centres issued");
    if ((rc = db_tx_begin(r->db)) < 0 ||
        (rc = db_tx_end(r->db, cert_replace(r->db, &r->arena, &who, &c, holder, &code))) < 0) {
        if (rc == DARS_ECONFLICT)
            return http_problem(r, 409, "Conflict",
                                arena_printf(&r->arena, "the certificate is %s", c.status));
        return rc;
    }
    return send_code(r, 201, code);
}
