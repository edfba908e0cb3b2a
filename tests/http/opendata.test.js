// Open data (issue 19, DESIGN.md 6a "Open data"): the demo's statistics
// published as CSV and JSON that agree with each other and with the reports
// API where a count is shown, small counts hidden (and what would give them
// away), nobody's name, e-mail or id anywhere under /open-data, a DCAT-AP 3
// catalogue that expands as JSON-LD with no network, files with ETags and
// 304s, served from memory (no statement per request), a snapshot published
// by the command line served within a second or two, the archive, and the
// admins' "Publish now".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import jsonld from 'jsonld';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDars, mainOf, csrfOf } from '../lib/dars.js';

const K = 5;
const CONTACT = 'opendata@ministry.example';
const DATASETS = ['training-by-region-quarter', 'training-by-topic-quarter',
  'events-by-region-quarter', 'centres'];
let server, api, demo, emptyState;

// RFC 4180 as Dars writes it: CRLF lines, quotes around fields with commas or quotes.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r') { /* the \n ends the line */ }
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  return rows;
}

async function get(path, headers = {}) {
  const r = await fetch(server.url + path, { headers });
  return { status: r.status, headers: r.headers, text: await r.text() };
}

async function dataset(name) {
  const csv = await get(`/open-data/${name}.csv`);
  const json = await get(`/open-data/${name}.json`);
  assert.equal(csv.status, 200, name);
  assert.equal(json.status, 200, name);
  return { csv: parseCsv(csv.text), json: JSON.parse(json.text), csvRes: csv, jsonRes: json };
}

before(async () => {
  server = await startDars({ env: { DARS_OPENDATA_CONTACT_EMAIL: CONTACT, DARS_OPENDATA_PUBLISHER: 'Ministry of Digital Development' } });
  emptyState = {
    page: await get('/open-data'),
    file: await get('/open-data/centres.csv'),
    catalogue: await get('/open-data/catalog.jsonld'),
  };
  demo = server.cli(['demo']);
  api = server.apiAs('admin@dars.example');
});
after(async () => { await server.stop(); });

test('before the first snapshot the catalogue says so and the files are not there', () => {
  assert.equal(emptyState.page.status, 200);
  assert.match(mainOf(emptyState.page.text), /Nothing has been published yet/);
  assert.equal(emptyState.file.status, 404);
  assert.equal(emptyState.catalogue.status, 200);
  assert.deepEqual(JSON.parse(emptyState.catalogue.text)['dcat:dataset'], []);
});

test('the demo publishes a first snapshot; every dataset is on the catalogue page with its date and files', async () => {
  assert.equal(demo.code, 0, demo.stderr);
  assert.match(demo.stdout, /open data published/);
  const page = mainOf((await get('/open-data')).text);
  const today = new Date().toISOString().slice(0, 10);
  for (const name of DATASETS) {
    assert.ok(page.includes(`href="/open-data/${name}"`), name);
    assert.ok(page.includes(`href="/open-data/${name}.csv"`), name);
    assert.ok(page.includes(`href="/open-data/${name}.json"`), name);
  }
  assert.match(page, /Published \d+ \w+ \d{4}/);
  assert.match(page, /Counts hidden so that nobody can be identified: \d+\.|No count had to be hidden/);
  const sizes = server.sql(`SELECT dataset FROM opendata_snapshots WHERE day = '${today}' ORDER BY dataset`);
  assert.deepEqual(sizes.map((r) => r[0]), [...DATASETS].sort());
});

test('training-by-region-quarter has exactly the contract columns, and CSV and JSON say the same', async () => {
  const cols = ['region', 'region_name', 'quarter', 'programme', 'people_enrolled', 'people_completed',
    'women', 'men', 'other_or_unknown', 'suppressed'];
  for (const name of DATASETS) {
    const { csv, json } = await dataset(name);
    const header = csv[0];
    if (name === 'training-by-region-quarter') assert.deepEqual(header, cols);
    assert.equal(json.dataset, name);
    assert.equal(csv.length - 1, json.rows.length, name);
    json.rows.forEach((o, i) => {
      assert.deepEqual(Object.keys(o), header, name);
      const line = csv[i + 1];
      header.forEach((c, j) => {
        const v = o[c];
        const asCsv = v === null ? '' : String(v);
        assert.equal(line[j], asCsv, `${name} row ${i} ${c}`);
      });
    });
  }
});

