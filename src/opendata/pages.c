/*
 * The pages of open data: the catalogue (/open-data), a dataset's page with
 * its data dictionary, what was hidden and why (counts only) and its
 * archive, and the admins' page of runs with "Publish now". The public
 * pages read the figures from the cache (cache.c): the catalogue costs no
 * statement but the cache's look a second; a dataset's page one for its
 * archive.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "audit/audit.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/log.h"
#include "http/hooks.h"
#include "http/http.h"
#include "view/form.h"
#include "view/view.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/*
 * "Counts hidden so that nobody can be identified: 12.", or that none was:
 * the figure after a colon, so that no language needs a plural form for it
 */
static const char *hidden_words(struct req *r, int64_t n)
{
    if (n == 0)
        return _(r->lang, "No count had to be hidden.");
    return i18n_fill(&r->arena,
                     _(r->lang, "Counts hidden so that nobody can be identified: {count}."),
                     "{count}", view_int(r, n));
}

static struct val *files_of(struct req *r, const struct od_dataset *ds, const char *prefix)
{
    struct arena *a = &r->arena;
    return val_pack(a, "{s:o, s:o}", "csv",
                    val_str_ref(a, arena_printf(a, "%s%s.csv", prefix, ds->name)), "json",
                    val_str_ref(a, arena_printf(a, "%s%s.json", prefix, ds->name)));
}

/* GET /open-data */
int od_catalogue_page(struct req *r)
{
    struct arena *a = &r->arena;
    struct val *ctx = val_object(a), *items = val_list(a);
    bool any = false;
    int rc;

    if ((rc = od_cache_fresh(r->db)) < 0)
        return rc;
    for (size_t i = 0; i < od_ndatasets; i++) {
        const struct od_dataset *ds = &od_datasets[i];
        struct od_latest l;
        bool have = od_cache_get(i, &l);
        any |= have;
        struct val *item = val_pack(
            a, "{s:o, s:o, s:o, s:o, s:b}", "title", val_str_ref(a, _(r->lang, ds->title)),
            "description", val_str_ref(a, _(r->lang, ds->description)), "url",
            val_str_ref(a, arena_printf(a, "/open-data/%s", ds->name)), "files",
            files_of(r, ds, "/open-data/"), "published", have);
        if (have) {
            val_set_str(item, "date", view_date(r, l.day));
            val_set(item, "hidden",
                    val_str_ref(a, ds->suppressed ? hidden_words(r, l.primary + l.secondary)
                                                  : ""));
        }
        val_push(items, item);
    }
    val_set_str(ctx, "title", _(r->lang, "Open data"));
    val_set(ctx, "items", items);
    val_set_bool(ctx, "published", any);
    return view_page(r, "opendata_catalogue", ctx);
}

static const char *type_name(struct req *r, enum od_type t)
{
    switch (t) {
    case OD_TEXT: return _(r->lang, "text");
    case OD_COUNT: return _(r->lang, "whole number, or empty when hidden");
    case OD_BOOL: return _(r->lang, "true or false");
    }
    return "";
}

