/*
 * Tests for src/opendata/files.c: a dataset's CSV (header, RFC 4180 quoting,
 * CRLF, a hidden count empty, suppressed true on its row) and JSON (the same
 * rows, a hidden count null) say the same thing, and the ETag is a strong one
 * that changes with the bytes.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "core/arena.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <string.h>

static const struct od_column columns[] = {
    { "region", OD_TEXT, "" },  { "region_name", OD_TEXT, "" }, { "people", OD_COUNT, "" },
    { "women", OD_COUNT, "" },  { "suppressed", OD_BOOL, "" },
};
static const struct od_dataset ds = { "test-set", "", "", "", columns, ARRAY_SIZE(columns),
                                      true, true };

/* Two rows: one shown, one with its second count hidden and a name to quote. */
static void table_of(struct arena *a, struct od_table *t)
{
    static const char *text0[] = { "BAK", "Baku" }, *text1[] = { "GAN", "Ganja, \"old\" town" };
    static int64_t counts0[] = { 12, 7 }, counts1[] = { 9, 0 };
    static bool hidden0[] = { false, false }, hidden1[] = { false, true };
    memset(t, 0, sizeof(*t));
    t->ds = &ds;
    t->ntext = 2;
    t->ncounts = 2;
    t->nrows = 2;
    t->rows = arena_alloc(a, 2 * sizeof(*t->rows));
    t->rows[0] = (struct od_row){ text0, counts0, hidden0 };
    t->rows[1] = (struct od_row){ text1, counts1, hidden1 };
}

Test(opendata_files, csv_header_quotes_and_hidden_cells)
{
    struct arena a;
    struct od_table t;
    struct buf b = BUF_INIT;
    arena_init(&a);
    table_of(&a, &t);
    od_write_csv(&t, &b);
    cr_assert_str_eq(b.ptr, "region,region_name,people,women,suppressed\r\n"
                            "BAK,Baku,12,7,false\r\n"
                            "GAN,\"Ganja, \"\"old\"\" town\",9,,true\r\n");
    buf_release(&b);
    arena_release(&a);
}

Test(opendata_files, json_has_the_same_rows_with_null_for_hidden)
{
    struct arena a;
    struct od_table t;
    struct buf b = BUF_INIT;
    arena_init(&a);
    table_of(&a, &t);
    od_write_json(&t, "2026-12-07", &b);
    json_t *doc = json_loads(b.ptr, 0, NULL);
    cr_assert_not_null(doc);
    cr_assert_str_eq(json_string_value(json_object_get(doc, "dataset")), "test-set");
    cr_assert_str_eq(json_string_value(json_object_get(doc, "date")), "2026-12-07");
    json_t *rows = json_object_get(doc, "rows");
    cr_assert_eq(json_array_size(rows), 2);
    json_t *r1 = json_array_get(rows, 1);
    cr_assert_str_eq(json_string_value(json_object_get(r1, "region_name")), "Ganja, \"old\" town");
    cr_assert_eq(json_integer_value(json_object_get(r1, "people")), 9);
    cr_assert(json_is_null(json_object_get(r1, "women")));
    cr_assert(json_is_true(json_object_get(r1, "suppressed")));
    cr_assert(json_is_false(json_object_get(json_array_get(rows, 0), "suppressed")));
    /* the columns in the dataset's order, as the CSV's header */
    const char *first = NULL;
    void *it = json_object_iter(r1);
    first = json_object_iter_key(it);
    cr_assert_str_eq(first, "region");
    json_decref(doc);
    buf_release(&b);
    arena_release(&a);
}

Test(opendata_files, etag_is_strong_and_follows_the_bytes)
{
    struct arena a;
    arena_init(&a);
    const char *e1 = od_etag(&a, "a,b\r\n", 5), *e2 = od_etag(&a, "a,c\r\n", 5);
    cr_assert_eq(strlen(e1), 34);
    cr_assert_eq(e1[0], '"');
    cr_assert_eq(e1[33], '"');
    cr_assert_str_neq(e1, e2);
    cr_assert_str_eq(e1, od_etag(&a, "a,b\r\n", 5));
    arena_release(&a);
}
