/*
 * A metric's filter in words for a page ("Region: Baku · Gender: Women"):
 * each dimension's title, and its value's label, translated for values
 * (gender, age band, kind of centre, area, disability) and read from the
 * records for codes, in the reader's language where they have one.
 */
#include "core/base.h"
#include "reports/reports_int.h"
#include "catalog/catalog.h"
#include "core/buf.h"
#include "db/db.h"
#include "org/org.h"
#include "view/form.h"

#include <string.h>

/* The name of code in one of the lists of the report form: args language; columns code, name. */
static int name_in_list(struct db *db, struct arena *a, const char *sql, const char *lang,
                        int code_col, int name_col, const char *code, const char **name)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, sql, DB_ARGS(DB_TEXT(lang)));
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        if (streq(db_col_text(st, code_col), code)) {
            *name = arena_strdup(a, db_col_text(st, name_col));
            break;
        }
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* The one column of the first row of sql, if any. */
static int name_of(struct db *db, struct arena *a, const char *sql, const struct db_arg *args,
                   size_t nargs, const char **name)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, args, nargs);
    if (rc == DARS_ENOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    *name = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return 0;
}

/* What a code stands for in lang; the code itself when nothing has it (or no name is known). */
static int code_label(struct db *db, struct arena *a, const char *lang,
                      const struct report_dim *dim, const char *code, const char **label)
{
    const char *name = NULL;
    int rc = 0;
    if (streq(dim->name, "region"))
        rc = name_in_list(db, a, org_report_regions_sql, lang, 1, 2, code, &name);
    else if (streq(dim->name, "programme"))
        rc = name_in_list(db, a, catalog_report_programmes_sql, lang, 0, 1, code, &name);
    else if (streq(dim->name, "centre"))
        rc = name_of(db, a, report_centre_name_sql, DB_ARGS(DB_TEXT(code)), &name);
    else if (streq(dim->name, "course"))
        rc = name_of(db, a, report_course_title_sql, DB_ARGS(DB_TEXT(lang), DB_TEXT(code)),
                     &name);
    else if (streq(dim->name, "organisation"))
        rc = name_of(db, a, report_organisation_name_sql, DB_ARGS(DB_TEXT(code)), &name);
    *label = name && *name ? name : code;
    return rc;
}

int reports_filter_words(struct db *db, struct arena *a, const char *lang,
                         const struct report_metric_filter *filters, size_t nfilters,
                         const char **words)
{
    struct buf b = BUF_INIT;
    int rc = 0;

    for (size_t i = 0; i < nfilters; i++) {
        const struct report_dim *dim = report_dim_find(filters[i].name);
        const char *value = filters[i].value ? filters[i].value : "", *label = value;
        if (dim && dim->values)
            label = report_value_label(lang, dim, value);
        else if (dim && (rc = code_label(db, a, lang, dim, form_code_norm(a, value), &label)) < 0)
            goto out;
        buf_addf(&b, "%s%s: %s", b.len ? " · " : "",
                 dim ? report_dim_title(lang, dim->name) : filters[i].name ? filters[i].name : "",
                 label);
    }
    rc = 0;
out:
    *words = arena_strdup(a, b.ptr);
    buf_release(&b);
    return rc;
}
