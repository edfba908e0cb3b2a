/*
 * dars demo: a living system for a newcomer to look at. Regions, the central
 * centre, regional centres and Digital Education Centres, ministries and
 * agencies, and people in every role with names in Azerbaijani, Uzbek,
 * Russian, English and Korean; a year of history; two donor projects counting
 * it (projects.h). Idempotent: a database that already has the
 * demo is left as it is. The admin's password is generated and printed once.
 */
#include "core/base.h"
#include "cli/cli.h"
#include "cli/demo_courses.h"
#include "cli/demo_history.h"
#include "cli/demo_large.h"
#include "reports/reports.h"
#include "mentoring/mentoring.h"
#include "certs/certs.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/err.h"
#include "core/time.h"
#include "db/db.h"
#include "enrol/enrol.h"
#include "org/org.h"
#include "projects/projects.h"
#include "opendata/opendata.h"
#include "quiz/quiz.h"

#include <sodium.h>

#define ADMIN_EMAIL "admin@dars.example"

static const struct region_new regions[] = {
    { "BAK", "Baku", "Баку", "Bakı", "Boku" },
    { "ABS", "Absheron-Khizi", "Абшерон-Хызы", "Abşeron-Xızı", "Abşeron-Xizi" },
    { "GAN", "Ganja-Dashkasan", "Гянджа-Дашкесан", "Gəncə-Daşkəsən", "Ganja-Dashkasan" },
    { "SHZ", "Shaki-Zagatala", "Шеки-Загатала", "Şəki-Zaqatala", "Shaki-Zagatala" },
    { "LAN", "Lankaran-Astara", "Ленкорань-Астара", "Lənkəran-Astara", "Lankaran-Astara" },
    { "GUB", "Guba-Khachmaz", "Губа-Хачмаз", "Quba-Xaçmaz", "Guba-Xachmaz" },
    { "SHR", "Central Aran", "Центральный Аран", "Mərkəzi Aran", "Markaziy Aran" },
    { "MIL", "Mil-Mughan", "Миль-Муган", "Mil-Muğan", "Mil-Mugʻan" },
    { "SHS", "Shirvan-Salyan", "Ширван-Сальян", "Şirvan-Salyan", "Shirvan-Salyan" },
    { "KAR", "Karabakh", "Карабах", "Qarabağ", "Qorabogʻ" },
    { "GAZ", "Gazakh-Tovuz", "Газах-Товуз", "Qazax-Tovuz", "Gazax-Tovuz" },
    { "NAX", "Nakhchivan", "Нахчыван", "Naxçıvan", "Naxchivon" },
};

static const struct centre_new centres[] = {
    { "C-BAK", "Central Education Centre", "BAK", "central",
      "12 Istiglaliyyat Street, Baku", 400, NULL, "Asia/Baku", "closed" },
    { "R-GAN", "Ganja Regional Training Centre", "GAN", "regional", "45 Javad Khan Street, Ganja",
      120, NULL, "Asia/Baku", "approval" },
    { "R-SHZ", "Shaki Regional Training Centre", "SHZ", "regional", "8 Rashidbey Afandiyev Street, Shaki",
      80, NULL, "Asia/Baku", "closed" },
    { "R-LAN", "Lankaran Regional Training Centre", "LAN", "regional", "21 Hazi Aslanov Street, Lankaran",
      90, NULL, "Asia/Baku", "closed" },
    { "R-GUB", "Guba Regional Training Centre", "GUB", "regional", "3 Heydar Aliyev Avenue, Guba",
      70, NULL, "Asia/Baku", "closed" },
    { "R-NAX", "Nakhchivan Regional Training Centre", "NAX", "regional", "14 Ataturk Street, Nakhchivan",
      100, NULL, "Asia/Baku", "closed" },
    { "D-BAK-1", "Digital Education Centre Yasamal", "BAK", "digital-education",
      "27 Sharifzade Street, Baku", 60, NULL, "Asia/Baku", "open" },
    { "D-BAK-2", "Digital Education Centre Khatai", "BAK", "digital-education",
      "102 Babek Avenue, Baku", 60, NULL, "Asia/Baku", "closed" },
    { "D-SUM", "Digital Education Centre Sumgayit", "ABS", "digital-education",
      "9 Sulh Street, Sumgayit", 50, NULL, "Asia/Baku", "closed" },
    { "D-GAN", "Digital Education Centre Ganja", "GAN", "digital-education",
      "16 Nizami Street, Ganja", 50, NULL, "Asia/Baku", "closed" },
    { "D-MIN", "Digital Education Centre Mingachevir", "SHR", "digital-education",
      "5 Heydar Aliyev Avenue, Mingachevir", 40, NULL, "Asia/Baku", "closed" },
    { "D-LAN", "Digital Education Centre Lankaran", "LAN", "digital-education",
      "30 Nariman Narimanov Street, Lankaran", 40, NULL, "Asia/Baku", "closed" },
};

