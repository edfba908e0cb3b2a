// Issue 3 review: the course editor's rules hold the same on its pages and on
// the API. A manager keeps a course inside their centres, an instructor puts
// no course at a centre they do not manage, titles and minutes are checked
// alike wherever they are typed, a deleted lesson's files go with it, and a
// deleted module's lessons with it.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF';

let server, adminApi;

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/regions', { code: 'BBB', name: 'Region B' }));
  for (const [code, region] of [['A-ONE', 'AAA'], ['B-ONE', 'BBB']])
    await apiOk(adminApi.post('/api/v1/centres', { code, name: `Centre ${code}`, region, kind: 'regional' }));
  server.addUser({ email: 'mgr.a@example.org', name: 'Manager A', role: 'manager@A-ONE' });
  server.addUser({ email: 'teacher@example.org', name: 'Tariq Teacher', role: 'instructor@A-ONE' });
  server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
  await apiOk(adminApi.post('/api/v1/courses', {
    code: 'RULES-1', title: 'Rules', summary: '', language: 'en', topic: 'other', delivery: 'online',
    centre: 'A-ONE', status: 'published',
    modules: [{ title: 'M', lessons: [{ title: 'Keep', body: 'x' }, { title: 'Gone', body: 'y' }] }],
  }));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('the API keeps courses inside the caller\'s centres (issue 3)', () => {
  test('a manager may not move their course to a centre outside their scope', async () => {
    const api = server.apiAs('mgr.a@example.org');
    const r = await api.patch('/api/v1/courses/RULES-1', { centre: 'B-ONE' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors.centre, 'Choose a centre you manage');
    assert.equal(server.sql("SELECT ce.code FROM courses c JOIN centres ce ON ce.id = c.centre_id WHERE c.code = 'RULES-1'")[0][0], 'A-ONE');
    // the course's own centre is still fine, and so are other changes
    const ok = await apiOk(api.patch('/api/v1/courses/RULES-1', { centre: 'A-ONE', title: 'Rules, renamed' }), 200);
    assert.equal(ok.title, 'Rules, renamed');
  });

  test('an instructor may not create a course at a centre they do not manage', async () => {
    const api = server.apiAs('teacher@example.org');
    const fields = { code: 'TEACH-API', title: 'Robots', language: 'en', topic: 'robotics', delivery: 'online' };
    const r = await api.post('/api/v1/courses', { ...fields, centre: 'B-ONE' });
    assert.equal(r.status, 422, r.text);
    assert.equal(r.json.errors.centre, 'Choose a centre you manage');
    assert.equal(server.sql("SELECT COUNT(*) FROM courses WHERE code = 'TEACH-API'")[0][0], '0');
    // without a centre, as on the page, the course is made and taught by its author
    await apiOk(api.post('/api/v1/courses', fields));
    assert.equal(server.sql("SELECT COUNT(*) FROM course_instructors ci JOIN courses c ON c.id = ci.course_id WHERE c.code = 'TEACH-API'")[0][0], '1');
  });
});

describe('the editor checks texts and numbers alike everywhere (issue 3)', () => {
  let b;
  before(async () => {
    b = server.browser();
    await b.login('admin@example.org', PW);
  });

  test('a programme title over 200 characters gets the same message as a course title', async () => {
    const r = await b.post('/admin/programmes/new', { code: 'LONG-1', title: 'x'.repeat(201), summary: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /<a href="#title">Use at most 200 characters<\/a>/);
    assert.equal(server.sql("SELECT COUNT(*) FROM programmes WHERE code = 'LONG-1'")[0][0], '0');
  });

  test('a new lesson refuses minutes the lesson editor refuses', async () => {
    const m = server.sql("SELECT m.id FROM course_modules m JOIN courses c ON c.id = m.course_id WHERE c.code = 'RULES-1'")[0][0];
    for (const minutes of ['+5', '-0']) {
      const r = await b.post(`/courses/RULES-1/modules/${m}/lessons/new`, { title: 'Plus', body: '', video_url: '', minutes });
      assert.equal(r.status, 422, minutes);
      assert.match(r.text, /<a href="#minutes">Enter a whole number of minutes<\/a>/);
    }
    assert.equal(server.sql("SELECT COUNT(*) FROM lessons WHERE title = 'Plus'")[0][0], '0');
  });
});

describe('a deleted lesson takes its files with it (issue 3)', () => {
  test('an enrolled learner can no longer download the file of a deleted lesson', async () => {
    const admin = server.browser();
    await admin.login('admin@example.org', PW);
    const lesson = server.sql("SELECT id FROM lessons WHERE title = 'Gone'")[0][0];
    const up = await admin.upload(`/courses/RULES-1/lessons/${lesson}/files`, {}, { file: { name: 'gone.pdf', type: 'application/pdf', content: PDF } });
    assert.equal(up.status, 303, up.text.slice(0, 300));
    const file = server.sql("SELECT id FROM attachments WHERE filename = 'gone.pdf'")[0][0];
    const learner = server.browser();
    await learner.login('learner@example.org', PW);
    assert.equal((await learner.post('/courses/RULES-1/enrol', {})).status, 303);
    assert.equal((await learner.get(`/courses/RULES-1/files/${file}`)).status, 200);
    assert.equal((await admin.post(`/courses/RULES-1/lessons/${lesson}/delete`, {})).status, 303);
    assert.equal((await learner.get(`/courses/RULES-1/files/${file}`)).status, 404);
    assert.equal((await admin.get(`/courses/RULES-1/files/${file}`)).status, 404);
  });
});

describe('a deleted module takes its lessons with it', () => {
  test('the catalogue counts only the lessons left, and the lessons are gone', async () => {
    await apiOk(adminApi.post('/api/v1/courses', {
      code: 'MODS-1', title: 'Two modules', summary: '', language: 'en', topic: 'other', delivery: 'online',
      status: 'published',
      modules: [{ title: 'Stays', lessons: [{ title: 'S1', body: 'x' }] },
        { title: 'Goes', lessons: [{ title: 'G1', body: 'y' }, { title: 'G2', body: 'z' }] }],
    }));
    const count = async () => (await apiOk(adminApi.get('/api/v1/courses?limit=100'), 200))
      .items.find((c) => c.code === 'MODS-1').lessons;
    assert.equal(await count(), 3);
    const admin = server.browser();
    await admin.login('admin@example.org', PW);
    const mod = server.sql("SELECT id FROM course_modules WHERE title = 'Goes'")[0][0];
    assert.equal((await admin.post(`/courses/MODS-1/modules/${mod}/delete`, {})).status, 303);
    assert.equal(await count(), 1);
    assert.match((await admin.get('/courses?q=')).text, /Two modules/);
    const [[moduleGone], [g1], [g2]] = server.sql(`SELECT deleted_at FROM course_modules WHERE id = ${mod}
      UNION ALL SELECT deleted_at FROM lessons WHERE title = 'G1' UNION ALL SELECT deleted_at FROM lessons WHERE title = 'G2'`);
    assert.match(moduleGone, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual([g1, g2], [moduleGone, moduleGone]);
    const g1id = server.sql("SELECT id FROM lessons WHERE title = 'G1'")[0][0];
    assert.equal((await admin.get(`/courses/MODS-1/lessons/${g1id}`)).status, 404);
    assert.equal(server.sql("SELECT COUNT(*) FROM lessons WHERE title = 'S1' AND deleted_at IS NULL")[0][0], '1');
  });
});
