/*
 * The latest snapshot of every dataset, held in memory by the process and
 * shared by the server's threads (read-mostly: a read-write lock), so that
 * the public files cost what a static file costs: no report query, no
 * statement at all but, at most once a second, one tiny one (the highest
 * snapshot id) that tells whether another process (`dars opendata publish`,
 * another node) has published since. A publish in this process forgets the
 * cache at once (od_cache_invalidate), so its own snapshot is served next.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "core/arena.h"
#include "core/xalloc.h"
#include "core/time.h"
#include "http/http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* how old the cache may be before the database is asked again */
#define OD_CACHE_NS 1000000000ull

static struct {
    pthread_rwlock_t lock;
    struct od_latest latest[OD_MAX_DATASETS];
    int64_t stamp;      /* the highest snapshot id when last read; -1: never read */
    uint64_t checked;   /* time_mono_ns() of the last look */
    bool stale;         /* set by a publish here: look now */
    /* the catalogue as built from latest for one site address (a Host header may vary) */
    char *catalog_site;
    struct od_file catalog;
} cache = { .lock = PTHREAD_RWLOCK_INITIALIZER, .stamp = -1 };

void od_http_date(const char *iso, char out[40])
{
    static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
    static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    time_t t = 0;
    struct tm tm;
    if (time_from_iso(iso, &t) < 0)
        t = 0;
    gmtime_r(&t, &tm);
    snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
             months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void file_set(struct od_file *f, struct db_stmt *st, int col, int etag_col)
{
    size_t len = 0;
    struct arena a = ARENA_INIT;
    const void *p = db_col_blob(st, col, &a, &len);
    f->bytes = xmalloc(len ? len : 1);
    if (len)
        memcpy(f->bytes, p, len);
    f->len = len;
    snprintf(f->etag, sizeof(f->etag), "%s", db_col_text(st, etag_col));
    arena_release(&a);
}

static void latest_release(struct od_latest *l)
{
    free(l->csv.bytes);
    free(l->json.bytes);
    memset(l, 0, sizeof(*l));
}

/* Read every dataset's latest snapshot into fresh (the caller holds no lock). */
static int latest_read(struct db *db, struct od_latest *fresh)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, od_latest_sql, DB_NOARGS);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        const struct od_dataset *ds = od_dataset_find(db_col_text(st, 0));
        if (!ds)
            continue;
        struct od_latest *l = &fresh[ds - od_datasets];
        latest_release(l);
        l->dataset = ds->name;
        snprintf(l->day, sizeof(l->day), "%s", db_col_text(st, 1));
        snprintf(l->published, sizeof(l->published), "%s", db_col_text(st, 2));
        od_http_date(l->published, l->modified);
        file_set(&l->csv, st, 3, 5);
        file_set(&l->json, st, 4, 6);
        l->rows = db_col_int(st, 7);
        l->cells = db_col_int(st, 8);
        l->primary = db_col_int(st, 9);
        l->secondary = db_col_int(st, 10);
        snprintf(l->from, sizeof(l->from), "%s", db_col_text(st, 11));
        snprintf(l->to, sizeof(l->to), "%s", db_col_text(st, 12));
        l->k = db_col_int(st, 13);
        l->round = db_col_int(st, 14);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Forget the catalogue (the caller holds the write lock). */
static void catalog_drop(void)
{
    free(cache.catalog_site);
    free(cache.catalog.bytes);
    cache.catalog_site = NULL;
    memset(&cache.catalog, 0, sizeof(cache.catalog));
}

