// A donor project as an IATI 2.03 activity (issue 16): GET /api/v1/projects/{code}/iati
// validates against the IATI schema with xmllint, and keeps IATI's rules the schema cannot
// check (a period starts before it ends; a value on every target and actual of measure 1;
// one sex dimension per sex present); a signed-off period keeps its signed number and split.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDars, apiOk, ROOT } from '../lib/dars.js';

const XSD = join(ROOT, '../shared/testdata/iati-2.03/iati-activities-schema.xsd');
const PW = 'correct horse battery';
const T = '2026-01-02T08:00:00Z';
let server, api;

// Tiny XML reading for the rules: elements with their attributes and inner text, by name.
const attrs = (s) => Object.fromEntries([...s.matchAll(/([\w:-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
function elements(xml, name) {
  const re = new RegExp(`<${name}(\\s[^>]*?)?(/>|>([\\s\\S]*?)</${name}>)`, 'g');
  return [...xml.matchAll(re)].map((m) => ({ attrs: attrs(m[1] || ''), inner: m[3] || '' }));
}

function completed(email, at) {
  server.sql(`INSERT INTO enrolments (user_id, course_id, status, progress, started_at, completed_at, created_at, updated_at)
    SELECT u.id, c.id, 'completed', 100, '${at}', '${at}', '${T}', '${T}' FROM users u, courses c
    WHERE u.email = '${email}' AND c.code = 'K-DEC'`);
  const r = server.cli(['reports', 'rebuild']);
  assert.equal(r.code, 0, r.stderr);
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/regions', { code: 'GAN', name: 'Ganja' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/courses', {
    code: 'K-DEC', title: 'Coding', language: 'en', topic: 'programming', delivery: 'online', status: 'published', centre: 'C-BAK',
    modules: [{ title: 'M', lessons: [{ title: 'L', body: 'x', minutes: 30 }] }],
  }));
  for (const [email, gender] of [['aysel@example.org', 'female'], ['leyla@example.org', 'female'], ['orxan@example.org', 'male'], ['nigar@example.org', 'female']]) {
    await apiOk(api.post('/api/v1/users', { email, full_name: email, status: 'active', password: PW, gender }));
  }
  completed('aysel@example.org', '2026-02-10T10:00:00Z');
  completed('leyla@example.org', '2026-03-01T10:00:00Z');
  completed('orxan@example.org', '2026-03-20T10:00:00Z');
  await apiOk(api.post('/api/v1/projects', {
    code: 'DEC-2026', name: 'Digital Education Centres', description: 'Coding for young people',
    funder: 'Example Donor Agency', starts_on: '2026-01-01', ends_on: '2026-12-31', currency: 'USD',
    status: 'implementation', iati_identifier: 'XM-DAC-41114-DEC-2026',
    reporting_org: { ref: 'XM-DAC-41114', name: 'Ministry of Digital Development' },
    report_recipients: ['officer@donor.example'],
    indicators: [
      { code: 'STUDENTS', title: 'Students trained', result: 'Young people gain digital skills', metric: 'people_completed', baseline: 10, target: 400 },
      { code: 'HOURS', title: 'Learning hours', result: 'Civil servants learn', result_type: 'outcome', metric: 'learning_hours', target: 1000 },
    ],
  }));
  await apiOk(api.post('/api/v1/projects/DEC-2026/signoffs', { starts_on: '2026-01-01', ends_on: '2026-03-31' }));
  completed('nigar@example.org', '2026-03-25T10:00:00Z'); // after the sign-off: Q1 stays at 3
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test('the IATI file validates against the IATI 2.03 schema', async (t) => {
  const r = await api.get('/api/v1/projects/DEC-2026/iati');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^application\/xml/);
  if (!existsSync(XSD)) return t.skip(`${XSD} is absent`);
  const dir = mkdtempSync(join(tmpdir(), 'dars-iati-'));
  try {
    writeFileSync(join(dir, 'activity.xml'), r.text);
    const v = spawnSync('xmllint', ['--noout', '--nonet', '--schema', XSD, join(dir, 'activity.xml')], { encoding: 'utf8' });
    assert.equal(v.status, 0, v.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the activity, its results and IATI rules the schema cannot check', async () => {
  const xml = (await api.get('/api/v1/projects/DEC-2026/iati')).text;
  const root = elements(xml, 'iati-activities')[0];
  assert.equal(root.attrs.version, '2.03');
  const act = elements(xml, 'iati-activity')[0].attrs;
  assert.equal(act['xml:lang'], 'en');
  assert.equal(act['default-currency'], 'USD');
  assert.equal(elements(xml, 'iati-identifier')[0].inner, 'XM-DAC-41114-DEC-2026');
  assert.equal(elements(xml, 'reporting-org')[0].attrs.ref, 'XM-DAC-41114');
  assert.deepEqual(elements(xml, 'participating-org').map((o) => o.attrs.role), ['1', '4']);
  assert.equal(elements(xml, 'activity-status')[0].attrs.code, '2');
  const results = elements(xml, 'result');
  assert.deepEqual(results.map((x) => x.attrs.type), ['1', '2']);
  for (const ind of elements(xml, 'indicator')) {
    assert.equal(ind.attrs.measure, '1');
    assert.equal(ind.attrs.ascending, 'true');
  }
  const periods = elements(results[0].inner, 'period');
  assert.equal(periods.length, 4); // the project's quarters
  for (const p of elements(xml, 'period')) {
    const start = elements(p.inner, 'period-start')[0].attrs['iso-date'];
    const end = elements(p.inner, 'period-end')[0].attrs['iso-date'];
    assert.ok(start < end, `${start} before ${end}`);
    for (const v of [...elements(p.inner, 'target'), ...elements(p.inner, 'actual')]) {
      assert.match(v.attrs.value ?? '', /^-?\d+(\.\d+)?$/, 'a value on every target and actual');
    }
    const sexes = elements(p.inner, 'actual').map((a) => elements(a.inner, 'dimension'));
    for (const d of sexes) {
      assert.ok(d.length <= 1, 'one dimension per actual');
      if (d.length) assert.equal(d[0].attrs.name, 'sex');
    }
    const values = sexes.filter((d) => d.length).map((d) => d[0].attrs.value);
    assert.equal(new Set(values).size, values.length, 'one sex dimension per sex present');
  }
  // Q1 signed off at 3 (2 women, 1 man); Nigar, counted after, does not move it
  const q1 = elements(periods[0].inner, 'actual');
  const bySex = Object.fromEntries(q1.map((a) => [elements(a.inner, 'dimension')[0]?.attrs.value ?? 'all', a.attrs.value]));
  assert.deepEqual(bySex, { all: '3', female: '2', male: '1' });
  assert.equal(elements(results[0].inner, 'baseline')[0].attrs.value, '10');
});

test('an unknown project is 404; a reader outside its scope is 403', async () => {
  assert.equal((await api.get('/api/v1/projects/NOPE/iati')).status, 404);
  server.addUser({ email: 'analyst@example.org', name: 'Anar Analyst', role: 'analyst@GAN' });
  const outsider = server.apiAs('analyst@example.org');
  assert.equal((await outsider.get('/api/v1/projects/DEC-2026/iati')).status, 403);
});
