/*
 * Lesson bodies: GitHub-flavoured Markdown (tables, strikethrough, autolinks,
 * task lists) to HTML with cmark-gfm in safe mode. Raw HTML shows as text,
 * links and images keep only http, https, mailto and relative URLs, and
 * external links carry rel="nofollow noopener noreferrer".
 */
#ifndef DARS_CATALOG_MARKDOWN_H
#define DARS_CATALOG_MARKDOWN_H

struct arena;

/*
 * Render len bytes of Markdown md (any bytes: NUL and invalid UTF-8 become
 * U+FFFD) to an HTML fragment that is safe to put in a page as it is:
 *   - raw HTML is escaped, so "<script>" shows as the text "<script>";
 *   - a link whose URL is not http:, https:, mailto: or relative (javascript:,
 *     data:, vbscript:, file:, in any case, with controls or entities inside)
 *     becomes an <a> without href; such an image becomes its alt text;
 *   - links to http(s) or protocol-relative URLs get rel="nofollow noopener
 *     noreferrer";
 *   - tables come inside <div class="table-wrap"> so they scroll on narrow
 *     screens.
 * *html is NUL-terminated and lives in the arena ("" for empty input).
 * Thread-safe. Returns 0, or DARS_ERR if cmark fails (nothing is set then).
 */
int catalog_markdown_html(struct arena *a, const char *md, size_t len,
                          const char **html /* OUT */);

#endif
