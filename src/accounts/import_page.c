/*
 * The web import of people: upload a CSV file, see every row with its
 * problems, then confirm. App nodes are stateless, so the file waits in
 * user_imports between the two steps; only its uploader may see or confirm
 * it, and both steps check it afresh (import.c) against the database and
 * the uploader's scope. Staged files older than a day are purged.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "core/i18n.h"
#include "view/view.h"

#include <sodium.h>

#define STAGED_SECONDS (24 * 3600)

static int upload_form(struct req *r, int status, json_t *errors)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:{s:[{s:s, s:s}]}}", "title",
                               _(r->lang, "Import people from a CSV file"), "crumbs", "items",
                               "url", "/admin/users", "label", _(r->lang, "People"));
    view_form_errors(r, ctx, errors);
    return view_page_status(r, status, "user_import", ctx);
}

/* GET /admin/users/import */
int user_import_page(struct req *r)
{
    return upload_form(r, 200, NULL);
}

/* The uploaded file's own name, safe to show: no folders, UTF-8, at most 200 bytes. */
static const char *clean_filename(struct arena *a, const char *name)
{
    const char *base = name ? name : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    size_t n = strlen(base);
    if (n > 200)
        n = 200;
    while (n && !utf8_is_valid(base, n))
        n--;
    return n ? arena_strndup(a, base, n) : "upload.csv";
}

