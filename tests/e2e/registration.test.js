// Browser journey of issue 12's self-registration: a person registers at an
// open centre through the real pages, follows the link of the real e-mail and
// confirms with the button; another registers at a centre with approval,
// waits, and a manager approves them on the requests page. axe-core (WCAG 2.1
// A/AA) checks every new page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDarsWithMail, mailLink } from '../lib/mail.js';
import { mailsTo, until } from '../lib/mime.js';

const SITE = 'https://dars.example';
const T = '2026-01-01T00:00:00Z';
const manager = { email: 'manager@example.org', password: 'manager password 123' };
let server, smtp, local, browser;

before(async () => {
  ({ server, smtp, local } = await startDarsWithMail(SITE));
  server.sql(`INSERT INTO regions (code, name, created_at, updated_at) VALUES ('GAN', 'Ganja', '${T}', '${T}')`);
  server.sql(`INSERT INTO centres (code, name, region_id, kind, registration, created_at, updated_at) VALUES
      ('C-OPEN', 'Open Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', 'open', '${T}', '${T}'),
      ('C-APP', 'Approving Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', 'approval', '${T}', '${T}')`);
  server.addUser({ ...manager, name: 'Mina Manager', role: 'manager@C-APP' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

async function fillForm(page, { name, email, centre, year = '' }) {
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill('my registration password');
  await page.getByLabel('Centre').selectOption({ label: centre });
  await page.getByLabel('Year of birth (optional)').fill(year);
  await page.getByLabel('I have read the privacy notice and agree to it').check();
}

async function confirmFromMail(page, email) {
  await page.goto(local(await mailLink(smtp, email, /\/register\/verify\//)));
  await checkAxe(page);
  assert.match(await page.textContent('h1'), /Confirm your e-mail address/);
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.waitForLoadState();
}

test('a person registers at an open centre and is signed in after confirming', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByRole('link', { name: 'Register' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  // the hidden field is out of sight and out of the tab order
  const box = await page.locator('#website').locator('..').boundingBox();
  assert.ok(box && box.width <= 1 && box.height <= 1, JSON.stringify(box));
  assert.equal(await page.locator('#website').getAttribute('tabindex'), '-1');
  // errors first: the summary, in a page that passes axe too
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('.error-summary').isVisible());
  await checkAxe(page);
  // under 18 without a guardian
  await fillForm(page, { name: 'Kamala Young', email: 'kamala@example.org', centre: 'Open Centre', year: String(new Date().getUTCFullYear() - 16) });
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForLoadState();
  assert.match(await page.textContent('.error-summary'), /You are under 18/);
  await page.getByLabel('Name of your parent or guardian').fill('Rena Parent');
  await page.getByLabel('Password', { exact: true }).fill('my registration password');
  await page.getByLabel('As the parent or guardian, I agree to the privacy notice').check();
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  assert.match(await page.textContent('h1'), /Check your e-mail/);

  await confirmFromMail(page, 'kamala@example.org');
  assert.match(await page.textContent('body'), /Your account is ready/);
  await page.goto(`${server.url}/account`);
  assert.match(await page.textContent('main'), /kamala@example\.org/);
  await ctx.close();
});

test('a person registers at a centre with approval, waits, and a manager approves', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/register`);
  await fillForm(page, { name: 'Ilkin Waiting', email: 'ilkin@example.org', centre: 'Approving Centre (with approval)', year: '1990' });
  await page.getByRole('button', { name: 'Register' }).click();
  await page.waitForLoadState();
  assert.match(await page.textContent('h1'), /Check your e-mail/);
  await confirmFromMail(page, 'ilkin@example.org');
  await checkAxe(page);
  assert.match(await page.textContent('h1'), /Your registration waits for approval/);
  await ctx.close();

  const mctx = await browser.newContext({ bypassCSP: true });
  const m = await mctx.newPage();
  await signIn(m, server.url, manager);
  await m.getByRole('link', { name: 'Registrations' }).click();
  await m.waitForLoadState();
  await checkAxe(m);
  assert.match(await m.textContent('main'), /Ilkin Waiting/);
  await m.getByRole('link', { name: 'Decline Ilkin Waiting' }).click();
  await m.waitForLoadState();
  await checkAxe(m);
  await m.getByRole('link', { name: 'No, go back' }).click();
  await m.waitForLoadState();
  await m.getByRole('button', { name: 'Approve Ilkin Waiting' }).click();
  await m.waitForLoadState();
  await checkAxe(m);
  assert.match(await m.textContent('main'), /Nobody is waiting for approval/);
  await mctx.close();
  await until(() => mailsTo(smtp, 'ilkin@example.org').find((x) => /approved/.test(x.text)));
  assert.equal(server.sql("SELECT status FROM users WHERE email = 'ilkin@example.org'")[0][0], 'active');
});
