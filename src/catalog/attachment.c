/*
 * Attachments: files of a lesson, and a course's cover image. Kept in the
 * database (application nodes stay stateless); the type is decided by the
 * bytes with libmagic, never by the name, and only an allow-list passes.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "audit/audit.h"
#include "core/filetype.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"

#include <sodium.h>

/* A file name safe to show and to put in Content-Disposition: no path, no controls. */
static const char *clean_name(struct arena *a, const char *name)
{
    const char *base = name ? name : "";
    for (const char *p = base; *p; p++)
        if (*p == '/' || *p == '\\')
            base = p + 1;
    char *out = arena_strdup(a, base);
    for (char *p = out; *p; p++)
        if ((unsigned char)*p < ' ' || *p == '"' || *p == 0x7f)
            *p = '_';
    if (!utf8_is_valid(out, strlen(out)) || !*out || utf8_len(out) > 200)
        return "file";
    return out;
}

int catalog_attachment_insert(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, int64_t lesson_id, const char *filename,
                              const void *data, size_t len, json_t *errors, int64_t *id)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    char hex[crypto_hash_sha256_BYTES * 2 + 1], now[TIME_ISO_LEN];
    const char *mime = NULL, *name = clean_name(a, filename);
    int64_t new_id = 0;
    int rc;

    if (len == 0) {
        form_error(errors, "file", N_("Choose a file"));
        return DARS_EINVALID;
    }
    if (len > CATALOG_ATTACHMENT_MAX) {
        form_error(errors, "file", N_("The file must be smaller than 20 MB"));
        return DARS_EINVALID;
    }
    rc = filetype_sniff(data, len, &mime);
    if (rc == DARS_EINVALID || (rc == 0 && lesson_id == 0 && !filetype_is_image(mime))) {
        form_error(errors, "file",
                   lesson_id ? N_("The file must be a PDF, an image or an office document")
                             : N_("The file must be a PNG, JPEG, GIF or WebP image"));
        return DARS_EINVALID;
    }
    if (rc < 0)
        return rc;
    crypto_hash_sha256(digest, data, len);
    sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
    time_now_iso(now);
    rc = db_query_int(db, attachment_insert_sql,
                      DB_ARGS(DB_INT(course_id), DB_ID(lesson_id), DB_TEXT(name), DB_TEXT(mime),
                              DB_INT((int64_t)len), DB_TEXT(hex), DB_BLOB(data, len),
                              DB_ID(who->id), DB_TEXT(now), DB_TEXT(now)),
                      &new_id);
    if (rc < 0)
        return rc;
    if (lesson_id == 0)
        rc = db_exec(db, course_cover_sql,
                     DB_ARGS(DB_INT(new_id), DB_TEXT(now), DB_INT(course_id)));
    if (rc < 0)
        return rc;
    json_t *changes = json_object();
    audit_after(changes, "course", arena_int(a, course_id));
    if (lesson_id)
        audit_after(changes, "lesson", arena_int(a, lesson_id));
    audit_after(changes, "filename", name);
    audit_after(changes, "mime", mime);
    audit_after(changes, "sha256", hex);
    rc = audit_record_id(db, who, "attachment.create", "attachment", new_id,
                      changes);
    json_decref(changes);
    if (rc == 0 && id)
        *id = new_id;
    return rc;
}
