/*
 * Tests for src/core/filetype.c: real small samples of every allowed type are
 * accepted under their canonical name; executables, scripts, markup and
 * foreign archives are refused; broken zips never crash the OOXML reader.
 */
#include "core/base.h"
#include "core/filetype.h"
#include "core/buf.h"

#include <criterion/criterion.h>
#include <pthread.h>

#define DOCX "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
#define XLSX "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#define PPTX "application/vnd.openxmlformats-officedocument.presentationml.presentation"

/* A real 1x1 RGB PNG (IHDR, IDAT, IEND with their CRCs). */
static const unsigned char tiny_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x02, 0x00, 0x00, 0x00, 0x90, 0x77, 0x53,
    0xde, 0x00, 0x00, 0x00, 0x0c, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00,
    0x00, 0x03, 0x01, 0x01, 0x00, 0xc9, 0xfe, 0x92, 0xef, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e,
    0x44, 0xae, 0x42, 0x60, 0x82,
};

static const unsigned char jpeg_head[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xff, 0xdb, 0x00, 0x43, 0x00,
};

static const unsigned char gif[] = "GIF89a\x01\x00\x01\x00\x00\x00\x00;";

/* A lossless 1x1 WebP. */
static const unsigned char webp[] = "RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00/\x00\x00\x00"
                                    "\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00";

/* The first sector's header of an OLE2 compound file, as legacy .doc/.xls/.ppt begin. */
static const unsigned char ole_head[] = {0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1};

static uint32_t crc32_of(const char *p, size_t n)
{
    uint32_t c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= (unsigned char)p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

static void put16(struct buf *b, unsigned v)
{
    buf_addch(b, (char)(v & 0xff));
    buf_addch(b, (char)(v >> 8 & 0xff));
}

static void put32(struct buf *b, uint32_t v)
{
    put16(b, v & 0xffff);
    put16(b, v >> 16);
}

/*
 * A valid stored (uncompressed) zip of the NULL-terminated name/content pairs
 * in entries, in that order, the way any zip tool writes one.
 */
static void make_zip(struct buf *z, const char *const *entries)
{
    struct buf cd = BUF_INIT;
    unsigned n = 0;
    for (; entries[2 * n]; n++) {
        const char *name = entries[2 * n], *data = entries[2 * n + 1];
        size_t nl = strlen(name), dl = strlen(data);
        uint32_t crc = crc32_of(data, dl), offset = (uint32_t)z->len;

        buf_add(z, "PK\3\4", 4);
        put16(z, 20), put16(z, 0), put16(z, 0), put16(z, 0), put16(z, 0x21);
        put32(z, crc), put32(z, (uint32_t)dl), put32(z, (uint32_t)dl);
        put16(z, (unsigned)nl), put16(z, 0);
        buf_add(z, name, nl);
        buf_add(z, data, dl);

        buf_add(&cd, "PK\1\2", 4);
        put16(&cd, 20), put16(&cd, 20), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0);
        put16(&cd, 0x21), put32(&cd, crc), put32(&cd, (uint32_t)dl), put32(&cd, (uint32_t)dl);
        put16(&cd, (unsigned)nl), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0), put16(&cd, 0);
        put32(&cd, 0), put32(&cd, offset);
        buf_add(&cd, name, nl);
    }
    uint32_t cd_offset = (uint32_t)z->len;
    buf_add(z, cd.ptr, cd.len);
    buf_add(z, "PK\5\6", 4);
    put16(z, 0), put16(z, 0), put16(z, n), put16(z, n);
    put32(z, (uint32_t)cd.len), put32(z, cd_offset), put16(z, 0);
    buf_release(&cd);
}

#define CT "[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"

/* The parts in the order Word writes them, which libmagic knows by itself. */
static const char *const docx_office[] = {CT, "_rels/.rels", "<Relationships/>",
                                          "word/document.xml", "<w:document/>", NULL};
/* Two parts only: libmagic says "application/zip", the central directory says docx. */
static const char *const docx_minimal[] = {CT, "word/document.xml", "<w:document/>", NULL};
static const char *const docx_rels_first[] = {"_rels/.rels", "<Relationships/>", CT,
                                              "word/document.xml", "<w:document/>", NULL};
static const char *const xlsx_minimal[] = {CT, "xl/workbook.xml", "<workbook/>", NULL};
static const char *const pptx_minimal[] = {CT, "ppt/presentation.xml", "<p/>", NULL};
static const char *const odt[] = {"mimetype", "application/vnd.oasis.opendocument.text",
                                  "content.xml", "<office:document-content/>", NULL};
