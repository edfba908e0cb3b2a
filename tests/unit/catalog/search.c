/*
 * Tests for src/catalog/search.c: the query each engine is given for what a
 * reader typed. Issue 20: Korean words lose a trailing particle (never below
 * two syllables) and Vietnamese is folded to what people type without marks.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>

static void check(const char *q, const char *want_sqlite, const char *want_pg)
{
    struct arena a = ARENA_INIT;
    const char *s = catalog_search_query(&a, q, false);
    const char *p = catalog_search_query(&a, q, true);
    if (!want_sqlite) {
        cr_assert_null(s, "query for \"%s\"", q);
        cr_assert_null(p, "query for \"%s\"", q);
    } else {
        cr_assert_str_eq(s, want_sqlite, "FTS5 query for \"%s\"", q);
        cr_assert_str_eq(p, want_pg, "tsquery for \"%s\"", q);
    }
    arena_release(&a);
}

Test(search, words_become_prefixes_that_must_all_appear)
{
    check("Python basics", "\"python\"* \"basics\"*", "python:* & basics:*");
    check("  ,;  ", NULL, NULL);
}

Test(search, korean_query_words_lose_a_particle)
{
    check("파이썬을", "\"파이썬\"*", "파이썬:*");
    /* 배우는 (learning) is no noun, but its stem 배우 finds 배우다 and 배우기 too */
    check("한국어로 배우는 코딩", "\"한국어\"* \"배우\"* \"코딩\"*", "한국어:* & 배우:* & 코딩:*");
    check("정부에서는", "\"정부\"*", "정부:*");
    check("데이터의", "\"데이터\"*", "데이터:*");
}

Test(search, short_korean_words_keep_their_last_syllable)
{
    /* two syllables at least stay: 이 of 나이 (age) is no particle here */
    check("나이", "\"나이\"*", "나이:*");
    check("자바를", "\"자바\"*", "자바:*");
    check("책을", "\"책을\"*", "책을:*");
    /* Hangul mixed with Latin letters is not a Korean noun with a particle */
    check("AI를", "\"ai를\"*", "ai를:*");
}

Test(search, vietnamese_with_or_without_marks_gives_one_query)
{
    check("Chuyển đổi số", "\"chuyen\"* \"doi\"* \"so\"*", "chuyen:* & doi:* & so:*");
    check("chuyen doi so", "\"chuyen\"* \"doi\"* \"so\"*", "chuyen:* & doi:* & so:*");
    check("ĐÀO TẠO", "\"dao\"* \"tao\"*", "dao:* & tao:*");
}
