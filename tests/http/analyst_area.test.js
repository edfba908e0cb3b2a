// The analyst role (issue 13): global, or of a region or a centre, given
// through the person form and page, the API, the command line and the CSV
// import, only within the giver's scope; an analyst changes nothing. And a
// centre's area (urban, rural or not set) through its form, list and the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, admin, adminApi;

const rolesOf = (email) => server.sql(
  `SELECT ra.role, COALESCE(c.code, ''), COALESCE(g.code, '') FROM role_assignments ra
   JOIN users u ON u.id = ra.user_id LEFT JOIN centres c ON c.id = ra.centre_id
   LEFT JOIN regions g ON g.id = ra.region_id WHERE u.email = '${email}' ORDER BY ra.id`)
  .map(([role, centre, region]) => (centre || region ? `${role}@${centre || region}` : role));

// the changes of the latest audit entry of an action
const lastAudit = (action) => JSON.parse(server.sql(
  `SELECT changes FROM audit_events WHERE action = '${action}' ORDER BY id DESC LIMIT 1`)[0][0]);

async function signedIn(email) {
  const b = server.browser();
  await b.login(email, PW);
  return b;
}

function file(name, text) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return path;
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  for (const [code, name] of [['AAA', 'Region A'], ['BBB', 'Region B']])
    await apiOk(adminApi.post('/api/v1/regions', { code, name }));
  for (const [code, region] of [['C-A1', 'AAA'], ['C-A2', 'AAA'], ['C-B1', 'BBB']])
    await apiOk(adminApi.post('/api/v1/centres', { code, name: `Centre ${code}`, region, kind: 'regional' }));
  server.addUser({ email: 'mgr.centre@example.org', name: 'Centre Manager', role: 'manager@C-A1' });
  server.addUser({ email: 'mgr.region@example.org', name: 'Region Manager', role: 'manager@AAA' });
  admin = await signedIn('admin@example.org');
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /Sanitizer|runtime error/);
});

test('the API gives analysts of every centre, of a region and of a centre, audited', async () => {
  const all = await apiOk(adminApi.post('/api/v1/users', { email: 'stat@example.org', full_name: 'Stat Istic', roles: ['analyst'] }));
  assert.deepEqual(all.roles, ['analyst']);
  const region = await apiOk(adminApi.post('/api/v1/users', { email: 'donor@example.org', full_name: 'Don Or', roles: ['Analyst@aaa'] }));
  assert.deepEqual(region.roles, ['analyst@AAA']);
  const centre = await apiOk(adminApi.post('/api/v1/users', {
    email: 'local@example.org', full_name: 'Lo Cal', centre: 'C-A1', roles: ['analyst@c-a1', 'learner'],
  }));
  assert.deepEqual(centre.roles, ['analyst@C-A1', 'learner']);
  assert.deepEqual(rolesOf('donor@example.org'), ['analyst@AAA']);
  assert.deepEqual(lastAudit('user.create').roles, { after: 'analyst@C-A1, learner' });

  const patched = await apiOk(adminApi.patch('/api/v1/users/donor@example.org', { roles: ['analyst@AAA', 'analyst@BBB'] }), 200);
  assert.deepEqual(patched.roles, ['analyst@AAA', 'analyst@BBB']);
  assert.deepEqual(lastAudit('user.update').roles, { before: 'analyst@AAA', after: 'analyst@AAA, analyst@BBB' });
  const filtered = await apiOk(adminApi.get('/api/v1/users?role=analyst'), 200);
  assert.deepEqual(filtered.items.map((u) => u.email).sort(), ['donor@example.org', 'local@example.org', 'stat@example.org']);
});

test('a bad analyst scope is refused with a clear error, and nothing is written', async () => {
  const cases = [
    [['analyst@NOPE'], 'No centre or region has the code of this role'],
    [['analyst@'], 'Write analyst for every centre, or analyst@CODE for one centre or region'],
    [['mentor@C-A1'], 'Only a manager, an instructor or an analyst has a centre or region, written like role@CODE'],
    [['analyser'], 'Choose a role: admin, manager, instructor, mentor, learner or analyst'],
  ];
  for (const [roles, message] of cases) {
    const r = await adminApi.post('/api/v1/users', { email: 'nobody@example.org', full_name: 'No Body', roles });
    assert.equal(r.status, 422, JSON.stringify(roles));
    assert.match(r.headers.get('content-type'), /application\/problem\+json/);
    assert.equal(r.json.errors.roles, message);
  }
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email = 'nobody@example.org'")[0][0], '0');

  const cli = server.cli(['user', 'add', '--email', 'nobody@example.org', '--name', 'No Body', '--role', 'analyst@NOPE']);
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /^dars: --role: no centre or region has the code of this role$/m);
});

