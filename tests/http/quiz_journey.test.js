// The whole of issue 4 end to end, through public interfaces only: an admin
// makes a course and enrols a learner; its instructor imports GIFT on the
// import page (preview, then confirm) and builds a timed quiz on the quiz
// pages; the learner takes it through the API (partial and negative credit,
// then a late answer refused); the instructor grades the essay on the attempt
// page; the gradebook page, CSV and XLSX show the best percent and the total.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, ivanApi, lenaApi, ivan;
let quiz, warmup, first, second;

const put = (api, path, body) => api.request('PUT', path, body);
const one = (q) => server.sql(q)[0][0];
const unescape = (s) => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const liveQuestions = () =>
  Number(one("SELECT COUNT(*) FROM quiz_questions q JOIN courses c ON c.id = q.course_id WHERE c.code = 'JRN-1' AND q.deleted_at IS NULL"));

// Every type, weights, negative weights, per-answer and general feedback.
const GIFT = `// The bank of the journey: every type Dars keeps
$CATEGORY: Journey/Core

::single::Which city is the capital of Azerbaijan?{
  =Baku#Right.
  ~Ganja#No, that is the second city.
  ~%-50%Moscow#Not even in the country.
  ####Baku has been the capital since 1918.
}

::multi::Which of these keep a password safe?{
  ~%50%A passphrase#Good.
  ~%50%A password manager#Good.
  ~%-100%A sticky note#Anyone can read it.
}

::tf::The sky is green.{F#It is blue.#Right, it is not.####Look up.}

::short::Name an animal that purrs.{
  =cat#Yes.
  =%50%kitten#A young one.
  =%-50%dog#Dogs bark.
}

::num::What is 2 + 2.5?{#
  =4.5:0#Exact.
  =%50%4.5:0.5#Close.
  =%-50%0:0#Nothing is not an answer.
}

::match::Match the animal with its sound.{
  =Cat -> Meow
  =Dog -> Woof
  =Cow -> Moo
  =Duck -> Quack
}

::essay::Describe a phishing e-mail.{####Look for urgency and odd links.}

::info::[markdown]The last part is about **passwords**.

$CATEGORY: Journey/Extra

::r1::A long passphrase beats a short password.{T}

::r2::A password manager keeps passwords safe.{T}
`;

// the quiz's marks: 2 + 1 + 1 + 1 + 1 + 1 + 2 (essay) + 0 (description) + 1 (random) = 10
const MARKS = { single: 2, multi: 1, tf: 1, short: 1, num: 1, match: 1, essay: 2, info: 1 };

