// The security points of the foundation (issue 2): CSRF, cookies, session
// rotation, throttling, password and token storage, headers, API auth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, Browser } from '../lib/dars.js';

let server;
const admin = { email: 'admin@example.org', password: 'admin password 123' };
const learner = { email: 'Learner@Example.org', password: 'learner password 123' };

before(async () => {
  server = await startDars();
  server.addUser({ ...admin, name: 'Admin', role: 'admin' });
  server.addUser({ ...learner, name: 'Lerner', role: 'learner' });
});

after(async () => {
  const { code } = await server.stop();
  assert.equal(code, 0, 'dars exits 0 on SIGTERM');
});

test('a POST without a valid CSRF token is refused with 403', async () => {
  const b = server.browser();
  await b.get('/login');
  const none = await b.post('/login', { csrf: null, email: admin.email, password: admin.password });
  assert.equal(none.status, 403);
  const wrong = await b.post('/login', { csrf: 'f'.repeat(32), email: admin.email, password: admin.password });
  assert.equal(wrong.status, 403);
  // a token from another browser's session does not work either
  const other = server.browser();
  await other.get('/login');
  const stolen = await b.post('/login', { csrf: other.csrf, email: admin.email, password: admin.password });
  assert.equal(stolen.status, 403);
});

test('the session cookie is HttpOnly and SameSite=Lax and changes at sign-in', async () => {
  const b = server.browser();
  const page = await b.get('/login');
  const set = page.headers.getSetCookie().find((c) => c.startsWith('dars_session='));
  assert.ok(set, 'an anonymous session cookie is set on the sign-in page');
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Lax/);
  const before = b.cookies.get('dars_session');
  const r = await b.post('/login', { email: admin.email, password: admin.password });
  assert.equal(r.status, 303);
  const rotated = r.headers.getSetCookie().find((c) => c.startsWith('dars_session='));
  assert.match(rotated, /HttpOnly/);
  assert.match(rotated, /SameSite=Lax/);
  assert.notEqual(b.cookies.get('dars_session'), before, 'the session id changes at login');
  const home = await b.get('/');
  assert.match(home.text, /Welcome, Admin/);
  // the old (pre-login) cookie opens nothing
  const planted = new Browser(server.url);
  planted.cookies.set('dars_session', before);
  const p = await planted.get('/admin/users');
  assert.equal(p.status, 303);
  assert.match(p.location, /^\/login/);
});

test('sign-in with the e-mail in another case works; sign-out ends the session', async () => {
  const b = server.browser();
  await b.login('learner@EXAMPLE.org', learner.password);
  const cookie = b.cookies.get('dars_session');
  const out = await b.post('/logout');
  assert.equal(out.status, 303);
  const again = new Browser(server.url);
  again.cookies.set('dars_session', cookie);
  const home = await again.get('/');
  assert.doesNotMatch(home.text, /Sign out/);
});

test('a wrong password and an unknown e-mail get the same message', async () => {
  const b = server.browser();
  await b.get('/login');
  const wrong = await b.post('/login', { email: 'nobody1@example.org', password: 'whatever it is' });
  const unknown = await b.post('/login', { email: admin.email.toUpperCase().replace('ADMIN', 'ADMIN2'), password: 'x'.repeat(12) });
  assert.equal(wrong.status, 401);
  assert.equal(unknown.status, 401);
  const msg = (t) => t.match(/id="login-error">([^<]*)</)[1];
  assert.equal(msg(wrong.text), 'The e-mail address or password is wrong');
  assert.equal(msg(unknown.text), msg(wrong.text));
  assert.match(wrong.text, /value="nobody1@example.org"/, 'the form keeps the e-mail');
});

test('five failures of one e-mail from one address make that pair wait, audited; others from the address are not locked out (issue 11)', async () => {
  // a server of its own: the throttle holds the pair for a while
  const own = await startDars();
  try {
    const email = 'throttle@example.org';
    own.addUser({ email, password: 'throttle password 1', role: 'learner' });
    own.addUser({ email: 'bystander@example.org', password: 'bystander password 1', role: 'learner' });
    const b = own.browser();
    await b.get('/login');
    for (let i = 0; i < 4; i++) {
      const r = await b.post('/login', { email, password: `wrong password ${i}` });
      assert.equal(r.status, 401, `failure ${i + 1}`);
    }
    const fifth = await b.post('/login', { email, password: 'wrong password 5' });
    assert.equal(fifth.status, 429);
    assert.match(fifth.text, /Too many failed attempts/);
    assert.ok(Number(fifth.headers.get('retry-after')) > 0);
    // even the right password is refused while throttled
    const right = await b.post('/login', { email, password: 'throttle password 1' });
    assert.equal(right.status, 429);
    // but five failures are not enough to shut the address for everyone else
    const other = await own.browser().post('/login', { email: 'bystander@example.org', password: 'bystander password 1' });
    assert.equal(other.status, 303);
    const rows = own.sql("SELECT action, object_id FROM audit_events WHERE action LIKE 'login.%' ORDER BY id");
    assert.ok(rows.some(([a, o]) => a === 'login.throttled' && o === email));
    assert.equal(rows.filter(([a, o]) => a === 'login.failed' && o === email).length, 5);
  } finally {
    await own.stop();
  }
});

