// Attendance as instructors and managers take it: a session's roll with one
// tap per learner, a note, everyone present at once; the cohort's marks and
// rates with the CSV export; the API; who may and may not; and the minimum
// attendance as a completion rule.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi;
const ids = {};

const one = (q) => server.sql(q)[0][0];
const userId = (email) => Number(one(`SELECT id FROM users WHERE email = '${email}'`));
const audits = (action) => Number(one(`SELECT COUNT(*) FROM audit_events WHERE action = '${action}'`));
const mark = (session, email) => server.sql(`SELECT a.status, a.note FROM attendance a
  JOIN users u ON u.id = a.user_id WHERE a.session_id = ${session} AND u.email = '${email}'`)[0] ?? null;

// An ISO-8601 UTC time days from now.
const at = (days) => new Date(Date.now() + days * 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');

async function signIn(email, role, name) {
  server.addUser({ email, name: name ?? email.split('@')[0], role });
  const b = server.browser();
  await b.login(email, PW);
  return b;
}

// A course of one lesson at C-ONE, a cohort of it, and n sessions at the given day offsets.
function cohort({ code, min = null, days = [-2, -1, 7] }) {
  const now = at(0);
  const course = one(`SELECT id FROM courses WHERE code = '${code}'`);
  const centre = one(`SELECT id FROM centres WHERE code = 'C-ONE'`);
  const id = Number(one(`INSERT INTO cohorts (course_id, centre_id, title, starts_on, ends_on, room,
    min_attendance, created_at, updated_at) VALUES (${course}, ${centre}, 'Cohort of ${code}', '2026-01-01',
    '2027-12-31', 'Room 1', ${min === null ? 'NULL' : min}, '${now}', '${now}') RETURNING id`));
  const sessions = days.map((d) => Number(one(`INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at,
    ends_at, room, created_at, updated_at) VALUES (${id}, ${centre}, '${at(d)}', '${at(d + 0.1)}', 'Room 1',
    '${now}', '${now}') RETURNING id`)));
  return { id, sessions };
}

// Enrol the person in the course through the API and put the enrolment in the cohort.
async function enrolIn(c, code, email) {
  const e = await apiOk(adminApi.post('/api/v1/enrolments', { course: code, user: email }));
  server.sql(`UPDATE enrolments SET cohort_id = ${c.id} WHERE id = ${e.id}`);
  return e;
}

async function course(code) {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title: `Course ${code}`, language: 'en', topic: 'programming', delivery: 'face-to-face',
    status: 'published', centre: 'C-ONE',
    modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson one' }] }],
  }));
  return apiOk(adminApi.get(`/api/v1/courses/${code}`), 200);
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-ONE', name: 'Centre one', region: 'AAA', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TWO', name: 'Centre two', region: 'AAA', kind: 'regional' }));
  server.sql(`UPDATE centres SET timezone = 'Asia/Baku' WHERE code = 'C-ONE'`);
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('an instructor takes attendance', () => {
  let c, ina, s1, s2, s3;
  before(async () => {
    await course('F2F-1');
    c = cohort({ code: 'F2F-1' });
    [s1, s2, s3] = c.sessions;
    for (const [email, name] of [['lea@example.org', 'Lea Alpha'], ['leo@example.org', 'Leo Beta'],
      ['lia@example.org', 'Lia Gamma'], ['lex@example.org', 'Lex Withdrawn']]) {
      server.addUser({ email, name, role: 'learner' });
      await enrolIn(c, 'F2F-1', email);
    }
    server.sql(`UPDATE enrolments SET status = 'withdrawn' WHERE user_id = ${userId('lex@example.org')}`);
    ina = await signIn('ina@example.org', 'instructor@C-ONE', 'Ina Instructor');
    server.sql(`INSERT INTO cohort_instructors (cohort_id, user_id, created_at)
      VALUES (${c.id}, ${userId('ina@example.org')}, '${at(0)}')`);
    for (const e of ['lea', 'leo', 'lia']) ids[e] = userId(`${e}@example.org`);
  });

  test('the roll lists the cohort\'s learners, not those who withdrew', async () => {
    const r = await ina.get(`/sessions/${s1}/attendance`);
    assert.equal(r.status, 200);
    const main = mainOf(r.text);
    assert.match(main, /Course F2F-1/);
    assert.match(main, /Lea Alpha/);
    assert.match(main, /Leo Beta/);
    assert.match(main, /Lia Gamma/);
    assert.doesNotMatch(main, /Lex Withdrawn/);
    assert.match(main, /0 of 3 marked/);
    assert.match(main, /Mark everyone present/);
    assert.equal((main.match(/name="status" value="present"/g) || []).length, 3);
  });

  test('one tap marks a learner and returns to their row, audited', async () => {
    const r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.lea, status: 'present' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/sessions/${s1}/attendance#learner-${ids.lea}`);
    assert.deepEqual(mark(s1, 'lea@example.org'), ['present', '']);
    assert.equal(audits('attendance.mark'), 1);
    const changes = JSON.parse(one(`SELECT changes FROM audit_events WHERE action = 'attendance.mark'`));
    assert.deepEqual(changes.status, { before: '', after: 'present' });
    const page = mainOf((await ina.get(`/sessions/${s1}/attendance`)).text);
    assert.match(page, /1 of 3 marked, 1 attending/);
    assert.match(page, new RegExp(`id="learner-${ids.lea}".*?<span class="tag">Present</span>`));
  });

  test('a mark can change and carry a note; tapping the same mark again changes nothing', async () => {
    let r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.leo, status: 'absent' });
    assert.equal(r.status, 303);
    r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.leo, status: 'late', note: 'Bus was late' });
    assert.equal(r.status, 303);
    assert.deepEqual(mark(s1, 'leo@example.org'), ['late', 'Bus was late']);
    // a tap without the note field keeps the note
    r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.leo, status: 'late' });
    assert.equal(r.status, 303);
    assert.deepEqual(mark(s1, 'leo@example.org'), ['late', 'Bus was late']);
    assert.equal(audits('attendance.mark'), 3);
    const page = mainOf((await ina.get(`/sessions/${s1}/attendance`)).text);
    assert.match(page, /value="Bus was late"/);
  });

  test('a wrong mark or someone outside the cohort is refused with a message', async () => {
    let r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.lia, status: 'asleep' });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /Choose present, late, absent or excused/);
    r = await ina.post(`/sessions/${s1}/attendance`, { user: userId('lex@example.org'), status: 'present' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Choose a learner of this cohort/);
    r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.lia, status: 'present', note: 'x'.repeat(501) });
    assert.equal(r.status, 422);
    assert.match(r.text, /Enter a note of 500 characters or fewer/);
    assert.equal(mark(s1, 'lia@example.org'), null);
    assert.equal(mark(s1, 'lex@example.org'), null);
    r = await ina.post(`/sessions/${s1}/attendance`, { user: ids.lia, status: 'present', csrf: 'forged' });
    assert.equal(r.status, 403);
  });

  test('mark everyone present marks only those not yet marked', async () => {
    const before = audits('attendance.mark');
    const r = await ina.post(`/sessions/${s1}/attendance/all`, {});
    assert.equal(r.status, 303);
    assert.equal(r.location, `/sessions/${s1}/attendance`);
    assert.deepEqual(mark(s1, 'lia@example.org'), ['present', '']);
    assert.deepEqual(mark(s1, 'leo@example.org'), ['late', 'Bus was late']);
    assert.deepEqual(mark(s1, 'lea@example.org'), ['present', '']);
    assert.equal(mark(s1, 'lex@example.org'), null);
    assert.equal(audits('attendance.mark'), before + 1);
    const page = await ina.get(`/sessions/${s1}/attendance`);
    assert.match(page.text, /Everyone not yet marked is marked present/);
    assert.match(mainOf(page.text), /3 of 3 marked, 3 attending/);
    assert.doesNotMatch(mainOf(page.text), /Mark everyone present/);
  });

  test('the API lists and sets marks', async () => {
    const api = server.apiAs('ina@example.org');
    let r = await api.request('PUT', `/api/v1/sessions/${s2}/attendance`, { user: 'LEA@example.org', status: 'absent', note: 'Ill' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.json.user, 'lea@example.org');
    assert.equal(r.json.status, 'absent');
    assert.deepEqual(mark(s2, 'lea@example.org'), ['absent', 'Ill']);
    r = await api.request('PUT', `/api/v1/sessions/${s2}/attendance`, { user: 'leo@example.org', status: 'present' });
    assert.equal(r.status, 200, r.text);
    r = await api.request('PUT', `/api/v1/sessions/${s2}/attendance`, { user: 'lia@example.org', status: 'excused' });
    assert.equal(r.status, 200, r.text);
    r = await api.get(`/api/v1/sessions/${s2}/attendance`);
    assert.equal(r.status, 200);
    assert.equal(r.json.next_cursor, null);
    const byUser = Object.fromEntries(r.json.items.map((i) => [i.user, i]));
    assert.deepEqual(Object.keys(byUser).sort(), ['lea@example.org', 'leo@example.org', 'lia@example.org']);
    assert.equal(byUser['lea@example.org'].status, 'absent');
    assert.equal(byUser['lea@example.org'].note, 'Ill');
    assert.match(byUser['lea@example.org'].updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    r = await api.get(`/api/v1/sessions/${s3}/attendance?limit=2`);
    assert.equal(r.json.items.length, 2);
    assert.equal(r.json.items[0].status, null);
    assert.equal(r.json.items[0].updated_at, null);
    assert.notEqual(r.json.next_cursor, null);
    r = await api.get(`/api/v1/sessions/${s3}/attendance?limit=2&cursor=${r.json.next_cursor}`);
    assert.equal(r.json.items.length, 1);

    r = await api.request('PUT', `/api/v1/sessions/${s2}/attendance`, { user: 'lea@example.org', status: 'gone' });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.status);
    r = await api.request('PUT', `/api/v1/sessions/${s2}/attendance`, { user: 'lex@example.org', status: 'present' });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.user);
    r = await api.request('PUT', `/api/v1/sessions/${s2}/attendance`, { status: 'present' });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.user);
    // the limit counts characters, not bytes
    r = await api.request('PUT', `/api/v1/sessions/${s3}/attendance`, { user: 'lea@example.org', status: 'excused', note: 'Ж'.repeat(500) });
    assert.equal(r.status, 200, r.text);
    r = await api.request('PUT', `/api/v1/sessions/${s3}/attendance`, { user: 'lea@example.org', status: 'excused', note: 'Ж'.repeat(501) });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.note);
    assert.equal(mark(s3, 'lea@example.org')[1].length, 500);
    server.sql(`DELETE FROM attendance WHERE session_id = ${s3}`);
    r = await api.request('PUT', '/api/v1/sessions/999999/attendance', { user: 'lea@example.org', status: 'present' });
    assert.equal(r.status, 404);
    r = await server.api(null).get(`/api/v1/sessions/${s2}/attendance`);
    assert.equal(r.status, 401);
    assert.deepEqual(mark(s2, 'lea@example.org'), ['absent', 'Ill']);
  });

  test('the cohort page shows marks and rates per learner and for the cohort', async () => {
    // begun: s1 (lea P, leo L, lia P) and s2 (lea A, leo P, lia E); s3 has not begun
    const r = await ina.get(`/cohorts/${c.id}/attendance`);
    assert.equal(r.status, 200);
    const main = mainOf(r.text);
    const row = (name) => main.match(new RegExp(`<th scope="row">${name}</th>([\\s\\S]*?)</tr>`))[1];
    assert.match(row('Lea Alpha'), /> 50%/);
    assert.match(row('Leo Beta'), /> 100%/);
    assert.match(row('Lia Gamma'), /> 50%/);
    assert.deepEqual([...row('Lea Alpha').matchAll(/<abbr title="([^"]*)">/g)].map((m) => m[1]),
      ['Present', 'Absent', '']);
    assert.deepEqual([...row('Leo Beta').matchAll(/<abbr title="([^"]*)">/g)].map((m) => m[1]),
      ['Late', 'Present', '']);
    assert.match(main, /Cohort attendance rate<\/dt><dd><progress max="100" value="66"/);
    assert.match(main, /Sessions begun<\/dt><dd>2</);
    assert.doesNotMatch(main, /Lex Withdrawn/);
  });

  test('the marks and rates export as CSV', async () => {
    const r = await ina.get(`/cohorts/${c.id}/attendance.csv`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/csv/);
    assert.match(r.headers.get('content-disposition'), /attachment; filename="F2F-1-cohort-\d+-attendance.csv"/);
    const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.match(lines[0], /^email,full_name,attended,sessions_begun,rate,\d{4}-.*Z,.*Z,.*Z$/);
    assert.equal(lines.length, 4);
    assert.ok(lines.includes('lea@example.org,Lea Alpha,1,2,50,present,absent,'));
    assert.ok(lines.includes('leo@example.org,Leo Beta,2,2,100,late,present,'));
    assert.ok(lines.includes('lia@example.org,Lia Gamma,1,2,50,present,excused,'));
  });

  test('the pages run a fixed number of statements however many learners and sessions', async () => {
    const count = async (path) => server.statements(path, () => ina.get(path));
    const roll = `/sessions/${s1}/attendance`, summary = `/cohorts/${c.id}/attendance`;
    const small = [await count(roll), await count(summary)];
    for (let i = 0; i < 5; i++) {
      server.addUser({ email: `more${i}@example.org`, name: `More ${i}`, role: 'learner' });
      await enrolIn(c, 'F2F-1', `more${i}@example.org`);
    }
    await ina.post(`/sessions/${s2}/attendance/all`, {});
    const now = at(0), centre = one(`SELECT id FROM centres WHERE code = 'C-ONE'`);
    server.sql(`INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, created_at, updated_at)
      VALUES (${c.id}, ${centre}, '${at(-3)}', '${at(-2.9)}', '${now}', '${now}')`);
    const large = [await count(roll), await count(summary)];
    assert.deepEqual(large, small);
    assert.match(mainOf((await ina.get(summary)).text), /More 4/);
  });
});

