// The catalogue: courses made through the API, found by search in any script,
// filtered, read as a course page and a lesson page; drafts hidden; Markdown
// made inert; the API's answers; and a fixed statement count per page.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, admin, adminApi, learnerApi, learner;

// the course codes of a catalogue page, in order
const codesOf = (html) => [...mainOf(html).matchAll(/<h3><a href="\/courses\/([^"]+)">/g)].map((m) => m[1]);

function course(code, extra = {}) {
  return {
    code, title: `Course ${code}`, summary: `Summary of ${code}`, language: 'en', topic: 'programming',
    delivery: 'online', status: 'published',
    modules: [{ title: 'Module one', lessons: [{ title: 'First lesson', body: 'Hello' }] }],
    ...extra,
  };
}

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  learner = server.addUser({ email: 'learner@example.org', name: 'Lena Learner', role: 'learner' });
  learnerApi = server.apiAs(learner.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  for (const code of ['C-ONE', 'C-TWO'])
    await apiOk(adminApi.post('/api/v1/centres', { code, name: `Centre ${code}`, region: 'AAA', kind: 'regional' }));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('a course with two modules and three lessons', () => {
  let made;
  before(async () => {
    made = await apiOk(adminApi.post('/api/v1/courses', {
      code: 'cyber-101', title: 'Cyber hygiene', summary: 'Staying safe at work', language: 'en',
      topic: 'cybersecurity', delivery: 'blended', capacity: 30, centre: 'C-ONE', status: 'published',
      translations: { ru: { title: 'Кибергигиена', summary: 'Безопасность на работе' } },
      modules: [
        { title: 'Passwords', lessons: [
          { title: 'Passphrases', minutes: 10, body: '# Passphrases\n\n| Threat | Sign |\n|---|---|\n| Phishing | Urgency |\n' },
          { title: 'Managers', body: 'Use a password manager.\n\n<script>alert(1)</script>\n\n[click](javascript:alert(1)) [ok](https://example.org/)' },
        ] },
        { title: 'Phishing', lessons: [{ title: 'Spotting it', body: 'Look at the sender.' }] },
      ],
    }));
  });

  test('the API answers the course with its modules and lessons in order', async () => {
    assert.equal(made.code, 'CYBER-101');
    assert.equal(made.status, 'published');
    assert.equal(made.capacity, 30);
    assert.equal(made.centre, 'C-ONE');
    assert.deepEqual(made.modules.map((m) => [m.title, m.lessons.map((l) => l.title)]),
      [['Passwords', ['Passphrases', 'Managers']], ['Phishing', ['Spotting it']]]);
    const got = await apiOk(learnerApi.get('/api/v1/courses/cyber-101'), 200);
    assert.deepEqual(got.modules, made.modules);
    const byId = await apiOk(learnerApi.get(`/api/v1/courses/${made.id}`), 200);
    assert.equal(byId.code, 'CYBER-101');
  });

  test('the course page shows the outline, in the reader\'s language where translated', async () => {
    const en = await server.browser().get('/courses/CYBER-101');
    assert.equal(en.status, 200);
    assert.match(en.text, /<h1>Cyber hygiene<\/h1>/);
    assert.match(en.text, /Passphrases/);
    assert.match(en.text, /Spotting it/);
    assert.match(en.text, /Sign in to enrol/);
    const b = server.browser();
    b.lang = 'ru';
    const ru = await b.get('/courses/CYBER-101');
    assert.match(ru.text, /<h1>Кибергигиена<\/h1>/);
  });

  test('a lesson renders its Markdown table, and script and javascript: links come out inert', async () => {
    const [l1, l2] = made.modules[0].lessons;
    const one = await apiOk(adminApi.get(`/api/v1/courses/CYBER-101/lessons/${l1.id}`), 200);
    assert.match(one.html, /<table>[\s\S]*<th>Threat<\/th>[\s\S]*<td>Phishing<\/td>/);
    const two = await apiOk(adminApi.get(`/api/v1/courses/CYBER-101/lessons/${l2.id}`), 200);
    assert.doesNotMatch(two.html, /<script/i);
    assert.match(two.html, /&lt;script&gt;/);
    assert.doesNotMatch(two.html, /href="javascript:/i);
    assert.match(two.html, /href="https:\/\/example.org\/"/);
    const page = await (async () => { const b = server.browser(); await b.login(admin.email, PW); return b.get(`/courses/CYBER-101/lessons/${l2.id}`); })();
    assert.equal(page.status, 200);
    assert.doesNotMatch(mainOf(page.text), /<script/i);
    assert.doesNotMatch(page.text, /href="javascript:/i);
  });

  test('a learner who is not enrolled cannot open a lesson (403), nor read it on the API', async () => {
    const lesson = made.modules[1].lessons[0];
    const b = server.browser();
    await b.login(learner.email, PW);
    const r = await b.get(`/courses/CYBER-101/lessons/${lesson.id}`);
    assert.equal(r.status, 403);
    const api = await learnerApi.get(`/api/v1/courses/CYBER-101/lessons/${lesson.id}`);
    assert.equal(api.status, 403);
    assert.match(api.headers.get('content-type'), /problem\+json/);
  });

  test('a lesson of another course, or no lesson at all, is 404', async () => {
    const other = await apiOk(adminApi.post('/api/v1/courses', course('OTHER-1')));
    const r = await adminApi.get(`/api/v1/courses/CYBER-101/lessons/${other.modules[0].lessons[0].id}`);
    assert.equal(r.status, 404);
    assert.equal((await adminApi.get('/api/v1/courses/NOPE/lessons/1')).status, 404);
    assert.equal((await server.browser().get('/courses/NOPE')).status, 404);
  });
});

describe('search and filters', () => {
  before(async () => {
    await apiOk(adminApi.post('/api/v1/courses', course('RU-ONLY', {
      title: 'Office safety', language: 'ru', topic: 'cybersecurity', delivery: 'face-to-face', centre: 'C-TWO',
      modules: [{ title: 'Основы', lessons: [{ title: 'Введение', body: 'Фишинговые письма приходят каждый день. Ёжик Şəki' }] }],
    })));
    await apiOk(adminApi.post('/api/v1/courses', course('KO-ONE', {
      title: 'Korean basics', language: 'ko', topic: 'english',
      modules: [{ title: '기초', lessons: [{ title: '인사', body: '안녕하세요 보안 교육' }] }],
    })));
    await apiOk(adminApi.post('/api/v1/courses', course('DRAFT-1', { title: 'Фишинговые секреты', status: 'draft' })));
  });

  const search = async (q) => codesOf((await server.browser().get(`/courses?q=${encodeURIComponent(q)}`)).text).sort();

  test('a word that appears only in a Russian lesson body finds its course, in any case and by its start', async () => {
    assert.deepEqual(await search('фишинговые'), ['RU-ONLY']);
    assert.deepEqual(await search('ФИШИНГ'), ['RU-ONLY']);
    assert.deepEqual(await search('ежик'), ['RU-ONLY']);   // ё and е are one letter to search
    assert.deepEqual(await search('ŞƏKİ'), ['RU-ONLY']);
    assert.deepEqual(await search('фишинговые секреты'), []);  // every word must be there
  });

  test('Hangul and Latin words are found; punctuation in the query is ignored', async () => {
    assert.deepEqual(await search('보안'), ['KO-ONE']);
    assert.deepEqual(await search('korean!!'), ['KO-ONE']);
    assert.deepEqual(await search('"; DROP TABLE courses; --'), []);
  });

  test('drafts never show in the catalogue or in a learner\'s API list', async () => {
    const all = codesOf((await server.browser().get('/courses')).text);
    assert.ok(!all.includes('DRAFT-1'));
    assert.ok(all.includes('RU-ONLY'));
    assert.equal((await server.browser().get('/courses/DRAFT-1')).status, 404);
    const mine = await apiOk(learnerApi.get('/api/v1/courses?limit=500'), 200);
    assert.ok(!mine.items.some((c) => c.code === 'DRAFT-1'));
    const admins = await apiOk(adminApi.get('/api/v1/courses?limit=500'), 200);
    assert.ok(admins.items.some((c) => c.code === 'DRAFT-1' && c.status === 'draft'));
    assert.equal((await learnerApi.get('/api/v1/courses/DRAFT-1')).status, 404);
  });

  test('the API searches with q and pages with a cursor', async () => {
    const found = await apiOk(learnerApi.get('/api/v1/courses?q=%D1%84%D0%B8%D1%88%D0%B8%D0%BD%D0%B3'), 200);
    assert.deepEqual(found.items.map((c) => c.code), ['RU-ONLY']);
    const first = await apiOk(learnerApi.get('/api/v1/courses?limit=1'), 200);
    assert.equal(first.items.length, 1);
    assert.ok(first.next_cursor);
    const second = await apiOk(learnerApi.get(`/api/v1/courses?limit=1&cursor=${first.next_cursor}`), 200);
    assert.notEqual(second.items[0].code, first.items[0].code);
  });

  test('filters by topic, language, delivery and centre', async () => {
    const get = async (qs) => codesOf((await server.browser().get(`/courses?${qs}`)).text).sort();
    assert.deepEqual(await get('language=ko'), ['KO-ONE']);
    assert.deepEqual(await get('delivery=face-to-face'), ['RU-ONLY']);
    assert.deepEqual(await get('centre=C-TWO'), ['RU-ONLY']);
    assert.deepEqual(await get('centre=NOWHERE'), []);
    assert.ok((await get('topic=cybersecurity')).includes('RU-ONLY'));
    assert.ok(!(await get('topic=cybersecurity')).includes('KO-ONE'));
    const empty = await server.browser().get('/courses?q=zzzzqqq');
    assert.match(empty.text, /No courses match your search/);
  });
});

describe('the API refuses what it should', () => {
  test('bad fields are 422 with their names; a taken code is 409', async () => {
    const bad = await adminApi.post('/api/v1/courses', { code: 'x', title: '', language: 'xx', topic: 'nope', delivery: 'post' });
    assert.equal(bad.status, 422);
    for (const f of ['code', 'title', 'language', 'topic', 'delivery']) assert.ok(bad.json.errors[f], f);
    await apiOk(adminApi.post('/api/v1/courses', course('TAKEN')));
    const again = await adminApi.post('/api/v1/courses', course('taken'));
    assert.equal(again.status, 409);
    assert.equal(server.sql("SELECT COUNT(*) FROM courses WHERE code = 'TAKEN'")[0][0], '1');
  });

  test('a lesson with a bad field rolls back the whole course', async () => {
    const r = await adminApi.post('/api/v1/courses', course('HALF', {
      modules: [{ title: 'M', lessons: [{ title: 'ok', body: 'x' }, { title: '', body: 'no title' }] }],
    }));
    assert.equal(r.status, 422);
    assert.ok(r.json.errors['modules[0].lessons[1].title']);
    assert.equal(server.sql("SELECT COUNT(*) FROM courses WHERE code = 'HALF'")[0][0], '0');
  });

  test('a learner may not create or change courses; nobody without a token may read', async () => {
    assert.equal((await learnerApi.post('/api/v1/courses', course('MINE'))).status, 403);
    assert.equal((await learnerApi.patch('/api/v1/courses/TAKEN', { title: 'x' })).status, 403);
    assert.equal((await server.api('nope').get('/api/v1/courses')).status, 401);
  });

  test('PATCH changes fields and status, and the change is audited', async () => {
    const r = await apiOk(adminApi.patch('/api/v1/courses/TAKEN', { title: 'Renamed', status: 'draft' }), 200);
    assert.equal(r.title, 'Renamed');
    assert.equal(r.status, 'draft');
    const audit = server.sql("SELECT action FROM audit_events WHERE object_type = 'course' ORDER BY id");
    assert.ok(audit.some(([a]) => a === 'course.update'));
    assert.ok(audit.some(([a]) => a === 'course.unpublish'));
  });
});

describe('programmes', () => {
  test('a programme groups courses in order and shows in the catalogue', async () => {
    await apiOk(adminApi.post('/api/v1/courses', course('P-ONE')));
    await apiOk(adminApi.post('/api/v1/courses', course('P-TWO')));
    const p = await apiOk(adminApi.post('/api/v1/programmes', {
      code: 'dt-lead', title: 'Digital transformation leadership', summary: 'Four steps', status: 'published',
      courses: ['P-TWO', 'P-ONE'], translations: { ru: { title: 'Лидерство в цифровой трансформации' } },
    }));
    assert.deepEqual(p.courses.map((c) => c.code), ['P-TWO', 'P-ONE']);
    const page = await server.browser().get('/programmes/DT-LEAD');
    assert.equal(page.status, 200);
    assert.ok(page.text.indexOf('Course P-TWO') < page.text.indexOf('Course P-ONE'));
    const cat = await server.browser().get('/courses');
    assert.match(cat.text, /Digital transformation leadership/);
    const list = await apiOk(learnerApi.get('/api/v1/programmes'), 200);
    assert.ok(list.items.some((x) => x.code === 'DT-LEAD'));
    const bad = await adminApi.post('/api/v1/programmes', { code: 'BAD', title: 'x', courses: ['NOPE'] });
    assert.equal(bad.status, 422);
    assert.equal((await learnerApi.post('/api/v1/programmes', { code: 'X1', title: 'x' })).status, 403);
  });
});

describe('the catalogue pages through many courses', () => {
  test('twenty a page, newest first, with a link to the next page only when there is one', async () => {
    for (let i = 0; i < 25; i++) await apiOk(adminApi.post('/api/v1/courses', course(`PAGE-${String(i).padStart(2, '0')}`, { topic: 'robotics' })));
    const one = await server.browser().get('/courses?topic=robotics');
    const first = codesOf(one.text);
    assert.equal(first.length, 20);
    assert.equal(first[0], 'PAGE-24');
    assert.match(one.text, /<a href="[^"]*page=2[^"]*" rel="next">/);
    assert.doesNotMatch(one.text, /rel="prev"/);
    const two = await server.browser().get('/courses?topic=robotics&page=2');
    const second = codesOf(two.text);
    assert.deepEqual(second, ['PAGE-04', 'PAGE-03', 'PAGE-02', 'PAGE-01', 'PAGE-00']);
    assert.doesNotMatch(two.text, /rel="next"/);
    assert.match(two.text, /rel="prev"/);
  });
});

describe('pages cost a fixed number of statements', () => {
  test('reading the same lesson again soon writes nothing; moving to another lesson does', async () => {
    const made = await apiOk(adminApi.post('/api/v1/courses', course('TOUCH-1', {
      modules: [{ title: 'M', lessons: [{ title: 'One', body: 'x' }, { title: 'Two', body: 'y' }] }],
    })));
    await apiOk(learnerApi.post('/api/v1/enrolments', { course: 'TOUCH-1' }));
    const b = server.browser();
    await b.login(learner.email, PW);
    const [one, two] = made.modules[0].lessons.map((l) => `/courses/TOUCH-1/lessons/${l.id}`);
    const cost = (path) => server.statements(path, async () => assert.equal((await b.get(path)).status, 200));
    const first = await cost(one);
    assert.equal(await cost(one), first - 1);        // the resume point is already this lesson
    assert.equal(await cost(two), first);            // another lesson moves it
    const [[last]] = server.sql(`SELECT last_lesson_id FROM enrolments e JOIN courses c ON c.id = e.course_id WHERE c.code = 'TOUCH-1'`);
    assert.equal(Number(last), made.modules[0].lessons[1].id);
  });

  test('the catalogue, a course page and a lesson page', async () => {
    const b = server.browser();
    await b.login(admin.email, PW);
    const small = await apiOk(adminApi.post('/api/v1/courses', course('COUNT-S')));
    const many = [];
    for (let i = 0; i < 8; i++) many.push({ title: `L${i}`, body: `Body ${i}` });
    const big = await apiOk(adminApi.post('/api/v1/courses', course('COUNT-B', {
      modules: [{ title: 'A', lessons: many.slice(0, 4) }, { title: 'B', lessons: many.slice(4) }],
    })));
    const cost = (path) => server.statements(path, () => b.get(path));
    const catalogue = await cost('/courses');
    for (let i = 0; i < 5; i++) await apiOk(adminApi.post('/api/v1/courses', course(`COUNT-X${i}`)));
    assert.equal(await cost('/courses'), catalogue);
    assert.equal(await cost('/courses/COUNT-B'), await cost('/courses/COUNT-S'));
    const sl = small.modules[0].lessons[0].id, bl = big.modules[1].lessons[2].id;
    assert.equal(await cost(`/courses/COUNT-B/lessons/${bl}`), await cost(`/courses/COUNT-S/lessons/${sl}`));
  });
});
