/*
 * Every dataset computed for a day and put through disclosure control
 * (suppress.h). Counts come from reports (reports_people_by_quarter,
 * reports_metric_values_each) and org's open view of centres: open data
 * reads no other module's tables. Each count table is a cube with a total
 * slot on every axis (the sums of the parts) and, for people, the line
 * "enrolled = women + men + other or unknown" in every slot. The split is
 * published in each row, so a hidden count is never the only hidden one of
 * its row's split. The totals are not published (distinct people are not
 * the sum of rows, DESIGN.md 6a "Reports", so a "total" row would be wrong
 * or another count to protect); they are cells of the table all the same,
 * so that small ones are treated as small and a hidden part's complement
 * along region, quarter or programme may be the (unpublished) total itself.
 * A deployment that publishes those totals elsewhere should say so here by
 * marking them known (suppress.h).
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "reports/reports.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The quarters published: from the first of January of last year to the end
 * of the last quarter that is over. A quarter still running is not
 * published: its counts would change from one daily snapshot to the next,
 * and the archive keeps both, so one subtraction would give the people who
 * enrolled on a given day, one or two of them (DESIGN.md 6a: no count from 1
 * to k-1 can be worked out). A finished quarter changes only when records
 * are corrected.
 */
struct quarters {
    const char **key;
    struct report_metric_period *period;
    size_t n;
    const char *from, *to;
};

static void quarters_of(struct arena *a, const char *day, struct quarters *q)
{
    static const char *const last[] = { "03-31", "06-30", "09-30", "12-31" };
    int y = atoi(day);
    size_t cap = 8;
    q->key = arena_alloc(a, cap * sizeof(*q->key));
    q->period = arena_alloc(a, cap * sizeof(*q->period));
    q->n = 0;
    q->from = arena_printf(a, "%04d-01-01", y - 1);
    q->to = arena_printf(a, "%04d-12-31", y - 2); /* nothing yet: before from */
    for (int yy = y - 1; yy <= y; yy++)
        for (int qq = 1; qq <= 4; qq++) {
            const char *end = arena_printf(a, "%04d-%s", yy, last[qq - 1]);
            if (strcmp(end, day) >= 0)
                return; /* this quarter is not over */
            q->key[q->n] = arena_printf(a, "%04d-Q%d", yy, qq);
            q->period[q->n] = (struct report_metric_period){
                arena_printf(a, "%04d-%02d-01", yy, (qq - 1) * 3 + 1), end };
            q->to = end;
            q->n++;
        }
}

static struct od_row *row_add(struct arena *a, struct od_table *t)
{
    if (t->nrows == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 64;
        struct od_row *more = arena_alloc(a, cap * sizeof(*more));
        if (t->nrows)
            memcpy(more, t->rows, t->nrows * sizeof(*more));
        t->rows = more;
        t->cap = cap;
    }
    struct od_row *row = &t->rows[t->nrows++];
    row->text = arena_zalloc(a, (t->ntext ? t->ntext : 1) * sizeof(*row->text));
    row->counts = arena_zalloc(a, (t->ncounts ? t->ncounts : 1) * sizeof(*row->counts));
    row->hidden = arena_zalloc(a, (t->ncounts ? t->ncounts : 1) * sizeof(*row->hidden));
    return row;
}

static void table_init(struct od_table *t, const struct od_dataset *ds)
{
    memset(t, 0, sizeof(*t));
    t->ds = ds;
    for (size_t i = 0; i < ds->ncolumns; i++) {
        if (ds->columns[i].type == OD_TEXT)
            t->ntext++;
        else if (ds->columns[i].type == OD_COUNT)
            t->ncounts++;
    }
}

static size_t index_of(const char *const *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] ? key && streq(v[i], key) : !key)
            return i;
    return SIZE_MAX;
}

/* ---- a cube of counts: measures x A x quarter x B, each axis with its total slot ---- */

struct cube {
    struct suppress_table t;
    size_t nm, na, nq, nb; /* parts per axis; nb 0: no B axis */
    size_t size;           /* cells per measure */
};

static size_t cube_at(const struct cube *c, size_t m, size_t ai, size_t qi, size_t bi)
{
    size_t db = c->nb ? c->nb + 1 : 1;
    return m * c->size + (ai * (c->nq + 1) + qi) * db + bi;
}

