/*
 * Issuing certificates: on completion (the hook enrol calls in the
 * completing transaction), by hand, and again when a name is corrected;
 * revoking. Register numbers run per issuing centre (its code, or NATIONAL)
 * and year, from certificate_counters, whose row's lock makes two issuing
 * transactions take turns. The PDFs are drawn after the commit: the codes
 * issued in a transaction wait in a per-thread list until it ends.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/time.h"
#include "core/xalloc.h"
#include "db/db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* "cer" "tif": the transactions that decide whether a person's programme certificate is due */
#define CERT_LOCK_SPACE 0x636572

/* ---- PDFs after the commit ---- */

/* the codes issued in this thread's open transaction (one connection per thread) */
static _Thread_local struct {
    char **codes;
    size_t n, cap;
} pending;

static void pending_add(const char *code)
{
    if (pending.n == pending.cap) {
        pending.cap = pending.cap ? 2 * pending.cap : 8;
        pending.codes = xrealloc(pending.codes, pending.cap * sizeof(*pending.codes));
    }
    pending.codes[pending.n++] = xstrdup(code);
}

/*
 * The end of a transaction (db.h's end hook): once committed, draw the PDFs
 * of what it issued. The list is taken first, so the PDFs' own writes do
 * not find it again.
 */
void certs_tx_end(struct db *db, bool committed)
{
    char **codes = pending.codes;
    size_t n = pending.n;
    if (!n)
        return;
    pending.codes = NULL;
    pending.n = pending.cap = 0;
    if (committed) {
        /*
         * The one place that draws the PDFs of certificates just issued, now
         * that the database is no longer held. A failure is logged and not
         * the request's: the certificate is valid and verifiable without its
         * PDF, which /certificates/{code}.pdf draws when it is absent.
         */
        struct arena a;
        arena_init(&a);
        (void)cert_pdf_make(db, &a, (const char *const *)codes, n);
        arena_release(&a);
    }
    for (size_t i = 0; i < n; i++)
        free(codes[i]);
    free(codes);
}

/*
 * Fold the search text of certificates written before it was kept
 * (migration 0032), a batch at a time: the fold is Dars's own, which SQL
 * cannot do. Once done, a start finds none and costs one statement.
 */
static int search_backfill(struct db *db)
{
    struct arena a;
    int64_t *ids = NULL;
    const char **texts = NULL;
    size_t n;
    int rc;

    arena_init(&a);
    do {
        struct db_stmt *st;
        n = 0;
        ids = arena_alloc(&a, 200 * sizeof(*ids));
        texts = arena_alloc(&a, 200 * sizeof(*texts));
        if ((rc = db_query(db, &st, cert_search_missing_sql, DB_ARGS(DB_INT(200)))) < 0)
            goto out;
        while ((rc = db_step(st)) == DB_ROW) {
            ids[n] = db_col_int(st, 0);
            texts[n++] = cert_search_text(&a, db_col_text(st, 1), db_col_text(st, 2),
                                          db_col_text(st, 3), db_col_text(st, 4));
        }
        db_done(st);
        if (rc < 0 || (rc = db_tx_begin(db)) < 0)
            goto out;
        for (size_t i = 0; i < n && rc >= 0; i++)
            rc = db_exec(db, cert_search_set_sql, DB_ARGS(DB_TEXT(texts[i]), DB_INT(ids[i])));
        if ((rc = db_tx_end(db, rc < 0 ? rc : 0)) < 0)
            goto out;
    } while (n == 200);
    rc = 0;
out:
    arena_release(&a);
    return rc;
}

int certs_init(struct db *db)
{
    db_set_end_hook(certs_tx_end);
    return search_backfill(db);
}

/* ---- numbers, codes, dates ---- */

/* "C-BAK/2026/000123": the next number of the issuing centre (NULL: national) in year */
static int next_number(struct db *db, struct arena *a, int64_t centre_id, const char *year,
                       const char **number)
{
    const char *issuer = "NATIONAL";
    struct db_stmt *st;
    int64_t last;
    int rc;

    if (centre_id) {
        if ((rc = db_query_row(db, &st, cert_centre_code_sql, DB_ARGS(DB_INT(centre_id)))) < 0)
            return rc;
        issuer = arena_strdup(a, db_col_text(st, 0));
        db_done(st);
    }
    if ((rc = db_query_int(db, cert_counter_sql, DB_ARGS(DB_TEXT(issuer), DB_INT(atoi(year))),
                           &last)) < 0)
        return rc;
    *number = arena_printf(a, "%s/%s/%06lld", issuer, year, (long long)last);
    return 0;
}

/* now plus months, the day kept (or the month's last when it has fewer days) */
static void months_after(const char *now, int64_t months, char out[TIME_ISO_LEN])
{
    time_t t;
    struct tm tm;
    if (time_from_iso(now, &t) < 0)
        t = time(NULL);
    gmtime_r(&t, &tm);
    int mday = tm.tm_mday;
    tm.tm_mon += (int)months;
    tm.tm_mday = 1;
    time_t first = timegm(&tm);
    gmtime_r(&first, &tm);
    static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
    int y = tm.tm_year + 1900;
    int len = days[tm.tm_mon] + (tm.tm_mon == 1 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)));
    tm.tm_mday = mday < len ? mday : len;
    time_to_iso(out, timegm(&tm));
}

