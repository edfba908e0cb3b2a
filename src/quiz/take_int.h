/*
 * Taking a quiz (take*.c): the attempt engine (start, save an answer, submit,
 * close what ran out of time), the learner's pages and the attempts API.
 * The SQL of these lives in take_sql.c.
 */
#ifndef DARS_QUIZ_TAKE_INT_H
#define DARS_QUIZ_TAKE_INT_H

#include "quiz/quiz_int.h"

/* ---- take_sql.c ---- */
extern const char take_user_attempts_sql[];
extern const char take_bank_sql[];
extern const char take_attempt_insert_sql[];
extern const char take_item_insert_sql[];
extern const char take_attempt_hold_sql[];
extern const char take_answer_save_sql[];
extern const char take_item_grade_sql[];
extern const char take_attempt_submit_sql[];
extern const char take_expired_sql[];
extern const char take_expired_course_sql[];
extern const char take_course_quizzes_sql[];

/* ---- take.c: the engine ---- */

/* One of a user's attempts at a quiz, as the lists show it. */
/*
 * user_id's attempts at quiz_id, by number (one statement), without their
 * items. *open gets the index of the open one, or -1.
 */
int take_user_attempts(struct db *db, struct arena *a, int64_t quiz_id, int64_t user_id,
                       struct quiz_attempt **out /* OUT */, size_t *n /* OUT */,
                       ssize_t *open /* OUT */);

/* advisory-lock space of a learner's attempt starts ("qat" in ASCII) */
#define TAKE_LOCK_SPACE 0x716174

/*
 * Start user_id's next attempt at qz, audited, inside the caller's
 * transaction; the learner's lock is taken first, so two starts at once make
 * one attempt. Any of the quiz's attempts whose time ran out are submitted
 * first; then the items are drawn and ordered as the quiz says, the deadline
 * set. DARS_ECONFLICT with *why (an N_() msgid) when an attempt is still open
 * or none are left. The caller has checked enrolment and publication.
 */
int take_start(struct db *db, struct arena *a, const struct actor *who, const struct quiz *qz,
               int64_t user_id, int64_t *id /* OUT */, const char **why /* OUT */);

/*
 * Save the response (NULL clears it) of at's item at position, audited,
 * inside the caller's transaction. The database refuses it unless the
 * attempt is open and its deadline is later than now: DARS_ECONFLICT then.
 * DARS_ENOTFOUND for a position the attempt does not have.
 */
int take_save(struct db *db, struct arena *a, const struct actor *who,
              const struct quiz_attempt *at, int64_t position, const char *response);

/*
 * Mark the open attempt at submitted, then grade each item by the answers
 * as the database holds them (at is read again, so a save that crossed the
 * submission counts) and total it (quiz_attempt_total), audited, inside the
 * caller's transaction; at is updated to match. DARS_ECONFLICT when it was
 * submitted already.
 */
int take_submit(struct db *db, struct arena *a, const struct actor *who, const struct quiz *qz,
                struct quiz_attempt *at);

/*
 * Submit every open attempt at qz whose deadline has passed, with what was
 * saved in time, audited as done by "system" (who gives only the address).
 * One statement when there is none. Runs in the caller's transaction when
 * one is open, else in one of its own. *closed (may be NULL) gets how many
 * it submitted.
 */
int take_close_expired(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *qz, size_t *closed /* OUT */);
/*
 * The same for every quiz of a course (its gradebook, the learner's list of
 * quizzes): one statement when there is none.
 */
int take_close_expired_course(struct db *db, struct arena *a, const struct actor *who,
                              int64_t course_id, size_t *closed /* OUT */);

/*
 * Whether the learner of at may see the right answers and feedback now:
 * after_submit once it is submitted, after_last_attempt once it is
 * submitted and no attempt is left (never with unlimited attempts), never
 * never. used: how many attempts the learner has submitted (an open last
 * attempt must not see the answers of the earlier ones).
 */
bool take_review_open(const struct quiz *qz, const struct quiz_attempt *at, int64_t used);

/* Seconds from now until iso (negative when past); 0 for "". */
int64_t take_seconds_until(const char *iso);

/* ---- take_pages.c / take_api.c: the handlers ---- */
int take_course_quizzes_page(struct req *r);
int take_quiz_page(struct req *r);
int take_start_page(struct req *r);
int take_start_submit(struct req *r);
int take_question_page(struct req *r);
int take_question_submit(struct req *r);
int take_summary_page(struct req *r);
int take_finish_page(struct req *r);
int take_finish_submit(struct req *r);
int take_result_page(struct req *r);

int take_api_start(struct req *r);
int take_api_get(struct req *r);
int take_api_answer(struct req *r);
int take_api_submit(struct req *r);

/* ---- take_common.c: what pages and API share ---- */

/* The quiz of :id (params[idx]) and its course, for someone who may take or
 * manage it. */
struct take_ctx {
    struct quiz qz;
    struct catalog_course c;
    bool manages;  /* catalog_may_manage */
    bool enrolled; /* active or completed in the course */
};
/*
 * Load the quiz by id for the request's user: DARS_ENOTFOUND when there is
 * none, or it is a draft and the user does not manage the course;
 * DARS_EDENIED when the user neither manages the course nor holds an active
 * or completed enrolment in it.
 */
int take_load_quiz(struct req *r, int64_t quiz_id, struct take_ctx *t /* OUT */);
/* Whether learners may take t's quiz: it and its course are published. */
bool take_is_open(const struct take_ctx *t);
/*
 * Load the attempt by id with its quiz: DARS_ENOTFOUND when there is none,
 * DARS_EDENIED unless the user owns it or manages the course. An open,
 * expired attempt of the owner is submitted first (and read again).
 */
int take_load_attempt(struct req *r, int64_t attempt_id, struct take_ctx *t /* OUT */,
                      struct quiz_attempt *at /* OUT */);
/*
 * Whether the request's user may still change their attempt (answer,
 * submit): DARS_EDENIED once their enrolment is no longer active or
 * completed, DARS_ENOTFOUND once the quiz or its course is a draft again.
 */
int take_may_answer(const struct take_ctx *t);
/* The right-hand texts of a matching question, distinct and sorted (arena
 * array). */
size_t take_match_choices(struct arena *a, const struct quiz_question *q,
                          const char ***out /* OUT */);
/* An answer's text as a learner reads it: True or False in their language for true/false. */
const char *take_answer_label(struct req *r, const struct quiz_question *q,
                              const struct quiz_answer *an);
/* What should have been answered, one string per right answer (matching: "stem
 * → match"): how many, *out an arena array of strings that live as long as the
 * arena. For the API's JSON and the result page's values alike. */
size_t take_right_answers(struct req *r, const struct quiz_question *q,
                          const char ***out /* OUT */);
/* The feedback of the chosen answers (several for multiple choice), "" when
 * none. */
const char *take_item_feedback(struct req *r, const struct quiz_item *it);

#endif
