/*
 * The rows of a report statement, whichever way it was counted (run.c from
 * the records, cells.c from the summary): both select the same columns.
 */
#include "core/base.h"
#include "reports/reports_int.h"

#include <string.h>

static void read_figures(struct db_stmt *st, struct report_row *row)
{
    row->enrolled = db_col_int(st, 3);
    row->completed = db_col_int(st, 4);
    row->minutes = db_col_int(st, 5);
    row->attended = db_col_int(st, 6);
    row->marked = db_col_int(st, 7);
    /* the summary's statement (cells.c) has no certified: run.c counts it apart */
    row->certified = db_col_count(st) > 8 ? db_col_int(st, 8) : 0;
}

int report_rows_read(struct req *r, struct db_stmt *st, struct report_result *out)
{
    size_t cap = 0;
    int rc;
    out->rows = NULL;
    while ((rc = db_step(st)) == DB_ROW) {
        if (db_col_int(st, 0) == 1) {
            read_figures(st, &out->totals);
            continue;
        }
        out->rows = arena_grow(&r->arena, out->rows, out->nrows, &cap, sizeof(*out->rows));
        struct report_row *row = &out->rows[out->nrows++];
        memset(row, 0, sizeof(*row));
        row->key = db_col_is_null(st, 1) ? NULL : arena_strdup(&r->arena, db_col_text(st, 1));
        row->label = db_col_is_null(st, 2) ? NULL : arena_strdup(&r->arena, db_col_text(st, 2));
        read_figures(st, row);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
