// Results of a quiz as an instructor sees them: the attempts list, an
// attempt's review with the essay graded by hand (score, pass and the
// course's completion follow), item statistics computed by hand for a small
// known dataset, the gradebook with its CSV and XLSX exports, the same
// through the API, and 403 for a learner.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
const NOW = '2026-01-10T09:00:00Z';

let server, adminApi, admin, quizA, quizB;
const learners = {};   // key -> { email, api, attempt }

const put = (api, path, body) => api.request('PUT', path, body);

// Pearson correlation, in percent, as the discrimination index is defined
function pearson(x, y) {
  const n = x.length, mx = x.reduce((a, b) => a + b) / n, my = y.reduce((a, b) => a + b) / n;
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return 100 * sxy / Math.sqrt(sxx * syy);
}
const round2 = (v) => Math.round(v * 100) / 100;

function insertQuiz(title, { required = 0, status = 'published', slots }) {
  server.sql(`INSERT INTO quizzes (course_id, title, pass_mark, required, status, shuffle_answers,
    created_at, updated_at) VALUES ((SELECT id FROM courses WHERE code = 'QZ-1'), '${title}', 50,
    ${required}, '${status}', 0, '${NOW}', '${NOW}')`);
  const id = Number(server.sql(`SELECT id FROM quizzes WHERE title = '${title}'`)[0][0]);
  slots.forEach(([name, mark], i) => server.sql(`INSERT INTO quiz_slots (quiz_id, position,
    question_id, mark, created_at, updated_at) VALUES (${id}, ${i + 1},
    (SELECT id FROM quiz_questions WHERE name = '${name}'), ${mark}, '${NOW}', '${NOW}')`));
  return id;
}

// Start quiz A as a learner, answer by the answers' texts (undefined: leave it), submit.
async function take(key, { q1, q2, essay }, submit = true) {
  const l = learners[key];
  const at = await apiOk(l.api.post(`/api/v1/quizzes/${quizA}/attempts`));
  const item = (name) => at.items.find((i) => i.name === name);
  const pick = (name, text) => item(name).answers.find((a) => a.text === text).id;
  if (q1) await apiOk(put(l.api, `/api/v1/attempts/${at.id}/answers/${item('Q1').position}`, { response: pick('Q1', q1) }), 200);
  if (q2 !== undefined) await apiOk(put(l.api, `/api/v1/attempts/${at.id}/answers/${item('Q2').position}`, { response: q2 }), 200);
  if (essay) await apiOk(put(l.api, `/api/v1/attempts/${at.id}/answers/${item('Q3').position}`, { response: essay }), 200);
  if (submit) await apiOk(l.api.post(`/api/v1/attempts/${at.id}/submit`), 200);
  l.attempt = at.id;
  return at.id;
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  // no lessons: passing the required quiz is the whole completion rule
  await apiOk(adminApi.post('/api/v1/courses', {
    code: 'QZ-1', title: 'Quiz course', language: 'en', topic: 'programming', delivery: 'online',
    status: 'published',
  }));
  const gift = join(server.dir, 'bank.gift');
  writeFileSync(gift, [
    '::Q1:: What is 2+2? {=4 ~3 ~5}', '',
    '::Q2:: The sky is blue. {T}', '',
    '::Q3:: Explain why passwords matter. {}', '',
  ].join('\n'));
  const imp = server.cli(['import', 'gift', gift, '--course', 'QZ-1']);
  assert.equal(imp.code, 0, imp.stderr);
  quizA = insertQuiz('Basics', { required: 1, slots: [['Q1', 1], ['Q2', 1], ['Q3', 1]] });
  quizB = insertQuiz('Extra', { slots: [['Q1', 2]] });
  insertQuiz('Draft quiz', { status: 'draft', slots: [['Q1', 1]] });
  for (const [key, name] of [['amy', 'Amy A'], ['ben', 'Ben B'], ['cid', 'Cid C'], ['dee', 'Dee D']]) {
    const email = `${key}@example.org`;
    server.addUser({ email, name, password: PW });
    await apiOk(adminApi.post('/api/v1/enrolments', { course: 'QZ-1', user: email }));
    learners[key] = { email, api: server.apiAs(email) };
  }
  admin = server.browser();
  await admin.login('admin@example.org', PW);
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|runtime error/);
});

