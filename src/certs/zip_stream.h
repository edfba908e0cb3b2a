/*
 * A ZIP archive written front to back, never seeking: each entry is a local
 * header with the data-descriptor flag (bit 3), its bytes stored (method 0),
 * then a data descriptor with the CRC-32 and sizes; the central directory and
 * end record come last. So an archive can be sent while it is written, with
 * only one entry in memory. No ZIP64: an archive stays under 4 GB and 65,535
 * entries (cert_zip_size says beforehand whether it would).
 */
#ifndef DARS_CERTS_ZIP_STREAM_H
#define DARS_CERTS_ZIP_STREAM_H

#include "core/buf.h"

#include <stdint.h>
#include <stddef.h>

struct cert_zip_entry {
    char *name; /* UTF-8, malloc'd */
    uint32_t crc, size, offset;
};

struct cert_zip {
    struct buf out;   /* bytes written and not yet taken (the caller resets it) */
    uint64_t offset;  /* bytes written so far, taken or not */
    struct cert_zip_entry *entries;
    size_t n, cap;
    uint16_t dos_time, dos_date;
};

void cert_zip_init(struct cert_zip *z);
void cert_zip_free(struct cert_zip *z);
/* Append one stored entry to z->out; DARS_ERR past the limits above. */
int cert_zip_add(struct cert_zip *z, const char *name, const void *data, size_t len);
/* Append the central directory and the end record. */
int cert_zip_finish(struct cert_zip *z);
/* The archive's exact size for entries of these name lengths and sizes; 0 when it would
 * pass the limits above. */
uint64_t cert_zip_size(size_t n, const size_t *name_lens, const size_t *sizes);

#endif
