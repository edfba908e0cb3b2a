/*
 * dars demo: a year of the past, so that reports have something to say
 * (issue 13). People go in through accounts.h, and enrolments, withdrawals,
 * progress and completions through enrol.h, as a manager's would; what those
 * modules can only write "now" (times, lessons done), and what no module
 * header writes at all (a centre's area, cohorts, sessions, attendance
 * marks, past events and their check-ins), is written here in demo-only SQL
 * steps, like the large demo's, with one audit entry for them.
 */
#include "core/base.h"
#include "cli/demo_history.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/err.h"
#include "core/time.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "org/org.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>

#define HOUR 3600

/*
 * The centres' areas (through org, audited like a form's change). Urban: the
 * cities' centres; rural: those whose learners come mostly from villages.
 */
static const struct {
    const char *centre, *area;
} areas[] = {
    { "C-BAK", "urban" },   { "R-GAN", "urban" }, { "R-SHZ", "rural" }, { "R-LAN", "rural" },
    { "R-GUB", "rural" },   { "R-NAX", "urban" }, { "D-BAK-1", "urban" }, { "D-BAK-2", "urban" },
    { "D-SUM", "urban" },   { "D-GAN", "urban" }, { "D-MIN", "urban" }, { "D-LAN", "rural" },
};

/*
 * The newcomers: the learners of the cohorts below, each at the centre where
 * their cohort meets, and four instructors for the centres that had none.
 * Ages rather than birth years, so that every age band stays filled as the
 * years pass; 0: not given. role NULL: learner.
 */
struct newcomer {
    const char *email, *name, *language, *gender; /* gender NULL: not said */
    int age;
    const char *disability; /* "true" | "false" | NULL: not said */
    const char *organisation, *position, *centre, *role;
};

