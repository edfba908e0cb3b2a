/*
 * The rules of suppress.h applied to a table: primary suppression, secondary
 * suppression by a work list of lines, a pass that gives back secondary
 * cells no line needs any more, then rounding. Everything the run needs (an
 * index from each cell to its lines, a count of hidden cells per line, the
 * work list) is built once in the table's arena, so a run costs time in
 * proportion to the table's size and the cells it hides, not to the number
 * of lines times the number of changes.
 */
#include "core/base.h"
#include "opendata/suppress.h"
#include "core/arena.h"

#define NO_CELL UINT32_MAX

struct run {
    struct suppress_table *t;
    size_t *line_at;     /* line l's length word is t->lines[line_at[l]] */
    size_t *cell_at;     /* cell c's lines: cell_lines[cell_at[c] .. cell_at[c + 1]) */
    uint32_t *cell_lines;
    uint32_t *hidden;    /* per line, how many of its cells are hidden */
    uint32_t *todo;      /* lines to re-check, each at most once, the newest first */
    uint8_t *listed;
    size_t ntodo;
    uint8_t *public;     /* per cell: known, or worked out from known cells */
    uint32_t *chosen;    /* the secondary cells, in the order they were hidden */
    size_t nchosen;
};

static const uint32_t *line_cells(const struct run *r, size_t l, size_t *n /* OUT */)
{
    const uint32_t *w = r->t->lines + r->line_at[l];
    *n = w[0];
    return w + 1;
}

/* Where each line starts, and for each cell the lines it belongs to (counted, then filled). */
static void run_index(struct run *r)
{
    struct suppress_table *t = r->t;
    size_t *fill, *seen, l, w = 0, i, c;

    r->line_at = ARENA_NEW_N(t->arena, size_t, t->nlines + 1);
    r->cell_at = ARENA_NEW_N(t->arena, size_t, t->ncells + 1);
    for (l = 0; l < t->nlines; l++) {
        size_t n = t->lines[w];
        r->line_at[l] = w;
        for (i = 0; i < n; i++)
            r->cell_at[t->lines[w + 1 + i] + 1]++;
        w += n + 1;
    }
    if (w != t->nlines_words)
        BUG("the lines hold %zu words, not %zu", w, t->nlines_words);
    r->line_at[t->nlines] = w;
    for (c = 0; c < t->ncells; c++)
        r->cell_at[c + 1] += r->cell_at[c];

    r->cell_lines = ARENA_NEW_N(t->arena, uint32_t, r->cell_at[t->ncells]);
    fill = ARENA_NEW_N(t->arena, size_t, t->ncells);
    memcpy(fill, r->cell_at, t->ncells * sizeof(*fill));
    /* seen[c] = l + 1 while line l is filled: a cell twice in a line would count twice */
    seen = ARENA_NEW_N(t->arena, size_t, t->ncells);
    for (l = 0; l < t->nlines; l++) {
        size_t n;
        const uint32_t *cells = line_cells(r, l, &n);
        for (i = 0; i < n; i++) {
            if (seen[cells[i]] == l + 1)
                BUG("cell %u twice in line %zu", cells[i], l);
            seen[cells[i]] = l + 1;
            r->cell_lines[fill[cells[i]]++] = (uint32_t)l;
        }
    }
}

/*
 * Which cells are public: the known ones, and the last cell not known of a
 * line whose other cells are public, which a reader works out from them (a
 * programme's only course's count, when the programme's total is known).
 * Hiding such a cell protects nothing: as a complement it would pair with a
 * hidden cell in name only. Each line counts its public cells as they are
 * found, so this costs one visit of every line's cells.
 */
static void run_public(struct run *r)
{
    struct suppress_table *t = r->t;
    uint32_t *npublic = ARENA_NEW_N(t->arena, uint32_t, t->nlines);
    uint32_t *todo = ARENA_NEW_N(t->arena, uint32_t, t->ncells);
    size_t ntodo = 0, c, l, i;

    r->public = ARENA_NEW_N(t->arena, uint8_t, t->ncells);
    for (c = 0; c < t->ncells; c++) {
        if (t->cells[c].known) {
            r->public[c] = 1;
            todo[ntodo++] = (uint32_t)c;
        }
    }
    for (l = 0; l < t->nlines; l++) {
        size_t n;
        const uint32_t *cells = line_cells(r, l, &n);
        if (n == 1 && !r->public[cells[0]]) { /* a total of nothing: zero */
            r->public[cells[0]] = 1;
            todo[ntodo++] = cells[0];
        }
    }
    while (ntodo) {
        c = todo[--ntodo];
        for (i = r->cell_at[c]; i < r->cell_at[c + 1]; i++) {
            size_t n, j;
            const uint32_t *cells = line_cells(r, r->cell_lines[i], &n);
            if (++npublic[r->cell_lines[i]] + 1 != n)
                continue;
            for (j = 0; j < n; j++) {
                if (!r->public[cells[j]]) {
                    r->public[cells[j]] = 1;
                    todo[ntodo++] = cells[j];
                }
            }
        }
    }
}

