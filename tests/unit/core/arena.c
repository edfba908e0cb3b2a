/* Tests for src/core/arena.c: blocks, big allocations, cleanups, a caller's block, grown arrays. */
#include "core/base.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <criterion/redirect.h>
#include <signal.h>

static int cleaned;

static void count_cleanup(void *data)
{
    cleaned += *(int *)data;
}

Test(arena, blocks_big_and_cleanups)
{
    struct arena a = ARENA_INIT;
    static int three = 3;
    char *s = arena_strdup(&a, "hello");
    char *big = arena_alloc(&a, 100000);

    memset(big, 'x', 100000);
    for (int i = 0; i < 1000; i++)
        cr_assert_not_null(arena_printf(&a, "%d", i));
    cr_expect_str_eq(s, "hello");
    cr_expect_eq((uintptr_t)arena_alloc(&a, 1) % 16, 0);
    cleaned = 0;
    arena_cleanup_add(&a, count_cleanup, &three);
    arena_release(&a);
    cr_expect_eq(cleaned, 3);
    cr_expect_null(a.head);
}

/* The caller's block is used first, kept at release and used again; more spills to the heap. */
Test(arena, caller_block)
{
    static _Alignas(16) unsigned char mem[1024];
    struct arena a;

    arena_init_in(&a, mem, sizeof(mem));
    char *p = arena_alloc(&a, 100);
    cr_expect(p >= (char *)mem && p < (char *)mem + sizeof(mem));
    char *q = arena_alloc(&a, 5000); /* more than the block holds: from the heap */
    cr_expect(q < (char *)mem || q >= (char *)mem + sizeof(mem));
    for (int i = 0; i < 100; i++)
        arena_strdup(&a, "some text that fills blocks");
    arena_release(&a);
    char *again = arena_alloc(&a, 100);
    cr_expect_eq(again, p, "the block is emptied and used again");
    arena_release(&a);
    /* too small to hold a block: the arena works from the heap alone */
    arena_init_in(&a, mem, 8);
    cr_expect_null(a.head);
    cr_expect_not_null(arena_strdup(&a, "x"));
    arena_release(&a);
}

/* From nothing: 16 elements, then doubling, the pushed values kept through every copy. */
Test(arena, grow_from_nothing)
{
    struct arena a = ARENA_INIT;
    int64_t *v = NULL;
    size_t n = 0, cap = 0;

    v = arena_grow(&a, v, n, &cap, sizeof(*v));
    cr_assert_not_null(v);
    cr_expect_eq(cap, 16);
    for (int64_t i = 0; i < 100000; i++) {
        v = arena_grow(&a, v, n, &cap, sizeof(*v));
        v[n++] = i * 3;
    }
    cr_expect_eq(n, 100000);
    cr_expect_eq(cap, 131072, "16 doubled 13 times: %zu", cap);
    for (size_t i = 0; i < n; i++)
        cr_assert_eq(v[i], (int64_t)i * 3, "element %zu", i);
    arena_release(&a);
}

/* While there is room the array is the same; a caller's own first array is grown from its size. */
Test(arena, grow_from_a_preset_capacity)
{
    struct arena a = ARENA_INIT;
    size_t cap = 3, n = 0;
    char **v = arena_alloc(&a, cap * sizeof(*v));
    char **first = v;

    for (; n < 3; n++) {
        v = arena_grow(&a, v, n, &cap, sizeof(*v));
        v[n] = arena_printf(&a, "s%zu", n);
    }
    cr_expect_eq(v, first, "no copy while n < cap");
    cr_expect_eq(cap, 3);
    v = arena_grow(&a, v, n, &cap, sizeof(*v));
    cr_expect_neq(v, first);
    cr_expect_eq(cap, 6);
    v[n++] = "s3";
    cr_expect_str_eq(v[0], "s0");
    cr_expect_str_eq(v[2], "s2");
    cr_expect_str_eq(v[3], "s3");
    cr_expect_str_eq(first[2], "s2", "the old array stays readable until release");
    arena_release(&a);
}

/* The zeroed variant zeroes the room after n, as arena_zalloc did for the sites that rely on it. */
Test(arena, grow_zeroed)
{
    struct arena a = ARENA_INIT;
    struct pair {
        int64_t id;
        const char *name;
    } *v = NULL;
    size_t n = 0, cap = 0;

    for (int i = 0; i < 40; i++) {
        v = arena_grow_zeroed(&a, v, n, &cap, sizeof(*v));
        v[n++].id = i + 1;
    }
    cr_expect_eq(cap, 64);
    for (size_t i = 0; i < cap; i++) {
        cr_expect_eq(v[i].id, i < n ? (int64_t)i + 1 : 0, "element %zu", i);
        cr_expect_null(v[i].name, "element %zu", i);
    }
    arena_release(&a);
}

/* A capacity whose bytes do not fit in a size_t aborts, as xmalloc does, instead of wrapping. */
Test(arena, grow_overflow_aborts, .signal = SIGABRT, .init = cr_redirect_stderr)
{
    struct arena a = ARENA_INIT;
    size_t cap = SIZE_MAX / 16 + 1;
    char dummy[16];

    arena_grow(&a, dummy, cap, &cap, 8);
}
