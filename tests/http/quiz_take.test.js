// Learners take quizzes (issue 4): start, save, resume and submit through the
// API and the pages; grading of every question type with partial and
// negative credit; a time limit kept by the server (a late answer is refused
// and the attempt submits itself); the attempts limit; who may see what.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, annaApi, borisApi, carlApi;
const quizzes = {};

const put = (api, path, body) => api.request('PUT', path, body);

// Every type, with partial and negative credit.
const GIFT = `
::single::Which city is the capital of Azerbaijan? {
  =Baku#Right.
  ~Ganja#No, that is the second city.
  ~%-50%Moscow#Not even in the country.
}

::multi::Which of these keep a password safe? {
  ~%50%A passphrase#Good.
  ~%50%A password manager#Good.
  ~%-100%A sticky note#Anyone can read it.
}

::tf::The sky is green. {F#It is blue.####Look up.}

::short::Name the capital of France. {=Paris =%50%Paris city}

::num::What is 2 + 2.5? {#4.5:0.1}

::match::Match the animal with its sound. {
  =Cat -> Meow
  =Dog -> Woof
  =Cow -> Moo
  =Duck -> Quack
}

::essay::Describe a phishing e-mail. {}

::info::The last part is about passwords.
`;

async function course(code) {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title: `Course ${code}`, language: 'en', topic: 'cybersecurity', delivery: 'online',
    status: 'published', modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson 1' }] }],
  }));
}

// A quiz of SEC-1 with the named questions (each worth marks[name] or 1), published unless said.
async function quiz(title, names, settings = {}, marks = {}) {
  const bank = await apiOk(adminApi.get('/api/v1/courses/SEC-1/questions?limit=500'), 200);
  const { status = 'published', ...rest } = settings;
  const q = await apiOk(adminApi.post('/api/v1/quizzes', {
    course: 'SEC-1', title, shuffle_answers: false, ...rest,
  }));
  for (const name of names) {
    const found = bank.items.find((x) => x.name === name);
    assert.ok(found, `question ${name} in the bank`);
    await apiOk(adminApi.post(`/api/v1/quizzes/${q.id}/slots`, { question: found.id, mark: marks[name] ?? 1 }));
  }
  if (status === 'published') await apiOk(adminApi.patch(`/api/v1/quizzes/${q.id}`, { status }), 200);
  return q.id;
}