/*
 * The work list is a stack: the line a complement has just opened is checked
 * next, so suppression follows one chain through the table before it starts
 * another, and the chains meet on cells already hidden. Measured on the
 * national cube of suppress_property.c with realistic counts (a tenth of
 * them from 1 to k-1), it hides 8% fewer secondary cells than first in,
 * first out.
 */
static void todo_push(struct run *r, uint32_t l)
{
    if (r->listed[l])
        return;
    r->listed[l] = 1;
    r->todo[r->ntodo++] = l;
}

static uint32_t todo_pop(struct run *r)
{
    uint32_t l = r->todo[--r->ntodo];
    r->listed[l] = 0;
    return l;
}

/* Hide cell c; a line that now has a single hidden cell is listed to be re-checked. */
static void run_hide(struct run *r, uint32_t c, enum suppress_state why)
{
    size_t i;

    r->t->cells[c].state = why;
    for (i = r->cell_at[c]; i < r->cell_at[c + 1]; i++) {
        uint32_t l = r->cell_lines[i];
        if (++r->hidden[l] == 1)
            todo_push(r, l);
    }
}

/*
 * What hiding c would do to its lines other than l: +1 for each line it
 * would complete (a line with a single hidden cell, which then needs no
 * complement of its own), -1 for each line it would open (a line with none,
 * which would then need one), 0 for a line that has two or more already.
 */
static int run_effect(const struct run *r, uint32_t c, uint32_t l)
{
    int effect = 0;
    size_t i;

    for (i = r->cell_at[c]; i < r->cell_at[c + 1]; i++) {
        uint32_t m = r->cell_lines[i];
        if (m == l)
            continue;
        if (r->hidden[m] == 1)
            effect++;
        else if (r->hidden[m] == 0)
            effect--;
    }
    return effect;
}

/*
 * The complement for line l, which has a single hidden cell: among its
 * visible cells that are not public (run_public), a non-zero one before a zero one (a zero
 * hides nothing: with it the hidden cell's value is still all but known), a
 * smaller value before a larger one (less information lost), then the cell
 * whose hiding helps the table most, then the lowest index.
 *
 * Why "helps the table most" before the index: in a cube every cell lies on
 * a line of each axis, and equal small counts are common. Of two cells of
 * equal value, one whose other lines already have a single hidden cell
 * protects those lines as well, while one whose other lines have none makes
 * each of them need a complement in turn, which spreads suppression across
 * the cube. Preferring the first is the classic way to keep the hidden cells
 * on a few rows and columns (the 2 x 2 pattern of a statistics office). The
 * value stays the first rule, as suppress.h promises, and the whole choice
 * depends only on the table and the order of the work list, so it is
 * deterministic. The total is a cell of the line like its parts: being the
 * largest it is chosen only when no non-zero part is visible.
 */
static uint32_t run_complement(const struct run *r, uint32_t l)
{
    const struct suppress_cell *cells = r->t->cells;
    uint32_t best = NO_CELL;
    int best_effect = 0;
    size_t n, i;
    const uint32_t *in = line_cells(r, l, &n);

    for (i = 0; i < n; i++) {
        uint32_t c = in[i];
        const struct suppress_cell *x = &cells[c];
        int effect;

        if (x->state != SUPPRESS_SHOWN || r->public[c])
            continue;
        effect = run_effect(r, c, l);
        if (best != NO_CELL) {
            const struct suppress_cell *b = &cells[best];
            bool xz = x->value == 0, bz = b->value == 0;
            if (xz != bz) {
                if (xz)
                    continue;
            } else if (x->value != b->value) {
                if (x->value > b->value)
                    continue;
            } else if (effect != best_effect) {
                if (effect < best_effect)
                    continue;
            } else if (c > best) {
                continue;
            }
        }
        best = c;
        best_effect = effect;
    }
    return best;
}

