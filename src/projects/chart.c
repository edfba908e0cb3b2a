/*
 * An indicator drawn on the server as inline SVG, in the reports' house
 * style (reports/chart.c): the progress bar (actual against target, with a
 * marker where the periods say it should be by now) and a chart of each
 * period's actual against its target. The words are the page's: each svg is
 * labelled by a caption that states the figures, so a screen reader hears
 * them once.
 */
#include "core/base.h"
#include "projects/projects_int.h"
#include "core/buf.h"
#include "core/i18n.h"

#include <string.h>

#define WIDTH 640
#define LEFT 48
#define TOP 28
#define HEIGHT 160
#define BAR_W 320
#define MAX_PERIODS 40 /* more periods than this are in the table, not the chart */

static void text(struct buf *b, const char *s)
{
    buf_add_html(b, s, strlen(s));
}

static void legend(struct buf *b, const char *lang)
{
    buf_addf(b,
             "<g class=\"chart-legend\"><rect class=\"chart-completed\" x=\"%d\" y=\"4\""
             " width=\"12\" height=\"12\"/><text x=\"%d\" y=\"15\">",
             LEFT, LEFT + 18);
    text(b, _(lang, "Actual"));
    buf_addf(b,
             "</text><rect class=\"chart-enrolled\" x=\"%d\" y=\"4\" width=\"12\" height=\"12\"/>"
             "<text x=\"%d\" y=\"15\">",
             LEFT + 140, LEFT + 158);
    text(b, _(lang, "Target"));
    buf_adds(b, "</text></g>");
}

const char *project_chart(struct arena *a, const char *lang, const struct project_indicator *ind,
                          const char *today, const char *title_id)
{
    struct buf b = BUF_INIT;
    size_t n = ind->nperiods < MAX_PERIODS ? ind->nperiods : MAX_PERIODS;
    double max = 1;
    for (size_t k = 0; k < n; k++) {
        double v = project_period_value(&ind->periods[k]);
        if (v > max)
            max = v;
        if (ind->periods[k].target > max)
            max = ind->periods[k].target;
    }
    int bottom = TOP + HEIGHT, room = WIDTH - LEFT - 10;
    double slot = n ? (double)room / (double)n : room;
    double bar = slot * 0.38;
    buf_addf(&b,
             "<svg class=\"chart\" role=\"img\" aria-labelledby=\"%s\" viewBox=\"0 0 %d %d\""
             " xmlns=\"http://www.w3.org/2000/svg\" focusable=\"false\">",
             title_id, WIDTH, bottom + 24);
    legend(&b, lang);
    buf_addf(&b, "<line class=\"chart-axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", LEFT,
             bottom, WIDTH - 10, bottom);
    buf_addf(&b, "<text class=\"chart-value\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
             LEFT - 4, TOP + 4, project_num(a, max));
    for (size_t k = 0; k < n; k++) {
        const struct project_period *pp = &ind->periods[k];
        double x = LEFT + slot * (double)k + slot * 0.1;
        double hv = project_period_value(pp) / max * HEIGHT, ht = pp->target / max * HEIGHT;
        /* a period to come has no actual (a stock's would be today's level, drawn as reached) */
        if (pp->signed_off || (ind->counted && strcmp(pp->starts_on, today) <= 0))
            buf_addf(&b, "<rect class=\"chart-completed\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                         " height=\"%.1f\"/>",
                     x, bottom - hv, bar, hv > 0.5 ? hv : 0.5);
        buf_addf(&b, "<rect class=\"chart-enrolled\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                     " height=\"%.1f\"/>",
                 x + bar, bottom - ht, bar, ht > 0.5 ? ht : 0.5);
        /* a label under every period when they fit, else under every second or fourth */
        size_t every = n > 16 ? 4 : n > 8 ? 2 : 1;
        if (k % every == 0) {
            buf_addf(&b, "<text class=\"chart-label\" x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
                     x + bar, bottom + 16);
            text(&b, pp->starts_on);
            buf_adds(&b, "</text>");
        }
    }
    buf_adds(&b, "</svg>");
    const char *out = arena_strdup(a, b.ptr);
    buf_release(&b);
    return out;
}

const char *project_bar(struct arena *a, double actual, double target, double expected,
                        const char *title_id)
{
    struct buf b = BUF_INIT;
    double scale = target > 0 ? BAR_W / target : 0;
    double w = actual * scale, m = expected * scale;
    if (w > BAR_W)
        w = BAR_W;
    if (m > BAR_W)
        m = BAR_W;
    buf_addf(&b,
             "<svg class=\"chart project-bar\" role=\"img\" aria-labelledby=\"%s\""
             " viewBox=\"0 0 %d 24\" xmlns=\"http://www.w3.org/2000/svg\" focusable=\"false\">"
             "<rect class=\"chart-track\" x=\"0\" y=\"6\" width=\"%d\" height=\"12\"/>"
             "<rect class=\"chart-completed\" x=\"0\" y=\"6\" width=\"%.1f\" height=\"12\"/>",
             title_id, BAR_W + 4, BAR_W, w);
    if (expected > 0)
        buf_addf(&b, "<rect class=\"chart-marker\" x=\"%.1f\" y=\"0\" width=\"3\" height=\"24\"/>",
                 m > 1.5 ? m - 1.5 : 0);
    buf_adds(&b, "</svg>");
    const char *out = arena_strdup(a, b.ptr);
    buf_release(&b);
    return out;
}
