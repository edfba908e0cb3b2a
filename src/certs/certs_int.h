/* What the files of src/certs share: the certificate as read, its template, and the parts. */
#ifndef DARS_CERTS_CERTS_INT_H
#define DARS_CERTS_CERTS_INT_H

#include "certs/certs.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>


struct actor;
struct arena;
struct db;
struct db_stmt;
struct req;

/* A certificate as read back (strings from the caller's arena). */
struct cert {
    int64_t id;
    const char *code, *number;
    int64_t user_id;
    const char *email, *holder;
    const char *course, *programme; /* codes; exactly one is set */
    const char *title;
    const char *language;           /* the holder's language when issued */
    const char *centre_code, *centre_name; /* the issuing centre, or NULL: national */
    bool has_hours;
    double hours;
    const char *issued_at, *expires_at; /* UTC instants; expires_at NULL: no expiry */
    /* valid | expired (valid past expires_at) | revoked | replaced */
    const char *status;
    const char *revoked_at, *revoke_reason;
    const char *replaced_by; /* the new certificate's code, or NULL */
    int64_t template_id;     /* 0: the built-in look */
    bool has_pdf;
    int64_t course_id, programme_id, centre_id; /* 0: none */
};

/* How a course's or programme's certificates look. */
struct cert_template {
    int64_t id; /* 0: the built-in look (no row) */
    const char *body;       /* text with placeholders: {holder}, {title}, {date}, ... */
    const char *second_language, *body_second; /* NULL / "": one language only */
    const char *colour;     /* "#1d70b8" */
    const char *signatory_name[2], *signatory_position[2];
    const unsigned char *logo[3]; /* PNG bytes, or NULL */
    size_t logo_len[3];
};

/*
 * The certificate with this code, DARS_ENOTFOUND when none (certificate.c).
 * A fixed number of statements.
 */
int cert_load(struct db *db, struct arena *a, const char *code, struct cert *out /* OUT */);

/* The template of the certificate's course or programme, or the built-in one (template.c). */
int cert_template_of(struct db *db, struct arena *a, const struct cert *c,
                     struct cert_template *out /* OUT */);

/* ---- reading (certificate.c) ---- */

/* The columns cert_load and the lists read, in order (certs_sql.c), and one row of them. */
#define CERT_COLUMNS                                                                            \
    "c.id, c.code, c.number, c.user_id, p.email, c.holder, co.code, pr.code, c.title, "        \
    "c.language, ce.code, ce.name, c.hours, c.issued_at, c.expires_at, c.status, "             \
    "c.revoked_at, c.revoke_reason, nc.code, c.template_id, "                                   \
    "CASE WHEN c.pdf IS NULL THEN 0 ELSE 1 END, c.course_id, c.programme_id, c.centre_id"
void cert_row(struct db_stmt *st, struct arena *a, const char *now, struct cert *out /* OUT */);
/* What a list of certificates is narrowed to: "" and 0 mean any. */
struct cert_filter {
    const char *user_key;   /* a holder's folded e-mail */
    int64_t course_id, programme_id;
    const char *status;     /* valid | expired | revoked | replaced */
    const char *q;          /* a search as typed: name, e-mail, number, code, title, course */
    const char *centre;     /* the issuing centre's code */
    int year;               /* issued in this year (UTC) */
};
/*
 * Open the list of the certificates the signed-in user may see (admins all;
 * the holder their own; managers and analysts their scope's centres'),
 * narrowed by f: one statement, its rows in CERT_COLUMNS (cert_row). The API
 * walks it oldest first from after (ids above it), the register newest first
 * (newest_first: ids below after; INT64_MAX for the first page). At most
 * limit rows.
 */
int cert_list_open(struct req *r, const struct cert_filter *f, bool newest_first, int64_t after,
                   int64_t limit, const char *now, struct db_stmt **st /* OUT */);
/* What the register's search finds in a certificate, folded (in a): holder, title, number, code. */
const char *cert_search_text(struct arena *a, const char *holder, const char *title,
                             const char *number, const char *code);

/* The certificate as the API answers it (DESIGN.md 6a), links absolute from site. */
json_t *cert_json(const struct cert *c, const char *site);
/*
 * Its verify page's and PDF's absolute URLs, in a; site NULL or "" for a
 * verify URL: [server] public_url, else http://localhost (template.c).
 */
const char *cert_verify_url(struct arena *a, const char *site, const char *code);
const char *cert_pdf_url(struct arena *a, const char *site, const char *code);

/* ---- issuing (issue.c) ---- */

