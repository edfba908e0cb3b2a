// The project page's empty states (issue 16): a project without indicators, an indicator
// whose periods have not begun, and a stored indicator whose metric this Dars cannot count
// (its module gone) each read in words: no "NaN", no bare bar, no colour that says the wrong
// thing, and no sign-off link that would be refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, api, b;

// A UTC day n days from today, "YYYY-MM-DD" (the project page's today is UTC).
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
// The page's main text, its SVG left out, in one line.
const words = (html) => mainOf(html).replace(/<svg[\s\S]*?<\/svg>/g, ' ').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PW });
  api = server.apiAs('admin@example.org');
  b = server.browser();
  await b.login('admin@example.org', PW);
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

async function page(code) {
  const p = await b.get(`/admin/projects/${code}`);
  assert.equal(p.status, 200);
  const text = words(p.text);
  assert.doesNotMatch(text, /NaN|Infinity|undefined|\(null\)/);
  return { html: mainOf(p.text), text };
}

test('a project without indicators says so, and no key to colours it does not use', async () => {
  await apiOk(api.post('/api/v1/projects', { code: 'EMPTY', name: 'Empty', starts_on: '2026-01-01', ends_on: '2027-12-31', indicators: [] }));
  const { text } = await page('EMPTY');
  assert.match(text, /This project has no indicators yet\./);
  assert.doesNotMatch(text, /Green: at least 90%/);
  assert.match(text, /Funder – /, 'an empty field shows a dash, not nothing');
});

test('periods that have not begun: when the first begins, and no actual for them yet', async () => {
  await apiOk(api.post('/api/v1/projects', { code: 'LATER', name: 'Later', starts_on: day(30), ends_on: day(400), indicators: [
    { code: 'EQ', title: 'Centres equipped', metric: 'centres_equipped', target: 6 },
    { code: 'ST', title: 'Students trained', metric: 'people_completed', target: 100 }] }));
  const { text, html } = await page('LATER');
  for (const title of ['Centres equipped', 'Students trained']) {
    const part = text.slice(text.indexOf(`${title} Nothing due yet`));
    assert.ok(part.length < text.length, `${title}: "Nothing due yet"`);
    assert.match(part, /0 of \S+ \(0%\); nothing is due before the first period begins on /);
    assert.match(part, /Not begun/);
  }
  assert.doesNotMatch(text, /the periods expect 0/);
  assert.doesNotMatch(html, /Sign off [0-9]/);
});

test('an indicator whose metric cannot be counted says so, in its tag too, and offers no sign-off', async () => {
  await apiOk(api.post('/api/v1/projects', { code: 'GONE', name: 'Gone', starts_on: '2026-01-01', ends_on: '2026-12-31', indicators: [
    { code: 'ST', title: 'Students trained', metric: 'people_completed', target: 100 }] }));
  // stored before its module went: a metric this Dars does not know
  server.sql("UPDATE project_indicators SET metric = 'people_trained' WHERE code = 'ST' AND project_id = (SELECT id FROM projects WHERE code = 'GONE')");
  const { text, html } = await page('GONE');
  assert.match(text, /Students trained Not counted /);
  assert.doesNotMatch(text, /Nothing due yet/);
  assert.match(text, /Not counted: this Dars cannot count the metric yet\./);
  assert.doesNotMatch(html, /\/signoff\?/, 'project_signoff would refuse it');
  const ind = (await apiOk(api.get('/api/v1/projects/GONE'), 200)).indicators[0];
  assert.equal(ind.actual, null);
  assert.deepEqual(ind.periods.map((p) => [p.actual, p.progress]), [[null, null], [null, null], [null, null], [null, null]]);
});
