// A course's and a programme's certificate template (DESIGN.md 6a
// "Certificates"): the form for those who manage the course or programme and
// no one else; mistakes shown by field in the
// user's language (a logo that is not a PNG, a bad colour, a position without
// a name, an unknown language); "Preview PDF" draws what is typed on sample
// data without saving it (read back with pdftotext); saving is audited and
// keeps logos not chosen again; issued PDFs stay as drawn while new ones
// follow the saved template.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
// a 1x1 PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const URL_ = '/admin/courses/PY-101/certificate';
let server, adminApi;

function pdfText(buf, name) {
  const file = join(server.dir, name);
  writeFileSync(file, buf);
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.replace(/\s+/g, ' ');
}

const typed = (over = {}) => ({
  body: 'This certifies that {holder} completed {title} ({hours} hours) on {date}.',
  colour: '#0b6e4f', signatory1_name: 'Leyla Hüseynova', signatory1_position: 'Director',
  signatory2_name: '', signatory2_position: '', second_language: 'ru',
  body_second: '{holder} окончил(а) курс «{title}».', ...over,
});

async function raw(b, path, fields, files = {}) {
  const fd = new FormData();
  fd.append('csrf', b.csrf);
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([f.content], { type: f.type }), f.name);
  const res = await fetch(server.url + path, { method: 'POST', body: fd, redirect: 'manual', headers: { cookie: b.cookieHeader() } });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

async function signedIn(email, lang = 'en') {
  const b = server.browser();
  await b.login(email, PW);
  if (lang !== 'en') await b.post('/lang', { lang });
  await b.get(URL_);
  return b;
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@test.example', role: 'admin' });
  adminApi = server.apiAs('admin@test.example');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Bakı Rəqəmsal Mərkəz', region: 'BAK', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-GAN', name: 'Gəncə', region: 'BAK', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming',
    delivery: 'online', status: 'published', centre: 'C-BAK',
  }));
  server.addUser({ email: 'mgr@test.example', role: 'manager@C-BAK' });
  server.addUser({ email: 'far@test.example', role: 'manager@C-GAN' });
  server.addUser({ email: 'aynur@test.example', name: 'Aynur Məmmədova' });
  await apiOk(adminApi.post('/api/v1/programmes', {
    code: 'DT-LEAD', title: 'Digital transformation leadership', centre: 'C-BAK', courses: ['PY-101'], status: 'published',
  }));
});

after(async () => { await server?.stop(); });

