/*
 * All certificates of a course, or of a cohort, as one ZIP (libzip) for those who manage
 * it: the kept PDFs, one file each, named by register number and holder;
 * revoked ones left out. PDFs are compressed already, so they are stored,
 * not deflated: the archive costs a copy, not CPU. The rows are read one at
 * a time; the HTTP layer sends a body whole, so the archive is built in
 * memory first (about 60 KB a certificate).
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "cohorts/cohorts.h"
#include "core/arena.h"
#include "core/log.h"
#include "db/db.h"
#include "http/api.h"
#include "http/http.h"

#include <string.h>
#include <zip.h>

/* "C-BAK/2026/000123" and "Aynur Məmmədova" -> "C-BAK-2026-000123 Aynur Məmmədova.pdf" */
static const char *entry_name(struct arena *a, const char *number, const char *holder)
{
    char *s = arena_printf(a, "%s %s.pdf", number, holder);
    for (char *p = s; *p; p++)
        if (*p == '/' || *p == '\\' || (unsigned char)*p < 0x20)
            *p = '-';
    return s;
}

/* The archive's bytes once closed (in a). */
static int archive_bytes(struct arena *a, zip_source_t *src, char **out, size_t *len)
{
    zip_stat_t st;
    if (zip_source_stat(src, &st) < 0 || zip_source_open(src) < 0)
        return DARS_ERR;
    *out = arena_alloc(a, st.size + 1);
    zip_int64_t n = zip_source_read(src, *out, st.size);
    zip_source_close(src);
    if (n < 0 || (zip_uint64_t)n != st.size)
        return DARS_ERR;
    *len = (size_t)n;
    return 0;
}

static int build(struct req *r, const char *sql, struct db_arg arg, const char *what,
                 char **zipped, size_t *len)
{
    zip_error_t zerr;
    zip_t *za = NULL;
    struct db_stmt *st = NULL;
    int64_t files = 0;
    int rc = DARS_ERR;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &zerr);
    if (!src || !(za = zip_open_from_source(src, ZIP_TRUNCATE, &zerr)))
        goto out;
    zip_source_keep(src); /* read it back after zip_close */
    if ((rc = db_query(r->db, &st, sql, DB_ARGS(arg))) < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        size_t n;
        const void *pdf = db_col_blob(st, 2, &r->arena, &n); /* lives until the request ends */
        zip_source_t *f = zip_source_buffer(za, pdf, n, 0);
        zip_int64_t i = f ? zip_file_add(za, entry_name(&r->arena, db_col_text(st, 0),
                                                        db_col_text(st, 1)),
                                         f, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE)
                          : -1;
        if (i < 0) {
            zip_source_free(f);
            rc = DARS_ERR;
            break;
        }
        zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
        files++;
    }
    db_done(st);
    if (rc < 0)
        goto out;
    rc = DARS_ERR;
    if (zip_close(za) < 0)
        goto out;
    za = NULL;
    rc = files ? archive_bytes(&r->arena, src, zipped, len) : 0;
    if (!files)
        *len = 0;
out:
    if (rc < 0)
        log_error("certs: the ZIP of %s failed: %s", what,
                  za ? zip_strerror(za) : zip_error_strerror(&zerr));
    if (za)
        zip_discard(za);
    if (src)
        zip_source_free(src);
    zip_error_fini(&zerr);
    return rc;
}

/*
 * Draw the PDFs whose drawing never happened (as their own download would),
 * then send the ZIP of sql's rows; 404 when there are none.
 */
static int send_zip(struct req *r, const char *undrawn_sql, const char *pdfs_sql,
                    struct db_arg arg, const char *name)
{
    const char **codes = NULL;
    size_t n = 0;
    char *zipped = NULL;
    size_t len = 0;
    struct db_stmt *st;
    int rc;
    if ((rc = db_query(r->db, &st, undrawn_sql, DB_ARGS(arg))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char **grown = arena_alloc(&r->arena, (n + 1) * sizeof(*grown));
        if (n)
            memcpy(grown, codes, n * sizeof(*codes));
        grown[n++] = arena_strdup(&r->arena, db_col_text(st, 0));
        codes = grown;
    }
    db_done(st);
    if (rc < 0 || (n && (rc = cert_pdf_make(r->db, &r->arena, codes, n)) < 0))
        return rc;
    if ((rc = build(r, pdfs_sql, arg, name, &zipped, &len)) < 0)
        return rc;
    if (!len)
        return DARS_ENOTFOUND; /* no certificates yet: nothing to download */
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"certificates-%s.zip\"", name));
    http_add_header(r, "Cache-Control", "private, no-store");
    return http_send(r, 200, "application/zip", zipped, len);
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
