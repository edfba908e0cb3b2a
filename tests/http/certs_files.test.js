// A certificate's files: the PDF (read back with poppler's pdftotext and
// pdffonts, and its QR code with pdftoppm and zbarimg) for the holder and the
// course's managers only; the Open Badges 3.0 credential verified with an
// independent library (jose) against /.well-known/jwks.json, gone once
// revoked; keys rotated with the old one still published.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRemoteJWKSet, jwtVerify, decodeProtectedHeader, createLocalJWKSet } from 'jose';
import { startDars, apiOk } from '../lib/dars.js';

const SITE = 'https://dars.test.example';
const PW = 'correct horse battery';
let server, adminApi;

// A certificate row as the issuing part writes it (the PDF not yet drawn).
function insertCert({ code, number, email, holder, course, centre, language = 'en', status = 'valid', expires = null }) {
  const q = (s) => (s === null ? 'NULL' : `'${s.replace(/'/g, "''")}'`);
  server.sql(`INSERT INTO certificates (code, number, user_id, holder, course_id, centre_id, title,
      language, hours, issued_at, expires_at, status, revoked_at, created_at, updated_at)
    SELECT ${q(code)}, ${q(number)}, u.id, ${q(holder)}, c.id, ce.id, c.title, ${q(language)}, 24,
      '2026-03-01T09:00:00Z', ${q(expires)}, ${q(status)},
      ${status === 'revoked' ? "'2026-04-01T09:00:00Z'" : 'NULL'},
      '2026-03-01T09:00:00Z', '2026-03-01T09:00:00Z'
    FROM users u, courses c, centres ce
    WHERE u.email = ${q(email)} AND c.code = ${q(course)} AND ce.code = ${q(centre)}`);
}

async function pdfOf(browser, code) {
  const res = await fetch(`${server.url}/certificates/${code}.pdf`, {
    headers: { cookie: browser.cookieHeader() }, redirect: 'manual',
  });
  return { status: res.status, type: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}

function tool(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  assert.equal(r.status, 0, `${cmd}: ${r.stderr}`);
  return r.stdout;
}

before(async () => {
  server = await startDars({ env: { DARS_PUBLIC_URL: SITE } });
  server.addUser({ email: 'admin@test.example', role: 'admin' });
  adminApi = server.apiAs('admin@test.example');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Bakı Rəqəmsal Mərkəz', region: 'BAK', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-GAN', name: 'Gəncə', region: 'BAK', kind: 'regional' }));
  await apiOk(adminApi.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming',
    delivery: 'online', status: 'published', centre: 'C-BAK',
  }));
  server.addUser({ email: 'aynur@test.example', name: 'Aynur Məmmədova' });
  server.addUser({ email: 'anna@test.example', name: 'Анна Кузнецова' });
  server.addUser({ email: 'minjun@test.example', name: '김민준' });
  server.addUser({ email: 'other@test.example', name: 'Other Learner' });
  server.addUser({ email: 'mgr@test.example', role: 'manager@C-BAK' });
  server.addUser({ email: 'far@test.example', role: 'manager@C-GAN' });
  insertCert({ code: 'AZCODE0000000001', number: 'C-BAK/2026/000001', email: 'aynur@test.example', holder: 'Aynur Məmmədova Ağayeva', course: 'PY-101', centre: 'C-BAK', language: 'az', expires: '2028-03-01T09:00:00Z' });
  insertCert({ code: 'RUCODE0000000002', number: 'C-BAK/2026/000002', email: 'anna@test.example', holder: 'Анна Сергеевна Кузнецова', course: 'PY-101', centre: 'C-BAK', language: 'ru' });
  insertCert({ code: 'KOCODE0000000003', number: 'C-BAK/2026/000003', email: 'minjun@test.example', holder: '김민준', course: 'PY-101', centre: 'C-BAK', language: 'en' });
  insertCert({ code: 'REVOKED000000004', number: 'C-BAK/2026/000004', email: 'other@test.example', holder: 'Other Learner', course: 'PY-101', centre: 'C-BAK', status: 'revoked' });
});

after(async () => { await server?.stop(); });

