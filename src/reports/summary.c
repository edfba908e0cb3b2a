/*
 * The summary tables of reports (migration 0024), kept exact in the writing
 * transaction, so that the default report and the dashboard read a handful
 * of counts however many facts there are (cells.c reads them).
 *
 * Triggers mark a person stale whenever one of their facts may have changed
 * (an enrolment, a lesson done, an attendance mark, or the course, cohort,
 * session, lesson, centre or person those facts hang on). Before the
 * transaction commits, db_tx_commit() calls the hook below, which recounts
 * each stale person:
 *
 *   - their facts, from the registry's sources for them alone, become parts:
 *     per centre and local month, whether they enrolled or completed there
 *     and their minutes and attendance marks;
 *   - the parts give the person's cells (their centre, its region and the
 *     country, each per year, quarter and month): in each they count as one
 *     person, one enrolled and one completed at most, plus their sums;
 *   - the cells of the parts stored when they were last counted are taken
 *     away and the new ones added, and the new parts are stored.
 *
 * So a count is always the sum over people of what each adds now, whatever
 * was withdrawn, undone, moved or deleted since. The cells' changes are
 * gathered per drain and written in key order, so that concurrent writers on
 * PostgreSQL lock them in the same order.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "accounts/accounts.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "org/org.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- statements ---- */

static const char stale_all_sql[] = "DELETE FROM report_stale RETURNING user_id";
static const char stale_some_sql[] =
    "DELETE FROM report_stale WHERE user_id IN"
    " (SELECT user_id FROM report_stale ORDER BY user_id LIMIT ?) RETURNING user_id";
static const char stale_any_sql[] = "SELECT user_id FROM report_stale LIMIT 1";
static const char stale_count_sql[] = "SELECT COUNT(*) FROM report_stale";
static const char parts_get_sql[] = "SELECT parts FROM report_people WHERE user_id = ?";
static const char parts_put_sql[] =
    "INSERT INTO report_people (user_id, parts) VALUES (?, ?)"
    " ON CONFLICT (user_id) DO UPDATE SET parts = excluded.parts";
static const char parts_drop_sql[] = "DELETE FROM report_people WHERE user_id = ?";
/*
 * Everyone live is recounted: which people have facts is the sources' to
 * know, and someone without any costs a look that finds nothing. The deleted
 * count nowhere, so they are left out.
 */
static const char rebuild_sql[] =
    "DELETE FROM report_cells; DELETE FROM report_people; DELETE FROM report_stale;"
    " INSERT INTO report_stale (user_id)"
    " SELECT p.id FROM " ACCOUNTS_PEOPLE_SQL " p WHERE p.deleted_at IS NULL";

/* cells written per statement; the rest one by one */
#define CELLS_PER_STATEMENT 64
#define CELL_COLS "(level, unit, period, people, enrolled, completed, minutes, attended, marked)"
#define CELL_VALUES "(?, ?, ?, ?, ?, ?, ?, ?, ?)"
#define CELL_UPSERT                                                                      \
    " ON CONFLICT (level, unit, period) DO UPDATE SET"                                    \
    " people = report_cells.people + excluded.people,"                                    \
    " enrolled = report_cells.enrolled + excluded.enrolled,"                              \
    " completed = report_cells.completed + excluded.completed,"                           \
    " minutes = report_cells.minutes + excluded.minutes,"                                 \
    " attended = report_cells.attended + excluded.attended,"                              \
    " marked = report_cells.marked + excluded.marked"
static const char cell_one_sql[] =
    "INSERT INTO report_cells " CELL_COLS " VALUES " CELL_VALUES CELL_UPSERT;

/*
 * Built once from the registry and kept for the process, so that the
 * statement cache (keyed by the text's address) prepares each once.
 */
