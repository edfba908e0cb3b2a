// `dars demo` fills a fresh database with a living catalogue: six courses in
// their own languages with translated titles, real lessons, instructors and two
// programmes, as the catalogue, the API and the database show them, and a year
// of history for the reports (issue 13); a second run adds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, mainOf } from '../lib/dars.js';

let server, api, firstRun;

const COURSES = [
  // code, own language, delivery, enrol mode, capacity, centre, instructors
  ['CYBER-101', 'ru', 'online', 'open', '', 'C-BAK', ['i.smirnova@dars.example']],
  ['DT-EXEC', 'en', 'blended', 'approval', '25', 'C-BAK', ['a.kozlov@dars.example', 'i.smirnova@dars.example']],
  ['EGOV-101', 'az', 'online', 'open', '', 'C-BAK', ['a.kozlov@dars.example']],
  ['ENG-A2', 'en', 'blended', 'open', '30', 'D-BAK-2', ['s.johnson@dars.example']],
  ['PY-101', 'uz', 'online', 'open', '', 'D-BAK-1', ['d.karimova@dars.example']],
  ['ROBO-101', 'az', 'face-to-face', 'open', '16', 'D-SUM', ['d.karimova@dars.example', 'minjun.kim@dars.example']],
];
const UI_LANGS = ['az', 'en', 'ru', 'uz'];
// issue 20: one course in Korean and one in Vietnamese besides
const MORE_LANGS = { 'PY-101': ['ko'], 'DT-EXEC': ['vi'] };

const counts = () => server.sql(
  'SELECT (SELECT COUNT(*) FROM courses), (SELECT COUNT(*) FROM course_i18n), ' +
  '(SELECT COUNT(*) FROM course_modules), (SELECT COUNT(*) FROM module_i18n), ' +
  '(SELECT COUNT(*) FROM lessons), (SELECT COUNT(*) FROM lesson_i18n), ' +
  '(SELECT COUNT(*) FROM course_instructors), (SELECT COUNT(*) FROM programmes), ' +
  '(SELECT COUNT(*) FROM programme_i18n), (SELECT COUNT(*) FROM programme_courses), ' +
  '(SELECT COUNT(*) FROM audit_events), (SELECT COUNT(*) FROM users), (SELECT COUNT(*) FROM enrolments), ' +
  '(SELECT COUNT(*) FROM lesson_progress), (SELECT COUNT(*) FROM cohorts), ' +
  '(SELECT COUNT(*) FROM cohort_sessions), (SELECT COUNT(*) FROM attendance), ' +
  '(SELECT COUNT(*) FROM certificates)')[0].map(Number);

before(async () => {
  server = await startDars();
  firstRun = server.cli(['demo']);
  api = server.apiAs('admin@dars.example');
});
after(async () => { await server.stop(); });

test('the demo creates six published courses with their settings and instructors', () => {
  assert.equal(firstRun.code, 0, firstRun.stderr);
  assert.equal(firstRun.stderr, '');
  const m = firstRun.stdout.match(/demo courses created: 6 courses with (\d+) lessons, 2 programmes/);
  assert.ok(m, firstRun.stdout);
  assert.equal(Number(m[1]), Number(server.sql('SELECT COUNT(*) FROM lessons')[0][0]));

  const rows = server.sql(
    "SELECT c.code, c.language, c.delivery, c.enrol_mode, COALESCE(CAST(c.capacity AS TEXT), ''), " +
    "ce.code, c.status, c.published_at IS NOT NULL FROM courses c JOIN centres ce ON ce.id = c.centre_id " +
    'ORDER BY c.code');
  assert.deepEqual(rows.map((r) => r.slice(0, 6)), COURSES.map((c) => c.slice(0, 6)));
  for (const r of rows) {
    assert.equal(r[6], 'published', r[0]);
    assert.match(r[7], /^(1|t)$/, r[0]);
  }

  const inst = server.sql('SELECT c.code, u.email FROM course_instructors ci JOIN courses c ' +
    'ON c.id = ci.course_id JOIN users u ON u.id = ci.user_id ORDER BY c.code, u.email');
  assert.deepEqual(inst, COURSES.flatMap((c) => c[6].map((e) => [c[0], e])));
});

