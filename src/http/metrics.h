/*
 * Prometheus metrics at GET /metrics: requests by route and status class,
 * latency histograms by route, database time, in-flight requests.
 */
#ifndef DARS_HTTP_METRICS_H
#define DARS_HTTP_METRICS_H

struct buf;

void metrics_init(void);
void metrics_shutdown(void);
/* route_index < 0 for unmatched requests */
void metrics_observe(int route_index, int status, double seconds);
/* Database time spent by a request, added to dars_db_seconds_total. */
void metrics_add_db_time(double seconds);
void metrics_render(struct buf *out);

#endif
