/*
 * Allocation that never returns NULL: running out of memory prints one line
 * and aborts (STYLE.md rule 7), so callers never check these for NULL.
 */
#ifndef DARS_CORE_XALLOC_H
#define DARS_CORE_XALLOC_H

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/*
 * count * size, or the out-of-memory abort when the product does not fit in
 * a size_t: a size that wrapped would allocate too little and be written past.
 */
size_t xmul(size_t count, size_t size);

#endif
