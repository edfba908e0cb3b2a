/* What the files of src/mentoring share: SQL texts, the records as read, the stores. */
#ifndef DARS_MENTORING_MENTORING_INT_H
#define DARS_MENTORING_MENTORING_INT_H

#include "mentoring/mentoring.h"
#include "accounts/accounts.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

struct db;
struct db_stmt;
struct arena;
struct val;

/* db_tx_lock's space for decisions on a mentor's load (their user id is the key) */
#define MT_LOCK_MENTOR 18
/* under this age (this year minus the birth year) a mentee needs a checked mentor */
#define MT_ADULT_AGE 18
/* most skills a request or a profile may name (bits of a mask in matching) */
#define MT_MAX_SKILLS 64

/* mentor_sql.c */
extern const char mt_skills_sql[];
extern const char mt_skill_id_sql[];
extern const char mt_skill_insert_sql[];
extern const char mt_is_mentor_sql[];
extern const char mt_profile_sql[];
extern const char mt_profile_skills_sql[];
extern const char mt_profile_langs_sql[];
extern const char mt_profile_upsert_sql[];
extern const char mt_profile_skills_clear_sql[];
extern const char mt_profile_skill_add_sql[];
extern const char mt_profile_langs_clear_sql[];
extern const char mt_profile_lang_add_sql[];
extern const char mt_mentors_list_sql[];
extern const char mt_mentor_load_sql[];

/* mentorship_sql.c */
extern const char mt_ms_by_id_sql[];
extern const char mt_ms_insert_sql[];
extern const char mt_ms_update_sql[];
extern const char mt_ms_active_count_sql[];
extern const char mt_birth_year_sql[];
extern const char mt_ms_live_pair_sql[];
extern const char mt_ms_list_sql[];
extern const char mt_meetings_sql[];
extern const char mt_meeting_by_id_sql[];
extern const char mt_meeting_insert_sql[];
extern const char mt_meeting_confirm_sql[];
extern const char mt_meeting_update_sql[];
extern const char mt_goals_sql[];
extern const char mt_goal_insert_sql[];
extern const char mt_goal_status_sql[];
extern const char mt_request_by_id_sql[];
extern const char mt_request_insert_sql[];
extern const char mt_request_skill_add_sql[];
extern const char mt_request_status_sql[];
extern const char mt_request_open_of_sql[];
/* per mentor: email, name, centre, programme, capacity, active, minutes, meetings, checked on */
extern const char mt_hours_sql[];
extern const char mt_page_mine_sql[];
extern const char mt_page_admin_ms_sql[];
extern const char mt_page_figures_sql[];
extern const char mt_page_statement_sql[];
extern const char mt_page_cohorts_sql[];
extern const char mt_page_cohort_learners_sql[];
extern const char mt_page_developed_fmt[];

/* demo_sql.c */
extern const char mt_demo_centres_sql[];
extern const char mt_demo_learners_sql[];
extern const char mt_demo_profile_sql[];
extern const char mt_demo_skill_sql[];
extern const char mt_demo_request_skill_sql[];
extern const char mt_demo_request_sql[];
extern const char mt_demo_ms_sql[];
extern const char mt_demo_meeting_sql[];
extern const char mt_demo_goal_sql[];

/* match_sql.c */
extern const char mt_match_requests_sql[];
extern const char mt_match_request_skills_sql[];
extern const char mt_match_mentors_sql[];
extern const char mt_match_mentor_skills_sql[];
extern const char mt_match_mentor_langs_sql[];
extern const char mt_match_pairs_sql[];

/* metrics.c */
/*
 * Developed mentors' facts (metrics.c's SQL without the reports' markers):
 * subject, user_id, centre_id, course_id, at, amount; two parameters, the
 * instants at >= ? AND at < ?.
 */
extern char mt_developed_sql[];
/* Set the developed mentors' threshold (mentoring_init does, from the configuration). */
int mentoring_developed_set(double hours);

/* ---- mentor.c: profiles ---- */

/* A mentor as read back; strings from the arena, "" when not given. */
struct mt_mentor {
    int64_t user_id;
    const char *email, *full_name;
    bool has_profile;       /* false: the role only, nothing said yet */
    int64_t centre_id;      /* 0: none */
    const char *centre_code, *centre_name;
    int64_t capacity;
    const char *volunteer_programme, *bio, *safeguarding_checked_on, *updated_at;
    const char **skills, **languages; /* codes, NULL-ended */
    int64_t active, proposed;         /* mentorships now */
    int64_t confirmed_minutes;        /* of all their mentorships' confirmed meetings */
};

/* What a PUT or a form gives; NULL: keep what is stored. */
struct mt_mentor_input {
    const char *centre;   /* code, "" for none */
    const char *capacity; /* digits */
    const char *volunteer_programme, *bio;
    const char *safeguarding_checked_on; /* YYYY-MM-DD, "" for none */
    const char **skills, **languages;    /* NULL-ended lists */
};