static const struct newcomer newcomers[] = {
    /* Sumgayit: pupils in a robotics club */
    { "n.qasimova@dars.example", "Nərmin Qasımova", "az", "female", 13, "false", NULL,
      "Student, grade 7", "D-SUM", NULL },
    { "m.ahmadov@dars.example", "Murad Əhmədov", "az", "male", 14, "false", NULL,
      "Student, grade 8", "D-SUM", NULL },
    { "a.suleymanova@dars.example", "Ayan Süleymanova", "az", "female", 15, "false", NULL,
      "Student, grade 9", "D-SUM", NULL },
    { "t.belov@dars.example", "Тимур Белов", "ru", "male", 12, "false", NULL, "Student, grade 6",
      "D-SUM", NULL },
    { "z.karimova@dars.example", "Zəhra Kərimova", "az", "female", 16, "true", NULL,
      "Student, grade 10", "D-SUM", NULL },
    { "y.nabiyev@dars.example", "Yusif Nəbiyev", "az", "male", 17, "false", NULL,
      "Student, grade 11", "D-SUM", NULL },
    { "d.morozova@dars.example", "Дарья Морозова", "ru", "female", 14, NULL, NULL,
      "Student, grade 8", "D-SUM", NULL },
    { "e.rustamov@dars.example", "Emil Rüstəmov", "az", "male", 13, "false", NULL,
      "Student, grade 7", "D-SUM", NULL },
    /* Shaki: civil servants and retired people learning e-government services */
    { "u.hasanli@dars.example", "Ülviyyə Həsənli", "az", "female", 44, "false", "MOE",
      "School teacher", "R-SHZ", NULL },
    { "m.abbasov@dars.example", "Mübariz Abbasov", "az", "male", 52, "false", "STS",
      "Tax officer", "R-SHZ", NULL },
    { "k.mustafayeva@dars.example", "Könül Mustafayeva", "az", "female", 38, "false", "ASAN",
      "Service desk officer", "R-SHZ", NULL },
    { "a.gurbanov@dars.example", "Əli Qurbanov", "az", "male", 66, "false", NULL,
      "Retired teacher", "R-SHZ", NULL },
    { "g.sadigova@dars.example", "Gülnarə Sadıqova", "az", "female", 59, "false", "MOE",
      "School principal", "R-SHZ", NULL },
    { "v.malikov@dars.example", "Vüqar Məlikov", "az", "male", 47, NULL, "MOEC", "Economist",
      "R-SHZ", NULL },
    { "s.orujova@dars.example", "Sevda Orucova", "az", "female", 71, "true", NULL,
      "Retired nurse", "R-SHZ", NULL },
    { "r.isgandarov@dars.example", "Ramin İsgəndərov", "az", "male", 29, "false", "ASAN",
      "IT support", "R-SHZ", NULL },
    /* Ganja: heads of departments in a leadership cohort */
    { "sh.rahimova@dars.example", "Şəhla Rəhimova", "az", "female", 46, "false", "EXEC-GAN",
      "Head of department", "R-GAN", NULL },
    { "a.jafarli@dars.example", "Anar Cəfərli", "az", "male", 51, "false", "EXEC-GAN",
      "Deputy head", "R-GAN", NULL },
    { "s.ivanova@dars.example", "Светлана Иванова", "ru", "female", 57, "false", "MOJ",
      "Court administrator", "R-GAN", NULL },
    { "f.asgarov@dars.example", "Fuad Əsgərov", "az", "male", 39, "false", "MDDT", "IT lead",
      "R-GAN", NULL },
    { "r.valiyeva@dars.example", "Rəna Vəliyeva", "az", "female", 42, "false", "MOE",
      "Head of education department", "R-GAN", NULL },
    { "i.kuznetsov@dars.example", "Игорь Кузнецов", "ru", "male", 61, "false", "SSC",
      "Head of statistics office", "R-GAN", NULL },
    { "s.hajiyeva@dars.example", "Samirə Hacıyeva", "az", "female", 36, "false", "STS",
      "Senior inspector", "R-GAN", NULL },
    { "e.bayramov@dars.example", "Elşən Bayramov", "az", "male", 55, "true", "MOEC",
      "Chief specialist", "R-GAN", NULL },
    /* Lankaran: district staff in a cybersecurity cohort */
    { "kh.talibova@dars.example", "Xədicə Talıbova", "az", "female", 33, "false", "EXEC-LAN",
      "Clerk", "R-LAN", NULL },
    { "n.samadov@dars.example", "Nicat Səmədov", "az", "male", 27, "false", "EXEC-LAN",
      "IT specialist", "R-LAN", NULL },
    { "a.shirinova@dars.example", "Aygün Şirinova", "az", "female", 48, "false", "MOE",
      "School director", "R-LAN", NULL },
    { "t.heydarov@dars.example", "Tofiq Heydərov", "az", "male", 53, "false", "STS",
      "Tax inspector", "R-LAN", NULL },
    { "l.mirzayeva@dars.example", "Lalə Mirzəyeva", "az", "female", 24, "false", "ASAN",
      "Service desk officer", "R-LAN", NULL },
    { "a.gafarov@dars.example", "Azər Qafarov", "az", "male", 45, "true", "MOJ", "Notary",
      "R-LAN", NULL },
    { "o.novikova@dars.example", "Ольга Новикова", "ru", "female", 38, "false", "EXEC-LAN",
      "Accountant", "R-LAN", NULL },
    { "a.morgan@dars.example", "Alex Morgan", "en", "other", 31, NULL, "IDDA",
      "Security consultant", "R-LAN", NULL },
    /* Guba: pupils, students and young staff learning Python */
    { "f.zeynalova@dars.example", "Fidan Zeynalova", "az", "female", 17, "false", NULL,
      "Student, grade 11", "R-GUB", NULL },
    { "r.novruzov@dars.example", "Rauf Novruzov", "az", "male", 19, "false", NULL,
      "University student", "R-GUB", NULL },
    { "a.pashayeva@dars.example", "Aytən Paşayeva", "az", "female", 22, "false", NULL,
      "University student", "R-GUB", NULL },
    { "o.suleymanli@dars.example", "Orxan Süleymanlı", "az", "male", 25, "false", "MOEC",
      "Junior economist", "R-GUB", NULL },
    { "s.ergasheva@dars.example", "Shahnoza Ergasheva", "uz", "female", 28, "false", "MOE",
      "Mathematics teacher", "R-GUB", NULL },
    { "b.saidov@dars.example", "Bobur Saidov", "uz", "male", 21, NULL, NULL,
      "University student", "R-GUB", NULL },
    { "n.akbarova@dars.example", "Nərgiz Əkbərova", "az", "female", 16, "false", NULL,
      "Student, grade 10", "R-GUB", NULL },
    { "j.kazimov@dars.example", "Cavid Kazımov", "az", "male", 0, NULL, "SSC",
      "Data entry clerk", "R-GUB", NULL },
    /* Baku, Khatai: English for work */
    { "g.mammadova@dars.example", "Günel Məmmədova", "az", "female", 26, "false", "ASAN",
      "Service desk officer", "D-BAK-2", NULL },
    { "e.huseynli@dars.example", "Elnur Hüseynli", "az", "male", 31, "false", "MDDT",
      "Project manager", "D-BAK-2", NULL },
    { "a.lebedeva@dars.example", "Анна Лебедева", "ru", "female", 20, "false", NULL,
      "University student", "D-BAK-2", NULL },
    { "d.tursunov@dars.example", "Dilshod Tursunov", "uz", "male", 34, "false", "IDDA",
      "Software developer", "D-BAK-2", NULL },
    { "seoyeon.kim@dars.example", "Kim Seo-yeon (김서연)", "en", "female", 29, NULL, NULL,
      "Exchange researcher", "D-BAK-2", NULL },
    { "t.nagiyev@dars.example", "Tural Nağıyev", "az", "male", 18, "false", NULL,
      "University student", "D-BAK-2", NULL },
    { "s.guliyeva@dars.example", "Səbinə Quliyeva", "az", "female", 40, "false", "MOJ",
      "Lawyer", "D-BAK-2", NULL },
    { "g.frolov@dars.example", "Геннадий Фролов", "ru", "male", 63, "true", NULL,
      "Retired engineer", "D-BAK-2", NULL },
    /* Lankaran Digital Education Centre: pupils and students, a full cohort */
    { "a.babayeva@dars.example", "Aysun Babayeva", "az", "female", 14, "false", NULL,
      "Student, grade 8", "D-LAN", NULL },
    { "r.mammadli@dars.example", "Rüfət Məmmədli", "az", "male", 15, "false", NULL,
      "Student, grade 9", "D-LAN", NULL },
    { "n.asadov@dars.example", "Nurlan Əsədov", "az", "male", 13, "false", NULL,
      "Student, grade 7", "D-LAN", NULL },
    { "l.huseynova@dars.example", "Ləman Hüseynova", "az", "female", 16, "false", NULL,
      "Student, grade 10", "D-LAN", NULL },
    { "f.yoldoshev@dars.example", "Farrux Yoʻldoshev", "uz", "male", 17, "false", NULL,
      "Student, grade 11", "D-LAN", NULL },
    { "m.taghiyeva@dars.example", "Mehriban Tağıyeva", "az", "female", 12, "false", NULL,
      "Student, grade 6", "D-LAN", NULL },
    { "s.guliyev@dars.example", "Sənan Quliyev", "az", "male", 20, "false", NULL,
      "College student", "D-LAN", NULL },
    { "n.rasulova@dars.example", "Nilufar Rasulova", "uz", "female", 18, NULL, NULL,
      "College student", "D-LAN", NULL },
    { "t.aliyev@dars.example", "Toğrul Əliyev", "az", "male", 15, "true", NULL,
      "Student, grade 9", "D-LAN", NULL },
    { "a.nasirova@dars.example", "Aytac Nəsirova", "az", NULL, 13, NULL, NULL,
      "Student, grade 7", "D-LAN", NULL },
    /* instructors of the centres that had none */
    { "r.safarov@dars.example", "Rövşən Səfərov", "az", "male", 45, "false", "MOE",
      "E-government trainer", "R-SHZ", "instructor@R-SHZ" },
    { "m.abdullayeva@dars.example", "Məlahət Abdullayeva", "az", "female", 38, "false", "IDDA",
      "Cybersecurity trainer", "R-LAN", "instructor@R-LAN" },
    { "u.nazarov@dars.example", "Ulugʻbek Nazarov", "uz", "male", 33, "false", NULL,
      "Programming trainer", "R-GUB", "instructor@R-GUB" },
    { "s.alizada@dars.example", "Sevinc Əlizadə", "az", "female", 30, "false", NULL,
      "Programming trainer", "D-LAN", "instructor@D-LAN" },
};

