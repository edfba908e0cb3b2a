/*
 * The certificate as a PDF: A4 landscape, drawn with cairo, its text laid
 * out by pango so that every script comes out shaped (Azerbaijani ə and ğ,
 * Uzbek oʻ, Cyrillic, Hangul, Vietnamese stacked accents), in the Noto
 * fonts, which cairo embeds (subset) in the file. The holder's name shrinks
 * until it fits its line; a QR code (libqrencode) holds the verify URL.
 * With a second language the text stands in two columns side by side.
 *
 * cert_pdf_make() draws after the commit that issued, and keeps the bytes:
 * a later change of the template does not alter an issued certificate.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/i18n.h"
#include "core/err.h"
#include "core/log.h"
#include "core/time.h"
#include "db/db.h"

#include <cairo-pdf.h>
#include <pthread.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

/* A4 landscape in points */
#define PAGE_W 841.89
#define PAGE_H 595.28
#define EDGE 54.0       /* the text's margin */
#define LOGO_H 54.0
#define QR_SIZE 96.0
#define NAME_MIN 11.0   /* the smallest size a long name shrinks to before it wraps */

/*
 * One font map for the process, made on first use and kept: loading the
 * fonts' list costs tens of milliseconds, and fontconfig's caches then live
 * as long as the process. A pango font map is not for two threads at once,
 * so drawing holds the lock (a certificate takes a few milliseconds).
 */
static pthread_mutex_t fonts_lock = PTHREAD_MUTEX_INITIALIZER;
static PangoFontMap *fonts;

static PangoLayout *layout_new(cairo_t *cr, const char *lang)
{
    PangoContext *ctx = pango_font_map_create_context(fonts);
    pango_cairo_update_context(cr, ctx);
    pango_context_set_language(ctx, pango_language_from_string(lang));
    PangoLayout *l = pango_layout_new(ctx);
    g_object_unref(ctx);
    return l;
}

/*
 * fontconfig keeps its caches for the life of the process and frees them
 * in ways LeakSanitizer cannot follow (the system libraries have no frame
 * pointers to attribute them by), so the sanitizer build is told to pass
 * over allocations made inside the font stack; ours it still checks.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
    return "leak:libfontconfig.so\nleak:libcairo.so\nleak:libpango\nleak:libharfbuzz.so\n"
           "leak:libglib-2.0.so\nleak:libgobject-2.0.so\n";
}

/* ... and not to list those passed over at every exit */
const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
    return "print_suppressions=0";
}

struct rgb {
    double r, g, b;
};

/* "#1d70b8" (or "#17b"); anything else is the built-in blue. */
static struct rgb colour_of(const char *s)
{
    struct rgb c = { 0x1d / 255.0, 0x70 / 255.0, 0xb8 / 255.0 };
    unsigned v[6];
    size_t n = s ? strlen(s) : 0;
    if (!s || s[0] != '#' || (n != 7 && n != 4))
        return c;
    for (size_t i = 1; i < n; i++) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9')
            v[i - 1] = (unsigned)(ch - '0');
        else if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'f')
            v[i - 1] = (unsigned)((ch | 0x20) - 'a' + 10);
        else
            return c;
    }
    if (n == 4)
        return (struct rgb){ v[0] * 17 / 255.0, v[1] * 17 / 255.0, v[2] * 17 / 255.0 };
    return (struct rgb){ (v[0] * 16 + v[1]) / 255.0, (v[2] * 16 + v[3]) / 255.0,
                         (v[4] * 16 + v[5]) / 255.0 };
}

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
    buf_add(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

struct png_src {
    const unsigned char *p;
    size_t len, at;
};

static cairo_status_t read_png(void *closure, unsigned char *data, unsigned int len)
{
    struct png_src *s = closure;
    if (len > s->len - s->at)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, s->p + s->at, len);
    s->at += len;
    return CAIRO_STATUS_SUCCESS;
}

/*
 * One paragraph of text centred in [x, x + w] with its top at y, in lang
 * (pango picks the right glyphs for it, such as Korean forms of CJK ones).
 * Returns its height. fit: shrink to one line first (a name), wrap only when
 * even NAME_MIN is too wide.
 */
static double text_at(cairo_t *cr, const char *lang, const char *family, bool bold,
                      double size, const char *text, double x, double y, double w, bool fit)
{
    PangoLayout *l = layout_new(cr, lang);
    PangoFontDescription *fd = pango_font_description_new();
    int pw, ph;
    pango_font_description_set_family(fd, family);
    pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
    pango_layout_set_text(l, text, -1);
    if (fit) {
        pango_layout_get_size(l, &pw, &ph);
        double natural = pw / (double)PANGO_SCALE;
        if (natural > w) {
            double s = size * w / natural * 0.98;
            pango_font_description_set_absolute_size(fd, (s < NAME_MIN ? NAME_MIN : s) *
                                                             PANGO_SCALE);
            pango_layout_set_font_description(l, fd);
        }
    }
    /* wrapping is the last resort for a name, the rule for a paragraph */
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_get_size(l, &pw, &ph);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
    return ph / (double)PANGO_SCALE;
}