/*
 * The live person with this e-mail who holds the mentor role, with their
 * profile: DARS_ENOTFOUND when there is none. Four statements.
 */
int mt_mentor_get(struct db *db, struct arena *a, const char *email,
                  struct mt_mentor *out /* OUT */);
/* The same by user id. */
int mt_mentor_get_id(struct db *db, struct arena *a, int64_t user_id,
                     struct mt_mentor *out /* OUT */);
/* Whether r's user coordinates mentoring at centre_id (an admin; a manager in scope). */
bool mt_coordinates(const struct req *r, int64_t centre_id);
/* The mentor themselves, or a coordinator of their centre (any manager when they have none). */
bool mt_mentor_may_edit(const struct req *r, const struct mt_mentor *m);
/*
 * Check in against m and write it, audited, in the caller's transaction.
 * Only a coordinator may record a safeguarding check. DARS_EINVALID with
 * errors (field -> msgid), DARS_EDENIED.
 */
int mt_mentor_put(struct req *r, const struct mt_mentor *m, const struct mt_mentor_input *in,
                  json_t *errors);
json_t *mt_mentor_json(const struct mt_mentor *m);
/* The languages a mentor or a request may name (codes), and how many. */
extern const char *const mt_langs[];
extern const size_t mt_nlangs;
/* Hours as the API writes them: minutes / 60, rounded to two places. */
double mt_hours(int64_t minutes);
/* Whether s is a day "YYYY-MM-DD" that exists. */
bool mt_is_day(const char *s);

/* ---- mentorship.c: the lifecycle ---- */

struct mt_side {
    int64_t id, centre_id; /* centre 0: none */
    const char *email, *full_name, *lang;
};

struct mt_ms {
    int64_t id;
    struct mt_side mentor, mentee;
    int64_t mentee_birth_year; /* 0: not given */
    int64_t programme_id, request_id;
    const char *programme; /* code, "" for none */
    const char *status, *mentor_accepted_at, *mentee_accepted_at, *started_on, *ended_on;
    const char *closed_reason, *mentor_feedback, *mentee_feedback, *created_at, *updated_at;
    int64_t confirmed_minutes;
};

enum mt_role { MT_OTHER, MT_MENTOR, MT_MENTEE };

int mt_ms_get(struct db *db, struct arena *a, int64_t id, struct mt_ms *out /* OUT */);
/* A row of mt_ms_by_id_sql's columns (mt_ms_list_sql's too). */
void mt_ms_get_row(struct arena *a, struct db_stmt *st, struct mt_ms *out /* OUT */);
/* Which side of m r's user is on (MT_OTHER: neither). */
enum mt_role mt_ms_role(const struct req *r, const struct mt_ms *m);
/* An admin, or a manager of the mentor's or the mentee's centre. */
bool mt_ms_coordinator(const struct req *r, const struct mt_ms *m);
/* The pair and its coordinators; everyone else is told it does not exist. */
int mt_ms_get_visible(struct req *r, int64_t id, struct mt_ms *out /* OUT */);
/* Whether a mentee born in birth_year (0: not given) is under 18 this year. */
bool mt_is_minor(int64_t birth_year);

struct mt_ms_input {
    const char *mentor, *mentee; /* e-mails */
    const char *programme;       /* code, NULL or "" for none */
    const char *status;          /* proposed (default) or active */
    int64_t request_id;          /* 0: none; a request the mentorship answers */
};
/*
 * Create a mentorship for a coordinator of either side, in the caller's
 * transaction: audited, both sides told. DARS_EINVALID with errors,
 * DARS_EDENIED, DARS_ECONFLICT (errors "code": why) when an active one would
 * take the mentor past their capacity or the pair already has a live one.
 */
int mt_ms_create(struct req *r, const struct mt_ms_input *in, json_t *errors,
                 int64_t *id /* OUT */);

/* A change asked of a mentorship; NULL members: no change. */
struct mt_ms_change {
    const char *status;        /* active | closed | declined */
    int accept;                /* 1: the caller's side accepts; -1 not given */
    const char *closed_reason; /* with closed */
    const char *feedback;      /* the caller's side's feedback */
};
/*
 * Apply ch as r's user may (a side accepts, declines, closes and gives its
 * feedback; a coordinator confirms, declines, closes), in the caller's
 * transaction, audited, the other side told. DARS_EINVALID, DARS_EDENIED,
 * DARS_ECONFLICT (capacity; a stage that cannot follow).
 */
int mt_ms_change(struct req *r, const struct mt_ms *m, const struct mt_ms_change *ch,
                 json_t *errors);
json_t *mt_ms_json(const struct mt_ms *m);

