// Browser journeys of issue 2 in Debian's chromium (playwright-core), with an
// axe-core WCAG 2.1 A/AA check of every page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';

let server, browser;
const admin = { email: 'admin@example.org', password: 'admin password 123' };
const manager = { email: 'manager@example.org', password: 'manager password 123' };

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  // the network: two regions, two centres, one person at each
  const api = server.apiAs(admin.email);
  for (const [code, name] of [['R1', 'North'], ['R2', 'South']]) {
    const r = await api.post('/api/v1/regions', { code, name });
    assert.equal(r.status, 201, r.text);
  }
  for (const [code, region] of [['C-NORTH', 'R1'], ['C-SOUTH', 'R2']]) {
    const r = await api.post('/api/v1/centres', { code, name: `Centre ${code}`, region, kind: 'regional' });
    assert.equal(r.status, 201, r.text);
  }
  server.addUser({ ...manager, name: 'Mona Manager', role: 'manager@C-NORTH' });
  for (const [email, name, centre] of [['north@example.org', 'Nora North', 'C-NORTH'], ['south@example.org', 'Sam South', 'C-SOUTH']]) {
    const r = await api.post('/api/v1/users', { email, full_name: name, centre, roles: ['learner'] });
    assert.equal(r.status, 201, r.text);
  }
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

async function signIn(page, who) {
  await page.goto(`${server.url}/login`);
  await checkAxe(page);
  await page.getByLabel('E-mail address').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
}

test('an admin signs in, creates a centre and sees it in the list', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, admin);
  assert.match(await page.textContent('h1'), /Welcome, Ada Admin/);
  await checkAxe(page);
  await page.goto(`${server.url}/admin/centres/new`);
  await checkAxe(page);
  // submitting empty shows the error summary
  await page.getByRole('button', { name: /Save|Create|Add/ }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('.error-summary').isVisible());
  await checkAxe(page);
  await page.getByLabel('Code').fill('C-EAST');
  await page.getByLabel('Name', { exact: true }).fill('Eastern Digital Education Centre');
  await page.getByLabel('Region', { exact: true }).selectOption('R1');
  await page.getByLabel('Digital Education Centre').check().catch(async () => {
    await page.getByLabel('Kind').selectOption('digital-education');
  });
  await page.getByLabel('Capacity').fill('40');
  await page.getByRole('button', { name: /Save|Create|Add/ }).click();
  await page.waitForLoadState();
  await page.goto(`${server.url}/admin/centres`);
  assert.match(await page.textContent('main'), /Eastern Digital Education Centre/);
  await checkAxe(page);
  await ctx.close();
});

test('an admin imports a CSV with one bad row: the preview shows its error and imports nothing', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, admin);
  await page.goto(`${server.url}/admin/users/import`);
  await checkAxe(page);
  const csv = 'email,full_name,organisation,position,centre,role,language\n' +
    'ok.one@example.org,Okay One,,Analyst,C-NORTH,learner,en\n' +
    'not-an-email,Broken Row,,Clerk,C-NORTH,learner,ru\n' +
    'ok.two@example.org,Okay Two,,Teacher,C-SOUTH,learner,az\n';
  await page.setInputFiles('input[type=file]', { name: 'people.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByRole('button', { name: /Upload|Preview|Check/ }).click();
  await page.waitForLoadState();
  const text = await page.textContent('main');
  assert.match(text, /not-an-email/);
  assert.match(text, /e-mail/i);
  await checkAxe(page);
  // nothing imported yet
  const before = await server.apiAs(admin.email).get('/api/v1/users?q=ok.one');
  assert.equal(before.json.items.length, 0);
  await page.getByRole('button', { name: /Import/ }).click();
  await page.waitForLoadState();
  const after = await server.apiAs(admin.email).get('/api/v1/users?q=ok.one');
  assert.equal(after.json.items.length, 1);
  await ctx.close();
});

test('a manager sees only their centre\'s people', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, manager);
  await page.goto(`${server.url}/admin/users`);
  const text = await page.textContent('main');
  assert.match(text, /Nora North/);
  assert.doesNotMatch(text, /Sam South/);
  await checkAxe(page);
  await ctx.close();
});

test('switching the language to Russian shows Russian', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.selectOption('#lang-select', 'ru');
  await page.locator('.lang-form button').click();
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('html', 'lang'), 'ru');
  assert.match(await page.textContent('main'), /Войти/);
  await checkAxe(page);
  await ctx.close();
});

test('a person gives their gender, year of birth and disability on their account page', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, admin);
  await page.goto(`${server.url}/account`);
  await checkAxe(page);
  await page.getByLabel('Year of birth (optional)').fill('18');
  await page.getByRole('button', { name: 'Save your answers' }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('.error-summary').isVisible());
  await checkAxe(page);
  await page.getByLabel('Gender (optional)').selectOption('female');
  await page.getByLabel('Year of birth (optional)').fill('1984');
  await page.getByLabel('Disability (optional)').selectOption('false');
  await page.getByRole('button', { name: 'Save your answers' }).click();
  await page.waitForLoadState();
  assert.match(await page.textContent('main'), /Your answers have been saved/);
  assert.equal(await page.inputValue('#birth_year'), '1984');
  // the people list with its filters, and a person's form with the three fields
  await page.goto(`${server.url}/admin/users?gender=female&age_band=35-44&disability=false`);
  assert.match(await page.textContent('main'), /Ada Admin/);
  await checkAxe(page);
  await page.goto(`${server.url}/admin/users/new`);
  await checkAxe(page);
  await ctx.close();
});
