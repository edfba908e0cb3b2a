/*
 * The demo's mentoring (dars demo): forty mentors at the centres, five of
 * them KOICA World Friends volunteers, a quarter with a safeguarding check;
 * active mentorships with meetings every fortnight over the past months
 * (confirmed, but for each one's latest; ten of them close to a year, so
 * their mentors have more than twenty confirmed hours), two closed with their reasons and
 * feedback, proposals waiting, one mentee under 18 with a checked mentor,
 * and open requests for the coordinators to match. Written straight into
 * this module's tables (demo_sql.c), deterministic, in the caller's
 * transaction.
 */
#include "core/base.h"
#include "mentoring/mentoring_int.h"
#include "core/time.h"
#include "db/db.h"

#include <string.h>

#define DEMO_MENTORS 40
#define DEMO_ACTIVE 22
#define DEMO_CLOSED 2
#define DEMO_PROPOSED 3
#define DEMO_REQUESTS 12
/*
 * the first active mentorships, of mentor02 to mentor11, run close to a year,
 * so that those mentors pass [mentoring] developed_hours (20 by default) of
 * confirmed meetings; dars demo has them complete the mentor training too
 */
#define DEMO_LONG 10
#define DEMO_DAY 86400

/* women's names at even places, men's at odd ones, so that reports by gender have both */
static const char *const first[] = { "Aysel", "Rashad", "Nigar", "Elvin", "Leyla", "Tural",
                                     "Gunel", "Farid", "Sevinj", "Orkhan", "Aynur", "Kamran",
                                     "Lala", "Vusal", "Narmin", "Emil", "Sabina", "Ilkin",
                                     "Konul", "Javid" };
/* a surname's men's form; the women's adds an "a" (Aliyev, Aliyeva) */
static const char *const last[] = { "Mammadov", "Huseynov", "Aliyev", "Gasimov", "Ismayilov",
                                    "Rzayev", "Karimov", "Abbasov", "Safarov", "Jafarov" };
static const struct {
    const char *name, *gender;
} volunteers[] = { { "Kim Min-ji", "female" }, { "Park Ji-hoon", "male" },
                   { "Lee Seo-yeon", "female" }, { "Choi Dong-hyun", "male" },
                   { "Jung Ha-eun", "female" } };
static const char *const skills[] = { "programming",     "robotics",          "english",
                                      "data-science",    "computer-literacy", "e-government",
                                      "cybersecurity",   "digital-transformation" };
static const char *const goals[] = {
    "Find a first job in data analysis", "Build a small web application",
    "Prepare for an English-language course", "Use e-government services with confidence",
    "Learn to protect a small office network", "Lead the digital change in my department"
};

/* YYYY-MM-DD of now minus days */
static const char *day_ago(struct arena *a, time_t now, int days)
{
    char iso[TIME_ISO_LEN];
    time_to_iso(iso, now - (time_t)days * DEMO_DAY);
    return arena_strndup(a, iso, 10);
}

static const char *iso_ago(struct arena *a, time_t now, int days)
{
    char iso[TIME_ISO_LEN];
    time_to_iso(iso, now - (time_t)days * DEMO_DAY);
    return arena_strdup(a, iso);
}

