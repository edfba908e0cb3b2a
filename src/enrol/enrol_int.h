/* What the files of src/enrol share: SQL texts, the store's internal calls and the handlers. */
#ifndef DARS_ENROL_ENROL_INT_H
#define DARS_ENROL_ENROL_INT_H

#include "enrol/enrol.h"
#include "catalog/catalog.h"

/* rows per page of the learners list */
#define ENROL_PAGE_SIZE 50
/* people a CSV upload or a filter may enrol at once */
#define ENROL_BULK_MAX 5000

/* enrol_sql.c */
extern const char enrol_state_sql[];
extern const char enrol_done_ids_sql[];
extern const char enrol_touch_sql[];
extern const char enrol_find_sql[];
extern const char enrol_by_id_sql[];
extern const char enrol_insert_sql[];
extern const char enrol_reopen_sql[];
extern const char enrol_stamp_sql[];
extern const char enrol_approve_sql[];
extern const char enrol_set_withdrawn_sql[];
extern const char enrol_promote_sql[];
extern const char enrol_progress_count_sql[];
extern const char enrol_set_progress_sql[];
extern const char enrol_complete_sql[];
extern const char enrol_lesson_done_sql[];
extern const char enrol_lesson_undone_sql[];
extern const char enrol_my_courses_sql[];
extern const char enrol_my_programmes_sql[];
extern const char enrol_learners_count_sql[];
extern const char enrol_learners_page_sql[];
extern const char enrol_learners_all_sql[];
extern const char enrol_queue_sql[];
extern const char enrol_users_by_filter_sql[];
extern const char enrol_users_by_keys_sql[];
/* placeholders of enrol_users_by_keys_sql */
#define ENROL_KEYS_CHUNK 100
extern const char enrol_api_list_sql[];
extern const char enrol_api_one_sql[];
extern const char enrol_api_progress_sql[];

/* One enrolment row as the store reads it; strings from the arena. */
struct enrol_row {
    int64_t id, user_id, course_id;
    int64_t cohort_id; /* 0: none */
    const char *status;
    int64_t progress;
    const char *email, *completed_at, *created_at;
};

/* enrol.c: the store. Each runs inside the caller's transaction and audits what it changes. */

/* Serialise the place decisions of a course until the transaction ends; call it first. */
int enrol_lock_course(struct db *db, int64_t course_id);
/* The enrolment with this id (email filled), DARS_ENOTFOUND when none. */
int enrol_get(struct db *db, struct arena *a, int64_t id, struct enrol_row *out /* OUT */);
/* The enrolment of user_id in course_id; DARS_ENOTFOUND when none. */
int enrol_find(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
               struct enrol_row *out /* OUT */);
/*
 * Enrol user_id in c. self: the learner asks for themself, so a draft course
 * is refused (DARS_ENOTFOUND) and an 'approval' course gets a request;
 * otherwise (a manager, the CLI) drafts are allowed and no approval is
 * needed. DARS_ECONFLICT when already enrolled (anything but withdrawn).
 * *status gets requested | waitlisted | active (static), *id the row.
 */
int enrol_apply(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                const struct catalog_course *c, bool self, const char **status /* OUT */,
                int64_t *id /* OUT */);
/* Approve (true) or decline a request; DARS_ENOTFOUND unless it is 'requested'. */
int enrol_decide(struct db *db, struct arena *a, const struct actor *who,
                 const struct enrol_row *e, const struct catalog_course *c, bool approve,
                 const char **status /* OUT */);
/* Withdraw; a freed place goes to the waitlist. DARS_ECONFLICT when withdrawn or completed. */
int enrol_withdraw(struct db *db, struct arena *a, const struct actor *who,
                   const struct enrol_row *e, const struct catalog_course *c);
/* Mark lesson_id of course_id done (true) or not done for user_id; DARS_EDENIED when the
 * user is not active or completed in the course. *before (may be NULL) gets the enrolment
 * as it was read before the change. */
int enrol_lesson_mark(struct db *db, struct arena *a, const struct actor *who, int64_t user_id,
                      int64_t course_id, int64_t lesson_id, bool done,
                      struct enrol_row *before /* OUT */);
/* Recompute progress, and complete the enrolment when its rule is met. */
int enrol_check_completion(struct db *db, struct arena *a, const struct actor *who,
                           const struct enrol_row *e);
/* The waitlist place of a waitlisted enrolment (1-based), else 0. */
int enrol_waitlist_place(struct db *db, struct arena *a, int64_t user_id, int64_t course_id,
                         int64_t *place /* OUT */);

/* pages.c: shared by the pages */
/* The translated name of a status. */
const char *enrol_status_label(const char *lang, const char *status);

/* course.c: the learner's actions on the catalog's pages */
int enrol_self_submit(struct req *r);
int enrol_withdraw_page(struct req *r);
int enrol_withdraw_submit(struct req *r);
int enrol_done_submit(struct req *r);
int enrol_undone_submit(struct req *r);

/* my.c */
int enrol_my_page(struct req *r);

/* learners.c */
int enrol_learners_page(struct req *r);
int enrol_learners_csv(struct req *r);
int enrol_learners_xlsx(struct req *r);

/* requests.c */
int enrol_requests_page(struct req *r);
int enrol_approve_submit(struct req *r);
int enrol_decline_submit(struct req *r);

/* people.c */
int enrol_people_page(struct req *r);
int enrol_people_submit(struct req *r);
int enrol_people_csv_submit(struct req *r);
int enrol_people_confirm(struct req *r);

/* api.c */
int enrol_api_list(struct req *r);
int enrol_api_create(struct req *r);
int enrol_api_get(struct req *r);
int enrol_api_withdraw(struct req *r);
int enrol_api_progress(struct req *r);
int enrol_api_lesson_done(struct req *r);

#endif
