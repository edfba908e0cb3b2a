// Managing a cohort after it is scheduled: its edit page (scope, error
// summary, audit), removing an instructor after a confirmation, and
// enrolling into a cohort through /api/v1/enrolments with the cohort in the
// enrolment's JSON.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, cohortId;

const audits = (action, id) =>
  server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = '${action}' AND object_id = '${id}'`)[0][0];

async function course(code, title, status = 'published') {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title, language: 'en', topic: 'programming', delivery: 'face-to-face', status,
    modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson 1' }] }],
  }));
}

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku centre', region: 'AAA', kind: 'central', timezone: 'Asia/Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TAS', name: 'Tashkent centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Tashkent' }));
  await course('PY-101', 'Python for beginners');
  await course('SEC-1', 'Cyber hygiene');
  server.addUser({ email: 'ivan@example.org', name: 'Ivan Instructor', role: 'instructor@C-BAK' });
  server.addUser({ email: 'olga@example.org', name: 'Olga Instructor', role: 'instructor@C-BAK' });
  server.addUser({ email: 'mgr.bak@example.org', name: 'Baku Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'mgr.tas@example.org', name: 'Tashkent Manager', role: 'manager@C-TAS' });
  const c = await apiOk(adminApi.post('/api/v1/cohorts', {
    course: 'PY-101', centre: 'C-BAK', starts_on: '2027-01-10', ends_on: '2027-02-10', capacity: 10,
    room: '101', instructors: ['ivan@example.org', 'olga@example.org'],
  }));
  cohortId = c.id;
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('a manager changes a cohort', () => {
  let b;
  before(async () => {
    b = server.browser();
    await b.login('mgr.bak@example.org', PW);
  });

  test('the details page links to the edit form, which shows the current values', async () => {
    const page = await b.get(`/admin/cohorts/${cohortId}`);
    assert.match(mainOf(page.text), new RegExp(`<a href="/admin/cohorts/${cohortId}/edit">Change the cohort</a>`));
    const form = await b.get(`/admin/cohorts/${cohortId}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /<label for="starts_on">First day<\/label>/);
    assert.match(form.text, /id="starts_on" name="starts_on" class="short" value="2027-01-10"/);
    assert.match(form.text, /id="capacity" name="capacity" class="short" inputmode="numeric" value="10"/);
    assert.match(form.text, /id="room" name="room" class="short" value="101"/);
  });

  test('bad input answers 422 with an error summary and changes nothing', async () => {
    const r = await b.post(`/admin/cohorts/${cohortId}/edit`, {
      title: '', starts_on: '2027-02-20', ends_on: '2027-02-10', capacity: '0', room: '101', enrol_mode: 'open', min_attendance: '120',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /The last day must not be before the first/);
    assert.match(r.text, /Enter the number of places as a whole number/);
    assert.match(r.text, /Enter a percentage from 0 to 100/);
    assert.match(r.text, /value="2027-02-20"/);
    assert.deepEqual(server.sql(`SELECT starts_on, capacity FROM cohorts WHERE id = ${cohortId}`), [['2027-01-10', '10']]);
    assert.equal(audits('cohort.update', cohortId), '0');
  });

  test('good input is saved, audited with before and after, and shown', async () => {
    const r = await b.post(`/admin/cohorts/${cohortId}/edit`, {
      title: 'Python, evening group', starts_on: '2027-01-12', ends_on: '2027-02-12', capacity: '',
      room: '204', enrol_mode: 'approval', min_attendance: '75',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, `/admin/cohorts/${cohortId}`);
    assert.deepEqual(server.sql(`SELECT title, starts_on, ends_on, capacity, room, enrol_mode, min_attendance FROM cohorts WHERE id = ${cohortId}`),
      [['Python, evening group', '2027-01-12', '2027-02-12', '', '204', 'approval', '75']]);
    assert.equal(audits('cohort.update', cohortId), '1');
    const [[changes]] = server.sql(`SELECT changes FROM audit_events WHERE action = 'cohort.update' AND object_id = '${cohortId}'`);
    const ch = JSON.parse(changes);
    assert.deepEqual(ch.room, { before: '101', after: '204' });
    assert.deepEqual(ch.capacity, { before: '10', after: '' });
    const page = mainOf((await b.get(r.location)).text);
    assert.match(page, /<h1>Python, evening group<\/h1>/);
    assert.match(page, /A manager approves each request/);
    assert.match(page, /No limit/);
  });

  test('a manager of another centre gets 403 on the form and its submission', async () => {
    const t = server.browser();
    await t.login('mgr.tas@example.org', PW);
    assert.equal((await t.get(`/admin/cohorts/${cohortId}/edit`)).status, 403);
    assert.equal((await t.post(`/admin/cohorts/${cohortId}/edit`, { starts_on: '2027-01-01', ends_on: '2027-01-02', room: 'X' })).status, 403);
    assert.equal(server.sql(`SELECT room FROM cohorts WHERE id = ${cohortId}`)[0][0], '204');
    assert.equal((await t.get('/admin/cohorts/999999/edit')).status, 404);
  });
});

