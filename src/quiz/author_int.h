/*
 * What the quiz authoring files share (author.c: the store; author_pages.c:
 * the pages; author_api.c: /api/v1/quizzes): the settings a writer gives,
 * the writes (each audited, inside the caller's transaction), their SQL and
 * the route handlers.
 */
#ifndef DARS_QUIZ_AUTHOR_INT_H
#define DARS_QUIZ_AUTHOR_INT_H

#include "quiz/quiz_int.h"

/* limits of the settings and the slots */
#define QUIZ_AUTHOR_TITLE_MAX 200
#define QUIZ_AUTHOR_INTRO_MAX 10000
#define QUIZ_AUTHOR_TIME_MAX (7 * 24 * 3600) /* seconds: a week */
#define QUIZ_AUTHOR_ATTEMPTS_MAX 100
#define QUIZ_AUTHOR_MARK_MAX 100
#define QUIZ_AUTHOR_PICK_MAX 100

/*
 * A quiz's settings as a writer gives them. Numbers that could not be read
 * are -1, which the check refuses with the field's message; msg_time is the
 * time limit's message (the form counts minutes, the API seconds).
 */
struct quiz_author_in {
    const char *title, *intro;
    int64_t time_limit; /* seconds; 0: none */
    int64_t attempts_allowed, pass_mark;
    bool shuffle_questions, shuffle_answers, required;
    const char *review, *status;
    const char *msg_time;
};

/* The settings of q as an input (for edits that change some of them). */
struct quiz_author_in quiz_author_in_of(const struct quiz *q);
/* The review choices in order, NULL-terminated, and their labels (N_() msgids). */
extern const char *const quiz_author_reviews[];
extern const char *const quiz_author_review_labels[];

/*
 * Check in (field errors into errors, untranslated) and write it: a new quiz
 * of course_id (*id gets its id) or, old not NULL, old's new settings.
 * Publishing needs at least one slot: nslots is how many the quiz has.
 * DARS_EINVALID with errors.
 */
int quiz_author_insert(struct db *db, struct arena *a, const struct actor *who,
                       int64_t course_id, const struct quiz_author_in *in, json_t *errors,
                       int64_t *id /* OUT */);
int quiz_author_update(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *old, size_t nslots, const struct quiz_author_in *in,
                       json_t *errors);
/* Publish (true) or return to draft; DARS_EINVALID with errors["status"] when it has no slots. */
int quiz_author_set_published(struct db *db, struct arena *a, const struct actor *who,
                              const struct quiz *q, size_t nslots, bool published,
                              json_t *errors);
/* Mark the quiz deleted; its attempts stay for the records. */
int quiz_author_delete(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *q);
/* How many attempts the quiz has (submitted or not). */
int quiz_author_attempts(struct db *db, int64_t quiz_id, int64_t *n /* OUT */);

/*
 * Add a slot at the end: a question of the quiz's course (question_id), or
 * pick random questions of category (question_id 0). Field errors under
 * "question", "category", "pick", "mark". *slot_id gets the new slot's id.
 */
int quiz_author_slot_add(struct db *db, struct arena *a, const struct actor *who,
                         const struct quiz *q, int64_t question_id, const char *category,
                         int64_t pick, int64_t mark, json_t *errors, int64_t *slot_id /* OUT */);
/*
 * The slots of quiz_id in order (*slots, *n of them; one statement) and in *s
 * the one whose id is slot_id: DARS_ENOTFOUND when it is not the quiz's.
 */
int quiz_author_slot_get(struct db *db, struct arena *a, int64_t quiz_id, int64_t slot_id,
                         struct quiz_slot **slots /* OUT */, size_t *n /* OUT */,
                         const struct quiz_slot **s /* OUT */);
/* A slot's new mark; errors["mark"]. */
int quiz_author_slot_mark(struct db *db, struct arena *a, const struct actor *who,
                          const struct quiz *q, const struct quiz_slot *s, int64_t mark,
                          json_t *errors);
/*
 * Swap s, one of the quiz's slots (n of them, as quiz_author_slot_get gave
 * them), with its neighbour above (up) or below; *moved false when there is none.
 */
int quiz_author_slot_move(struct db *db, struct arena *a, const struct actor *who,
                          const struct quiz *q, const struct quiz_slot *slots, size_t n,
                          const struct quiz_slot *s, bool up, bool *moved /* OUT */);
/*
 * Remove a slot; the later ones move up. A published quiz keeps at least one:
 * DARS_ECONFLICT (errors["slot"]) for its last. nslots: how many it has.
 */
int quiz_author_slot_remove(struct db *db, struct arena *a, const struct actor *who,
                            const struct quiz *q, const struct quiz_slot *s, size_t nslots,
                            json_t *errors);

/* One quiz of a course's list with what its slots add up to. */
struct quiz_author_row {
    struct quiz q;
    int64_t questions, marks, attempts;
};
/* The live quizzes of course_id with their totals, by id (two statements). */
int quiz_author_rows(struct db *db, struct arena *a, int64_t course_id, bool published_only,
                     struct quiz_author_row **out /* OUT */, size_t *n /* OUT */);

/* A slot as the API shows it: id, position, question | category + pick, mark. */
json_t *quiz_author_slot_json(const struct quiz_slot *s);

/* ---- author_sql.c ---- */
extern const char quiz_author_insert_sql[];
extern const char quiz_author_update_sql[];
extern const char quiz_author_status_sql[];
extern const char quiz_author_delete_sql[];
extern const char quiz_author_attempts_sql[];
extern const char quiz_author_totals_sql[];
extern const char quiz_author_slot_insert_sql[];
extern const char quiz_author_slot_mark_sql[];
extern const char quiz_author_slot_pos_sql[];
extern const char quiz_author_slot_delete_sql[];
extern const char quiz_author_slot_close_sql[];
extern const char quiz_author_fixed_in_sql[];
extern const char quiz_author_bank_sql[];

/* ---- author_pages.c ---- */
int quiz_author_list_page(struct req *r);
int quiz_author_new_page(struct req *r);
int quiz_author_new_submit(struct req *r);
int quiz_author_show_page(struct req *r);
int quiz_author_edit_page(struct req *r);
int quiz_author_edit_submit(struct req *r);
int quiz_author_publish_submit(struct req *r);
int quiz_author_unpublish_submit(struct req *r);
int quiz_author_delete_page(struct req *r);
int quiz_author_delete_submit(struct req *r);
int quiz_author_slot_add_submit(struct req *r);
int quiz_author_random_add_submit(struct req *r);
int quiz_author_slot_mark_submit(struct req *r);
int quiz_author_slot_move_submit(struct req *r);
int quiz_author_slot_remove_submit(struct req *r);

/* ---- author_api.c ---- */
int quiz_author_api_list(struct req *r);
int quiz_author_api_create(struct req *r);
int quiz_author_api_get(struct req *r);
int quiz_author_api_patch(struct req *r);
int quiz_author_api_delete(struct req *r);
int quiz_author_api_slot_add(struct req *r);
int quiz_author_api_slot_patch(struct req *r);
int quiz_author_api_slot_delete(struct req *r);

#endif
