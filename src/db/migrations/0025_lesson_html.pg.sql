-- A lesson's text as HTML, rendered from its Markdown when the text is
-- written (issue 15) rather than on every request. NULL means "not rendered
-- yet": the catalog renders such rows when it starts (catalog_lessons_render)
-- and the lesson page renders one on the fly if it meets it. A change of the
-- body that does not also write body_html clears it, so that stale HTML is
-- never shown, whoever wrote the row.
ALTER TABLE lessons ADD COLUMN body_html TEXT;
ALTER TABLE lesson_i18n ADD COLUMN body_html TEXT;
-- the rows still to render: few or none, so start-up finds them at once
CREATE INDEX lessons_html_todo ON lessons(id) WHERE body_html IS NULL;
CREATE INDEX lesson_i18n_html_todo ON lesson_i18n(lesson_id, lang) WHERE body_html IS NULL;

CREATE FUNCTION lesson_body_html_clear() RETURNS trigger AS $$
BEGIN
    IF NEW.body IS DISTINCT FROM OLD.body AND NEW.body_html IS NOT DISTINCT FROM OLD.body_html THEN
        NEW.body_html := NULL;
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER lessons_body_html BEFORE UPDATE OF body ON lessons
FOR EACH ROW EXECUTE FUNCTION lesson_body_html_clear();
CREATE TRIGGER lesson_i18n_body_html BEFORE UPDATE OF body ON lesson_i18n
FOR EACH ROW EXECUTE FUNCTION lesson_body_html_clear();
