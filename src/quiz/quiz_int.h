/*
 * What the quiz module's files share: the model as read from the database,
 * the reads every page needs, grading, and the handlers of each route table.
 *
 * Credit is an integer in units of 1/QUIZ_UNIT: a fraction of one answer
 * (-QUIZ_UNIT .. QUIZ_UNIT) and a score in marks (sum of fraction * mark).
 * Show a fraction f as f / (double)QUIZ_UNIT.
 *
 * A response, as stored in quiz_attempt_items.response and as the attempt
 * API takes it (quiz_response_parse() turns the API's JSON into it):
 *   single, truefalse   the chosen answer's id, "123"
 *   multiple            the chosen answer ids, ascending, "123,125"
 *   short, numerical    the text typed
 *   essay               the text written
 *   matching            a JSON object {"<stem answer id>": "<chosen right-hand text>"}
 *   description         none
 */
#ifndef DARS_QUIZ_QUIZ_INT_H
#define DARS_QUIZ_QUIZ_INT_H

#include "quiz/quiz.h"
#include "quiz/gift.h"
#include "catalog/catalog.h"

#include <jansson.h>

#define QUIZ_UNIT 10000000
/* rows per page of the HTML lists */
#define QUIZ_PAGE_SIZE 50
/* most questions one GIFT import may hold, and most bytes */
#define QUIZ_IMPORT_MAX_QUESTIONS 5000
#define QUIZ_IMPORT_MAX_BYTES (4 * 1024 * 1024)

/* The question types, in the order forms offer them; NULL-terminated. */
extern const char *const quiz_types[];
bool quiz_type_ok(const char *type);
/* The type's name for people, an N_() msgid ("Multiple choice, one answer"). */
const char *quiz_type_label(const char *type);

/* One answer of a question; strings from the arena, NULL when absent. */
struct quiz_answer {
    int64_t id;
    const char *text;     /* NULL for numerical */
    const char *match;    /* matching: the right-hand side; NULL otherwise */
    const char *feedback; /* NULL when none */
    int64_t fraction;     /* -QUIZ_UNIT .. QUIZ_UNIT */
    double value, tolerance; /* numerical; text "*" is the catch-all for any other answer */
    const char *format, *feedback_format; /* their own formats; NULL: the question's */
};

/* A question of a course's bank with its answers in their order. */
struct quiz_question {
    int64_t id, course_id;
    const char *type, *name, *text, *format, *category, *general_feedback; /* never NULL */
    const char *general_feedback_format; /* NULL: the question's format */
    bool case_sensitive;                 /* short: "Baku" is not "baku" */
    struct quiz_answer *answers;
    size_t nanswers;
    const char *created_at, *updated_at;
};

/* ---- question.c: the bank ---- */

/* A live question of course_id with its answers (two statements); DARS_ENOTFOUND. */
int quiz_question_get(struct db *db, struct arena *a, int64_t course_id, int64_t id,
                      struct quiz_question *out /* OUT */);
/*
 * Check q as a question of its type (q->id, q->course_id and answer ids are
 * ignored): field errors into errors (may be NULL) as API paths ("text",
 * "answers", "answers[2].fraction"), untranslated. DARS_EINVALID or 0.
 */
int quiz_question_check(const struct quiz_question *q, json_t *errors);
/*
 * Check and write q into course_id's bank, audited, inside the caller's
 * transaction. old NULL: create (*id gets the new id). Otherwise q replaces
 * old: in place while no attempt has used old, else as a new question that
 * takes old's places in quizzes (attempts keep what they were asked); *id
 * gets the id the question has now. DARS_EINVALID with errors.
 */
int quiz_question_write(struct db *db, struct arena *a, const struct actor *who,
                        int64_t course_id, const struct quiz_question *old,
                        const struct quiz_question *q, json_t *errors, int64_t *id /* OUT */);
/* Delete (mark deleted) a question, audited; quizzes drop its slots. */
int quiz_question_delete(struct db *db, struct arena *a, const struct actor *who,
                         const struct quiz_question *q);
/* The course's categories in order, with how many live questions each holds. */
struct quiz_category {
    const char *path;
    int64_t questions;
};
int quiz_categories(struct db *db, struct arena *a, int64_t course_id,
                    struct quiz_category **out /* OUT */, size_t *n /* OUT */);
/*
 * A page of course_id's bank ordered by id: questions with id greater than
 * after, in category (NULL: all), at most limit (each with its answers). Two
 * statements.
 */
int quiz_question_list(struct db *db, struct arena *a, int64_t course_id, const char *category,
                       int64_t after, int64_t limit, struct quiz_question **out /* OUT */,
                       size_t *n /* OUT */);
