/*
 * Lessons' HTML, rendered from their Markdown once, when written, and stored
 * beside it (migration 0025), so that the lesson page never runs cmark. Rows
 * written before the migration, or by anything that wrote the body alone
 * (the migration's triggers then clear the HTML), are rendered here when the
 * catalog starts.
 */
#include "core/base.h"
#include "catalog/catalog_int.h"
#include "catalog/markdown.h"
#include "core/arena.h"
#include "db/db.h"

#define RENDER_BATCH 500

static const char lessons_todo_sql[] =
    "SELECT id, body FROM lessons WHERE body_html IS NULL ORDER BY id LIMIT ?";
static const char lesson_html_set_sql[] = "UPDATE lessons SET body_html = ? WHERE id = ?";
static const char lesson_i18n_todo_sql[] =
    "SELECT lesson_id, lang, body FROM lesson_i18n WHERE body_html IS NULL"
    " ORDER BY lesson_id, lang LIMIT ?";
static const char lesson_i18n_html_set_sql[] =
    "UPDATE lesson_i18n SET body_html = ? WHERE lesson_id = ? AND lang = ?";

int catalog_lesson_html(struct arena *a, const char *body, const char **html)
{
    return catalog_markdown_html(a, body ? body : "", body ? strlen(body) : 0, html);
}

/*
 * One batch of one table: its rows read first, then written, all in one
 * transaction. *n is how many were rendered (fewer than a batch: the last).
 */
static int render_batch(struct db *db, bool i18n, size_t *n)
{
    struct arena a = ARENA_INIT;
    struct db_stmt *st;
    struct row {
        int64_t id;
        const char *lang, *html;
    } *rows = ARENA_NEW_N(&a, struct row, RENDER_BATCH);
    size_t count = 0;
    int rc;

    *n = 0;
    if ((rc = db_tx_begin(db)) < 0)
        goto out;
    if ((rc = db_query(db, &st, i18n ? lesson_i18n_todo_sql : lessons_todo_sql,
                       DB_ARGS(DB_INT(RENDER_BATCH)))) < 0)
        goto rollback;
    while (count < RENDER_BATCH && (rc = db_step(st)) == DB_ROW) {
        struct row *w = &rows[count];
        w->id = db_col_int(st, 0);
        w->lang = i18n ? arena_strdup(&a, db_col_text(st, 1)) : NULL;
        if ((rc = catalog_lesson_html(&a, db_col_text(st, i18n ? 2 : 1), &w->html)) < 0)
            break;
        count++;
    }
    db_done(st);
    if (rc < 0)
        goto rollback;
    for (size_t i = 0; i < count && rc >= 0; i++)
        rc = i18n ? db_exec(db, lesson_i18n_html_set_sql,
                            DB_ARGS(DB_TEXT(rows[i].html), DB_INT(rows[i].id),
                                    DB_TEXT(rows[i].lang)))
                  : db_exec(db, lesson_html_set_sql,
                            DB_ARGS(DB_TEXT(rows[i].html), DB_INT(rows[i].id)));
    if (rc < 0)
        goto rollback;
    if ((rc = db_tx_commit(db)) < 0)
        goto out;
    *n = count;
    goto out;
rollback:
    db_tx_rollback(db);
out:
    arena_release(&a);
    return rc < 0 ? rc : 0;
}

int catalog_lessons_render(struct db *db)
{
    size_t n;
    int rc = 0;

    for (int i18n = 0; i18n < 2 && rc >= 0; i18n++) {
        do
            rc = render_batch(db, i18n, &n);
        while (rc >= 0 && n == RENDER_BATCH);
    }
    return rc;
}
