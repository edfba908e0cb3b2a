// Browser journey of issue 13's reports (DESIGN.md 6a): a region's manager
// signs in, finds the dashboard on the home page, opens Reports from the
// header, changes the grouping and a filter and submits, reads the chart's
// text alternative, downloads the XLSX (a zip holding a native chart), and
// looks at the people behind a figure. axe-core (WCAG 2.1 A/AA) checks the
// dashboard, /reports (with figures, and with an error) and /reports/people.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDars, apiOk } from '../lib/dars.js';
import { readXlsx } from '../lib/xlsx.js';

const T = '2025-01-01T00:00:00Z';
const YEAR = new Date().getUTCFullYear();
const manager = { email: 'mina@example.org', password: 'manager password 123' };
let server, browser, cohort;

function enrol(email, course, status, started, completed = null, withCohort = false) {
  server.sql(`INSERT INTO enrolments (user_id, course_id, cohort_id, status, progress, started_at, completed_at, created_at, updated_at)
    SELECT u.id, c.id, ${withCohort ? cohort : 'NULL'}, '${status}', 0, '${started}', ${completed ? `'${completed}'` : 'NULL'}, '${started}', '${started}'
    FROM users u, courses c WHERE u.email = '${email}' AND c.code = '${course}'`);
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'ABS', name: 'Absheron' }));
  await apiOk(api.post('/api/v1/regions', { code: 'USA', name: 'United States' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'ABS', kind: 'central', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-SUM', name: 'Sumqayit Centre', region: 'ABS', kind: 'regional', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-NYC', name: 'New York Centre', region: 'USA', kind: 'digital-education', timezone: 'America/New_York' }));
  const course = (code, title, centre, minutes) => apiOk(api.post('/api/v1/courses', {
    code, title, language: 'en', topic: 'programming', delivery: 'blended', status: 'published', centre,
    modules: [{ title: 'Module 1', lessons: minutes.map((m, i) => ({ title: `${code} lesson ${i + 1}`, body: 'Text', minutes: m })) }],
  }));
  await course('K-CLS', 'Classroom skills', 'C-BAK', [30, 45]);
  await course('K-ONL', 'Online basics', 'C-SUM', [60]);
  await course('K-NYC', 'New York course', 'C-NYC', [60]);
  await apiOk(api.post('/api/v1/programmes', { code: 'P-ONE', title: 'Programme One', courses: ['K-CLS', 'K-ONL'], status: 'published' }));
  await apiOk(api.post('/api/v1/programmes', { code: 'P-TWO', title: 'Programme Two', courses: ['K-CLS'], status: 'published' }));
  cohort = (await apiOk(api.post('/api/v1/cohorts', { course: 'K-CLS', centre: 'C-BAK', starts_on: '2025-01-01', ends_on: '2025-12-31' }))).id;

  server.addUser({ ...manager, name: 'Mina Manager', role: 'manager@ABS' });
  for (const [email, name, gender] of [['aysel@example.org', 'Aysel Mammadova', 'female'], ['babek@example.org', 'Babek Aliyev', 'male'],
    ['camila@example.org', 'Camila Reyes', 'female'], ['davud@example.org', 'Davud Karimov', 'other'], ['nora@example.org', 'Nora Newyork', 'female']])
    await apiOk(api.post('/api/v1/users', { email, full_name: name, gender, status: 'active', password: 'learner password 123' }));

  // 2025 at C-BAK (through the cohort) and C-SUM; C-NYC is outside the manager's region
  enrol('aysel@example.org', 'K-CLS', 'completed', '2025-02-03T08:00:00Z', '2025-05-10T08:00:00Z', true);
  enrol('babek@example.org', 'K-CLS', 'active', '2025-03-03T08:00:00Z', null, true);
  enrol('camila@example.org', 'K-ONL', 'active', '2025-04-04T08:00:00Z');
  enrol('davud@example.org', 'K-ONL', 'completed', '2025-01-20T08:00:00Z', '2025-06-01T08:00:00Z');
  enrol('nora@example.org', 'K-NYC', 'active', '2025-02-02T15:00:00Z');
  server.sql(`INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)
    SELECT u.id, l.id, l.course_id, '2025-03-01T10:00:00Z' FROM users u, lessons l
    WHERE u.email = 'aysel@example.org' AND l.title = 'K-CLS lesson 1'`);
  server.sql(`INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, created_at, updated_at)
    SELECT id, centre_id, '2025-03-10T05:00:00Z', '2025-03-10T08:00:00Z', '${T}', '${T}' FROM cohorts WHERE id = ${cohort}`);
  for (const [email, status] of [['aysel@example.org', 'present'], ['babek@example.org', 'absent']])
    server.sql(`INSERT INTO attendance (session_id, user_id, status, created_at, updated_at)
      SELECT s.id, u.id, '${status}', '${T}', '${T}' FROM cohort_sessions s, users u WHERE s.cohort_id = ${cohort} AND u.email = '${email}'`);
  // this year, for the dashboard's figures and trend
  enrol('camila@example.org', 'K-CLS', 'active', `${YEAR}-01-15T08:00:00Z`, null, true);
  enrol('aysel@example.org', 'K-ONL', 'completed', `${YEAR}-02-10T08:00:00Z`, `${YEAR}-03-01T08:00:00Z`);
  assert.equal(server.sql('SELECT COUNT(*) FROM enrolments')[0][0], '7', 'enrolments seeded');
  assert.equal(server.sql('SELECT COUNT(*) FROM attendance')[0][0], '2', 'attendance seeded');
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

