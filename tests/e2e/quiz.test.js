// A learner takes a timed quiz in Debian's chromium (issue 4): confirms the
// time limit, answers one question a page, goes back and finds the answer
// kept, finishes after the summary and a confirmation, and sees the score.
// axe-core checks the question page and the others on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';

let server, browser, quizId;
const learner = { email: 'lena@example.org', password: 'lena password 123' };

const GIFT = `
::capital::Which city is the capital of Azerbaijan? {=Baku ~Ganja ~Sumqayit}

::dns::What does DNS turn a name into? {=address =IP address}

::tf::A strong password is a short one. {F}
`;

async function ok(promise, status) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.json;
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  server.addUser({ ...learner, name: 'Lena Learner', role: 'learner' });
  const api = server.apiAs('admin@example.org');
  await ok(api.post('/api/v1/courses', {
    code: 'NET-1', title: 'Networks', language: 'en', topic: 'cybersecurity', delivery: 'online',
    status: 'published', modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson' }] }],
  }), 201);
  await ok(api.post('/api/v1/enrolments', { course: 'NET-1', user: learner.email }), 201);
  await ok(api.post('/api/v1/courses/NET-1/questions/import', { gift: GIFT }), 200);
  const bank = await ok(api.get('/api/v1/courses/NET-1/questions'), 200);
  const q = await ok(api.post('/api/v1/quizzes', {
    course: 'NET-1', title: 'Network basics', time_limit: 900, shuffle_answers: false,
  }), 201);
  quizId = q.id;
  for (const name of ['capital', 'dns', 'tf'])
    await ok(api.post(`/api/v1/quizzes/${q.id}/slots`, { question: bank.items.find((x) => x.name === name).id }), 201);
  await ok(api.patch(`/api/v1/quizzes/${q.id}`, { status: 'published' }), 200);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (!server) return;
  const { code, stderr } = await server.stop();
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

async function click(page, name) {
  await page.getByRole('button', { name, exact: true }).first().click();
  await page.waitForLoadState();
}

test('a learner takes a timed quiz, goes back, finishes and sees the score', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await click(page, 'Sign in');

  await page.goto(`${server.url}/courses/NET-1/quizzes`);
  await checkAxe(page);
  await page.getByRole('link', { name: 'Network basics' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /time limit of 15 minutes/);
  await checkAxe(page);
  await page.getByRole('link', { name: 'Start attempt' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  await click(page, 'Start attempt now');

  assert.match(page.url(), /\/attempts\/\d+\/1$/);
  assert.match(await page.locator('main').innerText(), /Time left: 1?[0-9]:[0-5][0-9]/);
  await checkAxe(page, 'question page');
  await page.getByLabel('Ganja').check();
  await click(page, 'Save and next');

  assert.match(page.url(), /\/attempts\/\d+\/2$/);
  await page.getByLabel('Your answer').fill('IP Address');
  await checkAxe(page, 'question page with a text answer');
  await click(page, 'Previous');
  // the answer on the first page was kept; change it to the right one
  assert.equal(await page.getByLabel('Ganja').isChecked(), true);
  await page.getByLabel('Baku').check();
  await click(page, 'Save and next');
  assert.equal(await page.getByLabel('Your answer').inputValue(), 'IP Address');
  await click(page, 'Save and next');

  await page.getByLabel('False').check();
  await click(page, 'Save and check your answers');
  assert.match(page.url(), /\/summary$/);
  await checkAxe(page, 'summary');
  await page.getByRole('link', { name: 'Submit all and finish' }).click();
  await page.waitForLoadState();
  await checkAxe(page, 'confirmation');
  await click(page, 'Submit all and finish');

  assert.match(page.url(), /\/attempts\/\d+$/);
  const main = await page.locator('main').innerText();
  assert.match(main, /3 out of 3/);
  assert.match(main, /100%/);
  assert.match(main, /Passed/);
  await checkAxe(page, 'result');
  const [[state, score]] = server.sql(`SELECT state, score FROM quiz_attempts WHERE quiz_id = ${quizId}`);
  assert.equal(state, 'submitted');
  assert.equal(score, '30000000');
  await ctx.close();
});

test('an answer is saved as it is typed, before any button, and the clock counts down', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill(learner.email);
  await page.getByLabel('Password').fill(learner.password);
  await click(page, 'Sign in');
  // the first attempt is submitted: allow another one
  server.sql(`UPDATE quizzes SET attempts_allowed = 0 WHERE id = ${quizId}`);
  await page.goto(`${server.url}/quizzes/${quizId}/start`);
  await click(page, 'Start attempt now');
  assert.match(page.url(), /\/attempts\/\d+\/1$/);
  const attempt = page.url().match(/\/attempts\/(\d+)\//)[1];
  const shown = await page.locator('#quiz-timer strong').innerText();
  await page.getByLabel('Sumqayit').check();
  await page.getByText('Your answer has been saved.').waitFor();
  const saved = () => server.sql(`SELECT i.response, a.text FROM quiz_attempt_items i
    LEFT JOIN quiz_answers a ON CAST(a.id AS TEXT) = i.response WHERE i.attempt_id = ${attempt} AND i.position = 1`)[0];
  assert.equal(saved()[1], 'Sumqayit');
  // a text answer goes two seconds after the last key
  await page.goto(`${server.url}/attempts/${attempt}/2`);
  await page.getByLabel('Your answer').fill('a name');
  await page.getByText('Your answer has been saved.').waitFor();
  const [[text]] = server.sql(`SELECT response FROM quiz_attempt_items WHERE attempt_id = ${attempt} AND position = 2`);
  assert.equal(text, 'a name');
  assert.notEqual(await page.locator('#quiz-timer strong').innerText(), shown, 'the clock moved');
  await ctx.close();
});
