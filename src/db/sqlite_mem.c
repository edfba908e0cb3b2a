/*
 * SQLite's memory from per-thread caches of freed blocks. Debian builds
 * SQLite without lookaside (SQLITE_OMIT_LOOKASIDE), so each cursor a
 * statement opens and each text value it copies out is a malloc and a free:
 * some hundred per page. SQLite lets the program supply its allocator
 * (SQLITE_CONFIG_MALLOC); this one keeps freed blocks of a few sizes per
 * thread and hands them out again, so a page served by a warm worker thread
 * costs SQLite no malloc at all. Larger blocks go to malloc as before.
 *
 * A block freed on another thread than the one that allocated it simply
 * joins that thread's cache. A thread's cache is freed when the thread ends.
 * Memory statistics are turned off too: SQLite otherwise takes a global
 * mutex around every allocation.
 */
#include "core/base.h"
#include "db/db_int.h"

#include <pthread.h>
#include <sqlite3.h>

#define MEM_CLASSES 9     /* blocks of 32, 64, ... 8192 bytes */
#define MEM_MIN_SHIFT 5
#define MEM_KEEP 64       /* free blocks kept per size and thread: at most ~1 MB a thread */
#define MEM_HEADER 16     /* keeps the block aligned for any type */
#define MEM_BIG UINT32_MAX

/* In front of every block: its size class, or MEM_BIG and its size. */
struct mem_head {
    uint32_t cls;
    uint32_t pad;
    uint64_t size;
};
_Static_assert(sizeof(struct mem_head) == MEM_HEADER, "header keeps 16-byte alignment");

struct mem_free {
    struct mem_free *next;
};

struct mem_cache {
    struct mem_free *free[MEM_CLASSES];
    unsigned count[MEM_CLASSES];
};

static pthread_key_t cache_key;
static __thread struct mem_cache *thread_cache;

static size_t class_size(unsigned c)
{
    return (size_t)1 << (c + MEM_MIN_SHIFT);
}

static unsigned class_of(size_t n)
{
    unsigned c = 0;
    while (c < MEM_CLASSES && class_size(c) < n)
        c++;
    return c; /* MEM_CLASSES: too big for a class */
}

static void cache_free(void *p)
{
    struct mem_cache *cache = p;
    for (unsigned c = 0; c < MEM_CLASSES; c++) {
        while (cache->free[c]) {
            struct mem_free *f = cache->free[c];
            cache->free[c] = f->next;
            free((char *)f - MEM_HEADER);
        }
    }
    free(cache);
}

static struct mem_cache *cache_get(void)
{
    if (!thread_cache && (thread_cache = calloc(1, sizeof(*thread_cache))))
        pthread_setspecific(cache_key, thread_cache); /* freed when the thread ends */
    return thread_cache;
}

static void *mem_malloc(int n)
{
    unsigned c = class_of((size_t)(n > 0 ? n : 1));
    struct mem_cache *cache = c < MEM_CLASSES ? cache_get() : NULL;
    struct mem_head *h;

    if (cache && cache->free[c]) {
        struct mem_free *f = cache->free[c];
        cache->free[c] = f->next;
        cache->count[c]--;
        return f;
    }
    size_t size = c < MEM_CLASSES ? class_size(c) : (size_t)n;
    if (!(h = malloc(MEM_HEADER + size)))
        return NULL;
    h->cls = c < MEM_CLASSES ? c : MEM_BIG;
    h->size = size;
    return (char *)h + MEM_HEADER;
}

static void mem_free(void *p)
{
    struct mem_head *h;
    struct mem_cache *cache;

    if (!p)
        return;
    h = (struct mem_head *)((char *)p - MEM_HEADER);
    if (h->cls != MEM_BIG && (cache = cache_get()) && cache->count[h->cls] < MEM_KEEP) {
        struct mem_free *f = p;
        f->next = cache->free[h->cls];
        cache->free[h->cls] = f;
        cache->count[h->cls]++;
        return;
    }
    free(h);
}

static int mem_size(void *p)
{
    return p ? (int)((struct mem_head *)((char *)p - MEM_HEADER))->size : 0;
}

static void *mem_realloc(void *p, int n)
{
    void *q;

    if (!p)
        return mem_malloc(n);
    if (n <= mem_size(p))
        return p;
    if (!(q = mem_malloc(n)))
        return NULL;
    memcpy(q, p, (size_t)mem_size(p));
    mem_free(p);
    return q;
}

static int mem_roundup(int n)
{
    unsigned c = class_of((size_t)(n > 0 ? n : 1));
    return c < MEM_CLASSES ? (int)class_size(c) : (n + 7) & ~7;
}

static int mem_init(void *unused)
{
    UNUSED(unused);
    return 0;
}

static void mem_shutdown(void *unused)
{
    UNUSED(unused);
}

static const sqlite3_mem_methods mem_methods = {
    mem_malloc, mem_free, mem_realloc, mem_size, mem_roundup, mem_init, mem_shutdown, NULL,
};

static int mem_status;

static void mem_setup(void)
{
    /* both must come before SQLite initialises, that is before the first open */
    mem_status = pthread_key_create(&cache_key, cache_free) != 0 ||
                 sqlite3_config(SQLITE_CONFIG_MALLOC, &mem_methods) != SQLITE_OK ||
                 sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) != SQLITE_OK;
}

int db_sqlite_mem_setup(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, mem_setup);
    return mem_status ? DARS_ERR : 0;
}
