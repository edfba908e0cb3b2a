// Browser journey of the certificates register: a manager opens it from the header, finds a
// certificate, opens its page, revokes it (the confirmation and its error first), then issues
// one by hand after reading what was wrong. axe-core (WCAG 2.1 A/AA) checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDars, apiOk } from '../lib/dars.js';

const manager = { email: 'mo@example.org', password: 'manager password 123' };
let server, browser, cert;

before(async () => {
  server = await startDars();
  server.addUser({ email: 'ada@example.org', name: 'Ada Admin', role: 'admin' });
  const api = server.apiAs('ada@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-ONE', name: 'Centre one', region: 'AAA', kind: 'regional' }));
  server.addUser({ ...manager, name: 'Mo Manager', role: 'manager@C-ONE' });
  server.addUser({ email: 'aysel@example.org', name: 'Aysel Məmmədova', role: 'learner' });
  await apiOk(api.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming', delivery: 'online',
    status: 'published', centre: 'C-ONE', certificate: true,
  }));
  cert = await apiOk(api.post('/api/v1/certificates', { user: 'aysel@example.org', course: 'PY-101' }), 201);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

test('the register, a certificate, its revocation and issuing by hand pass axe', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, manager);
  await page.getByRole('navigation', { name: 'Administration' }).getByRole('link', { name: 'Certificates' }).click();
  await page.waitForLoadState();
  assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Certificates');
  await checkAxe(page, 'certificates register');

  await page.getByLabel('Number, code, name, e-mail address, course or programme').fill('Məmmədova');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForLoadState();
  await page.getByRole('link', { name: cert.number }).click();
  await page.waitForLoadState();
  assert.match(await page.getByRole('heading', { level: 1 }).textContent(), new RegExp(cert.number));
  await checkAxe(page, 'a certificate');

  await page.getByRole('link', { name: 'Revoke' }).click();
  await page.waitForLoadState();
  await checkAxe(page, 'revoke confirmation');
  await page.getByRole('button', { name: 'Yes, revoke this certificate' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#reason-error').textContent(), /Say why/);
  await checkAxe(page, 'revoke confirmation with its error');
  await page.getByLabel('Reason for revoking').fill('Issued by mistake');
  await page.getByRole('button', { name: 'Yes, revoke this certificate' }).click();
  await page.waitForLoadState();
  assert.match(await page.content(), /The certificate has been revoked/);
  await checkAxe(page, 'a revoked certificate');

  await page.goto(`${server.url}/admin/certificates/new`);
  await page.getByLabel('E-mail address of the person').fill('nobody@example.org');
  await page.getByLabel('Code of the course or programme').fill('NOPE');
  await page.getByRole('button', { name: 'Issue the certificate' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('#user-error').textContent(), /No one has an account/);
  assert.match(await page.locator('#course-error').textContent(), /Enter the code of a course/);
  await checkAxe(page, 'issue by hand with errors');
  await page.getByLabel('E-mail address of the person').fill('aysel@example.org');
  await page.getByLabel('Code of the course or programme').fill('PY-101');
  await page.getByRole('button', { name: 'Issue the certificate' }).click();
  await page.waitForLoadState();
  assert.match(await page.content(), /The certificate has been issued/);
});
