/*
 * A report's chart, drawn on the server as inline SVG (no script, no
 * library): a pair of bars per row (people enrolled and completed), or for
 * months and quarters a line of each. Its words are the page's business: the
 * svg is labelled by the figure's caption (title_id), which states the
 * figures, so a screen reader hears them once.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "core/buf.h"
#include "core/i18n.h"

#include <stdio.h>
#include <string.h>

#define WIDTH 640
#define LABEL_W 200 /* room for the row labels left of the bars */
#define BAR_H 10
#define ROW_H 30
#define MAX_ROWS 40 /* more rows than this are in the table, not the chart */
#define LINE_H 220

static int64_t value_of(const struct report_row *row, bool completed)
{
    return completed ? row->completed : row->enrolled;
}

static int64_t max_of(const struct report_result *res, size_t n)
{
    int64_t m = 1;
    for (size_t i = 0; i < n; i++)
        if (res->rows[i].enrolled > m)
            m = res->rows[i].enrolled;
    return m;
}

/* A label cut to fit its room: at most max_chars characters (not bytes), then "…". */
static void add_label(struct buf *b, const char *s, size_t max_chars)
{
    size_t chars = 0, i = 0;
    for (; s[i] && chars < max_chars; chars++)
        do
            i++;
        while (((unsigned char)s[i] & 0xc0) == 0x80);
    buf_add_html(b, s, i);
    if (s[i])
        buf_adds(b, "…");
}

static void legend(struct buf *b, const char *lang, int y)
{
    buf_addf(b,
             "<g class=\"chart-legend\"><rect class=\"chart-enrolled\" x=\"%d\" y=\"%d\""
             " width=\"12\" height=\"12\"/><text x=\"%d\" y=\"%d\">",
             LABEL_W, y, LABEL_W + 18, y + 11);
    buf_add_html(b, _(lang, "People enrolled"), strlen(_(lang, "People enrolled")));
    buf_addf(b,
             "</text><rect class=\"chart-completed\" x=\"%d\" y=\"%d\" width=\"12\" height=\"12\"/>"
             "<text x=\"%d\" y=\"%d\">",
             LABEL_W + 200, y, LABEL_W + 218, y + 11);
    buf_add_html(b, _(lang, "People completed"), strlen(_(lang, "People completed")));
    buf_adds(b, "</text></g>");
}

static void bars(struct buf *b, const char *lang, const struct report_result *res, size_t n)
{
    int64_t max = max_of(res, n);
    int room = WIDTH - LABEL_W - 60;
    legend(b, lang, 4);
    for (size_t i = 0; i < n; i++) {
        const struct report_row *row = &res->rows[i];
        int y = 28 + (int)i * ROW_H;
        buf_addf(b, "<text class=\"chart-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
                 LABEL_W - 8, y + BAR_H + 4);
        add_label(b, row->label ? row->label : "", 28);
        buf_adds(b, "</text>");
        for (int k = 0; k < 2; k++) {
            int64_t v = value_of(row, k == 1);
            int w = (int)((double)v / (double)max * room);
            buf_addf(b,
                     "<rect class=\"%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"/>"
                     "<text class=\"chart-value\" x=\"%d\" y=\"%d\">%lld</text>",
                     k ? "chart-completed" : "chart-enrolled", LABEL_W, y + k * BAR_H,
                     w > 0 ? w : 1, BAR_H, LABEL_W + w + 4, y + k * BAR_H + BAR_H - 1,
                     (long long)v);
        }
    }
}

static void lines(struct buf *b, const char *lang, const struct report_result *res, size_t n)
{
    int64_t max = max_of(res, n);
    int left = 40, right = WIDTH - 10, top = 28, bottom = top + LINE_H;
    double step = n > 1 ? (double)(right - left) / (double)(n - 1) : 0;
    legend(b, lang, 4);
    buf_addf(b, "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", left,
             bottom, right, bottom);
    buf_addf(b, "<text class=\"chart-value\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%lld</text>",
             left - 4, top + 4, (long long)max);
    for (int k = 0; k < 2; k++) {
        buf_addf(b, "<polyline class=\"%s\" points=\"", k ? "chart-line-completed"
                                                         : "chart-line-enrolled");
        for (size_t i = 0; i < n; i++) {
            double y = bottom - (double)value_of(&res->rows[i], k == 1) / (double)max * LINE_H;
            buf_addf(b, "%s%.1f,%.1f", i ? " " : "", left + step * (double)i, y);
        }
        buf_adds(b, "\"/>");
    }
    /* a label under every row when they fit, else under every second or third */
    size_t every = n > 24 ? 3 : n > 8 ? 2 : 1;
    for (size_t i = 0; i < n; i += every) {
        buf_addf(b, "<text class=\"chart-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                 left + step * (double)i, bottom + 16);
        add_label(b, res->rows[i].label ? res->rows[i].label : "", 10);
        buf_adds(b, "</text>");
    }
}

const char *report_chart_svg(struct req *r, const struct report_result *res, bool line,
                             const char *title_id)
{
    struct buf b = BUF_INIT;
    size_t n = res->nrows < MAX_ROWS ? res->nrows : MAX_ROWS;
    int height = line ? 28 + LINE_H + 28 : 28 + (int)n * ROW_H + 8;
    buf_addf(&b,
             "<svg class=\"chart\" role=\"img\" aria-labelledby=\"%s\" viewBox=\"0 0 %d %d\""
             " xmlns=\"http://www.w3.org/2000/svg\" focusable=\"false\">",
             title_id, WIDTH, height);
    if (line)
        lines(&b, r->lang, res, n);
    else
        bars(&b, r->lang, res, n);
    buf_adds(&b, "</svg>");
    const char *out = arena_strdup(&r->arena, b.ptr);
    buf_release(&b);
    return out;
}