static const struct organisation_new organisations[] = {
    { "MDDT", "Ministry of Digital Development and Transport" },
    { "MOE", "Ministry of Science and Education" },
    { "MOJ", "Ministry of Justice" },
    { "MOEC", "Ministry of Economy" },
    { "STS", "State Tax Service" },
    { "ASAN", "State Agency for Public Service and Social Innovations" },
    { "IDDA", "Innovation and Digital Development Agency" },
    { "SSC", "State Statistical Committee" },
    { "EXEC-GAN", "Ganja City Executive Power" },
    { "EXEC-LAN", "Lankaran District Executive Power" },
};

struct person {
    const char *email, *name, *language, *organisation, *position, *centre, *role;
    const char *gender, *birth_year, *disability; /* NULL: not given */
};

/*
 * One role each; a manager or instructor is scoped as written. Who they are
 * in proportions like a national programme's: as many women as men, pupils
 * (under 18) and civil servants of every age, a few with a disability, and
 * some who chose not to say.
 */
static const struct person people[] = {
    { "l.hasanova@dars.example", "Leyla Həsənova", "az", "MDDT", "Head of training", "C-BAK",
      "manager@C-BAK", "female", "1979", "false" },
    { "r.aliyev@dars.example", "Rəşad Əliyev", "az", "MDDT", "Regional coordinator", "R-GAN",
      "manager@GAN", "male", "1983", "false" },
    { "n.guliyeva@dars.example", "Nigar Quliyeva", "az", NULL, "Centre manager", "D-BAK-1",
      "manager@D-BAK-1", "female", "1990", "false" },
    { "i.smirnova@dars.example", "Ирина Смирнова", "ru", "IDDA", "Cybersecurity trainer", "C-BAK",
      "instructor@C-BAK", "female", "1986", "false" },
    { "a.kozlov@dars.example", "Алексей Козлов", "ru", "IDDA", "E-government trainer", "R-GAN",
      "instructor@R-GAN", "male", "1975", "true" },
    { "d.karimova@dars.example", "Dilnoza Karimova", "uz", NULL, "Programming mentor", "D-BAK-1",
      "instructor@D-BAK-1", "female", "1994", "false" },
    { "s.johnson@dars.example", "Sarah Johnson", "en", NULL, "English teacher", "D-BAK-2",
      "instructor@D-BAK-2", "female", "1988", NULL },
    /* a volunteer from the donor's country who reads Dars in Korean and teaches ROBO-101 */
    { "minjun.kim@dars.example", "Kim Min-jun (김민준)", "ko", NULL, "Robotics volunteer",
      "D-SUM", "mentor", "male", NULL, NULL },
    { "j.toshmatov@dars.example", "Jasur Toshmatov", "uz", NULL, "Mentor", "D-GAN", "mentor",
      "male", "1997", "false" },
    { "e.mammadov@dars.example", "Elvin Məmmədov", "az", "STS", "Senior inspector", "C-BAK",
      "learner", "male", "1981", "false" },
    { "g.yusupova@dars.example", "Gulnora Yusupova", "uz", "MOE", "Methodologist", "C-BAK",
      "learner", "female", "1992", "false" },
    { "o.petrova@dars.example", "Ольга Петрова", "ru", "MOJ", "Legal adviser", "R-GAN",
      "learner", "female", "1969", "false" },
    { "t.huseynov@dars.example", "Tural Hüseynov", "az", "ASAN", "Service centre lead", "R-GAN",
      "learner", "male", "1987", "false" },
    { "u.rahimov@dars.example", "Oʻktam Rahimov", "uz", "MOEC", "Economist", "R-LAN", "learner",
      "male", "1990", "true" },
    { "a.ismayilova@dars.example", "Aysel İsmayılova", "az", NULL, "Student, grade 10", "D-BAK-1",
      "learner", "female", "2010", "false" },
    { "k.abdullayev@dars.example", "Kamran Abdullayev", "az", NULL, "Student, grade 9", "D-BAK-1",
      "learner", "male", "2011", "false" },
    { "s.nazarova@dars.example", "Sevinj Nazarova", "az", NULL, "Student, grade 11", "D-BAK-2",
      "learner", "female", "2009", "false" },
    { "m.sokolov@dars.example", "Максим Соколов", "ru", NULL, "Student, grade 8", "D-SUM",
      "learner", "male", "2012", "true" },
    { "f.qodirova@dars.example", "Feruza Qodirova", "uz", NULL, "Student, grade 10", "D-GAN",
      "learner", "female", "2010", "false" },
    { "d.brown@dars.example", "Daniel Brown", "en", "SSC", "Data analyst", "C-BAK", "learner",
      "male", "1993", "false" },
    { "z.bagirova@dars.example", "Zeynəb Bağırova", "az", "EXEC-LAN", "Deputy head", "R-LAN",
      "learner", "female", "1972", "false" },
    { "n.volkova@dars.example", "Наталья Волкова", "ru", "MDDT", "IT specialist", "R-SHZ",
      "learner", "female", "1984", NULL },
    /* the heads of the other centres, each its responsible person */
    { "s.rzayeva@dars.example", "Səbinə Rzayeva", "az", "MOE", "Centre director", "R-SHZ",
      "manager@R-SHZ", "female", "1978", "false" },
    { "e.jafarov@dars.example", "Elçin Cəfərov", "az", "MOE", "Centre director", "R-LAN",
      "manager@R-LAN", "male", "1974", "false" },
    { "f.guliyev@dars.example", "Fərid Quliyev", "az", NULL, "Centre director", "R-GUB",
      "manager@R-GUB", "male", "1980", "false" },
    { "a.mammadli@dars.example", "Aynur Məmmədli", "az", NULL, "Centre director", "R-NAX",
      "manager@R-NAX", "female", "1982", "false" },
    { "v.orlov@dars.example", "Виктор Орлов", "ru", NULL, "Centre manager", "D-BAK-2",
      "manager@D-BAK-2", "male", "1985", "true" },
    { "l.aliyeva@dars.example", "Lalə Əliyeva", "az", "IDDA", "Centre manager", "D-SUM",
      "manager@D-SUM", "female", "1991", "false" },
    { "n.rashidova@dars.example", "Nodira Rashidova", "uz", NULL, "Centre manager", "D-GAN",
      "manager@D-GAN", "female", "1989", "false" },
    { "r.babayev@dars.example", "Ramil Babayev", "az", NULL, "Centre manager", "D-MIN",
      "manager@D-MIN", "male", "1986", "false" },
    { "g.ahmadova@dars.example", "Günay Əhmədova", "az", NULL, "Centre manager", "D-LAN",
      "manager@D-LAN", NULL, "1993", NULL },
};

