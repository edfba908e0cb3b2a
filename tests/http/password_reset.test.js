// A forgotten password (issue 12): /password/forgot answers the same for an
// existing and an unknown address and only the owner of an account gets an
// e-mail; the link from that e-mail sets a new password once, within an
// hour, ends every session of the person (API tokens stay) and sends a
// "your password was changed" e-mail. Throttled per address with 429.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars } from '../lib/dars.js';
import { startSmtp } from '../lib/smtp.js';
import { mailsTo, until } from '../lib/mime.js';

const PW = 'correct horse battery';
const NEW_PW = 'a brand new passphrase';
const SITE = 'https://dars.example';

const withoutCsrf = (html) => html.replace(/name="csrf" value="[^"]*"/g, 'name="csrf" value=""');

describe('forgotten password', () => {
  let server, smtp;
  before(async () => {
    smtp = await startSmtp();
    server = await startDars({
      env: {
        DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DARS_PUBLIC_URL: `${SITE}/`,
        DARS_PUBLIC_POSTS: '100', DARS_MAILS_PER_ADDRESS: '100',
      },
    });
    server.addUser({ email: 'leyla@example.org', name: 'Leyla Mammadova', role: 'learner' });
    server.addUser({ email: 'race@example.org', name: 'Rashad Race' });
    server.addUser({ email: 'late@example.org', name: 'Lala Late' });
    server.addUser({ email: 'gone@example.org', name: 'Gulnar Gone' });
    server.addUser({ email: 'busy@example.org', name: 'Bahruz Busy' });
  });
  after(async () => {
    const { stderr } = await server.stop();
    await smtp.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  // Ask for a link for email and give back the path of the link it was mailed.
  async function askLink(email, n) {
    const b = server.browser();
    await b.get('/password/forgot');
    const r = await b.post('/password/forgot', { email });
    assert.equal(r.status, 200);
    const [m] = await until(() => {
      const all = mailsTo(smtp, email).filter((x) => /password\/reset\//.test(x.text));
      return all.length >= n ? all.slice(n - 1) : null;
    });
    const url = m.link(/\/password\/reset\//);
    assert.ok(url.startsWith(`${SITE}/password/reset/`), url);
    return url.slice(SITE.length);
  }

  test('the sign-in page links to the forgotten-password page', async () => {
    const r = await server.browser().get('/login');
    assert.match(r.text, /href="\/password\/forgot"/);
    const f = await server.browser().get('/password/forgot');
    assert.equal(f.status, 200);
    assert.match(f.text, /<h1>Forgotten password<\/h1>/);
  });

  test('an existing and an unknown address get the same page; only the existing one an e-mail', async () => {
    const a = server.browser(), b = server.browser();
    await a.get('/password/forgot');
    await b.get('/password/forgot');
    const known = await a.post('/password/forgot', { email: 'Leyla@Example.org' });
    const unknown = await b.post('/password/forgot', { email: 'nobody@example.org' });
    assert.equal(known.status, 200);
    assert.equal(unknown.status, known.status);
    assert.equal(withoutCsrf(unknown.text), withoutCsrf(known.text));
    assert.match(known.text, /Check your e-mail/);
    assert.doesNotMatch(known.text, /leyla@example\.org/i);
    const [m] = await until(() => { const x = mailsTo(smtp, 'leyla@example.org'); return x.length ? x : null; });
    assert.equal(server.sql("SELECT COUNT(*) FROM outbox WHERE to_addr = 'nobody@example.org'")[0][0], '0');
    assert.equal(mailsTo(smtp, 'nobody@example.org').length, 0);
    // the e-mail: plain text and HTML, Dars's words first, no tracking
    assert.match(m.type, /^multipart\/alternative; boundary="[^"]+"$/);
    assert.deepEqual(m.parts.map((p) => p.type), ['text/plain; charset=UTF-8', 'text/html; charset=UTF-8']);
    assert.equal(m.subject, 'Reset your Dars password');
    assert.match(m.text, /^Someone, perhaps you, asked to reset the password of your Dars account at https:\/\/dars\.example\./);
    const url = m.link(/\/password\/reset\//);
    assert.match(url, /^https:\/\/dars\.example\/password\/reset\/[A-Za-z0-9_-]{43}$/);
    assert.ok(m.html.includes(`<a href="${url}">`));
    assert.doesNotMatch(m.html, /<img|<script|src=/i);
    // stored only as a digest
    const token = url.split('/').pop();
    const stored = server.sql("SELECT token_hash, kind FROM user_links");
    assert.ok(stored.length >= 1);
    for (const [hash] of stored) assert.notEqual(hash, token);
  });

  test('an empty or malformed address is a form error', async () => {
    const b = server.browser();
    await b.get('/password/forgot');
    const r = await b.post('/password/forgot', { email: 'not-an-address' });
    assert.equal(r.status, 422);
    assert.match(r.text, /class="error-summary"/);
    assert.match(r.text, /href="#email">Enter an e-mail address like name@example.org/);
  });

  test('the link sets a new password once, ends every session, keeps API tokens, and says so by e-mail', async () => {
    const other = server.browser();
    await other.login('leyla@example.org', PW);
    assert.equal((await other.get('/account')).status, 200);
    const api = server.apiAs('leyla@example.org');
    const path = await askLink('leyla@example.org', 2);
    const b = server.browser();
    const page = await b.get(path);
    assert.equal(page.status, 200);
    assert.match(page.text, /Choose a new password/);
    assert.match(page.text, /leyla@example\.org/);
    const short = await b.post(path, { new_password: 'short', confirm_password: 'short' });
    assert.equal(short.status, 422);
    assert.match(short.text, /Use at least 10 characters/);
    const differ = await b.post(path, { new_password: NEW_PW, confirm_password: NEW_PW + 'x' });
    assert.equal(differ.status, 422);
    assert.match(differ.text, /The two new passwords are not the same/);
    const ok = await b.post(path, { new_password: NEW_PW, confirm_password: NEW_PW });
    assert.equal(ok.status, 303);
    assert.equal(ok.location, '/login');
    // the other session has ended; the API token still works
    const again = await other.get('/account');
    assert.equal(again.status, 303);
    assert.match(again.location, /^\/login/);
    assert.equal((await api.get('/api/v1/me')).status, 200);
    // the new password signs in, the old one no longer
    const old = server.browser();
    await old.get('/login');
    assert.equal((await old.post('/login', { email: 'leyla@example.org', password: PW })).status, 401);
    await server.browser().login('leyla@example.org', NEW_PW);
    // the "changed" e-mail
    const changed = await until(() => mailsTo(smtp, 'leyla@example.org').find((m) => m.subject === 'Your Dars password was changed'));
    assert.match(changed.text, /^The password of your Dars account at https:\/\/dars\.example was changed/);
    assert.ok(changed.html.includes('<a href="https://dars.example/password/forgot">'));
    // used: refused plainly, with a way to ask again
    for (const r of [await b.get(path), await b.post(path, { new_password: NEW_PW, confirm_password: NEW_PW })]) {
      assert.equal(r.status, 410);
      assert.match(r.text, /This link has already been used/);
      assert.match(r.text, /href="\/password\/forgot"/);
    }
    // audited without a secret
    const audit = server.sql("SELECT action, changes FROM audit_events WHERE action LIKE 'password.%' ORDER BY id");
    assert.deepEqual(audit.map((a) => a[0]).slice(0, 3), ['password.reset_requested', 'password.reset_requested', 'password.reset']);
    const token = path.split('/').pop();
    const all = server.sql('SELECT changes, object_id FROM audit_events').flat().join('\n');
    assert.ok(!all.includes(token));
    assert.doesNotMatch(all, /\$argon2/);
    // the access log masks the token
    const log = server.accessLog.join('\n');
    assert.ok(!log.includes(token), 'token in the access log');
    assert.match(log, /\/password\/reset\/\*\*\*/);
  });

  test('an expired link is refused plainly and offers a new one', async () => {
    const path = await askLink('late@example.org', 1);
    server.sql("UPDATE user_links SET expires_at = '2020-01-01T00:00:00Z' WHERE kind = 'reset' AND user_id = (SELECT id FROM users WHERE email = 'late@example.org')");
    const b = server.browser();
    const r = await b.get(path);
    assert.equal(r.status, 410);
    assert.match(r.text, /This link has expired/);
    assert.match(r.text, /href="\/password\/forgot"/);
    const p = await b.post(path, { new_password: NEW_PW, confirm_password: NEW_PW });
    assert.equal(p.status, 410);
    await server.browser().login('late@example.org', PW);
  });

  test('an unknown link is refused; a new link replaces the old one', async () => {
    const first = await askLink('busy@example.org', 1);
    const second = await askLink('busy@example.org', 2);
    assert.notEqual(first, second);
    const b = server.browser();
    assert.equal((await b.get(first)).status, 404);
    assert.match((await b.get('/password/reset/not-a-real-token')).text, /This link is not valid/);
    assert.equal((await b.get(second)).status, 200);
  });

  test('two requests racing on one link: exactly one wins', async () => {
    const path = await askLink('race@example.org', 1);
    const a = server.browser(), b = server.browser();
    await a.get(path);
    await b.get(path);
    const results = await Promise.all([
      a.post(path, { new_password: 'first racing password', confirm_password: 'first racing password' }),
      b.post(path, { new_password: 'second racing password', confirm_password: 'second racing password' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    assert.deepEqual(statuses, [303, 410]);
    const winner = results[0].status === 303 ? 'first racing password' : 'second racing password';
    await server.browser().login('race@example.org', winner);
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'password.reset' AND object_id = (SELECT CAST(id AS TEXT) FROM users WHERE email = 'race@example.org')")[0][0], '1');
  });

  test('a link of a person suspended since does nothing', async () => {
    const path = await askLink('gone@example.org', 1);
    server.sql("UPDATE users SET status = 'suspended' WHERE email = 'gone@example.org'");
    const b = server.browser();
    assert.equal((await b.get(path)).status, 404);
    assert.equal((await b.post(path, { new_password: NEW_PW, confirm_password: NEW_PW })).status, 404);
    // and a suspended person gets no new link
    const before = mailsTo(smtp, 'gone@example.org').length;
    await b.get('/password/forgot');
    assert.equal((await b.post('/password/forgot', { email: 'gone@example.org' })).status, 200);
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(mailsTo(smtp, 'gone@example.org').length, before);
  });
});

describe('throttled', () => {
  let server;
  before(async () => {
    server = await startDars({ env: { DARS_PUBLIC_POSTS: '3', DARS_MAILS_PER_ADDRESS: '2', DARS_PUBLIC_URL: SITE } });
    server.addUser({ email: 'many@example.org', name: 'Many Mails' });
  });
  after(async () => {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  test('past the limit per e-mail, then per address: 429 with Retry-After', async () => {
    const b = server.browser();
    await b.get('/password/forgot');
    assert.equal((await b.post('/password/forgot', { email: 'many@example.org' })).status, 200);
    assert.equal((await b.post('/password/forgot', { email: 'many@example.org' })).status, 200);
    const third = await b.post('/password/forgot', { email: 'many@example.org' });
    assert.equal(third.status, 429);
    assert.match(third.headers.get('retry-after'), /^[1-9]\d*$/);
    assert.match(third.text, /Too many requests/);
    assert.equal((await b.post('/password/forgot', { email: 'other@example.org' })).status, 200);
    const fourth = await b.post('/password/forgot', { email: 'another@example.org' });
    assert.equal(fourth.status, 429);
    assert.match(fourth.headers.get('retry-after'), /^[1-9]\d*$/);
    assert.equal(server.sql("SELECT COUNT(*) FROM outbox WHERE to_addr = 'many@example.org'")[0][0], '2');
  });
});
