-- Full-text search over courses, PostgreSQL form of 0004_catalog_search.sql:
-- the same folded words, indexed with the 'simple' configuration (no
-- stemming, no stop words) so results match SQLite's FTS5.
CREATE TABLE course_search (
    rowid BIGINT PRIMARY KEY,
    body TEXT NOT NULL,
    tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED
);

CREATE INDEX course_search_tsv ON course_search USING gin (tsv);