/* ---- meeting.c ---- */

struct mt_meeting {
    int64_t id, mentorship_id, minutes, logged_by, confirmed_by;
    const char *held_on, *mode, *centre, *notes, *confirmed_at, *created_at;
};
struct mt_meeting_input {
    const char *held_on, *minutes, *mode, *centre, *notes;
};
void mt_meeting_row(struct arena *a, struct db_stmt *st, struct mt_meeting *out /* OUT */);
int mt_meeting_get(struct db *db, struct arena *a, int64_t ms_id, int64_t id,
                   struct mt_meeting *out /* OUT */);
/*
 * Log a meeting of active mentorship m for one of its pair, in the caller's
 * transaction, audited; the other side is asked to confirm it by e-mail.
 * An in-person meeting of an under-18 mentee needs a centre.
 */
int mt_meeting_create(struct req *r, const struct mt_ms *m, const struct mt_meeting_input *in,
                      json_t *errors, int64_t *id /* OUT */);
/*
 * Confirm mt (the side that did not log it, or a coordinator), or change an
 * unconfirmed one (whoever logged it), in the caller's transaction, audited.
 */
int mt_meeting_change(struct req *r, const struct mt_ms *m, const struct mt_meeting *mt,
                      const struct mt_meeting_input *in, bool confirm, json_t *errors);
json_t *mt_meeting_json(const struct mt_meeting *mt);

/* ---- goal.c ---- */

/* Whether status is one a goal can have: open, achieved, dropped. */
bool mt_goal_status_ok(const char *status);
/*
 * Add a goal to m (goal_id 0, with its title) or set a goal's status, for
 * the pair or a coordinator, in the caller's transaction, audited.
 * DARS_EINVALID with errors, DARS_EDENIED, DARS_ENOTFOUND (no such goal).
 */
int mt_goal_save(struct req *r, const struct mt_ms *m, int64_t goal_id, const char *title,
                 const char *status, json_t *errors);

/* ---- mail.c ---- */

enum mt_news { MT_NEWS_PROPOSED, MT_NEWS_ACTIVE, MT_NEWS_DECLINED, MT_NEWS_CLOSED,
               MT_NEWS_MEETING };
/* Tell to (one side of m) the news, in their language, through the outbox. */
int mt_mail(struct req *r, const struct mt_ms *m, const struct mt_side *to, enum mt_news news);

/* ---- request.c ---- */

struct mt_request {
    int64_t id, mentee_id, mentee_centre_id, programme_id;
    const char *mentee_email, *mentee_name, *goals, *language, *mode, *status, *created_at;
};
struct mt_request_input {
    const char *mentee; /* e-mail; NULL: the caller */
    const char *goals, *language, *mode, *programme;
    const char **skills; /* NULL-ended codes */
};
/* A learner's own request, or a coordinator's for one of their centre, audited. */
int mt_request_create(struct req *r, const struct mt_request_input *in, json_t *errors,
                      int64_t *id /* OUT */);
int mt_request_get(struct db *db, struct arena *a, int64_t id, struct mt_request *out /* OUT */);

/* ---- assign.c: the optimal assignment (no database) ---- */

/* a pair that may not be matched */
#define MT_NO_MATCH (-1)
/*
 * Assign each of nreq requests to at most one of nmen mentors, mentor j
 * taking at most cap[j], maximising the sum of score[i * nmen + j] over the
 * pairs chosen (scores from 0 to 1000, or MT_NO_MATCH). Exact: successive
 * shortest paths of a min-cost flow, one request at a time, with potentials
 * (the Hungarian method for capacities). out[i] gets the mentor's index or
 * -1. Returns the total score. O(nreq * visited mentors * nmen); memory
 * O(nreq + nmen + sum of cap) from the arena.
 */
int64_t mt_assign(struct arena *a, const int16_t *score, size_t nreq, size_t nmen,
                  const int64_t *cap, int *out /* OUT */);

/* ---- match.c: scores ---- */

/* What a score is made of, for the reasons shown. */
struct mt_score {
    int total;                  /* 0..100, or MT_NO_MATCH */
    int skills;                 /* 0..40: the share of the wanted skills the mentor has */
    bool language;              /* 25: they share the request's language */
    bool same_centre, same_region; /* 20 or 10 */
    int spare;                  /* 0..15: the share of capacity still free */
};
/* One side of a score, as matching loads it. */
struct mt_match_req {
    int64_t id, mentee_id, centre_id, region_id, birth_year;
    uint64_t skills; /* bit i: skill of index i */
    int nskills;
    const char *language, *mode;
};
struct mt_match_mentor {
    int64_t id, centre_id, region_id, capacity, load;
    uint64_t skills, langs; /* langs: bit of the language's index in i18n_langs-like list */
    bool checked;           /* safeguarding check recorded */
};
void mt_score(const struct mt_match_req *q, const struct mt_match_mentor *m, uint64_t q_lang,
              struct mt_score *out /* OUT */);