/* POST /admin/users/import (multipart, field "file") */
int user_import_upload(struct req *r)
{
    const struct form_field *file = http_form_field(r, "file");
    struct actor who = accounts_actor(r);
    char now[TIME_ISO_LEN], old[TIME_ISO_LEN];
    json_t *changes = NULL;
    int64_t id = 0;
    int rc;

    if (!file || !file->filename || !file->len) {
        json_t *errors = json_pack("{s:s}", "file", N_("Choose a CSV file"));
        rc = upload_form(r, 422, errors);
        json_decref(errors);
        return rc;
    }
    const char *name = clean_filename(&r->arena, file->filename);
    size_t b64len = sodium_base64_ENCODED_LEN(file->len, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = arena_alloc(&r->arena, b64len);
    sodium_bin2base64(b64, b64len, (const unsigned char *)file->value, file->len,
                      sodium_base64_VARIANT_ORIGINAL);
    time_now_iso(now);
    time_iso_offset(old, -STAGED_SECONDS);
    changes = json_pack("{s:{s:s}, s:{s:I}}", "filename", "after", name, "bytes", "after",
                        (json_int_t)file->len);
    if ((rc = db_tx_begin(r->db)) < 0)
        goto out;
    if ((rc = db_exec(r->db, user_import_purge_sql, DB_ARGS(DB_TEXT(old)))) < 0 ||
        (rc = db_query_int(r->db, user_import_insert_sql,
                           DB_ARGS(DB_INT(r->user->id), DB_TEXT(name), DB_TEXT(b64), DB_TEXT(now),
                                   DB_TEXT(now)),
                           &id)) < 0 ||
        (rc = audit_record_id(r->db, &who, "user.import_upload", "user_import",
                           id, changes)) < 0) {
        db_tx_rollback(r->db);
        goto out;
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        goto out;
    /* the tick box carries on to the confirmation, where it can still be changed */
    rc = http_redirect(r, arena_printf(&r->arena, "/admin/users/import/%lld%s", (long long)id,
                                       http_form(r, "invite") ? "?invite=1" : ""));
out:
    json_decref(changes);
    return rc;
}

struct staged {
    int64_t id, count;
    const char *filename, *status;
    char *data;
    size_t len;
};

/* The staged import of the URL: 404 when unknown, 403 when someone else uploaded it. */
static int load_staged(struct req *r, struct staged *s)
{
    struct db_stmt *st;
    int64_t owner = 0;
    const char *b64 = NULL;
    int rc;

    memset(s, 0, sizeof(*s));
    if (!api_is_id(r->params[0]))
        return DARS_ENOTFOUND;
    s->id = strtoll(r->params[0], NULL, 10);
    if ((rc = db_query(r->db, &st, user_import_get_sql, DB_ARGS(DB_INT(s->id)))) < 0)
        return rc;
    if ((rc = db_step(st)) == DB_ROW) {
        owner = db_col_int(st, 0);
        s->filename = arena_strdup(&r->arena, db_col_text(st, 1));
        b64 = arena_strdup(&r->arena, db_col_text(st, 2));
        s->status = arena_strdup(&r->arena, db_col_text(st, 3));
        s->count = db_col_int(st, 4);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    if (rc == DB_DONE)
        return DARS_ENOTFOUND;
    if (owner != r->user->id)
        return DARS_EDENIED;
    size_t n = strlen(b64);
    s->data = arena_alloc(&r->arena, n / 4 * 3 + 4);
    if (sodium_base642bin((unsigned char *)s->data, n / 4 * 3 + 4, b64, n, NULL, &s->len, NULL,
                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return DARS_ERR;
    return 0;
}

static int preview(struct req *r, int status, const struct staged *s, struct import_file *f)
{
    struct val *ctx = val_pack(&r->arena, "{s:s, s:{s:[{s:s, s:s}]}, s:I, s:s, s:b}", "title",
                               _(r->lang, "Check the file"), "crumbs", "items", "url",
                               "/admin/users", "label", _(r->lang, "People"), "id",
                               (json_int_t)s->id, "filename", s->filename, "imported",
                               streq(s->status, "imported"));
    val_set_bool(ctx, "invite", http_query(r, "invite") || http_form(r, "invite"));
    if (streq(s->status, "imported")) {
        val_set(ctx, "count", val_str_ref(&r->arena, view_int(r, s->count)));
        val_set_bool(ctx, "one", s->count == 1);
        return view_page_status(r, status, "user_import_preview", ctx);
    }
    if (f->error) {
        val_set(ctx, "file_error",
                val_pack(&r->arena, "{s:I, s:s}", "line", (json_int_t)f->error_line, "message",
                         _(r->lang, f->error->msgid)));
        return view_page_status(r, 422, "user_import_preview", ctx);
    }
    /* a file may have thousands of rows: their text is in the arena already (import.c) */
    struct val *rows = val_set_list(ctx, "rows");
    for (size_t i = 0; i < f->nrows; i++) {
        const struct import_row *row = &f->rows[i];
        struct val *errors = val_list(&r->arena);
        for (const struct import_error *e = row->errors; e; e = e->next)
            val_push(errors, val_str_ref(&r->arena, _(r->lang, e->msgid)));
        val_push(rows, val_pack(&r->arena, "{s:I, s:o, s:o, s:o, s:o, s:o, s:b}", "line",
                                (json_int_t)row->line, "email",
                                val_str_ref(&r->arena, row->email), "full_name",
                                val_str_ref(&r->arena, row->full_name), "centre",
                                val_str_ref(&r->arena, row->centre), "role",
                                val_str_ref(&r->arena, row->role), "errors", errors, "bad",
                                row->errors != NULL));
    }
    val_set(ctx, "nvalid", val_str_ref(&r->arena, view_int(r, (int64_t)f->nvalid)));
    val_set(ctx, "ninvalid", val_str_ref(&r->arena, view_int(r, (int64_t)f->ninvalid)));
    val_set_bool(ctx, "has_valid", f->nvalid > 0);
    val_set_bool(ctx, "one_valid", f->nvalid == 1);
    val_set_bool(ctx, "has_invalid", f->ninvalid > 0);
    return view_page_status(r, status, "user_import_preview", ctx);
}

/* GET /admin/users/import/:id: every row and its problems, or the result */
int user_import_preview_page(struct req *r)
{
    struct staged s;
    struct import_file f;
    int rc = load_staged(r, &s);
    if (rc < 0)
        return rc;
    memset(&f, 0, sizeof(f));
    if (streq(s.status, "staged")) {
        accounts_import_parse(&r->arena, s.data, s.len, &f);
        if ((rc = accounts_import_check(r->db, &r->arena, r, &f)) < 0)
            return rc;
    }
    return preview(r, 200, &s, &f);
}

/* POST /admin/users/import/:id: import every valid row, in one transaction */
int user_import_confirm(struct req *r)
{
    struct actor who = accounts_actor(r);
    struct staged s;
    struct import_file f;
    char now[TIME_ISO_LEN];
    int64_t count = 0, changed = 0;
    int rc = load_staged(r, &s);

    if (rc < 0)
        return rc;
    const char *back = arena_printf(&r->arena, "/admin/users/import/%lld", (long long)s.id);
    if (!streq(s.status, "staged"))
        return http_redirect(r, back);
    accounts_import_parse(&r->arena, s.data, s.len, &f);
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    /* checked again: the database may have changed since the preview */
    if ((rc = accounts_import_check(r->db, &r->arena, r, &f)) < 0)
        goto fail;
    if (f.error || !f.nvalid) {
        db_tx_rollback(r->db);
        return preview(r, 422, &s, &f);
    }
    time_now_iso(now);
    if ((rc = accounts_import_insert(r->db, &r->arena, &who,
                                     arena_printf(&r->arena, "%lld", (long long)s.id), &f,
                                     &count)) < 0 ||
        (http_form(r, "invite") &&
         (rc = accounts_import_invite(r->db, &r->arena, &who, http_site_url(r), &f)) < 0) ||
        (rc = db_exec_changes(r->db, user_import_done_sql,
                              DB_ARGS(DB_INT(count), DB_TEXT(now), DB_INT(s.id)), &changed)) < 0)
        goto fail;
    if (changed != 1) {
        /* confirmed twice at once: the other one imported it */
        db_tx_rollback(r->db);
        return http_redirect(r, back);
    }
    if ((rc = db_tx_commit(r->db)) < 0)
        return rc;
    return http_redirect(r, back);
fail:
    db_tx_rollback(r->db);
    return rc;
}
