/* Unicode helpers; see utf8.h. */
#include "core/base.h"
#include "core/utf8.h"
#include "core/arena.h"

#include <ctype.h>
#include <utf8proc.h>

bool utf8_is_valid(const char *s, size_t len)
{
    const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
    utf8proc_ssize_t left = (utf8proc_ssize_t)len;
    while (left > 0) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
        if (n <= 0 || cp == 0)
            return false;
        p += n;
        left -= n;
    }
    return true;
}

static char *map(struct arena *a, const char *s, utf8proc_option_t opts)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, 0, &out,
                                      opts | UTF8PROC_NULLTERM | UTF8PROC_STABLE);
    if (n < 0)
        return NULL;
    char *r = arena_strndup(a, (const char *)out, (size_t)n);
    free(out);
    return r;
}

char *utf8_nfc(struct arena *a, const char *s)
{
    return map(a, s, UTF8PROC_COMPOSE);
}

char *utf8_fold(struct arena *a, const char *s)
{
    return map(a, s, UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
}

/*
 * Đ and đ (U+0110, U+0111), the Vietnamese d with a stroke, have no
 * decomposition, so stripping marks leaves them; but Vietnamese readers type
 * "Duc" for "Đức" as they type "Nguyen" for "Nguyễn". Folded to d before
 * anything else, as a letter with a mark would be.
 */
static utf8proc_int32_t fold_stroke_d(utf8proc_int32_t c, void *data)
{
    UNUSED(data);
    return c == 0x0110 || c == 0x0111 ? 'd' : c;
}

char *utf8_fold_search(struct arena *a, const char *s)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map_custom(
        (const utf8proc_uint8_t *)s, 0, &out,
        UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD | UTF8PROC_STRIPMARK | UTF8PROC_NULLTERM |
            UTF8PROC_STABLE,
        fold_stroke_d, NULL);
    if (n < 0)
        return NULL;
    char *r = arena_strndup(a, (const char *)out, (size_t)n);
    free(out);
    return r;
}

char *utf8_trim(struct arena *a, const char *s)
{
    if (!s)
        return arena_strdup(a, "");
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    return arena_strndup(a, s, n);
}

size_t utf8_len(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}
