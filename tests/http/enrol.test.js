// Enrolment as learners and managers do it: open courses, a full course and
// its waitlist, approval, lessons done and completion, /my, a course's
// learners with their exports, enrolling people from a CSV file, and the
// enrolments API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, admin;

// A published course with one module of n lessons; answers the course as the API gives it.
async function course(code, { capacity = null, mode = 'open', lessons = 2, status = 'published', centre } = {}) {
  const body = {
    code, title: `Course ${code}`, language: 'en', topic: 'programming', delivery: 'online', status,
    enrol_mode: mode,
    modules: [{ title: 'M1', lessons: Array.from({ length: lessons }, (_, i) => ({ title: `L${i + 1}`, body: `Lesson ${i + 1}` })) }],
  };
  if (capacity !== null) body.capacity = capacity;
  if (centre) body.centre = centre;
  await apiOk(adminApi.post('/api/v1/courses', body));
  return apiOk(adminApi.get(`/api/v1/courses/${code}`), 200);
}

const lessonIds = (c) => c.modules.flatMap((m) => m.lessons.map((l) => l.id));

function status(email, code) {
  const rows = server.sql(`SELECT e.status FROM enrolments e JOIN users u ON u.id = e.user_id
    JOIN courses c ON c.id = e.course_id WHERE u.email = '${email}' AND c.code = '${code}'`);
  return rows.length ? rows[0][0] : null;
}