// The id of the answer whose text is text, in an attempt's item.
const answerId = (item, text) => {
  const a = item.answers.find((x) => x.text === text);
  assert.ok(a, `answer ${text} of ${item.name}`);
  return a.id;
};
const itemNamed = (attempt, name) => attempt.items.find((x) => x.name === name);

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await course('SEC-1');
  for (const [email, name] of [['anna@example.org', 'Anna Learner'], ['boris@example.org', 'Boris Learner'],
    ['carl@example.org', 'Carl Outsider']]) server.addUser({ email, name, role: 'learner' });
  annaApi = server.apiAs('anna@example.org');
  borisApi = server.apiAs('boris@example.org');
  carlApi = server.apiAs('carl@example.org');
  for (const user of ['anna@example.org', 'boris@example.org'])
    await apiOk(adminApi.post('/api/v1/enrolments', { course: 'SEC-1', user }));
  await apiOk(adminApi.post('/api/v1/courses/SEC-1/questions/import', { gift: GIFT }), 200);
  quizzes.all = await quiz('Every type', ['single', 'multi', 'tf', 'short', 'num', 'match', 'essay', 'info'],
    {}, { single: 2 });
  quizzes.timed = await quiz('Timed check', ['single', 'tf'], { time_limit: 600, attempts_allowed: 1 });
  quizzes.draft = await quiz('Not ready', ['tf'], { status: 'draft' });
  quizzes.pages = await quiz('Through the pages', ['single', 'short', 'multi'], { pass_mark: 60 });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('an attempt through the API', () => {
  let attempt;

  test('starting gives the items in order, without fractions or feedback', async () => {
    attempt = await apiOk(annaApi.post(`/api/v1/quizzes/${quizzes.all}/attempts`));
    assert.equal(attempt.number, 1);
    assert.equal(attempt.state, 'open');
    assert.equal(attempt.deadline_at, null);
    assert.deepEqual(attempt.items.map((i) => i.type),
      ['single', 'multiple', 'truefalse', 'short', 'numerical', 'matching', 'essay', 'description']);
    assert.deepEqual(attempt.items.map((i) => i.position), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(itemNamed(attempt, 'single').answers.map((a) => a.text), ['Baku', 'Ganja', 'Moscow']);
    assert.equal(itemNamed(attempt, 'single').mark, 2);
    assert.equal(itemNamed(attempt, 'info').mark, 0);
    assert.deepEqual(itemNamed(attempt, 'match').choices, ['Meow', 'Moo', 'Quack', 'Woof']);
    assert.deepEqual(itemNamed(attempt, 'short').answers, [], 'accepted answers stay secret');
    assert.doesNotMatch(JSON.stringify(attempt), /fraction|feedback|Right\.|It is blue/);
    const row = server.sql(`SELECT number, state, max_score FROM quiz_attempts WHERE id = ${attempt.id}`);
    assert.deepEqual(row, [['1', 'open', '80000000']]);
  });

  test('a second start while one is open is refused with 409', async () => {
    const r = await annaApi.post(`/api/v1/quizzes/${quizzes.all}/attempts`);
    assert.equal(r.status, 409);
    assert.match(r.json.detail, /open already/);
  });

  test('answers are saved one by one and read back (resume)', async () => {
    const a = attempt, id = a.id;
    const pos = (name) => itemNamed(a, name).position;
    const save = (name, response) => put(annaApi, `/api/v1/attempts/${id}/answers/${pos(name)}`, { response });
    // a negative choice, half of a multiple, true/false, a half-credit short answer in other case,
    // a number within tolerance, half the pairs, an essay
    assert.equal((await save('single', answerId(itemNamed(a, 'single'), 'Ganja'))).status, 200);
    assert.equal((await save('single', answerId(itemNamed(a, 'single'), 'Moscow'))).status, 200);
    assert.equal((await save('multi', [answerId(itemNamed(a, 'multi'), 'A passphrase')])).status, 200);
    assert.equal((await save('tf', false)).status, 200);
    assert.equal((await save('short', 'PARIS CITY')).status, 200);
    assert.equal((await save('num', '4,55')).status, 200);
    const stems = Object.fromEntries(itemNamed(a, 'match').answers.map((x) => [x.text, x.id]));
    const r = await save('match', { [stems.Cat]: 'Meow', [stems.Dog]: 'Woof', [stems.Cow]: 'Quack', [stems.Duck]: 'Moo' });
    assert.equal(r.status, 200, r.text);
    assert.equal((await save('essay', 'It asks for your password.')).status, 200);

    const back = await apiOk(annaApi.get(`/api/v1/attempts/${id}`), 200);
    assert.equal(itemNamed(back, 'single').response, answerId(itemNamed(a, 'single'), 'Moscow'));
    assert.equal(itemNamed(back, 'short').response, 'PARIS CITY');
    assert.equal(itemNamed(back, 'essay').response, 'It asks for your password.');
    assert.ok(itemNamed(back, 'tf').saved_at);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'quiz_attempt.answer' AND object_id = '${id}'`)[0][0], '8');
  });

  test('a response that does not fit the question answers 422', async () => {
    const item = itemNamed(attempt, 'single');
    const r = await put(annaApi, `/api/v1/attempts/${attempt.id}/answers/${item.position}`, { response: 999999 });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.response);
    const none = await put(annaApi, `/api/v1/attempts/${attempt.id}/answers/${item.position}`, {});
    assert.equal(none.status, 422);
    // a numerical answer is a number, as the page also says
    const num = itemNamed(attempt, 'num');
    const word = await put(annaApi, `/api/v1/attempts/${attempt.id}/answers/${num.position}`, { response: 'four' });
    assert.equal(word.status, 422);
    assert.equal(word.json.errors.response, 'give a number, like 2.5');
    const nowhere = await put(annaApi, `/api/v1/attempts/${attempt.id}/answers/99`, { response: 'x' });
    assert.equal(nowhere.status, 404);
  });

  test('another learner may neither read nor answer it', async () => {
    assert.equal((await borisApi.get(`/api/v1/attempts/${attempt.id}`)).status, 403);
    const r = await put(borisApi, `/api/v1/attempts/${attempt.id}/answers/1`, { response: null });
    assert.equal(r.status, 403);
    assert.equal((await borisApi.post(`/api/v1/attempts/${attempt.id}/submit`)).status, 403);
  });

  test('submitting grades every type: partial and negative credit, an essay waits', async () => {
    const done = await apiOk(annaApi.post(`/api/v1/attempts/${attempt.id}/submit`), 200);
    assert.equal(done.state, 'submitted');
    const f = Object.fromEntries(done.items.map((i) => [i.name, i.fraction]));
    assert.deepEqual(f, { single: -0.5, multi: 0.5, tf: 1, short: 0.5, num: 1, match: 0.5, essay: null, info: 0 });
    // -0.5 * 2 + 0.5 + 1 + 0.5 + 1 + 0.5 = 2.5 of 8 marks
    assert.equal(done.score, 2.5);
    assert.equal(done.max_score, 8);
    assert.equal(done.percent, 31.25);
    assert.equal(done.needs_grading, true);
    assert.equal(done.passed, false);
    assert.equal(itemNamed(done, 'single').feedback, 'Not even in the country.');
    assert.equal(itemNamed(done, 'tf').general_feedback, 'Look up.');
    assert.deepEqual(itemNamed(done, 'single').right_answers, ['Baku']);
    assert.equal(itemNamed(done, 'essay').needs_grading, true);
    assert.deepEqual(server.sql(`SELECT state, score, needs_grading FROM quiz_attempts WHERE id = ${attempt.id}`),
      [['submitted', '25000000', '1']]);
    assert.deepEqual(server.sql(`SELECT COALESCE(CAST(fraction AS TEXT), 'null') FROM quiz_attempt_items WHERE attempt_id = ${attempt.id} ORDER BY position`)
      .map((x) => x[0]), ['-5000000', '5000000', '10000000', '5000000', '10000000', '5000000', 'null', '0']);
  });

  test('a submitted attempt takes no more answers and no second submission', async () => {
    const r = await put(annaApi, `/api/v1/attempts/${attempt.id}/answers/1`, { response: null });
    assert.equal(r.status, 409);
    assert.equal((await annaApi.post(`/api/v1/attempts/${attempt.id}/submit`)).status, 409);
  });

  test('wrong picks in a multiple choice cost within the question, never below zero', async () => {
    const a = await apiOk(annaApi.post(`/api/v1/quizzes/${quizzes.all}/attempts`));
    assert.equal(a.number, 2);
    const multi = itemNamed(a, 'multi');
    await apiOk(put(annaApi, `/api/v1/attempts/${a.id}/answers/${multi.position}`,
      { response: [answerId(multi, 'A passphrase'), answerId(multi, 'A sticky note')] }), 200);
    const tf = itemNamed(a, 'tf');
    await apiOk(put(annaApi, `/api/v1/attempts/${a.id}/answers/${tf.position}`, { response: true }), 200);
    const done = await apiOk(annaApi.post(`/api/v1/attempts/${a.id}/submit`), 200);
    assert.equal(itemNamed(done, 'multi').fraction, 0);
    assert.equal(itemNamed(done, 'tf').fraction, 0);
    assert.equal(itemNamed(done, 'essay').fraction, 0, 'an unanswered essay earns nothing');
    assert.equal(done.score, 0);
    assert.equal(done.needs_grading, false);
  });
});

describe('a time limit', () => {
  let b, id;

  before(async () => {
    b = server.browser();
    await b.login('boris@example.org', PW);
  });

  test('the intro page asks before the clock starts', async () => {
    const page = await b.get(`/quizzes/${quizzes.timed}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /This quiz has a time limit of 10 minutes\./);
    assert.match(page.text, new RegExp(`<a class="button" href="/quizzes/${quizzes.timed}/start">Start attempt</a>`));
    const confirm = await b.get(`/quizzes/${quizzes.timed}/start`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /You have 10 minutes to finish this attempt\./);
  });

  test('starting sets the deadline and opens question 1 with the time left', async () => {
    const r = await b.post(`/quizzes/${quizzes.timed}/start`);
    assert.equal(r.status, 303);
    const m = r.location.match(/^\/attempts\/(\d+)\/1$/);
    assert.ok(m, r.location);
    id = m[1];
    const [[started, deadline]] = server.sql(`SELECT started_at, deadline_at FROM quiz_attempts WHERE id = ${id}`);
    assert.equal((Date.parse(deadline) - Date.parse(started)) / 1000, 600);
    const page = await b.get(r.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /Time left: <strong>(10:00|9:[0-5]\d)<\/strong>/);
    // a second start resumes the open attempt
    const again = await b.post(`/quizzes/${quizzes.timed}/start`);
    assert.equal(again.status, 303);
    assert.equal(again.location, `/attempts/${id}/1`);
  });

  test('an answer in time is saved; after the deadline it is refused and the attempt submits', async () => {
    const page = await b.get(`/attempts/${id}/1`);
    const baku = page.text.match(/value="(\d+)"> Baku</)[1];
    const moscow = page.text.match(/value="(\d+)"> Moscow</)[1];
    const ok = await b.post(`/attempts/${id}/1`, { answer: baku, go: 'next' });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, `/attempts/${id}/2`);
    server.sql(`UPDATE quiz_attempts SET deadline_at = '2001-01-01T00:00:00Z' WHERE id = ${id}`);
    const late = await b.post(`/attempts/${id}/1`, { answer: moscow, go: 'next' });
    assert.equal(late.status, 409);
    assert.match(mainOf(late.text), /<h1>Time is up<\/h1>/);
    assert.match(late.text, /does not count/);
    assert.deepEqual(server.sql(`SELECT state FROM quiz_attempts WHERE id = ${id}`), [['submitted']]);
    assert.deepEqual(server.sql(`SELECT response FROM quiz_attempt_items WHERE attempt_id = ${id} AND position = 1`), [[baku]]);
    const api = await put(borisApi, `/api/v1/attempts/${id}/answers/1`, { response: Number(moscow) });
    assert.equal(api.status, 409);
    assert.match(api.json.detail, /time limit/);
    const result = await b.get(`/attempts/${id}`);
    assert.equal(result.status, 200);
    assert.match(result.text, /1 out of 2/);
    assert.match(result.text, /50%/);
  });

  test('with its one attempt used, no other starts', async () => {
    const r = await b.post(`/quizzes/${quizzes.timed}/start`);
    assert.equal(r.status, 409);
    assert.match(r.text, /You have used all the attempts this quiz allows\./);
    const api = await borisApi.post(`/api/v1/quizzes/${quizzes.timed}/attempts`);
    assert.equal(api.status, 409);
    const intro = await b.get(`/quizzes/${quizzes.timed}`);
    assert.doesNotMatch(intro.text, />Start attempt</);
  });

  test('an attempt left open past its deadline is submitted when its owner opens the quiz', async () => {
    const a = await apiOk(annaApi.post(`/api/v1/quizzes/${quizzes.timed}/attempts`));
    const tf = itemNamed(a, 'tf');
    await apiOk(put(annaApi, `/api/v1/attempts/${a.id}/answers/${tf.position}`, { response: false }), 200);
    server.sql(`UPDATE quiz_attempts SET deadline_at = '2001-01-01T00:00:00Z' WHERE id = ${a.id}`);
    const anna = server.browser();
    await anna.login('anna@example.org', PW);
    const intro = await anna.get(`/quizzes/${quizzes.timed}`);
    assert.equal(intro.status, 200);
    assert.match(intro.text, /Review attempt 1/);
    assert.deepEqual(server.sql(`SELECT state, score FROM quiz_attempts WHERE id = ${a.id}`), [['submitted', '10000000']]);
  });

  test('an attempt left open past its deadline is submitted when the course\'s quizzes are listed', async () => {
    server.addUser({ email: 'fay@example.org', name: 'Fay Late', role: 'learner' });
    await apiOk(adminApi.post('/api/v1/enrolments', { course: 'SEC-1', user: 'fay@example.org' }));
    const fayApi = server.apiAs('fay@example.org');
    const a = await apiOk(fayApi.post(`/api/v1/quizzes/${quizzes.timed}/attempts`));
    const tf = itemNamed(a, 'tf');
    await apiOk(put(fayApi, `/api/v1/attempts/${a.id}/answers/${tf.position}`, { response: false }), 200);
    server.sql(`UPDATE quiz_attempts SET deadline_at = '2001-01-01T00:00:00Z' WHERE id = ${a.id}`);
    const fay = server.browser();
    await fay.login('fay@example.org', PW);
    const list = await fay.get('/courses/SEC-1/quizzes');
    assert.equal(list.status, 200);
    // the closed attempt is her best: 1 of 2 marks, her one attempt of one used
    const at = list.text.indexOf('Timed check');
    const row = list.text.slice(at, list.text.indexOf('</tr>', at));
    assert.match(row, /<td class="num">50%<\/td>/);
    assert.match(row, /1 of 1/);
    assert.deepEqual(server.sql(`SELECT state, score FROM quiz_attempts WHERE id = ${a.id}`), [['submitted', '10000000']]);
    assert.deepEqual(server.sql(`SELECT actor FROM audit_events WHERE action = 'quiz_attempt.submit' AND object_id = '${a.id}'`), [['system']]);
  });
});

