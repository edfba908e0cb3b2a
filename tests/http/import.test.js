// Importing people from CSV: `dars user import` (all or nothing, or
// --skip-invalid) and the web import at /admin/users/import (upload,
// preview, confirm).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, ENGINE } from '../lib/dars.js';

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
      ('C-GAN', 'Ganja Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', '${T}', '${T}')`);
  sql(server, `INSERT INTO organisations (code, name, created_at, updated_at) VALUES
      ('MDDT', 'Ministry of Digital Development and Transport', '${T}', '${T}'),
      ('ASAN', 'ASAN Service', '${T}', '${T}')`);
}

const HEADER = 'email,full_name,organisation,position,centre,role,language\n';
const count = (server, where = '1 = 1') => Number(sql(server, `SELECT COUNT(*) FROM users WHERE ${where}`));

let server, admin;

before(async () => {
  server = await startDars();
  seed(server);
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  server.addUser({ email: 'taken@example.org', name: 'Already Here' });
  admin = server.browser();
  await admin.login('admin@example.org', 'correct horse battery');
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /Sanitizer|runtime error/);
});

function file(name, text) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return path;
}

test('one bad row: the CLI names it, exits 1 and imports nothing', () => {
  const before = count(server);
  const path = file('one-bad.csv', HEADER +
    'aysel@example.org,Aysel Aliyeva,MDDT,Analyst,C-BAK,learner,az\n' +
    'kamal@example.org,Kamal Karimov,,,C-NOWHERE,learner,\n' +
    'farid@example.org,Farid Huseynov,,,C-GAN,mentor,ru\n');
  const r = server.cli(['user', 'import', path]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr.split('\n')[0], `${path}:3: unknown centre 'C-NOWHERE'`);
  assert.doesNotMatch(r.stdout, /imported/);
  assert.equal(count(server), before);
});

test('every kind of bad row gets its own FILE:LINE: reason', () => {
  const before = count(server);
  const path = file('many-bad.csv', HEADER +
    'good@example.org,Good Person,ASAN Service,,C-BAK,instructor,en\n' +   // 2
    'not-an-email,No Mail,,,C-BAK,learner,en\n' +                         // 3
    'GOOD@example.org,Same Again,,,C-BAK,learner,en\n' +                  // 4
    'Taken@Example.org,Already,,,C-BAK,learner,en\n' +                    // 5
    'org@example.org,Org Person,NO-SUCH-ORG,,C-BAK,learner,en\n' +        // 6
    'role@example.org,Role Person,,,C-BAK,chief,en\n' +                   // 7
    'noname@example.org,,,,C-BAK,learner,en\n' +                          // 8
    'lang@example.org,Lang Person,,,C-BAK,learner,fr\n' +                 // 9
    'short@example.org,Short Row\n' +                                     // 10
    'mgr@example.org,Manager No Centre,,,,manager,en\n');                // 11
  const r = server.cli(['user', 'import', path]);
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1), [
    `${path}:3: malformed e-mail 'not-an-email'`,
    `${path}:4: e-mail 'GOOD@example.org' is also on line 2`,
    `${path}:5: e-mail 'Taken@Example.org' is already registered`,
    `${path}:6: unknown organisation 'NO-SUCH-ORG'`,
    `${path}:7: unknown role 'chief'`,
    `${path}:8: missing full_name`,
    `${path}:9: unknown language 'fr'`,
    `${path}:10: expected 7 fields, found 2`,
    `${path}:11: role 'manager' needs a centre`,
  ]);
  assert.match(lines.at(-1), /^dars: nothing imported: 9 invalid rows/);
  assert.equal(count(server), before);

  const noColumn = file('no-column.csv', 'email,organisation\na@example.org,MDDT\n');
  const r2 = server.cli(['user', 'import', noColumn]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, new RegExp(`^${noColumn}:1: missing column 'full_name'$`, 'm'));
  const unknownColumn = file('unknown-column.csv', 'email,full_name,phone\n');
  assert.match(server.cli(['user', 'import', unknownColumn]).stderr, /:1: unknown column 'phone'/);
  const quotes = file('quotes.csv', HEADER + 'q@example.org,"Broken "quote,,,,,\n');
  const r3 = server.cli(['user', 'import', quotes]);
  assert.equal(r3.code, 1);
  assert.match(r3.stderr, /quotes\.csv:2: malformed CSV/);
  assert.equal(server.cli(['user', 'import']).code, 2);
  assert.equal(server.cli(['user', 'import', path, '--bogus']).code, 2);
  const missing = server.cli(['user', 'import', join(server.dir, 'none.csv')]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^dars: cannot open '.*none\.csv': No such file or directory$/m);
});

test('--skip-invalid imports the valid rows in one go and reports the skipped', () => {
  const path = file('skip.csv', HEADER +
    'nigar@example.org,Nigar Mammadli,MDDT,Director,C-BAK,manager,en\n' +
    'bad-row,Bad Row,,,C-BAK,learner,\n' +
    'elvin@example.org,Elvin Guliyev,ASAN Service,,c-gan,instructor,az\n' +
    'mentor@example.org,Mira Mentor,,,,mentor,\n');
  const r = server.cli(['user', 'import', path, '--skip-invalid']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /skip\.csv:3: malformed e-mail 'bad-row'/);
  assert.match(r.stdout, /^imported 3 users$/m);
  assert.match(r.stdout, /^skipped 1 invalid row$/m);
  const rows = sql(server, `SELECT u.email, u.status, COALESCE(c.code, '-'), u.language, u.password_hash IS NULL
      FROM users u LEFT JOIN centres c ON c.id = u.centre_id
      WHERE u.email IN ('nigar@example.org', 'elvin@example.org', 'mentor@example.org') ORDER BY u.email`);
  const yes = ENGINE === 'sqlite' ? '1' : 't';
  assert.deepEqual(rows.split('\n'), [
    `elvin@example.org|pending|C-GAN|az|${yes}`,
    `mentor@example.org|pending|-|en|${yes}`,
    `nigar@example.org|pending|C-BAK|en|${yes}`,
  ]);
  const roles = sql(server, `SELECT u.email, r.role, COALESCE(c.code, '-') FROM role_assignments r
      JOIN users u ON u.id = r.user_id LEFT JOIN centres c ON c.id = r.centre_id
      WHERE u.email IN ('nigar@example.org', 'elvin@example.org', 'mentor@example.org') ORDER BY u.email`);
  assert.deepEqual(roles.split('\n'), [
    'elvin@example.org|instructor|C-GAN', 'mentor@example.org|mentor|-', 'nigar@example.org|manager|C-BAK',
  ]);
  const audit = JSON.parse(sql(server, "SELECT changes FROM audit_events WHERE action = 'user.import' ORDER BY id DESC LIMIT 1"));
  assert.equal(audit.count.after, 3);
  assert.deepEqual(audit.emails.after, ['nigar@example.org', 'elvin@example.org', 'mentor@example.org']);
  assert.equal(sql(server, "SELECT actor FROM audit_events WHERE action = 'user.import' ORDER BY id DESC LIMIT 1"), 'cli');
});

test('UTF-8 with a BOM, quoted fields and CRLF import; text that is not UTF-8 is refused', () => {
  const text = '\uFEFF' + HEADER.replace('\n', '\r\n') +
    '"ali@example.org","Əli Həsənov","Ministry of Digital Development and Transport","Head, ""e-gov"" unit",C-BAK,learner,az\r\n' +
    'multi@example.org,"Multi\r\nLine",,,C-BAK,,\r\n' +
    'after@example.org,After Multi,,,C-BAK,,\r\n';
  const r = server.cli(['user', 'import', file('utf8.csv', text)]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /imported 3 users/);
  assert.equal(sql(server, "SELECT full_name || '|' || position FROM users WHERE email = 'ali@example.org'"), 'Əli Həsənov|Head, "e-gov" unit');

  const bad = Buffer.concat([Buffer.from(HEADER + 'ok@example.org,Ok,,,C-BAK,,\n' + 'latin1@example.org,'), Buffer.from([0x4a, 0xfc, 0x72, 0x67, 0x65, 0x6e]), Buffer.from(',,,C-BAK,,\n')]);
  const path = join(server.dir, 'latin1.csv');
  writeFileSync(path, bad);
  const r2 = server.cli(['user', 'import', path]);
  assert.equal(r2.code, 1);
  assert.match(r2.stderr, /latin1\.csv:3: not valid UTF-8/);
  assert.equal(count(server, "email = 'ok@example.org'"), 0);
  // multi-line records keep the line numbers right
  const lines = file('lines.csv', HEADER + 'a1@example.org,"Two\nLines",,,C-BAK,,\n\nbad-mail,X,,,C-BAK,,\n');
  assert.match(server.cli(['user', 'import', lines]).stderr, /lines\.csv:5: malformed e-mail 'bad-mail'/);
});

test('10,000 rows import in one transaction', () => {
  let text = HEADER;
  for (let i = 0; i < 10000; i++) {
    text += `bulk${i}@example.org,Bulk Learner ${i},MDDT,,${i % 2 ? 'C-BAK' : 'C-GAN'},${i % 10 ? 'learner' : 'instructor'},${['en', 'ru', 'az', 'uz'][i % 4]}\n`;
  }
  const path = file('bulk.csv', text);
  const t0 = Date.now();
  const r = server.cli(['user', 'import', path]);
  const ms = Date.now() - t0;
  console.log(`# imported 10,000 rows on ${ENGINE} in ${ms} ms (sanitizer build)`);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^imported 10000 users$/m);
  assert.equal(count(server, "email LIKE 'bulk%'"), 10000);
  assert.equal(Number(sql(server, "SELECT COUNT(*) FROM role_assignments WHERE role = 'instructor'")), 1000 + 1 /* elvin */);
  // a second run finds every e-mail taken and imports nothing
  const again = server.cli(['user', 'import', path]);
  assert.equal(again.code, 1);
  assert.equal(again.stderr.split('\n').filter((l) => l.includes('is already registered')).length, 10000);
});

