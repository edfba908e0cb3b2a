// Building courses through the authoring pages: an admin creates a course with
// modules, lessons, a Markdown table, files and translations, reorders,
// publishes and deletes; people who may not edit it are refused.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { openSync, readSync, closeSync } from 'node:fs';
import { startDars, BIN, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
const PDF = '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF';

let server, admin;

function first64k(path) {
  const buf = Buffer.alloc(65536);
  const fd = openSync(path, 'r');
  const n = readSync(fd, buf, 0, buf.length, 0);
  closeSync(fd);
  return buf.subarray(0, n);
}

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const api = server.apiAs(admin.email);
  await apiOk(api.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(api.post('/api/v1/regions', { code: 'BBB', name: 'Region B' }));
  for (const [code, region] of [['A-ONE', 'AAA'], ['B-ONE', 'BBB']])
    await apiOk(api.post('/api/v1/centres', { code, name: `Centre ${code}`, region, kind: 'regional', capacity: 10 }));
  server.addUser({ email: 'mgr.a@example.org', name: 'Manager A', role: 'manager@A-ONE' });
  server.addUser({ email: 'mgr.b@example.org', name: 'Manager B', role: 'manager@B-ONE' });
  server.addUser({ email: 'teacher@example.org', name: 'Tariq Teacher', role: 'instructor@A-ONE' });
  server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('an admin builds a course through the pages', () => {
  let b;
  const ids = {};
  const lessonUrl = (name) => `/courses/AUTH-101/lessons/${ids[name]}`;

  before(async () => {
    b = server.browser();
    await b.login(admin.email, PW);
  });

  test('the new course form shows an error summary for bad input', async () => {
    const form = await b.get('/admin/courses/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /<label for="code">Code<\/label>/);
    assert.match(form.text, /<option value="A-ONE"/);
    const r = await b.post('/admin/courses/new', { code: 'x!', title: '', language: 'en', topic: '', delivery: 'online' });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /<a href="#title">Enter the title of the course<\/a>/);
    assert.match(r.text, /<a href="#topic">Choose a topic<\/a>/);
    assert.match(r.text, /<a href="#code">/);
    assert.equal(server.sql('SELECT COUNT(*) FROM courses')[0][0], '0');
  });

  test('a valid course is created as a draft and opens in the editor', async () => {
    const r = await b.post('/admin/courses/new', {
      code: 'auth-101', title: 'Digital security basics', summary: 'Passwords and phishing.',
      language: 'en', topic: 'cybersecurity', delivery: 'online', enrol_mode: 'open', capacity: '', centre: 'A-ONE',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    assert.equal(r.location, '/courses/AUTH-101/edit');
    const page = await b.get(r.location);
    assert.equal(page.status, 200);
    assert.match(page.text, /The course has been added/);
    assert.match(mainOf(page.text), /Draft/);
    assert.deepEqual(server.sql("SELECT status, language, topic FROM courses WHERE code = 'AUTH-101'"),
      [['draft', 'en', 'cybersecurity']]);
    assert.equal(server.sql("SELECT COUNT(*) FROM audit_events WHERE action = 'course.create'")[0][0], '1');
  });

  test('modules are added in order; an empty title is refused', async () => {
    const bad = await b.post('/courses/AUTH-101/modules', { module_title: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /<a href="#module_title">Enter the title of the module<\/a>/);
    for (const t of ['Module one', 'Module two'])
      assert.equal((await b.post('/courses/AUTH-101/modules', { module_title: t })).status, 303);
    const rows = server.sql("SELECT m.id, m.title FROM course_modules m JOIN courses c ON c.id = m.course_id WHERE c.code = 'AUTH-101' ORDER BY m.position");
    assert.deepEqual(rows.map((x) => x[1]), ['Module one', 'Module two']);
    ids.m1 = rows[0][0];
    ids.m2 = rows[1][0];
  });

  test('lessons are added to modules, one with a Markdown table', async () => {
    const bad = await b.post(`/courses/AUTH-101/modules/${ids.m1}/lessons/new`, { title: 'X', body: '', video_url: 'ftp://nope', minutes: 'ten' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /There is a problem/);
    assert.match(bad.text, /<a href="#video_url">Enter a link that starts with https:\/\/<\/a>/);
    assert.match(bad.text, /<a href="#minutes">/);
    const add = async (module, title, body, name) => {
      const r = await b.post(`/courses/AUTH-101/modules/${module}/lessons/new`, { title, body, video_url: '', minutes: '15' });
      assert.equal(r.status, 303, r.text.slice(0, 300));
      const m = r.location.match(/^\/courses\/AUTH-101\/lessons\/(\d+)\/edit$/);
      assert.ok(m, r.location);
      ids[name] = m[1];
    };
    await add(ids.m1, 'Lesson A', '# Passwords\n\n| Length | Strength |\n| --- | --- |\n| 8 | weak |\n| 16 | good |\n', 'a');
    await add(ids.m1, 'Lesson B', 'Phishing e-mails.', 'b');
    await add(ids.m2, 'Lesson C', 'Updates.', 'c');
    const page = await b.get(lessonUrl('a'));
    assert.equal(page.status, 200);
    assert.match(page.text, /<table>/);
    assert.match(page.text, /<td>16<\/td>/);
    const edit = await b.get(`${lessonUrl('a')}/edit`);
    assert.match(edit.text, /Markdown/);
    assert.match(edit.text, /table/);
  });

  test('a PDF is attached and managers see it on the lesson page', async () => {
    const r = await b.upload(`${lessonUrl('a')}/files`, {}, { file: { name: 'notes.pdf', type: 'application/pdf', content: PDF } });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const rows = server.sql(`SELECT filename, mime FROM attachments WHERE lesson_id = ${ids.a} AND deleted_at IS NULL`);
    assert.deepEqual(rows, [['notes.pdf', 'application/pdf']]);
    const mgr = server.browser();
    await mgr.login('mgr.a@example.org', PW);
    const page = await mgr.get(lessonUrl('a'));
    assert.equal(page.status, 200);
    assert.match(page.text, />notes\.pdf<\/a>/);
    assert.match(page.text, new RegExp(`href="${lessonUrl('a')}/edit"`));
    const file = await mgr.get(page.text.match(/href="(\/courses\/AUTH-101\/files\/\d+)"/)[1]);
    assert.equal(file.status, 200);
    assert.match(file.headers.get('content-disposition'), /^attachment; filename="notes.pdf"/);
  });

  test('an executable named x.pdf is refused and nothing is stored', async () => {
    const r = await b.upload(`${lessonUrl('a')}/files`, {}, { file: { name: 'x.pdf', type: 'application/pdf', content: first64k(process.env.DARS_BIN || BIN || '/bin/ls') } });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /The file must be a PDF, an image or an office document/);
    assert.equal(server.sql(`SELECT COUNT(*) FROM attachments WHERE lesson_id = ${ids.a}`)[0][0], '1');
  });

  test('moving a lesson up changes the order', async () => {
    const before_ = mainOf((await b.get('/courses/AUTH-101/edit')).text);
    assert.ok(before_.indexOf('Lesson A') < before_.indexOf('Lesson B'));
    const r = await b.post(`${lessonUrl('b')}/move`, { direction: 'up' });
    assert.equal(r.status, 303);
    const after_ = mainOf((await b.get('/courses/AUTH-101/edit')).text);
    assert.match(after_, /The lesson has been moved/);
    assert.ok(after_.indexOf('Lesson B') < after_.indexOf('Lesson A'));
    assert.ok(after_.indexOf('Lesson A') < after_.indexOf('Lesson C'));
    // the public outline shows the same order
    const pub = mainOf((await b.get('/courses/AUTH-101')).text);
    assert.ok(pub.indexOf('Lesson B') < pub.indexOf('Lesson A'));
    // a module moves too
    assert.equal((await b.post(`/courses/AUTH-101/modules/${ids.m2}/move`, { direction: 'up' })).status, 303);
    const moved = mainOf((await b.get('/courses/AUTH-101/edit')).text);
    assert.ok(moved.indexOf('Module two') < moved.indexOf('Module one'));
    assert.equal((await b.post(`/courses/AUTH-101/modules/${ids.m2}/move`, { direction: 'down' })).status, 303);
  });

  test('publishing puts the course in the catalogue', async () => {
    const anon = server.browser();
    assert.doesNotMatch((await anon.get('/courses')).text, /Digital security basics/);
    const r = await b.post('/courses/AUTH-101/publish', {});
    assert.equal(r.status, 303);
    assert.equal(server.sql("SELECT status FROM courses WHERE code = 'AUTH-101'")[0][0], 'published');
    const list = await anon.get('/courses');
    assert.equal(list.status, 200);
    assert.match(list.text, /Digital security basics/);
    assert.match(mainOf((await b.get('/courses/AUTH-101/edit')).text), /Unpublish/);
  });

  test('translations show when the language is switched', async () => {
    const r = await b.post('/courses/AUTH-101/translations', {
      title_ru: 'Основы цифровой безопасности', summary_ru: 'Пароли и фишинг.', title_az: '', summary_az: '', title_uz: '', summary_uz: '',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const lesson = await b.post(`${lessonUrl('a')}/edit`, {
      title: 'Lesson A', body: '# Passwords', video_url: '', minutes: '15', title_ru: 'Урок А', body_ru: '# Пароли',
    });
    assert.equal(lesson.status, 303, lesson.text.slice(0, 300));
    const anon = server.browser();
    assert.match((await anon.get('/courses/AUTH-101')).text, /Digital security basics/);
    await anon.post('/lang', { lang: 'ru' });
    const ru = await anon.get('/courses/AUTH-101');
    assert.match(ru.text, /Основы цифровой безопасности/);
    assert.match(ru.text, /Урок А/);
    // a translation too long for a title is refused with its own field error
    const bad = await b.post('/courses/AUTH-101/translations', { title_ru: 'я'.repeat(201), summary_ru: '' });
    assert.equal(bad.status, 422);
    assert.match(bad.text, /<a href="#title_ru">/);
  });

  test('people who may not edit the course get 403', async () => {
    const learner = server.browser();
    await learner.login('learner@example.org', PW);
    assert.equal((await learner.get('/courses/AUTH-101/edit')).status, 403);
    assert.equal((await learner.get('/admin/courses')).status, 403);
    assert.equal((await learner.post('/courses/AUTH-101/unpublish', {})).status, 403);
    assert.equal((await learner.get(`${lessonUrl('a')}/edit`)).status, 403);
    const other = server.browser();
    await other.login('mgr.b@example.org', PW);
    assert.equal((await other.get('/courses/AUTH-101/edit')).status, 403);
    assert.equal((await other.post('/courses/AUTH-101/modules', { module_title: 'Sneaky' })).status, 403);
    assert.doesNotMatch((await other.get('/admin/courses')).text, /AUTH-101/);
    const mine = server.browser();
    await mine.login('mgr.a@example.org', PW);
    assert.equal((await mine.get('/courses/AUTH-101/edit')).status, 200);
    assert.match((await mine.get('/admin/courses')).text, /AUTH-101/);
    assert.equal(server.sql("SELECT COUNT(*) FROM course_modules WHERE title = 'Sneaky'")[0][0], '0');
    assert.equal(server.sql("SELECT status FROM courses WHERE code = 'AUTH-101'")[0][0], 'published');
  });

  test('deleting a lesson asks first, then hides it but keeps the row', async () => {
    const confirm = await b.get(`${lessonUrl('c')}/delete`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Lesson C/);
    assert.match(confirm.text, /Yes, delete this lesson/);
    assert.match(mainOf((await b.get('/courses/AUTH-101/edit')).text), /Lesson C/);
    const r = await b.post(`${lessonUrl('c')}/delete`, {});
    assert.equal(r.status, 303);
    const page = mainOf((await b.get('/courses/AUTH-101/edit')).text);
    assert.match(page, /The lesson has been deleted/);
    assert.doesNotMatch(page, /Lesson C/);
    const row = server.sql(`SELECT title, deleted_at FROM lessons WHERE id = ${ids.c}`);
    assert.equal(row[0][0], 'Lesson C');
    assert.match(row[0][1], /^\d{4}-\d\d-\d\dT/);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'lesson.delete' AND object_id = '${ids.c}'`)[0][0], '1');
    assert.equal((await b.get(lessonUrl('c'))).status, 404);
  });
});

describe('instructors and programmes', () => {
  test('an instructor creates a course, teaches it, and may not put it at a centre elsewhere', async () => {
    const t = server.browser();
    await t.login('teacher@example.org', PW);
    const list = await t.get('/admin/courses');
    assert.equal(list.status, 200);
    const fields = { code: 'TEACH-1', title: 'Robots for kids', summary: '', language: 'ru', topic: 'robotics', delivery: 'blended', enrol_mode: 'approval', capacity: '20' };
    const refused = await t.post('/admin/courses/new', { ...fields, centre: 'B-ONE' });
    assert.equal(refused.status, 422);
    assert.match(refused.text, /<a href="#centre">Choose a centre you manage<\/a>/);
    assert.equal(server.sql("SELECT COUNT(*) FROM courses WHERE code = 'TEACH-1'")[0][0], '0');
    const ok = await t.post('/admin/courses/new', { ...fields, centre: '' });
    assert.equal(ok.status, 303);
    assert.equal(server.sql("SELECT u.email FROM course_instructors ci JOIN users u ON u.id = ci.user_id JOIN courses c ON c.id = ci.course_id WHERE c.code = 'TEACH-1'")[0][0], 'teacher@example.org');
    assert.match((await t.get('/admin/courses')).text, /TEACH-1/);
    assert.equal((await t.get('/courses/TEACH-1/edit')).status, 200);
    assert.equal((await t.get('/courses/AUTH-101/edit')).status, 403);
  });

  test('an admin builds a programme of courses in order', async () => {
    const b = server.browser();
    await b.login(admin.email, PW);
    const r = await b.post('/admin/programmes/new', { code: 'dt-lead', title: 'Digital leadership', summary: '' });
    assert.equal(r.status, 303);
    assert.equal(r.location, '/admin/programmes/DT-LEAD');
    const missing = await b.post('/admin/programmes/DT-LEAD/courses', { course: 'NOPE-1' });
    assert.equal(missing.status, 422);
    assert.match(missing.text, /There is no course with this code/);
    for (const c of ['AUTH-101', 'TEACH-1'])
      assert.equal((await b.post('/admin/programmes/DT-LEAD/courses', { course: c })).status, 303);
    const tid = server.sql("SELECT id FROM courses WHERE code = 'TEACH-1'")[0][0];
    assert.equal((await b.post(`/admin/programmes/DT-LEAD/courses/${tid}/move`, { direction: 'up' })).status, 303);
    const page = mainOf((await b.get('/admin/programmes/DT-LEAD')).text);
    assert.ok(page.indexOf('TEACH-1') < page.indexOf('AUTH-101'));
    assert.equal((await b.post('/admin/programmes/DT-LEAD/publish', {})).status, 303);
    const pub = await server.browser().get('/programmes/DT-LEAD');
    assert.equal(pub.status, 200);
    assert.match(pub.text, /Digital security basics/);
    assert.equal((await b.post(`/admin/programmes/DT-LEAD/courses/${tid}/remove`, {})).status, 303);
    assert.doesNotMatch(mainOf((await b.get('/admin/programmes/DT-LEAD')).text), /TEACH-1/);
    const learner = server.browser();
    await learner.login('learner@example.org', PW);
    assert.equal((await learner.get('/admin/programmes')).status, 403);
  });
});
