// Certificates (DESIGN.md 6a): issued once when an enrolment or a programme
// completes (also when completions race), register numbers per centre and
// year, issued by hand in and out of scope, revoked, corrected (replaced),
// expired, the API's filters, and the public /verify/{code} page with its
// JSON, its 404 and its rate limit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

let server, adminApi, mgrApi, otherApi;
const year = new Date().getUTCFullYear();

async function course(code, { lessons = 2, centre = 'C-ONE', certificate = true, months = null } = {}) {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title: `Course ${code}`, language: 'en', topic: 'programming', delivery: 'online',
    status: 'published', centre, certificate, certificate_months: months,
    modules: [{ title: 'M1', lessons: Array.from({ length: lessons }, (_, i) => ({ title: `L${i + 1}`, body: `Lesson ${i + 1}` })) }],
  }));
  const c = await apiOk(adminApi.get(`/api/v1/courses/${code}`), 200);
  assert.equal(c.certificate, certificate);
  assert.equal(c.certificate_months, months);
  return c.modules.flatMap((m) => m.lessons.map((l) => l.id));
}

// A learner enrolled in the courses, with their own API client.
async function learner(email, name, codes) {
  server.addUser({ email, name, role: 'learner' });
  const api = server.apiAs(email);
  for (const code of codes) await apiOk(api.post('/api/v1/enrolments', { course: code }));
  return api;
}

const certsOf = (email) => server.sql(`SELECT c.number, COALESCE(co.code, p.code) FROM certificates c
  JOIN users u ON u.id = c.user_id LEFT JOIN courses co ON co.id = c.course_id
  LEFT JOIN programmes p ON p.id = c.programme_id WHERE u.email = '${email}' ORDER BY c.id`);

