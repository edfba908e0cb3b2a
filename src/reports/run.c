/*
 * The figures of a report in one statement, whatever the data's size: the
 * registry's sources give the facts, the period table p says which instants
 * fall in the period (or in each month or quarter) in each centre's time
 * zone, and the dimensions group and filter them. Rows and totals come from
 * the same statement, the totals counted over the facts themselves so that
 * a person in two rows counts once. The questions asked most are answered
 * from the summary instead (cells.c), which holds the same figures counted
 * ahead; this statement remains for every other question and is what
 * `dars reports verify` checks the summary against.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "core/buf.h"
#include "core/time.h"
#include "db/db.h"
#include "org/org.h"
#include "view/fmt.h"
#include "core/i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the period in each zone ---- */

static int day_cmp(struct report_day a, struct report_day b)
{
    return a.y != b.y ? a.y - b.y : a.m != b.m ? a.m - b.m : a.d - b.d;
}

/* A month or quarter of the period (or the whole period): its key and days. */
struct bucket {
    const char *key;
    struct report_day first, end; /* end: the day after the last */
};

/* The buckets of q: one for the period, or each month or quarter it touches, clipped to it. */
static struct bucket *buckets_of(struct arena *a, const struct report_query *q, size_t *n)
{
    struct report_day from = report_day_of(q->from), end = report_day_after(report_day_of(q->to));
    bool month = streq(q->by->name, "month"), quarter = streq(q->by->name, "quarter");
    size_t cap = month ? 12 * REPORT_MAX_YEARS + 12 : quarter ? 4 * REPORT_MAX_YEARS + 4 : 1;
    struct bucket *v = arena_alloc(a, cap * sizeof(*v));
    *n = 0;
    if (!month && !quarter) {
        v[(*n)++] = (struct bucket){ "", from, end };
        return v;
    }
    int step = month ? 1 : 3;
    struct report_day start = { from.y, month ? from.m : (from.m - 1) / 3 * 3 + 1, 1 };
    while (day_cmp(start, end) < 0 && *n < cap) {
        struct report_day next = { start.y + (start.m + step > 12),
                                   (start.m + step - 1) % 12 + 1, 1 };
        struct bucket b = { month ? arena_printf(a, "%04d-%02d", start.y, start.m)
                                  : arena_printf(a, "%04d-Q%d", start.y, (start.m + 2) / 3),
                            day_cmp(start, from) < 0 ? from : start,
                            day_cmp(next, end) > 0 ? end : next };
        v[(*n)++] = b;
        start = next;
    }
    return v;
}

/* ---- the statement ---- */

struct plan {
    struct bucket *buckets;
    size_t nbuckets;
    const char **zones;
    size_t nzones;
};

/* WITH p (the period per zone and bucket) and f (the facts of every source). */
static void with_clause(struct report_sql *s, const struct plan *pl, const struct report_query *q)
{
    const char *lo = NULL, *hi = NULL;
    buf_adds(&s->sql, "WITH p (tz, bucket, lo, hi) AS (VALUES ");
    for (size_t z = 0; z < pl->nzones; z++) {
        for (size_t b = 0; b < pl->nbuckets; b++) {
            struct report_day first = pl->buckets[b].first, end = pl->buckets[b].end;
            const char *from = report_midnight(s->a, pl->zones[z], first.y, first.m, first.d);
            const char *to = report_midnight(s->a, pl->zones[z], end.y, end.m, end.d);
            buf_adds(&s->sql, z + b ? ", (?, ?, ?, ?)" : "(?, ?, ?, ?)");
            report_sql_arg(s, DB_TEXT(pl->zones[z]));
            report_sql_arg(s, DB_TEXT(pl->buckets[b].key));
            report_sql_arg(s, DB_TEXT(from));
            report_sql_arg(s, DB_TEXT(to));
            if (!lo || strcmp(from, lo) < 0)
                lo = from;
            if (!hi || strcmp(to, hi) > 0)
                hi = to;
        }
    }
    buf_adds(&s->sql, "), f (user_id, centre_id, course_id, at, kind, amount) AS (");
    enum report_need need = q->need ? q->need : REPORT_NEED_ALL;
    bool first = true;
    for (size_t i = 0, n = report_nsources(); i < n; i++) {
        if (!(report_source_at(i)->gives & need))
            continue;
        buf_adds(&s->sql, first ? "" : " UNION ALL ");
        first = false;
        report_sql_source(s, report_source_at(i), q, lo, hi, 0);
    }
    buf_adds(&s->sql, ") ");
}