/* GET /open-data/{dataset} */
int od_dataset_page(struct req *r)
{
    struct arena *a = &r->arena;
    const struct od_dataset *ds = od_dataset_find(r->params[0]);
    struct val *ctx = val_object(a), *columns = val_list(a), *archive = val_list(a);
    struct od_latest l;
    struct db_stmt *st;
    int64_t k = 5, round = 0;
    const char *err;
    int rc;

    if (!ds)
        return http_error(r, 404, NULL);
    if ((rc = od_cache_fresh(r->db)) < 0)
        return rc;
    bool have = od_cache_get((size_t)(ds - od_datasets), &l);
    for (size_t i = 0; i < ds->ncolumns; i++)
        val_push(columns, val_pack(a, "{s:o, s:o, s:o}", "name",
                                   val_str_ref(a, ds->columns[i].name), "type",
                                   val_str_ref(a, type_name(r, ds->columns[i].type)), "meaning",
                                   val_str_ref(a, _(r->lang, ds->columns[i].meaning))));
    if ((rc = db_query(r->db, &st, od_archive_sql, DB_ARGS(DB_TEXT(ds->name)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *day = arena_strdup(a, db_col_text(st, 0));
        val_push(archive,
                 val_pack(a, "{s:o, s:o, s:o, s:o}", "date", val_str_ref(a, view_date(r, day)),
                          "rows", val_str_ref(a, view_int(r, db_col_int(st, 1))), "hidden",
                          val_str_ref(a, view_int(r, db_col_int(st, 2) + db_col_int(st, 3))),
                          "files", files_of(r, ds, arena_printf(a, "/open-data/archive/%s/", day))));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    od_settings(&k, &round, &err);

    val_set_str(ctx, "title", _(r->lang, ds->title));
    val_set_str(ctx, "description", _(r->lang, ds->description));
    val_set(ctx, "files", files_of(r, ds, "/open-data/"));
    val_set(ctx, "columns", columns);
    val_set(ctx, "archive", archive);
    val_set_bool(ctx, "has_archive", val_len(archive) > 0);
    val_set_bool(ctx, "published", have);
    val_set_bool(ctx, "suppressed", ds->suppressed);
    if (have) {
        val_set_str(ctx, "date", view_date(r, l.day));
        val_set_str(ctx, "hidden", hidden_words(r, l.primary + l.secondary));
        val_set_str(ctx, "primary", view_int(r, l.primary));
        val_set_str(ctx, "secondary", view_int(r, l.secondary));
        val_set_bool(ctx, "has_coverage", *l.from != '\0');
        val_set_str(ctx, "from", view_date(r, l.from));
        val_set_str(ctx, "to", view_date(r, l.to));
        /* what the files were published with, not what the settings say now */
        k = l.k;
        round = l.round;
    }
    val_set_str(ctx, "k_minus_1", view_int(r, k - 1));
    val_set_bool(ctx, "rounded", round > 1);
    val_set_str(ctx, "round", view_int(r, round));
    form_crumbs(r, ctx, _(r->lang, "Open data"), "/open-data", NULL);
    return view_page(r, "opendata_dataset", ctx);
}

/* GET /admin/open-data */
int od_admin_page(struct req *r)
{
    struct arena *a = &r->arena;
    struct val *ctx = val_object(a), *runs = val_list(a);
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, od_runs_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const char *status = db_col_text(st, 4);
        struct val *sets = val_list(a);
        json_t *sum = json_loads(db_col_text(st, 6), 0, NULL);
        const char *name;
        json_t *v;
        json_object_foreach(sum, name, v) {
            const struct od_dataset *ds = od_dataset_find(name);
            if (!ds)
                continue;
            json_int_t p = json_integer_value(json_object_get(v, "primary")),
                       s = json_integer_value(json_object_get(v, "secondary"));
            val_push(sets, val_pack(a, "{s:o, s:o, s:o}", "title",
                                    val_str_ref(a, _(r->lang, ds->title)), "primary",
                                    val_str_ref(a, view_int(r, p)), "secondary",
                                    val_str_ref(a, view_int(r, s))));
        }
        json_decref(sum);
        val_push(runs,
                 val_pack(a, "{s:s, s:s, s:o, s:s, s:o, s:b, s:o, s:s}", "day",
                          db_col_text(st, 1), "started", db_col_text(st, 2), "duration",
                          val_str_ref(a, db_col_is_null(st, 3)
                                             ? ""
                                             : i18n_fill(a, _(r->lang, "{ms} ms"), "{ms}",
                                                         view_int(r, db_col_int(st, 3)))),
                          "status", db_col_text(st, 4), "status_label",
                          val_str_ref(a, streq(status, "published") ? _(r->lang, "Published")
                                         : streq(status, "failed")  ? _(r->lang, "Failed")
                                                                    : _(r->lang, "Running")),
                          "failed", streq(status, "failed"), "datasets", sets, "error",
                          db_col_text(st, 5)));
        struct val *last = val_at(runs, val_len(runs) - 1);
        val_set(last, "who",
                val_str_ref(a, db_col_is_null(st, 7) ? _(r->lang, "Daily run or command line")
                                                     : _(r->lang, "An administrator")));
        val_set_str(last, "started_at", view_datetime(r, db_col_text(st, 2)));
    }
    db_done(st);
    if (rc < 0)
        return rc;
    val_set_str(ctx, "title", _(r->lang, "Open data"));
    val_set(ctx, "runs", runs);
    val_set_bool(ctx, "has_runs", val_len(runs) > 0);
    return view_page(r, "opendata_admin", ctx);
}

/*
 * POST /admin/open-data/publish: no confirmation (publishing takes nothing
 * away), audited. The count runs on the server's background thread, woken
 * at once (a national database takes about a minute, longer than a proxy
 * waits for an answer); the page then shows the run. A server without that
 * thread publishes here.
 */
int od_admin_publish(struct req *r)
{
    struct actor who = audit_actor(r);
    const char *err = NULL;
    int rc;

    if ((rc = od_publish_request(r->db, &who)) < 0)
        return rc;
    if (http_background_wake()) {
        view_flash(r, N_("Publishing has started. The new snapshot is served as soon as it is "
                         "ready; this page lists the run."));
        return http_redirect(r, "/admin/open-data");
    }
    /* no background thread (not `dars serve`): publish here, and the request is answered */
    rc = opendata_publish(r->db, &who, &err);
    if (rc < 0)
        log_error("opendata: publishing failed: %s", err ? err : "");
    int drc = db_exec(r->db, od_request_clear_sql, DB_NOARGS);
    if (rc < 0 && rc != DARS_EINVALID && rc != DARS_EDB)
        return rc;
    if (drc < 0)
        return drc;
    view_flash(r, rc < 0 ? N_("Publishing failed; the last snapshot is still served.")
                         : N_("Published: the new snapshot is served now."));
    return http_redirect(r, "/admin/open-data");
}
