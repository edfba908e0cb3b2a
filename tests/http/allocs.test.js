// Allocations per request (issue 15). Pages build their template values in the
// request's arena, and a request's first 32 KB of it come with the request
// itself, so the busy pages cost a handful of mallocs, not hundreds (a
// 30-lesson course page used to make some 650). The sanitizer build, which
// these suites run, counts every allocation in the process (SQLite, the HTTP
// library and zlib included) and the access log shows each request's count; a
// build that does not count (the optimised one) skips these tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, ENGINE } from '../lib/dars.js';

// Ceilings with some headroom over what was measured (docs/performance.md): what
// is left is the request, its answer, the HTTP library's own, and on PostgreSQL
// libpq's result of each statement.
const CEILING = {
  sqlite: { course: 40, lesson: 40, catalogue: 40 },
  pg: { course: 80, lesson: 90, catalogue: 80 },
}[ENGINE];

let server, adminApi, learner, lessonPath;

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  learner = server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
  const modules = [1, 2, 3].map((m) => ({
    title: `Module ${m}`,
    lessons: Array.from({ length: 10 }, (_, i) => ({
      title: `Lesson ${m}.${i + 1}`,
      body: `# Part ${i + 1}\n\nSome *text* with a [link](https://example.org) and a list:\n\n- one\n- two\n`,
      minutes: 15,
    })),
  }));
  const made = await apiOk(adminApi.post('/api/v1/courses', {
    code: 'ALLOC-30', title: 'Thirty lessons', summary: 'A course of thirty lessons', language: 'en',
    topic: 'programming', delivery: 'online', status: 'published', modules,
  }));
  await apiOk(server.apiAs(learner.email).post('/api/v1/enrolments', { course: 'ALLOC-30' }));
  lessonPath = `/courses/ALLOC-30/lessons/${made.modules[1].lessons[4].id}`;
});
after(async () => { await server.stop(); });

// The fewest allocations of several requests for path: the first on each worker
// thread also opens its database connection and prepares its statements.
async function fewest(path, get) {
  let least = Infinity;
  for (let i = 0; i < 6; i++) {
    const line = await server.logLine(path, async () => assert.equal((await get(path)).status, 200));
    if (line.allocs === undefined) return undefined;
    least = Math.min(least, line.allocs);
  }
  return least;
}

const visitor = (path) => fetch(server.url + path).then(async (r) => { await r.text(); return r; });

test('a 30-lesson course page, the catalogue and a lesson page cost a handful of allocations', async (t) => {
  const course = await fewest('/courses/ALLOC-30', visitor);
  if (course === undefined) return t.skip('this build does not count allocations');
  const catalogue = await fewest('/courses', visitor);
  const b = server.browser();
  await b.login(learner.email, 'correct horse battery');
  const lesson = await fewest(lessonPath, (p) => b.get(p));
  t.diagnostic(`allocations: course page ${course}, catalogue ${catalogue}, lesson page ${lesson}`);
  assert.ok(course <= CEILING.course, `course page: ${course} allocations`);
  assert.ok(catalogue <= CEILING.catalogue, `catalogue: ${catalogue} allocations`);
  assert.ok(lesson <= CEILING.lesson, `lesson page: ${lesson} allocations`);
});
