/*
 * Markdown to safe HTML for lesson bodies (see markdown.h). cmark-gfm parses;
 * before rendering we rewrite the tree: raw HTML becomes text, links and
 * images are judged by their URL, tables get a scrolling wrapper. cmark then
 * renders in safe mode, and our own <a> tags replace its placeholders.
 */
#include "core/base.h"
#include "catalog/markdown.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/xalloc.h"

#include <cmark-gfm.h>
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <pthread.h>
#include <strings.h>

/* Safe mode (no CMARK_OPT_UNSAFE), no footnotes; bad UTF-8 becomes U+FFFD. */
#define MD_OPTIONS (CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8)

/* What cmark's safe renderer writes for a link whose URL and title we emptied. */
#define MD_PLACEHOLDER "<a href=\"\">"

#define MD_REL " rel=\"nofollow noopener noreferrer\""

static const char *const md_extension_names[] = {"table", "strikethrough", "autolink",
                                                 "tasklist"};
static cmark_syntax_extension *md_extensions[ARRAY_SIZE(md_extension_names)];
static pthread_once_t md_once = PTHREAD_ONCE_INIT;

/*
 * cmark-gfm 0.29 adds the inline extensions' characters ('~', ...) to a global
 * table when it parses inlines and takes them out when done, so two parses at
 * once lose strikethrough and autolinks (github/cmark-gfm pull 176). Parsing
 * holds this lock; rewriting and rendering do not need it.
 */
static pthread_mutex_t md_parse_lock = PTHREAD_MUTEX_INITIALIZER;

/* Registration writes cmark's global extension list, so it happens once, before any parse. */
static void md_init(void)
{
    cmark_gfm_core_extensions_ensure_registered();
    for (size_t i = 0; i < ARRAY_SIZE(md_extension_names); i++)
        md_extensions[i] = cmark_find_syntax_extension(md_extension_names[i]);
}

enum md_url { MD_URL_BAD, MD_URL_LOCAL, MD_URL_EXTERNAL, MD_URL_MAIL };

/*
 * Judge url as a browser would read it (WHATWG URL parsing): tabs and newlines
 * anywhere are dropped and C0 controls and spaces at either end trimmed, so
 * "jav&#x09;ascript:" is javascript:. *clean gets that form, from the arena.
 * Whatever has a scheme other than http, https or mailto is bad; so is any
 * control character left inside. A prefix that is not a valid scheme but ends
 * in ':' before any '/', '?' or '#' counts as a scheme, to err on the safe side.
 */
static enum md_url md_url_kind(struct arena *a, const char *url, const char **clean /* OUT */)
{
    size_t n = strlen(url), len = 0, start = 0;
    char *s = arena_alloc(a, n + 1);
    for (size_t i = 0; i < n; i++)
        if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r')
            s[len++] = url[i];
    while (start < len && (unsigned char)s[start] <= 0x20)
        start++;
    while (len > start && (unsigned char)s[len - 1] <= 0x20)
        len--;
    s[len] = '\0';
    s += start;
    len -= start;
    *clean = s;

    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return MD_URL_BAD;
    size_t end = strcspn(s, ":/?#");
    if (s[end] == ':') {
        if ((end == 4 && !strncasecmp(s, "http", 4)) || (end == 5 && !strncasecmp(s, "https", 5)))
            return MD_URL_EXTERNAL;
        if (end == 6 && !strncasecmp(s, "mailto", 6))
            return MD_URL_MAIL;
        return MD_URL_BAD;
    }
    /* "//host/x" (and "/\host", which browsers read the same) leaves the site */
    if ((s[0] == '/' || s[0] == '\\') && (s[1] == '/' || s[1] == '\\'))
        return MD_URL_EXTERNAL;
    return MD_URL_LOCAL;
}

/* Append url for an href attribute: URL characters kept, others %-encoded, as cmark does. */
static void md_add_href(struct buf *b, const char *url)
{
    static const char keep[] = "-_.~!*();:@=+$,/?#%[]";
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p == '&')
            buf_adds(b, "&amp;");
        else if (*p == '\'')
            buf_adds(b, "&#x27;");
        else if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || strchr(keep, *p))
            buf_addch(b, (char)*p);
        else
            buf_addf(b, "%%%02X", *p);
    }
}

