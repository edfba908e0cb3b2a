// People: the admin pages under /admin/users, a manager's scope, the profile
// at /account, /api/v1/me and /api/v1/users, and `dars user add`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { startDars, ENGINE } from '../lib/dars.js';

// Run SQL on the server's database: the fixtures (centres, organisations)
// and what only the database can tell (password hashes, the audit log).
function sql(server, text) {
  const r = ENGINE === 'sqlite'
    ? spawnSync('sqlite3', [server.db.replace(/^sqlite:/, ''), text], { encoding: 'utf8' })
    : spawnSync('psql', [server.db, '-qAtX', '-c', text], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return r.stdout.trim();
}

const T = '2026-01-01T00:00:00Z';
function seed(server) {
  sql(server, `INSERT INTO regions (code, name, created_at, updated_at) VALUES
      ('BAK', 'Baku', '${T}', '${T}'), ('GAN', 'Ganja', '${T}', '${T}')`);
  sql(server, `INSERT INTO centres (code, name, region_id, kind, created_at, updated_at) VALUES
      ('C-BAK', 'Baku Digital Centre', (SELECT id FROM regions WHERE code = 'BAK'), 'regional', '${T}', '${T}'),
      ('C-BAK2', 'Baku Youth Centre', (SELECT id FROM regions WHERE code = 'BAK'), 'digital-education', '${T}', '${T}'),
      ('C-GAN', 'Ganja Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', '${T}', '${T}')`);
  sql(server, `INSERT INTO organisations (code, name, created_at, updated_at) VALUES
      ('MDDT', 'Ministry of Digital Development and Transport', '${T}', '${T}')`);
}

let server, admin, adminApi;

before(async () => {
  server = await startDars();
  seed(server);
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  admin = server.browser();
  await admin.login('admin@example.org', 'correct horse battery');
  adminApi = server.apiAs('admin@example.org');
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /Sanitizer|runtime error/);
});

const person = (fields) => ({
  email: '', full_name: '', language: 'en', organisation: '', position: '', centre: '',
  status: '', role: '', password: '', ...fields,
});