test('the command line gives analysts of every centre, a region and a centre', () => {
  server.addUser({ email: 'cli.all@example.org', role: 'analyst' });
  server.addUser({ email: 'cli.region@example.org', role: 'analyst@BBB' });
  server.addUser({ email: 'cli.centre@example.org', role: ['analyst@C-B1', 'mentor'] });
  assert.deepEqual(rolesOf('cli.all@example.org'), ['analyst']);
  assert.deepEqual(rolesOf('cli.region@example.org'), ['analyst@BBB']);
  assert.deepEqual(rolesOf('cli.centre@example.org'), ['analyst@C-B1', 'mentor']);
});

test('the CSV import gives analysts; a bad scope names its line', () => {
  const HEADER = 'email,full_name,organisation,position,centre,role,language\n';
  const good = file('analysts.csv', HEADER +
    'imp.all@example.org,Imp All,,,C-A1,analyst,en\n' +
    'imp.region@example.org,Imp Region,,,,analyst@AAA,en\n' +
    'imp.centre@example.org,Imp Centre,,,,Analyst@c-a2,en\n');
  const r = server.cli(['user', 'import', good]);
  assert.equal(r.code, 0, r.stderr);
  // an analyst without a code reads every centre, whatever the row's centre
  assert.deepEqual(rolesOf('imp.all@example.org'), ['analyst']);
  assert.deepEqual(rolesOf('imp.region@example.org'), ['analyst@AAA']);
  assert.deepEqual(rolesOf('imp.centre@example.org'), ['analyst@C-A2']);

  const bad = file('bad-analysts.csv', HEADER +
    'imp.bad1@example.org,Bad One,,,,analyst@NOPE,en\n' +
    'imp.bad2@example.org,Bad Two,,,,analyst@,en\n' +
    'imp.bad3@example.org,Bad Three,,,,learner@C-A1,en\n');
  const b = server.cli(['user', 'import', bad]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /bad-analysts\.csv:2: unknown centre or region 'NOPE' for role 'analyst'/);
  assert.match(b.stderr, /bad-analysts\.csv:3: role 'analyst@' has no centre or region after '@'/);
  assert.match(b.stderr, /bad-analysts\.csv:4: role 'learner' takes no centre/);
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email LIKE 'imp.bad%'")[0][0], '0');
});

test("a manager's import gives analysts only of what they manage", async () => {
  const mgr = await signedIn('mgr.centre@example.org');
  const csv = 'email,full_name,organisation,position,centre,role,language\n' +
    'mimp.ok@example.org,Mine Ok,,,C-A1,analyst@C-A1,en\n' +
    'mimp.all@example.org,Mine All,,,C-A1,analyst,en\n' +
    'mimp.region@example.org,Mine Region,,,C-A1,analyst@AAA,en\n' +
    'mimp.other@example.org,Mine Other,,,C-A1,analyst@C-B1,en\n';
  const up = await mgr.upload('/admin/users/import', {}, { file: { name: 'mine.csv', content: csv } });
  assert.equal(up.status, 303);
  const preview = await mgr.get(up.location);
  assert.match(preview.text, /Mine All<\/td>.*?You may not give this role/s);
  assert.match(preview.text, /Mine Region<\/td>.*?You may not give this role/s);
  assert.match(preview.text, /Mine Other<\/td>.*?You may not give this role/s);
  assert.match(preview.text, /Import 1 valid person</);
  assert.equal((await mgr.post(up.location)).status, 303);
  assert.deepEqual(rolesOf('mimp.ok@example.org'), ['analyst@C-A1']);
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email LIKE 'mimp.%'")[0][0], '1');
});

