/*
 * Tests of src/certs/template.c and pdf.c: placeholders filled (and any
 * other text kept as written), and certificates drawn from hand-filled
 * structs, read back with poppler's pdftotext and pdffonts and zbar's
 * zbarimg: names in Azerbaijani, Uzbek, Russian, Korean and Vietnamese come
 * out as written, a very long name stays on the page, every font is
 * embedded, and the QR code holds the verify URL.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct cert sample(const char *holder, const char *lang)
{
    return (struct cert){
        .code = "K7Q2M9XW4TZP8RHD",
        .number = "C-BAK/2026/000123",
        .holder = holder,
        .course = "PY-101",
        .title = "Python for beginners",
        .language = lang,
        .centre_code = "C-BAK",
        .centre_name = "Bakı Rəqəmsal Təhsil Mərkəzi",
        .has_hours = true,
        .hours = 36,
        .issued_at = "2026-03-01T09:00:00Z",
        .expires_at = "2028-03-01T09:00:00Z",
        .status = "valid",
    };
}

/* Run cmd on the PDF (its path replaces %s); its standard output, malloc'd. */
static char *run_on(const unsigned char *pdf, size_t len, const char *fmt)
{
    char path[] = "/tmp/dars-cert-XXXXXX", cmd[512], *out = NULL;
    int fd = mkstemp(path);
    cr_assert(fd >= 0);
    cr_assert_eq(write(fd, pdf, len), (ssize_t)len);
    close(fd);
    snprintf(cmd, sizeof(cmd), fmt, path, path, path);
    FILE *p = popen(cmd, "r");
    cr_assert(p);
    size_t n = 0, cap = 0;
    char chunk[4096];
    size_t got;
    while ((got = fread(chunk, 1, sizeof(chunk), p)) > 0) {
        if (n + got + 1 > cap) {
            cap = (n + got + 1) * 2;
            out = realloc(out, cap);
        }
        memcpy(out + n, chunk, got);
        n += got;
    }
    pclose(p);
    if (!out)
        out = calloc(1, 1);
    out[n] = '\0';
    unlink(path);
    char png[600];
    snprintf(png, sizeof(png), "%s.png", path);
    unlink(png);
    return out;
}

static void draw(struct arena *a, const struct cert *c, const struct cert_template *t,
                 unsigned char **pdf, size_t *len)
{
    cr_assert_eq(cert_pdf_draw(a, c, t, "https://dars.gov.example/verify/K7Q2M9XW4TZP8RHD", pdf,
                               len),
                 0);
    cr_assert(*len > 1000);
    cr_assert(memcmp(*pdf, "%PDF-", 5) == 0);
}

Test(certs_template, placeholders_filled_and_other_text_kept)
{
    struct arena a = ARENA_INIT;
    struct cert c = sample("Aynur Məmmədova", "az");
    cr_assert_str_eq(cert_template_expand(&a, "{holder} — {title}, {hours} h, {date}, {number}",
                                          &c, "en"),
                     "Aynur Məmmədova — Python for beginners, 36 h, 1 Mar 2026, C-BAK/2026/000123");
    cr_assert_str_eq(cert_template_expand(&a, "{expires} {code} {centre}", &c, "en"),
                     "1 Mar 2028 K7Q2M9XW4TZP8RHD Bakı Rəqəmsal Təhsil Mərkəzi");
    /* unknown names, lone and unclosed braces, and braces around spaces are text */
    cr_assert_str_eq(cert_template_expand(&a, "{nope} { holder} {{holder}} {holder", &c, "en"),
                     "{nope} { holder} {Aynur Məmmədova} {holder");
    cr_assert_str_eq(cert_template_expand(&a, "{", &c, "en"), "{");
    cr_assert_str_eq(cert_template_expand(&a, "", &c, "en"), "");
    c.has_hours = false;
    c.expires_at = NULL;
    c.centre_name = NULL;
    cr_assert_str_eq(cert_template_expand(&a, "[{hours}][{expires}]", &c, "en"), "[][]");
    cr_assert_str_eq(cert_template_expand(&a, "{centre}", &c, "en"), "National programme");
    arena_release(&a);
}

