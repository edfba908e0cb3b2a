// The certificates register for managers (issue 17's gap): /admin/certificates in the API
// list's scope (admin, the centre's manager, another centre's manager, a learner's 403),
// its search, filters and keyset pages at a fixed number of statements, a certificate's
// page, revoking with a reason (audited, /verify says so), correcting the name and hours
// (the old one's /verify points to the new), issuing by hand with its errors in the
// reader's language, and template_id filled when a certificate is issued.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';
import { catalog } from '../lib/po.js';

const PW = 'correct horse battery';
const year = new Date().getUTCFullYear();
let server, adminApi;

async function course(code, centre) {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title: `Course ${code}`, language: 'en', topic: 'programming', delivery: 'online',
    status: 'published', centre, certificate: true,
    modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson', minutes: 90 }] }],
  }));
}

const issue = async (user, courseCode, extra = {}) =>
  apiOk(adminApi.post('/api/v1/certificates', { user, course: courseCode, ...extra }), 201);

// the register's rows as [number, holder] from a page's table
const rows = (html) => [...mainOf(html).matchAll(/<tr><td><a href="\/admin\/certificates\/([^"]+)">([^<]+)<\/a><\/td><td>([^<]+)</g)]
  .map((m) => [m[2], m[3]]);

async function as(email) {
  const b = server.browser();
  await b.login(email, PW);
  return b;
}

let aysel, bek, two;
before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-ONE', name: 'Centre one', region: 'AAA', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TWO', name: 'Centre two', region: 'AAA', kind: 'regional' }));
  server.addUser({ email: 'mgr@example.org', name: 'Mo Manager', role: 'manager@C-ONE' });
  server.addUser({ email: 'other@example.org', name: 'Oz Other', role: 'manager@C-TWO' });
  server.addUser({ email: 'aysel@example.org', name: 'Aysel Məmmədova', role: 'learner' });
  server.addUser({ email: 'bek@example.org', name: 'Bek Karimov', role: 'learner' });
  await course('ONE-101', 'C-ONE');
  await course('TWO-101', 'C-TWO');
  aysel = await issue('aysel@example.org', 'ONE-101');
  bek = await issue('bek@example.org', 'ONE-101');
  two = await issue('bek@example.org', 'TWO-101');
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test('the register shows each reader the certificates of their scope; a learner gets 403', async () => {
  const admin = await as('admin@example.org');
  const all = await admin.get('/admin/certificates');
  assert.equal(all.status, 200);
  assert.deepEqual(rows(all.text).map((r) => r[0]), [two.number, bek.number, aysel.number]); // newest first
  assert.match(mainOf(all.text), new RegExp(`href="/admin/certificates/${aysel.code}"`));

  const mgr = await as('mgr@example.org');
  assert.deepEqual(rows((await mgr.get('/admin/certificates')).text).map((r) => r[0]), [bek.number, aysel.number]);
  assert.equal((await mgr.get(`/admin/certificates/${aysel.code}`)).status, 200);

  const other = await as('other@example.org');
  assert.deepEqual(rows((await other.get('/admin/certificates')).text).map((r) => r[0]), [two.number]);
  // another centre's certificate is not there for them, as in the API: codes are secrets
  assert.equal((await other.get(`/admin/certificates/${aysel.code}`)).status, 404);
  assert.equal((await other.get(`/admin/certificates/${aysel.code}/revoke`)).status, 404);
  assert.equal((await other.post(`/admin/certificates/${aysel.code}/revoke`, { reason: 'no' })).status, 404);
  // the centre filter offers only their centres
  const filterHtml = mainOf((await other.get('/admin/certificates')).text);
  assert.match(filterHtml, /<option value="C-TWO"/);
  assert.doesNotMatch(filterHtml, /<option value="C-ONE"/);

  const learner = await as('aysel@example.org');
  for (const path of ['/admin/certificates', `/admin/certificates/${aysel.code}`, '/admin/certificates/new'])
    assert.equal((await learner.get(path)).status, 403, path);
  assert.equal((await learner.post(`/admin/certificates/${aysel.code}/revoke`, { reason: 'x' })).status, 403);
});

