// Equipment supplied to centres (issue 16): admins and the centre's managers record it and
// its condition through the API and the centre's equipment page; analysts read it; the
// centre page lists it.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, api;

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-GAN', name: 'Ganja Centre', region: 'BAK', kind: 'digital-education', timezone: 'Asia/Baku' }));
  await apiOk(api.post('/api/v1/projects', { code: 'DEC', name: 'Digital Education Centres', starts_on: '2026-01-01', ends_on: '2026-12-31', indicators: [] }));
  server.addUser({ email: 'mgr@example.org', role: 'manager@C-BAK' });
  server.addUser({ email: 'analyst@example.org', role: 'analyst@BAK' });
  server.addUser({ email: 'learner@example.org' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('the equipment API', () => {
  let id;
  test('POST records equipment with its project (201) and audits it', async () => {
    const e = await apiOk(api.post('/api/v1/equipment', {
      centre: 'C-BAK', project: 'DEC', kind: 'computer', quantity: 20, received_on: '2026-02-10',
    }));
    assert.equal(e.centre, 'C-BAK');
    assert.equal(e.project, 'DEC');
    assert.equal(e.condition, 'working');
    assert.equal(e.quantity, 20);
    id = e.id;
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'equipment.create'")[0][0], '1');
  });

  test('bad fields are 422 naming them', async () => {
    const r = await api.post('/api/v1/equipment', {
      centre: 'NOPE', project: 'NOPE', kind: 'toaster', quantity: 0, received_on: '2026-13-01', condition: 'new',
    });
    assert.equal(r.status, 422);
    for (const f of ['centre', 'project', 'kind', 'quantity', 'received_on', 'condition']) assert.ok(r.json.errors[f], f);
  });

  test('a centre manager records at their centre only; PATCH changes the condition', async () => {
    const mgr = server.apiAs('mgr@example.org');
    assert.equal((await mgr.post('/api/v1/equipment', { centre: 'C-GAN', kind: 'laptop', quantity: 1, received_on: '2026-03-01' })).status, 403);
    const e = await apiOk(mgr.post('/api/v1/equipment', { centre: 'C-BAK', kind: 'projector', quantity: 2, received_on: '2026-03-01' }));
    const p = await apiOk(mgr.patch(`/api/v1/equipment/${e.id}`, { condition: 'repair' }), 200);
    assert.equal(p.condition, 'repair');
    assert.equal((await mgr.patch(`/api/v1/equipment/${e.id}`, { centre: 'C-GAN' })).status, 403);
  });

  test('GET lists with filters; analysts read, learners do not', async () => {
    await apiOk(api.post('/api/v1/equipment', { centre: 'C-GAN', project: 'DEC', kind: 'robotics-kit', quantity: 5, received_on: '2026-04-01', condition: 'broken' }));
    const all = await apiOk(api.get('/api/v1/equipment'), 200);
    assert.equal(all.items.length, 3);
    const dec = await apiOk(api.get('/api/v1/equipment?project=DEC'), 200);
    assert.equal(dec.items.length, 2);
    const broken = await apiOk(api.get('/api/v1/equipment?condition=broken&centre=C-GAN'), 200);
    assert.deepEqual(broken.items.map((x) => x.kind), ['robotics-kit']);
    const page = await apiOk(api.get('/api/v1/equipment?limit=2'), 200);
    assert.equal(page.items.length, 2);
    assert.ok(page.next_cursor);
    const analyst = server.apiAs('analyst@example.org');
    assert.equal((await apiOk(analyst.get('/api/v1/equipment'), 200)).items.length, 3);
    assert.equal((await apiOk(analyst.get(`/api/v1/equipment/${id}`), 200)).id, id);
    assert.equal((await analyst.post('/api/v1/equipment', { centre: 'C-BAK', kind: 'laptop', quantity: 1, received_on: '2026-03-01' })).status, 403);
    const mgr = server.apiAs('mgr@example.org');
    assert.equal((await apiOk(mgr.get('/api/v1/equipment'), 200)).items.length, 2, 'a centre manager reads their centre');
    // the scope is in the statement: a manager's pages are full and their statements fixed
    const first = await apiOk(mgr.get('/api/v1/equipment?limit=1'), 200);
    assert.equal(first.items.length, 1);
    assert.ok(first.next_cursor, 'a cursor to the second of their two items');
    const second = await apiOk(mgr.get(`/api/v1/equipment?limit=1&cursor=${encodeURIComponent(first.next_cursor)}`), 200);
    assert.deepEqual([second.items.length, second.next_cursor], [1, null]);
    const count = () => server.statements('/api/v1/equipment', () => mgr.get('/api/v1/equipment'), 'GET');
    const before = await count();
    // each write's own log line is waited for, so that the count reads the GET's
    for (let i = 0; i < 3; i++)
      await server.logLine('/api/v1/equipment', () => apiOk(api.post('/api/v1/equipment', { centre: 'C-GAN', kind: 'other', quantity: 1, received_on: '2026-05-01' })), 'POST');
    assert.equal(await count(), before, 'other centres\' rows cost the manager nothing');
    const learner = server.apiAs('learner@example.org');
    assert.equal((await learner.get('/api/v1/equipment')).status, 403);
    assert.equal((await learner.get(`/api/v1/equipment/${id}`)).status, 403);
    assert.equal((await api.get('/api/v1/equipment/999999')).status, 404);
  });
});

describe('the equipment pages', () => {
  test('a manager adds equipment and changes its condition on the centre\'s page', async () => {
    const b = server.browser();
    await b.login('mgr@example.org', PW);
    const page = await b.get('/admin/centres/C-BAK/equipment');
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), /Add equipment/);
    const bad = await b.post('/admin/centres/C-BAK/equipment', { kind: 'laptop', quantity: 'x', received_on: '2026-03-01', condition: 'working' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /There is a problem/);
    const r = await b.post('/admin/centres/C-BAK/equipment', { kind: 'laptop', quantity: '3', received_on: '2026-03-05', condition: 'working', project: 'DEC' });
    assert.equal(r.status, 303);
    const [[eid]] = server.sql("SELECT id FROM equipment WHERE kind = 'laptop'");
    const c = await b.post(`/admin/centres/C-BAK/equipment/${eid}`, { condition: 'lost' });
    assert.equal(c.status, 303);
    assert.equal(server.sql(`SELECT condition FROM equipment WHERE id = ${eid}`)[0][0], 'lost');
    assert.equal((await b.get('/admin/centres/C-GAN/equipment')).status, 403);
  });

  test('an analyst reads the page without forms; the centre page lists the equipment', async () => {
    const b = server.browser();
    await b.login('analyst@example.org', PW);
    const page = await b.get('/admin/centres/C-BAK/equipment');
    assert.equal(page.status, 200);
    assert.doesNotMatch(mainOf(page.text), /Add equipment/);
    assert.match(mainOf(page.text), /Laptop/);
    const a = server.browser();
    await a.login('admin@example.org', PW);
    const centre = await a.get('/admin/centres/C-BAK');
    assert.equal(centre.status, 200);
    assert.match(mainOf(centre.text), /<h2>Equipment<\/h2>/);
    assert.match(mainOf(centre.text), /Computer/);
    assert.match(mainOf(centre.text), /href="\/admin\/centres\/C-BAK\/equipment"/);
  });
});
