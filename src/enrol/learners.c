/*
 * A course's learners for those who manage it: the list with status,
 * progress and activity (filter by status, search, pages), and the same rows
 * as CSV and XLSX downloads. Each answer costs a fixed number of statements.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "db/db.h"
#include "view/form.h"
#include "view/i18n.h"
#include "view/view.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>

static const char *const statuses[] = { "requested", "waitlisted", "active", "completed",
                                        "withdrawn" };

/* The filters of the URL: a known status or "", and the search as a LIKE pattern. */
struct filters {
    const char *status, *q, *like;
};

static struct filters filters_read(struct req *r)
{
    struct filters f = { "", http_query(r, "q"), NULL };
    const char *s = http_query(r, "status");
    for (size_t i = 0; s && i < ARRAY_SIZE(statuses); i++)
        if (streq(statuses[i], s))
            f.status = statuses[i];
    if (!f.q)
        f.q = "";
    f.like = form_like(&r->arena, f.q);
    return f;
}

/* The query string of the filters, for the export links ("" or "?status=...&q=..."). */
static const char *filters_query(struct req *r, const struct filters *f)
{
    if (!*f->status && !*f->q)
        return "";
    return arena_printf(&r->arena, "?status=%s&q=%s", f->status, view_url_encode(&r->arena, f->q));
}

/* GET /courses/:code/learners */
int enrol_learners_page(struct req *r)
{
    struct catalog_course c;
    struct db_stmt *st;
    int64_t total = 0, page = form_page_arg(r);
    int rc = enrol_course_managed(r, &c);

    if (rc < 0)
        return rc;
    struct filters f = filters_read(r);
    if ((rc = db_query_int(r->db, enrol_learners_count_sql,
                           DB_ARGS(DB_INT(c.id), DB_TEXT(f.status), DB_TEXT(f.status),
                                   DB_TEXT(f.like)),
                           &total)) < 0)
        return rc;
    if ((rc = db_query(r->db, &st, enrol_learners_page_sql,
                       DB_ARGS(DB_INT(c.id), DB_TEXT(f.status), DB_TEXT(f.status),
                               DB_TEXT(f.like), DB_INT(ENROL_PAGE_SIZE),
                               DB_INT((page - 1) * ENROL_PAGE_SIZE)))) < 0)
        return rc;
    json_t *items = json_array();
    while ((rc = db_step(st)) == DB_ROW) {
        const char *last = db_col_text(st, 5), *done = db_col_text(st, 6);
        json_array_append_new(
            items, json_pack("{s:s, s:s, s:s, s:s, s:I, s:s, s:s, s:s}", "email",
                             db_col_text(st, 1), "full_name", db_col_text(st, 2), "status",
                             enrol_status_label(r->lang, db_col_text(st, 3)), "status_code",
                             db_col_text(st, 3), "progress", (json_int_t)db_col_int(st, 4),
                             "last_activity", *last ? view_datetime(r, last) : "",
                             "completed_at", *done ? view_date(r, done) : "", "enrolled_at",
                             view_date(r, db_col_text(st, 7))));
    }
    db_done(st);
    if (rc < 0) {
        json_decref(items);
        return rc;
    }
    json_t *opts = json_array();
    for (size_t i = 0; i < ARRAY_SIZE(statuses); i++)
        json_array_append_new(opts, json_pack("{s:s, s:s, s:b}", "value", statuses[i], "label",
                                              enrol_status_label(r->lang, statuses[i]),
                                              "selected", streq(statuses[i], f.status)));
    const char *url = enrol_course_url(r, &c);
    const char *query = filters_query(r, &f);
    json_t *ctx = json_pack(
        "{s:s, s:s, s:s, s:s, s:o, s:o, s:b, s:b, s:s, s:s}", "title",
        _(r->lang, "Learners"), "course", c.title, "url", url, "q", f.q, "statuses", opts,
        "items", items, "has_items", json_array_size(items) > 0, "filtered",
        *f.status || *f.q, "csv_url", arena_printf(&r->arena, "%s/learners.csv%s", url, query),
        "xlsx_url", arena_printf(&r->arena, "%s/learners.xlsx%s", url, query));
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c.title, url, NULL);
    view_pager(r, ctx, page, ENROL_PAGE_SIZE, total);
    return view_page(r, "enrol_learners", ctx);
}

/* One exported row, in the column order of the header. */
struct export_row {
    const char *cells[7];
    int64_t progress;
};

static const char *const export_header[] = { "email",     "full_name",        "status",
                                             "progress",  "last_activity_at", "completed_at",
                                             "enrolled_at" };

