/*
 * The outbox for admins: /admin/outbox lists messages (filter by status,
 * pages), /admin/outbox/:id shows one in full, and a failed one can be
 * retried now. Without SMTP configured this is where messages are read.
 */
#include "core/base.h"
#include "mail/mail_int.h"
#include "http/api.h"
#include "audit/audit.h"
#include "core/time.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

static const struct {
    const char *value, *label;
} statuses[] = {
    { "queued", N_("Queued") },
    { "sent", N_("Sent") },
    { "failed", N_("Failed") },
};

static const char *status_label(const char *lang, const char *status)
{
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        if (streq(statuses[i].value, status))
            return _(lang, statuses[i].label);
    return status;
}

/* A file's size as people read it: "12 KB", "3 MB". */
static const char *size_text(struct req *r, int64_t size)
{
    if (size >= 1024 * 1024)
        return arena_printf(&r->arena, "%s MB", view_int(r, (size + 512 * 1024) / (1024 * 1024)));
    return arena_printf(&r->arena, "%s KB", view_int(r, (size + 1023) / 1024));
}

/* The files of the listed messages (one statement for the page): each item gains "files". */
static int page_files(struct req *r, const char *status, int64_t page, struct val *items,
                      const int64_t *ids)
{
    struct db_stmt *st;
    int rc = db_query(r->db, &st, mail_page_files_sql,
                      DB_ARGS(DB_TEXT(status), DB_TEXT(status), DB_INT(MAIL_PAGE_SIZE),
                              DB_INT((page - 1) * MAIL_PAGE_SIZE)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        for (size_t i = 0; i < val_len(items); i++) {
            if (ids[i] != id)
                continue;
            struct val *item = val_at(items, i), *files = val_get(item, "files");
            if (!files) {
                files = val_set_list(item, "files");
                val_set_bool(item, "has_files", true);
            }
            val_push(files, val_pack(&r->arena, "{s:s, s:s}", "name", db_col_text(st, 1), "size",
                                     size_text(r, db_col_int(st, 2))));
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* GET /admin/outbox */
int mail_outbox_page(struct req *r)
{
    const char *status = http_query(r, "status");
    int64_t page = form_page_arg(r), total = 0;
    struct val *items, *options, *ctx;
    struct db_stmt *st;
    bool known = false;
    int rc;

    for (size_t i = 0; status && i < ARRAY_SIZE(statuses); i++)
        known |= streq(statuses[i].value, status);
    if (!known)
        status = "";
    if ((rc = db_query_int(r->db, mail_count_sql, DB_ARGS(DB_TEXT(status), DB_TEXT(status)),
                           &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, mail_page_sql,
                       DB_ARGS(DB_TEXT(status), DB_TEXT(status), DB_INT(MAIL_PAGE_SIZE),
                               DB_INT((page - 1) * MAIL_PAGE_SIZE)))) < 0)
        return rc;
    items = val_list(&r->arena);
    int64_t ids[MAIL_PAGE_SIZE];
    while ((rc = db_step(st)) == DB_ROW) {
        const char *s = db_col_text(st, 3);
        if (val_len(items) < MAIL_PAGE_SIZE)
            ids[val_len(items)] = db_col_int(st, 0);
        val_push(items,
                 val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "url",
                          arena_printf(&r->arena, "/admin/outbox/%lld",
                                       (long long)db_col_int(st, 0)),
                          "to", db_col_text(st, 1), "subject", db_col_text(st, 2), "status",
                          status_label(r->lang, s), "status_class", s, "attempts",
                          view_int(r, db_col_int(st, 4)), "when",
                          view_datetime(r, streq(s, "sent") ? db_col_text(st, 6)
                                                            : db_col_text(st, 5)),
                          "created", view_datetime(r, db_col_text(st, 7))));
    }
    db_done(st);
    if (rc < 0 || (val_len(items) && (rc = page_files(r, status, page, items, ids)) < 0))
        return rc;
    options = val_list(&r->arena);
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        val_push(options, val_pack(&r->arena, "{s:s, s:s, s:b}", "value", statuses[i].value,
                                   "label", _(r->lang, statuses[i].label), "selected",
                                   streq(status, statuses[i].value)));
    ctx = val_pack(&r->arena, "{s:s, s:o, s:o, s:b, s:b}", "title", _(r->lang, "Outbox"), "items",
                   items, "statuses", options, "has_items", val_len(items) > 0, "filtered",
                   *status != '\0');
    form_crumbs(r, ctx, NULL);
    view_pager(r, ctx, page, MAIL_PAGE_SIZE, total);
    return view_page(r, "mail_outbox", ctx);
}

static int message_id(struct req *r, int64_t *id)
{
    *id = api_id(r->params[0]);
    return *id ? 0 : DARS_ENOTFOUND;
}

/* GET /admin/outbox/:id */
int mail_message_page(struct req *r)
{
    struct db_stmt *st;
    struct val *ctx;
    int64_t id;
    int rc = message_id(r, &id);

    if (rc < 0 || (rc = db_query_row(r->db, &st, mail_get_sql, DB_ARGS(DB_INT(id)))) < 0)
        return rc;
    const char *status = db_col_text(st, 4);
    /* not "body": view_page puts the page's own template under that key, for the layout */
    ctx = val_pack(&r->arena,
                   "{s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:b, s:s}",
                   "title", _(r->lang, "Message"), "id", (json_int_t)id, "to",
                   db_col_text(st, 1), "subject", db_col_text(st, 2), "message_body",
                   db_col_text(st, 3), "status", status_label(r->lang, status), "attempts",
                   view_int(r, db_col_int(st, 5)), "next_attempt",
                   view_datetime(r, db_col_text(st, 6)), "last_error", db_col_text(st, 7),
                   "sent_at", db_col_is_null(st, 8) ? "" : view_datetime(r, db_col_text(st, 8)),
                   "created", view_datetime(r, db_col_text(st, 9)), "is_queued",
                   streq(status, "queued"), "is_failed", streq(status, "failed"), "action",
                   arena_printf(&r->arena, "/admin/outbox/%lld/retry", (long long)id));
    db_done(st);
    struct val *files = val_set_list(ctx, "files");
    if ((rc = db_query(r->db, &st, mail_message_files_sql, DB_ARGS(DB_INT(id)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW)
        val_push(files, val_pack(&r->arena, "{s:s, s:s, s:s}", "name", db_col_text(st, 0), "type",
                                 db_col_text(st, 1), "size", size_text(r, db_col_int(st, 2))));
    db_done(st);
    if (rc < 0)
        return rc;
    val_set_bool(ctx, "has_files", val_len(files) > 0);
    form_crumbs(r, ctx, _(r->lang, "Outbox"), "/admin/outbox", NULL);
    return view_page(r, "mail_message", ctx);
}

/* POST /admin/outbox/:id/retry: a failed message is queued again, due now */
int mail_retry_submit(struct req *r)
{
    char now[TIME_ISO_LEN];
    struct actor who = audit_actor(r);
    int64_t id, changes = 0;
    int rc = message_id(r, &id);

    if (rc < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_tx_begin(r->db)) < 0)
        return rc;
    rc = db_exec_changes(r->db, mail_retry_sql, DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(id)),
                         &changes);
    if (rc == 0 && changes == 0) {
        /* none, or not failed: say which */
        int64_t found;
        rc = db_query_int(r->db, mail_get_sql, DB_ARGS(DB_INT(id)), &found);
        rc = rc == 0 ? DARS_ECONFLICT : rc;
    }
    if (rc == 0) {
        json_t *changes_json = json_object();
        audit_diff(changes_json, "status", "failed", "queued");
        rc = audit_record_id(r->db, &who, "outbox.retry", "outbox",
                          id, changes_json);
        json_decref(changes_json);
    }
    if ((rc = db_tx_end(r->db, rc)) < 0)
        return rc;
    view_flash(r, N_("The message will be sent again shortly"));
    return http_redirect(r, arena_printf(&r->arena, "/admin/outbox/%lld", (long long)id));
}