/*
 * The cohorts, oldest first: each takes the newcomers learning at its centre,
 * in the order above, and meets weekly from its first session, 10:00-12:00
 * at the centre (06:00-08:00 UTC: every demo centre is in Asia/Baku, which
 * keeps UTC+4 all year). The last one is still running and full, with a
 * waitlist.
 */
#define MAX_SESSIONS 12
static const struct {
    const char *course, *centre, *room, *instructor;
    int days_ago;       /* of the first session */
    int sessions;       /* at most MAX_SESSIONS */
    int capacity;       /* 0: no limit */
    int min_attendance; /* percent; 0: no rule */
} cohorts[] = {
    { "ROBO-101", "D-SUM", "Robotics lab", "minjun.kim@dars.example", 350, 10, 12, 70 },
    { "EGOV-101", "R-SHZ", "Room 2", "r.safarov@dars.example", 308, 8, 0, 0 },
    { "DT-EXEC", "R-GAN", "Conference hall", "a.kozlov@dars.example", 266, 10, 20, 70 },
    { "CYBER-101", "R-LAN", "Computer class", "m.abdullayeva@dars.example", 210, 8, 15, 0 },
    { "PY-101", "R-GUB", "Computer class", "u.nazarov@dars.example", 154, 10, 12, 70 },
    { "ENG-A2", "D-BAK-2", "Room 4", "s.johnson@dars.example", 98, 10, 12, 70 },
    { "PY-101", "D-LAN", "Lab 1", "s.alizada@dars.example", 45, 10, 8, 0 },
};

/*
 * Events held at the centres over the year, published and over: the
 * newcomers of the centre registered, and every fourth of them did not come
 * (checked in: the others), so events_held and event_participants have
 * something to count. 10:00 at the centre (06:00 UTC), for hours.
 */
static const struct {
    const char *title, *summary, *kind, *centre;
    int days_ago, hours;
} demo_events[] = {
    { "Hour of Code in Sumgayit", "Pupils write their first program in an afternoon.", "seminar",
      "D-SUM", 320, 3 },
    { "Digital skills forum", "Employers and trainers on the skills young people need.", "forum",
      "D-BAK-2", 230, 5 },
    { "Robotics open day", "Families see what the robotics club has built.", "visit", "D-SUM",
      150, 4 },
    { "Girls in ICT day", "Pupils meet women working in technology.", "seminar", "D-LAN", 70, 3 },
    { "Safe internet for families", "Passwords, scams and privacy, in plain words.", "seminar",
      "D-LAN", 20, 2 },
};