describe('the pages of an attempt', () => {
  let b, id;

  before(async () => {
    b = server.browser();
    await b.login('anna@example.org', PW);
  });

  test('the course lists its published quizzes', async () => {
    const page = await b.get('/courses/SEC-1/quizzes');
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`<a href="/quizzes/${quizzes.pages}">Through the pages</a>`));
    assert.doesNotMatch(page.text, /Not ready/);
    assert.match(page.text, /Every type/);
  });

  test('one question a page; every move saves; going back keeps the answer', async () => {
    const r = await b.post(`/quizzes/${quizzes.pages}/start`);
    assert.equal(r.status, 303);
    id = r.location.match(/^\/attempts\/(\d+)\/1$/)[1];
    const q1 = await b.get(r.location);
    assert.match(q1.text, /<h1>Question 1 of 3<\/h1>/);
    assert.match(q1.text, /Which city is the capital of Azerbaijan\?/);
    assert.match(q1.text, /type="radio"/);
    const baku = q1.text.match(/value="(\d+)"> Baku</)[1];
    let s = await b.post(`/attempts/${id}/1`, { answer: baku, go: 'next' });
    assert.equal(s.location, `/attempts/${id}/2`);
    const q2 = await b.get(s.location);
    assert.match(q2.text, /<input id="answer" name="answer" value=""/);
    s = await b.post(`/attempts/${id}/2`, { answer: 'paris', go: 'prev' });
    assert.equal(s.location, `/attempts/${id}/1`);
    const back = await b.get(s.location);
    assert.match(back.text, new RegExp(`value="${baku}" checked> Baku`));
    const again = await b.get(`/attempts/${id}/2`);
    assert.match(again.text, /name="answer" value="paris"/);
    // the navigator marks what is answered
    assert.match(again.text, /<button type="submit" name="go" value="1" class="button-link">1<span class="visually-hidden"> \(answered\)<\/span><\/button>/);
    const q3 = await b.get(`/attempts/${id}/3`);
    assert.match(q3.text, /type="checkbox"/);
    const ids = [...q3.text.matchAll(/value="(\d+)"> A pass/g)].map((m) => m[1]);
    s = await b.post(`/attempts/${id}/3`, { answer: ids, go: 'next' });
    assert.equal(s.location, `/attempts/${id}/summary`);
  });

  test('the summary and a confirmation come before submitting, then the result shows', async () => {
    const summary = await b.get(`/attempts/${id}/summary`);
    assert.equal(summary.status, 200);
    assert.match(summary.text, /Check your answers/);
    assert.equal((summary.text.match(/>Answered</g) || []).length, 3);
    const confirm = await b.get(`/attempts/${id}/submit`);
    assert.match(confirm.text, /Once you submit, you can no longer change your answers\./);
    const done = await b.post(`/attempts/${id}/submit`);
    assert.equal(done.status, 303);
    assert.equal(done.location, `/attempts/${id}`);
    const result = await b.get(done.location);
    // Baku 1 + Paris 1 + both right picks 1 = 3 of 3
    assert.match(result.text, /3 out of 3/);
    assert.match(result.text, /100%/);
    assert.match(result.text, /tag-green">Passed</);
    assert.match(result.text, /Right\./);
    // the question pages of a submitted attempt lead to its result
    const q = await b.get(`/attempts/${id}/1`);
    assert.equal(q.status, 303);
    assert.equal(q.location, `/attempts/${id}`);
  });

  test('a numerical answer that is not a number is shown again with an error', async () => {
    const qid = await quiz('Numbers', ['num']);
    const r = await b.post(`/quizzes/${qid}/start`);
    const aid = r.location.match(/^\/attempts\/(\d+)\/1$/)[1];
    const bad = await b.post(`/attempts/${aid}/1`, { answer: 'four', go: 'next' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /inputmode="decimal" value="four"/);
    assert.deepEqual(server.sql(`SELECT COALESCE(response, 'none') FROM quiz_attempt_items WHERE attempt_id = ${aid}`), [['none']]);
  });

  test('another learner gets 403 on the pages of the attempt', async () => {
    const boris = server.browser();
    await boris.login('boris@example.org', PW);
    assert.equal((await boris.get(`/attempts/${id}`)).status, 403);
    assert.equal((await boris.get(`/attempts/${id}/1`)).status, 403);
  });
});

