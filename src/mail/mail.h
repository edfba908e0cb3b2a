/*
 * Outgoing e-mail through an outbox: a message is a row written in the
 * caller's transaction (so it goes if and only if what caused it is
 * committed); a sender thread started with the server delivers due rows over
 * SMTP with libcurl, retrying with back-off, when [smtp] url is configured.
 * Admins read the outbox at /admin/outbox. The table outbox belongs here.
 *
 * Uses: audit.
 */
#ifndef DARS_MAIL_MAIL_H
#define DARS_MAIL_MAIL_H

#include "http/route.h"

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

/*
 * Start the sender thread (its own database connection from cfg->db_url);
 * does nothing without cfg->smtp_url. Returns 0, or DARS_ERR when the
 * thread cannot start. mail_stop() asks it to finish and joins it.
 */
int mail_start(const struct config *cfg);
void mail_stop(void);

#endif
