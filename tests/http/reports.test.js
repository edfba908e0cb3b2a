// Reports (issue 13, DESIGN.md 6a "Reports"): every definition checked
// against a hand count on data made here, on SQLite and PostgreSQL, through
// GET /api/v1/reports/training; then the page /reports, /reports.csv and
// /reports.xlsx agree with the API; who may read what; the people behind a
// figure; the dashboard on the home page and the header's link.
//
// The data (all of 2025 unless said; instants in UTC, with the local day of
// the centre where the person trains: the cohort's centre, else the course's):
//
//   regions  ABS Absheron: C-BAK (Asia/Baku +04, central, urban), C-SUM (Asia/Baku, regional, rural)
//            USA United States: C-NYC (America/New_York, digital-education, area not said)
//            GAN Ganja: C-GAN (Asia/Baku, regional) -- no facts in 2025
//   courses  K-CLS (centre C-BAK; lessons 30 + 45 min), cohorts H-BAK at C-BAK and H-NYC at C-NYC;
//              in programmes P-ONE and P-TWO
//            K-ONL (centre C-SUM; lessons 60 + 90 min), no cohort; in P-ONE
//            K-NOC (no centre, no cohort: UTC; lesson 20 min); in no programme
//            K-DEL (centre C-BAK; lesson 600 min), deleted
//            K-GAN (centre C-GAN), for the last test's live enrolment
//   people   p1 Aysel  female 1990 disability no   ORG-A
//            p2 Babek  male   2008 -              ORG-B
//            p3 Camila female 1960 disability yes  -
//            p4 Davud  other  -    disability yes  ORG-A
//            p5 Elena  -      2000 disability no   ORG-B
//            p6 Farid  male   1961 disability no   ORG-A   (only waitlisted, requested, withdrawn)
//            p7 Gulnar female 1970 -              -       (deleted person)
//            p8 Hasan  male   2007 -              -       (enrolled in 2024; learns in 2025)
//            p9 Inara  female 1995 -              -       (this year only)
//
//   enrolments (status, started_at -> local day, completed_at -> local day)
//     p1 K-CLS@H-BAK completed  2025-03-31T21:00Z -> Baku 04-01; completed 2025-06-15T10:00Z
//     p1 K-ONL       active     2025-02-10T08:00Z (C-SUM)
//     p2 K-CLS@H-NYC active     2025-04-01T02:00Z -> New York 03-31
//     p2 K-NOC       completed  2025-12-31T23:30Z (UTC 12-31); completed 2025-12-31T23:59Z
//     p3 K-CLS@H-BAK completed  2025-01-10T09:00Z; completed 2025-03-31T20:30Z -> Baku 04-01
//     p3 K-ONL       withdrawn  (started 2025-03-01) -- does not count
//     p4 K-ONL       completed  2024-12-31T21:00Z -> Baku 2025-01-01; completed 2025-05-05T12:00Z
//     p5 K-CLS@H-NYC active     2026-01-01T03:00Z -> New York 2025-12-31
//     p5 K-NOC       active     2025-07-20T10:00Z
//     p6 K-CLS@H-BAK waitlisted; p6 K-ONL requested; p6 K-NOC withdrawn (started 2025-05-01)
//     p7 K-ONL       active     2025-03-03 -- a deleted person: does not count
//     p8 K-ONL       active     2024-12-31T19:00Z -> Baku 2024-12-31: not in 2025
//     p8 K-DEL       active     2025-03-03 -- a deleted course: does not count
//     p9 K-ONL       completed  YEAR-03-10, completed YEAR-05-10 (this year)
//   lessons completed: p1 K-CLS 30 (04-02) + 45 (06-10), p1 K-ONL 60 (02-11) [and 90 on 2024-12-01];
//     p2 K-CLS 30 (04-05, at C-NYC), p2 K-NOC 20 (2025-12-31T23:45Z); p3 K-CLS 30 (02-01) + 45 (03-01);
//     p4 K-ONL 60 (01-15) + 90 (05-01); p5 K-NOC 20 (2026-01-01T00:30Z: 2026 in UTC);
//     p8 K-ONL 60 (08-01); p7 K-ONL 60 (03-05, deleted person); p8 K-DEL 600 (03-04, deleted course)
//   sessions and marks
//     H-BAK S1 2025-04-10T05:00-08:00Z (3 h): p1 present, p3 late
//           S2 2025-04-17T05:00-06:30Z (1.5 h): p1 absent, p3 excused
//           S3 2024-12-31T20:30-22:30Z (2 h, Baku 2025-01-01): p3 present
//     H-NYC S4 2025-04-01T01:00-03:00Z (2 h, New York 03-31): p2 present
//           S5 2025-06-01T14:00-15:15Z (1.25 h): p2 absent, p5 absent
//           S6 2026-01-01T02:00-04:00Z (2 h, New York 2025-12-31): p5 late, p2 excused
//           S7 2025-01-01T03:00-05:00Z (2 h, New York 2024-12-31): p2 present -- not in 2025
//
// Hand count for 2025 by centre (enrolled, completed, learning_hours, attendance_rate):
//   C-BAK  {p1,p3} 2, {p1,p3} 2, 150 min + 8 h = 10.5, 3/4 = 0.75
//   C-SUM  {p1,p4} 2, {p4} 1, (60 + 150 + 60) min = 4.5, null
//   C-NYC  {p2,p5} 2, 0, 30 min + 4 h = 4.5, 2/4 = 0.5
//   (none) {p2,p5} 2, {p2} 1, 20 min = 0.33, null
//   totals {p1..p5} 5, {p1,p2,p3,p4} 4, 19.83, 5/8 = 0.625
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';
import { readXlsx, excelDate } from '../lib/xlsx.js';

const PW = 'correct horse battery';
const T = '2025-01-01T00:00:00Z';
const YEAR = new Date().getUTCFullYear();
const Y25 = 'from=2025-01-01&to=2025-12-31';

let server, adminApi;
const sessions = {}; // email -> Browser, signed in
const cohorts = {};

// --- what each check is about, for readable failures ---------------------------------------

const METRICS = ['enrolled', 'completed', 'certified', 'learning_hours', 'attendance_rate'];
const DEF = {
  rows: 'row order: codes ascending, null key last; gender female, male, other, unknown; age bands ' +
    'in their order; centre_kind central, regional, digital-education; area urban, rural, null; ' +
    'every month/quarter of the period; otherwise only rows with a fact in the period',
  enrolled: 'enrolled = distinct people with an enrolment now active or completed whose started_at falls in ' +
    'the period, on the local day of the centre where they train (cohort centre, else course centre, UTC ' +
    'without one); requested, waitlisted, withdrawn, deleted courses and deleted people do not count',
  completed: 'completed = distinct people whose enrolment is completed with completed_at in the period (local day)',
  certified: 'certified = distinct people issued a certificate (not revoked) in the period; none are issued here: 0 ' +
    '(certificates.test.js counts them)',
  learning_hours: 'learning_hours = minutes of lessons completed in the period + hours of sessions attended ' +
    '(present or late) starting in the period, in hours, rounded to 2 decimals, 0 when none',
  attendance_rate: 'attendance_rate = (present + late) / (present + late + absent) over marks of sessions ' +
    'starting in the period (local day), excused left out, rounded to 4 decimals, null without marks',
  totals: 'totals count distinct people over all rows, never the sum of the rows',
};

const compact = (o) => [o.key, o.enrolled, o.completed, o.learning_hours, o.attendance_rate];
const table = (j) => JSON.stringify(j.items.map(compact)) + ' totals ' +
  JSON.stringify([j.totals.enrolled, j.totals.completed, j.totals.learning_hours, j.totals.attendance_rate]);

async function report(api, query) {
  const r = await api.get(`/api/v1/reports/training${query ? `?${query}` : ''}`);
  assert.equal(r.status, 200, `GET /api/v1/reports/training?${query}: ${r.status} ${r.text.slice(0, 300)}`);
  assert.match(r.headers.get('content-type'), /^application\/json/);
  return r.json;
}

// Check a report against a hand count: rows [[key, enrolled, completed, learning_hours,
// attendance_rate], ...] and totals [enrolled, completed, learning_hours, attendance_rate].
async function expectReport(api, query, rows, totals, why) {
  const j = await report(api, query);
  const ctx = `${why} [${query}] got ${table(j)}`;
  assert.deepEqual(j.items.map((i) => i.key), rows.map((r) => r[0]), `${ctx}\n  ${DEF.rows}`);
  for (const [n, m] of [[1, 'enrolled'], [2, 'completed'], [3, 'learning_hours'], [4, 'attendance_rate']]) {
    assert.deepEqual(j.items.map((i) => [i.key, i[m]]), rows.map((r) => [r[0], r[n]]), `${ctx}\n  ${DEF[m]}`);
  }
  assert.ok(j.items.every((i) => i.certified === 0), `${ctx}\n  ${DEF.certified}`);
  assert.deepEqual(
    { enrolled: j.totals.enrolled, completed: j.totals.completed, certified: j.totals.certified,
      learning_hours: j.totals.learning_hours, attendance_rate: j.totals.attendance_rate },
    { enrolled: totals[0], completed: totals[1], certified: 0, learning_hours: totals[2], attendance_rate: totals[3] },
    `${ctx}\n  totals: ${DEF.totals}; ${DEF.learning_hours}; ${DEF.attendance_rate}`);
  return j;
}