test('every course has its title and summary in the other three interface languages', () => {
  for (const [code, own] of COURSES) {
    const langs = server.sql('SELECT ci.lang FROM course_i18n ci JOIN courses c ON c.id = ci.course_id ' +
      `WHERE c.code = '${code}' AND ci.title <> '' AND ci.summary <> '' ORDER BY ci.lang`).map((r) => r[0]);
    assert.deepEqual(langs, [...UI_LANGS.filter((l) => l !== own), ...(MORE_LANGS[code] || [])].sort(), code);
  }
  // every module title is translated too, never into the course's own language
  assert.deepEqual(server.sql('SELECT COUNT(*) FROM course_modules m WHERE (SELECT COUNT(*) FROM module_i18n mi ' +
    'WHERE mi.module_id = m.id AND mi.title <> \'\' AND mi.lang IN (\'en\', \'ru\', \'az\', \'uz\')) <> 3'), [['0']]);
  // and the Korean and Vietnamese courses' modules into Korean and Vietnamese, with a lesson each
  for (const [code, [lang]] of Object.entries(MORE_LANGS)) {
    assert.deepEqual(server.sql('SELECT COUNT(*) FROM course_modules m JOIN courses c ON c.id = m.course_id ' +
      `WHERE c.code = '${code}' AND NOT EXISTS (SELECT 1 FROM module_i18n mi WHERE mi.module_id = m.id ` +
      `AND mi.lang = '${lang}' AND mi.title <> '')`), [['0']], code);
    assert.ok(Number(server.sql('SELECT COUNT(*) FROM lesson_i18n li JOIN lessons l ON l.id = li.lesson_id ' +
      `JOIN courses c ON c.id = l.course_id WHERE c.code = '${code}' AND li.lang = '${lang}' AND li.body <> ''`)[0][0]) >= 1, code);
  }
  assert.deepEqual(server.sql("SELECT COUNT(*) FROM module_i18n WHERE lang IN ('ko', 'vi')"), [['7']]);
  assert.deepEqual(server.sql('SELECT COUNT(*) FROM module_i18n mi JOIN course_modules m ON m.id = mi.module_id ' +
    'JOIN courses c ON c.id = m.course_id WHERE mi.lang = c.language'), [['0']]);
  // each course has at least one lesson translated, 15 or more in all
  const tr = server.sql('SELECT c.code, COUNT(*) FROM lesson_i18n li JOIN lessons l ON l.id = li.lesson_id ' +
    "JOIN courses c ON c.id = l.course_id WHERE li.body <> '' GROUP BY c.code ORDER BY c.code");
  assert.deepEqual(tr.map((r) => r[0]), COURSES.map((c) => c[0]));
  assert.ok(tr.reduce((n, r) => n + Number(r[1]), 0) >= 15, JSON.stringify(tr));
});

test('courses hold 2-4 modules of 2-4 lessons, at least 40 lessons of real text', async () => {
  const perModule = server.sql('SELECT c.code, m.position, COUNT(l.id) FROM course_modules m ' +
    'JOIN courses c ON c.id = m.course_id LEFT JOIN lessons l ON l.module_id = m.id ' +
    'GROUP BY c.code, m.position ORDER BY c.code, m.position');
  for (const [code] of COURSES) {
    const mods = perModule.filter((r) => r[0] === code);
    assert.ok(mods.length >= 2 && mods.length <= 4, `${code}: ${mods.length} modules`);
    for (const r of mods) assert.ok(Number(r[2]) >= 2 && Number(r[2]) <= 4, `${code} module ${r[1]}: ${r[2]}`);
  }
  assert.ok(Number(server.sql('SELECT COUNT(*) FROM lessons')[0][0]) >= 40);

  // read every lesson as a client does: 2+ paragraphs, minutes set, Markdown rendered
  let lessons = 0;
  for (const [code] of COURSES) {
    const c = await api.get(`/api/v1/courses/${code}`);
    assert.equal(c.status, 200, c.text);
    for (const mod of c.json.modules) {
      for (const { id } of mod.lessons) {
        const l = await api.get(`/api/v1/courses/${code}/lessons/${id}`);
        assert.equal(l.status, 200, l.text);
        const paras = l.json.body.split(/\n\s*\n/).filter((p) => p.trim() !== '');
        assert.ok(paras.length >= 3 && l.json.body.length >= 500, `${code}/${id} is too thin`);
        assert.doesNotMatch(l.json.body, /lorem ipsum/i);
        assert.match(l.json.html, /<p>/);
        lessons++;
      }
    }
  }
  assert.equal(lessons, Number(server.sql('SELECT COUNT(*) FROM lessons')[0][0]));
  assert.deepEqual(server.sql('SELECT COUNT(*) FROM lessons WHERE minutes < 5'), [['0']]);
});

