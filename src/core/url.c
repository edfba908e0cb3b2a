/* Percent-encoding and decoding into the arena; see url.h. */
#include "core/base.h"
#include "core/url.h"
#include "core/arena.h"

char *url_encode(struct arena *a, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(s);
    char *out = arena_alloc(a, n * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_' || *p == '.' || *p == '~' || *p == '/') {
            *o++ = (char)*p;
        } else {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        }
    }
    *o = '\0';
    return out;
}

char *url_decode(struct arena *a, const char *s)
{
    size_t n = strlen(s);
    char *out = arena_alloc(a, n + 1), *o = out;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '%' && i + 2 < n) {
            char h[3] = { s[i + 1], s[i + 2], 0 };
            char *end;
            long v = strtol(h, &end, 16);
            if (!*end) {
                *o++ = (char)v;
                i += 2;
                continue;
            }
        }
        *o++ = s[i] == '+' ? ' ' : s[i];
    }
    *o = '\0';
    return out;
}
