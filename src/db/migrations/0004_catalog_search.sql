-- Full-text search over courses (SQLite FTS5; 0004_catalog_search.pg.sql is
-- the PostgreSQL form). One document per course: its titles, summaries and
-- lesson text in every language, already folded by Dars (case, accents,
-- NFC) and cut into words separated by single spaces, so that both engines
-- see the same words and answer the same query the same way. rowid is the
-- course id.
CREATE VIRTUAL TABLE course_search USING fts5(body, tokenize = 'unicode61 remove_diacritics 0');
