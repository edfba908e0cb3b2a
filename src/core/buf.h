/*
 * A growable byte buffer. Invariants: ptr is never NULL (it points at a static
 * empty string until the first write) and ptr[len] is always '\0', so
 * buf.ptr can be passed wherever a C string is wanted.
 *
 *     struct buf b = BUF_INIT;
 *     buf_addf(&b, "%d rows", n);
 *     char *s = buf_detach(&b);   // caller owns s; b is empty again
 */
#ifndef DARS_CORE_BUF_H
#define DARS_CORE_BUF_H

extern char buf_empty[];

struct arena;

struct buf {
    char *ptr;
    size_t len, alloc;
    struct arena *arena; /* grows in this arena instead of the heap (buf_init_arena) */
};

#define BUF_INIT { buf_empty, 0, 0, NULL }

void buf_init(struct buf *b, size_t hint);
/*
 * A buffer that grows in arena a: no malloc, nothing to release (release
 * just empties it), and buf_detach() is not for it. For text a request builds
 * and keeps, such as a number formatted for a page.
 */
void buf_init_arena(struct buf *b, struct arena *a, size_t hint);
void buf_release(struct buf *b);
/* Hand the bytes to the caller (free() them); b is left empty. */
char *buf_detach(struct buf *b, size_t *len /* OUT, may be NULL */);
void buf_reset(struct buf *b);
void buf_grow(struct buf *b, size_t extra);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addch(struct buf *b, char c);
void buf_addf(struct buf *b, const char *fmt, ...) DARS_PRINTF(2, 3);
/* Append s with & < > " ' escaped for HTML text and attribute values. */
void buf_add_html(struct buf *b, const char *s, size_t len);
/* Append s as a JSON string, quotes included. */
void buf_add_json_str(struct buf *b, const char *s);
void buf_truncate(struct buf *b, size_t len);

#endif