/*
 * The course each newcomer learner also takes on their own, by age, begun on
 * days spread over the year.
 */
static const char *const pupil_courses[] = { "PY-101", "ENG-A2", "ROBO-101" };
static const char *const adult_courses[] = { "EGOV-101", "CYBER-101", "DT-EXEC", "ENG-A2" };

/* ---- a fixed-seed generator (splitmix64): the same marks on every run ---- */

static uint64_t rng_state;

static int pick(int n)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return (int)((z ^ (z >> 31)) % (uint64_t)n);
}

/* ---- demo-only SQL ---- */

static const char cohort_sql[] =
    "INSERT INTO cohorts (course_id, centre_id, title, starts_on, ends_on, capacity, room,"
    " enrol_mode, min_attendance, created_at, updated_at)"
    " VALUES (?, ?, '', ?, ?, ?, ?, 'open', ?, ?, ?) RETURNING id";
static const char instructor_sql[] =
    "INSERT INTO cohort_instructors (cohort_id, user_id, created_at) VALUES (?, ?, ?)";
static const char session_sql[] =
    "INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, room, instructor_id,"
    " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
static const char mark_sql[] =
    "INSERT INTO attendance (session_id, user_id, status, note, marked_by, created_at,"
    " updated_at) VALUES (?, ?, ?, '', ?, ?, ?)";
/*
 * Back-dating: enrol.h writes every time as "now"; a demo of the past moves
 * each stamp that is set back to the time it stands for, and writes the
 * lessons done with theirs. Nothing but the demo may do this: real history
 * is never rewritten.
 */
static const char backdate_sql[] =
    "UPDATE enrolments SET created_at = ?,"
    " requested_at = CASE WHEN requested_at IS NULL THEN NULL ELSE CAST(? AS TEXT) END,"
    " waitlisted_at = CASE WHEN waitlisted_at IS NULL THEN NULL ELSE CAST(? AS TEXT) END,"
    " started_at = CASE WHEN started_at IS NULL THEN NULL ELSE CAST(? AS TEXT) END,"
    " completed_at = CASE WHEN completed_at IS NULL THEN NULL ELSE CAST(? AS TEXT) END,"
    " withdrawn_at = CASE WHEN withdrawn_at IS NULL THEN NULL ELSE CAST(? AS TEXT) END,"
    " last_activity_at = CASE WHEN last_activity_at IS NULL THEN NULL ELSE CAST(? AS TEXT) END,"
    " updated_at = CASE WHEN completed_at IS NULL AND withdrawn_at IS NULL"
    " THEN CAST(? AS TEXT) ELSE CAST(? AS TEXT) END"
    " WHERE user_id = ? AND course_id = ?";
static const char backdate_lesson_sql[] =
    "UPDATE lesson_progress SET completed_at = ? WHERE user_id = ? AND lesson_id = ?";
/*
 * Events of the past: events.h writes an event as "now" and a registration
 * through its public form; the demo writes both as they stood. Nobody holds a
 * registration's token: its hash is of random bytes.
 */
static const char event_sql[] =
    "INSERT INTO events (title, summary, kind, starts_at, ends_at, timezone, centre_id,"
    " online_url, capacity, status, created_by, created_at, updated_at)"
    " VALUES (?, ?, ?, ?, ?, 'Asia/Baku', ?, '', NULL, 'published', NULL, ?, ?) RETURNING id";
static const char event_registration_sql[] =
    "INSERT INTO event_registrations (event_id, name, email, email_key, organisation, user_id,"
    " status, token_hash, checked_in_at, created_at, updated_at, lang)"
    " VALUES (?, ?, ?, ?, ?, ?, 'registered', ?, ?, ?, ?, ?)";
static const char lesson_done_sql[] =
    "INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)"
    " VALUES (?, ?, ?, ?)";

/* What the history made, for its line of output and its audit entry. */
struct tally {
    size_t people, cohorts, sessions, marks, enrolments, lessons, events, registrations;
};

/* Bring times after now back to an hour ago, and start to end when it is later. */
static void in_the_past(time_t *start, time_t *end)
{
    time_t now = time(NULL);
    if (*end > now - HOUR)
        *end = now - HOUR;
    if (*start > *end)
        *start = *end;
}

/* The k-th (from 1) of steps moments evenly after start up to end. */
static time_t moment(time_t start, time_t end, size_t k, size_t steps)
{
    return start + (end - start) * (time_t)k / (time_t)(steps ? steps : 1);
}

/*
 * Stamp user_id's enrolment in course_id: begun at start, last active at
 * last, completed or withdrawn at end when it was.
 */
