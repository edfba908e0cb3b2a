// Invitations (issue 12): imported people are pending; an invitation e-mails
// them a link that sets a password, activates the account and signs them in.
// Sent from the CSV import, the people list, a person's page, the API and
// `dars user invite`; the list shows each person's invitation state.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, mainOf } from '../lib/dars.js';
import { startSmtp } from '../lib/smtp.js';
import { mailsTo, until } from '../lib/mime.js';

const PW = 'correct horse battery';
const NEW_PW = 'my own first password';
const SITE = 'https://dars.example';
const T = '2026-01-01T00:00:00Z';
const HEADER = 'email,full_name,organisation,position,centre,role,language\n';

let server, smtp, admin;

before(async () => {
  // the command line builds its links from it too
  process.env.DARS_PUBLIC_URL = SITE;
  smtp = await startSmtp();
  server = await startDars({ env: { DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DARS_PUBLIC_URL: SITE } });
  server.sql(`INSERT INTO regions (code, name, created_at, updated_at) VALUES
      ('BAK', 'Baku', '${T}', '${T}'), ('GAN', 'Ganja', '${T}', '${T}')`);
  server.sql(`INSERT INTO centres (code, name, region_id, kind, created_at, updated_at) VALUES
      ('C-BAK', 'Baku Digital Centre', (SELECT id FROM regions WHERE code = 'BAK'), 'regional', '${T}', '${T}'),
      ('C-GAN', 'Ganja Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', '${T}', '${T}')`);
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  server.addUser({ email: 'man.bak@example.org', name: 'Murad Manager', role: 'manager@C-BAK' });
  admin = server.browser();
  await admin.login('admin@example.org', PW);
});