/* The QR code of url, size points square with its quiet zone, at (x, y). */
static int qr_at(cairo_t *cr, const char *url, double x, double y, double size)
{
    QRcode *q = QRcode_encodeString(url, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!q)
        return DARS_ERR;
    int quiet = 4, n = q->width + 2 * quiet;
    double m = size / n;
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_rectangle(cr, x, y, size, size);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    for (int row = 0; row < q->width; row++)
        for (int col = 0; col < q->width; col++)
            if (q->data[row * q->width + col] & 1)
                cairo_rectangle(cr, x + (col + quiet) * m, y + (row + quiet) * m, m, m);
    cairo_fill(cr);
    QRcode_free(q);
    return 0;
}

/* Logo i (PNG) scaled into a box LOGO_H high and at most w wide, centred on cx. */
static void logo_at(cairo_t *cr, const unsigned char *png, size_t len, double cx, double y,
                    double w)
{
    struct png_src src = { png, len, 0 };
    cairo_surface_t *img = cairo_image_surface_create_from_png_stream(read_png, &src);
    if (cairo_surface_status(img) == CAIRO_STATUS_SUCCESS) {
        double iw = cairo_image_surface_get_width(img), ih = cairo_image_surface_get_height(img);
        if (iw > 0 && ih > 0) {
            double s = LOGO_H / ih;
            if (iw * s > w)
                s = w / iw;
            cairo_save(cr);
            cairo_translate(cr, cx - iw * s / 2, y + (LOGO_H - ih * s) / 2);
            cairo_scale(cr, s, s);
            cairo_set_source_surface(cr, img, 0, 0);
            cairo_paint(cr);
            cairo_restore(cr);
        }
    }
    /* a logo that is not a PNG was refused when uploaded; a damaged one is left out */
    cairo_surface_destroy(img);
}

/* The default text under the name, in lang, when the template has none. */
static const char *default_body(const struct cert *c, const char *lang)
{
    if (c->has_hours)
        return _(lang, "has successfully completed “{title}” ({hours} hours) at {centre}.");
    return _(lang, "has successfully completed “{title}” at {centre}.");
}

/* The text of one language in the column [x, x + w]. */
static void column(struct arena *a, cairo_t *cr, const struct cert *c, const char *lang,
                   const char *body, struct rgb col, double x, double w, bool two)
{
    double y = EDGE + LOGO_H + 22, k = two ? 0.8 : 1.0;
    const char *text = cert_template_expand(a, body && *body ? body : default_body(c, lang), c,
                                            lang);
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    y += text_at(cr, lang, "Noto Serif", true, 32 * k, _(lang, "Certificate"), x, y, w, true);
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    y += 10;
    y += text_at(cr, lang, "Noto Sans", false, 14 * k, _(lang, "This certifies that"), x, y, w,
                 false);
    y += 8;
    cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
    y += text_at(cr, lang, "Noto Serif", true, 34 * k, c->holder, x, y, w, true);
    /* a rule under the name in the template's colour */
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, x + w * 0.15, y + 6);
    cairo_line_to(cr, x + w * 0.85, y + 6);
    cairo_stroke(cr);
    y += 18;
    cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
    y += text_at(cr, lang, "Noto Sans", false, 15 * k, text, x, y, w, false);
    y += 10;
    const char *when = arena_printf(a, _(lang, "Issued on %s"),
                                    cert_template_expand(a, "{date}", c, lang));
    if (c->expires_at)
        when = arena_printf(a, "%s · %s", when,
                            arena_printf(a, _(lang, "valid until %s"),
                                         cert_template_expand(a, "{expires}", c, lang)));
    text_at(cr, lang, "Noto Sans", false, 11 * k, when, x, y, w, false);
}