static int backdate_enrolment(struct db *db, int64_t user_id, int64_t course_id, time_t start,
                              time_t last, time_t end)
{
    char t0[TIME_ISO_LEN], tl[TIME_ISO_LEN], t1[TIME_ISO_LEN];
    time_to_iso(t0, start);
    time_to_iso(tl, last);
    time_to_iso(t1, end);
    return db_exec(db, backdate_sql,
                   DB_ARGS(DB_TEXT(t0), DB_TEXT(t0), DB_TEXT(t0), DB_TEXT(t0), DB_TEXT(t1),
                           DB_TEXT(t1), DB_TEXT(tl), DB_TEXT(tl), DB_TEXT(t1), DB_INT(user_id),
                           DB_INT(course_id)));
}

int demo_history_backdate(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                          time_t start, time_t end)
{
    char at[TIME_ISO_LEN];
    struct enrol_state s;
    int64_t *lessons;
    size_t nlessons, k = 0;
    int rc;

    in_the_past(&start, &end);
    if ((rc = enrol_state_get(db, a, user_id, course_id, &s)) < 0 ||
        (rc = catalog_lesson_ids(db, a, course_id, &lessons, &nlessons)) < 0)
        return rc;
    if (!s.id)
        return DARS_ENOTFOUND;
    /* lessons in reading order, evenly between start and end; the last one completes */
    size_t steps = s.ndone + (streq(s.status, "completed") ? 0 : 1);
    time_t last = start;
    for (size_t i = 0; i < nlessons && rc == 0; i++) {
        if (!enrol_state_has_done(&s, lessons[i]))
            continue;
        last = moment(start, end, ++k, steps);
        time_to_iso(at, last);
        rc = db_exec(db, backdate_lesson_sql,
                     DB_ARGS(DB_TEXT(at), DB_INT(user_id), DB_INT(lessons[i])));
    }
    return rc < 0 ? rc : backdate_enrolment(db, user_id, course_id, start, last, end);
}

/*
 * user_id, enrolled in course_id since start, did its first n lessons in
 * reading order up to end (the last at end when they are all). They are
 * written with their times here, since enrol_lesson_done() would stamp each
 * "now" and cost a dozen statements, enough to slow every test suite that
 * makes the demo; enrol then works out progress and completion by its own
 * rule, as after any lesson done. *last gets the time of the last lesson
 * (start when none).
 */
static int learn(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                 int64_t course_id, const int64_t *lessons, size_t nlessons, size_t n,
                 time_t start, time_t end, time_t *last /* OUT */, struct tally *t)
{
    char at[TIME_ISO_LEN];
    int rc = 0;

    if (n > nlessons)
        n = nlessons;
    *last = start;
    for (size_t i = 0; i < n && rc == 0; i++) {
        *last = moment(start, end, i + 1, n == nlessons ? n : n + 1);
        time_to_iso(at, *last);
        rc = db_exec(db, lesson_done_sql,
                     DB_ARGS(DB_INT(user_id), DB_INT(lessons[i]), DB_INT(course_id), DB_TEXT(at)));
        t->lessons++;
    }
    if (rc == 0 && n)
        rc = enrol_touch(db, user_id, course_id, lessons[n - 1]);
    return rc < 0 ? rc : enrol_recheck(db, a, who, user_id, course_id);
}

/* ---- the steps ---- */

static int refused(const char *what, int rc, json_t *errors)
{
    const char *k;
    json_t *v;
    json_object_foreach(errors, k, v)
        fprintf(stderr, "dars: demo %s: %s: %s\n", what, k, json_string_value(v));
    return rc;
}

static int set_areas(struct db *db, struct arena *a, const struct actor *who)
{
    json_t *errors = json_object();
    int rc = 0;
    for (size_t i = 0; i < ARRAY_SIZE(areas) && rc == 0; i++)
        rc = org_centre_area_set(db, a, who, areas[i].centre, areas[i].area, errors);
    json_decref(errors);
    return rc;
}

static int add_people(struct db *db, struct arena *a, const struct actor *who, const char *hash,
                      struct tally *t)
{
    json_t *errors = json_object();
    int year = accounts_this_year(), rc = 0;

    for (size_t i = 0; i < ARRAY_SIZE(newcomers) && rc == 0; i++) {
        const struct newcomer *p = &newcomers[i];
        const char **roles = arena_alloc(a, sizeof(char *));
        roles[0] = p->role ? p->role : "learner";
        struct user_new u = { .email = p->email, .full_name = p->name, .language = p->language,
                              .organisation = p->organisation, .position = p->position,
                              .centre = p->centre, .roles = roles, .nroles = 1,
                              .password_hash = hash, .gender = p->gender,
                              .birth_year = p->age ? arena_printf(a, "%d", year - p->age) : NULL,
                              .disability = p->disability };
        if ((rc = accounts_user_insert(db, a, who, &u, errors, NULL)) < 0)
            refused(p->email, rc, errors);
    }
    t->people = ARRAY_SIZE(newcomers);
    json_decref(errors);
    return rc;
}

/* A cohort as written: its ids and the start of each session. */
struct cohort_made {
    int64_t id, centre_id, course_id, instructor_id;
    int64_t session_ids[MAX_SESSIONS];
    time_t starts[MAX_SESSIONS];
    int nsessions;
    int64_t *lessons; /* the course's, in reading order */
    size_t nlessons;
};

