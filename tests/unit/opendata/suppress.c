/*
 * Tests of src/opendata/suppress.c and suppress_run.c on tables small enough
 * to work out by hand: a row whose one small cell its total would give away,
 * two small cells that protect each other, the women/men/other split, cubes
 * of two and three dimensions with totals on each side, known cells, a line
 * that cannot be protected, k = 1, zeros, and rounding. Each expected result
 * is reasoned in the comment above it. Cells' states are written as a string,
 * one letter a cell: '.' shown, 'P' primary, 'S' secondary.
 */
#include "core/base.h"
#include "opendata/suppress.h"
#include "core/arena.h"

#include <criterion/criterion.h>

#define PARTS(...) ((const uint32_t[]){ __VA_ARGS__ })
#define NPARTS(...) (sizeof((const uint32_t[]){ __VA_ARGS__ }) / sizeof(uint32_t))
#define LINE(t, total, ...) suppress_line_add((t), (total), PARTS(__VA_ARGS__), NPARTS(__VA_ARGS__))

static struct arena arena;

static void setup(void)
{
    arena_init(&arena);
}

static void teardown(void)
{
    arena_release(&arena);
}

TestSuite(opendata_suppress, .init = setup, .fini = teardown);

static void table_new(struct suppress_table *t, const int64_t *values, size_t n)
{
    size_t i;
    suppress_table_init(t, &arena, n);
    for (i = 0; i < n; i++)
        t->cells[i].value = values[i];
}

#define TABLE(t, ...)                                                                              \
    table_new((t), (const int64_t[]){ __VA_ARGS__ },                                               \
              sizeof((const int64_t[]){ __VA_ARGS__ }) / sizeof(int64_t))

static const char *states(const struct suppress_table *t)
{
    static const char letter[] = { '.', 'P', 'S' };
    char *s = arena_alloc(&arena, t->ncells + 1);
    size_t i;
    for (i = 0; i < t->ncells; i++)
        s[i] = letter[t->cells[i].state];
    s[t->ncells] = '\0';
    return s;
}

/* How many cells of each line are hidden: no line may have exactly one. */
static void assert_no_single_hidden(const struct suppress_table *t)
{
    size_t w = 0, l, i;
    for (l = 0; l < t->nlines; l++) {
        size_t n = t->lines[w], hidden = 0;
        for (i = 0; i < n; i++)
            hidden += t->cells[t->lines[w + 1 + i]].state != SUPPRESS_SHOWN;
        cr_assert_neq(hidden, 1, "line %zu has a single hidden cell", l);
        w += n + 1;
    }
}

/*
 * total 30 = 12 + 3 + 9 + 6 + 0: the 3 is primary and would be 30 - 27; the
 * smallest visible non-zero part is 6 (not the zero, not the 9).
 */
Test(opendata_suppress, row_whose_small_cell_its_total_gives_away)
{
    struct suppress_table t;
    struct suppress_counts n;
    TABLE(&t, 12, 3, 9, 6, 0, 30);
    LINE(&t, 5, 0, 1, 2, 3, 4);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), ".P.S..");
    cr_assert_eq(n.cells, 6);
    cr_assert_eq(n.primary, 1);
    cr_assert_eq(n.secondary, 1);
    cr_assert_eq(t.cells[0].shown, 12);
    cr_assert_eq(t.cells[5].shown, 30);
    cr_assert_eq(t.cells[1].shown, 0, "a hidden cell publishes nothing");
}

/* 35 = 2 + 3 + 10 + 20: 2 and 3 are both hidden; 35 - 30 = 5 tells neither. */
Test(opendata_suppress, two_small_cells_protect_each_other)
{
    struct suppress_table t;
    struct suppress_counts n;
    TABLE(&t, 2, 3, 10, 20, 35);
    LINE(&t, 4, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), "PP...");
    cr_assert_eq(n.primary, 2);
    cr_assert_eq(n.secondary, 0);
}