int cert_pdf_draw(struct arena *a, const struct cert *c, const struct cert_template *t,
                  const char *verify_url, unsigned char **pdf, size_t *len)
{
    struct buf out;
    int rc = DARS_ERR;
    const char *lang = c->language && *c->language ? c->language : "en";
    const char *lang2 = t->second_language && *t->second_language &&
                                !streq(t->second_language, lang)
                            ? t->second_language
                            : NULL;
    struct rgb col = colour_of(t->colour);
    pthread_mutex_lock(&fonts_lock);
    if (!fonts)
        fonts = pango_cairo_font_map_new();
    buf_init_arena(&out, a, 64 * 1024);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(write_buf, &out, PAGE_W, PAGE_H);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE,
                                   arena_printf(a, "%s: %s", c->holder, c->title));
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "Dars");
    cairo_t *cr = cairo_create(s);

    /* a double frame in the template's colour */
    cairo_set_source_rgb(cr, col.r, col.g, col.b);
    cairo_set_line_width(cr, 3);
    cairo_rectangle(cr, 22, 22, PAGE_W - 44, PAGE_H - 44);
    cairo_stroke(cr);
    cairo_set_line_width(cr, 0.75);
    cairo_rectangle(cr, 29, 29, PAGE_W - 58, PAGE_H - 58);
    cairo_stroke(cr);

    /* logos: ministry on the left, centre in the middle, donor on the right */
    static const double logo_x[3] = { EDGE + 90, PAGE_W / 2, PAGE_W - EDGE - 90 };
    for (int i = 0; i < 3; i++)
        if (t->logo[i] && t->logo_len[i])
            logo_at(cr, t->logo[i], t->logo_len[i], logo_x[i], EDGE - 8, 180);

    if (lang2) {
        double w = (PAGE_W - 2 * EDGE - 36) / 2;
        column(a, cr, c, lang, t->body, col, EDGE, w, true);
        column(a, cr, c, lang2, t->body_second, col, EDGE + w + 36, w, true);
        cairo_set_source_rgb(cr, col.r, col.g, col.b);
        cairo_set_line_width(cr, 0.5);
        cairo_move_to(cr, PAGE_W / 2, EDGE + LOGO_H + 30);
        cairo_line_to(cr, PAGE_W / 2, PAGE_H - 200);
        cairo_stroke(cr);
    } else {
        column(a, cr, c, lang, t->body, col, EDGE + 40, PAGE_W - 2 * EDGE - 80, false);
    }

    /* signatories above the foot, between the register block and the QR code */
    int nsig = 0;
    for (int i = 0; i < 2; i++)
        if (t->signatory_name[i] && *t->signatory_name[i])
            nsig++;
    double sig_x0 = EDGE + 170, sig_w = PAGE_W - 2 * EDGE - 170 - QR_SIZE - 30;
    for (int i = 0, k = 0; i < 2; i++) {
        if (!t->signatory_name[i] || !*t->signatory_name[i])
            continue;
        double cw = sig_w / nsig, x = sig_x0 + k++ * cw + 10, y = PAGE_H - EDGE - 70;
        cairo_set_source_rgb(cr, 0.3, 0.3, 0.3);
        cairo_set_line_width(cr, 0.6);
        cairo_move_to(cr, x + 10, y);
        cairo_line_to(cr, x + cw - 30, y);
        cairo_stroke(cr);
        cairo_set_source_rgb(cr, 0.05, 0.05, 0.05);
        y += 4 + text_at(cr, lang, "Noto Sans", true, 11, t->signatory_name[i], x, y + 4,
                         cw - 20, true);
        if (t->signatory_position[i] && *t->signatory_position[i])
            text_at(cr, lang, "Noto Sans", false, 9.5, t->signatory_position[i], x, y, cw - 20,
                    false);
    }

    /* the register: number and code, what a verifier types */
    cairo_set_source_rgb(cr, 0.25, 0.25, 0.25);
    {
        PangoLayout *l = layout_new(cr, lang);
        PangoFontDescription *fd = pango_font_description_from_string("Noto Sans 8.5");
        const char *reg = arena_printf(a, "%s\n%s\n%s", c->number ? c->number : "",
                                       arena_printf(a, _(lang, "Code: %s"), c->code),
                                       verify_url);
        pango_font_description_set_absolute_size(fd, 8.5 * PANGO_SCALE);
        pango_layout_set_font_description(l, fd);
        pango_layout_set_width(l, (int)(200 * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_CHAR);
        pango_layout_set_text(l, reg, -1);
        cairo_move_to(cr, EDGE - 6, PAGE_H - EDGE - 44);
        pango_cairo_show_layout(cr, l);
        pango_font_description_free(fd);
        g_object_unref(l);
    }

    if (qr_at(cr, verify_url, PAGE_W - EDGE - QR_SIZE + 8, PAGE_H - EDGE - QR_SIZE + 8,
              QR_SIZE) < 0) {
        log_error("certs: no QR code for %s", verify_url);
        goto out;
    }
    cairo_show_page(cr);
    cairo_destroy(cr);
    cr = NULL;
    cairo_surface_finish(s);
    if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
        log_error("certs: cairo: %s", cairo_status_to_string(cairo_surface_status(s)));
        goto out;
    }
    *pdf = (unsigned char *)out.ptr;
    *len = out.len;
    rc = 0;
out:
    if (cr)
        cairo_destroy(cr);
    cairo_surface_destroy(s);
    pthread_mutex_unlock(&fonts_lock);
    return rc;
}

int cert_pdf_make(struct db *db, struct arena *a, const char *const *codes, size_t n)
{
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct cert c;
        struct cert_template t;
        unsigned char *pdf;
        size_t len;
        char now[TIME_ISO_LEN];
        if ((rc = cert_load(db, a, codes[i], &c)) < 0 ||
            (rc = cert_template_of(db, a, &c, &t)) < 0 ||
            (rc = cert_pdf_draw(a, &c, &t, cert_verify_url(a, NULL, c.code), &pdf, &len)) < 0)
            break;
        time_now_iso(now);
        rc = db_exec(db, cert_pdf_store_sql,
                     DB_ARGS(DB_BLOB(pdf, len), DB_TEXT(now), DB_TEXT(c.code)));
    }
    if (rc < 0)
        log_error("certs: drawing a certificate's PDF failed (%s)", err_str(rc));
    return rc;
}
