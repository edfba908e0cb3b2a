/*
 * The outbox: mail_enqueue() writes a row in the caller's transaction; the
 * sender thread (one per process, its own database connection) claims due
 * rows one at a time with a conditional UPDATE, so several nodes never send
 * the same message, and delivers them with libcurl's SMTP, backing off on
 * failure (1 min, 5 min, 30 min, 2 h, ...) until MAIL_MAX_ATTEMPTS.
 */
#include "core/base.h"
#include "mail/mail_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/config.h"
#include "core/log.h"
#include "core/time.h"
#include "core/xalloc.h"
#include "db/db.h"

#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>

/* how long a claimed row stays ours while we send it (a dead node's row comes back after) */
#define MAIL_LEASE_SECONDS 600
/* how often the sender looks for due rows */
#define MAIL_POLL_SECONDS 1

/* "type/subtype" of RFC 2045 tokens: nothing that could end the header or add a parameter */
static bool is_content_type(const char *s)
{
    static const char tspecials[] = "()<>@,;:\\\"/[]?=";
    int slashes = 0;
    size_t n = 0;
    for (; *s; s++, n++) {
        unsigned char c = (unsigned char)*s;
        if (c == '/' && n > 0 && s[1]) {
            slashes++;
            continue;
        }
        if (c <= ' ' || c >= 0x7f || strchr(tspecials, c))
            return false;
    }
    return slashes == 1 && n <= 127;
}

static bool files_valid(const struct mail_attachment *att, size_t natt)
{
    size_t total = 0;
    for (size_t i = 0; i < natt; i++) {
        const struct mail_attachment *f = &att[i];
        size_t n = f->filename ? strlen(f->filename) : 0;
        /* a name, not a path; a control character would break the header it goes in */
        if (n == 0 || n > 200 || strpbrk(f->filename, "/\\"))
            return false;
        for (const char *c = f->filename; *c; c++)
            if ((unsigned char)*c < ' ' || *c == 0x7f)
                return false;
        if (!f->content_type || !is_content_type(f->content_type) || (!f->data && f->len))
            return false;
        if (f->len > MAIL_ATTACHMENTS_MAX_BYTES - total)
            return false;
        total += f->len;
    }
    return true;
}

int mail_enqueue_files(struct db *db, const char *to, const char *subject, const char *body,
                       const char *html, const struct mail_attachment *att, size_t natt)
{
    char now[TIME_ISO_LEN];
    int64_t id = 0;
    int rc;

    /* a line break in the address would let it add headers of its own */
    if (!to || !*to || strpbrk(to, "\r\n<>") || !subject || !body || !files_valid(att, natt))
        return DARS_EINVALID;
    time_now_iso(now);
    rc = db_query_int(db, mail_insert_sql,
                      DB_ARGS(DB_TEXT(to), DB_TEXT(subject), DB_TEXT(body),
                              html ? DB_TEXT(html) : DB_NULL, DB_TEXT(now), DB_TEXT(now),
                              DB_TEXT(now)),
                      &id);
    for (size_t i = 0; rc == 0 && i < natt; i++)
        rc = db_exec(db, mail_attachment_insert_sql,
                     DB_ARGS(DB_INT(id), DB_INT(i), DB_TEXT(att[i].filename),
                             DB_TEXT(att[i].content_type), DB_INT(att[i].len),
                             DB_BLOB(att[i].data ? att[i].data : "", att[i].len), DB_TEXT(now),
                             DB_TEXT(now)));
    return rc;
}

int mail_enqueue_html(struct db *db, const char *to, const char *subject, const char *body,
                      const char *html)
{
    return mail_enqueue_files(db, to, subject, body, html, NULL, 0);
}

int mail_enqueue(struct db *db, const char *to, const char *subject, const char *body)
{
    return mail_enqueue_files(db, to, subject, body, NULL, NULL, 0);
}

