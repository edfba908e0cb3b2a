// The outbox: a queued message reaches an SMTP server with proper headers and
// a UTF-8 subject; without SMTP it stays queued and admins alone read it at
// /admin/outbox; a server that does not answer leads to a retry later.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { startDars } from '../lib/dars.js';
import { startSmtp } from '../lib/smtp.js';

const PW = 'correct horse battery';
const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function queue(server, to, subject, body) {
  const q = (s) => `'${s.replace(/'/g, "''")}'`;
  const t = now();
  server.sql(`INSERT INTO outbox (to_addr, subject, body, status, attempts, next_attempt_at, created_at, updated_at)
    VALUES (${q(to)}, ${q(subject)}, ${q(body)}, 'queued', 0, '${t}', '${t}', '${t}')`);
}

// Rows of a SELECT as arrays of strings.
const rows = (server, query) => server.sql(query);

async function until(fn, ms = 15000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function decodeSubject(header) {
  return header.replace(/\r\n /g, '').replace(/=\?UTF-8\?B\?([^?]*)\?=/g,
    (_, b) => Buffer.from(b, 'base64').toString('utf8'));
}

describe('with an SMTP server', () => {
  let server, smtp;
  before(async () => {
    smtp = await startSmtp();
    server = await startDars({ env: { DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DARS_SMTP_FROM: 'noreply@dars.example' } });
  });
  after(async () => {
    const { stderr } = await server.stop();
    await smtp.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  test('a queued message is delivered with its headers and a UTF-8 subject', async () => {
    const subject = 'Регистрация подтверждена: Şəki — a long subject that needs more than one encoded word';
    queue(server, 'learner@example.org', subject, 'Salom!\nQatnashganingiz uchun rahmat.\n.dot line');
    const [m] = await smtp.waitFor(1);
    assert.equal(m.from, 'noreply@dars.example');
    assert.deepEqual(m.to, ['learner@example.org']);
    const [head, body] = m.data.split('\r\n\r\n');
    assert.match(head, /^Date: [A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m);
    assert.match(head, /^From: noreply@dars\.example$/m);
    assert.match(head, /^To: learner@example\.org$/m);
    assert.match(head, /^Message-ID: <outbox-\d+\.[0-9a-f]+@dars\.example>$/m);
    assert.match(head, /^MIME-Version: 1\.0$/m);
    assert.match(head, /^Content-Type: text\/plain; charset=UTF-8$/m);
    assert.match(head, /^Content-Transfer-Encoding: 8bit$/m);
    const raw = head.match(/^Subject: (.*(?:\r\n .*)*)/m)[1];
    assert.match(raw, /^=\?UTF-8\?B\?/);
    for (const line of head.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 78, line);
    assert.equal(decodeSubject(raw), subject);
    assert.equal(body, 'Salom!\r\nQatnashganingiz uchun rahmat.\r\n.dot line\r\n');
    const [row] = await until(() => {
      const r = rows(server, "SELECT status, attempts, sent_at FROM outbox WHERE to_addr = 'learner@example.org'");
      return r[0] && r[0][0] === 'sent' ? r : null;
    });
    assert.equal(row[1], '1');
    assert.match(row[2], /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  test('an ASCII subject goes as it is, and each message is sent once', async () => {
    queue(server, 'a@example.org', 'Plain subject', 'one');
    queue(server, 'b@example.org', 'Plain subject', 'two');
    const all = await smtp.waitFor(3);
    await new Promise((r) => setTimeout(r, 2500));
    assert.equal(smtp.messages.length, 3);
    assert.match(all[1].data, /^Subject: Plain subject$/m);
    assert.deepEqual(all.slice(1).map((m) => m.to[0]).sort(), ['a@example.org', 'b@example.org']);
  });

  test('a public registration to an event reaches the registrant through the SMTP server', async () => {
    server.addUser({ email: 'events.admin@example.org', name: 'Ada Admin', role: 'admin' });
    const api = server.apiAs('events.admin@example.org');
    assert.equal((await api.post('/api/v1/regions', { code: 'MMM', name: 'Region M' })).status, 201);
    assert.equal((await api.post('/api/v1/centres', { code: 'C-MAIL', name: 'Mail Centre', region: 'MMM', kind: 'regional', timezone: 'Asia/Baku' })).status, 201);
    const ev = await api.post('/api/v1/events', {
      title: 'Open data forum', kind: 'forum', centre: 'C-MAIL', capacity: 10, status: 'published',
      starts_at: '2030-12-01T10:00:00+04:00', ends_at: '2030-12-01T12:00:00+04:00',
    });
    assert.equal(ev.status, 201, ev.text);
    const reg = await server.api(null).post(`/api/v1/events/${ev.json.id}/registrations`,
      { name: 'Nigar Aliyeva', email: 'nigar@example.org', organisation: 'Ministry' });
    assert.equal(reg.status, 201, reg.text);
    assert.equal(reg.json.status, 'registered');
    const m = await until(() => smtp.messages.find((x) => x.to.includes('nigar@example.org')));
    const cut = m.data.indexOf('\r\n\r\n');
    const head = m.data.slice(0, cut), body = m.data.slice(cut + 4);
    assert.match(head, /^To: nigar@example\.org$/m);
    assert.match(body, /Open data forum/);
    assert.match(body, /10:00/);  // the time in the centre's zone, not UTC
    assert.match(body, new RegExp(`/events/${ev.json.id}/registrations/[A-Za-z0-9_-]{20,}`));
    await until(() => rows(server, "SELECT status FROM outbox WHERE to_addr = 'nigar@example.org'")[0]?.[0] === 'sent' || null);
  });
});

describe('without an SMTP server', () => {
  let server;
  before(async () => {
    server = await startDars();
    server.addUser({ email: 'admin@example.org', role: 'admin' });
    const api = server.apiAs('admin@example.org');
    assert.equal((await api.post('/api/v1/regions', { code: 'RR', name: 'Region' })).status, 201);
    assert.equal((await api.post('/api/v1/centres', { code: 'C-ONE', name: 'Centre', region: 'RR', kind: 'regional' })).status, 201);
    server.addUser({ email: 'mgr@example.org', role: 'manager@C-ONE' });
    server.addUser({ email: 'learner@example.org', role: 'learner' });
  });
  after(async () => {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  test('messages stay queued and admins read them at /admin/outbox', async () => {
    queue(server, 'someone@example.org', 'Ваш сертификат', 'Текст письма <b>не HTML</b>');
    await new Promise((r) => setTimeout(r, 2500));
    assert.deepEqual(rows(server, 'SELECT status, attempts FROM outbox'), [['queued', '0']]);
    const b = server.browser();
    await b.login('admin@example.org', PW);
    const list = await b.get('/admin/outbox');
    assert.equal(list.status, 200);
    assert.match(list.text, /someone@example\.org/);
    assert.match(list.text, /Ваш сертификат/);
    const id = rows(server, 'SELECT id FROM outbox')[0][0];
    const one = await b.get(`/admin/outbox/${id}`);
    assert.equal(one.status, 200);
    assert.match(one.text, /Текст письма &lt;b&gt;не HTML&lt;\/b&gt;/);
    assert.doesNotMatch(one.text, /Retry now/);
    const sent = await b.get('/admin/outbox?status=sent');
    assert.doesNotMatch(sent.text, /someone@example\.org/);
    assert.match(sent.text, /No messages have this status/);
    assert.equal((await b.get('/admin/outbox/99999')).status, 404);
  });

  test('managers and learners may not read the outbox', async () => {
    for (const email of ['mgr@example.org', 'learner@example.org']) {
      const b = server.browser();
      await b.login(email, PW);
      assert.equal((await b.get('/admin/outbox')).status, 403, email);
      assert.equal((await b.get('/admin/outbox/1')).status, 403, email);
    }
    const anon = await server.browser().get('/admin/outbox');
    assert.equal(anon.status, 303);
  });

  test('a failed message can be retried now', async () => {
    const t = now();
    server.sql(`INSERT INTO outbox (to_addr, subject, body, status, attempts, next_attempt_at, last_error, created_at, updated_at)
      VALUES ('gone@example.org', 'Failed one', 'x', 'failed', 8, '${t}', 'connection refused', '${t}', '${t}')`);
    const id = rows(server, "SELECT id FROM outbox WHERE to_addr = 'gone@example.org'")[0][0];
    const b = server.browser();
    await b.login('admin@example.org', PW);
    const page = await b.get(`/admin/outbox/${id}`);
    assert.match(page.text, /connection refused/);
    assert.match(page.text, /Retry now/);
    const r = await b.post(`/admin/outbox/${id}/retry`);
    assert.equal(r.status, 303);
    assert.deepEqual(rows(server, `SELECT status FROM outbox WHERE id = ${id}`), [['queued']]);
    assert.equal((await b.post(`/admin/outbox/${id}/retry`)).status, 409);
    assert.equal((await b.post(`/admin/outbox/${id}/retry`, { csrf: null })).status, 403);
    assert.deepEqual(server.sql("SELECT object_id FROM audit_events WHERE action = 'outbox.retry'"), [[id]]);
  });
});

describe('with an SMTP server that does not answer', () => {
  let server;
  before(async () => {
    // a port that was free a moment ago: nothing listens there
    const port = await new Promise((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    });
    server = await startDars({ env: { DARS_SMTP_URL: `smtp://127.0.0.1:${port}` } });
  });
  after(async () => {
    const { stderr } = await server.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  });

  test('the attempt is counted, the error kept and the next attempt put off', async () => {
    const before = now();
    queue(server, 'x@example.org', 'Hello', 'body');
    const [row] = await until(() => {
      const r = rows(server, 'SELECT status, attempts, last_error, next_attempt_at FROM outbox');
      return r[0] && r[0][1] === '1' ? r : null;
    });
    assert.equal(row[0], 'queued');
    assert.notEqual(row[2], '');
    // backed off by about a minute
    const wait = (Date.parse(row[3]) - Date.parse(before)) / 1000;
    assert.ok(wait >= 55 && wait <= 70, `next attempt in ${wait} s`);
  });
});
