/* Growable buffer; see buf.h for the invariants every function keeps. */
#include "core/base.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "core/arena.h"

#include <stdarg.h>

char buf_empty[1];

void buf_init(struct buf *b, size_t hint)
{
    b->ptr = buf_empty;
    b->len = b->alloc = 0;
    b->arena = NULL;
    if (hint)
        buf_grow(b, hint);
}

void buf_init_arena(struct buf *b, struct arena *a, size_t hint)
{
    buf_init(b, 0);
    b->arena = a;
    if (hint)
        buf_grow(b, hint);
}

void buf_release(struct buf *b)
{
    struct arena *a = b->arena;

    if (b->alloc && !a)
        free(b->ptr);
    buf_init(b, 0);
    b->arena = a;
}

char *buf_detach(struct buf *b, size_t *len)
{
    char *p;
    if (b->arena)
        BUG("buf_detach of an arena buffer");
    if (len)
        *len = b->len;
    p = b->alloc ? b->ptr : xstrdup("");
    buf_init(b, 0);
    return p;
}

void buf_reset(struct buf *b)
{
    buf_truncate(b, 0);
}

void buf_truncate(struct buf *b, size_t len)
{
    if (len > b->len)
        BUG("buf_truncate past end (%zu > %zu)", len, b->len);
    b->len = len;
    if (b->alloc)
        b->ptr[len] = '\0';
}

void buf_grow(struct buf *b, size_t extra)
{
    size_t need = b->len + extra + 1;
    if (need <= b->alloc)
        return;
    size_t n = b->alloc ? b->alloc : 64;
    while (n < need)
        n = n * 3 / 2 + 16;
    if (b->arena) {
        /* the old bytes stay in the arena, freed with it */
        char *p = arena_alloc(b->arena, n);
        memcpy(p, b->ptr, b->len + 1);
        b->ptr = p;
    } else if (b->alloc) {
        b->ptr = xrealloc(b->ptr, n);
    } else {
        b->ptr = xmalloc(n);
        b->ptr[0] = '\0';
    }
    b->alloc = n;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
    if (!len)
        return;
    buf_grow(b, len);
    memcpy(b->ptr + b->len, data, len);
    b->len += len;
    b->ptr[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

void buf_addch(struct buf *b, char c)
{
    buf_grow(b, 1);
    b->ptr[b->len++] = c;
    b->ptr[b->len] = '\0';
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
    va_list ap;
    buf_grow(b, 64);
    va_start(ap, fmt);
    int n = vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
    va_end(ap);
    if (n < 0)
        BUG("vsnprintf failed for '%s'", fmt);
    if ((size_t)n >= b->alloc - b->len) {
        buf_grow(b, (size_t)n);
        va_start(ap, fmt);
        vsnprintf(b->ptr + b->len, b->alloc - b->len, fmt, ap);
        va_end(ap);
    }
    b->len += (size_t)n;
}

void buf_add_html(struct buf *b, const char *s, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: continue;
        }
        buf_add(b, s + start, i - start);
        buf_adds(b, rep);
        start = i + 1;
    }
    buf_add(b, s + start, len - start);
}

void buf_add_json_str(struct buf *b, const char *s)
{
    buf_addch(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': buf_adds(b, "\\\""); break;
        case '\\': buf_adds(b, "\\\\"); break;
        case '\n': buf_adds(b, "\\n"); break;
        case '\r': buf_adds(b, "\\r"); break;
        case '\t': buf_adds(b, "\\t"); break;
        default:
            if (*p < 0x20)
                buf_addf(b, "\\u%04x", *p);
            else
                buf_addch(b, (char)*p);
        }
    }
    buf_addch(b, '"');
}
