/*
 * The HTML sanitiser (sanitize.h): one pass over the bytes with a stack of
 * the allowed elements still open. Nothing here is a full HTML parser; it
 * only has to be sure that what it writes is markup it chose and text.
 */
#include "core/base.h"
#include "view/sanitize.h"

#include "core/arena.h"
#include "core/buf.h"

#include <strings.h>

#define DEPTH_MAX 64

static const char *const allowed[] = {
    "p", "br", "hr", "b", "strong", "i", "em", "u", "s", "sub", "sup", "small", "code", "pre",
    "kbd", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h3", "h4", "h5", "h6", "table",
    "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "span", "div",
};

/* elements whose content is not text for a reader, or would run */
static const char *const dropped[] = {
    "script", "style", "iframe", "object", "embed", "svg", "math", "template", "textarea",
    "title", "noscript", "xmp", "select", "noembed", "noframes", "plaintext",
};

static const char *find(const char *const *list, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (streq(list[i], name))
            return list[i];
    return NULL;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_alnum(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9');
}

/* Length of an entity at s ("&amp;", "&#39;", "&#x27;"), 0 when there is none. */
static size_t entity_len(const char *s, size_t n)
{
    size_t i = 1;

    if (i < n && s[i] == '#') {
        i++;
        bool hex = i < n && (s[i] == 'x' || s[i] == 'X');
        i += hex;
        size_t start = i;
        while (i < n && i - start < 8 &&
               ((s[i] >= '0' && s[i] <= '9') ||
                (hex && ((s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))))
            i++;
        if (i == start)
            return 0;
    } else {
        size_t start = i;
        while (i < n && i - start < 32 && is_alnum(s[i]))
            i++;
        if (i == start)
            return 0;
    }
    return i < n && s[i] == ';' ? i + 1 : 0;
}

/* Where the tag opened at s[0] == '<' ends (the index of its '>'), quotes respected; 0: none. */
static size_t tag_end(const char *s, size_t n)
{
    char quote = 0;

    for (size_t i = 1; i < n; i++) {
        if (quote) {
            if (s[i] == quote)
                quote = 0;
        } else if (s[i] == '"' || s[i] == '\'') {
            quote = s[i];
        } else if (s[i] == '>') {
            return i;
        }
    }
    return 0;
}

/* Past the element's closing tag "</name ...>" from s[from], or n when it never closes. */
static size_t skip_element(const char *s, size_t n, size_t from, const char *name)
{
    size_t len = strlen(name);

    for (size_t i = from; i + 2 + len <= n; i++) {
        if (s[i] == '<' && s[i + 1] == '/' && !strncasecmp(s + i + 2, name, len) &&
            (i + 2 + len == n || !is_alnum(s[i + 2 + len]))) {
            const char *gt = memchr(s + i, '>', n - i);
            return gt ? (size_t)(gt - s) + 1 : n;
        }
    }
    return n;
}

void view_html_sanitize(struct arena *a, const char *s, size_t n, bool newlines_br,
                        const char **out)
{
    const char *open[DEPTH_MAX];
    size_t depth = 0, pre = 0;
    struct buf b = BUF_INIT;

    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c == '<' && i + 3 < n && !memcmp(s + i, "<!--", 4)) {
            const char *end = memmem(s + i + 4, n - i - 4, "-->", 3);
            i = end ? (size_t)(end - s) + 3 : n;
            continue;
        }
        if (c == '<') {
            size_t j = i + 1;
            bool closing = j < n && s[j] == '/';
            j += closing;
            size_t k = j;
            while (k < n && k - j < 16 && is_alnum(s[k]))
                k++;
            size_t end = k > j && is_alpha(s[j]) ? tag_end(s + i, n - i) : 0;
            if (!end) {
                buf_adds(&b, "&lt;");
                i++;
                continue;
            }
            char name[17];
            for (size_t m = 0; m < k - j; m++)
                name[m] = (char)(s[j + m] | 0x20); /* ASCII lower case */
            name[k - j] = '\0';
            i += end + 1;
            const char *tag;
            if (!closing && find(dropped, ARRAY_SIZE(dropped), name)) {
                i = skip_element(s, n, i, name);
            } else if ((tag = find(allowed, ARRAY_SIZE(allowed), name))) {
                bool empty = streq(tag, "br") || streq(tag, "hr");
                if (empty) {
                    buf_addf(&b, "<%s>", tag);
                } else if (!closing && depth < DEPTH_MAX) {
                    buf_addf(&b, "<%s>", tag);
                    open[depth++] = tag;
                    pre += streq(tag, "pre");
                } else if (closing) {
                    /* close it and whatever was left open inside it; a stray close goes */
                    size_t d = depth;
                    while (d > 0 && open[d - 1] != tag)
                        d--;
                    while (d > 0 && depth >= d) {
                        pre -= streq(open[depth - 1], "pre");
                        buf_addf(&b, "</%s>", open[--depth]);
                    }
                }
            }
            continue;
        }
        if (c == '&') {
            size_t e = entity_len(s + i, n - i);
            if (e) {
                buf_add(&b, s + i, e);
                i += e;
            } else {
                buf_adds(&b, "&amp;");
                i++;
            }
            continue;
        }
        if (c == '>')
            buf_adds(&b, "&gt;");
        else if (c == '"')
            buf_adds(&b, "&quot;");
        else if (c == '\0')
            buf_adds(&b, "\xef\xbf\xbd"); /* U+FFFD, as browsers read a NUL */
        else if (c == '\n' && newlines_br && !pre)
            buf_adds(&b, "<br>\n");
        else
            buf_addch(&b, c);
        i++;
    }
    while (depth > 0)
        buf_addf(&b, "</%s>", open[--depth]);
    *out = arena_strndup(a, b.ptr, b.len);
    buf_release(&b);
}