/* The opening tag that replaces link's placeholder, from the arena; empties link's URL. */
static const char *md_link_tag(struct arena *a, cmark_node *link)
{
    struct buf b = BUF_INIT;
    const char *url = cmark_node_get_url(link), *title = cmark_node_get_title(link), *clean;
    enum md_url kind = md_url_kind(a, url ? url : "", &clean);

    buf_adds(&b, "<a");
    if (kind != MD_URL_BAD) {
        buf_adds(&b, " href=\"");
        md_add_href(&b, clean);
        buf_addch(&b, '"');
    }
    if (title && *title) {
        buf_adds(&b, " title=\"");
        buf_add_html(&b, title, strlen(title));
        buf_addch(&b, '"');
    }
    if (kind == MD_URL_EXTERNAL)
        buf_adds(&b, MD_REL);
    buf_addch(&b, '>');
    const char *tag = arena_strndup(a, b.ptr, b.len);
    buf_release(&b);
    cmark_node_set_url(link, "");
    cmark_node_set_title(link, "");
    return tag;
}

/* The text of node's subtree as an image's alt text would show it. */
static void md_plain_text(cmark_node *node, struct buf *b)
{
    cmark_iter *it = cmark_iter_new(node);
    cmark_event_type ev;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *n = cmark_iter_get_node(it);
        switch (cmark_node_get_type(n)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
        case CMARK_NODE_HTML_INLINE:
            buf_adds(b, cmark_node_get_literal(n));
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            buf_addch(b, ' ');
            break;
        default:
            break;
        }
    }
    cmark_iter_free(it);
}

/* Put replacement where node is and free node; on failure keep node (safe mode still omits it). */
static void md_replace(cmark_node *node, cmark_node *replacement)
{
    if (cmark_node_replace(node, replacement))
        cmark_node_free(node);
    else
        cmark_node_free(replacement);
}

static cmark_node *md_text_node(const char *literal)
{
    cmark_node *t = cmark_node_new(CMARK_NODE_TEXT);
    cmark_node_set_literal(t, literal);
    return t;
}

/* Raw HTML block: a paragraph showing its source (without the final newlines). */
static void md_escape_html_block(cmark_node *node)
{
    const char *lit = cmark_node_get_literal(node);
    size_t n = lit ? strlen(lit) : 0;
    while (n && (lit[n - 1] == '\n' || lit[n - 1] == '\r'))
        n--;
    char *text = xstrndup(lit ? lit : "", n);
    cmark_node *para = cmark_node_new(CMARK_NODE_PARAGRAPH);
    cmark_node_append_child(para, md_text_node(text));
    free(text);
    md_replace(node, para);
}

/* An image with a URL we keep gets the clean form; any other becomes its alt text. */
static void md_check_image(struct arena *a, cmark_node *img)
{
    const char *url = cmark_node_get_url(img), *clean;
    enum md_url kind = md_url_kind(a, url ? url : "", &clean);
    if (kind == MD_URL_LOCAL || kind == MD_URL_EXTERNAL) {
        cmark_node_set_url(img, clean);
        return;
    }
    struct buf alt = BUF_INIT;
    md_plain_text(img, &alt);
    md_replace(img, md_text_node(alt.ptr));
    buf_release(&alt);
}

static void md_wrap_table(cmark_node *table)
{
    cmark_node *wrap = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
    cmark_node_set_on_enter(wrap, "<div class=\"table-wrap\">");
    cmark_node_set_on_exit(wrap, "</div>");
    if (!cmark_node_insert_before(table, wrap)) {
        cmark_node_free(wrap);
        return;
    }
    if (!cmark_node_append_child(wrap, table))
        BUG("a custom block refused a table");
}

struct md_nodes {
    cmark_node **v;
    size_t n, alloc;
};