test('an admin gives analysts on the person form and the person page', async () => {
  const form = await admin.get('/admin/users/new');
  assert.match(form.text, /<option value="analyst">Analyst of a centre or region<\/option><option value="analyst-all">Analyst of every centre<\/option><option value="admin">Administrator<\/option>/);
  const person = (fields) => ({ email: '', full_name: '', language: 'en', centre: '', status: '', role: '', ...fields });

  assert.equal((await admin.post('/admin/users', person({ email: 'f.centre@example.org', full_name: 'Form Centre', centre: 'C-A2', role: 'analyst' }))).status, 303);
  assert.deepEqual(rolesOf('f.centre@example.org'), ['analyst@C-A2']);
  assert.equal((await admin.post('/admin/users', person({ email: 'f.all@example.org', full_name: 'Form All', centre: 'C-A2', role: 'analyst-all' }))).status, 303);
  assert.deepEqual(rolesOf('f.all@example.org'), ['analyst']);
  // an analyst of a centre with no centre chosen would read everything: refused, with the other problems
  const none = await admin.post('/admin/users', person({ email: 'f.none@example.org', full_name: '', role: 'analyst' }));
  assert.equal(none.status, 422);
  assert.match(mainOf(none.text), /<a href="#role">Choose the centre or region whose reports the analyst reads<\/a>/);
  assert.match(mainOf(none.text), /<a href="#full_name">Enter the full name<\/a>/);
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email = 'f.none@example.org'")[0][0], '0');

  const id = server.sql("SELECT id FROM users WHERE email = 'f.all@example.org'")[0][0];
  const page = await admin.get(`/admin/users/${id}`);
  assert.match(page.text, /<td>Analyst of every centre<\/td>/);
  assert.match(page.text, /<label for="scope">Centre or region code \(for an instructor, a manager or an analyst\)<\/label>/);
  assert.equal((await admin.post(`/admin/users/${id}/roles`, { role: 'analyst', scope: 'bbb' })).status, 303);
  assert.deepEqual(rolesOf('f.all@example.org'), ['analyst', 'analyst@BBB']);
  assert.deepEqual(lastAudit('role.add').role, { after: 'analyst@BBB' });
  assert.match((await admin.get(`/admin/users/${id}`)).text, /<td>Analyst · BBB<\/td>/);

  const unknown = await admin.post(`/admin/users/${id}/roles`, { role: 'analyst', scope: 'NOPE' });
  assert.equal(unknown.status, 422);
  assert.match(unknown.text, /<a href="#scope">No centre or region has the code of this role<\/a>/);
  const scopedAll = await admin.post(`/admin/users/${id}/roles`, { role: 'analyst-all', scope: 'C-A1' });
  assert.equal(scopedAll.status, 422);
  assert.match(scopedAll.text, /<a href="#scope">An analyst of every centre has no centre or region: leave the code empty<\/a>/);
  assert.deepEqual(rolesOf('f.all@example.org'), ['analyst', 'analyst@BBB']);

  const list = await admin.get('/admin/users?role=analyst');
  assert.match(list.text, /<option value="analyst" selected>Analyst<\/option>/);
  assert.match(list.text, /Form All/);
  assert.doesNotMatch(list.text, /Centre Manager/);
});