/* The whole bank (or one category) as GIFT text. */
int quiz_export_gift(struct db *db, struct arena *a, int64_t course_id, const char *category,
                     struct buf *out);
/*
 * A question's (or feedback's) text as HTML safe to put in a page, by its
 * format: markdown through the catalog's safe renderer; html through the
 * sanitiser (view/sanitize.h: a few bare tags survive); moodle, Moodle's own,
 * the same with line breaks kept; plain escaped with line breaks. *out from
 * the arena. DARS_ERR only when the Markdown renderer fails.
 */
int quiz_text_html(struct arena *a, const char *text, const char *format,
                   const char **out /* OUT */);
/* Between the bank's model and GIFT's (strings shared, not copied). */
void quiz_from_gift(struct arena *a, const struct gift_question *g, struct quiz_question *q);
/*
 * Parse GIFT text and check it as the bank would: *gq and *qs (nq of each)
 * get the questions as parsed and as the bank holds them, *errs (nerr) the
 * parser's errors, quiz_question_check()'s first problem of each question
 * and questions beyond QUIZ_IMPORT_MAX_QUESTIONS, in line order (reasons are
 * N_() msgids). DARS_EINVALID when there is any error; the questions are
 * given either way, for a preview. The import, its page and its API's dry run.
 */
int quiz_gift_read(struct arena *a, const char *src, size_t len,
                   struct gift_question **gq /* OUT */, struct quiz_question **qs /* OUT */,
                   size_t *nq /* OUT */, struct gift_error **errs /* OUT */,
                   size_t *nerr /* OUT */);
/*
 * A question as the API shows it: id, type, name, text, format, category,
 * general_feedback, answers [{id, text, fraction, feedback, tolerance/value
 * for numerical, match for matching}].
 */
json_t *quiz_question_json(const struct quiz_question *q);
/*
 * A question from the API's JSON (the same fields; fraction as a number from
 * -1 to 1). Type errors go into errors as for quiz_question_check().
 */
int quiz_question_from_json(struct arena *a, json_t *body, struct quiz_question *q /* OUT */,
                            json_t *errors);

/* ---- quiz_read.c: quizzes and their slots ---- */

struct quiz {
    int64_t id, course_id;
    const char *course_code, *title, *intro;
    int64_t time_limit;       /* seconds; 0: none */
    int64_t attempts_allowed; /* 0: unlimited */
    int64_t pass_mark;        /* percent */
    bool shuffle_questions, shuffle_answers, required;
    const char *review;       /* after_submit | after_last_attempt | never */
    const char *status;       /* draft | published */
    const char *created_at, *updated_at;
};

/* A place in a quiz: a question, or `pick` random questions of a category. */
struct quiz_slot {
    int64_t id, position;
    int64_t question_id; /* 0 for a random pick */
    const char *question_name, *question_type, *question_text; /* "" for a random pick */
    const char *category; /* NULL for a fixed question */
    int64_t pick, mark;
};

/* A live quiz by id; DARS_ENOTFOUND. */
int quiz_get(struct db *db, struct arena *a, int64_t id, struct quiz *out /* OUT */);
/*
 * The live quiz of id and its course, which the request's user must manage:
 * DARS_ENOTFOUND for no such quiz (id 0 too), DARS_EDENIED when they may not.
 */
int quiz_get_managed(struct req *r, int64_t id, struct quiz *q /* OUT */,
                     struct catalog_course *c /* OUT */);
/* The slots of a quiz in order (one statement); questions deleted from the bank are left out. */
int quiz_slots(struct db *db, struct arena *a, int64_t quiz_id, struct quiz_slot **out /* OUT */,
               size_t *n /* OUT */);
/* The live quizzes of a course by id; published_only for learners. */
int quiz_list(struct db *db, struct arena *a, int64_t course_id, bool published_only,
              struct quiz **out /* OUT */, size_t *n /* OUT */);
/* The most marks an attempt can score: the sum of mark * pick over the slots. */
int64_t quiz_max_marks(const struct quiz_slot *s, size_t n);
json_t *quiz_json(const struct quiz *q);

/* ---- attempt.c: attempts as read, and their totals ---- */

struct quiz_item {
    int64_t id, position, mark;
    struct quiz_question q;   /* the question as it was asked */
    int64_t *order;           /* answer ids as shown */
    size_t norder;
    const char *response;     /* NULL: not answered */
    const char *saved_at;     /* "" when never */
    bool graded;              /* fraction is set */
    int64_t fraction;
    const char *comment;      /* the grader's, "" when none */
};

