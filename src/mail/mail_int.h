/* What the files of src/mail share: SQL texts, the message builder, the handlers. */
#ifndef DARS_MAIL_MAIL_INT_H
#define DARS_MAIL_MAIL_INT_H

#include "mail/mail.h"

#include <time.h>

/* attempts after which a message is given up (status failed) */
#define MAIL_MAX_ATTEMPTS 8
/* rows per page of /admin/outbox */
#define MAIL_PAGE_SIZE 50

/* mail_sql.c */
extern const char mail_insert_sql[];
extern const char mail_due_sql[];
extern const char mail_claim_sql[];
extern const char mail_sent_sql[];
extern const char mail_failed_sql[];
extern const char mail_get_sql[];
extern const char mail_count_sql[];
extern const char mail_page_sql[];
extern const char mail_retry_sql[];
extern const char mail_attachment_insert_sql[];
extern const char mail_attachments_sql[];
extern const char mail_message_files_sql[];
extern const char mail_page_files_sql[];

/*
 * The message as sent over SMTP (RFC 5322: CRLF lines, Date, Message-ID,
 * MIME-Version, UTF-8 plain text, an RFC 2047 Subject when not ASCII); with
 * html (may be NULL) a multipart/alternative of the text and the HTML; with
 * files (natt > 0) a multipart/mixed of that and each file in base64 (RFC
 * 2045, lines of 76), named per RFC 2183, and per RFC 2231 when the name is
 * not ASCII. Caller frees the result.
 */
char *mail_message_build(int64_t id, const char *from, const char *to, const char *subject,
                         const char *body, const char *html, const struct mail_attachment *att,
                         size_t natt, time_t now);

/* The wait after the n-th failed attempt (n >= 1), in seconds. */
int64_t mail_backoff(int attempts);

/* outbox.c */
int mail_outbox_page(struct req *r);
int mail_message_page(struct req *r);
int mail_retry_submit(struct req *r);

#endif