/* people enrolled 40 = women 22 + men 16 + other 2: the 2 hides the men too. */
Test(opendata_suppress, split_by_sex_hides_a_second_part)
{
    struct suppress_table t;
    TABLE(&t, 40, 22, 16, 2);
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), "..SP");
}

/*
 * Two regions and the country, each with women, men, other and people
 * enrolled (the measure axis's total): a cube of 3 x 4.
 *            women men other enrolled
 *   R1         22   16    2     40
 *   R2         12   11    7     30
 *   country    34   27    9     70
 * Lines come axis by axis: the four columns, then the three rows. The other
 * 2 of R1 is primary; the column "other" is checked first and takes R2's 7
 * (smaller than the 9), then R1's row takes its men (16 < 22 < 40), R2's row
 * (now with the 7 hidden) its men (11), and the column "men" then holds two.
 * The country's row is untouched.
 */
Test(opendata_suppress, split_in_a_table_of_regions)
{
    struct suppress_table t;
    struct suppress_counts n;
    const size_t dims[] = { 3, 4 };
    TABLE(&t, 22, 16, 2, 40, 12, 11, 7, 30, 34, 27, 9, 70);
    suppress_cube_lines(&t, 0, dims, 2);
    cr_assert_eq(t.nlines, 7);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), ".SP..SS.....");
    cr_assert_eq(n.secondary, 3);
    assert_no_single_hidden(&t);
}

/*
 * Of two complements of equal value, the one whose column already has a
 * single hidden cell (it protects that column too) before the lower index.
 *        a   b   c  | row
 *   R0   2  10  10  | 22
 *   R1  10  10   3  | 23
 *       12  20  13  | 45
 * The rows are the last lines, so they are checked first. R1 takes its a
 * (column a holds the 2) rather than its b; R0 takes c (column c holds the
 * 3) rather than b: four cells in a 2 x 2 pattern, and both columns are done.
 * By the lowest index alone R0 would take b, column b then R1's b, and
 * column c R0's c: six.
 */
Test(opendata_suppress, ties_go_to_the_cell_that_protects_another_line)
{
    struct suppress_table t;
    struct suppress_counts n;
    /* 0 a, 1 b, 2 c, 3 R0's total, 4 R1's a, 5 R1's b, 6 R1's c, 7 R1's total, 8-10 columns, 11 */
    TABLE(&t, 2, 10, 10, 22, 10, 10, 3, 23, 12, 20, 13, 45);
    LINE(&t, 8, 0, 4);
    LINE(&t, 9, 1, 5);
    LINE(&t, 10, 2, 6);
    LINE(&t, 11, 8, 9, 10);
    LINE(&t, 11, 3, 7);
    LINE(&t, 3, 0, 1, 2);
    LINE(&t, 7, 4, 5, 6);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), "P.S.S.P.....");
    cr_assert_eq(n.secondary, 2);
}

/*
 * A cube of 3 x 2 x 2 with totals on each side (4 x 3 x 3 = 36 cells, cell
 * (i, j, l) at 9i + 3j + l, slot 3, 2, 2 the totals). (0,0,0) = 3 is primary.
 * Along axis 0 its line (., 0, 0) offers (1,0,0) = 50 and (2,0,0) = 15: the
 * 15. Every other line through a hidden cell has two parts, so each hidden
 * part takes its partner: the hidden set closes on layers i = 0 and i = 2,
 * 8 cells, and layer i = 1 and every total stay shown. Each line of axis 0
 * then holds two hidden cells (layers 0 and 2), each of axes 1 and 2 two or
 * none.
 */