/*
 * Whether the person of each fact must be joined: to group or filter by who
 * they are, or to name them. A figure counts people by their id alone.
 */
static bool needs_person(const struct report_query *q, const struct report_dim *by)
{
    bool need = by && by->person;
    for (size_t i = 0; i < q->nfilters; i++)
        need |= q->filters[i].dim->person;
    return need;
}

/* FROM the facts in the period, with their centre (and person), and the by dimension's joins. */
static void from_clause(struct report_sql *s, const struct report_query *q, const char *lang,
                        const struct report_dim *by, bool person)
{
    buf_adds(&s->sql, " FROM f" ORG_REPORT_PLACE_JOIN " JOIN p ON p.tz = " ORG_REPORT_ZONE
                      " AND f.at >= p.lo AND f.at < p.hi");
    if (person || needs_person(q, q->by))
        buf_adds(&s->sql, ACCOUNTS_REPORT_PERSON_JOIN);
    if (by)
        report_sql_frag(s, by->join, lang, q->to_year);
}

/* WHERE the filters hold (the reader's centres are each source's $SCOPE already). */
static void where_clause(struct report_sql *s, const struct report_query *q, const char *lang)
{
    buf_adds(&s->sql, " WHERE f.user_id NOT IN (" ACCOUNTS_REPORT_DELETED_SQL ")");
    for (size_t i = 0; i < q->nfilters; i++) {
        buf_adds(&s->sql, " AND ");
        report_sql_frag(s, q->filters[i].dim->filter, lang, q->to_year);
        report_sql_arg(s, DB_TEXT(q->filters[i].value));
    }
}

#define FIGURES                                                                              \
    " COUNT(DISTINCT CASE WHEN f.kind = " REPORT_ENROLLED " THEN f.user_id END),"           \
    " COUNT(DISTINCT CASE WHEN f.kind = " REPORT_COMPLETED " THEN f.user_id END),"          \
    " COALESCE(SUM(f.amount), 0),"                                                          \
    " COALESCE(SUM(CASE WHEN f.kind = " REPORT_ATTENDED " THEN 1 ELSE 0 END), 0),"          \
    " COALESCE(SUM(CASE WHEN f.kind IN (" REPORT_ATTENDED ", " REPORT_ABSENT ")"            \
    " THEN 1 ELSE 0 END), 0),"                                                              \
    " COUNT(DISTINCT CASE WHEN f.kind = " REPORT_CERTIFIED " THEN f.user_id END)"

static int plan_make(struct req *r, const struct report_query *q, struct plan *pl)
{
    pl->buckets = buckets_of(&r->arena, q, &pl->nbuckets);
    return report_zones(r->db, &r->arena, &pl->zones, &pl->nzones);
}

/* ---- rows in order ---- */

static size_t value_index(const struct report_dim *dim, const char *key)
{
    size_t i = 0;
    for (; dim->values && dim->values[i]; i++)
        if (key && streq(dim->values[i], key))
            return i;
    return i;
}

static int row_cmp(const struct report_dim *dim, const struct report_row *a,
                   const struct report_row *b)
{
    if (!a->key || !b->key)
        return (a->key == NULL) - (b->key == NULL);
    if (dim->values) {
        size_t ia = value_index(dim, a->key), ib = value_index(dim, b->key);
        if (ia != ib)
            return ia < ib ? -1 : 1;
    }
    return strcmp(a->key, b->key);
}

