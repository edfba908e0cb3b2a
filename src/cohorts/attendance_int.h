/* What the attendance files share: their SQL texts and handlers (routes in attendance.c). */
#ifndef DARS_COHORTS_ATTENDANCE_INT_H
#define DARS_COHORTS_ATTENDANCE_INT_H

#include "cohorts/cohorts.h"

/* attendance_sql.c */
extern const char attendance_session_sql[];
extern const char attendance_cohort_sql[];
extern const char attendance_roll_sql[];
extern const char attendance_roll_api_sql[];
extern const char attendance_learner_sql[];
extern const char attendance_upsert_sql[];
extern const char attendance_mark_all_sql[];
extern const char attendance_courses_sql[];
extern const char attendance_sessions_sql[];
extern const char attendance_marks_sql[];
extern const char attendance_rule_sql[];

/* longest note a mark may carry, in characters (code points) */
#define ATTENDANCE_NOTE_MAX 500

#endif
