// A donor project's monthly report by e-mail (issue 16): `dars projects report --day` queues
// the month before's summary in the project's language with the workbook attached; it reaches
// the test SMTP server, and the workbook reads back; a month without data sends a notice and
// no file; a second run, or two at once, sends nothing more; a bad date exits 2. Admins see
// the attached file's name and size at /admin/outbox; the same workbook downloads at
// /admin/projects/{code}.xlsx for the project's readers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { apiOk, BIN, mainOf } from '../lib/dars.js';
import { startDarsWithMail } from '../lib/mail.js';
import { mailsTo, until } from '../lib/mime.js';
import { readXlsx } from '../lib/xlsx.js';

const PW = 'correct horse battery';
const T = '2026-01-02T08:00:00Z';
let server, smtp, api;

const run = (args) => server.cli(['projects', 'report', ...args]);

before(async () => {
  ({ server, smtp } = await startDarsWithMail('https://dars.example'));
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin', password: PW });
  server.addUser({ email: 'learner@example.org', name: 'Lee Learner', role: 'learner', password: PW });
  api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/courses', {
    code: 'K-DEC', title: 'Coding', language: 'en', topic: 'programming', delivery: 'online', status: 'published', centre: 'C-BAK',
    modules: [{ title: 'M', lessons: [{ title: 'L', body: 'x', minutes: 30 }] }],
  }));
  await apiOk(api.post('/api/v1/users', { email: 'aysel@example.org', full_name: 'Aysel', status: 'active', password: PW, gender: 'female' }));
  server.sql(`INSERT INTO enrolments (user_id, course_id, status, progress, started_at, completed_at, created_at, updated_at)
    SELECT u.id, c.id, 'completed', 100, '2026-03-10T10:00:00Z', '2026-03-12T10:00:00Z', '${T}', '${T}'
    FROM users u, courses c WHERE u.email = 'aysel@example.org' AND c.code = 'K-DEC'`);
  // completed after March (and after April, which stays a month without data): in no
  // report of March, neither its text nor its workbook, however late the run
  await apiOk(api.post('/api/v1/users', { email: 'babek@example.org', full_name: 'Babek', status: 'active', password: PW, gender: 'male' }));
  server.sql(`INSERT INTO enrolments (user_id, course_id, status, progress, started_at, completed_at, created_at, updated_at)
    SELECT u.id, c.id, 'completed', 100, '2026-05-10T10:00:00Z', '2026-05-20T10:00:00Z', '${T}', '${T}'
    FROM users u, courses c WHERE u.email = 'babek@example.org' AND c.code = 'K-DEC'`);
  assert.equal(server.cli(['reports', 'rebuild']).code, 0);
  await apiOk(api.post('/api/v1/projects', {
    code: 'DEC-2026', name: 'Центры цифрового образования', funder: 'Example Donor Agency',
    starts_on: '2026-01-01', ends_on: '2026-12-31', status: 'implementation', language: 'ru',
    reporting_org: { ref: 'XM-DAC-41114', name: 'Ministry' },
    report_recipients: ['officer@donor.example', 'desk@ministry.example'],
    indicators: [{ code: 'STUDENTS', title: 'Обучено студентов', metric: 'people_completed', target: 16000 }],
  }));
});

