/* The SQL of the bank, quiz and attempt reads and of the shared writes (quiz_int.h). */
#include "core/base.h"
#include "quiz/quiz_sql.h"

#include "accounts/accounts.h"
#include "catalog/catalog.h"

#define QUESTION_COLS                                                                           \
    "q.id, q.course_id, q.type, q.name, q.text, q.format, q.category, q.general_feedback, "    \
    "q.created_at, q.updated_at, q.general_feedback_format, q.case_sensitive"
#define ANSWER_COLS                                                                             \
    "a.id, a.question_id, a.text, a.match_text, a.feedback, a.fraction, a.num_value, "          \
    "a.num_tolerance, a.text_format, a.feedback_format"
/* a page of a course's bank: course, category (NULL: all) twice, after id, limit */
#define QUESTION_PAGE                                                                           \
    "FROM quiz_questions q WHERE q.course_id = ? AND q.deleted_at IS NULL "                     \
    "AND (CAST(? AS TEXT) IS NULL OR q.category = ?) AND q.id > ? ORDER BY q.id LIMIT ?"

const char quiz_question_get_sql[] =
    "SELECT " QUESTION_COLS " FROM quiz_questions q "
    "WHERE q.id = ? AND q.course_id = ? AND q.deleted_at IS NULL";
const char quiz_answers_of_sql[] =
    "SELECT " ANSWER_COLS " FROM quiz_answers a WHERE a.question_id = ? ORDER BY a.position";
const char quiz_question_page_sql[] = "SELECT " QUESTION_COLS " " QUESTION_PAGE;
const char quiz_question_page_answers_sql[] =
    "SELECT " ANSWER_COLS " FROM quiz_answers a WHERE a.question_id IN "
    "(SELECT q.id " QUESTION_PAGE ") ORDER BY a.question_id, a.position";
const char quiz_question_insert_sql[] =
    "INSERT INTO quiz_questions (course_id, category, type, name, text, format, "
    "general_feedback, general_feedback_format, case_sensitive, previous_id, created_by, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
const char quiz_question_update_sql[] =
    "UPDATE quiz_questions SET category = ?, type = ?, name = ?, text = ?, format = ?, "
    "general_feedback = ?, general_feedback_format = ?, case_sensitive = ?, updated_at = ? "
    "WHERE id = ? AND deleted_at IS NULL";
const char quiz_question_retire_sql[] =
    "UPDATE quiz_questions SET deleted_at = ?, updated_at = ? WHERE id = ? "
    "AND deleted_at IS NULL";
const char quiz_question_used_sql[] =
    "SELECT COUNT(*) FROM (SELECT 1 FROM quiz_attempt_items WHERE question_id = ? LIMIT 1) u";
const char quiz_answer_insert_sql[] =
    "INSERT INTO quiz_answers (question_id, position, text, match_text, feedback, fraction, "
    "num_value, num_tolerance, text_format, feedback_format, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
const char quiz_answers_delete_sql[] = "DELETE FROM quiz_answers WHERE question_id = ?";
const char quiz_slots_repoint_sql[] =
    "UPDATE quiz_slots SET question_id = ?, updated_at = ? WHERE question_id = ?";
const char quiz_slots_drop_sql[] = "DELETE FROM quiz_slots WHERE question_id = ?";
const char quiz_categories_sql[] =
    "SELECT category, COUNT(*) FROM quiz_questions WHERE course_id = ? AND deleted_at IS NULL "
    "GROUP BY category ORDER BY category";

#define QUIZ_COLS                                                                               \
    "z.id, z.course_id, c.code, z.title, z.intro, COALESCE(z.time_limit, 0), "                  \
    "z.attempts_allowed, z.pass_mark, z.shuffle_questions, z.shuffle_answers, z.review, "       \
    "z.required, z.status, z.created_at, z.updated_at FROM quizzes z JOIN "                     \
    CATALOG_COURSES_SQL " c ON c.id = z.course_id"

/* args: lang ('en': only the code is read), quiz id */
const char quiz_get_sql[] = "SELECT " QUIZ_COLS " WHERE z.id = ? AND z.deleted_at IS NULL";
/* args: lang, course id, published_only (0 | 1) */
const char quiz_list_sql[] =
    "SELECT " QUIZ_COLS " WHERE z.course_id = ? AND z.deleted_at IS NULL "
    "AND (z.status = 'published' OR ? = 0) ORDER BY z.id";
const char quiz_slots_sql[] =
    "SELECT s.id, s.position, COALESCE(s.question_id, 0), COALESCE(q.name, ''), "
    "COALESCE(q.type, ''), COALESCE(q.text, ''), s.category, s.pick, s.mark "
    "FROM quiz_slots s LEFT JOIN quiz_questions q ON q.id = s.question_id "
    "WHERE s.quiz_id = ? AND (s.question_id IS NULL OR q.deleted_at IS NULL) "
    "ORDER BY s.position, s.id";
/* args: user id, course id */
const char quiz_completion_sql[] =
    "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM quiz_attempts t "
    "WHERE t.quiz_id = z.id AND t.user_id = ? AND t.passed = 1) THEN 1 ELSE 0 END), 0) "
    "FROM quizzes z WHERE z.course_id = ? AND z.required = 1 AND z.status = 'published' "
    "AND z.deleted_at IS NULL";

/* The learner's name and address come from accounts' people view, as in the enrol module. */
const char quiz_attempt_get_sql[] =
    "SELECT t.id, t.quiz_id, t.user_id, t.number, u.email, u.full_name, t.state, t.started_at, "
    "COALESCE(t.deadline_at, ''), COALESCE(t.submitted_at, ''), t.score, t.max_score, "
    "t.needs_grading, COALESCE(t.passed, 0) FROM quiz_attempts t "
    "JOIN " ACCOUNTS_PEOPLE_SQL " u ON u.id = t.user_id WHERE t.id = ?";
const char quiz_attempt_items_sql[] =
    "SELECT i.id, i.position, i.mark, i.answer_order, i.response, COALESCE(i.saved_at, ''), "
    "i.fraction, i.comment, " QUESTION_COLS " FROM quiz_attempt_items i "
    "JOIN quiz_questions q ON q.id = i.question_id WHERE i.attempt_id = ? ORDER BY i.position";
const char quiz_attempt_answers_sql[] =
    "SELECT " ANSWER_COLS " FROM quiz_answers a WHERE a.question_id IN "
    "(SELECT question_id FROM quiz_attempt_items WHERE attempt_id = ?) "
    "ORDER BY a.question_id, a.position";
const char quiz_attempt_total_sql[] =
    "UPDATE quiz_attempts SET score = ?, needs_grading = ?, passed = ?, updated_at = ? "
    "WHERE id = ?";
/* the demo's instructor grading an essay: fraction, comment, now, now, item id */
const char quiz_item_grade_sql[] =
    "UPDATE quiz_attempt_items SET fraction = ?, comment = ?, graded_at = ?, updated_at = ? "
    "WHERE id = ?";
