/*
 * Table downloads: a header row and rows of text cells, written as CSV or
 * XLSX and sent as an attachment. Learners, participants and attendance use it.
 */
#ifndef DARS_VIEW_EXPORT_H
#define DARS_VIEW_EXPORT_H

#include "core/arena.h"
#include "core/buf.h"
#include "http/http.h"

#include <stdbool.h>
#include <stddef.h>

/* A native chart of some columns over the first rows (the XLSX only). */
struct export_chart {
    bool line;         /* a line per column (months), else bars per row */
    size_t category;   /* the column of the rows' names */
    size_t values[4];  /* the columns drawn, nvalues of them */
    size_t nvalues;
    size_t nrows;      /* the first rows drawn (not a totals row after them); 0: no chart */
    const char *title;
};

struct export_table {
    struct arena *arena;      /* the cells are copied here */
    const char *const *header; /* ncols names */
    size_t ncols, nrows, cap;
    const char **cells;       /* nrows * ncols, row by row */
    unsigned numeric;         /* bit i: column i holds numbers, written as such in XLSX */
    unsigned percent;         /* bit i: and shown as a percentage (0.75: 75%) */
    /* XLSX only, written above the table: a title and label/value lines (the filters) */
    const char *title;
    const char *const *notes; /* 2 * nnotes strings: label, value, label, value... */
    size_t nnotes;
    struct export_chart chart;
};

/* An empty table of the given header; rows go in with export_row. */
void export_init(struct export_table *t, struct arena *a, const char *const *header,
                 size_t ncols);
/* A new row: ncols slots, "" until set; export_set copies a value in. */
const char **export_row(struct export_table *t);
void export_set(struct export_table *t, const char **row, size_t col, const char *s);

/*
 * The table as CSV: UTF-8 with a byte-order mark (so that Excel reads it as
 * UTF-8), RFC 4180 quoting, CRLF line ends, and a cell starting with = + - @
 * tab or CR prefixed with ' so that spreadsheets do not run it as a formula.
 */
void export_csv(struct buf *b, const struct export_table *t);
/*
 * The table as an XLSX workbook (bold header, column widths) in the arena,
 * under its title and notes, with its chart when it has one.
 */
int export_xlsx(struct arena *a, const struct export_table *t, char **data, size_t *len);

/*
 * Send the table as "filename.csv" or "filename.xlsx" (Content-Disposition:
 * attachment); filename must need no quoting. Returns http_send's status.
 */
int export_send_csv(struct req *r, const struct export_table *t, const char *filename);
int export_send_xlsx(struct req *r, const struct export_table *t, const char *filename);

#endif