// The body of the lesson whose title (in the course's language) starts with a prefix.
async function lesson(code, prefix) {
  const c = await api.get(`/api/v1/courses/${code}`);
  const found = c.json.modules.flatMap((m) => m.lessons).find((l) => l.title.startsWith(prefix));
  assert.ok(found, `${code}: no lesson "${prefix}"`);
  const l = await api.get(`/api/v1/courses/${code}/lessons/${found.id}`);
  assert.equal(l.status, 200, l.text);
  return l.json;
}

test('lessons are written in the course language, with tables and code where they fit', async () => {
  const memo = await lesson('CYBER-101', 'Угрозы и признаки');
  assert.match(memo.body, /фишинг/i);
  assert.match(memo.html, /<table>[\s\S]*<th>Угроза<\/th>[\s\S]*Найденная флешка/);
  assert.match((await lesson('CYBER-101', 'Парольные фразы')).body, /парольн\S+ фраз/);

  const loops = await lesson('PY-101', 'for sikli');
  assert.match(loops.body, /```python\nfor i in range\(1, 11\):/);
  assert.match(loops.html, /<code class="language-python">/);
  assert.match(loops.body, /Topshiriq:/);

  const robot = await lesson('ROBO-101', 'Xətt izləmə');
  assert.match(robot.body, /```cpp/);
  assert.match(robot.body, /sensor/);

  const vocab = await lesson('ENG-A2', 'Office vocabulary');
  assert.match(vocab.html, /<table>[\s\S]*<td>deadline<\/td>\s*<td>срок<\/td>\s*<td>son müddət<\/td>\s*<td>muddat<\/td>/);

  assert.match((await lesson('EGOV-101', 'Mobil imza')).body, /PİN kodu/);
  assert.match((await lesson('DT-EXEC', 'Buying IT')).body, /vendor|supplier/i);
});

test('the catalogue shows the six courses and translated titles, and the programmes in order', async () => {
  const b = server.browser();
  const en = await b.get('/courses');
  assert.equal(en.status, 200);
  for (const [code] of COURSES) assert.match(en.text, new RegExp(`href="/courses/${code}"`));
  assert.match(en.text, /E-government basics/);
  assert.match(en.text, /Python for beginners/);

  b.lang = 'ru';
  const ru = await b.get('/courses');
  assert.match(ru.text, /Основы электронного правительства/);
  assert.match(ru.text, /Наследники аль-Хорезми/);

  const progs = server.sql('SELECT p.code, p.status, c.code FROM programme_courses pc ' +
    'JOIN programmes p ON p.id = pc.programme_id JOIN courses c ON c.id = pc.course_id ' +
    'ORDER BY p.code, pc.position');
  assert.deepEqual(progs, [
    ['DT-LEAD', 'published', 'DT-EXEC'], ['DT-LEAD', 'published', 'CYBER-101'],
    ['DT-LEAD', 'published', 'EGOV-101'], ['KHOREZMI', 'published', 'PY-101'],
    ['KHOREZMI', 'published', 'ROBO-101'], ['KHOREZMI', 'published', 'ENG-A2']]);
  assert.deepEqual(server.sql('SELECT COUNT(*) FROM programme_i18n'), [['6']]);

  // issue 20: the Korean and Vietnamese titles, for readers of those languages
  b.lang = 'ko';
  const ko = await b.get('/courses');
  assert.match(ko.text, /<html lang="ko">/);
  assert.match(ko.text, /처음 배우는 파이썬/);
  assert.match((await b.get('/courses/PY-101')).text, /첫걸음/);
  b.lang = 'vi';
  const vi = await b.get('/courses');
  assert.match(vi.text, /<html lang="vi">/);
  assert.match(vi.text, /Chuyển đổi số dành cho lãnh đạo/);
  assert.match((await b.get('/courses/DT-EXEC')).text, /Quản trị dữ liệu/);

  b.lang = 'en';
  const page = await b.get('/programmes/KHOREZMI');
  assert.equal(page.status, 200);
  assert.match(page.text, /Al-Khorazmi successors/);
  const at = (code) => page.text.indexOf(`/courses/${code}"`);
  assert.ok(at('PY-101') > 0 && at('PY-101') < at('ROBO-101') && at('ROBO-101') < at('ENG-A2'));
});