/* Each centre's responsible person: its head. */
static const struct {
    const char *centre, *email;
} responsibles[] = {
    { "C-BAK", "l.hasanova@dars.example" },  { "R-GAN", "r.aliyev@dars.example" },
    { "R-SHZ", "s.rzayeva@dars.example" },   { "R-LAN", "e.jafarov@dars.example" },
    { "R-GUB", "f.guliyev@dars.example" },   { "R-NAX", "a.mammadli@dars.example" },
    { "D-BAK-1", "n.guliyeva@dars.example" }, { "D-BAK-2", "v.orlov@dars.example" },
    { "D-SUM", "l.aliyeva@dars.example" },   { "D-GAN", "n.rashidova@dars.example" },
    { "D-MIN", "r.babayev@dars.example" },   { "D-LAN", "g.ahmadova@dars.example" },
};

/*
 * Who learns what in the demo: lessons done in reading order (ALL: every
 * one, so the course is completed). Z. Bağırova completes the three courses
 * of the DT-LEAD programme, so /my shows a completed programme too.
 */
#define ALL 1000
static const struct {
    const char *email, *course;
    int done;
} enrolments[] = {
    { "e.mammadov@dars.example", "EGOV-101", ALL },  { "e.mammadov@dars.example", "CYBER-101", 3 },
    { "g.yusupova@dars.example", "PY-101", 5 },      { "g.yusupova@dars.example", "ENG-A2", 2 },
    { "o.petrova@dars.example", "CYBER-101", ALL },  { "o.petrova@dars.example", "DT-EXEC", 2 },
    { "t.huseynov@dars.example", "EGOV-101", 4 },    { "t.huseynov@dars.example", "CYBER-101", 1 },
    { "u.rahimov@dars.example", "PY-101", ALL },     { "u.rahimov@dars.example", "DT-EXEC", 0 },
    { "a.ismayilova@dars.example", "ROBO-101", 3 },  { "a.ismayilova@dars.example", "PY-101", 2 },
    { "k.abdullayev@dars.example", "ROBO-101", ALL }, { "k.abdullayev@dars.example", "ENG-A2", 4 },
    { "s.nazarova@dars.example", "ENG-A2", ALL },    { "m.sokolov@dars.example", "ROBO-101", 1 },
    { "f.qodirova@dars.example", "PY-101", 6 },      { "d.brown@dars.example", "DT-EXEC", 4 },
    { "d.brown@dars.example", "CYBER-101", ALL },    { "z.bagirova@dars.example", "DT-EXEC", ALL },
    { "z.bagirova@dars.example", "EGOV-101", ALL },
    { "z.bagirova@dars.example", "CYBER-101", ALL },
    { "n.volkova@dars.example", "CYBER-101", 5 },
};

