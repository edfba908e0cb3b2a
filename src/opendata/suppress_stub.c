/*
 * TEMPORARY, until O1's src/opendata/suppress.c is merged: a plain
 * implementation of suppress.h (primary, then the simplest secondary rule
 * as the header states it, then rounding) so that open data builds and its
 * tests run. Delete this file when suppress.c lands.
 */
#include "core/base.h"
#include "opendata/suppress.h"
#include "core/arena.h"

#include <string.h>

void suppress_table_init(struct suppress_table *t, struct arena *a, size_t ncells)
{
    memset(t, 0, sizeof(*t));
    t->arena = a;
    t->ncells = ncells;
    t->cells = arena_zalloc(a, (ncells ? ncells : 1) * sizeof(*t->cells));
}

void suppress_line_add(struct suppress_table *t, uint32_t total, const uint32_t *parts,
                       size_t nparts)
{
    size_t need = t->nlines_words + nparts + 2;
    if (need > t->lines_cap) {
        size_t cap = t->lines_cap ? 2 * t->lines_cap : 256;
        while (cap < need)
            cap *= 2;
        uint32_t *more = arena_alloc(t->arena, cap * sizeof(*more));
        if (t->nlines_words)
            memcpy(more, t->lines, t->nlines_words * sizeof(*more));
        t->lines = more;
        t->lines_cap = cap;
    }
    t->lines[t->nlines_words++] = (uint32_t)(nparts + 1);
    t->lines[t->nlines_words++] = total;
    for (size_t i = 0; i < nparts; i++)
        t->lines[t->nlines_words++] = parts[i];
    t->nlines++;
}

void suppress_cube_lines(struct suppress_table *t, uint32_t base, const size_t *dims,
                         size_t ndims)
{
    size_t d[3] = { 1, 1, 1 }, stride[3];
    for (size_t i = 0; i < ndims && i < 3; i++)
        d[3 - ndims + i] = dims[i];
    stride[2] = 1;
    stride[1] = d[2];
    stride[0] = d[1] * d[2];
    uint32_t *parts = arena_alloc(t->arena, (d[0] + d[1] + d[2]) * sizeof(*parts));
    for (size_t axis = 3 - ndims; axis < 3; axis++) {
        size_t o1 = (axis + 1) % 3, o2 = (axis + 2) % 3;
        for (size_t i = 0; i < d[o1]; i++) {
            for (size_t j = 0; j < d[o2]; j++) {
                size_t at = base + i * stride[o1] + j * stride[o2];
                for (size_t k = 0; k + 1 < d[axis]; k++)
                    parts[k] = (uint32_t)(at + k * stride[axis]);
                if (d[axis] > 1)
                    suppress_line_add(t, (uint32_t)(at + (d[axis] - 1) * stride[axis]), parts,
                                      d[axis] - 1);
            }
        }
    }
}

int64_t suppress_round(int64_t value, int64_t base)
{
    if (base <= 1)
        return value;
    return (value + base / 2) / base * base;
}

int suppress_run(struct suppress_table *t, int64_t k, int64_t round,
                 struct suppress_counts *counts)
{
    struct suppress_counts c = { 0, 0, 0 };
    bool changed = true;

    for (size_t i = 0; i < t->ncells; i++) {
        struct suppress_cell *cell = &t->cells[i];
        cell->state = SUPPRESS_SHOWN;
        if (cell->known)
            continue;
        c.cells++;
        if (cell->value >= 1 && cell->value < k) {
            cell->state = SUPPRESS_PRIMARY;
            c.primary++;
        }
    }
    while (changed) {
        changed = false;
        for (size_t w = 0; w < t->nlines_words;) {
            size_t n = t->lines[w];
            const uint32_t *v = &t->lines[w + 1];
            size_t hidden = 0, best = SIZE_MAX, zero = SIZE_MAX, total = SIZE_MAX;
            for (size_t i = 0; i < n; i++) {
                const struct suppress_cell *cell = &t->cells[v[i]];
                if (cell->state != SUPPRESS_SHOWN)
                    hidden++;
                else if (cell->known)
                    continue;
                else if (i == 0)
                    total = v[i]; /* the total only when no part can be */
                else if (cell->value > 0 &&
                         (best == SIZE_MAX || cell->value < t->cells[best].value))
                    best = v[i];
                else if (cell->value == 0 && zero == SIZE_MAX)
                    zero = v[i];
            }
            if (hidden == 1) {
                size_t pick = best != SIZE_MAX ? best : zero != SIZE_MAX ? zero : total;
                if (pick == SIZE_MAX)
                    return -1;
                t->cells[pick].state = SUPPRESS_SECONDARY;
                c.secondary++;
                changed = true;
            }
            w += n + 1;
        }
    }
    for (size_t i = 0; i < t->ncells; i++)
        t->cells[i].shown = suppress_round(t->cells[i].value, round);
    if (counts)
        *counts = c;
    return 0;
}