/* Run the export query and call fn for each row. */
static int export_rows(struct req *r, struct catalog_course *c,
                       void (*fn)(void *data, const struct export_row *row), void *data)
{
    struct db_stmt *st;
    int rc = enrol_course_managed(r, c);

    if (rc < 0)
        return rc;
    struct filters f = filters_read(r);
    if ((rc = db_query(r->db, &st, enrol_learners_all_sql,
                       DB_ARGS(DB_INT(c->id), DB_TEXT(f.status), DB_TEXT(f.status),
                               DB_TEXT(f.like)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct export_row row = { { db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
                                    NULL, db_col_text(st, 5), db_col_text(st, 6),
                                    db_col_text(st, 7) },
                                  db_col_int(st, 4) };
        fn(data, &row);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

static void attach(struct req *r, const struct catalog_course *c, const char *ext)
{
    /* course codes are A-Z, 0-9 and '-': nothing to quote */
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "attachment; filename=\"%s-learners.%s\"", c->code,
                                 ext));
}

/* One CSV field, RFC 4180 quoting; a leading = + - @ is defused for spreadsheets. */
static void csv_field(struct buf *b, const char *s)
{
    bool quote = strpbrk(s, ",\"\r\n") != NULL;
    if (quote)
        buf_addch(b, '"');
    if (*s == '=' || *s == '+' || *s == '-' || *s == '@')
        buf_addch(b, '\'');
    for (; *s; s++) {
        if (*s == '"')
            buf_addch(b, '"');
        buf_addch(b, *s);
    }
    if (quote)
        buf_addch(b, '"');
}

static void csv_row(void *data, const struct export_row *row)
{
    struct buf *b = data;
    for (size_t i = 0; i < ARRAY_SIZE(row->cells); i++) {
        if (i)
            buf_addch(b, ',');
        if (i == 3)
            buf_addf(b, "%lld", (long long)row->progress);
        else
            csv_field(b, row->cells[i]);
    }
    buf_adds(b, "\r\n");
}

/* GET /courses/:code/learners.csv */
int enrol_learners_csv(struct req *r)
{
    struct catalog_course c;
    struct buf b = BUF_INIT;
    int rc;

    /* a byte-order mark, so that Excel reads the file as UTF-8 */
    buf_adds(&b, "\xEF\xBB\xBF");
    for (size_t i = 0; i < ARRAY_SIZE(export_header); i++) {
        if (i)
            buf_addch(&b, ',');
        buf_adds(&b, export_header[i]);
    }
    buf_adds(&b, "\r\n");
    if ((rc = export_rows(r, &c, csv_row, &b)) == 0) {
        attach(r, &c, "csv");
        rc = http_send(r, 200, "text/csv; charset=utf-8", b.ptr, b.len);
    }
    buf_release(&b);
    return rc;
}

struct sheet {
    lxw_worksheet *ws;
    lxw_row_t row;
    bool failed;
};

static void xlsx_row(void *data, const struct export_row *row)
{
    struct sheet *s = data;
    s->row++;
    for (lxw_col_t i = 0; i < ARRAY_SIZE(row->cells); i++) {
        lxw_error e = i == 3 ? worksheet_write_number(s->ws, s->row, i, (double)row->progress,
                                                      NULL)
                             : worksheet_write_string(s->ws, s->row, i, row->cells[i], NULL);
        if (e != LXW_NO_ERROR)
            s->failed = true;
    }
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

/* GET /courses/:code/learners.xlsx */
int enrol_learners_xlsx(struct req *r)
{
    struct catalog_course c;
    struct sheet s = { NULL, 0, false };
    lxw_workbook *wb = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = DARS_ERR;

    /* libxlsxwriter 1.1.4 writes only to a file: a private one, removed at once */
    const char *tmp = getenv("TMPDIR");
    char *path = arena_printf(&r->arena, "%s/dars-xlsx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    if (fd < 0) {
        fprintf(stderr, "dars: cannot create a temporary file in '%s'\n", tmp ? tmp : "/tmp");
        return DARS_ERR;
    }
    close(fd);
    if (!(wb = workbook_new(path)) || !(s.ws = workbook_add_worksheet(wb, NULL)))
        goto out;
    lxw_format *bold = workbook_add_format(wb);
    format_set_bold(bold);
    for (lxw_col_t i = 0; i < ARRAY_SIZE(export_header); i++)
        worksheet_write_string(s.ws, 0, i, export_header[i], bold);
    if ((rc = export_rows(r, &c, xlsx_row, &s)) < 0)
        goto out;
    lxw_error e = workbook_close(wb);
    wb = NULL;
    if (e != LXW_NO_ERROR || s.failed) {
        fprintf(stderr, "dars: cannot write the learners workbook: %s\n", lxw_strerror(e));
        rc = DARS_ERR;
        goto out;
    }
    if ((rc = slurp(&r->arena, path, &data, &len)) < 0)
        goto out;
    attach(r, &c, "xlsx");
    rc = http_send(r, 200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                   data, len);
out:
    if (wb)
        workbook_close(wb);
    unlink(path);
    return rc;
}
