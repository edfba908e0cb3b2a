/*
 * A certificate as read (cert_load, the lists) and as the API and the
 * verify page's JSON answer it. "expired" is not stored: a valid
 * certificate past its expires_at reads as expired.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "http/http.h"
#include "view/form.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *text_or_null(struct db_stmt *st, struct arena *a, int col)
{
    return db_col_is_null(st, col) ? NULL : arena_strdup(a, db_col_text(st, col));
}

void cert_row(struct db_stmt *st, struct arena *a, const char *now, struct cert *c)
{
    memset(c, 0, sizeof(*c));
    c->id = db_col_int(st, 0);
    c->code = arena_strdup(a, db_col_text(st, 1));
    c->number = arena_strdup(a, db_col_text(st, 2));
    c->user_id = db_col_int(st, 3);
    c->email = arena_strdup(a, db_col_text(st, 4));
    c->holder = arena_strdup(a, db_col_text(st, 5));
    c->course = text_or_null(st, a, 6);
    c->programme = text_or_null(st, a, 7);
    c->title = arena_strdup(a, db_col_text(st, 8));
    c->language = arena_strdup(a, db_col_text(st, 9));
    c->centre_code = text_or_null(st, a, 10);
    c->centre_name = text_or_null(st, a, 11);
    c->has_hours = !db_col_is_null(st, 12);
    c->hours = c->has_hours ? strtod(db_col_text(st, 12), NULL) : 0;
    c->issued_at = arena_strdup(a, db_col_text(st, 13));
    c->expires_at = text_or_null(st, a, 14);
    c->status = arena_strdup(a, db_col_text(st, 15));
    /* a valid one past its date has expired; nothing is written when it does */
    if (streq(c->status, "valid") && c->expires_at && strcmp(c->expires_at, now) <= 0)
        c->status = "expired";
    c->revoked_at = text_or_null(st, a, 16);
    c->revoke_reason = text_or_null(st, a, 17);
    c->replaced_by = text_or_null(st, a, 18);
    c->template_id = db_col_int(st, 19);
    c->has_pdf = db_col_int(st, 20) != 0;
    c->course_id = db_col_int(st, 21);
    c->programme_id = db_col_int(st, 22);
    c->centre_id = db_col_int(st, 23);
}

int cert_load(struct db *db, struct arena *a, const char *code, struct cert *out)
{
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int rc;

    if (!code || !*code)
        return DARS_ENOTFOUND;
    if ((rc = db_query_row(db, &st, cert_load_sql, DB_ARGS(DB_TEXT(code)))) < 0)
        return rc;
    time_now_iso(now);
    cert_row(st, a, now, out);
    db_done(st);
    return 0;
}

const char *cert_search_text(struct arena *a, const char *holder, const char *title,
                             const char *number, const char *code)
{
    const char *text = arena_printf(a, "%s %s %s %s", holder, title, number, code);
    const char *folded = utf8_fold_search(a, text);
    return folded ? folded : ""; /* stored text is valid UTF-8: not reached */
}

int cert_list_open(struct req *r, const struct cert_filter *f, bool newest_first, int64_t after,
                   int64_t limit, const char *now, struct db_stmt **st)
{
    /* from the arena: the statement reads its bound text when stepped, after this returns */
    const char *from = "", *to = "";
    const char *like = form_like(&r->arena, f->q);
    const char *key = f->user_key ? f->user_key : "", *status = f->status ? f->status : "";
    const char *centre = f->centre ? f->centre : "";

    if (f->year > 0) {
        from = arena_printf(&r->arena, "%04d-01-01T00:00:00Z", f->year);
        to = arena_printf(&r->arena, "%04d-01-01T00:00:00Z", f->year + 1);
    }
    return db_query(r->db, st, newest_first ? cert_register_sql : cert_list_sql,
                    DB_ARGS(DB_INT(after), DB_TEXT(key), DB_TEXT(key), DB_INT(f->course_id),
                            DB_INT(f->course_id), DB_INT(f->programme_id),
                            DB_INT(f->programme_id), DB_TEXT(status), DB_TEXT(now),
                            DB_TEXT(status), DB_TEXT(like), DB_TEXT(like), DB_TEXT(like),
                            DB_TEXT(like), DB_TEXT(centre), DB_TEXT(centre), DB_TEXT(from),
                            DB_TEXT(from), DB_TEXT(to), DB_INT(r->user->is_admin),
                            DB_INT(r->user->id), DB_INT(r->user->id), DB_INT(limit)));
}

const char *cert_pdf_url(struct arena *a, const char *site, const char *code)
{
    return arena_printf(a, "%s/certificates/%s.pdf", site, code);
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

json_t *cert_json(const struct cert *c, const char *site)
{
    json_t *o = json_object();
    struct arena a;
    arena_init(&a);
    json_object_set_new(o, "code", json_string(c->code));
    json_object_set_new(o, "number", json_string(c->number));
    json_object_set_new(o, "user", json_string(c->email));
    json_object_set_new(o, "holder", json_string(c->holder));
    if (c->course)
        json_object_set_new(o, "course", json_string(c->course));
    else
        json_object_set_new(o, "programme", str_or_null(c->programme));
    json_object_set_new(o, "title", json_string(c->title));
    json_object_set_new(o, "language", json_string(c->language));
    json_object_set_new(o, "centre", str_or_null(c->centre_code));
    json_object_set_new(o, "hours", c->has_hours ? json_real(c->hours) : json_null());
    json_object_set_new(o, "issued_at", json_string(c->issued_at));
    json_object_set_new(o, "expires_at", str_or_null(c->expires_at));
    json_object_set_new(o, "status", json_string(c->status));
    json_object_set_new(o, "revoked_at", str_or_null(c->revoked_at));
    json_object_set_new(o, "revoke_reason", str_or_null(c->revoke_reason));
    json_object_set_new(o, "replaced_by", str_or_null(c->replaced_by));
    json_object_set_new(o, "verify_url", json_string(cert_verify_url(&a, site, c->code)));
    json_object_set_new(o, "pdf_url", json_string(cert_pdf_url(&a, site, c->code)));
    arena_release(&a);
    return o;
}
