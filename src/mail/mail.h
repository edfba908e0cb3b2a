/*
 * Outgoing e-mail through an outbox: a message is a row written in the
 * caller's transaction (so it goes if and only if what caused it is
 * committed); a sender thread started with the server delivers due rows over
 * SMTP with libcurl, retrying with back-off, when [smtp] url is configured.
 * Admins read the outbox at /admin/outbox. The tables outbox and
 * outbox_attachments belong here.
 *
 * Uses: audit.
 */
#ifndef DARS_MAIL_MAIL_H
#define DARS_MAIL_MAIL_H

#include "http/route.h"

#include <stddef.h>

struct db;
struct config;

extern const struct route_table mail_routes;

/* Queue a plain-text UTF-8 message to one address. Returns 0 or a database error. */
int mail_enqueue(struct db *db, const char *to, const char *subject, const char *body);
/*
 * The same with an HTML alternative of body (html may be NULL: plain only).
 * The message goes as multipart/alternative, plain text first. The HTML is
 * the caller's: whole, escaped, with no remote images or tracking.
 */
int mail_enqueue_html(struct db *db, const char *to, const char *subject, const char *body,
                      const char *html);

/* A file sent with a message. */
struct mail_attachment {
    const char *filename;     /* UTF-8, no path; RFC 2231-encoded on the wire when not ASCII */
    const char *content_type; /* "type/subtype", e.g. "application/pdf" */
    const void *data;
    size_t len;
};

/* the most a message's files may weigh together (SMTP servers commonly refuse 10 MB and more) */
#define MAIL_ATTACHMENTS_MAX_BYTES (7 * 1024 * 1024)

/*
 * The same with files attached (natt of them; att may be NULL when natt is
 * 0): the message goes as multipart/mixed, the text (or the alternative of
 * text and HTML) first, then each file as a base64 part with
 * Content-Disposition: attachment. Message and files are written in the
 * caller's transaction (call it inside one, so that nothing half-queued is
 * ever sent). DARS_EINVALID for a bad address, an empty or too long file
 * name, a malformed content type or files over MAIL_ATTACHMENTS_MAX_BYTES.
 */
int mail_enqueue_files(struct db *db, const char *to, const char *subject, const char *body,
                       const char *html, const struct mail_attachment *att, size_t natt);

/*
 * Start the sender thread (its own database connection from cfg->db_url);
 * does nothing without cfg->smtp_url. Returns 0, or DARS_ERR when the
 * thread cannot start. mail_stop() asks it to finish and joins it.
 */
int mail_start(const struct config *cfg);
void mail_stop(void);

#endif
