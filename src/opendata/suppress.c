/*
 * The tables that disclosure control protects (suppress.h): their cells, the
 * lines between the cells, a cube's lines, and rounding. The lines are one
 * flat array of words in the table's arena that doubles when it is full, so
 * a table of 300,000 lines costs a handful of allocations and no frees. The
 * rules themselves (primary, secondary, rounding) are in suppress_run.c.
 */
#include "core/base.h"
#include "opendata/suppress.h"
#include "core/arena.h"

void suppress_table_init(struct suppress_table *t, struct arena *a, size_t ncells)
{
    if (ncells > UINT32_MAX)
        BUG("a table of %zu cells: cells are numbered in 32 bits", ncells);
    memset(t, 0, sizeof(*t));
    t->arena = a;
    t->ncells = ncells;
    t->cells = ARENA_NEW_N(a, struct suppress_cell, ncells);
}

/* Room for more words; the old array stays in the arena (at most as much again). */
static void lines_reserve(struct suppress_table *t, size_t more)
{
    size_t need = t->nlines_words + more;
    size_t cap = t->lines_cap ? t->lines_cap : 256;
    uint32_t *grown;

    if (need <= t->lines_cap)
        return;
    while (cap < need)
        cap *= 2;
    grown = arena_alloc(t->arena, cap * sizeof(*grown));
    if (t->nlines_words)
        memcpy(grown, t->lines, t->nlines_words * sizeof(*grown));
    t->lines = grown;
    t->lines_cap = cap;
}

void suppress_line_add(struct suppress_table *t, uint32_t total, const uint32_t *parts,
                       size_t nparts)
{
    uint32_t *w;
    size_t i;

    if (nparts >= UINT32_MAX)
        BUG("a line of %zu parts", nparts);
    if (total >= t->ncells)
        BUG("line total %u outside a table of %zu cells", total, t->ncells);
    for (i = 0; i < nparts; i++)
        if (parts[i] >= t->ncells)
            BUG("line part %u outside a table of %zu cells", parts[i], t->ncells);
    lines_reserve(t, nparts + 2);
    w = t->lines + t->nlines_words;
    w[0] = (uint32_t)(nparts + 1);
    w[1] = total;
    if (nparts)
        memcpy(w + 2, parts, nparts * sizeof(*parts));
    t->nlines_words += nparts + 2;
    t->nlines++;
}

/*
 * A cube of fewer than three dimensions is laid out as one of three whose
 * leading axes have a single slot, so one loop serves all. An axis of one
 * slot has no parts (its only slot is its total) and gives no line.
 */
void suppress_cube_lines(struct suppress_table *t, uint32_t base, const size_t *dims,
                         size_t ndims)
{
    /* for each axis, the other two, the outer one first, so lines come in cell order */
    static const size_t others[3][2] = { { 1, 2 }, { 0, 2 }, { 0, 1 } };
    size_t d[3] = { 1, 1, 1 }, stride[3], ncube = 1, dmax = 1;
    size_t axis, i, j, p;
    uint32_t *parts;

    if (ndims < 1 || ndims > 3)
        BUG("a cube of %zu dimensions", ndims);
    for (i = 0; i < ndims; i++) {
        if (dims[i] == 0)
            BUG("a cube with an empty axis");
        d[3 - ndims + i] = dims[i];
        ncube *= dims[i];
        if (dims[i] > dmax)
            dmax = dims[i];
    }
    if (base > t->ncells || ncube > t->ncells - base)
        BUG("a cube of %zu cells from %u outside a table of %zu", ncube, base, t->ncells);
    stride[2] = 1;
    stride[1] = d[2];
    stride[0] = d[1] * d[2];
    parts = ARENA_NEW_N(t->arena, uint32_t, dmax);

    for (axis = 0; axis < 3; axis++) {
        size_t o1 = others[axis][0], o2 = others[axis][1];
        if (d[axis] < 2)
            continue;
        for (i = 0; i < d[o1]; i++) {
            for (j = 0; j < d[o2]; j++) {
                size_t at = base + i * stride[o1] + j * stride[o2];
                for (p = 0; p + 1 < d[axis]; p++)
                    parts[p] = (uint32_t)(at + p * stride[axis]);
                suppress_line_add(t, (uint32_t)(at + (d[axis] - 1) * stride[axis]), parts,
                                  d[axis] - 1);
            }
        }
    }
}

int64_t suppress_round(int64_t value, int64_t base)
{
    int64_t q, r, out;

    if (base <= 1)
        return value;
    /* floor division, so that negative values round the same way (halves up) */
    q = value / base;
    r = value % base;
    if (r < 0) {
        r += base;
        q--;
    }
    if (r >= base - r) /* 2r >= base, without overflow */
        q++;
    if (__builtin_mul_overflow(q, base, &out))
        return value;
    return out;
}
