/*
 * dars demo --scale large: a national-scale database for the benchmark
 * (issue 6): 1,000,000 people across the 12 regions and 60 centres (two in
 * three urban), 5,000 courses with 100,000 lessons, 3,000,000 enrolments with
 * lesson progress, names and texts in the four languages, gender, birth years
 * and disabilities in a national programme's proportions, each centre's
 * manager as its responsible person and a manager for each region, the same
 * for the same --seed.
 *
 * Speed matters more than the usual path here: rows go in with multi-row
 * INSERTs inside one transaction (all or nothing), straight into the tables of accounts,
 * org, catalog and enrol, without an audit entry per row (one audit entry
 * says the generator ran). Everything else (search documents, the people and
 * courses of the small demo it builds on) goes through the modules' headers.
 */
#include "core/base.h"
#include "cli/demo_large.h"
#include "accounts/accounts.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "core/time.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "db/db.h"
#include "org/org.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#define USERS 1000000
#define EXTRA_CENTRES 48
#define COURSES 5000
#define MODULES_PER_COURSE 4
#define LESSONS_PER_MODULE 5
#define LESSONS_PER_COURSE (MODULES_PER_COURSE * LESSONS_PER_MODULE)
#define ENROLMENTS 3000000

/* ---- a deterministic generator (splitmix64) ---- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
    return (size_t)(rng_next() % n);
}

/* ---- names and texts in four languages ---- */

/*
 * Given names come in pairs of lists (women's, men's); family names in their
 * men's form, to which the women's form adds "a" in Azerbaijani, Uzbek and
 * Russian (Məmmədov, Məmmədova). The Latin columns make the e-mail addresses.
 */
struct lang_words {
    const char *code;
    const char *const *women, *const *women_latin, *const *men, *const *men_latin;
    size_t nwomen, nmen;
    const char *const *last, *const *last_latin;
    size_t nlast;
    bool feminine_a; /* add "a" to the family name of a woman */
    const char *const *sentences;
    size_t nsentences;
    int weight; /* percent of people */
};

static const char *const az_women[] = { "Aysel", "Nigar", "Günel", "Leyla", "Səbinə", "Aynur" };
static const char *const az_women_latin[] = { "aysel", "nigar", "gunel", "leyla", "sabina",
                                              "aynur" };
static const char *const az_men[] = { "Elvin", "Tural", "Rəşad", "Orxan", "Kamran", "Fərid" };
static const char *const az_men_latin[] = { "elvin", "tural", "rashad", "orkhan", "kamran",
                                            "farid" };
static const char *const az_last[] = { "Məmmədov", "Hüseynov", "Əliyev", "Quliyev", "Həsənov",
                                       "İsmayılov", "Bağırov", "Rzayev", "Abdullayev",
                                       "Nəsirov" };
static const char *const az_last_latin[] = { "mammadov", "huseynov", "aliyev", "guliyev",
                                             "hasanov", "ismayilov", "bagirov", "rzayev",
                                             "abdullayev", "nasirov" };
static const char *const uz_women[] = { "Gulnora", "Feruza", "Malika", "Nodira", "Zarina" };
static const char *const uz_women_latin[] = { "gulnora", "feruza", "malika", "nodira",
                                              "zarina" };
static const char *const uz_men[] = { "Jasur", "Oʻktam", "Dilshod", "Sardor", "Bekzod" };
static const char *const uz_men_latin[] = { "jasur", "oktam", "dilshod", "sardor", "bekzod" };
static const char *const uz_last[] = { "Toshmatov", "Yusupov", "Rahimov", "Qodirov", "Karimov",
                                       "Saidov", "Ergashev", "Nazarov" };
static const char *const uz_last_latin[] = { "toshmatov", "yusupov", "rahimov", "qodirov",
                                             "karimov", "saidov", "ergashev", "nazarov" };
static const char *const ru_women[] = { "Ольга", "Наталья", "Анна", "Елена", "Татьяна" };
static const char *const ru_women_latin[] = { "olga", "natalya", "anna", "elena", "tatyana" };
static const char *const ru_men[] = { "Максим", "Игорь", "Дмитрий", "Сергей", "Алексей" };
static const char *const ru_men_latin[] = { "maksim", "igor", "dmitry", "sergey", "aleksey" };
static const char *const ru_last[] = { "Петров", "Соколов", "Волков", "Смирнов", "Козлов",
                                       "Морозов", "Новиков", "Павлов" };
static const char *const ru_last_latin[] = { "petrov", "sokolov", "volkov", "smirnov", "kozlov",
                                             "morozov", "novikov", "pavlov" };
static const char *const en_women[] = { "Sarah", "Emily", "Olivia", "Grace" };
static const char *const en_women_latin[] = { "sarah", "emily", "olivia", "grace" };
static const char *const en_men[] = { "Daniel", "James", "Michael", "David" };
static const char *const en_men_latin[] = { "daniel", "james", "michael", "david" };
static const char *const en_last[] = { "Brown", "Johnson", "Smith", "Taylor", "Wilson",
                                       "Clarke", "Walker", "Hughes" };
static const char *const en_last_latin[] = { "brown", "johnson", "smith", "taylor", "wilson",
                                             "clarke", "walker", "hughes" };