// --- reading pages and files ---------------------------------------------------------------

function decodeHtml(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

function attrs(s) {
  const out = {};
  for (const m of s.matchAll(/([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g))
    out[m[1].toLowerCase()] = decodeHtml(m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

// Every <name ...> tag of html, as a map of its attributes.
const tags = (html, name) => [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'gi'))].map((m) => attrs(m[1]));

// The report table of a page: rows [{key, enrolled: "V", ...}] and the totals row.
function reportTable(html) {
  const m = html.match(/<table\b[^>]*class="(?:[^"]*\s)?report(?:\s[^"]*)?"[^>]*>([\s\S]*?)<\/table>/);
  if (!m) return { found: false, rows: [], totals: null };
  const rows = [];
  let totals = null;
  for (const tr of m[1].matchAll(/<tr\b([^>]*)>([\s\S]*?)<\/tr>/g)) {
    const a = attrs(tr[1]);
    const cells = {};
    for (const td of tags(tr[2], 'td')) if (td['data-metric']) cells[td['data-metric']] = td['data-value'];
    if ((a.class || '').split(/\s+/).includes('report-total')) totals = cells;
    else if ('data-key' in a) rows.push({ key: a['data-key'], ...cells });
  }
  return { found: true, rows, totals };
}

const cell = (v) => (v === null ? '' : String(v));
const apiRows = (j) => j.items.map((i) => ({ key: i.key ?? '', ...Object.fromEntries(METRICS.map((m) => [m, cell(i[m])])) }));
const apiTotals = (j) => Object.fromEntries(METRICS.map((m) => [m, cell(j.totals[m])]));

function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

// --- the data ------------------------------------------------------------------------------

const q = (v) => (v === null || v === undefined ? 'NULL' : `'${v}'`);

function enrol(email, course, { cohort = null, status, requested = null, waitlisted = null, started = null, completed = null, withdrawn = null }) {
  const created = requested || waitlisted || started || T;
  server.sql(`INSERT INTO enrolments (user_id, course_id, cohort_id, status, progress, requested_at, waitlisted_at,
      started_at, completed_at, withdrawn_at, created_at, updated_at)
    SELECT u.id, c.id, ${cohort === null ? 'NULL' : cohorts[cohort]}, '${status}', ${status === 'completed' ? 100 : 0},
      ${q(requested)}, ${q(waitlisted)}, ${q(started)}, ${q(completed)}, ${q(withdrawn)}, '${created}', '${created}'
    FROM users u, courses c WHERE u.email = '${email}' AND c.code = '${course}'`);
}

function lessonDone(email, course, title, at) {
  server.sql(`INSERT INTO lesson_progress (user_id, lesson_id, course_id, completed_at)
    SELECT u.id, l.id, l.course_id, '${at}' FROM users u, lessons l JOIN courses c ON c.id = l.course_id
    WHERE u.email = '${email}' AND c.code = '${course}' AND l.title = '${title}'`);
}

function session(name, cohort, starts, ends) {
  server.sql(`INSERT INTO cohort_sessions (cohort_id, centre_id, starts_at, ends_at, note, created_at, updated_at)
    SELECT id, centre_id, '${starts}', '${ends}', '${name}', '${T}', '${T}' FROM cohorts WHERE id = ${cohorts[cohort]}`);
}

function mark(name, email, status) {
  server.sql(`INSERT INTO attendance (session_id, user_id, status, created_at, updated_at)
    SELECT s.id, u.id, '${status}', '${T}', '${T}' FROM cohort_sessions s, users u
    WHERE s.note = '${name}' AND u.email = '${email}'`);
}

const course = (code, title, { centre, delivery = 'online', minutes }) => apiOk(adminApi.post('/api/v1/courses', {
  code, title, language: 'en', topic: 'programming', delivery, status: 'published',
  ...(centre ? { centre } : {}),
  modules: [{ title: 'Module 1', lessons: minutes.map((m, i) => ({ title: `${code} lesson ${i + 1}`, body: `Lesson ${i + 1}`, minutes: m })) }],
}));

const person = (email, full_name, facts) => apiOk(adminApi.post('/api/v1/users', {
  email, full_name, status: 'active', password: PW, ...facts,
}));

async function seed() {
  const api = adminApi;
  await apiOk(api.post('/api/v1/regions', { code: 'ABS', name: 'Absheron' }));
  await apiOk(api.post('/api/v1/regions', { code: 'USA', name: 'United States' }));
  await apiOk(api.post('/api/v1/regions', { code: 'GAN', name: 'Ganja' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'ABS', kind: 'central', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-SUM', name: 'Sumqayit Centre', region: 'ABS', kind: 'regional', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-NYC', name: 'New York Centre', region: 'USA', kind: 'digital-education', timezone: 'America/New_York' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-GAN', name: 'Ganja Centre', region: 'GAN', kind: 'regional', timezone: 'Asia/Baku' }));
  server.sql("UPDATE centres SET area = 'urban' WHERE code = 'C-BAK'; UPDATE centres SET area = 'rural' WHERE code IN ('C-SUM', 'C-GAN')");
  await apiOk(api.post('/api/v1/organisations', { code: 'ORG-A', name: 'Ministry of Digital Development' }));
  await apiOk(api.post('/api/v1/organisations', { code: 'ORG-B', name: 'State Tax Service' }));
  await apiOk(api.post('/api/v1/organisations', { code: 'ORG-C', name: 'Quiet Agency' }));

  await course('K-CLS', 'Classroom skills', { centre: 'C-BAK', delivery: 'face-to-face', minutes: [30, 45] });
  await course('K-ONL', 'Online basics', { centre: 'C-SUM', minutes: [60, 90] });
  await course('K-NOC', 'Open webinar course', { minutes: [20] });
  await course('K-DEL', 'Deleted course', { centre: 'C-BAK', minutes: [600] });
  await course('K-GAN', 'Ganja course', { centre: 'C-GAN', minutes: [10] });
  await apiOk(api.post('/api/v1/programmes', { code: 'P-ONE', title: 'Programme One', courses: ['K-CLS', 'K-ONL'], status: 'published' }));
  await apiOk(api.post('/api/v1/programmes', { code: 'P-TWO', title: 'Programme Two', courses: ['K-CLS'], status: 'published' }));
  cohorts['H-BAK'] = (await apiOk(api.post('/api/v1/cohorts', { course: 'K-CLS', centre: 'C-BAK', starts_on: '2025-01-01', ends_on: '2025-12-31' }))).id;
  cohorts['H-NYC'] = (await apiOk(api.post('/api/v1/cohorts', { course: 'K-CLS', centre: 'C-NYC', starts_on: '2025-01-01', ends_on: '2025-12-31' }))).id;

  await person('aysel@example.org', 'Aysel Mammadova', { gender: 'female', birth_year: 1990, disability: false, organisation: 'ORG-A' });
  await person('babek@example.org', 'Babek Aliyev', { gender: 'male', birth_year: 2008, organisation: 'ORG-B' });
  await person('camila@example.org', 'Camila Reyes', { gender: 'female', birth_year: 1960, disability: true });
  await person('davud@example.org', 'Davud Karimov', { gender: 'other', disability: true, organisation: 'ORG-A' });
  await person('elena@example.org', 'Elena Petrova', { birth_year: 2000, disability: false, organisation: 'ORG-B' });
  await person('farid@example.org', 'Farid Guliyev', { gender: 'male', birth_year: 1961, disability: false, organisation: 'ORG-A' });
  await person('gulnar@example.org', 'Gulnar Hasanova', { gender: 'female', birth_year: 1970 });
  await person('hasan@example.org', 'Hasan Ismayilov', { gender: 'male', birth_year: 2007 });
  await person('inara@example.org', 'Inara Sadigova', { gender: 'female', birth_year: 1995 });

  enrol('aysel@example.org', 'K-CLS', { cohort: 'H-BAK', status: 'completed', started: '2025-03-31T21:00:00Z', completed: '2025-06-15T10:00:00Z' });
  enrol('aysel@example.org', 'K-ONL', { status: 'active', started: '2025-02-10T08:00:00Z' });
  enrol('babek@example.org', 'K-CLS', { cohort: 'H-NYC', status: 'active', started: '2025-04-01T02:00:00Z' });
  enrol('babek@example.org', 'K-NOC', { status: 'completed', started: '2025-12-31T23:30:00Z', completed: '2025-12-31T23:59:00Z' });
  enrol('camila@example.org', 'K-CLS', { cohort: 'H-BAK', status: 'completed', started: '2025-01-10T09:00:00Z', completed: '2025-03-31T20:30:00Z' });
  enrol('camila@example.org', 'K-ONL', { status: 'withdrawn', started: '2025-03-01T10:00:00Z', withdrawn: '2025-03-20T10:00:00Z' });
  enrol('davud@example.org', 'K-ONL', { status: 'completed', started: '2024-12-31T21:00:00Z', completed: '2025-05-05T12:00:00Z' });
  enrol('elena@example.org', 'K-CLS', { cohort: 'H-NYC', status: 'active', started: '2026-01-01T03:00:00Z' });
  enrol('elena@example.org', 'K-NOC', { status: 'active', started: '2025-07-20T10:00:00Z' });
  enrol('farid@example.org', 'K-CLS', { cohort: 'H-BAK', status: 'waitlisted', waitlisted: '2025-05-01T10:00:00Z' });
  enrol('farid@example.org', 'K-ONL', { status: 'requested', requested: '2025-05-01T10:00:00Z' });
  enrol('farid@example.org', 'K-NOC', { status: 'withdrawn', started: '2025-05-01T10:00:00Z', withdrawn: '2025-06-01T10:00:00Z' });
  enrol('gulnar@example.org', 'K-ONL', { status: 'active', started: '2025-03-03T10:00:00Z' });
  enrol('hasan@example.org', 'K-ONL', { status: 'active', started: '2024-12-31T19:00:00Z' });
  enrol('hasan@example.org', 'K-DEL', { status: 'active', started: '2025-03-03T10:00:00Z' });
  enrol('inara@example.org', 'K-ONL', { status: 'completed', started: `${YEAR}-03-10T10:00:00Z`, completed: `${YEAR}-05-10T10:00:00Z` });

  lessonDone('aysel@example.org', 'K-CLS', 'K-CLS lesson 1', '2025-04-02T10:00:00Z');
  lessonDone('aysel@example.org', 'K-CLS', 'K-CLS lesson 2', '2025-06-10T10:00:00Z');
  lessonDone('aysel@example.org', 'K-ONL', 'K-ONL lesson 1', '2025-02-11T10:00:00Z');
  lessonDone('aysel@example.org', 'K-ONL', 'K-ONL lesson 2', '2024-12-01T10:00:00Z');
  lessonDone('babek@example.org', 'K-CLS', 'K-CLS lesson 1', '2025-04-05T15:00:00Z');
  lessonDone('babek@example.org', 'K-NOC', 'K-NOC lesson 1', '2025-12-31T23:45:00Z');
  lessonDone('camila@example.org', 'K-CLS', 'K-CLS lesson 1', '2025-02-01T10:00:00Z');
  lessonDone('camila@example.org', 'K-CLS', 'K-CLS lesson 2', '2025-03-01T10:00:00Z');
  lessonDone('davud@example.org', 'K-ONL', 'K-ONL lesson 1', '2025-01-15T10:00:00Z');
  lessonDone('davud@example.org', 'K-ONL', 'K-ONL lesson 2', '2025-05-01T10:00:00Z');
  lessonDone('elena@example.org', 'K-NOC', 'K-NOC lesson 1', '2026-01-01T00:30:00Z');
  lessonDone('hasan@example.org', 'K-ONL', 'K-ONL lesson 1', '2025-08-01T10:00:00Z');
  lessonDone('gulnar@example.org', 'K-ONL', 'K-ONL lesson 1', '2025-03-05T10:00:00Z');
  lessonDone('hasan@example.org', 'K-DEL', 'K-DEL lesson 1', '2025-03-04T10:00:00Z');

  session('S1', 'H-BAK', '2025-04-10T05:00:00Z', '2025-04-10T08:00:00Z');
  session('S2', 'H-BAK', '2025-04-17T05:00:00Z', '2025-04-17T06:30:00Z');
  session('S3', 'H-BAK', '2024-12-31T20:30:00Z', '2024-12-31T22:30:00Z');
  session('S4', 'H-NYC', '2025-04-01T01:00:00Z', '2025-04-01T03:00:00Z');
  session('S5', 'H-NYC', '2025-06-01T14:00:00Z', '2025-06-01T15:15:00Z');
  session('S6', 'H-NYC', '2026-01-01T02:00:00Z', '2026-01-01T04:00:00Z');
  session('S7', 'H-NYC', '2025-01-01T03:00:00Z', '2025-01-01T05:00:00Z');
  mark('S1', 'aysel@example.org', 'present');
  mark('S1', 'camila@example.org', 'late');
  mark('S2', 'aysel@example.org', 'absent');
  mark('S2', 'camila@example.org', 'excused');
  mark('S3', 'camila@example.org', 'present');
  mark('S4', 'babek@example.org', 'present');
  mark('S5', 'babek@example.org', 'absent');
  mark('S5', 'elena@example.org', 'absent');
  mark('S6', 'elena@example.org', 'late');
  mark('S6', 'babek@example.org', 'excused');
  mark('S7', 'babek@example.org', 'present');

  server.sql(`UPDATE users SET deleted_at = '${T}' WHERE email = 'gulnar@example.org'`);
  server.sql(`UPDATE courses SET deleted_at = '${T}' WHERE code = 'K-DEL'`);

  // every row above went in (a typo in a code would insert nothing, silently)
  const count = (t) => Number(server.sql(`SELECT COUNT(*) FROM ${t}`)[0][0]);
  assert.equal(count('enrolments'), 16, 'enrolments seeded');
  assert.equal(count('lesson_progress'), 14, 'lesson progress seeded');
  assert.equal(count('cohort_sessions'), 7, 'sessions seeded');
  assert.equal(count('attendance'), 11, 'attendance marks seeded');
}

async function signedIn(email) {
  if (!sessions[email]) {
    const b = server.browser();
    await b.login(email, PW);
    sessions[email] = b;
  }
  return sessions[email];
}

// GET with a browser's session cookie, keeping the body's bytes (CSV, XLSX).
async function download(b, path) {
  const res = await fetch(server.url + path, { headers: { cookie: b.cookieHeader(), 'accept-language': 'en' }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await seed();
  server.addUser({ email: 'mgr.bak@example.org', name: 'Bakhtiyar Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'mgr.abs@example.org', name: 'Absheron Manager', role: 'manager@ABS' });
  server.addUser({ email: 'analyst@example.org', name: 'Ana Lyst', role: 'analyst' });
  // scoped analysts: the role rows are written here, as `dars user add --role` of this
  // branch takes a scope only for managers and instructors
  server.addUser({ email: 'analyst.usa@example.org', name: 'Usa Analyst' });
  server.addUser({ email: 'analyst.sum@example.org', name: 'Sum Analyst' });
  server.sql(`INSERT INTO role_assignments (user_id, role, region_id, created_at, updated_at)
    SELECT u.id, 'analyst', g.id, '${T}', '${T}' FROM users u, regions g WHERE u.email = 'analyst.usa@example.org' AND g.code = 'USA'`);
  server.sql(`INSERT INTO role_assignments (user_id, role, centre_id, created_at, updated_at)
    SELECT u.id, 'analyst', c.id, '${T}', '${T}' FROM users u, centres c WHERE u.email = 'analyst.sum@example.org' AND c.code = 'C-SUM'`);
  assert.equal(server.sql("SELECT COUNT(*) FROM role_assignments WHERE role = 'analyst'")[0][0], '3', 'three analysts');
  server.addUser({ email: 'teacher@example.org', name: 'Tariq Teacher', role: 'instructor@C-BAK' });
  server.addUser({ email: 'lena@example.org', name: 'Lena Learner', role: 'learner' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

// --- the definitions, through the API --------------------------------------------------------

describe('the definitions, counted by hand (GET /api/v1/reports/training)', () => {
  test('by centre: where people train, distinct people, and who does not count', async () => {
    const j = await expectReport(adminApi, `${Y25}&by=centre`, [
      ['C-BAK', 2, 2, 10.5, 0.75],
      ['C-NYC', 2, 0, 4.5, 0.5],
      ['C-SUM', 2, 1, 4.5, null],
      [null, 2, 1, 0.33, null],
    ], [5, 4, 19.83, 0.625], 'a person counts at the cohort\'s centre, else the course\'s; withdrawn, waitlisted, ' +
      'requested, deleted course (K-DEL) and deleted person (p7) left out; C-GAN has no fact');
    assert.equal(j.by, 'centre');
    assert.equal(j.from, '2025-01-01');
    assert.equal(j.to, '2025-12-31');
    const labels = Object.fromEntries(j.items.map((i) => [i.key, i.label]));
    assert.deepEqual([labels['C-BAK'], labels['C-NYC'], labels['C-SUM']], ['Baku Centre', 'New York Centre', 'Sumqayit Centre'],
      'the label of a centre row is the centre\'s name');
    for (const i of [...j.items, j.totals]) {
      assert.ok(Number.isInteger(i.enrolled) && Number.isInteger(i.completed), `enrolled and completed are integers: ${JSON.stringify(i)}`);
      assert.equal(typeof i.learning_hours, 'number', `learning_hours is a number (0 when none): ${JSON.stringify(i)}`);
      assert.ok('certified' in i && 'attendance_rate' in i, `every figure is in the answer, null or not: ${JSON.stringify(i)}`);
    }
    for (const i of j.items) assert.equal(typeof i.label, 'string', `every row has a label: ${JSON.stringify(i)}`);
    // the same by default: by is centre unless given
    const dflt = await report(adminApi, Y25);
    assert.equal(dflt.by, 'centre', 'by defaults to centre');
    assert.deepEqual(dflt.items, j.items, 'by defaults to centre');
  });

  test('by region: a person at two centres of a region counts once in its row', async () => {
    const j = await expectReport(adminApi, `${Y25}&by=region`, [
      ['ABS', 3, 3, 15, 0.75],
      ['USA', 2, 0, 4.5, 0.5],
      [null, 2, 1, 0.33, null],
    ], [5, 4, 19.83, 0.625], 'p1 trains at C-BAK and C-SUM, both in ABS');
    assert.deepEqual(j.items.slice(0, 2).map((i) => i.label), ['Absheron', 'United States'], 'a region row is labelled with its name');
  });

  test('by programme: a course in two programmes counts in both rows, one in none in "No programme"', async () => {
    const j = await expectReport(adminApi, `${Y25}&by=programme`, [
      ['P-ONE', 5, 3, 19.5, 0.625],
      ['P-TWO', 4, 2, 15, 0.625],
      [null, 2, 1, 0.33, null],
    ], [5, 4, 19.83, 0.625], 'K-CLS is in P-ONE and P-TWO, K-ONL in P-ONE, K-NOC in none; totals are not 11 people');
    assert.deepEqual(j.items.map((i) => i.label), ['Programme One', 'Programme Two', 'No programme'],
      'programme rows carry the title; the null row is "No programme"');
  });

  test('by course: the deleted course is not a row', async () => {
    const j = await expectReport(adminApi, `${Y25}&by=course`, [
      ['K-CLS', 4, 2, 15, 0.625],
      ['K-NOC', 2, 1, 0.33, null],
      ['K-ONL', 2, 1, 4.5, null],
    ], [5, 4, 19.83, 0.625], 'one row per course with facts, codes ascending');
    assert.deepEqual(j.items.map((i) => i.label), ['Classroom skills', 'Open webinar course', 'Online basics']);
  });

  test('by organisation: the learner\'s employer; people without one in the null row', async () => {
    const j = await expectReport(adminApi, `${Y25}&by=organisation`, [
      ['ORG-A', 2, 2, 7.75, 0.5],
      ['ORG-B', 2, 1, 4.83, 0.5],
      [null, 1, 1, 7.25, 1],
    ], [5, 4, 19.83, 0.625], 'ORG-C has nobody, so no row; p6 of ORG-A has no counted fact');
    assert.deepEqual(j.items.slice(0, 2).map((i) => i.label), ['Ministry of Digital Development', 'State Tax Service']);
  });

  test('by gender: female, male, other, unknown in that order', async () => {
    await expectReport(adminApi, `${Y25}&by=gender`, [
      ['female', 2, 2, 11.5, 0.75],
      ['male', 1, 1, 3.83, 0.5],
      ['other', 1, 1, 2.5, null],
      ['unknown', 1, 0, 2, 0.5],
    ], [5, 4, 19.83, 0.625], 'p7 (female) is deleted; p8 (male) only learns in 2025 (enrolled in 2024, Baku time)');
  });

  test('by age band: age = the year of `to` minus the year of birth', async () => {
    await expectReport(adminApi, `${Y25}&by=age_band`, [
      ['under-18', 1, 1, 2.83, 0.5], // p2, born 2008: 17
      ['18-24', 0, 0, 1, null], // p8, born 2007: 18 (his lessons are a fact; his enrolment is of 2024)
      ['25-34', 1, 0, 2, 0.5], // p5, 2000: 25
      ['35-44', 1, 1, 5.25, 0.5], // p1, 1990: 35
      ['65+', 1, 1, 6.25, 1], // p3, 1960: 65
      ['unknown', 1, 1, 2.5, null], // p4, no year
    ], [5, 4, 19.83, 0.625], 'age bands under-18, 18-24, 25-34, 35-44, 45-54, 55-64, 65+, unknown in that order');
    // to in 2026: everyone is a year older; p2 (18) joins p8 in 18-24; p5's lesson of 2026-01-01 (UTC) counts
    await expectReport(adminApi, 'from=2025-01-01&to=2026-01-31&by=age_band', [
      ['18-24', 1, 1, 3.83, 0.5],
      ['25-34', 1, 0, 2.33, 0.5],
      ['35-44', 1, 1, 5.25, 0.5],
      ['65+', 1, 1, 6.25, 1],
      ['unknown', 1, 1, 2.5, null],
    ], [5, 4, 20.17, 0.625], 'age is counted at the year of `to` (2026), not of `from`');
  });

  test('by centre kind and by area: fixed order, the centre-less facts last', async () => {
    await expectReport(adminApi, `${Y25}&by=centre_kind`, [
      ['central', 2, 2, 10.5, 0.75],
      ['regional', 2, 1, 4.5, null],
      ['digital-education', 2, 0, 4.5, 0.5],
      [null, 2, 1, 0.33, null],
    ], [5, 4, 19.83, 0.625], 'centre_kind central, regional, digital-education, then null (K-NOC has no centre)');
    await expectReport(adminApi, `${Y25}&by=area`, [
      ['urban', 2, 2, 10.5, 0.75],
      ['rural', 2, 1, 4.5, null],
      [null, 2, 1, 4.83, 0.5],
    ], [5, 4, 19.83, 0.625], 'area urban, rural, then null: C-NYC (area not said) and K-NOC (no centre) together');
  });

  test('by month: every month of the period, chronological, on the local day of the centre', async () => {
    await expectReport(adminApi, `${Y25}&by=month`, [
      ['2025-01', 2, 0, 3, 1], // p3 (C-BAK), p4 (C-SUM, Baku 01-01); S3 (Baku 01-01) 2 h + p4's 60 min
      ['2025-02', 1, 0, 1.5, null],
      ['2025-03', 1, 0, 2.75, 1], // p2 at C-NYC on New York's 03-31; S4 of New York's 03-31
      ['2025-04', 1, 1, 7, 0.6667], // p1 and p3's completion on Baku's 04-01; S1 and S2: 2 of 3
      ['2025-05', 0, 1, 1.5, null],
      ['2025-06', 0, 1, 0.75, 0], // S5: two absences, a rate of 0, not null
      ['2025-07', 1, 0, 0, null],
      ['2025-08', 0, 0, 1, null],
      ['2025-09', 0, 0, 0, null],
      ['2025-10', 0, 0, 0, null],
      ['2025-11', 0, 0, 0, null],
      ['2025-12', 2, 1, 2.33, 1], // p5 on New York's 12-31, p2 at 23:30 UTC; S6 on New York's 12-31
    ], [5, 4, 19.83, 0.625], 'months in the time zone of the centre where the fact happened; S7 is New York\'s 2024-12-31');
    await expectReport(adminApi, 'from=2025-02-15&to=2025-04-10&by=month', [
      ['2025-02', 0, 0, 0, null],
      ['2025-03', 1, 0, 2.75, 1],
      ['2025-04', 1, 1, 7, 1],
    ], [2, 1, 9.75, 1], 'a period of part-months lists each month it touches, even one without facts');
  });

  test('by quarter: every quarter of the period, distinct people in the totals', async () => {
    await expectReport(adminApi, `${Y25}&by=quarter`, [
      ['2025-Q1', 4, 0, 7.25, 1],
      ['2025-Q2', 1, 3, 9.25, 0.4],
      ['2025-Q3', 1, 0, 1, null],
      ['2025-Q4', 2, 1, 2.33, 1],
    ], [5, 4, 19.83, 0.625], 'p1 enrols in Q1 (C-SUM) and Q2 (C-BAK): 8 enrolments in rows, 5 people in totals');
    await expectReport(adminApi, 'from=2025-03-15&to=2025-07-15&by=quarter', [
      ['2025-Q1', 1, 0, 2, 1],
      ['2025-Q2', 1, 3, 9.25, 0.4],
      ['2025-Q3', 0, 0, 0, null],
    ], [2, 3, 11.25, 0.5], 'a part of a quarter lists that quarter; Q3 is listed with zeros');
    await expectReport(adminApi, 'from=2030-01-01&to=2030-12-31&by=quarter', [
      ['2030-Q1', 0, 0, 0, null], ['2030-Q2', 0, 0, 0, null], ['2030-Q3', 0, 0, 0, null], ['2030-Q4', 0, 0, 0, null],
    ], [0, 0, 0, null], 'every quarter of an empty period is listed with zeros');
  });

  test('the first and last days of a period are those of the centre\'s time zone', async () => {
    // 2025-03-31T21:00Z is 1 April in Baku; 2025-04-01T02:00Z is 31 March in New York
    await expectReport(adminApi, 'from=2025-04-01&to=2025-04-01&by=centre', [
      ['C-BAK', 1, 1, 0, null],
    ], [1, 1, 0, null], 'Baku: p1 enrols at 2025-03-31T21:00Z and p3 completes at 20:30Z, both on 1 April in Baku; ' +
      'New York\'s 2025-04-01T01:00-02:00Z facts are still 31 March there');
    await expectReport(adminApi, 'from=2025-03-31&to=2025-03-31&by=centre', [
      ['C-NYC', 1, 0, 2, 1],
    ], [1, 0, 2, 1], 'New York: p2 enrols and attends S4 on 31 March (EDT, UTC-4); nothing of Baku\'s 1 April');
    await expectReport(adminApi, 'from=2025-01-01&to=2025-01-01&by=centre', [
      ['C-BAK', 0, 0, 2, 1],
      ['C-SUM', 1, 0, 0, null],
    ], [1, 0, 2, 1], 'the first day: p4 (2024-12-31T21:00Z) and S3 (20:30Z) are Baku\'s 1 January; p8 (19:00Z) is ' +
      'Baku\'s 31 December; S7 (2025-01-01T03:00Z) is New York\'s 31 December');
    await expectReport(adminApi, 'from=2025-12-31&to=2025-12-31&by=centre', [
      ['C-NYC', 1, 0, 2, 1],
      [null, 1, 1, 0.33, null],
    ], [2, 1, 2.33, 1], 'the last day: p5 (2026-01-01T03:00Z) and S6 are New York\'s 31 December (EST, UTC-5); ' +
      'without a centre the day is UTC\'s (p2 at 23:30Z counts, p5\'s lesson at 2026-01-01T00:30Z does not)');
  });

  test('filters narrow the facts, and combine', async () => {
    await expectReport(adminApi, `${Y25}&by=centre&region=ABS`, [
      ['C-BAK', 2, 2, 10.5, 0.75], ['C-SUM', 2, 1, 4.5, null],
    ], [3, 3, 15, 0.75], 'filter region');
    await expectReport(adminApi, `${Y25}&by=region&centre=C-NYC`, [['USA', 2, 0, 4.5, 0.5]], [2, 0, 4.5, 0.5], 'filter centre');
    await expectReport(adminApi, `${Y25}&by=centre&centre_kind=central`, [['C-BAK', 2, 2, 10.5, 0.75]], [2, 2, 10.5, 0.75], 'filter centre_kind');
    await expectReport(adminApi, `${Y25}&by=region&area=rural`, [['ABS', 2, 1, 4.5, null]], [2, 1, 4.5, null], 'filter area');
    await expectReport(adminApi, `${Y25}&by=centre&programme=P-TWO`, [
      ['C-BAK', 2, 2, 10.5, 0.75], ['C-NYC', 2, 0, 4.5, 0.5],
    ], [4, 2, 15, 0.625], 'filter programme');
    await expectReport(adminApi, `${Y25}&by=centre&course=K-NOC`, [[null, 2, 1, 0.33, null]], [2, 1, 0.33, null], 'filter course');
    await expectReport(adminApi, `${Y25}&by=centre&organisation=ORG-A`, [
      ['C-BAK', 1, 1, 4.25, 0.5], ['C-SUM', 2, 1, 3.5, null],
    ], [2, 2, 7.75, 0.5], 'filter organisation');
    await expectReport(adminApi, `${Y25}&by=centre&organisation=ORG-C`, [], [0, 0, 0, null], 'filter organisation without people');
    await expectReport(adminApi, `${Y25}&by=region&gender=unknown`, [
      ['USA', 1, 0, 2, 0.5], [null, 1, 0, 0, null],
    ], [1, 0, 2, 0.5], 'filter gender=unknown (no gender given)');
    await expectReport(adminApi, `${Y25}&by=centre&age_band=under-18`, [
      ['C-NYC', 1, 0, 2.5, 0.5], [null, 1, 1, 0.33, null],
    ], [1, 1, 2.83, 0.5], 'filter age_band');
    await expectReport(adminApi, `${Y25}&by=centre&age_band=65%2B`, [['C-BAK', 1, 1, 6.25, 1]], [1, 1, 6.25, 1], 'filter age_band=65+');
    await expectReport(adminApi, `${Y25}&by=centre&disability=true`, [
      ['C-BAK', 1, 1, 6.25, 1], ['C-SUM', 1, 1, 2.5, null],
    ], [2, 2, 8.75, 1], 'filter disability=true');
    await expectReport(adminApi, `${Y25}&by=centre&disability=false`, [
      ['C-BAK', 1, 1, 4.25, 0.5], ['C-NYC', 1, 0, 2, 0.5], ['C-SUM', 1, 0, 1, null], [null, 1, 0, 0, null],
    ], [2, 1, 7.25, 0.5], 'filter disability=false (p6 has no counted fact; not given is neither)');
    await expectReport(adminApi, `${Y25}&by=course&region=ABS&gender=female`, [
      ['K-CLS', 2, 2, 10.5, 0.75], ['K-ONL', 1, 0, 1, null],
    ], [2, 2, 11.5, 0.75], 'two filters together');
    await expectReport(adminApi, `${Y25}&by=gender&centre=C-SUM`, [
      ['female', 1, 0, 1, null], ['male', 0, 0, 1, null], ['other', 1, 1, 2.5, null],
    ], [2, 1, 4.5, null], 'filter centre by gender: p8\'s lesson is a fact of 2025');
  });

  test('without from and to: 1 January to 31 December of this year', async () => {
    const j = await report(adminApi, '');
    assert.deepEqual([j.from, j.to, j.by], [`${YEAR}-01-01`, `${YEAR}-12-31`, 'centre'], 'the defaults of from, to and by');
    const explicit = await report(adminApi, `from=${YEAR}-01-01&to=${YEAR}-12-31&by=centre`);
    assert.deepEqual(j.items, explicit.items, 'the default period is this calendar year');
    assert.deepEqual(j.totals, explicit.totals);
    const sum = j.items.find((i) => i.key === 'C-SUM');
    assert.deepEqual(sum && [sum.enrolled, sum.completed], [1, 1], `p9 enrolled and completed at C-SUM this year: ${table(j)}`);
    const page = await (await signedIn('admin@example.org')).get('/reports');
    assert.equal(page.status, 200);
    const inputs = Object.fromEntries(tags(page.text, 'input').map((a) => [a.name, a]));
    assert.equal(inputs.from?.value, `${YEAR}-01-01`, 'the form shows the default from');
    assert.equal(inputs.to?.value, `${YEAR}-12-31`, 'the form shows the default to');
  });

  test('bad parameters answer 422 naming the parameter', async () => {
    const cases = [
      ['from=2025-13-01&to=2025-12-31', 'from'],
      ['from=20250101', 'from'],
      ['from=2025-01-01&to=2025-02-30', 'to'],
      ['from=2025-06-01&to=2025-05-31', 'to'], // to before from
      ['by=week', 'by'],
      ['region=NOPE', 'region'],
      ['centre=C-NOPE', 'centre'],
      ['centre_kind=mobile', 'centre_kind'],
      ['area=suburban', 'area'],
      ['programme=P-NOPE', 'programme'],
      ['course=K-NOPE', 'course'],
      ['course=K-DEL', 'course'], // deleted
      ['organisation=ORG-NOPE', 'organisation'],
      ['gender=woman', 'gender'],
      ['age_band=30-40', 'age_band'],
      ['disability=maybe', 'disability'],
    ];
    for (const [query, param] of cases) {
      const r = await adminApi.get(`/api/v1/reports/training?${query}`);
      assert.equal(r.status, 422, `${query}: ${r.status} ${r.text.slice(0, 200)}`);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/, query);
      assert.ok(r.json?.errors && param in r.json.errors, `${query}: errors.${param} in ${r.text}`);
    }
  });
});

// --- who reads what ------------------------------------------------------------------------

describe('who reads reports, and only their scope', () => {
  test('a centre\'s manager sees only the facts at their centre; another centre or region is 403', async () => {
    const api = server.apiAs('mgr.bak@example.org');
    await expectReport(api, `${Y25}&by=centre`, [['C-BAK', 2, 2, 10.5, 0.75]], [2, 2, 10.5, 0.75],
      'manager@C-BAK: no filter shows only C-BAK\'s facts; totals too');
    await expectReport(api, `${Y25}&by=programme`, [['P-ONE', 2, 2, 10.5, 0.75], ['P-TWO', 2, 2, 10.5, 0.75]], [2, 2, 10.5, 0.75],
      'manager@C-BAK by programme: K-CLS at C-BAK only; the centre-less K-NOC is nobody\'s scope but admins\'');
    await expectReport(api, `${Y25}&by=region&region=ABS`, [['ABS', 2, 2, 10.5, 0.75]], [2, 2, 10.5, 0.75],
      'a region that holds their centre may be named; they still see their centre only');
    for (const f of ['centre=C-NYC', 'centre=C-SUM', 'region=USA', 'region=GAN']) {
      const r = await api.get(`/api/v1/reports/training?${Y25}&${f}`);
      assert.equal(r.status, 403, `manager@C-BAK with ${f}: a centre or region wholly outside the scope`);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/, f);
    }
    const b = await signedIn('mgr.bak@example.org');
    for (const path of ['/reports', '/reports.csv', '/reports.xlsx']) {
      assert.equal((await download(b, `${path}?${Y25}&centre=C-NYC`)).status, 403, `${path} with centre=C-NYC for manager@C-BAK`);
      assert.equal((await download(b, `${path}?${Y25}`)).status, 200, `${path} for manager@C-BAK`);
    }
  });

  test('a region\'s manager sees the region\'s centres', async () => {
    const api = server.apiAs('mgr.abs@example.org');
    await expectReport(api, `${Y25}&by=centre`, [['C-BAK', 2, 2, 10.5, 0.75], ['C-SUM', 2, 1, 4.5, null]], [3, 3, 15, 0.75],
      'manager@ABS: C-BAK and C-SUM; p1 once in totals');
    await expectReport(api, `${Y25}&by=centre&centre=C-SUM`, [['C-SUM', 2, 1, 4.5, null]], [2, 1, 4.5, null], 'a centre of the region');
    assert.equal((await api.get(`/api/v1/reports/training?${Y25}&centre=C-NYC`)).status, 403);
  });

  test('analysts: global sees all; a region\'s or a centre\'s analyst only theirs', async () => {
    const all = await report(adminApi, `${Y25}&by=centre`);
    const glob = await report(server.apiAs('analyst@example.org'), `${Y25}&by=centre`);
    assert.deepEqual(glob.items, all.items, 'a global analyst reads what an admin reads');
    assert.deepEqual(glob.totals, all.totals);
    const usa = server.apiAs('analyst.usa@example.org');
    await expectReport(usa, `${Y25}&by=centre`, [['C-NYC', 2, 0, 4.5, 0.5]], [2, 0, 4.5, 0.5], 'analyst@USA');
    for (const f of ['region=ABS', 'centre=C-BAK']) {
      const r = await usa.get(`/api/v1/reports/training?${Y25}&${f}`);
      assert.equal(r.status, 403, `analyst@USA with ${f}`);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
    }
    await expectReport(server.apiAs('analyst.sum@example.org'), `${Y25}&by=region`, [['ABS', 2, 1, 4.5, null]], [2, 1, 4.5, null],
      'analyst@C-SUM: only C-SUM\'s facts within region ABS');
    const b = await signedIn('analyst.usa@example.org');
    const page = await b.get(`/reports?${Y25}`);
    assert.equal(page.status, 200, 'an analyst opens /reports');
    assert.deepEqual(reportTable(page.text).rows.map((r) => r.key), ['C-NYC']);
  });

  test('learners and instructors are refused; no token is 401; signed out goes to sign in', async () => {
    for (const email of ['lena@example.org', 'teacher@example.org']) {
      const r = await server.apiAs(email).get(`/api/v1/reports/training?${Y25}`);
      assert.equal(r.status, 403, `${email} on the API`);
      assert.match(r.headers.get('content-type'), /^application\/problem\+json/);
      const b = await signedIn(email);
      for (const path of ['/reports', '/reports.csv', '/reports.xlsx', '/reports/people?metric=enrolled'])
        assert.equal((await download(b, `${path}${path.includes('?') ? '&' : '?'}${Y25}`)).status, 403, `${email} on ${path}`);
    }
    assert.equal((await server.api(null).get('/api/v1/reports/training')).status, 401, 'no token');
    assert.equal((await server.api('not-a-token').get('/api/v1/reports/training')).status, 401, 'a bad token');
    const anon = await server.browser().get('/reports');
    assert.equal(anon.status, 303, 'signed out');
    assert.match(anon.location, /^\/login/);
  });
});

// --- the page, the CSV and the XLSX agree with the API ----------------------------------------

const PAGE_QUERIES = [
  `${Y25}&by=centre`,
  `${Y25}&by=programme`,
  `${Y25}&by=month&gender=female`,
  `${Y25}&by=course&region=ABS`,
  `${Y25}&by=age_band&disability=true`,
];

describe('the page, the CSV and the XLSX say what the API says', () => {
  let admin;
  before(async () => { admin = await signedIn('admin@example.org'); });

  test('the page: a GET form named as the parameters, the table, the chart, the note, the downloads', async () => {
    const query = `${Y25}&by=region&disability=false`; // p1 in ABS, p5 in USA and without a centre
    const page = await admin.get(`/reports?${query}`);
    assert.equal(page.status, 200, page.text.slice(0, 300));
    const main = mainOf(page.text);
    const form = main.match(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)?.find((f) => /name="by"/.test(f));
    assert.ok(form, 'a form with the field by');
    const fa = attrs(form.match(/<form\b([^>]*)>/)[1]);
    assert.ok(!fa.method || fa.method.toLowerCase() === 'get', `the form is a GET form: ${JSON.stringify(fa)}`);
    assert.ok(!fa.action || fa.action.split('?')[0] === '/reports', `the form goes to /reports: ${fa.action}`);
    const inputs = Object.fromEntries(tags(form, 'input').map((a) => [a.name, a]));
    assert.equal(inputs.from?.type, 'date', 'from is <input type="date">');
    assert.equal(inputs.to?.type, 'date', 'to is <input type="date">');
    assert.equal(inputs.from.value, '2025-01-01');
    assert.equal(inputs.to.value, '2025-12-31');
    const selects = tags(form, 'select').map((a) => a.name);
    for (const name of ['by', 'region', 'centre', 'centre_kind', 'area', 'programme', 'gender', 'age_band', 'disability'])
      assert.ok(selects.includes(name), `a <select name="${name}"> (have ${selects.join(', ')})`);
    // a country has thousands of courses and hundreds of organisations: their codes are typed
    for (const name of ['course', 'organisation'])
      assert.equal(inputs[name]?.type, 'text', `an <input type="text" name="${name}">`);
    const selected = (name) => {
      const s = form.match(new RegExp(`<select\\b[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`));
      return s && tags(s[1], 'option').filter((o) => 'selected' in o).map((o) => o.value);
    };
    assert.deepEqual(selected('by'), ['region'], 'the chosen by stays selected');
    assert.deepEqual(selected('disability'), ['false'], 'the chosen filter stays selected');
    const optionsOf = (name) => tags(form.match(new RegExp(`<select\\b[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`))[1], 'option').map((o) => o.value);
    for (const by of ['region', 'centre', 'programme', 'course', 'organisation', 'centre_kind', 'area', 'gender', 'age_band', 'month', 'quarter'])
      assert.ok(optionsOf('by').includes(by), `by offers ${by}`);
    assert.ok(optionsOf('centre').includes('C-BAK') && optionsOf('region').includes('ABS'), 'the filters offer codes');
    assert.ok(/<button\b[^>]*>/.test(form) || tags(form, 'input').some((i) => i.type === 'submit'), 'a submit button');

    const j = await report(adminApi, query);
    const t = reportTable(main);
    assert.ok(t.found, '<table class="report">');
    assert.deepEqual(t.rows, apiRows(j), 'the rows <tr data-key> and their <td data-metric data-value> are the API\'s');
    assert.deepEqual(t.totals, apiTotals(j), 'the totals row <tr class="report-total"> is the API\'s');
    assert.deepEqual(t.rows.map((r) => r.key), ['ABS', 'USA', ''], 'data-key="" for the null row');

    const fig = main.match(/<figure\b[^>]*class="(?:[^"]*\s)?report-chart(?:\s[^"]*)?"[^>]*>([\s\S]*?)<\/figure>/);
    assert.ok(fig, '<figure class="report-chart">');
    const svg = tags(fig[1], 'svg')[0];
    assert.ok(svg, 'an inline <svg> in the figure');
    assert.equal(svg.role, 'img', 'the svg has role="img"');
    assert.ok(svg['aria-labelledby'], 'the svg has aria-labelledby');
    for (const id of svg['aria-labelledby'].split(/\s+/))
      assert.match(page.text, new RegExp(`id="${id}"`), `the element ${id} that labels the chart exists`);
    const caption = fig[1].match(/<figcaption\b[^>]*>([\s\S]*?)<\/figcaption>/);
    assert.ok(caption, 'a <figcaption>, the text alternative');
    const words = decodeHtml(caption[1].replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ');
    for (const i of j.items.filter((x) => x.key)) {
      assert.ok(words.includes(i.label), `the caption names ${i.label}: ${words}`);
      assert.match(words, new RegExp(`\\b${i.enrolled}\\b`), `the caption states ${i.label}'s ${i.enrolled} people enrolled`);
    }
    assert.match(main, /how these numbers are counted/i, 'a note on how the numbers are counted');

    for (const ext of ['csv', 'xlsx']) {
      const link = tags(main, 'a').map((a) => a.href).find((h) => h && h.startsWith(`/reports.${ext}?`));
      assert.ok(link, `a link to /reports.${ext}?...`);
      const params = new URLSearchParams(link.split('?')[1]);
      for (const [k, v] of new URLSearchParams(query)) assert.equal(params.get(k), v, `the ${ext} link keeps ${k}=${v}`);
    }
  });

  test('the page\'s rows and totals are the API\'s for several bys and filters', async () => {
    for (const query of PAGE_QUERIES) {
      const j = await report(adminApi, query);
      const page = await admin.get(`/reports?${query}`);
      assert.equal(page.status, 200, query);
      const t = reportTable(mainOf(page.text));
      assert.deepEqual(t.rows, apiRows(j), `rows of /reports?${query}`);
      assert.deepEqual(t.totals, apiTotals(j), `totals of /reports?${query}`);
    }
  });

  test('the form\'s empty fields, as a browser sends them, mean "no filter"', async () => {
    const empty = ['region', 'centre', 'centre_kind', 'area', 'programme', 'course', 'organisation', 'gender', 'age_band', 'disability']
      .map((f) => `&${f}=`).join('');
    const j = await report(adminApi, `${Y25}&by=centre`);
    const page = await admin.get(`/reports?${Y25}&by=centre${empty}`);
    assert.equal(page.status, 200, `/reports with empty filters: ${page.status}`);
    assert.deepEqual(reportTable(mainOf(page.text)).rows, apiRows(j), 'empty filters filter nothing');
    for (const ext of ['csv', 'xlsx'])
      assert.equal((await download(admin, `/reports.${ext}?${Y25}&by=centre${empty}`)).status, 200, `/reports.${ext} with empty filters`);
  });

  test('an empty period shows the empty state, without rows', async () => {
    const page = await admin.get('/reports?from=2030-01-01&to=2030-12-31&by=centre');
    assert.equal(page.status, 200);
    const main = mainOf(page.text);
    assert.deepEqual(reportTable(main).rows, [], 'no data rows');
    assert.doesNotMatch(main, /data-key=/, 'no data rows');
    assert.match(main, /\b(no|nothing)\b/i, 'the empty state says there is nothing');
    const j = await report(adminApi, 'from=2030-01-01&to=2030-12-31&by=centre');
    assert.deepEqual(j.items, []);
    assert.deepEqual([j.totals.enrolled, j.totals.completed, j.totals.certified, j.totals.learning_hours, j.totals.attendance_rate],
      [0, 0, 0, 0, null], 'the totals of nothing');
  });

  test('a bad parameter on the page is shown in the form with 422; the CSV and XLSX answer 422', async () => {
    for (const [query, field] of [['from=2025-02-30&to=2025-12-31', 'from'], ['by=week', 'by'], ['from=2025-06-01&to=2025-05-01', 'to'], ['centre=C-NOPE', 'centre']]) {
      const page = await admin.get(`/reports?${query}`);
      assert.equal(page.status, 422, `/reports?${query}`);
      const main = mainOf(page.text);
      assert.match(main, new RegExp(`href="#${field}"`), `the error summary links to the field ${field}`);
      assert.match(main, /name="by"/, 'the form is shown again');
      for (const ext of ['csv', 'xlsx'])
        assert.equal((await download(admin, `/reports.${ext}?${query}`)).status, 422, `/reports.${ext}?${query}`);
    }
  });

  test('the CSV: BOM, CRLF, the header, the page\'s rows, then Total', async () => {
    for (const query of PAGE_QUERIES) {
      const j = await report(adminApi, query);
      const r = await download(admin, `/reports.csv?${query}`);
      assert.equal(r.status, 200, query);
      assert.match(r.headers.get('content-type'), /^text\/csv/);
      assert.match(r.headers.get('content-disposition') || '', /attachment; filename="[^"]+\.csv"/);
      assert.deepEqual([...r.buf.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with a BOM');
      const text = r.buf.subarray(3).toString('utf8');
      assert.doesNotMatch(text.replace(/\r\n/g, ''), /\n/, 'lines end with CRLF');
      assert.equal(text.split('\r\n')[0], 'key,label,enrolled,completed,certified,learning_hours,attendance_rate', 'the header line');
      const lines = parseCsv(text);
      const want = [
        ['key', 'label', ...METRICS],
        ...j.items.map((i) => [i.key ?? '', i.label, ...METRICS.map((m) => cell(i[m]))]),
        ['', 'Total', ...METRICS.map((m) => cell(j.totals[m]))],
      ];
      assert.deepEqual(lines, want, `/reports.csv?${query}: the API's rows in order, then the totals labelled Total`);
    }
  });

  test('the XLSX: title and filters, the header, the rows as numbers, Total, and a chart', async () => {
    for (const query of [...PAGE_QUERIES, `${Y25}&by=centre&region=ABS&gender=female`]) {
      const j = await report(adminApi, query);
      const r = await download(admin, `/reports.xlsx?${query}`);
      assert.equal(r.status, 200, query);
      assert.match(r.headers.get('content-type'), /spreadsheetml\.sheet/);
      assert.match(r.headers.get('content-disposition') || '', /attachment; filename="[^"]+\.xlsx"/);
      const x = readXlsx(r.buf);
      assert.ok(x.zip, 'a zip');
      assert.ok(x.entries.includes('xl/charts/chart1.xml'), `a native chart xl/charts/chart1.xml in ${x.entries.join(' ')}`);
      assert.ok(!x.entries.includes('xl/worksheets/sheet2.xml'), 'one sheet');
      const h = x.rows.findIndex((row) => row && row[0] === 'Code');
      assert.ok(h > 0, `a header row starting "Code", below the title and filters: ${JSON.stringify(x.rows.slice(0, 12))}`);
      assert.deepEqual(x.rows[h], ['Code', 'Name', 'People enrolled', 'People completed', 'People certified', 'Learning hours', 'Attendance rate'],
        'the header row');
      // the lines above: label and value
      const above = Object.fromEntries(x.rows.slice(0, h).filter((row) => row && typeof row[0] === 'string')
        .map((row) => [row[0].replace(/:$/, ''), row[1]]));
      const params = new URLSearchParams(query);
      // the same words as the page's form
      assert.equal(excelDate(above['First day']), params.get('from'), `a First day line: ${JSON.stringify(above)}`);
      assert.equal(excelDate(above['Last day']), params.get('to'), `a Last day line: ${JSON.stringify(above)}`);
      assert.ok('Rows by' in above, `a Rows by line: ${JSON.stringify(above)}`);
      const filterLabels = { region: 'Region', gender: 'Gender', disability: 'Disability' };
      for (const [p, label] of Object.entries(filterLabels)) {
        if (!params.has(p)) continue;
        assert.ok(above[label] !== undefined && above[label] !== null && above[label] !== '', `a ${label} line for the filter ${p}: ${JSON.stringify(above)}`);
      }
      if (params.get('region') === 'ABS') assert.match(String(above.Region), /ABS|Absheron/);
      if (params.get('gender') === 'female') assert.match(String(above.Gender), /female|women/i);

      const body = x.rows.slice(h + 1, h + 1 + j.items.length);
      for (const [n, i] of j.items.entries()) {
        const row = body[n] || [];
        const ctx = `/reports.xlsx?${query} row ${n + 1} (${i.key}): ${JSON.stringify(row)}`;
        assert.equal(row[0] ?? '', i.key ?? '', `${ctx}: Code`);
        assert.equal(row[1], i.label, `${ctx}: Name`);
        assert.equal(row[2], i.enrolled, `${ctx}: People enrolled, a number`);
        assert.equal(row[3], i.completed, `${ctx}: People completed, a number`);
        assert.equal(row[4], i.certified, `${ctx}: People certified, a number`);
        assert.equal(typeof row[5], 'number', `${ctx}: Learning hours is a numeric cell`);
        assert.equal(Math.round(row[5] * 100) / 100, i.learning_hours, `${ctx}: Learning hours`);
        if (i.attendance_rate === null) assert.equal(row[6] ?? null, null, `${ctx}: Attendance rate, empty`);
        else assert.equal(Math.round(row[6] * 10000) / 10000, i.attendance_rate, `${ctx}: Attendance rate, a number`);
        for (const k of [2, 3, 4, 5]) assert.equal(x.kinds[h + 1 + n][k], 'n', `${ctx}: column ${k + 1} is numeric`);
      }
      const total = x.rows[h + 1 + j.items.length] || [];
      assert.equal(total[0] ?? '', '', `the totals row has no code: ${JSON.stringify(total)}`);
      assert.equal(total[1], 'Total', `the totals row is labelled Total: ${JSON.stringify(total)}`);
      assert.deepEqual([total[2], total[3]], [j.totals.enrolled, j.totals.completed], 'the totals, as numbers');
      assert.equal(Math.round(total[5] * 100) / 100, j.totals.learning_hours, 'the total learning hours');
    }
  });
});

// --- the people behind a figure --------------------------------------------------------------

describe('the people behind a figure (/reports/people)', () => {
  const ALL = ['aysel', 'babek', 'camila', 'davud', 'elena', 'farid', 'gulnar', 'hasan', 'inara'];
  function listed(html, who, ctx) {
    const main = mainOf(html);
    for (const p of ALL) {
      const email = `${p}@example.org`;
      if (who.includes(p)) assert.ok(main.includes(email), `${ctx}: ${email} is listed`);
      else assert.ok(!main.includes(email), `${ctx}: ${email} is not listed`);
    }
  }

  test('an admin sees who is behind a row, the null row and the totals', async () => {
    const b = await signedIn('admin@example.org');
    const cases = [
      [`${Y25}&by=centre&metric=enrolled&key=C-SUM`, ['aysel', 'davud'], 'enrolled at C-SUM (not p3 withdrawn, p6 requested, p7 deleted, p8 of 2024)'],
      [`${Y25}&by=centre&metric=enrolled&key=`, ['babek', 'elena'], 'enrolled in the null row (no centre)'],
      [`${Y25}&by=centre&metric=enrolled`, ['aysel', 'babek', 'camila', 'davud', 'elena'], 'enrolled, the totals'],
      [`${Y25}&by=centre&metric=completed&key=C-BAK`, ['aysel', 'camila'], 'completed at C-BAK'],
      [`${Y25}&by=programme&metric=completed&key=P-ONE`, ['aysel', 'camila', 'davud'], 'completed in P-ONE'],
      [`${Y25}&by=centre&gender=female&metric=enrolled`, ['aysel', 'camila'], 'enrolled women (p7 is deleted)'],
    ];
    for (const [query, who, what] of cases) {
      const page = await b.get(`/reports/people?${query}`);
      assert.equal(page.status, 200, `/reports/people?${query}: ${page.text.slice(0, 200)}`);
      listed(page.text, who, `${what} [${query}]`);
    }
    const page = await b.get(`/reports/people?${Y25}&by=centre&metric=completed&key=C-BAK`);
    assert.match(mainOf(page.text), /Aysel Mammadova/, 'full names are shown');
    assert.match(mainOf(page.text), /Camila Reyes/);
  });

  test('a manager sees the people in scope only; outside it 403; analysts 403', async () => {
    const b = await signedIn('mgr.bak@example.org');
    const page = await b.get(`/reports/people?${Y25}&by=centre&metric=enrolled`);
    assert.equal(page.status, 200);
    listed(page.text, ['aysel', 'camila'], 'manager@C-BAK, the totals: only people at C-BAK');
    assert.equal((await b.get(`/reports/people?${Y25}&by=centre&centre=C-NYC&metric=enrolled`)).status, 403,
      'manager@C-BAK with centre=C-NYC');
    for (const email of ['analyst@example.org', 'analyst.usa@example.org']) {
      const a = await signedIn(email);
      assert.equal((await a.get(`/reports/people?${Y25}&by=centre&metric=enrolled`)).status, 403, `${email}: analysts see figures, not people`);
    }
  });

  test('a bad metric is refused with 422', async () => {
    const b = await signedIn('admin@example.org');
    assert.equal((await b.get(`/reports/people?${Y25}&by=centre&metric=hours`)).status, 422);
  });
});

// --- the home page and the header ------------------------------------------------------------

describe('the dashboard and the header', () => {
  test('admins, managers and analysts get a dashboard on /; learners keep their home', async () => {
    for (const email of ['admin@example.org', 'mgr.abs@example.org', 'mgr.bak@example.org', 'analyst@example.org', 'analyst.usa@example.org']) {
      const b = await signedIn(email);
      const home = await b.get('/');
      assert.equal(home.status, 200, email);
      const main = mainOf(home.text);
      assert.ok(tags(main, 'a').some((a) => a.href && a.href.split('?')[0] === '/reports'), `${email}: the dashboard links to /reports`);
      // p9 enrolled and completed this year at C-SUM: something to draw for those who see it
      if (['admin@example.org', 'mgr.abs@example.org', 'analyst@example.org'].includes(email))
        assert.ok(tags(main, 'svg').some((s) => s.role === 'img'), `${email}: the dashboard's trend chart (<svg role="img">)`);
      assert.match(main, /enrolled/i, `${email}: people enrolled this year`);
      assert.match(main, /completed/i, `${email}: people completed this year`);
    }
    const lena = await signedIn('lena@example.org');
    const home = await lena.get('/');
    assert.equal(home.status, 200);
    assert.ok(!tags(mainOf(home.text), 'a').some((a) => a.href && a.href.startsWith('/reports')), 'no dashboard for a learner');
  });

  test('the header shows Reports to admins, managers and analysts only', async () => {
    const header = (html) => html.slice(html.indexOf('<header'), html.indexOf('</header>'));
    const reportsLink = /<a href="\/reports"(?: aria-current="page")?>Reports<\/a>/;
    for (const email of ['admin@example.org', 'mgr.bak@example.org', 'analyst@example.org', 'analyst.sum@example.org']) {
      const page = await (await signedIn(email)).get('/courses');
      assert.match(header(page.text), reportsLink, `${email} sees Reports in the header`);
    }
    for (const email of ['lena@example.org', 'teacher@example.org']) {
      const page = await (await signedIn(email)).get('/courses');
      assert.doesNotMatch(header(page.text), /href="\/reports/, `${email} does not see Reports`);
    }
    const anon = await server.browser().get('/courses');
    assert.doesNotMatch(header(anon.text), /href="\/reports/, 'a visitor does not see Reports');
  });
});

// --- the summary: what the default reports read, kept in the writing transaction ----------------

// `dars reports verify`: every cell of the summary against the same figures counted from the
// records, for every period it holds.
function verify(why) {
  const r = server.cli(['reports', 'verify']);
  assert.equal(r.code, 0, `${why}: dars reports verify found differences:\n${r.stdout}${r.stderr}`);
  assert.match(r.stdout, /the summary agrees/);
}

describe('the summary tables (the default reports read them; DESIGN.md 8: exact and fresh)', () => {
  test('every cell agrees with the records after the seed, written outside any transaction', () => {
    verify('after the seed');
    assert.equal(server.sql('SELECT COUNT(*) FROM report_stale')[0][0], '0', 'nobody is left to count');
    assert.ok(Number(server.sql("SELECT COUNT(*) FROM report_cells WHERE period = '2025' AND people > 0")[0][0]) > 0,
      'the year 2025 has cells');
  });

  test('a write that moves many facts at once (a time zone, a course, a person) is counted at once', async () => {
    const nyc = `${Y25}&by=centre&centre=C-NYC`;
    await expectReport(adminApi, nyc, [['C-NYC', 2, 0, 4.5, 0.5]], [2, 0, 4.5, 0.5], 'before');
    // New York's days become Baku's: p5's enrolment (2026-01-01T03:00Z) and S6 (2 h, p5 late)
    // move into 2026; S7 (2 h, p2 present, 2025-01-01T03:00Z) moves into 2025
    server.sql("UPDATE centres SET timezone = 'Asia/Baku' WHERE code = 'C-NYC'");
    await expectReport(adminApi, nyc, [['C-NYC', 1, 0, 4.5, 0.5]], [1, 0, 4.5, 0.5],
      'p5 enrolled on 2026-01-01 in Baku; p2 keeps 30 min of lessons, S4 and S7 present, S5 absent twice');
    verify('after a time zone change');
    server.sql("UPDATE centres SET timezone = 'America/New_York' WHERE code = 'C-NYC'");
    await expectReport(adminApi, nyc, [['C-NYC', 2, 0, 4.5, 0.5]], [2, 0, 4.5, 0.5], 'back in New York');
    // a course deleted and restored; a person deleted and restored
    server.sql("UPDATE courses SET deleted_at = '2025-06-01T00:00:00Z' WHERE code = 'K-ONL'");
    server.sql("UPDATE users SET deleted_at = '2025-06-01T00:00:00Z' WHERE email = 'aysel@example.org'");
    const j = await report(adminApi, `${Y25}&by=centre`);
    assert.ok(!j.items.some((i) => i.key === 'C-SUM' && i.enrolled > 0), `K-ONL deleted: nobody at C-SUM: ${table(j)}`);
    verify('after deleting a course and a person');
    server.sql("UPDATE courses SET deleted_at = NULL WHERE code = 'K-ONL'");
    server.sql("UPDATE users SET deleted_at = NULL WHERE email = 'aysel@example.org'");
    await expectReport(adminApi, `${Y25}&by=centre`, [
      ['C-BAK', 2, 2, 10.5, 0.75],
      ['C-NYC', 2, 0, 4.5, 0.5],
      ['C-SUM', 2, 1, 4.5, null],
      [null, 2, 1, 0.33, null],
    ], [5, 4, 19.83, 0.625], 'restored: the hand count again');
    verify('after restoring them');
  });

  test('a regional manager\'s report and dashboard read a few cells, not the facts', async () => {
    const b = await signedIn('mgr.abs@example.org');
    const page = await server.statements('/reports', () => b.get(`/reports?${Y25}`));
    const home = await server.statements('/', () => b.get('/'));
    // the session and roles, the form's lists, the region's centres, the summary's freshness, one read
    assert.ok(page <= 12, `GET /reports ran ${page} statements`);
    assert.ok(home <= 10, `GET / ran ${home} statements`);
    const r = await b.get(`/reports?${Y25}`);
    assert.equal(r.status, 200);
    assert.match(mainOf(r.text), /Baku Centre/);
  });

  test('a summary that differs from the records is caught, and rebuilt', () => {
    server.sql("UPDATE report_cells SET enrolled = enrolled + 1 WHERE level = 'country' AND period = '2025'");
    const bad = server.cli(['reports', 'verify']);
    assert.equal(bad.code, 1, `verify exits 1 on a difference: ${bad.stdout}${bad.stderr}`);
    assert.match(bad.stdout, /^2025 by centre, totals: summary 6 enrolled.*records 5,/m, 'the difference is named');
    const re = server.cli(['reports', 'rebuild']);
    assert.equal(re.code, 0, re.stderr);
    verify('after the rebuild');
  });

  test('reports asked in turn answer each for itself (statements built per request are not reused)', async () => {
    const queries = [`${Y25}&by=centre`, `${Y25}&by=region`, `${Y25}&by=gender`, `${Y25}&by=month&region=ABS`,
      `${Y25}&by=centre&centre=C-SUM`, 'from=2025-02-03&to=2025-11-29&by=programme', 'from=2025-02-03&to=2025-11-29&by=centre'];
    const first = {};
    for (const q of queries) first[q] = table(await report(adminApi, q));
    for (let round = 0; round < 5; round++) {
      for (const q of [...queries].reverse()) assert.equal(table(await report(adminApi, q)), first[q], `${q}, round ${round}`);
    }
  });
});

// --- last, as it adds a fact of today ----------------------------------------------------------

test('a committed enrolment counts at once: a learner enrols through the site', async () => {
  const query = `by=centre&centre=C-GAN`;
  const before = await report(adminApi, query);
  assert.deepEqual(before.items, [], 'nothing at C-GAN yet');
  const lena = await signedIn('lena@example.org');
  const r = await lena.post('/courses/K-GAN/enrol');
  assert.equal(r.status, 303, r.text.slice(0, 200));
  assert.equal(server.sql("SELECT e.status FROM enrolments e JOIN users u ON u.id = e.user_id WHERE u.email = 'lena@example.org'")[0][0], 'active');
  await expectReport(adminApi, query, [['C-GAN', 1, 0, 0, null]], [1, 0, 0, null],
    'the enrolment made just now (started_at stamped now) is in this year\'s report at once');
  const mgr = await report(server.apiAs('mgr.bak@example.org'), 'by=centre');
  assert.ok(!mgr.items.some((i) => i.key === 'C-GAN'), `not in the report of C-BAK's manager: ${table(mgr)}`);
  verify('after an enrolment through the site, counted by its own commit');
  assert.equal(server.sql('SELECT COUNT(*) FROM report_stale')[0][0], '0', 'the commit counted the learner');
});
