// bench/mentoring_assign.mjs: time and statements of "suggest for all open requests"
// (GET /api/v1/mentoring/assignment) with 2,000 open requests against 450 mentors, as
// docs/performance.md reports. Usage: node bench/mentoring_assign.mjs [path/to/dars]
// (default build/dars). A throwaway SQLite database; the server listens on 127.0.0.1.
import { spawnSync } from 'node:child_process';
import { startDars } from '../tests/lib/dars.js';

const REQUESTS = 2000, MENTORS = 450, ROUNDS = 5;
process.env.DARS_BIN ||= process.argv[2] || new URL('../build/dars', import.meta.url).pathname;
const server = await startDars();
try {
  server.addUser({ email: 'admin@example.org', role: 'admin' });
  const api = server.apiAs('admin@example.org');
  const T = "'2026-01-01T00:00:00Z'";
  const rows = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join(', ');
  const langs = ['az', 'en', 'ru', 'uz', 'ko'];
  const sql = [
    'BEGIN;',
    `INSERT INTO regions (id, code, name, created_at, updated_at) VALUES ${rows(5, (i) => `(${100 + i}, 'R${i}', 'R${i}', ${T}, ${T})`)};`,
    `INSERT INTO centres (id, code, name, region_id, kind, created_at, updated_at) VALUES ${rows(30, (i) => `(${100 + i}, 'C${i}', 'C${i}', ${100 + (i % 5)}, 'regional', ${T}, ${T})`)};`,
    `INSERT INTO users (id, email, email_key, full_name, status, centre_id, birth_year, created_at, updated_at) VALUES ${rows(MENTORS + REQUESTS, (i) => `(${1000 + i}, 'p${i}@x.org', 'p${i}@x.org', 'P ${i}', 'active', ${100 + (i % 30)}, ${i % 13 === 0 ? 2012 : 1990}, ${T}, ${T})`)};`,
    `INSERT INTO role_assignments (user_id, role, created_at, updated_at) VALUES ${rows(MENTORS, (i) => `(${1000 + i}, 'mentor', ${T}, ${T})`)};`,
    `INSERT INTO mentor_profiles (user_id, centre_id, capacity, safeguarding_checked_on, created_at, updated_at) VALUES ${rows(MENTORS, (i) => `(${1000 + i}, ${100 + (i % 30)}, ${1 + (i % 4)}, ${i % 3 ? "'2026-01-01'" : 'NULL'}, ${T}, ${T})`)};`,
    `INSERT INTO mentor_skills (user_id, skill_id) VALUES ${rows(MENTORS, (i) => `(${1000 + i}, ${1 + (i % 8)})`)}, ${rows(MENTORS, (i) => `(${1000 + i}, ${1 + ((i * 3 + 1) % 8)})`)} ON CONFLICT DO NOTHING;`,
    `INSERT INTO mentor_languages (user_id, lang) VALUES ${rows(MENTORS, (i) => `(${1000 + i}, '${langs[i % 5]}')`)}, ${rows(MENTORS, (i) => `(${1000 + i}, 'en')`)} ON CONFLICT DO NOTHING;`,
    `INSERT INTO mentoring_requests (id, mentee_id, goals, language, mode, created_at, updated_at) VALUES ${rows(REQUESTS, (i) => `(${1 + i}, ${1000 + MENTORS + i}, 'goals', '${langs[(i * 7) % 5]}', '${i % 4 ? 'online' : 'in-person'}', ${T}, ${T})`)};`,
    `INSERT INTO mentoring_request_skills (request_id, skill_id) VALUES ${rows(REQUESTS, (i) => `(${1 + i}, ${1 + ((i * 5) % 8)})`)}, ${rows(REQUESTS, (i) => `(${1 + i}, ${1 + ((i * 11 + 3) % 8)})`)} ON CONFLICT DO NOTHING;`,
    'COMMIT;',
  ].join('\n');
  // through stdin: the text is too long for an argument
  const r = spawnSync('sqlite3', ['-batch', server.db.slice(7)], { input: sql, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`seeding failed: ${r.stderr}`);
  const times = [];
  let line, answer;
  for (let i = 0; i < ROUNDS; i++) {
    line = await server.logLine('/api/v1/mentoring/assignment', async () => {
      const t0 = performance.now();
      answer = await api.get('/api/v1/mentoring/assignment');
      times.push(performance.now() - t0);
    });
  }
  if (answer.status !== 200) throw new Error(answer.text);
  times.sort((a, b) => a - b);
  const assigned = answer.json.items.filter((x) => x.mentor).length;
  console.log(`requests ${answer.json.requests}, mentors ${answer.json.mentors}, assigned ${assigned}, total score ${answer.json.total_score}`);
  console.log(`median ${times[ROUNDS >> 1].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times.at(-1).toFixed(0)}), statements ${line.sql}, answer ${(answer.text.length / 1024).toFixed(0)} KB`);
} finally {
  await server.stop();
}
