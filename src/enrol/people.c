/*
 * Enrolling people into a course, for those who manage it: one person by
 * e-mail, a CSV file (a column "email"), or everyone matching a filter of
 * the people list. Lists are shown first, each person with what stops them;
 * nothing is enrolled until the manager confirms, and then everyone is
 * enrolled in one transaction or nobody is. App nodes are stateless, so the
 * confirmation form carries the e-mails (or the filter) and both steps check
 * them afresh against the database and the manager's scope.
 */
#include "core/base.h"
#include "enrol/enrol_int.h"
#include "core/utf8.h"
#include "db/db.h"
#include "view/form.h"
#include "core/i18n.h"
#include "view/view.h"

#include <csv.h>
#include <strings.h>

/* One person of a list, as given and as found. */
struct person {
    int64_t line;        /* of the file; 0 for a filter */
    const char *given;   /* the e-mail as written */
    const char *key;     /* folded, to match users.email_key */
    int64_t id, centre;  /* 0 when not found */
    const char *email, *full_name, *status;
    const char *problem; /* msgid that stops this person, or NULL */
    bool skip;           /* already enrolled: nothing to do */
};

struct people {
    struct person *v;
    size_t n, cap;
    size_t nready, nskip, nbad;
};

static struct person *people_add(struct arena *a, struct people *p)
{
    p->v = arena_grow(a, p->v, p->n, &p->cap, sizeof(*p->v));
    struct person *x = &p->v[p->n++];
    memset(x, 0, sizeof(*x));
    return x;
}

/* Take a row the database found for x. */
static void person_found(struct arena *a, struct person *x, struct db_stmt *st)
{
    x->id = db_col_int(st, 0);
    x->email = arena_strdup(a, db_col_text(st, 2));
    x->centre = db_col_int(st, 3);
    x->status = arena_strdup(a, db_col_text(st, 4));
    x->full_name = arena_strdup(a, db_col_text(st, 5));
}

