-- Search folds the Vietnamese đ/Đ to d (issue 20; utf8_fold_search), as it
-- already folded every letter with a mark ("Nguyễn" -> "nguyen"), so that
-- "Duc" finds "Đức". Stored folded text is refolded the same way: it was
-- folded and case-folded already, so only a lower-case đ can remain, and
-- replacing it is exactly what the new fold would write. One text serves
-- both engines (FTS5 rewrites its index on UPDATE; PostgreSQL's tsvector is a
-- generated column).
UPDATE course_search SET body = replace(body, 'đ', 'd') WHERE body LIKE '%đ%';
UPDATE users SET search = replace(search, 'đ', 'd') WHERE search LIKE '%đ%';
UPDATE regions SET search = replace(search, 'đ', 'd') WHERE search LIKE '%đ%';
UPDATE centres SET search = replace(search, 'đ', 'd') WHERE search LIKE '%đ%';
UPDATE organisations SET search = replace(search, 'đ', 'd') WHERE search LIKE '%đ%';