static void cube_init(struct cube *c, struct arena *a, size_t nm, size_t na, size_t nq,
                      size_t nb)
{
    c->nm = nm;
    c->na = na;
    c->nq = nq;
    c->nb = nb;
    c->size = (na + 1) * (nq + 1) * (nb ? nb + 1 : 1);
    suppress_table_init(&c->t, a, nm * c->size);
}

/*
 * Fill every total slot with the sum of its parts, then add the cube's lines.
 * Slots are walked with every index upward, so the parts a total sums (on
 * its last total axis) are filled before it: the grand total sums totals.
 */
static void cube_close(struct cube *c, bool sex_lines)
{
    size_t db = c->nb ? c->nb + 1 : 1;
    for (size_t m = 0; m < c->nm; m++) {
        for (size_t ai = 0; ai <= c->na; ai++)
            for (size_t qi = 0; qi <= c->nq; qi++)
                for (size_t bi = 0; bi < db; bi++) {
                    bool ta = ai == c->na, tq = qi == c->nq, tb = c->nb && bi == c->nb;
                    if (!ta && !tq && !tb)
                        continue;
                    /* a total slot: the sum over the innermost axis that is total */
                    int64_t sum = 0;
                    if (tb)
                        for (size_t k = 0; k < c->nb; k++)
                            sum += c->t.cells[cube_at(c, m, ai, qi, k)].value;
                    else if (tq)
                        for (size_t k = 0; k < c->nq; k++)
                            sum += c->t.cells[cube_at(c, m, ai, k, bi)].value;
                    else
                        for (size_t k = 0; k < c->na; k++)
                            sum += c->t.cells[cube_at(c, m, k, qi, bi)].value;
                    c->t.cells[cube_at(c, m, ai, qi, bi)].value = sum;
                }
    }
    size_t dims[3] = { c->na + 1, c->nq + 1, c->nb + 1 };
    for (size_t m = 0; m < c->nm; m++)
        suppress_cube_lines(&c->t, (uint32_t)(m * c->size), dims, c->nb ? 3 : 2);
    if (!sex_lines)
        return;
    /* measures 0 enrolled, 2 women, 3 men, 4 other: enrolled = women + men + other */
    for (size_t i = 0; i < c->size; i++) {
        uint32_t parts[3] = { (uint32_t)(2 * c->size + i), (uint32_t)(3 * c->size + i),
                              (uint32_t)(4 * c->size + i) };
        suppress_line_add(&c->t, (uint32_t)i, parts, 3);
    }
}

/*
 * A published cell of a row from its protected cell, counted for the page:
 * only what the files hold (the cube's totals are not published).
 */
static void cell_put(struct od_table *t, struct od_row *row, size_t i,
                     const struct suppress_cell *cell)
{
    row->hidden[i] = cell->state != SUPPRESS_SHOWN;
    row->counts[i] = row->hidden[i] ? 0 : cell->shown;
    t->hidden.cells++;
    t->hidden.primary += cell->state == SUPPRESS_PRIMARY;
    t->hidden.secondary += cell->state == SUPPRESS_SECONDARY;
}

/* ---- training by (region, programme) or topic, and quarter ---- */

