/*
 * The report registry: which module answers for which facts and dimensions.
 * A module that counts something new (certificates, mentoring, events) adds
 * its sources here; reports compose them and read no module's tables.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "cohorts/cohorts.h"
#include "enrol/enrol.h"
#include "org/org.h"

/* month and quarter are the period's own: the key is the bucket the facts fall in */
static const struct report_dim time_dims[] = {
    { "month", "", "p.bucket", NULL, NULL, NULL, NULL, false, NULL, NULL },
    { "quarter", "", "p.bucket", NULL, NULL, NULL, NULL, false, NULL, NULL },
};

struct dims {
    const struct report_dim *v;
    const size_t *n;
};

static const size_t ntime_dims = ARRAY_SIZE(time_dims);

/* in the order the form offers them */
static const struct dims all_dims[] = {
    { org_report_dims, &org_report_ndims },
    { catalog_report_dims, &catalog_report_ndims },
    { accounts_report_dims, &accounts_report_ndims },
    { time_dims, &ntime_dims },
};

struct sources {
    const struct report_source *v;
    const size_t *n;
};

static const struct sources all_sources[] = {
    { enrol_report_sources, &enrol_report_nsources },
    { cohorts_report_sources, &cohorts_report_nsources },
};

size_t report_ndims(void)
{
    size_t n = 0;
    for (size_t i = 0; i < ARRAY_SIZE(all_dims); i++)
        n += *all_dims[i].n;
    return n;
}

const struct report_dim *report_dim_at(size_t i)
{
    for (size_t k = 0; k < ARRAY_SIZE(all_dims); k++) {
        if (i < *all_dims[k].n)
            return &all_dims[k].v[i];
        i -= *all_dims[k].n;
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
    for (size_t i = 0; i < ARRAY_SIZE(all_sources); i++)
        n += *all_sources[i].n;
    return n;
}

const struct report_source *report_source_at(size_t i)
{
    for (size_t k = 0; k < ARRAY_SIZE(all_sources); k++) {
        if (i < *all_sources[k].n)
            return &all_sources[k].v[i];
        i -= *all_sources[k].n;
    }
    return NULL;
}