test('a manager gives analysts only within their scope, never of every centre', async () => {
  const mgrApi = server.apiAs('mgr.centre@example.org');
  const mk = (email, roles) => mgrApi.post('/api/v1/users', { email, full_name: 'Scoped', centre: 'C-A1', roles });
  assert.deepEqual((await apiOk(mk('m.ok@example.org', ['analyst@C-A1']))).roles, ['analyst@C-A1']);
  for (const roles of [['analyst'], ['analyst@C-B1'], ['analyst@AAA']]) {
    const r = await mk('m.no@example.org', roles);
    assert.equal(r.status, 403, JSON.stringify(roles));
  }
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email = 'm.no@example.org'")[0][0], '0');
  // nor through a change of roles
  assert.equal((await mgrApi.patch('/api/v1/users/m.ok@example.org', { roles: ['analyst'] })).status, 403);
  assert.deepEqual(rolesOf('m.ok@example.org'), ['analyst@C-A1']);

  // a region's manager names the region's analysts, not another region's
  const regionApi = server.apiAs('mgr.region@example.org');
  const rk = (email, roles) => regionApi.post('/api/v1/users', { email, full_name: 'Regional', centre: 'C-A2', roles });
  assert.deepEqual((await apiOk(rk('r.region@example.org', ['analyst@AAA']))).roles, ['analyst@AAA']);
  assert.deepEqual((await apiOk(rk('r.centre@example.org', ['analyst@C-A2']))).roles, ['analyst@C-A2']);
  assert.equal((await rk('r.no@example.org', ['analyst@BBB'])).status, 403);
  assert.equal((await rk('r.no@example.org', ['analyst'])).status, 403);

  // the forms: no "every centre" choice, and one sent anyway is refused
  const mgr = await signedIn('mgr.centre@example.org');
  const form = await mgr.get('/admin/users/new');
  assert.match(form.text, /<option value="analyst">Analyst of a centre or region<\/option>/);
  assert.doesNotMatch(form.text, /analyst-all|Analyst of every centre/);
  const id = server.sql("SELECT id FROM users WHERE email = 'm.ok@example.org'")[0][0];
  assert.equal((await mgr.post(`/admin/users/${id}/roles`, { role: 'analyst-all', scope: '' })).status, 403);
  assert.equal((await mgr.post(`/admin/users/${id}/roles`, { role: 'analyst', scope: 'AAA' })).status, 403);
  assert.equal((await mgr.post(`/admin/users/${id}/roles`, { role: 'analyst', scope: 'C-B1' })).status, 403);
  assert.deepEqual(rolesOf('m.ok@example.org'), ['analyst@C-A1']);
  // and an analyst of the manager's own centre they may take away again
  const page = await mgr.get(`/admin/users/${id}`);
  const rid = page.text.match(/action="\/admin\/users\/\d+\/roles\/(\d+)\/delete"/)[1];
  assert.equal((await mgr.post(`/admin/users/${id}/roles/${rid}/delete`)).status, 303);
  assert.deepEqual(rolesOf('m.ok@example.org'), []);
  assert.deepEqual(lastAudit('role.remove').role, { before: 'analyst@C-A1' });
});

test('an analyst changes nothing: management pages and API writes answer 403', async () => {
  server.addUser({ email: 'reader@example.org', name: 'Rea Der', role: 'analyst' });
  server.addUser({ email: 'reader.a1@example.org', name: 'Rea Der A1', role: 'analyst@C-A1' });
  await apiOk(adminApi.post('/api/v1/courses', {
    code: 'AN-1', title: 'Analysed', language: 'en', topic: 'programming', delivery: 'online', centre: 'C-A1',
    status: 'published',
  }));
  const before = server.sql("SELECT name, updated_at FROM centres WHERE code = 'C-A1'");
  for (const email of ['reader@example.org', 'reader.a1@example.org']) {
    const b = await signedIn(email);
    for (const path of ['/admin/users', '/admin/users/new', '/admin/users/import', '/admin/centres', '/admin/centres/C-A1',
      '/admin/regions', '/admin/cohorts', '/admin/events', '/admin/programmes', '/admin/registrations', '/courses/AN-1/edit']) {
      assert.equal((await b.get(path)).status, 403, `${email} GET ${path}`);
    }
    for (const path of ['/admin/centres/C-A1', '/admin/users', '/courses/AN-1/edit', '/admin/courses/new']) {
      assert.equal((await b.post(path, { name: 'Changed', code: 'X-1', title: 'Changed' })).status, 403, `${email} POST ${path}`);
    }
    const api = server.apiAs(email);
    const writes = [
      ['post', '/api/v1/users', { email: 'by.analyst@example.org', full_name: 'By Analyst', centre: 'C-A1' }],
      ['patch', '/api/v1/users/admin@example.org', { full_name: 'Changed' }],
      ['post', '/api/v1/centres', { code: 'X-1', name: 'X', region: 'AAA', kind: 'regional' }],
      ['patch', '/api/v1/centres/C-A1', { name: 'Changed', area: 'rural' }],
      ['post', '/api/v1/regions', { code: 'XXX', name: 'X' }],
      ['post', '/api/v1/courses', { code: 'X-1', title: 'X', language: 'en', topic: 'other', delivery: 'online', centre: 'C-A1' }],
      ['patch', '/api/v1/courses/AN-1', { title: 'Changed' }],
      ['post', '/api/v1/programmes', { code: 'X-1', title: 'X' }],
      ['post', '/api/v1/cohorts', { course: 'AN-1', centre: 'C-A1', starts_on: '2030-01-01', ends_on: '2030-01-02' }],
      ['post', '/api/v1/events', { title: 'X', kind: 'seminar', starts_at: '2030-01-01T09:00:00Z', ends_at: '2030-01-01T10:00:00Z', centre: 'C-A1' }],
    ];
    for (const [method, path, body] of writes)
      assert.equal((await api[method](path, body)).status, 403, `${email} ${method} ${path}`);
    for (const path of ['/api/v1/users', '/api/v1/centres/C-A1'])
      assert.equal((await api.get(path)).status, 403, `${email} GET ${path}`);
  }
  assert.deepEqual(server.sql("SELECT name, updated_at FROM centres WHERE code = 'C-A1'"), before);
  assert.equal(server.sql("SELECT title FROM courses WHERE code = 'AN-1'")[0][0], 'Analysed');
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email = 'by.analyst@example.org'")[0][0], '0');
});

