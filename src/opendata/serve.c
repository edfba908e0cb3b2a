/*
 * The public files: each dataset's latest CSV and JSON from the in-memory
 * cache (cache.c; no statement per request but a tiny one a second), the
 * archive's dated files from their snapshot (one statement), and the DCAT-AP 3
 * catalogue as JSON-LD, built from the cache's figures with its context
 * inline, so that a reader needs no other document to expand it.
 */
#include "core/base.h"
#include "opendata/opendata_int.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/i18n.h"
#include "core/time.h"
#include "http/http.h"
#include "http/server.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/*
 * The thread's connection: these routes take none (ROUTE_NO_DB), so that
 * they look up no session and set no cookie, which a shared cache would
 * otherwise keep or refuse. NULL, and 503 answered, when there is none.
 */
static struct db *thread_db(struct req *r)
{
    char *err = NULL;
    struct db *db = r->db ? r->db : server_thread_db(&err);
    free(err);
    if (!db)
        http_error(r, 503, "the database is not available");
    return db;
}

/* The cache made fresh on the thread's connection; false, and 503 answered, when it cannot be. */
static bool fresh(struct req *r)
{
    struct db *db = thread_db(r);
    if (!db)
        return false;
    if (od_cache_fresh(db) < 0) {
        http_error(r, 503, "the database is not available");
        return false;
    }
    return true;
}

static int file_get(struct req *r, bool json)
{
    const struct od_dataset *ds = od_dataset_find(r->params[0]);
    if (!ds)
        return http_error(r, 404, NULL);
    if (!fresh(r))
        return 0;
    return od_cache_send(r, (size_t)(ds - od_datasets), json);
}

int od_file_get(struct req *r)
{
    return file_get(r, false);
}

int od_file_json(struct req *r)
{
    return file_get(r, true);
}

/* /open-data/archive/{day}/{dataset}.csv|.json: a past snapshot, immutable once the day is over */
static int archive_get(struct req *r, bool json)
{
    const char *day = r->params[0];
    const struct od_dataset *ds = od_dataset_find(r->params[1]);
    struct db_stmt *st;
    size_t len = 0;
    char modified[40], now[TIME_ISO_LEN];
    int rc;

    if (!ds || !time_shaped(day, "9999-99-99") || strlen(day) != 10)
        return http_error(r, 404, NULL);
    struct db *db = thread_db(r);
    if (!db)
        return 0;
    rc = db_query_row(db, &st, od_archive_file_sql, DB_ARGS(DB_TEXT(ds->name), DB_TEXT(day)));
    if (rc == DARS_ENOTFOUND)
        return http_error(r, 404, NULL);
    if (rc < 0)
        return rc;
    const char *etag = arena_strdup(&r->arena, db_col_text(st, json ? 3 : 2));
    od_http_date(db_col_text(st, 4), modified);
    const void *bytes = db_col_blob(st, json ? 1 : 0, &r->arena, &len);
    db_done(st);
    time_now_iso(now);
    http_add_header(r, "ETag", etag);
    http_add_header(r, "Last-Modified", arena_strdup(&r->arena, modified));
    /* today's may still be replaced by another run; an earlier day's never is */
    http_add_header(r, "Cache-Control", strncmp(now, day, 10) == 0 ? "public, max-age=300"
                                                                 : "public, max-age=86400");
    http_add_header(r, "Content-Disposition",
                    arena_printf(&r->arena, "inline; filename=\"%s-%s.%s\"", ds->name, day,
                                 json ? "json" : "csv"));
    const char *inm = http_header(r, "If-None-Match");
    if (inm && strstr(inm, etag)) {
        r->status = 304;
        return 0;
    }
    return http_send(r, 200, json ? "application/json" : "text/csv; charset=utf-8", bytes, len);
}

int od_archive_get(struct req *r)
{
    return archive_get(r, false);
}

int od_archive_json(struct req *r)
{
    return archive_get(r, true);
}

/* ---- the DCAT-AP 3 catalogue ---- */

