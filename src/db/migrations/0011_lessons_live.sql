-- Lists count each course's live lessons. With only lessons(course_id) to go
-- by, the count read every lesson row, body and all, to see deleted_at: 1.5 MB
-- for a page of fifty courses. This index answers the count by itself and
-- replaces the narrower one.
CREATE INDEX lessons_course_live ON lessons(course_id, deleted_at, module_id);
DROP INDEX IF EXISTS lessons_course;
