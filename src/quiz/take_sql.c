/*
 * The SQL of taking a quiz: a learner's attempts, drawing the questions,
 * saving answers against the deadline, grading and submitting.
 */
#include "core/base.h"
#include "quiz/take_int.h"

/* args: quiz id, user id */
const char take_user_attempts_sql[] =
    "SELECT id, number, state, started_at, COALESCE(deadline_at, ''), "
    "COALESCE(submitted_at, ''), score, max_score, needs_grading, "
    "COALESCE(passed, 0) "
    "FROM quiz_attempts WHERE quiz_id = ? AND user_id = ? ORDER BY number";

/* The live bank of a course with each question's answers in their order. args:
 * course id */
const char take_bank_sql[] =
    "SELECT q.id, q.type, q.category, a.id FROM quiz_questions q "
    "LEFT JOIN quiz_answers a ON a.question_id = q.id "
    "WHERE q.course_id = ? AND q.deleted_at IS NULL ORDER BY q.id, a.position, "
    "a.id";

/* args: quiz, user, number, started_at, deadline_at, max_score, created_at,
 * updated_at */
const char take_attempt_insert_sql[] =
    "INSERT INTO quiz_attempts (quiz_id, user_id, number, state, started_at, "
    "deadline_at, "
    "max_score, needs_grading, created_at, updated_at) "
    "VALUES (?, ?, ?, 'open', ?, ?, ?, 0, ?, ?) RETURNING id";

/* args: attempt, position, question, mark, answer_order, created_at, updated_at
 */
const char take_item_insert_sql[] =
    "INSERT INTO quiz_attempt_items (attempt_id, position, question_id, mark, "
    "answer_order, "
    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)";

/*
 * Before an answer is saved: the attempt must be open and its deadline
 * later than now, kept by the statement itself so that no answer saved after
 * it can count. It also holds the attempt's row until the transaction ends,
 * so a submission that crosses the save either waits for it (and grades the
 * answer) or comes first (and this matches nothing).
 * args: updated_at, attempt, now
 */
const char take_attempt_hold_sql[] =
    "UPDATE quiz_attempts SET updated_at = ? WHERE id = ? AND state = 'open' "
    "AND (deadline_at IS NULL OR deadline_at > CAST(? AS TEXT))";

/* after take_attempt_hold_sql. args: response, saved_at, updated_at, attempt, position */
const char take_answer_save_sql[] =
    "UPDATE quiz_attempt_items SET response = ?, saved_at = ?, updated_at = ? "
    "WHERE attempt_id = ? AND position = ?";

/* args: fraction (NULL: a person grades it), updated_at, item id */
const char take_item_grade_sql[] =
    "UPDATE quiz_attempt_items SET fraction = ?, updated_at = ? WHERE id = ?";

/* args: submitted_at, updated_at, attempt id */
const char take_attempt_submit_sql[] =
    "UPDATE quiz_attempts SET state = 'submitted', submitted_at = ?, "
    "updated_at = ? "
    "WHERE id = ? AND state = 'open'";

/* Open attempts of a quiz past their deadline. args: quiz id, now */
const char take_expired_sql[] =
    "SELECT id, quiz_id FROM quiz_attempts WHERE quiz_id = ? AND state = 'open' "
    "AND deadline_at IS NOT NULL AND deadline_at <= CAST(? AS TEXT) ORDER BY id";

/* The same for every quiz of a course. args: course id, now */
const char take_expired_course_sql[] =
    "SELECT a.id, a.quiz_id FROM quiz_attempts a JOIN quizzes q ON q.id = a.quiz_id "
    "WHERE q.course_id = ? AND q.deleted_at IS NULL AND a.state = 'open' "
    "AND a.deadline_at IS NOT NULL AND a.deadline_at <= CAST(? AS TEXT) "
    "ORDER BY a.quiz_id, a.id";

/*
 * The published quizzes of a course with the user's standing in each: how
 * many questions (a random slot counts its picks), attempts started, the
 * best submitted score and whether any attempt passed.
 * args: user id, user id, course id
 */
const char take_course_quizzes_sql[] =
    "SELECT q.id, q.title, COALESCE(q.time_limit, 0), q.attempts_allowed, "
    "(SELECT COALESCE(SUM(CASE WHEN s.question_id IS NULL THEN s.pick ELSE 1 "
    "END), 0) "
    " FROM quiz_slots s LEFT JOIN quiz_questions qq ON qq.id = s.question_id "
    " WHERE s.quiz_id = q.id AND (s.question_id IS NULL OR qq.deleted_at IS "
    "NULL)), "
    "(SELECT COUNT(*) FROM quiz_attempts a WHERE a.quiz_id = q.id AND "
    "a.user_id = ?), "
    "b.best, b.best_max, COALESCE(b.passed, 0) "
    "FROM quizzes q LEFT JOIN (SELECT a.quiz_id, MAX(a.score) AS best, "
    "MAX(a.max_score) "
    " AS best_max, MAX(a.passed) AS passed FROM quiz_attempts a WHERE "
    "a.user_id = ? "
    " AND a.state = 'submitted' GROUP BY a.quiz_id) b ON b.quiz_id = q.id "
    "WHERE q.course_id = ? AND q.status = 'published' AND q.deleted_at IS NULL "
    "ORDER BY q.id";