int64_t mail_backoff(int attempts)
{
    static const int64_t waits[] = { 60,        5 * 60,     30 * 60,   2 * 3600,
                                     6 * 3600, 12 * 3600, 24 * 3600 };
    if (attempts < 1)
        attempts = 1;
    if ((size_t)attempts > ARRAY_SIZE(waits))
        attempts = (int)ARRAY_SIZE(waits);
    return waits[attempts - 1];
}

/* ---- the message ---- */

static bool is_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return false;
    return true;
}

/* A header value on one line: CR and LF become spaces. */
static void add_header_text(struct buf *b, const char *s)
{
    for (; *s; s++)
        buf_addch(b, *s == '\r' || *s == '\n' ? ' ' : *s);
}

/*
 * Subject as RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75
 * characters and never splitting a UTF-8 sequence, folded onto new lines.
 */
static void add_subject(struct buf *b, const char *subject)
{
    struct buf clean = BUF_INIT;
    add_header_text(&clean, subject);
    if (is_ascii(clean.ptr)) {
        buf_add(b, clean.ptr, clean.len);
        buf_release(&clean);
        return;
    }
    const unsigned char *s = (const unsigned char *)clean.ptr;
    size_t len = clean.len, i = 0;
    bool first = true;
    while (i < len) {
        size_t n = len - i > 39 ? 39 : len - i; /* 52 base64 characters: lines under 78 */
        while (i + n < len && (s[i + n] & 0xC0) == 0x80) /* back to a character's start */
            n--;
        char enc[sodium_base64_ENCODED_LEN(39, sodium_base64_VARIANT_ORIGINAL)];
        sodium_bin2base64(enc, sizeof(enc), s + i, n, sodium_base64_VARIANT_ORIGINAL);
        buf_addf(b, "%s=?UTF-8?B?%s?=", first ? "" : "\r\n ", enc);
        first = false;
        i += n;
    }
    buf_release(&clean);
}

/* Text with its lines ending in CRLF on the wire, whatever it used, and a final CRLF. */
static void add_crlf_text(struct buf *b, const char *text)
{
    size_t start = b->len;
    for (const char *p = text; *p; p++) {
        if (*p == '\r' && p[1] == '\n')
            continue;
        if (*p == '\n' || *p == '\r')
            buf_adds(b, "\r\n");
        else
            buf_addch(b, *p);
    }
    if (b->len - start < 2 || strcmp(b->ptr + b->len - 2, "\r\n"))
        buf_adds(b, "\r\n");
}

/* A random boundary: base64 and our text lines cannot contain "=_" at a line's start. */
static void boundary_new(char out[40])
{
    unsigned char rnd[8];
    randombytes_buf(rnd, sizeof(rnd));
    snprintf(out, 40, "=_dars_%02x%02x%02x%02x%02x%02x%02x%02x", rnd[0], rnd[1], rnd[2], rnd[3],
             rnd[4], rnd[5], rnd[6], rnd[7]);
}

/* The text, or the alternative of text and HTML: headers from Content-Type on, and the body. */
static void add_text_entity(struct buf *b, const char *body, const char *html)
{
    if (!html) {
        buf_adds(b, "Content-Type: text/plain; charset=UTF-8\r\n"
                    "Content-Transfer-Encoding: 8bit\r\n\r\n");
        add_crlf_text(b, body);
        return;
    }
    char boundary[40];
    boundary_new(boundary);
    buf_addf(b, "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n", boundary);
    buf_addf(b, "--%s\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n", boundary);
    add_crlf_text(b, body);
    buf_addf(b, "--%s\r\nContent-Type: text/html; charset=UTF-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n", boundary);
    add_crlf_text(b, html);
    buf_addf(b, "--%s--\r\n", boundary);
}

/* a name that goes as a quoted-string as it is: printable ASCII without " and \ */
static bool is_plain_name(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < ' ' || (unsigned char)*s >= 0x7f || *s == '"' || *s == '\\')
            return false;
    return true;
}

/*
 * The file's name as a parameter (name or filename): a quoted string when it
 * can be one, else RFC 2231's name*=UTF-8''percent-encoded form, which every
 * current mail reader decodes.
 */