static int ids(struct db *db, const char *sql, const struct db_arg *args, size_t nargs, int64_t *out,
               int64_t *second, size_t max, size_t *n)
{
    struct db_stmt *st;
    int rc = db_query(db, &st, sql, args, nargs);
    *n = 0;
    if (rc < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW && *n < max) {
        out[*n] = db_col_int(st, 0);
        if (second)
            second[*n] = db_col_int(st, 1);
        (*n)++;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* A mentorship of mentor m and mentee e begun days_ago, its meetings every fortnight. */
static int demo_ms(struct db *db, struct arena *a, time_t now, int64_t m, int64_t m_centre,
                   int64_t e, int begun, int ended, const char *reason, int k)
{
    const char *status = ended ? "closed" : "active";
    const char *start = day_ago(a, now, begun), *at = iso_ago(a, now, begun + 3);
    int64_t id = 0;
    int rc = db_query_int(
        db, mt_demo_ms_sql,
        DB_ARGS(DB_INT(m), DB_INT(e), DB_NULL, DB_TEXT(status), DB_TEXT(at), DB_TEXT(at),
                DB_TEXT(start), DB_TEXT(ended ? day_ago(a, now, ended) : ""),
                DB_TEXT(reason ? reason : ""),
                DB_TEXT(ended ? "A motivated mentee; we met regularly." : ""),
                DB_TEXT(ended ? "Very helpful: I reached my goal." : ""), DB_TEXT(at),
                DB_TEXT(ended ? iso_ago(a, now, ended) : at)),
        &id);
    if (rc < 0)
        return rc;
    const char *goal = goals[k % ARRAY_SIZE(goals)];
    if ((rc = db_exec(db, mt_demo_goal_sql,
                      DB_ARGS(DB_INT(id), DB_TEXT(goal), DB_TEXT(ended ? "achieved" : "open"),
                              DB_TEXT(at), DB_TEXT(at)))) < 0)
        return rc;
    int stop = ended ? ended : 2;
    for (int d = begun - 2; d >= stop; d -= 14) {
        bool in_person = (d / 14 + k) % 3 == 0 && m_centre;
        bool latest = !ended && d - 14 < stop; /* the latest waits for the mentee's word */
        const char *held = day_ago(a, now, d), *logged = iso_ago(a, now, d);
        if ((rc = db_exec(db, mt_demo_meeting_sql,
                          DB_ARGS(DB_INT(id), DB_TEXT(held), DB_INT(45 + 15 * ((d + k) % 4)),
                                  DB_TEXT(in_person ? "in-person" : "online"),
                                  DB_ID(in_person ? m_centre : 0),
                                  DB_TEXT("Progress on the goal; next steps agreed."), DB_INT(m),
                                  latest ? DB_NULL : DB_INT(e),
                                  DB_TEXT(latest ? "" : iso_ago(a, now, d - 1)), DB_TEXT(logged),
                                  DB_TEXT(logged)))) < 0)
            return rc;
    }
    return 0;
}

int mentoring_demo(struct db *db, struct arena *a, const struct actor *who,
                   const char *password_hash, size_t *people)
{
    json_t *errors = json_object();
    int64_t centres[64], mentors[DEMO_MENTORS], m_centre[DEMO_MENTORS], learners[64],
        l_centre[64];
    size_t ncentres = 0, nlearners = 0;
    time_t now = time(NULL);
    const char *stamp = iso_ago(a, now, 200);
    int rc;

    *people = 0;
    if ((rc = ids(db, mt_demo_centres_sql, NULL, 0, centres, NULL, ARRAY_SIZE(centres),
                  &ncentres)) < 0)
        goto out;
    if (!ncentres) {
        rc = DARS_ENOTFOUND;
        goto out;
    }
    for (size_t i = 0; i < DEMO_MENTORS; i++) {
        static const char *const role[] = { "mentor" };
        bool volunteer = i < ARRAY_SIZE(volunteers);
        bool woman = volunteer ? streq(volunteers[i].gender, "female")
                               : i % ARRAY_SIZE(first) % 2 == 0;
        const char *name = volunteer ? volunteers[i].name
                                     : arena_printf(a, "%s %s%s", first[i % ARRAY_SIZE(first)],
                                                    last[(i * 7) % ARRAY_SIZE(last)],
                                                    woman ? "a" : "");
        struct user_new u = { .email = arena_printf(a, "mentor%02zu@dars.example", i + 1),
                              .full_name = name, .language = volunteer ? "en" : "az",
                              .roles = (const char **)role, .nroles = 1,
                              .password_hash = password_hash,
                              .gender = woman ? "female" : "male",
                              .birth_year = arena_int(a, 1975 + (int64_t)(i % 25)) };
        if ((rc = accounts_user_insert(db, a, who, &u, errors, &mentors[i])) < 0)
            goto out;
        m_centre[i] = centres[i % ncentres];
        /* a quarter checked, the first (who mentors the under-18 mentee) among them */
        const char *checked = i % 4 == 0 ? day_ago(a, now, 120 + (int)i) : NULL;
        const char *bio = volunteer ? "KOICA World Friends volunteer: data science and "
                                      "computer education."
                                    : "Trainer at the centre; glad to help newcomers.";
        if ((rc = db_exec(db, mt_demo_profile_sql,
                          DB_ARGS(DB_INT(mentors[i]), DB_INT(m_centre[i]),
                                  DB_INT(2 + (int64_t)(i % 3)),
                                  DB_TEXT(volunteer ? "KOICA World Friends" : ""), DB_TEXT(bio),
                                  DB_TEXT(checked), DB_TEXT(stamp), DB_TEXT(stamp)))) < 0)
            goto out;
        const char *mine[2] = { volunteer ? (i % 2 ? "computer-literacy" : "data-science")
                                          : skills[i % ARRAY_SIZE(skills)],
                                volunteer ? "programming" : skills[(i + 3) % ARRAY_SIZE(skills)] };
        for (size_t k = 0; k < 2; k++)
            if ((rc = db_exec(db, mt_demo_skill_sql,
                              DB_ARGS(DB_INT(mentors[i]), DB_TEXT(mine[k])))) < 0)
                goto out;
        const char *langs[2] = { volunteer ? "ko" : "az", volunteer ? "en" : (i % 2 ? "ru" : "en") };
        for (size_t k = 0; k < 2; k++)
            if ((rc = db_exec(db, mt_profile_lang_add_sql,
                              DB_ARGS(DB_INT(mentors[i]), DB_TEXT(langs[k])))) < 0)
                goto out;
    }
    *people = DEMO_MENTORS;

    /* the under-18 mentee, at the first mentor's centre */
    int64_t teen = 0;
    {
        static const char *const role[] = { "learner" };
        struct user_new u = { .email = "teen.mentee@dars.example", .full_name = "Aydan Quliyeva",
                              .language = "az", .roles = (const char **)role, .nroles = 1,
                              .password_hash = password_hash, .gender = "female",
                              .birth_year = arena_int(a, accounts_this_year() - 16) };
        if ((rc = accounts_user_insert(db, a, who, &u, errors, &teen)) < 0)
            goto out;
        (*people)++;
    }
    if ((rc = demo_ms(db, a, now, mentors[0], m_centre[0], teen, 90, 0, NULL, 0)) < 0)
        goto out;

    if ((rc = ids(db, mt_demo_learners_sql, DB_ARGS(DB_INT(ARRAY_SIZE(learners))), learners,
                  l_centre, ARRAY_SIZE(learners), &nlearners)) < 0)
        goto out;
    size_t next = 0;
    /* active ones, begun one to five months ago; mentor i + 1 (the first has the teen) */
    for (size_t k = 0; k < DEMO_ACTIVE && next < nlearners; k++, next++)
        if ((rc = demo_ms(db, a, now, mentors[k + 1], m_centre[k + 1], learners[next],
                          k < DEMO_LONG ? 340 + (int)k * 3 : 30 + (int)(k * 11 % 120), 0,
                          NULL, (int)k)) < 0)
            goto out;
    static const char *const reasons[] = { "The goals are reached",
                                           "The mentee found a job in Baku" };
    for (size_t k = 0; k < DEMO_CLOSED && next < nlearners; k++, next++)
        if ((rc = demo_ms(db, a, now, mentors[DEMO_ACTIVE + 1 + k],
                          m_centre[DEMO_ACTIVE + 1 + k], learners[next], 200, 40 + (int)k * 10,
                          reasons[k], (int)k)) < 0)
            goto out;
    for (size_t k = 0; k < DEMO_PROPOSED && next < nlearners; k++, next++) {
        const char *at = iso_ago(a, now, 2 + (int)k);
        int64_t id;
        if ((rc = db_query_int(
                 db, mt_demo_ms_sql,
                 DB_ARGS(DB_INT(mentors[DEMO_ACTIVE + 4 + k]), DB_INT(learners[next]), DB_NULL,
                         DB_TEXT("proposed"), DB_TEXT(k == 0 ? at : ""), DB_TEXT(""),
                         DB_TEXT(""), DB_TEXT(""), DB_TEXT(""), DB_TEXT(""), DB_TEXT(""),
                         DB_TEXT(at), DB_TEXT(at)),
                 &id)) < 0)
            goto out;
    }
    static const char *const langs[] = { "az", "ru", "en", "az" };
    for (size_t k = 0; k < DEMO_REQUESTS && next < nlearners; k++, next++) {
        const char *at = iso_ago(a, now, 1 + (int)k);
        int64_t id;
        if ((rc = db_query_int(db, mt_demo_request_sql,
                               DB_ARGS(DB_INT(learners[next]),
                                       DB_TEXT(goals[k % ARRAY_SIZE(goals)]),
                                       DB_TEXT(langs[k % ARRAY_SIZE(langs)]),
                                       DB_TEXT(k % 4 == 3 ? "in-person" : "online"),
                                       DB_TEXT("open"), DB_ID(who->id), DB_TEXT(at), DB_TEXT(at)),
                               &id)) < 0)
            goto out;
        for (size_t s = 0; s < 2; s++)
            if ((rc = db_exec(db, mt_demo_request_skill_sql,
                              DB_ARGS(DB_INT(id), DB_TEXT(skills[(k + s * 3) % ARRAY_SIZE(skills)])))) < 0)
                goto out;
    }
    rc = 0;
out:
    if (rc == DARS_EINVALID || rc == DARS_ECONFLICT) {
        const char *key;
        json_t *v;
        json_object_foreach(errors, key, v) fprintf(stderr, "dars demo: mentoring: %s: %s\n", key,
                                                    json_string_value(v));
    }
    json_decref(errors);
    return rc;
}
