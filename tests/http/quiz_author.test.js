// An instructor builds quizzes from a course's question bank (issue 4): on the
// pages (a course's quizzes, the settings form, adding questions and random
// picks, marks, order, publishing, deleting after a confirmation) and through
// /api/v1/quizzes; every refusal names its fields, every change is audited, and
// only those who manage the course may author (learners read published quizzes).
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, teacherApi, ids;

const one = (q) => server.sql(q)[0][0];
const audits = (action, id) =>
  one(`SELECT COUNT(*) FROM audit_events WHERE action = '${action}' AND object_type = 'quiz' AND object_id = '${id}'`);
const slotsOf = (id) =>
  server.sql(`SELECT position, COALESCE(question_id, 0), COALESCE(category, '-'), pick, mark FROM quiz_slots WHERE quiz_id = ${id} ORDER BY position`)
    .map(([p, q, c, k, m]) => [Number(p), Number(q), c, Number(k), Number(m)]);

const GIFT = `$CATEGORY: Passwords

::P1:: A long passphrase is stronger than a short password {T}

::P2:: Which password is best? {=correct horse battery staple ~1234 ~password}

$CATEGORY: Phishing

::F1:: A bank asks for your PIN by e-mail. Is this phishing? {T}
`;

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  for (const code of ['A-ONE', 'B-ONE'])
    await apiOk(adminApi.post('/api/v1/centres', { code, name: `Centre ${code}`, region: 'AAA', kind: 'regional' }));
  server.addUser({ email: 'teacher.a@example.org', name: 'Tariq Teacher', role: 'instructor@A-ONE' });
  server.addUser({ email: 'teacher.b@example.org', name: 'Bella Teacher', role: 'instructor@B-ONE' });
  server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
  server.addUser({ email: 'outsider@example.org', name: 'Otto Outsider', role: 'learner' });
  teacherApi = server.apiAs('teacher.a@example.org');
  // the instructor makes the course and so teaches it
  await apiOk(teacherApi.post('/api/v1/courses', {
    code: 'SEC-1', title: 'Cyber hygiene', language: 'en', topic: 'other', delivery: 'online', status: 'published',
  }));
  await apiOk(adminApi.post('/api/v1/enrolments', { course: 'SEC-1', user: 'learner@example.org' }));
  const file = join(server.dir, 'bank.gift');
  writeFileSync(file, GIFT);
  const imp = server.cli(['import', 'gift', file, '--course', 'SEC-1']);
  assert.equal(imp.code, 0, imp.stderr);
  ids = Object.fromEntries(server.sql("SELECT name, id FROM quiz_questions ORDER BY id").map(([n, i]) => [n, Number(i)]));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('an instructor builds a quiz on the pages', () => {
  let b, quiz;
  before(async () => {
    b = server.browser();
    await b.login('teacher.a@example.org', PW);
  });

  test('the course has no quizzes yet, and the page links to the bank and the gradebook', async () => {
    const r = await b.get('/admin/courses/SEC-1/quizzes');
    assert.equal(r.status, 200);
    const main = mainOf(r.text);
    assert.match(main, /This course has no quizzes yet/);
    assert.match(main, /<a class="button" href="\/admin\/courses\/SEC-1\/quizzes\/new">Create a quiz<\/a>/);
    assert.match(main, /href="\/admin\/courses\/SEC-1\/questions">Question bank</);
    assert.match(main, /href="\/admin\/courses\/SEC-1\/gradebook">Gradebook</);
  });

  test('a settings form with every field wrong answers 422 with an error summary and writes nothing', async () => {
    const r = await b.post('/admin/courses/SEC-1/quizzes/new', {
      title: '  ', intro: '', time_limit: 'ten', attempts_allowed: '101', pass_mark: '120', review: 'sometimes',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /<a href="#title">Enter the title of the quiz<\/a>/);
    assert.match(r.text, /<a href="#time_limit">Enter the time limit in minutes, from 0 to 10080<\/a>/);
    assert.match(r.text, /<a href="#attempts_allowed">Enter the number of attempts as a whole number from 0 to 100<\/a>/);
    assert.match(r.text, /<a href="#pass_mark">Enter the pass mark as a whole number from 0 to 100<\/a>/);
    assert.match(r.text, /<a href="#review">Choose when learners see the answers and feedback<\/a>/);
    // what was typed stays in the form
    assert.match(r.text, /id="time_limit" name="time_limit" class="short" inputmode="numeric" value="ten"/);
    assert.equal(one('SELECT COUNT(*) FROM quizzes'), '0');
  });

  test('a valid form creates a draft quiz, audited, and opens its page', async () => {
    const r = await b.post('/admin/courses/SEC-1/quizzes/new', {
      title: 'Passwords check', intro: 'Ten minutes on passwords', time_limit: '10', attempts_allowed: '2',
      pass_mark: '60', review: 'after_last_attempt', shuffle_questions: '1', required: '1',
    });
    assert.equal(r.status, 303, r.text);
    quiz = Number(r.location.match(/^\/admin\/quizzes\/(\d+)$/)[1]);
    assert.deepEqual(server.sql(`SELECT title, time_limit, attempts_allowed, pass_mark, shuffle_questions, shuffle_answers, review, required, status FROM quizzes WHERE id = ${quiz}`)[0],
      ['Passwords check', '600', '2', '60', '1', '0', 'after_last_attempt', '1', 'draft']);
    assert.equal(audits('quiz.create', quiz), '1');
    const page = await b.get(r.location);
    assert.equal(page.status, 200);
    const main = mainOf(page.text);
    assert.match(page.text, /The quiz has been created: now add its questions/);
    assert.match(main, /<h1>Passwords check <span class="tag tag-grey">Draft<\/span><\/h1>/);
    assert.match(main, /<dt>Time limit<\/dt><dd>10 minutes<\/dd>/);
    assert.match(main, /The quiz has no questions yet/);
    // the bank in optgroups by category
    assert.match(main, new RegExp(`<optgroup label="Passwords"><option value="${ids.P1}">P1 \\(True or false\\)</option><option value="${ids.P2}">P2 \\(`));
    assert.match(main, /<optgroup label="Phishing">/);
    assert.match(main, /<option value="Phishing">Phishing: 1 questions, 1 not used by this quiz<\/option>/);
    assert.match(main, new RegExp(`href="/admin/quizzes/${quiz}/results">Results<`));
    assert.match(main, new RegExp(`href="/admin/quizzes/${quiz}/statistics">Statistics<`));
    assert.match(page.text, /<a href="\/admin\/courses\/SEC-1\/quizzes">Quizzes<\/a>/);
  });

  test('a quiz without questions cannot be published', async () => {
    const r = await b.post(`/admin/quizzes/${quiz}/publish`);
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#status">A quiz without questions cannot be published: add questions first<\/a>/);
    assert.equal(one(`SELECT status FROM quizzes WHERE id = ${quiz}`), 'draft');
  });

  test('questions are added from the bank; a duplicate or a bad mark is refused', async () => {
    let r = await b.post(`/admin/quizzes/${quiz}/slots`, { question: String(ids.P1), mark: '2' });
    assert.equal(r.status, 303, r.text);
    r = await b.post(`/admin/quizzes/${quiz}/slots`, { question: String(ids.P1), mark: '1' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#question">This question is already in the quiz<\/a>/);
    r = await b.post(`/admin/quizzes/${quiz}/slots`, { question: String(ids.F1), mark: 'lots' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#mark">Enter the mark as a whole number from 0 to 100<\/a>/);
    assert.match(r.text, /id="mark" name="mark" class="short" inputmode="numeric" value="lots"/);
    r = await b.post(`/admin/quizzes/${quiz}/slots`, { question: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#question">Choose a question of this course&#39;s bank<\/a>|<a href="#question">Choose a question of this course's bank<\/a>/);
    assert.deepEqual(slotsOf(quiz), [[1, ids.P1, '-', 1, 2]]);
    assert.equal(audits('quiz.slot_add', quiz), '1');
  });

  test('random picks may not ask for more than the category has left', async () => {
    // Passwords holds two questions and the quiz already uses P1
    let r = await b.post(`/admin/quizzes/${quiz}/random`, { category: 'Passwords', pick: '2', random_mark: '1' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#pick">This category has fewer questions left than that: the quiz already uses the others<\/a>/);
    r = await b.post(`/admin/quizzes/${quiz}/random`, { category: 'Nowhere', pick: '1', random_mark: '1' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#category">Choose a category<\/a>/);
    r = await b.post(`/admin/quizzes/${quiz}/random`, { category: 'Passwords', pick: '0', random_mark: '200' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#pick">Enter how many questions to pick, a whole number from 1 to 100<\/a>/);
    assert.match(r.text, /<a href="#random_mark">Enter the mark as a whole number from 0 to 100<\/a>/);
    r = await b.post(`/admin/quizzes/${quiz}/random`, { category: 'Passwords', pick: '1', random_mark: '3' });
    assert.equal(r.status, 303, r.text);
    // now nothing is left in Passwords, not even for a fixed question
    r = await b.post(`/admin/quizzes/${quiz}/random`, { category: 'Passwords', pick: '1', random_mark: '1' });
    assert.equal(r.status, 422);
    assert.match(r.text, /This category has no questions left that the quiz does not already use/);
    r = await b.post(`/admin/quizzes/${quiz}/slots`, { question: String(ids.P2), mark: '1' });
    assert.equal(r.status, 422);
    assert.match(r.text, /The random questions of this quiz need every question of this category/);
    r = await b.post(`/admin/quizzes/${quiz}/slots`, { question: String(ids.F1), mark: '1' });
    assert.equal(r.status, 303);
    assert.deepEqual(slotsOf(quiz), [[1, ids.P1, '-', 1, 2], [2, 0, 'Passwords', 1, 3], [3, ids.F1, '-', 1, 1]]);
    const page = mainOf((await b.get(`/admin/quizzes/${quiz}`)).text);
    assert.match(page, /1 random questions from “Passwords”/);
    assert.match(page, /<th scope="row" colspan="3">Total marks<\/th><td>6<\/td>/);
  });

  test('slots move, change their mark and are removed, and the rest close up', async () => {
    const [s1, s2, s3] = server.sql(`SELECT id FROM quiz_slots WHERE quiz_id = ${quiz} ORDER BY position`).map((x) => x[0]);
    let r = await b.post(`/admin/quizzes/${quiz}/slots/${s3}/move`, { direction: 'up' });
    assert.equal(r.status, 303);
    assert.deepEqual(server.sql(`SELECT id FROM quiz_slots WHERE quiz_id = ${quiz} ORDER BY position`).map((x) => x[0]), [s1, s3, s2]);
    assert.equal(audits('quiz.slot_move_up', quiz), '1');
    // the first cannot go higher: nothing changes
    r = await b.post(`/admin/quizzes/${quiz}/slots/${s1}/move`, { direction: 'up' });
    assert.equal(r.status, 303);
    assert.deepEqual(server.sql(`SELECT id FROM quiz_slots WHERE quiz_id = ${quiz} ORDER BY position`).map((x) => x[0]), [s1, s3, s2]);

    r = await b.post(`/admin/quizzes/${quiz}/slots/${s1}/mark`, { mark: 'x' });
    assert.equal(r.status, 422);
    assert.match(r.text, new RegExp(`<a href="#mark-${s1}">Enter the mark as a whole number from 0 to 100</a>`));
    assert.match(r.text, new RegExp(`id="mark-${s1}" name="mark" class="short" inputmode="numeric" value="x"`));
    r = await b.post(`/admin/quizzes/${quiz}/slots/${s1}/mark`, { mark: '4' });
    assert.equal(r.status, 303);
    assert.equal(one(`SELECT mark FROM quiz_slots WHERE id = ${s1}`), '4');
    assert.equal(audits('quiz.slot_mark', quiz), '1');

    r = await b.post(`/admin/quizzes/${quiz}/slots/${s1}/remove`);
    assert.equal(r.status, 303);
    assert.deepEqual(slotsOf(quiz), [[1, ids.F1, '-', 1, 1], [2, 0, 'Passwords', 1, 3]]);
    assert.equal(audits('quiz.slot_remove', quiz), '1');
    // a slot of another quiz, or none, is not found
    r = await b.post(`/admin/quizzes/${quiz}/slots/999999/remove`);
    assert.equal(r.status, 404);
  });

  test('publishing, then the settings change with their own checks', async () => {
    let r = await b.post(`/admin/quizzes/${quiz}/publish`);
    assert.equal(r.status, 303);
    assert.equal(one(`SELECT status FROM quizzes WHERE id = ${quiz}`), 'published');
    assert.equal(audits('quiz.publish', quiz), '1');
    const form = await b.get(`/admin/quizzes/${quiz}/edit`);
    assert.equal(form.status, 200);
    assert.match(form.text, /id="time_limit" name="time_limit" class="short" inputmode="numeric" value="10"/);
    assert.match(form.text, /id="review-after_last_attempt" name="review" value="after_last_attempt" checked/);
    r = await b.post(`/admin/quizzes/${quiz}/edit`, { title: '', time_limit: '20000', attempts_allowed: '1', pass_mark: '50', review: 'never' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#title">Enter the title of the quiz<\/a>/);
    assert.match(r.text, /<a href="#time_limit">Enter the time limit in minutes, from 0 to 10080<\/a>/);
    r = await b.post(`/admin/quizzes/${quiz}/edit`, { title: 'Passwords quiz', time_limit: '', attempts_allowed: '0', pass_mark: '70', review: 'never', shuffle_answers: '1' });
    assert.equal(r.status, 303);
    assert.deepEqual(server.sql(`SELECT title, COALESCE(time_limit, 0), attempts_allowed, pass_mark, review, required, status FROM quizzes WHERE id = ${quiz}`)[0],
      ['Passwords quiz', '0', '0', '70', 'never', '0', 'published']);
    const changes = JSON.parse(one(`SELECT changes FROM audit_events WHERE action = 'quiz.update' AND object_id = '${quiz}'`));
    assert.deepEqual(changes.title, { before: 'Passwords check', after: 'Passwords quiz' });
    assert.deepEqual(changes.pass_mark, { before: '60', after: '70' });
    const list = mainOf((await b.get('/admin/courses/SEC-1/quizzes')).text);
    assert.match(list, new RegExp(`<a href="/admin/quizzes/${quiz}">Passwords quiz</a>`));
    assert.match(list, /<span class="tag tag-green">Published<\/span>/);
  });

  test('a published quiz keeps its last question', async () => {
    const [s] = server.sql(`SELECT id FROM quiz_slots WHERE quiz_id = ${quiz} ORDER BY position`).map((x) => x[0]);
    let r = await b.post(`/admin/quizzes/${quiz}/slots/${s}/remove`);
    assert.equal(r.status, 303);
    const [last] = server.sql(`SELECT id FROM quiz_slots WHERE quiz_id = ${quiz}`).map((x) => x[0]);
    r = await b.post(`/admin/quizzes/${quiz}/slots/${last}/remove`);
    assert.equal(r.status, 409);
    assert.match(r.text, /A published quiz needs at least one question: unpublish it before you remove its last/);
    assert.equal(one(`SELECT COUNT(*) FROM quiz_slots WHERE quiz_id = ${quiz}`), '1');
  });

  test('deleting asks first, then hides the quiz and keeps the row', async () => {
    const confirm = await b.get(`/admin/quizzes/${quiz}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /<h1>Delete “Passwords quiz”\?<\/h1>/);
    assert.equal(one(`SELECT COUNT(*) FROM quizzes WHERE id = ${quiz} AND deleted_at IS NULL`), '1');
    const r = await b.post(`/admin/quizzes/${quiz}/delete`);
    assert.equal(r.status, 303);
    assert.equal(r.location, '/admin/courses/SEC-1/quizzes');
    assert.equal(one(`SELECT COUNT(*) FROM quizzes WHERE id = ${quiz} AND deleted_at IS NOT NULL`), '1');
    assert.equal(audits('quiz.delete', quiz), '1');
    assert.equal((await b.get(`/admin/quizzes/${quiz}`)).status, 404);
    assert.match(mainOf((await b.get('/admin/courses/SEC-1/quizzes')).text), /This course has no quizzes yet/);
  });

  test('an instructor of another centre and a learner may not author', async () => {
    const other = server.browser();
    await other.login('teacher.b@example.org', PW);
    assert.equal((await other.get('/admin/courses/SEC-1/quizzes')).status, 403);
    assert.equal((await other.get('/admin/courses/SEC-1/quizzes/new')).status, 403);
    assert.equal((await other.post('/admin/courses/SEC-1/quizzes/new', { title: 'Mine', pass_mark: '50', review: 'never' })).status, 403);
    const learner = server.browser();
    await learner.login('learner@example.org', PW);
    assert.equal((await learner.get('/admin/courses/SEC-1/quizzes')).status, 403);
    assert.equal((await learner.get('/admin/courses/NOPE-1/quizzes')).status, 404);
    assert.equal(one("SELECT COUNT(*) FROM quizzes WHERE title = 'Mine'"), '0');
  });
});

describe('the quizzes API', () => {
  let quiz;

  test('without a token it answers 401', async () => {
    const anon = server.api(null);
    assert.equal((await anon.get('/api/v1/quizzes?course=SEC-1')).status, 401);
    assert.equal((await anon.post('/api/v1/quizzes', { course: 'SEC-1', title: 'x' })).status, 401);
  });

  test('every invalid field is named at once, and nothing is written', async () => {
    const before = one('SELECT COUNT(*) FROM quizzes');
    const r = await teacherApi.post('/api/v1/quizzes', {
      course: 'SEC-1', title: '', time_limit: -5, attempts_allowed: 'two', pass_mark: 150,
      review: 'sometimes', shuffle_questions: 'yes', status: 'published',
    });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(Object.keys(r.json.errors).sort(),
      ['attempts_allowed', 'pass_mark', 'review', 'shuffle_questions', 'status', 'time_limit', 'title']);
    assert.equal(r.json.errors.status, 'A quiz without questions cannot be published: add questions first');
    const c = await teacherApi.post('/api/v1/quizzes', { course: 'NOPE-1', title: 'x' });
    assert.equal(c.status, 422);
    assert.equal(c.json.errors.course, 'There is no course with this code');
    assert.equal((await teacherApi.post('/api/v1/quizzes', { title: 'x' })).json.errors.course, 'is required');
    assert.equal(one('SELECT COUNT(*) FROM quizzes'), before);
  });

  test('a quiz is created with 201 and its slots, and filled by id or by category', async () => {
    const q = await apiOk(teacherApi.post('/api/v1/quizzes', {
      course: 'SEC-1', title: 'Phishing drill', time_limit: 900, attempts_allowed: 3, pass_mark: 80,
      review: 'after_submit', shuffle_questions: true, shuffle_answers: false, required: true,
    }));
    quiz = q.id;
    assert.equal(q.course, 'SEC-1');
    assert.equal(q.time_limit, 900);
    assert.equal(q.status, 'draft');
    assert.equal(q.required, true);
    assert.equal(q.shuffle_answers, false);
    assert.equal(q.max_marks, 0);
    assert.deepEqual(q.slots, []);
    assert.equal(audits('quiz.create', quiz), '1');

    const s1 = await apiOk(teacherApi.post(`/api/v1/quizzes/${quiz}/slots`, { question: ids.F1, mark: 2 }));
    assert.deepEqual(s1, { id: s1.id, position: 1, question: ids.F1, mark: 2 });
    let r = await teacherApi.post(`/api/v1/quizzes/${quiz}/slots`, { category: 'Passwords', pick: 3 });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors.pick, 'This category has fewer questions left than that: the quiz already uses the others');
    r = await teacherApi.post(`/api/v1/quizzes/${quiz}/slots`, { category: 'Nowhere', pick: 1 });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors.category, 'Choose a category');
    r = await teacherApi.post(`/api/v1/quizzes/${quiz}/slots`, {});
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.question);
    r = await teacherApi.post(`/api/v1/quizzes/${quiz}/slots`, { question: 999999 });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors.question, "Choose a question of this course's bank");
    const s2 = await apiOk(teacherApi.post(`/api/v1/quizzes/${quiz}/slots`, { category: 'Passwords', pick: 2, mark: 1 }));
    assert.deepEqual(s2, { id: s2.id, position: 2, category: 'Passwords', pick: 2, mark: 1 });

    const got = await apiOk(teacherApi.get(`/api/v1/quizzes/${quiz}`), 200);
    assert.equal(got.max_marks, 4);
    assert.deepEqual(got.slots.map((s) => s.id), [s1.id, s2.id]);
    const patched = await apiOk(teacherApi.patch(`/api/v1/quizzes/${quiz}/slots/${s2.id}`, { mark: 3 }), 200);
    assert.equal(patched.mark, 3);
  });

  test('PATCH changes settings and publishes; its errors are 422 by field', async () => {
    let r = await teacherApi.patch(`/api/v1/quizzes/${quiz}`, { pass_mark: 101, review: 'later' });
    assert.equal(r.status, 422);
    assert.deepEqual(Object.keys(r.json.errors).sort(), ['pass_mark', 'review']);
    const q = await apiOk(teacherApi.patch(`/api/v1/quizzes/${quiz}`, { status: 'published', time_limit: null }), 200);
    assert.equal(q.status, 'published');
    assert.equal(q.time_limit, null);
    assert.equal(q.pass_mark, 80);
    assert.equal(one(`SELECT COUNT(*) FROM audit_events WHERE action = 'quiz.update' AND object_id = '${quiz}'`), '1');
  });

  test('learners read published quizzes of their course without slots; others are kept out', async () => {
    const draft = await apiOk(teacherApi.post('/api/v1/quizzes', { course: 'SEC-1', title: 'Not yet' }));
    const learner = server.apiAs('learner@example.org');
    const got = await apiOk(learner.get(`/api/v1/quizzes/${quiz}`), 200);
    assert.equal(got.title, 'Phishing drill');
    assert.equal(got.slots, undefined);
    assert.equal((await learner.get(`/api/v1/quizzes/${draft.id}`)).status, 404);
    const list = await apiOk(learner.get('/api/v1/quizzes?course=SEC-1'), 200);
    assert.deepEqual(list.items.map((q) => q.id), [quiz]);
    assert.equal(list.next_cursor, null);
    assert.equal((await learner.patch(`/api/v1/quizzes/${quiz}`, { title: 'Mine' })).status, 403);
    assert.equal((await learner.post(`/api/v1/quizzes/${quiz}/slots`, { question: ids.P1 })).status, 403);

    const outsider = server.apiAs('outsider@example.org');
    assert.equal((await outsider.get(`/api/v1/quizzes/${quiz}`)).status, 403);
    assert.equal((await outsider.get('/api/v1/quizzes?course=SEC-1')).status, 403);

    const otherTeacher = server.apiAs('teacher.b@example.org');
    assert.equal((await otherTeacher.get(`/api/v1/quizzes/${quiz}`)).status, 403);
    assert.equal((await otherTeacher.patch(`/api/v1/quizzes/${quiz}`, { title: 'Taken' })).status, 403);
    assert.equal((await otherTeacher.post('/api/v1/quizzes', { course: 'SEC-1', title: 'Taken' })).status, 403);
    assert.equal((await otherTeacher.request('DELETE', `/api/v1/quizzes/${quiz}`)).status, 403);

    const all = await apiOk(teacherApi.get('/api/v1/quizzes?course=SEC-1&limit=1'), 200);
    assert.equal(all.items.length, 1);
    assert.ok(all.next_cursor);
    const rest = await apiOk(teacherApi.get(`/api/v1/quizzes?course=SEC-1&limit=1&cursor=${encodeURIComponent(all.next_cursor)}`), 200);
    assert.deepEqual(rest.items.map((q) => q.id), [draft.id]);
    assert.equal((await teacherApi.get('/api/v1/quizzes')).status, 422);
    assert.equal((await teacherApi.get('/api/v1/quizzes/999999')).status, 404);
  });

  test('slots and quizzes are deleted; a published quiz keeps one slot', async () => {
    const { slots } = await apiOk(teacherApi.get(`/api/v1/quizzes/${quiz}`), 200);
    let r = await teacherApi.request('DELETE', `/api/v1/quizzes/${quiz}/slots/${slots[0].id}`);
    assert.equal(r.status, 204);
    r = await teacherApi.request('DELETE', `/api/v1/quizzes/${quiz}/slots/${slots[1].id}`);
    assert.equal(r.status, 409);
    assert.match(r.json.detail, /A published quiz needs at least one question/);
    const left = await apiOk(teacherApi.get(`/api/v1/quizzes/${quiz}`), 200);
    assert.deepEqual(left.slots.map((s) => [s.id, s.position]), [[slots[1].id, 1]]);
    assert.equal(audits('quiz.slot_remove', quiz), '1');
    r = await teacherApi.request('DELETE', `/api/v1/quizzes/${quiz}`);
    assert.equal(r.status, 204);
    assert.equal((await teacherApi.get(`/api/v1/quizzes/${quiz}`)).status, 404);
    assert.equal(audits('quiz.delete', quiz), '1');
  });
});