static const char *const az_sentences[] = {
    "Elektron xidmətlər vətəndaşın vaxtına qənaət edir və növbələri azaldır.",
    "Rəqəmsal imza sənədin kim tərəfindən və nə vaxt imzalandığını təsdiq edir.",
    "Hər bir dövlət qulluqçusu şəxsi məlumatların qorunması qaydalarını bilməlidir.",
    "Açıq məlumatlar cəmiyyətə dövlətin fəaliyyətini izləməyə imkan verir.",
    "Şübhəli məktubda linkə klikləməzdən əvvəl göndərəni yoxlayın.",
    "Güclü parol ən azı on iki simvoldan və bir neçə sözdən ibarət olur.",
    "Layihənin uğuru dəyişikliklərin idarə olunmasından asılıdır.",
    "Mikrokontroller sensorlardan gələn siqnalları oxuyur və mühərrikləri idarə edir.",
};
static const char *const uz_sentences[] = {
    "Oʻzgaruvchi maʼlumotni saqlash uchun nom berilgan joydir.",
    "Shart operatori dasturga qaror qabul qilish imkonini beradi.",
    "Sikl bir xil amalni koʻp marta bajarish uchun ishlatiladi.",
    "Funksiya takrorlanadigan kodni bir joyga jamlaydi.",
    "Elektron hukumat xizmatlari fuqarolarning vaqtini tejaydi.",
    "Ikki bosqichli autentifikatsiya hisobingizni qoʻshimcha himoya qiladi.",
    "Raqamli transformatsiya avvalo odamlar va jarayonlarni oʻzgartirishdir.",
    "Robot chiziq boʻylab harakatlanishi uchun ikki sensordan foydalanadi.",
};
static const char *const ru_sentences[] = {
    "Фишинговое письмо часто требует срочно перейти по ссылке и ввести пароль.",
    "Двухфакторная аутентификация защищает учётную запись, даже если пароль украден.",
    "Обновления закрывают уязвимости, которыми пользуются злоумышленники.",
    "О любом инциденте нужно сразу сообщить в службу информационной безопасности.",
    "Цифровая трансформация начинается с понятной стратегии и данных.",
    "Электронная подпись подтверждает авторство и целостность документа.",
    "Датчик расстояния измеряет время отражённого ультразвукового сигнала.",
    "Резервная копия должна храниться отдельно от основного компьютера.",
};
static const char *const en_sentences[] = {
    "A clear digital strategy starts from the services citizens use most.",
    "Good data governance names an owner for every important dataset.",
    "Change management matters as much as the technology itself.",
    "Buying software as a service shifts costs from investment to operations.",
    "In the present simple we say what we do every day: I work in Baku.",
    "Ask for directions politely: Excuse me, where is the station?",
    "Strong passwords are long; a passphrase of four random words works well.",
    "Report a lost laptop at once so that its access can be revoked.",
};

