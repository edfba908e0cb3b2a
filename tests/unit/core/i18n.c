/*
 * Tests for src/core/i18n.c: catalogs are compiled from a small PO text by the
 * real msgfmt at test time, then loaded from memory; broken catalogs must be
 * refused without a crash; Accept-Language picks what a browser user expects.
 */
#include "core/base.h"
#include "core/i18n.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <pthread.h>
#include <unistd.h>

static const char ru_po[] =
    "msgid \"\"\n"
    "msgstr \"\"\n"
    "\"Project-Id-Version: dars\\n\"\n"
    "\"PO-Revision-Date: 2026-01-01 00:00+0000\\n\"\n"
    "\"Last-Translator: Test <test@example.org>\\n\"\n"
    "\"Language-Team: Russian\\n\"\n"
    "\"Language: ru\\n\"\n"
    "\"MIME-Version: 1.0\\n\"\n"
    "\"Content-Type: text/plain; charset=UTF-8\\n\"\n"
    "\"Content-Transfer-Encoding: 8bit\\n\"\n"
    "\"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
    "n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\\n\"\n"
    "\n"
    "msgid \"Save\"\n"
    "msgstr \"Сохранить\"\n"
    "\n"
    "msgid \"Courses\"\n"
    "msgstr \"Курсы\"\n"
    "\n"
    "msgctxt \"verb\"\n"
    "msgid \"Open\"\n"
    "msgstr \"Открыть\"\n"
    "\n"
    "msgctxt \"adjective\"\n"
    "msgid \"Open\"\n"
    "msgstr \"Открытый\"\n"
    "\n"
    "msgid \"%d learner\"\n"
    "msgid_plural \"%d learners\"\n"
    "msgstr[0] \"%d слушатель\"\n"
    "msgstr[1] \"%d слушателя\"\n"
    "msgstr[2] \"%d слушателей\"\n"
    "\n"
    "msgid \"Not yet\"\n"
    "msgstr \"\"\n";

