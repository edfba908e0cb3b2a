// Issue 11 ("The front door"), defect 5: programmes belong to a centre, a
// region or the nation, as courses belong to a centre. A manager adds
// programmes only in their scope and changes only those (403 otherwise, on
// the pages and the API); national programmes are the admins'. Naming a draft
// course one does not manage in a programme is refused like an unknown code,
// without its title.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi;
const api = (email) => server.apiAs(email);
async function browser(email) {
  const b = server.browser();
  await b.login(email, PW);
  return b;
}
const status = (code) => server.sql(`SELECT status, title FROM programmes WHERE code = '${code}'`)[0];

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/regions', { code: 'BBB', name: 'Region B' }));
  for (const [code, region] of [['A-ONE', 'AAA'], ['B-ONE', 'BBB']])
    await apiOk(adminApi.post('/api/v1/centres', { code, name: `Centre ${code}`, region, kind: 'regional' }));
  server.addUser({ email: 'mgr.a@example.org', name: 'Manager A', role: 'manager@A-ONE' });
  server.addUser({ email: 'mgr.b@example.org', name: 'Manager B', role: 'manager@B-ONE' });
  server.addUser({ email: 'mgr.aaa@example.org', name: 'Region A Manager', role: 'manager@AAA' });
  const course = (code, title, centre, status) => apiOk(adminApi.post('/api/v1/courses', {
    code, title, language: 'en', topic: 'other', delivery: 'online', centre, status,
  }));
  await course('OPEN-A', 'Open at A', 'A-ONE', 'published');
  await course('SECRET-B', 'Secret plans of B', 'B-ONE', 'draft');
  await apiOk(adminApi.post('/api/v1/programmes', { code: 'NAT-1', title: 'National path', status: 'published' }));
  await apiOk(api('mgr.b@example.org').post('/api/v1/programmes', {
    code: 'B-PATH', title: 'Path of B', centre: 'B-ONE', status: 'published',
  }));
  await apiOk(api('mgr.a@example.org').post('/api/v1/programmes', {
    code: 'A-PATH', title: 'Path of A', centre: 'A-ONE', courses: ['OPEN-A'],
  }));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe("a manager changes only their scope's programmes (issue 11)", () => {
  test("a manager of another centre cannot unpublish or edit a centre's programme on the pages", async () => {
    const a = await browser('mgr.a@example.org');
    assert.equal((await a.post('/admin/programmes/B-PATH/unpublish', {})).status, 403);
    assert.equal((await a.post('/admin/programmes/B-PATH', { title: 'Taken over', summary: '' })).status, 403);
    assert.equal((await a.get('/admin/programmes/B-PATH')).status, 403);
    assert.deepEqual(status('B-PATH'), ['published', 'Path of B']);
    // the list shows them only their own
    const list = mainOf((await a.get('/admin/programmes')).text);
    assert.match(list, /A-PATH/);
    assert.doesNotMatch(list, /B-PATH|NAT-1/);
  });

  test("a manager of another centre cannot unpublish or edit a centre's programme on the API", async () => {
    const a = api('mgr.a@example.org');
    const r = await a.patch('/api/v1/programmes/B-PATH', { status: 'draft' });
    assert.equal(r.status, 403, r.text);
    assert.equal((await a.patch('/api/v1/programmes/B-PATH', { title: 'Taken over' })).status, 403);
    assert.deepEqual(status('B-PATH'), ['published', 'Path of B']);
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'programme.%' AND actor = 'mgr.a@example.org' AND object_id = (SELECT CAST(id AS TEXT) FROM programmes WHERE code = 'B-PATH')")[0][0], '0');
  });

  test('the centre\'s own manager edits and unpublishes it, audited', async () => {
    const b = await browser('mgr.b@example.org');
    assert.equal((await b.post('/admin/programmes/B-PATH', { title: 'Path of B, renamed', summary: '' })).status, 303);
    assert.equal((await b.post('/admin/programmes/B-PATH/unpublish', {})).status, 303);
    assert.deepEqual(status('B-PATH'), ['draft', 'Path of B, renamed']);
    const p = await apiOk(api('mgr.b@example.org').patch('/api/v1/programmes/B-PATH', { status: 'published', title: 'Path of B' }), 200);
    assert.equal(p.status, 'published');
    assert.equal(p.centre, 'B-ONE');
    assert.equal(p.region, null);
    const actions = server.sql("SELECT action FROM audit_events WHERE object_type = 'programme' AND object_id = (SELECT CAST(id AS TEXT) FROM programmes WHERE code = 'B-PATH') ORDER BY id").map((x) => x[0]);
    assert.deepEqual(actions, ['programme.create', 'programme.publish', 'programme.update', 'programme.unpublish', 'programme.update', 'programme.publish']);
  });

  test("the region's manager may change a programme of a centre in it", async () => {
    const p = await apiOk(api('mgr.aaa@example.org').patch('/api/v1/programmes/A-PATH', { summary: 'For region A' }), 200);
    assert.equal(p.summary, 'For region A');
    assert.equal((await api('mgr.aaa@example.org').patch('/api/v1/programmes/B-PATH', { summary: 'x' })).status, 403);
  });

  test('a national programme can be changed only by admins', async () => {
    for (const email of ['mgr.a@example.org', 'mgr.aaa@example.org']) {
      assert.equal((await api(email).patch('/api/v1/programmes/NAT-1', { status: 'draft' })).status, 403, email);
      const b = await browser(email);
      assert.equal((await b.post('/admin/programmes/NAT-1/unpublish', {})).status, 403, email);
      assert.equal((await b.post('/admin/programmes/NAT-1', { title: 'Ours now', summary: '' })).status, 403, email);
    }
    assert.deepEqual(status('NAT-1'), ['published', 'National path']);
    const p = await apiOk(adminApi.patch('/api/v1/programmes/NAT-1', { title: 'National path, renamed' }), 200);
    assert.equal(p.centre, null);
    assert.equal(p.region, null);
    const admin = await browser('admin@example.org');
    assert.equal((await admin.post('/admin/programmes/NAT-1/unpublish', {})).status, 303);
    assert.deepEqual(status('NAT-1'), ['draft', 'National path, renamed']);
    // a manager cannot make their programme national either
    const r = await api('mgr.a@example.org').patch('/api/v1/programmes/A-PATH', { centre: null });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors.centre, 'Choose a centre or a region you manage');
  });
});

