/*
 * Static assets (CSS, JS, icons) embedded in the binary, or read from
 * --assets DIR while developing. Each answer has an ETag and, when asked for
 * with the content hash (?v=...), a year-long immutable cache lifetime.
 */
#ifndef DARS_HTTP_STATIC_H
#define DARS_HTTP_STATIC_H

struct req;

/* Hash the embedded assets; call once at start-up. */
void static_init(void);
/* "/assets/css/dars.css?v=1a2b3c4d" for "css/dars.css": a URL that changes with the file. */
const char *static_url(const char *path);

#endif
