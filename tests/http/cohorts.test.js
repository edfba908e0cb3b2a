// Cohorts as managers schedule them: a cohort of a course at a centre, its
// sessions one by one or as a weekly pattern with holidays (entered in the
// centre's time zone, stored in UTC), clashes of rooms and instructors refused
// naming the other booking, scope, learners joining a cohort with its places
// and waitlist, and the cohorts API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, admin, ivan;

const decode = (s) => s.replace(/&#39;|&#x27;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');

function sessionsOf(cohortId) {
  return server.sql(`SELECT starts_at, ends_at, room FROM cohort_sessions
    WHERE cohort_id = ${cohortId} AND deleted_at IS NULL ORDER BY starts_at`);
}

async function course(code, title, extra = {}) {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title, language: 'en', topic: 'programming', delivery: 'face-to-face', status: 'published',
    modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson 1' }] }], ...extra,
  }));
}

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku centre', region: 'AAA', kind: 'central', timezone: 'Asia/Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TAS', name: 'Tashkent centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Tashkent' }));
  await course('PY-101', 'Python for beginners');
  await course('SEC-1', 'Cyber hygiene');
  ivan = server.addUser({ email: 'ivan@example.org', name: 'Ivan Instructor', role: 'instructor@C-BAK' });
  server.addUser({ email: 'mgr.bak@example.org', name: 'Baku Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'mgr.tas@example.org', name: 'Tashkent Manager', role: 'manager@C-TAS' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('a manager schedules a cohort with a weekly pattern', () => {
  let b, id;
  before(async () => {
    b = server.browser();
    await b.login('mgr.bak@example.org', PW);
  });

  test('the form refuses bad input with an error summary', async () => {
    const form = await b.get('/admin/cohorts/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /<label for="starts_on">First day<\/label>/);
    const r = await b.post('/admin/cohorts', { course: 'PY-101', centre: 'C-BAK', starts_on: '2026-12-20', ends_on: '2026-12-01', capacity: 'ten' });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /The last day must not be before the first/);
    assert.match(r.text, /Enter the number of places as a whole number/);
    assert.equal(server.sql('SELECT COUNT(*) FROM cohorts')[0][0], '0');
  });

  test('the cohort is created with its instructor and audited', async () => {
    const r = await b.post('/admin/cohorts', {
      course: 'PY-101', centre: 'C-BAK', starts_on: '2026-12-01', ends_on: '2026-12-31', capacity: '12',
      room: '204', instructors: ivan.email, min_attendance: '80',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    id = Number(r.location.match(/^\/admin\/cohorts\/(\d+)$/)[1]);
    const page = await b.get(r.location);
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), /Python for beginners/);
    assert.match(mainOf(page.text), /Ivan Instructor \(ivan@example.org\)/);
    assert.deepEqual(server.sql(`SELECT room, capacity, min_attendance FROM cohorts WHERE id = ${id}`), [['204', '12', '80']]);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'cohort.create' AND object_id = '${id}'`)[0][0], '1');
  });

  test('a pattern of Mondays and Wednesdays skips the holiday, in Baku time stored as UTC', async () => {
    const r = await b.post(`/admin/cohorts/${id}/pattern`, {
      weekdays: ['1', '3'], p_start: '10:00', p_end: '12:00', from: '2026-12-01', to: '2026-12-16',
      exceptions: '2026-12-09\n', p_room: '204', p_instructor: ivan.email,
    });
    assert.equal(r.status, 303, r.text.slice(0, 2000));
    assert.deepEqual(sessionsOf(id), [
      ['2026-12-02T06:00:00Z', '2026-12-02T08:00:00Z', '204'],
      ['2026-12-07T06:00:00Z', '2026-12-07T08:00:00Z', '204'],
      ['2026-12-14T06:00:00Z', '2026-12-14T08:00:00Z', '204'],
      ['2026-12-16T06:00:00Z', '2026-12-16T08:00:00Z', '204'],
    ]);
    const page = await b.get(`/admin/cohorts/${id}`);
    const rows = [...mainOf(page.text).matchAll(/<tr><td>([^<]+)<\/td><td>([^<]+)<\/td><td>204<\/td>/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(rows, ['2 Dec 2026 10:00–12:00', '7 Dec 2026 10:00–12:00', '14 Dec 2026 10:00–12:00', '16 Dec 2026 10:00–12:00']);
  });

  test('a bad pattern is refused field by field and adds nothing', async () => {
    const r = await b.post(`/admin/cohorts/${id}/pattern`, {
      p_start: '12:00', p_end: '11:00', from: '2026-12-01', to: '2026-12-16', exceptions: 'next friday',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /Choose at least one day of the week/);
    assert.match(r.text, /The end time must be after the start time/);
    assert.match(r.text, /Enter each date as YYYY-MM-DD/);
    assert.equal(sessionsOf(id).length, 4);
  });

  test('a sign or a space is not a digit in a date or a time', async () => {
    const r = await b.post(`/admin/cohorts/${id}/pattern`, {
      weekdays: ['1'], p_start: '1:+5', p_end: '+9:00', from: '2026-+2-01', to: '2026-12- 6', exceptions: '2026-12-+9',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /Enter the start time as hours and minutes, like 09:30/);
    assert.match(r.text, /Enter the end time as hours and minutes, like 11:00/);
    assert.equal((r.text.match(/Enter the date as YYYY-MM-DD, for example 2026-12-01/g) || []).length >= 2, true);
    assert.match(r.text, /Enter each date as YYYY-MM-DD/);
    assert.equal(sessionsOf(id).length, 4);
    const api = await adminApi.post('/api/v1/cohorts', {
      course: 'SEC-1', centre: 'C-BAK', starts_on: '2026-+2-01', ends_on: '2026-12-31',
    });
    assert.equal(api.status, 422);
    assert.ok(api.json.errors.starts_on, JSON.stringify(api.json));
  });

  test('a single session in the same room at an overlapping time is refused naming the booking', async () => {
    const other = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'SEC-1', centre: 'C-BAK', starts_on: '2026-12-01', ends_on: '2026-12-31', room: '204',
    }));
    const r = await b.post(`/admin/cohorts/${other.id}/sessions`, { date: '2026-12-07', start: '11:30', end: '13:00', room: '204', instructor: '' });
    assert.equal(r.status, 409);
    assert.match(decode(r.text), new RegExp(`Room 204 is booked 10:00–12:00 on 7 Dec 2026 by Python for beginners \\(cohort ${id}\\)`));
    assert.equal(sessionsOf(other.id).length, 0);
    // back to back is no clash
    const ok = await b.post(`/admin/cohorts/${other.id}/sessions`, { date: '2026-12-07', start: '12:00', end: '13:00', room: '204', instructor: '' });
    assert.equal(ok.status, 303);
    assert.deepEqual(sessionsOf(other.id), [['2026-12-07T08:00:00Z', '2026-12-07T09:00:00Z', '204']]);
  });

  test('a pattern whose one day clashes is refused whole', async () => {
    const other = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'SEC-1', centre: 'C-BAK', starts_on: '2026-12-01', ends_on: '2026-12-31', room: '204',
    }));
    const r = await b.post(`/admin/cohorts/${other.id}/pattern`, {
      weekdays: ['2', '3'], p_start: '09:00', p_end: '10:30', from: '2026-12-01', to: '2026-12-31', p_room: '204', p_instructor: '',
    });
    assert.equal(r.status, 409);
    assert.match(decode(r.text), new RegExp(`Room 204 is booked 10:00–12:00 on 2 Dec 2026 by Python for beginners \\(cohort ${id}\\)`));
    assert.equal(sessionsOf(other.id).length, 0);
  });

  test('the same instructor in another room of another centre is refused', async () => {
    const tas = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'SEC-1', centre: 'C-TAS', starts_on: '2026-12-01', ends_on: '2026-12-31', room: '1', instructors: [ivan.email],
    }));
    // Tashkent is UTC+5: 11:00-12:00 there is 06:00-07:00 UTC, inside Ivan's Baku session
    const r = await adminApi.post(`/api/v1/cohorts/${tas.id}/sessions`, { date: '2026-12-14', start: '11:00', end: '12:00', instructor: ivan.email });
    assert.equal(r.status, 409, r.text);
    assert.equal(r.json.detail, `Ivan Instructor teaches 10:00–12:00 on 14 Dec 2026 in Python for beginners (cohort ${id})`);
    assert.equal(sessionsOf(tas.id).length, 0);
    const ok = await adminApi.post(`/api/v1/cohorts/${tas.id}/sessions`, { date: '2026-12-14', start: '11:00', end: '12:00' });
    assert.equal(ok.status, 201, ok.text);
    assert.deepEqual(ok.json.items.map((s) => [s.starts_at, s.ends_at, s.room]), [['2026-12-14T06:00:00Z', '2026-12-14T07:00:00Z', '1']]);
  });

  test('a session is deleted after a confirmation page', async () => {
    const sid = server.sql(`SELECT id FROM cohort_sessions WHERE cohort_id = ${id} AND starts_at = '2026-12-16T06:00:00Z'`)[0][0];
    const confirm = await b.get(`/admin/cohorts/${id}/sessions/${sid}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Delete this session\?/);
    assert.match(confirm.text, /16 Dec 2026/);
    assert.equal(sessionsOf(id).length, 4);
    const r = await b.post(`/admin/cohorts/${id}/sessions/${sid}/delete`, {});
    assert.equal(r.status, 303);
    assert.equal(sessionsOf(id).length, 3);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'cohort_session.delete' AND object_id = '${sid}'`)[0][0], '1');
  });

  test('the list shows the cohort, filtered by centre', async () => {
    const all = await b.get('/admin/cohorts');
    assert.equal(all.status, 200);
    assert.match(mainOf(all.text), new RegExp(`href="/admin/cohorts/${id}">Python for beginners`));
    // the Tashkent cohort is outside this manager's scope
    assert.doesNotMatch(mainOf(all.text), /Tashkent centre<\/td>/);
    const none = await b.get('/admin/cohorts?course=NOPE');
    assert.match(none.text, /No cohorts match your filters/);
  });
});

describe('a manager of another centre', () => {
  test('cannot see, schedule or change cohorts at a centre outside their scope', async () => {
    const b = server.browser();
    await b.login('mgr.tas@example.org', PW);
    const id = server.sql("SELECT MIN(id) FROM cohorts")[0][0];
    assert.equal((await b.get(`/admin/cohorts/${id}`)).status, 403);
    const r = await b.post('/admin/cohorts', { course: 'PY-101', centre: 'C-BAK', starts_on: '2027-01-01', ends_on: '2027-01-31' });
    assert.equal(r.status, 403);
    const before = server.sql('SELECT COUNT(*) FROM cohort_sessions')[0][0];
    const p = await b.post(`/admin/cohorts/${id}/sessions`, { date: '2026-12-21', start: '10:00', end: '11:00' });
    assert.equal(p.status, 403);
    assert.equal(server.sql('SELECT COUNT(*) FROM cohort_sessions')[0][0], before);
    const api = server.apiAs('mgr.tas@example.org');
    const a = await api.post('/api/v1/cohorts', { course: 'PY-101', centre: 'C-BAK', starts_on: '2027-01-01', ends_on: '2027-01-31' });
    assert.equal(a.status, 403);
    assert.equal((await api.patch(`/api/v1/cohorts/${id}`, { room: '9' })).status, 403);
  });
});

describe('the cohorts API', () => {
  test('creates, reads, lists, patches and refuses bad fields', async () => {
    const c = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'PY-101', centre: 'C-TAS', starts_on: '2027-02-01', ends_on: '2027-03-31', capacity: 20, room: 'Lab',
    }));
    assert.equal(c.course, 'PY-101');
    assert.equal(c.centre, 'C-TAS');
    assert.equal(c.capacity, 20);
    assert.match(c.ical_url, /^\/calendar\/feeds\/[A-Za-z0-9_-]+\.ics$/);
    const got = await apiOk(adminApi.get(`/api/v1/cohorts/${c.id}`), 200);
    assert.equal(got.starts_on, '2027-02-01');
    assert.equal(got.ical_url, c.ical_url);
    const list = await apiOk(adminApi.get('/api/v1/cohorts?centre=C-TAS&limit=1'), 200);
    assert.equal(list.items.length, 1);
    assert.notEqual(list.next_cursor, null);
    const rest = await apiOk(adminApi.get(`/api/v1/cohorts?centre=C-TAS&limit=50&cursor=${list.next_cursor}`), 200);
    assert.ok(rest.items.some((i) => i.id === c.id));
    const p = await apiOk(adminApi.patch(`/api/v1/cohorts/${c.id}`, { capacity: null, room: 'Lab 2' }), 200);
    assert.equal(p.capacity, null);
    assert.equal(p.room, 'Lab 2');
    const bad = await adminApi.post('/api/v1/cohorts', { course: 'NOPE', centre: 'C-TAS', starts_on: '2027-02-30', ends_on: '2027-03-01' });
    assert.equal(bad.status, 422);
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['course', 'starts_on']);
    const pat = await adminApi.post(`/api/v1/cohorts/${c.id}/sessions`, {
      pattern: { weekdays: ['tue'], start: '14:00', end: '16:00', from: '2027-02-01', to: '2027-02-28', exceptions: ['2027-02-23'] },
    });
    assert.equal(pat.status, 201, pat.text);
    assert.equal(pat.json.added, 3);
    assert.deepEqual(pat.json.items.map((s) => s.starts_at), ['2027-02-02T09:00:00Z', '2027-02-09T09:00:00Z', '2027-02-16T09:00:00Z']);
    const clash = await adminApi.post(`/api/v1/cohorts/${c.id}/sessions`, { date: '2027-02-09', start: '15:00', end: '17:00' });
    assert.equal(clash.status, 409);
    assert.equal(clash.json.detail, `Room Lab 2 is booked 14:00–16:00 on 9 Feb 2027 by Python for beginners (cohort ${c.id})`);
    const ses = await apiOk(adminApi.get(`/api/v1/cohorts/${c.id}/sessions`), 200);
    assert.equal(ses.items.length, 3);
  });
});

describe("a cohort's page for learners", () => {
  test('shows dates, centre, sessions in local time and places; a draft course hides it', async () => {
    const c = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'PY-101', centre: 'C-BAK', starts_on: '2027-04-01', ends_on: '2027-04-30', capacity: 5, room: '301',
    }));
    await apiOk(adminApi.post(`/api/v1/cohorts/${c.id}/sessions`, { date: '2027-04-05', start: '18:00', end: '19:30' }));
    const anon = server.browser();
    const page = await anon.get(`/cohorts/${c.id}`);
    assert.equal(page.status, 200);
    const main = mainOf(page.text);
    assert.match(main, /Baku centre/);
    assert.match(main, /1 Apr 2027 – 30 Apr 2027/);
    assert.match(main, /<tr><td>5 Apr 2027<\/td><td>18:00–19:30<\/td><td>301<\/td><\/tr>/);
    assert.match(main, /0 of 5 places taken/);
    assert.match(main, /Sign in to join this cohort/);
    await course('DRAFT-1', 'Not yet', { status: 'draft' });
    const d = await apiOk(adminApi.post('/api/v1/cohorts', { course: 'DRAFT-1', centre: 'C-BAK', starts_on: '2027-04-01', ends_on: '2027-04-30' }));
    assert.equal((await anon.get(`/cohorts/${d.id}`)).status, 404);
    assert.equal((await anon.get('/cohorts/999999')).status, 404);
  });
});

describe('learners join a cohort with one place', () => {
  test('the second is waitlisted and promoted when the first leaves', async () => {
    const c = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'SEC-1', centre: 'C-TAS', starts_on: '2027-05-01', ends_on: '2027-05-31', capacity: 1,
    }));
    const status = (email) => server.sql(`SELECT e.status, e.cohort_id FROM enrolments e JOIN users u ON u.id = e.user_id
      WHERE u.email = '${email}'`);
    const people = [];
    for (const [email, name] of [['ana@example.org', 'Ana First'], ['bob@example.org', 'Bob Second']]) {
      server.addUser({ email, name, role: 'learner' });
      const b = server.browser();
      await b.login(email, PW);
      people.push(b);
    }
    const [ana, bob] = people;
    const page = await ana.get(`/cohorts/${c.id}`);
    assert.match(page.text, /Join this cohort/);
    let r = await ana.post(`/cohorts/${c.id}/enrol`, {});
    assert.equal(r.status, 303);
    assert.deepEqual(status('ana@example.org'), [['active', String(c.id)]]);
    assert.match(mainOf((await ana.get(`/cohorts/${c.id}`)).text), /You are in this cohort\./);
    assert.match(mainOf((await bob.get(`/cohorts/${c.id}`)).text), /1 of 1 places taken[\s\S]*Join the waitlist/);
    r = await bob.post(`/cohorts/${c.id}/enrol`, {});
    assert.equal(r.status, 303);
    assert.deepEqual(status('bob@example.org'), [['waitlisted', String(c.id)]]);
    assert.match(mainOf((await bob.get(`/cohorts/${c.id}`)).text), /The cohort is full\. You are number 1 on its waitlist\./);
    // joining twice is refused
    assert.equal((await bob.post(`/cohorts/${c.id}/enrol`, {})).status, 409);
    const confirm = await ana.get(`/cohorts/${c.id}/withdraw`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Leave this cohort\?/);
    r = await ana.post(`/cohorts/${c.id}/withdraw`, {});
    assert.equal(r.status, 303);
    assert.deepEqual(status('ana@example.org'), [['withdrawn', String(c.id)]]);
    assert.deepEqual(status('bob@example.org'), [['active', String(c.id)]]);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'enrolment.promote'`)[0][0], '1');
    const api = await apiOk(adminApi.get(`/api/v1/cohorts/${c.id}`), 200);
    assert.equal(api.places_taken, 1);
    // a course's own places are counted apart from its cohorts'
    assert.equal(server.sql(`SELECT COUNT(*) FROM enrolments WHERE cohort_id IS NULL`)[0][0], '0');
  });
});

