// The front door (issue 11): no request can stall the server, no stranger can
// make Dars send mail without end, no redirect leaves the site, sign-in
// throttling never locks the owner out, and no secret reaches the access log.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

// Resident memory of the server, in KiB, as the kernel reports it.
const rssKiB = (server) =>
  Number(readFileSync(`/proc/${server.proc.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]);

// An admin's API client on a server with one region and one centre, C-BAK, for events.
async function withCentre(server, addAdmin = true) {
  if (addAdmin) server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Baku' }));
  return adminApi;
}

// Send a raw request and give back what came back before the server closed the socket (or
// the test's own deadline passed), with when that was. Bytes after the headers are sent by
// body(socket), which may trickle them.
function raw(port, head, body, deadlineMs = 20000) {
  return new Promise((resolve) => {
    const started = Date.now();
    const s = net.connect(port, '127.0.0.1');
    let got = '';
    let done = false;
    const finish = (how) => {
      if (done) return;
      done = true;
      s.destroy();
      resolve({ text: got, how, ms: Date.now() - started });
    };
    s.on('data', (d) => { got += d; });
    s.on('close', () => finish('closed'));
    s.on('error', () => finish('closed'));
    setTimeout(() => finish('deadline'), deadlineMs);
    s.on('connect', () => {
      s.write(head);
      if (body) body(s, () => done);
    });
  });
}

describe('bodies are read in linear time and bounded memory', () => {
  let server;
  before(async () => { server = await startDars(); });
  after(async () => {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  test('a 1 MiB urlencoded and an 8 MiB multipart post to /login are refused while /healthz answers', async () => {
    const b = server.browser();
    await b.get('/login');
    // warm up every worker thread, so that the baseline holds its database connection
    await Promise.all(Array.from({ length: 8 }, () => fetch(`${server.url}/healthz`)));
    const rssBefore = rssKiB(server);
    const form = 'a=1&'.repeat(256 * 1024); // 1 MiB of tiny fields
    const big = new FormData();
    big.append('csrf', b.csrf);
    big.append('file', new Blob([Buffer.alloc(8 << 20, 'x')]), 'big.bin');
    const posts = [];
    for (let i = 0; i < 3; i++) {
      posts.push(fetch(`${server.url}/login`, { method: 'POST', body: form, headers: { ...FORM, cookie: b.cookieHeader() } })
        .then((r) => r.status));
      posts.push(fetch(`${server.url}/login`, { method: 'POST', body: big, headers: { cookie: b.cookieHeader() } })
        .then((r) => r.status, () => 'closed'));
    }
    // the server keeps answering others while those are in flight
    const health = await fetch(`${server.url}/healthz`);
    assert.equal(health.status, 200);
    const statuses = await Promise.all(posts);
    for (let i = 0; i < statuses.length; i += 2) {
      assert.ok([403, 413].includes(statuses[i]), `urlencoded: ${statuses[i]}`);
      // answered before its body was read: 413, or the connection closed under the upload
      assert.ok([413, 'closed'].includes(statuses[i + 1]), `multipart: ${statuses[i + 1]}`);
    }
    const grew = rssKiB(server) - rssBefore;
    assert.ok(grew < 16 * 1024, `resident memory grew by ${grew} KiB`);
    const again = await fetch(`${server.url}/healthz`);
    assert.equal(again.status, 200);
  });

  test('an oversized body is answered 413 before it is sent, in the reader\'s language', async () => {
    const port = new URL(server.url).port;
    const r = await raw(port, 'POST /login HTTP/1.1\r\nHost: x\r\nAccept-Language: ru\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 50000000\r\n\r\n');
    assert.match(r.text, /^HTTP\/1\.1 413/);
    assert.match(r.text, /Файл слишком большой|слишком/i);
    assert.equal(r.how, 'closed', 'the connection is closed instead of reading 50 MB');
  });

  test('a form with thousands of fields is refused with 413', async () => {
    const b = server.browser();
    await b.get('/login');
    const body = `csrf=${b.csrf}&` + 'x=1&'.repeat(6000);
    const r = await b.request('POST', '/login', body, FORM);
    assert.equal(r.status, 413);
  });

  test('a form a browser sends still works: the last field, escapes and a file upload', async () => {
    const admin = server.addUser({ email: 'upload.admin@example.org', name: 'Upload Admin', role: 'admin' });
    const b = server.browser();
    await b.login(admin.email, admin.password);
    const csv = 'email,full_name,organisation,position,centre,role,language\n' +
      'lin.ear@example.org,Lin Ear %26 Co,,,,learner,en\n';
    const r = await b.upload('/admin/users/import', {}, { file: { name: 'people.csv', content: csv } });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const preview = await b.get(r.location);
    assert.match(preview.text, /lin\.ear@example\.org/);
    assert.match(preview.text, /Lin Ear %26amp; Co|Lin Ear %26 Co/);
  });
});

describe('a request that sends its body slowly is cut off', () => {
  let server;
  before(async () => { server = await startDars({ env: { DARS_REQUEST_TIMEOUT: '2' } }); });
  after(async () => { await server.stop(); });

  test('a byte every 300 ms is cut off after the request timeout', async () => {
    const port = new URL(server.url).port;
    const r = await raw(port, 'POST /login HTTP/1.1\r\nHost: x\r\n' +
      'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n', (s, isDone) => {
      const tick = () => { if (!isDone()) { s.write('a'); setTimeout(tick, 300); } };
      tick();
    });
    assert.equal(r.how, 'closed', 'the server closed the connection');
    // 1000 bytes at this pace would take five minutes; the server gave up long before
    assert.ok(r.ms < 15000, `closed after ${r.ms} ms`);
    const access = server.accessLog.map((l) => JSON.parse(l)).find((o) => o.path === '/login' && o.status === 408);
    assert.ok(access, 'the access log records 408');
    assert.equal((await fetch(`${server.url}/healthz`)).status, 200);
  });
});

describe('public registration cannot be made to send mail without end', () => {
  let server, adminApi, ev1, ev2, ev3;
  before(async () => {
    server = await startDars({ env: { DARS_PUBLIC_POSTS: '4', DARS_MAILS_PER_ADDRESS: '2' } });
    adminApi = await withCentre(server);
    const mk = async (title) => (await apiOk(adminApi.post('/api/v1/events', {
      title, kind: 'seminar', centre: 'C-BAK', starts_at: '2031-03-01T10:00:00Z', ends_at: '2031-03-01T12:00:00Z',
      capacity: 50, status: 'published',
    }))).id;
    ev1 = await mk('Cyber hygiene');
    ev2 = await mk('Open data day');
    ev3 = await mk('E-signature clinic');
  });
  after(async () => { await server.stop(); });

  // bodies span lines, so they are matched in SQL
  const outbox = (to, ...likes) => Number(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr = '${to}'` +
    likes.map((l) => ` AND body LIKE '${l}'`).join(''))[0][0]);

  test('the API takes only application/json: text/plain gets 415 and registers no one', async () => {
    const r = await fetch(`${server.url}/api/v1/events/${ev1}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ name: 'Click here http://phish.example', email: 'victim@example.org', organisation: '' }),
    });
    assert.equal(r.status, 415);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.equal((await r.json()).status, 415);
    assert.equal(outbox('victim@example.org'), 0);
    // a form post to the API is refused the same way
    const f = await fetch(`${server.url}/api/v1/events/${ev1}/registrations`, {
      method: 'POST', headers: FORM, body: 'name=x&email=victim@example.org',
    });
    assert.equal(f.status, 415);
    // JSON with a charset is JSON
    const ok = await fetch(`${server.url}/api/v1/events/${ev1}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ name: 'Rena Rahimova', email: 'rena@example.org', organisation: 'ASAN' }),
    });
    assert.equal(ok.status, 201);
  });

  test('the message opens with its own words; the typed name comes later, labelled', async () => {
    assert.equal(outbox('rena@example.org'), 1);
    assert.equal(outbox('rena@example.org', 'You are registered for "Cyber hygiene".%', '%Registered as: Rena Rahimova%'), 1);
    assert.equal(outbox('rena@example.org', 'Hello%'), 0);
  });

  test('registering again soon after cancelling sends no second message', async () => {
    const api = server.api();
    const first = await apiOk(api.post(`/api/v1/events/${ev2}/registrations`, { name: 'Cyclist', email: 'cycle@example.org', organisation: '' }));
    const b = server.browser();
    await b.get(first.cancel_url);
    const cancelled = await b.post(first.cancel_url);
    assert.equal(cancelled.status, 303);
    const again = await apiOk(api.post(`/api/v1/events/${ev2}/registrations`, { name: 'Cyclist', email: 'cycle@example.org', organisation: '' }));
    assert.equal(again.status, 'registered');
    assert.equal(outbox('cycle@example.org'), 1, 'one message, not one per round');
  });

  test('past the public limit from one address: 429 with Retry-After, as a page and as problem+json', async () => {
    // two registrations so far from this address; the limit is four an hour
    const api = server.api();
    await apiOk(api.post(`/api/v1/events/${ev3}/registrations`, { name: 'Three', email: 'three@example.org', organisation: '' }));
    const b = server.browser();
    b.lang = 'ru';
    await b.get(`/events/${ev3}`);
    const over = await b.post(`/events/${ev3}/register`, { name: 'Four', email: 'four@example.org', organisation: '' });
    assert.equal(over.status, 429);
    assert.ok(Number(over.headers.get('retry-after')) > 0);
    assert.match(over.text, /lang="ru"/);
    assert.match(over.text, /Повторите попытку через/);
    const overApi = await api.post(`/api/v1/events/${ev3}/registrations`, { name: 'Five', email: 'five@example.org', organisation: '' });
    assert.equal(overApi.status, 429);
    assert.equal(overApi.headers.get('content-type'), 'application/problem+json');
    assert.ok(Number(overApi.headers.get('retry-after')) > 0);
    assert.equal(server.sql("SELECT COUNT(*) FROM event_registrations WHERE email IN ('four@example.org', 'five@example.org')")[0][0], '0');
  });
});

