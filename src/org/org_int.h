/* What the files of src/org share: SQL texts, records, helpers and handlers. */
#ifndef DARS_ORG_ORG_INT_H
#define DARS_ORG_ORG_INT_H

#include "org/org.h"

/* rows per page of an HTML list */
#define ORG_PAGE_SIZE 50

/* lookup_sql.c */
extern const char org_region_id_sql[];
extern const char org_centre_id_sql[];
extern const char org_organisation_id_sql[];
extern const char org_centre_code_sql[];
extern const char org_region_code_sql[];
extern const char org_centre_options_sql[];

/* region_sql.c */
extern const char region_by_id_sql[];
extern const char region_by_code_sql[];
extern const char region_code_taken_sql[];
extern const char region_insert_sql[];
extern const char region_update_sql[];
extern const char region_count_sql[];
extern const char region_page_sql[];
extern const char region_after_sql[];
extern const char region_all_sql[];

/* centre_sql.c; those that name people or a scope are built by org_init() */
extern const char *centre_by_id_sql;
extern const char *centre_by_code_sql;
extern const char centre_code_taken_sql[];
extern const char centre_insert_sql[];
extern const char centre_update_sql[];
extern const char *centre_count_sql;
extern const char *centre_page_sql;
extern const char *centre_after_sql;

/* organisation_sql.c */
extern const char organisation_by_id_sql[];
extern const char organisation_by_code_sql[];
extern const char organisation_code_taken_sql[];
extern const char organisation_insert_sql[];
extern const char organisation_update_sql[];
extern const char organisation_count_sql[];
extern const char organisation_page_sql[];
extern const char organisation_after_sql[];

/* Records as read back; strings from the caller's arena. */
struct org_region {
    int64_t id;
    const char *code, *name, *name_ru, *name_az, *name_uz, *created_at, *updated_at;
};

struct org_centre {
    int64_t id;
    const char *code, *name;
    int64_t region_id;
    const char *region; /* its code */
    const char *region_name, *region_name_ru, *region_name_az, *region_name_uz;
    const char *kind, *address;
    int64_t capacity;
    const char *responsible; /* e-mail, NULL when nobody */
    const char *timezone, *created_at, *updated_at;
    int64_t people; /* users whose centre it is */
    const char *registration; /* open | approval | closed */
    const char *area;         /* urban | rural; NULL when not set */
};

struct org_organisation {
    int64_t id;
    const char *code, *name, *created_at, *updated_at;
};

/*
 * Look-ups by id (digits; falling back to a code made of digits) or code
 * (any case). DARS_ENOTFOUND when there is none.
 */
int org_region_get(struct db *db, struct arena *a, const char *id_or_code,
                   struct org_region *out /* OUT */);
int org_centre_get(struct db *db, struct arena *a, const char *id_or_code,
                   struct org_centre *out /* OUT */);
int org_organisation_get(struct db *db, struct arena *a, const char *id_or_code,
                         struct org_organisation *out /* OUT */);

/*
 * Validate the new state in and write it over old, with an audit entry of
 * the fields that changed, inside the caller's transaction. Errors as for the
 * insert functions in org.h.
 */
int org_region_update(struct db *db, struct arena *a, const struct actor *who,
                      const struct org_region *old, const struct region_new *in, json_t *errors);
/* area (urban | rural; NULL or "": not set) goes beside in, which has none (see org.h) */
int org_centre_update(struct db *db, struct arena *a, const struct actor *who,
                      const struct org_centre *old, const struct centre_new *in,
                      const char *area, json_t *errors);
int org_organisation_update(struct db *db, struct arena *a, const struct actor *who,
                            const struct org_organisation *old,
                            const struct organisation_new *in, json_t *errors);
/* Validate a centre and its area without writing (self: the centre being edited, or 0). */
int org_centre_check(struct db *db, struct arena *a, const struct centre_new *in,
                     const char *area, int64_t self, json_t *errors);

/* common.c */
/* true when tz names a zone of the system tz database ("UTC", "Asia/Baku"). */
bool org_timezone_ok(const char *tz);
/*
 * The region's name in lang when it has one, else name. Regions carry names in the
 * languages of the countries Dars serves (ru, az, uz); a Korean or Vietnamese reader sees
 * the main name, as their own maps write a foreign place in Latin letters or transcribe it.
 */
const char *org_local_name(const char *lang, const char *name, const char *ru, const char *az,
                           const char *uz);

/* region.c */
json_t *org_region_json(const struct org_region *g);
int region_list_page(struct req *r);
int region_new_page(struct req *r);
int region_create_submit(struct req *r);
int region_edit_page(struct req *r);
int region_edit_submit(struct req *r);
int region_api_list(struct req *r);
int region_api_get(struct req *r);
int region_api_create(struct req *r);
int region_api_patch(struct req *r);

/* centre.c */
int centre_list_page(struct req *r);
int centre_new_page(struct req *r);
int centre_create_submit(struct req *r);
int centre_show_page(struct req *r);
int centre_edit_submit(struct req *r);
int centre_api_list(struct req *r);
int centre_api_get(struct req *r);
int centre_api_create(struct req *r);
int centre_api_patch(struct req *r);

/* organisation.c */
int organisation_list_page(struct req *r);
int organisation_new_page(struct req *r);
int organisation_create_submit(struct req *r);
int organisation_edit_page(struct req *r);
int organisation_edit_submit(struct req *r);
int organisation_api_list(struct req *r);
int organisation_api_get(struct req *r);
int organisation_api_create(struct req *r);
int organisation_api_patch(struct req *r);

/* The live person with this e-mail, through the look-up handed to org_init(). */
int org_person_by_email(struct db *db, struct arena *a, const char *email, int64_t *id,
                        const char **stored_email);

#endif