test('the demo writes its courses through the catalog, audited', () => {
  const byAction = Object.fromEntries(server.sql(
    "SELECT action, COUNT(*) FROM audit_events WHERE action LIKE 'course.%' OR action LIKE 'programme.%' " +
    'GROUP BY action'));
  assert.equal(byAction['course.create'], '6');
  assert.equal(byAction['programme.create'], '2');
});

test('running the demo again adds nothing', () => {
  const before = counts();
  const again = server.cli(['demo']);
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stdout, /already/);
  assert.doesNotMatch(again.stdout, /demo courses created/);
  assert.deepEqual(counts(), before);
});

test('a course or programme whose code exists is left as people made it', async () => {
  const other = await startDars();
  try {
    const admin = other.addUser({ email: 'ops@example.org', name: 'Ops Admin', role: 'admin' });
    const ops = other.api(other.token(admin.email));
    const c = await ops.post('/api/v1/courses', { code: 'PY-101', title: 'Our own Python course',
      summary: 'Kept', language: 'en', topic: 'programming', delivery: 'online' });
    assert.equal(c.status, 201, c.text);
    const p = await ops.post('/api/v1/programmes', { code: 'DT-LEAD', title: 'Our own path' });
    assert.equal(p.status, 201, p.text);

    const r = other.cli(['demo']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /demo courses created: 5 courses with \d+ lessons, 1 programmes/);
    assert.deepEqual(other.sql("SELECT title, status FROM courses WHERE code = 'PY-101'"),
      [['Our own Python course', 'draft']]);
    assert.deepEqual(other.sql("SELECT COUNT(*) FROM lessons l JOIN courses c ON c.id = l.course_id " +
      "WHERE c.code = 'PY-101'"), [['0']]);
    assert.deepEqual(other.sql("SELECT title FROM programmes WHERE code = 'DT-LEAD'"), [['Our own path']]);
    assert.deepEqual(other.sql("SELECT COUNT(*) FROM programme_courses pc JOIN programmes p " +
      "ON p.id = pc.programme_id WHERE p.code = 'DT-LEAD'"), [['0']]);
    // the other programme takes the existing course in its place
    assert.deepEqual(other.sql('SELECT c.code FROM programme_courses pc JOIN programmes p ' +
      "ON p.id = pc.programme_id JOIN courses c ON c.id = pc.course_id WHERE p.code = 'KHOREZMI' " +
      'ORDER BY pc.position'), [['PY-101'], ['ROBO-101'], ['ENG-A2']]);
    assert.equal(other.sql('SELECT COUNT(*) FROM courses')[0][0], '6');
  } finally {
    await other.stop();
  }
});

test('demo learners are enrolled with progress, and one has completed a whole programme', async () => {
  const [[active, completed, done]] = server.sql(
    "SELECT (SELECT COUNT(*) FROM enrolments WHERE status = 'active'), " +
    "(SELECT COUNT(*) FROM enrolments WHERE status = 'completed'), (SELECT COUNT(*) FROM lesson_progress)");
  assert.ok(Number(active) >= 10, active);
  assert.ok(Number(completed) >= 5, completed);
  assert.ok(Number(done) >= 100, done);
  const pw = firstRun.stdout.match(/share the password: (\S+)/)[1];
  const b = server.browser();
  await b.login('z.bagirova@dars.example', pw);
  const my = await b.get('/my');
  assert.equal(my.status, 200);
  // she reads in Azerbaijani (her profile's language): look at the row's link and tag
  const row = my.text.match(/<tr>\s*<td><a href="\/programmes\/DT-LEAD">[\s\S]*?<\/tr>/);
  assert.ok(row, 'DT-LEAD is on /my');
  assert.match(row[0], /<td>3\D+3<\/td>/);
  assert.match(row[0], /tag-green/);
});