int cert_issue(struct db *db, struct arena *a, const struct actor *who, const struct cert_new *in,
               const char **code_out)
{
    char now[TIME_ISO_LEN], expires[TIME_ISO_LEN], year[5];
    const char *number, *code;
    int64_t id;
    int rc;

    time_now_iso(now);
    /* the register's year is the year it is written in, whatever date it bears */
    snprintf(year, sizeof(year), "%.4s", now);
    if ((rc = next_number(db, a, in->centre_id, year, &number)) < 0)
        return rc;
    /* 15 random bytes: 120 bits, 20 URL-safe characters */
    code = accounts_random_token(a, 15);
    const char *issued = in->issued_at ? in->issued_at : now;
    if (in->months)
        months_after(issued, in->months, expires);
    rc = db_query_int(
        db, cert_insert_sql,
        DB_ARGS(DB_TEXT(code), DB_TEXT(number), DB_INT(in->user_id), DB_TEXT(in->holder),
                DB_ID(in->course_id), DB_ID(in->programme_id), DB_ID(in->enrolment_id),
                DB_ID(in->centre_id), DB_TEXT(in->title), DB_TEXT(in->language),
                in->hours >= 0 ? DB_INT((int64_t)(in->hours * 60 + 0.5)) : DB_NULL,
                DB_TEXT(issued), DB_TEXT(in->months ? expires : NULL), DB_ID(who ? who->id : 0),
                DB_ID(in->course_id), DB_ID(in->programme_id),
                DB_TEXT(cert_search_text(a, in->holder, in->title, number, code)), DB_TEXT(now),
                DB_TEXT(now)),
        &id);
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "number", number);
    audit_after(changes, "user", arena_int(a, in->user_id));
    audit_after(changes, "holder", in->holder);
    audit_after(changes, "title", in->title);
    if (in->issued_at)
        audit_after(changes, "issued_at", issued);
    if (in->replaces)
        audit_after(changes, "replaces", arena_int(a, in->replaces));
    rc = audit_record_id(db, who, "certificate.issue", "certificate", id, changes);
    json_decref(changes);
    if (rc < 0)
        return rc;
    pending_add(code);
    if (code_out)
        *code_out = code;
    return 0;
}

int cert_new_for(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                 int64_t programme_id, int64_t centre_id, struct cert_new *out)
{
    struct db_stmt *st;
    int rc;

    /* the holder's language first: the title is asked for in it */
    memset(out, 0, sizeof(*out));
    if ((rc = db_query_row(db, &st, cert_course_facts_sql,
                           DB_ARGS(DB_TEXT("en"), DB_TEXT("en"), DB_INT(user_id),
                                   DB_INT(course_id ? course_id : -1)))) < 0 &&
        rc != DARS_ENOTFOUND)
        return rc;
    const char *lang = "en";
    if (rc == 0) {
        lang = arena_strdup(a, db_col_text(st, 1));
        db_done(st);
    }
    if (course_id)
        rc = db_query_row(db, &st, cert_course_facts_sql,
                          DB_ARGS(DB_TEXT(lang), DB_TEXT(lang), DB_INT(user_id),
                                  DB_INT(course_id)));
    else
        rc = db_query_row(db, &st, cert_programme_facts_sql,
                          DB_ARGS(DB_TEXT(lang), DB_TEXT(lang), DB_INT(user_id),
                                  DB_INT(programme_id)));
    if (rc < 0)
        return rc;
    out->user_id = user_id;
    out->course_id = course_id;
    out->programme_id = course_id ? 0 : programme_id;
    out->holder = arena_strdup(a, db_col_text(st, 0));
    out->language = arena_strdup(a, db_col_text(st, 1));
    out->title = arena_strdup(a, db_col_text(st, 2));
    out->gives = db_col_int(st, 3) != 0;
    out->months = db_col_int(st, 4);
    out->centre_id = centre_id ? centre_id : db_col_int(st, 5);
    int64_t minutes = db_col_int(st, 6);
    out->hours = minutes ? minutes / 60.0 : -1;
    db_done(st);
    return 0;
}

/* ---- on completion ---- */

/* Where the enrolment trained: its cohort's centre, else the course's (0: the course's). */
static int training_centre(struct db *db, int64_t cohort_id, int64_t *centre_id)
{
    struct db_stmt *st;
    *centre_id = 0;
    if (!cohort_id)
        return 0;
    int rc = db_query_row(db, &st, cert_training_centre_sql, DB_ARGS(DB_INT(cohort_id)));
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    *centre_id = db_col_int(st, 0);
    db_done(st);
    return 0;
}