static struct {
    pthread_once_t once;
    char *facts_sql;           /* one person's facts, every source, all time */
    struct db_arg *facts_args; /* its arguments; the integers are the person */
    size_t nfacts_args;
    char *cells_sql; /* CELLS_PER_STATEMENT cells in one upsert */
} stmts = { PTHREAD_ONCE_INIT, NULL, NULL, 0, NULL };

static void stmts_build(void)
{
    struct arena a = ARENA_INIT;
    struct report_sql s = { &a, BUF_INIT, NULL, 0, 0 };
    /*
     * Any instant as stored lies in ['0', 'A'): the sources' period bounds.
     * The deleted are left out as the reports leave them out.
     */
    buf_adds(&s.sql, "SELECT f.centre_id, f.at, f.kind, f.amount FROM (");
    bool first = true;
    for (size_t i = 0, n = report_nsources(); i < n; i++) {
        /* certificates are no cell's figure: reports count them from the records (run.c) */
        if (!(report_source_at(i)->gives & (REPORT_NEED_PEOPLE | REPORT_NEED_TIME)))
            continue;
        buf_adds(&s.sql, first ? "" : " UNION ALL ");
        first = false;
        report_sql_source(&s, report_source_at(i), NULL, "0", "A", 1);
    }
    buf_adds(&s.sql, ") f WHERE f.user_id NOT IN (" ACCOUNTS_REPORT_DELETED_SQL ")");
    stmts.facts_sql = buf_detach(&s.sql, NULL);
    stmts.nfacts_args = s.nargs;
    stmts.facts_args = xcalloc(s.nargs ? s.nargs : 1, sizeof(*stmts.facts_args));
    for (size_t i = 0; i < s.nargs; i++) {
        stmts.facts_args[i] = s.args[i];
        if (s.args[i].type == DB_T_TEXT) /* "0" and "A": literals, which outlive the arena */
            stmts.facts_args[i].s = streq(s.args[i].s, "0") ? "0" : "A";
    }
    struct buf c = BUF_INIT;
    buf_adds(&c, "INSERT INTO report_cells " CELL_COLS " VALUES ");
    for (int i = 0; i < CELLS_PER_STATEMENT; i++)
        buf_adds(&c, i ? ", " CELL_VALUES : CELL_VALUES);
    buf_adds(&c, CELL_UPSERT);
    stmts.cells_sql = buf_detach(&c, NULL);
    arena_release(&a);
}

/* ---- levels, periods and places ---- */

static const char *const level_names[] = { "centre", "region", "country" };

const char *report_level_name(int level)
{
    return level_names[level];
}

/* The month of a period that is one (report_period_text says how periods are numbered). */
static int month_of(int period)
{
    return period % 100;
}

struct place {
    int64_t id, region;
    const char *tz; /* interned: one pointer per zone */
};

/* The first instant of a local month in a zone, as stored: looked up once per drain. */
struct month_start {
    const char *tz;
    int month; /* y * 100 + m */
    char at[24];
};

struct drain {
    struct db *db;
    struct arena *a;
    struct place *places;
    size_t nplaces;
    const char **zones;
    size_t nzones, zones_cap;
    struct month_start *starts; /* open addressing, nstarts_cap a power of two */
    size_t nstarts, nstarts_cap;
    struct report_cellmap cells; /* the changes of every person recounted */
};

static const char *zone_intern(struct drain *d, const char *tz)
{
    for (size_t i = 0; i < d->nzones; i++)
        if (streq(d->zones[i], tz))
            return d->zones[i];
    d->zones = arena_grow(d->a, d->zones, d->nzones, &d->zones_cap, sizeof(*d->zones));
    d->zones[d->nzones] = arena_strdup(d->a, tz);
    return d->zones[d->nzones++];
}

