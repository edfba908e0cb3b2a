// The audit log: every change to the network shows up, with who, from where
// and its fields before and after, in /admin/audit and /api/v1/audit; only
// admins may read it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, admin, api, b;

const day = (offset) => new Date(Date.now() + offset * 86400e3).toISOString().slice(0, 10);

// The audit table's rows: [time, who, action, object, address, changes].
function rows(html) {
  const body = html.match(/<tbody>([\s\S]*?)<\/tbody>/);
  if (!body) return [];
  return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()));
}

async function all(path) {
  const r = await api.get(path);
  assert.equal(r.status, 200, r.text);
  return r.json.items;
}

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  server.addUser({ email: 'Second.Admin@example.org', name: 'Second Admin', role: 'admin' });
  api = server.apiAs(admin.email);
  b = server.browser();
  await b.login(admin.email, PW);

  // one region through the form, then renamed; a centre through the API, then changed by someone else
  let r = await b.post('/admin/regions', { code: 'AUD', name: 'Audit Region', name_ru: 'Аудит' });
  assert.equal(r.status, 303);
  r = await b.post('/admin/regions/AUD', { code: 'AUD', name: 'Audited Region', name_ru: 'Аудит', name_az: '', name_uz: '' });
  assert.equal(r.status, 303);
  r = await api.post('/api/v1/centres', { code: 'AUD-1', name: 'Audit Centre', region: 'AUD', kind: 'regional', capacity: 10 });
  assert.equal(r.status, 201, r.text);
  const second = server.apiAs('second.admin@example.org');
  r = await second.patch('/api/v1/centres/AUD-1', { capacity: 12, timezone: 'Asia/Baku' });
  assert.equal(r.status, 200, r.text);
  server.addUser({ email: 'manager@example.org', name: 'Centre Manager', role: 'manager@AUD-1' });
  server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test('a change made through a form appears at the top of /admin/audit with before and after', async () => {
  const r = await b.get('/admin/audit');
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1>Audit log<\/h1>/);
  const update = rows(r.text).find((row) => row[2] === 'region.update');
  assert.ok(update, 'region.update is listed');
  assert.equal(update[1], 'admin@example.org');
  assert.match(update[3], /^region \d+$/);
  assert.equal(update[4], '127.0.0.1');
  assert.match(r.text, /<li><code>name<\/code>: <del>Audit Region<\/del> → <ins>Audited Region<\/ins><\/li>/);
  // newest first: the second admin's change to the centre comes before the region's rename
  const actions = rows(r.text).map((row) => row[2]);
  assert.ok(actions.indexOf('centre.update') < actions.indexOf('region.update'));
  assert.ok(actions.indexOf('region.update') < actions.indexOf('region.create'));
  assert.match(r.text, /<time datetime="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ">\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d<\/time>/);
});

