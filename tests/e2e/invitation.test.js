// Browser journey of issue 12: an admin invites a pending person, who follows
// the link from the real e-mail, chooses a password and is signed in; then a
// forgotten password. axe-core (WCAG 2.1 A/AA) checks every page on the way.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDarsWithMail, mailLink } from '../lib/mail.js';

const SITE = 'https://dars.example';
const admin = { email: 'admin@example.org', password: 'admin password 123' };
let server, smtp, local, browser;

before(async () => {
  ({ server, smtp, local } = await startDarsWithMail(SITE));
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

test('a person follows an invitation link and sets a password', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);

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

  const link = await mailLink(smtp, 'nigar@example.org', /\/invitations\//);
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
  await page.goto(local(await mailLink(smtp, 'nigar@example.org', /\/password\/reset\//)));
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