before(async () => {
  server = await startDars({ threads: 4 });
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-ONE', name: 'Centre one', region: 'AAA', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TWO', name: 'Centre two', region: 'AAA', kind: 'regional' }));
  server.addUser({ email: 'mgr@example.org', name: 'Mo Manager', role: 'manager@C-ONE' });
  server.addUser({ email: 'other@example.org', name: 'Oz Other', role: 'manager@C-TWO' });
  mgrApi = server.apiAs('mgr@example.org');
  otherApi = server.apiAs('other@example.org');
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test('completing a course issues one certificate with a register number, verifiable at once', async () => {
  const lessons = await course('CERT-A', { months: 24 });
  const api = await learner('aysel@example.org', 'Aysel Məmmədova', ['CERT-A']);
  for (const id of lessons) await apiOk(api.post(`/api/v1/lessons/${id}/done`), 200);
  const list = await apiOk(api.get('/api/v1/certificates'), 200);
  assert.equal(list.items.length, 1);
  const c = list.items[0];
  assert.equal(c.user, 'aysel@example.org');
  assert.equal(c.holder, 'Aysel Məmmədova');
  assert.equal(c.course, 'CERT-A');
  assert.equal(c.title, 'Course CERT-A');
  assert.equal(c.status, 'valid');
  assert.equal(c.number, `C-ONE/${year}/000001`);
  assert.equal(c.replaced_by, null);
  assert.ok(c.code.length >= 16, c.code); // 120 random bits
  assert.match(c.verify_url, new RegExp(`/verify/${c.code}$`));
  assert.match(c.pdf_url, new RegExp(`/certificates/${c.code}\\.pdf$`));
  assert.ok(c.expires_at > c.issued_at);
  // marking a lesson again does not complete, nor issue, twice
  await apiOk(api.post(`/api/v1/lessons/${lessons[0]}/done`), 200);
  assert.equal(certsOf('aysel@example.org').length, 1);
  // public, without signing in: JSON for programs, a page for people
  const v = await fetch(`${server.url}/verify/${c.code}`, { headers: { accept: 'application/json' } });
  assert.equal(v.status, 200);
  const j = await v.json();
  assert.deepEqual([j.status, j.holder, j.title, j.issuer, j.number, j.issued_at, j.expires_at],
    ['valid', 'Aysel Məmmədova', 'Course CERT-A', 'Centre one', c.number, c.issued_at, c.expires_at]);
  const page = await fetch(`${server.url}/verify/${c.code}`);
  assert.equal(page.status, 200);
  const html = mainOf(await page.text());
  assert.match(html, /Aysel Məmmədova/);
  assert.match(html, /genuine and valid/);
  // in the visitor's language
  const ru = await fetch(`${server.url}/verify/${c.code}`, { headers: { 'accept-language': 'ru' } });
  assert.match(await ru.text(), /lang="ru"/);
  // a second certificate at the same centre takes the next number
  const l2 = await course('CERT-B', { lessons: 1 });
  const api2 = await learner('bek@example.org', 'Bek', ['CERT-B']);
  await apiOk(api2.post(`/api/v1/lessons/${l2[0]}/done`), 200);
  assert.deepEqual(certsOf('bek@example.org'), [[`C-ONE/${year}/000002`, 'CERT-B']]);
  // a course without certificates issues none
  const l3 = await course('CERT-NONE', { lessons: 1, certificate: false });
  const api3 = await learner('nil@example.org', 'Nil', ['CERT-NONE']);
  await apiOk(api3.post(`/api/v1/lessons/${l3[0]}/done`), 200);
  assert.equal(certsOf('nil@example.org').length, 0);
  assert.equal(Number(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'certificate.issue'")[0][0]), 2);
});

test('racing completions issue exactly one certificate, of the course and of its programme', async () => {
  const lessons = await course('RACE-A', { lessons: 2 });
  const other = await course('RACE-B', { lessons: 1 });
  await apiOk(adminApi.post('/api/v1/programmes', { code: 'P-RACE', title: 'Race programme', courses: ['RACE-A', 'RACE-B'], status: 'published' }));
  server.sql("UPDATE programmes SET certificate = 1, status = 'published' WHERE code = 'P-RACE'");
  for (let i = 0; i < 3; i++) {
    const email = `racer${i}@example.org`;
    const api = await learner(email, `Racer ${i}`, ['RACE-A', 'RACE-B']);
    // the last lessons of both courses at once: each completes a course, and between them the programme
    const rs = await Promise.all([...lessons, ...other].map((id) => api.post(`/api/v1/lessons/${id}/done`)));
    for (const r of rs) assert.equal(r.status, 200, r.text);
    const got = certsOf(email).map((r) => r[1]).sort();
    assert.deepEqual(got, ['P-RACE', 'RACE-A', 'RACE-B']);
  }
  const p = await apiOk(adminApi.get('/api/v1/certificates?programme=P-RACE'), 200);
  assert.equal(p.items.length, 3);
  assert.ok(p.items.every((c) => c.programme === 'P-RACE' && c.title === 'Race programme'));
});

test('the catalog API takes certificate and certificate_months, and checks them', async () => {
  await course('FLD', { lessons: 1, certificate: false });
  const p = await apiOk(adminApi.patch('/api/v1/courses/FLD', { certificate: true, certificate_months: 36 }), 200);
  assert.equal(p.certificate, true);
  assert.equal(p.certificate_months, 36);
  const keep = await apiOk(adminApi.patch('/api/v1/courses/FLD', { title: 'Renamed' }), 200);
  assert.deepEqual([keep.certificate, keep.certificate_months], [true, 36]);
  const bad = await adminApi.patch('/api/v1/courses/FLD', { certificate: 'yes', certificate_months: 0 });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /certificate/);
  const none = await apiOk(adminApi.patch('/api/v1/courses/FLD', { certificate_months: null }), 200);
  assert.equal(none.certificate_months, null);
});

test('manual issue by a manager in scope; out of scope 403; the API checks its fields', async () => {
  await course('MAN-A', { lessons: 3 });
  server.addUser({ email: 'hand@example.org', name: 'Hana Hand', role: 'learner' });
  const c = await apiOk(mgrApi.post('/api/v1/certificates', { user: 'hand@example.org', course: 'MAN-A' }));
  assert.equal(c.holder, 'Hana Hand');
  assert.equal(c.status, 'valid');
  assert.match(c.number, new RegExp(`^C-ONE/${year}/\\d{6}$`));
  const r = await otherApi.post('/api/v1/certificates', { user: 'hand@example.org', course: 'MAN-A' });
  assert.equal(r.status, 403);
  const bad = await mgrApi.post('/api/v1/certificates', { user: 'nobody@example.org', course: 'NOPE' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json.errors?.user || bad.text.includes('user'), bad.text);
  assert.equal((await mgrApi.post('/api/v1/certificates', { user: 'hand@example.org' })).status, 422);
  // a learner may not issue
  assert.equal((await server.apiAs('hand@example.org').post('/api/v1/certificates', { user: 'hand@example.org', course: 'MAN-A' })).status, 403);
  // others' certificates are not theirs to read
  assert.equal((await otherApi.get(`/api/v1/certificates/${c.code}`)).status, 404);
  assert.equal((await apiOk(mgrApi.get(`/api/v1/certificates/${c.code}`), 200)).code, c.code);
  assert.equal((await adminApi.get('/api/v1/certificates/not-a-code')).status, 404);
});

test('revoke, replace, expire, and the list filters', async () => {
  await course('LIFE', { lessons: 1, months: 12 });
  server.addUser({ email: 'life@example.org', name: 'Lif Typo', role: 'learner' });
  const a = await apiOk(mgrApi.post('/api/v1/certificates', { user: 'life@example.org', course: 'LIFE' }));
  const b = await apiOk(mgrApi.post('/api/v1/certificates', { user: 'life@example.org', course: 'LIFE' }));
  const c = await apiOk(mgrApi.post('/api/v1/certificates', { user: 'life@example.org', course: 'LIFE' }));
  // revoke: a reason is required; out of scope 403; twice 409
  assert.equal((await mgrApi.post(`/api/v1/certificates/${a.code}/revoke`, {})).status, 422);
  assert.equal((await otherApi.post(`/api/v1/certificates/${a.code}/revoke`, { reason: 'x' })).status, 404);
  const rv = await apiOk(mgrApi.post(`/api/v1/certificates/${a.code}/revoke`, { reason: 'Issued in error' }), 200);
  assert.equal(rv.status, 'revoked');
  assert.equal(rv.revoke_reason, 'Issued in error');
  assert.equal((await mgrApi.post(`/api/v1/certificates/${a.code}/revoke`, { reason: 'again' })).status, 409);
  const va = await (await fetch(`${server.url}/verify/${a.code}`, { headers: { accept: 'application/json' } })).json();
  assert.equal(va.status, 'revoked');
  assert.match(mainOf(await (await fetch(`${server.url}/verify/${a.code}`)).text()), /revoked/);
  // replace: a corrected name, a new code and number; the old one points to it
  const nb = await apiOk(mgrApi.post(`/api/v1/certificates/${b.code}/replace`, { holder: 'Lif Tayp' }));
  assert.notEqual(nb.code, b.code);
  assert.notEqual(nb.number, b.number);
  assert.equal(nb.holder, 'Lif Tayp');
  assert.ok(nb.expires_at);
  const ob = await apiOk(mgrApi.get(`/api/v1/certificates/${b.code}`), 200);
  assert.equal(ob.status, 'replaced');
  assert.equal(ob.replaced_by, nb.code);
  const vb = await (await fetch(`${server.url}/verify/${b.code}`, { headers: { accept: 'application/json' } })).json();
  assert.equal(vb.status, 'replaced');
  assert.match(await (await fetch(`${server.url}/verify/${b.code}`)).text(), new RegExp(`href="/verify/${nb.code}"`));
  assert.equal((await mgrApi.post(`/api/v1/certificates/${b.code}/replace`, { holder: 'Again' })).status, 409);
  // expire: a valid one past its date reads as expired
  server.sql(`UPDATE certificates SET expires_at = '2001-01-01T00:00:00Z' WHERE code = '${c.code}'`);
  const vc = await (await fetch(`${server.url}/verify/${c.code}`, { headers: { accept: 'application/json' } })).json();
  assert.equal(vc.status, 'expired');
  // filters
  const q = async (s) => (await apiOk(mgrApi.get(`/api/v1/certificates?user=life@example.org&course=LIFE${s}`), 200)).items.map((i) => i.code).sort();
  assert.deepEqual(await q(''), [a.code, b.code, c.code, nb.code].sort());
  assert.deepEqual(await q('&status=revoked'), [a.code]);
  assert.deepEqual(await q('&status=replaced'), [b.code]);
  assert.deepEqual(await q('&status=expired'), [c.code]);
  assert.deepEqual(await q('&status=valid'), [nb.code]);
  assert.equal((await mgrApi.get('/api/v1/certificates?status=lost')).status, 422);
  assert.equal((await mgrApi.get('/api/v1/certificates?course=NOPE')).status, 422);
  // out of scope: the list is empty for them; a learner sees their own only
  assert.equal((await apiOk(otherApi.get('/api/v1/certificates?user=life@example.org'), 200)).items.length, 0);
  const mine = await apiOk(server.apiAs('life@example.org').get('/api/v1/certificates'), 200);
  assert.equal(mine.items.length, 4);
  // pages of the list
  const p1 = await apiOk(mgrApi.get('/api/v1/certificates?user=life@example.org&limit=3'), 200);
  assert.equal(p1.items.length, 3);
  assert.ok(p1.next_cursor);
});

test('an unknown code answers 404: a clear page, or problem+json', async () => {
  const r = await fetch(`${server.url}/verify/NoSuchCode123`);
  assert.equal(r.status, 404);
  assert.match(mainOf(await r.text()), /Certificate not found/);
  const j = await fetch(`${server.url}/verify/NoSuchCode123`, { headers: { accept: 'application/json' } });
  assert.equal(j.status, 404);
  assert.match(j.headers.get('content-type'), /problem\+json/);
});

test('verification is rate-limited per address', async () => {
  const s = await startDars({ env: { DARS_VERIFY_LOOKUPS: '3' } });
  try {
    for (let i = 0; i < 3; i++) assert.equal((await fetch(`${s.url}/verify/guess${i}`)).status, 404);
    const r = await fetch(`${s.url}/verify/guess9`);
    assert.equal(r.status, 429);
    assert.ok(Number(r.headers.get('retry-after')) > 0);
  } finally {
    const { stderr } = await s.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});

test('a programme\'s certificate and certificate_months: the API, the forms of programmes and courses', async () => {
  // the API: absent on create is none; a PATCH changes them; absent on a PATCH keeps them
  const p = await apiOk(adminApi.post('/api/v1/programmes', { code: 'P-CERT', title: 'Certified programme' }));
  assert.deepEqual([p.certificate, p.certificate_months], [false, null]);
  const q = await apiOk(adminApi.patch('/api/v1/programmes/P-CERT', { certificate: true, certificate_months: 36 }), 200);
  assert.deepEqual([q.certificate, q.certificate_months], [true, 36]);
  const kept = await apiOk(adminApi.patch('/api/v1/programmes/P-CERT', { title: 'Certified programme, renamed' }), 200);
  assert.deepEqual([kept.certificate, kept.certificate_months], [true, 36]);
  for (const [body, field] of [[{ certificate: 'yes' }, 'certificate'], [{ certificate_months: 0 }, 'certificate_months'], [{ certificate_months: '6' }, 'certificate_months']]) {
    const bad = await adminApi.patch('/api/v1/programmes/P-CERT', body);
    assert.equal(bad.status, 422, JSON.stringify(body));
    assert.ok(bad.json.errors[field], bad.text);
  }
  const none = await apiOk(adminApi.patch('/api/v1/programmes/P-CERT', { certificate_months: null }), 200);
  assert.equal(none.certificate_months, null);
  assert.ok(server.sql("SELECT changes FROM audit_events WHERE action = 'programme.update' AND changes LIKE '%certificate%'").length >= 2,
    'the changes are audited');

  // the forms
  const b = server.browser();
  await b.login('admin@example.org', 'correct horse battery');
  const form = await b.get('/admin/programmes/new');
  assert.match(form.text, /name="certificate"/);
  assert.match(form.text, /name="certificate_months"/);
  const wrong = await b.post('/admin/programmes/new', { code: 'P-FORM', title: 'Form programme', summary: '', centre: '', region: '', certificate: '1', certificate_months: 'ten' });
  assert.equal(wrong.status, 422);
  assert.match(mainOf(wrong.text), /href="#certificate_months"/);
  assert.match(wrong.text, /id="certificate"[^>]*checked/, 'the box stays ticked as typed');
  const made = await b.post('/admin/programmes/new', { code: 'P-FORM', title: 'Form programme', summary: '', centre: '', region: '', certificate: '1', certificate_months: '12' });
  assert.equal(made.status, 303, made.text.slice(0, 400));
  assert.deepEqual(server.sql("SELECT certificate, certificate_months FROM programmes WHERE code = 'P-FORM'"), [['1', '12']]);
  const page = await b.get('/admin/programmes/P-FORM');
  assert.match(page.text, /id="certificate"[^>]*checked/);
  assert.match(page.text, /name="certificate_months"[^>]*value="12"/);
  // unticked and emptied: none, no expiry
  const off = await b.post('/admin/programmes/P-FORM', { title: 'Form programme', summary: '', certificate_months: '' });
  assert.equal(off.status, 303, off.text.slice(0, 400));
  assert.deepEqual(server.sql("SELECT certificate, CASE WHEN certificate_months IS NULL THEN 'none' END FROM programmes WHERE code = 'P-FORM'"), [['0', 'none']]);

  const c = await b.post('/admin/courses/new', { code: 'C-FORM', title: 'Form course', summary: '', language: 'en', topic: 'programming',
    delivery: 'online', enrol_mode: 'open', capacity: '', centre: 'C-ONE', certificate: '1', certificate_months: '24' });
  assert.equal(c.status, 303, c.text.slice(0, 400));
  const course = await apiOk(adminApi.get('/api/v1/courses/C-FORM'), 200);
  assert.deepEqual([course.certificate, course.certificate_months], [true, 24]);
  const edit = await b.get('/courses/C-FORM/edit');
  assert.match(edit.text, /id="certificate"[^>]*checked/);
  assert.match(edit.text, /name="certificate_months"[^>]*value="24"/);
  const badc = await b.post('/admin/courses/new', { code: 'C-FORM2', title: 'Form course', summary: '', language: 'en', topic: 'programming',
    delivery: 'online', enrol_mode: 'open', capacity: '', centre: 'C-ONE', certificate: '1', certificate_months: '-3' });
  assert.equal(badc.status, 422);
  assert.match(mainOf(badc.text), /href="#certificate_months"/);
});

test('/my lists the learner\'s certificates with a PDF to download and the verify URL to share', async () => {
  await course('MY-A', { lessons: 1, months: 12 });
  await course('MY-B', { lessons: 1 });
  server.addUser({ email: 'mine@example.org', name: 'Mina Typo', role: 'learner' });
  const a = await apiOk(adminApi.post('/api/v1/certificates', { user: 'mine@example.org', course: 'MY-A' }));
  const b = await apiOk(adminApi.post('/api/v1/certificates', { user: 'mine@example.org', course: 'MY-B' }));
  await apiOk(adminApi.post(`/api/v1/certificates/${b.code}/revoke`, { reason: 'Issued in error' }), 200);
  const br = server.browser();
  await br.login('mine@example.org', 'correct horse battery');
  const count = await server.statements('/my', () => br.get('/my'));
  const page = await br.get('/my');
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  assert.match(main, /My certificates/);
  const rowOf = (code) => main.match(new RegExp(`<tr data-code="${code}">([\\s\\S]*?)</tr>`))?.[1];
  const ra = rowOf(a.code);
  assert.ok(ra, 'the valid one is listed');
  assert.match(ra, new RegExp(a.number));
  assert.match(ra, /Valid/);
  assert.match(ra, new RegExp(`href="/certificates/${a.code}\\.pdf"`), 'the PDF to download');
  assert.ok(ra.includes(`href="${a.verify_url}"`), 'the verify URL to share');
  assert.match(ra, /valid until/);
  const rb = rowOf(b.code);
  assert.ok(rb, 'the revoked one is listed, marked so');
  assert.match(rb, /Revoked/);
  assert.doesNotMatch(rb, /\.pdf"/, 'a revoked certificate offers no PDF');
  const pdf = await br.get(`/certificates/${a.code}.pdf`);
  assert.equal(pdf.status, 200);
  // a corrected name: the replaced one leaves /my, its correction is there
  const fixed = await apiOk(adminApi.post(`/api/v1/certificates/${a.code}/replace`, { holder: 'Mina Fixed' }));
  const after = mainOf((await br.get('/my')).text);
  assert.ok(!after.includes(`data-code="${a.code}"`), 'the replaced one is gone');
  assert.ok(after.includes(`data-code="${fixed.code}"`), 'its correction is listed');
  // the same statements however many certificates
  await apiOk(adminApi.post('/api/v1/certificates', { user: 'mine@example.org', course: 'MY-B' }));
  assert.equal(await server.statements('/my', () => br.get('/my')), count);
  // someone with none sees no such section
  const other = server.browser();
  await other.login('admin@example.org', 'correct horse battery');
  assert.doesNotMatch(mainOf((await other.get('/my')).text), /My certificates/);
});