static int cohort_write(struct db *db, struct arena *a, size_t ci, time_t today,
                        struct cohort_made *m, struct tally *t)
{
    char on[TIME_ISO_LEN], off[TIME_ISO_LEN], made[TIME_ISO_LEN], t0[TIME_ISO_LEN],
        t1[TIME_ISO_LEN];
    struct accounts_user_ref teacher;
    struct catalog_course c;
    int rc;

    memset(m, 0, sizeof(*m));
    m->nsessions = cohorts[ci].sessions;
    for (int s = 0; s < m->nsessions; s++)
        m->starts[s] = today - (time_t)(cohorts[ci].days_ago - 7 * s) * DEMO_DAY + 6 * HOUR;
    if ((rc = catalog_course_get(db, a, cohorts[ci].course, "en", &c)) < 0 ||
        (rc = catalog_lesson_ids(db, a, c.id, &m->lessons, &m->nlessons)) < 0 ||
        (rc = org_centre_id(db, cohorts[ci].centre, &m->centre_id)) < 0 ||
        (rc = accounts_user_by_email(db, a, cohorts[ci].instructor, &teacher)) < 0)
        return rc;
    m->course_id = c.id;
    m->instructor_id = teacher.id;
    /* dates at the centre: the sessions' UTC day is its day too */
    time_to_iso(on, m->starts[0]);
    time_to_iso(off, m->starts[m->nsessions - 1]);
    on[10] = off[10] = '\0';
    time_to_iso(made, m->starts[0] - 30 * DEMO_DAY); /* opened a month ahead */
    if ((rc = db_query_int(db, cohort_sql,
                           DB_ARGS(DB_INT(c.id), DB_INT(m->centre_id), DB_TEXT(on), DB_TEXT(off),
                                   DB_ID(cohorts[ci].capacity), DB_TEXT(cohorts[ci].room),
                                   DB_ID(cohorts[ci].min_attendance), DB_TEXT(made),
                                   DB_TEXT(made)),
                           &m->id)) < 0 ||
        (rc = db_exec(db, instructor_sql,
                      DB_ARGS(DB_INT(m->id), DB_INT(teacher.id), DB_TEXT(made)))) < 0)
        return rc;
    for (int s = 0; s < m->nsessions && rc == 0; s++) {
        time_to_iso(t0, m->starts[s]);
        time_to_iso(t1, m->starts[s] + 2 * HOUR);
        rc = db_query_int(db, session_sql,
                          DB_ARGS(DB_INT(m->id), DB_INT(m->centre_id), DB_TEXT(t0), DB_TEXT(t1),
                                  DB_TEXT(cohorts[ci].room), DB_INT(teacher.id), DB_TEXT(made),
                                  DB_TEXT(made)),
                          &m->session_ids[s]);
    }
    t->cohorts++;
    t->sessions += (size_t)m->nsessions;
    return rc;
}

/*
 * What becomes of a learner in a cohort that has ended: most finish; in each
 * cohort the last one stops halfway and stays enrolled; in every other cohort
 * the one before leaves after the fourth session. In a running cohort all go on.
 */
enum fate { FINISHES, STOPS, LEAVES, GOES_ON };

static enum fate fate_of(size_t ci, size_t j, size_t n, bool running)
{
    if (running)
        return GOES_ON;
    if (j == n - 1)
        return STOPS;
    if (j == n - 2 && ci % 2 == 0)
        return LEAVES;
    return FINISHES;
}

/* A mark: mostly present; one who stops comes less often. */
static const char *mark_roll(enum fate f)
{
    int r = pick(100);
    if (f == STOPS)
        return r < 50 ? "present" : r < 60 ? "late" : r < 90 ? "absent" : "excused";
    return r < 82 ? "present" : r < 90 ? "late" : r < 96 ? "absent" : "excused";
}

/* Mark the sessions learner user_id attended, up to (not including) session upto. */
static int learner_marks(struct db *db, const struct cohort_made *m, int64_t user_id, int upto,
                         enum fate f, struct tally *t)
{
    char at[TIME_ISO_LEN];
    int rc = 0;
    for (int s = 0; s < upto && rc == 0; s++) {
        time_to_iso(at, m->starts[s] + 2 * HOUR + 10 * 60); /* marked as the session ends */
        rc = db_exec(db, mark_sql,
                     DB_ARGS(DB_INT(m->session_ids[s]), DB_INT(user_id), DB_TEXT(mark_roll(f)),
                             DB_INT(m->instructor_id), DB_TEXT(at), DB_TEXT(at)));
        t->marks++;
    }
    return rc;
}