/* What a new certificate says; the code, number and dates are made by cert_issue. */
struct cert_new {
    int64_t user_id;
    int64_t course_id, programme_id; /* exactly one */
    int64_t enrolment_id;            /* 0: by hand, or a programme's */
    int64_t centre_id;               /* the issuing centre; 0: national */
    int64_t months;                  /* validity; 0: no expiry */
    const char *holder, *title, *language;
    double hours;                    /* < 0: not said */
    int64_t replaces;                /* the certificate it corrects, 0: none */
    const char *issued_at;           /* a UTC instant in the past; NULL: now */
    bool gives;                      /* cert_new_for: the course or programme gives them */
};
/*
 * Issue one inside the caller's transaction: its register number, an
 * unguessable code, the row and its audit entry; its PDF is drawn once the
 * transaction commits. *code (may be NULL) gets the code, in a.
 */
int cert_issue(struct db *db, struct arena *a, const struct actor *who, const struct cert_new *in,
               const char **code /* OUT */);
/*
 * Fill *in for user_id and a course or programme (one of the ids 0): the
 * holder's name and language, the title in it, the hours, the validity and
 * the centre (a course's own; centre_id overrides when not 0).
 * DARS_ENOTFOUND when the person or the course or programme is not there.
 */
int cert_new_for(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                 int64_t programme_id, int64_t centre_id, struct cert_new *out /* OUT */);
/* Revoke c with a reason (in the caller's transaction): DARS_ECONFLICT unless valid/expired. */
int cert_revoke(struct db *db, struct arena *a, const struct actor *who, const struct cert *c,
                const char *reason);
/*
 * Correct the holder's name (and the hours, when hours >= 0): a new
 * certificate with a new code and number, the same dates' validity from now,
 * and c marked replaced by it. DARS_ECONFLICT unless c is valid or expired.
 */
int cert_replace(struct db *db, struct arena *a, const struct actor *who, const struct cert *c,
                 const char *holder, double hours, const char **code /* OUT */);

/* ---- SQL (certs_sql.c) ---- */
extern const char cert_load_sql[], cert_list_sql[], cert_counter_sql[], cert_insert_sql[],
    cert_by_enrolment_sql[], cert_course_facts_sql[], cert_programme_facts_sql[],
    cert_programmes_done_sql[], cert_training_centre_sql[], cert_revoke_sql[],
    cert_replaced_sql[], cert_centre_code_sql[], cert_for_user_sql[], cert_id_sql[],
    cert_demo_find_sql[], cert_demo_korean_sql[], cert_register_sql[],
    cert_register_centres_sql[], cert_search_missing_sql[], cert_search_set_sql[],
    cert_replaces_sql[];

/* db.h's end hook, which certs_init sets: the PDFs of what a transaction issued (issue.c) */
void certs_tx_end(struct db *db, bool committed);

/*
 * Save a course's (programme false) or programme's template, old being what
 * it had (id 0: none), with its audit entry, in the caller's transaction
 * (template_page.c; the page and the demo). A logo equal to old's is kept.
 */
int cert_template_store(struct db *db, struct arena *a, const struct actor *who, bool programme,
                        int64_t owner_id, const struct cert_template *old,
                        const struct cert_template *t);

/* ---- what the API and the register's pages share (change.c) ---- */

/* Whether the caller may see c: admins, its holder, managers and analysts of its centre. */
bool cert_may_see(struct req *r, const struct cert *c);
/* Whether the caller may issue, revoke and correct for centre_id (0: national, admins'). */
bool cert_may_change(struct req *r, int64_t centre_id);
/* The certificate of the path's code if the caller may see it, else DARS_ENOTFOUND (secrets). */
int cert_load_seen(struct req *r, struct cert *c /* OUT */);
/*
 * The checks of the fields people type, each adding its message (the
 * API's, in English) to errors under the API's field name: a revocation's reason
 * (required, up to 1000 characters); a corrected name (one line, up to 200
 * characters; *out gets it as stored, NFC); hours (more than 0, up to 10000;
 * text as typed in a form, "12.5" or "12,5"; *out gets -1 for "").
 */
void cert_reason_check(json_t *errors, const char *reason);
void cert_holder_check(struct arena *a, json_t *errors, const char *holder,
                       const char **out /* OUT */);
void cert_hours_check(json_t *errors, const char *text, double *out /* OUT */);
/*
 * Revoke c, or correct its name (holder) and hours (hours < 0: kept), in a
 * transaction of their own: DARS_EDENIED outside the caller's scope,
 * DARS_ECONFLICT when c is no longer valid. *code: the correction's.
 */
int cert_revoke_tx(struct req *r, const struct cert *c, const char *reason);
int cert_replace_tx(struct req *r, const struct cert *c, const char *holder, double hours,
                    const char **code /* OUT */);
