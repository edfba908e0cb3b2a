-- The language a person registered for an event in: later messages to them
-- (a place freed on the waitlist) are written in it, not in the language of
-- whoever's action sent them.
ALTER TABLE event_registrations ADD COLUMN lang TEXT NOT NULL DEFAULT 'en';
