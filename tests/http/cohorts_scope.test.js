// Issue 11 ("The front door"), defect 4: a cohort of a draft course is listed
// only to those who manage the cohort's centre (admins, the centre's managers
// and its region's), the same rule as GET /api/v1/cohorts/{id}; the API list,
// the course page and /admin/cohorts agree, at a fixed number of statements.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, draft, open;

async function course(code, title, extra = {}) {
  await apiOk(adminApi.post('/api/v1/courses', {
    code, title, language: 'en', topic: 'programming', delivery: 'face-to-face', status: 'published',
    modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson 1' }] }], ...extra,
  }));
}

const cohort = (course, centre) => apiOk(adminApi.post('/api/v1/cohorts', {
  course, centre, starts_on: '2027-09-01', ends_on: '2027-09-30',
}));

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/regions', { code: 'BBB', name: 'Region B' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku centre', region: 'AAA', kind: 'central', timezone: 'Asia/Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TAS', name: 'Tashkent centre', region: 'BBB', kind: 'regional', timezone: 'Asia/Tashkent' }));
  server.addUser({ email: 'mgr.bak@example.org', name: 'Baku Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'mgr.aaa@example.org', name: 'Region A Manager', role: 'manager@AAA' });
  server.addUser({ email: 'mgr.tas@example.org', name: 'Tashkent Manager', role: 'manager@C-TAS' });
  server.addUser({ email: 'lena@example.org', name: 'Lena Learner', role: 'learner' });
  await course('OPEN-1', 'Open to all');
  // a draft of the Tashkent centre, given at both centres
  await course('SECRET-1', 'Secret draft plans', { status: 'draft', centre: 'C-TAS' });
  draft = await cohort('SECRET-1', 'C-BAK');
  open = await cohort('OPEN-1', 'C-BAK');
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const listed = async (email) =>
  (await apiOk(server.apiAs(email).get('/api/v1/cohorts?limit=500'), 200)).items.map((x) => x.id);

describe("the cohorts API list keeps a draft course's cohorts to their centre (issue 11)", () => {
  test("a manager of another centre does not see another centre's draft-course cohort", async () => {
    const ids = await listed('mgr.tas@example.org');
    assert.ok(ids.includes(open.id));
    assert.ok(!ids.includes(draft.id));
    // the same answer as for the cohort alone
    assert.equal((await server.apiAs('mgr.tas@example.org').get(`/api/v1/cohorts/${draft.id}`)).status, 404);
    const r = await server.apiAs('mgr.tas@example.org').get('/api/v1/cohorts?course=SECRET-1');
    assert.deepEqual(r.json.items, []);
    assert.doesNotMatch(r.text, /Secret draft plans/);
  });

  test("the cohort's centre manager, its region's manager and admins see it", async () => {
    for (const email of ['mgr.bak@example.org', 'mgr.aaa@example.org', 'admin@example.org']) {
      const ids = await listed(email);
      assert.ok(ids.includes(draft.id), email);
      assert.ok(ids.includes(open.id), email);
    }
  });

  test('a learner sees only published courses\' cohorts', async () => {
    const ids = await listed('lena@example.org');
    assert.ok(ids.includes(open.id));
    assert.ok(!ids.includes(draft.id));
  });

  test('the list costs the same statements however many cohorts there are', async () => {
    const api = server.apiAs('mgr.tas@example.org');
    const path = '/api/v1/cohorts';
    // the log is written in order: once this line is in, earlier lists' lines are too
    await server.statements('/healthz', () => fetch(`${server.url}/healthz`));
    const cost = () => server.statements(path, async () => assert.equal((await api.get(path)).status, 200));
    const before = await cost();
    // written here rather than through POST /api/v1/cohorts, whose log lines share the path
    for (let i = 0; i < 3; i++)
      server.sql(`INSERT INTO cohorts (course_id, centre_id, starts_on, ends_on, created_at, updated_at)
        SELECT c.id, ce.id, '2027-10-01', '2027-10-31', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
        FROM courses c, centres ce WHERE c.code = 'SECRET-1' AND ce.code = '${i ? 'C-TAS' : 'C-BAK'}'`);
    assert.equal(await cost(), before);
  });
});

describe("the HTML pages list a draft course's cohorts alike (issue 11)", () => {
  test("the draft course's page shows its manager only the cohorts at centres they manage", async () => {
    const tas = server.browser();
    await tas.login('mgr.tas@example.org', PW);
    const page = await tas.get('/courses/SECRET-1');
    assert.equal(page.status, 200);
    const main = mainOf(page.text);
    assert.match(main, /Tashkent centre/);
    assert.doesNotMatch(main, new RegExp(`/cohorts/${draft.id}"`));
    assert.doesNotMatch(main, /Baku centre/);
    const admin = server.browser();
    await admin.login('admin@example.org', PW);
    assert.match(mainOf((await admin.get('/courses/SECRET-1')).text), new RegExp(`/cohorts/${draft.id}"`));
  });

  test('/admin/cohorts shows a manager only the cohorts of their centres', async () => {
    const tas = server.browser();
    await tas.login('mgr.tas@example.org', PW);
    const list = mainOf((await tas.get('/admin/cohorts')).text);
    assert.doesNotMatch(list, new RegExp(`/admin/cohorts/${draft.id}"`));
    const bak = server.browser();
    await bak.login('mgr.bak@example.org', PW);
    assert.match(mainOf((await bak.get('/admin/cohorts')).text), new RegExp(`/admin/cohorts/${draft.id}"`));
  });
});

describe("scheduling a cohort never shows or takes another centre's draft course (issue 11)", () => {
  test("the form offers published courses and the manager's own drafts, not another centre's", async () => {
    const b = server.browser();
    await b.login('mgr.bak@example.org', PW);
    const form = await b.get('/admin/cohorts/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /Open to all/);
    assert.doesNotMatch(form.text, /Secret draft plans|SECRET-1/);
    const tas = server.browser();
    await tas.login('mgr.tas@example.org', PW);
    assert.match((await tas.get('/admin/cohorts/new')).text, /Secret draft plans/);
  });

  test("naming another centre's draft is refused like an unknown course, without its title", async () => {
    const api = server.apiAs('mgr.bak@example.org');
    const r = await api.post('/api/v1/cohorts', { course: 'SECRET-1', centre: 'C-BAK', starts_on: '2027-10-01', ends_on: '2027-10-30' });
    assert.equal(r.status, 422);
    assert.ok(r.json.errors.course);
    assert.doesNotMatch(r.text, /Secret draft plans/);
    const unknown = await api.post('/api/v1/cohorts', { course: 'NOPE-1', centre: 'C-BAK', starts_on: '2027-10-01', ends_on: '2027-10-30' });
    assert.equal(r.json.errors.course, unknown.json.errors.course);
    const b = server.browser();
    await b.login('mgr.bak@example.org', PW);
    await b.get('/admin/cohorts/new');
    const page = await b.post('/admin/cohorts', { course: 'SECRET-1', centre: 'C-BAK', starts_on: '2027-10-01', ends_on: '2027-10-30' });
    assert.equal(page.status, 422);
    assert.match(page.text, /There is no course with this code/);
    assert.doesNotMatch(page.text, /Secret draft plans/);
  });
});