test('search by name in any case, e-mail, number, code and course; filters by status, centre and year', async () => {
  const b = await as('admin@example.org');
  const find = async (query) => rows((await b.get(`/admin/certificates?${query}`)).text).map((r) => r[0]).concat([]);
  const check = async (query, want) => assert.deepEqual(await find(query), want, query);
  await check(`q=${encodeURIComponent('məmmədova')}`, [aysel.number]);
  await check(`q=${encodeURIComponent('MƏMMƏD')}`, [aysel.number]);
  await check('q=bek%40example', [two.number, bek.number]);
  await check(`q=${encodeURIComponent(bek.number)}`, [bek.number]);
  await check(`q=${aysel.code}`, [aysel.number]);
  await check('q=two-101', [two.number]);
  await check('centre=C-TWO', [two.number]);
  await check(`year=${year}&centre=C-ONE`, [bek.number, aysel.number]);
  await check('status=valid&q=karimov', [two.number, bek.number]);
  // nothing found: said in words, with a way back
  const none = await b.get('/admin/certificates?year=2001');
  assert.equal(none.status, 200);
  assert.match(mainOf(none.text), /No certificates match your search\./);
  assert.match(mainOf(none.text), /href="\/admin\/certificates">Clear the search/);
  // the API takes the same filters, from the same query
  const api = await apiOk(adminApi.get(`/api/v1/certificates?q=${encodeURIComponent('Məmmədova')}`), 200);
  assert.deepEqual(api.items.map((c) => c.number), [aysel.number]);
  const bad = await adminApi.get('/api/v1/certificates?year=12');
  assert.equal(bad.status, 422);
  assert.ok(bad.json.errors.year);
});

test('an empty register says so in words', async () => {
  server.addUser({ email: 'empty@example.org', name: 'Em Empty', role: 'manager@AAA' });
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-NEW', name: 'Centre new', region: 'AAA', kind: 'regional' }));
  server.addUser({ email: 'newmgr@example.org', name: 'New Manager', role: 'manager@C-NEW' });
  const b = await as('newmgr@example.org');
  const page = await b.get('/admin/certificates');
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /No certificates have been issued in your centres yet\./);
});

test('pages follow the register newest first, at the same number of statements however many', async () => {
  const b = await as('mgr@example.org');
  const count = () => server.statements('/admin/certificates', () => b.get('/admin/certificates'));
  const few = await count();
  for (let i = 0; i < 55; i++) {
    server.addUser({ email: `p${i}@example.org`, name: `Person ${i}`, role: 'learner' });
    await issue(`p${i}@example.org`, 'ONE-101');
  }
  const many = await count();
  assert.equal(many, few, `${few} statements with 2 certificates, ${many} with 57`);
  assert.ok(many <= 6, `${many} statements`);
  const first = await b.get('/admin/certificates');
  const r1 = rows(first.text);
  assert.equal(r1.length, 50);
  assert.equal(r1[0][1], 'Person 54');
  const next = mainOf(first.text).match(/href="([^"]+)" rel="next"/)[1].replaceAll('&amp;', '&');
  assert.match(next, /before=\d+&page=2/);
  const second = await b.get(next);
  const r2 = rows(second.text);
  assert.deepEqual(r2.map((r) => r[0]), [...r2.map((r) => r[0])]);
  assert.equal(r2.length, 7);
  assert.equal(r2.at(-1)[0], aysel.number);
  assert.doesNotMatch(mainOf(second.text), /rel="next"/);
  assert.match(mainOf(second.text), /First page/);
  // filters stay on the next page's link
  const filtered = await b.get('/admin/certificates?q=person');
  const link = mainOf(filtered.text).match(/href="([^"]+)" rel="next"/)[1].replaceAll('&amp;', '&');
  assert.match(link, /^\/admin\/certificates\?q=person&before=\d+&page=2$/);
  assert.equal(rows((await b.get(link)).text).length, 5);
});