static int people_table(struct db *db, struct arena *a, const struct quarters *q,
                        const struct report_dim *const *dims, size_t ndims, const char **akeys,
                        const char **anames, size_t na, bool with_names, int64_t k,
                        int64_t round, struct od_table *t)
{
    struct reports_people_cell *cells;
    size_t ncells, nb = 0;
    const char **bkeys = NULL;
    struct cube c;
    int rc;

    if ((rc = reports_people_by_quarter(db, a, dims, ndims, q->from, q->to, &cells,
                                        &ncells)) < 0)
        return rc;
    if (ndims == 2) {
        /* the programmes with people, by code, then "no programme" */
        bkeys = arena_alloc(a, (ncells + 1) * sizeof(*bkeys));
        bool none = false;
        for (size_t i = 0; i < ncells; i++) {
            if (!cells[i].key[1])
                none = true;
            else if (index_of(bkeys, nb, cells[i].key[1]) == SIZE_MAX)
                bkeys[nb++] = cells[i].key[1];
        }
        for (size_t i = 1; i < nb; i++)
            for (size_t j = i; j > 0 && strcmp(bkeys[j - 1], bkeys[j]) > 0; j--) {
                const char *x = bkeys[j];
                bkeys[j] = bkeys[j - 1];
                bkeys[j - 1] = x;
            }
        if (none || nb == 0)
            bkeys[nb++] = NULL;
    }
    cube_init(&c, a, 5, na, q->n, nb);
    for (size_t i = 0; i < ncells; i++) {
        size_t ai = index_of(akeys, na, cells[i].key[0]), qi = index_of(q->key, q->n,
                                                                        cells[i].quarter);
        size_t bi = ndims == 2 ? index_of(bkeys, nb, cells[i].key[1]) : 0;
        if (ai == SIZE_MAX || qi == SIZE_MAX || bi == SIZE_MAX)
            continue; /* no region (facts with no centre), or a topic no longer listed */
        const int64_t *e = cells[i].enrolled;
        int64_t v[5] = { e[REPORT_FEMALE] + e[REPORT_MALE] + e[REPORT_OTHER] + e[REPORT_UNKNOWN],
                         0, e[REPORT_FEMALE], e[REPORT_MALE],
                         e[REPORT_OTHER] + e[REPORT_UNKNOWN] };
        for (int s = 0; s < REPORT_NSEXES; s++)
            v[1] += cells[i].completed[s];
        for (size_t m = 0; m < 5; m++)
            c.t.cells[cube_at(&c, m, ai, qi, bi)].value = v[m];
    }
    cube_close(&c, true);
    /*
     * A quarter's total of each measure is public all the same: the other
     * people dataset (by topic, or by region) publishes the same people that
     * quarter, and where each took one course its shown cells add up to this
     * total. So it is known: a hidden cell's complement is then a published
     * cell, not only the unpublished total. A total under k cannot be worked
     * out that way (the other dataset hides every non-zero cell of that
     * quarter), and stays a cell like any other. The four totals of the split
     * (enrolled = women + men + other) are known together or not at all:
     * three known would give the fourth away, which a small one cannot be.
     */
    for (size_t qi = 0; qi < q->n; qi++) {
        struct suppress_cell *total[5];
        bool split_known = true;
        for (size_t m = 0; m < 5; m++) {
            total[m] = &c.t.cells[cube_at(&c, m, na, qi, nb)];
            if (m != 1 && total[m]->value < k)
                split_known = false;
        }
        for (size_t m = 0; m < 5; m++)
            total[m]->known = m == 1 ? total[m]->value >= k : split_known;
    }
    if (suppress_run(&c.t, k, round, NULL) < 0)
        return DARS_EINVALID;
    t->from = q->from;
    t->to = q->to;
    for (size_t ai = 0; ai < na; ai++)
        for (size_t qi = 0; qi < q->n; qi++)
            for (size_t bi = 0; bi < (nb ? nb : 1); bi++) {
                struct od_row *row = row_add(a, t);
                size_t n = 0;
                row->text[n++] = akeys[ai];
                if (with_names)
                    row->text[n++] = anames[ai];
                row->text[n++] = q->key[qi];
                if (nb)
                    row->text[n++] = bkeys[bi] ? bkeys[bi] : "";
                for (size_t m = 0; m < 5; m++)
                    cell_put(t, row, m, &c.t.cells[cube_at(&c, m, ai, qi, bi)]);
            }
    return 0;
}

/* ---- events by region and quarter ---- */

