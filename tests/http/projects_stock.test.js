// Donor projects (issue 16): a stock metric (centres_equipped, a level to date) against a
// flow (people_completed). A stock's default quarters rise to the target as levels; each
// period's actual is the level at its end and the indicator's the level at the span's end,
// never a sum of periods; "expected by now" climbs from the previous period's level; the
// workbook and the IATI file give the same levels as the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';
import { readXlsx } from '../lib/xlsx.js';

const PW = 'correct horse battery';
let server, api;

// A UTC day n days from today, "YYYY-MM-DD" (the project page's today is UTC).
const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PW });
  api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  for (const c of ['C-1', 'C-2', 'C-3'])
    await apiOk(api.post('/api/v1/centres', { code: c, name: `Centre ${c}`, region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/projects', {
    code: 'DEC-2025', name: 'Digital Education Centres', starts_on: '2025-01-01', ends_on: '2025-12-31',
    reporting_org: { ref: 'XM-DAC-41114', name: 'Ministry' },
    indicators: [
      { code: 'EQUIPPED', title: 'Centres equipped', metric: 'centres_equipped', target: 6 },
      { code: 'STUDENTS', title: 'Students trained', metric: 'people_completed', target: 6 },
    ],
  }));
  // one centre equipped in Q1, one in Q2, none in Q3, one in Q4
  for (const [centre, received_on] of [['C-1', '2025-02-10'], ['C-2', '2025-05-10'], ['C-3', '2025-11-01']])
    await apiOk(api.post('/api/v1/equipment', { centre, project: 'DEC-2025', kind: 'computer', quantity: 5, received_on }));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const indicator = (p, code) => p.indicators.find((i) => i.code === code);

test('a stock\'s default quarters are levels rising to the target; a flow\'s share it out', async () => {
  const p = await apiOk(api.get('/api/v1/projects/DEC-2025'), 200);
  assert.deepEqual(indicator(p, 'EQUIPPED').periods.map((x) => x.target), [2, 3, 5, 6]);
  assert.deepEqual(indicator(p, 'STUDENTS').periods.map((x) => x.target), [1, 2, 1, 2]);
});

test('a stock\'s period actuals are levels at each period\'s end; the whole span is the last level', async () => {
  const p = await apiOk(api.get('/api/v1/projects/DEC-2025'), 200);
  const eq = indicator(p, 'EQUIPPED');
  assert.deepEqual(eq.periods.map((x) => x.actual), [1, 2, 2, 3]);
  assert.deepEqual(eq.periods.map((x) => x.progress), [0.5, 0.6667, 0.4, 0.5]);
  assert.equal(eq.actual, 3, 'the level at the end, not 1 + 2 + 2 + 3');
  assert.equal(eq.progress, 0.5);
});

test('the workbook and the IATI file give the same levels', async () => {
  const b = server.browser();
  await b.login('admin@example.org', PW);
  const res = await fetch(server.url + '/admin/projects/DEC-2025.xlsx', { headers: { cookie: b.cookieHeader() } });
  assert.equal(res.status, 200);
  const rows = readXlsx(Buffer.from(await res.arrayBuffer())).rows;
  const mine = rows.filter((r) => String(r[0]).startsWith('Centres equipped'));
  // target, actual per quarter, then the whole project
  assert.deepEqual(mine.map((r) => [Number(r[4]), Number(r[5])]), [[2, 1], [3, 2], [5, 2], [6, 3], [6, 3]]);

  const xml = (await api.get('/api/v1/projects/DEC-2025/iati')).text;
  const ind = xml.slice(xml.indexOf('Centres equipped'), xml.indexOf('Students trained'));
  const targets = [...ind.matchAll(/<target value="([^"]+)"/g)].map((m) => Number(m[1]));
  const actuals = [...ind.matchAll(/<actual value="([^"]+)"\/?>/g)].map((m) => Number(m[1]));
  assert.deepEqual(targets, [2, 3, 5, 6]);
  assert.deepEqual(actuals, [1, 2, 2, 3]);
});

test('"expected by now" of a stock climbs from the last period\'s level; a flow\'s adds periods up', async () => {
  // two periods of 100 days; today is day 51 of the second
  const periods = [
    { starts_on: day(-100), ends_on: day(-51), target: 2 },
    { starts_on: day(-50), ends_on: day(49), target: 10 },
  ];
  await apiOk(api.post('/api/v1/projects', {
    code: 'NOW', name: 'Under way', starts_on: day(-100), ends_on: day(49),
    indicators: [
      { code: 'EQUIPPED', title: 'Centres equipped', metric: 'centres_equipped', target: 10, periods },
      { code: 'STUDENTS', title: 'Students trained', metric: 'people_completed', target: 12, periods },
    ],
  }));
  for (const centre of ['C-1', 'C-2', 'C-3'])
    await apiOk(api.post('/api/v1/equipment', { centre, project: 'NOW', kind: 'laptop', quantity: 1, received_on: day(-60) }));
  const b = server.browser();
  await b.login('admin@example.org', PW);
  const page = await b.get('/admin/projects/NOW');
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  const section = (title) => main.slice(main.indexOf(title), main.indexOf('</section>', main.indexOf(title)));
  // stock: 2 + (10 - 2) * 51/100 = 6.08; flow: 2 + 10 * 51/100 = 7.1
  const eq = section('Centres equipped');
  assert.match(eq, /3 of 10 \(30%\); by now the periods expect 6\./);
  assert.match(eq, /Behind/, '3 is under 70% of 6.08');
  assert.match(section('Students trained'), /by now the periods expect 7\./);
});