test('the web import previews every row, imports nothing until confirmed, then imports', async () => {
  server.addUser({ email: 'admin2@example.org', name: 'Other Admin', role: 'admin' });
  const before = count(server);
  const form = await admin.get('/admin/users/import');
  assert.equal(form.status, 200);
  assert.match(form.text, /enctype="multipart\/form-data"/);
  const csv = HEADER +
    'web1@example.org,Web One,MDDT,,C-BAK,learner,en\n' +
    'web2@example.org,Web Two,,,C-NOWHERE,learner,en\n' +
    'web3@example.org,Web Three,,,C-GAN,instructor,ru\n';
  const up = await admin.upload('/admin/users/import', {}, { file: { name: 'people.csv', content: csv } });
  assert.equal(up.status, 303, up.text.slice(0, 300));
  assert.match(up.location, /^\/admin\/users\/import\/\d+$/);

  const preview = await admin.get(up.location);
  assert.equal(preview.status, 200);
  assert.match(preview.text, /Check the file people\.csv/);
  assert.match(preview.text, /<td class="num">2<\/td><td>web1@example.org<\/td><td>Web One<\/td><td>C-BAK<\/td><td>learner<\/td>\s*<td>Ready<\/td>/);
  assert.match(preview.text, /<tr class="row-error">\s*<td class="num">3<\/td><td>web2@example.org<\/td>.*?<span class="error-message">No centre has this code<\/span>/s);
  assert.match(preview.text, /<dt>Rows ready to import<\/dt><dd>2<\/dd>/);
  assert.match(preview.text, /<dt>Rows with a problem<\/dt><dd>1<\/dd>/);
  assert.match(preview.text, /Import 2 valid people/);
  assert.match(preview.text, /fix them in the file and upload it again/);
  assert.equal(count(server), before, 'the preview imports nothing');

  // only the uploader may see or confirm it
  const other = server.browser();
  await other.login('admin2@example.org', 'correct horse battery');
  assert.equal((await other.get(up.location)).status, 403);
  assert.equal((await other.post(up.location)).status, 403);
  assert.equal(count(server), before);

  const ok = await admin.post(up.location);
  assert.equal(ok.status, 303);
  const done = await admin.get(ok.location);
  assert.match(done.text, /<h1>2 people imported<\/h1>/);
  assert.equal(count(server), before + 2);
  assert.equal(count(server, "email IN ('web1@example.org', 'web3@example.org') AND status = 'pending'"), 2);
  assert.equal(count(server, "email = 'web2@example.org'"), 0);
  // confirming again imports nothing more
  assert.equal((await admin.post(up.location)).status, 303);
  assert.equal(count(server), before + 2);
  const audit = JSON.parse(sql(server, "SELECT changes FROM audit_events WHERE action = 'user.import' ORDER BY id DESC LIMIT 1"));
  assert.deepEqual(audit.emails.after, ['web1@example.org', 'web3@example.org']);
  assert.equal(sql(server, "SELECT actor FROM audit_events WHERE action = 'user.import' ORDER BY id DESC LIMIT 1"), 'admin@example.org');

  const empty = await admin.upload('/admin/users/import', {}, {});
  assert.equal(empty.status, 422);
  assert.match(empty.text, /<a href="#file">Choose a CSV file<\/a>/);
  const broken = await admin.upload('/admin/users/import', {}, { file: { name: 'x.csv', content: 'name,phone\n' } });
  const brokenPage = await admin.get(broken.location);
  assert.equal(brokenPage.status, 422);
  assert.match(brokenPage.text, /The file cannot be imported/);
  assert.doesNotMatch(brokenPage.text, /Import \d+ valid people/);
});