Test(opendata_suppress, cube_of_three_dimensions)
{
    struct suppress_table t;
    struct suppress_counts n;
    const size_t dims[] = { 4, 3, 3 };
    int64_t v[3][2][2] = { { { 3, 11 }, { 21, 31 } },
                           { { 50, 41 }, { 61, 71 } },
                           { { 15, 17 }, { 19, 23 } } };
    size_t i, j, l;

    suppress_table_init(&t, &arena, 36);
    /* the interior, then every total as the sum of its parts, axis by axis */
    for (i = 0; i < 3; i++)
        for (j = 0; j < 2; j++)
            for (l = 0; l < 2; l++)
                t.cells[9 * i + 3 * j + l].value = v[i][j][l];
    for (i = 0; i < 3; i++)
        for (j = 0; j < 2; j++)
            t.cells[9 * i + 3 * j + 2].value =
                t.cells[9 * i + 3 * j].value + t.cells[9 * i + 3 * j + 1].value;
    for (i = 0; i < 3; i++)
        for (l = 0; l < 3; l++)
            t.cells[9 * i + 6 + l].value = t.cells[9 * i + l].value + t.cells[9 * i + 3 + l].value;
    for (j = 0; j < 3; j++)
        for (l = 0; l < 3; l++)
            t.cells[27 + 3 * j + l].value = t.cells[3 * j + l].value +
                                            t.cells[9 + 3 * j + l].value +
                                            t.cells[18 + 3 * j + l].value;
    cr_assert_eq(t.cells[35].value, 3 + 11 + 21 + 31 + 50 + 41 + 61 + 71 + 15 + 17 + 19 + 23);

    suppress_cube_lines(&t, 0, dims, 3);
    cr_assert_eq(t.nlines, 3 * 3 + 4 * 3 + 4 * 3);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    for (i = 0; i < 4; i++)
        for (j = 0; j < 3; j++)
            for (l = 0; l < 3; l++) {
                enum suppress_state want = SUPPRESS_SHOWN;
                if ((i == 0 || i == 2) && j < 2 && l < 2)
                    want = i == 0 && j == 0 && l == 0 ? SUPPRESS_PRIMARY : SUPPRESS_SECONDARY;
                cr_assert_eq(t.cells[9 * i + 3 * j + l].state, want, "cell (%zu,%zu,%zu)", i,
                             j, l);
            }
    cr_assert_eq(n.primary, 1);
    cr_assert_eq(n.secondary, 7);
    assert_no_single_hidden(&t);
}

/* The cube's lines, checked one by one on 2 x 3 (the last axis fastest). */
Test(opendata_suppress, cube_lines_of_two_dimensions)
{
    struct suppress_table t;
    const size_t dims[] = { 2, 3 };
    /* axis 0 (2 slots): (total; part) per column, then axis 1 (3 slots) per row */
    const uint32_t want[] = { 2, 4, 1, 2, 5, 2, 2, 6, 3, 3, 3, 1, 2, 3, 6, 4, 5 };

    suppress_table_init(&t, &arena, 7);
    suppress_cube_lines(&t, 1, dims, 2); /* from cell 1: cells 1..6 */
    cr_assert_eq(t.nlines, 5);
    cr_assert_eq(t.nlines_words, ARRAY_SIZE(want));
    for (size_t i = 0; i < ARRAY_SIZE(want); i++)
        cr_assert_eq(t.lines[i], want[i], "word %zu", i);
}

/* One dimension: one line; an axis of one slot gives none. */
Test(opendata_suppress, cube_lines_of_one_dimension)
{
    struct suppress_table t;
    const size_t four[] = { 4 }, one[] = { 1, 3 };

    suppress_table_init(&t, &arena, 7);
    suppress_cube_lines(&t, 0, four, 1);
    cr_assert_eq(t.nlines, 1);
    cr_assert_eq(t.lines[0], 4);
    cr_assert_eq(t.lines[1], 3);
    suppress_cube_lines(&t, 4, one, 2);
    cr_assert_eq(t.nlines, 2);
    cr_assert_eq(t.lines[5], 3);
    cr_assert_eq(t.lines[6], 6);
}

/*
 * A known total is never hidden: 24 (known) = 3 + 9 + 12 hides the 9. A
 * known part is passed over: 24 = 3 + 9 (known) + 12 hides the 12. A known
 * small count is public anyway and stays shown.
 */