static void add_name_param(struct buf *b, const char *param, const char *name)
{
    if (is_plain_name(name)) {
        buf_addf(b, "; %s=\"%s\"", param, name);
        return;
    }
    buf_addf(b, ";\r\n %s*=UTF-8''", param);
    for (const unsigned char *s = (const unsigned char *)name; *s; s++) {
        /* RFC 2231 attribute-char: ASCII but controls, space, *, ', % and tspecials */
        if (*s > ' ' && *s < 0x7f && !strchr("*'%()<>@,;:\\\"/[]?=", *s))
            buf_addch(b, (char)*s);
        else
            buf_addf(b, "%%%02X", *s);
    }
}

/* Bytes as base64 in lines of 76 characters (RFC 2045 6.8), each ending in CRLF. */
static void add_base64(struct buf *b, const unsigned char *data, size_t len)
{
    char line[sodium_base64_ENCODED_LEN(57, sodium_base64_VARIANT_ORIGINAL)];
    for (size_t i = 0; i < len; i += 57) {
        size_t n = len - i > 57 ? 57 : len - i;
        sodium_bin2base64(line, sizeof(line), data + i, n, sodium_base64_VARIANT_ORIGINAL);
        buf_adds(b, line);
        buf_adds(b, "\r\n");
    }
}

char *mail_message_build(int64_t id, const char *from, const char *to, const char *subject,
                         const char *body, const char *html, const struct mail_attachment *att,
                         size_t natt, time_t now)
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    struct buf b = BUF_INIT;
    struct tm tm;
    unsigned char rnd[8];
    const char *at = strrchr(from, '@');
    const char *domain = at && at[1] ? at + 1 : "dars.invalid";

    gmtime_r(&now, &tm);
    randombytes_buf(rnd, sizeof(rnd));
    buf_addf(&b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    buf_adds(&b, "From: ");
    add_header_text(&b, from);
    buf_adds(&b, "\r\nTo: ");
    add_header_text(&b, to);
    buf_adds(&b, "\r\nSubject: ");
    add_subject(&b, subject);
    buf_addf(&b, "\r\nMessage-ID: <outbox-%lld.", (long long)id);
    for (size_t i = 0; i < sizeof(rnd); i++)
        buf_addf(&b, "%02x", rnd[i]);
    buf_adds(&b, "@");
    add_header_text(&b, domain);
    buf_adds(&b, ">\r\nMIME-Version: 1.0\r\n");
    if (natt == 0) {
        add_text_entity(&b, body, html);
        return buf_detach(&b, NULL);
    }
    char boundary[40];
    boundary_new(boundary);
    buf_addf(&b, "Content-Type: multipart/mixed; boundary=\"%s\"\r\n\r\n", boundary);
    buf_addf(&b, "--%s\r\n", boundary);
    add_text_entity(&b, body, html);
    for (size_t i = 0; i < natt; i++) {
        buf_addf(&b, "--%s\r\nContent-Type: %s", boundary, att[i].content_type);
        add_name_param(&b, "name", att[i].filename);
        buf_adds(&b, "\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment");
        add_name_param(&b, "filename", att[i].filename);
        buf_addf(&b, "; size=%zu\r\n\r\n", att[i].len);
        add_base64(&b, att[i].data, att[i].len);
    }
    buf_addf(&b, "--%s--\r\n", boundary);
    return buf_detach(&b, NULL);
}

/* ---- the sender thread ---- */

static struct {
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool running, stopping;
    const struct config *cfg;
} sender = { .lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER };

static bool sender_stopping(void)
{
    pthread_mutex_lock(&sender.lock);
    bool s = sender.stopping;
    pthread_mutex_unlock(&sender.lock);
    return s;
}

struct upload {
    const char *data;
    size_t len, off;
};

static size_t upload_read(char *ptr, size_t size, size_t nmemb, void *userdata)
{
    struct upload *u = userdata;
    size_t n = size * nmemb;
    if (n > u->len - u->off)
        n = u->len - u->off;
    memcpy(ptr, u->data + u->off, n);
    u->off += n;
    return n;
}