/* Run msgfmt on po_text with extra options; the .mo bytes (caller frees) and their length. */
static unsigned char *compile_po(const char *po_text, const char *options, size_t *len /* OUT */)
{
    char dir[] = "/tmp/dars-i18n-XXXXXX";
    char po[64], mo[64], cmd[256];
    FILE *f;

    cr_assert_not_null(mkdtemp(dir));
    snprintf(po, sizeof(po), "%s/t.po", dir);
    snprintf(mo, sizeof(mo), "%s/t.mo", dir);
    f = fopen(po, "w");
    cr_assert_not_null(f);
    fputs(po_text, f);
    fclose(f);
    snprintf(cmd, sizeof(cmd), "msgfmt --check %s -o %s %s", options, mo, po);
    cr_assert_eq(system(cmd), 0, "msgfmt failed: %s", cmd);

    f = fopen(mo, "rb");
    cr_assert_not_null(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    cr_assert_gt(n, 0);
    rewind(f);
    unsigned char *data = malloc((size_t)n);
    cr_assert_not_null(data);
    cr_assert_eq(fread(data, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    unlink(po);
    unlink(mo);
    rmdir(dir);
    *len = (size_t)n;
    return data;
}

static void load_ru(const char *options)
{
    size_t len;
    unsigned char *mo = compile_po(ru_po, options, &len);
    cr_assert_eq(i18n_load("ru", mo, len), 0);
    free(mo); /* the catalog keeps its own copy */
}

static void check_ru_lookups(void)
{
    cr_assert_str_eq(_("ru", "Save"), "Сохранить");
    cr_assert_str_eq(_("ru", "Courses"), "Курсы");
    cr_assert_str_eq(C_("ru", "verb", "Open"), "Открыть");
    cr_assert_str_eq(C_("ru", "adjective", "Open"), "Открытый");
}

Test(i18n, lookup_translates_from_a_compiled_catalog)
{
    load_ru("");
    check_ru_lookups();
    /* The language code is matched in any case. */
    cr_assert_str_eq(_("RU", "Save"), "Сохранить");
    i18n_shutdown();
}

Test(i18n, big_endian_catalog_reads_the_same)
{
    load_ru("--endianness=big");
    check_ru_lookups();
    i18n_shutdown();
}

Test(i18n, missing_key_returns_the_msgid_itself)
{
    static const char msgid[] = "Delete course";
    load_ru("");
    cr_assert_eq(_("ru", msgid), msgid);
    /* An empty msgstr is not compiled by msgfmt; either way the msgid shows. */
    cr_assert_str_eq(_("ru", "Not yet"), "Not yet");
    /* Other languages have no catalog here. */
    cr_assert_str_eq(_("az", "Save"), "Save");
    cr_assert_str_eq(_("en", "Save"), "Save");
    cr_assert_str_eq(_("de", "Save"), "Save");
    cr_assert_str_eq(_(NULL, "Save"), "Save");
    cr_assert_str_eq(_("ru", NULL), "");
    cr_assert_str_eq(_("ru", ""), "");
    i18n_shutdown();
}

Test(i18n, context_is_part_of_the_key)
{
    load_ru("");
    /* "Open" exists only with a context, so without one it stays English. */
    cr_assert_str_eq(_("ru", "Open"), "Open");
    cr_assert_str_eq(C_("ru", "noun", "Open"), "Open");
    cr_assert_str_eq(C_("ru", "", "Open"), "Open");
    cr_assert_str_eq(C_("ru", "verb", "Save"), "Save");
    cr_assert_str_eq(C_("ru", NULL, "Save"), "Сохранить");
    cr_assert_str_eq(C_("ru", "verb", NULL), "");
    /* A key that is a prefix of the context or msgid does not match. */
    cr_assert_str_eq(C_("ru", "ver", "Open"), "Open");
    cr_assert_str_eq(C_("ru", "verb", "Ope"), "Ope");
    cr_assert_str_eq(_("ru", "verb\004Open"), "Открыть");
    i18n_shutdown();
}

Test(i18n, plural_entry_gives_its_first_form)
{
    load_ru("");
    cr_assert_str_eq(_("ru", "%d learner"), "%d слушатель");
    cr_assert_str_eq(_("ru", "%d learners"), "%d learners");
    i18n_shutdown();
}

Test(i18n, shutdown_forgets_translations)
{
    load_ru("");
    i18n_shutdown();
    cr_assert_str_eq(_("ru", "Save"), "Save");
}

/*
 * In the full unit binary the embedded table holds the real build/mo/LANG.mo, so
 * this also checks that the catalogs we ship load; a table without catalogs
 * is fine too.
 */
Test(i18n, init_loads_the_embedded_catalogs)
{
    cr_assert_eq(i18n_init(), 0);
    cr_assert_str_eq(_("ru", "i18n test: no such message"), "i18n test: no such message");
    i18n_shutdown();
}

Test(i18n, load_refuses_unknown_language)
{
    size_t len;
    unsigned char *mo = compile_po(ru_po, "", &len);
    cr_assert_eq(i18n_load("de", mo, len), DARS_EINVALID);
    cr_assert_eq(i18n_load(NULL, mo, len), DARS_EINVALID);
    free(mo);
}

Test(i18n, load_refuses_a_charset_other_than_utf8)
{
    static const char koi8_po[] = "msgid \"\"\n"
                                  "msgstr \"\"\n"
                                  "\"Project-Id-Version: dars\\n\"\n"
                                  "\"PO-Revision-Date: 2026-01-01 00:00+0000\\n\"\n"
                                  "\"Last-Translator: Test <test@example.org>\\n\"\n"
                                  "\"Language-Team: Russian\\n\"\n"
                                  "\"Language: ru\\n\"\n"
                                  "\"MIME-Version: 1.0\\n\"\n"
                                  "\"Content-Type: text/plain; charset=KOI8-R\\n\"\n"
                                  "\"Content-Transfer-Encoding: 8bit\\n\"\n"
                                  "\n"
                                  "msgid \"Save\"\n"
                                  "msgstr \"Save!\"\n";
    size_t len;
    unsigned char *mo = compile_po(koi8_po, "", &len);
    cr_assert_eq(i18n_load("ru", mo, len), DARS_EINVALID);
    cr_assert_str_eq(_("ru", "Save"), "Save");
    free(mo);
}

Test(i18n, every_truncation_is_refused_and_keeps_the_old_catalog)
{
    size_t len;
    unsigned char *mo = compile_po(ru_po, "", &len);

    cr_assert_eq(i18n_load("ru", mo, len), 0);
    for (size_t n = 0; n < len; n++) {
        /* A fresh heap copy of exactly n bytes, so ASan sees any read past it. */
        unsigned char *part = malloc(n ? n : 1);
        memcpy(part, mo, n);
        cr_assert_eq(i18n_load("ru", part, n), DARS_EINVALID, "truncated to %zu of %zu", n, len);
        free(part);
    }
    cr_assert_eq(i18n_load("ru", NULL, 0), DARS_EINVALID);
    check_ru_lookups();
    free(mo);
    i18n_shutdown();
}

Test(i18n, corrupt_bytes_never_crash)
{
    size_t len;
    unsigned char *mo = compile_po(ru_po, "", &len);
    static const unsigned char values[] = { 0x00, 0x01, 0x7f, 0x80, 0xff };

    /* Every byte set to each value in turn: loads may succeed or fail, never crash. */
    for (size_t i = 0; i < len; i++) {
        unsigned char *copy = malloc(len);
        memcpy(copy, mo, len);
        for (size_t v = 0; v < ARRAY_SIZE(values); v++) {
            copy[i] = values[v];
            if (i18n_load("ru", copy, len) == 0) {
                (void)_("ru", "Save");
                (void)C_("ru", "verb", "Open");
            }
        }
        free(copy);
    }
    free(mo);
    i18n_shutdown();
}

/* Little-endian 32-bit store, for hand-made headers. */
static void put32(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

Test(i18n, hostile_offsets_are_refused)
{
    /* Header, one-entry tables at 28 and 36, strings "a" and "b" at 44 and 46. */
    unsigned char mo[48] = { 0 };
    put32(mo, 0x950412de);
    put32(mo + 8, 1);
    put32(mo + 12, 28);
    put32(mo + 16, 36);
    put32(mo + 28, 1);
    put32(mo + 32, 44);
    put32(mo + 36, 1);
    put32(mo + 40, 46);
    mo[44] = 'a';
    mo[46] = 'b';
    cr_assert_eq(i18n_load("az", mo, sizeof(mo)), 0);
    cr_assert_str_eq(_("az", "a"), "b");

    unsigned char bad[48];
    /* bad magic */
    memcpy(bad, mo, sizeof(bad));
    put32(bad, 0x950412df);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    /* unknown major revision */
    memcpy(bad, mo, sizeof(bad));
    put32(bad + 4, 2u << 16);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    /* a count whose tables run past the end, and one that overflows 32 bits */
    memcpy(bad, mo, sizeof(bad));
    put32(bad + 8, 3);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    put32(bad + 8, 0x20000000);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    put32(bad + 8, 0xffffffff);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    /* a table offset past the end, and one near 2^32 */
    memcpy(bad, mo, sizeof(bad));
    put32(bad + 16, 44);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    put32(bad + 16, 0xfffffffc);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    /* a string offset + length that wraps around 2^32 */
    memcpy(bad, mo, sizeof(bad));
    put32(bad + 28, 0x10);
    put32(bad + 32, 0xfffffff8);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    /* a string without its NUL */
    memcpy(bad, mo, sizeof(bad));
    bad[45] = 'x';
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);
    /* a string ending exactly at the end of the data */
    memcpy(bad, mo, sizeof(bad));
    put32(bad + 40, 47);
    cr_assert_eq(i18n_load("az", bad, sizeof(bad)), DARS_EINVALID);

    /* The good catalog is still there. */
    cr_assert_str_eq(_("az", "a"), "b");
    /* An empty catalog is valid. */
    put32(mo + 8, 0);
    put32(mo + 16, 28);
    cr_assert_eq(i18n_load("az", mo, 28), 0);
    cr_assert_str_eq(_("az", "a"), "a");
    i18n_shutdown();
}

static void *lookup_many(void *arg)
{
    for (int i = 0; i < 20000; i++)
        if (strcmp(_("ru", "Save"), "Сохранить") != 0 || strcmp(_("ru", "Nope"), "Nope") != 0)
            return (void *)1;
    return NULL;
}

Test(i18n, lookups_from_many_threads)
{
    pthread_t t[4];
    load_ru("");
    for (size_t i = 0; i < ARRAY_SIZE(t); i++)
        cr_assert_eq(pthread_create(&t[i], NULL, lookup_many, NULL), 0);
    for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
        void *res;
        cr_assert_eq(pthread_join(t[i], &res), 0);
        cr_assert_null(res);
    }
    i18n_shutdown();
}

Test(i18n, language_names_and_codes)
{
    cr_assert_eq(i18n_nlangs, 6);
    cr_assert_str_eq(i18n_langs[0], "en");
    cr_assert_str_eq(i18n_lang_name("en"), "English");
    cr_assert_str_eq(i18n_lang_name("ru"), "Русский");
    cr_assert_str_eq(i18n_lang_name("az"), "Azərbaycanca");
    cr_assert_str_eq(i18n_lang_name("uz"), "O\u02bbzbekcha");
    cr_assert_str_eq(i18n_lang_name("ko"), "한국어");
    cr_assert_str_eq(i18n_lang_name("vi"), "Tiếng Việt");
    cr_assert_str_eq(i18n_lang_name("de"), "de");
    cr_assert_str_eq(i18n_lang_known("UZ"), "uz");
    cr_assert_str_eq(i18n_lang_known("KO"), "ko");
    cr_assert_str_eq(i18n_lang_known("vi"), "vi");
    cr_assert_null(i18n_lang_known("ko-KR"));
    cr_assert_eq(i18n_lang_known("ru"), i18n_langs[1]);
    cr_assert_null(i18n_lang_known("de"));
    cr_assert_null(i18n_lang_known("ru-RU"));
    cr_assert_null(i18n_lang_known(""));
    cr_assert_null(i18n_lang_known(NULL));
}

struct negotiation {
    const char *header, *want;
};

Test(i18n, accept_language_picks_the_best_language_we_speak)
{
    static const struct negotiation cases[] = {
        { NULL, "en" },
        { "", "en" },
        { "ru-RU,ru;q=0.9,en;q=0.8", "ru" },
        { "uz-Latn-UZ", "uz" },
        { "az-AZ", "az" },
        { "*", "en" },
        { "en-US,en;q=0.9,ru;q=0.8", "en" },
        { "de-DE,de;q=0.9", "en" },
        { "de-DE,de;q=0.9,ru;q=0.5", "ru" },
        { "en;q=0.5, az;q=0.7", "az" },
        { "az,ru", "az" },                 /* equal q: the one listed first */
        { "uz;q=0.8, ru-RU;q=0.8", "uz" },
        { "ru-RU;q=0.1, ru;q=0.9, az;q=0.5", "ru" },
        { "fr, *;q=0.1", "en" },           /* the wildcard ties: our default */
        { "en;q=0, *", "ru" },             /* English refused, anything else welcome */
        { "ru;q=0", "en" },                /* nothing acceptable: the default all the same */
        { "ru;q=0, *;q=0.5", "en" },
        { "AZ-az", "az" },
        { "uz_UZ", "uz" },
        { "  ru  ;  q=0.5 , en ; q=0.4", "ru" },
        { "ru;q=0.500,az;q=0.499", "ru" },
        { "ru;q=1.0,az;q=1", "ru" },
        { "ru;level=1;q=0.2,az;q=0.1", "ru" },
        /* malformed elements are skipped, the rest still count */
        { "ru;q=abc,az;q=0.1", "az" },
        { "ru;q=2,uz;q=0.3", "uz" },
        { "ru;q=0.9999,uz;q=0.3", "uz" },
        { "ru;q=-1", "en" },
        { "ru;q=", "en" },
        { ";;;,,,", "en" },
        { ",,ru,,", "ru" },
        { "-ru", "en" },
        { "russian", "en" },
        { "r", "en" },
        /* issue 20: Korean and Vietnamese, as their browsers send them */
        { "ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko" },
        { "vi-VN,vi;q=0.9,fr-FR;q=0.8,en-US;q=0.7", "vi" },
        { "ko-Kore-KR", "ko" },
        { "ja-JP, ko;q=0.5, en;q=0.4", "ko" },
        { "zh-CN, vi;q=0.3, ru;q=0.2", "vi" },
        { "vi;q=0, *", "en" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
        cr_assert_str_eq(i18n_negotiate(cases[i].header), cases[i].want, "header \"%s\"",
                         cases[i].header ? cases[i].header : "(null)");
    /* The result is a canonical code. */
    cr_assert_eq(i18n_negotiate("AZ"), i18n_langs[2]);
}

Test(i18n, accept_language_survives_a_huge_header)
{
    size_t n = 100000;
    char *h = malloc(n + 16);
    for (size_t i = 0; i < n; i += 3)
        memcpy(h + i, "xx,", 3);
    memcpy(h + n - n % 3, "az;q=0.1", 9);
    cr_assert_str_eq(i18n_negotiate(h), "az");
    free(h);
}

Test(i18n, fill_replaces_the_placeholder_once)
{
    struct arena a = ARENA_INIT;
    cr_expect_str_eq(i18n_fill(&a, "{count} people enrolled", "{count}", "12"),
                     "12 people enrolled");
    cr_expect_str_eq(i18n_fill(&a, "Факт: {actual} из {target}", "{target}", "16 000"),
                     "Факт: {actual} из 16 000");
    /* the first only: a message names a placeholder once */
    cr_expect_str_eq(i18n_fill(&a, "{n} and {n}", "{n}", "1"), "1 and {n}");
    /* a translation that lost it reads as it is, the same pointer */
    const char *lost = "Изменение за месяц";
    cr_expect_eq(i18n_fill(&a, lost, "{change}", "+1"), lost);
    cr_expect_str_eq(i18n_fill(&a, "at {place}", "{place}", NULL), "at ");
    arena_release(&a);
}