Test(opendata_suppress, known_cells_are_never_hidden)
{
    struct suppress_table t;
    struct suppress_counts n;

    TABLE(&t, 24, 3, 9, 12);
    t.cells[0].known = true;
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), ".PS.");
    cr_assert_eq(n.cells, 3);

    TABLE(&t, 24, 3, 9, 12);
    t.cells[2].known = true;
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), ".P.S");

    TABLE(&t, 14, 2, 12);
    t.cells[1].known = true;
    LINE(&t, 0, 1, 2);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), "...");
    cr_assert_eq(t.cells[1].shown, 2);
    cr_assert_eq(n.primary, 0);
}

/*
 * 10 (known) = p: p is 10 as well, public in effect. In the row 33 = 3 + p +
 * 20, hiding p (the smallest) would protect nothing, and leave the line
 * 10 = p with a single hidden cell and nothing to pair it with: the 20 goes.
 */
Test(opendata_suppress, cells_that_known_cells_give_away_are_not_complements)
{
    struct suppress_table t;
    TABLE(&t, 10, 10, 3, 20, 33);
    t.cells[0].known = true;
    LINE(&t, 0, 1);
    LINE(&t, 4, 2, 1, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), "..PS.");

    /*
     * Given away in two steps: 30 (known) = a + 12 (known) gives a = 18, then
     * c = a + 2 (known) gives c = 20; in the row 48 = 3 + c + 25 the 25 goes.
     */
    TABLE(&t, 30, 18, 12, 2, 20, 3, 25, 48);
    t.cells[0].known = t.cells[2].known = t.cells[3].known = true;
    LINE(&t, 0, 1, 2);
    LINE(&t, 4, 1, 3);
    LINE(&t, 7, 5, 4, 6);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), ".....PS.");
}

/* 12 (known) = 3 + 9 (known): the 3 is 12 - 9 whatever is done. */
Test(opendata_suppress, line_that_cannot_be_protected)
{
    struct suppress_table t;
    struct suppress_counts n = { 7, 7, 7 };

    TABLE(&t, 12, 3, 9);
    t.cells[0].known = t.cells[2].known = true;
    LINE(&t, 0, 1, 2);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), -1);
    cr_assert_eq(n.cells, 7, "the counts are not written on failure");

    /* a total of one part that is known: the part is the total */
    TABLE(&t, 3, 3);
    t.cells[0].known = true;
    LINE(&t, 0, 1);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), -1);
}

Test(opendata_suppress, k_of_one_hides_nothing)
{
    struct suppress_table t;
    struct suppress_counts n;
    TABLE(&t, 6, 1, 2, 3);
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 1, 0, &n), 0);
    cr_assert_str_eq(states(&t), "....");
    cr_assert_eq(n.primary + n.secondary, 0);
    cr_assert_eq(t.cells[1].shown, 1);
}

/*
 * Zero is shown and never primary. A zero is a complement only when nothing
 * else is: with 23 (known) = 3 + 0 + 20 (known) it is the only choice; with
 * the 23 not known the total (non-zero) comes first.
 */
Test(opendata_suppress, zero_is_shown_and_a_complement_of_last_resort)
{
    struct suppress_table t;

    TABLE(&t, 12, 0, 0, 12);
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), "....");

    TABLE(&t, 23, 3, 0, 20);
    t.cells[0].known = t.cells[3].known = true;
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), ".PS.");

    TABLE(&t, 23, 3, 0, 20);
    t.cells[3].known = true;
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), "SP..");
}