test('no count from 1 to k-1 is published; a hidden count is empty, marks its row, and cannot be worked out', async () => {
  let hidden = 0, shown = 0;
  for (const name of ['training-by-region-quarter', 'training-by-topic-quarter', 'events-by-region-quarter']) {
    const { json } = await dataset(name);
    const people = name === 'events-by-region-quarter' ? ['events_held', 'participants']
      : ['people_enrolled', 'people_completed', 'women', 'men', 'other_or_unknown'];
    for (const row of json.rows) {
      const h = people.filter((c) => row[c] === null);
      for (const c of people) if (row[c] !== null) {
        assert.ok(row[c] === 0 || row[c] >= K, `${name} ${JSON.stringify(row)}`);
        shown++;
      }
      assert.equal(row.suppressed, h.length > 0, `${name} ${JSON.stringify(row)}`);
      hidden += h.length;
      if (people.length === 5) {
        // people_enrolled = women + men + other_or_unknown: never exactly one of the four hidden
        const split = ['people_enrolled', 'women', 'men', 'other_or_unknown'].filter((c) => row[c] === null);
        assert.notEqual(split.length, 1, `${name} ${JSON.stringify(row)}`);
      }
    }
    // (the cube's totals along region, quarter and programme are not published, so the
    // complement of a hidden cell may be its unpublished total: src/opendata/compute.c)
  }
  assert.ok(hidden > 0, 'the demo has small cells');
  assert.ok(shown > 0);
});

// The quarter's days as the reports API takes them, the last one clipped to the snapshot's day.
function quarterDays(q, day) {
  const [y, n] = [Number(q.slice(0, 4)), Number(q.slice(6))];
  const from = `${y}-${String(3 * n - 2).padStart(2, '0')}-01`;
  const ends = ['03-31', '06-30', '09-30', '12-31'];
  const to = `${y}-${ends[n - 1]}`;
  return { from, to: to > day ? day : to };
}

test('every count shown at or above k agrees with the reports API', async () => {
  const { json } = await dataset('training-by-region-quarter');
  const day = json.date;
  const big = json.rows.filter((r) => r.people_enrolled !== null && r.people_enrolled >= K);
  assert.ok(big.length > 0, 'the demo has large cells');
  let checked = 0;
  const asked = new Map();
  const ask = async (query) => {
    if (!asked.has(query)) {
      const r = await api.get(`/api/v1/reports/training?${query}`);
      assert.equal(r.status, 200, r.text);
      asked.set(query, r.json);
    }
    return asked.get(query);
  };
  for (const row of big) {
    const { from, to } = quarterDays(row.quarter, day);
    const base = `from=${from}&to=${to}&by=programme&region=${row.region}`;
    const item = (res) => res.items.find((i) => (i.key ?? '') === row.programme) || { enrolled: 0, completed: 0 };
    const all = item(await ask(base));
    assert.equal(row.people_enrolled, all.enrolled, JSON.stringify(row));
    if (row.people_completed !== null && row.people_completed >= K) assert.equal(row.people_completed, all.completed);
    for (const [col, g] of [['women', 'female'], ['men', 'male']]) {
      if (row[col] !== null && row[col] >= K) {
        assert.equal(row[col], item(await ask(`${base}&gender=${g}`)).enrolled, `${col} ${JSON.stringify(row)}`);
      }
    }
    checked++;
  }
  assert.ok(checked > 0);

  // the topic dataset against the same people, counted by course
  const topics = (await dataset('training-by-topic-quarter')).json.rows;
  assert.ok(topics.some((r) => r.people_enrolled !== null && r.people_enrolled >= K));
});

test('events and centres carry what the contract says and nothing about people', async () => {
  const ev = (await dataset('events-by-region-quarter')).json.rows;
  // events held are a published count too: 1 to k-1 of them is hidden like people
  assert.ok(ev.some((r) => r.events_held === null || r.events_held > 0));
  for (const r of ev) assert.ok(r.events_held === null || r.events_held === 0 || r.events_held >= K, JSON.stringify(r));
  const centres = (await dataset('centres')).csv;
  assert.deepEqual(centres[0], ['code', 'name', 'kind', 'region', 'area', 'capacity']);
  const live = server.sql('SELECT code FROM centres WHERE deleted_at IS NULL ORDER BY code').map((r) => r[0]);
  assert.deepEqual(centres.slice(1).map((r) => r[0]), live);
});

