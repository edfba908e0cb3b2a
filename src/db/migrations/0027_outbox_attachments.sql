-- Files sent with a message of the outbox (the mail module): a donor
-- project's monthly workbook, for one. Written in the transaction that
-- queues the message; the sender reads them back when it builds the MIME
-- message (multipart/mixed, each file a base64 part).
CREATE TABLE outbox_attachments (
    id {{ID}},
    outbox_id BIGINT NOT NULL REFERENCES outbox(id),
    position BIGINT NOT NULL DEFAULT 0,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    data {{BLOB}} NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX outbox_attachments_message ON outbox_attachments(outbox_id, position);