test('the API gives each event with its changes as an object', async () => {
  const [rename] = await all('/api/v1/audit?action=region.update');
  assert.deepEqual(Object.keys(rename).sort(), ['action', 'actor', 'changes', 'id', 'ip', 'object_id', 'object_type', 'time']);
  assert.equal(rename.actor, 'admin@example.org');
  assert.equal(rename.object_type, 'region');
  assert.equal(rename.ip, '127.0.0.1');
  assert.match(rename.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(rename.changes, { name: { before: 'Audit Region', after: 'Audited Region' } });
  const region = (await api.get('/api/v1/regions/AUD')).json;
  assert.equal(rename.object_id, String(region.id));

  const [created] = await all('/api/v1/audit?action=centre.create');
  assert.deepEqual(created.changes.code, { after: 'AUD-1' });
  assert.deepEqual(created.changes.region, { after: 'AUD' });
  const [changed] = await all('/api/v1/audit?action=centre.update');
  assert.equal(changed.actor, 'Second.Admin@example.org');
  assert.deepEqual(changed.changes, { capacity: { before: '10', after: '12' }, timezone: { before: 'UTC', after: 'Asia/Baku' } });
});

test('a refused change leaves nothing in the log', async () => {
  const before_ = (await all('/api/v1/audit?object_type=region&limit=500')).length;
  const bad = await b.post('/admin/regions', { code: 'AUD', name: 'Duplicate' });
  assert.equal(bad.status, 409);
  assert.equal((await api.post('/api/v1/regions', { code: '?', name: '' })).status, 422);
  assert.equal((await all('/api/v1/audit?object_type=region&limit=500')).length, before_);
});

test('the page filters by action, object type, person and dates', async () => {
  const byType = rows((await b.get('/admin/audit?object_type=centre')).text);
  assert.deepEqual(byType.map((r) => r[2]), ['centre.update', 'centre.create']);
  const byAction = rows((await b.get('/admin/audit?action=region.create')).text);
  assert.deepEqual(byAction.map((r) => r[2]), ['region.create']);
  const byActor = rows((await b.get('/admin/audit?actor=second.admin%40EXAMPLE.org')).text);
  assert.ok(byActor.length >= 1);
  assert.ok(byActor.every((r) => r[1] === 'Second.Admin@example.org'));
  const inRange = rows((await b.get(`/admin/audit?object_type=centre&from=${day(-1)}&to=${day(1)}`)).text);
  assert.equal(inRange.length, 2);
  const before_ = await b.get(`/admin/audit?to=${day(-1)}`);
  assert.equal(before_.status, 200);
  assert.deepEqual(rows(before_.text), []);
  assert.match(before_.text, /No events match these filters/);
  const after_ = await b.get(`/admin/audit?from=${day(1)}`);
  assert.deepEqual(rows(after_.text), []);
  const bad = await b.get('/admin/audit?from=yesterday');
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<a href="#from">Enter a date as YYYY-MM-DD<\/a>/);
  assert.match(bad.text, /value="yesterday"/);
});

test('the API filters and pages newest first with a cursor', async () => {
  assert.deepEqual((await all('/api/v1/audit?object_type=centre')).map((e) => e.action), ['centre.update', 'centre.create']);
  assert.ok((await all('/api/v1/audit?actor=SECOND.ADMIN@example.org')).every((e) => e.actor === 'Second.Admin@example.org'));
  assert.deepEqual(await all(`/api/v1/audit?to=${day(-1)}`), []);
  const everything = await all('/api/v1/audit?limit=500');
  assert.ok(everything.length >= 8);
  const ids = [];
  let cursor = null, pages = 0;
  do {
    const r = await api.get(`/api/v1/audit?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 2);
    ids.push(...r.json.items.map((e) => e.id));
    cursor = r.json.next_cursor;
    pages++;
  } while (cursor && pages < 100);
  assert.deepEqual(ids, everything.map((e) => e.id));
  assert.deepEqual(ids, [...ids].sort((x, y) => y - x));
  assert.equal(pages, Math.ceil(everything.length / 2));
  const bad = await api.get('/api/v1/audit?from=2026-02-30x');
  assert.equal(bad.status, 422);
  assert.ok(bad.json.errors.from);
});

test('the page shows 50 events at a time and its links keep the filters', async () => {
  for (let i = 1; i <= 52; i++) {
    const r = await api.post('/api/v1/organisations', { code: `ORG-${i}`, name: `Organisation ${i}` });
    assert.equal(r.status, 201);
  }
  const p1 = await b.get(`/admin/audit?action=organisation.create&from=${day(-1)}`);
  assert.equal(rows(p1.text).length, 50);
  assert.match(p1.text, /Page 1 of 2 · 52 in all/);
  const next = p1.text.match(/href="([^"]+)" rel="next"/)[1].replaceAll('&amp;', '&');
  assert.match(next, /action=organisation\.create/);
  assert.match(next, new RegExp(`from=${day(-1)}`));
  const p2 = await b.get(next);
  const last = rows(p2.text);
  assert.equal(last.length, 2);
  assert.ok(last.every((r) => r[2] === 'organisation.create'));
  assert.match(p2.text, /<ins>Organisation 1<\/ins>/);
});

test('only admins may read the log', async () => {
  for (const email of ['manager@example.org', 'learner@example.org']) {
    const who = server.browser();
    await who.login(email, PW);
    assert.equal((await who.get('/admin/audit')).status, 403, email);
    const r = await server.apiAs(email).get('/api/v1/audit');
    assert.equal(r.status, 403, email);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
  }
  assert.equal((await server.api(null).get('/api/v1/audit')).status, 401);
  const anon = await server.browser().get('/admin/audit');
  assert.equal(anon.status, 303);
});