/* a transfer in progress gives up when the server is stopping */
static int upload_progress(void *p, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
    UNUSED(p), UNUSED(dt), UNUSED(dn), UNUSED(ut), UNUSED(un);
    return sender_stopping() ? 1 : 0;
}

/* Send one message; 0, or DARS_ERR with the reason in err (CURL_ERROR_SIZE bytes). */
static int smtp_send(const struct config *cfg, const char *from, const char *to,
                     const char *message, char *err)
{
    struct upload u = { message, strlen(message), 0 };
    struct curl_slist *rcpt = NULL;
    char *mail_from = NULL, *rcpt_to = NULL;
    int rc = DARS_ERR;
    CURL *c = curl_easy_init();

    err[0] = '\0';
    if (!c) {
        snprintf(err, CURL_ERROR_SIZE, "cannot start libcurl");
        return DARS_ERR;
    }
    struct buf tmp = BUF_INIT;
    buf_addf(&tmp, "<%s>", from);
    mail_from = buf_detach(&tmp, NULL);
    buf_addf(&tmp, "<%s>", to);
    rcpt_to = buf_detach(&tmp, NULL);
    rcpt = curl_slist_append(rcpt, rcpt_to);
    curl_easy_setopt(c, CURLOPT_URL, cfg->smtp_url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    if (cfg->smtp_user && *cfg->smtp_user) {
        curl_easy_setopt(c, CURLOPT_USERNAME, cfg->smtp_user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, cfg->smtp_password ? cfg->smtp_password : "");
    }
    curl_easy_setopt(c, CURLOPT_READFUNCTION, upload_read);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, upload_progress);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, err);
    CURLcode cc = curl_easy_perform(c);
    if (cc == CURLE_OK) {
        rc = 0;
    } else if (!err[0]) {
        snprintf(err, CURL_ERROR_SIZE, "%s", curl_easy_strerror(cc));
    }
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(c);
    free(mail_from);
    free(rcpt_to);
    return rc;
}

/* A message's files, in a (most messages have none: one statement finds that out). */
static int files_load(struct db *db, struct arena *a, int64_t id, struct mail_attachment **out,
                      size_t *n)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_query(db, &st, mail_attachments_sql, DB_ARGS(DB_INT(id)));

    *out = NULL;
    *n = 0;
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        *out = arena_grow(a, *out, *n, &cap, sizeof(**out));
        struct mail_attachment *f = &(*out)[(*n)++];
        f->filename = arena_strdup(a, db_col_text(st, 0));
        f->content_type = arena_strdup(a, db_col_text(st, 1));
        f->data = db_col_blob(st, 2, a, &f->len);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/*
 * Claim and send the next due message. *sent_one tells the caller whether to
 * look again at once. Database errors are returned; SMTP ones are recorded.
 */