describe('a manager removes an instructor', () => {
  test('after a confirmation page; audited; another centre is refused', async () => {
    const b = server.browser();
    await b.login('mgr.bak@example.org', PW);
    const [[olgaId]] = server.sql(`SELECT id FROM users WHERE email = 'olga@example.org'`);
    const url = `/admin/cohorts/${cohortId}/instructors/${olgaId}/remove`;
    const page = await b.get(`/admin/cohorts/${cohortId}`);
    assert.ok(page.text.includes(`<a href="${url}">Remove<span class="visually-hidden"> Olga Instructor</span></a>`));
    const t = server.browser();
    await t.login('mgr.tas@example.org', PW);
    assert.equal((await t.get(url)).status, 403);
    assert.equal((await t.post(url, {})).status, 403);
    const confirm = await b.get(url);
    assert.equal(confirm.status, 200);
    assert.match(mainOf(confirm.text), /Remove this instructor from the cohort\?[\s\S]*Olga Instructor \(olga@example.org\)/);
    const r = await b.post(url, {});
    assert.equal(r.status, 303);
    assert.equal(r.location, `/admin/cohorts/${cohortId}`);
    const names = server.sql(`SELECT u.email FROM cohort_instructors ci JOIN users u ON u.id = ci.user_id
      WHERE ci.cohort_id = ${cohortId} ORDER BY u.email`).map((x) => x[0]);
    assert.deepEqual(names, ['ivan@example.org']);
    const [[changes]] = server.sql(`SELECT changes FROM audit_events WHERE action = 'cohort.instructor_remove' AND object_id = '${cohortId}'`);
    assert.deepEqual(JSON.parse(changes).instructor, { before: 'olga@example.org', after: '' });
    assert.doesNotMatch(mainOf((await b.get(`/admin/cohorts/${cohortId}`)).text), /Olga Instructor/);
    // she is no longer one of them: the same link finds nothing
    assert.equal((await b.get(url)).status, 404);
  });
});

describe('enrolling into a cohort through the API', () => {
  let open, other;
  before(async () => {
    open = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'SEC-1', centre: 'C-BAK', starts_on: '2027-03-01', ends_on: '2027-03-31', capacity: 1,
    }));
    other = await apiOk(adminApi.post('/api/v1/cohorts', {
      course: 'PY-101', centre: 'C-BAK', starts_on: '2027-03-01', ends_on: '2027-03-31',
    }));
    server.addUser({ email: 'lea@example.org', name: 'Lea Learner', role: 'learner' });
    server.addUser({ email: 'max@example.org', name: 'Max Learner', role: 'learner' });
  });

  test('a learner enrols into a cohort of the course; the cohort is in the JSON', async () => {
    const lea = server.apiAs('lea@example.org');
    const e = await apiOk(lea.post('/api/v1/enrolments', { course: 'SEC-1', cohort: open.id }));
    assert.equal(e.cohort, open.id);
    assert.equal(e.course, 'SEC-1');
    assert.equal(e.status, 'active');
    assert.deepEqual(server.sql(`SELECT status, cohort_id FROM enrolments WHERE id = ${e.id}`), [['active', String(open.id)]]);
    assert.equal((await apiOk(lea.get(`/api/v1/enrolments/${e.id}`), 200)).cohort, open.id);
    const list = await apiOk(lea.get('/api/v1/enrolments'), 200);
    assert.deepEqual(list.items.map((i) => [i.course, i.cohort]), [['SEC-1', open.id]]);
    // twice: 409
    assert.equal((await lea.post('/api/v1/enrolments', { cohort: open.id })).status, 409);
  });

  test('the cohort alone is enough; its places fill and the next one waits', async () => {
    const max = server.apiAs('max@example.org');
    const e = await apiOk(max.post('/api/v1/enrolments', { cohort: open.id }));
    assert.equal(e.course, 'SEC-1');
    assert.equal(e.cohort, open.id);
    assert.equal(e.status, 'waitlisted');
  });

  test('a cohort of another course, an unknown cohort or a bad id answer 422 naming the field', async () => {
    const max = server.apiAs('max@example.org');
    for (const [body, msg] of [
      [{ course: 'SEC-1', cohort: other.id }, 'is not a cohort of this course'],
      [{ course: 'PY-101', cohort: 999999 }, 'is not a cohort'],
      [{ course: 'PY-101', cohort: 'one' }, 'must be a cohort id'],
    ]) {
      const r = await max.post('/api/v1/enrolments', body);
      assert.equal(r.status, 422, JSON.stringify(body));
      assert.match(r.headers.get('content-type'), /problem\+json/);
      assert.equal(r.json.errors.cohort, msg);
    }
    assert.equal(server.sql(`SELECT COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id
      WHERE u.email = 'max@example.org' AND e.course_id <> ${server.sql(`SELECT course_id FROM cohorts WHERE id = ${open.id}`)[0][0]}`)[0][0], '0');
  });

  test('an enrolment for the course itself has cohort null', async () => {
    const max = server.apiAs('max@example.org');
    const e = await apiOk(max.post('/api/v1/enrolments', { course: 'PY-101' }));
    assert.equal(e.cohort, null);
  });
});
