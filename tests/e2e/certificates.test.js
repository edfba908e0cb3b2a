// Browser journey of issue 17's certificates (DESIGN.md 6a): a visitor, not
// signed in, opens /verify/{code} for a valid certificate, a revoked one, a
// replaced one (and follows the link to its correction) and an unknown code
// (404, a clear page), on a desktop and on a phone; a learner finds their
// certificates on /my with the PDF to download and the verify page to share;
// an admin's course and programme forms with their certificate fields.
// axe-core (WCAG 2.1 A/AA) checks each page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDars, apiOk } from '../lib/dars.js';

const admin = { email: 'ada@example.org', password: 'admin password 123' };
const learner = { email: 'aysel@example.org', password: 'learner password 123' };
let server, api, browser;
const cert = {};

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  api = server.apiAs(admin.email);
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'D-BAK', name: 'Digital Education Centre Baku', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  for (const [code, title] of [['PY-101', 'Python for beginners'], ['DT-EXEC', 'Digital transformation for executives']])
    await apiOk(api.post('/api/v1/courses', {
      code, title, language: 'en', topic: 'programming', delivery: 'online', status: 'published', centre: 'D-BAK',
      certificate: true, certificate_months: 24, modules: [{ title: 'Module 1', lessons: [{ title: 'Lesson 1', body: 'Text', minutes: 30 }] }],
    }));
  await apiOk(api.post('/api/v1/users', { email: learner.email, full_name: 'Aysel Məmmədova', gender: 'female', status: 'active', centre: 'D-BAK', password: learner.password }));
  // completing PY-101 issues its certificate
  const me = server.apiAs(learner.email);
  await apiOk(me.post('/api/v1/enrolments', { course: 'PY-101' }));
  const course = await apiOk(api.get('/api/v1/courses/PY-101'), 200);
  await apiOk(me.post(`/api/v1/lessons/${course.modules[0].lessons[0].id}/done`), 200);
  cert.valid = (await apiOk(api.get('/api/v1/certificates?course=PY-101'), 200)).items[0];
  // by hand, then revoked; by hand, then corrected
  cert.revoked = await apiOk(api.post('/api/v1/certificates', { user: learner.email, course: 'DT-EXEC' }));
  await apiOk(api.post(`/api/v1/certificates/${cert.revoked.code}/revoke`, { reason: 'Issued in error' }), 200);
  cert.old = await apiOk(api.post('/api/v1/certificates', { user: learner.email, course: 'DT-EXEC' }));
  cert.fixed = await apiOk(api.post(`/api/v1/certificates/${cert.old.code}/replace`, { holder: 'Aysel Məmmədova-Əliyeva' }));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

for (const [device, options] of [['desktop', {}], ['phone', { viewport: { width: 375, height: 740 }, isMobile: true }]]) {
  test(`a visitor verifies certificates without signing in (${device})`, async () => {
    const ctx = await browser.newContext({ bypassCSP: true, ...options });
    const page = await ctx.newPage();

    let r = await page.goto(`${server.url}/verify/${cert.valid.code}`);
    assert.equal(r.status(), 200);
    let main = await page.locator('main').textContent();
    assert.match(main, /Aysel Məmmədova/);
    assert.match(main, /Python for beginners/);
    assert.match(main, new RegExp(cert.valid.number.replace(/\//g, '\\/')));
    await checkAxe(page, `/verify (valid, ${device})`);

    r = await page.goto(`${server.url}/verify/${cert.revoked.code}`);
    assert.equal(r.status(), 200);
    assert.match(await page.locator('main').textContent(), /revoked/i);
    await checkAxe(page, `/verify (revoked, ${device})`);

    r = await page.goto(`${server.url}/verify/${cert.old.code}`);
    assert.equal(r.status(), 200);
    assert.match(await page.locator('main').textContent(), /replaced/i);
    await checkAxe(page, `/verify (replaced, ${device})`);
    await page.locator(`main a[href$="/verify/${cert.fixed.code}"]`).first().click();
    await page.waitForLoadState();
    assert.equal(new URL(page.url()).pathname, `/verify/${cert.fixed.code}`);
    main = await page.locator('main').textContent();
    assert.match(main, /Aysel Məmmədova-Əliyeva/);

    r = await page.goto(`${server.url}/verify/NOT-A-REAL-CODE-123`);
    assert.equal(r.status(), 404);
    assert.ok((await page.locator('main h1').textContent()).trim().length > 0, 'the 404 page says what happened');
    await checkAxe(page, `/verify (unknown, ${device})`);
    await ctx.close();
  });
}

test('a learner finds their certificates on /my: the PDF to download, the page to share', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, learner);
  await page.goto(`${server.url}/my`);
  const section = page.locator('main table', { has: page.locator('caption', { hasText: 'My certificates' }) });
  await section.waitFor();
  const valid = section.locator(`tr[data-code="${cert.valid.code}"]`);
  assert.match(await valid.textContent(), /Valid/);
  const pdf = valid.getByRole('link', { name: /Download \(PDF\)/ });
  assert.equal(await pdf.getAttribute('href'), `/certificates/${cert.valid.code}.pdf`);
  const share = valid.getByRole('link', { name: /Verification page/ });
  assert.equal(await share.getAttribute('href'), cert.valid.verify_url);
  assert.match(await section.locator(`tr[data-code="${cert.revoked.code}"]`).textContent(), /Revoked/);
  assert.equal(await section.locator(`tr[data-code="${cert.old.code}"]`).count(), 0, 'the replaced one is left out');
  assert.equal(await section.locator(`tr[data-code="${cert.fixed.code}"]`).count(), 1);
  await checkAxe(page, '/my (certificates)');
  await ctx.close();
});

test('an admin sees the certificate fields on the course and programme forms', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);
  await page.goto(`${server.url}/courses/PY-101/edit`);
  assert.equal(await page.getByLabel('Gives a certificate').isChecked(), true);
  assert.equal(await page.getByLabel(/Certificate valid for/).inputValue(), '24');
  await checkAxe(page, '/courses/PY-101/edit');
  await page.goto(`${server.url}/admin/programmes/new`);
  assert.equal(await page.getByLabel('Gives a certificate').isChecked(), false);
  await checkAxe(page, '/admin/programmes/new');
  await ctx.close();
});