describe('the template form', () => {
  test('those who manage the course see it; others may not', async () => {
    const mgr = await signedIn('mgr@test.example');
    const edit = await mgr.get('/courses/PY-101/edit');
    assert.match(edit.text, /href="\/admin\/courses\/PY-101\/certificate"/);
    const page = await mgr.get(URL_);
    assert.equal(page.status, 200);
    assert.match(page.text, /Certificate template/);
    assert.match(page.text, /name="logo3"/);
    assert.match(page.text, /value="#1d70b8"/);
    const far = server.browser();
    await far.login('far@test.example', PW);
    assert.equal((await far.get(URL_)).status, 403);
    const learner = server.browser();
    await learner.login('aynur@test.example', PW);
    assert.equal((await learner.get(URL_)).status, 403);
    assert.equal((await raw(far, URL_, typed({ action: 'save' }))).status, 403);
    assert.equal(Number(server.sql(`SELECT COUNT(*) FROM certificate_templates`)[0][0]), 0);
  });

  test('mistakes are shown by field in the user\'s language and nothing is saved', async () => {
    const mgr = await signedIn('mgr@test.example', 'ru');
    const r = await raw(mgr, URL_, typed({ action: 'save', colour: 'green', second_language: 'xx', signatory2_position: 'Deputy' }),
      { logo1: { name: 'logo.png', type: 'image/png', content: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>') } });
    assert.equal(r.status, 422);
    const html = r.body.toString();
    assert.match(html, /id="colour-error"/);
    assert.match(html, /id="logo1-error"/);
    assert.match(html, /id="second_language-error"/);
    assert.match(html, /id="signatory2_name-error"/);
    assert.match(html, /PNG/);
    assert.match(html, /lang="ru"/);
    assert.doesNotMatch(html, /Give the colour as/); // in Russian, not English
    assert.match(html, /Leyla Hüseynova/); // what was typed stays
    assert.equal(Number(server.sql(`SELECT COUNT(*) FROM certificate_templates`)[0][0]), 0);
  });

  test('"Preview PDF" draws what is typed on sample data without saving it', async () => {
    const mgr = await signedIn('mgr@test.example');
    const r = await raw(mgr, URL_, typed({ action: 'preview' }), { logo1: { name: 'm.png', type: 'image/png', content: PNG } });
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/pdf');
    const text = pdfText(r.body, 'preview.pdf');
    assert.match(text, /This certifies that Aynur Məmmədova completed Python for beginners \(24 hours\)/);
    assert.match(text, /Aynur Məmmədova окончил\(а\) курс «Python for beginners»/);
    assert.match(text, /Leyla Hüseynova/);
    assert.equal(Number(server.sql(`SELECT COUNT(*) FROM certificate_templates`)[0][0]), 0);
  });

  test('saving keeps the template, audits it and keeps a logo not chosen again', async () => {
    const mgr = await signedIn('mgr@test.example');
    let r = await raw(mgr, URL_, typed({ action: 'save' }), { logo2: { name: 'c.png', type: 'image/png', content: PNG } });
    assert.equal(r.status, 303);
    r = await raw(mgr, URL_, typed({ action: 'save', body: 'Awarded to {holder} for {title}.', second_language: '', body_second: '' }));
    assert.equal(r.status, 303);
    const row = server.sql(`SELECT body, colour, signatory1_name, COALESCE(second_language, '-'), length(logo2), CASE WHEN logo1 IS NULL THEN 'none' ELSE 'some' END FROM certificate_templates`)[0];
    assert.deepEqual(row, ['Awarded to {holder} for {title}.', '#0b6e4f', 'Leyla Hüseynova', '-', String(PNG.length), 'none']);
    const audit = server.sql(`SELECT action FROM audit_events WHERE object_type = 'certificate_template' ORDER BY id`).map((row) => row[0]);
    assert.deepEqual(audit, ['certificate_template.create', 'certificate_template.update']);
    const page = await mgr.get(URL_);
    assert.match(page.text, /Awarded to \{holder\} for \{title\}\./);
    assert.match(page.text, /id="logo2-hint"/);
  });
});

describe('issued certificates', () => {
  test('keep the PDF they were drawn with; those issued later follow the saved template', async () => {
    const mgr = await signedIn('mgr@test.example');
    const issue = async () => (await apiOk(adminApi.post('/api/v1/certificates', { user: 'aynur@test.example', course: 'PY-101' }))).code;
    const pdf = async (code) => {
      const res = await fetch(`${server.url}/certificates/${code}.pdf`, { headers: { cookie: mgr.cookieHeader() } });
      assert.equal(res.status, 200);
      return Buffer.from(await res.arrayBuffer());
    };
    const first = await issue();
    const before = await pdf(first);
    assert.match(pdfText(before, 'first.pdf'), /Awarded to Aynur Məmmədova for Python for beginners\./);
    assert.equal((await raw(mgr, URL_, typed({ action: 'save', body: 'A new look for {holder}.' }))).status, 303);
    const after = await pdf(first);
    assert.ok(before.equals(after), 'an issued PDF changed with the template');
    const second = await issue();
    assert.match(pdfText(await pdf(second), 'second.pdf'), /A new look for Aynur Məmmədova\./);
  });
});

describe('a programme\'s template', () => {
  const P_URL = '/admin/programmes/DT-LEAD/certificate';
  const count = () => Number(server.sql(`SELECT COUNT(*) FROM certificate_templates t JOIN programmes p ON p.id = t.programme_id`)[0][0]);

  test('a manager in scope finds it from the programme\'s page, previews and saves it', async () => {
    const mgr = await signedIn('mgr@test.example');
    const admin = await mgr.get('/admin/programmes/DT-LEAD');
    assert.match(admin.text, /href="\/admin\/programmes\/DT-LEAD\/certificate"/);
    const page = await mgr.get(P_URL);
    assert.equal(page.status, 200);
    assert.match(page.text, /Digital transformation leadership/);
    assert.doesNotMatch(page.text, /certificates\.zip/); // the ZIP is the course's and the cohort's
    let r = await raw(mgr, P_URL, typed({ action: 'preview', body: '{holder} completed the programme {title}.' }));
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/pdf');
    assert.match(pdfText(r.body, 'p-preview.pdf'), /Aynur Məmmədova completed the programme Digital transformation leadership\./);
    assert.equal(count(), 0);
    r = await raw(mgr, P_URL, typed({ action: 'save', body: 'Programme award: {holder}, {title}.' }),
      { logo3: { name: 'd.png', type: 'image/png', content: PNG } });
    assert.equal(r.status, 303);
    assert.equal(count(), 1);
    const row = server.sql(`SELECT t.body, t.course_id IS NULL, length(t.logo3) FROM certificate_templates t JOIN programmes p ON p.id = t.programme_id WHERE p.code = 'DT-LEAD'`)[0];
    assert.equal(row[0], 'Programme award: {holder}, {title}.');
    assert.equal(row[2], String(PNG.length));
    const audit = server.sql(`SELECT a.action FROM audit_events a JOIN certificate_templates t ON CAST(t.id AS TEXT) = a.object_id
      WHERE a.object_type = 'certificate_template' AND t.programme_id IS NOT NULL ORDER BY a.id`).map((x) => x[0]);
    assert.deepEqual(audit, ['certificate_template.create']);
    assert.match((await mgr.get(P_URL)).text, /Programme award: \{holder\}, \{title\}\./);
  });

  test('someone out of scope gets 403 and changes nothing', async () => {
    const far = server.browser();
    await far.login('far@test.example', PW);
    await far.get('/');
    assert.equal((await far.get(P_URL)).status, 403);
    assert.equal((await raw(far, P_URL, typed({ action: 'save', body: 'Not mine' }))).status, 403);
    assert.equal((await raw(far, P_URL, typed({ action: 'preview' }))).status, 403);
    const learner = server.browser();
    await learner.login('aynur@test.example', PW);
    assert.equal((await learner.get(P_URL)).status, 403);
    assert.equal(server.sql(`SELECT COUNT(*) FROM certificate_templates WHERE body = 'Not mine'`)[0][0], '0');
    const mgr = server.browser();
    await mgr.login('mgr@test.example', PW);
    assert.equal((await mgr.get('/admin/programmes/NO-SUCH/certificate')).status, 404);
  });

  test('a programme certificate issued after saving uses the new text', async () => {
    const c = await apiOk(adminApi.post('/api/v1/certificates', { user: 'aynur@test.example', programme: 'DT-LEAD' }));
    const holder = server.browser();
    await holder.login('aynur@test.example', PW);
    const res = await fetch(`${server.url}/certificates/${c.code}.pdf`, { headers: { cookie: holder.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.match(pdfText(Buffer.from(await res.arrayBuffer()), 'programme.pdf'),
      /Programme award: Aynur Məmmədova, Digital transformation leadership\./);
  });
});
