/*
 * The queries of the results pages: attempts of a quiz, essay grading,
 * item statistics and the gradebook. Enrolled learners come from enrol.h's
 * derived table, names and e-mails from accounts.h's, as the enrol module's
 * lists read them.
 */
#include "core/base.h"
#include "quiz/results_int.h"
#include "accounts/accounts.h"
#include "enrol/enrol.h"

/* an attempt as the results list and the API show it */
#define ATTEMPT_COLUMNS                                                                       \
    "SELECT a.id, u.email, u.full_name, a.number, a.state, a.started_at,"                     \
    " COALESCE(a.deadline_at, ''), COALESCE(a.submitted_at, ''), a.score, a.max_score,"        \
    " a.needs_grading, a.passed FROM quiz_attempts a"                                         \
    " JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = a.user_id"

/* args: quiz id, 1 for those needing grading only (else 0) */
#define ATTEMPT_FILTER                                                                        \
    " WHERE a.quiz_id = ? AND (CAST(? AS BIGINT) = 0"                                         \
    " OR (a.state = 'submitted' AND a.needs_grading = 1))"

const char results_attempts_count_sql[] =
    "SELECT COUNT(*) FROM quiz_attempts a" ATTEMPT_FILTER;
/* newest first; then limit, offset */
const char results_attempts_page_sql[] =
    ATTEMPT_COLUMNS ATTEMPT_FILTER
    " ORDER BY COALESCE(a.submitted_at, a.started_at) DESC, a.id DESC LIMIT ? OFFSET ?";
/* args: quiz id, after id, limit */
const char results_attempts_after_sql[] =
    ATTEMPT_COLUMNS " WHERE a.quiz_id = ? AND a.id > ? ORDER BY a.id LIMIT ?";

/* who graded each item of an attempt by hand ('' when it was graded automatically) */
const char results_item_graders_sql[] =
    "SELECT i.position, COALESCE(u.email, ''), COALESCE(i.graded_at, '') FROM quiz_attempt_items i"
    " LEFT JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = i.graded_by WHERE i.attempt_id = ?"
    " ORDER BY i.position";

/* args: fraction, comment, grader, graded_at, updated_at, attempt id, position */
const char results_item_grade_sql[] =
    "UPDATE quiz_attempt_items SET fraction = ?, comment = ?, graded_by = ?, graded_at = ?,"
    " updated_at = ? WHERE attempt_id = ? AND position = ?";

/* the items of a quiz's submitted attempts (arg: quiz id) */
#define SUBMITTED_ITEMS                                                                       \
    " FROM quiz_attempt_items i JOIN quiz_attempts a ON a.id = i.attempt_id"                  \
    " WHERE a.quiz_id = ? AND a.state = 'submitted'"

const char results_stats_items_sql[] =
    "SELECT i.attempt_id, i.question_id, i.fraction, i.mark, i.response" SUBMITTED_ITEMS
    " ORDER BY i.attempt_id, i.position";
/* the questions those items asked, in the order they first came */
const char results_stats_questions_sql[] =
    "SELECT q.id, q.name, q.type, MIN(i.position) AS pos FROM quiz_questions q"
    " JOIN quiz_attempt_items i ON i.question_id = q.id"
    " JOIN quiz_attempts a ON a.id = i.attempt_id"
    " WHERE a.quiz_id = ? AND a.state = 'submitted'"
    " GROUP BY q.id, q.name, q.type ORDER BY pos, q.id";
const char results_stats_answers_sql[] =
    "SELECT an.id, an.question_id, COALESCE(an.text, ''), an.fraction FROM quiz_answers an"
    " WHERE an.question_id IN (SELECT i.question_id" SUBMITTED_ITEMS ")"
    " ORDER BY an.question_id, an.position";

/* the most marks of each live quiz of a course, a description worth none as in an attempt
 * (arg: course id) */
const char results_book_max_sql[] =
    "SELECT s.quiz_id, SUM(s.mark * s.pick) FROM quiz_slots s JOIN quizzes q ON q.id = s.quiz_id"
    " LEFT JOIN quiz_questions qq ON qq.id = s.question_id"
    " WHERE q.course_id = ? AND q.deleted_at IS NULL"
    " AND (s.question_id IS NULL OR (qq.deleted_at IS NULL AND qq.type <> 'description'))"
    " GROUP BY s.quiz_id";

/* a course's learners (active or completed); arg: course id */
#define LEARNERS_FROM                                                                         \
    " FROM " ENROL_ENROLMENTS_SQL " e JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = e.user_id"     \
    " WHERE e.course_id = ? AND e.status IN ('active', 'completed')"
#define LEARNERS_COLUMNS "SELECT e.id, e.user_id, u.email, u.full_name, e.status"

/* the submitted attempts at a course's published quizzes (arg: course id) of these users */
#define BOOK_ATTEMPTS                                                                         \
    "SELECT a.user_id, a.quiz_id, a.score, a.max_score, a.needs_grading, a.passed"            \
    " FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id"                                \
    " WHERE q.course_id = ? AND q.status = 'published' AND q.deleted_at IS NULL"              \
    " AND a.state = 'submitted' AND a.user_id IN "

const char results_book_count_sql[] = "SELECT COUNT(*)" LEARNERS_FROM;
/* by name; args: course, limit, offset */
const char results_book_page_sql[] =
    LEARNERS_COLUMNS LEARNERS_FROM " ORDER BY u.full_name, e.id LIMIT ? OFFSET ?";
/* args: course, then the page's: course, limit, offset */
const char results_book_page_attempts_sql[] =
    BOOK_ATTEMPTS "(SELECT e.user_id" LEARNERS_FROM " ORDER BY u.full_name, e.id LIMIT ? OFFSET ?)";
const char results_book_all_sql[] = LEARNERS_COLUMNS LEARNERS_FROM " ORDER BY u.full_name, e.id";
/* args: course, course */
const char results_book_all_attempts_sql[] = BOOK_ATTEMPTS "(SELECT e.user_id" LEARNERS_FROM ")";
/* by enrolment id for the API; args: course, after, limit */
const char results_book_after_sql[] =
    LEARNERS_COLUMNS LEARNERS_FROM " AND e.id > ? ORDER BY e.id LIMIT ?";
/* args: course, then course, after, limit */
const char results_book_after_attempts_sql[] =
    BOOK_ATTEMPTS "(SELECT e.user_id" LEARNERS_FROM " AND e.id > ? ORDER BY e.id LIMIT ?)";