describe('messages to one e-mail address are limited, from any address', () => {
  let server, ids;
  before(async () => {
    server = await startDars({ env: { DARS_MAILS_PER_ADDRESS: '2', DARS_TRUSTED_PROXIES: '127.0.0.1' } });
    const adminApi = await withCentre(server);
    ids = [];
    for (const title of ['One', 'Two', 'Three']) {
      ids.push((await apiOk(adminApi.post('/api/v1/events', {
        title, kind: 'forum', centre: 'C-BAK', starts_at: '2031-04-01T10:00:00Z', ends_at: '2031-04-01T12:00:00Z', status: 'published',
      }))).id);
    }
  });
  after(async () => { await server.stop(); });

  test('the third registration of one e-mail in a day gets 429, whatever address it comes from', async () => {
    const post = (id, from) => fetch(`${server.url}/api/v1/events/${id}/registrations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': from },
      body: JSON.stringify({ name: 'Target', email: 'target@example.org', organisation: '' }),
    });
    assert.equal((await post(ids[0], '10.0.0.1')).status, 201);
    assert.equal((await post(ids[1], '10.0.0.2')).status, 201);
    const third = await post(ids[2], '10.0.0.3');
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) > 3600, 'a daily limit waits hours');
    assert.equal(server.sql("SELECT COUNT(*) FROM outbox WHERE to_addr = 'target@example.org'")[0][0], '2');
  });
});

describe('redirects stay on this site', () => {
  let server;
  before(async () => {
    server = await startDars();
    server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  });
  after(async () => { await server.stop(); });

  const evil = ['/\t/evil.example/x', '/\n/evil.example/x', '//evil.example/x', '/\\evil.example/x',
    '\\/evil.example', 'https://evil.example/', '/ /evil.example', 'javascript:alert(1)'];

  test('sign-in sends a next that is not a local path to /', async () => {
    for (const next of evil) {
      const b = server.browser();
      const page = await b.get(`/login?next=${encodeURIComponent(next)}`);
      assert.doesNotMatch(page.text, /evil\.example/, `the form does not carry ${JSON.stringify(next)}`);
      const r = await b.post('/login', { email: 'admin@example.org', password: PW, next });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/', JSON.stringify(next));
      // signed in already: the sign-in page redirects by the same rule
      const again = await b.get(`/login?next=${encodeURIComponent(next)}`);
      assert.equal(again.location, '/', JSON.stringify(next));
    }
  });

  test('a local next is kept', async () => {
    const b = server.browser();
    await b.get('/login?next=/courses?q=cyber');
    const r = await b.post('/login', { email: 'admin@example.org', password: PW, next: '/courses?q=cyber' });
    assert.equal(r.location, '/courses?q=cyber');
  });

  test('the language switcher checks next the same way', async () => {
    for (const next of evil) {
      const b = server.browser();
      await b.get('/login');
      const r = await b.post('/lang', { lang: 'ru', next });
      assert.equal(r.status, 303);
      assert.equal(r.location, '/', JSON.stringify(next));
    }
    const b = server.browser();
    await b.get('/login');
    const r = await b.post('/lang', { lang: 'az', next: '/events' });
    assert.equal(r.location, '/events');
  });
});

describe('sign-in throttling slows an attacker without locking the owner out', () => {
  let server;
  before(async () => {
    server = await startDars({ env: { DARS_TRUSTED_PROXIES: '127.0.0.1', DARS_LOGIN_ADDRESS_FAILURES: '8' } });
    server.addUser({ email: 'owner@example.org', name: 'Owner', role: 'learner' });
  });
  after(async () => { await server.stop(); });

  const from = async (addr, email, password) => {
    const b = server.browser();
    await b.get('/login');
    return b.request('POST', '/login', new URLSearchParams({ csrf: b.csrf, email, password }),
      { ...FORM, 'x-forwarded-for': addr });
  };

  test('five wrong passwords from one address make that address wait, not the owner elsewhere', async () => {
    for (let i = 0; i < 4; i++) assert.equal((await from('10.6.6.6', 'owner@example.org', `guess ${i}`)).status, 401);
    const fifth = await from('10.6.6.6', 'owner@example.org', 'guess 5');
    assert.equal(fifth.status, 429);
    const wait = Number(fifth.headers.get('retry-after'));
    assert.ok(wait > 0 && wait <= 60, `the first wait is a minute, not ${wait} s`);
    assert.match(fifth.text, /Too many failed attempts\. Try again in 1 min\./);
    // the attacker's address waits, even with the right password
    assert.equal((await from('10.6.6.6', 'owner@example.org', PW)).status, 429);
    // the owner, from their own address, signs in
    const owner = await from('10.1.2.3', 'owner@example.org', PW);
    assert.equal(owner.status, 303);
    // and the attacker's address may still try other accounts' doors only up to its own limit
    assert.equal((await from('10.6.6.6', 'someone@example.org', 'guess')).status, 401);
  });

  test('one address that tries many accounts waits once it passes the address limit', async () => {
    // 10.6.6.6 has failed 6 times; the address limit is 8 in 15 minutes
    assert.equal((await from('10.6.6.6', 'other1@example.org', 'guess')).status, 401);
    const limited = await from('10.6.6.6', 'other2@example.org', 'guess');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 60);
    assert.equal((await from('10.7.7.7', 'other2@example.org', 'guess')).status, 401, 'another address is not held');
  });

  test('each throttled try is audited', async () => {
    const rows = server.sql("SELECT action, object_id FROM audit_events WHERE action LIKE 'login%' ORDER BY id");
    assert.ok(rows.some(([a, o]) => a === 'login.throttled' && o === 'owner@example.org'));
    assert.ok(rows.some(([a]) => a === 'login'), 'the owner\'s sign-in is audited too');
    // the limiter keeps digests, not addresses or e-mails
    const keys = server.sql('SELECT key FROM rate_hits').map(([k]) => k);
    assert.ok(keys.length > 0);
    for (const k of keys) assert.match(k, /^[0-9a-f]{64}$/);
  });
});

describe('secrets in paths are masked in the access log', () => {
  let server;
  before(async () => {
    server = await startDars();
    server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  });
  after(async () => { await server.stop(); });

  test('a registration link and a calendar feed leave no token in the log', async () => {
    const adminApi = await withCentre(server, false);
    const ev = await apiOk(adminApi.post('/api/v1/events', {
      title: 'Masked', kind: 'seminar', centre: 'C-BAK', starts_at: '2031-03-01T10:00:00Z', ends_at: '2031-03-01T12:00:00Z', status: 'published',
    }));
    const reg = await apiOk(server.api().post(`/api/v1/events/${ev.id}/registrations`, { name: 'Secret Keeper', email: 'keeper@example.org', organisation: '' }));
    const token = reg.cancel_url.split('/').pop();
    const b = server.browser();
    assert.equal((await b.get(reg.cancel_url)).status, 200);
    assert.equal((await b.post(reg.cancel_url)).status, 303);
    const feed = `/calendar/feeds/${'f'.repeat(43)}.ics`;
    await b.get(feed);
    await b.get('/healthz');
    await new Promise((r) => setTimeout(r, 200));
    const log = server.accessLog.join('\n');
    assert.ok(!log.includes(token), 'the registration token is not logged');
    assert.ok(!log.includes('f'.repeat(43)), 'the feed token is not logged');
    const paths = server.accessLog.map((l) => JSON.parse(l).path);
    assert.ok(paths.includes(`/events/${ev.id}/registrations/***`));
    assert.ok(paths.includes('/calendar/feeds/***.ics'));
    assert.ok(!server.stderr.includes(token));
  });
});
