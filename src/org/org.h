/*
 * The network: regions, centres (central, regional, Digital Education
 * Centres) and organisations (the ministries and agencies learners work for).
 * The tables regions, centres and organisations belong to this module alone;
 * other modules use the functions below.
 *
 * Uses: audit.
 */
#ifndef DARS_ORG_ORG_H
#define DARS_ORG_ORG_H

#include "http/route.h"
#include "db/report.h"
#include "audit/audit.h"

#include <jansson.h>

struct db;
struct arena;
struct val;

extern const struct route_table org_routes;

/*
 * Reports (db/report.h): the dimensions region, centre, centre_kind
 * and area (report_sql.c), and how a report finds the facts' centre (ce) and
 * the zone its days are counted in (UTC without a centre).
 */
extern const struct report_dim org_report_dims[];
extern const size_t org_report_ndims;
/* the report form's lists: (id, code, name, region_id) of live centres; (id, code, name)
 * of regions in the language bound */
extern const char org_report_centres_sql[];
extern const char org_report_regions_sql[];
#define ORG_REPORT_PLACE_JOIN " LEFT JOIN centres ce ON ce.id = f.centre_id"
#define ORG_REPORT_ZONE "COALESCE(ce.timezone, 'UTC')"
/* args: none; every zone a centre counts its days in */
#define ORG_REPORT_ZONES_SQL "SELECT DISTINCT timezone FROM centres ORDER BY timezone"
/* args: none; every centre's (id, region_id, timezone), deleted ones too, for the summary */
#define ORG_REPORT_PLACES_SQL "SELECT id, region_id, timezone FROM centres"
/* args: region id; the live centres of a region */
#define ORG_REGION_CENTRES_SQL \
    "SELECT id FROM centres WHERE region_id = ? AND deleted_at IS NULL ORDER BY id"

/*
 * Read-only derived tables, without parameters: other modules' queries read
 * org's tables through these alone (a contract like a function: their
 * columns do not change without changing this header). Deleted rows are in
 * them, with their deleted_at, so that a row pointing at a deleted centre can
 * still name it: a reader that lists or offers rows adds "deleted_at IS NULL"
 * itself.
 *
 * ORG_REGIONS_SQL columns: id, code, name (in the region's own language),
 *   deleted_at (NULL while live).
 * ORG_CENTRES_SQL columns: id, code, name, region_id, timezone (the IANA
 *   zone its days are counted in), registration (self-registration: 'open',
 *   'approval' or 'closed'), deleted_at (NULL while live).
 * ORG_ORGANISATIONS_SQL columns: id, code, name, deleted_at (NULL while live).
 *
 *   "SELECT t.id, ce.code FROM my_rows t LEFT JOIN " ORG_CENTRES_SQL " ce"
 *   " ON ce.id = t.centre_id WHERE t.id = ?"  -- my_rows: the caller's own table
 */
#define ORG_REGIONS_SQL "(SELECT id, code, name, deleted_at FROM regions)"
#define ORG_CENTRES_SQL                                                                     \
    "(SELECT id, code, name, region_id, timezone, registration, deleted_at FROM centres)"
#define ORG_ORGANISATIONS_SQL "(SELECT id, code, name, deleted_at FROM organisations)"
/*
 * What open data publishes of a live centre, and nothing else (no person):
 * code, name, kind, region (its code), area (or NULL), capacity.
 */
#define ORG_OPEN_CENTRES_SQL                                                                \
    "(SELECT c.code, c.name, c.kind, r.code AS region, c.area, c.capacity FROM centres c"  \
    " JOIN regions r ON r.id = c.region_id WHERE c.deleted_at IS NULL)"

/*
 * Start-up, from the table of modules (modules.c), once per process before
 * any request. People and roles belong to accounts, a module above this one,
 * yet the centre pages show a centre's responsible person, count its people
 * and list a manager only the centres in their scope. So the table of
 * modules hands org what accounts.h exports for that, and the centre queries
 * are built with it here; org names no table of accounts:
 *
 *   people         a derived table of people (ACCOUNTS_PEOPLE_SQL), of which
 *                  id, email, full_name, centre_id and deleted_at are read
 *   scope_centres  a SELECT of the ids of the centres in a manager's scope,
 *                  with one parameter, the user id (ACCOUNTS_SCOPE_CENTRES_SQL)
 *   person_by_email  the live person with an e-mail (any case): their id and
 *                  e-mail as stored, DARS_ENOTFOUND or DARS_EINVALID, for a
 *                  centre's responsible person
 */