static int sender_one(struct db *db, bool *sent_one)
{
    char now[TIME_ISO_LEN], lease[TIME_ISO_LEN], next[TIME_ISO_LEN];
    char err[CURL_ERROR_SIZE];
    struct db_stmt *st;
    int64_t id = 0;
    char *due = NULL, *to = NULL, *subject = NULL, *body = NULL, *html = NULL, *message = NULL;
    struct arena files = ARENA_INIT;
    struct mail_attachment *att = NULL;
    size_t natt = 0;
    int attempts = 0, rc;

    *sent_one = false;
    time_now_iso(now);
    if ((rc = db_query_row(db, &st, mail_due_sql, DB_ARGS(DB_TEXT(now)))) < 0)
        return rc == DARS_ENOTFOUND ? 0 : rc; /* nothing due */
    id = db_col_int(st, 0);
    due = xstrdup(db_col_text(st, 1));
    db_done(st);

    time_iso_offset(lease, MAIL_LEASE_SECONDS);
    rc = db_query_row(db, &st, mail_claim_sql,
                      DB_ARGS(DB_TEXT(lease), DB_TEXT(now), DB_INT(id), DB_TEXT(due)));
    if (rc < 0 && rc != DARS_ENOTFOUND)
        goto out;
    *sent_one = true; /* claimed or lost to another node: look again either way */
    if (rc == DARS_ENOTFOUND) {
        rc = 0;
        goto out;
    }
    to = xstrdup(db_col_text(st, 0));
    subject = xstrdup(db_col_text(st, 1));
    body = xstrdup(db_col_text(st, 2));
    attempts = (int)db_col_int(st, 3);
    html = db_col_is_null(st, 4) ? NULL : xstrdup(db_col_text(st, 4));
    db_done(st);
    if ((rc = files_load(db, &files, id, &att, &natt)) < 0)
        goto out;

    const struct config *cfg = sender.cfg;
    const char *from = cfg->smtp_from && *cfg->smtp_from ? cfg->smtp_from : "dars@localhost";
    message = mail_message_build(id, from, to, subject, body, html, att, natt, time(NULL));
    if (smtp_send(cfg, from, to, message, err) == 0) {
        time_now_iso(now);
        rc = db_exec(db, mail_sent_sql, DB_ARGS(DB_TEXT(now), DB_TEXT(now), DB_INT(id)));
        log_info("mail %lld sent", (long long)id);
    } else {
        attempts++;
        time_now_iso(now);
        time_iso_offset(next, mail_backoff(attempts));
        const char *status = attempts >= MAIL_MAX_ATTEMPTS ? "failed" : "queued";
        rc = db_exec(db, mail_failed_sql,
                     DB_ARGS(DB_TEXT(status), DB_TEXT(err), DB_TEXT(next), DB_TEXT(now),
                             DB_INT(id)));
        log_warn("mail %lld not sent (attempt %d): %s", (long long)id, attempts, err);
    }
out:
    free(due);
    free(to);
    free(subject);
    free(body);
    free(html);
    free(message);
    arena_release(&files);
    return rc;
}

static void *sender_main(void *arg)
{
    struct db *db = NULL;
    char *err = NULL;
    UNUSED(arg);

    while (!sender_stopping()) {
        if (!db && db_open(sender.cfg->db_url, &db, &err) < 0) {
            log_error("mail: cannot open the database: %s", err ? err : "");
            free(err);
            err = NULL;
            db = NULL;
        }
        bool more = db != NULL;
        while (more && !sender_stopping()) {
            if (sender_one(db, &more) < 0) {
                log_error("mail: database error: %s", db_errmsg(db));
                db_close(db); /* a fresh connection next round */
                db = NULL;
                more = false;
            }
        }
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_sec += MAIL_POLL_SECONDS;
        pthread_mutex_lock(&sender.lock);
        if (!sender.stopping)
            pthread_cond_timedwait(&sender.wake, &sender.lock, &until);
        pthread_mutex_unlock(&sender.lock);
    }
    if (db)
        db_close(db);
    return NULL;
}

int mail_start(const struct config *cfg)
{
    sigset_t block, old;

    if (!cfg->smtp_url || !*cfg->smtp_url || sender.running)
        return 0;
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        log_error("mail: cannot initialise libcurl");
        return DARS_ERR;
    }
    sender.cfg = cfg;
    sender.stopping = false;
    /* the server takes SIGTERM and SIGINT with sigwait; keep them out of this thread */
    sigemptyset(&block);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int err = pthread_create(&sender.thread, NULL, sender_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (err) {
        log_error("mail: cannot start the sender thread: %s", strerror(err));
        curl_global_cleanup();
        return DARS_ERR;
    }
    sender.running = true;
    return 0;
}

void mail_stop(void)
{
    if (!sender.running)
        return;
    pthread_mutex_lock(&sender.lock);
    sender.stopping = true;
    pthread_cond_signal(&sender.wake);
    pthread_mutex_unlock(&sender.lock);
    pthread_join(sender.thread, NULL);
    sender.running = false;
    curl_global_cleanup();
}