/*
 * enrol.h's enrol_completed: the course's certificate, and those of its
 * programmes that the person has now completed. Called once per completion
 * (enrol's update of the enrolment's status decides which transaction
 * completes it); the enrolment's certificate is looked for all the same, so
 * a completion undone and done again issues no second one.
 */
int certs_completed(struct db *db, struct arena *a, const struct actor *who,
                    int64_t enrolment_id, int64_t user_id, int64_t course_id, int64_t cohort_id)
{
    struct cert_new in;
    int64_t centre_id, *programmes, taken;
    size_t n;
    int rc;

    if ((rc = training_centre(db, cohort_id, &centre_id)) < 0 ||
        (rc = cert_new_for(db, a, user_id, course_id, 0, centre_id, &in)) < 0)
        return rc == DARS_ENOTFOUND ? 0 : rc;
    centre_id = in.centre_id;
    if (in.gives) {
        rc = db_query_int(db, cert_by_enrolment_sql, DB_ARGS(DB_INT(enrolment_id)), &taken);
        if (rc == DARS_ENOTFOUND) {
            in.enrolment_id = enrolment_id;
            rc = cert_issue(db, a, who, &in, NULL);
        }
        if (rc < 0)
            return rc;
    }
    /* two courses of one programme completing at once: one transaction at a time decides */
    if ((rc = db_tx_lock(db, CERT_LOCK_SPACE, user_id)) < 0 ||
        (rc = db_query_ids(db, a, cert_programmes_done_sql,
                           DB_ARGS(DB_INT(course_id), DB_INT(user_id), DB_INT(user_id)),
                           &programmes, &n)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        if ((rc = cert_new_for(db, a, user_id, 0, programmes[i], centre_id, &in)) < 0 ||
            (rc = cert_issue(db, a, who, &in, NULL)) < 0)
            return rc;
    }
    return 0;
}

/* ---- revoking and correcting ---- */

static bool live(const struct cert *c)
{
    return streq(c->status, "valid") || streq(c->status, "expired");
}

int cert_revoke(struct db *db, struct arena *a, const struct actor *who, const struct cert *c,
                const char *reason)
{
    char now[TIME_ISO_LEN];
    int64_t changed = 0;
    int rc;

    UNUSED(a);
    if (!live(c))
        return DARS_ECONFLICT;
    time_now_iso(now);
    if ((rc = db_exec_changes(db, cert_revoke_sql,
                              DB_ARGS(DB_TEXT(now), DB_TEXT(reason), DB_TEXT(now), DB_INT(c->id)),
                              &changed)) < 0)
        return rc;
    if (!changed)
        return DARS_ECONFLICT; /* revoked or replaced since it was read */
    json_t *changes = json_object();
    audit_diff(changes, "status", "valid", "revoked");
    audit_after(changes, "reason", reason);
    rc = audit_record_id(db, who, "certificate.revoke", "certificate", c->id, changes);
    json_decref(changes);
    return rc;
}

int cert_replace(struct db *db, struct arena *a, const struct actor *who, const struct cert *c,
                 const char *holder, double hours, const char **code)
{
    char now[TIME_ISO_LEN];
    struct cert_new in = {
        .user_id = c->user_id, .course_id = c->course_id, .programme_id = c->programme_id,
        .centre_id = c->centre_id, .holder = holder, .title = c->title,
        .language = c->language, .hours = hours >= 0 ? hours : c->has_hours ? c->hours : -1,
        .replaces = c->id,
    };
    int64_t changed = 0, months = 0, id;
    time_t from, to;
    int rc;

    if (!live(c))
        return DARS_ECONFLICT;
    /* the same validity, counted again from now: months between the old dates */
    if (c->expires_at && time_from_iso(c->issued_at, &from) == 0 &&
        time_from_iso(c->expires_at, &to) == 0) {
        struct tm f, t;
        gmtime_r(&from, &f);
        gmtime_r(&to, &t);
        months = (t.tm_year - f.tm_year) * 12 + (t.tm_mon - f.tm_mon);
        if (months < 1)
            months = 1;
    }
    in.months = months;
    if ((rc = cert_issue(db, a, who, &in, code)) < 0 ||
        (rc = db_query_int(db, cert_id_sql, DB_ARGS(DB_TEXT(*code)), &id)) < 0)
        return rc;
    time_now_iso(now);
    if ((rc = db_exec_changes(db, cert_replaced_sql,
                              DB_ARGS(DB_INT(id), DB_TEXT(now), DB_INT(c->id)), &changed)) < 0)
        return rc;
    if (!changed)
        return DARS_ECONFLICT;
    json_t *changes = json_object();
    audit_diff(changes, "status", "valid", "replaced");
    audit_diff(changes, "holder", c->holder, holder);
    if (hours >= 0 && (!c->has_hours || c->hours != hours))
        audit_diff(changes, "hours", c->has_hours ? arena_printf(a, "%g", c->hours) : NULL,
                   arena_printf(a, "%g", hours));
    rc = audit_record_id(db, who, "certificate.replace", "certificate", c->id, changes);
    json_decref(changes);
    return rc;
}
