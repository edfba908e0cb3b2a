/*
 * Table downloads as CSV (a buf) or XLSX (libxlsxwriter through a private
 * temporary file), and the attachment answer for either.
 */
#include "core/base.h"
#include "view/export.h"
#include "core/xalloc.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

void export_init(struct export_table *t, struct arena *a, const char *const *header,
                 size_t ncols)
{
    *t = (struct export_table){ .arena = a, .header = header, .ncols = ncols };
}

const char **export_row(struct export_table *t)
{
    /* an element is a row of ncols cells */
    t->cells = arena_grow(t->arena, t->cells, t->nrows, &t->cap,
                          xmul(t->ncols, sizeof(*t->cells)));
    const char **row = t->cells + t->nrows++ * t->ncols;
    for (size_t i = 0; i < t->ncols; i++)
        row[i] = "";
    return row;
}

void export_set(struct export_table *t, const char **row, size_t col, const char *s)
{
    row[col] = s && *s ? arena_strdup(t->arena, s) : "";
}

/* One CSV field, RFC 4180 quoting; a leading = + - @ tab or CR is defused for spreadsheets. */
static void csv_field(struct buf *b, const char *s)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        buf_addch(b, '"');
    if (*s && strchr("=+-@\t\r", *s))
        buf_addch(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_addch(b, '"');
        buf_addch(b, *s);
    }
    if (quote)
        buf_addch(b, '"');
}

static void csv_line(struct buf *b, const char *const *cells, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_addch(b, ',');
        csv_field(b, cells[i]);
    }
    buf_adds(b, "\r\n");
}

void export_csv(struct buf *b, const struct export_table *t)
{
    buf_adds(b, "\xEF\xBB\xBF");
    csv_line(b, t->header, t->ncols);
    for (size_t i = 0; i < t->nrows; i++)
        csv_line(b, t->cells + i * t->ncols, t->ncols);
}

/* The whole file at path into the arena. */
static int slurp(struct arena *a, const char *path, char **data, size_t *len)
{
    struct stat sb;
    int rc = DARS_ERR;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return DARS_ERR;
    if (fstat(fd, &sb) != 0 || sb.st_size <= 0)
        goto out;
    *len = (size_t)sb.st_size;
    *data = arena_alloc(a, *len);
    for (size_t got = 0; got < *len;) {
        ssize_t n = read(fd, *data + got, *len - got);
        if (n <= 0)
            goto out;
        got += (size_t)n;
    }
    rc = 0;
out:
    close(fd);
    return rc;
}

/* Characters, not bytes, for the column width: UTF-8 continuation bytes do not count. */
static size_t text_width(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* The title and the notes above the table; the row the table starts on. */
static lxw_row_t xlsx_notes(const struct export_table *t, lxw_worksheet *ws, lxw_format *bold,
                            bool *ok)
{
    lxw_row_t row = 0;
    if (t->title)
        *ok &= worksheet_write_string(ws, row++, 0, t->title, bold) == LXW_NO_ERROR;
    for (size_t i = 0; i < t->nnotes; i++, row++) {
        *ok &= worksheet_write_string(ws, row, 0, t->notes[2 * i], NULL) == LXW_NO_ERROR;
        *ok &= worksheet_write_string(ws, row, 1, t->notes[2 * i + 1], NULL) == LXW_NO_ERROR;
    }
    return row ? row + 1 : 0; /* a blank line between */
}

/* Every cell and the widths into the sheet from row top; false when libxlsxwriter refused one. */
static bool xlsx_fill(const struct export_table *t, lxw_worksheet *ws, lxw_format *bold,
                      lxw_format *percent, lxw_row_t top)
{
    bool ok = true;

    for (size_t j = 0; j < t->ncols; j++) {
        size_t width = text_width(t->header[j]);
        ok &= worksheet_write_string(ws, top, (lxw_col_t)j, t->header[j], bold) == LXW_NO_ERROR;
        for (size_t i = 0; i < t->nrows; i++) {
            const char *s = t->cells[i * t->ncols + j];
            lxw_row_t row = (lxw_row_t)(top + i + 1);
            size_t w = text_width(s);
            if (w > width)
                width = w;
            if (!*s)
                continue;
            if (j < 32 && (t->numeric & (1u << j)))
                ok &= worksheet_write_number(ws, row, (lxw_col_t)j, strtod(s, NULL),
                                             (t->percent & (1u << j)) ? percent : NULL) ==
                      LXW_NO_ERROR;
            else
                ok &= worksheet_write_string(ws, row, (lxw_col_t)j, s, NULL) == LXW_NO_ERROR;
        }
        /* a little wider than the longest cell, but a long note does not make a wall */
        width = width < 8 ? 8 : width > 60 ? 60 : width;
        worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j, (double)width + 2, NULL);
    }
    return ok;
}