/*
 * Enrol the demo learners and mark their lessons done (inside the caller's
 * transaction), then move each enrolment into the past: begun on days spread
 * over the last eleven months, the completed ones finished three to nine
 * weeks later.
 */
static int demo_enrol(struct db *db, struct arena *a, const struct actor *who)
{
    time_t now = time(NULL), today = now - now % DEMO_DAY;
    int rc = 0;
    for (size_t i = 0; i < ARRAY_SIZE(enrolments) && rc == 0; i++) {
        struct accounts_user_ref u;
        struct catalog_course c;
        int64_t *lessons;
        size_t n;
        if ((rc = accounts_user_by_email(db, a, enrolments[i].email, &u)) < 0 ||
            (rc = catalog_course_get(db, a, enrolments[i].course, "en", &c)) < 0 ||
            (rc = catalog_lesson_ids(db, a, c.id, &lessons, &n)) < 0 ||
            (rc = enrol_user(db, a, who, u.id, c.id, NULL)) < 0) {
            fprintf(stderr, "dars: demo: cannot enrol '%s' in '%s': %s\n", enrolments[i].email,
                    enrolments[i].course, err_str(rc));
            break;
        }
        for (size_t j = 0; j < n && (int)j < enrolments[i].done && rc == 0; j++)
            rc = enrol_lesson_done(db, a, who, u.id, lessons[j]);
        time_t start = today - (time_t)(330 - 13 * i) * DEMO_DAY + (time_t)(5 + i % 9) * 3600;
        int days = enrolments[i].done == ALL ? 21 + (int)(i * 11 % 45) : 30;
        if (rc == 0)
            rc = demo_history_backdate(db, a, u.id, c.id, start, start + days * DEMO_DAY);
    }
    return rc;
}

/*
 * The demo's developed mentors: the mentors the mentoring demo gives the
 * longest mentorships (mentor02 to mentor11, close to a year of confirmed
 * fortnightly meetings) completed DT-LEAD, the programme the demo marks as
 * mentor training, months ago, so that the coordinator's page and the metric
 * mentors_developed count them. Inside the caller's transaction.
 */