test('a manager reads the dashboard, builds a report, reads its chart and downloads it', async () => {
  const ctx = await browser.newContext({ bypassCSP: true, acceptDownloads: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, manager);

  // the home page is a dashboard for a manager
  await page.goto(`${server.url}/`);
  const main = page.locator('main');
  assert.ok(await main.locator('a[href^="/reports"]').count() > 0, 'the dashboard links to /reports');
  assert.ok(await main.locator('svg[role="img"]').count() > 0, 'the dashboard has a small trend chart');
  assert.match(await main.textContent(), /enrolled/i, 'the dashboard gives the people enrolled this year');
  await checkAxe(page, 'the dashboard (/)');

  // Reports, from the header
  await page.locator('header').getByRole('link', { name: 'Reports', exact: true }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/reports');
  await checkAxe(page, '/reports (this year)');

  // the period of 2025, by programme, at one centre
  const form = page.locator('form', { has: page.locator('select[name="by"]') });
  await form.locator('input[name="from"]').fill('2025-01-01');
  await form.locator('input[name="to"]').fill('2025-12-31');
  await form.locator('select[name="by"]').selectOption('programme');
  // the filters fold away under their summary until asked for
  await form.locator('summary', { hasText: 'Filters' }).click();
  await form.locator('select[name="centre"]').selectOption('C-BAK');
  await form.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click();
  await page.waitForLoadState();
  const url = new URL(page.url());
  assert.equal(url.pathname, '/reports');
  assert.equal(url.searchParams.get('by'), 'programme', 'the form sends by');
  assert.equal(url.searchParams.get('centre'), 'C-BAK', 'the form sends the filter');
  assert.equal(url.searchParams.get('from'), '2025-01-01');

  // K-CLS is in both programmes: aysel and babek in each row
  const rows = page.locator('table.report tr[data-key]');
  assert.deepEqual(await rows.evaluateAll((trs) => trs.map((tr) => tr.dataset.key)), ['P-ONE', 'P-TWO'], 'a row per programme');
  for (const key of ['P-ONE', 'P-TWO']) {
    const cell = (m) => page.locator(`table.report tr[data-key="${key}"] td[data-metric="${m}"]`).getAttribute('data-value');
    assert.deepEqual([await cell('enrolled'), await cell('completed'), await cell('learning_hours'), await cell('attendance_rate')],
      ['2', '1', '3.5', '0.5'], `${key}: 2 enrolled, 1 completed, 30 min + 3 h, 1 of 2 marks`);
  }
  assert.equal(await page.locator('table.report tr.report-total td[data-metric="enrolled"]').getAttribute('data-value'), '2',
    'the totals count aysel and babek once');
  assert.equal(await page.locator('select[name="by"]').inputValue(), 'programme', 'the form keeps the choice');
  assert.equal(await page.locator('select[name="centre"]').inputValue(), 'C-BAK');

  // the chart and its text alternative
  const chart = page.locator('figure.report-chart');
  assert.ok(await chart.locator('svg[role="img"]').isVisible(), 'the chart is drawn');
  const labelled = await chart.locator('svg[role="img"]').getAttribute('aria-labelledby');
  for (const id of (labelled || '').split(/\s+/).filter(Boolean))
    assert.equal(await page.locator(`[id="${id}"]`).count(), 1, `the chart's label ${id} exists`);
  assert.ok(labelled, 'the chart is labelled');
  const caption = (await chart.locator('figcaption').textContent()).replace(/\s+/g, ' ');
  assert.match(caption, /Programme One/, `the caption names the rows: ${caption}`);
  assert.match(caption, /Programme Two/, caption);
  assert.match(caption, /\b2\b/, `the caption states the figures: ${caption}`);
  await checkAxe(page, '/reports by programme at C-BAK');

  // the XLSX: the same parameters, a workbook with a native chart
  const link = page.locator('main a[href^="/reports.xlsx"]');
  const href = new URL(await link.getAttribute('href'), server.url);
  assert.equal(href.searchParams.get('by'), 'programme');
  assert.equal(href.searchParams.get('centre'), 'C-BAK');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);
  const book = readXlsx(readFileSync(await download.path()));
  assert.ok(book.zip, 'the download is a zip');
  assert.ok(book.entries.includes('xl/charts/chart1.xml'), `a native chart in ${book.entries.join(' ')}`);
  const h = book.rows.findIndex((r) => r && r[0] === 'Code');
  assert.ok(h > 0, 'the header row, below the title and filters');
  assert.deepEqual(book.rows.slice(h + 1, h + 3).map((r) => [r[0], r[2], r[3]]), [['P-ONE', 2, 1], ['P-TWO', 2, 1]], 'the rows, as numbers');

  // the people behind a figure
  await page.goto(`${server.url}/reports/people?from=2025-01-01&to=2025-12-31&by=programme&centre=C-BAK&metric=enrolled&key=P-ONE`);
  const people = await page.locator('main').textContent();
  assert.match(people, /Aysel Mammadova/);
  assert.match(people, /babek@example\.org/);
  assert.doesNotMatch(people, /nora@example\.org|camila@example\.org/, 'only the people behind the figure');
  await checkAxe(page, '/reports/people');

  // a period that ends before it starts: the error in the form, still accessible
  await page.goto(`${server.url}/reports`);
  const again = page.locator('form', { has: page.locator('select[name="by"]') });
  await again.locator('input[name="from"]').fill('2025-12-31');
  await again.locator('input[name="to"]').fill('2025-01-01');
  await again.locator('button[type="submit"], input[type="submit"], button:not([type])').first().click();
  await page.waitForLoadState();
  assert.ok(await page.locator('main a[href="#to"]').isVisible(), 'the error links to the field to');
  await checkAxe(page, '/reports with an error');
  await ctx.close();
});

test('outside the region, the manager is refused', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, server.url, manager);
  const res = await page.goto(`${server.url}/reports?from=2025-01-01&to=2025-12-31&centre=C-NYC`);
  assert.equal(res.status(), 403);
  const mine = await page.goto(`${server.url}/reports?from=2025-01-01&to=2025-12-31&by=centre`);
  assert.equal(mine.status(), 200);
  assert.deepEqual(await page.locator('table.report tr[data-key]').evaluateAll((trs) => trs.map((tr) => tr.dataset.key)), ['C-BAK', 'C-SUM'],
    'only the centres of the manager\'s region');
  await ctx.close();
});