#define EU_THEME "http://publications.europa.eu/resource/authority/data-theme/"
#define EU_FILE_TYPE "http://publications.europa.eu/resource/authority/file-type/"
#define IANA_MEDIA "http://www.iana.org/assignments/media-types/" /* as DCAT-AP writes them */
#define CC_BY_4 "http://creativecommons.org/licenses/by/4.0/"

/* A text in every interface language: [{"@value", "@language"}], English first. */
static json_t *texts(const char *msgid)
{
    json_t *v = json_array();
    json_array_append_new(v, json_pack("{s:s, s:s}", "@value", msgid, "@language", "en"));
    for (size_t i = 0; i < i18n_nlangs; i++) {
        const char *l = i18n_langs[i], *t = _(l, msgid);
        if (streq(l, "en") || streq(t, msgid))
            continue; /* not translated yet: English stands */
        json_array_append_new(v, json_pack("{s:s, s:s}", "@value", t, "@language", l));
    }
    return v;
}

static json_t *iri(const char *s)
{
    return json_pack("{s:s}", "@id", s);
}

static json_t *typed(const char *value, const char *type)
{
    return json_pack("{s:s, s:s}", "@value", value, "@type", type);
}

static json_t *context(void)
{
    return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "dcat", "http://www.w3.org/ns/dcat#",
                     "dct", "http://purl.org/dc/terms/", "foaf", "http://xmlns.com/foaf/0.1/",
                     "vcard", "http://www.w3.org/2006/vcard/ns#", "xsd",
                     "http://www.w3.org/2001/XMLSchema#", "skos",
                     "http://www.w3.org/2004/02/skos/core#");
}

static json_t *publisher(const char *site)
{
    const char *name = config.opendata_publisher && *config.opendata_publisher
                           ? config.opendata_publisher
                           : "Dars";
    json_t *p = json_pack("{s:s, s:s, s:s}", "@id", site, "@type", "foaf:Agent", "foaf:name",
                          name);
    return p;
}

static json_t *contact_point(struct arena *a)
{
    const char *name = config.opendata_publisher && *config.opendata_publisher
                           ? config.opendata_publisher
                           : "Dars";
    json_t *c = json_pack("{s:s, s:s}", "@type", "vcard:Kind", "vcard:fn", name);
    if (config.opendata_contact_email && *config.opendata_contact_email)
        json_object_set_new(c, "vcard:hasEmail",
                            iri(arena_printf(a, "mailto:%s", config.opendata_contact_email)));
    if (config.opendata_contact_url && *config.opendata_contact_url)
        json_object_set_new(c, "vcard:hasURL", iri(config.opendata_contact_url));
    return c;
}

static json_t *distribution(struct arena *a, const char *site, const struct od_dataset *ds,
                            const struct od_latest *l, bool json)
{
    const char *ext = json ? "json" : "csv";
    json_t *d = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I}", "@id",
                          arena_printf(a, "%s/open-data/%s.%s", site, ds->name, ext), "@type",
                          "dcat:Distribution", "dct:title",
                          json_pack("[{s:s, s:s}]", "@value",
                                    arena_printf(a, "%s (%s)", ds->title, json ? "JSON" : "CSV"),
                                    "@language", "en"),
                          "dcat:accessURL", iri(arena_printf(a, "%s/open-data/%s", site, ds->name)),
                          "dcat:downloadURL",
                          iri(arena_printf(a, "%s/open-data/%s.%s", site, ds->name, ext)),
                          "dcat:mediaType",
                          iri(json ? IANA_MEDIA "application/json" : IANA_MEDIA "text/csv"),
                          "dct:format", iri(json ? EU_FILE_TYPE "JSON" : EU_FILE_TYPE "CSV"),
                          "dct:license", iri(CC_BY_4), "dct:modified",
                          typed(l->published, "xsd:dateTime"), "dcat:byteSize",
                          (json_int_t)(json ? l->json.len : l->csv.len));
    return d;
}