test('an admin adds a person through the form', async () => {
  const form = await admin.get('/admin/users/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /<h1>Add a person<\/h1>/);
  assert.match(form.text, /<label for="email">E-mail address<\/label>/);

  const r = await admin.post('/admin/users', person({
    email: 'Leyla.Mammadova@Example.org', full_name: 'Leyla Güneş', language: 'az',
    organisation: 'MDDT', position: 'Analyst', centre: 'C-BAK', role: 'instructor',
  }));
  assert.equal(r.status, 303, r.text.slice(0, 500));
  assert.match(r.location, /^\/admin\/users\/\d+$/);
  const page = await admin.get(r.location);
  assert.equal(page.status, 200);
  assert.match(page.text, /The person has been added/);
  assert.match(page.text, /<h1>Leyla Güneş<\/h1>/);
  assert.match(page.text, /Instructor · C-BAK/);

  const api = await adminApi.get('/api/v1/users/leyla.mammadova@example.org');
  assert.equal(api.status, 200);
  const { id, created_at, updated_at, ...rest } = api.json;
  assert.ok(id > 0 && created_at && updated_at);
  assert.deepEqual(rest, {
    email: 'Leyla.Mammadova@Example.org', full_name: 'Leyla Güneş', language: 'az',
    organisation: 'MDDT', position: 'Analyst', centre: 'C-BAK', status: 'pending',
    roles: ['instructor@C-BAK'], invitation: 'not-sent', invitation_sent_at: null,
    gender: null, birth_year: null, disability: null, pending_reason: 'invitation',
  });
  const audit = JSON.parse(sql(server, `SELECT changes FROM audit_events WHERE action = 'user.create' AND object_id = '${id}'`));
  assert.deepEqual(audit, {
    email: { after: 'Leyla.Mammadova@Example.org' }, full_name: { after: 'Leyla Güneş' },
    language: { after: 'az' }, organisation: { after: 'MDDT' }, position: { after: 'Analyst' },
    centre: { after: 'C-BAK' }, status: { after: 'pending' }, roles: { after: 'instructor@C-BAK' },
  });
  // the list finds her by an accent-free, lower-case part of the name
  const list = await admin.get('/admin/users?q=GUNES');
  assert.match(list.text, /Leyla Güneş/);
});

test('a form with errors shows the summary, keeps what was typed and answers 422', async () => {
  const r = await admin.post('/admin/users', person({
    email: 'not-an-email', full_name: '', position: 'Typed <position>', centre: 'C-GAN',
    password: 'short',
  }));
  assert.equal(r.status, 422);
  assert.match(r.text, /<h2>There is a problem<\/h2>/);
  assert.match(r.text, /<a href="#email">Enter an e-mail address in the correct format, like name@example.com<\/a>/);
  assert.match(r.text, /<a href="#full_name">Enter the full name<\/a>/);
  assert.match(r.text, /<a href="#password">Use at least 10 characters<\/a>/);
  assert.match(r.text, /<p class="error-message" id="email-error">/);
  assert.match(r.text, /value="not-an-email"/);
  assert.match(r.text, /value="Typed &lt;position&gt;"/);
  assert.match(r.text, /<option value="C-GAN" selected>/);
  assert.doesNotMatch(r.text, /value="short"/, 'a password is never sent back');
  assert.equal(sql(server, "SELECT COUNT(*) FROM users WHERE email = 'not-an-email'"), '0');
});

test('an e-mail address already used, in another case, is refused', async () => {
  await admin.post('/admin/users', person({ email: 'rashad@example.org', full_name: 'Rashad' }));
  const r = await admin.post('/admin/users', person({ email: 'RASHAD@Example.ORG', full_name: 'Rashad Two' }));
  assert.equal(r.status, 422);
  assert.match(r.text, /A person with this e-mail address already exists/);

  const api = await adminApi.post('/api/v1/users', { email: 'Rashad@example.org', full_name: 'R' });
  assert.equal(api.status, 409);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');

  const cli = server.cli(['user', 'add', '--email', 'rashad@EXAMPLE.org', '--name', 'R']);
  assert.equal(cli.code, 1);
  assert.match(cli.stderr, /--email: a person with this e-mail address already exists/);
  assert.equal(sql(server, "SELECT COUNT(*) FROM users WHERE email_key = 'rashad@example.org'"), '1');
});

test('a manager sees and changes only the people of their centre', async () => {
  server.addUser({ email: 'manager@example.org', name: 'Mina Manager', role: 'manager@C-BAK' });
  const ids = {};
  for (const [email, name, centre] of [
    ['baku1@example.org', 'Bakhtiyar One', 'C-BAK'], ['baku2@example.org', 'Bakhtiyar Two', 'C-BAK'],
    ['ganja1@example.org', 'Bakhtiyar Ganja', 'C-GAN'], ['nocentre@example.org', 'Bakhtiyar Nowhere', ''],
  ]) {
    const r = await adminApi.post('/api/v1/users', { email, full_name: name, centre: centre || null, roles: ['learner'] });
    assert.equal(r.status, 201, r.text);
    ids[email] = r.json.id;
  }
  const inScope = Number(sql(server, "SELECT COUNT(*) FROM users u JOIN centres c ON c.id = u.centre_id WHERE c.code = 'C-BAK'"));

  const mgr = server.browser();
  await mgr.login('manager@example.org', 'correct horse battery');
  const list = await mgr.get('/admin/users');
  assert.equal(list.status, 200);
  assert.match(list.text, /Bakhtiyar One/);
  assert.match(list.text, /Bakhtiyar Two/);
  assert.doesNotMatch(list.text, /Bakhtiyar Ganja|ganja1@|Bakhtiyar Nowhere|Ada Admin/);
  assert.match(list.text, new RegExp(`<caption>${inScope} people</caption>`));
  assert.match(list.text, new RegExp(`· ${inScope} in all`));
  // the centre filter offers only the manager's centre
  assert.match(list.text, /<option value="C-BAK"/);
  assert.doesNotMatch(list.text, /<option value="C-GAN"/);

  const search = await mgr.get('/admin/users?q=bakhtiyar');
  assert.match(search.text, /<caption>2 people<\/caption>/);
  assert.doesNotMatch(search.text, /Ganja/);
  const hidden = await mgr.get('/admin/users?q=ganja');
  assert.match(hidden.text, /No people match your search/);
  assert.doesNotMatch(hidden.text, /ganja1@example.org/);

  assert.equal((await mgr.get(`/admin/users/${ids['ganja1@example.org']}`)).status, 403);
  assert.equal((await mgr.get(`/admin/users/${ids['nocentre@example.org']}`)).status, 403);
  assert.equal((await mgr.get(`/admin/users/${ids['baku1@example.org']}`)).status, 200);
  const edit = await mgr.post(`/admin/users/${ids['ganja1@example.org']}`, person({ email: 'ganja1@example.org', full_name: 'Renamed' }));
  assert.equal(edit.status, 403);
  const move = await mgr.post(`/admin/users/${ids['baku1@example.org']}`, person({ email: 'baku1@example.org', full_name: 'Bakhtiyar One', centre: 'C-GAN' }));
  assert.equal(move.status, 403);
  const create = await mgr.post('/admin/users', person({ email: 'new-ganja@example.org', full_name: 'N', centre: 'C-GAN' }));
  assert.equal(create.status, 403);
  const adminRole = await mgr.post('/admin/users', person({ email: 'new-admin@example.org', full_name: 'N', centre: 'C-BAK', role: 'admin' }));
  assert.equal(adminRole.status, 403);
  const regionRole = await mgr.post(`/admin/users/${ids['baku1@example.org']}/roles`, { role: 'manager', scope: 'BAK' });
  assert.equal(regionRole.status, 403);
  const ok = await mgr.post('/admin/users', person({ email: 'new-baku@example.org', full_name: 'Nigar New', centre: 'C-BAK', role: 'instructor' }));
  assert.equal(ok.status, 303, ok.text.slice(0, 300));

  const api = server.apiAs('manager@example.org');
  assert.equal((await api.get(`/api/v1/users/${ids['ganja1@example.org']}`)).status, 403);
  assert.equal((await api.get('/api/v1/users/ganja1@example.org')).status, 403);
  assert.equal((await api.get('/api/v1/users/baku1@example.org')).status, 200);
  assert.equal((await api.patch('/api/v1/users/ganja1@example.org', { full_name: 'X' })).status, 403);
  assert.equal((await api.post('/api/v1/users', { email: 'g2@example.org', full_name: 'G', centre: 'C-GAN' })).status, 403);
  assert.equal((await api.post('/api/v1/users', { email: 'g3@example.org', full_name: 'G', centre: 'C-BAK', roles: ['manager@BAK'] })).status, 403);
  const all = await api.get('/api/v1/users?limit=500');
  assert.equal(all.status, 200);
  const centres = new Set(all.json.items.map((u) => u.centre));
  assert.deepEqual([...centres], ['C-BAK']);
  assert.equal(all.json.items.length, inScope + 1);
  assert.equal(sql(server, "SELECT COUNT(*) FROM users WHERE full_name = 'Renamed'"), '0');
});

test('the API creates, reads, lists with cursors and patches users', async () => {
  const made = [];
  for (let i = 0; i < 5; i++) {
    const r = await adminApi.post('/api/v1/users', {
      email: `api${i}@example.org`, full_name: `Api Person ${i}`, language: 'ru',
      organisation: 'Ministry of Digital Development and Transport', position: 'Officer',
      centre: 'C-BAK2', status: 'active', roles: ['learner', 'instructor@C-BAK2'],
      password: 'a long enough password',
    });
    assert.equal(r.status, 201, r.text);
    assert.equal(r.json.organisation, 'MDDT');
    assert.deepEqual(r.json.roles, ['learner', 'instructor@C-BAK2']);
    assert.deepEqual(Object.keys(r.json).sort(), ['birth_year', 'centre', 'created_at', 'disability',
      'email', 'full_name', 'gender', 'id', 'invitation', 'invitation_sent_at', 'language',
      'organisation', 'pending_reason', 'position', 'roles', 'status',
      'updated_at']);
    made.push(r.json);
  }

  // pages of two, following next_cursor, see every one once
  const seen = [];
  let cursor = '';
  for (let pages = 0; pages < 100; pages++) {
    const r = await adminApi.get(`/api/v1/users?limit=2&q=api+person${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200);
    assert.ok(r.json.items.length <= 2);
    seen.push(...r.json.items.map((u) => u.email));
    if (!r.json.next_cursor) break;
    cursor = r.json.next_cursor;
  }
  assert.deepEqual(seen, made.map((u) => u.email));
  assert.equal((await adminApi.get('/api/v1/users?limit=0')).status, 422);
  assert.equal((await adminApi.get('/api/v1/users?cursor=abc')).status, 422);

  const byId = await adminApi.get(`/api/v1/users/${made[0].id}`);
  assert.equal(byId.status, 200);
  assert.equal(byId.json.email, 'api0@example.org');
  assert.equal((await adminApi.get('/api/v1/users/API0@example.org')).json.id, made[0].id);
  assert.equal((await adminApi.get('/api/v1/users/nobody@example.org')).status, 404);
  assert.equal((await adminApi.get('/api/v1/users/999999')).status, 404);

  const patched = await adminApi.patch(`/api/v1/users/${made[1].id}`, {
    full_name: 'Api Person Renamed', centre: 'c-gan', roles: ['mentor', 'manager@gan'], organisation: null,
  });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.full_name, 'Api Person Renamed');
  assert.equal(patched.json.centre, 'C-GAN');
  assert.equal(patched.json.organisation, null);
  assert.equal(patched.json.position, 'Officer');
  assert.deepEqual(patched.json.roles, ['mentor', 'manager@GAN']);

  const bad = await adminApi.patch(`/api/v1/users/${made[1].id}`, { language: 'xx', centre: 'C-NONE', roles: 'learner' });
  assert.equal(bad.status, 422);
  assert.deepEqual(Object.keys(bad.json.errors).sort(), ['roles']);
  const bad2 = await adminApi.patch(`/api/v1/users/${made[1].id}`, { language: 'xx', centre: 'C-NONE', roles: ['chief'] });
  assert.equal(bad2.status, 422);
  assert.deepEqual(Object.keys(bad2.json.errors).sort(), ['centre', 'language', 'roles']);
  const taken = await adminApi.patch(`/api/v1/users/${made[1].id}`, { email: 'API2@example.org' });
  assert.equal(taken.status, 409);
  const invalid = await adminApi.post('/api/v1/users', { email: 'two@@example.org', full_name: 7, roles: ['instructor'] });
  assert.equal(invalid.status, 422);
  assert.ok(invalid.json.errors.full_name);

  // others: 401 without a token, 403 for a learner, who can still read /me
  assert.equal((await server.api(null).get('/api/v1/users')).status, 401);
  assert.equal((await server.api('dars_not_a_token').get('/api/v1/me')).status, 401);
  const learner = server.apiAs('api3@example.org');
  assert.equal((await learner.get('/api/v1/users')).status, 403);
  assert.equal((await learner.get(`/api/v1/users/${made[3].id}`)).status, 403);
  const me = await learner.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.email, 'api3@example.org');
  assert.equal(me.json.language, 'ru');
});

test('roles are added and removed on the person page', async () => {
  const u = (await adminApi.post('/api/v1/users', { email: 'roles@example.org', full_name: 'Rolf Roles', centre: 'C-BAK' })).json;
  const add = await admin.post(`/admin/users/${u.id}/roles`, { role: 'manager', scope: 'GAN' });
  assert.equal(add.status, 303);
  const add2 = await admin.post(`/admin/users/${u.id}/roles`, { role: 'instructor', scope: '' });
  assert.equal(add2.status, 303);
  let json = (await adminApi.get(`/api/v1/users/${u.id}`)).json;
  assert.deepEqual(json.roles, ['manager@GAN', 'instructor@C-BAK']);

  const again = await admin.post(`/admin/users/${u.id}/roles`, { role: 'instructor', scope: 'C-BAK' });
  assert.equal(again.status, 422);
  assert.match(again.text, /The person already has this role/);
  const unknown = await admin.post(`/admin/users/${u.id}/roles`, { role: 'instructor', scope: 'C-NOPE' });
  assert.equal(unknown.status, 422);
  assert.match(unknown.text, /<a href="#scope">No centre has the code of this role<\/a>/);
  assert.match(unknown.text, /value="C-NOPE"/);

  const page = await admin.get(`/admin/users/${u.id}`);
  const rid = page.text.match(/action="\/admin\/users\/\d+\/roles\/(\d+)\/delete"/)[1];
  const del = await admin.post(`/admin/users/${u.id}/roles/${rid}/delete`);
  assert.equal(del.status, 303);
  json = (await adminApi.get(`/api/v1/users/${u.id}`)).json;
  assert.deepEqual(json.roles, ['instructor@C-BAK']);
  assert.equal((await admin.post(`/admin/users/${u.id}/roles/999999/delete`)).status, 404);
});

test('suspending asks first; a suspended person cannot sign in until activated', async () => {
  server.addUser({ email: 'sam@example.org', name: 'Sam Suspend' });
  const id = (await adminApi.get('/api/v1/users/sam@example.org')).json.id;
  const confirm = await admin.get(`/admin/users/${id}/suspend`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /<h1>Suspend Sam Suspend\?<\/h1>/);
  assert.match(confirm.text, /Yes, suspend this person/);
  assert.equal((await adminApi.get(`/api/v1/users/${id}`)).json.status, 'active', 'the confirmation page changes nothing');

  const r = await admin.post(`/admin/users/${id}/suspend`);
  assert.equal(r.status, 303);
  assert.match((await admin.get(r.location)).text, /The person has been suspended/);
  assert.equal((await adminApi.get(`/api/v1/users/${id}`)).json.status, 'suspended');
  const sam = server.browser();
  await sam.get('/login');
  assert.equal((await sam.post('/login', { email: 'sam@example.org', password: 'correct horse battery' })).status, 403);

  assert.equal((await admin.post(`/admin/users/${id}/activate`)).status, 303);
  assert.equal((await adminApi.get(`/api/v1/users/${id}`)).json.status, 'active');
  await sam.login('sam@example.org', 'correct horse battery');

  // nobody suspends themselves
  const adminId = (await adminApi.get('/api/v1/me')).json.id;
  assert.equal((await admin.post(`/admin/users/${adminId}/suspend`)).status, 422);
});

test('an admin sets a password: Argon2id, the person becomes active, and all of it is audited', async () => {
  const u = (await adminApi.post('/api/v1/users', { email: 'pat@example.org', full_name: 'Pat Pending', centre: 'C-BAK' })).json;
  assert.equal(u.status, 'pending');
  const short = await admin.post(`/admin/users/${u.id}/password`, { password: 'short' });
  assert.equal(short.status, 422);
  assert.match(short.text, /Use at least 10 characters/);
  const r = await admin.post(`/admin/users/${u.id}/password`, { password: 'pat has a long password' });
  assert.equal(r.status, 303);
  assert.equal((await adminApi.get(`/api/v1/users/${u.id}`)).json.status, 'active');
  const hash = sql(server, `SELECT password_hash FROM users WHERE id = ${u.id}`);
  assert.match(hash, /^\$argon2id\$v=19\$m=\d+,t=\d+,p=\d+\$/);
  const pat = server.browser();
  await pat.login('pat@example.org', 'pat has a long password');

  // a manager may not set passwords
  server.addUser({ email: 'manager2@example.org', name: 'M2', role: 'manager@C-BAK' });
  const mgr = server.browser();
  await mgr.login('manager2@example.org', 'correct horse battery');
  assert.equal((await mgr.post(`/admin/users/${u.id}/password`, { password: 'another long password' })).status, 403);

  await admin.post(`/admin/users/${u.id}`, person({ email: 'pat@example.org', full_name: 'Pat Active', centre: 'C-BAK2' }));
  const actions = sql(server, `SELECT action FROM audit_events WHERE object_type = 'user' AND object_id = '${u.id}' ORDER BY id`).split('\n');
  assert.deepEqual(actions, ['user.create', 'user.password', 'login', 'user.update']);
  const update = JSON.parse(sql(server, `SELECT changes FROM audit_events WHERE action = 'user.update' AND object_id = '${u.id}'`));
  assert.deepEqual(update, {
    centre: { before: 'C-BAK', after: 'C-BAK2' },
    full_name: { before: 'Pat Pending', after: 'Pat Active' },
  });
  const pw = JSON.parse(sql(server, `SELECT changes FROM audit_events WHERE action = 'user.password' AND object_id = '${u.id}'`));
  assert.deepEqual(pw.status, { before: 'pending', after: 'active' });
  const all = sql(server, 'SELECT changes FROM audit_events');
  assert.doesNotMatch(all, /argon2|pat has a long password|correct horse/);
  const kinds = new Set(sql(server, 'SELECT DISTINCT action FROM audit_events').split('\n'));
  for (const k of ['user.create', 'user.update', 'user.suspend', 'user.activate', 'role.add', 'role.remove', 'user.password']) {
    assert.ok(kinds.has(k), `audit has ${k}`);
  }
});

test('a person sees their account, changes their password and language', async () => {
  server.addUser({ email: 'olga@example.org', name: 'Olga Learner', role: 'learner' });
  const olga = server.browser();
  await olga.login('olga@example.org', 'correct horse battery');
  const page = await olga.get('/account');
  assert.equal(page.status, 200);
  assert.match(page.text, /Olga Learner/);
  assert.match(page.text, /olga@example.org/);
  assert.match(page.text, /<span class="tag">learner<\/span>/);
  assert.equal((await olga.get('/admin/users')).status, 403);

  const wrong = await olga.post('/account/password', { current_password: 'not my password', new_password: 'a new long password', confirm_password: 'a new long password' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /<a href="#current_password">Your current password is wrong<\/a>/);
  const differ = await olga.post('/account/password', { current_password: 'correct horse battery', new_password: 'a new long password', confirm_password: 'another one' });
  assert.equal(differ.status, 422);
  assert.match(differ.text, /The two new passwords are not the same/);

  const ok = await olga.post('/account/password', { current_password: 'correct horse battery', new_password: 'a new long password', confirm_password: 'a new long password' });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/account');
  assert.match((await olga.get('/account')).text, /Your password has been changed/);
  const again = server.browser();
  await again.get('/login');
  assert.equal((await again.post('/login', { email: 'olga@example.org', password: 'correct horse battery' })).status, 401);
  await again.login('olga@example.org', 'a new long password');

  const lang = await olga.post('/account/language', { lang: 'ru' });
  assert.equal(lang.status, 303);
  const ru = await olga.get('/account');
  assert.match(ru.text, /<html lang="ru">/);
  const api = server.apiAs('olga@example.org');
  assert.equal((await api.get('/api/v1/me')).json.language, 'ru');
  assert.equal((await olga.post('/account/language', { lang: 'xx' })).status, 422);
});

test('dars user add checks its input and exits 2 on bad values', () => {
  const bad = server.cli(['user', 'add', '--email', 'x@example.org', '--name', 'X', '--role', 'manager']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^dars: --role: a manager needs a centre or region/m);
  const usage = server.cli(['user', 'add', '--name', 'X']);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /needs --email and --name/);
  const ok = server.cli(['user', 'add', '--email', 'cli@example.org', '--name', 'Cli Person', '--role', 'instructor@C-GAN',
    '--role', 'mentor', '--centre', 'C-GAN', '--organisation', 'MDDT', '--language', 'uz', '--position', 'Teacher']);
  assert.equal(ok.code, 0, ok.stderr);
  const row = sql(server, "SELECT status, language, position, password_hash IS NULL FROM users WHERE email = 'cli@example.org'");
  assert.equal(row, `pending|uz|Teacher|${ENGINE === 'sqlite' ? '1' : 't'}`);
});

test('the list pages by 50, keeps its filters from page to page, and filters by status, role and centre', async () => {
  let csv = 'email,full_name,centre,role\n';
  for (let i = 0; i < 55; i++) csv += `page${i}@example.org,Paged Person ${String(i).padStart(2, '0')},C-BAK2,${i < 3 ? 'mentor' : 'learner'}\n`;
  const { writeFileSync } = await import('node:fs');
  const path = `${server.dir}/paged.csv`;
  writeFileSync(path, csv);
  assert.equal(server.cli(['user', 'import', path]).code, 0);

  const first = await admin.get('/admin/users?q=paged+person');
  assert.match(first.text, /<caption>55 people<\/caption>/);
  assert.equal((first.text.match(/<tr>\s*<td>(?:<input [^>]*>)?<\/td>\s*<td><a href="\/admin\/users\/\d+">Paged Person/g) || []).length, 50);
  assert.match(first.text, /Page 1 of 2 · 55 in all/);
  const next = first.text.match(/<a href="([^"]+)" rel="next">/)[1].replaceAll('&amp;', '&');
  assert.match(next, /page=2/);
  assert.match(next, /q=paged%20person/);
  const second = await admin.get(next);
  assert.equal((second.text.match(/<td><a href="\/admin\/users\/\d+">Paged Person/g) || []).length, 5);
  assert.match(second.text, /Paged Person 54/);
  assert.match((await admin.get('/admin/users?q=paged+person&page=9')).text, /There is nobody on this page/);

  const mentors = await admin.get('/admin/users?q=paged&role=mentor');
  assert.match(mentors.text, /<caption>3 people<\/caption>/);
  const pending = await admin.get('/admin/users?q=paged&status=pending&centre=C-BAK2');
  assert.match(pending.text, /<caption>55 people<\/caption>/);
  assert.match((await admin.get('/admin/users?q=paged&status=active')).text, /No people match your search/);
  assert.match((await admin.get('/admin/users?q=paged&centre=C-GAN')).text, /No people match your search/);
  // LIKE wildcards in q are taken literally
  assert.match((await admin.get('/admin/users?q=%25')).text, /No people match your search/);
});
