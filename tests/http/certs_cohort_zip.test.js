// The ZIP of a cohort's certificates (/admin/cohorts/{id}/certificates.zip):
// those of its course held by people enrolled through the cohort, revoked ones
// and other cohorts' left out; for those who manage the cohort's centre only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
let server;

const q = (s) => `'${s.replace(/'/g, "''")}'`;

function cohort(title) {
  server.sql(`INSERT INTO cohorts (course_id, centre_id, title, starts_on, ends_on, created_at, updated_at)
    SELECT c.id, ce.id, ${q(title)}, '2026-03-01', '2026-04-01', '2026-02-01T00:00:00Z', '2026-02-01T00:00:00Z'
    FROM courses c, centres ce WHERE c.code = 'PY-101' AND ce.code = 'C-BAK'`);
  return Number(server.sql(`SELECT id FROM cohorts WHERE title = ${q(title)}`)[0][0]);
}

function member(cohortId, email, holder, number, status = 'valid') {
  server.sql(`INSERT INTO enrolments (user_id, course_id, cohort_id, status, progress, started_at, completed_at, created_at, updated_at)
    SELECT u.id, c.id, ${cohortId}, 'completed', 100, '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z', '2026-03-01T00:00:00Z', '2026-03-20T00:00:00Z'
    FROM users u, courses c WHERE u.email = ${q(email)} AND c.code = 'PY-101'`);
  server.sql(`INSERT INTO certificates (code, number, user_id, holder, course_id, centre_id, title, language, hours,
      issued_at, status, revoked_at, created_at, updated_at)
    SELECT ${q(number.replace(/\W/g, '') + 'CODE')}, ${q(number)}, u.id, ${q(holder)}, c.id, ce.id, c.title, 'en', 24,
      '2026-03-20T09:00:00Z', ${q(status)}, ${status === 'revoked' ? "'2026-03-25T00:00:00Z'" : 'NULL'},
      '2026-03-20T09:00:00Z', '2026-03-20T09:00:00Z'
    FROM users u, courses c, centres ce WHERE u.email = ${q(email)} AND c.code = 'PY-101' AND ce.code = 'C-BAK'`);
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@test.example', role: 'admin' });
  const api = server.apiAs('admin@test.example');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Bakı', region: 'BAK', kind: 'regional' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-GAN', name: 'Gəncə', region: 'BAK', kind: 'regional' }));
  await apiOk(api.post('/api/v1/courses', {
    code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming', delivery: 'online', status: 'published', centre: 'C-BAK',
  }));
  for (const e of ['a', 'b', 'c', 'd']) server.addUser({ email: `${e}@test.example`, name: e });
  server.addUser({ email: 'mgr@test.example', role: 'manager@C-BAK' });
  server.addUser({ email: 'far@test.example', role: 'manager@C-GAN' });
});

after(async () => { await server?.stop(); });

test('those who manage the cohort download its certificates but the revoked ones; others may not', async () => {
  const spring = cohort('Spring'), autumn = cohort('Autumn'), empty = cohort('Empty');
  member(spring, 'a@test.example', 'Aynur Məmmədova', 'C-BAK/2026/000001');
  member(spring, 'b@test.example', 'Анна Кузнецова', 'C-BAK/2026/000002');
  member(spring, 'c@test.example', 'Revoked Person', 'C-BAK/2026/000003', 'revoked');
  member(autumn, 'd@test.example', 'Other Cohort', 'C-BAK/2026/000004');
  const mgr = server.browser();
  await mgr.login('mgr@test.example', PW);
  const get = (b, id) => fetch(`${server.url}/admin/cohorts/${id}/certificates.zip`, { headers: { cookie: b.cookieHeader() }, redirect: 'manual' });
  const page = await mgr.get(`/admin/cohorts/${spring}`);
  assert.match(page.text, new RegExp(`href="/admin/cohorts/${spring}/certificates.zip"`));
  const res = await get(mgr, spring);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/zip');
  assert.match(res.headers.get('content-disposition'), new RegExp(`filename="certificates-cohort-${spring}.zip"`));
  const file = join(server.dir, 'cohort.zip');
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  const list = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
  assert.equal(list.status, 0, list.stderr);
  assert.deepEqual(list.stdout.split('\n').filter(Boolean).sort(),
    ['C-BAK-2026-000001 Aynur Məmmədova.pdf', 'C-BAK-2026-000002 Анна Кузнецова.pdf']);
  assert.equal(spawnSync('unzip', ['-tq', file]).status, 0);
  assert.equal((await get(mgr, empty)).status, 404);
  assert.equal((await get(mgr, 999999)).status, 404);
  const far = server.browser();
  await far.login('far@test.example', PW);
  assert.equal((await get(far, spring)).status, 403);
});