test('the throttle counts the client address a trusted proxy reports', async () => {
  const own = await startDars({ env: { DARS_TRUSTED_PROXIES: '127.0.0.1' } });
  try {
    own.addUser({ email: 'proxied@example.org', password: 'proxied password 1', role: 'learner' });
    const b = own.browser();
    await b.get('/login');
    const post = (password, xff) => b.request('POST', '/login',
      new URLSearchParams({ csrf: b.csrf, email: 'proxied@example.org', password }),
      { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': xff });
    // the first entry is the client's to forge; the proxy appended the last
    for (let i = 0; i < 5; i++) await post('wrong password', `forged-${i}, 10.9.8.7`);
    const blocked = await post('proxied password 1', '10.9.8.7');
    assert.equal(blocked.status, 429, 'the reported address is throttled');
    const elsewhere = await post('proxied password 1', '10.1.1.1');
    assert.equal(elsewhere.status, 303, 'another client behind the same proxy is not');
  } finally {
    await own.stop();
  }
});

test('passwords are stored as Argon2id and API tokens only as a digest', async () => {
  const [[hash]] = server.sql(`SELECT password_hash FROM users WHERE email_key = '${admin.email}'`);
  assert.match(hash, /^\$argon2id\$v=19\$/);
  const token = server.token(admin.email);
  assert.match(token, /^dars_[A-Za-z0-9_-]{40,}$/);
  const stored = server.sql('SELECT token_hash FROM api_tokens').map(([h]) => h);
  assert.ok(stored.length >= 1);
  for (const h of stored) {
    assert.match(h, /^[0-9a-f]{64}$/);
    assert.ok(!token.includes(h) && !h.includes(token.slice(5)));
  }
});

test('the API wants a valid Bearer token and answers problem+json', async () => {
  const anon = await server.api().get('/api/v1/me');
  assert.equal(anon.status, 401);
  assert.equal(anon.headers.get('content-type'), 'application/problem+json');
  assert.equal(anon.json.status, 401);
  assert.ok(anon.json.title && anon.json.detail);
  const bad = await server.api('dars_not-a-real-token').get('/api/v1/me');
  assert.equal(bad.status, 401);
  const token = server.token(admin.email);
  const me = await server.api(token).get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.json.email, admin.email);
  assert.deepEqual(me.json.roles, ['admin']);
  const missing = await server.api(token).get('/api/v1/nothing-here');
  assert.equal(missing.status, 404);
  assert.equal(missing.headers.get('content-type'), 'application/problem+json');
});

test('every answer carries the security headers', async () => {
  const b = server.browser();
  const r = await b.get('/login');
  const csp = r.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.ok(r.headers.get('referrer-policy'));
  assert.doesNotMatch(r.text, /<script>/, 'no inline script');
});

test('a learner is refused admin pages with 403 and anonymous people are sent to sign in', async () => {
  const anon = server.browser();
  const r = await anon.get('/admin/users');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/login?next=/admin/users');
  const b = server.browser();
  await b.login(learner.email, learner.password);
  const denied = await b.get('/admin/users');
  assert.equal(denied.status, 403);
  assert.match(denied.text, /You do not have access to this page/);
});

test('redirects after sign-in stay on this site', async () => {
  const b = server.browser();
  await b.get('/login?next=//evil.example/x');
  const r = await b.post('/login', { email: admin.email, password: admin.password, next: '//evil.example/x' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/');
});

test('dars token create refuses a person who is not active, with one line and exit 1', async () => {
  const add = server.cli(['user', 'add', '--email', 'pending.person@example.org', '--name', 'Pending Person']);
  assert.equal(add.code, 0, add.stderr);
  assert.equal(server.sql("SELECT status FROM users WHERE email_key = 'pending.person@example.org'")[0][0], 'pending');
  const r = server.cli(['token', 'create', '--email', 'pending.person@example.org']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, "dars: 'pending.person@example.org' is pending, not active: a token would not work until the account is active\n");
  assert.equal(server.sql("SELECT COUNT(*) FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE u.email_key = 'pending.person@example.org'")[0][0], '0');
  const unknown = server.cli(['token', 'create', '--email', 'nobody.here@example.org']);
  assert.equal(unknown.code, 1);
  assert.equal(unknown.stderr, "dars: no user with e-mail 'nobody.here@example.org'\n");
});
