/*
 * CSV import of people, shared by `dars user import` and /admin/users/import:
 * parse (libcsv, RFC 4180; UTF-8 required, a BOM skipped), check every row
 * first without and then with the database, and insert the valid rows.
 * Lookups are batched so that 10,000 rows import in seconds: centres,
 * regions and organisations are loaded once into maps, taken e-mails are
 * asked 100 at a time, and each valid row costs one or two prepared inserts.
 * Every problem carries a msgid for people and a detail for the command line.
 */
#include "core/base.h"
#include "accounts/accounts_int.h"
#include "audit/audit.h"
#include "core/time.h"
#include "core/utf8.h"
#include "db/db.h"
#include "core/i18n.h"

#include <csv.h>
#include <ctype.h>

#define IMPORT_BATCH 100 /* placeholders in import_emails_taken_sql */

/* the seven columns of DESIGN.md section 6, then the optional facts of 6a */
enum column {
    C_EMAIL, C_FULL_NAME, C_ORGANISATION, C_POSITION, C_CENTRE, C_ROLE, C_LANGUAGE,
    C_GENDER, C_BIRTH_YEAR, C_DISABILITY, NCOLS
};

static const char *const column_names[NCOLS] = {
    "email", "full_name", "organisation", "position", "centre", "role", "language",
    "gender", "birth_year", "disability",
};

/* A string -> (id, aux) map with open addressing, in the arena; grows as it fills. */
struct map_entry {
    const char *key;
    int64_t id, aux;
};

