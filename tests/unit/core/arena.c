/* Tests for src/core/arena.c: blocks, big allocations, cleanups, a first block of the caller's. */
#include "core/base.h"
#include "core/arena.h"

#include <criterion/criterion.h>

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