struct quiz_attempt {
    int64_t id, quiz_id, user_id, number;
    const char *user_email, *user_name;
    const char *state;        /* open | submitted */
    const char *started_at, *deadline_at, *submitted_at; /* "" when not set */
    bool graded;              /* score is set */
    int64_t score, max_score; /* QUIZ_UNIT marks */
    bool needs_grading, passed;
    struct quiz_item *items;
    size_t nitems;
};

/* An attempt with its items, questions and answers (three statements); DARS_ENOTFOUND. */
int quiz_attempt_get(struct db *db, struct arena *a, int64_t id, struct quiz_attempt *out /* OUT */);
/* The item of at asked at position (1-based); NULL when there is none. */
struct quiz_item *quiz_attempt_item(const struct quiz_attempt *at, int64_t position);
/* Whether the attempt's deadline has passed at now (ISO-8601 UTC). */
bool quiz_attempt_expired(const struct quiz_attempt *at, const char *now);
/*
 * Add up a submitted attempt's items into its score, passed and
 * needs_grading, write them, and let the enrol module look at the course's
 * completion again; inside the caller's transaction.
 */
int quiz_attempt_total(struct db *db, struct arena *a, const struct actor *who,
                       const struct quiz *qz, struct quiz_attempt *at);
/* percent of the attempt's score, 0-100 (0 when the quiz is worth nothing) */
double quiz_attempt_percent(const struct quiz_attempt *at);
/* A score, fraction or percent as people read it: at most two decimals, no trailing zeros. */
const char *quiz_num_text(struct arena *a, double v);
/* v rounded to two decimals, for the API */
double quiz_round2(double v);
/* A duration of s seconds (s >= 0) as a clock reads it: "1:05:09", "14:03". */
const char *quiz_clock_text(struct arena *a, int64_t s);

/* ---- grade.c: automatic grading (no database) ---- */

/*
 * A number as people type it, in an answer, a credit or a mark: "3.14",
 * "3,14" (the decimal comma of ru, az and uz), " -2 ", "1e3". False unless
 * the whole (trimmed) text is one finite number in plain digits.
 */
bool quiz_number_parse(struct arena *a, const char *s, double *out /* OUT */);
/*
 * The next id of a stored list of ids ("12,15": a multiple-choice response,
 * an answer order) at *p, moving *p past it; false at the end.
 *     for (const char *p = list; quiz_ids_next(&p, &id);) ...
 */
bool quiz_ids_next(const char **p, int64_t *id /* OUT */);
/* The answer of q with this id; NULL when it has none. */
const struct quiz_answer *quiz_answer_by_id(const struct quiz_question *q, int64_t id);

/*
 * Grade response (NULL: not answered) to q: *fraction gets the credit,
 * -QUIZ_UNIT .. QUIZ_UNIT. Returns false when a person must grade it (an
 * answered essay); an unanswered question earns 0, a description 0.
 *   single, truefalse: the chosen answer's fraction (may be negative)
 *   multiple: the sum of the chosen answers' fractions, kept within 0 .. 1
 *   short: the best fraction among accepted answers equal to the response
 *          after NFC, case folding (unless case_sensitive) and trimming ('*'
 *          in an answer matches any text)
 *   numerical: the best fraction among answers whose value +- tolerance
 *          holds the number (a decimal comma is accepted)
 *   matching: the share of stems matched to their own right-hand side
 */
bool quiz_grade(struct arena *a, const struct quiz_question *q, const char *response,
                int64_t *fraction /* OUT */);
/* The answer whose feedback applies to a response (single, truefalse, short, numerical); NULL. */
const struct quiz_answer *quiz_response_answer(struct arena *a, const struct quiz_question *q,
                                               const char *response);
/*
 * A response from the attempt API's JSON value (an id number, an array of
 * ids, a string, an object for matching, true/false for truefalse, null to
 * clear): *out gets its stored form, NULL to clear. DARS_EINVALID with a
 * reason (N_() msgid) when the value does not fit the question.
 */
int quiz_response_parse(struct arena *a, const struct quiz_question *q, json_t *v,
                        const char **out /* OUT */, const char **why /* OUT */);
/* The stored response back as the API's JSON value (json_null() when none). */
json_t *quiz_response_json(const struct quiz_question *q, const char *response);

/* ---- stats.c: item analysis (no database) ---- */

/*
 * Facility and discrimination of each of nq questions over na attempts:
 * score[i * nq + j] is attempt i's fraction of question j (0..1), or < 0
 * when attempt i did not get question j. facility[j] is the mean score in
 * percent; discrimination[j] the correlation (percent, -100..100) of the
 * question's score with the rest of the attempt's, NAN when it cannot be
 * computed (fewer than two attempts, or no spread).
 */
void quiz_item_analysis(const double *score, size_t na, size_t nq, double *facility /* OUT */,
                        double *discrimination /* OUT */);

#endif