/* Rows in the dimension's order; an insertion sort, as there are few and qsort has no context. */
static void rows_sort(const struct report_dim *dim, struct report_row *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct report_row x = v[i];
        size_t j = i;
        for (; j > 0 && row_cmp(dim, &v[j - 1], &x) > 0; j--)
            v[j] = v[j - 1];
        v[j] = x;
    }
}

/* "2026-03": the month as the reader's language writes a date, without the day; "Q1 2026". */
static const char *bucket_label(struct req *r, const char *key)
{
    if (strchr(key, 'Q'))
        return arena_printf(&r->arena, "%s %.4s", key + 5, key);
    struct buf b = BUF_INIT;
    fmt_date(&b, r->lang, arena_printf(&r->arena, "%s-01", key));
    const char *space = strchr(b.ptr, ' ');
    const char *out = arena_strdup(&r->arena, space ? space + 1 : b.ptr);
    buf_release(&b);
    return out;
}

/* Month and quarter rows: every bucket of the period, in order, zeros where nothing happened. */
static void fill_buckets(struct req *r, const struct plan *pl, struct report_result *out)
{
    struct report_row *all = arena_zalloc(&r->arena, pl->nbuckets * sizeof(*all));
    for (size_t b = 0; b < pl->nbuckets; b++) {
        all[b].key = pl->buckets[b].key;
        for (size_t i = 0; i < out->nrows; i++)
            if (out->rows[i].key && streq(out->rows[i].key, all[b].key))
                all[b] = out->rows[i];
        all[b].label = bucket_label(r, all[b].key);
    }
    out->rows = all;
    out->nrows = pl->nbuckets;
}

/* The figures counted from the facts: the zones, then one statement. */
static int run_records(struct req *r, const struct report_query *q, struct plan *pl,
                       struct report_result *out)
{
    struct report_sql s = { &r->arena, BUF_INIT, NULL, 0, 0 };
    struct db_stmt *st;
    int rc;

    if ((rc = report_zones(r->db, &r->arena, &pl->zones, &pl->nzones)) < 0)
        return rc;
    with_clause(&s, pl, q);
    buf_adds(&s.sql, "SELECT 0, ");
    report_sql_frag(&s, q->by->key, r->lang, q->to_year);
    buf_adds(&s.sql, ", ");
    if (q->by->label) {
        buf_adds(&s.sql, "MIN(");
        report_sql_frag(&s, q->by->label, r->lang, q->to_year);
        buf_adds(&s.sql, ")");
    } else {
        buf_adds(&s.sql, "CAST(NULL AS TEXT)");
    }
    buf_adds(&s.sql, "," FIGURES);
    from_clause(&s, q, r->lang, q->by, false);
    where_clause(&s, q, r->lang);
    buf_adds(&s.sql, " GROUP BY 2 UNION ALL SELECT 1, CAST(NULL AS TEXT), CAST(NULL AS TEXT),"
                     FIGURES);
    from_clause(&s, q, r->lang, NULL, false);
    where_clause(&s, q, r->lang);

    rc = db_query_once(r->db, &st, s.sql.ptr, s.args, s.nargs);
    buf_release(&s.sql);
    return rc < 0 ? rc : report_rows_read(r, st, out);
}

static bool same_key(const char *a, const char *b)
{
    return a && b ? streq(a, b) : a == b;
}

/*
 * The summary holds no certificates: when it answered, people certified are
 * counted from the records apart (one more statement) and set on the rows by
 * key; a row only certificates have is added.
 */
static int certified_from_records(struct req *r, const struct report_query *q, struct plan *pl,
                                  struct report_result *out)
{
    struct report_query cq = *q;
    struct report_result c;
    int rc;

