/*
 * The report registry: which module answers for which facts and dimensions,
 * as the table of modules lists them (report_registry_dims and
 * report_registry_sources, in modules.c), plus the period's own month and
 * quarter. A module that counts something new (certificates, mentoring,
 * events) adds its entries to its row there.
 */
#include "core/base.h"
#include "reports/reports_int.h"
/* month and quarter are the period's own: the key is the bucket the facts fall in */
static const struct report_dim time_dims[] = {
    { "month", "", "p.bucket", NULL, NULL, NULL, NULL, false, NULL, NULL },
    { "quarter", "", "p.bucket", NULL, NULL, NULL, NULL, false, NULL, NULL },
};

static const size_t ntime_dims = ARRAY_SIZE(time_dims);
static const struct report_dims time_entry = { time_dims, &ntime_dims };

/* The i-th list of dimensions: the modules' in the table's order, then month and quarter. */
static const struct report_dims *dims_list(size_t i)
{
    size_t n = 0;
    while (report_registry_dims[n].v)
        n++;
    return i < n ? &report_registry_dims[i] : i == n ? &time_entry : NULL;
}

size_t report_ndims(void)
{
    size_t total = 0;
    for (size_t k = 0; dims_list(k); k++)
        total += *dims_list(k)->n;
    return total;
}

const struct report_dim *report_dim_at(size_t i)
{
    const struct report_dims *d;
    for (size_t k = 0; (d = dims_list(k)) != NULL; k++) {
        if (i < *d->n)
            return &d->v[i];
        i -= *d->n;
    }
    return NULL;
}

const struct report_dim *report_dim_find(const char *name)
{
    for (size_t i = 0, n = report_ndims(); name && i < n; i++)
        if (streq(report_dim_at(i)->name, name))
            return report_dim_at(i);
    return NULL;
}

bool report_dim_groups(const struct report_dim *dim)
{
    return dim && dim->key;
}

size_t report_nsources(void)
{
    size_t n = 0;
    for (const struct report_sources *s = report_registry_sources; s->v; s++)
        n += *s->n;
    return n;
}

const struct report_source *report_source_at(size_t i)
{
    for (const struct report_sources *s = report_registry_sources; s->v; s++) {
        if (i < *s->n)
            return &s->v[i];
        i -= *s->n;
    }
    return NULL;
}

bool reports_metric_stock(const char *metric)
{
    /* reports' own people metrics are flows; only a module's metric can be a stock */
    for (const struct report_metrics *l = report_registry_metrics; metric && l->v; l++)
        for (size_t i = 0; i < *l->n; i++)
            if (streq(l->v[i].name, metric))
                return l->v[i].how == REPORT_METRIC_DISTINCT_TO_DATE;
    return false;
}