/* Find the people of a list of e-mails, ENROL_KEYS_CHUNK per statement. */
static int people_lookup(struct req *r, int64_t course_id, struct people *p)
{
    for (size_t at = 0; at < p->n; at += ENROL_KEYS_CHUNK) {
        struct db_arg args[ENROL_KEYS_CHUNK + 1];
        struct db_stmt *st;
        int rc;
        args[0] = DB_INT(course_id);
        for (size_t i = 0; i < ENROL_KEYS_CHUNK; i++)
            args[i + 1] = DB_TEXT(at + i < p->n && p->v[at + i].key ? p->v[at + i].key : "");
        if ((rc = db_query(r->db, &st, enrol_users_by_keys_sql, args, ARRAY_SIZE(args))) < 0)
            return rc;
        while ((rc = db_step(st)) == DB_ROW) {
            const char *key = db_col_text(st, 1);
            for (size_t i = at; i < p->n && i < at + ENROL_KEYS_CHUNK; i++)
                if (p->v[i].key && streq(p->v[i].key, key))
                    person_found(&r->arena, &p->v[i], st);
        }
        db_done(st);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Decide for each person: ready, skipped or stopped by a problem. */
static void people_judge(struct req *r, struct people *p)
{
    p->nready = p->nskip = p->nbad = 0;
    for (size_t i = 0; i < p->n; i++) {
        struct person *x = &p->v[i];
        if (!x->problem && !x->id)
            x->problem = N_("There is no one with this e-mail address");
        if (!x->problem && !accounts_can_manage_centre(r, x->centre))
            x->problem = N_("This person is outside your scope");
        for (size_t j = 0; !x->problem && j < i; j++)
            if (p->v[j].id == x->id && !p->v[j].problem)
                x->skip = true; /* twice in the file: once is enough */
        if (!x->problem && *x->status && !streq(x->status, "withdrawn"))
            x->skip = true;
        if (x->problem)
            p->nbad++;
        else if (x->skip)
            p->nskip++;
        else
            p->nready++;
    }
}

/* ---- reading a CSV file ---- */

struct csv_read {
    struct arena *a;
    struct people *p;
    int64_t record;  /* 1 for the header */
    int email_col;   /* -1 until the header names it */
    int col;
    const char *value;
    const char *problem; /* of the whole file */
};

static void on_field(void *s, size_t len, void *data)
{
    struct csv_read *c = data;
    char *v = arena_strndup(c->a, s, len);
    if (c->record == 1 && c->email_col < 0 && !strcasecmp(utf8_trim(c->a, v), "email"))
        c->email_col = c->col;
    if (c->record > 1 && c->col == c->email_col)
        c->value = v;
    c->col++;
}

static void on_record(int ch, void *data)
{
    struct csv_read *c = data;
    UNUSED(ch);
    if (c->record > 1 && c->email_col >= 0 && !c->problem) {
        if (c->p->n >= ENROL_BULK_MAX) {
            c->problem = N_("The file has too many rows: at most 5000 people at once");
        } else {
            struct person *x = people_add(c->a, c->p);
            x->line = c->record;
            x->given = c->value ? utf8_trim(c->a, c->value) : "";
        }
    }
    c->record++;
    c->col = 0;
    c->value = NULL;
}

/* Parse the e-mail column of a CSV file; a whole-file problem (msgid) or NULL. */
static const char *csv_emails(struct arena *a, const char *data, size_t len, struct people *p)
{
    struct csv_read c = { a, p, 1, -1, 0, NULL, NULL };
    struct csv_parser csv;

    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    if (!utf8_is_valid(data, len))
        return N_("The file is not UTF-8 text");
    if (csv_init(&csv, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        BUG("csv_init failed");
    if (csv_parse(&csv, data, len, on_field, on_record, &c) != len ||
        csv_fini(&csv, on_field, on_record, &c) != 0)
        c.problem = N_("The file is not valid CSV: check the quotes");
    csv_free(&csv);
    if (!c.problem && c.email_col < 0)
        c.problem = N_("The first row must name the column email");
    if (!c.problem && !p->n)
        c.problem = N_("The file has no e-mail addresses below its header row");
    return c.problem;
}

/* Fold each given e-mail; an empty one is a problem. */
static void people_keys(struct arena *a, struct people *p)
{
    for (size_t i = 0; i < p->n; i++) {
        struct person *x = &p->v[i];
        if (!*x->given)
            x->problem = N_("Enter an e-mail address");
        else
            x->key = utf8_fold(a, x->given);
    }
}

/* ---- a filter of the people list ---- */

struct filter {
    const char *centre, *organisation, *q;
};

static struct filter filter_read(struct req *r)
{
    struct filter f = { form_code_norm(&r->arena, http_form(r, "centre")),
                        form_code_norm(&r->arena, http_form(r, "organisation")),
                        http_form(r, "q") };
    if (!f.q)
        f.q = "";
    return f;
}

static int filter_people(struct req *r, int64_t course_id, const struct filter *f,
                         struct people *p)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_query(r->db, &st, enrol_users_by_filter_sql,
                       DB_ARGS(DB_INT(course_id), DB_TEXT(f->centre), DB_TEXT(f->centre),
                               DB_TEXT(f->organisation), DB_TEXT(f->organisation),
                               DB_TEXT(form_like(&r->arena, f->q)), DB_INT(r->user->is_admin),
                               DB_INT(r->user->id), DB_INT(ENROL_BULK_MAX + 1)))) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW) {
        struct person *x = people_add(&r->arena, p);
        person_found(&r->arena, x, st);
        x->given = x->email;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* ---- pages ---- */

static struct val *filter_val(struct arena *a, const struct filter *f)
{
    return val_pack(a, "{s:s, s:s, s:s}", "centre", f->centre, "organisation", f->organisation,
                     "q", f->q);
}

/* The page with the three ways; errors (may be NULL) for the one that failed. */
static int people_form(struct req *r, int status, const struct catalog_course *c,
                       const char *email, const struct filter *f, json_t *errors)
{
    const char *url = catalog_course_url(r, c->code);
    struct filter none = { "", "", "" };
    struct val *ctx = val_pack(&r->arena, "{s:s, s:s, s:s, s:s, s:o}", "title",
                               _(r->lang, "Enrol people"), "course", c->title, "url", url,
                               "email", email ? email : "", "f",
                               filter_val(&r->arena, f ? f : &none));
    view_form_errors(r, ctx, errors);
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c->title, url, _(r->lang, "Learners"),
                arena_printf(&r->arena, "%s/learners", url), NULL);
    return view_page_status(r, status, "enrol_people", ctx);
}

/* GET /courses/:code/enrol-people */
int enrol_people_page(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);
    if (rc < 0)
        return rc;
    return people_form(r, 200, &c, NULL, NULL, NULL);
}

/* The e-mails of a list, comma-separated (no newline survives every browser's
 * handling of an attribute), for the confirmation form. */
static const char *people_lines(struct arena *a, const struct people *p)
{
    struct buf b = BUF_INIT;
    for (size_t i = 0; i < p->n; i++) {
        if (i)
            buf_addch(&b, ',');
        buf_adds(&b, p->v[i].given);
    }
    char *s = arena_strndup(a, b.ptr, b.len);
    buf_release(&b);
    return s;
}

/* Every person of a list and what stops them, with a confirm button when nothing does. */
static int preview(struct req *r, int status, const struct catalog_course *c,
                   const struct people *p, const char *source, const struct filter *f)
{
    const char *url = catalog_course_url(r, c->code);
    struct val *rows = val_list(&r->arena);
    for (size_t i = 0; i < p->n; i++) {
        const struct person *x = &p->v[i];
        const char *note = x->problem ? _(r->lang, x->problem)
                           : x->skip  ? _(r->lang, "Already enrolled: skipped")
                                      : _(r->lang, "Ready");
        /* the list's strings are the request's: no copies */
        struct val *row = val_pack(
            &r->arena, "{s:o, s:o, s:o, s:b}", "email",
            val_str_ref(&r->arena, x->email ? x->email : x->given), "full_name",
            val_str_ref(&r->arena, x->full_name ? x->full_name : ""), "note",
            val_str_ref(&r->arena, note), "bad", x->problem != NULL);
        if (x->line)
            val_set_int(row, "line", x->line);
        val_push(rows, row);
    }
    struct val *ctx = val_pack(
        &r->arena, "{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:b, s:s, s:s, s:o, s:b}", "title",
        _(r->lang, "Check the people to enrol"), "course", c->title, "url", url, "rows", rows,
        "nready", view_int(r, (int64_t)p->nready), "nskip", view_int(r, (int64_t)p->nskip),
        "nbad", view_int(r, (int64_t)p->nbad), "has_bad", p->nbad > 0, "can_confirm",
        p->nbad == 0 && p->nready > 0, "source", source, "emails",
        streq(source, "csv") ? people_lines(&r->arena, p) : "", "f",
        filter_val(&r->arena, f ? f : &(struct filter){ "", "", "" }), "by_file",
        streq(source, "csv"));
    val_set_bool(ctx, "one_ready", p->nready == 1);
    form_crumbs(r, ctx, _(r->lang, "Courses"), "/courses", c->title, url, _(r->lang, "Learners"),
                arena_printf(&r->arena, "%s/learners", url), NULL);
    return view_page_status(r, status, "enrol_people_preview", ctx);
}

/* Enrol every ready person in one transaction; *count gets how many. */
static int people_enrol(struct req *r, const struct catalog_course *c, struct people *p,
                        int64_t *count)
{
    struct actor who = accounts_actor(r);
    int rc = db_tx_begin(r->db);
    *count = 0;
    for (size_t i = 0; rc == 0 && i < p->n; i++) {
        struct person *x = &p->v[i];
        if (x->problem || x->skip)
            continue;
        rc = enrol_apply(r->db, &r->arena, &who, x->id, c, false, NULL, NULL);
        if (rc == DARS_ECONFLICT)
            rc = 0; /* enrolled meanwhile: nothing left to do */
        else if (rc == 0)
            ++*count;
    }
    return db_tx_end(r->db, rc);
}

static int enrolled_redirect(struct req *r, const struct catalog_course *c, int64_t count)
{
    view_flash(r, count == 1 ? _(r->lang, "1 person enrolled")
                             : i18n_fill(&r->arena, _(r->lang, "{count} people enrolled"),
                                          "{count}", view_int(r, count)));
    return http_redirect(r, arena_printf(&r->arena, "%s/learners", catalog_course_url(r, c->code)));
}

/* One person by e-mail. */
static int enrol_one(struct req *r, const struct catalog_course *c)
{
    struct actor who = accounts_actor(r);
    const char *email = http_form(r, "email"), *status = NULL;
    const char *problem = NULL;
    struct accounts_user_ref u = { 0 };
    int rc = 0;

    if (!email || !*email)
        problem = N_("Enter an e-mail address");
    else if ((rc = accounts_user_by_email(r->db, &r->arena, email, &u)) == DARS_ENOTFOUND ||
             rc == DARS_EINVALID)
        problem = N_("There is no one with this e-mail address");
    else if (rc < 0)
        return rc;
    else if (!accounts_can_manage_centre(r, u.centre_id))
        problem = N_("This person is outside your scope");
    if (!problem) {
        if ((rc = db_tx_begin(r->db)) < 0)
            return rc;
        rc = db_tx_end(r->db, enrol_apply(r->db, &r->arena, &who, u.id, c, false, &status, NULL));
        if (rc == DARS_ECONFLICT)
            problem = N_("This person is already enrolled");
        else if (rc < 0)
            return rc;
    }
    if (problem) {
        json_t *errors = json_pack("{s:s}", "email", problem);
        rc = people_form(r, rc == DARS_ECONFLICT ? 409 : 422, c, email, NULL, errors);
        json_decref(errors);
        return rc;
    }
    view_flash(r, i18n_fill(&r->arena,
                             streq(status, "active")
                                 ? _(r->lang, "{email} is enrolled")
                                 : _(r->lang, "{email} is on the waitlist: the course is full"),
                             "{email}", u.email));
    return http_redirect(r, arena_printf(&r->arena, "%s/learners", catalog_course_url(r, c->code)));
}

/* Everyone a filter finds: a list to confirm (confirm false) or enrolled (true). */
static int enrol_filter(struct req *r, const struct catalog_course *c, bool confirm)
{
    struct filter f = filter_read(r);
    struct people p = { 0 };
    const char *problem = NULL;
    int64_t count = 0;
    int rc;

    if (!*f.centre && !*f.organisation && !*f.q)
        problem = N_("Choose a centre, an organisation or a search");
    else if ((rc = filter_people(r, c->id, &f, &p)) < 0)
        return rc;
    else if (!p.n)
        problem = N_("Nobody matches this filter");
    else if (p.n > ENROL_BULK_MAX)
        problem = N_("More than 5000 people match: narrow the filter");
    if (problem) {
        json_t *errors = json_pack("{s:s}", "centre", problem);
        rc = people_form(r, 422, c, NULL, &f, errors);
        json_decref(errors);
        return rc;
    }
    people_judge(r, &p);
    if (!confirm || p.nbad || !p.nready)
        return preview(r, confirm ? 422 : 200, c, &p, "filter", &f);
    if ((rc = people_enrol(r, c, &p, &count)) < 0)
        return rc;
    return enrolled_redirect(r, c, count);
}

/* POST /courses/:code/enrol-people: one person (action=one) or a filter (action=filter) */
int enrol_people_submit(struct req *r)
{
    struct catalog_course c;
    int rc = catalog_course_managed(r, r->params[0], &c);
    if (rc < 0)
        return rc;
    if (streq(http_form(r, "action"), "filter"))
        return enrol_filter(r, &c, false);
    return enrol_one(r, &c);
}

/* Check a list of e-mails and answer its preview, or enrol it when confirm and all is well. */
static int enrol_list(struct req *r, const struct catalog_course *c, struct people *p,
                      bool confirm)
{
    int64_t count = 0;
    int rc;

    people_keys(&r->arena, p);
    if ((rc = people_lookup(r, c->id, p)) < 0)
        return rc;
    people_judge(r, p);
    /* all or nothing: a file with a problem is fixed and uploaded again */
    if (!confirm || p->nbad || !p->nready)
        return preview(r, confirm || p->nbad ? 422 : 200, c, p, "csv", NULL);
    if ((rc = people_enrol(r, c, p, &count)) < 0)
        return rc;
    return enrolled_redirect(r, c, count);
}

/* POST /courses/:code/enrol-people/csv (multipart, field "file") */
int enrol_people_csv_submit(struct req *r)
{
    const struct form_field *file = http_form_field(r, "file");
    struct catalog_course c;
    struct people p = { 0 };
    const char *problem = NULL;
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if (!file || !file->filename || !file->len)
        problem = N_("Choose a CSV file");
    else
        problem = csv_emails(&r->arena, file->value, file->len, &p);
    if (problem) {
        json_t *errors = json_pack("{s:s}", "file", problem);
        rc = people_form(r, 422, &c, NULL, NULL, errors);
        json_decref(errors);
        return rc;
    }
    return enrol_list(r, &c, &p, false);
}

/* POST /courses/:code/enrol-people/confirm: the list the preview showed, checked again */
int enrol_people_confirm(struct req *r)
{
    struct catalog_course c;
    struct people p = { 0 };
    int rc = catalog_course_managed(r, r->params[0], &c);

    if (rc < 0)
        return rc;
    if (streq(http_form(r, "source"), "filter"))
        return enrol_filter(r, &c, true);
    const char *s = http_form(r, "emails");
    int64_t line = 2;
    while (s && *s && p.n < ENROL_BULK_MAX) {
        const char *nl = strchr(s, ',');
        size_t n = nl ? (size_t)(nl - s) : strlen(s);
        struct person *x = people_add(&r->arena, &p);
        x->line = line++;
        x->given = utf8_trim(&r->arena, arena_strndup(&r->arena, s, n));
        s = nl ? nl + 1 : s + n;
    }
    if (!p.n)
        return people_form(r, 422, &c, NULL, NULL, NULL);
    return enrol_list(r, &c, &p, true);
}