int od_cache_fresh(struct db *db)
{
    uint64_t now = time_mono_ns();
    int64_t stamp = 0;
    int rc;

    pthread_rwlock_rdlock(&cache.lock);
    bool fresh = !cache.stale && cache.stamp >= 0 && now - cache.checked < OD_CACHE_NS;
    int64_t held = cache.stamp;
    pthread_rwlock_unlock(&cache.lock);
    if (fresh)
        return 0;
    if ((rc = db_query_int(db, od_stamp_sql, DB_NOARGS, &stamp)) < 0)
        return rc;
    if (stamp == held) {
        pthread_rwlock_wrlock(&cache.lock);
        cache.checked = now;
        cache.stale = false;
        pthread_rwlock_unlock(&cache.lock);
        return 0;
    }
    /* read outside the lock, then swap: readers wait only for the swap */
    struct od_latest fresh_v[OD_MAX_DATASETS];
    memset(fresh_v, 0, sizeof(fresh_v));
    if ((rc = latest_read(db, fresh_v)) < 0) {
        for (size_t i = 0; i < od_ndatasets; i++)
            latest_release(&fresh_v[i]);
        return rc;
    }
    pthread_rwlock_wrlock(&cache.lock);
    if (stamp < cache.stamp) {
        /* another thread swapped in a newer snapshot while this one read: keep it */
        pthread_rwlock_unlock(&cache.lock);
        for (size_t i = 0; i < od_ndatasets; i++)
            latest_release(&fresh_v[i]);
        return 0;
    }
    for (size_t i = 0; i < od_ndatasets; i++) {
        latest_release(&cache.latest[i]);
        cache.latest[i] = fresh_v[i];
    }
    catalog_drop();
    cache.stamp = stamp;
    cache.checked = now;
    cache.stale = false;
    pthread_rwlock_unlock(&cache.lock);
    return 0;
}

void od_cache_invalidate(void)
{
    pthread_rwlock_wrlock(&cache.lock);
    cache.stale = true;
    pthread_rwlock_unlock(&cache.lock);
}

bool od_cache_get(size_t i, struct od_latest *out)
{
    bool have;
    pthread_rwlock_rdlock(&cache.lock);
    *out = cache.latest[i];
    have = out->dataset != NULL;
    /* the bytes stay the cache's: a page reads only the figures */
    out->csv.bytes = out->json.bytes = NULL;
    pthread_rwlock_unlock(&cache.lock);
    return have;
}

int64_t od_cache_stamp(void)
{
    pthread_rwlock_rdlock(&cache.lock);
    int64_t stamp = cache.stamp;
    pthread_rwlock_unlock(&cache.lock);
    return stamp;
}

void od_cache_catalog_keep(int64_t stamp, const char *site, const char *bytes, size_t len,
                           const char *etag)
{
    pthread_rwlock_wrlock(&cache.lock);
    if (stamp == cache.stamp) {
        catalog_drop();
        cache.catalog_site = xstrdup(site);
        cache.catalog.bytes = xmalloc(len ? len : 1);
        memcpy(cache.catalog.bytes, bytes, len);
        cache.catalog.len = len;
        snprintf(cache.catalog.etag, sizeof(cache.catalog.etag), "%s", etag);
    }
    pthread_rwlock_unlock(&cache.lock);
}

bool od_cache_catalog_send(struct req *r, const char *site)
{
    const char *inm = http_header(r, "If-None-Match");
    pthread_rwlock_rdlock(&cache.lock);
    if (!cache.catalog_site || !streq(cache.catalog_site, site)) {
        pthread_rwlock_unlock(&cache.lock);
        return false;
    }
    http_add_header(r, "ETag", arena_strdup(&r->arena, cache.catalog.etag));
    http_add_header(r, "Cache-Control", "public, max-age=300");
    if (inm && strstr(inm, cache.catalog.etag)) {
        buf_reset(&r->out);
        r->status = 304;
    } else {
        http_send(r, 200, "application/ld+json", cache.catalog.bytes, cache.catalog.len);
    }
    pthread_rwlock_unlock(&cache.lock);
    return true;
}

int od_cache_send(struct req *r, size_t i, bool json)
{
    const struct od_latest *l;
    const struct od_file *f;
    const char *inm = http_header(r, "If-None-Match");

    pthread_rwlock_rdlock(&cache.lock);
    l = &cache.latest[i];
    if (!l->dataset) {
        pthread_rwlock_unlock(&cache.lock);
        return http_error(r, 404, NULL);
    }
    f = json ? &l->json : &l->csv;
    http_add_header(r, "ETag", arena_strdup(&r->arena, f->etag));
    http_add_header(r, "Last-Modified", arena_strdup(&r->arena, l->modified));
    /* a day's snapshot can be replaced by a later run: short, revalidated caching */
    http_add_header(r, "Cache-Control", "public, max-age=300");
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "inline; filename=\"%s-%s.%s\"", l->dataset, l->day,
                                 json ? "json" : "csv"));
    if (inm && strstr(inm, f->etag)) {
        pthread_rwlock_unlock(&cache.lock);
        r->status = 304;
        return 0;
    }
    int rc = http_send(r, 200, json ? "application/json" : "text/csv; charset=utf-8", f->bytes,
                       f->len);
    pthread_rwlock_unlock(&cache.lock);
    return rc;
}