/* The chart, right of the table, over its first chart.nrows rows. */
static bool xlsx_chart(const struct export_table *t, lxw_workbook *wb, lxw_worksheet *ws,
                       lxw_row_t top)
{
    const struct export_chart *c = &t->chart;
    if (!c->nrows || !c->nvalues)
        return true;
    lxw_chart *chart = workbook_add_chart(wb, c->line ? LXW_CHART_LINE : LXW_CHART_BAR);
    if (!chart)
        return false;
    lxw_row_t first = top + 1, last = (lxw_row_t)(top + c->nrows);
    for (size_t k = 0; k < c->nvalues && k < ARRAY_SIZE(c->values); k++) {
        lxw_chart_series *s = chart_add_series(chart, NULL, NULL);
        if (!s)
            return false;
        lxw_col_t col = (lxw_col_t)c->values[k];
        chart_series_set_categories(s, "Sheet1", first, (lxw_col_t)c->category, last,
                                    (lxw_col_t)c->category);
        chart_series_set_values(s, "Sheet1", first, col, last, col);
        chart_series_set_name_range(s, "Sheet1", top, col);
    }
    if (c->title)
        chart_title_set_name(chart, c->title);
    return worksheet_insert_chart(ws, top, (lxw_col_t)(t->ncols + 1), chart) == LXW_NO_ERROR;
}

int export_xlsx(struct arena *a, const struct export_table *t, char **data, size_t *len)
{
    lxw_workbook *wb = NULL;
    lxw_worksheet *ws;
    int rc = DARS_ERR;

    /* libxlsxwriter 1.1.4 writes only to a file: a private one, removed at once */
    const char *tmp = getenv("TMPDIR");
    char *path = arena_printf(a, "%s/dars-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "dars: cannot create a temporary file in '%s'\n", tmp ? tmp : "/tmp");
        return DARS_ERR;
    }
    close(fd);
    if (!(wb = workbook_new(path)) || !(ws = workbook_add_worksheet(wb, NULL)))
        goto out;
    lxw_format *bold = workbook_add_format(wb), *percent = workbook_add_format(wb);
    format_set_bold(bold);
    format_set_num_format(percent, "0.0%");
    bool filled = true;
    lxw_row_t top = xlsx_notes(t, ws, bold, &filled);
    filled &= xlsx_fill(t, ws, bold, percent, top);
    filled &= xlsx_chart(t, wb, ws, top);
    lxw_error e = workbook_close(wb);
    wb = NULL;
    if (e != LXW_NO_ERROR || !filled) {
        fprintf(stderr, "dars: cannot write a workbook: %s\n", lxw_strerror(e));
        goto out;
    }
    rc = slurp(a, path, data, len);
out:
    if (wb)
        workbook_close(wb);
    unlink(path);
    return rc;
}

static void attach(struct req *r, const char *filename, const char *ext)
{
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"%s.%s\"", filename, ext));
}

int export_send_csv(struct req *r, const struct export_table *t, const char *filename)
{
    struct buf b = BUF_INIT;

    export_csv(&b, t);
    attach(r, filename, "csv");
    int rc = http_send(r, 200, "text/csv; charset=utf-8", b.ptr, b.len);
    buf_release(&b);
    return rc;
}

int export_send_xlsx(struct req *r, const struct export_table *t, const char *filename)
{
    char *data = NULL;
    size_t len = 0;
    int rc = export_xlsx(&r->arena, t, &data, &len);

    if (rc < 0)
        return rc;
    attach(r, filename, "xlsx");
    return http_send(r, 200, XLSX_TYPE, data, len);
}