const itemNamed = (attempt, name) => {
  const it = attempt.items.find((x) => x.name === name);
  assert.ok(it, `item ${name}`);
  return it;
};
const answerId = (item, text) => {
  const a = item.answers.find((x) => x.text === text);
  assert.ok(a, `answer ${text} of ${item.name}`);
  return a.id;
};
// the random slot draws r1 or r2: both are true statements
const randomItem = (attempt) => attempt.items.find((x) => x.name === 'r1' || x.name === 'r2');

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'JJJ', name: 'Journey region' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-JRN', name: 'Journey centre', region: 'JJJ', kind: 'central', timezone: 'Asia/Baku' }));
  server.addUser({ email: 'ivan@example.org', name: 'Ivan Instructor', role: 'instructor@C-JRN' });
  server.addUser({ email: 'lena@example.org', name: 'Lena Learner' });
  ivanApi = server.apiAs('ivan@example.org');
  lenaApi = server.apiAs('lena@example.org');
  ivan = server.browser();
  await ivan.login('ivan@example.org', PW);
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('the journey of a quiz', () => {
  test('an admin creates the course, makes Ivan its instructor and enrols Lena', async () => {
    const c = await apiOk(adminApi.post('/api/v1/courses', {
      code: 'JRN-1', title: 'Safe online', language: 'en', topic: 'cybersecurity', delivery: 'online',
      centre: 'C-JRN', status: 'published', modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson 1' }] }],
    }));
    assert.equal(c.code, 'JRN-1');
    const admin = server.browser();
    await admin.login('admin@example.org', PW);
    const r = await admin.post('/courses/JRN-1/instructors', { email: 'ivan@example.org' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const e = await apiOk(adminApi.post('/api/v1/enrolments', { course: 'JRN-1', user: 'lena@example.org' }));
    assert.equal(e.status, 'active');
    // the learner may not touch the bank
    assert.equal((await lenaApi.get('/api/v1/courses/JRN-1/questions')).status, 403);
  });

  test('Ivan imports GIFT on the page: the preview stores nothing, the confirmation stores it all', async () => {
    const form = await ivan.get('/admin/courses/JRN-1/questions/import');
    assert.equal(form.status, 200);
    const r = await ivan.upload('/admin/courses/JRN-1/questions/import', {},
      { file: { name: 'journey.gift', type: 'text/plain', content: GIFT } });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    const main = mainOf(r.text);
    assert.match(main, /<dt>Questions read<\/dt><dd>10<\/dd>/);
    assert.match(main, /<td>Journey\/Core<\/td><td class="num">8<\/td>/);
    assert.match(main, /<td>Journey\/Extra<\/td><td class="num">2<\/td>/);
    assert.match(main, /<td>True or false<\/td><td class="num">3<\/td>/);
    assert.match(main, /<li>-50%: Moscow<\/li>/);
    assert.match(main, /<li>-100%: A sticky note<\/li>/);
    assert.match(main, /<li>50%: kitten<\/li>/);
    assert.match(main, /<li>Cat → Meow<\/li>/);
    assert.match(main, /<button type="submit" class="button">Import 10 questions<\/button>/);
    assert.equal(liveQuestions(), 0);
    assert.equal(one("SELECT COUNT(*) FROM audit_events WHERE action = 'quiz.question.create'"), '0');

    const gift = unescape(main.match(/name="gift" value="([^"]*)"/)[1]);
    const done = await ivan.upload('/admin/courses/JRN-1/questions/import/confirm', { gift });
    assert.equal(done.status, 303, done.text.slice(0, 500));
    assert.equal(done.location, '/admin/courses/JRN-1/questions');
    assert.equal(liveQuestions(), 10);
    assert.equal(one("SELECT COUNT(*) FROM audit_events WHERE action = 'quiz.question.create'"), '10');
    const bank = await ivan.get(done.location);
    assert.match(bank.text, /10 questions imported/);
    assert.match(mainOf(bank.text), /<caption>Journey\/Core<\/caption>/);
  });

  test('the bank keeps every weight and feedback', async () => {
    const items = (await apiOk(ivanApi.get('/api/v1/courses/JRN-1/questions?limit=100'), 200)).items;
    const by = Object.fromEntries(items.map((q) => [q.name, q]));
    assert.deepEqual(items.map((q) => [q.name, q.type, q.category]), [
      ['single', 'single', 'Journey/Core'], ['multi', 'multiple', 'Journey/Core'], ['tf', 'truefalse', 'Journey/Core'],
      ['short', 'short', 'Journey/Core'], ['num', 'numerical', 'Journey/Core'], ['match', 'matching', 'Journey/Core'],
      ['essay', 'essay', 'Journey/Core'], ['info', 'description', 'Journey/Core'],
      ['r1', 'truefalse', 'Journey/Extra'], ['r2', 'truefalse', 'Journey/Extra']]);
    const fb = (q) => q.answers.map((a) => [a.text ?? a.value, a.fraction, a.feedback]);
    assert.deepEqual(fb(by.single), [['Baku', 1, 'Right.'], ['Ganja', 0, 'No, that is the second city.'], ['Moscow', -0.5, 'Not even in the country.']]);
    assert.equal(by.single.general_feedback, 'Baku has been the capital since 1918.');
    assert.deepEqual(fb(by.multi), [['A passphrase', 0.5, 'Good.'], ['A password manager', 0.5, 'Good.'], ['A sticky note', -1, 'Anyone can read it.']]);
    assert.deepEqual(fb(by.tf), [['true', 0, 'It is blue.'], ['false', 1, 'Right, it is not.']]);
    assert.equal(by.tf.general_feedback, 'Look up.');
    assert.deepEqual(fb(by.short), [['cat', 1, 'Yes.'], ['kitten', 0.5, 'A young one.'], ['dog', -0.5, 'Dogs bark.']]);
    assert.deepEqual(by.num.answers.map((a) => [a.value, a.tolerance, a.fraction, a.feedback]),
      [[4.5, 0, 1, 'Exact.'], [4.5, 0.5, 0.5, 'Close.'], [0, 0, -0.5, 'Nothing is not an answer.']]);
    assert.deepEqual(by.match.answers.map((a) => [a.text, a.match]), [['Cat', 'Meow'], ['Dog', 'Woof'], ['Cow', 'Moo'], ['Duck', 'Quack']]);
    assert.equal(by.essay.general_feedback, 'Look for urgency and odd links.');
    assert.equal(by.info.format, 'markdown');
  });

  test('Ivan builds the quiz on the pages: settings, each question, a random pick, publish', async () => {
    const items = (await apiOk(ivanApi.get('/api/v1/courses/JRN-1/questions?limit=100'), 200)).items;
    const ids = Object.fromEntries(items.map((q) => [q.name, q.id]));
    const r = await ivan.post('/admin/courses/JRN-1/quizzes/new', {
      title: 'Safety check', intro: 'Half an hour, two tries', time_limit: '30', attempts_allowed: '2',
      pass_mark: '50', review: 'after_submit',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    quiz = Number(r.location.match(/^\/admin\/quizzes\/(\d+)$/)[1]);
    for (const [name, mark] of Object.entries(MARKS)) {
      const s = await ivan.post(`/admin/quizzes/${quiz}/slots`, { question: String(ids[name]), mark: String(mark) });
      assert.equal(s.status, 303, `${name}: ${s.text.slice(0, 300)}`);
    }
    const rnd = await ivan.post(`/admin/quizzes/${quiz}/random`, { category: 'Journey/Extra', pick: '1', random_mark: '1' });
    assert.equal(rnd.status, 303, rnd.text.slice(0, 300));
    const p = await ivan.post(`/admin/quizzes/${quiz}/publish`);
    assert.equal(p.status, 303, p.text.slice(0, 300));
    const page = mainOf((await ivan.get(`/admin/quizzes/${quiz}`)).text);
    assert.match(page, /<dt>Time limit<\/dt><dd>30 minutes<\/dd>/);
    assert.match(page, /1 random questions from “Journey\/Extra”/);
    assert.match(page, /<th scope="row" colspan="3">Total marks<\/th><td>10<\/td>/);
    const q = await apiOk(ivanApi.get(`/api/v1/quizzes/${quiz}`), 200);
    assert.equal(q.status, 'published');
    assert.equal(q.time_limit, 1800);
    assert.equal(q.pass_mark, 50);
    assert.equal(q.max_marks, 10);
    assert.equal(q.slots.length, 9);
    // a second, short quiz through the API, so the course total covers two
    const w = await apiOk(ivanApi.post('/api/v1/quizzes', { course: 'JRN-1', title: 'Warm-up', pass_mark: 50 }));
    warmup = w.id;
    await apiOk(ivanApi.post(`/api/v1/quizzes/${warmup}/slots`, { question: ids.tf, mark: 5 }));
    await apiOk(ivanApi.patch(`/api/v1/quizzes/${warmup}`, { status: 'published' }), 200);
  });

  test('Lena\'s first attempt: partial and negative credit on every type, the exact score', async () => {
    const a = await apiOk(lenaApi.post(`/api/v1/quizzes/${quiz}/attempts`));
    first = a.id;
    assert.equal(a.number, 1);
    assert.equal((Date.parse(a.deadline_at) - Date.parse(a.started_at)) / 1000, 1800);
    assert.equal(a.items.length, 9);
    const save = async (item, response) =>
      apiOk(put(lenaApi, `/api/v1/attempts/${a.id}/answers/${item.position}`, { response }), 200);
    const single = itemNamed(a, 'single'), multi = itemNamed(a, 'multi'), match = itemNamed(a, 'match');
    await save(single, answerId(single, 'Moscow'));                 // -50% of 2 marks
    await save(multi, [answerId(multi, 'A passphrase')]);            // 50%
    await save(itemNamed(a, 'tf'), true);                             // wrong: 0
    await save(itemNamed(a, 'short'), 'KITTEN');                      // 50%, any case
    await save(itemNamed(a, 'num'), '4,2');                           // within 4.5 ± 0.5: 50%
    const stems = Object.fromEntries(match.answers.map((x) => [x.text, x.id]));
    await save(match, { [stems.Cat]: 'Meow', [stems.Dog]: 'Woof', [stems.Cow]: 'Quack', [stems.Duck]: 'Moo' }); // 2 of 4
    await save(itemNamed(a, 'essay'), 'It asks for your password in a hurry.');
    await save(randomItem(a), true);                                  // right: 1
    const done = await apiOk(lenaApi.post(`/api/v1/attempts/${a.id}/submit`), 200);
    assert.equal(done.state, 'submitted');
    const f = Object.fromEntries(done.items.map((i) => [i.name.replace(/^r[12]$/, 'random'), i.fraction]));
    assert.deepEqual(f, { single: -0.5, multi: 0.5, tf: 0, short: 0.5, num: 0.5, match: 0.5, essay: null, info: 0, random: 1 });
    // -1 + 0.5 + 0 + 0.5 + 0.5 + 0.5 + 1 = 2 of 10, the essay still to grade
    assert.equal(done.score, 2);
    assert.equal(done.max_score, 10);
    assert.equal(done.percent, 20);
    assert.equal(done.needs_grading, true);
    assert.equal(done.passed, false);
    assert.equal(itemNamed(done, 'single').feedback, 'Not even in the country.');
    assert.equal(itemNamed(done, 'short').feedback, 'A young one.');
    assert.deepEqual(server.sql(`SELECT state, score, max_score, needs_grading FROM quiz_attempts WHERE id = ${a.id}`),
      [['submitted', '20000000', '100000000', '1']]);
  });

  test('Lena\'s second attempt: in time answers count, a late answer is refused and not stored', async () => {
    const a = await apiOk(lenaApi.post(`/api/v1/quizzes/${quiz}/attempts`));
    second = a.id;
    assert.equal(a.number, 2);
    const save = (item, response) => put(lenaApi, `/api/v1/attempts/${a.id}/answers/${item.position}`, { response });
    const single = itemNamed(a, 'single'), multi = itemNamed(a, 'multi'), match = itemNamed(a, 'match');
    for (const [item, response] of [
      [single, answerId(single, 'Baku')],                                      // 100% of 2
      [multi, [answerId(multi, 'A passphrase'), answerId(multi, 'A sticky note')]], // 50 - 100: kept at 0
      [itemNamed(a, 'tf'), false],                                             // 100%
      [itemNamed(a, 'short'), ' Dog '],                                        // -50%
      [itemNamed(a, 'num'), '0'],                                              // -50%
      [randomItem(a), true],                                                   // 100%
    ]) assert.equal((await save(item, response)).status, 200, item.name);
    server.sql(`UPDATE quiz_attempts SET deadline_at = '2001-01-01T00:00:00Z' WHERE id = ${a.id}`);
    const stems = Object.fromEntries(match.answers.map((x) => [x.text, x.id]));
    const late = await save(match, { [stems.Cat]: 'Meow', [stems.Dog]: 'Woof', [stems.Cow]: 'Moo', [stems.Duck]: 'Quack' });
    assert.equal(late.status, 409, late.text);
    assert.match(late.json.detail, /time limit/);
    const lateEssay = await save(itemNamed(a, 'essay'), 'Too late');
    assert.equal(lateEssay.status, 409);
    assert.deepEqual(server.sql(`SELECT COUNT(*) FROM quiz_attempt_items WHERE attempt_id = ${a.id} AND position IN (${match.position}, ${itemNamed(a, 'essay').position}) AND response IS NOT NULL`), [['0']]);
    const back = await apiOk(lenaApi.get(`/api/v1/attempts/${a.id}`), 200);
    assert.equal(back.state, 'submitted');
    assert.equal(itemNamed(back, 'match').response, null);
    assert.equal(itemNamed(back, 'single').response, answerId(single, 'Baku'));
    const f = Object.fromEntries(back.items.map((i) => [i.name.replace(/^r[12]$/, 'random'), i.fraction]));
    assert.deepEqual(f, { single: 1, multi: 0, tf: 1, short: -0.5, num: -0.5, match: 0, essay: 0, info: 0, random: 1 });
    // 2 + 0 + 1 - 0.5 - 0.5 + 0 + 0 + 1 = 3 of 10
    assert.equal(back.score, 3);
    assert.equal(back.percent, 30);
    assert.equal(back.needs_grading, false);
    assert.equal(back.passed, false);
    assert.equal((await lenaApi.post(`/api/v1/attempts/${a.id}/submit`)).status, 409);
    // both attempts used
    assert.equal((await lenaApi.post(`/api/v1/quizzes/${quiz}/attempts`)).status, 409);
  });

  test('Lena takes the warm-up', async () => {
    const a = await apiOk(lenaApi.post(`/api/v1/quizzes/${warmup}/attempts`));
    await apiOk(put(lenaApi, `/api/v1/attempts/${a.id}/answers/1`, { response: false }), 200);
    const done = await apiOk(lenaApi.post(`/api/v1/attempts/${a.id}/submit`), 200);
    assert.equal(done.score, 5);
    assert.equal(done.percent, 100);
  });

  test('Ivan grades the essay on the attempt page and the score changes', async () => {
    const page = await ivan.get(`/admin/attempts/${first}`);
    assert.equal(page.status, 200);
    assert.match(mainOf(page.text), /It asks for your password in a hurry\./);
    assert.match(mainOf(page.text), /id="score">2 \/ 10 \(20%\)/);
    const pos = (await apiOk(ivanApi.get(`/api/v1/attempts/${first}`), 200)).items.find((i) => i.name === 'essay').position;
    const r = await ivan.post(`/admin/attempts/${first}/items/${pos}/grade`, { credit: '1.5', comment: 'Good, name the links too' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    assert.equal(r.location, `/admin/attempts/${first}#item-${pos}`);
    const after = mainOf((await ivan.get(`/admin/attempts/${first}`)).text);
    assert.match(after, /id="score">3\.5 \/ 10 \(35%\)/);
    const j = await apiOk(lenaApi.get(`/api/v1/attempts/${first}`), 200);
    assert.equal(j.score, 3.5);
    assert.equal(j.percent, 35);
    assert.equal(j.needs_grading, false);
    assert.equal(itemNamed(j, 'essay').fraction, 0.75);
    assert.equal(itemNamed(j, 'essay').comment, 'Good, name the links too');
    assert.deepEqual(server.sql(`SELECT score, needs_grading, passed FROM quiz_attempts WHERE id = ${first}`), [['35000000', '0', '0']]);
  });

  test('the gradebook page shows the best percent and the course total', async () => {
    const r = await ivan.get('/admin/courses/JRN-1/gradebook');
    assert.equal(r.status, 200);
    const m = mainOf(r.text);
    assert.ok(m.indexOf('Safety check') < m.indexOf('Warm-up'));
    const row = m.slice(m.indexOf('Lena Learner'), m.indexOf('</tr>', m.indexOf('Lena Learner')));
    const cells = [...row.matchAll(/<td class="num">([^<]*)/g)].map((x) => x[1].trim());
    // best of 35% and 30%; total (3.5 + 5) / (10 + 5)
    assert.deepEqual(cells, ['35%', '100%', '56.67%', '1 / 2']);
    const g = await apiOk(ivanApi.get('/api/v1/courses/JRN-1/grades'), 200);
    assert.deepEqual(g.items.map((i) => [i.user, i.quizzes, i.total, i.passed]),
      [['lena@example.org', { [quiz]: 35, [warmup]: 100 }, 56.67, 1]]);
  });

  test('gradebook.csv and gradebook.xlsx show the same', async () => {
    const c = await ivan.get('/admin/courses/JRN-1/gradebook.csv');
    assert.equal(c.status, 200);
    assert.match(c.headers.get('content-disposition'), /filename="JRN-1-gradebook\.csv"/);
    const lines = c.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    assert.deepEqual(lines, [
      'email,full_name,status,Safety check,Warm-up,total_percent,quizzes_passed',
      'lena@example.org,Lena Learner,active,35,100,56.67,1',
    ]);
    const x = await fetch(`${server.url}/admin/courses/JRN-1/gradebook.xlsx`, { headers: { cookie: ivan.cookieHeader() } });
    assert.equal(x.status, 200);
    assert.match(x.headers.get('content-disposition'), /filename="JRN-1-gradebook\.xlsx"/);
    const file = join(server.dir, 'journey.xlsx');
    writeFileSync(file, Buffer.from(await x.arrayBuffer()));
    const strings = spawnSync('unzip', ['-p', file, 'xl/sharedStrings.xml'], { encoding: 'utf8' });
    assert.equal(strings.status, 0, strings.stderr);
    const sheet = spawnSync('unzip', ['-p', file, 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
    assert.equal(sheet.status, 0, sheet.stderr);
    // the cells of row 2, with shared strings resolved
    const shared = [...strings.stdout.matchAll(/<si>(?:<t[^>]*>([^<]*)<\/t>)?<\/si>/g)].map((s) => s[1] ?? '');
    const row2 = sheet.stdout.match(/<row r="2"[^>]*>(.*?)<\/row>/s);
    assert.ok(row2, sheet.stdout.slice(0, 500));
    const values = [...row2[1].matchAll(/<c r="([A-Z]+)2"([^>]*?)(?:\/>|>(?:<v>([^<]*)<\/v>|<is><t[^>]*>([^<]*)<\/t><\/is>)?<\/c>)/g)]
      .map(([, col, attrs, v, inline]) => [col, / t="s"/.test(attrs) ? shared[Number(v)] : (inline ?? v ?? '')]);
    assert.deepEqual(Object.fromEntries(values), {
      A: 'lena@example.org', B: 'Lena Learner', C: 'active', D: '35', E: '100', F: '56.67', G: '1',
    });
  });
});
