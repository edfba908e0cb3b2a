/*
 * People by quarter and by one or two dimensions at once, split by sex, for
 * open data (reports_people_by_quarter, reports.h): the same facts, days and
 * distinct people as a report (run.c), grouped by more than a report's one
 * `by`. One statement after the zones: a report's period table with a row
 * per zone and quarter, the people sources, the dimensions' joins.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "core/buf.h"
#include "db/db.h"
#include "org/org.h"

#include <stdio.h>
#include <string.h>

const struct report_dim *reports_dim(const char *name)
{
    return report_dim_find(name);
}

/* The quarters from from's to to's, each clipped to [from, to]: first day and the day after. */
struct quarter {
    const char *key;
    struct report_day first, end;
};

static int day_cmp(struct report_day a, struct report_day b)
{
    return a.y != b.y ? a.y - b.y : a.m != b.m ? a.m - b.m : a.d - b.d;
}

static struct quarter *quarters_of(struct arena *a, const char *from_s, const char *to_s,
                                   size_t *n)
{
    struct report_day from = report_day_of(from_s), end = report_day_after(report_day_of(to_s));
    size_t cap = 4 * REPORT_MAX_YEARS + 4;
    struct quarter *v = arena_alloc(a, cap * sizeof(*v));
    struct report_day start = { from.y, (from.m - 1) / 3 * 3 + 1, 1 };
    *n = 0;
    while (day_cmp(start, end) < 0 && *n < cap) {
        struct report_day next = { start.y + (start.m + 3 > 12), (start.m + 2) % 12 + 1, 1 };
        v[(*n)++] = (struct quarter){ arena_printf(a, "%04d-Q%d", start.y, (start.m + 2) / 3),
                                      day_cmp(start, from) < 0 ? from : start,
                                      day_cmp(next, end) > 0 ? end : next };
        start = next;
    }
    return v;
}

static enum report_sex sex_of(const char *key)
{
    return streq(key, "female") ? REPORT_FEMALE
           : streq(key, "male") ? REPORT_MALE
           : streq(key, "other") ? REPORT_OTHER
                                 : REPORT_UNKNOWN;
}

static bool same(const char *a, const char *b)
{
    return a && b ? streq(a, b) : a == b;
}

int reports_people_by_quarter(struct db *db, struct arena *a,
                              const struct report_dim *const *dims, size_t ndims,
                              const char *from, const char *to,
                              struct reports_people_cell **cells, size_t *n)
{
    struct report_sql s = { a, BUF_INIT, NULL, 0, 0 };
    const struct report_dim *gender = report_dim_find("gender");
    const char **zones, *lo = NULL, *hi = NULL;
    struct quarter *qs;
    size_t nzones, nq, cap = 64;
    struct db_stmt *st;
    int year, rc;

    *cells = NULL;
    *n = 0;
    if (ndims < 1 || ndims > 2 || !gender)
        return DARS_EINVALID;
    for (size_t i = 0; i < ndims; i++)
        if (!dims[i] || !dims[i]->key)
            return DARS_EINVALID;
    qs = quarters_of(a, from, to, &nq);
    year = report_day_of(to).y;
    if ((rc = report_zones(db, a, &zones, &nzones)) < 0)
        return rc;

