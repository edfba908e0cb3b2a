/* The outbox's queries; the only code touching the tables outbox and outbox_attachments. */
#include "core/base.h"
#include "mail/mail_int.h"

const char mail_insert_sql[] =
    "INSERT INTO outbox (to_addr, subject, body, html, status, attempts, next_attempt_at, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', 0, ?, ?, ?) RETURNING id";

/* the next due message; claimed by mail_claim_sql before it is sent */
const char mail_due_sql[] =
    "SELECT id, next_attempt_at FROM outbox WHERE status = 'queued' AND next_attempt_at <= ? "
    "ORDER BY next_attempt_at, id LIMIT 1";

/*
 * Claim one row: it moves next_attempt_at forward (a lease), so another node
 * that read the same row changes nothing; a node that dies while sending
 * leaves the row due again when the lease ends.
 */
const char mail_claim_sql[] =
    "UPDATE outbox SET next_attempt_at = ?, updated_at = ? "
    "WHERE id = ? AND status = 'queued' AND next_attempt_at = ? "
    "RETURNING to_addr, subject, body, attempts, html";

const char mail_sent_sql[] =
    "UPDATE outbox SET status = 'sent', attempts = attempts + 1, sent_at = ?, last_error = '', "
    "updated_at = ? WHERE id = ?";

const char mail_failed_sql[] =
    "UPDATE outbox SET status = ?, attempts = attempts + 1, last_error = ?, "
    "next_attempt_at = ?, updated_at = ? WHERE id = ?";

const char mail_get_sql[] =
    "SELECT id, to_addr, subject, body, status, attempts, next_attempt_at, last_error, "
    "sent_at, created_at, updated_at FROM outbox WHERE id = ?";

const char mail_count_sql[] =
    "SELECT COUNT(*) FROM outbox WHERE (CAST(? AS TEXT) = '' OR status = ?)";

const char mail_page_sql[] =
    "SELECT id, to_addr, subject, status, attempts, next_attempt_at, sent_at, created_at "
    "FROM outbox WHERE (CAST(? AS TEXT) = '' OR status = ?) "
    "ORDER BY id DESC LIMIT ? OFFSET ?";

/* a failed message gets one more attempt now */
const char mail_retry_sql[] =
    "UPDATE outbox SET status = 'queued', next_attempt_at = ?, updated_at = ? "
    "WHERE id = ? AND status = 'failed'";

const char mail_attachment_insert_sql[] =
    "INSERT INTO outbox_attachments (outbox_id, position, filename, content_type, size, data, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

/* a message's files as the sender attaches them */
const char mail_attachments_sql[] =
    "SELECT filename, content_type, data FROM outbox_attachments WHERE outbox_id = ? "
    "ORDER BY position, id";

/* what /admin/outbox/:id says of them: names and sizes, never the bytes */
const char mail_message_files_sql[] =
    "SELECT filename, content_type, size FROM outbox_attachments WHERE outbox_id = ? "
    "ORDER BY position, id";

/* the files of the messages on one page of mail_page_sql (the same arguments) */
const char mail_page_files_sql[] =
    "SELECT outbox_id, filename, size FROM outbox_attachments WHERE outbox_id IN ("
    "SELECT id FROM outbox WHERE (CAST(? AS TEXT) = '' OR status = ?) "
    "ORDER BY id DESC LIMIT ? OFFSET ?) ORDER BY outbox_id, position, id";