struct strmap {
    struct arena *a;
    struct map_entry *slots;
    size_t cap, n;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void map_init(struct strmap *m, struct arena *a, size_t expect)
{
    m->a = a;
    m->cap = 64;
    while (m->cap < expect * 2)
        m->cap *= 2;
    m->n = 0;
    m->slots = ARENA_NEW_N(a, struct map_entry, m->cap);
}

static struct map_entry *map_slot(const struct strmap *m, const char *key)
{
    size_t i = hash_str(key) & (m->cap - 1);
    while (m->slots[i].key && !streq(m->slots[i].key, key))
        i = (i + 1) & (m->cap - 1);
    return &m->slots[i];
}

static const struct map_entry *map_get(const struct strmap *m, const char *key)
{
    const struct map_entry *e = map_slot(m, key);
    return e->key ? e : NULL;
}

/* Add key unless present; the first value stays. Returns the entry. */
static const struct map_entry *map_put(struct strmap *m, const char *key, int64_t id, int64_t aux)
{
    if ((m->n + 1) * 2 > m->cap) {
        struct strmap bigger;
        map_init(&bigger, m->a, m->cap);
        for (size_t i = 0; i < m->cap; i++)
            if (m->slots[i].key)
                *map_slot(&bigger, m->slots[i].key) = m->slots[i];
        bigger.n = m->n;
        *m = bigger;
    }
    struct map_entry *e = map_slot(m, key);
    if (!e->key) {
        e->key = key;
        e->id = id;
        e->aux = aux;
        m->n++;
    }
    return e;
}

/* A code as written, else in capitals (codes are stored uppercased). */
static const struct map_entry *code_get(struct arena *a, const struct strmap *m, const char *code)
{
    const struct map_entry *e = map_get(m, code);
    if (e)
        return e;
    char *up = arena_strdup(a, code);
    for (char *c = up; *c; c++)
        if (*c >= 'a' && *c <= 'z')
            *c = (char)(*c - 'a' + 'A');
    return map_get(m, up);
}

static void row_fail(struct arena *a, struct import_row *row, const char *msgid,
                     const char *detail)
{
    struct import_error *e = ARENA_NEW(a, struct import_error), **p = &row->errors;
    e->msgid = msgid;
    e->detail = detail;
    while (*p)
        p = &(*p)->next;
    *p = e;
}

static void file_fail(struct arena *a, struct import_file *f, int line, const char *msgid,
                      const char *detail)
{
    if (f->error)
        return;
    f->error = ARENA_NEW(a, struct import_error);
    f->error->msgid = msgid;
    f->error->detail = detail;
    f->error_line = line;
}

struct parse {
    struct arena *a;
    struct import_file *f;
    /* the record being read */
    char **fields;
    size_t nfields, cap;
    bool bad_utf8, started;
    int line, rec_line;
    /* the header */
    bool have_header;
    int col[NCOLS];
    size_t ncols;
    size_t rows_cap;
    struct strmap emails; /* e-mail key -> line, for duplicates within the file */
};

static void on_field(void *s, size_t len, void *data)
{
    struct parse *p = data;
    if (p->nfields == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 16;
        char **more = ARENA_NEW_N(p->a, char *, cap);
        if (p->nfields)
            memcpy(more, p->fields, p->nfields * sizeof(*more));
        p->fields = more;
        p->cap = cap;
    }
    if (len && !utf8_is_valid(s, len))
        p->bad_utf8 = true;
    p->fields[p->nfields++] = s ? arena_strndup(p->a, s, len) : arena_strdup(p->a, "");
}

/* A field trimmed and in NFC, "" when the column is absent. */
static const char *field(struct parse *p, enum column c)
{
    int i = p->col[c];
    if (i < 0 || (size_t)i >= p->nfields)
        return "";
    const char *s = p->fields[i];
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        n--;
    const char *t = utf8_nfc(p->a, arena_strndup(p->a, s, n));
    return t ? t : "";
}

static void read_header(struct parse *p)
{
    struct arena *a = p->a;
    if (p->bad_utf8) {
        file_fail(a, p->f, p->rec_line, N_("The file is not UTF-8 text"), "not valid UTF-8");
        return;
    }
    for (int c = 0; c < NCOLS; c++)
        p->col[c] = -1;
    for (size_t i = 0; i < p->nfields; i++) {
        char *name = p->fields[i];
        size_t n = strlen(name);
        while (n && isspace((unsigned char)name[n - 1]))
            name[--n] = '\0';
        while (isspace((unsigned char)*name))
            name++;
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        int found = -1;
        for (int c = 0; c < NCOLS; c++)
            if (streq(name, column_names[c]))
                found = c;
        if (found < 0) {
            file_fail(a, p->f, p->rec_line,
                      N_("The header row has a column Dars does not know; the columns are email, "
                         "full_name, organisation, position, centre, role, language, gender, "
                         "birth_year, disability"),
                      arena_printf(a, "unknown column '%s'", name));
            return;
        }
        if (p->col[found] >= 0) {
            file_fail(a, p->f, p->rec_line, N_("The header row names a column twice"),
                      arena_printf(a, "column '%s' appears twice", name));
            return;
        }
        p->col[found] = (int)i;
    }
    for (int c = C_EMAIL; c <= C_FULL_NAME; c++)
        if (p->col[c] < 0) {
            file_fail(a, p->f, p->rec_line,
                      N_("The header row must have the columns email and full_name"),
                      arena_printf(a, "missing column '%s'", column_names[c]));
            return;
        }
    p->ncols = p->nfields;
    p->have_header = true;
}

/* The checks that need no database. */
static void read_row(struct parse *p)
{
    struct arena *a = p->a;
    struct import_file *f = p->f;
    if (f->nrows == p->rows_cap) {
        size_t cap = p->rows_cap ? p->rows_cap * 2 : 64;
        struct import_row *more = ARENA_NEW_N(a, struct import_row, cap);
        if (f->nrows)
            memcpy(more, f->rows, f->nrows * sizeof(*more));
        f->rows = more;
        p->rows_cap = cap;
    }
    struct import_row *row = &f->rows[f->nrows++];
    memset(row, 0, sizeof(*row));
    row->line = p->rec_line;
    row->email = row->full_name = row->organisation = row->position = row->centre = row->role =
        row->language = row->gender = row->birth_year = row->disability = "";
    row->disability_n = -1;
    if (p->bad_utf8) {
        /* shown as empty: text that is not UTF-8 cannot be shown */
        row_fail(a, row, N_("The row is not UTF-8 text"), "not valid UTF-8");
        row->broken = true;
        return;
    }
    row->email = field(p, C_EMAIL);
    row->full_name = field(p, C_FULL_NAME);
    row->organisation = field(p, C_ORGANISATION);
    row->position = field(p, C_POSITION);
    row->centre = field(p, C_CENTRE);
    row->role = field(p, C_ROLE);
    row->language = field(p, C_LANGUAGE);
    row->gender = field(p, C_GENDER);
    row->birth_year = field(p, C_BIRTH_YEAR);
    row->disability = field(p, C_DISABILITY);
    if (p->nfields != p->ncols) {
        row_fail(a, row, N_("The row does not have as many fields as the header row"),
                 arena_printf(a, "expected %zu fields, found %zu", p->ncols, p->nfields));
        row->broken = true;
        return;
    }

    if (!*row->email) {
        row_fail(a, row, N_("Enter an e-mail address"), "missing email");
    } else if (!accounts_email_is_valid(row->email)) {
        row_fail(a, row, N_("The e-mail address is not in the correct format"),
                 arena_printf(a, "malformed e-mail '%s'", row->email));
    } else {
        row->email_key = utf8_fold(a, row->email);
        const struct map_entry *e = map_put(&p->emails, row->email_key, row->line, 0);
        if (e->id != row->line) {
            row_fail(a, row, N_("The e-mail address is also on an earlier row of the file"),
                     arena_printf(a, "e-mail '%s' is also on line %lld", row->email,
                                  (long long)e->id));
            row->email_key = NULL;
        }
    }
    if (!*row->full_name)
        row_fail(a, row, N_("Enter the full name"), "missing full_name");
    else if (utf8_len(row->full_name) > USER_NAME_MAX)
        row_fail(a, row, N_("The full name must be 200 characters or fewer"),
                 "full_name longer than 200 characters");
    if (utf8_len(row->position) > USER_NAME_MAX)
        row_fail(a, row, N_("The position must be 200 characters or fewer"),
                 "position longer than 200 characters");
    if (*row->language && !i18n_lang_known(row->language))
        row_fail(a, row, N_("The language must be en, ru, az, uz, ko or vi"),
                 arena_printf(a, "unknown language '%s'", row->language));
    if (*row->gender && !accounts_gender_is_known(row->gender))
        row_fail(a, row, N_("The gender must be female, male or other, or empty"),
                 arena_printf(a, "unknown gender '%s'", row->gender));
    if ((row->birth_year_n = accounts_birth_year_parse(row->birth_year)) < 0) {
        row_fail(a, row, N_("The year of birth must be four digits from 1900 to this year, or "
                            "empty"),
                 arena_printf(a, "birth_year '%s' is not a year from 1900 to %d", row->birth_year,
                              accounts_this_year()));
        row->birth_year_n = 0;
    }
    if ((row->disability_n = accounts_disability_parse(row->disability)) < -1) {
        row_fail(a, row, N_("The disability must be yes or no (or true, false, 1, 0), or empty"),
                 arena_printf(a, "disability '%s' is not one of true, false, yes, no, 1, 0",
                              row->disability));
        row->disability_n = -1;
    }
    if (*row->role) {
        const char *at = strchr(row->role, '@');
        char *name = at ? arena_strndup(a, row->role, (size_t)(at - row->role))
                        : arena_strdup(a, row->role);
        for (char *c = name; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        if (!accounts_role_is_known(name)) {
            row_fail(a, row,
                     N_("The role must be admin, manager, instructor, mentor, learner or "
                        "analyst"),
                     arena_printf(a, "unknown role '%s'", row->role));
        } else if (accounts_role_needs_scope(name)) {
            row->role_name = name;
            row->role_scope = at && at[1] ? at + 1 : *row->centre ? row->centre : NULL;
            if (!row->role_scope)
                row_fail(a, row, N_("A manager or an instructor needs a centre"),
                         arena_printf(a, "role '%s' needs a centre", name));
        } else if (at && !accounts_role_takes_scope(name)) {
            row_fail(a, row,
                     N_("Only a manager, an instructor or an analyst has a centre or region"),
                     arena_printf(a, "role '%s' takes no centre", name));
        } else if (at && !at[1]) {
            row_fail(a, row,
                     N_("Write analyst for every centre, or analyst@CODE for one centre or region"),
                     arena_printf(a, "role '%s' has no centre or region after '@'", row->role));
        } else {
            /* an analyst without @ reads every centre, whatever the row's centre */
            row->role_name = name;
            row->role_scope = at ? at + 1 : NULL;
        }
    }
}

static void on_record(int c, void *data)
{
    struct parse *p = data;
    UNUSED(c);
    if (!p->f->error) {
        if (!p->have_header)
            read_header(p);
        else
            read_row(p);
    }
    p->nfields = 0;
    p->bad_utf8 = false;
    p->started = false;
}

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

int accounts_import_parse(struct arena *a, const char *data, size_t len, struct import_file *f)
{
    struct csv_parser csv;
    struct parse p;

    memset(f, 0, sizeof(*f));
    memset(&p, 0, sizeof(p));
    p.a = a;
    p.f = f;
    map_init(&p.emails, a, 1024);
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI) != 0)
        BUG("csv_init failed");
    /* one physical line at a time, so that each record knows where it starts */
    const char *s = data, *end = data + len;
    for (p.line = 1; s < end && !f->error; p.line++) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        size_t n = nl ? (size_t)(nl - s) + 1 : (size_t)(end - s);
        if (!p.started && !is_blank(s, n)) {
            p.started = true;
            p.rec_line = p.line;
        }
        if (csv_parse(&csv, s, n, on_field, on_record, &p) != n) {
            file_fail(a, f, p.line, N_("The file is not valid CSV: check the quotes on this line"),
                      arena_printf(a, "malformed CSV: %s", csv_strerror(csv_error(&csv))));
            break;
        }
        s += n;
    }
    if (!f->error && csv_fini(&csv, on_field, on_record, &p) != 0)
        file_fail(a, f, p.rec_line, N_("The file ends inside a quoted field"),
                  "malformed CSV: the file ends inside a quoted field");
    csv_free(&csv);
    if (!f->error && !p.have_header)
        file_fail(a, f, 1, N_("The file is empty: it needs a header row and a row per person"),
                  "the file is empty");
    return f->error ? DARS_EINVALID : 0;
}