int org_init(const char *people, const char *scope_centres,
             int (*person_by_email)(struct db *db, struct arena *a, const char *email,
                                    int64_t *id, const char **stored_email));

/*
 * A part of a centre's page that a module above org makes (the equipment
 * the centre received, from projects): the table of modules (modules.c)
 * lists them in org_centre_parts[], ending with NULL.
 */
struct org_centre_part {
    const char *name; /* "equipment", for the reader of the code */
    /*
     * The part's HTML for the page of the centre with this id and code: *html
     * from the arena (view_part), "" to show nothing. A fixed number of
     * statements, for the page's sake.
     */
    int (*show)(struct req *r, int64_t centre_id, const char *code, const char **html /* OUT */);
};
extern const struct org_centre_part *const org_centre_parts[];

/* Look-ups by code (exact, as stored). DARS_ENOTFOUND when there is none. */
int org_region_id(struct db *db, const char *code, int64_t *id /* OUT */);
int org_centre_id(struct db *db, const char *code, int64_t *id /* OUT */);
/* An organisation by its code or, failing that, its exact name. */
int org_organisation_id(struct db *db, const char *code_or_name, int64_t *id /* OUT */);
/* The code of a centre or region by id, from the arena; DARS_ENOTFOUND when none. */
int org_centre_code(struct db *db, struct arena *a, int64_t id, const char **code /* OUT */);
int org_region_code(struct db *db, struct arena *a, int64_t id, const char **code /* OUT */);

/*
 * Every live centre as [{code, name, selected}] for a <select>, ordered by
 * name (template values from a); selected marks the one whose code matches.
 * NULL on a database error.
 */
struct val *org_centre_options(struct arena *a, struct db *db, const char *selected);

struct region_new {
    const char *code, *name, *name_ru, *name_az, *name_uz;
};

struct centre_new {
    const char *code, *name;
    const char *region;      /* region code */
    const char *kind;        /* central | regional | digital-education */
    const char *address;
    int64_t capacity;
    const char *responsible; /* a user's e-mail, or NULL */
    const char *timezone;    /* IANA name; default UTC */
    const char *registration; /* open | approval | closed (self-registration); NULL: closed */
    /*
     * No area here: a centre's area (urban | rural, or not set) is written by
     * its form and the API, and by org_centre_area_set(), so that positional
     * initialisers of this struct stay complete.
     */
};

struct organisation_new {
    const char *code, *name;
};

/*
 * Validate and insert, with an audit entry, inside the caller's transaction.
 * On DARS_EINVALID / DARS_ECONFLICT, errors (may be NULL) gets
 * field -> untranslated message. *id (may be NULL) gets the new id.
 */
int org_region_insert(struct db *db, struct arena *a, const struct actor *who,
                      const struct region_new *in, json_t *errors, int64_t *id /* OUT */);
int org_centre_insert(struct db *db, struct arena *a, const struct actor *who,
                      const struct centre_new *in, json_t *errors, int64_t *id /* OUT */);
/*
 * Make the user with this e-mail the responsible person of the centre with
 * this code when it has none (audited as "centre.update", inside the
 * caller's transaction); a centre that has one keeps it, so that running it
 * again changes nothing. DARS_ENOTFOUND without such a centre; errors as for
 * the insert functions.
 */
int org_centre_responsible_fill(struct db *db, struct arena *a, const struct actor *who,
                                const char *code, const char *email, json_t *errors);
/*
 * Set the area (DESIGN.md section 6a: "urban" | "rural"; NULL or "" for not
 * set) of the centre with this code, audited as "centre.update" inside the
 * caller's transaction; the same area again changes and audits nothing.
 * DARS_ENOTFOUND without such a centre; errors as for the insert functions
 * (an unknown area is DARS_EINVALID under "area").
 */
int org_centre_area_set(struct db *db, struct arena *a, const struct actor *who,
                        const char *code, const char *area, json_t *errors);
int org_organisation_insert(struct db *db, struct arena *a, const struct actor *who,
                            const struct organisation_new *in, json_t *errors,
                            int64_t *id /* OUT */);

#endif