static int places_load(struct drain *d)
{
    struct db_stmt *st;
    size_t cap = 0;
    int rc = db_query(d->db, &st, ORG_REPORT_PLACES_SQL, DB_NOARGS);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        d->places = arena_grow(d->a, d->places, d->nplaces, &cap, sizeof(*d->places));
        d->places[d->nplaces++] = (struct place){ db_col_int(st, 0), db_col_int(st, 1),
                                                  zone_intern(d, db_col_text(st, 2)) };
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static const struct place *place_find(const struct drain *d, int64_t id)
{
    for (size_t i = 0; i < d->nplaces; i++)
        if (d->places[i].id == id)
            return &d->places[i];
    return NULL;
}

static const char *month_start(struct drain *d, const char *tz, int month)
{
    if (d->nstarts * 2 >= d->nstarts_cap) {
        struct month_start *old = d->starts;
        size_t oldcap = d->nstarts_cap;
        d->nstarts_cap = oldcap ? 2 * oldcap : 256;
        d->starts = arena_zalloc(d->a, d->nstarts_cap * sizeof(*d->starts));
        d->nstarts = 0;
        for (size_t i = 0; i < oldcap; i++) {
            if (!old[i].tz)
                continue;
            size_t h = ((uintptr_t)old[i].tz / 16 + (size_t)old[i].month * 31) &
                       (d->nstarts_cap - 1);
            while (d->starts[h].tz)
                h = (h + 1) & (d->nstarts_cap - 1);
            d->starts[h] = old[i];
            d->nstarts++;
        }
    }
    size_t h = ((uintptr_t)tz / 16 + (size_t)month * 31) & (d->nstarts_cap - 1);
    while (d->starts[h].tz) {
        if (d->starts[h].tz == tz && d->starts[h].month == month)
            return d->starts[h].at;
        h = (h + 1) & (d->nstarts_cap - 1);
    }
    struct month_start *m = &d->starts[h];
    m->tz = tz;
    m->month = month;
    snprintf(m->at, sizeof(m->at), "%s",
             report_midnight(d->a, tz, month / 100, month % 100, 1));
    d->nstarts++;
    return m->at;
}

static int month_next(int month)
{
    return month % 100 == 12 ? (month / 100 + 1) * 100 + 1 : month + 1;
}

static int month_prev(int month)
{
    return month % 100 == 1 ? (month / 100 - 1) * 100 + 12 : month - 1;
}

/*
 * The local month of an instant as stored ("2026-03-31T21:30:00Z"): that of
 * its UTC day, or the one before or after (zones are less than a day away).
 */
static int local_month(struct drain *d, const char *tz, const char *at)
{
    int y = 0, m = 0;
    if (sscanf(at, "%4d-%2d", &y, &m) != 2 || m < 1 || m > 12)
        return 0;
    int month = y * 100 + m;
    if (streq(tz, "UTC"))
        return month;
    if (strcmp(at, month_start(d, tz, month_next(month))) >= 0)
        return month_next(month);
    if (strcmp(at, month_start(d, tz, month)) < 0)
        return month_prev(month);
    return month;
}

/* ---- a map of cells ---- */

static size_t cell_hash(const struct report_cellmap *m, int level, int64_t unit, int period)
{
    uint64_t h = (uint64_t)unit * 0x9E3779B97F4A7C15u ^ (uint64_t)period * 31 ^ (uint64_t)level;
    h ^= h >> 29;
    return (size_t)h & (m->cap - 1);
}

struct report_cell *report_cell_get(struct report_cellmap *m, int level, int64_t unit,
                                    int period)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct report_cell *old = m->v;
        size_t oldcap = m->cap;
        m->cap = oldcap ? 2 * oldcap : 64;
        m->v = arena_zalloc(m->a, m->cap * sizeof(*m->v));
        m->n = 0;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].used)
                *report_cell_get(m, old[i].level, old[i].unit, old[i].period) = old[i];
    }
    size_t h = cell_hash(m, level, unit, period);
    while (m->v[h].used) {
        struct report_cell *c = &m->v[h];
        if (c->level == level && c->unit == unit && c->period == period)
            return c;
        h = (h + 1) & (m->cap - 1);
    }
    struct report_cell *c = &m->v[h];
    c->used = true;
    c->level = level;
    c->unit = unit;
    c->period = period;
    m->n++;
    return c;
}

