/*
 * The demo's certificates (`dars demo`). Those of completed learners are
 * issued by their completions themselves, as the demo courses and DT-LEAD
 * give certificates (the JSON files in src/cli/demo); here, after them, the cases a
 * registrar meets: one revoked (issued before the final check was done),
 * one replaced (a name corrected at the holder's request), and one issued
 * by hand to a volunteer whose name is written in Hangul, in Korean, so the
 * PDF shows Korean text shaped and embedded. Inside the caller's transaction,
 * through the same functions as the API; nothing when they are there already.
 */
#include "core/base.h"
#include "certs/certs_int.h"
#include "accounts/accounts.h"
#include "catalog/catalog.h"
#include "db/db.h"

#include <stdio.h>

/*
 * The look of the demo's certificates, in the names of the demo's ministry
 * and donor: set before any completion issues one, since a PDF is kept as it
 * was first drawn. Two signatories; e-government also in Azerbaijani.
 */
static const struct {
    const char *course, *second_language, *body_second;
} demo_templates[] = {
    { "EGOV-101", "az",
      "{holder} {date} tarixində «{title}» kursunu ({hours} saat) {centre} mərkəzində "
      "uğurla başa vurmuşdur. Rəqəmsal İnkişaf və Nəqliyyat Nazirliyi və beynəlxalq inkişaf "
      "tərəfdaşının Rəqəmsal Təhsil Mərkəzləri layihəsi." },
    { "CYBER-101", NULL, NULL },
    { "PY-101", NULL, NULL },
    { "ROBO-101", NULL, NULL },
};

int certs_demo_templates(struct db *db, struct arena *a, const struct actor *who)
{
    for (size_t i = 0; i < ARRAY_SIZE(demo_templates); i++) {
        struct catalog_course c;
        int64_t id = 0;
        int rc = catalog_course_get(db, a, demo_templates[i].course, "en", &c);
        if (rc == DARS_ENOTFOUND)
            continue;
        if (rc < 0)
            return rc;
        rc = db_query_int(db, cert_template_id_course_sql, DB_ARGS(DB_INT(c.id)), &id);
        if (rc == 0)
            continue; /* there already: a second `dars demo` changes nothing */
        if (rc != DARS_ENOTFOUND)
            return rc;
        struct cert_template none = { 0 }, t = {
            .body = "{holder} has successfully completed the course \"{title}\" ({hours} "
                    "hours) at {centre} on {date}, in the Digital Education Centres project "
                    "of the Ministry of Digital Development and Transport and its "
                    "international development partner.",
            .second_language = demo_templates[i].second_language,
            .body_second = demo_templates[i].body_second ? demo_templates[i].body_second : "",
            .colour = "#1d70b8",
            .signatory_name = { "Rashad Nabiyev", "Aynur Mammadova" },
            .signatory_position = { "Deputy Minister of Digital Development and Transport",
                                    "Director, Digital Education Centres project" },
        };
        if ((rc = cert_template_store(db, a, who, false, c.id, &none, &t)) < 0)
            return rc;
    }
    return 0;
}

/* The valid certificate of email's in course, or DARS_ENOTFOUND. */
static int find(struct db *db, struct arena *a, const char *email, const char *course,
                struct cert *out)
{
    struct accounts_user_ref u;
    struct catalog_course c;
    struct db_stmt *st;
    int rc;

    if ((rc = accounts_user_by_email(db, a, email, &u)) < 0 ||
        (rc = catalog_course_get(db, a, course, "en", &c)) < 0 ||
        (rc = db_query_row(db, &st, cert_demo_find_sql, DB_ARGS(DB_INT(u.id), DB_INT(c.id)))) < 0)
        return rc;
    const char *code = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return cert_load(db, a, code, out);
}

int certs_demo(struct db *db, struct arena *a, const struct actor *who, size_t *made)
{
    struct accounts_user_ref kim;
    struct catalog_course robo;
    struct cert_new in;
    struct cert c;
    const char *code;
    int64_t there = 0;
    int rc;

    *made = 0;
    if ((rc = db_query_int(db, cert_demo_korean_sql, DB_ARGS(DB_TEXT("ko")), &there)) < 0 &&
        rc != DARS_ENOTFOUND)
        return rc;
    if (rc == 0 && there)
        return 0;

    /* revoked: Oʻktam Rahimov's Python certificate, issued before his project was checked */
    if ((rc = find(db, a, "u.rahimov@dars.example", "PY-101", &c)) == 0 &&
        (rc = cert_revoke(db, a, who, &c, "Issued before the final project was checked")) == 0)
        (*made)++;
    if (rc < 0 && rc != DARS_ENOTFOUND)
        return rc;

    /* replaced: Daniel Brown asked for his middle initial on the certificate */
    if ((rc = find(db, a, "d.brown@dars.example", "CYBER-101", &c)) == 0 &&
        (rc = cert_replace(db, a, who, &c, "Daniel J. Brown", -1, &code)) == 0)
        (*made)++;
    if (rc < 0 && rc != DARS_ENOTFOUND)
        return rc;

    /* in Korean, by hand: the robotics volunteer, his name in Hangul */
    if ((rc = accounts_user_by_email(db, a, "minjun.kim@dars.example", &kim)) == DARS_ENOTFOUND ||
        (rc == 0 && (rc = catalog_course_get(db, a, "ROBO-101", "en", &robo)) == DARS_ENOTFOUND))
        return 0;
    if (rc < 0 || (rc = cert_new_for(db, a, kim.id, robo.id, 0, 0, &in)) < 0)
        return rc;
    in.holder = "김민준";
    in.language = "ko";
    if ((rc = cert_issue(db, a, who, &in, &code)) < 0)
        return rc;
    (*made)++;
    return 0;
}
