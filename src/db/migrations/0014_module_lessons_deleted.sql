-- Deleting a module now deletes its lessons with it (the same deleted_at).
-- Modules deleted before that left their lessons live, and the catalogue's
-- lesson count, which reads lessons alone, still counted them.
UPDATE lessons
SET deleted_at = (SELECT m.deleted_at FROM course_modules m WHERE m.id = lessons.module_id),
    updated_at = (SELECT m.deleted_at FROM course_modules m WHERE m.id = lessons.module_id)
WHERE deleted_at IS NULL
  AND module_id IN (SELECT id FROM course_modules WHERE deleted_at IS NOT NULL);
