// Donor projects (issue 16): admins create, change and delete projects with their
// indicators through the API and the pages; fields are checked (422 naming them), codes
// and signed-off periods are guarded (409); every change is audited.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, api;

const project = (over = {}) => ({
  code: 'DEC-2026',
  name: 'Digital Education Centres',
  description: 'Computer classes for young people in the regions',
  funder: 'Example Donor Agency',
  starts_on: '2026-02-15',
  ends_on: '2026-12-31',
  budget: 1200000,
  currency: 'USD',
  status: 'implementation',
  iati_identifier: 'XM-DAC-41114-DEC-2026',
  reporting_org: { ref: 'XM-DAC-41114', name: 'Example Donor Agency' },
  report_recipients: ['officer@donor.example'],
  indicators: [
    { code: 'STUDENTS', title: 'Students trained', metric: 'people_completed', target: 16000 },
  ],
  ...over,
});

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('the projects API', () => {
  test('POST creates a project with its indicators, the periods defaulting to clipped quarters', async () => {
    const p = await apiOk(api.post('/api/v1/projects', project()));
    assert.equal(p.code, 'DEC-2026');
    assert.equal(p.region, null);
    assert.deepEqual(p.reporting_org, { ref: 'XM-DAC-41114', name: 'Example Donor Agency' });
    assert.deepEqual(p.report_recipients, ['officer@donor.example']);
    const ind = p.indicators[0];
    assert.equal(ind.result, 'Digital Education Centres');
    assert.equal(ind.result_type, 'output');
    assert.deepEqual(ind.filter, {});
    assert.deepEqual(ind.periods.map((x) => [x.starts_on, x.ends_on, x.target]), [
      ['2026-02-15', '2026-03-31', 4000],
      ['2026-04-01', '2026-06-30', 4000],
      ['2026-07-01', '2026-09-30', 4000],
      ['2026-10-01', '2026-12-31', 4000],
    ]);
    const audit = server.sql("SELECT action FROM audit_events WHERE object_type = 'project'");
    assert.deepEqual(audit.map((r) => r[0]), ['project.create']);
  });

  test('a whole target is shared in whole numbers that add up to it', async () => {
    const p = await apiOk(api.post('/api/v1/projects', project({
      code: 'EXEC-2026', name: 'Executives', starts_on: '2026-01-01', ends_on: '2026-09-30',
      indicators: [{ code: 'EXECS', title: 'Executives trained', metric: 'people_completed', target: 65 }],
    })));
    const t = p.indicators[0].periods.map((x) => x.target);
    assert.deepEqual(t, [21, 22, 22]);
  });

  test('GET lists and reads a project; an unknown code is 404', async () => {
    const list = await apiOk(api.get('/api/v1/projects'), 200);
    assert.deepEqual(list.items.map((x) => x.code), ['DEC-2026', 'EXEC-2026']);
    assert.equal(list.next_cursor, null);
    const page = await apiOk(api.get('/api/v1/projects?limit=1'), 200);
    assert.equal(page.items.length, 1);
    const rest = await apiOk(api.get(`/api/v1/projects?limit=1&cursor=${page.next_cursor}`), 200);
    assert.deepEqual(rest.items.map((x) => x.code), ['EXEC-2026']);
    const one = await apiOk(api.get('/api/v1/projects/DEC-2026'), 200);
    assert.equal(one.indicators.length, 1);
    assert.equal((await api.get('/api/v1/projects/NOPE')).status, 404);
  });

  test('a taken code is 409', async () => {
    const r = await api.post('/api/v1/projects', project());
    assert.equal(r.status, 409);
    assert.equal(r.json.status, 409);
  });

  test('bad fields are 422 naming each one', async () => {
    const r = await api.post('/api/v1/projects', {
      code: 'x', name: '', starts_on: '2026-02-30', ends_on: '2026-12-31', currency: 'dollars',
      status: 'done', region: 'NOWHERE', report_recipients: ['not-an-address'], budget: 'lots',
      indicators: [
        { code: 'A1', title: 'One', metric: '', target: 0 },
        { code: 'A2', title: 'Two', metric: 'people_enrolled', target: 10, result_type: 'output',
          periods: [{ starts_on: '2026-03-01', ends_on: '2026-02-01', target: 5 }] },
      ],
    });
    assert.equal(r.status, 422);
    assert.equal(r.json.errors.budget, 'must be a number or null');
    const r2 = await api.post('/api/v1/projects', {
      code: 'x', name: '', starts_on: '2026-02-30', ends_on: '2026-12-31', currency: 'dollars',
      status: 'done', region: 'NOWHERE', report_recipients: ['not-an-address'],
      indicators: [
        { code: 'A1', title: 'One', metric: '', target: 0, result_type: 'big' },
        { code: 'A2', title: 'Two', metric: 'people_enrolled', target: 10,
          periods: [{ starts_on: '2026-03-01', ends_on: '2026-02-01', target: -5 }] },
      ],
    });
    assert.equal(r2.status, 422);
    for (const f of ['code', 'name', 'starts_on', 'currency', 'status', 'region', 'report_recipients[0]',
      'indicators[0].metric', 'indicators[0].target', 'indicators[0].result_type',
      'indicators[1].periods[0].ends_on', 'indicators[1].periods[0].target']) {
      assert.ok(r2.json.errors[f], `no error for ${f}: ${JSON.stringify(r2.json.errors)}`);
    }
  });

  test('periods must lie within the project and not overlap', async () => {
    const r = await api.post('/api/v1/projects', project({
      code: 'P-OVER',
      indicators: [{ code: 'I1', title: 'T', metric: 'people_enrolled', target: 10, periods: [
        { starts_on: '2026-01-01', ends_on: '2026-03-31', target: 5 },
        { starts_on: '2026-03-01', ends_on: '2026-06-30', target: 5 },
      ] }],
    }));
    assert.equal(r.status, 422);
    assert.ok(r.json.errors['indicators[0].periods[0].starts_on']);
    assert.ok(r.json.errors['indicators[0].periods[1].starts_on']);
  });

  test('PATCH changes fields and replaces the indicators by code', async () => {
    const p = await apiOk(api.patch('/api/v1/projects/DEC-2026', {
      status: 'finalisation', region: 'BAK', budget: null,
      indicators: [
        { code: 'STUDENTS', title: 'Students trained at the centres', metric: 'people_completed', target: 16000,
          filter: { centre_kind: 'digital-education' } },
        { code: 'EQUIPPED', title: 'Centres equipped', metric: 'centres_equipped', target: 10,
          periods: [{ starts_on: '2026-02-15', ends_on: '2026-06-30', target: 5 },
            { starts_on: '2026-07-01', ends_on: '2026-12-31', target: 5 }] },
      ],
    }), 200);
    assert.equal(p.status, 'finalisation');
    assert.equal(p.region, 'BAK');
    assert.equal(p.budget, null);
    assert.deepEqual(p.indicators.map((i) => i.code), ['STUDENTS', 'EQUIPPED']);
    assert.equal(p.indicators[0].periods.length, 4, 'an indicator given without periods keeps its own');
    assert.deepEqual(p.indicators[0].filter, { centre_kind: 'digital-education' });
    // a PATCH without indicators leaves them alone
    const q = await apiOk(api.patch('/api/v1/projects/DEC-2026', { name: 'DEC programme' }), 200);
    assert.equal(q.indicators.length, 2);
    assert.equal(q.name, 'DEC programme');
    const audit = server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'project.update'");
    assert.equal(audit[0][0], '2');
  });

  test('DELETE hides the project (soft) and audits it; the code stays taken', async () => {
    await apiOk(api.post('/api/v1/projects', project({ code: 'GONE', indicators: [] })));
    const r = await api.request('DELETE', '/api/v1/projects/GONE');
    assert.equal(r.status, 204);
    assert.equal((await api.get('/api/v1/projects/GONE')).status, 404);
    assert.equal(server.sql("SELECT COUNT(*) FROM projects WHERE code = 'GONE' AND deleted_at IS NOT NULL")[0][0], '1');
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'project.delete'")[0][0], '1');
    assert.equal((await api.post('/api/v1/projects', project({ code: 'GONE' }))).status, 409);
  });

  test('only admins write', async () => {
    server.addUser({ email: 'analyst@example.org', role: 'analyst' });
    const analyst = server.apiAs('analyst@example.org');
    assert.equal((await analyst.post('/api/v1/projects', project({ code: 'NOPE' }))).status, 403);
    assert.equal((await analyst.patch('/api/v1/projects/DEC-2026', { name: 'x' })).status, 403);
    assert.equal((await analyst.request('DELETE', '/api/v1/projects/DEC-2026')).status, 403);
    assert.equal((await analyst.get('/api/v1/projects/DEC-2026')).status, 200);
  });
});