describe('who may take what', () => {
  test('a learner not enrolled in the course gets 403', async () => {
    assert.equal((await carlApi.post(`/api/v1/quizzes/${quizzes.all}/attempts`)).status, 403);
    const carl = server.browser();
    await carl.login('carl@example.org', PW);
    assert.equal((await carl.get(`/quizzes/${quizzes.all}`)).status, 403);
    assert.equal((await carl.get('/courses/SEC-1/quizzes')).status, 403);
    assert.equal((await carl.post(`/quizzes/${quizzes.all}/start`)).status, 403);
  });

  test('a draft quiz does not exist for learners', async () => {
    assert.equal((await annaApi.post(`/api/v1/quizzes/${quizzes.draft}/attempts`)).status, 404);
    const anna = server.browser();
    await anna.login('anna@example.org', PW);
    assert.equal((await anna.get(`/quizzes/${quizzes.draft}`)).status, 404);
    assert.equal((await annaApi.post('/api/v1/quizzes/999999/attempts')).status, 404);
  });

  test('the course\'s manager sees a learner\'s attempt with its review', async () => {
    const [[aid]] = server.sql(`SELECT MIN(id) FROM quiz_attempts WHERE quiz_id = ${quizzes.all}`);
    const r = await apiOk(adminApi.get(`/api/v1/attempts/${aid}`), 200);
    assert.equal(r.user, 'anna@example.org');
    assert.equal(r.score, 2.5);
  });
});