static json_t *dataset(struct arena *a, const char *site, const struct od_dataset *ds,
                       const struct od_latest *l, json_t *spatial)
{
    json_t *kw = json_array();
    const char *p = ds->keywords;
    while (*p) {
        const char *e = strchrnul(p, ',');
        json_array_append_new(kw, json_pack("{s:s%, s:s}", "@value", p, (size_t)(e - p),
                                            "@language", "en"));
        p = *e ? e + 1 : e;
    }
    json_t *d = json_pack(
        "{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:O, s:o, s:o, s:o, s:o}", "@id",
        arena_printf(a, "%s/open-data/%s", site, ds->name), "@type", "dcat:Dataset",
        "dct:identifier", ds->name, "dct:title", texts(ds->title), "dct:description",
        texts(ds->description), "dcat:keyword", kw, "dcat:theme", iri(EU_THEME "EDUC"),
        "dct:spatial", spatial, "dcat:contactPoint", contact_point(a), "dct:license",
        iri(CC_BY_4), "dct:modified", typed(l->published, "xsd:dateTime"), "dcat:distribution",
        json_pack("[o, o]", distribution(a, site, ds, l, false),
                  distribution(a, site, ds, l, true)));
    if (ds->by_quarter && *l->from)
        json_object_set_new(d, "dct:temporal",
                            json_pack("{s:s, s:o, s:o}", "@type", "dct:PeriodOfTime",
                                      "dcat:startDate", typed(l->from, "xsd:date"),
                                      "dcat:endDate", typed(l->to, "xsd:date")));
    return d;
}

/* The catalogue for site from the cache's figures, as JSON-LD text into r->out. */
static int catalog_build(struct req *r, const char *site)
{
    json_t *datasets = json_array();
    /* where the data is about: a configured IRI (a country), else the programme's regions */
    json_t *spatial =
        config.opendata_spatial && *config.opendata_spatial
            ? iri(config.opendata_spatial)
            : json_pack("{s:s, s:o}", "@type", "dct:Location", "skos:prefLabel",
                        texts(N_("The regions where the programme's centres are")));
    for (size_t i = 0; i < od_ndatasets; i++) {
        struct od_latest l;
        if (od_cache_get(i, &l))
            json_array_append_new(datasets, dataset(&r->arena, site, &od_datasets[i], &l,
                                                    spatial));
    }
    json_decref(spatial);
    json_t *doc = json_pack(
        "{s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "@context", context(), "@id",
        arena_printf(&r->arena, "%s/open-data", site), "@type", "dcat:Catalog", "dct:title",
        texts(N_("Open data of the training programme")), "dct:description",
        texts(N_("Statistics of who was trained, where and in what, published for anyone "
                 "with nobody identifiable: small counts are hidden.")),
        "dct:publisher", publisher(site), "dct:license", iri(CC_BY_4), "foaf:homepage",
        iri(arena_printf(&r->arena, "%s/open-data", site)), "dcat:dataset", datasets);
    return http_json(r, 200, doc);
}

/*
 * GET /open-data/catalog.jsonld: built once per snapshot and site address
 * (kept by the cache beside the files), then served as bytes like them.
 */
int od_catalog_jsonld(struct req *r)
{
    const char *site = http_site_url(r);
    int64_t stamp;
    int rc;

    if (!fresh(r))
        return 0;
    if (od_cache_catalog_send(r, site))
        return 0;
    stamp = od_cache_stamp();
    if ((rc = catalog_build(r, site)) < 0)
        return rc;
    od_cache_catalog_keep(stamp, site, r->out.ptr, r->out.len,
                          od_etag(&r->arena, r->out.ptr, r->out.len));
    /* answered from what was just kept, with its headers (and a 304 when it matches) */
    if (od_cache_catalog_send(r, site))
        return 0;
    /* a newer snapshot came meanwhile, so nothing was kept: this answer is still whole */
    r->content_type = "application/ld+json";
    http_add_header(r, "ETag", od_etag(&r->arena, r->out.ptr, r->out.len));
    http_add_header(r, "Cache-Control", "no-cache");
    return 0;
}
