// A manager schedules a cohort and its weekly sessions in Debian's chromium
// (playwright-core), without JavaScript, with an axe-core WCAG 2.1 A/AA check
// of every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';

let server, browser;
const manager = { email: 'manager@example.org', password: 'manager password 123' };

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const api = server.apiAs('admin@example.org');
  const ok = async (p) => { const r = await p; assert.equal(r.status, 201, r.text); };
  await ok(api.post('/api/v1/regions', { code: 'R1', name: 'Absheron' }));
  await ok(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku centre', region: 'R1', kind: 'central', timezone: 'Asia/Baku' }));
  await ok(api.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming', delivery: 'face-to-face',
    status: 'published', modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'One' }] }],
  }));
  server.addUser({ ...manager, name: 'Mona Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'ivan@example.org', name: 'Ivan Instructor', role: 'instructor@C-BAK' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe-core is injected with JavaScript enabled in a second context on the same URL
async function axe(url, cookies) {
  const ctx = await browser.newContext({ bypassCSP: true });
  await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  await page.goto(url);
  try {
    await checkAxe(page, url);
  } finally {
    await ctx.close();
  }
}

test('a manager schedules a cohort with a weekly pattern and a holiday, without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill(manager.email);
  await page.getByLabel('Password').fill(manager.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  const cookies = await ctx.cookies();

  await page.goto(`${server.url}/admin/cohorts/new`);
  await axe(page.url(), cookies);
  await page.getByLabel('Course').selectOption('PY-101');
  await page.getByLabel('Centre').selectOption('C-BAK');
  await page.getByLabel('First day').fill('2026-12-01');
  await page.getByLabel('Last day').fill('2026-12-31');
  await page.getByLabel('Places (optional)').fill('12');
  await page.getByLabel('Room (optional)').fill('204');
  await page.getByLabel('Instructors (optional)').fill('ivan@example.org');
  await page.getByRole('button', { name: 'Schedule cohort' }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/admin\/cohorts\/\d+$/);
  assert.equal(await page.textContent('h1'), 'Python for beginners');
  await axe(page.url(), cookies);

  await page.getByLabel('Monday').check();
  await page.getByLabel('Wednesday').check();
  await page.getByLabel('Start time').nth(1).fill('10:00');
  await page.getByLabel('End time').nth(1).fill('12:00');
  await page.getByLabel('From', { exact: true }).fill('2026-12-01');
  await page.getByLabel('To', { exact: true }).fill('2026-12-16');
  await page.getByLabel(/Holidays/).fill('2026-12-09');
  await page.getByRole('button', { name: 'Add sessions' }).click();
  await page.waitForLoadState();
  const rows = await page.locator('#sessions + .table-wrap tbody tr').evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent).join(' ')));
  assert.deepEqual(rows, ['2 Dec 2026 10:00–12:00 204', '7 Dec 2026 10:00–12:00 204', '14 Dec 2026 10:00–12:00 204', '16 Dec 2026 10:00–12:00 204']);
  assert.deepEqual(server.sql('SELECT starts_at FROM cohort_sessions ORDER BY starts_at').map((r) => r[0]),
    ['2026-12-02T06:00:00Z', '2026-12-07T06:00:00Z', '2026-12-14T06:00:00Z', '2026-12-16T06:00:00Z']);

  // one more session on top of Monday's is refused, the summary first and naming the booking
  await page.getByLabel('Date', { exact: true }).fill('2026-12-07');
  await page.getByLabel('Start time').first().fill('11:00');
  await page.getByLabel('End time').first().fill('12:30');
  await page.getByRole('button', { name: 'Add session', exact: true }).click();
  await page.waitForLoadState();
  const summary = await page.locator('.error-summary').textContent();
  assert.match(summary, /Room 204 is booked 10:00–12:00 on 7 Dec 2026 by Python for beginners \(cohort \d+\)/);
  assert.equal(server.sql('SELECT COUNT(*) FROM cohort_sessions')[0][0], '4');
  await ctx.close();
});