test("a centre's area through its form, its page and the list's filter", async () => {
  const form = await admin.get('/admin/centres/new');
  assert.match(form.text, /<label for="area">Area<\/label>/);
  assert.match(form.text, /<select id="area" name="area" aria-describedby="area-hint">\s*<option value="">Not set<\/option>\s*<option value="urban">Urban<\/option><option value="rural">Rural<\/option>/);
  const made = await admin.post('/admin/centres', { code: 'C-R1', name: 'Rural One', region: 'BBB', kind: 'regional', capacity: '10', timezone: 'UTC', registration: 'closed', area: 'rural' });
  assert.equal(made.status, 303);
  assert.equal(server.sql("SELECT area FROM centres WHERE code = 'C-R1'")[0][0], 'rural');
  assert.deepEqual(lastAudit('centre.create').area, { after: 'rural' });
  const page = await admin.get('/admin/centres/C-R1');
  assert.match(mainOf(page.text), /<dt>Area<\/dt><dd>Rural<\/dd>/);
  assert.match(mainOf(page.text), /<option value="rural" selected>Rural<\/option>/);

  const bad = await admin.post('/admin/centres/C-R1', { name: 'Rural One', region: 'BBB', code: 'C-R1', kind: 'regional', capacity: '10', timezone: 'UTC', area: 'suburban' });
  assert.equal(bad.status, 422);
  assert.match(mainOf(bad.text), /<a href="#area">Choose urban or rural, or leave the area not set<\/a>/);
  assert.equal(server.sql("SELECT area FROM centres WHERE code = 'C-R1'")[0][0], 'rural');

  // a manager sets their own centre's area
  const mgr = await signedIn('mgr.centre@example.org');
  assert.equal((await mgr.post('/admin/centres/C-A1', { name: 'Centre C-A1', kind: 'regional', capacity: '0', timezone: 'UTC', area: 'urban' })).status, 303);
  assert.equal(server.sql("SELECT area FROM centres WHERE code = 'C-A1'")[0][0], 'urban');
  assert.deepEqual(lastAudit('centre.update').area, { before: '', after: 'urban' });

  const cells = (html) => [...mainOf(html).matchAll(/<tr>\s*<td><a href="[^"]*">([^<]*)<\/a><\/td>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td>([^<]*)<\/td>/g)].map((m) => `${m[1]}:${m[2]}`);
  const all = await admin.get('/admin/centres');
  assert.match(all.text, /<th scope="col">Area<\/th>/);
  assert.deepEqual(cells(all.text), ['C-A1:Urban', 'C-A2:Not set', 'C-B1:Not set', 'C-R1:Rural']);
  assert.deepEqual(cells((await admin.get('/admin/centres?area=rural')).text), ['C-R1:Rural']);
  const unset = await admin.get('/admin/centres?area=unknown');
  assert.deepEqual(cells(unset.text), ['C-A2:Not set', 'C-B1:Not set']);
  assert.match(unset.text, /<option value="unknown" selected>Not set<\/option>/);
  assert.equal(cells((await admin.get('/admin/centres?area=bogus')).text).length, 4, 'an unknown filter filters nothing');

  // "Not set" clears it again
  assert.equal((await admin.post('/admin/centres/C-R1', { name: 'Rural One', region: 'BBB', code: 'C-R1', kind: 'regional', capacity: '10', timezone: 'UTC', area: '' })).status, 303);
  assert.equal(server.sql("SELECT COALESCE(area, '-') FROM centres WHERE code = 'C-R1'")[0][0], '-');
});

test("the API reads, sets, clears and filters a centre's area; a bad one is 422", async () => {
  const made = await apiOk(adminApi.post('/api/v1/centres', { code: 'C-U1', name: 'Urban One', region: 'AAA', kind: 'digital-education', area: 'urban' }));
  assert.equal(made.area, 'urban');
  const plain = await apiOk(adminApi.post('/api/v1/centres', { code: 'C-N1', name: 'None One', region: 'AAA', kind: 'regional' }));
  assert.equal(plain.area, null);

  assert.equal((await apiOk(adminApi.patch('/api/v1/centres/C-U1', { area: 'rural' }), 200)).area, 'rural');
  assert.equal((await apiOk(adminApi.patch('/api/v1/centres/C-U1', { name: 'Still One' }), 200)).area, 'rural', 'absent leaves it');
  assert.ok(lastAudit('centre.update').name);
  assert.equal((await apiOk(adminApi.patch('/api/v1/centres/C-U1', { area: null }), 200)).area, null);
  assert.deepEqual(lastAudit('centre.update').area, { before: 'rural', after: '' });

  for (const area of ['suburban', 7]) {
    const bad = await adminApi.patch('/api/v1/centres/C-U1', { area });
    assert.equal(bad.status, 422);
    assert.match(bad.headers.get('content-type'), /application\/problem\+json/);
    assert.ok(bad.json.errors.area, JSON.stringify(bad.json));
  }
  const badCreate = await adminApi.post('/api/v1/centres', { code: 'C-X9', name: 'X', region: 'AAA', kind: 'regional', area: 'town' });
  assert.equal(badCreate.status, 422);
  assert.equal(badCreate.json.errors.area, 'Choose urban or rural, or leave the area not set');
  assert.equal(server.sql("SELECT COUNT(*) FROM centres WHERE code = 'C-X9'")[0][0], '0');

  await apiOk(adminApi.patch('/api/v1/centres/C-N1', { area: 'rural' }), 200);
  const rural = await apiOk(adminApi.get('/api/v1/centres?area=rural'), 200);
  assert.deepEqual(rural.items.map((c) => c.code), ['C-N1']);
  assert.equal((await adminApi.get('/api/v1/centres?area=bogus')).status, 422);
  const got = await apiOk(adminApi.get('/api/v1/centres/C-N1'), 200);
  assert.equal(got.area, 'rural');
});

test("the new choices speak the reader's language", async () => {
  const as = async (email, language) => {
    const r = server.cli(['user', 'add', '--email', email, '--name', 'Polyglot', '--language', language,
      '--role', 'admin', '--password-stdin'], `${PW}\n`);
    assert.equal(r.code, 0, r.stderr);
    return signedIn(email);
  };
  const ru = await as('ru.admin@example.org', 'ru');
  const centre = await ru.get('/admin/centres/new');
  assert.match(centre.text, /<label for="area">Тип местности<\/label>/);
  assert.match(centre.text, /<option value="">Не указано<\/option>\s*<option value="urban">Городская<\/option><option value="rural">Сельская<\/option>/);
  const person = await ru.get('/admin/users/new');
  assert.match(person.text, /<option value="analyst">Аналитик центра или региона<\/option><option value="analyst-all">Аналитик всех центров<\/option>/);
  const uz = await as('uz.admin@example.org', 'uz');
  assert.match((await uz.get('/admin/centres?area=rural')).text, /<td>Qishloq<\/td>/);
  const az = await as('az.admin@example.org', 'az');
  assert.match((await az.get('/admin/users?role=analyst')).text, /<option value="analyst" selected>Analitik<\/option>/);
});