static int load_map(struct db *db, struct arena *a, const char *sql, struct strmap *by_code,
                    struct strmap *by_name)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, sql, DB_NOARGS);
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        int64_t id = db_col_int(st, 0);
        map_put(by_code, arena_strdup(a, db_col_text(st, 1)), id,
                by_name ? 0 : (db_col_count(st) > 2 ? db_col_int(st, 2) : 0));
        if (by_name)
            map_put(by_name, arena_strdup(a, db_col_text(st, 2)), id, 0);
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* Mark the rows whose e-mail is taken; keys are asked IMPORT_BATCH at a time. */
static int check_taken(struct db *db, struct arena *a, struct import_file *f)
{
    struct db_arg args[IMPORT_BATCH];
    struct strmap taken;
    size_t i = 0;
    int rc = 0;

    map_init(&taken, a, 64);
    while (i < f->nrows) {
        size_t n = 0;
        for (; i < f->nrows && n < IMPORT_BATCH; i++)
            if (f->rows[i].email_key)
                args[n++] = DB_TEXT(f->rows[i].email_key);
        if (!n)
            break;
        for (size_t k = n; k < IMPORT_BATCH; k++)
            args[k] = DB_NULL;
        struct db_stmt *st;
        if ((rc = db_query(db, &st, import_emails_taken_sql, args, IMPORT_BATCH)) < 0)
            return rc;
        while ((rc = db_step(st)) == DB_ROW)
            map_put(&taken, arena_strdup(a, db_col_text(st, 0)), 1, 0);
        db_done(st);
        if (rc < 0)
            return rc;
    }
    for (i = 0; i < f->nrows; i++) {
        struct import_row *row = &f->rows[i];
        if (row->email_key && map_get(&taken, row->email_key))
            row_fail(a, row, N_("A person with this e-mail address already exists"),
                     arena_printf(a, "e-mail '%s' is already registered", row->email));
    }
    return 0;
}