#define DEMO_DEVELOPED 10
static int demo_mentor_training(struct db *db, struct arena *a, const struct actor *who)
{
    /* DT-LEAD's courses (src/cli/demo/programmes.json) */
    static const char *const courses[] = { "DT-EXEC", "CYBER-101", "EGOV-101" };
    time_t now = time(NULL), today = now - now % DEMO_DAY;
    int rc = 0;
    for (size_t i = 0; i < DEMO_DEVELOPED && rc == 0; i++) {
        struct accounts_user_ref u;
        const char *email = arena_printf(a, "mentor%02zu@dars.example", i + 2);
        if ((rc = accounts_user_by_email(db, a, email, &u)) < 0)
            break;
        for (size_t k = 0; k < ARRAY_SIZE(courses) && rc == 0; k++) {
            struct catalog_course c;
            int64_t *lessons;
            size_t n;
            if ((rc = catalog_course_get(db, a, courses[k], "en", &c)) < 0 ||
                (rc = catalog_lesson_ids(db, a, c.id, &lessons, &n)) < 0 ||
                (rc = enrol_user(db, a, who, u.id, c.id, NULL)) < 0) {
                fprintf(stderr, "dars: demo: cannot enrol '%s' in '%s': %s\n", email,
                        courses[k], err_str(rc));
                break;
            }
            for (size_t j = 0; j < n && rc == 0; j++)
                rc = enrol_lesson_done(db, a, who, u.id, lessons[j]);
            time_t start = today - (time_t)(300 - 20 * k - 3 * i) * DEMO_DAY;
            if (rc == 0)
                rc = demo_history_backdate(db, a, u.id, c.id, start, start + 18 * DEMO_DAY);
        }
    }
    return rc;
}

/* Question banks, quizzes and attempts; says so when it made any. */
static int demo_assessment(struct db *db, struct arena *a, const struct actor *who)
{
    size_t quizzes;
    int rc = quiz_demo(db, a, who, &quizzes);
    if (rc == 0 && quizzes)
        printf("demo quizzes created: %zu, with question banks and attempts\n", quizzes);
    return rc;
}

/* Courses, programmes, enrolments and quizzes, for a new demo or one made before them. */
static int demo_learning(struct db *db, struct arena *a, const struct actor *who)
{
    int rc = demo_courses(db, a, who);
    if (rc == 0)
        rc = certs_demo_templates(db, a, who);
    if (rc == 0)
        rc = demo_enrol(db, a, who);
    return rc < 0 ? rc : demo_assessment(db, a, who);
}

static char *random_password(struct arena *a)
{
    /* no look-alike characters: people type it from a terminal */
    static const char alphabet[] = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    char *p = arena_alloc(a, 17);
    for (int i = 0; i < 16; i++)
        p[i] = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];
    p[16] = '\0';
    return p;
}

static void print_errors(const char *what, json_t *errors)
{
    const char *k;
    json_t *v;
    json_object_foreach(errors, k, v)
        fprintf(stderr, "dars: demo %s: %s: %s\n", what, k, json_string_value(v));
}

/* imported people with an invitation sent, not yet accepted */
static const struct {
    const char *email, *name, *language, *centre;
} invited[] = {
    { "k.huseynli@dars.example", "Kamran Hüseynli", "az", "D-BAK-2" },
    { "s.ibragimova@dars.example", "Sabina Ibragimova", "ru", "D-SUM" },
    { "t.quliyev@dars.example", "Tural Quliyev", "az", "R-SHZ" },
};