describe('the PDF', () => {
  test('names in Azerbaijani, Russian and Korean come out as written, with every font embedded and the QR code holding the verify URL', async () => {
    const cases = [
      ['aynur@test.example', 'AZCODE0000000001', 'Aynur Məmmədova Ağayeva'],
      ['anna@test.example', 'RUCODE0000000002', 'Анна Сергеевна Кузнецова'],
      ['minjun@test.example', 'KOCODE0000000003', '김민준'],
    ];
    for (const [email, code, holder] of cases) {
      const b = server.browser();
      await b.login(email, PW);
      const r = await pdfOf(b, code);
      assert.equal(r.status, 200);
      assert.equal(r.type, 'application/pdf');
      assert.equal(r.body.subarray(0, 5).toString(), '%PDF-');
      const file = join(server.dir, `${code}.pdf`);
      writeFileSync(file, r.body);
      const text = tool('pdftotext', ['-enc', 'UTF-8', file, '-']);
      assert.ok(text.includes(holder), `${holder} not in ${text}`);
      assert.ok(text.includes('Python for beginners'), text);
      assert.ok(text.includes(code), text);
      const fonts = tool('pdffonts', [file]).split('\n').slice(2).filter(Boolean);
      assert.ok(fonts.length > 0);
      for (const line of fonts) assert.equal(line.split(/\s+/).at(-5), 'yes', `not embedded: ${line}`);
      tool('pdftoppm', ['-r', '150', '-png', '-singlefile', file, join(server.dir, code)]);
      const qr = spawnSync('zbarimg', ['--quiet', '--raw', join(server.dir, `${code}.png`)], { encoding: 'utf8' });
      assert.equal(qr.stdout.trim(), `${SITE}/verify/${code}`);
    }
  });

  test('the PDF is kept as drawn: a later template does not change an issued one', async () => {
    const b = server.browser();
    await b.login('aynur@test.example', PW);
    const first = await pdfOf(b, 'AZCODE0000000001');
    server.sql(`INSERT INTO certificate_templates (course_id, body, colour, created_at, updated_at)
      SELECT id, 'A new text for {holder}', '#aa0000', '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z' FROM courses WHERE code = 'PY-101'`);
    const again = await pdfOf(b, 'AZCODE0000000001');
    assert.ok(first.body.equals(again.body));
    server.sql(`DELETE FROM certificate_templates`);
  });

  test('only the holder and those who manage the course get it', async () => {
    const other = server.browser();
    await other.login('other@test.example', PW);
    assert.equal((await pdfOf(other, 'RUCODE0000000002')).status, 403);
    const far = server.browser();
    await far.login('far@test.example', PW);
    assert.equal((await pdfOf(far, 'RUCODE0000000002')).status, 403);
    const mgr = server.browser();
    await mgr.login('mgr@test.example', PW);
    assert.equal((await pdfOf(mgr, 'RUCODE0000000002')).status, 200);
    const anon = await pdfOf(server.browser(), 'RUCODE0000000002');
    assert.ok([302, 303].includes(anon.status), String(anon.status));
    assert.equal((await pdfOf(mgr, 'NOSUCHCODE000000')).status, 404);
  });
});