Test(certs_pdf, scripts_shaped_fonts_embedded_qr_decodes)
{
    static const char *const names[][2] = {
        { "Aynur Məmmədova Ağayeva", "az" }, { "Oʻgʻiloy Gʻulomova", "uz" },
        { "Анна Сергеевна Кузнецова", "ru" }, { "김민준", "ko" },
        { "Nguyễn Thị Hương", "vi" },
    };
    struct arena a = ARENA_INIT;
    struct cert_template t = { .colour = "#0b6e4f",
                               .signatory_name = { "Elvin Quliyev", "Leyla Həsənova" },
                               .signatory_position = { "Director", "Programme lead" } };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        struct cert c = sample(names[i][0], names[i][1]);
        unsigned char *pdf;
        size_t len;
        draw(&a, &c, &t, &pdf, &len);
        char *text = run_on(pdf, len, "pdftotext -enc UTF-8 %s -");
        cr_assert(strstr(text, names[i][0]), "%s not in:\n%s", names[i][0], text);
        cr_assert(strstr(text, "Python for beginners"), "%s", text);
        cr_assert(strstr(text, "C-BAK/2026/000123"), "%s", text);
        cr_assert(strstr(text, "Elvin Quliyev"), "%s", text);
        free(text);
        /* pdffonts: two header lines, then one per font; "emb" is the 5th-from-last column */
        char *fonts = run_on(pdf, len, "pdffonts %s | tail -n +3 | awk '{print $(NF-4)}'");
        cr_assert(strlen(fonts) > 0);
        cr_assert(!strstr(fonts, "no"), "a font is not embedded (%s)", names[i][1]);
        free(fonts);
        if (i == 0) {
            char *qr = run_on(pdf, len,
                              "pdftoppm -r 150 -png -singlefile %s %s >/dev/null && "
                              "zbarimg --quiet --raw %s.png 2>/dev/null");
            cr_assert_str_eq(qr, "https://dars.gov.example/verify/K7Q2M9XW4TZP8RHD\n");
            free(qr);
        }
    }
    arena_release(&a);
}

Test(certs_pdf, long_name_shrinks_onto_the_page_and_two_languages)
{
    struct arena a = ARENA_INIT;
    /* at its full size (34 pt) twice the page's width: shrunk, it still takes one line */
    const char *name = "Gulnora Abdurahmonovna Xudoyberdiyeva-Toshmuhammedova Saidakbarxoʻjayeva";
    struct cert c = sample(name, "uz");
    struct cert_template t = { .colour = "#123" };
    unsigned char *pdf;
    size_t len;
    draw(&a, &c, &t, &pdf, &len);
    char *text = run_on(pdf, len, "pdftotext -enc UTF-8 %s -");
    cr_assert(strstr(text, name), "%s", text);
    free(text);
    /* nothing is drawn past the frame (x = 812) */
    char *box = run_on(pdf, len, "pdftotext -bbox %s - | grep -o 'xMax=\"[0-9.]*\"' | "
                                 "tr -dc '0-9.\\n' | sort -n | tail -1");
    cr_assert(strtod(box, NULL) > 100 && strtod(box, NULL) < 812, "xMax %s", box);
    free(box);

    /* two languages side by side; a name too long even at the smallest size wraps */
    c.holder = "Gulnora Abdurahmonovna Xudoyberdiyeva Toshmuhammedova Oʻrinboyeva Qodirova "
               "Saidakbarxoʻjayeva Abdurashidxonova";
    t = (struct cert_template){ .colour = "#123",
                               .second_language = "en",
                               .body = "{title} kursini muvaffaqiyatli tamomladi",
                               .body_second = "completed {title} with distinction" };
    draw(&a, &c, &t, &pdf, &len);
    text = run_on(pdf, len, "pdftotext -enc UTF-8 %s -");
    cr_assert(strstr(text, "Toshmuhammedova Oʻrinboyeva"), "%s", text);
    cr_assert(strstr(text, "Abdurashidxonova"), "%s", text);
    cr_assert(strstr(text, "kursini muvaffaqiyatli tamomladi"), "%s", text);
    cr_assert(strstr(text, "completed Python for beginners with distinction"), "%s", text);
    free(text);
    box = run_on(pdf, len, "pdftotext -bbox %s - | grep -o 'xMax=\"[0-9.]*\"' | "
                                 "tr -dc '0-9.\\n' | sort -n | tail -1");
    cr_assert(strtod(box, NULL) > 100 && strtod(box, NULL) < 812, "xMax %s", box);
    free(box);
    char *pages = run_on(pdf, len, "pdfinfo %s | awk '/^Pages:/ {print $2} /^Page size:/ "
                                   "{print $3, $5}'");
    cr_assert_str_eq(pages, "1\n841.89 595.28\n");
    free(pages);
    arena_release(&a);
}