static const char *const ods[] = {"mimetype", "application/vnd.oasis.opendocument.spreadsheet",
                                  "content.xml", "<office:document-content/>", NULL};
static const char *const odp[] = {"mimetype", "application/vnd.oasis.opendocument.presentation",
                                  "content.xml", "<office:document-content/>", NULL};
static const char *const plain_zip[] = {"hello.txt", "hi", "setup.exe", "MZ", NULL};
/* Content types but no Office folder: a zip, whatever it claims. */
static const char *const zip_types_only[] = {CT, "payload/run.sh", "#!/bin/sh\n", NULL};

static void expect_type(const void *data, size_t len, const char *want, const char *what)
{
    const char *mime = NULL;
    int rc = filetype_sniff(data, len, &mime);
    cr_expect_eq(rc, 0, "%s: rc %d", what, rc);
    cr_expect_str_eq(mime ? mime : "(null)", want, "%s", what);
}

static void expect_refused(const void *data, size_t len, const char *what)
{
    const char *mime = "untouched";
    int rc = filetype_sniff(data, len, &mime);
    cr_expect_eq(rc, DARS_EINVALID, "%s: rc %d, %s", what, rc, mime);
    cr_expect_str_eq(mime, "untouched", "%s", what);
}

static void expect_zip(const char *const *entries, const char *want, const char *what)
{
    struct buf z = BUF_INIT;
    make_zip(&z, entries);
    if (want)
        expect_type(z.ptr, z.len, want, what);
    else
        expect_refused(z.ptr, z.len, what);
    buf_release(&z);
}

#define STR(s) s, sizeof(s) - 1

Test(filetype, accepts_pdf_and_images)
{
    expect_type(STR("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"), "application/pdf",
                "pdf");
    expect_type(tiny_png, sizeof(tiny_png), "image/png", "png");
    expect_type(jpeg_head, sizeof(jpeg_head), "image/jpeg", "jpeg");
    expect_type(gif, sizeof(gif) - 1, "image/gif", "gif");
    expect_type(webp, sizeof(webp) - 1, "image/webp", "webp");
}

Test(filetype, accepts_text_and_csv)
{
    expect_type(STR("Lesson notes.\nBring your ID card.\n"), "text/plain", "text");
    expect_type(STR("Mühazirə: rəqəmsal hökumət.\nМаъруза: электрон ҳукумат.\n"),
                "text/plain", "utf-8 text");
    expect_type(STR("email,full_name,centre\na@b.az,Aysel,C-BAK\nc@d.uz,Vali,C-TAS\n"),
                "text/csv", "csv");
}

Test(filetype, accepts_office_documents)
{
    expect_zip(docx_office, DOCX, "docx as Word orders it");
    expect_zip(docx_minimal, DOCX, "docx, two parts");
    expect_zip(docx_rels_first, DOCX, "docx, rels first");
    expect_zip(xlsx_minimal, XLSX, "xlsx");
    expect_zip(pptx_minimal, PPTX, "pptx");
    expect_zip(odt, "application/vnd.oasis.opendocument.text", "odt");
    expect_zip(ods, "application/vnd.oasis.opendocument.spreadsheet", "ods");
    expect_zip(odp, "application/vnd.oasis.opendocument.presentation", "odp");

    unsigned char ole[1024] = {0};
    memcpy(ole, ole_head, sizeof(ole_head));
    expect_type(ole, sizeof(ole), "application/vnd.ms-office", "bare OLE2 file");
}

