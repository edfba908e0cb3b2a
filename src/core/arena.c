/*
 * Region allocator. Blocks grow geometrically from 4 KiB; an allocation larger
 * than half a block gets a block of its own so that big strings waste nothing.
 */
#include "core/base.h"
#include "core/arena.h"
#include "core/xalloc.h"

#include <stdarg.h>

#define ARENA_ALIGN 16
#define ARENA_MIN_BLOCK 4096

struct arena_block {
    struct arena_block *next;
    size_t size, used;
    _Alignas(ARENA_ALIGN) unsigned char data[];
};

struct arena_cleanup {
    struct arena_cleanup *next;
    void (*fn)(void *);
    void *data;
};

void arena_init(struct arena *a)
{
    a->head = NULL;
    a->cleanups = NULL;
    a->fixed = NULL;
}

void arena_init_in(struct arena *a, void *mem, size_t size)
{
    struct arena_block *b = mem;

    arena_init(a);
    if (size <= sizeof(*b) + ARENA_ALIGN)
        return;
    b->next = NULL;
    b->size = size - sizeof(*b);
    b->used = 0;
    a->head = a->fixed = b;
}

void arena_release(struct arena *a)
{
    /* cleanups first: they may read memory that lives in the blocks */
    while (a->cleanups) {
        struct arena_cleanup *c = a->cleanups;
        a->cleanups = c->next;
        c->fn(c->data);
    }
    while (a->head) {
        struct arena_block *b = a->head;
        a->head = b->next;
        if (b != a->fixed)
            free(b);
    }
    if (a->fixed) {
        a->fixed->next = NULL;
        a->fixed->used = 0;
        a->head = a->fixed;
    }
}

void *arena_alloc(struct arena *a, size_t n)
{
    struct arena_block *b = a->head;
    size_t need;

    /* rounded up and given a header, such a size would wrap to a small one */
    if (n > SIZE_MAX / 2) {
        fprintf(stderr, "fatal: out of memory allocating %zu bytes\n", n);
        abort();
    }
    need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    if (need == 0)
        need = ARENA_ALIGN;
    if (!b || b->size - b->used < need) {
        size_t size = b ? b->size * 2 : ARENA_MIN_BLOCK;
        if (size > 1 << 20)
            size = 1 << 20;
        if (need > size / 2) {
            /* a block of its own, kept behind the head so the head stays usable */
            struct arena_block *big = xmalloc(sizeof(*big) + need);
            big->size = big->used = need;
            if (b) {
                big->next = b->next;
                b->next = big;
            } else {
                big->next = NULL;
                a->head = big;
            }
            return big->data;
        }
        b = xmalloc(sizeof(*b) + size);
        b->size = size;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = b->data + b->used;
    b->used += need;
    return p;
}

void *arena_zalloc(struct arena *a, size_t n)
{
    void *p = arena_alloc(a, n);
    memset(p, 0, n);
    return p;
}

/*
 * The one way to grow an array in an arena: the old array is not freed (an
 * arena frees nothing alone) but stays until release, and doubling keeps the
 * copies' total under twice the final size, so n pushes cost O(n).
 */
static void *grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size, bool zero)
{
    if (n < *cap)
        return items;
    if (n > *cap)
        BUG("arena_grow: %zu elements in an array of %zu", n, *cap);
    size_t ncap = *cap ? xmul(*cap, 2) : 16;
    size_t bytes = xmul(ncap, size);
    unsigned char *more = arena_alloc(a, bytes);
    if (n)
        memcpy(more, items, n * size);
    if (zero)
        memset(more + n * size, 0, bytes - n * size);
    *cap = ncap;
    return more;
}

void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    return grow(a, items, n, cap, size, false);
}

void *arena_grow_zeroed(struct arena *a, void *items, size_t n, size_t *cap, size_t size)
{
    return grow(a, items, n, cap, size, true);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
    return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
    va_list ap;
    char small[256];
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (n < 0)
        BUG("vsnprintf failed for '%s'", fmt);
    char *p = arena_alloc(a, (size_t)n + 1);
    if ((size_t)n < sizeof(small)) {
        memcpy(p, small, (size_t)n + 1);
    } else {
        va_start(ap, fmt);
        vsnprintf(p, (size_t)n + 1, fmt, ap);
        va_end(ap);
    }
    return p;
}

const char *arena_int(struct arena *a, int64_t n)
{
    return arena_printf(a, "%lld", (long long)n);
}

void arena_cleanup_add(struct arena *a, void (*fn)(void *), void *data)
{
    struct arena_cleanup *c = arena_alloc(a, sizeof(*c));
    c->fn = fn;
    c->data = data;
    c->next = a->cleanups;
    a->cleanups = c;
}
