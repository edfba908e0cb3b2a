/*
 * Fuzz target for the HTML sanitiser (src/view/sanitize.c): any bytes come
 * out without crashing, and every '<' in the output starts a bare tag of the
 * allow-list ("<b>", "</b>"): no attribute, no other element, no comment.
 * Seed corpus: the [html] questions of ../shared/testdata/moodle-gift and
 * the cases of tests/unit/view/sanitize.c.
 */
#include "core/base.h"
#include "view/sanitize.h"
#include "core/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const tags[] = {
    "p", "br", "hr", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "code", "pre",
    "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h3", "h4", "h5", "h6", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "span", "div",
};

static void check_tag(const char *p)
{
    p += *p == '/';
    for (size_t i = 0; i < ARRAY_SIZE(tags); i++) {
        size_t n = strlen(tags[i]);
        if (!strncmp(p, tags[i], n) && p[n] == '>')
            return;
    }
    fprintf(stderr, "unexpected markup <%.20s\n", p);
    abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct arena a = ARENA_INIT;
    const char *out;

    view_html_sanitize(&a, (const char *)data, size, size & 1, &out);
    for (const char *p = strchr(out, '<'); p; p = strchr(p + 1, '<'))
        check_tag(p + 1);
    arena_release(&a);
    return 0;
}
