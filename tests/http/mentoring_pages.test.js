// Mentoring's pages (issue 18), without JavaScript: a learner asks for a mentor (errors in
// their language), a coordinator proposes a suggested mentor, both sides accept, meetings are
// logged and confirmed on the mentorship's page, the statement of hours and the CSV/XLSX count
// only confirmed ones, closing asks first and needs a reason, the optimal assignment is
// reviewed and confirmed, requests are opened for a cohort, and the pages cost a fixed number
// of statements however much data there is.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';
import { readXlsx } from '../lib/xlsx.js';

const PW = 'correct horse battery';
let server, admin;
const api = {};
const b = {};
const day = (offset) => new Date(Date.now() - offset * 86400000).toISOString().slice(0, 10);
const idOf = (location) => Number(location.match(/\/mentoring\/(\d+)/)[1]);

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  api.admin = server.apiAs(admin.email);
  await apiOk(api.admin.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(api.admin.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku', region: 'AAA', kind: 'regional', timezone: 'Asia/Baku' }));
  await apiOk(api.admin.post('/api/v1/centres', { code: 'C-GAN', name: 'Ganja', region: 'AAA', kind: 'regional', timezone: 'Asia/Baku' }));
  const people = [
    ['coord', 'Cora Coordinator', 'manager@C-BAK'], ['other', 'Oleg Other', 'manager@C-GAN'],
    ['mentor1', 'Mina Mentor', 'mentor'], ['mentor2', 'Murad Mentor', 'mentor'],
    ['learner1', 'Lala Learner', 'learner'], ['learner2', 'Leyla Learner', 'learner'],
    ['learner3', 'Lev Learner', 'learner'],
  ];
  for (const [who, name, role] of people) server.addUser({ email: `${who}@example.org`, name, role });
  api.learner3 = server.apiAs('learner3@example.org');
  server.sql("UPDATE users SET centre_id = (SELECT id FROM centres WHERE code = 'C-BAK') WHERE email LIKE 'learner%'");
  await apiOk(api.admin.request('PUT', '/api/v1/mentors/mentor1@example.org', {
    skills: ['programming', 'data-science'], languages: ['az', 'en'], centre: 'C-BAK', capacity: 2, volunteer_programme: 'KOICA World Friends',
  }), 200);
  await apiOk(api.admin.request('PUT', '/api/v1/mentors/mentor2@example.org', {
    skills: ['english'], languages: ['ru'], centre: 'C-BAK', capacity: 1,
  }), 200);
  for (const who of ['coord', 'other', 'mentor1', 'mentor2', 'learner1', 'learner2', 'learner3', 'admin']) {
    b[who] = server.browser();
    await b[who].login(`${who}@example.org`, PW);
  }
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('from a request to a closed mentorship, on the pages', () => {
  let msId;

  test('a learner without a mentor sees the request form; errors come in their language', async () => {
    const page = await b.learner1.get('/mentoring');
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), /action="\/mentoring\/request"/);
    const bad = await b.learner1.post('/mentoring/request', { goals: '', mode: 'online', language: 'az', skills: ['juggling'] });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /class="error-summary"/);
    assert.match(mainOf(bad.text), /Say what you would like help with/);
    assert.match(mainOf(bad.text), /Choose skills from the list/);
    const ok = await b.learner1.post('/mentoring/request', { goals: 'Learn data analysis', skills: ['data-science', 'programming'], language: 'az', mode: 'online' });
    assert.equal(ok.status, 303);
    const after = await b.learner1.get('/mentoring');
    assert.match(mainOf(after.text), /Your request for a mentor/);
    assert.match(mainOf(after.text), /Learn data analysis/);
    assert.doesNotMatch(mainOf(after.text), /action="\/mentoring\/request"/);
  });

  test('the coordinator sees the request with ranked suggestions and their reasons, and proposes one', async () => {
    const page = await b.coord.get('/admin/mentoring');
    assert.equal(page.status, 200);
    const main = mainOf(page.text);
    assert.match(main, /Lala Learner/);
    const first = main.indexOf('Mina Mentor');
    assert.ok(first > 0, 'Mina is suggested');
    assert.match(main, /skills 40 of 40; shares the language; same centre/);
    // another centre's manager does not see the learner's request
    assert.doesNotMatch(mainOf((await b.other.get('/admin/mentoring')).text), /Lala Learner/);
    // a learner may not open the coordinator's page
    assert.equal((await b.learner1.get('/admin/mentoring')).status, 403);
    const rid = server.sql("SELECT id FROM mentoring_requests WHERE status = 'open'")[0][0];
    const r = await b.coord.post('/admin/mentoring/propose', { request: rid, mentor: 'mentor1@example.org', back: '/admin/mentoring' });
    assert.equal(r.status, 303);
    msId = Number(server.sql("SELECT id FROM mentorships WHERE status = 'proposed'")[0][0]);
    assert.equal(server.sql(`SELECT status FROM mentoring_requests WHERE id = ${rid}`)[0][0], 'matched');
  });

  test('both sides accept on their page; a third learner cannot see it', async () => {
    const mine = await b.mentor1.get('/mentoring');
    assert.match(mainOf(mine.text), new RegExp(`action="/mentoring/${msId}/accept"`));
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/accept`)).status, 303);
    assert.equal((await b.learner1.post(`/mentoring/${msId}/accept`)).status, 303);
    assert.equal(server.sql(`SELECT status FROM mentorships WHERE id = ${msId}`)[0][0], 'active');
    assert.equal((await b.learner2.get(`/mentoring/${msId}`)).status, 404);
    assert.equal((await b.learner2.post(`/mentoring/${msId}/accept`)).status, 404);
    assert.equal((await b.other.get(`/mentoring/${msId}`)).status, 404);
  });

  test('a meeting is logged with errors shown, then confirmed by the other side only', async () => {
    const bad = await b.mentor1.post(`/mentoring/${msId}/meetings`, { held_on: '2026-02-30', minutes: '', mode: 'online' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Enter a date like 2026-03-31/);
    assert.match(bad.text, /Enter the minutes, from 1 to 1440/);
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/meetings`, { held_on: day(3), minutes: '90', mode: 'online', notes: 'Pandas basics' })).status, 303);
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/meetings`, { held_on: day(1), minutes: '30', mode: 'in-person', centre: 'C-BAK' })).status, 303);
    const [m1, m2] = server.sql(`SELECT id FROM mentoring_meetings WHERE mentorship_id = ${msId} ORDER BY id`).map((r) => r[0]);
    // the mentor sees no confirm button on what they logged; the mentee does
    assert.doesNotMatch(mainOf((await b.mentor1.get(`/mentoring/${msId}`)).text), /meetings\/\d+\/confirm/);
    const page = await b.learner1.get(`/mentoring/${msId}`);
    assert.match(mainOf(page.text), new RegExp(`meetings/${m1}/confirm`));
    assert.match(mainOf(page.text), /Pandas basics/);
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/meetings/${m1}/confirm`)).status, 403);
    assert.equal((await b.learner1.post(`/mentoring/${msId}/meetings/${m1}/confirm`)).status, 303);
    assert.equal(Number(server.sql(`SELECT COUNT(*) FROM mentoring_meetings WHERE id = ${m2} AND confirmed_at IS NULL`)[0][0]), 1);
    assert.match(mainOf((await b.learner1.get(`/mentoring/${msId}`)).text), /1\.50/);
  });

  test('goals: the pair adds them and changes their status on the page; a coordinator too; others cannot', async () => {
    const bad = await b.learner1.post(`/mentoring/${msId}/goals`, { title: '' });
    assert.equal(bad.status, 422);
    assert.match(mainOf(bad.text), /Enter the goal in up to 300 characters/);
    assert.match(mainOf(bad.text), /href="#title"/);
    assert.equal((await b.learner1.post(`/mentoring/${msId}/goals`, { title: 'Build a portfolio' })).status, 303);
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/goals`, { title: 'Apply for three jobs' })).status, 303);
    const [g1, g2] = server.sql(`SELECT id FROM mentorship_goals WHERE mentorship_id = ${msId} ORDER BY id`).map((r) => r[0]);
    const page = await b.mentor1.get(`/mentoring/${msId}`);
    assert.match(mainOf(page.text), /Build a portfolio/);
    assert.match(mainOf(page.text), new RegExp(`action="/mentoring/${msId}/goals/${g1}"`));
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/goals/${g1}`, { status: 'achieved' })).status, 303);
    assert.equal((await b.coord.post(`/mentoring/${msId}/goals/${g2}`, { status: 'dropped' })).status, 303);
    // a status that does not exist changes nothing
    assert.equal((await b.learner1.post(`/mentoring/${msId}/goals/${g2}`, { status: 'won' })).status, 303);
    assert.deepEqual(server.sql(`SELECT status FROM mentorship_goals WHERE mentorship_id = ${msId} ORDER BY id`).map((r) => r[0]), ['achieved', 'dropped']);
    assert.match(mainOf((await b.learner1.get(`/mentoring/${msId}`)).text), /Choose open, achieved or dropped/);
    // the API sees the same
    const goals = await apiOk(server.apiAs('learner1@example.org').get(`/api/v1/mentorships/${msId}/goals`), 200);
    assert.deepEqual(goals.items.map((g) => [g.title, g.status]), [['Build a portfolio', 'achieved'], ['Apply for three jobs', 'dropped']]);
    // a third learner and another centre's manager are told it does not exist
    assert.equal((await b.learner2.post(`/mentoring/${msId}/goals`, { title: 'Mine' })).status, 404);
    assert.equal((await b.other.post(`/mentoring/${msId}/goals/${g1}`, { status: 'open' })).status, 404);
    assert.equal((await b.learner1.post(`/mentoring/${msId}/goals/999999`, { status: 'open' })).status, 404);
    const audit = server.sql("SELECT action FROM audit_events WHERE object_type = 'mentorship_goal' ORDER BY id").map((r) => r[0]);
    assert.deepEqual(audit, ['mentorship_goal.create', 'mentorship_goal.create', 'mentorship_goal.update', 'mentorship_goal.update']);
  });

  test('the statement and the CSV/XLSX count confirmed hours only', async () => {
    const st = await b.mentor1.get('/mentoring/statement');
    assert.equal(st.status, 200);
    assert.match(mainOf(st.text), /Statement of mentoring hours/);
    assert.match(mainOf(st.text), /1\.50/);
    assert.match(mainOf(st.text), /KOICA World Friends/);
    // another mentor cannot print Mina's; her coordinator can
    assert.equal((await b.mentor2.get('/mentoring/statement?mentor=mentor1@example.org')).status, 403);
    assert.equal((await b.coord.get('/mentoring/statement?mentor=mentor1@example.org')).status, 200);
    const csv = await b.coord.get('/admin/mentoring/hours.csv');
    assert.equal(csv.status, 200);
    const lines = csv.text.trim().split(/\r?\n/);
    assert.equal(lines[0], 'email,name,centre,volunteer_programme,capacity,active,confirmed_hours,confirmed_meetings');
    assert.ok(lines.some((l) => l.startsWith('mentor1@example.org,Mina Mentor,C-BAK,KOICA World Friends,2,1,1.50,1')), csv.text);
    const res = await fetch(`${server.url}/admin/mentoring/hours.xlsx`, { headers: { cookie: b.coord.cookieHeader() } });
    assert.equal(res.status, 200);
    const x = readXlsx(Buffer.from(await res.arrayBuffer()));
    const row = x.rows.find((r) => r[0] === 'mentor1@example.org');
    assert.ok(row);
    assert.equal(String(row[6]), '1.50');
    const mentors = await b.coord.get('/admin/mentoring?show=mentors');
    assert.match(mainOf(mentors.text), /Mina Mentor/);
    assert.match(mainOf(mentors.text), /1 \/ 2/);
  });

  test('closing asks first, needs a reason, and takes feedback; the other side gives theirs after', async () => {
    const ask = await b.learner1.get(`/mentoring/${msId}/close`);
    assert.equal(ask.status, 200);
    assert.match(mainOf(ask.text), /Closing ends the mentorship/);
    const bad = await b.learner1.post(`/mentoring/${msId}/close`, { closed_reason: '', feedback: 'Great' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Say why the mentorship ends/);
    assert.equal(server.sql(`SELECT status FROM mentorships WHERE id = ${msId}`)[0][0], 'active');
    assert.equal((await b.learner1.post(`/mentoring/${msId}/close`, { closed_reason: 'Goals reached', feedback: 'Great help' })).status, 303);
    const [[status, reason, fb]] = server.sql(`SELECT status, closed_reason, mentee_feedback FROM mentorships WHERE id = ${msId}`);
    assert.deepEqual([status, reason, fb], ['closed', 'Goals reached', 'Great help']);
    const page = await b.mentor1.get(`/mentoring/${msId}`);
    assert.match(mainOf(page.text), new RegExp(`action="/mentoring/${msId}/feedback"`));
    assert.equal((await b.mentor1.post(`/mentoring/${msId}/feedback`, { feedback: 'A keen learner' })).status, 303);
    assert.equal(server.sql(`SELECT mentor_feedback FROM mentorships WHERE id = ${msId}`)[0][0], 'A keen learner');
  });
});

