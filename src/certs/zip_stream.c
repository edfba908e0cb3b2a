/* The ZIP writer of zip_stream.h: stored entries, data descriptors, no seeking. */
#include "core/base.h"
#include "certs/zip_stream.h"
#include "core/xalloc.h"

#include <string.h>
#include <time.h>
#include <zlib.h>

#define LOCAL_HEADER 30u
#define DESCRIPTOR 16u
#define CENTRAL_HEADER 46u
#define END_RECORD 22u
#define FLAGS 0x0808u   /* bit 3: sizes in the data descriptor; bit 11: UTF-8 names */
#define VERSION 20u     /* 2.0: what data descriptors need */
#define MAX_ENTRIES 0xffffu
#define MAX_BYTES 0xffffffffull

static void put16(struct buf *b, uint32_t v)
{
    unsigned char c[2] = { (unsigned char)v, (unsigned char)(v >> 8) };
    buf_add(b, c, 2);
}

static void put32(struct buf *b, uint32_t v)
{
    unsigned char c[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                           (unsigned char)(v >> 24) };
    buf_add(b, c, 4);
}

void cert_zip_init(struct cert_zip *z)
{
    memset(z, 0, sizeof(*z));
    buf_init(&z->out, 0);
    /* every entry dated when the archive is made (MS-DOS time, local) */
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    z->dos_time = (uint16_t)((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
    z->dos_date = (uint16_t)(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

void cert_zip_free(struct cert_zip *z)
{
    for (size_t i = 0; i < z->n; i++)
        free(z->entries[i].name);
    free(z->entries);
    buf_release(&z->out);
    memset(z, 0, sizeof(*z));
}

uint64_t cert_zip_size(size_t n, const size_t *name_lens, const size_t *sizes)
{
    uint64_t total = END_RECORD;
    if (n > MAX_ENTRIES)
        return 0;
    for (size_t i = 0; i < n; i++) {
        if (name_lens[i] > 0xffff)
            return 0;
        total += LOCAL_HEADER + DESCRIPTOR + CENTRAL_HEADER + 2 * (uint64_t)name_lens[i] +
                 (uint64_t)sizes[i];
        if (total > MAX_BYTES)
            return 0;
    }
    return total;
}

int cert_zip_add(struct cert_zip *z, const char *name, const void *data, size_t len)
{
    size_t nlen = strlen(name);
    uint64_t after = z->offset + LOCAL_HEADER + nlen + len + DESCRIPTOR;
    /* the central directory must fit below 4 GB too: checked in cert_zip_finish */
    if (z->n >= MAX_ENTRIES || nlen > 0xffff || after > MAX_BYTES)
        return DARS_ERR;
    if (z->n == z->cap) {
        z->cap = z->cap ? z->cap * 2 : 64;
        z->entries = xrealloc(z->entries, z->cap * sizeof(*z->entries));
    }
    struct cert_zip_entry *e = &z->entries[z->n++];
    e->name = xstrdup(name);
    e->size = (uint32_t)len;
    e->offset = (uint32_t)z->offset;
    e->crc = (uint32_t)crc32(crc32(0L, Z_NULL, 0), data, (uInt)len);

    size_t before = z->out.len;
    put32(&z->out, 0x04034b50);
    put16(&z->out, VERSION);
    put16(&z->out, FLAGS);
    put16(&z->out, 0); /* stored: PDFs are compressed already */
    put16(&z->out, z->dos_time);
    put16(&z->out, z->dos_date);
    put32(&z->out, 0); /* CRC and sizes: in the descriptor (bit 3) */
    put32(&z->out, 0);
    put32(&z->out, 0);
    put16(&z->out, (uint32_t)nlen);
    put16(&z->out, 0);
    buf_add(&z->out, name, nlen);
    buf_add(&z->out, data, len);
    put32(&z->out, 0x08074b50);
    put32(&z->out, e->crc);
    put32(&z->out, e->size);
    put32(&z->out, e->size);
    z->offset += z->out.len - before;
    return 0;
}

int cert_zip_finish(struct cert_zip *z)
{
    uint64_t start = z->offset, dir = 0;
    for (size_t i = 0; i < z->n; i++)
        dir += CENTRAL_HEADER + strlen(z->entries[i].name);
    if (start + dir + END_RECORD > MAX_BYTES)
        return DARS_ERR;
    size_t before = z->out.len;
    for (size_t i = 0; i < z->n; i++) {
        const struct cert_zip_entry *e = &z->entries[i];
        size_t nlen = strlen(e->name);
        put32(&z->out, 0x02014b50);
        put16(&z->out, (3u << 8) | VERSION); /* made by: Unix, 2.0 */
        put16(&z->out, VERSION);
        put16(&z->out, FLAGS);
        put16(&z->out, 0);
        put16(&z->out, z->dos_time);
        put16(&z->out, z->dos_date);
        put32(&z->out, e->crc);
        put32(&z->out, e->size);
        put32(&z->out, e->size);
        put16(&z->out, (uint32_t)nlen);
        put16(&z->out, 0); /* extra */
        put16(&z->out, 0); /* comment */
        put16(&z->out, 0); /* disk */
        put16(&z->out, 0); /* internal attributes */
        put32(&z->out, 0100644u << 16); /* external: a plain file, rw-r--r-- */
        put32(&z->out, e->offset);
        buf_add(&z->out, e->name, nlen);
    }
    put32(&z->out, 0x06054b50);
    put16(&z->out, 0);
    put16(&z->out, 0);
    put16(&z->out, (uint32_t)z->n);
    put16(&z->out, (uint32_t)z->n);
    put32(&z->out, (uint32_t)dir);
    put32(&z->out, (uint32_t)start);
    put16(&z->out, 0);
    z->offset += z->out.len - before;
    return 0;
}
