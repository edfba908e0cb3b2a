// Start a real dars for a test file, on a fresh database of the engine under
// test (DARS_TEST_DB=sqlite|pg), and talk to it as a browser or an API client.
// Every server listens on 127.0.0.1 and is stopped by stop().
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import net from 'node:net';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);
export const BIN = process.env.DARS_BIN || join(ROOT, 'build/asan/dars');
export const ENGINE = process.env.DARS_TEST_DB || 'sqlite';

function freePort() {
  return new Promise((ok, fail) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => ok(port));
    });
    s.on('error', fail);
  });
}

let dbCounter = 0;

// A fresh database URL: a file in a temp dir, or a new database in the
// throwaway PostgreSQL cluster that tools/test-http started (DARS_TEST_PG_HOST).
function freshDb(dir) {
  if (ENGINE === 'sqlite') return `sqlite:${join(dir, 'dars.db')}`;
  const host = process.env.DARS_TEST_PG_HOST;
  if (!host) throw new Error('DARS_TEST_PG_HOST is not set (run through tools/test-http)');
  const name = `t_${process.pid}_${Date.now()}_${dbCounter++}`;
  const r = spawnSync('psql', ['-h', host, '-U', 'postgres', '-d', 'postgres', '-qAtc', `CREATE DATABASE ${name}`]);
  if (r.status !== 0) throw new Error(`createdb failed: ${r.stderr}`);
  return `postgresql:///${name}?host=${host}&user=postgres`;
}

// Run one SQL query on a test database with the engine's own client; rows as
// arrays of strings. For checks of what is stored (hashes, audit rows).
// fetch, sent again once when the kept-alive socket it reused turns out closed. The tests'
// spawnSync calls (the CLI, sqlite3, psql) block Node's event loop, so the client's 4-second
// keep-alive timer cannot close an idle socket while they run; after a minute of them the
// server (60 s idle timeout) has closed it, and the next request fails before it reaches the
// server. Nothing was sent, so sending again is safe, also for a POST.
export async function fetchOnce(url, options) {
  try {
    return await fetch(url, options);
  } catch (e) {
    if (!['UND_ERR_SOCKET', 'ECONNRESET'].includes(e?.cause?.code)) throw e;
    return fetch(url, options);
  }
}

export function sql(db, query) {
  let r;
  if (db.startsWith('sqlite:')) {
    r = spawnSync('sqlite3', ['-batch', '-separator', '\t', db.slice(7), query], { encoding: 'utf8' });
  } else {
    r = spawnSync('psql', [db.replace(/^postgresql:/, 'postgresql:'), '-qAt', '-F', '\t', '-c', query], { encoding: 'utf8' });
  }
  if (r.status !== 0) throw new Error(`sql failed: ${r.stderr}`);
  return r.stdout.split('\n').filter((l) => l !== '').map((l) => l.split('\t'));
}

