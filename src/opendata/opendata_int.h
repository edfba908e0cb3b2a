/* What the files of src/opendata share: the datasets, a computed table, the cache, SQL. */
#ifndef DARS_OPENDATA_OPENDATA_INT_H
#define DARS_OPENDATA_OPENDATA_INT_H

#include "opendata/opendata.h"
#include "opendata/suppress.h"

#include "core/buf.h"
#include "db/db.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct arena;
struct req;

/* A column of a dataset, for the files and the data dictionary. */
enum od_type { OD_TEXT, OD_COUNT, OD_BOOL };
struct od_column {
    const char *name;    /* as the files name it */
    enum od_type type;
    const char *meaning; /* English msgid: what it holds and how it is counted */
};

struct od_dataset {
    const char *name;        /* "training-by-region-quarter", the file's name */
    const char *title;       /* English msgid */
    const char *description; /* English msgid */
    const char *keywords;    /* comma-separated, English */
    const struct od_column *columns;
    size_t ncolumns;
    bool by_quarter;         /* temporal coverage: the quarters published */
    bool suppressed;         /* counts of people, put through disclosure control */
};

/* at most this many datasets (the cache and a run hold one slot each) */
#define OD_MAX_DATASETS 8
extern const struct od_dataset od_datasets[];
extern const size_t od_ndatasets;
const struct od_dataset *od_dataset_find(const char *name);

/* One row as computed: text cells then counts, in column order (suppressed last). */
struct od_row {
    const char **text;   /* the text columns' values ("" for none) */
    int64_t *counts;     /* the count columns' shown values */
    bool *hidden;        /* per count: published empty */
};

/* A dataset computed and protected, ready to be written as files. */
struct od_table {
    const struct od_dataset *ds;
    struct od_row *rows;
    size_t nrows, cap;
    size_t ntext, ncounts;
    struct suppress_counts hidden; /* of the published cells only */
    const char *from, *to; /* temporal coverage, or NULL */
};

/* The settings (config.h), checked: DARS_EINVALID with a line in *err (static text). */
int od_settings(int64_t *k /* OUT */, int64_t *round /* OUT */, const char **err /* OUT */);

/* compute.c: every dataset for the day; tables[i] for od_datasets[i]. */
int od_compute(struct db *db, struct arena *a, const char *day, int64_t k, int64_t round,
               struct od_table *tables /* OUT: od_ndatasets */);
/* files.c: a table as CSV (header, UTF-8) and JSON, into out */
void od_write_csv(const struct od_table *t, struct buf *out);
void od_write_json(const struct od_table *t, const char *day, struct buf *out);
/* a strong ETag of bytes: "\"<32 hex>\"" in a */
const char *od_etag(struct arena *a, const void *p, size_t n);

/* cache.c: the latest snapshot of each dataset, in memory, shared by the server's threads */
struct od_file {
    char *bytes;
    size_t len;
    char etag[40];
};
struct od_latest {
    const char *dataset; /* NULL: not published yet */
    char day[11];
    char modified[40];   /* Last-Modified, an HTTP date */
    char published[21];  /* created_at, ISO */
    struct od_file csv, json;
    int64_t rows, cells, primary, secondary;
    char from[11], to[11];
    int64_t k, round; /* the threshold and base it was published with */
};
/* Make sure the cache is at most a second old (one tiny statement when it is older). */
int od_cache_fresh(struct db *db);
/* Read the latest of dataset index i into out (copied into a); false when none. */
bool od_cache_get(size_t i, struct od_latest *out /* OUT: its bytes NULL */);
/* Copy the latest file of dataset i (json or csv) into r's answer with its headers. */
int od_cache_send(struct req *r, size_t i, bool json);
/* The highest snapshot id the cache holds (-1: none read yet). */
int64_t od_cache_stamp(void);
/*
 * The catalogue as built for site while the cache held stamp: kept (copied)
 * unless the cache has moved on since; od_cache_catalog_send answers it
 * (ETag, caching headers, 304) when held for site, else returns false.
 */
void od_cache_catalog_keep(int64_t stamp, const char *site, const char *bytes, size_t len,
                           const char *etag);
bool od_cache_catalog_send(struct req *r, const char *site);
/* Forget what is held: the next request reads the database (after a publish here). */
void od_cache_invalidate(void);

/* An HTTP date ("Mon, 07 Dec 2026 04:44:34 GMT") of a stored ISO time, into out[40]. */
void od_http_date(const char *iso, char out[40]);

/* opendata_sql.c */
extern const char od_run_start_sql[];
extern const char od_run_finish_sql[];
extern const char od_run_failed_sql[];
extern const char od_snapshot_delete_sql[];
extern const char od_snapshot_insert_sql[];
extern const char od_snapshot_today_sql[];
extern const char od_stamp_sql[];
extern const char od_latest_sql[];
/*
 * Queue an admin's Publish now for the server's background thread
 * (opendata_hourly handles it, and logs the run as who's).
 */
int od_publish_request(struct db *db, const struct actor *who);
extern const char od_request_insert_sql[];
extern const char od_request_pending_sql[];
extern const char od_request_done_sql[];
extern const char od_request_clear_sql[];
extern const char od_archive_sql[];
extern const char od_archive_file_sql[];
extern const char od_runs_sql[];
extern const char od_regions_sql[];
extern const char od_centres_sql[];

/* the lock space of publishing (db_tx_lock): one run at a time over all servers */
#define OD_LOCK_SPACE 0x6f64u

/* handlers */
int od_catalogue_page(struct req *r);
int od_dataset_page(struct req *r);
int od_file_get(struct req *r);
int od_file_json(struct req *r);
int od_archive_get(struct req *r);
int od_archive_json(struct req *r);
int od_catalog_jsonld(struct req *r);
int od_admin_page(struct req *r);
int od_admin_publish(struct req *r);

#endif
