/*
 * Tests of mt_assign() in src/mentoring/assign.c: on small random cases the
 * assignment's total equals the best of every assignment enumerated (each
 * request to one mentor or none, within capacities), and it keeps the
 * capacities and the pairs that may not be matched.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <stdlib.h>

/* the best total by enumerating every choice of request i onwards */
static int64_t brute(const int16_t *score, size_t nreq, size_t nmen, int64_t *left, size_t i)
{
    if (i == nreq)
        return 0;
    int64_t best = brute(score, nreq, nmen, left, i + 1); /* no mentor */
    for (size_t j = 0; j < nmen; j++) {
        int16_t s = score[i * nmen + j];
        if (s == MT_NO_MATCH || left[j] == 0)
            continue;
        left[j]--;
        int64_t t = s + brute(score, nreq, nmen, left, i + 1);
        left[j]++;
        if (t > best)
            best = t;
    }
    return best;
}

static void check_case(unsigned seed, size_t nreq, size_t nmen)
{
    struct arena a;
    int16_t score[8 * 5];
    int64_t cap[5], left[5], load[5] = { 0 };
    int out[8];

    arena_init(&a);
    srand(seed);
    for (size_t j = 0; j < nmen; j++)
        left[j] = cap[j] = rand() % 3;
    for (size_t i = 0; i < nreq * nmen; i++)
        /* small ranges make ties, which a wrong method trips over */
        score[i] = rand() % 5 == 0 ? MT_NO_MATCH : (int16_t)(rand() % (seed % 2 ? 4 : 101));
    int64_t got = mt_assign(&a, score, nreq, nmen, cap, out);
    int64_t want = brute(score, nreq, nmen, left, 0);
    cr_assert_eq(got, want, "seed %u (%zu x %zu): %lld, best %lld", seed, nreq, nmen,
                 (long long)got, (long long)want);
    int64_t sum = 0;
    for (size_t i = 0; i < nreq; i++) {
        if (out[i] < 0)
            continue;
        cr_assert_lt((size_t)out[i], nmen);
        cr_assert_neq(score[i * nmen + (size_t)out[i]], MT_NO_MATCH, "seed %u", seed);
        load[out[i]]++;
        sum += score[i * nmen + (size_t)out[i]];
    }
    cr_assert_eq(sum, got);
    for (size_t j = 0; j < nmen; j++)
        cr_assert_leq(load[j], cap[j], "seed %u: mentor %zu over capacity", seed, j);
    arena_release(&a);
}

Test(mentoring_assign, optimal_against_brute_force)
{
    for (unsigned seed = 1; seed <= 3000; seed++)
        check_case(seed, 1 + seed % 8, 1 + (seed / 8) % 5);
}

Test(mentoring_assign, greedy_is_not_enough)
{
    /* request 0 likes both, request 1 only mentor 0: the best pairs 0-1 and 1-0 */
    struct arena a;
    const int16_t score[] = { 90, 80, 85, MT_NO_MATCH };
    const int64_t cap[] = { 1, 1 };
    int out[2];
    arena_init(&a);
    cr_assert_eq(mt_assign(&a, score, 2, 2, cap, out), 165);
    cr_assert_eq(out[0], 1);
    cr_assert_eq(out[1], 0);
    arena_release(&a);
}

Test(mentoring_assign, nobody_to_assign)
{
    struct arena a;
    const int16_t score[] = { MT_NO_MATCH, 10 };
    const int64_t cap[] = { 1, 0 };
    int out[1];
    arena_init(&a);
    cr_assert_eq(mt_assign(&a, score, 1, 2, cap, out), 0);
    cr_assert_eq(out[0], -1);
    cr_assert_eq(mt_assign(&a, NULL, 0, 0, NULL, out), 0);
    arena_release(&a);
}
