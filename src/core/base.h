/*
 * The first include of every .c file in Dars: standard headers everyone needs,
 * the status codes every fallible function returns, and the banned functions.
 */
#ifndef DARS_CORE_BASE_H
#define DARS_CORE_BASE_H

#define _GNU_SOURCE 1
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Status codes. Zero is success; every failure is negative. core/err.h maps
 * them to HTTP statuses and exit codes.
 */
enum {
    DARS_OK = 0,
    DARS_ERR = -1,        /* unexpected failure: 500, exit 1 */
    DARS_ENOTFOUND = -2,  /* 404 */
    DARS_ECONFLICT = -3,  /* 409 */
    DARS_EINVALID = -4,   /* 422, exit 2 */
    DARS_EDENIED = -5,    /* 403 */
    DARS_EDB = -6,        /* database failure: 500 */
    DARS_EAUTH = -7,      /* not authenticated: 401 */
    DARS_ETHROTTLED = -8, /* too many attempts: 429 */
    DARS_ETOOBIG = -9,    /* request too large: 413 */
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define UNUSED(x) ((void)(x))

#if defined(__GNUC__)
#define DARS_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define DARS_NORETURN __attribute__((noreturn))
#else
#define DARS_PRINTF(f, a)
#define DARS_NORETURN
#endif

/* A broken invariant: print where and abort. Not for user-facing errors. */
#define BUG(...) dars_bug(__FILE__, __LINE__, __VA_ARGS__)
DARS_NORETURN void dars_bug(const char *file, int line, const char *fmt, ...) DARS_PRINTF(3, 4);

/* true when two NUL-terminated strings are equal; NULL equals only NULL */
static inline bool streq(const char *a, const char *b)
{
    if (!a || !b)
        return a == b;
    return strcmp(a, b) == 0;
}

#include "core/banned.h"

#endif
