// The network: regions, centres and organisations, as an admin, a manager of
// one centre, a manager of a region and a learner see them, in pages and API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, admin;

// The rows of the first table on a page: the text of each cell.
function rows(html) {
  const body = html.match(/<tbody>([\s\S]*?)<\/tbody>/);
  if (!body) return [];
  return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
    [...m[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').trim()));
}
const firstColumn = (html) => rows(html).map((r) => r[0]);

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  for (const [code, name] of [['AAA', 'Region A'], ['BBB', 'Region B']])
    await apiOk(adminApi.post('/api/v1/regions', { code, name }));
  for (const [code, region, kind] of [['A-ONE', 'AAA', 'regional'], ['A-TWO', 'AAA', 'digital-education'],
    ['B-ONE', 'BBB', 'central']])
    await apiOk(adminApi.post('/api/v1/centres', { code, name: `Centre ${code}`, region, kind, capacity: 10 }));
  server.addUser({ email: 'mgr.centre@example.org', name: 'Centre Manager', role: 'manager@A-ONE' });
  server.addUser({ email: 'mgr.region@example.org', name: 'Region Manager', role: 'manager@AAA' });
  server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('an admin builds the network through the forms', () => {
  let b;
  before(async () => {
    b = server.browser();
    await b.login(admin.email, PW);
  });

  test('a region form with bad input shows an error summary and keeps what was typed', async () => {
    const form = await b.get('/admin/regions/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /<label for="code">Code<\/label>/);
    const r = await b.post('/admin/regions', { code: 'x!', name: '', name_ru: 'Гянджа' });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /<a href="#code">Use 2 to 32 characters: letters A to Z, digits and hyphens<\/a>/);
    assert.match(r.text, /<a href="#name">Enter the name of the region<\/a>/);
    assert.match(r.text, /id="code-error"/);
    assert.match(r.text, /value="x!"/);
    assert.match(r.text, /value="Гянджа"/);
    const list = await adminApi.get('/api/v1/regions?q=%D0%B3%D1%8F%D0%BD%D0%B4%D0%B6%D0%B0');
    assert.deepEqual(list.json.items, []);
  });

  test('a region is added, listed, and a duplicate code is refused', async () => {
    const r = await b.post('/admin/regions', { code: 'gan', name: 'Ganja', name_ru: 'Гянджа', name_az: 'Gəncə', name_uz: '' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/admin/regions');
    const list = await b.get('/admin/regions');
    assert.match(list.text, /Region added/);
    assert.ok(rows(list.text).some((row) => row[0] === 'GAN' && row[1] === 'Ganja'));
    const region = await apiOk(adminApi.get('/api/v1/regions/GAN'), 200);
    assert.equal(region.name_ru, 'Гянджа');
    assert.equal(region.name_az, 'Gəncə');

    const dup = await b.post('/admin/regions', { code: 'GAN', name: 'Ganja again' });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /<a href="#code">A region with this code already exists<\/a>/);
    assert.match(dup.text, /value="Ganja again"/);
  });

  test('a region is edited through its page and searched for', async () => {
    const page = await b.get('/admin/regions/GAN');
    assert.equal(page.status, 200);
    assert.match(page.text, /value="Ganja"/);
    const r = await b.post('/admin/regions/GAN', { code: 'GAN', name: 'Ganja-Dashkasan', name_ru: 'Гянджа', name_az: 'Gəncə', name_uz: 'Ganja' });
    assert.equal(r.status, 303);
    const found = await b.get('/admin/regions?q=dashkasan');
    assert.deepEqual(firstColumn(found.text), ['GAN']);
    const none = await b.get('/admin/regions?q=nowhere');
    assert.deepEqual(rows(none.text), []);
    assert.match(none.text, /No regions match your search/);
    assert.equal((await b.get('/admin/regions/NOPE')).status, 404);
  });

  test('a centre form with bad input shows every problem and keeps what was typed', async () => {
    const form = await b.get('/admin/centres/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /<option value="GAN">Ganja-Dashkasan \(GAN\)<\/option>/);
    assert.match(form.text, /type="radio" id="kind" name="kind" value="central"/);
    assert.match(form.text, /name="timezone" spellcheck="false" value="UTC"/);
    const r = await b.post('/admin/centres', {
      code: 'G', name: 'Ganja Centre', region: 'GAN', capacity: '-5', responsible: 'ghost@example.org',
      timezone: 'Mars/Olympus', address: '1 Nizami Street',
    });
    assert.equal(r.status, 422);
    const summary = r.text.match(/<div class="error-summary"[\s\S]*?<\/div>/)[0];
    const links = [...summary.matchAll(/href="#([a-z_]+)"/g)].map((m) => m[1]);
    assert.deepEqual(links, ['code', 'kind', 'capacity', 'responsible', 'timezone']);
    assert.match(summary, /Choose the kind of centre/);
    assert.match(summary, /Enter the capacity as a whole number from 0 to 1000000/);
    assert.match(summary, /There is no user with this e-mail address/);
    assert.match(summary, /Enter a time zone from the tz database, for example Asia\/Baku/);
    assert.match(r.text, /value="Ganja Centre"/);
    assert.match(r.text, /<option value="GAN" selected>/);
    assert.match(r.text, />1 Nizami Street<\/textarea>/);
    assert.match(r.text, /value="-5"/);
    assert.equal((await adminApi.get('/api/v1/centres/G')).status, 404);
  });

  test('a centre is added, shown with its people, and a duplicate code is refused', async () => {
    const r = await b.post('/admin/centres', {
      code: 'gan-1', name: 'Ganja Regional Centre', region: 'GAN', kind: 'regional', capacity: '120',
      responsible: 'MGR.Centre@example.org', timezone: 'Asia/Baku', address: '45 Javad Khan Street',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, '/admin/centres/GAN-1');
    const page = await b.get('/admin/centres/GAN-1');
    assert.equal(page.status, 200);
    assert.match(page.text, /Centre added/);
    assert.match(page.text, /<h1>Ganja Regional Centre<\/h1>/);
    assert.match(page.text, /<dt>People at this centre<\/dt><dd>0<\/dd>/);
    assert.match(page.text, /<dt>Kind<\/dt><dd>Regional centre<\/dd>/);
    const c = await apiOk(adminApi.get('/api/v1/centres/GAN-1'), 200);
    assert.deepEqual(
      { code: c.code, name: c.name, region: c.region, kind: c.kind, address: c.address, capacity: c.capacity, responsible: c.responsible, timezone: c.timezone },
      { code: 'GAN-1', name: 'Ganja Regional Centre', region: 'GAN', kind: 'regional', address: '45 Javad Khan Street', capacity: 120, responsible: 'mgr.centre@example.org', timezone: 'Asia/Baku' });

    const u = server.cli(['user', 'add', '--email', 'trainee@example.org', '--name', 'Trainee', '--centre', 'GAN-1', '--role', 'learner'], '');
    assert.equal(u.code, 0, u.stderr);
    assert.match((await b.get('/admin/centres/GAN-1')).text, /<dt>People at this centre<\/dt><dd>1<\/dd>/);

    const dup = await b.post('/admin/centres', { code: 'GAN-1', name: 'Another', region: 'GAN', kind: 'central', capacity: '1' });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /<a href="#code">A centre with this code already exists<\/a>/);
    const all = await adminApi.get('/api/v1/centres?q=another');
    assert.deepEqual(all.json.items, []);
  });

  test('a centre is edited through its page', async () => {
    const bad = await b.post('/admin/centres/GAN-1', { code: 'GAN-1', name: 'Ganja Regional Centre', region: 'GAN', kind: 'regional', capacity: 'many', timezone: 'Asia/Baku' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /<a href="#capacity">/);
    assert.match(bad.text, /value="many"/);
    const r = await b.post('/admin/centres/GAN-1', { code: 'GAN-1', name: 'Ganja Regional Centre', region: 'GAN', kind: 'regional', capacity: '150', timezone: 'Asia/Baku', address: '45 Javad Khan Street', responsible: '' });
    assert.equal(r.status, 303);
    const c = await apiOk(adminApi.get('/api/v1/centres/GAN-1'), 200);
    assert.equal(c.capacity, 150);
    assert.equal(c.responsible, null);
  });

  test('the centre list searches and filters by region and kind', async () => {
    const all = await b.get('/admin/centres');
    assert.deepEqual(firstColumn(all.text), ['A-ONE', 'A-TWO', 'B-ONE', 'GAN-1']);
    const row = rows(all.text).find((r) => r[0] === 'B-ONE');
    assert.deepEqual(row, ['B-ONE', 'Centre B-ONE', 'Region B', 'Central centre', 'Not set', '10', '']);
    assert.deepEqual(firstColumn((await b.get('/admin/centres?region=AAA')).text), ['A-ONE', 'A-TWO']);
    assert.deepEqual(firstColumn((await b.get('/admin/centres?kind=digital-education')).text), ['A-TWO']);
    assert.deepEqual(firstColumn((await b.get('/admin/centres?q=javad')).text), ['GAN-1']);
    const none = await b.get('/admin/centres?q=zzz');
    assert.deepEqual(rows(none.text), []);
    assert.match(none.text, /No centres match your search/);
  });

  test('organisations are added, edited and listed page by page', async () => {
    const bad = await b.post('/admin/organisations', { code: '', name: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /<a href="#code">Enter a code<\/a>/);
    const r = await b.post('/admin/organisations', { code: 'mddt', name: 'Ministry of Digital Development' });
    assert.equal(r.status, 303);
    const dup = await b.post('/admin/organisations', { code: 'MDDT', name: 'Twice' });
    assert.equal(dup.status, 409);
    assert.match(dup.text, /An organisation with this code already exists/);
    const edit = await b.post('/admin/organisations/MDDT', { code: 'MDDT', name: 'Ministry of Digital Development and Transport' });
    assert.equal(edit.status, 303);
    assert.equal((await apiOk(adminApi.get('/api/v1/organisations/MDDT'), 200)).name, 'Ministry of Digital Development and Transport');

    for (let i = 1; i <= 51; i++)
      await apiOk(adminApi.post('/api/v1/organisations', { code: `AG-${String(i).padStart(2, '0')}`, name: `Agency number ${i}` }));
    const p1 = await b.get('/admin/organisations');
    assert.equal(rows(p1.text).length, 50);
    assert.match(p1.text, /Page 1 of 2 · 52 in all/);
    assert.match(p1.text, /href="\/admin\/organisations\?page=2" rel="next"/);
    const p2 = await b.get('/admin/organisations?page=2');
    assert.deepEqual(firstColumn(p2.text), ['AG-51', 'MDDT']);
    const q = await b.get('/admin/organisations?q=number%205');
    assert.deepEqual(firstColumn(q.text), ['AG-05', 'AG-50', 'AG-51']);
  });

  test('region names are shown in the reader\'s language', async () => {
    const r = server.cli(['user', 'add', '--email', 'ru.admin@example.org', '--name', 'Русский Админ', '--language', 'ru', '--role', 'admin', '--password-stdin'], `${PW}\n`);
    assert.equal(r.code, 0, r.stderr);
    const ru = server.browser();
    ru.lang = 'ru';
    await ru.login('ru.admin@example.org', PW);
    const list = await ru.get('/admin/regions');
    assert.ok(rows(list.text).some((row) => row[0] === 'GAN' && row[1] === 'Гянджа'));
    assert.ok(rows(list.text).some((row) => row[0] === 'AAA' && row[1] === 'Region A'));
  });
});

describe('a manager of one centre', () => {
  let b, api;
  before(async () => {
    b = server.browser();
    await b.login('mgr.centre@example.org', PW);
    api = server.apiAs('mgr.centre@example.org');
  });

  test('sees only that centre in the list, searches and counts', async () => {
    const list = await b.get('/admin/centres');
    assert.equal(list.status, 200);
    assert.deepEqual(firstColumn(list.text), ['A-ONE']);
    assert.match(list.text, /Page 1 of 1 · 1 in all/);
    assert.doesNotMatch(mainOf(list.text), /Add a centre/);
    const search = await b.get('/admin/centres?q=a-two');
    assert.deepEqual(rows(search.text), []);
    assert.match(search.text, /No centres match your search/);
    const items = (await apiOk(api.get('/api/v1/centres'), 200)).items;
    assert.deepEqual(items.map((c) => c.code), ['A-ONE']);
  });

  test('is refused another centre, in pages and API', async () => {
    assert.equal((await b.get('/admin/centres/A-TWO')).status, 403);
    assert.equal((await b.get('/admin/centres/B-ONE')).status, 403);
    assert.equal((await b.post('/admin/centres/A-TWO', { name: 'Taken over' })).status, 403);
    const r = await api.get('/api/v1/centres/B-ONE');
    assert.equal(r.status, 403);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.equal((await api.patch('/api/v1/centres/A-TWO', { capacity: 1 })).status, 403);
    assert.equal((await apiOk(adminApi.get('/api/v1/centres/A-TWO'), 200)).name, 'Centre A-TWO');
  });

  test('cannot create centres or regions', async () => {
    assert.equal((await b.get('/admin/centres/new')).status, 403);
    assert.equal((await b.post('/admin/centres', { code: 'MINE', name: 'Mine', region: 'AAA', kind: 'regional' })).status, 403);
    assert.equal((await api.post('/api/v1/centres', { code: 'MINE', name: 'Mine', region: 'AAA', kind: 'regional' })).status, 403);
    assert.equal((await api.post('/api/v1/regions', { code: 'MINE', name: 'Mine' })).status, 403);
    assert.equal((await b.get('/admin/regions/new')).status, 403);
    assert.equal((await b.get('/admin/organisations')).status, 403);
    assert.equal((await adminApi.get('/api/v1/centres/MINE')).status, 404);
  });

  test('edits their own centre, but not its code or region', async () => {
    const page = await b.get('/admin/centres/A-ONE');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h2>Edit centre<\/h2>/);
    assert.doesNotMatch(page.text, /id="region" name="region"/);
    const r = await b.post('/admin/centres/A-ONE', { code: 'HIJACK', region: 'BBB', name: 'Centre A-ONE', kind: 'regional', capacity: '25', timezone: 'Asia/Baku' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/admin/centres/A-ONE');
    let c = await apiOk(api.get('/api/v1/centres/A-ONE'), 200);
    assert.deepEqual([c.code, c.region, c.capacity, c.timezone], ['A-ONE', 'AAA', 25, 'Asia/Baku']);
    c = await apiOk(api.patch('/api/v1/centres/A-ONE', { capacity: 30 }), 200);
    assert.equal(c.capacity, 30);
    const move = await api.patch('/api/v1/centres/A-ONE', { region: 'BBB' });
    assert.equal(move.status, 403);
    assert.equal((await apiOk(api.get('/api/v1/centres/A-ONE'), 200)).region, 'AAA');
  });
});

describe('a manager of a region', () => {
  test('sees every centre of the region and nothing else', async () => {
    const b = server.browser();
    await b.login('mgr.region@example.org', PW);
    assert.deepEqual(firstColumn((await b.get('/admin/centres')).text), ['A-ONE', 'A-TWO']);
    assert.equal((await b.get('/admin/centres/A-TWO')).status, 200);
    assert.equal((await b.get('/admin/centres/B-ONE')).status, 403);
    const api = server.apiAs('mgr.region@example.org');
    const items = (await apiOk(api.get('/api/v1/centres'), 200)).items;
    assert.deepEqual(items.map((c) => c.code), ['A-ONE', 'A-TWO']);
    assert.equal((await api.get('/api/v1/centres/GAN-1')).status, 403);
    // regions are read by every manager
    assert.equal((await b.get('/admin/regions')).status, 200);
    assert.equal((await api.get('/api/v1/regions/BBB')).status, 200);
  });
});

describe('a learner', () => {
  test('is refused the network pages and API', async () => {
    const b = server.browser();
    await b.login('learner@example.org', PW);
    for (const path of ['/admin/centres', '/admin/regions', '/admin/organisations', '/admin/centres/A-ONE'])
      assert.equal((await b.get(path)).status, 403, path);
    const api = server.apiAs('learner@example.org');
    assert.equal((await api.get('/api/v1/centres')).status, 403);
    assert.equal((await server.api('not-a-token').get('/api/v1/centres')).status, 401);
    assert.equal((await server.api(null).get('/api/v1/regions')).status, 401);
  });

  test('signed out, the pages send people to sign in', async () => {
    const r = await server.browser().get('/admin/centres');
    assert.equal(r.status, 303);
    assert.equal(r.location, '/login?next=/admin/centres');
  });
});

describe('the API', () => {
  test('regions: create 201, read by code and id, update 200, 404, 409, 422', async () => {
    const created = await apiOk(adminApi.post('/api/v1/regions', { code: 'lan', name: 'Lankaran', name_ru: 'Ленкорань' }));
    assert.equal(created.code, 'LAN');
    assert.deepEqual(Object.keys(created).sort(), ['code', 'created_at', 'id', 'name', 'name_az', 'name_ru', 'name_uz', 'updated_at']);
    assert.match(created.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.deepEqual(await apiOk(adminApi.get(`/api/v1/regions/${created.id}`), 200), created);
    assert.deepEqual(await apiOk(adminApi.get('/api/v1/regions/lan'), 200), created);
    const patched = await apiOk(adminApi.patch('/api/v1/regions/LAN', { name: 'Lankaran-Astara' }), 200);
    assert.equal(patched.name, 'Lankaran-Astara');
    assert.equal(patched.name_ru, 'Ленкорань');
    assert.equal((await adminApi.get('/api/v1/regions/XYZ')).status, 404);
    assert.equal((await adminApi.patch('/api/v1/regions/XYZ', { name: 'x' })).status, 404);
    const dup = await adminApi.post('/api/v1/regions', { code: 'LAN', name: 'Again' });
    assert.equal(dup.status, 409);
    assert.equal(dup.json.status, 409);
    const dupPatch = await adminApi.patch('/api/v1/regions/LAN', { code: 'AAA' });
    assert.equal(dupPatch.status, 409);
    const bad = await adminApi.post('/api/v1/regions', { code: 'L', name: 7 });
    assert.equal(bad.status, 422);
    assert.equal(bad.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['name']);
    const bad2 = await adminApi.post('/api/v1/regions', { code: 'L' });
    assert.deepEqual(Object.keys(bad2.json.errors).sort(), ['code', 'name']);
  });

  test('centres: create 201 with every field, update 200, 404, 409, 422', async () => {
    const c = await apiOk(adminApi.post('/api/v1/centres', {
      code: 'LAN-D1', name: 'Digital Education Centre Lankaran', region: 'LAN', kind: 'digital-education',
      address: '30 Narimanov Street', capacity: 40, responsible: 'mgr.region@example.org', timezone: 'Asia/Baku',
    }));
    assert.deepEqual(Object.keys(c).sort(), ['address', 'area', 'capacity', 'code', 'created_at', 'id', 'kind', 'name', 'region', 'registration', 'responsible', 'timezone', 'updated_at']);
    assert.equal(c.responsible, 'mgr.region@example.org');
    assert.equal((await apiOk(adminApi.get(`/api/v1/centres/${c.id}`), 200)).code, 'LAN-D1');
    const p = await apiOk(adminApi.patch('/api/v1/centres/LAN-D1', { name: 'DEC Lankaran', region: 'AAA' }), 200);
    assert.deepEqual([p.name, p.region, p.capacity], ['DEC Lankaran', 'AAA', 40]);
    assert.equal((await adminApi.get('/api/v1/centres/NOPE')).status, 404);
    assert.equal((await adminApi.post('/api/v1/centres', { code: 'LAN-D1', name: 'x', region: 'LAN', kind: 'central' })).status, 409);
    const bad = await adminApi.post('/api/v1/centres', { code: 'LAN-D2', name: 'x', region: 'NOWHERE', kind: 'school', capacity: -1, timezone: 'Nowhere/City', responsible: 'ghost@example.org' });
    assert.equal(bad.status, 422);
    assert.deepEqual(Object.keys(bad.json.errors).sort(), ['capacity', 'kind', 'region', 'responsible', 'timezone']);
    const badType = await adminApi.patch('/api/v1/centres/LAN-D1', { capacity: '12' });
    assert.equal(badType.status, 422);
    assert.ok(badType.json.errors.capacity);
    const notJson = await fetch(`${server.url}/api/v1/centres`, { method: 'POST', headers: { authorization: `Bearer ${adminApi.token}`, 'content-type': 'application/json' }, body: '{' });
    assert.equal(notJson.status, 400);
    assert.equal((await adminApi.get('/api/v1/centres/LAN-D2')).status, 404);
    const filtered = await apiOk(adminApi.get('/api/v1/centres?region=AAA&kind=digital-education'), 200);
    assert.deepEqual(filtered.items.map((x) => x.code).sort(), ['A-TWO', 'LAN-D1']);
  });

  test('organisations: create 201, update 200, 404, 409, 422; writes are for admins', async () => {
    const o = await apiOk(adminApi.post('/api/v1/organisations', { code: 'sts', name: 'State Tax Service' }));
    assert.deepEqual(Object.keys(o).sort(), ['code', 'created_at', 'id', 'name', 'updated_at']);
    assert.equal(o.code, 'STS');
    assert.equal((await apiOk(adminApi.patch(`/api/v1/organisations/${o.id}`, { name: 'State Tax Service of Azerbaijan' }), 200)).name, 'State Tax Service of Azerbaijan');
    assert.equal((await adminApi.get('/api/v1/organisations/NONE')).status, 404);
    assert.equal((await adminApi.post('/api/v1/organisations', { code: 'STS', name: 'Dup' })).status, 409);
    assert.equal((await adminApi.post('/api/v1/organisations', { code: 'S T S', name: '' })).status, 422);
    const mgr = server.apiAs('mgr.centre@example.org');
    assert.equal((await mgr.get('/api/v1/organisations/STS')).status, 200);
    assert.equal((await mgr.post('/api/v1/organisations', { code: 'MINE', name: 'Mine' })).status, 403);
    assert.equal((await mgr.patch('/api/v1/organisations/STS', { name: 'Mine' })).status, 403);
  });

  test('lists page with limit and cursor', async () => {
    const made = [];
    for (let i = 1; i <= 7; i++)
      made.push((await apiOk(adminApi.post('/api/v1/regions', { code: `PG-${i}`, name: `Paged region ${i}` }))).code);
    const seen = [];
    let cursor = null, pages = 0;
    do {
      const r = await apiOk(adminApi.get(`/api/v1/regions?limit=3&q=paged${cursor ? `&cursor=${cursor}` : ''}`), 200);
      assert.ok(r.items.length <= 3);
      seen.push(...r.items.map((x) => x.code));
      cursor = r.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(seen, made);
    const first = await apiOk(adminApi.get('/api/v1/regions?limit=3'), 200);
    assert.equal(first.items.length, 3);
    assert.equal(typeof first.next_cursor, 'string');
    assert.equal((await adminApi.get('/api/v1/regions?limit=0')).status, 422);
    assert.equal((await adminApi.get('/api/v1/regions?cursor=abc')).status, 422);
  });
});