describe('before anyone takes the quiz', () => {
  test('the pages show their empty states', async () => {
    const r = await admin.get(`/admin/quizzes/${quizA}/results`);
    assert.equal(r.status, 200);
    assert.match(mainOf(r.text), /Nobody has attempted this quiz yet\./);
    const s = await admin.get(`/admin/quizzes/${quizA}/statistics`);
    assert.equal(s.status, 200);
    assert.match(mainOf(s.text), /No attempt has been submitted yet/);
    const g = await admin.get('/admin/courses/QZ-1/gradebook');
    assert.equal(g.status, 200);
    assert.match(mainOf(g.text), /Amy A/);
    assert.doesNotMatch(mainOf(g.text), /Draft quiz/);
  });

  test('unknown quizzes and courses are 404', async () => {
    assert.equal((await admin.get('/admin/quizzes/999999/results')).status, 404);
    assert.equal((await admin.get('/admin/quizzes/999999/statistics')).status, 404);
    assert.equal((await admin.get('/admin/attempts/999999')).status, 404);
    assert.equal((await admin.get('/admin/courses/NOPE-1/gradebook')).status, 404);
    assert.equal((await adminApi.get('/api/v1/courses/NOPE-1/grades')).status, 404);
  });
});

describe('learners submit, the instructor grades', () => {
  let gradebookBefore;
  before(async () => {
    gradebookBefore = await server.statements('/admin/courses/QZ-1/gradebook',
      () => admin.get('/admin/courses/QZ-1/gradebook'));
    // Q1 single (4 is right), Q2 true/false (true), Q3 essay
    await take('amy', { q1: '4', q2: true, essay: 'Because accounts hold our data.' });
    await take('ben', { q1: '4', q2: false, essay: 'They keep\nthieves out.' });
    await take('cid', { q1: '3', q2: false, essay: 'No idea.' });
    await take('dee', { q1: '5', q2: true });
    server.addUser({ email: 'eve@example.org', name: 'Eve E', password: PW });
    await apiOk(adminApi.post('/api/v1/enrolments', { course: 'QZ-1', user: 'eve@example.org' }));
    learners.eve = { email: 'eve@example.org', api: server.apiAs('eve@example.org') };
    await take('eve', { q1: '4' }, false); // left open
  });

  test('the results list shows every attempt, and filters those that need grading', async () => {
    const r = await admin.get(`/admin/quizzes/${quizA}/results`);
    assert.equal(r.status, 200);
    const m = mainOf(r.text);
    for (const n of ['Amy A', 'Ben B', 'Cid C', 'Dee D', 'Eve E']) assert.match(m, new RegExp(n));
    assert.match(m, /In progress/);
    // Dee left the essay blank: graded at once, 1 of 3
    assert.match(m, /1 \/ 3<\/td>\s*<td class="num">33\.33%/);
    assert.match(m, /Not passed/);
    const f = mainOf((await admin.get(`/admin/quizzes/${quizA}/results?needs_grading=1`)).text);
    for (const n of ['Amy A', 'Ben B', 'Cid C']) assert.match(f, new RegExp(n));
    assert.doesNotMatch(f, /Dee D|Eve E/);
  });

  test('the attempt page shows responses, right answers and the essay form', async () => {
    const r = await admin.get(`/admin/attempts/${learners.ben.attempt}`);
    assert.equal(r.status, 200);
    const m = mainOf(r.text);
    assert.match(m, /Attempt 1 of Ben B/);
    assert.match(m, /They keep<br>thieves out\./);
    assert.match(m, /Right answers<\/h3>\s*<ul><li>4<\/li>/);
    // a true/false question reads as words in the reader's language, not "true"/"false"
    assert.match(m, /<p class="response">False<br><\/p>/);
    assert.match(m, /<ul><li>True<\/li><\/ul>/);
    assert.match(m, /name="credit"/);
    assert.match(m, /Needs grading/);
  });

  test('a bad grade is refused with the error next to the field', async () => {
    const id = learners.amy.attempt;
    await admin.get(`/admin/attempts/${id}`);
    let r = await admin.post(`/admin/attempts/${id}/items/3/grade`, { credit: 'lots', comment: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /href="#credit-3"/);
    assert.match(r.text, /Enter the marks as a number, for example 1\.5/);
    r = await admin.post(`/admin/attempts/${id}/items/3/grade`, { credit: '2', comment: 'x' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Enter marks from 0 to the question&#39;s mark|Enter marks from 0 to the question's mark/);
    assert.equal(server.sql(`SELECT COUNT(*) FROM quiz_attempt_items WHERE attempt_id = ${id} AND fraction IS NULL`)[0][0], '1');
    r = await admin.post(`/admin/attempts/${id}/items/9/grade`, { credit: '1' });
    assert.equal(r.status, 404);
  });

  test('grading the essay through the page passes the quiz and completes the course', async () => {
    const id = learners.amy.attempt;
    assert.equal(server.sql(`SELECT e.status FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'amy@example.org'`)[0][0], 'active');
    await admin.get(`/admin/attempts/${id}`);
    const r = await admin.post(`/admin/attempts/${id}/items/3/grade`, { credit: '1', comment: 'Well argued' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.location, `/admin/attempts/${id}#item-3`);
    const row = server.sql(`SELECT fraction, comment, graded_by IS NOT NULL, graded_at IS NOT NULL FROM quiz_attempt_items WHERE attempt_id = ${id} AND position = 3`)[0];
    assert.equal(row[0], '10000000');
    assert.equal(row[1], 'Well argued');
    assert.ok(['1', 't'].includes(row[2]) && ['1', 't'].includes(row[3]));
    const [score, ng, passed] = server.sql(`SELECT score, needs_grading, passed FROM quiz_attempts WHERE id = ${id}`)[0];
    assert.deepEqual([score, ng, passed], ['30000000', '0', '1']);
    assert.equal(server.sql(`SELECT e.status FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'amy@example.org'`)[0][0], 'completed');
    const page = mainOf((await admin.get(`/admin/attempts/${id}`)).text);
    assert.match(page, /id="score">3 \/ 3 \(100%\)/);
    assert.match(page, /id="result">Passed/);
    assert.match(page, /graded by admin@example\.org/);
    const audit = server.sql(`SELECT changes FROM audit_events WHERE action = 'quiz_attempt.grade' AND object_id = '${id}'`);
    assert.equal(audit.length, 1);
    const ch = JSON.parse(audit[0][0]);
    assert.deepEqual(ch.fraction, { before: '', after: '1' });
    assert.deepEqual(ch.graded, { before: 'not graded', after: 'by hand' });
    assert.deepEqual(ch.score, { before: '2', after: '3' });
  });

  test('the API grades an essay and answers with the new score', async () => {
    const id = learners.ben.attempt;
    const j = await apiOk(put(adminApi, `/api/v1/attempts/${id}/answers/3/grade`, { fraction: 0.5, comment: 'Half' }), 200);
    assert.equal(j.score, 1.5);
    assert.equal(j.max_score, 3);
    assert.equal(j.percent, 50);
    assert.equal(j.passed, true);
    assert.equal(j.needs_grading, false);
    const bad = await put(adminApi, `/api/v1/attempts/${id}/answers/3/grade`, { fraction: 2 });
    assert.equal(bad.status, 422);
    assert.ok(bad.json.errors.fraction);
    const open = await put(adminApi, `/api/v1/attempts/${learners.eve.attempt}/answers/1/grade`, { fraction: 1 });
    assert.equal(open.status, 409);
    await apiOk(put(adminApi, `/api/v1/attempts/${learners.cid.attempt}/answers/3/grade`, { fraction: 0 }), 200);
  });

  test('an automatic credit can be overridden, and the audit says what it was', async () => {
    const id = learners.cid.attempt;
    await admin.get(`/admin/attempts/${id}`);
    const pos = Number(server.sql(`SELECT i.position FROM quiz_attempt_items i JOIN quiz_questions q ON q.id = i.question_id WHERE i.attempt_id = ${id} AND q.name = 'Q1'`)[0][0]);
    const r = await admin.post(`/admin/attempts/${id}/items/${pos}/grade`, { credit: '0,0', comment: 'Checked' });
    assert.equal(r.status, 303);
    const audit = server.sql(`SELECT changes FROM audit_events WHERE action = 'quiz_attempt.grade' AND object_id = '${id}' ORDER BY id`);
    const ch = JSON.parse(audit.at(-1)[0]);
    assert.deepEqual(ch.graded, { before: 'automatically', after: 'by hand' });
    assert.deepEqual(ch.comment, { before: '', after: 'Checked' });
  });

  test('statistics match the indices computed by hand', async () => {
    // scores per attempt (Amy, Ben, Cid, Dee) of Q1, Q2, Q3
    const m = [[1, 1, 1], [1, 0, 0.5], [0, 0, 0], [0, 1, 0]];
    const col = (j) => m.map((row) => row[j]);
    const rest = (j) => m.map((row) => row.reduce((a, b, k) => a + (k === j ? 0 : b), 0));
    const j = await apiOk(adminApi.get(`/api/v1/quizzes/${quizA}/statistics`), 200);
    assert.equal(j.attempts, 4);
    assert.deepEqual(j.questions.map((q) => q.name), ['Q1', 'Q2', 'Q3']);
    for (let k = 0; k < 3; k++) {
      const q = j.questions[k];
      assert.equal(q.attempts, 4);
      assert.equal(q.facility, round2(100 * col(k).reduce((a, b) => a + b) / 4));
      assert.equal(q.discrimination, round2(pearson(col(k), rest(k))));
    }
    assert.deepEqual(j.questions.map((q) => q.facility), [50, 50, 37.5]);
    assert.deepEqual(j.questions.map((q) => q.discrimination), [50.71, 14, 85.28]);
    assert.equal(j.questions[2].average_credit, 0.375);
    assert.deepEqual(j.questions[0].answers.map((a) => [a.text, a.picked]), [['4', 2], ['3', 1], ['5', 1]]);
    const page = mainOf((await admin.get(`/admin/quizzes/${quizA}/statistics`)).text);
    assert.match(page, /Over 4 submitted attempts\./);
    assert.match(page, /Facility index: the mean score/);
    assert.match(page, /<td class="num">50\.71%<\/td>/);
    assert.match(page, /<td class="num">85\.28%<\/td>/);
    assert.match(page, /picked 2 times \(50%\)/);
  });

  test('the gradebook shows best percents, the course total and passes', async () => {
    const r = await admin.get('/admin/courses/QZ-1/gradebook');
    assert.equal(r.status, 200);
    const m = mainOf(r.text);
    const row = (name) => m.slice(m.indexOf(name), m.indexOf('</tr>', m.indexOf(name)));
    const cells = (name) => [...row(name).matchAll(/<td class="num">([^<]*)/g)].map((x) => x[1].trim());
    // Basics (3 marks), Extra (2 marks, nobody took it): total over 5 marks
    assert.deepEqual(cells('Amy A'), ['100%', '-', '60%', '1 / 2']);
    assert.deepEqual(cells('Ben B'), ['50%', '-', '30%', '1 / 2']);
    assert.deepEqual(cells('Cid C'), ['0%', '-', '0%', '0 / 2']);
    assert.deepEqual(cells('Dee D'), ['33.33%', '-', '20%', '0 / 2']);
    assert.deepEqual(cells('Eve E'), ['-', '-', '0%', '0 / 2']);
    assert.match(row('Amy A'), /Completed/);
    assert.doesNotMatch(m, /Draft quiz/);
    const after = await server.statements('/admin/courses/QZ-1/gradebook',
      () => admin.get('/admin/courses/QZ-1/gradebook'));
    assert.equal(after, gradebookBefore);
  });

  test('a learner waiting for grading is marked in the gradebook', async () => {
    const l = learners.dee;
    await take('dee', { q1: '4', q2: true, essay: 'Second try' });
    const m = mainOf((await admin.get('/admin/courses/QZ-1/gradebook')).text);
    const row = m.slice(m.indexOf('Dee D'), m.indexOf('</tr>', m.indexOf('Dee D')));
    assert.match(row, /66\.67% <span class="tag">Needs grading<\/span>/);
    await apiOk(put(adminApi, `/api/v1/attempts/${l.attempt}/answers/3/grade`, { fraction: 0 }), 200);
  });

  test('the gradebook downloads as CSV and XLSX', async () => {
    const c = await admin.get('/admin/courses/QZ-1/gradebook.csv');
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-disposition'), /filename="QZ-1-gradebook\.csv"/);
    const lines = c.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.equal(lines[0], 'email,full_name,status,Basics,Extra,total_percent,quizzes_passed');
    assert.deepEqual(lines.slice(1), [
      'amy@example.org,Amy A,completed,100,,60,1',
      'ben@example.org,Ben B,completed,50,,30,1',
      'cid@example.org,Cid C,active,0,,0,0',
      'dee@example.org,Dee D,completed,66.67,,40,1',
      'eve@example.org,Eve E,active,,,0,0',
    ]);
    const x = await fetch(`${server.url}/admin/courses/QZ-1/gradebook.xlsx`, { headers: { cookie: admin.cookieHeader() } });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-disposition'), /filename="QZ-1-gradebook\.xlsx"/);
    const xb = Buffer.from(await x.arrayBuffer());
    assert.equal(xb.subarray(0, 2).toString('latin1'), 'PK');
    const file = join(server.dir, 'gradebook.xlsx');
    writeFileSync(file, xb);
    const list = spawnSync('unzip', ['-l', file], { encoding: 'utf8' });
    assert.match(list.stdout, /xl\/worksheets\/sheet1\.xml/);
    const strings = spawnSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
    assert.match(strings.stdout, /amy@example\.org/);
    assert.match(strings.stdout, /Basics/);
  });

  test('the API lists attempts and grades with cursors', async () => {
    const a = await apiOk(adminApi.get(`/api/v1/quizzes/${quizA}/attempts?limit=2`), 200);
    assert.equal(a.items.length, 2);
    assert.ok(a.next_cursor);
    assert.deepEqual(Object.keys(a.items[0]).sort(), ['id', 'max_score', 'needs_grading', 'number',
      'passed', 'percent', 'score', 'started_at', 'state', 'submitted_at', 'user'].sort());
    assert.equal(a.items[0].user, 'amy@example.org');
    assert.equal(a.items[0].score, 3);
    const all = await apiOk(adminApi.get(`/api/v1/quizzes/${quizA}/attempts`), 200);
    assert.equal(all.items.length, 6);
    const open = all.items.find((i) => i.user === 'eve@example.org');
    assert.equal(open.state, 'open');
    assert.equal(open.score, null);
    assert.equal(open.submitted_at, null);
    const g1 = await apiOk(adminApi.get('/api/v1/courses/QZ-1/grades?limit=3'), 200);
    assert.equal(g1.items.length, 3);
    assert.ok(g1.next_cursor);
    const g2 = await apiOk(adminApi.get(`/api/v1/courses/QZ-1/grades?cursor=${g1.next_cursor}`), 200);
    assert.equal(g2.next_cursor, null);
    const items = [...g1.items, ...g2.items];
    const amy = items.find((i) => i.user === 'amy@example.org');
    assert.deepEqual(amy.quizzes, { [quizA]: 100, [quizB]: null });
    assert.equal(amy.total, 60);
    const dee = items.find((i) => i.user === 'dee@example.org');
    assert.equal(dee.quizzes[quizA], 66.67);
    assert.equal(dee.total, 40);
    assert.equal(items.find((i) => i.user === 'eve@example.org').quizzes[quizA], null);
  });
  test('an attempt whose time ran out is submitted when the results are read', async () => {
    const id = learners.eve.attempt;
    server.sql(`UPDATE quiz_attempts SET deadline_at = '2020-01-01T00:00:00Z' WHERE id = ${id}`);
    const r = await admin.get(`/admin/quizzes/${quizA}/results`);
    assert.equal(r.status, 200);
    assert.doesNotMatch(mainOf(r.text), /In progress/);
    const [state, score] = server.sql(`SELECT state, score FROM quiz_attempts WHERE id = ${id}`)[0];
    assert.deepEqual([state, score], ['submitted', '10000000']);
  });

  test('an attempt whose time ran out counts in the gradebook, submitted by the clock', async () => {
    const cid = learners.cid;
    const at = await apiOk(cid.api.post(`/api/v1/quizzes/${quizB}/attempts`));
    const q1 = at.items[0];
    await apiOk(put(cid.api, `/api/v1/attempts/${at.id}/answers/${q1.position}`,
      { response: q1.answers.find((a) => a.text === '4').id }), 200);
    server.sql(`UPDATE quiz_attempts SET deadline_at = '2020-01-01T00:00:00Z' WHERE id = ${at.id}`);
    const m = mainOf((await admin.get('/admin/courses/QZ-1/gradebook')).text);
    const row = m.slice(m.indexOf('Cid C'), m.indexOf('</tr>', m.indexOf('Cid C')));
    // Basics 0 of 3 marks, Extra 2 of 2: 2 of 5 marks in all
    assert.deepEqual([...row.matchAll(/<td class="num">([^<]*)/g)].map((x) => x[1].trim()).slice(0, 3),
      ['0%', '100%', '40%']);
    assert.deepEqual(server.sql(`SELECT state FROM quiz_attempts WHERE id = ${at.id}`), [['submitted']]);
    assert.deepEqual(server.sql(`SELECT actor, actor_id IS NULL FROM audit_events
      WHERE action = 'quiz_attempt.submit' AND object_id = '${at.id}'`).map((x) => x[0]), ['system']);
  });
});

describe('who may see results', () => {
  test('a learner gets 403 on every page and endpoint', async () => {
    const b = server.browser();
    await b.login('amy@example.org', PW);
    const id = learners.amy.attempt;
    for (const p of [`/admin/quizzes/${quizA}/results`, `/admin/quizzes/${quizA}/statistics`,
      `/admin/attempts/${id}`, '/admin/courses/QZ-1/gradebook', '/admin/courses/QZ-1/gradebook.csv',
      '/admin/courses/QZ-1/gradebook.xlsx']) {
      assert.equal((await b.get(p)).status, 403, p);
    }
    await b.get('/');
    assert.equal((await b.post(`/admin/attempts/${id}/items/3/grade`, { credit: '0' })).status, 403);
    const api = learners.amy.api;
    assert.equal((await api.get(`/api/v1/quizzes/${quizA}/attempts`)).status, 403);
    assert.equal((await api.get(`/api/v1/quizzes/${quizA}/statistics`)).status, 403);
    assert.equal((await api.get('/api/v1/courses/QZ-1/grades')).status, 403);
    assert.equal((await put(api, `/api/v1/attempts/${id}/answers/3/grade`, { fraction: 0 })).status, 403);
    assert.equal(server.sql(`SELECT fraction FROM quiz_attempt_items WHERE attempt_id = ${id} AND position = 3`)[0][0], '10000000');
  });

  test('without a token the API answers 401', async () => {
    assert.equal((await server.api(null).get(`/api/v1/quizzes/${quizA}/attempts`)).status, 401);
  });
});
