/*
 * Centre queries; with lookup_sql.c the only code touching the centres table.
 * The responsible person's e-mail and name, how many people a centre has and
 * a manager's scope come from what the table of modules hands org_init():
 * $PEOPLE and $SCOPE_CENTRES below, accounts' ACCOUNTS_PEOPLE_SQL and
 * ACCOUNTS_SCOPE_CENTRES_SQL. org names no table of accounts.
 */
#include "core/base.h"
#include "org/org_int.h"
#include "core/buf.h"

#include <string.h>

/* people: how many people have the centre as theirs (0 in lists, where it is not shown) */
#define CENTRE_SELECT(people)                                                                \
    "SELECT c.id, c.code, c.name, c.region_id, g.code, g.name, g.name_ru, g.name_az,"         \
    " g.name_uz, c.kind, c.address, c.capacity, u.email, c.timezone, c.created_at,"           \
    " c.updated_at, " people ", c.registration, c.area"                                       \
    " FROM centres c JOIN regions g ON g.id = c.region_id"                                    \
    " LEFT JOIN $PEOPLE u ON u.id = c.responsible_id"
#define CENTRE_PEOPLE \
    "(SELECT COUNT(*) FROM $PEOPLE p WHERE p.centre_id = c.id AND p.deleted_at IS NULL)"

/*
 * The filters of both lists: search pattern; region code, kind and area, each
 * twice ('' for any; area 'unknown' for centres without one); then the scope:
 * is_admin (1 sees all) and the user id.
 */
#define CENTRE_FILTER                                                                        \
    " WHERE c.deleted_at IS NULL AND c.search LIKE ? ESCAPE '\\'"                             \
    " AND (CAST(? AS TEXT) = '' OR g.code = ?) AND (CAST(? AS TEXT) = '' OR c.kind = ?)"      \
    " AND (CAST(? AS TEXT) = '' OR COALESCE(c.area, 'unknown') = ?)"                         \
    " AND (CAST(? AS BIGINT) = 1 OR c.id IN ($SCOPE_CENTRES))"

static const char by_id_text[] =
    CENTRE_SELECT(CENTRE_PEOPLE) " WHERE c.id = ? AND c.deleted_at IS NULL";
static const char by_code_text[] =
    CENTRE_SELECT(CENTRE_PEOPLE) " WHERE c.code = ? AND c.deleted_at IS NULL";
/* deleted rows keep their code: the UNIQUE constraint still holds it */
const char centre_code_taken_sql[] = "SELECT id FROM centres WHERE code = ? AND id <> ?";
const char centre_insert_sql[] =
    "INSERT INTO centres (code, name, region_id, kind, address, capacity, responsible_id,"
    " timezone, registration, area, search, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char centre_update_sql[] =
    "UPDATE centres SET code = ?, name = ?, region_id = ?, kind = ?, address = ?, capacity = ?,"
    " responsible_id = ?, timezone = ?, registration = ?, area = ?, search = ?, updated_at = ?"
    " WHERE id = ?";
static const char count_text[] =
    "SELECT COUNT(*) FROM centres c JOIN regions g ON g.id = c.region_id" CENTRE_FILTER;
/* the HTML list */
static const char page_text[] =
    "SELECT c.code, c.name, g.code, g.name, g.name_ru, g.name_az, g.name_uz, c.kind,"
    " c.capacity, u.email, u.full_name, c.area"
    " FROM centres c JOIN regions g ON g.id = c.region_id"
    " LEFT JOIN $PEOPLE u ON u.id = c.responsible_id" CENTRE_FILTER
    " ORDER BY c.code, c.id LIMIT ? OFFSET ?";
/* the API list: keyset by id */
static const char after_text[] =
    CENTRE_SELECT("0") CENTRE_FILTER " AND c.id > ? ORDER BY c.id LIMIT ?";

const char *centre_by_id_sql, *centre_by_code_sql, *centre_count_sql, *centre_page_sql,
    *centre_after_sql;

/* text with "$PEOPLE" made people and "$SCOPE_CENTRES" scope; malloc'd, kept for the process */
static const char *expand(const char *text, const char *people, const char *scope)
{
    static const char people_mark[] = "$PEOPLE", scope_mark[] = "$SCOPE_CENTRES";
    struct buf b = BUF_INIT;
    for (const char *p = text; *p;) {
        if (strncmp(p, people_mark, strlen(people_mark)) == 0) {
            buf_adds(&b, people);
            p += strlen(people_mark);
        } else if (strncmp(p, scope_mark, strlen(scope_mark)) == 0) {
            buf_adds(&b, scope);
            p += strlen(scope_mark);
        } else {
            buf_addch(&b, *p++);
        }
    }
    return buf_detach(&b, NULL);
}

/*
 * Once per process, before any request: the texts stay where they are, as
 * the statement cache knows them by their address.
 */
/* the look-up of people by e-mail that accounts hands org (org_init) */
static int (*person_lookup)(struct db *db, struct arena *a, const char *email, int64_t *id,
                            const char **stored_email);

int org_person_by_email(struct db *db, struct arena *a, const char *email, int64_t *id,
                        const char **stored_email)
{
    if (!person_lookup)
        BUG("org_init was not called");
    return person_lookup(db, a, email, id, stored_email);
}

int org_init(const char *people, const char *scope_centres,
             int (*person_by_email)(struct db *db, struct arena *a, const char *email,
                                    int64_t *id, const char **stored_email))
{
    person_lookup = person_by_email;
    if (centre_by_id_sql)
        return 0;
    centre_by_id_sql = expand(by_id_text, people, scope_centres);
    centre_by_code_sql = expand(by_code_text, people, scope_centres);
    centre_count_sql = expand(count_text, people, scope_centres);
    centre_page_sql = expand(page_text, people, scope_centres);
    centre_after_sql = expand(after_text, people, scope_centres);
    return 0;
}