Test(filetype, refuses_executables_and_scripts)
{
    unsigned char exe[4096];
    FILE *f = fopen("/proc/self/exe", "rb");
    cr_assert_not_null(f);
    size_t n = fread(exe, 1, sizeof(exe), f);
    fclose(f);
    cr_assert_eq(n, sizeof(exe));
    cr_assert(!memcmp(exe, "\x7f" "ELF", 4));
    expect_refused(exe, n, "ELF");

    unsigned char pe[512] = {'M', 'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xff, 0xff};
    pe[0x3c] = 0x80;
    memcpy(pe + 0x80, "PE\0\0\x4c\x01", 6);
    expect_refused(pe, sizeof(pe), "Windows PE");

    expect_refused(STR("#!/bin/sh\nrm -rf ~\n"), "shell script");
    expect_refused(STR("#!/usr/bin/env python3\nimport os\n"), "python script");
    expect_refused(STR("@echo off\r\ndel /q C:\\*\r\n"), "batch file");
}

Test(filetype, refuses_markup_and_other_data)
{
    expect_refused(STR("<!DOCTYPE html>\n<html><body><script>alert(1)</script></body></html>\n"),
                   "html");
    expect_refused(STR("<html><head><title>x</title></head></html>"), "html without doctype");
    expect_refused(STR("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\">"
                       "<script>alert(1)</script></svg>\n"),
                   "svg");
    expect_refused(STR("<?xml version=\"1.0\"?>\n<note><to>x</to></note>\n"), "xml");
    expect_refused(STR("{\"a\": [1, 2, {\"b\": null}]}\n"), "json");
    expect_refused(STR("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\x03\x00\x00\x00\x00\x00\x00\x00"
                       "\x00\x00"),
                   "gzip");
    expect_refused(STR("\x00\x01\x02\x03\xfe\xff\x10\x80\x00\x00\x9a\xbc"), "binary");
    expect_refused("", 0, "empty");
    expect_zip(plain_zip, NULL, "plain zip");
    expect_zip(zip_types_only, NULL, "zip with content types only");
}

Test(filetype, survives_truncated_and_corrupt_zips)
{
    struct buf z = BUF_INIT;
    make_zip(&z, docx_minimal);
    for (size_t len = 0; len <= z.len; len++) {
        /* a copy of exactly len bytes, so ASan sees any read past the end */
        unsigned char *cut = malloc(len ? len : 1);
        memcpy(cut, z.ptr, len);
        const char *mime = NULL;
        int rc = filetype_sniff(cut, len, &mime);
        cr_expect(rc == 0 || rc == DARS_EINVALID, "length %zu: rc %d", len, rc);
        free(cut);
    }
    /* every byte set to 0xff in turn: offsets, sizes and counts that point anywhere */
    for (size_t i = 0; i < z.len; i++) {
        unsigned char *bad = malloc(z.len);
        memcpy(bad, z.ptr, z.len);
        bad[i] = 0xff;
        const char *mime = NULL;
        int rc = filetype_sniff(bad, z.len, &mime);
        cr_expect(rc == 0 || rc == DARS_EINVALID, "byte %zu: rc %d", i, rc);
        free(bad);
    }
    buf_release(&z);
}

static void *sniff_many(void *unused)
{
    UNUSED(unused);
    for (int i = 0; i < 200; i++) {
        const char *mime = NULL;
        if (filetype_sniff(tiny_png, sizeof(tiny_png), &mime) || !streq(mime, "image/png"))
            return (void *)1;
        if (filetype_sniff(STR("#!/bin/sh\n"), &mime) != DARS_EINVALID)
            return (void *)1;
    }
    return NULL;
}

Test(filetype, sniffs_from_many_threads_at_once)
{
    pthread_t t[4];
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        cr_assert_eq(pthread_create(&t[i], NULL, sniff_many, NULL), 0);
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        void *res = (void *)1;
        pthread_join(t[i], &res);
        cr_expect_null(res);
    }
}

Test(filetype, names_images_and_extensions)
{
    cr_expect(filetype_is_image("image/png"));
    cr_expect(filetype_is_image("image/jpeg"));
    cr_expect(filetype_is_image("image/gif"));
    cr_expect(filetype_is_image("image/webp"));
    cr_expect(!filetype_is_image("image/svg+xml"));
    cr_expect(!filetype_is_image("application/pdf"));
    cr_expect(!filetype_is_image(NULL));

    cr_expect_str_eq(filetype_extension("application/pdf"), ".pdf");
    cr_expect_str_eq(filetype_extension("image/jpeg"), ".jpg");
    cr_expect_str_eq(filetype_extension(DOCX), ".docx");
    cr_expect_str_eq(filetype_extension(XLSX), ".xlsx");
    cr_expect_str_eq(filetype_extension(PPTX), ".pptx");
    cr_expect_str_eq(filetype_extension("application/vnd.ms-excel"), ".xls");
    cr_expect_str_eq(filetype_extension("application/vnd.oasis.opendocument.text"), ".odt");
    cr_expect_str_eq(filetype_extension("text/csv"), ".csv");
    cr_expect_str_eq(filetype_extension("text/html"), "");
    cr_expect_str_eq(filetype_extension(NULL), "");
}