int accounts_import_check(struct db *db, struct arena *a, const struct req *r,
                          struct import_file *f)
{
    struct strmap centres, regions, org_codes, org_names;
    bool limited = r && !(r->user && r->user->is_admin);
    int rc;

    f->nvalid = f->ninvalid = 0;
    if (f->error)
        return 0;
    map_init(&centres, a, 64);
    map_init(&regions, a, 16);
    map_init(&org_codes, a, 64);
    map_init(&org_names, a, 64);
    if ((rc = load_map(db, a, import_centres_sql, &centres, NULL)) < 0 ||
        (rc = load_map(db, a, import_regions_sql, &regions, NULL)) < 0 ||
        (rc = load_map(db, a, import_organisations_sql, &org_codes, &org_names)) < 0)
        return rc;

    for (size_t i = 0; i < f->nrows; i++) {
        struct import_row *row = &f->rows[i];
        const struct map_entry *e;
        /* a row that could not be read has nothing more worth checking */
        if (row->broken)
            continue;
        if (*row->centre) {
            if (!(e = code_get(a, &centres, row->centre)))
                row_fail(a, row, N_("No centre has this code"),
                         arena_printf(a, "unknown centre '%s'", row->centre));
            else if (limited && !accounts_can_manage_centre(r, e->id))
                row_fail(a, row, N_("The centre is outside your scope"),
                         arena_printf(a, "centre '%s' is outside your scope", row->centre));
            else
                row->centre_id = e->id;
        } else if (limited) {
            row_fail(a, row, N_("Choose a centre in your scope"), "missing centre");
        }
        if (*row->organisation) {
            if ((e = code_get(a, &org_codes, row->organisation)) ||
                (e = map_get(&org_names, row->organisation)))
                row->organisation_id = e->id;
            else
                row_fail(a, row, N_("No organisation has this code or name"),
                         arena_printf(a, "unknown organisation '%s'", row->organisation));
        }
        if (row->role_name) {
            struct role_spec spec = { row->role_name, row->role_scope, 0, 0 };
            bool known = true;
            if (row->role_scope) {
                if ((e = code_get(a, &centres, row->role_scope)))
                    spec.centre_id = e->id;
                else if (accounts_role_takes_region(row->role_name) &&
                         (e = code_get(a, &regions, row->role_scope)))
                    spec.region_id = e->id;
                else
                    known = false;
                /* an unknown centre of the row itself is reported once, above */
                if (!known && !streq(row->role_scope, row->centre))
                    row_fail(a, row, N_("No centre or region has the code of this role"),
                             arena_printf(a, "unknown centre or region '%s' for role '%s'",
                                          row->role_scope, row->role_name));
            }
            if (known && !accounts_role_is_grantable(r, &spec))
                row_fail(a, row, N_("You may not give this role"),
                         arena_printf(a, "role '%s' is not yours to give", row->role));
            row->role_centre_id = spec.centre_id;
            row->role_region_id = spec.region_id;
        }
        if (!row->errors)
            row->search =
                utf8_fold_search(a, arena_printf(a, "%s %s", row->full_name, row->email));
    }
    if ((rc = check_taken(db, a, f)) < 0)
        return rc;
    for (size_t i = 0; i < f->nrows; i++) {
        if (f->rows[i].errors)
            f->ninvalid++;
        else
            f->nvalid++;
    }
    return 0;
}

