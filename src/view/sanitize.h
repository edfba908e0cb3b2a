/*
 * HTML from outside (questions imported from Moodle carry [html] and
 * Moodle-format text with tags in it) made safe to put in a page: a small
 * allow-list of tags survives without any attribute, the content of script,
 * style and their like goes, everything else is escaped text.
 */
#ifndef DARS_VIEW_SANITIZE_H
#define DARS_VIEW_SANITIZE_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/*
 * Sanitise len bytes of html (any bytes) into *out (NUL-terminated, from the
 * arena):
 *   - the tags p br hr b strong i em u s sub sup small code pre kbd
 *     blockquote ul ol li dl dt dd h3-h6 table thead tbody tfoot tr th td
 *     caption span div come out bare ("<b>", "</b>"), every attribute gone;
 *     a closing tag that closes nothing open is dropped, and what is still
 *     open at the end is closed, so the fragment cannot reach into the page;
 *   - script, style, iframe, object, embed, svg, math, template, textarea,
 *     title, noscript, xmp, select, noembed, noframes and plaintext go with
 *     their content; comments go;
 *   - any other tag goes and its content stays, as text;
 *   - '<' that starts no tag, '>' and a '&' that starts no entity are escaped.
 * newlines_br: a newline outside <pre> becomes "<br>" too (Moodle's own
 * format, where authors break lines by hand).
 */
void view_html_sanitize(struct arena *a, const char *html, size_t len, bool newlines_br,
                        const char **out /* OUT */);

#endif