describe('who may take attendance', () => {
  let c, s1, s2;
  before(async () => {
    await course('F2F-2');
    c = cohort({ code: 'F2F-2', days: [-1, -0.5] });
    [s1, s2] = c.sessions;
    server.addUser({ email: 'pat@example.org', name: 'Pat Pupil', role: 'learner' });
    await enrolIn(c, 'F2F-2', 'pat@example.org');
    server.addUser({ email: 'sam@example.org', name: 'Sam Session', role: 'instructor@C-ONE' });
    server.sql(`UPDATE cohort_sessions SET instructor_id = ${userId('sam@example.org')} WHERE id = ${s1}`);
  });

  test('a learner of the cohort may not, on the page or the API', async () => {
    const b = server.browser();
    await b.login('pat@example.org', PW);
    assert.equal((await b.get(`/sessions/${s1}/attendance`)).status, 403);
    assert.equal((await b.post(`/sessions/${s1}/attendance`, { user: userId('pat@example.org'), status: 'present' })).status, 403);
    assert.equal((await b.post(`/sessions/${s1}/attendance/all`, {})).status, 403);
    assert.equal((await b.get(`/cohorts/${c.id}/attendance`)).status, 403);
    assert.equal((await b.get(`/cohorts/${c.id}/attendance.csv`)).status, 403);
    const api = server.apiAs('pat@example.org');
    const r = await api.request('PUT', `/api/v1/sessions/${s1}/attendance`, { user: 'pat@example.org', status: 'present' });
    assert.equal(r.status, 403);
    assert.match(r.headers.get('content-type'), /problem\+json/);
    assert.equal((await api.get(`/api/v1/sessions/${s1}/attendance`)).status, 403);
    assert.equal(mark(s1, 'pat@example.org'), null);
  });

  test('another centre\'s manager may not', async () => {
    const b = await signIn('mo2@example.org', 'manager@C-TWO', 'Mo Two');
    assert.equal((await b.get(`/sessions/${s1}/attendance`)).status, 403);
    assert.equal((await b.post(`/sessions/${s1}/attendance/all`, {})).status, 403);
    assert.equal((await b.get(`/cohorts/${c.id}/attendance`)).status, 403);
    const api = server.apiAs('mo2@example.org');
    const r = await api.request('PUT', `/api/v1/sessions/${s1}/attendance`, { user: 'pat@example.org', status: 'present' });
    assert.equal(r.status, 403);
    assert.equal(mark(s1, 'pat@example.org'), null);
  });

  test('the centre\'s manager and an admin may', async () => {
    const m = await signIn('mo1@example.org', 'manager@C-ONE', 'Mo One');
    assert.equal((await m.get(`/sessions/${s1}/attendance`)).status, 200);
    assert.equal((await m.get(`/cohorts/${c.id}/attendance`)).status, 200);
    assert.equal((await m.post(`/sessions/${s1}/attendance`, { user: userId('pat@example.org'), status: 'late' })).status, 303);
    assert.deepEqual(mark(s1, 'pat@example.org'), ['late', '']);
    const a = server.browser();
    await a.login('admin@example.org', PW);
    assert.equal((await a.get(`/sessions/${s2}/attendance`)).status, 200);
  });

  test('the session\'s instructor may take its roll but not another session\'s', async () => {
    const b = server.browser();
    await b.login('sam@example.org', PW);
    assert.equal((await b.get(`/sessions/${s1}/attendance`)).status, 200);
    assert.equal((await b.post(`/sessions/${s1}/attendance`, { user: userId('pat@example.org'), status: 'present' })).status, 303);
    assert.deepEqual(mark(s1, 'pat@example.org'), ['present', '']);
    assert.equal((await b.get(`/sessions/${s2}/attendance`)).status, 403);
  });

  test('a session or cohort that does not exist is 404', async () => {
    const a = server.browser();
    await a.login('admin@example.org', PW);
    assert.equal((await a.get('/sessions/999999/attendance')).status, 404);
    assert.equal((await a.get('/sessions/abc/attendance')).status, 404);
    assert.equal((await a.get('/cohorts/999999/attendance')).status, 404);
  });
});

