// Browser journey of issue 12: an admin invites a pending person, who follows
// the link from the real e-mail, chooses a password and is signed in; then a
// forgotten password. axe-core (WCAG 2.1 A/AA) checks every page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';
import { startSmtp } from '../lib/smtp.js';
import { mailsTo, until } from '../lib/mime.js';

const SITE = 'https://dars.example';
const admin = { email: 'admin@example.org', password: 'admin password 123' };
let server, smtp, browser;

before(async () => {
  smtp = await startSmtp();
  server = await startDars({ env: { DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DARS_PUBLIC_URL: SITE } });
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  const r = server.cli(['user', 'add', '--email', 'nigar@example.org', '--name', 'Nigar Newcomer']);
  assert.equal(r.code, 0, r.stderr);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  await smtp?.stop();
});

const local = (url) => server.url + url.slice(SITE.length);

test('a person follows an invitation link and sets a password', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill(admin.email);
  await page.getByLabel('Password').fill(admin.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();

  await page.goto(`${server.url}/admin/users/import`);
  await checkAxe(page);
  await page.goto(`${server.url}/admin/users?status=pending`);
  await checkAxe(page);
  assert.match(await page.locator('td.invitation-not-sent').first().textContent(), /Not sent/);
  await page.getByRole('link', { name: 'Invite everyone pending that these filters show' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  assert.match(await page.textContent('main'), /1 pending person will get an invitation by e-mail/);
  await page.goto(`${server.url}/admin/users?status=pending`);
  await page.getByRole('link', { name: 'Nigar Newcomer' }).click();
  await page.waitForLoadState();
  await page.getByRole('button', { name: 'Send an invitation' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  assert.match(await page.textContent('main'), /Sent on/);
  await ctx.close();

  const mail = await until(() => mailsTo(smtp, 'nigar@example.org')[0]);
  const link = mail.link(/\/invitations\//);
  const pctx = await browser.newContext({ bypassCSP: true });
  const p = await pctx.newPage();
  await p.goto(local(link));
  await checkAxe(p);
  assert.match(await p.textContent('h1'), /Welcome to Dars/);
  await p.getByLabel('New password', { exact: true }).fill('nigar first password');
  await p.getByLabel('New password again').fill('something else entirely');
  await p.getByRole('button', { name: 'Save the password and sign in' }).click();
  await p.waitForLoadState();
  assert.ok(await p.locator('.error-summary').isVisible());
  await checkAxe(p);
  await p.getByLabel('New password', { exact: true }).fill('nigar first password');
  await p.getByLabel('New password again').fill('nigar first password');
  await p.getByRole('button', { name: 'Save the password and sign in' }).click();
  await p.waitForLoadState();
  assert.match(await p.textContent('body'), /Your account is ready/);
  await p.goto(`${server.url}/account`);
  assert.match(await p.textContent('main'), /nigar@example\.org/);
  // the link again: used, said plainly
  await p.goto(local(link));
  await checkAxe(p);
  assert.match(await p.textContent('main'), /already been used/);
  await pctx.close();
});

test('a person who forgot the password asks for a link and chooses a new one', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByRole('link', { name: 'Forgotten your password?' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.waitForLoadState();
  assert.ok(await page.locator('.error-summary').isVisible());
  await checkAxe(page);
  await page.getByLabel('E-mail address').fill('nigar@example.org');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  assert.match(await page.textContent('h1'), /Check your e-mail/);
  const mail = await until(() => mailsTo(smtp, 'nigar@example.org').find((m) => m.link(/\/password\/reset\//)));
  await page.goto(local(mail.link(/\/password\/reset\//)));
  await checkAxe(page);
  await page.getByLabel('New password', { exact: true }).fill('nigar second password');
  await page.getByLabel('New password again').fill('nigar second password');
  await page.getByRole('button', { name: 'Save the new password' }).click();
  await page.waitForLoadState();
  await checkAxe(page);
  assert.match(await page.textContent('body'), /Sign in with your new password/);
  await page.goto(`${server.url}/password/reset/not-a-token`);
  await checkAxe(page);
  await ctx.close();
});