describe('the assignment for all open requests', () => {
  test('the coordinator reviews the optimal pairs, unticks none, and confirms them', async () => {
    for (const who of ['learner2', 'learner3'])
      assert.equal((await b[who].post('/mentoring/request', { goals: 'English', skills: ['english'], language: 'ru', mode: 'online' })).status, 303);
    const page = await b.coord.get('/admin/mentoring/assignment');
    assert.equal(page.status, 200);
    const values = [...page.text.matchAll(/name="pair" value="([^"]+)"/g)].map((m) => m[1]);
    // mentor2 (English, one place) and mentor1 (two places): each request gets one, none twice over capacity
    assert.equal(values.length, 2);
    const r = await b.coord.post('/admin/mentoring/assignment', { pair: values, status: 'active' });
    assert.equal(r.status, 303);
    const rows = server.sql("SELECT mentor_id, status FROM mentorships WHERE status = 'active'");
    assert.equal(rows.length, 2);
    assert.equal(server.sql("SELECT COUNT(*) FROM mentoring_requests WHERE status = 'open'")[0][0], '0');
    // a second confirmation of the same pairs is refused, not doubled
    const again = await b.coord.post('/admin/mentoring/assignment', { pair: values, status: 'active' });
    assert.equal(again.status, 303);
    assert.equal(server.sql("SELECT COUNT(*) FROM mentorships WHERE status = 'active'")[0][0], '2');
    const list = await b.coord.get('/admin/mentoring?show=mentorships&status=active');
    assert.match(mainOf(list.text), /Leyla Learner/);
  });

  test('a proposal past capacity is refused with a clear message on the page', async () => {
    // mentor2 is full (1 of 1): the coordinator confirms a proposal to her
    const p = await apiOk(api.admin.post('/api/v1/mentorships', { mentor: 'mentor2@example.org', mentee: 'learner1@example.org' }));
    const r = await b.coord.post(`/mentoring/${p.id}/confirm`);
    assert.equal(r.status, 303);
    const page = await b.coord.get(r.location);
    assert.match(page.text, /The mentor has no free place: their capacity is reached/);
    assert.equal(server.sql(`SELECT status FROM mentorships WHERE id = ${p.id}`)[0][0], 'proposed');
    // declining asks first
    const ask = await b.learner1.get(`/mentoring/${p.id}/decline`);
    assert.match(mainOf(ask.text), /Declining ends this proposal/);
    assert.equal((await b.learner1.post(`/mentoring/${p.id}/decline`)).status, 303);
    assert.equal(server.sql(`SELECT status FROM mentorships WHERE id = ${p.id}`)[0][0], 'declined');
  });
});

