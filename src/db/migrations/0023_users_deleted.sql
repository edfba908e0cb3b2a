-- Reports (issue 13) leave out the facts of deleted people with
-- "user_id NOT IN (the deleted)": a partial index holds just those few, so
-- the list costs nothing however many people there are.
CREATE INDEX users_deleted ON users(id) WHERE deleted_at IS NOT NULL;