test('a Korean-speaking volunteer teaches robotics, and Dars speaks Korean to him (issue 20)', async () => {
  assert.deepEqual(server.sql("SELECT u.language, c.code FROM users u JOIN course_instructors ci ON ci.user_id = u.id " +
    "JOIN courses c ON c.id = ci.course_id WHERE u.email = 'minjun.kim@dars.example'"), [['ko', 'ROBO-101']]);
  const b = server.browser();
  await b.login('minjun.kim@dars.example', firstRun.stdout.match(/share the password: (\S+)/)[1]);
  const my = await b.get('/my');
  assert.equal(my.status, 200);
  // his profile's language wins over the browser's
  assert.match(my.text, /<html lang="ko">/);
  assert.match(my.text, /<option value="ko" lang="ko" selected>한국어<\/option>/);
});

test('the demo has one registration awaiting approval at R-GAN, made once', async () => {
  const waiting = () => server.sql(`SELECT u.email, c.code, u.status, u.pending_reason,
      CASE WHEN u.consent_at IS NULL THEN 0 ELSE 1 END FROM users u JOIN centres c ON c.id = u.centre_id
      WHERE u.pending_reason = 'approval'`);
  assert.deepEqual(waiting(), [['e.mammadova@dars.example', 'R-GAN', 'pending', 'approval', '1']]);
  assert.equal(server.sql("SELECT registration FROM centres WHERE code = 'R-GAN'")[0][0], 'approval');
  assert.equal(server.cli(['demo']).code, 0);
  assert.equal(waiting().length, 1);
  // the manager of the region sees it on the requests page
  const b = server.browser();
  await b.login('r.aliyev@dars.example', firstRun.stdout.match(/share the password: (\S+)/)[1]);
  const page = await b.get('/admin/registrations');
  assert.equal(page.status, 200);
  assert.match(page.text, /e\.mammadova@dars\.example/);
});