/* The demo itself, inside the caller's transaction; *npeople gets how many people it made. */
static int seed(struct db *db, struct arena *a, const char *admin_pw, const char *demo_pw,
                size_t *npeople /* OUT */)
{
    struct actor who = { 0, "demo", "" };
    json_t *errors = json_object();
    char hash[ACCOUNTS_HASH_LEN];
    size_t history_people = 0, mentoring_people = 0, certificates = 0;
    int rc;

    if ((rc = accounts_password_hash(demo_pw, hash)) < 0)
        goto out;
    for (size_t i = 0; i < ARRAY_SIZE(regions); i++)
        if ((rc = org_region_insert(db, a, &who, &regions[i], errors, NULL)) < 0) {
            print_errors(regions[i].code, errors);
            goto out;
        }
    for (size_t i = 0; i < ARRAY_SIZE(organisations); i++)
        if ((rc = org_organisation_insert(db, a, &who, &organisations[i], errors, NULL)) < 0) {
            print_errors(organisations[i].code, errors);
            goto out;
        }
    for (size_t i = 0; i < ARRAY_SIZE(centres); i++)
        if ((rc = org_centre_insert(db, a, &who, &centres[i], errors, NULL)) < 0) {
            print_errors(centres[i].code, errors);
            goto out;
        }

    const char *admin_roles[] = { "admin" };
    struct user_new admin = { .email = ADMIN_EMAIL, .full_name = "Dars Administrator",
                              .language = "en", .organisation = "MDDT",
                              .position = "System administrator", .centre = "C-BAK",
                              .roles = admin_roles, .nroles = 1, .password = admin_pw };
    if ((rc = accounts_user_insert(db, a, &who, &admin, errors, NULL)) < 0) {
        print_errors(ADMIN_EMAIL, errors);
        goto out;
    }
    for (size_t i = 0; i < ARRAY_SIZE(people); i++) {
        const struct person *p = &people[i];
        const char **roles = arena_alloc(a, sizeof(char *));
        roles[0] = p->role;
        struct user_new u = { .email = p->email, .full_name = p->name, .language = p->language,
                              .organisation = p->organisation, .position = p->position,
                              .centre = p->centre, .roles = roles, .nroles = 1,
                              .password_hash = hash, .gender = p->gender,
                              .birth_year = p->birth_year, .disability = p->disability };
        if ((rc = accounts_user_insert(db, a, &who, &u, errors, NULL)) < 0) {
            print_errors(p->email, errors);
            goto out;
        }
    }
    /* one registration awaiting approval at R-GAN: its address checked, consent given */
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    struct user_new reg = { .email = "e.mammadova@dars.example", .full_name = "Elnarə Məmmədova",
                            .language = "az", .organisation = "MOE",
                            .centre = "R-GAN", .status = "pending", .pending_reason = "approval",
                            .password_hash = hash, .gender = "female", .birth_year = "1996",
                            .consent_at = now, .audit_action = "user.register" };
    if ((rc = accounts_user_insert(db, a, &who, &reg, errors, NULL)) < 0) {
        print_errors(reg.email, errors);
        goto out;
    }
    /*
     * a few people imported and invited, not yet in: their invitations wait in
     * the outbox (sent once [smtp] is set), with links to the address the demo
     * is served on
     */
    const char *site = config.public_url && *config.public_url
                           ? config.public_url
                           : arena_printf(a, "http://%s", config.listen);
    for (size_t i = 0; i < ARRAY_SIZE(invited); i++) {
        const char **roles = arena_alloc(a, sizeof(char *));
        int64_t id = 0;
        roles[0] = "learner";
        struct user_new u = { .email = invited[i].email, .full_name = invited[i].name,
                              .language = invited[i].language, .centre = invited[i].centre,
                              .status = "pending", .roles = roles, .nroles = 1 };
        if ((rc = accounts_user_insert(db, a, &who, &u, errors, &id)) < 0) {
            print_errors(u.email, errors);
            goto out;
        }
        if ((rc = accounts_invite(db, a, &who, site, id)) < 0)
            goto out;
    }
    /* centres are made before people, so their heads are named now */
    for (size_t i = 0; i < ARRAY_SIZE(responsibles); i++)
        if ((rc = org_centre_responsible_fill(db, a, &who, responsibles[i].centre,
                                              responsibles[i].email, errors)) < 0) {
            print_errors(responsibles[i].centre, errors);
            goto out;
        }
    if ((rc = demo_learning(db, a, &who)) < 0 ||
        (rc = demo_history(db, a, &who, hash, &history_people)) < 0 ||
        (rc = mentoring_demo(db, a, &who, hash, &mentoring_people)) < 0 ||
        (rc = demo_mentor_training(db, a, &who)) < 0 ||
        (rc = certs_demo(db, a, &who, &certificates)) < 0)
        goto out;
    *npeople = ARRAY_SIZE(people) + ARRAY_SIZE(invited) + 2 + history_people + mentoring_people;
    rc = 0;
out:
    json_decref(errors);
    return rc;
}

