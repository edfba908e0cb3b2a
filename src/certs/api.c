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
#include "view/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const statuses[] = { "valid", "expired", "revoked", "replaced", NULL };

static json_t *list_row(struct req *r, struct db_stmt *st, void *data, int64_t *id)
{
    struct cert c;
    cert_row(st, &r->arena, data, &c);
    *id = c.id;
    return cert_json(&c, http_site_url(r));
}

/*
 * GET /api/v1/certificates[?user=EMAIL][&course=CODE][&programme=CODE][&status=S]
 * [&q=TEXT][&centre=CODE][&year=YYYY]: the register's filters (cert_list_open)
 */
int certs_api_list(struct req *r)
{
    char now[TIME_ISO_LEN];
    struct api_page p;
    struct db_stmt *st;
    struct cert_filter f = { 0 };
    int rc;

    if (api_page_begin(r, &p) < 0)
        return 0;
    const char *user = http_query(r, "user"), *course = http_query(r, "course"),
               *programme = http_query(r, "programme"), *status = http_query(r, "status"),
               *year = http_query(r, "year");
    json_t *errors = json_object();
    f.user_key = user && *user ? utf8_fold(&r->arena, user) : "";
    if (!f.user_key)
        json_object_set_new(errors, "user", json_string("is not an e-mail address"));
    if (course && *course) {
        struct catalog_course c;
        rc = catalog_course_get(r->db, &r->arena, course, r->lang, &c);
        if (rc == DARS_ENOTFOUND)
            json_object_set_new(errors, "course", json_string("is not a course"));
        else if (rc < 0)
            goto fail;
        else
            f.course_id = c.id;
    }
    if (programme && *programme) {
        rc = catalog_programme_id(r->db, &r->arena, programme, &f.programme_id);
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
    if (year && *year && (!time_shaped(year, "9999") || atoi(year) < 2000))
        json_object_set_new(errors, "year", json_string("must be a year (YYYY)"));
    f.q = http_query(r, "q");
    if (f.q && !utf8_is_valid(f.q, strlen(f.q)))
        json_object_set_new(errors, "q", json_string("is not UTF-8 text"));
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    f.status = status;
    f.centre = form_code_norm(&r->arena, http_query(r, "centre") ? http_query(r, "centre") : "");
    f.year = year && *year ? atoi(year) : 0;
    time_now_iso(now);
    if ((rc = cert_list_open(r, &f, false, p.after, p.limit + 1, now, &st)) < 0)
        return rc;
    return api_page_rows(r, &p, st, list_row, now);
fail:
    json_decref(errors);
    return rc;
}

/* The optional "hours" member: a number above 0 (*out -1 when absent or null). */
static void hours_member(json_t *body, json_t *errors, double *out)
{
    json_t *h = json_object_get(body, "hours");
    *out = -1;
    if (!h || json_is_null(h))
        return;
    if (!json_is_number(h)) {
        json_object_set_new(errors, "hours", json_string("must be a number of hours above 0, "
                                                         "up to 10000"));
        return;
    }
    char text[32];
    snprintf(text, sizeof(text), "%.4f", json_number_value(h));
    cert_hours_check(errors, json_number_value(h) > 0 ? text : "x", out);
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
    int rc = cert_load_seen(r, &c);
    return rc < 0 ? rc : http_json(r, 200, cert_json(&c, http_site_url(r)));
}

/*
 * POST /api/v1/certificates {"user": EMAIL, "course": CODE | "programme": CODE,
 * "completed_on": "YYYY-MM-DD" (optional: today), "hours": NUMBER (optional)}
 */
int certs_api_issue(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    struct cert_manual m = { .hours = -1 };
    const char *code = NULL;
    int rc;

    if (!body)
        return 0;
    errors = json_object();
    api_str(body, "user", errors, &m.user);
    api_str(body, "course", errors, &m.course);
    api_str(body, "programme", errors, &m.programme);
    api_str(body, "completed_on", errors, &m.completed_on);
    hours_member(body, errors, &m.hours);
    /* its own checks add theirs (errors so far included): every problem in one answer */
    rc = cert_issue_manual(r, &m, errors, &code);
    if (rc == DARS_EINVALID)
        return http_problem_fields(r, errors);
    json_decref(errors);
    if (rc == DARS_EDENIED)
        return http_problem(r, 403, "Forbidden",
                            "you may issue certificates only for what your scope's centres teach");
    return rc < 0 ? rc : send_code(r, 201, code);
}

static int conflict(struct req *r, const struct cert *c)
{
    return http_problem(r, 409, "Conflict",
                        arena_printf(&r->arena, "the certificate is %s", c->status));
}

/* POST /api/v1/certificates/:code/revoke {"reason": TEXT} */
int certs_api_revoke(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    const char *reason = NULL;
    struct cert c;
    int rc;

    if (!body)
        return 0;
    if ((rc = cert_load_seen(r, &c)) < 0)
        return rc;
    errors = json_object();
    if (api_str(body, "reason", errors, &reason) == 0)
        cert_reason_check(errors, reason);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    rc = cert_revoke_tx(r, &c, reason);
    if (rc == DARS_EDENIED)
        return http_problem(r, 403, "Forbidden",
                            "you may revoke only what your scope's centres issued");
    if (rc == DARS_ECONFLICT)
        return conflict(r, &c);
    return rc < 0 ? rc : send_code(r, 200, c.code);
}

/*
 * POST /api/v1/certificates/:code/replace {"holder": NAME, "hours": NUMBER
 * (optional: kept)}: a corrected name, issued anew with a new code; the old
 * one is replaced by it.
 */
int certs_api_replace(struct req *r)
{
    json_t *body = http_json_body(r), *errors;
    const char *holder = NULL, *code = NULL;
    double hours = -1;
    struct cert c;
    int rc;

    if (!body)
        return 0;
    if ((rc = cert_load_seen(r, &c)) < 0)
        return rc;
    errors = json_object();
    if (api_str(body, "holder", errors, &holder) == 0)
        cert_holder_check(&r->arena, errors, holder, &holder);
    hours_member(body, errors, &hours);
    if (json_object_size(errors))
        return http_problem_fields(r, errors);
    json_decref(errors);
    rc = cert_replace_tx(r, &c, holder, hours, &code);
    if (rc == DARS_EDENIED)
        return http_problem(r, 403, "Forbidden",
                            "you may correct only what your scope's centres issued");
    if (rc == DARS_ECONFLICT)
        return conflict(r, &c);
    return rc < 0 ? rc : send_code(r, 201, code);
}