/* Larger values first, then higher indices: the order in which cells are given back. */
static int by_value_desc(const void *pa, const void *pb, void *arg)
{
    const struct suppress_cell *cells = arg;
    uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;

    if (cells[a].value != cells[b].value)
        return cells[a].value > cells[b].value ? -1 : 1;
    return a > b ? -1 : a < b;
}

/*
 * Give back every secondary cell that no line needs any more. A complement
 * chosen early may be made redundant by complements chosen later for other
 * lines (its line then has three hidden cells or more). A cell can be shown
 * again when none of its lines has exactly two hidden cells, since showing it
 * leaves each of them with zero or at least two. Showing a cell only lowers
 * counts, so a cell that cannot be given back never becomes one that can: one
 * pass leaves a set of which no single secondary cell can be shown. The
 * largest values go first, because they are the most information withheld.
 */
static void run_give_back(struct run *r)
{
    struct suppress_cell *cells = r->t->cells;
    size_t j, i;

    qsort_r(r->chosen, r->nchosen, sizeof(*r->chosen), by_value_desc, cells);
    for (j = 0; j < r->nchosen; j++) {
        uint32_t c = r->chosen[j];
        bool needed = false;

        for (i = r->cell_at[c]; i < r->cell_at[c + 1] && !needed; i++)
            needed = r->hidden[r->cell_lines[i]] == 2;
        if (needed)
            continue;
        cells[c].state = SUPPRESS_SHOWN;
        for (i = r->cell_at[c]; i < r->cell_at[c + 1]; i++)
            r->hidden[r->cell_lines[i]]--;
    }
}

/*
 * What a shown cell publishes. A count of k or more can round into 1..k-1
 * (k = 4, base 3: a count of 4 rounds to 3) or, with a base above 2k-1, to
 * 0 (k = 5, base 20: 7 rounds to 0, and a reader would take people for
 * nobody); it is raised to the first multiple of the base from k on, so that
 * no published count lies in 1..k-1 (DESIGN.md 6a) and a count of people is
 * never published as none.
 */
static int64_t run_shown(int64_t value, int64_t k, int64_t base)
{
    int64_t shown = suppress_round(value, base);

    if (base > 1 && value >= k && shown < k)
        shown = (k + base - 1) / base * base;
    return shown;
}

int suppress_run(struct suppress_table *t, int64_t k, int64_t round,
                 struct suppress_counts *counts)
{
    int rc = DARS_ERR;
    struct run r = { .t = t };
    struct suppress_counts n = { 0, 0, 0 };
    size_t c, l, i;

    run_index(&r);
    run_public(&r);
    r.hidden = ARENA_NEW_N(t->arena, uint32_t, t->nlines);
    r.todo = ARENA_NEW_N(t->arena, uint32_t, t->nlines);
    r.listed = ARENA_NEW_N(t->arena, uint8_t, t->nlines);
    r.chosen = ARENA_NEW_N(t->arena, uint32_t, t->ncells);

    /* rule 1; a run starts from nothing hidden, so running a table twice gives the same */
    for (c = 0; c < t->ncells; c++) {
        struct suppress_cell *x = &t->cells[c];
        x->state = SUPPRESS_SHOWN;
        x->shown = 0;
        if (!x->known)
            n.cells++;
        if (!x->known && x->value >= 1 && x->value < k) {
            if (r.public[c])
                goto out; /* a small count that known cells give away */
            x->state = SUPPRESS_PRIMARY;
            n.primary++;
            for (i = r.cell_at[c]; i < r.cell_at[c + 1]; i++)
                r.hidden[r.cell_lines[i]]++;
        }
    }

    /* rule 2: the lines with a single hidden cell, the last first, then as complements open them */
    for (l = 0; l < t->nlines; l++)
        if (r.hidden[l] == 1)
            todo_push(&r, (uint32_t)l);
    while (r.ntodo) {
        uint32_t line = todo_pop(&r), comp;
        if (r.hidden[line] != 1)
            continue;
        comp = run_complement(&r, line);
        if (comp == NO_CELL)
            goto out; /* its other cells are public (or it has no other cell) */
        run_hide(&r, comp, SUPPRESS_SECONDARY);
        r.chosen[r.nchosen++] = comp;
    }
    run_give_back(&r);

    /* rule 3, and the counts */
    for (c = 0; c < t->ncells; c++) {
        struct suppress_cell *x = &t->cells[c];
        if (x->state == SUPPRESS_SHOWN)
            x->shown = run_shown(x->value, k, round);
        else if (x->state == SUPPRESS_SECONDARY)
            n.secondary++;
    }
    if (counts)
        *counts = n;
    rc = 0;
out:
    return rc;
}
