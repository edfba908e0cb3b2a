/*
 * File types by content (see filetype.h): libmagic names the bytes, a table
 * maps its answer to the allow-list, and a small reader of the zip central
 * directory recognises OOXML files whose part order libmagic does not expect.
 */
#include "core/base.h"
#include "core/filetype.h"

#include <magic.h>
#include <pthread.h>
#include <strings.h>

/* One allowed type: its canonical name and the extension Dars gives it. */
struct filetype {
    const char *mime;
    const char *ext;
    bool image;
};

static const struct filetype filetypes[] = {
    {"application/pdf", ".pdf", false},
    {"image/png", ".png", true},
    {"image/jpeg", ".jpg", true},
    {"image/gif", ".gif", true},
    {"image/webp", ".webp", true},
    {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false},
    {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", false},
    {"application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", false},
    {"application/msword", ".doc", false},
    {"application/vnd.ms-excel", ".xls", false},
    {"application/vnd.ms-powerpoint", ".ppt", false},
    /* an OLE2 compound file libmagic cannot place; Office opens it by content */
    {"application/vnd.ms-office", ".doc", false},
    {"application/vnd.oasis.opendocument.text", ".odt", false},
    {"application/vnd.oasis.opendocument.spreadsheet", ".ods", false},
    {"application/vnd.oasis.opendocument.presentation", ".odp", false},
    {"text/plain", ".txt", false},
    {"text/csv", ".csv", false},
};

/* Other names libmagic gives to allowed types. */
static const struct {
    const char *magic, *mime;
} filetype_aliases[] = {
    {"application/CDFV2", "application/vnd.ms-office"},
    {"application/x-ole-storage", "application/vnd.ms-office"},
    {"image/pjpeg", "image/jpeg"},
    {"application/csv", "text/csv"},
};

#define OOXML_WORD "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define OOXML_EXCEL "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define OOXML_POWERPOINT "application/vnd.openxmlformats-officedocument.presentationml.presentation"

/* libmagic is not thread-safe: one cookie, used by one thread at a time. */
static pthread_mutex_t magic_lock = PTHREAD_MUTEX_INITIALIZER;
static magic_t magic_cookie;

static const struct filetype *filetype_find(const char *mime)
{
    if (!mime)
        return NULL;
    for (size_t i = 0; i < ARRAY_SIZE(filetypes); i++)
        if (!strcasecmp(mime, filetypes[i].mime))
            return &filetypes[i];
    return NULL;
}

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static size_t rd32(const unsigned char *p)
{
    return (size_t)p[0] | (size_t)p[1] << 8 | (size_t)p[2] << 16 | (size_t)p[3] << 24;
}

static bool has_prefix(const unsigned char *s, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    return len >= n && !memcmp(s, prefix, n);
}

/*
 * libmagic names OOXML only when its parts come in the order Office writes
 * them; other writers get "application/zip". The zip's central directory
 * lists every part: "[Content_Types].xml" with a word/, xl/ or ppt/ folder is
 * an OOXML document. NULL for anything else, malformed zips included.
 */
static const char *filetype_ooxml(const unsigned char *d, size_t len)
{
    enum { EOCD = 22, CDH = 46 };
    if (len < EOCD)
        return NULL;
    /* the end record is the last 22 bytes, unless a comment (< 64 KiB) follows it */
    size_t lowest = len - EOCD > 0xffff ? len - EOCD - 0xffff : 0, eocd = len - EOCD;
    while (memcmp(d + eocd, "PK\5\6", 4) != 0) {
        if (eocd == lowest)
            return NULL;
        eocd--;
    }

    unsigned count = rd16(d + eocd + 10);
    size_t size = rd32(d + eocd + 12), p = rd32(d + eocd + 16);
    if (p > eocd || size > eocd - p)
        return NULL;
    size_t end = p + size;
    bool types = false;
    const char *kind = NULL;
    for (unsigned i = 0; i < count; i++) {
        if (end - p < CDH || memcmp(d + p, "PK\1\2", 4) != 0)
            return NULL;
        size_t name_len = rd16(d + p + 28);
        size_t step = CDH + name_len + rd16(d + p + 30) + rd16(d + p + 32);
        if (step > end - p)
            return NULL;
        const unsigned char *name = d + p + CDH;
        if (name_len == 19 && !memcmp(name, "[Content_Types].xml", 19))
            types = true;
        else if (!kind && has_prefix(name, name_len, "word/"))
            kind = OOXML_WORD;
        else if (!kind && has_prefix(name, name_len, "xl/"))
            kind = OOXML_EXCEL;
        else if (!kind && has_prefix(name, name_len, "ppt/"))
            kind = OOXML_POWERPOINT;
        p += step;
    }
    return types ? kind : NULL;
}

/* libmagic's name for data, copied into out; DARS_ERR when it cannot load or answer. */
static int filetype_magic(const void *data, size_t len, char *out, size_t out_size)
{
    int rc = DARS_ERR;
    pthread_mutex_lock(&magic_lock);
    if (!magic_cookie) {
        /* no decompressing, no peeking into archives: only what the bytes say on their face */
        magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_NO_CHECK_COMPRESS);
        if (!m)
            goto out;
        if (magic_load(m, NULL) != 0) {
            magic_close(m);
            goto out;
        }
        magic_cookie = m;
    }
    const char *mime = magic_buffer(magic_cookie, len ? data : "", len);
    if (!mime)
        goto out;
    snprintf(out, out_size, "%s", mime);
    rc = 0;
out:
    pthread_mutex_unlock(&magic_lock);
    return rc;
}

int filetype_sniff(const void *data, size_t len, const char **mime /* OUT */)
{
    char name[128];
    int rc = filetype_magic(data, len, name, sizeof(name));
    if (rc)
        return rc;

    const char *canonical = name;
    for (size_t i = 0; i < ARRAY_SIZE(filetype_aliases); i++)
        if (!strcasecmp(name, filetype_aliases[i].magic))
            canonical = filetype_aliases[i].mime;
    if (streq(name, "application/zip") || streq(name, "application/octet-stream")) {
        const char *ooxml = filetype_ooxml(data, len);
        if (ooxml)
            canonical = ooxml;
    }
    const struct filetype *t = filetype_find(canonical);
    if (!t)
        return DARS_EINVALID;
    *mime = t->mime;
    return 0;
}

bool filetype_is_image(const char *mime)
{
    const struct filetype *t = filetype_find(mime);
    return t && t->image;
}

const char *filetype_extension(const char *mime)
{
    const struct filetype *t = filetype_find(mime);
    return t ? t->ext : "";
}