/* One learner of cohort ci (the j-th of n): enrolled, marked, learning, maybe leaving. */
static int cohort_learner(struct db *db, struct arena *a, const struct actor *who, size_t ci,
                          const struct cohort_made *m, const char *email, size_t j, size_t n,
                          time_t today, struct tally *t)
{
    struct accounts_user_ref u;
    const char *status;
    int rc, past = 0;

    while (past < m->nsessions && m->starts[past] < today)
        past++;
    enum fate f = fate_of(ci, j, n, past < m->nsessions);
    int upto = f == LEAVES ? 4 : past;
    size_t lessons = f == FINISHES  ? m->nlessons
                     : f == STOPS   ? m->nlessons / 2
                     : f == LEAVES  ? 2
                                    : m->nlessons * (size_t)past / (size_t)m->nsessions;
    if (f == GOES_ON)
        lessons -= lessons < j % 3 ? lessons : j % 3;
    /* enrolled a few days before the first session, in the afternoon at the centre */
    time_t start = m->starts[0] - (time_t)(2 + j % 5) * DEMO_DAY + (time_t)(1 + j % 9) * HOUR;
    time_t final = m->starts[m->nsessions - 1];
    time_t end = f == FINISHES ? final + (time_t)(1 + j % 6) * DEMO_DAY + 5 * HOUR
                 : f == STOPS  ? final
                 : f == LEAVES ? m->starts[upto - 1] + 2 * DEMO_DAY
                               : today;

    in_the_past(&start, &end);
    time_t lesson_end = f == LEAVES ? end - DEMO_DAY : end, last = start;
    if ((rc = accounts_user_by_email(db, a, email, &u)) < 0 ||
        (rc = enrol_user_cohort(db, a, who, u.id, m->id, false, &status, NULL)) < 0)
        return rc;
    t->enrolments++;
    /* marks first: completion looks at the cohort's minimum attendance */
    if (streq(status, "active") &&
        ((rc = learner_marks(db, m, u.id, upto, f, t)) < 0 ||
         (rc = learn(db, a, who, u.id, m->course_id, m->lessons, m->nlessons, lessons, start,
                     lesson_end, &last, t)) < 0))
        return rc;
    if (f == LEAVES && (rc = enrol_cohort_withdraw(db, a, who, u.id, m->id)) < 0)
        return rc;
    return backdate_enrolment(db, u.id, m->course_id, start, last, end);
}

static int cohort_make(struct db *db, struct arena *a, const struct actor *who, size_t ci,
                       time_t today, struct tally *t)
{
    struct cohort_made m;
    size_t n = 0, j = 0;
    int rc;

    if ((rc = cohort_write(db, a, ci, today, &m, t)) < 0)
        return rc;
    for (size_t i = 0; i < ARRAY_SIZE(newcomers); i++)
        n += !newcomers[i].role && streq(newcomers[i].centre, cohorts[ci].centre);
    for (size_t i = 0; i < ARRAY_SIZE(newcomers) && rc == 0; i++)
        if (!newcomers[i].role && streq(newcomers[i].centre, cohorts[ci].centre))
            rc = cohort_learner(db, a, who, ci, &m, newcomers[i].email, j++, n, today, t);
    return rc;
}

/* The k-th newcomer's course of their own: begun on a day of the year, finished by most. */
static int online_course(struct db *db, struct arena *a, const struct actor *who, size_t k,
                         const struct newcomer *p, const char *cohort_course, time_t today,
                         struct tally *t)
{
    bool pupil = p->age && p->age < 18;
    const char *const *list = pupil ? pupil_courses : adult_courses;
    size_t nlist = pupil ? ARRAY_SIZE(pupil_courses) : ARRAY_SIZE(adult_courses);
    const char *code = list[k % nlist];
    struct accounts_user_ref u;
    struct catalog_course c;
    const char *status;
    int64_t *lessons;
    size_t nlessons;
    int rc;

    if (streq(code, cohort_course))
        code = list[(k + 1) % nlist];
    time_t start = today - (time_t)(362 - 6 * (int)k) * DEMO_DAY + (time_t)(5 + k % 10) * HOUR;
    time_t end = start + (time_t)(20 + (k * 17) % 70) * DEMO_DAY + 3 * HOUR;
    bool finishes = k % 3 != 2 && end < today;
    if (!finishes)
        end = start + 30 * DEMO_DAY;
    in_the_past(&start, &end);
    time_t last = start;
    if ((rc = accounts_user_by_email(db, a, p->email, &u)) < 0 ||
        (rc = catalog_course_get(db, a, code, "en", &c)) < 0 ||
        (rc = catalog_lesson_ids(db, a, c.id, &lessons, &nlessons)) < 0 ||
        (rc = enrol_user(db, a, who, u.id, c.id, &status)) < 0)
        return rc;
    t->enrolments++;
    if (streq(status, "active") &&
        (rc = learn(db, a, who, u.id, c.id, lessons, nlessons, finishes ? nlessons : 1 + k % 4,
                    start, end, &last, t)) < 0)
        return rc;
    return backdate_enrolment(db, u.id, c.id, start, last, end);
}

/* 64 hex digits of random bytes: a token hash nobody has the token of. */
static const char *random_hash(struct arena *a)
{
    unsigned char bytes[32];
    char *hex = arena_alloc(a, 2 * sizeof(bytes) + 1);
    randombytes_buf(bytes, sizeof(bytes));
    for (size_t i = 0; i < sizeof(bytes); i++)
        snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
    return hex;
}