test('the demo has a few people invited and not yet in, their invitations in the outbox (issue 12)', async () => {
  const invited = () => server.sql(`SELECT u.email, u.status, COALESCE(u.pending_reason, ''),
      CASE WHEN l.used_at IS NULL THEN 'open' ELSE 'used' END FROM users u
      JOIN user_links l ON l.user_id = u.id AND l.kind = 'invitation' ORDER BY u.email`);
  const rows = invited();
  assert.equal(rows.length, 3);
  for (const [, status, reason, link] of rows) {
    assert.equal(status, 'pending');
    assert.equal(reason, 'invitation');
    assert.equal(link, 'open');
  }
  const mails = server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr IN (${rows.map(([e]) => `'${e}'`).join(', ')})
    AND body LIKE '%/invitations/%'`);
  assert.equal(mails[0][0], '3');
  // the people list shows them as invited
  const api = server.apiAs('admin@dars.example');
  const one = await api.get(`/api/v1/users/${rows[0][0]}`);
  assert.equal(one.json.invitation, 'sent');
  // a second run adds nobody
  assert.equal(server.cli(['demo']).code, 0);
  assert.equal(invited().length, 3);
});

// ---- a year of history, so that reports have something to say (issue 13) ----

const DAY = 86400000;
const isoAt = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('enrolments began and completed over the last twelve months, never in the future (issue 13)', () => {
  assert.match(firstRun.stdout, /demo history created: 7 cohorts with \d+ sessions and \d+ attendance marks/);
  const now = isoAt(Date.now() + 60000), yearAgo = isoAt(Date.now() - 366 * DAY);
  const started = server.sql("SELECT DISTINCT substr(started_at, 1, 7) FROM enrolments WHERE started_at IS NOT NULL")
    .map((r) => r[0]);
  assert.ok(started.length >= 10, `enrolments began in ${started.join(' ')}`);
  const completed = server.sql("SELECT DISTINCT substr(completed_at, 1, 7) FROM enrolments WHERE status = 'completed'")
    .map((r) => r[0]);
  assert.ok(completed.length >= 6, `completions in ${completed.join(' ')}`);

  const byStatus = Object.fromEntries(server.sql('SELECT status, COUNT(*) FROM enrolments GROUP BY status'));
  assert.ok(Number(byStatus.completed) >= 40, JSON.stringify(byStatus));
  assert.ok(Number(byStatus.active) >= 30, JSON.stringify(byStatus));
  assert.ok(Number(byStatus.withdrawn) >= 1, JSON.stringify(byStatus));
  assert.ok(Number(byStatus.waitlisted) >= 1, JSON.stringify(byStatus));

  // every stamp lies in the past year, in order: created, lessons done, completed or withdrawn
  const [[first, last]] = server.sql('SELECT MIN(created_at), MAX(updated_at) FROM enrolments');
  assert.ok(first >= yearAgo && last <= now, `${first} .. ${last}`);
  assert.deepEqual(server.sql(`SELECT COUNT(*) FROM enrolments WHERE started_at < created_at
      OR completed_at < started_at OR withdrawn_at < started_at OR completed_at > '${now}'
      OR (status = 'completed') <> (completed_at IS NOT NULL)
      OR (status = 'active' AND started_at IS NULL)`), [['0']]);
  assert.deepEqual(server.sql(`SELECT COUNT(*) FROM lesson_progress p JOIN enrolments e
      ON e.user_id = p.user_id AND e.course_id = p.course_id
      WHERE p.completed_at < e.created_at OR p.completed_at > COALESCE(e.completed_at, e.withdrawn_at, '${now}')`),
  [['0']]);
  // a completion is its last lesson
  assert.deepEqual(server.sql(`SELECT COUNT(*) FROM enrolments e WHERE e.status = 'completed'
      AND e.completed_at <> (SELECT MAX(p.completed_at) FROM lesson_progress p
        WHERE p.user_id = e.user_id AND p.course_id = e.course_id)`), [['0']]);
});

test('cohorts met weekly at urban and rural centres, with attendance of every kind (issue 13)', async () => {
  const areas = Object.fromEntries(server.sql('SELECT area, COUNT(*) FROM centres GROUP BY area'));
  assert.deepEqual(Object.keys(areas).sort(), ['rural', 'urban']);
  assert.ok(Number(areas.urban) > Number(areas.rural), JSON.stringify(areas));

  const marks = server.sql(`SELECT ce.code, ce.area, a.status, COUNT(*) FROM attendance a
      JOIN cohort_sessions s ON s.id = a.session_id JOIN centres ce ON ce.id = s.centre_id
      GROUP BY ce.code, ce.area, a.status`);
  const kinds = {};
  for (const [code, area, status] of marks) (kinds[code] ||= { area, statuses: new Set() }).statuses.add(status);
  const full = Object.entries(kinds).filter(([, k]) => k.statuses.size === 4);
  assert.ok(full.length >= 3, JSON.stringify(marks));
  assert.ok(full.some(([, k]) => k.area === 'rural'), 'a rural centre with marks of every kind');
  assert.ok(full.some(([, k]) => k.area === 'urban'), 'an urban centre with marks of every kind');
  const count = (status) => marks.filter((m) => m[2] === status).reduce((n, m) => n + Number(m[3]), 0);
  const rate = (count('present') + count('late')) / (count('present') + count('late') + count('absent'));
  assert.ok(rate > 0.8 && rate < 0.99, `attendance rate ${rate}`);

  // sessions a week apart, marked only once they began, by the cohort's instructor
  const sessions = server.sql('SELECT cohort_id, starts_at FROM cohort_sessions ORDER BY cohort_id, starts_at');
  for (let i = 1; i < sessions.length; i++) {
    if (sessions[i][0] !== sessions[i - 1][0]) continue;
    assert.equal(Date.parse(sessions[i][1]) - Date.parse(sessions[i - 1][1]), 7 * DAY, sessions[i].join(' '));
  }
  assert.ok(sessions.some(([, at]) => at > isoAt(Date.now())), 'a cohort still running');
  assert.deepEqual(server.sql(`SELECT COUNT(*) FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id
      WHERE s.starts_at > a.created_at OR NOT EXISTS (SELECT 1 FROM cohort_instructors ci
        WHERE ci.cohort_id = s.cohort_id AND ci.user_id = a.marked_by)`), [['0']]);
  // marks only for the cohort's own learners
  assert.deepEqual(server.sql(`SELECT COUNT(*) FROM attendance a JOIN cohort_sessions s ON s.id = a.session_id
      WHERE NOT EXISTS (SELECT 1 FROM enrolments e WHERE e.cohort_id = s.cohort_id AND e.user_id = a.user_id)`),
  [['0']]);

  // learners in cohorts at five centres or more, a rural one among them
  const centres = server.sql(`SELECT DISTINCT ce.code, ce.area FROM enrolments e JOIN cohorts co ON co.id = e.cohort_id
      JOIN centres ce ON ce.id = co.centre_id WHERE e.status IN ('active', 'completed')`);
  assert.ok(centres.length >= 5 && centres.some((c) => c[1] === 'rural'), JSON.stringify(centres));

  // the cohorts module reads them as its own
  const list = await api.get('/api/v1/cohorts?limit=50');
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.length, Number(server.sql('SELECT COUNT(*) FROM cohorts')[0][0]));
  const rural = list.json.items.find((c) => c.centre === 'R-SHZ');
  assert.ok(rural, JSON.stringify(list.json.items.map((c) => c.centre)));
  const s = await api.get(`/api/v1/cohorts/${rural.id}/sessions`);
  assert.equal(s.status, 200, s.text);
  assert.ok(s.json.items.length >= 8, s.text);
  const b = server.browser();
  await b.login('admin@dars.example', firstRun.stdout.match(/admin login: \S+\s+password: (\S+)/)[1]);
  const summary = await b.get(`/cohorts/${rural.id}/attendance`);
  assert.equal(summary.status, 200);
  assert.match(summary.text, /u\.hasanli@dars\.example|Ülviyyə Həsənli/);
});

test('the people learning are of both sexes, every age band and several organisations (issue 13)', () => {
  const year = new Date().getUTCFullYear();
  const learners = server.sql(`SELECT COALESCE(u.gender, ''), COALESCE(CAST(u.birth_year AS TEXT), ''),
      COALESCE(CAST(u.disability AS TEXT), ''), COALESCE(CAST(u.organisation_id AS TEXT), '') FROM users u
      WHERE EXISTS (SELECT 1 FROM enrolments e WHERE e.user_id = u.id AND e.status IN ('active', 'completed'))`);
  assert.ok(learners.length >= 60, String(learners.length));
  const of = (i, v) => learners.filter((l) => l[i] === v).length;
  assert.ok(of(0, 'female') >= 20 && of(0, 'male') >= 20, 'both sexes');
  assert.ok(of(0, 'other') + of(0, '') >= 1, 'someone who did not say, or said other');
  assert.ok(of(2, '1') >= 2, 'learners with a disability');
  const band = (by) => {
    if (by === '') return 'unknown';
    const age = year - Number(by);
    return age < 18 ? 'under-18' : age < 25 ? '18-24' : age < 35 ? '25-34' : age < 45 ? '35-44'
      : age < 55 ? '45-54' : age < 65 ? '55-64' : '65+';
  };
  const bands = new Set(learners.map((l) => band(l[1])));
  for (const b of ['under-18', '18-24', '25-34', '35-44', '45-54', '55-64', '65+']) assert.ok(bands.has(b), b);
  assert.ok(new Set(learners.map((l) => l[3]).filter((o) => o !== '')).size >= 5, 'several organisations');
});

test('ten demo mentors are developed: DT-LEAD is mentor training, and they have 20+ confirmed hours (issue 18)', async () => {
  assert.deepEqual(server.sql("SELECT code FROM programmes WHERE mentor_training = 1"), [['DT-LEAD']]);
  // a hand count: mentors who completed all of DT-LEAD's courses and have at least 20 confirmed hours
  const hand = server.sql(`SELECT u.email, ce.kind FROM users u JOIN mentor_profiles mp ON mp.user_id = u.id
    JOIN centres ce ON ce.id = mp.centre_id
    WHERE (SELECT COUNT(*) FROM enrolments e JOIN programme_courses pc ON pc.course_id = e.course_id
           JOIN programmes p ON p.id = pc.programme_id AND p.code = 'DT-LEAD'
           WHERE e.user_id = u.id AND e.status = 'completed') = 3
    AND (SELECT SUM(mm.minutes) FROM mentoring_meetings mm JOIN mentorships ms ON ms.id = mm.mentorship_id
         WHERE ms.mentor_id = u.id AND mm.confirmed_at IS NOT NULL) >= 1200 ORDER BY u.email`);
  assert.ok(hand.length >= 8 && hand.length <= 12, String(hand.length));
  const atDec = hand.filter((h) => h[1] === 'digital-education').length;
  assert.ok(atDec > 0);
  const b = server.browser();
  await b.login('admin@dars.example', firstRun.stdout.match(/admin login: \S+\s+password: (\S+)/)[1]);
  const admin = await b.get('/admin/mentoring');
  assert.equal(admin.status, 200);
  assert.match(mainOf(admin.text), new RegExp(`<dt>Developed mentors</dt><dd>${hand.length} `));
  // the DEC project's indicator counts those at Digital Education Centres
  const p = await b.get('/admin/projects/DEC');
  assert.equal(p.status, 200);
  const row = mainOf(p.text).match(/Mentors developed[\s\S]*?<\/tr>/);
  assert.ok(row, 'the indicator is on the project page');
  assert.match(row[0], /<dt>Target<\/dt><dd>450<\/dd>/);
  assert.match(row[0], new RegExp(`<dt>Actual</dt><dd>${atDec}</dd>`));
});

test('the demo\'s completed learners hold certificates: one revoked, one replaced, one in Korean (issue 17)', async () => {
  assert.deepEqual(server.sql('SELECT code FROM courses WHERE certificate = 1 ORDER BY code').map((r) => r[0]),
    ['CYBER-101', 'EGOV-101', 'PY-101', 'ROBO-101']);
  assert.deepEqual(server.sql('SELECT code FROM programmes WHERE certificate = 1'), [['DT-LEAD']]);
  // every completion of a course that gives one has its certificate, issued on completion (once)
  const missing = server.sql(`SELECT e.id FROM enrolments e JOIN courses c ON c.id = e.course_id AND c.certificate = 1
    WHERE e.status = 'completed' AND NOT EXISTS (SELECT 1 FROM certificates x WHERE x.enrolment_id = e.id)`);
  assert.deepEqual(missing, [], 'a completion without its certificate');
  const twice = server.sql('SELECT enrolment_id FROM certificates WHERE enrolment_id IS NOT NULL GROUP BY enrolment_id HAVING COUNT(*) > 1');
  assert.deepEqual(twice, []);
  const revoked = server.sql("SELECT holder, revoke_reason FROM certificates WHERE status = 'revoked'");
  assert.equal(revoked.length, 1);
  assert.equal(revoked[0][0], 'Oʻktam Rahimov');
  const replaced = server.sql(`SELECT o.holder, n.holder, n.status FROM certificates o JOIN certificates n ON n.id = o.replaced_by
    WHERE o.status = 'replaced'`);
  assert.deepEqual(replaced, [['Daniel Brown', 'Daniel J. Brown', 'valid']]);
  const [ko] = server.sql("SELECT code, holder, language FROM certificates WHERE language = 'ko'");
  assert.deepEqual(ko.slice(1), ['김민준', 'ko']);
  // the public page shows it, and the PDFs are drawn
  const v = await fetch(`${server.url}/verify/${ko[0]}`, { headers: { accept: 'application/json' } });
  assert.equal((await v.json()).holder, '김민준');
  assert.deepEqual(server.sql('SELECT COUNT(*) FROM certificates WHERE pdf IS NULL'), [['0']]);
});
