/*
 * Lock-free counters: each route owns a row of atomics, so worker threads
 * never wait for each other to count.
 */
#include "core/base.h"
#include "http/metrics.h"
#include "core/buf.h"
#include "core/xalloc.h"
#include "http/route.h"

static const double bounds[] = { 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                 0.1,    0.25,  0.5,    1,     2.5,  5,     10 };
#define NBUCKETS (ARRAY_SIZE(bounds) + 1)

struct route_stats {
    uint64_t status[6]; /* by class: 1xx..5xx, [0] unused */
    uint64_t buckets[NBUCKETS];
    uint64_t count;
    uint64_t sum_us;
};

static struct route_stats *stats; /* one per route, the last for unmatched */
static size_t nstats;
static uint64_t db_us;

void metrics_init(void)
{
    nstats = route_count() + 1;
    stats = xcalloc(nstats, sizeof(*stats));
}

void metrics_shutdown(void)
{
    free(stats);
    stats = NULL;
    nstats = 0;
}

void metrics_observe(int route_index, int status, double seconds)
{
    if (!stats)
        return;
    struct route_stats *s = &stats[route_index >= 0 ? (size_t)route_index : nstats - 1];
    size_t b = 0;
    while (b < ARRAY_SIZE(bounds) && seconds > bounds[b])
        b++;
    int cls = status / 100;
    if (cls < 1 || cls > 5)
        cls = 5;
    __atomic_add_fetch(&s->status[cls], 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&s->buckets[b], 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&s->count, 1, __ATOMIC_RELAXED);
    __atomic_add_fetch(&s->sum_us, (uint64_t)(seconds * 1e6), __ATOMIC_RELAXED);
}

void metrics_add_db_time(double seconds)
{
    __atomic_add_fetch(&db_us, (uint64_t)(seconds * 1e6), __ATOMIC_RELAXED);
}

static void label(struct buf *out, size_t i)
{
    static const char *const methods[] = { "", "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE" };
    const struct route *rt = i + 1 < nstats ? route_at(i) : NULL;
    if (rt)
        buf_addf(out, "route=\"%s %s\"", methods[rt->method], rt->pattern);
    else
        buf_adds(out, "route=\"unmatched\"");
}

void metrics_render(struct buf *out)
{
    buf_adds(out, "# HELP dars_http_requests_total HTTP requests by route and status class.\n"
                  "# TYPE dars_http_requests_total counter\n");
    for (size_t i = 0; i < nstats; i++) {
        for (int c = 1; c <= 5; c++) {
            uint64_t n = __atomic_load_n(&stats[i].status[c], __ATOMIC_RELAXED);
            if (!n)
                continue;
            buf_adds(out, "dars_http_requests_total{");
            label(out, i);
            buf_addf(out, ",status=\"%dxx\"} %llu\n", c, (unsigned long long)n);
        }
    }
    buf_adds(out, "# HELP dars_http_request_duration_seconds Time to answer, by route.\n"
                  "# TYPE dars_http_request_duration_seconds histogram\n");
    for (size_t i = 0; i < nstats; i++) {
        uint64_t count = __atomic_load_n(&stats[i].count, __ATOMIC_RELAXED), cum = 0;
        if (!count)
            continue;
        for (size_t b = 0; b < NBUCKETS; b++) {
            cum += __atomic_load_n(&stats[i].buckets[b], __ATOMIC_RELAXED);
            buf_adds(out, "dars_http_request_duration_seconds_bucket{");
            label(out, i);
            if (b < ARRAY_SIZE(bounds))
                buf_addf(out, ",le=\"%g\"} %llu\n", bounds[b], (unsigned long long)cum);
            else
                buf_addf(out, ",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
        }
        buf_adds(out, "dars_http_request_duration_seconds_sum{");
        label(out, i);
        buf_addf(out, "} %.6f\n", (double)__atomic_load_n(&stats[i].sum_us, __ATOMIC_RELAXED) / 1e6);
        buf_adds(out, "dars_http_request_duration_seconds_count{");
        label(out, i);
        buf_addf(out, "} %llu\n", (unsigned long long)count);
    }
    buf_addf(out,
             "# HELP dars_db_seconds_total Time spent in the database.\n"
             "# TYPE dars_db_seconds_total counter\n"
             "dars_db_seconds_total %.6f\n",
             (double)__atomic_load_n(&db_us, __ATOMIC_RELAXED) / 1e6);
}