int accounts_import_insert(struct db *db, struct arena *a, const struct actor *who,
                           const char *object_id, const struct import_file *f, int64_t *count)
{
    char now[TIME_ISO_LEN];
    json_t *emails = json_array(), *changes = NULL;
    int64_t n = 0;
    int rc = 0;

    time_now_iso(now);
    for (size_t i = 0; i < f->nrows && !f->error; i++) {
        const struct import_row *row = &f->rows[i];
        int64_t id = 0;
        if (row->errors)
            continue;
        rc = db_query_int(db, import_user_insert_sql,
                          DB_ARGS(DB_TEXT(row->email), DB_TEXT(row->email_key),
                                  DB_TEXT(row->full_name),
                                  DB_TEXT(*row->language ? i18n_lang_known(row->language) : "en"),
                                  DB_ID(row->organisation_id), DB_TEXT(row->position),
                                  DB_ID(row->centre_id), DB_TEXT(row->search),
                                  DB_TEXT(*row->gender ? row->gender : NULL),
                                  DB_ID(row->birth_year_n),
                                  row->disability_n < 0 ? DB_NULL : DB_INT(row->disability_n),
                                  DB_TEXT(now), DB_TEXT(now)),
                          &id);
        if (rc < 0)
            goto out;
        if (row->role_name &&
            (rc = db_exec(db, role_insert_sql,
                          DB_ARGS(DB_INT(id), DB_TEXT(row->role_name), DB_ID(row->role_centre_id),
                                  DB_ID(row->role_region_id), DB_TEXT(now), DB_TEXT(now)))) < 0)
            goto out;
        json_array_append_new(emails, json_string(row->email));
        f->rows[i].id = id;
        n++;
    }
    changes = json_pack("{s:{s:I}, s:{s:O}}", "count", "after", (json_int_t)n, "emails", "after",
                        emails);
    rc = audit_record(db, who, "user.import", "user_import", object_id, changes);
    if (rc == 0 && count)
        *count = n;
out:
    json_decref(changes);
    json_decref(emails);
    return rc;
}

int accounts_import_invite(struct db *db, struct arena *a, const struct actor *who,
                           const char *site, const struct import_file *f)
{
    int rc = 0;
    for (size_t i = 0; i < f->nrows && rc == 0; i++)
        if (f->rows[i].id)
            rc = accounts_invite(db, a, who, site, f->rows[i].id);
    return rc;
}
