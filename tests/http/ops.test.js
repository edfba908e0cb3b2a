// Running Dars: health, metrics, the access log, static assets, language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars } from '../lib/dars.js';
import http from 'node:http';
import { gunzipSync } from 'node:zlib';
import net from 'node:net';

let server;
before(async () => { server = await startDars(); });
after(async () => { await server.stop(); });

test('GET /healthz answers ok when the database answers', async () => {
  const r = await fetch(`${server.url}/healthz`);
  assert.equal(r.status, 200);
  assert.equal(await r.text(), 'ok');
});

test('GET /metrics is Prometheus text with requests and latency by route', async () => {
  await fetch(`${server.url}/login`);
  await fetch(`${server.url}/no-such-page`);
  const r = await fetch(`${server.url}/metrics`);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  const text = await r.text();
  assert.match(text, /dars_http_requests_total\{route="GET \/login",status="2xx"\} \d+/);
  assert.match(text, /dars_http_requests_total\{route="unmatched",status="4xx"\} \d+/);
  assert.match(text, /dars_http_request_duration_seconds_bucket\{route="GET \/login",le="\+Inf"\} \d+/);
  assert.match(text, /dars_db_seconds_total \d/);
});

test('each request writes one JSON access-log line without the query string', async () => {
  await fetch(`${server.url}/login?next=/secret-token-value`);
  await new Promise((r) => setTimeout(r, 100));
  const lines = server.accessLog.map((l) => JSON.parse(l));
  const line = lines.find((l) => l.path === '/login');
  assert.ok(line, 'a line for /login');
  assert.equal(line.method, 'GET');
  assert.equal(line.status, 200);
  assert.equal(typeof line.ms, 'number');
  assert.ok(!server.accessLog.join('\n').includes('secret-token-value'));
});

test('static assets have an ETag, a long cache life when versioned, and answer 304', async () => {
  const page = await (await fetch(`${server.url}/login`)).text();
  const href = page.match(/href="(\/assets\/css\/dars\.css\?v=[0-9a-f]+)"/)[1];
  const r = await fetch(server.url + href);
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /^text\/css/);
  assert.match(r.headers.get('cache-control'), /max-age=31536000/);
  const etag = r.headers.get('etag');
  const again = await fetch(server.url + href, { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
});

test('the page language follows Accept-Language, then the switcher', async () => {
  const b = server.browser();
  b.lang = 'ru-RU,ru;q=0.9';
  const ru = await b.get('/login');
  assert.match(ru.text, /<html lang="ru">/);
  assert.match(ru.text, /Войти/);
  const sw = await b.post('/lang', { lang: 'az', next: '/login' });
  assert.equal(sw.status, 303);
  const az = await b.get('/login');
  assert.match(az.text, /<html lang="az">/);
});

test('an unknown page is 404 in the reader language; unknown API paths are problem+json', async () => {
  const b = server.browser();
  b.lang = 'uz';
  const r = await b.get('/no/such/page');
  assert.equal(r.status, 404);
  assert.match(r.text, /<html lang="uz">/);
  const api = await fetch(`${server.url}/api/v1/nothing`);
  assert.equal(api.status, 404);
  assert.equal(api.headers.get('content-type'), 'application/problem+json');
});

test('the CLI prints one line and exits 2 on bad usage', async () => {
  const r = server.cli(['serve', '--threads', 'many']);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
  const u = server.cli(['frobnicate']);
  assert.equal(u.code, 2);
});

test('a second dars on a port already taken refuses to start', async () => {
  const port = new URL(server.url).port;
  const r = server.cli(['serve', '--listen', `127.0.0.1:${port}`]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /cannot listen on '127\.0\.0\.1:\d+': address in use/);
});

// A raw GET (fetch would decompress for us): status, headers and the bytes as sent.
function rawGet(path, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(`${server.url}${path}`, { headers }, (res) => {
      const parts = [];
      res.on('data', (d) => parts.push(d));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(parts) }));
    }).on('error', reject);
  });
}

test('pages go gzipped to clients that ask, as they are to others; small and tagged answers stay plain', async () => {
  const plain = await rawGet('/login');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.match(plain.headers.vary, /Accept-Encoding/);
  const zipped = await rawGet('/login', { 'accept-encoding': 'gzip, deflate, br' });
  assert.equal(zipped.headers['content-encoding'], 'gzip');
  assert.ok(zipped.body.length < plain.body.length / 2, `${zipped.body.length} vs ${plain.body.length}`);
  assert.match(gunzipSync(zipped.body).toString(), /<h1>Sign in<\/h1>/);
  const refused = await rawGet('/login', { 'accept-encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  const small = await rawGet('/healthz', { 'accept-encoding': 'gzip' });
  assert.equal(small.headers['content-encoding'], undefined);
  const css = await rawGet('/assets/css/dars.css', { 'accept-encoding': 'gzip' });
  assert.ok(css.headers.etag);
  assert.equal(css.headers['content-encoding'], undefined);
});

test('HEAD answers the headers its GET would, Content-Length included, and no body', async () => {
  for (const path of ['/login', '/assets/css/dars.css']) {
    const get = await fetch(`${server.url}${path}`, { headers: { 'accept-encoding': 'identity' } });
    const body = Buffer.from(await get.arrayBuffer());
    // a raw HEAD, then a GET on the same connection: a stray body would be read as the second
    // answer's start
    const answers = await new Promise((resolve, reject) => {
      const u = new URL(server.url);
      const sock = net.connect(Number(u.port), u.hostname, () => {
        sock.write(`HEAD ${path} HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      sock.on('data', (c) => { data += c.toString('latin1'); });
      sock.on('end', () => resolve(data));
      sock.on('error', reject);
    });
    const [head, rest] = answers.split('\r\n\r\n');
    assert.match(head, /^HTTP\/1\.1 200/);
    assert.match(head, new RegExp(`\\r\\ncontent-length: ${body.length}\\r?`, 'i'));
    assert.match(rest, /^HTTP\/1\.1 200/, `${path}: nothing between the HEAD answer and the next`);
  }
});