test('revoking asks why, is audited, and the public check says revoked', async () => {
  const b = await as('mgr@example.org');
  const page = await b.get(`/admin/certificates/${bek.code}`);
  assert.match(mainOf(page.text), new RegExp(`href="/admin/certificates/${bek.code}/revoke"`));
  assert.match(mainOf(page.text), new RegExp(`href="/verify/${bek.code}"`));
  assert.match(mainOf(page.text), new RegExp(`href="/certificates/${bek.code}.pdf"`));
  const confirm = await b.get(`/admin/certificates/${bek.code}/revoke`);
  assert.equal(confirm.status, 200);
  assert.match(mainOf(confirm.text), /<textarea id="reason" name="reason"/);
  // without a reason: the form again, saying what is wrong
  const empty = await b.post(`/admin/certificates/${bek.code}/revoke`, { reason: '  ' });
  assert.equal(empty.status, 422);
  assert.match(mainOf(empty.text), /Say why the certificate is revoked/);
  assert.match(mainOf(empty.text), /href="#reason"/);
  // without the CSRF token: refused
  assert.equal((await b.post(`/admin/certificates/${bek.code}/revoke`, { csrf: null, reason: 'x' })).status, 403);
  const done = await b.post(`/admin/certificates/${bek.code}/revoke`, { reason: 'Issued to the wrong person' });
  assert.equal(done.status, 303);
  assert.equal(done.location, `/admin/certificates/${bek.code}`);
  const shown = mainOf((await b.get(done.location)).text);
  assert.match(shown, /Revoked/);
  assert.match(shown, /Issued to the wrong person/);
  assert.doesNotMatch(shown, /\/revoke"/); // no actions left
  const v = await fetch(`${server.url}/verify/${bek.code}`, { headers: { accept: 'application/json' } });
  assert.equal((await v.json()).status, 'revoked');
  const audit = server.sql(`SELECT a.changes FROM audit_events a JOIN users u ON u.id = a.actor_id
    WHERE a.action = 'certificate.revoke' AND u.email = 'mgr@example.org'`);
  assert.equal(audit.length, 1);
  assert.equal(JSON.parse(audit[0][0]).reason.after, 'Issued to the wrong person');
  // a second time: it is revoked already
  assert.equal((await b.post(`/admin/certificates/${bek.code}/revoke`, { reason: 'again' })).status, 409);
  const revoked = rows((await b.get('/admin/certificates?status=revoked')).text).map((r) => r[0]);
  assert.deepEqual(revoked, [bek.number]);
});

test('correcting the name and hours issues a new certificate that replaces the old', async () => {
  const b = await as('mgr@example.org');
  const form = await b.get(`/admin/certificates/${aysel.code}/replace`);
  assert.equal(form.status, 200);
  assert.match(mainOf(form.text), /name="holder" type="text" value="Aysel Məmmədova"/);
  assert.match(mainOf(form.text), /name="hours" type="text" class="short" inputmode="decimal" value="1.5"/);
  const bad = await b.post(`/admin/certificates/${aysel.code}/replace`, { holder: '', hours: 'many' });
  assert.equal(bad.status, 422);
  assert.match(mainOf(bad.text), /Enter the name as it should read/);
  assert.match(mainOf(bad.text), /Enter the hours as a number above 0/);
  const ok = await b.post(`/admin/certificates/${aysel.code}/replace`, { holder: 'Aysel Məmmədova-Əliyeva', hours: '2,5' });
  assert.equal(ok.status, 303);
  const code = ok.location.split('/').pop();
  assert.notEqual(code, aysel.code);
  const fresh = await apiOk(adminApi.get(`/api/v1/certificates/${code}`), 200);
  assert.equal(fresh.holder, 'Aysel Məmmədova-Əliyeva');
  assert.equal(fresh.hours, 2.5);
  assert.equal(fresh.status, 'valid');
  const old = await (await fetch(`${server.url}/verify/${aysel.code}`, { headers: { accept: 'application/json' } })).json();
  assert.equal(old.status, 'replaced');
  assert.equal(old.replaced_by, code);
  const oldPage = mainOf((await b.get(`/admin/certificates/${aysel.code}`)).text);
  assert.match(oldPage, new RegExp(`href="/admin/certificates/${code}"`));
  const newPage = mainOf((await b.get(`/admin/certificates/${code}`)).text);
  assert.match(newPage, new RegExp(`href="/admin/certificates/${aysel.code}">${aysel.number.replaceAll('/', '\\/')}`));
  const audit = server.sql(`SELECT changes FROM audit_events WHERE action = 'certificate.replace' AND object_id = '${server.sql(`SELECT id FROM certificates WHERE code = '${aysel.code}'`)[0][0]}'`);
  assert.equal(audit.length, 1);
  assert.equal(JSON.parse(audit[0][0]).holder.after, 'Aysel Məmmədova-Əliyeva');
  // a replaced certificate cannot be corrected again
  assert.equal((await b.get(`/admin/certificates/${aysel.code}/replace`)).status, 409);

  // the form holds the hours as it reads them back: ungrouped, to the minute, so that a form
  // sent unchanged keeps them (1,234.3 would be refused, and 1234.3 would lose two minutes)
  const long = await apiOk(adminApi.post(`/api/v1/certificates/${code}/replace`,
    { holder: 'Aysel Məmmədova-Əliyeva', hours: 1234 + 1 / 3 }), 201);
  const again = await b.get(`/admin/certificates/${long.code}/replace`);
  assert.match(mainOf(again.text), /name="hours" type="text" class="short" inputmode="decimal" value="1234.33"/);
  const same = await b.post(`/admin/certificates/${long.code}/replace`, { holder: 'Aysel Məmmədova-Əliyeva', hours: '1234.33' });
  assert.equal(same.status, 303);
  const kept = await apiOk(adminApi.get(`/api/v1/certificates/${same.location.split('/').pop()}`), 200);
  assert.ok(Math.abs(kept.hours - (1234 + 1 / 3)) < 1e-6, `hours kept to the minute: ${kept.hours}`);
});

test('issuing by hand: errors in the reader\'s language, then a certificate with its date and hours', async () => {
  const b = await as('mgr@example.org');
  const ru = catalog('ru');
  b.lang = 'ru';
  await b.post('/lang', { lang: 'ru', next: '/admin/certificates/new' });
  const form = await b.get('/admin/certificates/new');
  assert.equal(form.status, 200);
  const bad = await b.post('/admin/certificates/new', { user: 'nobody@example.org', course: 'NOPE', completed_on: '2999-01-01', hours: '-3' });
  assert.equal(bad.status, 422);
  const html = mainOf(bad.text);
  for (const msg of ['Enter the code of a course or a programme', 'The completion date must be between 2000 and today',
    'Enter the hours as a number above 0, up to 10000'])
    assert.ok(html.includes(ru.t(msg)), `${msg} in Russian`);
  assert.notEqual(ru.t('Enter the hours as a number above 0, up to 10000'), 'Enter the hours as a number above 0, up to 10000');
  const unknown = await b.post('/admin/certificates/new', { user: 'nobody@example.org', course: 'ONE-101' });
  assert.equal(unknown.status, 422);
  assert.ok(mainOf(unknown.text).includes(ru.t('No one has an account with this e-mail address')));
  // another centre's course: not theirs to certify
  assert.equal((await b.post('/admin/certificates/new', { user: 'aysel@example.org', course: 'TWO-101' })).status, 403);
  const ok = await b.post('/admin/certificates/new', { user: 'aysel@example.org', course: 'one-101', completed_on: `${year - 1}-05-20`, hours: '6' });
  assert.equal(ok.status, 303);
  const c = await apiOk(adminApi.get(`/api/v1/certificates/${ok.location.split('/').pop()}`), 200);
  assert.equal(c.issued_at, `${year - 1}-05-20T12:00:00Z`);
  assert.equal(c.hours, 6);
  assert.match(c.number, new RegExp(`^C-ONE/${year}/`)); // the register's year is the year it is written in
  assert.equal(c.user, 'aysel@example.org');
  // the API takes the same fields
  const api = await issue('bek@example.org', 'ONE-101', { completed_on: `${year}-01-02`, hours: 3.5 });
  assert.equal(api.hours, 3.5);
  const apiBad = await adminApi.post('/api/v1/certificates', { user: 'bek@example.org', course: 'ONE-101', completed_on: '2026-02-30', hours: 0 });
  assert.equal(apiBad.status, 422);
  assert.deepEqual(Object.keys(apiBad.json.errors).sort(), ['completed_on', 'hours']);
});

test('a certificate remembers the template it was drawn with', async () => {
  const none = server.sql(`SELECT COALESCE(template_id, 0) FROM certificates WHERE code = '${two.code}'`);
  assert.equal(none[0][0], '0'); // the built-in look
  server.sql(`INSERT INTO certificate_templates (course_id, body, created_at, updated_at)
    SELECT id, 'Awarded to {holder}', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM courses WHERE code = 'TWO-101'`);
  const c = await issue('aysel@example.org', 'TWO-101');
  const [[tid, want]] = server.sql(`SELECT c.template_id, t.id FROM certificates c JOIN certificate_templates t
    ON t.course_id = c.course_id WHERE c.code = '${c.code}'`);
  assert.equal(String(tid), String(want));
});