after(async () => {
  if (server) {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
  if (smtp) await smtp.stop();
});

test('the month before goes to every recipient in the project language, with the workbook', async () => {
  const r = run(['--day', '2026-04-01']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), '1 monthly report queued');
  for (const to of ['officer@donor.example', 'desk@ministry.example']) {
    const m = await until(() => mailsTo(smtp, to)[0]);
    assert.match(m.subject, /^Центры цифрового образования: ежемесячный отчёт за 2026-03$/);
    assert.match(m.text, /Обучено студентов\r\n  Факт: 1 из 16\u00a0000/);
    assert.match(m.text, /Изменение за месяц: \+1/);
    assert.equal(m.attachments.length, 1);
    const [file] = m.attachments;
    assert.equal(file.filename, 'DEC-2026-2026-03.xlsx');
    assert.equal(file.type, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const book = readXlsx(file.data);
    const flat = JSON.stringify(book.rows);
    assert.match(flat, /Центры цифрового образования/);
    assert.match(flat, /Показатель/);
    assert.match(flat, /Обучено студентов/);
  }
});

test('the workbook is counted to the month\'s end, as the text is, not to the day it runs', async () => {
  // the report for March is run in December: May's completion is in neither
  const m = await until(() => mailsTo(smtp, 'officer@donor.example').find((x) => /2026-03/.test(x.subject)));
  assert.match(m.text, /Факт: 1 из 16\u00a0000/);
  const rows = readXlsx(m.attachments[0].data).rows;
  const note = rows.find((r) => r.includes('2026-03-31'));
  assert.ok(note, 'the workbook says the day it is counted to');
  const mine = rows.filter((r) => String(r[0]).startsWith('Обучено студентов'));
  // columns: indicator, result, from, to, target, actual, progress
  assert.deepEqual(mine.map((r) => [r[2], r[5] ?? null]), [
    ['2026-01-01', 1], // Q1: Aysel in March
    ['2026-04-01', null], // Q2 had not begun by the month's end: no actual, not May's Babek
    ['2026-07-01', null],
    ['2026-10-01', null],
    ['2026-01-01', 1], // the whole span to the month's end: as the text says
  ]);
  // the page, counted now, has Babek
  const p = await apiOk(api.get('/api/v1/projects/DEC-2026'), 200);
  assert.equal(p.indicators[0].actual, 2);
});

test('admins see the attached file, its name and size, at /admin/outbox', async () => {
  const files = server.sql(`SELECT a.outbox_id, a.filename, a.size FROM outbox_attachments a
    JOIN outbox o ON o.id = a.outbox_id WHERE o.to_addr = 'officer@donor.example'`);
  assert.equal(files.length, 1);
  const [id, name, size] = files[0];
  assert.equal(name, 'DEC-2026-2026-03.xlsx');
  assert.ok(Number(size) > 1000, size);
  // sizes are shown in whole kilobytes, rounded up
  const kb = new RegExp(`${Math.ceil(Number(size) / 1024)}\\s*KB`);
  const b = server.browser();
  await b.login('admin@example.org', PW);
  const list = await b.get('/admin/outbox');
  assert.equal(list.status, 200);
  const main = mainOf(list.text);
  assert.match(main, /DEC-2026-2026-03\.xlsx/);
  assert.match(main, kb);
  const one = await b.get(`/admin/outbox/${id}`);
  assert.equal(one.status, 200);
  assert.match(mainOf(one.text), /DEC-2026-2026-03\.xlsx/);
  assert.match(mainOf(one.text), kb);
});

test('a second run sends nothing, nor do two at once', async () => {
  assert.equal(run(['--day', '2026-04-15']).stdout.trim(), '0 monthly reports queued');
  const both = await Promise.all([0, 1].map(() => new Promise((resolve) => {
    const p = spawn(BIN, ['projects', 'report', '--day', '2026-05-01', '--db', server.db], { env: { ...process.env, DARS_DB: '' } });
    let out = '';
    p.stdout.on('data', (d) => { out += d; });
    p.on('close', (code) => resolve({ code, out }));
  })));
  assert.deepEqual(both.map((b) => b.code), [0, 0]);
  const counts = both.map((b) => Number(b.out.trim().split(' ')[0])).sort();
  assert.deepEqual(counts, [0, 1], 'April goes once');
  assert.equal(Number(server.sql("SELECT COUNT(*) FROM project_reports_sent WHERE month = '2026-04'")[0][0]), 1);
});

test('a month without data sends a notice and no file', async () => {
  const m = await until(() => mailsTo(smtp, 'officer@donor.example').find((x) => /2026-04/.test(x.subject)));
  assert.equal(m.attachments.length, 0);
  assert.match(m.text, /ничего не учтено/);
  assert.doesNotMatch(m.text, /Факт:/);
});

test('a bad date is a usage error', () => {
  for (const day of ['2026-02-30', 'tomorrow', '2026-4-1']) {
    const r = run(['--day', day]);
    assert.equal(r.code, 2, day);
    assert.match(r.stderr, /^dars: /);
  }
});

// GET with a browser's session cookie, keeping the body's bytes.
async function download(b, path) {
  const res = await fetch(server.url + path, { headers: { cookie: b.cookieHeader() }, redirect: 'manual' });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}

test('the workbook downloads at /admin/projects/{code}.xlsx for the project readers', async () => {
  const b = server.browser();
  await b.login('admin@example.org', PW);
  const x = await download(b, '/admin/projects/DEC-2026.xlsx');
  assert.equal(x.status, 200);
  assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(x.headers.get('content-disposition'), /attachment; filename="DEC-2026\.xlsx"/);
  const flat = JSON.stringify(readXlsx(x.buf).rows);
  assert.match(flat, /Центры цифрового образования/);
  assert.match(flat, /Example Donor Agency/);
  assert.match(flat, /Обучено студентов/);
  assert.equal((await download(b, '/admin/projects/NOPE.xlsx')).status, 404);
  // the project page itself still answers at its code: the .xlsx row does not shadow it
  assert.equal((await b.get('/admin/projects/DEC-2026')).status, 200);

  const l = server.browser();
  await l.login('learner@example.org', PW);
  assert.equal((await download(l, '/admin/projects/DEC-2026.xlsx')).status, 403);
});
