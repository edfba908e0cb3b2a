// A coordinator reviews the suggested mentors on a phone-sized screen in Debian's chromium
// (playwright-core), without JavaScript: the open requests with their ranked suggestions, the
// optimal assignment for all of them, one pair unticked, the rest confirmed. Every page
// visited passes axe-core's WCAG 2.1 A/AA check and does not scroll sideways on the phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars } from '../lib/dars.js';

let server, browser;
const coordinator = { email: 'coord@example.org', password: 'coordinator password 1' };
const phone = { width: 360, height: 740 };

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const api = server.apiAs('admin@example.org');
  const ok = async (p, status = 201) => { const r = await p; assert.equal(r.status, status, r.text); return r.json; };
  await ok(api.post('/api/v1/regions', { code: 'R1', name: 'Absheron' }));
  await ok(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku centre', region: 'R1', kind: 'central', timezone: 'Asia/Baku' }));
  server.addUser({ ...coordinator, name: 'Cora Coordinator', role: 'manager@C-BAK' });
  const mentors = [['mina', 'Mina Mentor', ['data-science', 'programming'], ['az', 'en'], 2], ['murad', 'Murad Mentor', ['english'], ['ru'], 1]];
  for (const [who, name, skills, languages, capacity] of mentors) {
    server.addUser({ email: `${who}@example.org`, name, role: 'mentor' });
    await ok(api.request('PUT', `/api/v1/mentors/${who}@example.org`, { skills, languages, centre: 'C-BAK', capacity }), 200);
  }
  const learners = [['lala', 'Lala Learner', ['data-science'], 'az'], ['leyla', 'Leyla Learner', ['english'], 'ru'], ['lev', 'Lev Learner', ['programming'], 'en']];
  for (const [who, name, skills, language] of learners) {
    server.addUser({ email: `${who}@example.org`, name, role: 'learner' });
    await ok(api.post('/api/v1/mentoring/requests', { mentee: `${who}@example.org`, goals: 'A first job', skills, language }));
  }
  server.sql("UPDATE users SET centre_id = (SELECT id FROM centres WHERE code = 'C-BAK') WHERE email IN ('lala@example.org', 'leyla@example.org', 'lev@example.org')");
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// axe-core is injected with JavaScript enabled in a second context on the same URL, on the phone
async function axe(url, cookies) {
  const ctx = await browser.newContext({ bypassCSP: true, viewport: phone });
  await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  await page.goto(url);
  try {
    await checkAxe(page, url);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= phone.width, `${url} is ${wide}px wide on a ${phone.width}px phone`);
  } finally {
    await ctx.close();
  }
}

test('a coordinator reviews and confirms the suggested mentors on a phone, without JavaScript', async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: phone });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill(coordinator.email);
  await page.getByLabel('Password').fill(coordinator.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  const cookies = await ctx.cookies();

  // the header leads to the coordinator's page
  await page.getByRole('link', { name: 'Mentoring' }).last().click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/admin\/mentoring$/);
  await axe(page.url(), cookies);
  const main = page.locator('main');
  await assert.doesNotReject(main.getByText('Lala Learner').waitFor());
  assert.match(await main.innerText(), /skills 40 of 40; shares the language; same centre/);

  await page.getByRole('link', { name: 'Suggest for all open requests' }).click();
  await page.waitForLoadState();
  await axe(page.url(), cookies);
  const boxes = page.locator('input[name="pair"]');
  assert.equal(await boxes.count(), 3);
  // Lev's pair is left out: untick it
  await page.getByLabel(/Lev Learner/).uncheck();
  await page.getByRole('button', { name: 'Confirm the ticked pairs' }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /show=mentorships/);
  assert.match(await page.locator('.notice').innerText(), /proposed to both sides/);
  await axe(page.url(), cookies);
  const rows = server.sql("SELECT me.email FROM mentorships ms JOIN users me ON me.id = ms.mentee_id WHERE ms.status = 'proposed' ORDER BY me.email").map((r) => r[0]);
  assert.deepEqual(rows, ['lala@example.org', 'leyla@example.org']);
  assert.equal(server.sql("SELECT COUNT(*) FROM mentoring_requests WHERE status = 'open'")[0][0], '1');

  // a proposal's page: the coordinator confirms it
  await page.getByRole('link', { name: 'Mina Mentor' }).first().click();
  await page.waitForLoadState();
  await axe(page.url(), cookies);
  await page.getByRole('button', { name: 'Confirm: make it active' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.notice').innerText(), /The mentorship is active/);

  for (const path of ['/admin/mentoring?show=mentors', '/admin/mentoring/cohort', '/mentoring/statement?mentor=mina@example.org', '/mentoring'])
    await axe(`${server.url}${path}`, cookies);
  await ctx.close();
});

