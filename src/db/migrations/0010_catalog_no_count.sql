-- The catalogue no longer counts its courses (a count reads every one, so it
-- grows with the data); the index made for that count goes.
DROP INDEX IF EXISTS courses_catalogue_count;
