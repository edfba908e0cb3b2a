// Browser journey of issue 16's donor projects (DESIGN.md 6a): an admin finds
// Projects in the header, sees the empty list, sends the new-project form with
// mistakes and reads what is wrong, then opens a project with figures (progress
// bars with their marker, red/amber/green in words, the chart and its table, a
// signed-off period), the sign-off confirmation, and a centre's equipment page,
// adding equipment with a mistake and then without. axe-core (WCAG 2.1 A/AA)
// checks each of these pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDars, apiOk } from '../lib/dars.js';

const admin = { email: 'ada@example.org', password: 'admin password 123' };
let server, api, browser;

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  api = server.apiAs(admin.email);
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'D-BAK', name: 'Digital Education Centre Baku', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming', delivery: 'online',
    status: 'published', centre: 'D-BAK', modules: [{ title: 'Module 1', lessons: [{ title: 'Lesson 1', body: 'Text', minutes: 30 }] }],
  }));
  for (const [email, name] of [['aysel@example.org', 'Aysel Mammadova'], ['babek@example.org', 'Babek Aliyev']])
    await apiOk(api.post('/api/v1/users', { email, full_name: name, gender: 'female', status: 'active', centre: 'D-BAK', password: 'learner password 123' }));
  // two completions in the first quarter of 2025, at the Digital Education Centre
  server.sql(`INSERT INTO enrolments (user_id, course_id, status, progress, started_at, completed_at, created_at, updated_at)
    SELECT u.id, c.id, 'completed', 100, '2025-01-10T08:00:00Z', '2025-02-20T08:00:00Z', '2025-01-10T08:00:00Z', '2025-02-20T08:00:00Z'
    FROM users u, courses c WHERE u.email IN ('aysel@example.org', 'babek@example.org') AND c.code = 'PY-101'`);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

test('an admin reads the empty list, and the new-project form says what is wrong', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);

  await page.locator('header').getByRole('link', { name: 'Projects', exact: true }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/admin/projects');
  assert.match(await page.locator('main').textContent(), /There are no projects you can see yet/, 'the empty state says so');
  await checkAxe(page, '/admin/projects (empty)');

  await page.locator('main').getByRole('link', { name: 'New project' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/admin/projects/new');
  await checkAxe(page, '/admin/projects/new');

  // a code with a space, no name, the last day before the first, an indicator without a metric
  await page.locator('#code').fill('bad code');
  await page.locator('#starts_on').fill('2026-06-01');
  await page.locator('#ends_on').fill('2026-01-01');
  await page.locator('[id="indicators[0].code"]').fill('STUDENTS');
  await page.locator('[id="indicators[0].title"]').fill('Students trained');
  await page.locator('[id="indicators[0].target"]').fill('100');
  await page.locator('main form button[type="submit"]').last().click();
  await page.waitForLoadState();
  const summary = page.locator('.error-summary, [role="alert"]').first();
  assert.ok(await summary.isVisible(), 'the errors are summed up at the top');
  const errors = await page.locator('.error-message').allTextContents();
  assert.ok(errors.length >= 3, `the fields say what is wrong: ${errors.join(' | ')}`);
  assert.equal(await page.locator('#name').getAttribute('aria-describedby'), 'name-error', 'the name field points at its error');
  assert.equal(await page.locator('[id="indicators[0].code"]').inputValue(), 'STUDENTS', 'the form keeps what was typed');
  await checkAxe(page, '/admin/projects/new with errors');
  await ctx.close();
});

test('the project page shows progress, status in words, the chart and a signed-off period', async () => {
  await apiOk(api.post('/api/v1/projects', {
    code: 'DEC', name: 'Digital Education Centres', funder: 'Example Donor Agency',
    starts_on: '2025-01-01', ends_on: '2027-12-31', currency: 'USD', status: 'implementation',
    report_recipients: ['officer@donor.example'],
    indicators: [
      { code: 'STUDENTS', title: 'Students trained', metric: 'people_completed', filter: { centre_kind: 'digital-education' }, target: 24 },
      { code: 'EQUIPPED', title: 'Centres equipped', metric: 'centres_equipped', target: 1 },
    ],
  }));
  await apiOk(api.post('/api/v1/equipment', { centre: 'D-BAK', project: 'DEC', kind: 'computer', quantity: 12, received_on: '2025-03-01' }));
  await apiOk(api.post('/api/v1/projects/DEC/signoffs', { starts_on: '2025-01-01', ends_on: '2025-03-31' }));

  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/admin/projects`);
  await checkAxe(page, '/admin/projects (one project)');
  await page.locator('main').getByRole('link', { name: 'Digital Education Centres' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/admin/projects/DEC');

  const students = page.locator('section.indicator', { has: page.locator('h3', { hasText: 'Students trained' }) });
  assert.match(await students.locator('h3').textContent(), /On track|Slightly behind|Behind|Nothing due yet/, 'the status is said in words');
  assert.match(await students.locator('.project-progress figcaption').textContent(), /^2 of 24/, 'the bar says its figures');
  assert.ok(await students.locator('.report-chart svg[role="img"]').isVisible(), 'the chart is drawn');
  const firstRow = (await students.locator('table tr').nth(1).textContent()).replace(/\s+/g, ' ');
  assert.match(firstRow, /ada@example\.org/, `the first quarter names who signed it off: ${firstRow}`);
  await checkAxe(page, '/admin/projects/DEC');

  await page.goto(`${server.url}/admin/projects/DEC/signoff?starts_on=2025-04-01&ends_on=2025-06-30`);
  assert.match(await page.locator('main').textContent(), /Sign off this period/);
  await checkAxe(page, '/admin/projects/DEC/signoff');
  await ctx.close();
});

test('a centre\'s equipment page: a mistake is shown, then the equipment is listed', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/admin/centres/D-BAK/equipment`);
  await checkAxe(page, '/admin/centres/D-BAK/equipment');

  await page.locator('#kind').selectOption('projector');
  await page.locator('#quantity').fill('0');
  await page.locator('#received_on').fill('2025-04-02');
  await page.locator('main').getByRole('button', { name: 'Add equipment' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').textContent(), /Enter a whole number from 1 to 100000/);
  await checkAxe(page, '/admin/centres/D-BAK/equipment with an error');

  await page.locator('#quantity').fill('2');
  await page.locator('#project').selectOption('DEC');
  await page.locator('main').getByRole('button', { name: 'Add equipment' }).click();
  await page.waitForLoadState();
  const row = page.locator('main table tbody tr', { has: page.locator('td', { hasText: 'Projector' }) });
  assert.deepEqual((await row.locator('td').allTextContents()).slice(0, 4).map((t) => t.trim()),
    ['Projector', '2', '2 Apr 2025', 'DEC'], 'the projectors are listed');
  await checkAxe(page, '/admin/centres/D-BAK/equipment with two items');

  // the centre's own page lists it too (org's hook)
  await page.goto(`${server.url}/admin/centres/D-BAK`);
  assert.match(await page.locator('main').textContent(), /Projector/);
  await checkAxe(page, '/admin/centres/D-BAK');
  await ctx.close();
});