test("a mentee's page and the request form pass axe on a phone", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: phone });
  const page = await ctx.newPage();
  server.addUser({ email: 'nina@example.org', name: 'Nina Newcomer', role: 'learner', password: 'newcomer password 1' });
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill('nina@example.org');
  await page.getByLabel('Password').fill('newcomer password 1');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  const cookies = await ctx.cookies();
  await page.goto(`${server.url}/mentoring`);
  await axe(page.url(), cookies);
  // sent empty: the error summary and the field's message
  await page.getByRole('button', { name: 'Ask for a mentor' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.error-summary').innerText(), /Say what you would like help with/);
  await page.getByLabel('What would you like help with?').fill('Learn robotics');
  await page.getByLabel('Robotics').check();
  await page.getByLabel('In person').check();
  await page.getByRole('button', { name: 'Ask for a mentor' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('main').innerText(), /Your request for a mentor/);
  await axe(page.url(), cookies);
  await ctx.close();
});

test("a mentor keeps their profile and the pair sets a goal, on a phone without JavaScript", async () => {
  const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: phone });
  const page = await ctx.newPage();
  await page.goto(`${server.url}/login`);
  await page.getByLabel('E-mail address').fill('mina@example.org');
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState();
  const cookies = await ctx.cookies();
  await page.goto(`${server.url}/mentoring`);
  await page.getByRole('link', { name: 'Your mentor profile' }).click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/mentoring\/profile$/);
  await axe(page.url(), cookies);
  // a capacity that is not a number: the summary and the field's message
  await page.getByLabel('Capacity').fill('lots');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.error-summary').innerText(), /Enter a whole number from 0 to 50/);
  await axe(`${server.url}/mentoring/profile`, cookies);
  await page.getByLabel('Capacity').fill('3');
  await page.getByLabel('Robotics').check();
  await page.getByLabel('About you').fill('Data scientist; I help with first jobs.');
  await page.getByRole('button', { name: 'Save the profile' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.notice').innerText(), /Your mentor profile is saved/);
  assert.deepEqual(server.sql("SELECT mp.capacity, mp.bio FROM mentor_profiles mp JOIN users u ON u.id = mp.user_id WHERE u.email = 'mina@example.org'")[0],
    ['3', 'Data scientist; I help with first jobs.']);

  // the active mentorship's page: a goal added, then achieved
  const id = server.sql("SELECT ms.id FROM mentorships ms JOIN users u ON u.id = ms.mentor_id WHERE u.email = 'mina@example.org' AND ms.status = 'active'")[0][0];
  await page.goto(`${server.url}/mentoring/${id}`);
  await page.getByLabel('A new goal').fill('A portfolio of three projects');
  await page.getByRole('button', { name: 'Add the goal' }).click();
  await page.waitForLoadState();
  assert.match(await page.locator('.notice').innerText(), /The goal is added/);
  await page.getByLabel(/Status A portfolio of three projects/).selectOption('achieved');
  await page.getByRole('button', { name: /Change A portfolio of three projects/ }).click();
  await page.waitForLoadState();
  assert.equal(server.sql(`SELECT status FROM mentorship_goals WHERE mentorship_id = ${id}`)[0][0], 'achieved');
  await axe(page.url(), cookies);
  await ctx.close();
});