describe('the cohorts API for a reader who does not take part', () => {
  test("gets no calendar link and nothing of a draft course's cohort", async () => {
    server.addUser({ email: 'lena@example.org', name: 'Lena Learner', role: 'learner' });
    const lena = server.apiAs('lena@example.org');
    const ivanApi = server.apiAs(ivan.email);
    const c = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'PY-101', centre: 'C-BAK', starts_on: '2027-06-01', ends_on: '2027-06-30', instructors: [ivan.email],
    }));
    const seen = await apiOk(lena.get(`/api/v1/cohorts/${c.id}`), 200);
    assert.equal(seen.course, 'PY-101');
    assert.equal(seen.ical_url, undefined);
    // the instructor takes part, so the link that the calendar page shows is theirs too
    assert.equal((await apiOk(ivanApi.get(`/api/v1/cohorts/${c.id}`), 200)).ical_url, c.ical_url);
    assert.deepEqual(server.sql(`SELECT COUNT(*) FROM calendar_feeds WHERE owner_type = 'cohort' AND owner_id = ${c.id}`), [['1']]);
    await course('DRAFT-2', 'Still a draft', { status: 'draft' });
    const d = await apiOk(adminApi.post('/api/v1/cohorts', { course: 'DRAFT-2', centre: 'C-BAK', starts_on: '2027-06-01', ends_on: '2027-06-30' }));
    assert.equal((await lena.get(`/api/v1/cohorts/${d.id}`)).status, 404);
    assert.equal((await lena.get(`/api/v1/cohorts/${d.id}/sessions`)).status, 404);
    const listed = async (api) => (await apiOk(api.get('/api/v1/cohorts?limit=500'), 200)).items.map((x) => x.id);
    assert.ok(!(await listed(lena)).includes(d.id));
    assert.ok((await listed(lena)).includes(c.id));
    const mgr = server.apiAs('mgr.bak@example.org');
    assert.ok((await listed(mgr)).includes(d.id));
    assert.match((await apiOk(mgr.get(`/api/v1/cohorts/${d.id}`), 200)).ical_url, /^\/calendar\/feeds\//);
  });
});