    cq.need = REPORT_NEED_CERTS;
    memset(&c, 0, sizeof(c));
    if ((rc = run_records(r, &cq, pl, &c)) < 0)
        return rc;
    out->totals.certified = c.totals.certified;
    /* what rows.c read is taken as full: a row only certificates have is copied out once */
    size_t cap = out->nrows;
    for (size_t i = 0; i < c.nrows; i++) {
        size_t j = 0;
        while (j < out->nrows && !same_key(out->rows[j].key, c.rows[i].key))
            j++;
        if (j == out->nrows) {
            out->rows = arena_grow(&r->arena, out->rows, out->nrows, &cap, sizeof(*out->rows));
            out->rows[out->nrows++] =
                (struct report_row){ .key = c.rows[i].key, .label = c.rows[i].label };
        }
        out->rows[j].certified = c.rows[i].certified;
    }
    return 0;
}

int report_run(struct req *r, const struct report_query *q, struct report_result *out)
{
    struct plan pl = { NULL, 0, NULL, 0 };
    bool answered = false;
    int rc;

    memset(out, 0, sizeof(*out));
    pl.buckets = buckets_of(&r->arena, q, &pl.nbuckets);
    if (!q->from_records && (rc = report_run_cells(r, q, out, &answered)) < 0)
        return rc;
    if (!answered && (rc = run_records(r, q, &pl, out)) < 0)
        return rc;
    if (answered && (!q->need || (q->need & REPORT_NEED_CERTS)) &&
        (rc = certified_from_records(r, q, &pl, out)) < 0)
        return rc;
    out->totals.label = _(r->lang, "Total");
    if (streq(q->by->name, "month") || streq(q->by->name, "quarter")) {
        fill_buckets(r, &pl, out);
        return 0;
    }
    for (size_t i = 0; i < out->nrows; i++) {
        struct report_row *row = &out->rows[i];
        if (!row->key || !q->by->label)
            row->label = report_value_label(r->lang, q->by, row->key);
        else if (!row->label || !*row->label)
            row->label = row->key;
    }
    rows_sort(q->by, out->rows, out->nrows);
    return 0;
}

int report_people(struct req *r, const struct report_query *q, const char *metric, bool has_key,
                  const char *key, int64_t page, struct report_person **people, size_t *n,
                  bool *more)
{
    struct report_sql s = { &r->arena, BUF_INIT, NULL, 0, 0 };
    struct plan pl;
    struct db_stmt *st;
    int rc;

    *people = arena_alloc(&r->arena, (REPORT_PEOPLE_PAGE + 1) * sizeof(**people));
    *n = 0;
    *more = false;
    if ((rc = plan_make(r, q, &pl)) < 0)
        return rc;
    with_clause(&s, &pl, q);
    buf_adds(&s.sql, "SELECT u.full_name, u.email");
    from_clause(&s, q, r->lang, has_key ? q->by : NULL, true);
    where_clause(&s, q, r->lang);
    buf_adds(&s.sql, streq(metric, "completed")   ? " AND f.kind = " REPORT_COMPLETED
                     : streq(metric, "certified") ? " AND f.kind = " REPORT_CERTIFIED
                                                  : " AND f.kind = " REPORT_ENROLLED);
    if (has_key) {
        buf_adds(&s.sql, " AND ");
        report_sql_frag(&s, q->by->key, r->lang, q->to_year);
        if (key) {
            buf_adds(&s.sql, " = ?");
            report_sql_arg(&s, DB_TEXT(key));
        } else {
            buf_adds(&s.sql, " IS NULL");
        }
    }
    buf_adds(&s.sql, " GROUP BY u.id, u.full_name, u.email ORDER BY u.full_name, u.email, u.id"
                     " LIMIT ? OFFSET ?");
    report_sql_arg(&s, DB_INT(REPORT_PEOPLE_PAGE + 1));
    report_sql_arg(&s, DB_INT((page - 1) * REPORT_PEOPLE_PAGE));
    rc = db_query_once(r->db, &st, s.sql.ptr, s.args, s.nargs);
    buf_release(&s.sql);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (*n == REPORT_PEOPLE_PAGE) {
            *more = true;
            continue;
        }
        (*people)[(*n)++] = (struct report_person){ arena_strdup(&r->arena, db_col_text(st, 0)),
                                                    arena_strdup(&r->arena, db_col_text(st, 1)) };
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
