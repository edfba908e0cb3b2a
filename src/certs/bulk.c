/*
 * All certificates of a course, or of a cohort, as one ZIP for those who manage
 * it: the kept PDFs, one file each, named by register number and holder;
 * revoked ones left out. PDFs are compressed already, so they are stored,
 * not deflated: the archive costs a copy, not CPU. The handler lists the
 * entries (ids, names, sizes: so the length is known and sent); the archive is
 * then streamed (zip_stream.h) as the client reads it, CERT_ZIP_PAGE PDFs
 * read at a time by id, so memory stays at a page of PDFs however many there are.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "cohorts/cohorts.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "certs/zip_stream.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"

#include <string.h>

/* "C-BAK/2026/000123" and "Aynur Məmmədova" -> "C-BAK-2026-000123 Aynur Məmmədova.pdf" */
static const char *entry_name(struct arena *a, const char *number, const char *holder)
{
    char *s = arena_printf(a, "%s %s.pdf", number, holder);
    for (char *p = s; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '-';
    return s;
}

/*
 * One ZIP being sent. Everything here is malloc'd and its own: it lives on
 * after the handler's request (and arena) are gone, until zip_done.
 */
struct zip_job {
    struct cert_zip zip;
    size_t n;        /* entries, in archive order */
    int64_t *ids;
    size_t *sizes;   /* each PDF's length when listed */
    char **names;
    size_t next;     /* the next entry to write */
    size_t taken;    /* bytes of zip.out already sent */
    bool finished;   /* the central directory is written */
    struct arena page; /* the PDFs of entries [page_start, page_start + CERT_ZIP_PAGE) */
    size_t page_start;
    const void *pdf[CERT_ZIP_PAGE];
    bool have[CERT_ZIP_PAGE];
    char *what;
};

static void zip_done(void *ctx)
{
    struct zip_job *j = ctx;
    cert_zip_free(&j->zip);
    for (size_t i = 0; i < j->n; i++)
        free(j->names[i]);
    free(j->names);
    free(j->ids);
    free(j->sizes);
    arena_release(&j->page);
    free(j->what);
    free(j);
}

/* Read the PDFs of the page that starts at entry `from`: one statement for CERT_ZIP_PAGE. */
static int load_page(struct zip_job *j, struct db *db, size_t from)
{
    struct db_arg args[CERT_ZIP_PAGE];
    struct db_stmt *st;
    int rc;
    arena_release(&j->page);
    j->page_start = from;
    for (size_t i = 0; i < CERT_ZIP_PAGE; i++) {
        args[i] = DB_INT(from + i < j->n ? j->ids[from + i] : 0);
        j->have[i] = false;
    }
    if ((rc = db_query(db, &st, cert_pdf_page_sql, args, CERT_ZIP_PAGE)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        for (size_t i = 0; i < CERT_ZIP_PAGE && from + i < j->n; i++) {
            if (j->ids[from + i] != id)
                continue;
            size_t len;
            j->pdf[i] = db_col_blob(st, 1, &j->page, &len);
            /* kept PDFs never change; one that did would break the Content-Length sent */
            j->have[i] = j->pdf[i] && len == j->sizes[from + i];
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The next entry (or the central directory) into j->zip.out; < 0 when it cannot be. */
static int zip_more(struct zip_job *j, struct db *db)
{
    buf_reset(&j->zip.out);
    j->taken = 0;
    if (j->next == j->n) {
        j->finished = true;
        return cert_zip_finish(&j->zip);
    }
    size_t i = j->next - j->page_start;
    /* a page is read when its first entry is due (entries go in order) */
    if (j->next == j->page_start || i >= CERT_ZIP_PAGE) {
        if (load_page(j, db, j->next) < 0)
            return DARS_ERR;
        i = 0;
    }
    if (!j->have[i]) {
        log_error("certs: the ZIP of %s stopped: certificate %lld changed while it was sent",
                  j->what, (long long)j->ids[j->next]);
        return DARS_ERR;
    }
    int rc = cert_zip_add(&j->zip, j->names[j->next], j->pdf[i], j->sizes[j->next]);
    j->next++;
    return rc;
}

/* http_stream_read: the archive's next bytes. */
static long zip_read(void *ctx, struct db *db, char *buf, size_t max)
{
    struct zip_job *j = ctx;
    while (j->taken == j->zip.out.len) {
        if (j->finished)
            return 0;
        if (zip_more(j, db) < 0)
            return -1;
    }
    size_t n = j->zip.out.len - j->taken;
    if (n > max)
        n = max;
    memcpy(buf, j->zip.out.ptr + j->taken, n);
    j->taken += n;
    return (long)n;
}

/* The entries of sql's rows (id, number, holder, PDF length), in a new job. */
static int list_entries(struct req *r, const char *sql, struct db_arg arg, struct zip_job **out)
{
    struct zip_job *j = xcalloc(1, sizeof(*j));
    struct db_stmt *st;
    size_t cap = 0;
    int rc;
    cert_zip_init(&j->zip);
    arena_init(&j->page);
    if ((rc = db_query(r->db, &st, sql, DB_ARGS(arg))) < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        if (j->n == cap) {
            cap = cap ? cap * 2 : 64;
            j->ids = xrealloc(j->ids, cap * sizeof(*j->ids));
            j->sizes = xrealloc(j->sizes, cap * sizeof(*j->sizes));
            j->names = xrealloc(j->names, cap * sizeof(*j->names));
        }
        j->ids[j->n] = db_col_int(st, 0);
        j->sizes[j->n] = (size_t)db_col_int(st, 3);
        j->names[j->n] = xstrdup(entry_name(&r->arena, db_col_text(st, 1), db_col_text(st, 2)));
        j->n++;
    }
    db_done(st);
out:
    if (rc < 0) {
        zip_done(j);
        return rc;
    }
    *out = j;
    return 0;
}

/*
 * Draw the PDFs whose drawing never happened (as their own download would),
 * then send the ZIP of sql's rows; 404 when there are none.
 */
static int send_zip(struct req *r, const char *undrawn_sql, const char *pdfs_sql,
                    struct db_arg arg, const char *name)
{
    const char **codes = NULL;
    size_t n = 0, cap = 0;
    struct zip_job *j = NULL;
    struct db_stmt *st;
    int rc;
    if ((rc = db_query(r->db, &st, undrawn_sql, DB_ARGS(arg))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        codes = arena_grow(&r->arena, codes, n, &cap, sizeof(*codes));
        codes[n++] = arena_strdup(&r->arena, db_col_text(st, 0));
    }
    db_done(st);
    if (rc < 0 || (n && (rc = cert_pdf_make(r->db, &r->arena, codes, n)) < 0))
        return rc;
    if ((rc = list_entries(r, pdfs_sql, arg, &j)) < 0)
        return rc;
    if (!j->n) {
        zip_done(j);
        return DARS_ENOTFOUND; /* no certificates yet: nothing to download */
    }
    size_t *name_lens = arena_alloc(&r->arena, j->n * sizeof(*name_lens));
    for (size_t i = 0; i < j->n; i++)
        name_lens[i] = strlen(j->names[i]);
    uint64_t len = cert_zip_size(j->n, name_lens, j->sizes);
    if (!len) {
        /* 4 GB or 65,535 certificates: past what a ZIP without ZIP64 holds */
        log_error("certs: the ZIP of %s would pass 4 GB or 65,535 files", name);
        zip_done(j);
        return DARS_ERR;
    }
    j->what = xstrdup(name);
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"certificates-%s.zip\"", name));
    http_add_header(r, "Cache-Control", "private, no-store");
    return http_send_stream(r, 200, "application/zip", len, zip_read, zip_done, j);
}

/* GET /admin/courses/{code}/certificates.zip */
int certs_course_zip(struct req *r)
{
    struct catalog_course co;
    int rc = catalog_course_managed(r, r->params[0], &co);
    if (rc < 0)
        return rc;
    return send_zip(r, cert_course_undrawn_sql, cert_course_pdfs_sql, DB_TEXT(co.code), co.code);
}

/* GET /admin/cohorts/{id}/certificates.zip: those who manage the cohort's centre */
int certs_cohort_zip(struct req *r)
{
    int64_t id = api_id(r->params[0]), centre = 0;
    const char *title;
    int rc = id ? cohorts_centre_get(r->db, &r->arena, id, &centre, &title) : DARS_ENOTFOUND;
    if (rc < 0)
        return rc;
    if (!accounts_can_manage_centre(r, centre))
        return DARS_EDENIED;
    return send_zip(r, cert_cohort_undrawn_sql, cert_cohort_pdfs_sql, DB_INT(id),
                    arena_printf(&r->arena, "cohort-%lld", (long long)id));
}
