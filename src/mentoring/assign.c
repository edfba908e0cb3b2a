/*
 * The optimal assignment of requests to mentors under capacities: a
 * min-cost flow S -> request (1) -> mentor (cost -score) -> T (capacity),
 * with an edge request -> T of cost 0 ("no mentor"), so that every request
 * carries one unit and the cost is minus the total score. Requests are added
 * one at a time and each is routed along a shortest path in the residual
 * graph (Dijkstra on reduced costs, with Johnson potentials): the flow on the
 * requests added so far stays of least cost, so after the last one it is
 * optimal (the Hungarian method, with a mentor's capacity as that many
 * slots sharing one node). A greedy pass is not: the best mentor of the
 * first request may be the only one the next can have.
 *
 * Dijkstra runs over the mentors only, densely: a request other than the new
 * one has exactly one way in (from its mentor, at reduced cost 0 on a
 * least-cost flow), so it is reached with its mentor and relaxed at once.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/arena.h"

#include <limits.h>
#include <string.h>

#define INF (INT64_MAX / 4)

int64_t mt_assign(struct arena *a, const int16_t *score, size_t nreq, size_t nmen,
                  const int64_t *cap, int *out)
{
    /* potentials: pr per request, pm per mentor, pt of T (S is never used again) */
    int64_t *pr = arena_alloc(a, (nreq + 1) * sizeof(*pr));
    int64_t *pm = arena_alloc(a, (nmen + 1) * sizeof(*pm));
    int64_t pt = 0;
    /* who holds each mentor's places: slots[start[j] .. start[j] + used[j]) */
    size_t *start = arena_alloc(a, (nmen + 1) * sizeof(*start));
    int64_t *used = arena_alloc(a, (nmen + 1) * sizeof(*used));
    size_t total = 0;
    for (size_t j = 0; j < nmen; j++) {
        start[j] = total;
        total += cap[j] > 0 ? (size_t)cap[j] : 0;
        used[j] = 0;
        pm[j] = 0;
    }
    int *slots = arena_alloc(a, (total + 1) * sizeof(*slots));
    /* Dijkstra's state over the mentors */
    int64_t *dist = arena_alloc(a, (nmen + 1) * sizeof(*dist));
    int *from = arena_alloc(a, (nmen + 1) * sizeof(*from)); /* the request that reached it */
    bool *done = arena_alloc(a, (nmen + 1) * sizeof(*done));
    /* requests reached in this search, with their distance, to move their potentials */
    int64_t *rdist = arena_alloc(a, (nreq + 1) * sizeof(*rdist));
    int *reached = arena_alloc(a, (nreq + 1) * sizeof(*reached));
    int64_t best = 0;

    for (size_t i = 0; i < nreq; i++)
        out[i] = -1;

    for (size_t n = 0; n < nreq; n++) {
        const int16_t *row = score + n * nmen;
        size_t nreached = 0;
        /* the new request's potential makes every edge out of it non-negative */
        int64_t p = pt;
        for (size_t j = 0; j < nmen; j++)
            if (row[j] != MT_NO_MATCH && pm[j] + row[j] > p)
                p = pm[j] + row[j];
        pr[n] = p;

        /* T reached: by the new request's own "no mentor" edge to start with */
        int64_t dt = pr[n] - pt;
        int t_from_req = (int)n, t_from_men = -1; /* how T was reached */
        for (size_t j = 0; j < nmen; j++) {
            done[j] = false;
            from[j] = (int)n;
            dist[j] = row[j] == MT_NO_MATCH ? INF : -row[j] + pr[n] - pm[j];
        }
        rdist[0] = 0;
        reached[nreached++] = (int)n;

        for (;;) {
            /* the nearest mentor not yet settled */
            int64_t dj = INF;
            size_t j = nmen;
            for (size_t k = 0; k < nmen; k++)
                if (!done[k] && dist[k] < dj) {
                    dj = dist[k];
                    j = k;
                }
            if (j == nmen || dj >= dt)
                break; /* T is nearer than any mentor left: its path is the shortest */
            done[j] = true;
            if (used[j] < cap[j]) {
                int64_t d = dj + pm[j] - pt; /* a free place: j -> T */
                if (d < dt) {
                    dt = d;
                    t_from_men = (int)j;
                    t_from_req = -1;
                }
                continue; /* nobody to move out of j's places */
            }
            /* j is full: each request holding one of its places may move elsewhere */
            for (int64_t s = 0; s < used[j]; s++) {
                int r = slots[start[j] + (size_t)s];
                const int16_t *rrow = score + (size_t)r * nmen;
                int64_t dr = dj + rrow[j] + pm[j] - pr[r]; /* the backward edge j -> r */
                rdist[nreached] = dr;
                reached[nreached++] = r;
                if (dr + pr[r] - pt < dt) { /* r gives its place up: r -> T */
                    dt = dr + pr[r] - pt;
                    t_from_req = r;
                    t_from_men = -1;
                }
                for (size_t k = 0; k < nmen; k++) {
                    if (done[k] || k == j || rrow[k] == MT_NO_MATCH)
                        continue;
                    int64_t d = dr + (-rrow[k]) + pr[r] - pm[k];
                    if (d < dist[k]) {
                        dist[k] = d;
                        from[k] = r;
                    }
                }
            }
        }

        /*
         * Potentials: a node moves by its distance, or by T's when it is
         * farther (or out of reach), which keeps every reduced cost of the
         * residual graph non-negative for the next request.
         */
        for (size_t j = 0; j < nmen; j++)
            pm[j] += (done[j] && dist[j] < dt) ? dist[j] : dt;
        for (size_t i = 0; i <= n; i++)
            pr[i] += dt;
        for (size_t k = 0; k < nreached; k++)
            if (rdist[k] < dt)
                pr[reached[k]] += rdist[k] - dt;
        pt += dt;

        /* augment along the path back from T */
        int j;
        if (t_from_men >= 0) {
            j = t_from_men;
            slots[start[j] + (size_t)used[j]++] = -1; /* a new place, filled below */
        } else {
            int r = t_from_req;
            if (r == (int)n)
                continue; /* the new request is best left without a mentor */
            j = out[r];
            out[r] = -1;
            /* r's place at j is taken by whoever reached j */
            for (int64_t s = 0; s < used[j]; s++)
                if (slots[start[j] + (size_t)s] == r)
                    slots[start[j] + (size_t)s] = -1;
        }
        for (;;) {
            int r = from[j];
            int old = out[r];
            out[r] = j;
            for (int64_t s = 0; s < used[j]; s++)
                if (slots[start[j] + (size_t)s] == -1) {
                    slots[start[j] + (size_t)s] = r;
                    break;
                }
            if (r == (int)n)
                break;
            /* r left old: its place there is taken by whoever reached old */
            for (int64_t s = 0; s < used[old]; s++)
                if (slots[start[old] + (size_t)s] == r)
                    slots[start[old] + (size_t)s] = -1;
            j = old;
        }
    }
    for (size_t i = 0; i < nreq; i++)
        if (out[i] >= 0)
            best += score[i * nmen + (size_t)out[i]];
    return best;
}
