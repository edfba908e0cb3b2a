/*
 * Disclosure control for open data (DESIGN.md 6a, "Open data"): the small-cell
 * rules a statistics office applies before it publishes a table of counts of
 * people.
 *
 * A table is a set of cells (counts >= 0) and the linear relations between
 * them that a reader knows or can find elsewhere: "lines", each a total cell
 * and its parts (total = sum of parts). A region row and its national total,
 * a quarter's regions and the quarter's total, people enrolled and its split
 * into women, men and other or unknown are lines. A 3-dimensional table
 * (region x quarter x programme, with totals on each side) is a cube whose
 * every axis gives lines (suppress_cube_lines).
 *
 * The rules, in order:
 *   1. primary: every count from 1 to k-1 is hidden (zero may be shown);
 *   2. secondary: while some line has exactly one hidden cell, another cell
 *      of that line is hidden as well, so that no hidden cell can be worked
 *      out from its line by one subtraction; the complement is the line's
 *      smallest visible non-zero part (ties: the lowest index), a zero part
 *      only when the line has no non-zero one, never a cell marked known
 *      nor one that known cells give away (the last cell not known of a
 *      line whose other cells are known or given away); the total is a
 *      cell of its line like the parts, taken (being the largest) only when
 *      no non-zero part is visible; among parts of equal value, the one
 *      whose other lines it protects too comes before the lowest index
 *      (suppress_run.c says why). Then the secondary cells that later
 *      choices made unnecessary are shown again, so that showing any one of
 *      them would leave a line with a single hidden cell;
 *   3. rounding (optional): every shown count is rounded to the nearest
 *      multiple of the base ([opendata] round), halves upward; a count of k
 *      or more that a base below k would round into 1..k-1 is published as
 *      the first multiple of the base from k on.
 * The result is deterministic: the same table gives the same hidden cells.
 * What it guards against is one subtraction on one line, the rule of
 * DESIGN.md 6a; it does not solve the whole system of lines as an attacker
 * with linear programming could.
 *
 * A cell marked known is public anyway (a total published elsewhere): it is
 * never hidden, by either rule, and a line whose only hidden cell cannot be
 * paired because all its other cells are known is an error.
 *
 * Uses: nothing.
 */
#ifndef DARS_OPENDATA_SUPPRESS_H
#define DARS_OPENDATA_SUPPRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct arena;

enum suppress_state {
    SUPPRESS_SHOWN = 0,
    SUPPRESS_PRIMARY,   /* a count from 1 to k-1 */
    SUPPRESS_SECONDARY, /* hidden so that a primary one cannot be worked out */
};

struct suppress_cell {
    int64_t value;             /* the exact count (never published when hidden) */
    int64_t shown;             /* what is published when state is SHOWN: value, rounded */
    enum suppress_state state; /* OUT of suppress_run */
    bool known;                /* IN: public elsewhere; never hidden */
};

struct suppress_table {
    struct suppress_cell *cells;
    size_t ncells;
    /* the lines, flattened: for each, its length n, its total's index, then n-1 parts' */
    uint32_t *lines;
    size_t nlines_words, lines_cap;
    size_t nlines;
    struct arena *arena;
};

/* An empty table of ncells zeroed cells in the arena (fill cells[i].value). */
void suppress_table_init(struct suppress_table *t, struct arena *a, size_t ncells);

/* Add the line total = parts[0] + ... + parts[nparts-1] (indices into cells). */
void suppress_line_add(struct suppress_table *t, uint32_t total, const uint32_t *parts,
                       size_t nparts);

/*
 * The lines of a cube stored from cell base on, dims[0] x ... x dims[ndims-1]
 * (1 <= ndims <= 3; the last dimension varies fastest), whose last slot on
 * every axis is that axis's total: for every axis and every position of the
 * other axes, the line (total slot; the other slots).
 */
void suppress_cube_lines(struct suppress_table *t, uint32_t base, const size_t *dims,
                         size_t ndims);

/* What suppress_run did, for the dataset's page and the admin's run log. */
struct suppress_counts {
    size_t cells;     /* every cell that is not known */
    size_t primary;   /* hidden by rule 1 */
    size_t secondary; /* hidden by rule 2 */
};

/*
 * Apply the rules with threshold k (>= 1; 1 hides nothing) and rounding base
 * round (0 or 1: none). Returns 0, or -1 when a line cannot be protected
 * (its other cells are all known, or a count from 1 to k-1 is given away by
 * known cells alone): nothing may then be published, and the
 * cells' states are not to be read. Scratch space comes from the table's
 * arena (about 35 bytes a cell, 20 a line and 4 for each cell of a line);
 * running a table again starts afresh. A cell must not appear twice in one line.
 */
int suppress_run(struct suppress_table *t, int64_t k, int64_t round,
                 struct suppress_counts *counts /* OUT, or NULL */);

/* value rounded to the nearest multiple of base (halves up); base 0 or 1 keeps it */
int64_t suppress_round(int64_t value, int64_t base);

#endif