/* ---- a person's parts ---- */

struct part {
    int64_t centre, region; /* 0: none */
    int month;              /* y * 100 + m, local */
    int enrolled, completed;
    int64_t minutes, attended, marked;
};

struct parts {
    struct part *v;
    size_t n, cap;
};

static struct part *part_get(struct arena *a, struct parts *p, int64_t centre, int64_t region,
                             int month)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i].centre == centre && p->v[i].month == month)
            return &p->v[i];
    p->v = arena_grow(a, p->v, p->n, &p->cap, sizeof(*p->v));
    struct part *x = &p->v[p->n++];
    memset(x, 0, sizeof(*x));
    x->centre = centre;
    x->region = region;
    x->month = month;
    return x;
}

static int part_cmp(const void *a, const void *b)
{
    const struct part *x = a, *y = b;
    if (x->centre != y->centre)
        return x->centre < y->centre ? -1 : 1;
    return x->month - y->month;
}

/* The stored form: "centre region month enrolled completed minutes attended marked\n" each. */
static const char *parts_text(struct arena *a, struct parts *p)
{
    struct buf b = BUF_INIT;
    if (p->n)
        qsort(p->v, p->n, sizeof(*p->v), part_cmp);
    for (size_t i = 0; i < p->n; i++) {
        const struct part *x = &p->v[i];
        buf_addf(&b, "%lld %lld %d %d %d %lld %lld %lld\n", (long long)x->centre,
                 (long long)x->region, x->month, x->enrolled, x->completed,
                 (long long)x->minutes, (long long)x->attended, (long long)x->marked);
    }
    const char *out = arena_strdup(a, b.ptr ? b.ptr : "");
    buf_release(&b);
    return out;
}

static void parts_read(struct arena *a, const char *text, struct parts *p)
{
    long long centre, region, minutes, attended, marked;
    int month, enrolled, completed, used;
    while (sscanf(text, "%lld %lld %d %d %d %lld %lld %lld\n%n", &centre, &region, &month,
                  &enrolled, &completed, &minutes, &attended, &marked, &used) == 8) {
        struct part *x = part_get(a, p, centre, region, month);
        *x = (struct part){ centre, region, month, enrolled, completed, minutes, attended,
                            marked };
        text += used;
    }
}

/*
 * Add sign times what the parts make in each cell to m: one person, enrolled
 * and completed at most once per cell, the sums as they are.
 */
static void parts_to_cells(struct arena *a, const struct parts *p, int sign,
                           struct report_cellmap *m)
{
    struct report_cellmap mine = { a, NULL, 0, 0 };
    for (size_t i = 0; i < p->n; i++) {
        const struct part *x = &p->v[i];
        int y = x->month / 100, mo = month_of(x->month);
        int periods[] = { y * 100, y * 100 + 20 + (mo + 2) / 3, x->month };
        int64_t units[] = { x->centre, x->region, 0 };
        for (int l = 0; l < REPORT_LEVELS; l++) {
            for (size_t k = 0; k < ARRAY_SIZE(periods); k++) {
                struct report_cell *c = report_cell_get(&mine, l, units[l], periods[k]);
                c->v[REPORT_FIG_PEOPLE] = 1;
                c->v[REPORT_FIG_ENROLLED] |= x->enrolled;
                c->v[REPORT_FIG_COMPLETED] |= x->completed;
                c->v[REPORT_FIG_MINUTES] += x->minutes;
                c->v[REPORT_FIG_ATTENDED] += x->attended;
                c->v[REPORT_FIG_MARKED] += x->marked;
            }
        }
    }
    for (size_t i = 0; i < mine.cap; i++) {
        if (!mine.v[i].used)
            continue;
        struct report_cell *c = report_cell_get(m, mine.v[i].level, mine.v[i].unit,
                                                mine.v[i].period);
        for (int f = 0; f < REPORT_NFIGS; f++)
            c->v[f] += sign * mine.v[i].v[f];
    }
}

