/*
 * INTERIM (K2's branch only): a plain cert_load() so that the PDF, the
 * badge and the downloads can be built and tested before the issuing part
 * (certificate.c, K1) is merged. The lead drops this file at the merge in
 * favour of certificate.c's cert_load(), which has the same contract.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/time.h"
#include "db/db.h"

#include <stdlib.h>
#include <string.h>

static const char load_sql[] =
    "SELECT c.id, c.code, c.number, c.user_id, u.email, c.holder, co.code, p.code, c.title,"
    " c.language, ce.code, ce.name, c.hours, c.issued_at, c.expires_at, c.status,"
    " c.revoked_at, c.revoke_reason, r.code, c.template_id, c.pdf IS NOT NULL"
    " FROM certificates c JOIN users u ON u.id = c.user_id"
    " LEFT JOIN courses co ON co.id = c.course_id"
    " LEFT JOIN programmes p ON p.id = c.programme_id"
    " LEFT JOIN centres ce ON ce.id = c.centre_id"
    " LEFT JOIN certificates r ON r.id = c.replaced_by WHERE c.code = ?";

static const char *opt(struct arena *a, struct db_stmt *st, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

int cert_load(struct db *db, struct arena *a, const char *code, struct cert *out)
{
    struct db_stmt *st;
    char now[TIME_ISO_LEN];
    int rc = db_query_row(db, &st, load_sql, DB_ARGS(DB_TEXT(code)));
    if (rc < 0)
        return rc;
    *out = (struct cert){
        .id = db_col_int(st, 0),
        .code = opt(a, st, 1),
        .number = opt(a, st, 2),
        .user_id = db_col_int(st, 3),
        .email = opt(a, st, 4),
        .holder = opt(a, st, 5),
        .course = opt(a, st, 6),
        .programme = opt(a, st, 7),
        .title = opt(a, st, 8),
        .language = opt(a, st, 9),
        .centre_code = opt(a, st, 10),
        .centre_name = opt(a, st, 11),
        .has_hours = !db_col_is_null(st, 12),
        .hours = db_col_is_null(st, 12) ? 0 : strtod(db_col_text(st, 12), NULL),
        .issued_at = opt(a, st, 13),
        .expires_at = opt(a, st, 14),
        .status = opt(a, st, 15),
        .revoked_at = opt(a, st, 16),
        .revoke_reason = opt(a, st, 17),
        .replaced_by = opt(a, st, 18),
        .template_id = db_col_int(st, 19),
        .has_pdf = db_col_int(st, 20) != 0,
    };
    db_done(st);
    time_now_iso(now);
    if (streq(out->status, "valid") && out->expires_at && strcmp(out->expires_at, now) <= 0)
        out->status = "expired";
    return 0;
}