Test(opendata_suppress, round_to_a_base_halves_up)
{
    cr_assert_eq(suppress_round(7, 5), 5);
    cr_assert_eq(suppress_round(8, 5), 10);
    cr_assert_eq(suppress_round(0, 5), 0);
    cr_assert_eq(suppress_round(2, 5), 0);
    cr_assert_eq(suppress_round(3, 5), 5);
    cr_assert_eq(suppress_round(12, 5), 10);
    cr_assert_eq(suppress_round(13, 5), 15);
    cr_assert_eq(suppress_round(5, 10), 10, "a half goes up");
    cr_assert_eq(suppress_round(15, 10), 20);
    cr_assert_eq(suppress_round(14, 10), 10);
    cr_assert_eq(suppress_round(1, 2), 2);
    cr_assert_eq(suppress_round(-7, 5), -5);
    cr_assert_eq(suppress_round(-8, 5), -10);
    cr_assert_eq(suppress_round(-5, 10), 0, "a half goes up on the negative side too");
    cr_assert_eq(suppress_round(7, 0), 7);
    cr_assert_eq(suppress_round(7, 1), 7);
    cr_assert_eq(suppress_round(INT64_MAX, 10), INT64_MAX, "no overflow");
}

/*
 * Rounding applies to shown cells only: 37 = 12 + 3 + 9 + 13 with base 5 and
 * k 5 publishes 35, 10, empty, empty, 15. With k 4 and base 3, the 4 would
 * round to 3, a published count below k: it is published as 6.
 */
Test(opendata_suppress, rounding_the_shown_cells)
{
    struct suppress_table t;

    TABLE(&t, 37, 12, 3, 9, 13);
    LINE(&t, 0, 1, 2, 3, 4);
    cr_assert_eq(suppress_run(&t, 5, 5, NULL), 0);
    cr_assert_str_eq(states(&t), "..PS.");
    cr_assert_eq(t.cells[0].shown, 35);
    cr_assert_eq(t.cells[1].shown, 10);
    cr_assert_eq(t.cells[2].shown, 0);
    cr_assert_eq(t.cells[3].shown, 0);
    cr_assert_eq(t.cells[4].shown, 15);

    TABLE(&t, 14, 4, 10, 0);
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 4, 3, NULL), 0);
    cr_assert_str_eq(states(&t), "....");
    cr_assert_eq(t.cells[0].shown, 15);
    cr_assert_eq(t.cells[1].shown, 6, "not 3, which lies in 1..k-1");
    cr_assert_eq(t.cells[2].shown, 9);
    cr_assert_eq(t.cells[3].shown, 0);

    /* a base above 2k-1 would round 7 people to none: it is published as one base */
    TABLE(&t, 13, 7, 6, 0);
    LINE(&t, 0, 1, 2, 3);
    cr_assert_eq(suppress_run(&t, 5, 20, NULL), 0);
    cr_assert_str_eq(states(&t), "....");
    cr_assert_eq(t.cells[0].shown, 20);
    cr_assert_eq(t.cells[1].shown, 20, "not 0");
    cr_assert_eq(t.cells[2].shown, 20, "not 0");
    cr_assert_eq(t.cells[3].shown, 0, "nobody stays none");
}

/* A run starts afresh: running again, with another k, gives what a new table would. */
Test(opendata_suppress, running_again_starts_afresh)
{
    struct suppress_table t;
    TABLE(&t, 30, 12, 3, 9, 6);
    LINE(&t, 0, 1, 2, 3, 4);
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), "..P.S");
    cr_assert_eq(suppress_run(&t, 1, 0, NULL), 0);
    cr_assert_str_eq(states(&t), ".....");
    cr_assert_eq(suppress_run(&t, 5, 0, NULL), 0);
    cr_assert_str_eq(states(&t), "..P.S");
}

/* No lines: primary suppression alone; no cells: nothing to do. */
Test(opendata_suppress, tables_without_lines_or_cells)
{
    struct suppress_table t;
    struct suppress_counts n;
    TABLE(&t, 4, 40);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_str_eq(states(&t), "P.");
    suppress_table_init(&t, &arena, 0);
    cr_assert_eq(suppress_run(&t, 5, 0, &n), 0);
    cr_assert_eq(n.cells, 0);
}