#define WORDS(x) x, ARRAY_SIZE(x)
#define NAMES(l)                                                                                \
    l##_women, l##_women_latin, l##_men, l##_men_latin, ARRAY_SIZE(l##_women),                  \
        ARRAY_SIZE(l##_men), l##_last, l##_last_latin, ARRAY_SIZE(l##_last)
static const struct lang_words langs[] = {
    { "az", NAMES(az), true, WORDS(az_sentences), 40 },
    { "uz", NAMES(uz), true, WORDS(uz_sentences), 25 },
    { "ru", NAMES(ru), true, WORDS(ru_sentences), 25 },
    { "en", NAMES(en), false, WORDS(en_sentences), 10 },
};

static const struct lang_words *pick_lang(void)
{
    int r = (int)pick(100);
    for (size_t i = 0; i < ARRAY_SIZE(langs); i++) {
        if (r < langs[i].weight)
            return &langs[i];
        r -= langs[i].weight;
    }
    return &langs[0];
}

static const struct {
    const char *topic, *prefix;
    const char *title[4]; /* az, uz, ru, en as in langs[] */
} course_kinds[] = {
    { "e-government", "EGOV",
      { "Elektron hökumətin əsasları", "Elektron hukumat asoslari",
        "Основы электронного правительства", "E-government basics" } },
    { "cybersecurity", "CYBER",
      { "Dövlət qulluqçuları üçün kibergigiyena", "Davlat xizmatchilari uchun kibergigiyena",
        "Кибергигиена для госслужащих", "Cyber hygiene for civil servants" } },
    { "digital-transformation", "DT",
      { "Rəhbərlər üçün rəqəmsal transformasiya", "Rahbarlar uchun raqamli transformatsiya",
        "Цифровая трансформация для руководителей", "Digital transformation for executives" } },
    { "programming", "PY",
      { "Başlayanlar üçün Python", "Boshlovchilar uchun Python", "Python для начинающих",
        "Python for beginners" } },
    { "robotics", "ROBO",
      { "Mikrokontrollerlərlə robototexnika", "Mikrokontrollerlar bilan robototexnika",
        "Робототехника на микроконтроллерах", "Robotics with microcontrollers" } },
    { "english", "ENG",
      { "İngilis dili A2", "Ingliz tili A2", "Английский язык A2", "English A2" } },
    { "computer-literacy", "CL",
      { "Kompüter savadlılığı", "Kompyuter savodxonligi", "Компьютерная грамотность",
        "Computer literacy" } },
};

static size_t lang_index(const struct lang_words *l)
{
    return (size_t)(l - langs);
}

/* A lesson body of three paragraphs of the language's sentences, sometimes with a table. */
static void lesson_body(struct buf *b, const struct lang_words *l, int n)
{
    buf_reset(b);
    for (int p = 0; p < 3; p++) {
        for (int s = 0; s < 3; s++)
            buf_addf(b, "%s%s", s ? " " : "", l->sentences[pick(l->nsentences)]);
        buf_adds(b, "\n\n");
    }
    if (n % 7 == 0)
        buf_addf(b, "| # | %s |\n|---|---|\n| 1 | %s |\n| 2 | %s |\n", l->code,
                 l->sentences[pick(l->nsentences)], l->sentences[pick(l->nsentences)]);
}

/* ---- multi-row inserts ---- */

/*
 * Rows collected for one table and written ROWS rows per statement. The SQL
 * texts are built once, in an arena that outlives the connection: the
 * statement cache keys on their address, so a text freed while the
 * connection is open could come back at the same address as another one's
 * and be run as the statement prepared for the first.
 */
#define BULK_ROWS 100
struct bulk {
    const char *table_cols; /* "users (email, ...)" */
    int ncols;
    char *sql_full, *sql_one; /* in the arena given to bulk_init */
    struct db_arg *args;
    int rows;
    struct arena text; /* the text arguments of the rows not yet written */
    struct bulk *parent; /* rows ours refer to (foreign keys): written before ours */
};

static char *bulk_sql(struct arena *keep, const char *table_cols, int ncols, int rows)
{
    struct buf b = BUF_INIT;
    buf_addf(&b, "INSERT INTO %s VALUES ", table_cols);
    for (int r = 0; r < rows; r++) {
        buf_adds(&b, r ? ", (" : "(");
        for (int c = 0; c < ncols; c++)
            buf_adds(&b, c ? ", ?" : "?");
        buf_addch(&b, ')');
    }
    char *sql = arena_strdup(keep, b.ptr);
    buf_release(&b);
    return sql;
}

/* keep: where the SQL texts live, an arena released only after the connection closes */
static void bulk_init(struct bulk *k, struct arena *keep, const char *table_cols, int ncols)
{
    memset(k, 0, sizeof(*k));
    k->table_cols = table_cols;
    k->ncols = ncols;
    k->sql_full = bulk_sql(keep, table_cols, ncols, BULK_ROWS);
    k->sql_one = bulk_sql(keep, table_cols, ncols, 1);
    k->args = xcalloc((size_t)(ncols * BULK_ROWS), sizeof(*k->args));
}

static int bulk_flush(struct db *db, struct bulk *k)
{
    int rc = k->parent ? bulk_flush(db, k->parent) : 0;
    if (rc < 0)
        return rc;
    if (k->rows == BULK_ROWS) {
        rc = db_exec(db, k->sql_full, k->args, (size_t)(k->ncols * k->rows));
    } else {
        for (int r = 0; r < k->rows && rc == 0; r++)
            rc = db_exec(db, k->sql_one, k->args + r * k->ncols, (size_t)k->ncols);
    }
    k->rows = 0;
    arena_release(&k->text);
    return rc;
}

/* Add a row (ncols arguments); text arguments are copied. */
static int bulk_add(struct db *db, struct bulk *k, const struct db_arg *row)
{
    struct db_arg *dst = k->args + k->rows * k->ncols;
    for (int c = 0; c < k->ncols; c++) {
        dst[c] = row[c];
        if (row[c].type == DB_T_TEXT && row[c].s)
            dst[c].s = arena_strdup(&k->text, row[c].s);
    }
    if (++k->rows == BULK_ROWS)
        return bulk_flush(db, k);
    return 0;
}

static void bulk_release(struct bulk *k)
{
    free(k->args);
    arena_release(&k->text);
}

/* ---- progress on the terminal ---- */

struct progress {
    const char *what;
    long total, done;
    double started, last;
};

static double now_s(void)
{
    return (double)time_mono_ns() / 1e9;
}

static void progress_start(struct progress *p, const char *what, long total)
{
    p->what = what;
    p->total = total;
    p->done = 0;
    p->started = p->last = now_s();
}

static void progress_show(struct progress *p, long done, bool final)
{
    double t = now_s();
    p->done = done;
    if (!final && t - p->last < 0.5)
        return;
    p->last = t;
    double rate = (double)done / (t - p->started + 1e-9);
    double left = rate > 0 ? (double)(p->total - done) / rate : 0;
    fprintf(stderr, "%s%-12s %9ld / %-9ld %9.0f rows/s  %4.0f s left%s", isatty(2) ? "\r" : "",
            p->what, done, p->total, rate, final ? 0 : left, final || !isatty(2) ? "\n" : "");
    fflush(stderr);
}

/* ---- the steps ---- */

/* the small demo's twelve regions */
static const char *const region_codes[] = { "BAK", "ABS", "GAN", "SHZ", "LAN", "GUB",
                                            "SHR", "MIL", "SHS", "KAR", "NAX", "GAZ" };

/* The centres and regions people and courses are spread over. */
#define MAX_CENTRES 64
#define MAX_REGIONS 32
struct network {
    int64_t centres[MAX_CENTRES], centre_region[MAX_CENTRES];
    size_t ncentres;
    int64_t regions[MAX_REGIONS];
    size_t nregions;
};

/*
 * The extra centres, two in three of them urban (the small demo's say their
 * own), and then every live centre and region into *net.
 */
static int make_centres(struct db *db, struct arena *a, struct network *net)
{
    static const char sql[] =
        "INSERT INTO centres (code, name, region_id, kind, address, capacity, timezone, area,"
        " search, created_at, updated_at) VALUES (?, ?, ?, 'digital-education', ?, 120,"
        " 'Asia/Baku', ?, ?, ?, ?) RETURNING id";
    static const char ids_sql[] =
        "SELECT id, region_id FROM centres WHERE deleted_at IS NULL ORDER BY id";
    static const char regions_sql[] = "SELECT id FROM regions ORDER BY id";
    char now[TIME_ISO_LEN];
    struct db_stmt *st;
    int rc = 0;

    time_now_iso(now);
    for (int i = 0; i < EXTRA_CENTRES && rc == 0; i++) {
        int64_t region_id, id;
        const char *rcode = region_codes[i % ARRAY_SIZE(region_codes)];
        if (org_region_id(db, rcode, &region_id) < 0)
            region_id = 1;
        const char *code = arena_printf(a, "L-%s-%d", rcode, i / 12 + 1);
        const char *name = arena_printf(a, "Digital Education Centre %s No. %d", rcode, i / 12 + 1);
        rc = db_query_int(db, sql,
                          DB_ARGS(DB_TEXT(code), DB_TEXT(name), DB_INT(region_id),
                                  DB_TEXT(arena_printf(a, "%d School Street", i + 1)),
                                  DB_TEXT(i % 3 == 2 ? "rural" : "urban"),
                                  DB_TEXT(utf8_fold_search(
                                      a, arena_printf(a, "%s %s", code, name))),
                                  DB_TEXT(now), DB_TEXT(now)),
                          &id);
    }
    if (rc < 0)
        return rc;
    net->ncentres = net->nregions = 0;
    if ((rc = db_query(db, &st, ids_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW && net->ncentres < MAX_CENTRES) {
        net->centres[net->ncentres] = db_col_int(st, 0);
        net->centre_region[net->ncentres++] = db_col_int(st, 1);
    }
    db_done(st);
    if (rc < 0 || (rc = db_query(db, &st, regions_sql, DB_NOARGS)) < 0)
        return rc;
    while ((rc = db_step(st)) == DB_ROW && net->nregions < MAX_REGIONS)
        net->regions[net->nregions++] = db_col_int(st, 0);
    db_done(st);
    /* the small demo made the regions */
    return rc < 0 ? rc : net->nregions ? 0 : DARS_ENOTFOUND;
}

/* The first centre of a region (a regional manager works there); 0 when it has none. */
static int64_t region_centre(const struct network *net, int64_t region)
{
    for (size_t i = 0; i < net->ncentres; i++)
        if (net->centre_region[i] == region)
            return net->centres[i];
    return 0;
}

/*
 * The people: first a manager for each centre, then one for each region,
 * then everyone else.
 */
static int make_users(struct db *db, struct arena *keep, const char *hash,
                      const struct network *net, int64_t *first_id)
{
    const int64_t *centres = net->centres;
    long ncentres = (long)net->ncentres, nmanagers = ncentres + (long)net->nregions;
    static const char first_sql[] = "SELECT COALESCE(MAX(id), 0) FROM users";
    struct bulk users, roles;
    struct progress p;
    struct arena a = ARENA_INIT;
    char now[TIME_ISO_LEN];
    int64_t max_id;
    int rc;

    if ((rc = db_query_int(db, first_sql, DB_NOARGS, &max_id)) < 0)
        return rc;
    *first_id = max_id + 1;
    time_now_iso(now);
    bulk_init(&users, keep,
              "users (id, email, email_key, full_name, language, position, centre_id,"
              " status, password_hash, search, gender, birth_year, disability,"
              " created_at, updated_at)", 15);
    bulk_init(&roles, keep,
              "role_assignments (user_id, role, centre_id, region_id, created_at, updated_at)",
              6);
    roles.parent = &users;
    progress_start(&p, "people", USERS);
    for (long i = 0; i < USERS && rc == 0; i++) {
        const struct lang_words *l = pick_lang();
        bool woman = pick(2) == 0;
        size_t f = pick(woman ? l->nwomen : l->nmen), s = pick(l->nlast);
        const char *a_end = woman && l->feminine_a ? "a" : "";
        int64_t id = max_id + 1 + i;
        int64_t centre = centres[pick((size_t)ncentres)], region = 0;
        const char *email = arena_printf(&a, "%s.%s%s.%ld@people.dars.example",
                                         (woman ? l->women_latin : l->men_latin)[f],
                                         l->last_latin[s], a_end, i + 1);
        const char *name = arena_printf(&a, "%s %s%s", (woman ? l->women : l->men)[f],
                                        l->last[s], a_end);
        /* a few in a hundred teach or mentor; the first manage a centre or a region */
        const char *role = i < nmanagers    ? "manager"
                           : i % 1000 == 7  ? "instructor"
                           : i % 2000 == 11 ? "mentor"
                                            : "learner";
        if (i < ncentres) {
            centre = centres[i];
        } else if (i < nmanagers) {
            region = net->regions[i - ncentres];
            if (region_centre(net, region))
                centre = region_centre(net, region);
        }
        /*
         * Who they are: one in 400 "other", one in 20 without a birth year, a
         * third pupils (12-17) and the rest 18-66; about one in 30 with a
         * disability and one in 8 who did not say.
         */
        int64_t year = accounts_this_year();
        size_t roll = pick(400), age_roll = pick(60), dis_roll = pick(240);
        const char *gender = roll == 0 ? "other" : woman ? "female" : "male";
        int64_t birth = age_roll < 3    ? 0
                        : age_roll < 23 ? year - 12 - (int64_t)pick(6)
                                        : year - 18 - (int64_t)pick(49);
        struct db_arg disability = dis_roll < 30 ? DB_NULL : DB_INT(dis_roll < 38 ? 1 : 0);
        struct db_arg u[] = { DB_INT(id), DB_TEXT(email), DB_TEXT(email), DB_TEXT(name),
                              DB_TEXT(l->code), DB_TEXT(i % 3 ? "Student" : "Specialist"),
                              DB_INT(centre), DB_TEXT("active"), DB_TEXT(hash),
                              DB_TEXT(utf8_fold_search(&a, arena_printf(&a, "%s %s", name, email))),
                              DB_TEXT(gender), DB_ID(birth), disability,
                              DB_TEXT(now), DB_TEXT(now) };
        bool unscoped = streq(role, "learner") || streq(role, "mentor");
        struct db_arg r[] = { DB_INT(id), DB_TEXT(role),
                              unscoped || region ? DB_NULL : DB_INT(centre), DB_ID(region),
                              DB_TEXT(now), DB_TEXT(now) };
        if ((rc = bulk_add(db, &users, u)) < 0 || (rc = bulk_add(db, &roles, r)) < 0)
            break;
        if (i % 1000 == 0) {
            arena_release(&a);
            progress_show(&p, i, false);
        }
    }
    if (rc == 0 && (rc = bulk_flush(db, &users)) == 0)
        rc = bulk_flush(db, &roles);
    progress_show(&p, USERS, true);
    bulk_release(&users);
    bulk_release(&roles);
    arena_release(&a);
    return rc;
}

static int make_courses(struct db *db, struct arena *keep, int64_t admin_id,
                        const struct network *net, int64_t *first_course, int64_t *first_lesson)
{
    const int64_t *centres = net->centres;
    size_t ncentres = net->ncentres;
    static const char max_course_sql[] = "SELECT COALESCE(MAX(id), 0) FROM courses";
    static const char max_module_sql[] = "SELECT COALESCE(MAX(id), 0) FROM course_modules";
    static const char max_lesson_sql[] = "SELECT COALESCE(MAX(id), 0) FROM lessons";
    struct bulk courses, modules, lessons;
    struct progress p;
    struct arena a = ARENA_INIT;
    struct buf body = BUF_INIT;
    char now[TIME_ISO_LEN];
    int64_t course0, module0, lesson0;
    int rc;

    if ((rc = db_query_int(db, max_course_sql, DB_NOARGS, &course0)) < 0 ||
        (rc = db_query_int(db, max_module_sql, DB_NOARGS, &module0)) < 0 ||
        (rc = db_query_int(db, max_lesson_sql, DB_NOARGS, &lesson0)) < 0)
        return rc;
    *first_course = course0 + 1;
    *first_lesson = lesson0 + 1;
    time_now_iso(now);
    bulk_init(&courses, keep,
              "courses (id, code, title, summary, language, topic, delivery, status,"
              " enrol_mode, capacity, centre_id, created_by, published_at, created_at,"
              " updated_at)", 15);
    bulk_init(&modules, keep,
              "course_modules (id, course_id, position, title, created_at, updated_at)", 6);
    bulk_init(&lessons, keep,
              "lessons (id, course_id, module_id, position, title, body, video_url,"
              " minutes, created_at, updated_at)", 10);
    modules.parent = &courses;
    lessons.parent = &modules;
    progress_start(&p, "courses", COURSES);
    for (long c = 0; c < COURSES && rc == 0; c++) {
        const struct lang_words *l = pick_lang();
        size_t k = pick(ARRAY_SIZE(course_kinds));
        int64_t cid = course0 + 1 + c;
        const char *title = arena_printf(&a, "%s %ld", course_kinds[k].title[lang_index(l)],
                                         c / ARRAY_SIZE(course_kinds) + 1);
        struct db_arg row[] = {
            DB_INT(cid), DB_TEXT(arena_printf(&a, "%s-%05ld", course_kinds[k].prefix, c + 1)),
            DB_TEXT(title), DB_TEXT(l->sentences[pick(l->nsentences)]), DB_TEXT(l->code),
            DB_TEXT(course_kinds[k].topic), DB_TEXT(c % 5 == 0 ? "blended" : "online"),
            DB_TEXT(c % 20 == 19 ? "draft" : "published"),
            DB_TEXT(c % 10 == 3 ? "approval" : "open"),
            DB_NULL, DB_INT(centres[pick(ncentres)]), DB_INT(admin_id),
            c % 20 == 19 ? DB_NULL : DB_TEXT(now), DB_TEXT(now), DB_TEXT(now),
        };
        if ((rc = bulk_add(db, &courses, row)) < 0)
            break;
        for (int m = 0; m < MODULES_PER_COURSE && rc == 0; m++) {
            int64_t mid = module0 + 1 + c * MODULES_PER_COURSE + m;
            struct db_arg mrow[] = { DB_INT(mid), DB_INT(cid), DB_INT(m + 1),
                                     DB_TEXT(arena_printf(&a, "%d. %s", m + 1,
                                                          l->sentences[pick(l->nsentences)])),
                                     DB_TEXT(now), DB_TEXT(now) };
            if ((rc = bulk_add(db, &modules, mrow)) < 0)
                break;
            for (int n = 0; n < LESSONS_PER_MODULE && rc == 0; n++) {
                int64_t lid = lesson0 + 1 + c * LESSONS_PER_COURSE + m * LESSONS_PER_MODULE + n;
                lesson_body(&body, l, (int)lid);
                struct db_arg lrow[] = {
                    DB_INT(lid), DB_INT(cid), DB_INT(mid), DB_INT(n + 1),
                    DB_TEXT(arena_printf(&a, "%d.%d %s", m + 1, n + 1, title)), DB_TEXT(body.ptr),
                    DB_TEXT(""), DB_INT(10 + (int)pick(30)), DB_TEXT(now), DB_TEXT(now),
                };
                rc = bulk_add(db, &lessons, lrow);
            }
        }
        if (c % 50 == 0) {
            arena_release(&a);
            progress_show(&p, c, false);
        }
    }
    if (rc == 0 && (rc = bulk_flush(db, &courses)) == 0 && (rc = bulk_flush(db, &modules)) == 0)
        rc = bulk_flush(db, &lessons);
    progress_show(&p, COURSES, true);
    bulk_release(&courses);
    bulk_release(&modules);
    bulk_release(&lessons);
    buf_release(&body);
    arena_release(&a);
    return rc;
}

/* The search documents, through the catalog (it folds and cuts the words). */
static int make_search(struct db *db, int64_t first_course)
{
    struct progress p;
    int rc = 0;
    progress_start(&p, "search", COURSES);
    for (long c = 0; c < COURSES && rc == 0; c++) {
        struct arena a = ARENA_INIT;
        rc = catalog_search_reindex(db, &a, first_course + c);
        arena_release(&a);
        if (c % 50 == 0)
            progress_show(&p, c, false);
    }
    progress_show(&p, COURSES, true);
    return rc;
}

/* ---- a year of history: cohorts, and enrolments spread over the past 365 days ---- */

/*
 * Three cohorts of each blended course (every fifth), at centres anywhere,
 * each meeting weekly from its first session; up to COHORT_LEARNERS of the
 * course's enrolments take part in one.
 */
#define COHORTS (COURSES / 5 * 3)
#define COHORT_SESSIONS 10
#define COHORT_LEARNERS 15
#define DAY 86400
#define HOUR 3600

struct cohort_plan {
    int64_t id, session_ids[COHORT_SESSIONS];
    time_t first; /* the first session's start */
    int learners;
};

/* What the history made, for the closing line. */
struct history {
    long cohort_learners, marks;
};

/*
 * The cohorts and their sessions, with the ids the database gives them (a
 * few thousand rows: no need for explicit ids), first sessions over the last
 * eleven months, 09:00 to 16:00 in Baku (UTC+4 all year).
 */
static int make_cohorts(struct db *db, const struct network *net, int64_t first_course,
                        time_t now, struct cohort_plan *plans)
{
    static const char cohort_sql[] =
        "INSERT INTO cohorts (course_id, centre_id, title, starts_on, ends_on, capacity, room,"
        " enrol_mode, created_at, updated_at) VALUES (?, ?, '', ?, ?, 20, ?, 'open', ?, ?)"
        " RETURNING id";
    static const char session_sql[] =
        "INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, room, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id";
    static const char *const rooms[] = { "Room 1", "Room 2", "Room 3", "Lab 1", "Lab 2", "Hall" };
    char on[TIME_ISO_LEN], off[TIME_ISO_LEN], made[TIME_ISO_LEN], t0[TIME_ISO_LEN],
        t1[TIME_ISO_LEN];
    time_t today = now - now % DAY;
    struct progress p;
    int rc = 0;

    progress_start(&p, "cohorts", COHORTS);
    for (int k = 0; k < COHORTS && rc == 0; k++) {
        struct cohort_plan *co = &plans[k];
        int64_t centre = net->centres[pick(net->ncentres)];
        const char *room = rooms[k % (int)ARRAY_SIZE(rooms)];
        co->first = today - (time_t)(14 + pick(330)) * DAY + (time_t)(5 + pick(8)) * HOUR;
        time_to_iso(on, co->first);
        time_to_iso(off, co->first + (COHORT_SESSIONS - 1) * 7 * DAY);
        on[10] = off[10] = '\0'; /* the UTC day is Baku's at these hours */
        time_to_iso(made, co->first - 30 * DAY);
        rc = db_query_int(db, cohort_sql,
                          DB_ARGS(DB_INT(first_course + k / 3 * 5), DB_INT(centre), DB_TEXT(on),
                                  DB_TEXT(off), DB_TEXT(room), DB_TEXT(made), DB_TEXT(made)),
                          &co->id);
        for (int s = 0; s < COHORT_SESSIONS && rc == 0; s++) {
            time_to_iso(t0, co->first + s * 7 * DAY);
            time_to_iso(t1, co->first + s * 7 * DAY + 2 * HOUR);
            rc = db_query_int(db, session_sql,
                              DB_ARGS(DB_INT(co->id), DB_INT(centre), DB_TEXT(t0), DB_TEXT(t1),
                                      DB_TEXT(room), DB_TEXT(made), DB_TEXT(made)),
                              &co->session_ids[s]);
        }
        if (k % 50 == 0)
            progress_show(&p, k, false);
    }
    progress_show(&p, COHORTS, true);
    return rc;
}

/* One enrolment's story: what became of it, and when it began and ended. */
struct story {
    const char *status;
    int done;     /* lessons done, in reading order */
    time_t start; /* became active */
    time_t end;   /* completed, withdrawn, or last seen */
    int attended; /* sessions marked, in a cohort */
};

/*
 * On its own: begun any day of the past year; a tenth complete (every
 * lesson) one to twenty weeks later, unless that is still ahead; most others
 * active with a few lessons done, some withdrawn, last seen within five
 * months of the start.
 */
static void story_alone(struct story *st, time_t now)
{
    int roll = (int)pick(100);
    st->start = now - HOUR - (time_t)pick(365 * DAY);
    st->attended = 0;
    if (roll < 10) {
        st->end = st->start + 7 * DAY + (time_t)pick(133 * DAY);
        if (st->end <= now - HOUR) {
            st->status = "completed";
            st->done = LESSONS_PER_COURSE;
            return;
        }
    }
    time_t window = now - HOUR - st->start;
    if (window > 150 * DAY)
        window = 150 * DAY;
    st->status = roll < 95 ? "active" : "withdrawn";
    st->done = roll < 95 ? (int)pick(7) : 0;
    st->end = st->start + (time_t)pick((size_t)window + 1);
}

/*
 * In a cohort: enrolled up to two weeks before its first session; in an
 * ended cohort three in four complete within two weeks of the last, one in
 * ten left after a few sessions, the rest still at it.
 */
static void story_cohort(struct story *st, const struct cohort_plan *co, time_t now)
{
    time_t final = co->first + (COHORT_SESSIONS - 1) * 7 * DAY;
    int past = 0, roll = (int)pick(100);
    while (past < COHORT_SESSIONS && co->first + past * 7 * DAY + 2 * HOUR < now)
        past++;
    st->start = co->first - (time_t)(1 + pick(14)) * DAY - (time_t)pick(8) * HOUR;
    st->attended = past;
    if (roll < 10) {
        int stayed = 1 + (int)pick(3);
        st->status = "withdrawn";
        st->attended = stayed < past ? stayed : past;
        st->done = (int)pick(3);
        st->end = co->first + (time_t)(st->attended * 7 - 3) * DAY;
    } else if (past == COHORT_SESSIONS && roll < 85) {
        st->status = "completed";
        st->done = LESSONS_PER_COURSE;
        st->end = final + (time_t)(1 + pick(14)) * DAY;
    } else {
        st->status = "active";
        st->done = past == COHORT_SESSIONS ? (int)pick(LESSONS_PER_COURSE)
                                           : LESSONS_PER_COURSE * past / COHORT_SESSIONS;
        st->end = past == COHORT_SESSIONS ? final + DAY : now - HOUR - (time_t)pick(2 * DAY);
    }
    if (st->end > now - HOUR)
        st->end = now - HOUR;
}

/*
 * The rows of one enrolment: its lessons done evenly between its start and
 * end (the last of a completed one at its completion), then the enrolment.
 */
static int story_rows(struct db *db, struct bulk *enrol, struct bulk *progress, int64_t user,
                      int64_t course, int64_t l0, int64_t cohort, const struct story *st)
{
    char t0[TIME_ISO_LEN], t1[TIME_ISO_LEN], tl[TIME_ISO_LEN];
    bool completed = streq(st->status, "completed"), withdrawn = streq(st->status, "withdrawn");
    time_t last = st->start;
    int steps = completed ? st->done : st->done + 1, rc = 0;

    for (int d = 0; d < st->done && rc == 0; d++) {
        last = st->start + (st->end - st->start) * (d + 1) / steps;
        time_to_iso(tl, last);
        struct db_arg prow[] = { DB_INT(user), DB_INT(l0 + d), DB_INT(course), DB_TEXT(tl) };
        rc = bulk_add(db, progress, prow);
    }
    if (rc < 0)
        return rc;
    time_to_iso(t0, st->start);
    time_to_iso(t1, st->end);
    time_to_iso(tl, last);
    struct db_arg row[] = {
        DB_INT(user), DB_INT(course), DB_ID(cohort), DB_TEXT(st->status),
        DB_INT(st->done * 100 / LESSONS_PER_COURSE), st->done ? DB_INT(l0 + st->done - 1) : DB_NULL,
        DB_TEXT(t0), completed ? DB_TEXT(t1) : DB_NULL, withdrawn ? DB_TEXT(t1) : DB_NULL,
        DB_TEXT(tl), DB_TEXT(t0), DB_TEXT(completed || withdrawn ? t1 : tl),
    };
    return bulk_add(db, enrol, row);
}

/* A cohort learner's marks, as each session ended: mostly present, a few late or away. */
static int mark_rows(struct db *db, struct bulk *marks, int64_t user, const struct cohort_plan *co,
                     int attended, struct history *h)
{
    char at[TIME_ISO_LEN];
    int rc = 0;
    for (int s = 0; s < attended && rc == 0; s++) {
        int roll = (int)pick(100);
        time_to_iso(at, co->first + s * 7 * DAY + 2 * HOUR + 10 * 60);
        struct db_arg row[] = {
            DB_INT(co->session_ids[s]), DB_INT(user),
            DB_TEXT(roll < 82 ? "present" : roll < 90 ? "late" : roll < 96 ? "absent" : "excused"),
            DB_TEXT(""), DB_NULL, DB_TEXT(at), DB_TEXT(at),
        };
        rc = bulk_add(db, marks, row);
        h->marks++;
    }
    return rc;
}

/*
 * 3 enrolments a person on average, in different courses, begun over the
 * past year; about a tenth completed, most active with a few lessons done,
 * some withdrawn. One in four of a blended course's goes into one of its cohorts
 * while it has room, with attendance marks.
 */
static int make_enrolments(struct db *db, struct arena *keep, int64_t first_user,
                           int64_t first_course, int64_t first_lesson, struct cohort_plan *plans,
                           time_t now, struct history *h)
{
    struct bulk enrol, progress, marks;
    struct progress p;
    long made = 0;
    int rc = 0;

    bulk_init(&enrol, keep,
              "enrolments (user_id, course_id, cohort_id, status, progress,"
              " last_lesson_id, started_at, completed_at, withdrawn_at, last_activity_at,"
              " created_at, updated_at)", 12);
    bulk_init(&progress, keep,
              "lesson_progress (user_id, lesson_id, course_id, completed_at)", 4);
    bulk_init(&marks, keep,
              "attendance (session_id, user_id, status, note, marked_by, created_at,"
              " updated_at)", 7);
    progress_start(&p, "enrolments", ENROLMENTS);
    for (long u = 0; u < USERS && made < ENROLMENTS && rc == 0; u++) {
        int k = 1 + (int)pick(5); /* 1-5, 3 on average */
        int64_t courses[5];
        for (int j = 0; j < k && made < ENROLMENTS && rc == 0; j++) {
            int64_t c;
            bool dup;
            do { /* popular courses come up more often: the square skews to the low ids */
                double x = (double)pick(1000000) / 1e6;
                c = (int64_t)(x * x * COURSES);
                dup = false;
                for (int d = 0; d < j; d++)
                    dup |= courses[d] == c;
            } while (dup);
            courses[j] = c;
            int64_t cid = first_course + c, l0 = first_lesson + c * LESSONS_PER_COURSE;
            struct cohort_plan *co = NULL;
            if (c % 5 == 0) {
                struct cohort_plan *x = &plans[c / 5 * 3 + (int64_t)pick(3)];
                if (x->learners < COHORT_LEARNERS && pick(4) == 0)
                    co = x;
            }
            struct story st;
            if (co) {
                story_cohort(&st, co, now);
                co->learners++;
                h->cohort_learners++;
            } else {
                story_alone(&st, now);
            }
            rc = story_rows(db, &enrol, &progress, first_user + u, cid, l0, co ? co->id : 0, &st);
            if (co && rc == 0)
                rc = mark_rows(db, &marks, first_user + u, co, st.attended, h);
            made++;
        }
        if (u % 1000 == 0)
            progress_show(&p, made, false);
    }
    if (rc == 0 && (rc = bulk_flush(db, &enrol)) == 0 && (rc = bulk_flush(db, &progress)) == 0)
        rc = bulk_flush(db, &marks);
    progress_show(&p, made, true);
    bulk_release(&enrol);
    bulk_release(&progress);
    bulk_release(&marks);
    return rc;
}

/*
 * Each centre without a responsible person gets the manager made for it,
 * in one statement for them all (the small demo's centres have theirs).
 */
static int make_responsibles(struct db *db, int64_t first_user)
{
    static const char sql[] =
        "UPDATE centres SET responsible_id = (SELECT MIN(ra.user_id) FROM role_assignments ra"
        " WHERE ra.role = 'manager' AND ra.centre_id = centres.id AND ra.user_id >= ?),"
        " updated_at = ? WHERE responsible_id IS NULL AND deleted_at IS NULL";
    char now[TIME_ISO_LEN];
    time_now_iso(now);
    return db_exec(db, sql, DB_ARGS(DB_INT(first_user), DB_TEXT(now)));
}

/*
 * On PostgreSQL, rows written with their own ids leave the identity
 * sequences behind: move each past the largest id, or the next row made
 * through Dars would take an id already used. SQLite needs nothing.
 */
static int sync_ids(struct db *db)
{
    static const char *const sql[] = {
        "SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT MAX(id) FROM users))",
        "SELECT setval(pg_get_serial_sequence('courses', 'id'), (SELECT MAX(id) FROM courses))",
        "SELECT setval(pg_get_serial_sequence('course_modules', 'id'),"
        " (SELECT MAX(id) FROM course_modules))",
        "SELECT setval(pg_get_serial_sequence('lessons', 'id'), (SELECT MAX(id) FROM lessons))",
    };
    int64_t last;
    int rc = 0;
    if (db_engine(db) != DB_POSTGRES)
        return 0;
    for (size_t i = 0; i < ARRAY_SIZE(sql) && rc == 0; i++)
        rc = db_query_int(db, sql[i], DB_NOARGS, &last);
    return rc;
}

static int user_email(struct db *db, struct arena *a, int64_t id, const char **email)
{
    static const char sql[] = "SELECT email FROM users WHERE id = ?";
    struct db_stmt *st;
    int rc = db_query_row(db, &st, sql, DB_ARGS(DB_INT(id)));
    if (rc < 0)
        return rc;
    *email = arena_strdup(a, db_col_text(st, 0));
    db_done(st);
    return 0;
}

/* Everything the large demo writes, inside the caller's transaction. */
static int build(struct db *db, struct arena *a, const char *hash, int64_t admin_id,
                 uint64_t seed, struct network *net, int64_t *first_user /* OUT */,
                 struct history *h /* OUT */)
{
    static const char mark_sql[] = "INSERT INTO settings (name, value) VALUES ('demo_scale', ?)";
    struct cohort_plan *plans = xcalloc(COHORTS, sizeof(*plans));
    struct actor who = { 0, "demo", "" };
    int64_t first_course, first_lesson;
    time_t now = time(NULL);
    int rc;

    if ((rc = make_centres(db, a, net)) < 0 ||
        (rc = make_users(db, a, hash, net, first_user)) < 0 ||
        (rc = make_responsibles(db, *first_user)) < 0 ||
        (rc = make_courses(db, a, admin_id, net, &first_course, &first_lesson)) < 0 ||
        (rc = make_search(db, first_course)) < 0 ||
        (rc = make_cohorts(db, net, first_course, now, plans)) < 0 ||
        (rc = make_enrolments(db, a, *first_user, first_course, first_lesson, plans, now, h)) < 0 ||
        (rc = sync_ids(db)) < 0)
        goto out;
    json_t *changes = json_pack("{s:{s:I}}", "seed", "after", (json_int_t)seed);
    rc = audit_record(db, &who, "demo.large", "database", "large", changes);
    json_decref(changes);
    if (rc == 0)
        rc = db_exec(db, mark_sql, DB_ARGS(DB_TEXT("large")));
out:
    free(plans);
    return rc;
}

int demo_large(struct db *db, struct arena *a, uint64_t seed, const char *password)
{
    static const char done_sql[] = "SELECT 1 FROM settings WHERE name = 'demo_scale'";
    struct accounts_user_ref admin;
    char hash[ACCOUNTS_HASH_LEN];
    struct history h = { 0 };
    struct network net;
    int64_t first_user, one;
    int rc;

    if ((rc = db_query_int(db, done_sql, DB_NOARGS, &one)) == 0) {
        printf("the large demo data is already in this database\n");
        return 0;
    }
    if (rc != DARS_ENOTFOUND)
        return rc;
    if ((rc = accounts_user_by_email(db, a, "admin@dars.example", &admin)) < 0)
        return rc;
    if ((rc = accounts_password_hash(password, hash)) < 0)
        return rc;
    rng_state = seed;
    if ((rc = db_tx_begin(db)) < 0)
        return rc;
    if ((rc = build(db, a, hash, admin.id, seed, &net, &first_user, &h)) < 0) {
        fprintf(stderr, "dars: the large demo failed: %s (%s)\n", err_str(rc), db_errmsg(db));
        db_tx_rollback(db);
        return rc;
    }
    if ((rc = db_tx_commit(db)) < 0)
        return rc;
    /*
     * The first people made manage the centres, the next the regions (the
     * first of them Baku: bench/run signs in as the "manager login" and opens
     * a regional manager's report), and the one after them learns.
     */
    const char *manager = NULL, *centre_manager = NULL, *learner = NULL, *region = NULL;
    int64_t nmanagers = (int64_t)(net.ncentres + net.nregions), ncentres = 0;
    for (size_t i = 0; i < net.ncentres; i++)
        ncentres += net.centre_region[i] == net.regions[0];
    if ((rc = user_email(db, a, first_user + (int64_t)net.ncentres, &manager)) < 0 ||
        (rc = org_region_code(db, a, net.regions[0], &region)) < 0 ||
        (rc = user_email(db, a, first_user, &centre_manager)) < 0 ||
        (rc = user_email(db, a, first_user + nmanagers, &learner)) < 0)
        return rc;
    printf("large demo data created: %d people, %zu centres, %d courses with %d lessons, "
           "%d enrolments over the past year, %d cohorts with %d sessions, %ld learners and "
           "%ld attendance marks\n",
           USERS, net.ncentres, COURSES, COURSES * LESSONS_PER_COURSE, ENROLMENTS, COHORTS,
           COHORTS * COHORT_SESSIONS, h.cohort_learners, h.marks);
    printf("manager login: %s  password: %s  (manager of the region %s, %lld centres)\n",
           manager, password, region, (long long)ncentres);
    printf("centre manager login: %s  password: %s\n", centre_manager, password);
    printf("learner login: %s  password: %s\n", learner, password);
    return 0;
}