static void md_nodes_push(struct md_nodes *l, cmark_node *node)
{
    if (l->n == l->alloc) {
        l->alloc = l->alloc ? 2 * l->alloc : 64;
        l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
    }
    l->v[l->n++] = node;
}

/*
 * The nodes to rewrite, in document order. Nothing inside an image is taken:
 * the renderer writes an image's content as plain alt text (links there make
 * no <a>), and a refused image is freed with all it holds.
 */
static void md_collect(cmark_node *doc, struct md_nodes *out)
{
    cmark_iter *it = cmark_iter_new(doc);
    cmark_event_type ev;
    int in_image = 0;
    while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
        cmark_node *node = cmark_iter_get_node(it);
        cmark_node_type t = cmark_node_get_type(node);
        if (t == CMARK_NODE_IMAGE) {
            if (ev == CMARK_EVENT_ENTER && !in_image++)
                md_nodes_push(out, node);
            else if (ev == CMARK_EVENT_EXIT)
                in_image--;
            continue;
        }
        if (ev != CMARK_EVENT_ENTER || in_image)
            continue;
        if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE || t == CMARK_NODE_LINK ||
            streq(cmark_node_get_type_string(node), "table"))
            md_nodes_push(out, node);
    }
    cmark_iter_free(it);
}

int catalog_markdown_html(struct arena *a, const char *md, size_t len,
                          const char **html /* OUT */)
{
    int rc = DARS_ERR;
    cmark_parser *parser = NULL;
    cmark_node *doc = NULL;
    char *out = NULL;
    struct md_nodes nodes = {0};
    const char **tags = NULL;
    size_t ntags = 0, used = 0;
    struct buf b = BUF_INIT;

    if (len == 0) {
        *html = arena_strdup(a, "");
        return 0;
    }
    pthread_once(&md_once, md_init);
    parser = cmark_parser_new(MD_OPTIONS);
    if (!parser)
        goto out;
    for (size_t i = 0; i < ARRAY_SIZE(md_extensions); i++)
        if (md_extensions[i] && !cmark_parser_attach_syntax_extension(parser, md_extensions[i]))
            goto out;
    pthread_mutex_lock(&md_parse_lock);
    cmark_parser_feed(parser, md, len);
    doc = cmark_parser_finish(parser);
    pthread_mutex_unlock(&md_parse_lock);
    if (!doc)
        goto out;

    md_collect(doc, &nodes);
    tags = nodes.n ? arena_alloc(a, nodes.n * sizeof(*tags)) : NULL;
    for (size_t i = 0; i < nodes.n; i++) {
        cmark_node *node = nodes.v[i];
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_HTML_BLOCK:
            md_escape_html_block(node);
            break;
        case CMARK_NODE_HTML_INLINE:
            md_replace(node, md_text_node(cmark_node_get_literal(node)));
            break;
        case CMARK_NODE_LINK:
            tags[ntags++] = md_link_tag(a, node);
            break;
        case CMARK_NODE_IMAGE:
            md_check_image(a, node);
            break;
        default:
            md_wrap_table(node);
            break;
        }
    }

    out = cmark_render_html(doc, MD_OPTIONS, cmark_parser_get_syntax_extensions(parser));
    if (!out)
        goto out;
    /*
     * Every link rendered as the placeholder, in document order, and escaping
     * keeps "<a" out of any text; so the k-th placeholder is the k-th link.
     * A count that does not match means that reasoning broke: refuse.
     */
    const char *p = out, *q;
    while ((q = strstr(p, MD_PLACEHOLDER))) {
        if (used == ntags)
            goto out;
        buf_add(&b, p, (size_t)(q - p));
        buf_adds(&b, tags[used++]);
        p = q + strlen(MD_PLACEHOLDER);
    }
    if (used != ntags)
        goto out;
    buf_adds(&b, p);
    *html = arena_strndup(a, b.ptr, b.len);
    rc = 0;
out:
    buf_release(&b);
    if (out)
        cmark_get_default_mem_allocator()->free(out);
    free(nodes.v);
    if (doc)
        cmark_node_free(doc);
    if (parser)
        cmark_parser_free(parser);
    return rc;
}
