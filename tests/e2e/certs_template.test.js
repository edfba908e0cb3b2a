// Browser journey of a course's certificate template (and a programme's, the
// same form): a manager opens it from the course's admin page, sends it with a logo that is not a PNG and reads
// what is wrong, then saves it. axe-core (WCAG 2.1 A/AA) checks the form, with
// and without its errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDars, apiOk } from '../lib/dars.js';

const admin = { email: 'ada@example.org', password: 'admin password 123' };
let server, browser;

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  const api = server.apiAs(admin.email);
  await apiOk(api.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming', delivery: 'online', status: 'published',
  }));
  await apiOk(api.post('/api/v1/programmes', { code: 'DT-LEAD', title: 'Digital transformation leadership', courses: ['PY-101'] }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

test('the certificate template form, with its errors, passes axe', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/courses/PY-101/edit`);
  await page.getByRole('link', { name: 'Certificate template' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Certificate template');
  await checkAxe(page, 'certificate template');
  await page.getByLabel('Text', { exact: true }).fill('Awarded to {holder} for {title}.');
  await page.getByLabel('First signatory: name').fill('Leyla Hüseynova');
  await page.getByLabel('Left logo (ministry)').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await page.getByRole('button', { name: 'Save the template' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#logo1-error').textContent(), /PNG/);
  assert.equal(await page.getByLabel('Text', { exact: true }).inputValue(), 'Awarded to {holder} for {title}.');
  await checkAxe(page, 'certificate template with errors');
  await page.getByRole('button', { name: 'Save the template' }).click();
  await page.waitForLoadState();
  assert.match(await page.content(), /The certificate template has been saved/);
  await checkAxe(page, 'certificate template saved');
});

test('a programme\'s certificate template, from its admin page, passes axe', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/admin/programmes/DT-LEAD`);
  await page.getByRole('link', { name: 'Certificate template' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/admin/programmes/DT-LEAD/certificate');
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Certificate template');
  await checkAxe(page, 'programme certificate template');
  await page.getByLabel('Text', { exact: true }).fill('{holder} completed the programme {title}.');
  await page.getByLabel('Right logo (donor)').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('not a picture at all') });
  await page.getByRole('button', { name: 'Save the template' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#logo3-error').textContent(), /PNG/);
  await checkAxe(page, 'programme certificate template with errors');
  await page.getByRole('button', { name: 'Save the template' }).click();
  await page.waitForLoadState();
  assert.match(await page.content(), /The certificate template has been saved/);
  await checkAxe(page, 'programme certificate template saved');
});