after(async () => {
  const { stderr } = await server.stop();
  await smtp.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const pathOf = (url) => url.slice(SITE.length);

async function invitationTo(email, n = 1) {
  const all = await until(() => {
    const m = mailsTo(smtp, email).filter((x) => x.link(/\/invitations\//));
    return m.length >= n ? m : null;
  });
  return all[n - 1];
}

const stateOf = (email) => server.sql(`SELECT status FROM users WHERE email = '${email}'`)[0][0];

async function importCsv(rows, invite) {
  const up = await admin.upload('/admin/users/import', invite ? { invite: '1' } : {},
    { file: { name: 'people.csv', content: HEADER + rows } });
  assert.equal(up.status, 303);
  const preview = await admin.get(up.location);
  assert.equal(preview.status, 200);
  if (invite) assert.match(preview.text, /name="invite" value="1" checked/);
  const id = up.location.match(/import\/(\d+)/)[1];
  const done = await admin.post(`/admin/users/import/${id}`, invite ? { invite: '1' } : {});
  assert.equal(done.status, 303);
}

test('import a CSV with invitations, open the link from the e-mail, set a password, sign in', async () => {
  const page = await admin.get('/admin/users/import');
  assert.match(page.text, /<input type="checkbox" id="invite" name="invite" value="1"[^>]*> Send invitations/);
  assert.doesNotMatch(page.text, /name="invite"[^>]* checked/);
  await importCsv('aysel@example.org,Aysel Aliyeva,,Analyst,C-BAK,learner,en\n' +
    'boris@example.org,Борис Петров,,,C-GAN,learner,ru\n', true);
  assert.equal(stateOf('aysel@example.org'), 'pending');
  const m = await invitationTo('aysel@example.org');
  assert.equal(m.subject, 'Your invitation to Dars');
  assert.match(m.text, /^You are invited to Dars, the education system at https:\/\/dars\.example\./);
  assert.match(m.text, /Name: Aysel Aliyeva/);
  assert.deepEqual(m.parts.map((p) => p.type.split(';')[0]), ['text/plain', 'text/html']);
  const url = m.link(/\/invitations\//);
  assert.match(url, /^https:\/\/dars\.example\/invitations\/[A-Za-z0-9_-]{43}$/);
  assert.ok(m.html.includes(`<a href="${url}">`));
  assert.doesNotMatch(m.html, /<img|<script|src=/i);
  // in the person's language
  const ru = await invitationTo('boris@example.org');
  assert.equal(ru.subject, 'Ваше приглашение в Dars');

  const person = server.browser();
  const form = await person.get(pathOf(url));
  assert.equal(form.status, 200);
  assert.match(form.text, /Welcome to Dars/);
  assert.match(form.text, /aysel@example\.org/);
  const bad = await person.post(pathOf(url), { new_password: 'short', confirm_password: 'short' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Use at least 10 characters/);
  const ok = await person.post(pathOf(url), { new_password: NEW_PW, confirm_password: NEW_PW });
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/');
  // signed in at once
  const account = await person.get('/account');
  assert.equal(account.status, 200);
  assert.match(account.text, /aysel@example\.org/);
  assert.equal(stateOf('aysel@example.org'), 'active');
  await server.browser().login('aysel@example.org', NEW_PW);
  // the used link says so plainly
  const used = await server.browser().get(pathOf(url));
  assert.equal(used.status, 410);
  assert.match(used.text, /This link has already been used/);
  assert.match(used.text, /Ask the person who invited you to send a new invitation/);
  // the list shows accepted and sent
  const list = mainOf((await admin.get('/admin/users')).text);
  assert.match(list, /Aysel Aliyeva<\/a><\/td>(?:(?!<\/tr>)[\s\S])*class="invitation-accepted">Accepted</);
  assert.match(list, /Борис Петров<\/a><\/td>(?:(?!<\/tr>)[\s\S])*class="invitation-sent">Sent on /);
  // audited without the token
  const token = url.split('/').pop();
  const audit = server.sql("SELECT action, changes FROM audit_events WHERE action IN ('user.invite', 'user.invitation_accepted') ORDER BY id");
  assert.deepEqual(audit.map((a) => a[0]), ['user.invite', 'user.invite', 'user.invitation_accepted']);
  assert.ok(!server.sql('SELECT changes, object_id FROM audit_events').flat().join('\n').includes(token));
  assert.ok(!server.accessLog.join('\n').includes(token), 'token in the access log');
  assert.match(server.accessLog.join('\n'), /"\/invitations\/\*\*\*"/);
});

test('importing without the tick box sends nothing', async () => {
  await importCsv('quiet@example.org,Quiet Person,,,C-BAK,learner,\n', false);
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(server.sql("SELECT COUNT(*) FROM outbox WHERE to_addr = 'quiet@example.org'")[0][0], '0');
  const list = mainOf((await admin.get('/admin/users?q=quiet')).text);
  assert.match(list, /class="invitation-not-sent">Not sent</);
});

test('an expired link is refused plainly; sending again replaces the old link', async () => {
  server.cli(['user', 'add', '--email', 'exp@example.org', '--name', 'Emin Expired', '--centre', 'C-BAK']);
  const b = await admin.get('/admin/users?q=emin');
  const id = b.text.match(/href="\/admin\/users\/(\d+)">Emin Expired/)[1];
  const page = await admin.get(`/admin/users/${id}`);
  assert.match(page.text, /Send an invitation/);
  const sent = await admin.post(`/admin/users/${id}/invitation`, {});
  assert.equal(sent.status, 303);
  const first = (await invitationTo('exp@example.org')).link(/\/invitations\//);
  server.sql(`UPDATE user_links SET expires_at = '2020-01-01T00:00:00Z' WHERE user_id = ${id}`);
  const r = await server.browser().get(pathOf(first));
  assert.equal(r.status, 410);
  assert.match(r.text, /This link has expired/);
  assert.match(mainOf((await admin.get('/admin/users?q=emin')).text), /class="invitation-expired">Expired</);
  assert.match((await admin.get(`/admin/users/${id}`)).text, /Send the invitation again/);
  await admin.post(`/admin/users/${id}/invitation`, {});
  const second = (await invitationTo('exp@example.org', 2)).link(/\/invitations\//);
  assert.notEqual(second, first);
  assert.equal((await server.browser().get(pathOf(first))).status, 404);
  assert.equal((await server.browser().get(pathOf(second))).status, 200);
});

test('two requests racing on one invitation: exactly one wins', async () => {
  server.cli(['user', 'add', '--email', 'race@example.org', '--name', 'Rena Race', '--centre', 'C-BAK']);
  assert.equal(server.cli(['user', 'invite', '--email', 'race@example.org'], '').code, 0);
  const url = (await invitationTo('race@example.org')).link(/\/invitations\//);
  const a = server.browser(), b = server.browser();
  await a.get(pathOf(url));
  await b.get(pathOf(url));
  const rs = await Promise.all([
    a.post(pathOf(url), { new_password: 'first racing password', confirm_password: 'first racing password' }),
    b.post(pathOf(url), { new_password: 'second racing password', confirm_password: 'second racing password' }),
  ]);
  assert.deepEqual(rs.map((r) => r.status).sort(), [303, 410]);
  const winner = rs[0].status === 303 ? 'first racing password' : 'second racing password';
  await server.browser().login('race@example.org', winner);
  assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'user.invitation_accepted' AND object_id = (SELECT CAST(id AS TEXT) FROM users WHERE email = 'race@example.org')")[0][0], '1');
});

test('a suspended person\'s invitation does nothing', async () => {
  server.cli(['user', 'add', '--email', 'susp@example.org', '--name', 'Sona Suspended', '--centre', 'C-BAK']);
  server.cli(['user', 'invite', '--email', 'susp@example.org']);
  const url = (await invitationTo('susp@example.org')).link(/\/invitations\//);
  server.sql("UPDATE users SET status = 'suspended' WHERE email = 'susp@example.org'");
  const b = server.browser();
  assert.equal((await b.get(pathOf(url))).status, 404);
  assert.equal((await b.post(pathOf(url), { new_password: NEW_PW, confirm_password: NEW_PW })).status, 404);
  assert.equal(stateOf('susp@example.org'), 'suspended');
});

test('the list invites the ticked people, and everyone pending shown after a confirmation', async () => {
  for (const [e, n, c] of [['t1@example.org', 'Tural One', 'C-GAN'], ['t2@example.org', 'Tural Two', 'C-GAN'], ['t3@example.org', 'Tural Three', 'C-GAN']])
    server.cli(['user', 'add', '--email', e, '--name', n, '--centre', c]);
  const list = await admin.get('/admin/users?q=tural');
  const ids = [...list.text.matchAll(/name="user" value="(\d+)"/g)].map((m) => m[1]);
  assert.equal(ids.length, 3);
  const one = server.sql("SELECT id FROM users WHERE email = 't1@example.org'")[0][0];
  const r = await admin.post('/admin/users/invitations', { user: [one] });
  assert.equal(r.status, 303);
  await invitationTo('t1@example.org');
  const confirm = await admin.get('/admin/users/invitations?q=tural&status=&centre=C-GAN&role=');
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /3 pending people will get an invitation by e-mail/);
  // the filters of who people are narrow it too (none of the three gave a gender)
  const women = await admin.get('/admin/users/invitations?q=tural&centre=C-GAN&gender=female');
  assert.match(women.text, /Nobody pending matches these filters/);
  const unknown = await admin.get('/admin/users/invitations?q=tural&centre=C-GAN&gender=unknown');
  assert.match(unknown.text, /3 pending people will get an invitation by e-mail/);
  assert.match(unknown.text, /name="gender" value="unknown"/);
  const all = await admin.post('/admin/users/invitations', { all: '1', q: 'tural', status: '', centre: 'C-GAN', role: '' });
  assert.equal(all.status, 303);
  await invitationTo('t1@example.org', 2);
  await invitationTo('t2@example.org');
  await invitationTo('t3@example.org');
  // active people get none
  const before = smtp.messages.length;
  const admins = server.sql("SELECT id FROM users WHERE email = 'admin@example.org'")[0][0];
  await admin.post('/admin/users/invitations', { user: [admins] });
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal(smtp.messages.length, before);
});

test('the API: 202 with the state, 409 when active, 403 out of scope, 404 unknown', async () => {
  server.cli(['user', 'add', '--email', 'api@example.org', '--name', 'Aydan Api', '--centre', 'C-BAK']);
  server.cli(['user', 'add', '--email', 'far@example.org', '--name', 'Farid Far', '--centre', 'C-GAN']);
  const api = server.apiAs('admin@example.org');
  const before = (await api.get('/api/v1/users/api@example.org')).json;
  assert.equal(before.invitation, 'not-sent');
  assert.equal(before.invitation_sent_at, null);
  const r = await api.post('/api/v1/users/api@example.org/invitation');
  assert.equal(r.status, 202, r.text);
  assert.equal(r.json.invitation, 'sent');
  assert.match(r.json.invitation_sent_at, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  await invitationTo('api@example.org');
  assert.equal((await api.get('/api/v1/users/api@example.org')).json.invitation, 'sent');
  const active = await api.post('/api/v1/users/admin@example.org/invitation');
  assert.equal(active.status, 409);
  assert.match(active.headers.get('content-type'), /application\/problem\+json/);
  assert.equal((await api.post('/api/v1/users/nobody@example.org/invitation')).status, 404);
  const manager = server.apiAs('man.bak@example.org');
  assert.equal((await manager.post('/api/v1/users/far@example.org/invitation')).status, 403);
  assert.equal((await manager.post('/api/v1/users/api@example.org/invitation')).status, 202);
  await invitationTo('api@example.org', 2);
});

test('dars user invite: exit codes and one line per problem', async () => {
  server.cli(['user', 'add', '--email', 'cli@example.org', '--name', 'Cavid Cli', '--centre', 'C-BAK']);
  const ok = server.cli(['user', 'invite', '--email', 'cli@example.org']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(ok.stdout, 'invited 1 user\n');
  await invitationTo('cli@example.org');
  const active = server.cli(['user', 'invite', '--email', 'admin@example.org']);
  assert.equal(active.code, 1);
  assert.equal(active.stderr, "dars: user 'admin@example.org' is not pending: no invitation sent\n");
  const unknown = server.cli(['user', 'invite', '--email', 'nobody@example.org']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, "dars: no user 'nobody@example.org'\n");
  assert.equal(server.cli(['user', 'invite']).code, 2);
  assert.equal(server.cli(['user', 'invite', '--email', 'cli@example.org', '--all-pending']).code, 2);
  const all = server.cli(['user', 'invite', '--all-pending']);
  assert.equal(all.code, 0, all.stderr);
  const pending = Number(server.sql("SELECT COUNT(*) FROM users WHERE status = 'pending'")[0][0]);
  assert.equal(all.stdout, `invited ${pending} users\n`);
  // without a public URL there is no link to send
  delete process.env.DARS_PUBLIC_URL;
  const r = server.cli(['user', 'invite', '--email', 'cli@example.org']);
  process.env.DARS_PUBLIC_URL = SITE;
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^dars: cannot send invitations: \[server\] public_url is not set/);
});

test('dars user import --invite', async () => {
  const path = join(server.dir, 'cli.csv');
  writeFileSync(path, HEADER + 'imported@example.org,Ilkin Imported,,,C-BAK,learner,az\n');
  const r = server.cli(['user', 'import', path, '--invite']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, 'imported 1 users\ninvited 1 users\n');
  const m = await invitationTo('imported@example.org');
  assert.ok(m.link(/\/invitations\//).startsWith(`${SITE}/invitations/`));
});