describe('a minimum attendance is a completion rule', () => {
  let c, b, lesson;
  before(async () => {
    const k = await course('F2F-3');
    lesson = k.modules[0].lessons[0].id;
    c = cohort({ code: 'F2F-3', min: 60, days: [-2, -1, 5] });
    server.addUser({ email: 'cora@example.org', name: 'Cora Complete', role: 'learner' });
    await enrolIn(c, 'F2F-3', 'cora@example.org');
    b = server.browser();
    await b.login('cora@example.org', PW);
  });

  const status = () => one(`SELECT e.status FROM enrolments e JOIN users u ON u.id = e.user_id
    WHERE u.email = 'cora@example.org' AND e.cohort_id = ${c.id}`);

  test('every lesson done is not enough while attendance is below the minimum', async () => {
    const r = await b.post(`/courses/F2F-3/lessons/${lesson}/done`);
    assert.equal(r.status, 303);
    assert.equal(Number(one(`SELECT progress FROM enrolments WHERE cohort_id = ${c.id}`)), 100);
    assert.equal(status(), 'active');
  });

  test('a mark that brings the rate to the minimum completes the course, audited', async () => {
    const api = server.apiAs('admin@example.org');
    const put = (session, st) => api.request('PUT', `/api/v1/sessions/${session}/attendance`,
      { user: 'cora@example.org', status: st });
    assert.equal((await put(c.sessions[0], 'present')).status, 200);
    assert.equal(status(), 'active', '1 of 2 begun sessions is 50%, below 60%');
    // the session in the future does not count, attended or not
    assert.equal((await put(c.sessions[2], 'present')).status, 200);
    assert.equal(status(), 'active');
    const before = audits('enrolment.complete');
    assert.equal((await put(c.sessions[1], 'late')).status, 200);
    assert.equal(status(), 'completed');
    assert.equal(audits('enrolment.complete'), before + 1);
  });

  test('marking everyone present completes those it brings to the minimum', async () => {
    server.addUser({ email: 'dan@example.org', name: 'Dan Done', role: 'learner' });
    await enrolIn(c, 'F2F-3', 'dan@example.org');
    const d = server.browser();
    await d.login('dan@example.org', PW);
    assert.equal((await d.post(`/courses/F2F-3/lessons/${lesson}/done`)).status, 303);
    const danStatus = () => one(`SELECT status FROM enrolments WHERE user_id = ${userId('dan@example.org')}`);
    assert.equal(danStatus(), 'active');
    const a = server.browser();
    await a.login('admin@example.org', PW);
    assert.equal((await a.post(`/sessions/${c.sessions[0]}/attendance/all`, {})).status, 303);
    assert.equal(danStatus(), 'active');
    assert.equal((await a.post(`/sessions/${c.sessions[1]}/attendance/all`, {})).status, 303);
    assert.equal(danStatus(), 'completed');
  });
});