test('no name, e-mail or id of a person appears anywhere under /open-data', async () => {
  const people = server.sql('SELECT id, email, full_name FROM users');
  assert.ok(people.length > 20);
  const paths = ['/open-data', '/open-data/catalog.jsonld'];
  for (const name of DATASETS) {
    paths.push(`/open-data/${name}`, `/open-data/${name}.csv`, `/open-data/${name}.json`);
  }
  const page = (await get('/open-data/centres')).text;
  for (const m of page.matchAll(/href="(\/open-data\/archive\/[^"]+)"/g)) paths.push(m[1]);
  let crawled = 0;
  for (const path of paths) {
    const r = await get(path);
    assert.equal(r.status, 200, path);
    const body = path.endsWith('.csv') || path.endsWith('json') || path.endsWith('jsonld') ? r.text : mainOf(r.text);
    for (const [, email, name] of people) {
      assert.ok(!body.includes(email), `${email} in ${path}`);
      assert.ok(!body.includes(name), `${name} in ${path}`);
    }
    assert.doesNotMatch(body, /@dars\.example/, path);
    // no field that could hold a person's id
    assert.doesNotMatch(body, /"(user|user_id|person|email|id|full_name)"\s*:/, path);
    crawled++;
  }
  assert.ok(crawled >= 15);
});

test('the catalogue expands as DCAT-AP JSON-LD with no network and carries every field', async () => {
  const r = await get('/open-data/catalog.jsonld');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/ld+json');
  assert.ok(r.headers.get('etag'));
  const doc = JSON.parse(r.text);
  // any document it would load is an error: the context is inline and nothing else is fetched
  const documentLoader = async (url) => { throw new Error(`no network in tests: ${url}`); };
  const expanded = await jsonld.expand(doc, { documentLoader });
  const DCAT = 'http://www.w3.org/ns/dcat#', DCT = 'http://purl.org/dc/terms/';
  const FOAF = 'http://xmlns.com/foaf/0.1/', VCARD = 'http://www.w3.org/2006/vcard/ns#';
  const XSD = 'http://www.w3.org/2001/XMLSchema#';
  assert.equal(expanded.length, 1);
  const cat = expanded[0];
  assert.deepEqual(cat['@type'], [`${DCAT}Catalog`]);
  assert.ok(cat[`${DCT}title`].some((t) => t['@language'] === 'en' && t['@value']));
  assert.ok(cat[`${DCT}title`].some((t) => t['@language'] === 'ru'), 'titles in the other languages');
  assert.ok(cat[`${DCT}description`][0]['@value']);
  const pub = cat[`${DCT}publisher`][0];
  assert.deepEqual(pub['@type'], [`${FOAF}Agent`]);
  assert.equal(pub[`${FOAF}name`][0]['@value'], 'Ministry of Digital Development');
  const sets = cat[`${DCAT}dataset`];
  assert.equal(sets.length, DATASETS.length);
  for (const ds of sets) {
    assert.deepEqual(ds['@type'], [`${DCAT}Dataset`]);
    assert.ok(ds['@id'].startsWith(server.url + '/open-data/'));
    assert.ok(ds[`${DCT}title`][0]['@value']);
    assert.ok(ds[`${DCT}description`][0]['@value']);
    assert.ok(ds[`${DCAT}keyword`].length >= 2);
    assert.deepEqual(ds[`${DCAT}theme`], [{ '@id': 'http://publications.europa.eu/resource/authority/data-theme/EDUC' }]);
    assert.deepEqual(ds[`${DCT}license`], [{ '@id': 'http://creativecommons.org/licenses/by/4.0/' }]);
    assert.ok(ds[`${DCT}spatial`].length === 1);
    assert.equal(ds[`${DCT}modified`][0]['@type'], `${XSD}dateTime`);
    const cp = ds[`${DCAT}contactPoint`][0];
    assert.deepEqual(cp['@type'], [`${VCARD}Kind`]);
    assert.ok(cp[`${VCARD}fn`][0]['@value']);
    assert.deepEqual(cp[`${VCARD}hasEmail`], [{ '@id': `mailto:${CONTACT}` }]);
    if (!ds['@id'].endsWith('/centres')) {
      const t = ds[`${DCT}temporal`][0];
      assert.deepEqual(t['@type'], [`${DCT}PeriodOfTime`]);
      assert.match(t[`${DCAT}startDate`][0]['@value'], /^\d{4}-01-01$/);
      assert.equal(t[`${DCAT}startDate`][0]['@type'], `${XSD}date`);
      assert.match(t[`${DCAT}endDate`][0]['@value'], /^\d{4}-\d\d-\d\d$/);
    }
    const dists = ds[`${DCAT}distribution`];
    assert.equal(dists.length, 2);
    const types = dists.map((d) => d[`${DCAT}mediaType`][0]['@id']).sort();
    assert.deepEqual(types, ['http://www.iana.org/assignments/media-types/application/json',
      'http://www.iana.org/assignments/media-types/text/csv']);
    for (const d of dists) {
      assert.deepEqual(d['@type'], [`${DCAT}Distribution`]);
      assert.equal(d[`${DCAT}accessURL`][0]['@id'], ds['@id']);
      const url = d[`${DCAT}downloadURL`][0]['@id'];
      assert.match(d[`${DCT}format`][0]['@id'], /file-type\/(CSV|JSON)$/);
      assert.ok(d[`${DCT}modified`][0]['@value']);
      const file = await get(url.slice(server.url.length));
      assert.equal(file.status, 200, url);
    }
  }
});

