/*
 * Percent-encoding for the URLs Dars builds (links, redirects, the flash
 * cookie). In core because http redirects to /login?next=... and every layer
 * above builds links; it needs nothing but the arena.
 */
#ifndef DARS_CORE_URL_H
#define DARS_CORE_URL_H

struct arena;

/*
 * Percent-encode s for a query string value or a path segment, from the
 * arena: letters, digits, "-_.~" and "/" stay, every other byte is %XX
 * (upper-case hex). Never NULL.
 */
char *url_encode(struct arena *a, const char *s);
/*
 * The inverse, from the arena: "+" becomes a space and %XX the byte (the two
 * characters as strtol reads them in base 16; when it cannot, the "%" stays).
 * Never NULL.
 */
char *url_decode(struct arena *a, const char *s);

#endif
