/* Tests of src/core/buf.c and src/core/arena.c: the invariants their headers promise. */
#include "core/base.h"
#include "core/arena.h"
#include "core/buf.h"

#include <criterion/criterion.h>

Test(buf, starts_empty_and_never_null)
{
    struct buf b = BUF_INIT;
    cr_assert_not_null(b.ptr);
    cr_assert_str_eq(b.ptr, "");
    buf_release(&b);
    cr_assert_not_null(b.ptr);
}

Test(buf, grows_and_stays_terminated)
{
    struct buf b = BUF_INIT;
    for (int i = 0; i < 1000; i++)
        buf_addf(&b, "%d,", i);
    cr_assert_eq(b.len, strlen(b.ptr));
    cr_assert(!strncmp(b.ptr, "0,1,2,", 6));
    buf_truncate(&b, 2);
    cr_assert_str_eq(b.ptr, "0,");
    size_t len;
    char *s = buf_detach(&b, &len);
    cr_assert_eq(len, 2);
    cr_assert_str_eq(s, "0,");
    cr_assert_str_eq(b.ptr, "");
    free(s);
}

Test(buf, escapes_html)
{
    struct buf b = BUF_INIT;
    const char *in = "<a href=\"x\">Tom & 'Jerry'</a>";
    buf_add_html(&b, in, strlen(in));
    cr_assert_str_eq(b.ptr, "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
    buf_release(&b);
}

Test(buf, escapes_json)
{
    struct buf b = BUF_INIT;
    buf_add_json_str(&b, "a\"b\\c\n\x01ə");
    cr_assert_str_eq(b.ptr, "\"a\\\"b\\\\c\\n\\u0001ə\"");
    buf_release(&b);
}

static int cleaned;
static void count_cleanup(void *p)
{
    cleaned += *(int *)p;
}

Test(arena, allocates_aligned_small_and_large_and_runs_cleanups)
{
    struct arena a = ARENA_INIT;
    static int one = 1;
    for (int i = 0; i < 10000; i++) {
        void *p = arena_alloc(&a, (size_t)(i % 97) + 1);
        cr_assert_eq((uintptr_t)p % 16, 0);
        memset(p, 0xab, (size_t)(i % 97) + 1);
    }
    char *big = arena_alloc(&a, 3 << 20);
    memset(big, 1, 3 << 20);
    cr_assert_str_eq(arena_printf(&a, "%s-%d", "x", 42), "x-42");
    cr_assert_str_eq(arena_strndup(&a, "hello", 3), "hel");
    cleaned = 0;
    arena_cleanup_add(&a, count_cleanup, &one);
    arena_cleanup_add(&a, count_cleanup, &one);
    arena_release(&a);
    cr_assert_eq(cleaned, 2);
    /* usable again after release */
    cr_assert_not_null(arena_strdup(&a, "again"));
    arena_release(&a);
}

/* A buffer in an arena grows there: what it held is kept, release only empties it. */
Test(buf, arena_buffer)
{
    struct arena a = ARENA_INIT;
    struct buf b;

    buf_init_arena(&b, &a, 4);
    for (int i = 0; i < 1000; i++)
        buf_addf(&b, "%d,", i);
    cr_expect_eq(strncmp(b.ptr, "0,1,2,", 6), 0);
    cr_expect_eq(b.ptr[b.len], '\0');
    cr_expect_eq(strcmp(b.ptr + b.len - 4, "999,"), 0);
    buf_release(&b);
    cr_expect_eq(b.len, 0);
    buf_adds(&b, "again");
    cr_expect_str_eq(b.ptr, "again");
    arena_release(&a);
}