static int events_table(struct db *db, struct arena *a, const struct quarters *q,
                        const char **rkeys, const char **rnames, size_t nr, int64_t k,
                        int64_t round, struct od_table *t)
{
    static const char *const metrics[] = { "events_held", "event_participants" };
    size_t nask = 2 * nr;
    struct report_metric_ask *asks = arena_zalloc(a, (nask ? nask : 1) * sizeof(*asks));
    struct report_metric_value **values = arena_alloc(a, (nask ? nask : 1) * sizeof(*values));
    int *status = arena_zalloc(a, (nask ? nask : 1) * sizeof(*status));
    struct cube c;
    int rc;

    for (size_t r = 0; r < nr; r++) {
        for (size_t m = 0; m < 2; m++) {
            struct report_metric_filter *f = arena_alloc(a, sizeof(*f));
            *f = (struct report_metric_filter){ "region", rkeys[r] };
            asks[2 * r + m] = (struct report_metric_ask){ metrics[m], f, 1, 0, q->period, q->n,
                                                          false };
            values[2 * r + m] = arena_zalloc(a, (q->n + 1) * sizeof(**values));
        }
    }
    if (nask && (rc = reports_metric_values_each(db, a, asks, nask,
                                                 (struct report_metric_value *const *)values,
                                                 status)) < 0)
        return rc;
    /* a count that could not be made fails the run: a 0 in its place would be published */
    for (size_t i = 0; i < nask; i++)
        if (status[i])
            return DARS_EINVALID;
    /*
     * Both measures are protected: participants are people, and events held,
     * though not people, are a published count like any other (DESIGN.md 6a:
     * no published count lies in 1..k-1); an event's participants are
     * close to its people, and one event of three can be told apart.
     */
    cube_init(&c, a, 2, nr, q->n, 0);
    for (size_t r = 0; r < nr; r++)
        for (size_t qi = 0; qi < q->n; qi++)
            for (size_t m = 0; m < 2; m++)
                c.t.cells[cube_at(&c, m, r, qi, 0)].value = (int64_t)values[2 * r + m][qi].value;
    cube_close(&c, false);
    if (suppress_run(&c.t, k, round, NULL) < 0)
        return DARS_EINVALID;
    t->from = q->from;
    t->to = q->to;
    for (size_t r = 0; r < nr; r++)
        for (size_t qi = 0; qi < q->n; qi++) {
            struct od_row *row = row_add(a, t);
            row->text[0] = rkeys[r];
            row->text[1] = rnames[r];
            row->text[2] = q->key[qi];
            for (size_t m = 0; m < 2; m++)
                cell_put(t, row, m, &c.t.cells[cube_at(&c, m, r, qi, 0)]);
        }
    return 0;
}

/* ---- centres ---- */

static int centres_table(struct db *db, struct arena *a, struct od_table *t)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, od_centres_sql, DB_NOARGS);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct od_row *row = row_add(a, t);
        for (int i = 0; i < 5; i++)
            row->text[i] = arena_strdup(a, db_col_text(st, i));
        row->counts[0] = db_col_int(st, 5);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int od_compute(struct db *db, struct arena *a, const char *day, int64_t k, int64_t round,
               struct od_table *tables)
{
    struct quarters q;
    const char **rkeys, **rnames;
    size_t nr = 0, cap = 16, nt = 0;
    struct db_stmt *st;
    int rc;

    quarters_of(a, day, &q);
    rkeys = arena_alloc(a, cap * sizeof(*rkeys));
    rnames = arena_alloc(a, cap * sizeof(*rnames));
    if ((rc = db_query(db, &st, od_regions_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (nr == cap) {
            const char **k2 = arena_alloc(a, 2 * cap * sizeof(*k2));
            const char **n2 = arena_alloc(a, 2 * cap * sizeof(*n2));
            memcpy(k2, rkeys, nr * sizeof(*k2));
            memcpy(n2, rnames, nr * sizeof(*n2));
            rkeys = k2;
            rnames = n2;
            cap *= 2;
        }
        rkeys[nr] = arena_strdup(a, db_col_text(st, 0));
        rnames[nr++] = arena_strdup(a, db_col_text(st, 1));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    while (catalog_topics[nt])
        nt++;

    for (size_t i = 0; i < od_ndatasets; i++)
        table_init(&tables[i], &od_datasets[i]);
    const struct report_dim *by_region[] = { reports_dim("region"), reports_dim("programme") };
    const struct report_dim *by_topic[] = { &catalog_topic_report_dim };
    if ((rc = people_table(db, a, &q, by_region, 2, rkeys, rnames, nr, true, k, round,
                           &tables[0])) < 0 ||
        (rc = people_table(db, a, &q, by_topic, 1, (const char **)catalog_topics, NULL, nt,
                           false, k, round, &tables[1])) < 0 ||
        (rc = events_table(db, a, &q, rkeys, rnames, nr, k, round, &tables[2])) < 0 ||
        (rc = centres_table(db, a, &tables[3])) < 0)
        return rc;
    return 0;
}
