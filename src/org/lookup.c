/* Finding regions, centres and organisations by code for other modules. */
#include "core/base.h"
#include "org/org_int.h"
#include "core/val.h"
#include "db/db.h"

int org_region_id(struct db *db, const char *code, int64_t *id)
{
    return db_query_int(db, org_region_id_sql, DB_ARGS(DB_TEXT(code)), id);
}

int org_centre_id(struct db *db, const char *code, int64_t *id)
{
    return db_query_int(db, org_centre_id_sql, DB_ARGS(DB_TEXT(code)), id);
}

int org_organisation_id(struct db *db, const char *code_or_name, int64_t *id)
{
    const char *c = code_or_name;
    return db_query_int(db, org_organisation_id_sql, DB_ARGS(DB_TEXT(c), DB_TEXT(c), DB_TEXT(c)),
                        id);
}

static int code_of(struct db *db, struct arena *a, const char *sql, int64_t id, const char **code)
{
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, DB_ARGS(DB_INT(id)));
    *code = NULL;
    if (rc < 0)
        return rc;
    *code = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return 0;
}

int org_centre_code(struct db *db, struct arena *a, int64_t id, const char **code)
{
    return code_of(db, a, org_centre_code_sql, id, code);
}

int org_region_code(struct db *db, struct arena *a, int64_t id, const char **code)
{
    return code_of(db, a, org_region_code_sql, id, code);
}

struct val *org_centre_options(struct arena *a, struct db *db, const char *selected)
{
    struct db_stmt *st;
    struct val *out = val_list(a);
    int rc = db_query(db, &st, org_centre_options_sql, DB_NOARGS);
    if (rc < 0)
        goto out;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *code = db_col_text(st, 0);
        val_push(out, val_pack(a, "{s:s, s:s, s:b}", "code", code, "name", db_col_text(st, 1),
                               "selected", selected && streq(selected, code)));
    }
    db_done(st);
out:
    return rc < 0 ? NULL : out;
}
