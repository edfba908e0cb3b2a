/*
 * A dataset's files as published: CSV (RFC 4180, UTF-8, a header row; a
 * hidden count is an empty field) and JSON ({"dataset", "date", "rows": [...]},
 * a hidden count is null), written once per publish and stored, so that
 * both say exactly the same thing.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "core/arena.h"

#include <jansson.h>
#include <sodium.h>
#include <string.h>

static void csv_field(struct buf *out, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        buf_adds(out, s);
        return;
    }
    buf_addch(out, '"');
    for (; *s; s++) {
        if (*s == '"')
            buf_addch(out, '"');
        buf_addch(out, *s);
    }
    buf_addch(out, '"');
}

static bool row_suppressed(const struct od_table *t, const struct od_row *row)
{
    for (size_t i = 0; i < t->ncounts; i++)
        if (row->hidden[i])
            return true;
    return false;
}

void od_write_csv(const struct od_table *t, struct buf *out)
{
    const struct od_dataset *ds = t->ds;
    for (size_t c = 0; c < ds->ncolumns; c++) {
        buf_adds(out, c ? "," : "");
        buf_adds(out, ds->columns[c].name);
    }
    buf_adds(out, "\r\n");
    for (size_t i = 0; i < t->nrows; i++) {
        const struct od_row *row = &t->rows[i];
        size_t ti = 0, ci = 0;
        for (size_t c = 0; c < ds->ncolumns; c++) {
            buf_adds(out, c ? "," : "");
            switch (ds->columns[c].type) {
            case OD_TEXT:
                csv_field(out, row->text[ti++]);
                break;
            case OD_COUNT:
                if (!row->hidden[ci])
                    buf_addf(out, "%lld", (long long)row->counts[ci]);
                ci++;
                break;
            case OD_BOOL:
                buf_adds(out, row_suppressed(t, row) ? "true" : "false");
                break;
            }
        }
        buf_adds(out, "\r\n");
    }
}

void od_write_json(const struct od_table *t, const char *day, struct buf *out)
{
    const struct od_dataset *ds = t->ds;
    json_t *rows = json_array();
    for (size_t i = 0; i < t->nrows; i++) {
        const struct od_row *row = &t->rows[i];
        json_t *o = json_object();
        size_t ti = 0, ci = 0;
        for (size_t c = 0; c < ds->ncolumns; c++) {
            const char *name = ds->columns[c].name;
            switch (ds->columns[c].type) {
            case OD_TEXT:
                json_object_set_new(o, name, json_string(row->text[ti++]));
                break;
            case OD_COUNT:
                json_object_set_new(o, name, row->hidden[ci] ? json_null()
                                                             : json_integer(row->counts[ci]));
                ci++;
                break;
            case OD_BOOL:
                json_object_set_new(o, name, json_boolean(row_suppressed(t, row)));
                break;
            }
        }
        json_array_append_new(rows, o);
    }
    json_t *doc = json_pack("{s:s, s:s, s:o}", "dataset", ds->name, "date", day, "rows", rows);
    char *text = json_dumps(doc, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text)
        BUG("cannot write a dataset as JSON");
    buf_adds(out, text);
    buf_addch(out, '\n');
    free(text);
}

const char *od_etag(struct arena *a, const void *p, size_t n)
{
    unsigned char h[16];
    char hex[2 * sizeof(h) + 1];
    crypto_generichash(h, sizeof(h), p, n, NULL, 0);
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    return arena_printf(a, "\"%s\"", hex);
}