// Run the dars command line against the server's database.
export function cli(db, args, input) {
  const r = spawnSync(BIN, [...args, '--db', db], {
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, DARS_DB: '' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export async function startDars(opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dars-test-'));
  const db = opts.db || freshDb(dir);
  const port = await freePort();
  const m = cli(db, ['migrate']);
  if (m.code !== 0) throw new Error(`migrate failed: ${m.stderr}`);
  const proc = spawn(BIN, ['serve', '--db', db, '--listen', `127.0.0.1:${port}`, '--threads', String(opts.threads || 2)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DARS_DB: '', ...(opts.env || {}) },
  });
  let stderr = '';
  const accessLog = [];
  proc.stderr.on('data', (d) => { stderr += d; });
  proc.stdout.on('data', (d) => { accessLog.push(...String(d).split('\n').filter(Boolean)); });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.status === 200) break;
    } catch { /* not up yet */ }
    if (proc.exitCode !== null) throw new Error(`dars exited: ${stderr}`);
    if (i > 200) throw new Error(`dars did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const server = {
    url, db, dir, proc, accessLog,
    get stderr() { return stderr; },
    cli: (args, input) => cli(db, args, input),
    // The access-log line a request left (an object): run fn (which makes the request for
    // path, by method when given) and wait for the line. Lines are written as requests end,
    // so an earlier request's line may come after fn starts: give the method when requests
    // of another method to the same path may still be finishing.
    async logLine(path, fn, method) {
      const start = accessLog.length;
      await fn();
      for (let i = 0; i < 100; i++) {
        const line = accessLog.slice(start).map((l) => JSON.parse(l))
          .find((o) => o.path === path && (!method || o.method === method));
        if (line) return line;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`no access-log line for ${path}`);
    },
    // SQL statements a request ran, from its access-log line ("sql").
    async statements(path, fn, method) {
      return (await this.logLine(path, fn, method)).sql;
    },
    sql: (query) => sql(db, query),
    async stop() {
      if (proc.exitCode === null) {
        const done = new Promise((r) => proc.once('exit', r));
        proc.kill('SIGTERM');
        await done;
      }
      rmSync(dir, { recursive: true, force: true });
      return { code: proc.exitCode, stderr };
    },
    // Create a user through the CLI; role like 'admin' or 'manager@C-BAK'.
    addUser({ email, name = 'Test User', role, password = 'correct horse battery' }) {
      const args = ['user', 'add', '--email', email, '--name', name, '--password-stdin'];
      if (role) for (const r of [].concat(role)) args.push('--role', r);
      const r = cli(db, args, password + '\n');
      if (r.code !== 0) throw new Error(`user add ${email} failed: ${r.stderr}`);
      return { email, password };
    },
    token(email) {
      const r = cli(db, ['token', 'create', '--email', email]);
      if (r.code !== 0) throw new Error(`token create failed: ${r.stderr}`);
      return r.stdout.trim();
    },
    browser() { return new Browser(url); },
    api(token) { return new Api(url, token); },
    // An API client with a fresh token of the user with this e-mail.
    apiAs(email) { return new Api(url, this.token(email)); },
  };
  return server;
}

// Await an API answer, assert its status (201 unless told) and give back its JSON.
export async function apiOk(promise, status = 201) {
  const r = await promise;
  assert.equal(r.status, status, r.text);
  return r.json;
}

// The <main> element of a page, so that assertions do not match the header or footer.
export const mainOf = (html) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

// The hidden CSRF field of a page.
export function csrfOf(html) {
  const m = html.match(/name="csrf" value="([^"]+)"/);
  return m ? m[1] : null;
}

// A cookie-keeping client that fills in the CSRF token from the last page it saw.
export class Browser {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
    this.csrf = null;
    this.lang = 'en';
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      const k = pair.slice(0, i), v = pair.slice(i + 1);
      if (v === '' || /Max-Age=0/i.test(c)) this.cookies.delete(k); else this.cookies.set(k, v);
    }
  }

  async request(method, path, body, headers = {}) {
    const res = await fetchOnce(this.base + path, {
      method,
      body,
      redirect: 'manual',
      headers: { cookie: this.cookieHeader(), 'accept-language': this.lang, ...headers },
    });
    this.keep(res);
    const text = await res.text();
    const t = csrfOf(text);
    if (t) this.csrf = t;
    return { status: res.status, headers: res.headers, text, location: res.headers.get('location') };
  }

  get(path) { return this.request('GET', path); }

  // POST a form; the CSRF token is added unless fields has csrf (null: leave it out).
  async post(path, fields = {}) {
    if (!this.csrf && !('csrf' in fields)) await this.get('/login');
    const f = { csrf: this.csrf, ...fields };
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(f)) {
      if (v === null || v === undefined) continue;
      for (const one of [].concat(v)) body.append(k, one);
    }
    return this.request('POST', path, body, { 'content-type': 'application/x-www-form-urlencoded' });
  }

  // POST multipart with files: files = { field: { name, type, content } }.
  async upload(path, fields = {}, files = {}) {
    if (!this.csrf) await this.get('/login');
    const fd = new FormData();
    fd.append('csrf', this.csrf);
    for (const [k, v] of Object.entries(fields)) fd.append(k, v);
    for (const [k, f] of Object.entries(files)) fd.append(k, new Blob([f.content], { type: f.type || 'text/csv' }), f.name);
    return this.request('POST', path, fd);
  }

  async login(email, password) {
    await this.get('/login');
    const r = await this.post('/login', { email, password });
    if (r.status !== 303) throw new Error(`login as ${email} failed: ${r.status} ${r.text.slice(0, 200)}`);
    await this.get(r.location);
    return r;
  }
}

export class Api {
  constructor(base, token) { this.base = base; this.token = token; }

  async request(method, path, body) {
    const headers = { accept: 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetchOnce(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(path) { return this.request('GET', path); }
  post(path, body) { return this.request('POST', path, body ?? {}); }
  patch(path, body) { return this.request('PATCH', path, body ?? {}); }
}