describe('the ZIP of a course', () => {
  test('those who manage the course download every certificate but the revoked ones; others may not', async () => {
    const mgr = server.browser();
    await mgr.login('mgr@test.example', PW);
    const res = await fetch(`${server.url}/admin/courses/PY-101/certificates.zip`, { headers: { cookie: mgr.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/zip');
    assert.match(res.headers.get('content-disposition'), /attachment; filename="certificates-PY-101.zip"/);
    const file = join(server.dir, 'course.zip');
    const bytes = Buffer.from(await res.arrayBuffer());
    // streamed, yet its length known beforehand; the security headers still there
    assert.equal(Number(res.headers.get('content-length')), bytes.length);
    assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    writeFileSync(file, bytes);
    assert.equal(spawnSync('unzip', ['-tq', file]).status, 0, 'unzip -t accepts the archive');
    const list = tool('unzip', ['-Z1', file]).split('\n').filter(Boolean).sort();
    assert.deepEqual(list, ['C-BAK-2026-000001 Aynur Məmmədova Ağayeva.pdf',
      'C-BAK-2026-000002 Анна Сергеевна Кузнецова.pdf', 'C-BAK-2026-000003 김민준.pdf']);
    tool('unzip', ['-q', '-o', '-d', join(server.dir, 'unzipped'), file]);
    const text = tool('pdftotext', ['-enc', 'UTF-8', join(server.dir, 'unzipped', list[2]), '-']);
    assert.ok(text.includes('김민준'));
    const far = server.browser();
    await far.login('far@test.example', PW);
    const denied = await fetch(`${server.url}/admin/courses/PY-101/certificates.zip`, { headers: { cookie: far.cookieHeader() } });
    assert.equal(denied.status, 403);
  });
});

describe('the Open Badges credential', () => {
  test('verifies with jose against /.well-known/jwks.json and carries the OB 3.0 fields', async () => {
    const res = await fetch(`${server.url}/certificates/AZCODE0000000001.jwt`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type'), /^application\/jwt/);
    const jws = (await res.text()).trim();
    assert.equal(jws.split('.').length, 3);
    const header = decodeProtectedHeader(jws);
    assert.deepEqual(Object.keys(header).sort(), ['alg', 'kid', 'typ']);
    assert.equal(header.alg, 'RS256');
    assert.equal(header.typ, 'JWT');
    const jwks = createRemoteJWKSet(new URL(`${server.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(jws, jwks, { algorithms: ['RS256'] });
    assert.deepEqual(payload['@context'], ['https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
    assert.ok(payload.type.includes('VerifiableCredential') && payload.type.includes('OpenBadgeCredential'));
    assert.equal(payload.id, `${SITE}/verify/AZCODE0000000001`);
    assert.equal(payload.issuer.id, SITE);
    assert.deepEqual(payload.issuer.type, ['Profile']);
    assert.equal(payload.issuer.name, 'Bakı Rəqəmsal Mərkəz');
    assert.equal(payload.validFrom, '2026-03-01T09:00:00Z');
    assert.equal(payload.validUntil, '2028-03-01T09:00:00Z');
    const s = payload.credentialSubject;
    assert.deepEqual(s.type, ['AchievementSubject']);
    assert.ok(s.identifier.some((i) => i.identityType === 'name' && i.identityHash === 'Aynur Məmmədova Ağayeva'));
    assert.ok(!JSON.stringify(payload).includes('aynur@test.example'), 'the e-mail is only hashed');
    const a = s.achievement;
    assert.equal(a.id, `${SITE}/courses/PY-101`);
    assert.deepEqual(a.type, ['Achievement']);
    assert.equal(a.name, 'Python for beginners');
    assert.ok(a.description.length > 0);
    assert.ok(a.criteria.narrative.includes('Python for beginners'));
    assert.deepEqual(payload.vc.type, payload.type);
    assert.equal(payload.iss, SITE);
  });

  test('a revoked certificate has none, an unknown code neither', async () => {
    assert.equal((await fetch(`${server.url}/certificates/REVOKED000000004.jwt`)).status, 404);
    assert.equal((await fetch(`${server.url}/certificates/NOSUCHCODE000000.jwt`)).status, 404);
  });

  test('dars keys rotate: new credentials are signed by the new key, old ones still verify', async () => {
    const old = (await (await fetch(`${server.url}/certificates/RUCODE0000000002.jwt`)).text()).trim();
    const oldKid = decodeProtectedHeader(old).kid;
    const r = server.cli(['keys', 'rotate']);
    assert.equal(r.code, 0, r.stderr);
    const newKid = r.stdout.trim();
    assert.notEqual(newKid, oldKid);
    const jwks = await (await fetch(`${server.url}/.well-known/jwks.json`)).json();
    assert.deepEqual(jwks.keys.map((k) => k.kid).sort(), [oldKid, newKid].sort());
    for (const k of jwks.keys) {
      assert.equal(k.kty, 'RSA');
      assert.equal(k.alg, 'RS256');
      assert.ok(!('d' in k), 'no private part is published');
    }
    const fresh = (await (await fetch(`${server.url}/certificates/RUCODE0000000002.jwt`)).text()).trim();
    assert.equal(decodeProtectedHeader(fresh).kid, newKid);
    const set = createLocalJWKSet(jwks);
    await jwtVerify(old, set);
    await jwtVerify(fresh, set);
    assert.equal(Number(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'certificate_key.rotate'")[0][0]), 1);
    assert.equal(server.cli(['keys', 'spin']).code, 2);
  });
});