function audits(action) {
  return Number(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = '${action}'`)[0][0]);
}

async function learner(email, name = 'Lena Learner') {
  server.addUser({ email, name, role: 'learner' });
  const b = server.browser();
  await b.login(email, PW);
  return b;
}

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-ONE', name: 'Centre one', region: 'AAA', kind: 'regional' }));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('a learner enrols and learns', () => {
  let b, c;
  before(async () => {
    c = await course('OPEN-1', { lessons: 2 });
    await course('OPEN-2', { lessons: 1 });
    await apiOk(adminApi.post('/api/v1/programmes', { code: 'PROG-1', title: 'Programme one', courses: ['OPEN-1'], status: 'published' }));
    await apiOk(adminApi.post('/api/v1/programmes', { code: 'PROG-2', title: 'Programme two', courses: ['OPEN-1', 'OPEN-2'], status: 'published' }));
    b = await learner('ola@example.org', 'Ola Open');
  });

  test('before enrolling, /my says so and links to the courses', async () => {
    const r = await b.get('/my');
    assert.equal(r.status, 200);
    assert.match(mainOf(r.text), /You are not enrolled in any course yet\./);
    assert.match(mainOf(r.text), /href="\/courses"/);
  });

  test('marking a lesson done before enrolling is refused', async () => {
    const r = await b.post(`/courses/OPEN-1/lessons/${lessonIds(c)[0]}/done`);
    assert.equal(r.status, 403);
    assert.equal(server.sql("SELECT COUNT(*) FROM lesson_progress")[0][0], '0');
  });

  test('an open course enrols at once', async () => {
    const before = audits('enrolment.create');
    const r = await b.post('/courses/OPEN-1/enrol');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/courses/OPEN-1');
    const page = await b.get(r.location);
    assert.match(page.text, /You are enrolled/);
    assert.equal(status('ola@example.org', 'OPEN-1'), 'active');
    assert.equal(audits('enrolment.create'), before + 1);
    const again = await b.post('/courses/OPEN-1/enrol');
    assert.equal(again.status, 303);
    assert.match((await b.get(again.location)).text, /You are already enrolled in this course/);
  });

  test('/my shows the course with its progress and a link to continue', async () => {
    const r = await b.get('/my');
    const main = mainOf(r.text);
    assert.match(main, /Course OPEN-1/);
    assert.match(main, /0%/);
    assert.match(main, new RegExp(`href="/courses/OPEN-1/lessons/${lessonIds(c)[0]}"[^>]*>Continue`));
  });

  test('lessons done lead to the next lesson, then complete the course', async () => {
    const [l1, l2] = lessonIds(c);
    const r1 = await b.post(`/courses/OPEN-1/lessons/${l1}/done`);
    assert.equal(r1.status, 303);
    assert.equal(r1.location, `/courses/OPEN-1/lessons/${l2}`);
    assert.equal(server.sql("SELECT e.progress FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ola@example.org'")[0][0], '50');
    const mid = mainOf((await b.get('/my')).text);
    assert.match(mid, /50%/);
    const r2 = await b.post(`/courses/OPEN-1/lessons/${l2}/done`);
    assert.equal(r2.status, 303);
    assert.equal(r2.location, '/courses/OPEN-1');
    assert.match((await b.get(r2.location)).text, /You have completed the course/);
    const [[st, progress, done]] = server.sql(
      "SELECT e.status, e.progress, e.completed_at FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ola@example.org'");
    assert.equal(st, 'completed');
    assert.equal(progress, '100');
    assert.match(done, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(audits('enrolment.complete'), 1);
    const my = mainOf((await b.get('/my')).text);
    assert.match(my, /Completed courses/);
    assert.match(my, /Course OPEN-1/);
    assert.doesNotMatch(my, /Current courses/);
    // a programme of one course is complete; one of two is half way
    assert.match(my, /Programme one<\/a><\/td>\s*<td>1 of 1<\/td>\s*<td><span class="tag tag-green">Completed<\/span>/);
    assert.match(my, /Programme two<\/a><\/td>\s*<td>1 of 2<\/td>\s*<td><span class="tag tag-grey">In progress/);
    // marking again changes nothing, and the completion date stays
    await b.post(`/courses/OPEN-1/lessons/${l2}/done`);
    assert.equal(server.sql("SELECT e.completed_at FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ola@example.org'")[0][0], done);
  });

  test('a lesson marked not done lowers progress but keeps the completion', async () => {
    const [, l2] = lessonIds(c);
    const r = await b.post(`/courses/OPEN-1/lessons/${l2}/undone`);
    assert.equal(r.status, 303);
    assert.equal(r.location, `/courses/OPEN-1/lessons/${l2}`);
    const [[st, progress]] = server.sql(
      "SELECT e.status, e.progress FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ola@example.org'");
    assert.equal(st, 'completed');
    assert.equal(progress, '50');
    assert.equal(server.sql(`SELECT COUNT(*) FROM lesson_progress WHERE lesson_id = ${l2}`)[0][0], '0');
    assert.equal(audits('enrolment.lesson_undone'), 1);
  });
});

describe('a full course and its waitlist', () => {
  let first, second, third;
  before(async () => {
    await course('FULL-1', { capacity: 1 });
    first = await learner('fay@example.org', 'Fay First');
    second = await learner('sam@example.org', 'Sam Second');
    third = await learner('tia@example.org', 'Tia Third');
  });

  test('the second and third learners wait in order', async () => {
    await first.post('/courses/FULL-1/enrol');
    assert.equal(status('fay@example.org', 'FULL-1'), 'active');
    const r2 = await second.post('/courses/FULL-1/enrol');
    assert.match((await second.get(r2.location)).text, /You are on the waitlist \(place 1\)/);
    const r3 = await third.post('/courses/FULL-1/enrol');
    assert.match((await third.get(r3.location)).text, /You are on the waitlist \(place 2\)/);
    assert.equal(status('sam@example.org', 'FULL-1'), 'waitlisted');
    assert.equal(status('tia@example.org', 'FULL-1'), 'waitlisted');
    const my = mainOf((await third.get('/my')).text);
    assert.match(my, /On the waitlist/);
    assert.match(my, /place 2/);
  });

  test('withdrawing asks first, then gives the place to the first in line', async () => {
    const ask = await first.get('/courses/FULL-1/withdraw');
    assert.equal(ask.status, 200);
    assert.match(mainOf(ask.text), /Withdraw from Course FULL-1\?/);
    assert.match(ask.text, /<form method="post" action="\/courses\/FULL-1\/withdraw"/);
    assert.equal(status('fay@example.org', 'FULL-1'), 'active');
    const r = await first.post('/courses/FULL-1/withdraw');
    assert.equal(r.status, 303);
    assert.match((await first.get(r.location)).text, /You have withdrawn from the course/);
    assert.equal(status('fay@example.org', 'FULL-1'), 'withdrawn');
    assert.equal(status('sam@example.org', 'FULL-1'), 'active');
    assert.equal(status('tia@example.org', 'FULL-1'), 'waitlisted');
    assert.equal(audits('enrolment.promote'), 1);
    assert.equal(audits('enrolment.withdraw'), 1);
    const my = mainOf((await third.get('/my')).text);
    assert.match(my, /place 1/);
  });

  test('enrolling again after withdrawing reuses the row and waits', async () => {
    await first.post('/courses/FULL-1/enrol');
    assert.equal(status('fay@example.org', 'FULL-1'), 'waitlisted');
    const n = server.sql("SELECT COUNT(*) FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'fay@example.org'");
    assert.equal(n[0][0], '1');
  });

  test('concurrent enrolments never overfill a course', async () => {
    await course('RACE-1', { capacity: 2 });
    const people = [];
    for (let i = 0; i < 6; i++) {
      const email = `race${i}@example.org`;
      server.addUser({ email, name: `Racer ${i}`, role: 'learner' });
      people.push(server.apiAs(email));
    }
    const res = await Promise.all(people.map((p) => p.post('/api/v1/enrolments', { course: 'RACE-1' })));
    for (const r of res) assert.equal(r.status, 201, r.text);
    const counts = Object.fromEntries(server.sql(
      "SELECT e.status, COUNT(*) FROM enrolments e JOIN courses c ON c.id = e.course_id WHERE c.code = 'RACE-1' GROUP BY e.status"));
    assert.equal(counts.active, '2');
  });
});

describe('a course on approval', () => {
  let b, b2;
  before(async () => {
    await course('APPR-1', { mode: 'approval', capacity: 5 });
    b = await learner('ann@example.org', 'Ann Asker');
    b2 = await learner('dan@example.org', 'Dan Declined');
  });

  test('a request waits for a decision, then is approved or declined', async () => {
    const r = await b.post('/courses/APPR-1/enrol');
    assert.match((await b.get(r.location)).text, /Your request was sent/);
    assert.equal(status('ann@example.org', 'APPR-1'), 'requested');
    await b2.post('/courses/APPR-1/enrol');

    const denied = await b.get('/courses/APPR-1/requests');
    assert.equal(denied.status, 403);

    const a = server.browser();
    await a.login(admin.email, PW);
    const page = await a.get('/courses/APPR-1/requests');
    assert.equal(page.status, 200);
    assert.match(page.text, /ann@example\.org/);
    const id = server.sql("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'ann@example.org'")[0][0];
    const id2 = server.sql("SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'dan@example.org'")[0][0];
    assert.match(page.text, new RegExp(`action="/courses/APPR-1/requests/${id}/approve"`));
    const ok = await a.post(`/courses/APPR-1/requests/${id}/approve`);
    assert.equal(ok.status, 303);
    assert.equal(status('ann@example.org', 'APPR-1'), 'active');
    const no = await a.post(`/courses/APPR-1/requests/${id2}/decline`);
    assert.equal(no.status, 303);
    assert.equal(status('dan@example.org', 'APPR-1'), 'withdrawn');
    assert.equal(audits('enrolment.approve'), 1);
    assert.equal(audits('enrolment.decline'), 1);
    // a decided request cannot be decided again
    const again = await a.post(`/courses/APPR-1/requests/${id}/decline`);
    assert.equal(again.status, 303);
    assert.equal(status('ann@example.org', 'APPR-1'), 'active');
  });

  test('a draft course takes no self-enrolment', async () => {
    await course('DRAFT-1', { status: 'draft' });
    const r = await b.post('/courses/DRAFT-1/enrol');
    assert.equal(r.status, 404);
    assert.equal(status('ann@example.org', 'DRAFT-1'), null);
  });
});

describe('a course\'s learners and their exports', () => {
  let lb, a;
  before(async () => {
    await course('LIST-1');
    lb = await learner('lou@example.org', 'Lou "Quote", Jr');
    await lb.post('/courses/LIST-1/enrol');
    a = server.browser();
    await a.login(admin.email, PW);
  });

  test('a learner may not see the learners', async () => {
    assert.equal((await lb.get('/courses/LIST-1/learners')).status, 403);
    assert.equal((await lb.get('/courses/LIST-1/learners.csv')).status, 403);
    assert.equal((await lb.get('/courses/LIST-1/learners.xlsx')).status, 403);
  });

  test('the admin sees them, filters them and downloads them', async () => {
    const r = await a.get('/courses/LIST-1/learners');
    assert.equal(r.status, 200);
    assert.match(mainOf(r.text), /lou@example\.org/);
    assert.match(mainOf(r.text), /In progress/);
    const none = await a.get('/courses/LIST-1/learners?status=completed');
    assert.doesNotMatch(mainOf(none.text), /lou@example\.org/);
    assert.match(mainOf(none.text), /No learners match your search\./);
    const found = await a.get('/courses/LIST-1/learners?q=lou');
    assert.match(mainOf(found.text), /lou@example\.org/);

    const csv = await fetch(`${server.url}/courses/LIST-1/learners.csv`, { headers: { cookie: a.cookieHeader() } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), /attachment; filename="LIST-1-learners\.csv"/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').split('\r\n');
    assert.equal(lines[0], 'email,full_name,status,progress,last_activity_at,completed_at,enrolled_at');
    assert.match(lines[1], /^lou@example\.org,"Lou ""Quote"", Jr",active,0,/);

    const x = await fetch(`${server.url}/courses/LIST-1/learners.xlsx`, { headers: { cookie: a.cookieHeader() } });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-disposition'), /filename="LIST-1-learners\.xlsx"/);
    const xb = Buffer.from(await x.arrayBuffer());
    assert.equal(xb.subarray(0, 2).toString('latin1'), 'PK');
    const file = join(server.dir, 'learners.xlsx');
    writeFileSync(file, xb);
    const list = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
    assert.match(list.stdout, /xl\/worksheets\/sheet1\.xml/);
    const strings = spawnSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
    assert.match(strings.stdout, /lou@example\.org/);
  });
});

describe('managers enrol people', () => {
  let a;
  before(async () => {
    await course('BULK-1', { capacity: 10 });
    for (const [email, name] of [['pia@example.org', 'Pia'], ['raf@example.org', 'Raf']])
      server.addUser({ email, name, role: 'learner' });
    a = server.browser();
    await a.login(admin.email, PW);
  });

  test('a CSV file with an unknown e-mail enrols nobody', async () => {
    const r = await a.upload('/courses/BULK-1/enrol-people/csv', {}, {
      file: { name: 'people.csv', content: 'email\npia@example.org\nnobody@example.org\n' },
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is no one with this e-mail address/);
    assert.doesNotMatch(r.text, /Enrol 1 people/);
    assert.equal(status('pia@example.org', 'BULK-1'), null);
    // and the confirmation, forged, is checked again
    const forged = await a.post('/courses/BULK-1/enrol-people/confirm', { source: 'csv', emails: 'pia@example.org,nobody@example.org' });
    assert.equal(forged.status, 422);
    assert.equal(status('pia@example.org', 'BULK-1'), null);
  });

  test('a good file is shown first and enrolled on confirmation', async () => {
    const r = await a.upload('/courses/BULK-1/enrol-people/csv', {}, {
      file: { name: 'people.csv', content: '\uFEFFemail\r\nPIA@example.org\r\nraf@example.org\r\n' },
    });
    assert.equal(r.status, 200, r.text);
    assert.match(r.text, /Enrol 2 people/);
    assert.equal(status('pia@example.org', 'BULK-1'), null);
    const emails = r.text.match(/name="emails" value="([^"]*)"/)[1];
    const ok = await a.post('/courses/BULK-1/enrol-people/confirm', { source: 'csv', emails });
    assert.equal(ok.status, 303, ok.text);
    assert.equal(ok.location, '/courses/BULK-1/learners');
    assert.match((await a.get(ok.location)).text, /2 people enrolled/);
    assert.equal(status('pia@example.org', 'BULK-1'), 'active');
    assert.equal(status('raf@example.org', 'BULK-1'), 'active');
  });

  test('one person by e-mail, and an unknown one is an error on the form', async () => {
    server.addUser({ email: 'uma@example.org', name: 'Uma', role: 'learner' });
    const bad = await a.post('/courses/BULK-1/enrol-people', { action: 'one', email: 'who@example.org' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /There is no one with this e-mail address/);
    const ok = await a.post('/courses/BULK-1/enrol-people', { action: 'one', email: 'uma@example.org' });
    assert.equal(ok.status, 303);
    assert.equal(status('uma@example.org', 'BULK-1'), 'active');
  });
});

describe('a manager enrols only people in their scope', () => {
  test('someone outside the scope is refused on the form and in the API', async () => {
    await course('SCOPE-1', { centre: 'C-ONE' });
    server.addUser({ email: 'mia@example.org', name: 'Mia Manager', role: 'manager@C-ONE' });
    server.addUser({ email: 'nomad@example.org', name: 'No Centre', role: 'learner' });
    const m = server.browser();
    await m.login('mia@example.org', PW);
    assert.equal((await m.get('/courses/SCOPE-1/learners')).status, 200);
    assert.equal((await m.get('/courses/OPEN-1/learners')).status, 403);
    const r = await m.post('/courses/SCOPE-1/enrol-people', { action: 'one', email: 'nomad@example.org' });
    assert.equal(r.status, 422);
    assert.match(r.text, /This person is outside your scope/);
    const api = server.apiAs('mia@example.org');
    const a = await api.post('/api/v1/enrolments', { course: 'SCOPE-1', user: 'nomad@example.org' });
    assert.equal(a.status, 403);
    assert.equal(status('nomad@example.org', 'SCOPE-1'), null);
  });
});

describe('the enrolments API', () => {
  let me, other;
  before(async () => {
    await course('API-1', { lessons: 1 });
    server.addUser({ email: 'api.learner@example.org', name: 'Api Learner', role: 'learner' });
    server.addUser({ email: 'api.other@example.org', name: 'Api Other', role: 'learner' });
    me = server.apiAs('api.learner@example.org');
    other = server.apiAs('api.other@example.org');
  });

  test('a learner enrols themself; twice is a conflict', async () => {
    const e = await apiOk(me.post('/api/v1/enrolments', { course: 'API-1' }));
    assert.equal(e.user, 'api.learner@example.org');
    assert.equal(e.course, 'API-1');
    assert.equal(e.status, 'active');
    assert.equal(e.progress, 0);
    assert.equal(e.completed_at, null);
    const again = await me.post('/api/v1/enrolments', { course: 'API-1' });
    assert.equal(again.status, 409);
    assert.match(again.headers.get('content-type'), /application\/problem\+json/);
  });

  test('bad fields are 422, enrolling someone else is 403 for a learner', async () => {
    const missing = await me.post('/api/v1/enrolments', {});
    assert.equal(missing.status, 422);
    assert.ok(missing.json.errors.course);
    const unknown = await me.post('/api/v1/enrolments', { course: 'NOPE-9' });
    assert.equal(unknown.status, 422);
    const r = await me.post('/api/v1/enrolments', { course: 'API-1', user: 'api.other@example.org' });
    assert.equal(r.status, 403);
    assert.equal(status('api.other@example.org', 'API-1'), null);
  });

  test('the admin enrols someone else; lists show each their own', async () => {
    const e = await apiOk(adminApi.post('/api/v1/enrolments', { course: 'API-1', user: 'api.other@example.org' }));
    assert.equal(e.user, 'api.other@example.org');
    const mine = await apiOk(me.get('/api/v1/enrolments?course=API-1'), 200);
    assert.deepEqual(mine.items.map((i) => i.user), ['api.learner@example.org']);
    assert.equal(mine.next_cursor, null);
    const all = await apiOk(adminApi.get('/api/v1/enrolments?course=API-1'), 200);
    assert.deepEqual(all.items.map((i) => i.user).sort(), ['api.learner@example.org', 'api.other@example.org']);
    const page = await apiOk(adminApi.get('/api/v1/enrolments?course=API-1&limit=1'), 200);
    assert.equal(page.items.length, 1);
    assert.ok(page.next_cursor);
    const byUser = await apiOk(adminApi.get('/api/v1/enrolments?user=API.OTHER@example.org'), 200);
    assert.deepEqual(byUser.items.map((i) => i.course), ['API-1']);
    const notMine = await other.get(`/api/v1/enrolments/${mine.items[0].id}`);
    assert.equal(notMine.status, 403);
  });

  test('progress, a lesson done through the API, and withdrawal', async () => {
    const c = await apiOk(adminApi.get('/api/v1/courses/API-1'), 200);
    const [lesson] = lessonIds(c);
    const id = (await apiOk(me.get('/api/v1/enrolments?course=API-1'), 200)).items[0].id;
    const p0 = await apiOk(me.get(`/api/v1/enrolments/${id}/progress`), 200);
    assert.deepEqual(p0.lessons, [{ id: lesson, done: false, completed_at: null }]);
    const done = await apiOk(me.post(`/api/v1/lessons/${lesson}/done`), 200);
    assert.equal(done.status, 'completed');
    assert.equal(done.progress, 100);
    const p1 = await apiOk(me.get(`/api/v1/enrolments/${id}/progress`), 200);
    assert.equal(p1.progress, 100);
    assert.equal(p1.lessons[0].done, true);
    const outsider = server.apiAs(server.addUser({ email: 'api.out@example.org', name: 'Out', role: 'learner' }).email);
    assert.equal((await outsider.post(`/api/v1/lessons/${lesson}/done`)).status, 403);

    const otherId = (await apiOk(other.get('/api/v1/enrolments'), 200)).items[0].id;
    const w = await apiOk(other.request('DELETE', `/api/v1/enrolments/${otherId}`), 200);
    assert.equal(w.status, 'withdrawn');
    const w2 = await other.request('DELETE', `/api/v1/enrolments/${otherId}`);
    assert.equal(w2.status, 409);
    const again = await apiOk(other.post('/api/v1/enrolments', { course: 'API-1' }));
    assert.equal(again.id, otherId);
    assert.equal(again.status, 'active');
    const w3 = await apiOk(other.post(`/api/v1/enrolments/${otherId}/withdraw`), 200);
    assert.equal(w3.status, 'withdrawn');
    assert.equal((await me.get('/api/v1/enrolments/999999')).status, 404);
  });
});

describe('/my costs the same however many courses', () => {
  test('one course and five courses run the same number of statements', async () => {
    const b = await learner('many@example.org', 'Many Courses');
    for (let i = 1; i <= 5; i++) await course(`MANY-${i}`);
    const cost = async () => {
      const n = server.accessLog.length;
      const r = await b.get('/my');
      assert.equal(r.status, 200);
      // the line is written once the response is sent: wait for it
      const mine = () => server.accessLog.slice(n).map((l) => JSON.parse(l)).find((l) => l.path === '/my');
      for (let i = 0; i < 100 && !mine(); i++) await new Promise((ok) => setTimeout(ok, 20));
      assert.ok(mine(), 'no access log line for /my');
      return mine().sql;
    };
    await b.post('/courses/MANY-1/enrol');
    const one = await cost();
    assert.equal(typeof one, 'number');
    for (let i = 2; i <= 5; i++) await b.post(`/courses/MANY-${i}/enrol`);
    const five = await cost();
    assert.match(mainOf((await b.get('/my')).text), /Course MANY-5/);
    assert.equal(five, one);
  });
});
