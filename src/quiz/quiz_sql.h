/* The SQL texts of quiz_sql.c (the lead's shared reads and writes). */
#ifndef DARS_QUIZ_QUIZ_SQL_H
#define DARS_QUIZ_QUIZ_SQL_H

extern const char quiz_question_get_sql[];
extern const char quiz_answers_of_sql[];
extern const char quiz_question_page_sql[];
extern const char quiz_question_page_answers_sql[];
extern const char quiz_question_insert_sql[];
extern const char quiz_question_update_sql[];
extern const char quiz_question_retire_sql[];
extern const char quiz_question_used_sql[];
extern const char quiz_answer_insert_sql[];
extern const char quiz_answers_delete_sql[];
extern const char quiz_slots_repoint_sql[];
extern const char quiz_slots_drop_sql[];
extern const char quiz_categories_sql[];
extern const char quiz_get_sql[];
extern const char quiz_list_sql[];
extern const char quiz_slots_sql[];
extern const char quiz_completion_sql[];
extern const char quiz_attempt_get_sql[];
extern const char quiz_attempt_items_sql[];
extern const char quiz_attempt_answers_sql[];
extern const char quiz_attempt_total_sql[];
extern const char quiz_item_grade_sql[];

/* Row readers shared by question.c and attempt.c (question.c). */
struct db_stmt;
struct arena;
struct quiz_question;
/* Columns col.. of QUESTION_COLS into *q (answers not set). */
void quiz_row_question(struct db_stmt *st, struct arena *a, int col, struct quiz_question *q);
/* Step through the started st (ANSWER_COLS rows ordered by question id), giving each
 * question *qs[0..n) its answers. Gives st back. */
int quiz_attach_answers(struct db_stmt *st, struct arena *a, struct quiz_question **qs, size_t n);

#endif
