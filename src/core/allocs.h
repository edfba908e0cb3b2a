/*
 * Allocations counted per thread, in the sanitizer build only (the one the
 * test suites run): the access log then shows how many times a request
 * called malloc, calloc or realloc, anywhere in the process (SQLite,
 * libmicrohttpd and zlib included), so that a test can hold the busy pages
 * to a handful. The optimised build counts nothing and logs nothing.
 */
#ifndef DARS_CORE_ALLOCS_H
#define DARS_CORE_ALLOCS_H

#include <stdbool.h>
#include <stdint.h>

/* Start counting (once, before the server's threads start); false when this build cannot. */
bool allocs_init(void);
/* This thread's allocations so far; 0 when not counting. */
uint64_t allocs_now(void);

#endif
