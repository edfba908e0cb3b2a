/*
 * A region allocator: everything a request allocates comes from its arena and
 * is freed in one go by arena_release(). Other resources (statements, json
 * objects) register a cleanup that runs at release, newest first.
 *
 * Allocation never fails: out of memory aborts (see xalloc.h).
 */
#ifndef DARS_CORE_ARENA_H
#define DARS_CORE_ARENA_H

struct arena_block;
struct arena_cleanup;

struct arena {
    struct arena_block *head;
    struct arena_cleanup *cleanups;
    struct arena_block *fixed; /* the caller's memory (arena_init_in), never freed here */
};

#define ARENA_INIT { NULL, NULL, NULL }

void arena_init(struct arena *a);
/*
 * An arena whose first block is size bytes of the caller's memory (aligned
 * for any type), such as space allocated with the object that owns the
 * arena: a request's values then usually cost no malloc of their own. The
 * memory must outlive the arena; release keeps it and empties it.
 */
void arena_init_in(struct arena *a, void *mem, size_t size);
/* Free every block and run every cleanup; the arena can be used again. */
void arena_release(struct arena *a);

/* n bytes aligned for any type; contents undefined. */
void *arena_alloc(struct arena *a, size_t n);
/* n zeroed bytes. */
void *arena_zalloc(struct arena *a, size_t n);
/*
 * Room for one more element in items, an array of n elements of size bytes
 * with room for *cap (n <= *cap): items itself while n < *cap, else a copy
 * of its n elements in twice the room, *cap set to it. Start from NULL and
 * *cap 0 (the first room is 16), or from an array of one's own and its size.
 * Push with
 *
 *     v = arena_grow(a, v, n, &cap, sizeof(*v));
 *     v[n++] = x;
 *
 * The old array stays readable until release. The elements from n on are
 * undefined; arena_grow_zeroed zeroes them. A room whose size does not fit
 * in a size_t aborts as out of memory.
 */
void *arena_grow(struct arena *a, void *items, size_t n, size_t *cap, size_t size);
void *arena_grow_zeroed(struct arena *a, void *items, size_t n, size_t *cap, size_t size);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...) DARS_PRINTF(2, 3);
/* n as decimal text ("42"), for an audit field or a form value. */
const char *arena_int(struct arena *a, int64_t n);

/* Run fn(data) when the arena is released. */
void arena_cleanup_add(struct arena *a, void (*fn)(void *), void *data);

#define ARENA_NEW(a, type) ((type *)arena_zalloc((a), sizeof(type)))
#define ARENA_NEW_N(a, type, n) ((type *)arena_zalloc((a), sizeof(type) * (n)))

#endif