describe('requests for a cohort', () => {
  test('the form lists the cohorts of the coordinator\'s centres; a wrong one is refused; a good one opens requests and says how many', async () => {
    const bad = await b.coord.post('/admin/mentoring/cohort', { cohort: '999', goals: 'First job', language: 'az', mode: 'online' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /Choose a cohort of your centres/);
    assert.match(mainOf(bad.text), /None of your centres has a cohort/);
    // a cohort at Baku with two learners, and a third who has an open request already
    await apiOk(api.admin.post('/api/v1/courses', { code: 'DS-101', title: 'Data science', language: 'en', topic: 'cybersecurity', delivery: 'blended', centre: 'C-BAK', status: 'published' }));
    const co = await apiOk(api.admin.post('/api/v1/cohorts', { course: 'DS-101', centre: 'C-BAK', starts_on: day(10), ends_on: day(-30) }));
    await apiOk(api.learner3.post('/api/v1/mentoring/requests', { goals: 'Already asked', language: 'en' }));
    for (const who of ['learner1', 'learner2', 'learner3'])
      await apiOk(api.admin.post('/api/v1/enrolments', { course: 'DS-101', cohort: co.id, user: `${who}@example.org` }));
    // an old cohort (ended two years ago) and another centre's are not offered
    const old = await apiOk(api.admin.post('/api/v1/cohorts', { course: 'DS-101', centre: 'C-BAK', title: 'Old group', starts_on: day(800), ends_on: day(760) }));
    const gan = await apiOk(api.admin.post('/api/v1/cohorts', { course: 'DS-101', centre: 'C-GAN', title: 'Ganja group', starts_on: day(10), ends_on: day(-30) }));
    const form = mainOf((await b.coord.get('/admin/mentoring/cohort')).text);
    assert.match(form, new RegExp(`<option value="${co.id}">Data science · Baku · [^<]+ · 3 learners</option>`));
    assert.doesNotMatch(form, new RegExp(`value="${old.id}"`));
    assert.doesNotMatch(form, new RegExp(`value="${gan.id}"`));
    assert.match(mainOf((await b.other.get('/admin/mentoring/cohort')).text), new RegExp(`<option value="${gan.id}">Ganja group · Ganja`));
    const r = await b.coord.post('/admin/mentoring/cohort', { cohort: String(co.id), goals: 'First job', skills: ['programming'], language: 'az', mode: 'online' });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.match(mainOf((await b.coord.get('/admin/mentoring')).text), /Requests opened for the cohort: 2\. Learners left as they were [^:]*: 1\./);
    assert.equal(server.sql("SELECT COUNT(*) FROM mentoring_requests WHERE status = 'open'")[0][0], '3');
    assert.equal(server.sql("SELECT goals FROM mentoring_requests rq JOIN users u ON u.id = rq.mentee_id WHERE u.email = 'learner3@example.org' AND rq.status = 'open'")[0][0], 'Already asked');
    // another centre's manager may not
    const other = await b.other.post('/admin/mentoring/cohort', { cohort: String(co.id), goals: 'x', language: 'az', mode: 'online' });
    assert.equal(other.status, 422);
  });
});

test("a form's errors come in the reader's language", async () => {
  const br = server.browser();
  server.addUser({ email: 'rus@example.org', name: 'Ruslan', role: 'learner' });
  server.sql("UPDATE users SET language = 'ru' WHERE email = 'rus@example.org'");
  br.lang = 'ru';
  await br.login('rus@example.org', PW);
  const bad = await br.post('/mentoring/request', { goals: '', mode: 'online', language: 'ru' });
  assert.equal(bad.status, 422);
  assert.match(mainOf(bad.text), /Напишите, с чем вам нужна помощь/);
});

describe('the pages cost a fixed number of statements', () => {
  test('/admin/mentoring, /mentoring and a mentorship page do not grow with the data', async () => {
    const cost = (br, path) => server.statements(path, async () => assert.equal((await br.get(path)).status, 200));
    const id = server.sql('SELECT MAX(id) FROM mentorships')[0][0];
    const before = [await cost(b.admin, '/admin/mentoring'), await cost(b.mentor1, '/mentoring'), await cost(b.admin, `/mentoring/${id}`),
      await cost(b.admin, '/admin/mentoring/assignment')];
    // more mentors, requests and meetings
    for (let i = 0; i < 15; i++) {
      server.addUser({ email: `m${i}@example.org`, name: `Mentor ${i}`, role: 'mentor' });
      await apiOk(api.admin.request('PUT', `/api/v1/mentors/m${i}@example.org`, { skills: ['english'], languages: ['en'], centre: 'C-BAK', capacity: 3 }), 200);
      server.addUser({ email: `l${i}@example.org`, name: `Learner ${i}`, role: 'learner' });
      await apiOk(api.admin.post('/api/v1/mentoring/requests', { mentee: `l${i}@example.org`, goals: 'Speak', skills: ['english'], language: 'en' }));
    }
    server.sql(`INSERT INTO mentoring_meetings (mentorship_id, held_on, minutes, mode, logged_by, created_at, updated_at)
      SELECT ${id}, '2026-01-0' || CAST(x AS TEXT), 30, 'online', mentor_id, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
      FROM mentorships, (SELECT 1 AS x UNION SELECT 2 UNION SELECT 3) d WHERE mentorships.id = ${id}`);
    const afterCost = [await cost(b.admin, '/admin/mentoring'), await cost(b.mentor1, '/mentoring'), await cost(b.admin, `/mentoring/${id}`),
      await cost(b.admin, '/admin/mentoring/assignment')];
    assert.deepEqual(afterCost, before);
  });
});

describe("a programme's mark as mentor training", () => {
  test('the API reads and writes it; the form keeps it; both are audited', async () => {
    const p = await apiOk(api.admin.post('/api/v1/programmes', { code: 'MENTOR-1', title: 'Mentor training', mentor_training: true }));
    assert.equal(p.mentor_training, true);
    const bad = await api.admin.patch('/api/v1/programmes/MENTOR-1', { mentor_training: 'yes' });
    assert.equal(bad.status, 422);
    assert.ok(bad.json.errors.mentor_training);
    const off = await apiOk(api.admin.patch('/api/v1/programmes/MENTOR-1', { mentor_training: false }), 200);
    assert.equal(off.mentor_training, false);
    // a change of the title alone keeps the mark as it is
    await apiOk(api.admin.patch('/api/v1/programmes/MENTOR-1', { mentor_training: true }), 200);
    assert.equal((await apiOk(api.admin.patch('/api/v1/programmes/MENTOR-1', { title: 'Mentors' }), 200)).mentor_training, true);
    const r = await b.admin.post('/admin/programmes/new', { code: 'MENTOR-2', title: 'Mentoring skills', summary: '', centre: '', region: '', mentor_training: '1' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(server.sql("SELECT mentor_training FROM programmes WHERE code = 'MENTOR-2'")[0][0], '1');
    const edit = await b.admin.get('/admin/programmes/MENTOR-2');
    assert.match(edit.text, /id="mentor_training" name="mentor_training" value="1" checked/);
    // the edit form without the box ticked takes the mark off
    assert.equal((await b.admin.post('/admin/programmes/MENTOR-2', { title: 'Mentoring skills', summary: '' })).status, 303);
    assert.equal(server.sql("SELECT mentor_training FROM programmes WHERE code = 'MENTOR-2'")[0][0], '0');
    const audit = server.sql("SELECT changes FROM audit_events WHERE object_type = 'programme' AND changes LIKE '%mentor_training%'");
    assert.ok(audit.length >= 3);
  });
});

describe("a mentor's own profile", () => {
  test('a mentor fills in their profile on a page, errors shown in their language; audited like the API', async () => {
    server.addUser({ email: 'newmentor@example.org', name: 'Nigar New', role: 'mentor' });
    const br = server.browser();
    await br.login('newmentor@example.org', PW);
    const home = await br.get('/mentoring');
    assert.match(mainOf(home.text), /href="\/mentoring\/profile"/);
    const page = await br.get('/mentoring/profile');
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), /name="skills" value="data-science"/);
    assert.match(mainOf(page.text), /Not recorded/);
    // a learner has no profile to keep
    assert.equal((await b.learner1.get('/mentoring/profile')).status, 404);
    const bad = await br.post('/mentoring/profile', { skills: ['juggling'], languages: ['xx'], centre: 'NOPE', capacity: '99', volunteer_programme: '', bio: 'x' });
    assert.equal(bad.status, 422);
    const main = mainOf(bad.text);
    assert.match(main, /Choose skills from the list/);
    assert.match(main, /Choose languages from the list/);
    assert.match(main, /Choose a centre that exists/);
    assert.match(main, /Enter a whole number from 0 to 50/);
    assert.match(main, /value="99"/, 'what was typed is kept');
    assert.equal(server.sql("SELECT COUNT(*) FROM mentor_profiles mp JOIN users u ON u.id = mp.user_id WHERE u.email = 'newmentor@example.org'")[0][0], '0');
    // a safeguarding date typed by the mentor is not taken from the form
    const ok = await br.post('/mentoring/profile', { skills: ['robotics', 'english'], languages: ['az', 'ko'], centre: 'C-GAN', capacity: '3',
      volunteer_programme: 'KOICA World Friends', bio: 'Robotics teacher', safeguarding_checked_on: '2026-01-01' });
    assert.equal(ok.status, 303, ok.text.slice(0, 400));
    const got = await apiOk(api.admin.get('/api/v1/mentors/newmentor@example.org'), 200);
    assert.deepEqual(got.skills, ['english', 'robotics']);
    assert.deepEqual(got.languages, ['az', 'ko']);
    assert.equal(got.centre, 'C-GAN');
    assert.equal(got.capacity, 3);
    assert.equal(got.volunteer_programme, 'KOICA World Friends');
    assert.equal(got.bio, 'Robotics teacher');
    assert.equal(got.safeguarding_checked_on, null);
    const audit = server.sql("SELECT action, changes FROM audit_events WHERE object_type = 'mentor' AND object_id = 'newmentor@example.org' ORDER BY id");
    assert.equal(audit.length, 1);
    assert.equal(audit[0][0], 'mentor.create');
    assert.match(audit[0][1], /Robotics teacher/);
    // in Russian
    server.sql("UPDATE users SET language = 'ru' WHERE email = 'newmentor@example.org'");
    br.lang = 'ru';
    const ru = await br.post('/mentoring/profile', { capacity: 'many', centre: 'C-GAN' });
    assert.equal(ru.status, 422);
    assert.doesNotMatch(mainOf(ru.text), /Enter a whole number from 0 to 50/);
    server.sql("UPDATE users SET language = 'en' WHERE email = 'newmentor@example.org'");
    br.lang = 'en';
  });

  test('a coordinator records the safeguarding check on /admin/mentoring; a mentor and another centre cannot', async () => {
    const list = await b.other.get('/admin/mentoring?show=mentors');
    assert.match(mainOf(list.text), /Nigar New/);
    assert.match(mainOf(list.text), /action="\/admin\/mentoring\/safeguarding"/);
    const bad = await b.other.post('/admin/mentoring/safeguarding', { mentor: 'newmentor@example.org', checked_on: '2026-02-30' });
    assert.equal(bad.status, 303);
    assert.match(mainOf((await b.other.get('/admin/mentoring?show=mentors')).text), /Enter a date like 2026-03-31/);
    // Baku's coordinator does not manage Ganja's mentor
    assert.equal((await b.coord.post('/admin/mentoring/safeguarding', { mentor: 'newmentor@example.org', checked_on: '2026-02-01' })).status, 403);
    const ok = await b.other.post('/admin/mentoring/safeguarding', { mentor: 'newmentor@example.org', checked_on: '2026-02-01' });
    assert.equal(ok.status, 303);
    assert.equal((await apiOk(api.admin.get('/api/v1/mentors/newmentor@example.org'), 200)).safeguarding_checked_on, '2026-02-01');
    assert.match(server.sql("SELECT changes FROM audit_events WHERE object_type = 'mentor' AND object_id = 'newmentor@example.org' ORDER BY id DESC LIMIT 1")[0][0], /2026-02-01/);
    const br = server.browser();
    await br.login('newmentor@example.org', PW);
    assert.equal((await br.post('/admin/mentoring/safeguarding', { mentor: 'newmentor@example.org', checked_on: '2026-03-01' })).status, 403);
    const mine = await br.get('/mentoring/profile');
    assert.doesNotMatch(mainOf(mine.text), /Not recorded/);
    assert.doesNotMatch(mainOf(mine.text), /name="safeguarding_checked_on"/);
  });
});
