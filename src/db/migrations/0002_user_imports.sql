-- CSV imports of people staged between the preview and the confirmation.
-- App nodes are stateless, so the uploaded file waits here, not on a disk;
-- content is the file as uploaded, base64-encoded (it may not be valid UTF-8).
-- Only the uploader may confirm; content is emptied once the rows are in.

CREATE TABLE user_imports (
    id {{ID}},
    user_id BIGINT NOT NULL REFERENCES users(id),
    filename TEXT NOT NULL DEFAULT '',
    content TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL DEFAULT 'staged' CHECK (status IN ('staged', 'imported')),
    imported INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX user_imports_user ON user_imports(user_id);