test("a manager's import may use only the centres in their scope", async () => {
  server.addUser({ email: 'manager@example.org', name: 'Mina Manager', role: 'manager@C-BAK' });
  const mgr = server.browser();
  await mgr.login('manager@example.org', 'correct horse battery');
  const csv = HEADER +
    'scope1@example.org,In Scope,,,C-BAK,instructor,en\n' +
    'scope2@example.org,Out Of Scope,,,C-GAN,learner,en\n' +
    'scope3@example.org,No Centre,,,,learner,en\n' +
    'scope4@example.org,Wants Admin,,,C-BAK,admin,en\n' +
    'scope5@example.org,Region Manager,,,C-BAK,manager@BAK,en\n';
  const up = await mgr.upload('/admin/users/import', {}, { file: { name: 'mine.csv', content: csv } });
  assert.equal(up.status, 303);
  const preview = await mgr.get(up.location);
  assert.match(preview.text, /Out Of Scope<\/td>.*?The centre is outside your scope/s);
  assert.match(preview.text, /No Centre<\/td>.*?Choose a centre in your scope/s);
  assert.match(preview.text, /Wants Admin<\/td>.*?You may not give this role/s);
  assert.match(preview.text, /Region Manager<\/td>.*?You may not give this role/s);
  assert.match(preview.text, /Import 1 valid person</);
  const ok = await mgr.post(up.location);
  assert.equal(ok.status, 303);
  assert.match((await mgr.get(ok.location)).text, /<h1>1 person imported<\/h1>/);
  assert.equal(count(server, "email LIKE 'scope%'"), 1);
  assert.equal(count(server, "email = 'scope1@example.org'"), 1);
});