    buf_adds(&s.sql, "WITH p (tz, bucket, lo, hi) AS (VALUES ");
    for (size_t z = 0; z < nzones; z++) {
        for (size_t q = 0; q < nq; q++) {
            const char *l = report_midnight(a, zones[z], qs[q].first.y, qs[q].first.m,
                                            qs[q].first.d);
            const char *h = report_midnight(a, zones[z], qs[q].end.y, qs[q].end.m, qs[q].end.d);
            buf_adds(&s.sql, z + q ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)");
            report_sql_arg(&s, DB_TEXT(zones[z]));
            report_sql_arg(&s, DB_TEXT(qs[q].key));
            report_sql_arg(&s, DB_TEXT(l));
            report_sql_arg(&s, DB_TEXT(h));
            if (!lo || strcmp(l, lo) < 0)
                lo = l;
            if (!hi || strcmp(h, hi) > 0)
                hi = h;
        }
    }
    buf_adds(&s.sql, "), f (user_id, centre_id, course_id, at, kind, amount) AS (");
    bool first = true;
    for (size_t i = 0, ns = report_nsources(); i < ns; i++) {
        if (!(report_source_at(i)->gives & REPORT_NEED_PEOPLE))
            continue;
        buf_adds(&s.sql, first ? "" : " UNION ALL ");
        first = false;
        report_sql_source(&s, report_source_at(i), NULL, lo, hi, 0);
    }
    buf_adds(&s.sql, ") SELECT ");
    for (size_t i = 0; i < 2; i++) {
        if (i < ndims)
            report_sql_frag(&s, dims[i]->key, "en", year);
        else
            buf_adds(&s.sql, "CAST(NULL AS TEXT)");
        buf_adds(&s.sql, ", ");
    }
    if (dims[0]->label) {
        buf_adds(&s.sql, "MIN(");
        report_sql_frag(&s, dims[0]->label, "en", year);
        buf_adds(&s.sql, ")");
    } else {
        buf_adds(&s.sql, "CAST(NULL AS TEXT)");
    }
    buf_adds(&s.sql, ", p.bucket, ");
    report_sql_frag(&s, gender->key, "en", year);
    buf_adds(&s.sql, ", COUNT(DISTINCT CASE WHEN f.kind = " REPORT_ENROLLED " THEN f.user_id END),"
                     " COUNT(DISTINCT CASE WHEN f.kind = " REPORT_COMPLETED
                     " THEN f.user_id END) FROM f" ORG_REPORT_PLACE_JOIN
                     " JOIN p ON p.tz = " ORG_REPORT_ZONE " AND f.at >= p.lo AND f.at < p.hi"
                     ACCOUNTS_REPORT_PERSON_JOIN);
    report_sql_frag(&s, gender->join, "en", year);
    for (size_t i = 0; i < ndims; i++)
        report_sql_frag(&s, dims[i]->join, "en", year);
    buf_adds(&s.sql, " WHERE f.user_id NOT IN (" ACCOUNTS_REPORT_DELETED_SQL ")"
                     " GROUP BY 1, 2, 4, 5 ORDER BY 1, 2, 4");

    rc = db_query_once(db, &st, s.sql.ptr, s.args, s.nargs);
    buf_release(&s.sql);
    if (rc < 0)
        return rc;
    *cells = arena_alloc(a, cap * sizeof(**cells));
    while ((rc = db_step(st)) == DB_ROW) {
        const char *k0 = db_col_is_null(st, 0) ? NULL : db_col_text(st, 0);
        const char *k1 = db_col_is_null(st, 1) ? NULL : db_col_text(st, 1);
        const char *quarter = db_col_text(st, 3);
        struct reports_people_cell *c = *n ? &(*cells)[*n - 1] : NULL;
        /* rows come ordered by keys and quarter, the sexes of a cell together */
        if (!c || !same(c->key[0], k0) || !same(c->key[1], k1) || !streq(c->quarter, quarter)) {
            if (*n == cap) {
                struct reports_people_cell *more = arena_alloc(a, 2 * cap * sizeof(*more));
                memcpy(more, *cells, cap * sizeof(*more));
                *cells = more;
                cap *= 2;
            }
            c = &(*cells)[(*n)++];
            memset(c, 0, sizeof(*c));
            c->key[0] = k0 ? arena_strdup(a, k0) : NULL;
            c->key[1] = k1 ? arena_strdup(a, k1) : NULL;
            c->label = db_col_is_null(st, 2) ? NULL : arena_strdup(a, db_col_text(st, 2));
            c->quarter = arena_strdup(a, quarter);
        }
        enum report_sex sex = sex_of(db_col_text(st, 4));
        c->enrolled[sex] += db_col_int(st, 5);
        c->completed[sex] += db_col_int(st, 6);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
