/*
 * Allocation counting through the sanitizer runtime's hooks: ASan calls
 * on_malloc for every allocation it serves, whoever asked. The counter is
 * per thread, so a request's count is its worker's count at the end minus
 * at the start (a request runs on one thread from first byte to last).
 */
#include "core/base.h"
#include "core/allocs.h"

#if defined(__SANITIZE_ADDRESS__)
#define ALLOCS_COUNTING 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ALLOCS_COUNTING 1
#endif
#endif

#ifdef ALLOCS_COUNTING
/* Not in GCC 12's headers, but in its libasan (compiler-rt's allocator_interface.h). */
int __sanitizer_install_malloc_and_free_hooks(void (*malloc_hook)(const volatile void *, size_t),
                                              void (*free_hook)(const volatile void *));

static __thread uint64_t thread_allocs;
static bool counting;

static void on_malloc(const volatile void *p, size_t n)
{
    UNUSED(p), UNUSED(n);
    thread_allocs++;
}

static void on_free(const volatile void *p)
{
    UNUSED(p);
}

bool allocs_init(void)
{
    if (!counting)
        counting = __sanitizer_install_malloc_and_free_hooks(on_malloc, on_free) != 0;
    return counting;
}

uint64_t allocs_now(void)
{
    return thread_allocs;
}
#else
bool allocs_init(void)
{
    return false;
}

uint64_t allocs_now(void)
{
    return 0;
}
#endif
