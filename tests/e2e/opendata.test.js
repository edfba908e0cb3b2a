// Browser journey of open data (issue 19): anyone finds Open data in the
// footer and on the home page, reads the empty catalogue, then (after the
// demo's snapshot) the catalogue, a dataset's page with its data dictionary
// and archive, in English and in Russian; an admin publishes with the
// button. axe-core (WCAG 2.1 A/AA) checks each page; the links work without JavaScript.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe, signIn } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';

const admin = { email: 'ada@example.org', password: 'admin password 123' };
let server, browser;

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Ada Admin', role: 'admin' });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

test('anyone finds open data from the home page and the footer; the empty state says so', async () => {
  // without JavaScript first: the pages are links and tables
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p0 = await plain.newPage();
  await p0.goto(server.url + '/');
  await p0.locator('footer').getByRole('link', { name: 'Open data' }).click();
  await p0.waitForLoadState();
  assert.equal(new URL(p0.url()).pathname, '/open-data');
  assert.match(await p0.locator('main').textContent(), /Nothing has been published yet/);
  await plain.close();

  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(server.url + '/open-data');
  await checkAxe(page, '/open-data (empty)');
  await page.goto(server.url + '/');
  assert.equal(await page.locator('main a[href="/open-data"]').count(), 1, 'the home page links to it');
  await page.goto(server.url + '/open-data/training-by-region-quarter');
  assert.match(await page.locator('main').textContent(), /not been published yet/);
  await checkAxe(page, '/open-data/training-by-region-quarter (empty)');
  await ctx.close();
});

test('the catalogue and a dataset page, in English and in Russian', async () => {
  const demo = server.cli(['demo']);
  assert.equal(demo.code, 0, demo.stderr);
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(server.url + '/open-data');
  assert.equal(await page.locator('main h2').count(), 4);
  await checkAxe(page, '/open-data');
  await page.locator('main').getByRole('link', { name: 'Training by region and quarter' }).click();
  await page.waitForLoadState();
  const main = await page.locator('main').textContent();
  assert.match(main, /Data dictionary/);
  assert.match(main, /people_enrolled/);
  assert.match(main, /What is hidden and why/);
  assert.match(main, /Archive/);
  await checkAxe(page, '/open-data/training-by-region-quarter');

  await ctx.addCookies([{ name: 'dars_lang', value: 'ru', url: server.url }]);
  await page.goto(server.url + '/open-data');
  const ru = await page.locator('main').textContent();
  assert.match(ru, /Открытые данные/);
  await checkAxe(page, '/open-data (ru)');
  await ctx.close();
});

test('an admin publishes now from the admin page', async () => {
  const ctx = await browser.newContext({ bypassCSP: true });
  const page = await ctx.newPage();
  await signIn(page, server.url, admin);
  await page.goto(server.url + '/admin/open-data');
  await checkAxe(page, '/admin/open-data');
  await page.getByRole('button', { name: 'Publish now' }).click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).pathname, '/admin/open-data');
  assert.match(await page.locator('[role="status"]').textContent(), /Publishing has started/);
  // the run appears once the server's background thread has published (the page says so)
  for (let i = 0; i < 100; i++) {
    await page.reload();
    if (await page.locator('main table tbody tr').count() >= 2 &&
        !/Running/.test(await page.locator('main table tbody tr').first().textContent())) break;
    await page.waitForTimeout(200);
  }
  assert.ok(await page.locator('main table tbody tr').count() >= 2, 'the runs are listed');
  assert.match(await page.locator('main table tbody tr').first().textContent(), /Published/);
  await checkAxe(page, '/admin/open-data after publishing');
  await ctx.close();
});
