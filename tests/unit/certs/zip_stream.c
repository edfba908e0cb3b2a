/*
 * Tests of src/certs/zip_stream.c: the bytes of a streamed ZIP read back by
 * hand (signatures, the data-descriptor flag, CRC-32, offsets) and by
 * `unzip -t`; its size known beforehand; the limits of a ZIP without ZIP64.
 */
#include "core/base.h"
#include "certs/zip_stream.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint32_t get16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
    return get16(p) | get16(p + 2) << 16;
}

/* Two entries, taken from z->out as a stream reader would, into all (malloc'd). */
static size_t write_two(struct buf *all)
{
    struct cert_zip z;
    cert_zip_init(&z);
    buf_init(all, 0);
    cr_assert_eq(cert_zip_add(&z, "a.pdf", "hello", 5), 0);
    buf_add(all, z.out.ptr, z.out.len);
    buf_reset(&z.out);
    cr_assert_eq(cert_zip_add(&z, "C-BAK-2026-000002 Məmmədova.pdf", "", 0), 0);
    buf_add(all, z.out.ptr, z.out.len);
    buf_reset(&z.out);
    cr_assert_eq(cert_zip_finish(&z), 0);
    buf_add(all, z.out.ptr, z.out.len);
    cr_assert_eq(z.offset, all->len);
    cert_zip_free(&z);
    return all->len;
}

Test(zip_stream, structure)
{
    struct buf all;
    size_t len = write_two(&all);
    const unsigned char *p = (const unsigned char *)all.ptr;

    size_t nl[2] = { 5, strlen("C-BAK-2026-000002 Məmmədova.pdf") }, sz[2] = { 5, 0 };
    cr_assert_eq(cert_zip_size(2, nl, sz), len, "the size is known before writing");

    /* the first local header: no CRC or sizes (bit 3), stored, UTF-8 names */
    cr_assert_eq(get32(p), 0x04034b50);
    cr_assert_eq(get16(p + 6), 0x0808);
    cr_assert_eq(get16(p + 8), 0);
    cr_assert_eq(get32(p + 14), 0);
    cr_assert_eq(get16(p + 26), 5);
    cr_assert_eq(memcmp(p + 30, "a.pdf", 5), 0);
    cr_assert_eq(memcmp(p + 35, "hello", 5), 0);
    /* its data descriptor: CRC-32 of "hello" is 0x3610a686 */
    cr_assert_eq(get32(p + 40), 0x08074b50);
    cr_assert_eq(get32(p + 44), 0x3610a686);
    cr_assert_eq(get32(p + 48), 5);
    cr_assert_eq(get32(p + 52), 5);
    /* the second entry starts right after */
    cr_assert_eq(get32(p + 56), 0x04034b50);

    /* the end record points at a central directory of two entries */
    const unsigned char *end = p + len - 22;
    cr_assert_eq(get32(end), 0x06054b50);
    cr_assert_eq(get16(end + 10), 2);
    uint32_t dir = get32(end + 16), dir_len = get32(end + 12);
    cr_assert_eq(dir + dir_len + 22, len);
    cr_assert_eq(get32(p + dir), 0x02014b50);
    cr_assert_eq(get32(p + dir + 16), 0x3610a686);
    cr_assert_eq(get32(p + dir + 42), 0, "the first entry's offset");
    const unsigned char *second = p + dir + 46 + 5;
    cr_assert_eq(get32(second), 0x02014b50);
    cr_assert_eq(get32(second + 16), 0, "CRC-32 of nothing");
    cr_assert_eq(get32(second + 42), 56);
    buf_release(&all);
}

Test(zip_stream, unzip_accepts_it)
{
    struct buf all;
    size_t len = write_two(&all);
    char path[] = "/tmp/dars-zip-XXXXXX";
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, all.ptr, len), (ssize_t)len);
    close(fd);
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "unzip -tq %s >/dev/null 2>&1", path);
    int rc = system(cmd);
    unlink(path);
    buf_release(&all);
    cr_assert_eq(rc, 0, "unzip -t rejected the archive");
}

Test(zip_stream, limits)
{
    static size_t nl[70000], sz[70000];
    for (size_t i = 0; i < 70000; i++)
        nl[i] = 10, sz[i] = 1;
    cr_assert_eq(cert_zip_size(65536, nl, sz), 0, "more entries than a ZIP without ZIP64 holds");
    cr_assert_neq(cert_zip_size(65535, nl, sz), 0);
    size_t big[2] = { 3000000000u, 2000000000u };
    cr_assert_eq(cert_zip_size(2, nl, big), 0, "past 4 GB");
}
