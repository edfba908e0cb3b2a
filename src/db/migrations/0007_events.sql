-- Events (the events module): seminars, forums, webinars and visits, online
-- (a link) or at a centre, with a public page and public registration. A
-- registration is by e-mail (unique per event after folding); the token is
-- the registrant's own link to their registration (cancel), stored hashed.

CREATE TABLE events (
    id {{ID}},
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('seminar', 'forum', 'webinar', 'visit')),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    timezone TEXT NOT NULL DEFAULT 'UTC',
    centre_id BIGINT REFERENCES centres(id),
    online_url TEXT NOT NULL DEFAULT '',
    capacity BIGINT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'cancelled')),
    created_by BIGINT REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);

CREATE INDEX events_starts ON events(status, starts_at);
CREATE INDEX events_centre ON events(centre_id, starts_at);

CREATE TABLE event_registrations (
    id {{ID}},
    event_id BIGINT NOT NULL REFERENCES events(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL,
    email_key TEXT NOT NULL,
    organisation TEXT NOT NULL DEFAULT '',
    user_id BIGINT REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('registered', 'waitlisted', 'cancelled')),
    token_hash TEXT NOT NULL,
    checked_in_at TEXT,
    waitlisted_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, email_key)
);

CREATE INDEX event_registrations_event ON event_registrations(event_id, status, id);