test('files have strong ETags, Last-Modified, caching headers and answer 304 when unchanged', async () => {
  for (const [ext, type] of [['csv', 'text/csv; charset=utf-8'], ['json', 'application/json']]) {
    const r = await get(`/open-data/training-by-region-quarter.${ext}`);
    const etag = r.headers.get('etag');
    assert.match(etag, /^"[0-9a-f]{32}"$/);
    assert.equal(r.headers.get('content-type'), type);
    assert.match(r.headers.get('cache-control'), /^public, max-age=\d+/);
    assert.ok(!Number.isNaN(Date.parse(r.headers.get('last-modified'))));
    assert.match(r.headers.get('content-disposition'), new RegExp(`filename="training-by-region-quarter-\\d{4}-\\d\\d-\\d\\d\\.${ext}"`));
    const again = await get(`/open-data/training-by-region-quarter.${ext}`, { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.text, '');
    const other = await get(`/open-data/training-by-region-quarter.${ext}`, { 'if-none-match': '"nope"' });
    assert.equal(other.status, 200);
  }
  const cat = await get('/open-data/catalog.jsonld');
  assert.equal((await get('/open-data/catalog.jsonld', { 'if-none-match': cat.headers.get('etag') })).status, 304);
  assert.equal((await get('/open-data/no-such-thing.csv')).status, 404);
  assert.equal((await get('/open-data/no-such-thing')).status, 404);
});

test('a file costs no statement (at most the one-a-second look for a newer snapshot)', async (t) => {
  const path = '/open-data/training-by-region-quarter.csv';
  const counts = [], allocs = [];
  for (let i = 0; i < 6; i++) {
    const line = await server.logLine(path, () => get(path));
    counts.push(line.sql);
    allocs.push(line.allocs);
  }
  // the look for a newer snapshot (one statement), and its bytes when there is one (a second)
  assert.ok(counts.every((n) => n <= 2), JSON.stringify(counts));
  assert.ok(counts.filter((n) => n === 0).length >= 4, JSON.stringify(counts));
  t.diagnostic(`statements ${JSON.stringify(counts)}, allocations ${JSON.stringify(allocs)}`);
  // and about what a static asset costs (27 when measured; the sanitizer build counts them)
  if (allocs[0] !== undefined) assert.ok(Math.min(...allocs) <= 40, JSON.stringify(allocs));
  const page = '/open-data';
  const a = await server.statements(page, () => get(page));
  assert.ok(a <= 3, `the catalogue page: ${a}`);
});

test('a snapshot published by the command line is served by the running server within a second or two', async () => {
  const before = await get('/open-data/training-by-region-quarter.csv');
  const catalogBefore = await get('/open-data/catalog.jsonld');
  assert.ok(!before.text.includes('ZZZ,'));
  await api.post('/api/v1/regions', { code: 'ZZZ', name: 'Zangilan' });
  const r = server.cli(['opendata', 'publish']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim(), 'open data published');
  const t0 = Date.now();
  let now;
  do {
    now = await get('/open-data/training-by-region-quarter.csv');
    if (now.text.includes('ZZZ,Zangilan,')) break;
    await new Promise((res) => setTimeout(res, 100));
  } while (Date.now() - t0 < 3000);
  assert.ok(now.text.includes('ZZZ,Zangilan,'), 'the new snapshot is served');
  assert.ok(Date.now() - t0 < 2500, `served after ${Date.now() - t0} ms`);
  assert.notEqual(now.headers.get('etag'), before.headers.get('etag'));
  // the catalogue (built once per snapshot) follows: its modified dates are the new run's
  const catalogNow = await get('/open-data/catalog.jsonld');
  assert.notEqual(catalogNow.headers.get('etag'), catalogBefore.headers.get('etag'));
  assert.notEqual(JSON.parse(catalogNow.text)['dcat:dataset'][0]['dct:modified']['@value'],
    JSON.parse(catalogBefore.text)['dcat:dataset'][0]['dct:modified']['@value']);
});

test('a failed run is logged and the last snapshot stays served', async () => {
  const before = await get('/open-data/centres.csv');
  // the snapshots' table refuses writes for a moment, as a full disk would
  if (server.db.startsWith('sqlite:')) {
    server.sql("CREATE TRIGGER od_refuse BEFORE INSERT ON opendata_snapshots BEGIN SELECT RAISE(ABORT, 'no space left'); END");
  } else {
    server.sql("CREATE FUNCTION od_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no space left'; END $$ LANGUAGE plpgsql; " +
      'CREATE TRIGGER od_refuse BEFORE INSERT ON opendata_snapshots FOR EACH ROW EXECUTE FUNCTION od_refuse()');
  }
  const runs = Number(server.sql('SELECT COUNT(*) FROM opendata_snapshots')[0][0]);
  const r = server.cli(['opendata', 'publish']);
  server.sql(server.db.startsWith('sqlite:') ? 'DROP TRIGGER od_refuse'
    : 'DROP TRIGGER od_refuse ON opendata_snapshots; DROP FUNCTION od_refuse()');
  assert.equal(r.code, 1);
  // the last line is the command's (PostgreSQL's driver also notes the error on a line of its own)
  assert.match(r.stderr.trimEnd().split('\n').at(-1), /^dars: cannot publish open data: .*no space left/);
  assert.equal(Number(server.sql('SELECT COUNT(*) FROM opendata_snapshots')[0][0]), runs, 'nothing half-written');
  const [last] = server.sql('SELECT status, error FROM opendata_runs ORDER BY id DESC LIMIT 1');
  assert.equal(last[0], 'failed');
  assert.match(last[1], /no space left/);
  await new Promise((res) => setTimeout(res, 1100));
  const after = await get('/open-data/centres.csv');
  assert.equal(after.status, 200);
  assert.equal(after.headers.get('etag'), before.headers.get('etag'));
});

test('the command line refuses bad usage and bad settings with one line and exit 2', () => {
  const r = server.cli(['opendata']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /usage: dars opendata publish/);
  const empty = server.cli(['opendata', 'publish', '--config', '/dev/null']);
  assert.equal(empty.code, 0, empty.stderr); // an empty file: defaults
  const dir = mkdtempSync(join(tmpdir(), 'dars-od-'));
  for (const [setting, line] of [['k = 0', /\[opendata\] k must be a whole number from 1 to 1000/],
    ['round = -3', /\[opendata\] round must be a whole number from 0 to 1000/]]) {
    writeFileSync(join(dir, 'dars.ini'), `[opendata]\n${setting}\n`);
    const bad = server.cli(['opendata', 'publish', '--config', join(dir, 'dars.ini')]);
    assert.equal(bad.code, 2, setting);
    assert.match(bad.stderr, line);
    assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  }
  rmSync(dir, { recursive: true });
});

test('past snapshots stay: the dataset page lists the archive and serves each dated file', async () => {
  const today = new Date().toISOString().slice(0, 10);
  // yesterday's snapshot, as a run of that day would have left it
  server.sql("INSERT INTO opendata_snapshots (run_id, dataset, day, csv, json, csv_etag, json_etag, rows_count, cells, " +
    "hidden_primary, hidden_secondary, coverage_from, coverage_to, k, round_base, created_at, updated_at) SELECT run_id, dataset, " +
    "'2026-01-15', csv, json, csv_etag, json_etag, rows_count, cells, hidden_primary, hidden_secondary, coverage_from, " +
    "'2026-01-15', k, round_base, '2026-01-15T03:00:00Z', '2026-01-15T03:00:00Z' FROM opendata_snapshots WHERE dataset = 'centres' AND day = '" + today + "'");
  const page = mainOf((await get('/open-data/centres')).text);
  assert.ok(page.includes(`/open-data/archive/${today}/centres.csv`));
  assert.ok(page.includes('/open-data/archive/2026-01-15/centres.csv'));
  assert.match(page, /Data dictionary/);
  assert.match(page, /capacity/);
  const old = await get('/open-data/archive/2026-01-15/centres.csv');
  assert.equal(old.status, 200);
  assert.match(old.headers.get('content-disposition'), /centres-2026-01-15\.csv/);
  assert.equal(old.headers.get('cache-control'), 'public, max-age=86400');
  // a public, cacheable file sets no cookie: a shared cache would hand one visitor's to all
  assert.equal(old.headers.get('set-cookie'), null);
  assert.equal((await get('/open-data/centres.csv')).headers.get('set-cookie'), null);
  assert.equal((await get('/open-data/archive/2026-01-15/centres.csv', { 'if-none-match': old.headers.get('etag') })).status, 304);
  assert.equal((await get('/open-data/archive/2026-01-16/centres.csv')).status, 404);
  assert.equal((await get('/open-data/archive/2026-01-15/centres.json')).status, 200);
  // the latest stays today's
  assert.match((await get('/open-data/centres.csv')).headers.get('content-disposition'), new RegExp(`centres-${today}`));
  // a page with hidden counts says how many and why, never the values
  const tr = mainOf((await get('/open-data/training-by-region-quarter')).text);
  assert.match(tr, /every count from 1 to 4 is published empty/);
  assert.match(tr, /Counts hidden so that nobody can be identified: \d+\./);
});

test('admins publish with a button (audited); others get 403', async () => {
  server.addUser({ email: 'od.admin@ministry.example', role: 'admin' });
  server.addUser({ email: 'od.manager@ministry.example', role: 'manager@C-BAK' });
  const b = server.browser();
  await b.login('od.admin@ministry.example', 'correct horse battery');
  const page = await b.get('/admin/open-data');
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /Publish now/);
  assert.match(mainOf(page.text), /Published/);
  const runs = Number(server.sql('SELECT COUNT(*) FROM opendata_runs')[0][0]);
  const r = await b.post('/admin/open-data/publish', { csrf: csrfOf(page.text) });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/open-data');
  // the answer does not wait for the count: the server's background thread, woken at once,
  // publishes, logs the run as the admin's and removes the request
  const after = mainOf((await b.get('/admin/open-data')).text);
  assert.match(after, /Publishing has started/);
  const adminId = server.sql("SELECT id FROM users WHERE email = 'od.admin@ministry.example'")[0][0];
  const done = () => Number(server.sql(`SELECT COUNT(*) FROM opendata_runs WHERE status = 'published' AND by_user_id = ${adminId}`)[0][0]) === 1 &&
    Number(server.sql("SELECT COUNT(*) FROM opendata_runs WHERE status = 'requested'")[0][0]) === 0;
  for (let i = 0; i < 200 && !done(); i++) await new Promise((res) => setTimeout(res, 100));
  assert.ok(done(), 'published within 20 s of the button');
  assert.equal(Number(server.sql('SELECT COUNT(*) FROM opendata_runs')[0][0]), runs + 1);
  const audit = server.sql("SELECT a.action FROM audit_events a WHERE a.action = 'opendata.publish'");
  assert.ok(audit.length >= 3, JSON.stringify(audit));
  assert.match(mainOf((await b.get('/admin/open-data')).text), /Published/);
  assert.equal((await b.post('/admin/open-data/publish', { csrf: 'wrong' })).status, 403);

  const m = server.browser();
  await m.login('od.manager@ministry.example', 'correct horse battery');
  assert.equal((await m.get('/admin/open-data')).status, 403);
  const mp = await m.get('/courses');
  assert.equal((await m.post('/admin/open-data/publish', { csrf: csrfOf(mp.text) })).status, 403);
  assert.equal(Number(server.sql('SELECT COUNT(*) FROM opendata_runs')[0][0]), runs + 1);
});