/* The bit of a language code among those matching knows (0 when unknown). */
uint64_t mt_lang_bit(const char *lang);

struct mt_pair;
/* A proposal of matching: request -> mentor with its score. */
struct mt_pick {
    struct mt_match_req *q;
    struct mt_match_mentor *m; /* NULL: none suggested */
    struct mt_score s;
};
/*
 * Load the open requests in r's scope (request_id 0: all of them; else
 * that one) and every mentor with a profile, in a fixed few statements.
 */
struct mt_pool {
    struct mt_match_req *reqs;
    size_t nreqs;
    struct mt_match_mentor *men;
    size_t nmen;
    const char **men_email, **men_name, **req_email, **req_name;
    struct mt_pair *pairs; /* (mentor, mentee) already under way, sorted */
    size_t npairs;
};
int mt_pool_load(struct req *r, int64_t request_id, struct mt_pool *out /* OUT */);
/* The best n mentors for request i of pool, by score (free places only). */
size_t mt_suggest(struct arena *a, const struct mt_pool *p, size_t i, size_t n,
                  struct mt_pick *out /* OUT */);
/* The optimal assignment of every request of pool; out has p->nreqs picks. */
int64_t mt_suggest_all(struct arena *a, const struct mt_pool *p, struct mt_pick *out /* OUT */);
/* The reasons of a score in lang, as one line. */
const char *mt_score_reasons(struct arena *a, const char *lang, const struct mt_score *s);

/* ---- pages.c: what the pages share ---- */

const char *mt_status_label(const char *lang, const char *status);
const char *mt_mode_label(const char *lang, const char *mode);
/* Every non-empty value of a form field given many times (check boxes), NULL-ended. */
const char **mt_form_list(struct req *r, const char *name);
/* Why a change was refused (errors of DARS_ECONFLICT or DARS_EINVALID), as a msgid. */
const char *mt_refusal(json_t *errors);
/* [{value, label, selected}] of codes, labels in r's language. */
struct val *mt_options(struct req *r, const char *const *codes, size_t n, const char *selected,
                       const char *(*label)(const char *lang, const char *code));
struct val *mt_lang_options(struct req *r, const char *selected);
/* A language's own name (its code when unknown). */
const char *mt_lang_name(const char *code);
struct val *mt_mode_options(struct req *r, const char *selected);
/* The skills list as check boxes, chosen ones ticked. One statement. */
int mt_skill_options(struct req *r, const char *const *chosen, struct val **out /* OUT */);
/* A mentorship's values for the templates (url, names, status, hours, to_accept...). */
struct val *mt_ms_val(struct req *r, const struct mt_ms *m);

/* ---- handlers ---- */
int mt_home_page(struct req *r);
int mt_request_submit(struct req *r);
int mt_show_page(struct req *r);
int mt_accept_submit(struct req *r);
int mt_confirm_submit(struct req *r);
int mt_close_page(struct req *r);
int mt_close_submit(struct req *r);
int mt_decline_page(struct req *r);
int mt_decline_submit(struct req *r);
int mt_feedback_submit(struct req *r);
int mt_meeting_submit(struct req *r);
int mt_meeting_confirm_submit(struct req *r);
int mt_goal_submit(struct req *r);
int mt_goal_status_submit(struct req *r);
int mt_statement_page(struct req *r);
int mt_profile_page(struct req *r);
int mt_profile_submit(struct req *r);
int mt_admin_safeguarding_submit(struct req *r);
int mt_admin_page(struct req *r);
int mt_admin_propose_submit(struct req *r);
int mt_admin_assignment_page(struct req *r);
int mt_admin_assignment_submit(struct req *r);
int mt_admin_hours_csv(struct req *r);
int mt_admin_hours_xlsx(struct req *r);
int mt_admin_cohort_page(struct req *r);
int mt_admin_cohort_submit(struct req *r);
int mt_api_skills(struct req *r);
int mt_api_skill_create(struct req *r);
int mt_api_mentors(struct req *r);
int mt_api_mentor_get(struct req *r);
int mt_api_mentor_put(struct req *r);
int mt_api_list(struct req *r);
int mt_api_create(struct req *r);
int mt_api_get(struct req *r);
int mt_api_patch(struct req *r);
int mt_api_meetings(struct req *r);
int mt_api_meeting_create(struct req *r);
int mt_api_meeting_patch(struct req *r);
int mt_api_goals(struct req *r);
int mt_api_goal_create(struct req *r);
int mt_api_request_create(struct req *r);
int mt_api_request_get(struct req *r);
int mt_api_suggestions(struct req *r);
int mt_api_assignment(struct req *r);


#endif
