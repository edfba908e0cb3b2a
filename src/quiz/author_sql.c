/*
 * Queries of quiz authoring (author.c): writing a quiz's settings, its
 * status and deletion, its slots (added at the end, marks, positions swapped,
 * removed with the later ones closing up), and the totals of a course's list.
 */
#include "core/base.h"
#include "quiz/author_int.h"

/* a fixed slot counts while its question is live; a random slot always */
#define LIVE_SLOTS                                                                            \
    " FROM quiz_slots s LEFT JOIN quiz_questions q ON q.id = s.question_id"                   \
    " WHERE s.quiz_id = z.id AND (s.question_id IS NULL OR q.deleted_at IS NULL)"

/* args: course, title, intro, time limit (NULL: none), attempts, pass mark, shuffle
 * questions, shuffle answers, review, required, status, created by, created, updated */
const char quiz_author_insert_sql[] =
    "INSERT INTO quizzes (course_id, title, intro, time_limit, attempts_allowed, pass_mark,"
    " shuffle_questions, shuffle_answers, review, required, status, created_by, created_at,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
/* args: the same from title to status, updated, id */
const char quiz_author_update_sql[] =
    "UPDATE quizzes SET title = ?, intro = ?, time_limit = ?, attempts_allowed = ?,"
    " pass_mark = ?, shuffle_questions = ?, shuffle_answers = ?, review = ?, required = ?,"
    " status = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL";
/* args: status, updated, id */
const char quiz_author_status_sql[] =
    "UPDATE quizzes SET status = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL";
/* args: deleted, updated, id */
const char quiz_author_delete_sql[] =
    "UPDATE quizzes SET deleted_at = ?, updated_at = ? WHERE id = ? AND deleted_at IS NULL";
const char quiz_author_attempts_sql[] = "SELECT COUNT(*) FROM quiz_attempts WHERE quiz_id = ?";
/* each live quiz of a course: id, questions an attempt gets, most marks (a description is
 * worth none, as in an attempt), attempts */
const char quiz_author_totals_sql[] =
    "SELECT z.id, (SELECT COALESCE(SUM(s.pick), 0)" LIVE_SLOTS "),"
    " (SELECT COALESCE(SUM(CASE WHEN q.type = 'description' THEN 0 ELSE s.pick * s.mark END),"
    " 0)" LIVE_SLOTS "),"
    " (SELECT COUNT(*) FROM quiz_attempts a WHERE a.quiz_id = z.id)"
    " FROM quizzes z WHERE z.course_id = ? AND z.deleted_at IS NULL ORDER BY z.id";

/* at the end; args: quiz, quiz, question (NULL: random), category (NULL: fixed), pick, mark,
 * created, updated */
const char quiz_author_slot_insert_sql[] =
    "INSERT INTO quiz_slots (quiz_id, position, question_id, category, pick, mark, created_at,"
    " updated_at) VALUES (?, (SELECT COALESCE(MAX(position), 0) + 1 FROM quiz_slots"
    " WHERE quiz_id = ?), ?, ?, ?, ?, ?, ?) RETURNING id";
/* args: mark, updated, slot, quiz */
const char quiz_author_slot_mark_sql[] =
    "UPDATE quiz_slots SET mark = ?, updated_at = ? WHERE id = ? AND quiz_id = ?";
/* args: position, updated, slot, quiz */
const char quiz_author_slot_pos_sql[] =
    "UPDATE quiz_slots SET position = ?, updated_at = ? WHERE id = ? AND quiz_id = ?";
/* args: slot, quiz */
const char quiz_author_slot_delete_sql[] = "DELETE FROM quiz_slots WHERE id = ? AND quiz_id = ?";
/* the slots after a removed one move up; args: updated, quiz, its position */
const char quiz_author_slot_close_sql[] =
    "UPDATE quiz_slots SET position = position - 1, updated_at = ? WHERE quiz_id = ?"
    " AND position > ?";
/* live questions of a category that are fixed slots of a quiz; args: quiz, category */
const char quiz_author_fixed_in_sql[] =
    "SELECT COUNT(*) FROM quiz_slots s JOIN quiz_questions q ON q.id = s.question_id"
    " WHERE s.quiz_id = ? AND q.category = ? AND q.deleted_at IS NULL";
/* the bank for the add-question select: id, category, name, type, the text's start */
const char quiz_author_bank_sql[] =
    "SELECT id, category, name, type, SUBSTR(text, 1, 100) FROM quiz_questions"
    " WHERE course_id = ? AND deleted_at IS NULL ORDER BY category, id";
