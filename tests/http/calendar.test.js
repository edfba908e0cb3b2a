// Calendars: a user's, a centre's and a cohort's schedule as pages and as
// iCalendar feeds that a real parser (ical.js) reads with the right times; a
// reset link makes the old feed 404; strangers get 403 or 404.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { startDars } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, api;
const ids = {};

// A day in the coming week, as YYYY-MM-DD (UTC).
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const one = (q) => server.sql(q)[0][0];

function parse(text) {
  const cal = new ICAL.Component(ICAL.parse(text));
  for (const tz of cal.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(tz);
  return cal;
}

async function feedPath(b, path) {
  const page = await b.get(path);
  assert.equal(page.status, 200, page.text.slice(0, 300));
  const m = page.text.match(/id="feed_url"[^>]*value="http:\/\/[^/"]+(\/calendar\/feeds\/[A-Za-z0-9_-]+\.ics)"/);
  assert.ok(m, 'the page shows the feed URL');
  return { page, feed: m[1] };
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', role: 'admin' });
  api = server.apiAs('admin@example.org');
  assert.equal((await api.post('/api/v1/regions', { code: 'AZ', name: 'Azerbaijan' })).status, 201);
  for (const code of ['C-BAK', 'C-GAN'])
    assert.equal((await api.post('/api/v1/centres', { code, name: code, region: 'AZ', kind: 'regional', timezone: 'Asia/Baku' })).status, 201);
  const c = await api.post('/api/v1/courses', { code: 'CYBER', title: 'Cyber hygiene', delivery: 'face-to-face', language: 'en', topic: 'programming' });
  assert.equal(c.status, 201, c.text);
  server.addUser({ email: 'teacher@example.org', name: 'Tamara Teacher', role: 'learner' });
  server.addUser({ email: 'learner@example.org', name: 'Leyla Learner', role: 'learner' });
  server.addUser({ email: 'stranger@example.org', name: 'Sam Stranger', role: 'learner' });
  server.addUser({ email: 'mgr@example.org', role: 'manager@C-BAK' });
  server.addUser({ email: 'mgr2@example.org', role: 'manager@C-GAN' });
  const t = now();
  const uid = (e) => one(`SELECT id FROM users WHERE email = '${e}'`);
  ids.course = one("SELECT id FROM courses WHERE code = 'CYBER'");
  ids.centre = one("SELECT id FROM centres WHERE code = 'C-BAK'");
  server.sql(`INSERT INTO cohorts (course_id, centre_id, title, starts_on, ends_on, room, created_at, updated_at)
    VALUES (${ids.course}, ${ids.centre}, 'Autumn group', '${day(0)}', '${day(30)}', 'Room 5', '${t}', '${t}')`);
  ids.cohort = one('SELECT id FROM cohorts');
  server.sql(`INSERT INTO cohort_instructors (cohort_id, user_id, created_at) VALUES (${ids.cohort}, ${uid('teacher@example.org')}, '${t}')`);
  server.sql(`INSERT INTO enrolments (user_id, course_id, cohort_id, status, created_at, updated_at)
    VALUES (${uid('learner@example.org')}, ${ids.course}, ${ids.cohort}, 'active', '${t}', '${t}')`);
  // 10:00-12:00 in Baku (UTC+4) is 06:00-08:00Z
  ids.start = `${day(7)}T06:00:00Z`;
  server.sql(`INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, room, created_at, updated_at)
    VALUES (${ids.cohort}, ${ids.centre}, '${ids.start}', '${day(7)}T08:00:00Z', 'Room 5', '${t}', '${t}')`);
  server.sql(`INSERT INTO events (title, summary, kind, starts_at, ends_at, timezone, online_url, status, created_at, updated_at)
    VALUES ('E-government forum', 'Annual forum', 'forum', '${day(10)}T09:00:00Z', '${day(10)}T11:00:00Z', 'Asia/Tashkent', 'https://meet.example.org/forum', 'published', '${t}', '${t}')`);
  ids.event = one('SELECT id FROM events');
  server.sql(`INSERT INTO event_registrations (event_id, name, email, email_key, user_id, status, token_hash, created_at, updated_at)
    VALUES (${ids.event}, 'Leyla', 'learner@example.org', 'learner@example.org', ${uid('learner@example.org')}, 'registered', 'x', '${t}', '${t}')`);
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test("a learner's page lists their session and event, and the feed has the right times", async () => {
  const b = server.browser();
  await b.login('learner@example.org', PW);
  const { page, feed } = await feedPath(b, '/calendar');
  assert.match(page.text, /Cyber hygiene/);
  assert.match(page.text, /10:00/); // shown in Baku time
  assert.match(page.text, /E-government forum/);
  assert.match(page.text, /Google Calendar/);

  const res = await fetch(server.url + feed);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/calendar; charset=utf-8');
  const text = await res.text();
  assert.match(text, /^BEGIN:VCALENDAR\r\n/);
  for (const line of text.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75, line);
  const cal = parse(text);
  assert.equal(cal.getFirstPropertyValue('version'), '2.0');
  assert.equal(cal.getFirstPropertyValue('calscale'), 'GREGORIAN');
  assert.equal(cal.getFirstPropertyValue('method'), 'PUBLISH');
  assert.ok(cal.getFirstPropertyValue('prodid'));
  assert.ok(cal.getFirstPropertyValue('x-wr-calname'));
  const zones = cal.getAllSubcomponents('vtimezone').map((z) => z.getFirstPropertyValue('tzid'));
  assert.equal(zones.length, 2);
  assert.ok(zones.some((z) => z.includes('Asia/Baku')) && zones.some((z) => z.includes('Asia/Tashkent')));
  const events = cal.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  assert.equal(events.length, 2);
  const session = events.find((e) => e.summary === 'Cyber hygiene');
  assert.ok(session.uid.startsWith('dars-session-'));
  assert.equal(session.startDate.hour, 10);
  assert.match(session.startDate.zone.tzid, /Asia\/Baku/);
  assert.equal(session.startDate.toJSDate().toISOString(), ids.start.replace('Z', '.000Z'));
  assert.equal(session.location, 'C-BAK, Room 5');
  const forum = events.find((e) => e.summary === 'E-government forum');
  assert.equal(forum.startDate.hour, 14); // 09:00Z in Tashkent (UTC+5)
  assert.equal(forum.location, 'https://meet.example.org/forum');
  const v = cal.getAllSubcomponents('vevent')[0];
  assert.ok(v.getFirstPropertyValue('dtstamp'));
  assert.ok(v.getFirstPropertyValue('last-modified'));
  assert.ok(v.getFirstPropertyValue('sequence') >= 0);
});

test('a feed reads a fixed number of statements however many sessions there are', async () => {
  const b = server.browser();
  await b.login('teacher@example.org', PW);
  const { feed } = await feedPath(b, '/calendar');
  // the access log masks the feed's token (issue 11)
  const count = () => server.statements('/calendar/feeds/***.ics', () => fetch(server.url + feed).then((r) => r.text()));
  const few = await count();
  const t = now();
  for (let i = 1; i <= 5; i++)
    server.sql(`INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, created_at, updated_at)
      VALUES (${ids.cohort}, ${ids.centre}, '${day(7 + i)}T06:00:00Z', '${day(7 + i)}T08:00:00Z', '${t}', '${t}')`);
  const text = await (await fetch(server.url + feed)).text();
  assert.equal(parse(text).getAllSubcomponents('vevent').length, 6);
  assert.equal(await count(), few);
  server.sql(`UPDATE cohort_sessions SET deleted_at = '${t}' WHERE starts_at > '${ids.start}'`);
});

test('resetting the link makes the old feed 404 and the new one work', async () => {
  const b = server.browser();
  await b.login('learner@example.org', PW);
  const { feed } = await feedPath(b, '/calendar');
  const confirm = await b.get('/calendar/reset');
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /old link stops working/);
  assert.equal((await b.post('/calendar/reset', { csrf: null })).status, 403);
  const r = await b.post('/calendar/reset');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/calendar');
  const { feed: fresh } = await feedPath(b, '/calendar');
  assert.notEqual(fresh, feed);
  assert.equal((await fetch(server.url + feed)).status, 404);
  assert.equal((await fetch(server.url + fresh)).status, 200);
  assert.equal((await fetch(server.url + '/calendar/feeds/nothing-here.ics')).status, 404);
  assert.deepEqual(server.sql("SELECT object_type FROM audit_events WHERE action = 'calendar.reset'"), [['user']]);
});

test("a suspended person's feed answers 404 until they are active again", async () => {
  server.addUser({ email: 'soon.suspended@example.org', name: 'Soon Suspended', role: 'learner' });
  const b = server.browser();
  await b.login('soon.suspended@example.org', PW);
  const { feed } = await feedPath(b, '/calendar');
  assert.equal((await fetch(server.url + feed)).status, 200);
  server.sql("UPDATE users SET status = 'suspended' WHERE email = 'soon.suspended@example.org'");
  assert.equal((await fetch(server.url + feed)).status, 404);
  server.sql("UPDATE users SET status = 'active' WHERE email = 'soon.suspended@example.org'");
  assert.equal((await fetch(server.url + feed)).status, 200);
});

test("a centre's calendar is for managers in scope; a cohort's for its members and managers", async () => {
  const mgr = server.browser();
  await mgr.login('mgr@example.org', PW);
  const { page, feed } = await feedPath(mgr, '/admin/centres/C-BAK/calendar');
  assert.match(page.text, /Cyber hygiene/);
  const cal = parse(await (await fetch(server.url + feed)).text());
  assert.equal(cal.getAllSubcomponents('vevent').length, 1);
  await feedPath(mgr, `/cohorts/${ids.cohort}/calendar`);

  const other = server.browser();
  await other.login('mgr2@example.org', PW);
  assert.equal((await other.get('/admin/centres/C-BAK/calendar')).status, 403);
  assert.equal((await other.get(`/cohorts/${ids.cohort}/calendar`)).status, 403);

  const stranger = server.browser();
  await stranger.login('stranger@example.org', PW);
  assert.equal((await stranger.get('/admin/centres/C-BAK/calendar')).status, 403);
  assert.equal((await stranger.get(`/cohorts/${ids.cohort}/calendar`)).status, 403);
  assert.equal((await stranger.get('/cohorts/99999/calendar')).status, 404);
  assert.equal((await mgr.get('/admin/centres/NOPE/calendar')).status, 404);
  const mine = await stranger.get('/calendar');
  assert.doesNotMatch(mine.text, /Cyber hygiene/);

  const learner = server.browser();
  await learner.login('learner@example.org', PW);
  const { page: cp } = await feedPath(learner, `/cohorts/${ids.cohort}/calendar`);
  assert.doesNotMatch(cp.text, /Reset the link/); // members see it; managers reset it
  assert.equal((await learner.get(`/cohorts/${ids.cohort}/calendar/reset`)).status, 403);
  assert.equal((await server.browser().get('/calendar')).status, 303);
});
