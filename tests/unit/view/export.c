/*
 * Tests for src/view/export.c: the CSV a spreadsheet opens (byte-order mark,
 * RFC 4180 quoting, CRLF, formulas defused) and an XLSX that is a zip holding
 * the workbook's parts; the HTTP tests read the cells back out of it.
 */
#include "core/base.h"
#include "view/export.h"

#include <criterion/criterion.h>

static const char *const header[] = { "name", "note", "n" };

static char *csv_of(struct export_table *t)
{
    struct buf b = BUF_INIT;
    export_csv(&b, t);
    buf_addch(&b, '\0');
    return buf_detach(&b, NULL);
}

Test(export, csv_bom_header_crlf_and_empty_cells)
{
    struct arena a;
    struct export_table t;
    arena_init(&a);
    export_init(&t, &a, header, ARRAY_SIZE(header));
    const char **row = export_row(&t);
    export_set(&t, row, 0, "Aysel");
    export_set(&t, row, 2, NULL);
    row = export_row(&t);
    export_set(&t, row, 1, "x");
    char *csv = csv_of(&t);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFname,note,n\r\nAysel,,\r\n,x,\r\n");
    free(csv);
    arena_release(&a);
}

Test(export, csv_quotes_per_rfc_4180)
{
    struct arena a;
    struct export_table t;
    arena_init(&a);
    export_init(&t, &a, header, ARRAY_SIZE(header));
    const char **row = export_row(&t);
    export_set(&t, row, 0, "Məmmədov, Elçin");
    export_set(&t, row, 1, "said \"hi\"\r\nthen left");
    export_set(&t, row, 2, "plain");
    char *csv = csv_of(&t);
    cr_assert_str_eq(csv, "\xEF\xBB\xBFname,note,n\r\n"
                          "\"Məmmədov, Elçin\",\"said \"\"hi\"\"\r\nthen left\",plain\r\n");
    free(csv);
    arena_release(&a);
}

Test(export, csv_defuses_formula_cells)
{
    static const char *const one[] = { "v" };
    static const char *const in[] = { "=1+1", "+7", "-2", "@SUM(A1)", "\tx", "=HYPERLINK(\"a,b\")",
                                      "a=b" };
    static const char *const out[] = { "'=1+1", "'+7", "'-2", "'@SUM(A1)", "'\tx",
                                       "\"'=HYPERLINK(\"\"a,b\"\")\"", "a=b" };
    struct arena a;
    struct export_table t;
    struct buf want = BUF_INIT;
    arena_init(&a);
    export_init(&t, &a, one, 1);
    buf_adds(&want, "\xEF\xBB\xBFv\r\n");
    for (size_t i = 0; i < ARRAY_SIZE(in); i++) {
        export_set(&t, export_row(&t), 0, in[i]);
        buf_addf(&want, "%s\r\n", out[i]);
    }
    char *csv = csv_of(&t);
    cr_assert_str_eq(csv, want.ptr);
    free(csv);
    buf_release(&want);
    arena_release(&a);
}

Test(export, rows_grow_past_the_first_block)
{
    static const char *const one[] = { "i" };
    struct arena a;
    struct export_table t;
    arena_init(&a);
    export_init(&t, &a, one, 1);
    for (int i = 0; i < 1000; i++)
        export_row(&t)[0] = arena_printf(&a, "%d", i);
    cr_assert_eq(t.nrows, 1000);
    cr_assert_str_eq(t.cells[0], "0");
    cr_assert_str_eq(t.cells[999], "999");
    arena_release(&a);
}

/* Whether the zip holds a part of this name (local headers keep names uncompressed). */
static bool zip_has(const char *data, size_t len, const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i + 30 + n <= len; i++)
        if (!memcmp(data + i, "PK\x03\x04", 4) && !memcmp(data + i + 30, name, n))
            return true;
    return false;
}

Test(export, xlsx_is_a_zip_with_the_workbook_parts)
{
    struct arena a;
    struct export_table t;
    char *data = NULL;
    size_t len = 0;
    arena_init(&a);
    export_init(&t, &a, header, ARRAY_SIZE(header));
    t.numeric = 1u << 2;
    const char **row = export_row(&t);
    export_set(&t, row, 0, "Aysel");
    export_set(&t, row, 1, "=1+1");
    export_set(&t, row, 2, "42");
    cr_assert_eq(export_xlsx(&a, &t, &data, &len), 0);
    cr_assert_gt(len, 1000);
    cr_assert(!memcmp(data, "PK\x03\x04", 4));
    cr_assert(zip_has(data, len, "xl/worksheets/sheet1.xml"));
    cr_assert(zip_has(data, len, "xl/sharedStrings.xml"));
    cr_assert(zip_has(data, len, "xl/styles.xml"));
    arena_release(&a);
}

Test(export, xlsx_with_notes_and_a_chart)
{
    struct arena a;
    struct export_table t;
    static const char *const notes[] = { "From", "2026-01-01", "To", "2026-12-31" };
    char *data = NULL;
    size_t len = 0;
    arena_init(&a);
    export_init(&t, &a, header, ARRAY_SIZE(header));
    t.numeric = 1u << 2;
    t.title = "Report";
    t.notes = notes;
    t.nnotes = 2;
    for (int i = 0; i < 3; i++) {
        const char **row = export_row(&t);
        export_set(&t, row, 0, i ? "Ganja" : "Baku");
        export_set(&t, row, 2, i ? "4" : "7");
    }
    t.chart = (struct export_chart){ .category = 0, .values = { 2 }, .nvalues = 1, .nrows = 2 };
    cr_assert_eq(export_xlsx(&a, &t, &data, &len), 0);
    cr_assert_gt(len, 100);
    /* the zip's central directory names the chart's part */
    bool chart = false;
    for (size_t i = 0; i + 22 < len && !chart; i++)
        chart = memcmp(data + i, "xl/charts/chart1.xml", 20) == 0;
    cr_assert(chart, "no chart in the workbook");
    arena_release(&a);
}