/* ---- recounting ---- */

static int facts_read(struct drain *d, int64_t user, struct parts *p)
{
    struct db_arg *args = arena_alloc(d->a, (stmts.nfacts_args + 1) * sizeof(*args));
    struct db_stmt *st;
    int rc;
    for (size_t i = 0; i < stmts.nfacts_args; i++)
        args[i] = stmts.facts_args[i].type == DB_T_INT ? DB_INT(user) : stmts.facts_args[i];
    if ((rc = db_query(d->db, &st, stmts.facts_sql, args, stmts.nfacts_args)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t centre = db_col_is_null(st, 0) ? 0 : db_col_int(st, 0);
        const struct place *pl = centre ? place_find(d, centre) : NULL;
        int month = local_month(d, pl ? pl->tz : "UTC", db_col_text(st, 1));
        if (!month)
            continue; /* not an instant as stored: no period can hold it */
        struct part *x = part_get(d->a, p, centre, pl ? pl->region : 0, month);
        const char *kind = db_col_text(st, 2);
        int64_t amount = db_col_int(st, 3);
        x->minutes += amount;
        if (streq(kind, "enrolled"))
            x->enrolled = 1;
        else if (streq(kind, "completed"))
            x->completed = 1;
        else if (streq(kind, "attended") || streq(kind, "absent"))
            x->marked++;
        if (streq(kind, "attended"))
            x->attended++;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static int recount(struct drain *d, int64_t user)
{
    struct parts old = { NULL, 0, 0 }, now = { NULL, 0, 0 };
    const char *old_text = "", *now_text;
    struct db_stmt *st;
    int rc = db_query_row(d->db, &st, parts_get_sql, DB_ARGS(DB_INT(user)));
    if (rc == 0) {
        old_text = arena_strdup(d->a, db_col_text(st, 0));
        db_done(st);
    } else if (rc != DARS_ENOTFOUND) {
        return rc;
    }
    if ((rc = facts_read(d, user, &now)) < 0)
        return rc;
    now_text = parts_text(d->a, &now);
    if (streq(old_text, now_text))
        return 0;
    parts_read(d->a, old_text, &old);
    parts_to_cells(d->a, &old, -1, &d->cells);
    parts_to_cells(d->a, &now, 1, &d->cells);
    if (!*now_text)
        return db_exec(d->db, parts_drop_sql, DB_ARGS(DB_INT(user)));
    return db_exec(d->db, parts_put_sql, DB_ARGS(DB_INT(user), DB_TEXT(now_text)));
}

static int cell_cmp(const void *a, const void *b)
{
    const struct report_cell *x = a, *y = b;
    if (x->level != y->level)
        return x->level - y->level;
    if (x->unit != y->unit)
        return x->unit < y->unit ? -1 : 1;
    return x->period - y->period;
}

static void cell_args(struct arena *a, const struct report_cell *c, struct db_arg *args)
{
    args[0] = DB_TEXT(report_level_name(c->level));
    args[1] = DB_INT(c->unit);
    args[2] = DB_TEXT(report_period_text(a, c->period));
    for (int f = 0; f < REPORT_NFIGS; f++)
        args[3 + f] = DB_INT(c->v[f]);
}

/* Write the gathered changes, in key order; cells that did not change are left alone. */
static int cells_flush(struct drain *d)
{
    struct report_cell *v = arena_alloc(d->a, (d->cells.n + 1) * sizeof(*v));
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < d->cells.cap; i++) {
        const struct report_cell *c = &d->cells.v[i];
        bool changed = false;
        for (int f = 0; c->used && f < REPORT_NFIGS; f++)
            changed |= c->v[f] != 0;
        if (changed)
            v[n++] = *c;
    }
    if (n)
        qsort(v, n, sizeof(*v), cell_cmp);
    enum { COLS = 3 + REPORT_NFIGS };
    struct db_arg args[CELLS_PER_STATEMENT * COLS];
    size_t i = 0;
    for (; i + CELLS_PER_STATEMENT <= n && rc == 0; i += CELLS_PER_STATEMENT) {
        for (size_t k = 0; k < CELLS_PER_STATEMENT; k++)
            cell_args(d->a, &v[i + k], &args[k * COLS]);
        rc = db_exec(d->db, stmts.cells_sql, args, ARRAY_SIZE(args));
    }
    for (; i < n && rc == 0; i++) {
        cell_args(d->a, &v[i], args);
        rc = db_exec(d->db, cell_one_sql, args, COLS);
    }
    return rc;
}

/* Recount those marked stale (at most limit; 0: all), in the caller's transaction. */
static int drain(struct db *db, int64_t limit, size_t *done)
{
    struct arena a = ARENA_INIT;
    struct drain d = { .db = db, .a = &a, .cells = { &a, NULL, 0, 0 } };
    int64_t *ids;
    size_t n;
    int rc;

    pthread_once(&stmts.once, stmts_build);
    rc = limit ? db_query_ids(db, &a, stale_some_sql, DB_ARGS(DB_INT(limit)), &ids, &n)
               : db_query_ids(db, &a, stale_all_sql, DB_NOARGS, &ids, &n);
    if (rc < 0 || n == 0)
        goto out;
    if ((rc = places_load(&d)) < 0)
        goto out;
    for (size_t i = 0; i < n && rc >= 0; i++)
        rc = recount(&d, ids[i]);
    if (rc >= 0)
        rc = cells_flush(&d);
out:
    if (done)
        *done = rc < 0 ? 0 : n;
    arena_release(&a);
    return rc < 0 ? rc : 0;
}

/* ---- when ---- */

/* set while catching up, whose batches commit themselves, and during a bulk load */
static _Thread_local bool catching_up;

static int before_commit(struct db *db)
{
    return catching_up ? 0 : drain(db, 0, NULL);
}

void reports_hold(bool on)
{
    catching_up = on;
}

void reports_init(void)
{
    pthread_once(&stmts.once, stmts_build);
    db_set_commit_hook(before_commit);
}

int report_summary_fresh(struct db *db)
{
    int64_t any;
    int rc = db_query_int(db, stale_any_sql, DB_NOARGS, &any);
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    /* written outside a transaction: nobody committed since; recount them now */
    if (db_in_tx(db))
        return drain(db, 0, NULL);
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    return db_tx_end(db, drain(db, 0, NULL));
}

/* people recounted per transaction while catching up */
#define BATCH 2000

int reports_catch_up(struct db *db, bool verbose)
{
    int64_t total = 0;
    size_t done = 0, n;
    int rc = db_query_int(db, stale_count_sql, DB_NOARGS, &total);
    if (rc < 0 || total == 0)
        return rc < 0 ? rc : 0;
    if (verbose && total > BATCH)
        fprintf(stderr, "dars: counting %lld people for reports\n", (long long)total);
    catching_up = true;
    do {
        if ((rc = db_tx_begin(db)) < 0 || (rc = db_tx_end(db, drain(db, BATCH, &n))) < 0)
            break;
        done += n;
        if (verbose && total > BATCH && (done % (50 * BATCH) == 0 || n < BATCH))
            fprintf(stderr, "dars: %zu of %lld counted\n", done, (long long)total);
    } while (n == BATCH);
    catching_up = false;
    return rc;
}

int reports_rebuild(struct db *db, bool verbose)
{
    int rc;
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    catching_up = true;
    rc = db_tx_end(db, db_exec_script(db, rebuild_sql));
    catching_up = false;
    return rc < 0 ? rc : reports_catch_up(db, verbose);
}
