/* The open-data module's rows in the route table (see http/route.h). */
#include "core/base.h"
#include "opendata/opendata_int.h"

static const struct route routes[] = {
    { HTTP_GET, "/open-data", od_catalogue_page, ROUTE_PUBLIC },
    /* the files: no session, no statement (the cache's look a second aside) */
    { HTTP_GET, "/open-data/catalog.jsonld", od_catalog_jsonld, ROUTE_PUBLIC | ROUTE_NO_DB },
    { HTTP_GET, "/open-data/:dataset.csv", od_file_get, ROUTE_PUBLIC | ROUTE_NO_DB },
    { HTTP_GET, "/open-data/:dataset.json", od_file_json, ROUTE_PUBLIC | ROUTE_NO_DB },
    { HTTP_GET, "/open-data/archive/:day/:dataset.csv", od_archive_get,
      ROUTE_PUBLIC | ROUTE_NO_DB },
    { HTTP_GET, "/open-data/archive/:day/:dataset.json", od_archive_json,
      ROUTE_PUBLIC | ROUTE_NO_DB },
    { HTTP_GET, "/open-data/:dataset", od_dataset_page, ROUTE_PUBLIC },

    { HTTP_GET, "/admin/open-data", od_admin_page, ROUTE_ADMIN },
    { HTTP_POST, "/admin/open-data/publish", od_admin_publish, ROUTE_ADMIN },
};

const struct route_table opendata_routes = ROUTE_TABLE(routes);
