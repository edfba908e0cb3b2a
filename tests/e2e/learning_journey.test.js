// Browser journeys of issue 3 in Debian's chromium (playwright-core), with an
// axe-core WCAG 2.1 A/AA check of every page visited: an instructor builds a
// course through the forms (a Markdown table, a PDF, a Russian lesson text);
// learners find it by a word of that Russian text, enrol, wait for a place,
// read, complete and see it on /my; a learner who is not enrolled gets 403.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';

let server, browser;
const admin = { email: 'admin@example.org', password: 'admin password 123' };
const first = { email: 'first@example.org', password: 'first password 123' };
const second = { email: 'second@example.org', password: 'second password 123' };
const PDF = '%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
// a word that appears only in the Russian text of one lesson
const RUSSIAN_WORD = 'злоумышленники';

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  server.addUser({ ...first, name: 'Farid First', role: 'learner' });
  server.addUser({ ...second, name: 'Sara Second', role: 'learner' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (!server) return;
  const { code, stderr } = await server.stop();
  assert.equal(code, 0, stderr);
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

async function signedIn(who) {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  return page;
}

async function click(page, name) {
  await page.getByRole('button', { name, exact: true }).first().click();
  await page.waitForLoadState();
}

test('an admin builds a course with modules, lessons, a table, a file and a translation', async () => {
  const page = await signedIn(admin);
  await page.goto(`${server.url}/admin/courses/new`);
  await checkAxe(page);
  await page.getByLabel('Code').fill('SAFE-1');
  await page.getByLabel('Title', { exact: true }).fill('Safe at work');
  await page.getByLabel('Summary (optional)').fill('Spotting phishing and keeping passwords safe.');
  await page.getByLabel('Language of the course').selectOption('en');
  await page.getByLabel('Topic').selectOption('cybersecurity');
  await page.getByLabel('Online').check();
  await page.getByLabel('Anyone signed in can enrol at once').check();
  await page.getByLabel('Places (optional)').fill('1');
  await click(page, 'Add course');
  assert.match(page.url(), /\/courses\/SAFE-1\/edit$/);
  await checkAxe(page);

  for (const title of ['Passwords', 'Phishing']) {
    await page.getByLabel('Title of a new module').fill(title);
    await click(page, 'Add a module');
  }
  const lessons = [
    ['Passwords', 'Passphrases', 'Use **four random words**.\n\n| Threat | What to do |\n|---|---|\n| Reused password | Use a manager |\n'],
    ['Passwords', 'Password managers', 'A manager remembers them for you.'],
    ['Phishing', 'Spotting a phishing e-mail', 'Check the sender before you click.'],
  ];
  for (const [module, title, body] of lessons) {
    await page.goto(`${server.url}/courses/SAFE-1/edit`);
    await page.getByRole('link', { name: new RegExp(`Add a lesson.*${module}`) }).click();
    await page.waitForLoadState();
    await page.getByLabel('Title', { exact: true }).fill(title);
    await page.getByLabel('Text of the lesson', { exact: true }).fill(body);
    await click(page, 'Add the lesson');
  }
  // the managers come before the passphrases: move it up, then back down
  await page.goto(`${server.url}/courses/SAFE-1/edit`);
  await page.getByRole('button', { name: /Move up.*Password managers/ }).click();
  await page.waitForLoadState();
  const order = await page.locator('.lessons .lesson-title').allTextContents();
  assert.deepEqual(order.slice(0, 2), ['Password managers', 'Passphrases']);
  await page.getByRole('button', { name: /Move up.*Passphrases/ }).click();
  await page.waitForLoadState();
  // the phishing lesson gets a Russian text and a PDF
  const [[lessonId]] = server.sql("SELECT id FROM lessons WHERE title = 'Spotting a phishing e-mail'");
  await page.goto(`${server.url}/courses/SAFE-1/lessons/${lessonId}/edit`);
  await checkAxe(page);
  await page.getByLabel('Title (Русский)').fill('Как распознать фишинг');
  await page.getByLabel('Text of the lesson (Русский)').fill(`Часто ${RUSSIAN_WORD} выдают себя за банк.`);
  await click(page, 'Save changes');
  await page.goto(`${server.url}/courses/SAFE-1/lessons/${lessonId}/edit`);
  await page.getByLabel('Attach a file').setInputFiles({ name: 'checklist.pdf', mimeType: 'application/pdf', buffer: Buffer.from(PDF) });
  await click(page, 'Upload the file');
  assert.match(await page.content(), /checklist\.pdf/);
  // an executable dressed up as a PDF is refused, in words
  await page.getByLabel('Attach a file').setInputFiles({ name: 'invoice.pdf', mimeType: 'application/pdf', buffer: readFileSync(process.env.DARS_BIN).subarray(0, 65536) });
  await click(page, 'Upload the file');
  assert.match(await page.content(), /The file must be a PDF, an image or an office document/);
  await checkAxe(page);

  await page.goto(`${server.url}/courses/SAFE-1/edit`);
  await click(page, 'Publish');
  assert.equal(server.sql("SELECT status FROM courses WHERE code = 'SAFE-1'")[0][0], 'published');
  assert.equal(server.sql("SELECT COUNT(*) FROM attachments")[0][0], '1');
});

test('learners find the course by a Russian word, queue for its one place and complete it', async () => {
  const one = await signedIn(first);
  await one.goto(`${server.url}/courses`);
  await checkAxe(one);
  await one.getByLabel('Search courses').fill(RUSSIAN_WORD);
  await click(one, 'Search');
  await one.getByRole('link', { name: 'Safe at work' }).click();
  await one.waitForLoadState();
  await checkAxe(one);
  await click(one, 'Enrol');
  assert.match(await one.content(), /Continue learning/);

  // the second learner finds the place taken and waits
  const two = await signedIn(second);
  await two.goto(`${server.url}/courses/SAFE-1`);
  await click(two, 'Enrol');
  assert.match(await two.textContent('main'), /waitlist, place 1/);
  await checkAxe(two);
  const [[lessonId]] = server.sql("SELECT id FROM lessons WHERE title = 'Passphrases'");
  const denied = await two.goto(`${server.url}/courses/SAFE-1/lessons/${lessonId}`);
  assert.equal(denied.status(), 403);

  // the first withdraws, after a confirmation; the second is promoted
  await one.goto(`${server.url}/courses/SAFE-1`);
  await one.getByRole('link', { name: 'Withdraw from this course' }).click();
  await one.waitForLoadState();
  await checkAxe(one);
  await click(one, 'Yes, withdraw');
  await two.goto(`${server.url}/courses/SAFE-1`);
  assert.match(await two.content(), /Continue learning/);

  // the second reads every lesson in order and marks it done
  await two.getByRole('link', { name: 'Continue learning' }).click();
  await two.waitForLoadState();
  assert.equal(await two.locator('.lesson-body table th').first().textContent(), 'Threat');
  await checkAxe(two);
  for (let i = 0; i < 3; i++) await click(two, 'Mark as done');
  await two.goto(`${server.url}/my`);
  await checkAxe(two);
  const my = await two.textContent('main');
  assert.match(my, /Completed courses[\s\S]*Safe at work/);
  assert.ok(server.sql("SELECT completed_at FROM enrolments WHERE status = 'completed'")[0][0]);

  // the first, no longer enrolled, may not open a lesson
  const again = await one.goto(`${server.url}/courses/SAFE-1/lessons/${lessonId}`);
  assert.equal(again.status(), 403);
});
