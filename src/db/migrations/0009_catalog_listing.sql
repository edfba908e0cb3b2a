-- The catalogue lists published courses newest first, twenty at a time, and
-- counts them with the same filters. These indexes let both walk an index
-- instead of sorting or reading every course (issue 6: a page on a large
-- database costs what it costs on a small one).
CREATE INDEX courses_catalogue ON courses(status, published_at DESC, id DESC);
CREATE INDEX courses_catalogue_count
    ON courses(status, deleted_at, topic, language, delivery, centre_id);