/* A certificate issued by hand: what the API's body or the form gives. */
struct cert_manual {
    const char *user;                  /* an e-mail */
    const char *course, *programme;    /* a code: exactly one */
    const char *completed_on;          /* YYYY-MM-DD, not in the future; NULL or "": today */
    double hours;                      /* < 0: the course's or programme's */
};
/*
 * Issue it in a transaction of its own: DARS_EINVALID with messages in
 * errors (field names as the API's), DARS_EDENIED outside the caller's
 * scope, else 0 and *code.
 */
int cert_issue_manual(struct req *r, const struct cert_manual *m, json_t *errors,
                      const char **code /* OUT */);

/* ---- pages and API ---- */
int certs_api_list(struct req *r);
int certs_api_get(struct req *r);
int certs_api_issue(struct req *r);
int certs_api_revoke(struct req *r);
int certs_api_replace(struct req *r);
int certs_verify_page(struct req *r);
/* The register and a certificate as managers see it, with its actions (register.c, manage.c). */
int certs_register_page(struct req *r);
int certs_manage_page(struct req *r);
int certs_revoke_page(struct req *r);
int certs_revoke_submit(struct req *r);
int certs_replace_page(struct req *r);
int certs_replace_submit(struct req *r);
int certs_issue_page(struct req *r);
int certs_issue_submit(struct req *r);
/* The words of a status, and the tag colour the lists show it in (my.c). */
const char *cert_status_words(const char *lang, const char *status);
const char *cert_status_tag(const char *status);

/*
 * The template text with its placeholders filled from c, in a: {holder},
 * {title}, {date} (issued), {expires}, {centre}, {hours}, {number}, {code}.
 * Anything else, an unknown name or a lone brace included, is kept as
 * written, so any text is safe to give (template.c; fuzzed).
 */
const char *cert_template_expand(struct arena *a, const char *text, const struct cert *c,
                                 const char *lang);
/* Sample data for a template's preview: a made-up holder, this course's title. */
void cert_sample(struct arena *a, const char *title, const char *lang, struct cert *out /* OUT */);

/*
 * Draw the certificate as an A4 landscape PDF with cairo and pango (pdf.c):
 * fonts embedded, the QR code of verify_url (libqrencode). In a.
 */
int cert_pdf_draw(struct arena *a, const struct cert *c, const struct cert_template *t,
                  const char *verify_url, unsigned char **pdf /* OUT */, size_t *len /* OUT */);

/*
 * Draw and keep the PDF of every certificate issued in a transaction that
 * has just committed (called after the commit, never while it holds the
 * database): the codes given, each loaded, drawn and stored (pdf.c).
 */
int cert_pdf_make(struct db *db, struct arena *a, const char *const *codes, size_t n);

/*
 * The certificate as an Open Badges 3.0 OpenBadgeCredential, signed as a
 * compact JWS with RS256 by the newest key (made on first use) (badge.c).
 */
int cert_badge_jws(struct db *db, struct arena *a, const struct cert *c, const char *base_url,
                   const char **jws /* OUT */);

/* May the signed-in user have c's PDF: the holder, those who manage it (files.c). */
int cert_may_read(struct req *r, const struct cert *c, bool *yes /* OUT */);
/* c's PDF as kept, drawn and kept now if it was not yet (files.c). */
int cert_pdf_bytes(struct db *db, struct arena *a, const struct cert *c,
                   const void **pdf /* OUT */, size_t *len /* OUT */);
/* Handlers (files.c) */
int certs_pdf_file(struct req *r);
int certs_jwt_file(struct req *r);
int certs_jwks_file(struct req *r);
int certs_course_zip(struct req *r); /* bulk.c */
int certs_cohort_zip(struct req *r);
/*
 * The certificate template of a course or of a programme: the form, its
 * preview and saving (template_page.c).
 */
int certs_template_page(struct req *r);
int certs_template_submit(struct req *r);
int certs_programme_template_page(struct req *r);
int certs_programme_template_submit(struct req *r);

/* The published keys as a JWK set, {"keys": [...]}, newest first (badge.c). */
int certs_jwks(struct db *db, struct arena *a, json_t **out /* OUT, caller decrefs */);

/* SQL of the PDF, templates and the signing keys (render_sql.c) */
extern const char cert_template_by_id_sql[], cert_template_by_course_sql[],
    cert_template_by_programme_sql[], cert_template_upsert_course_sql[],
    cert_template_upsert_programme_sql[], cert_pdf_store_sql[], cert_pdf_get_sql[],
    cert_key_signing_sql[], cert_key_all_sql[], cert_key_insert_sql[], cert_key_retire_sql[],
    cert_course_undrawn_sql[], cert_course_pdfs_sql[], cert_template_id_course_sql[],
    cert_template_id_programme_sql[],
    cert_cohort_undrawn_sql[], cert_cohort_pdfs_sql[], cert_pdf_page_sql[];
/* The PDFs a streamed ZIP reads at once: its memory is about this many certificates. */
#define CERT_ZIP_PAGE 8

#endif
