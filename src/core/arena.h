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
};

#define ARENA_INIT { NULL, NULL }

void arena_init(struct arena *a);
/* Free every block and run every cleanup; the arena can be used again. */
void arena_release(struct arena *a);

/* n bytes aligned for any type; contents undefined. */
void *arena_alloc(struct arena *a, size_t n);
/* n zeroed bytes. */
void *arena_zalloc(struct arena *a, size_t n);
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
