/*
 * Fuzz target for lesson Markdown (src/catalog/markdown.c): any bytes render
 * without crashing, and nothing active gets through: no raw tag from the input
 * and no href other than http(s), mailto or relative. Seed corpus: lesson
 * bodies, e.g. the demo courses' Markdown and tests/unit/catalog/markdown.c.
 */
#include "core/base.h"
#include "catalog/markdown.h"
#include "core/arena.h"

#include <strings.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Every tag the renderer may write; anything else in the output came from the input. */
static const char *const allowed_tags[] = {
    "a", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "input", "li", "ol", "p", "pre", "strong", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
};

static void check_tag(const char *p)
{
    size_t n = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789");
    for (size_t i = 0; i < ARRAY_SIZE(allowed_tags); i++)
        if (strlen(allowed_tags[i]) == n && !strncmp(p, allowed_tags[i], n))
            return;
    fprintf(stderr, "unexpected tag <%.20s\n", p);
    abort();
}

static void check_url(const char *p)
{
    /* the attribute value as written: a scheme, if any, ends before the first ':' */
    size_t end = strcspn(p, ":/?#\"");
    if (p[end] != ':')
        return;
    if ((end == 4 && !strncasecmp(p, "http", 4)) || (end == 5 && !strncasecmp(p, "https", 5)) ||
        (end == 6 && !strncasecmp(p, "mailto", 6)))
        return;
    fprintf(stderr, "unsafe URL %.40s\n", p);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    const char *html = NULL;

    if (catalog_markdown_html(&a, (const char *)data, size, &html) != 0)
        abort(); /* the placeholder count went wrong: a bug, not bad input */
    for (const char *p = html; (p = strchr(p, '<')); p++)
        check_tag(p[1] == '/' ? p + 2 : p + 1);
    for (const char *p = html; (p = strstr(p, " href=\"")); p++)
        check_url(p + 7);
    for (const char *p = html; (p = strstr(p, " src=\"")); p++)
        check_url(p + 6);
    arena_release(&a);
    return 0;
}