/* The i-th event and its registrations: the centre's newcomer learners, three in four came. */
static int event_make(struct db *db, struct arena *a, size_t i, time_t today, struct tally *t)
{
    char on[TIME_ISO_LEN], off[TIME_ISO_LEN], made[TIME_ISO_LEN], reg[TIME_ISO_LEN];
    struct accounts_user_ref u;
    struct db_stmt *st;
    int64_t centre_id, event_id;
    size_t j = 0;
    int rc;

    time_t start = today - (time_t)demo_events[i].days_ago * DEMO_DAY + 6 * HOUR;
    time_to_iso(on, start);
    time_to_iso(off, start + (time_t)demo_events[i].hours * HOUR);
    time_to_iso(made, start - 30 * DEMO_DAY);
    if ((rc = org_centre_id(db, demo_events[i].centre, &centre_id)) < 0 ||
        (rc = db_query_row(db, &st, event_sql,
                           DB_ARGS(DB_TEXT(demo_events[i].title),
                                   DB_TEXT(demo_events[i].summary), DB_TEXT(demo_events[i].kind),
                                   DB_TEXT(on), DB_TEXT(off), DB_INT(centre_id), DB_TEXT(made),
                                   DB_TEXT(off)))) < 0)
        return rc;
    event_id = db_col_int(st, 0);
    db_done(st);
    t->events++;
    for (size_t k = 0; k < ARRAY_SIZE(newcomers) && rc == 0; k++) {
        const struct newcomer *p = &newcomers[k];
        if (p->role || !streq(p->centre, demo_events[i].centre))
            continue;
        bool came = j++ % 4 != 3;
        time_to_iso(reg, start - (time_t)(3 + k % 20) * DEMO_DAY);
        if ((rc = accounts_user_by_email(db, a, p->email, &u)) < 0 ||
            (rc = db_exec(db, event_registration_sql,
                          DB_ARGS(DB_INT(event_id), DB_TEXT(p->name), DB_TEXT(p->email),
                                  DB_TEXT(p->email), DB_TEXT(p->organisation ? p->organisation : ""),
                                  DB_INT(u.id), DB_TEXT(random_hash(a)),
                                  came ? DB_TEXT(on) : DB_NULL, DB_TEXT(reg),
                                  DB_TEXT(came ? on : reg), DB_TEXT(p->language)))) < 0)
            return rc;
        t->registrations++;
    }
    return rc;
}

/* The course of the cohort a newcomer learns in ("" for none). */
static const char *cohort_course_of(const struct newcomer *p)
{
    for (size_t i = 0; i < ARRAY_SIZE(cohorts); i++)
        if (streq(cohorts[i].centre, p->centre))
            return cohorts[i].course;
    return "";
}

int demo_history(struct db *db, struct arena *a, const struct actor *who,
                 const char *password_hash, size_t *people)
{
    struct tally t = { 0 };
    char now_iso[TIME_ISO_LEN];
    time_t now = time(NULL), today = now - now % DEMO_DAY;
    size_t k = 0;
    int rc;

    rng_state = 13;
    time_to_iso(now_iso, now);
    if ((rc = set_areas(db, a, who)) < 0 || (rc = add_people(db, a, who, password_hash, &t)) < 0)
        return rc;
    for (size_t ci = 0; ci < ARRAY_SIZE(cohorts) && rc == 0; ci++)
        rc = cohort_make(db, a, who, ci, today, &t);
    for (size_t i = 0; i < ARRAY_SIZE(demo_events) && rc == 0; i++)
        rc = event_make(db, a, i, today, &t);
    for (size_t i = 0; i < ARRAY_SIZE(newcomers) && rc == 0; i++)
        if (!newcomers[i].role)
            rc = online_course(db, a, who, k++, &newcomers[i], cohort_course_of(&newcomers[i]),
                               today, &t);
    if (rc < 0)
        return rc;
    /* the rows written straight into the tables, in one entry as the large demo does */
    json_t *changes = json_pack(
        "{s:{s:I},s:{s:I},s:{s:I},s:{s:I},s:{s:I},s:{s:I},s:{s:I}}", "areas", "after",
        (json_int_t)ARRAY_SIZE(areas), "cohorts", "after", (json_int_t)t.cohorts, "sessions",
        "after", (json_int_t)t.sessions, "attendance", "after", (json_int_t)t.marks,
        "lessons_done", "after", (json_int_t)t.lessons, "events", "after", (json_int_t)t.events,
        "event_registrations", "after", (json_int_t)t.registrations);
    rc = audit_record(db, who, "demo.history", "database", "small", changes);
    json_decref(changes);
    if (rc < 0)
        return rc;
    printf("demo history created: %zu cohorts with %zu sessions and %zu attendance marks, "
           "%zu more enrolments and %zu events over the last 12 months\n",
           t.cohorts, t.sessions, t.marks, t.enrolments, t.events);
    *people = t.people;
    return 0;
}