describe('the projects pages', () => {
  let b;
  before(async () => {
    b = server.browser();
    await b.login('admin@example.org', PW);
  });

  test('the list shows the projects and "New project" to admins', async () => {
    const r = await b.get('/admin/projects');
    assert.equal(r.status, 200);
    const main = mainOf(r.text);
    assert.match(main, /DEC programme/);
    assert.match(main, /href="\/admin\/projects\/new"/);
    assert.doesNotMatch(main, /GONE/);
  });

  test('the new-project form shows errors by field and keeps what was typed', async () => {
    const form = await b.get('/admin/projects/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /name="indicators\[0\]\.code"/);
    const r = await b.post('/admin/projects', {
      code: 'WEB-1', name: 'Made on the page', starts_on: '2026-01-01', ends_on: '2026-12-31',
      currency: 'USD', status: 'implementation', language: 'en',
      'indicators[0].code': 'I1', 'indicators[0].title': 'People', 'indicators[0].metric': 'people_enrolled',
      'indicators[0].target': 'many', 'indicators[0].periods': '2026-01-01 2026-06-30',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /href="#indicators\[0\]\.periods"/);
    assert.match(r.text, /value="Made on the page"/);
  });

  test('a project made on the page, its periods typed one a line', async () => {
    const r = await b.post('/admin/projects', {
      code: 'WEB-1', name: 'Made on the page', starts_on: '2026-01-01', ends_on: '2026-12-31',
      currency: 'EUR', status: 'implementation', language: 'ru', recipients: 'a@donor.example\nb@donor.example',
      'indicators[0].code': 'I1', 'indicators[0].title': 'People', 'indicators[0].metric': 'people_enrolled',
      'indicators[0].target': '100', 'indicators[0].filter': 'gender=female',
      'indicators[0].periods': '2026-01-01 2026-06-30 40\n2026-07-01 2026-12-31 60\n',
      'indicators[1].code': '', 'indicators[1].title': '',
    });
    assert.equal(r.status, 303, (r.text.match(/error-summary[\s\S]*?<\/ul>/) || [''])[0]);
    assert.equal(r.location, '/admin/projects/WEB-1');
    const p = await apiOk(api.get('/api/v1/projects/WEB-1'), 200);
    assert.deepEqual(p.report_recipients, ['a@donor.example', 'b@donor.example']);
    assert.deepEqual(p.indicators[0].filter, { gender: 'female' });
    assert.deepEqual(p.indicators[0].periods.map((x) => x.target), [40, 60]);
    const page = await b.get('/admin/projects/WEB-1');
    assert.equal(page.status, 200);
    assert.match(page.text, /People/);
    assert.match(page.text, /<svg class="chart"/);
    const edit = await b.get('/admin/projects/WEB-1/edit');
    assert.match(edit.text, /2026-07-01 2026-12-31 60/);
  });

  test('deleting from the page asks first', async () => {
    const ask = await b.get('/admin/projects/WEB-1/delete');
    assert.equal(ask.status, 200);
    assert.match(mainOf(ask.text), /Delete project/);
    const r = await b.post('/admin/projects/WEB-1/delete', {});
    assert.equal(r.status, 303);
    assert.equal((await b.get('/admin/projects/WEB-1')).status, 404);
  });
});

describe('signing off a period', () => {
  // centres_equipped counts centres with working equipment the project paid for, by the
  // period's end: equipment is the simplest record to make and change here.
  const equip = (centre, received_on, project = 'SIGN') =>
    apiOk(api.post('/api/v1/equipment', { centre, project, kind: 'computer', quantity: 10, received_on }));
  let b;
  before(async () => {
    await apiOk(api.post('/api/v1/centres', { code: 'C-GAN', name: 'Ganja Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
    await apiOk(api.post('/api/v1/centres', { code: 'C-SUM', name: 'Sumgait Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
    await apiOk(api.post('/api/v1/projects', project({
      code: 'SIGN', starts_on: '2025-01-01', ends_on: '2030-12-31',
      indicators: [{ code: 'EQUIPPED', title: 'Centres equipped', metric: 'centres_equipped', target: 3, periods: [
        { starts_on: '2025-01-01', ends_on: '2025-06-30', target: 1 },
        { starts_on: '2025-07-01', ends_on: '2025-12-31', target: 1 },
        { starts_on: '2026-01-01', ends_on: '2030-12-31', target: 1 },
      ] }],
    })));
    await equip('C-BAK', '2025-03-10');
    b = server.browser();
    await b.login('admin@example.org', PW);
  });

  test('an unfinished or unknown period is 422; a finished one is signed (201) and audited', async () => {
    const early = await api.post('/api/v1/projects/SIGN/signoffs', { starts_on: '2026-01-01', ends_on: '2030-12-31' });
    assert.equal(early.status, 422);
    assert.ok(early.json.errors.ends_on);
    const none = await api.post('/api/v1/projects/SIGN/signoffs', { starts_on: '2025-01-01', ends_on: '2025-03-31' });
    assert.equal(none.status, 422);
    const p = await apiOk(api.post('/api/v1/projects/SIGN/signoffs', { starts_on: '2025-01-01', ends_on: '2025-06-30' }));
    const first = p.indicators[0].periods[0];
    assert.equal(first.actual, 1);
    assert.equal(first.signed.value, 1);
    assert.equal(first.signed.by, 'admin@example.org');
    assert.equal(first.difference, 0);
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'project.signoff'")[0][0], '1');
    const again = await api.post('/api/v1/projects/SIGN/signoffs', { starts_on: '2025-01-01', ends_on: '2025-06-30' });
    assert.equal(again.status, 409);
  });

  test('a later record leaves the signed number and shows the difference', async () => {
    await equip('C-GAN', '2025-05-01'); // received in the signed period, recorded after
    const p = await apiOk(api.get('/api/v1/projects/SIGN'), 200);
    const first = p.indicators[0].periods[0];
    assert.equal(first.signed.value, 1);
    assert.equal(first.actual, 1, 'the signed number is what counts');
    assert.equal(first.current, 2);
    assert.equal(first.difference, 1);
    assert.equal(p.indicators[0].actual, 2);
    const page = await b.get('/admin/projects/SIGN');
    assert.match(mainOf(page.text), /The records now give 2 \(\+1 since it was signed\)/);
  });

  test('a signed period cannot change, nor its indicator go (409)', async () => {
    const moved = await api.patch('/api/v1/projects/SIGN', { indicators: [
      { code: 'EQUIPPED', title: 'Centres equipped', metric: 'centres_equipped', target: 3, periods: [
        { starts_on: '2025-01-01', ends_on: '2025-06-30', target: 2 },
        { starts_on: '2025-07-01', ends_on: '2030-12-31', target: 1 },
      ] }] });
    assert.equal(moved.status, 409);
    const gone = await api.patch('/api/v1/projects/SIGN', { indicators: [] });
    assert.equal(gone.status, 409);
    const kept = await api.patch('/api/v1/projects/SIGN', { indicators: [
      { code: 'EQUIPPED', title: 'Centres with equipment', metric: 'centres_equipped', target: 3, periods: [
        { starts_on: '2025-01-01', ends_on: '2025-06-30', target: 1 },
        { starts_on: '2025-07-01', ends_on: '2030-12-31', target: 2 },
      ] }] });
    assert.equal(kept.status, 200, kept.text);
    assert.equal(kept.json.indicators[0].periods[0].signed.value, 1);
  });

  test('signing from the page goes through a confirmation', async () => {
    const page = await b.get('/admin/projects/SIGN');
    assert.match(page.text, /signoff\?starts_on=2025-07-01&amp;ends_on=2030-12-31|No finished period/);
    const ask = await b.get('/admin/projects/SIGN/signoff?starts_on=2025-01-01&ends_on=2025-06-30');
    assert.equal(ask.status, 200);
    assert.match(mainOf(ask.text), /Sign off this period/);
    const r = await b.post('/admin/projects/SIGN/signoff', { starts_on: '2025-01-01', ends_on: '2025-06-30' });
    assert.equal(r.status, 409);
  });

  test('the project page costs the same statements however many records it counts', async () => {
    const count = () => server.statements('/admin/projects/SIGN', () => b.get('/admin/projects/SIGN'));
    const before = await count();
    await equip('C-SUM', '2026-02-01');
    await equip('C-SUM', '2026-03-01');
    await equip('C-BAK', '2026-04-01');
    assert.equal(await count(), before);
  });

  test('people_certified counts people issued a certificate, as the reports\' certified does', async () => {
    // every metric of the contract has its module now (certificates: issue 17)
    const year = new Date().getUTCFullYear();
    await apiOk(api.post('/api/v1/courses', {
      code: 'CERT-P', title: 'Certified course', language: 'en', topic: 'programming', delivery: 'online',
      status: 'published', centre: 'C-BAK', certificate: true,
      modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'One' }] }] }));
    for (const [email, name] of [['c1@example.org', 'Cem One'], ['c2@example.org', 'Cid Two'], ['c3@example.org', 'Cy Three']])
      server.addUser({ email, name, role: 'learner' });
    // by hand: c1 twice (one person), c2 once, c3 once then revoked: 2 people
    const issue = (user) => apiOk(api.post('/api/v1/certificates', { user, course: 'CERT-P' }));
    await issue('c1@example.org');
    await issue('c1@example.org');
    await issue('c2@example.org');
    const c3 = await issue('c3@example.org');
    await apiOk(api.post(`/api/v1/certificates/${c3.code}/revoke`, { reason: 'Issued in error' }), 200);
    const p = await apiOk(api.post('/api/v1/projects', project({ code: 'CERTS', starts_on: `${year}-01-01`,
      ends_on: `${year}-12-31`, indicators: [
        { code: 'CERTIFIED', title: 'People certified', metric: 'people_certified', target: 4 }] })));
    assert.equal(p.indicators[0].actual, 2, 'c1 and c2; c1 once; c3 revoked');
    assert.equal(p.indicators[0].progress, 0.5);
    const rep = await apiOk(api.get(`/api/v1/reports/training?from=${year}-01-01&to=${year}-12-31&by=centre`), 200);
    assert.equal(rep.totals.certified, 2);
    assert.deepEqual(rep.items.map((i) => [i.key, i.certified]), [['C-BAK', 2]]);
    // the same through the summary's cells (the centre) and from the records (a course filter)
    const byCourse = await apiOk(api.get(`/api/v1/reports/training?from=${year}-01-01&to=${year}-12-31&by=course&course=CERT-P`), 200);
    assert.deepEqual(byCourse.items.map((i) => [i.key, i.certified]), [['CERT-P', 2]]);
    const r = await api.post('/api/v1/projects', project({ code: 'NOPE', indicators: [
      { code: 'X', title: 'X', metric: 'people_trained', target: 4 }] }));
    assert.equal(r.status, 422, 'an unknown metric is still refused');
    assert.ok(r.json.errors['indicators[0].metric'], r.text);
  });
});