/* The small demo: created, completed with courses, or already there. */
static int demo_small(struct db *db, struct arena *a)
{
    struct catalog_course c;
    struct actor who = { 0, "demo", "" };
    int64_t id;
    int rc;

    if (org_centre_id(db, "C-BAK", &id) == 0) {
        /* a demo made before there were courses gets them now; otherwise nothing to do */
        rc = catalog_course_get(db, a, "EGOV-101", "en", &c);
        if (rc == DARS_ENOTFOUND) {
            if ((rc = db_tx_begin(db)) < 0 || (rc = db_tx_end(db, demo_learning(db, a, &who))) < 0)
                return rc;
            printf("demo courses added to the existing demo data\n");
        } else if (rc == 0) {
            /* a demo made before there were quizzes gets them now */
            size_t quizzes = 0;
            if ((rc = db_tx_begin(db)) < 0 ||
                (rc = db_tx_end(db, quiz_demo(db, a, &who, &quizzes))) < 0)
                return rc;
            if (quizzes)
                printf("demo quizzes added to the existing demo data: %zu\n", quizzes);
            else
                printf("the demo data is already in this database\n");
        }
        return rc;
    }
    char *admin_pw = random_password(a), *demo_pw = random_password(a);
    size_t npeople = 0;
    if ((rc = db_tx_begin(db)) < 0 ||
        (rc = db_tx_end(db, seed(db, a, admin_pw, demo_pw, &npeople))) < 0)
        return rc;
    printf("demo data created: %zu regions, %zu centres, %zu organisations, %zu people\n",
           ARRAY_SIZE(regions), ARRAY_SIZE(centres), ARRAY_SIZE(organisations), npeople);
    printf("admin login: %s  password: %s\n", ADMIN_EMAIL, admin_pw);
    printf("other demo people (e.g. l.hasanova@dars.example, manager of C-BAK) share the "
           "password: %s\n",
           demo_pw);
    return 0;
}

/*
 * The donor projects, once the records they count are there (after the large
 * scale's too, so that the quarter signed off is of the whole demo).
 */
static int demo_projects(struct db *db, struct arena *a)
{
    struct accounts_user_ref admin;
    size_t created = 0;
    int rc = accounts_user_by_email(db, a, ADMIN_EMAIL, &admin);
    if (rc == DARS_ENOTFOUND)
        return 0; /* a demo without its admin is someone's own database now: left alone */
    struct actor who = { admin.id, ADMIN_EMAIL, "" };
    if (rc < 0 || (rc = projects_demo(db, a, &who, &created)) < 0)
        return rc;
    if (created)
        printf("demo projects created: %zu, with quarterly targets, equipment and a quarter "
               "signed off\n",
               created);
    return 0;
}

int cli_demo(int argc, char **argv)
{
    struct arena a = ARENA_INIT;
    struct db *db = NULL;
    uint64_t seed_value = 1;
    int bad = 0, rc;

    if ((rc = cli_common(&argc, argv)) != 0)
        return rc;
    const char *scale = cli_take(&argc, argv, "--scale", &bad);
    const char *seed_arg = cli_take(&argc, argv, "--seed", &bad);
    if (bad || argc > 1) {
        if (argc > 1)
            fprintf(stderr, "dars: unknown option '%s'\n", argv[1]);
        return cli_usage("demo");
    }
    if (scale && !streq(scale, "small") && !streq(scale, "large")) {
        fprintf(stderr, "dars: scale must be small or large, not '%s'\n", scale);
        return 2;
    }
    if (seed_arg) {
        char *end;
        seed_value = strtoull(seed_arg, &end, 10);
        if (!*seed_arg || *end || *seed_arg == '-') {
            fprintf(stderr, "dars: seed must be a whole number, not '%s'\n", seed_arg);
            return 2;
        }
    }
    if ((rc = cli_open_db(&db)) != 0)
        return rc;
    if ((rc = demo_small(db, &a)) < 0)
        goto fail;
    if (scale && streq(scale, "large")) {
        /* millions of facts: the summary of reports counts each person once, at the end */
        reports_hold(true);
        rc = demo_large(db, &a, seed_value, random_password(&a));
        reports_hold(false);
        if (rc < 0 || (rc = reports_catch_up(db, true)) < 0)
            goto fail;
    }
    if ((rc = demo_projects(db, &a)) < 0)
        goto fail;
    /* a first snapshot of open data, so that /open-data shows the demo's figures (once a day) */
    if ((rc = opendata_hourly(db)) < 0)
        goto fail;
    if (rc == 1)
        printf("open data published: /open-data\n");
    rc = 0;
    goto out;
fail:
    /* other failures have printed their own line already */
    if (rc == DARS_EDB)
        fprintf(stderr, "dars: cannot create the demo data: %s\n", db_errmsg(db));
out:
    db_close(db);
    arena_release(&a);
    return rc == 0 ? 0 : 1;
}