describe('a manager adds programmes only in their scope (issue 11)', () => {
  test('the API refuses a national programme or another centre or region', async () => {
    const a = api('mgr.a@example.org');
    let r = await a.post('/api/v1/programmes', { code: 'NEW-1', title: 'New' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors.centre, 'Choose a centre or a region you manage');
    r = await a.post('/api/v1/programmes', { code: 'NEW-1', title: 'New', centre: 'B-ONE' });
    assert.equal(r.json.errors.centre, 'Choose a centre you manage');
    r = await a.post('/api/v1/programmes', { code: 'NEW-1', title: 'New', region: 'AAA' });
    assert.equal(r.json.errors.region, 'Choose a region you manage');
    assert.equal(server.sql("SELECT COUNT(*) FROM programmes WHERE code = 'NEW-1'")[0][0], '0');
    const p = await apiOk(api('mgr.aaa@example.org').post('/api/v1/programmes', { code: 'REG-A', title: 'Region A path', region: 'AAA' }));
    assert.equal(p.region, 'AAA');
    assert.equal(p.centre, null);
    // a centre's manager does not manage its region's programmes
    assert.equal((await a.patch('/api/v1/programmes/REG-A', { title: 'x' })).status, 404);
  });

  test('the form puts the programme at a centre the manager chooses', async () => {
    const a = await browser('mgr.a@example.org');
    const form = await a.get('/admin/programmes/new');
    assert.match(form.text, /<option value="A-ONE">/);
    assert.doesNotMatch(form.text, /<option value="B-ONE">/);
    let r = await a.post('/admin/programmes/new', { code: 'FORM-1', title: 'By form', summary: '', centre: 'B-ONE' });
    assert.equal(r.status, 422);
    assert.match(r.text, /Choose a centre you manage/);
    r = await a.post('/admin/programmes/new', { code: 'FORM-1', title: 'By form', summary: '', centre: 'A-ONE' });
    assert.equal(r.status, 303);
    assert.deepEqual(server.sql("SELECT ce.code FROM programmes p JOIN centres ce ON ce.id = p.centre_id WHERE p.code = 'FORM-1'"), [['A-ONE']]);
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'programme.create' AND changes LIKE '%A-ONE%' AND object_id = (SELECT CAST(id AS TEXT) FROM programmes WHERE code = 'FORM-1')")[0][0], '1');
  });
});

describe("naming another centre's draft course in a programme (issue 11)", () => {
  test('creating a programme with it is refused as an unknown course, without its title', async () => {
    const a = api('mgr.a@example.org');
    const r = await a.post('/api/v1/programmes', { code: 'LEAK-1', title: 'Leak', centre: 'A-ONE', courses: ['SECRET-B'] });
    assert.equal(r.status, 422, r.text);
    assert.doesNotMatch(r.text, /Secret plans of B/);
    const unknown = await a.post('/api/v1/programmes', { code: 'LEAK-1', title: 'Leak', centre: 'A-ONE', courses: ['NOPE-9'] });
    assert.deepEqual(r.json.errors, unknown.json.errors);
    assert.equal(server.sql("SELECT COUNT(*) FROM programmes WHERE code = 'LEAK-1'")[0][0], '0');
  });

  test('adding it on the programme page is refused as an unknown course, without its title', async () => {
    const a = await browser('mgr.a@example.org');
    const r = await a.post('/admin/programmes/A-PATH/courses', { course: 'SECRET-B' });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is no course with this code/);
    assert.doesNotMatch(r.text, /Secret plans of B/);
    // its own manager may name it
    const b = await browser('mgr.b@example.org');
    assert.equal((await b.post('/admin/programmes/B-PATH/courses', { course: 'SECRET-B' })).status, 303);
    assert.match(mainOf((await b.get('/admin/programmes/B-PATH')).text), /Secret plans of B/);
    // and the draft stays out of what others read of that programme
    const seen = await apiOk(api('mgr.a@example.org').get('/api/v1/programmes/B-PATH'), 200);
    assert.deepEqual(seen.courses, []);
    assert.doesNotMatch(JSON.stringify(seen), /Secret plans of B/);
  });
});
