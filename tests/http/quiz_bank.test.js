// The question bank of a course (issue 4): a GIFT file covering every type
// imported through the page (preview, nothing written before the
// confirmation), errors by line, the questions API, export and re-import,
// the question form for each type, edit, delete with a confirmation, and
// who may do it.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, ivanApi;

const count = (where) =>
  Number(server.sql(`SELECT COUNT(*) FROM quiz_questions q JOIN courses c ON c.id = q.course_id WHERE ${where}`)[0][0]);
const live = (code) => count(`c.code = '${code}' AND q.deleted_at IS NULL`);
const audits = (action) => Number(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = '${action}'`)[0][0]);
const unescape = (s) => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

// Every type, weights (negative too), feedback, general feedback, titles,
// categories, escapes, formats, comments, multi-line and fill-in-the-middle.
const GIFT = `// Every kind of question Dars keeps: a comment line is skipped
$CATEGORY: Networks/Basics

::Capital::What is the capital of France?{
  =Paris#Right, Paris.
  ~London#No, that is England.
  ~%-50%Berlin#Wrong: that is Germany.
  ####Paris has been the capital for centuries.
}

::Primes::[markdown]Which numbers are **prime**?{~%50%2#Yes, two. ~%50%3 ~%-100%4#Four is 2 × 2.}

::Sky::The sky is blue.{T#Look again.#Well done.}

::Pet::Name a pet that purrs.{=cat#Yes. =%50%kitten#A young one. ####Cats purr.}

$CATEGORY: Networks/Numbers

::Pi::What is pi to two decimals?{#3.14:0.005#Good.}

::Range::Pick a number from 1 to 5.{#1..5}

::Five::How many fingers on a hand?{#=5:0#Exact. =%50%5:1#Nearly.}

::Match::Match the capitals.{=France -> Paris =Italy -> Rome =Spain -> Madrid}

::Essay::[html]<p>Describe a firewall.</p>{}

::Intro::[plain]This part is about networks.

::Escapes::Which sign opens a block \\{ or ends a title\\: ?{=\\{#Right \\# sign ~\\}}

Moodle costs {~lots of money =nothing ~a small amount} to download.
`;

const a = (text, fraction, feedback = null) => ({ text, fraction, feedback });
const num = (value, tolerance, fraction, feedback = null) => ({ text: null, value, tolerance, fraction, feedback });
// formats: the question's own apply to its feedback and answers unless GIFT says otherwise
const withFormat = (answers, format) => answers.map((x) => ({ ...x, format, feedback_format: format }));
const q = (type, name, text, category, general_feedback, answers, format = 'moodle') =>
  ({ type, name, text, format, category, general_feedback, general_feedback_format: format, answers: withFormat(answers, format) });
const B = 'Networks/Basics', N = 'Networks/Numbers';
const EXPECTED = [
  q('single', 'Capital', 'What is the capital of France?', B, 'Paris has been the capital for centuries.',
    [a('Paris', 1, 'Right, Paris.'), a('London', 0, 'No, that is England.'), a('Berlin', -0.5, 'Wrong: that is Germany.')]),
  q('multiple', 'Primes', 'Which numbers are **prime**?', B, '',
    [a('2', 0.5, 'Yes, two.'), a('3', 0.5), a('4', -1, 'Four is 2 × 2.')], 'markdown'),
  q('truefalse', 'Sky', 'The sky is blue.', B, '', [a('true', 1, 'Well done.'), a('false', 0, 'Look again.')]),
  { ...q('short', 'Pet', 'Name a pet that purrs.', B, 'Cats purr.', [a('cat', 1, 'Yes.'), a('kitten', 0.5, 'A young one.')]),
    case_sensitive: false },
  q('numerical', 'Pi', 'What is pi to two decimals?', N, '', [num(3.14, 0.005, 1, 'Good.')]),
  q('numerical', 'Range', 'Pick a number from 1 to 5.', N, '', [num(3, 2, 1)]),
  q('numerical', 'Five', 'How many fingers on a hand?', N, '', [num(5, 0, 1, 'Exact.'), num(5, 1, 0.5, 'Nearly.')]),
  q('matching', 'Match', 'Match the capitals.', N, '',
    [['France', 'Paris'], ['Italy', 'Rome'], ['Spain', 'Madrid']].map(([t, m]) => ({ text: t, match: m, fraction: 1, feedback: null }))),
  q('essay', 'Essay', '<p>Describe a firewall.</p>', N, '', [], 'html'),
  q('description', 'Intro', 'This part is about networks.', N, '', [], 'plain'),
  q('single', 'Escapes', 'Which sign opens a block { or ends a title: ?', N, '', [a('{', 1, 'Right # sign'), a('}', 0)]),
  q('single', '', 'Moodle costs _____ to download.', N, '', [a('lots of money', 0), a('nothing', 1), a('a small amount', 0)]),
];

// A question as the API lists it, without what the store adds (ids, times).
function bare(item) {
  const { id, created_at, updated_at, ...rest } = item;
  assert.ok(id > 0 && created_at && updated_at);
  return { ...rest, answers: rest.answers.map(({ id: aid, ...ans }) => { assert.ok(aid > 0); return ans; }) };
}

async function listAll(api, code, query = '') {
  const items = [];
  let cursor = null;
  do {
    const sep = query ? '&' : '?';
    const r = await apiOk(api.get(`/api/v1/courses/${code}/questions${query}${cursor ? `${sep}cursor=${cursor}` : ''}`), 200);
    items.push(...r.items);
    cursor = r.next_cursor;
  } while (cursor);
  return items;
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku centre', region: 'AAA', kind: 'central', timezone: 'Asia/Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TAS', name: 'Tashkent centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Tashkent' }));
  for (const code of ['NET-1', 'NET-2', 'FORM-1']) {
    await apiOk(adminApi.post('/api/v1/courses', { code, title: `Networks ${code}`, language: 'en', topic: 'programming', delivery: 'online', centre: 'C-BAK' }));
  }
  server.addUser({ email: 'ivan@example.org', name: 'Ivan Instructor', role: 'instructor@C-BAK' });
  server.addUser({ email: 'olga@example.org', name: 'Olga Instructor', role: 'instructor@C-TAS' });
  server.addUser({ email: 'lena@example.org', name: 'Lena Learner' });
  const admin = server.browser();
  await admin.login('admin@example.org', PW);
  for (const code of ['NET-1', 'FORM-1']) {
    const r = await admin.post(`/courses/${code}/instructors`, { email: 'ivan@example.org' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
  }
  ivanApi = server.apiAs('ivan@example.org');
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('importing GIFT through the page', () => {
  let b;
  before(async () => {
    b = server.browser();
    await b.login('ivan@example.org', PW);
  });

  test('the empty bank says what to do and links to the import', async () => {
    const r = await b.get('/admin/courses/NET-1/questions');
    assert.equal(r.status, 200);
    const main = mainOf(r.text);
    assert.match(main, /<h1>Question bank<\/h1>/);
    assert.match(main, /The bank has no questions yet\./);
    assert.match(main, /<a class="button" href="\/admin\/courses\/NET-1\/questions\/new">Add a question<\/a>/);
    assert.match(main, /href="\/admin\/courses\/NET-1\/questions\/import">Import GIFT<\/a>/);
    assert.match(main, /href="\/admin\/courses\/NET-1\/quizzes">/);
    assert.match(r.text, /<a href="\/admin\/courses">Course admin<\/a>/);
    assert.match(r.text, /<a href="\/courses\/NET-1\/edit">Networks NET-1<\/a>/);
  });

  test('a file is previewed, nothing is written until it is confirmed', async () => {
    const form = await b.get('/admin/courses/NET-1/questions/import');
    assert.equal(form.status, 200);
    assert.match(form.text, /enctype="multipart\/form-data"/);
    const before = audits('quiz.question.create');
    const r = await b.upload('/admin/courses/NET-1/questions/import', {}, { file: { name: 'all.gift', type: 'text/plain', content: GIFT } });
    assert.equal(r.status, 200, r.text.slice(0, 500));
    const main = mainOf(r.text);
    assert.match(main, /<dt>Questions read<\/dt><dd>12<\/dd>/);
    assert.match(main, /<td>Multiple choice, one answer<\/td><td class="num">3<\/td>/);
    assert.match(main, /<td>Numerical<\/td><td class="num">3<\/td>/);
    assert.match(main, /<td>Networks\/Basics<\/td><td class="num">4<\/td>/);
    assert.match(main, /<td>Networks\/Numbers<\/td><td class="num">8<\/td>/);
    assert.match(main, /<li>-50%: Berlin<\/li>/);
    assert.match(main, /<li>100%: 3.14 ± 0.005<\/li>/);
    assert.match(main, /<li>France → Paris<\/li>/);
    assert.match(main, /<td>Moodle costs _____ to download\.<\/td>/);
    assert.match(main, /<button type="submit" class="button">Import 12 questions<\/button>/);
    assert.equal(live('NET-1'), 0);
    assert.equal(audits('quiz.question.create'), before);

    const gift = unescape(main.match(/name="gift" value="([^"]*)"/)[1]);
    const done = await b.upload('/admin/courses/NET-1/questions/import/confirm', { gift });
    assert.equal(done.status, 303, done.text.slice(0, 500));
    assert.equal(done.location, '/admin/courses/NET-1/questions');
    assert.equal(live('NET-1'), 12);
    assert.equal(audits('quiz.question.create'), before + 12);
    const bank = await b.get(done.location);
    assert.match(bank.text, /12 questions imported/);
    const main2 = mainOf(bank.text);
    assert.match(main2, /<caption>Networks\/Basics<\/caption>/);
    assert.match(main2, /<td>Capital<\/td>\s*<td>Multiple choice, one answer<\/td>\s*<td class="num">3<\/td>/);
    assert.match(main2, /<td>Moodle costs _____ to download\.<\/td>/);
    assert.match(main2, /<option value="Networks\/Numbers">Networks\/Numbers \(8\)<\/option>/);
    const only = await b.get('/admin/courses/NET-1/questions?category=Networks%2FBasics');
    assert.match(mainOf(only.text), /<td>Pet<\/td>/);
    assert.doesNotMatch(mainOf(only.text), /<td>Pi<\/td>/);
    assert.match(mainOf(only.text), /href="\/admin\/courses\/NET-1\/questions\/export.gift\?category=Networks\/Basics"/);
  });

  test('pasted text with errors names every line and imports nothing', async () => {
    const bad = '::One::Fine?{=yes ~no}\n\n::Two::Which?{~a ~b}\n\n// a comment\n::Three::Open {=a ~b\n';
    const r = await b.upload('/admin/courses/NET-2/questions/import', { gift: bad }, {});
    assert.equal(r.status, 403); // ivan does not teach NET-2
    const admin = server.browser();
    await admin.login('admin@example.org', PW);
    const p = await admin.upload('/admin/courses/NET-2/questions/import', { gift: bad }, {});
    assert.equal(p.status, 422);
    const main = mainOf(p.text);
    assert.match(main, /The questions cannot be imported/);
    assert.match(main, /<li>Line 3: choice question needs a right answer<\/li>/);
    assert.match(main, /<li>Line 6: unclosed \{<\/li>/);
    assert.doesNotMatch(main, /Import 1 question/);
    assert.equal(live('NET-2'), 0);
    // a confirmation sent anyway is refused the same way
    const forced = await admin.upload('/admin/courses/NET-2/questions/import/confirm', { gift: Buffer.from(bad).toString('base64') });
    assert.equal(forced.status, 422);
    assert.match(forced.text, /Line 3: choice question needs a right answer/);
    assert.equal(live('NET-2'), 0);
    // nothing at all is a mistake at the form
    const empty = await admin.upload('/admin/courses/NET-2/questions/import', { gift: '' }, {});
    assert.equal(empty.status, 422);
    assert.match(empty.text, /<a href="#file">Choose a GIFT file or paste the questions<\/a>/);
  });
});

describe('the questions API', () => {
  test('lists each question with its fields and answers exactly', async () => {
    const items = await listAll(ivanApi, 'NET-1');
    assert.deepEqual(items.map(bare), EXPECTED);
    const page = await apiOk(ivanApi.get('/api/v1/courses/NET-1/questions?limit=5'), 200);
    assert.equal(page.items.length, 5);
    assert.equal(page.next_cursor, String(page.items[4].id));
    const basics = await listAll(ivanApi, 'NET-1', '?category=Networks%2FBasics');
    assert.deepEqual(basics.map((i) => i.name), ['Capital', 'Primes', 'Sky', 'Pet']);
  });

  test('export then import gives the same questions', async () => {
    const b = server.browser();
    await b.login('ivan@example.org', PW);
    const r = await b.get('/admin/courses/NET-1/questions/export.gift');
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('content-type'), 'text/plain; charset=utf-8');
    assert.equal(r.headers.get('content-disposition'), 'attachment; filename="NET-1-questions.gift"');
    assert.match(r.text, /\$CATEGORY: Networks\/Basics/);
    const dry = await apiOk(adminApi.post('/api/v1/courses/NET-2/questions/import', { gift: r.text, dry_run: true }), 200);
    assert.deepEqual(dry.errors, []);
    assert.deepEqual(dry.questions, EXPECTED);
    assert.equal(live('NET-2'), 0);
    const done = await apiOk(adminApi.post('/api/v1/courses/NET-2/questions/import', { gift: r.text }), 200);
    assert.deepEqual(done, { imported: 12 });
    assert.deepEqual((await listAll(adminApi, 'NET-2')).map(bare), EXPECTED);
    const part = await b.get('/admin/courses/NET-1/questions/export.gift?category=Networks%2FNumbers');
    assert.doesNotMatch(part.text, /Capital/);
    assert.match(part.text, /::Pi::/);
  });

  test('GIFT with errors answers 422 with every line and imports nothing', async () => {
    const before = live('NET-2');
    const r = await adminApi.post('/api/v1/courses/NET-2/questions/import', { gift: 'Q1 {=a ~b}\n\nQ2 {~a ~b}\n\nQ3 {=a -> }\n', dry_run: false });
    assert.equal(r.status, 422);
    assert.equal(r.headers.get('content-type'), 'application/problem+json');
    assert.deepEqual(r.json.errors, [
      { line: 3, reason: 'choice question needs a right answer' },
      { line: 5, reason: 'matching pair needs an answer after ->' },
    ]);
    assert.equal(live('NET-2'), before);
    const bad = await adminApi.post('/api/v1/courses/NET-2/questions/import', { gift: 42 });
    assert.equal(bad.status, 422);
    assert.ok(bad.json.errors.gift);
  });

  test('create, read, replace and delete one question', async () => {
    const body = { type: 'short', name: 'Port', text: 'Which port does HTTPS use?', category: 'Networks/Ports',
      answers: [{ text: '443', fraction: 1, feedback: 'Yes.' }, { text: '80', fraction: -0.25 }] };
    const made = await apiOk(ivanApi.post('/api/v1/courses/NET-1/questions', body), 201);
    assert.equal(made.category, 'Networks/Ports');
    assert.deepEqual(made.answers.map((x) => [x.text, x.fraction, x.feedback]), [['443', 1, 'Yes.'], ['80', -0.25, null]]);
    const got = await apiOk(ivanApi.get(`/api/v1/courses/NET-1/questions/${made.id}`), 200);
    assert.deepEqual(got, made);
    const put = await ivanApi.request('PUT', `/api/v1/courses/NET-1/questions/${made.id}`, { ...body, text: 'Which TCP port does HTTPS use?' });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.json.text, 'Which TCP port does HTTPS use?');
    const invalid = await ivanApi.post('/api/v1/courses/NET-1/questions', { type: 'single', text: '', answers: [{ text: 'a', fraction: 1 }] });
    assert.equal(invalid.status, 422);
    assert.equal(invalid.headers.get('content-type'), 'application/problem+json');
    assert.ok(invalid.json.errors.text);
    const del = await ivanApi.request('DELETE', `/api/v1/courses/NET-1/questions/${put.json.id}`);
    assert.equal(del.status, 204);
    assert.equal((await ivanApi.get(`/api/v1/courses/NET-1/questions/${put.json.id}`)).status, 404);
    assert.ok(audits('quiz.question.delete') >= 1);
  });

  test('others are refused: 403 outside the course, 404 for what does not exist, 401 without a token', async () => {
    const olga = server.apiAs('olga@example.org');
    const lena = server.apiAs('lena@example.org');
    for (const api of [olga, lena]) {
      assert.equal((await api.get('/api/v1/courses/NET-1/questions')).status, 403);
      assert.equal((await api.post('/api/v1/courses/NET-1/questions', { type: 'essay', text: 'x' })).status, 403);
      assert.equal((await api.post('/api/v1/courses/NET-1/questions/import', { gift: 'Q {}' })).status, 403);
    }
    assert.equal((await ivanApi.get('/api/v1/courses/NOPE-1/questions')).status, 404);
    assert.equal((await ivanApi.get('/api/v1/courses/NET-1/questions/999999')).status, 404);
    assert.equal((await server.api(null).get('/api/v1/courses/NET-1/questions')).status, 401);
  });
});

describe('the question form', () => {
  let b;
  before(async () => {
    b = server.browser();
    await b.login('ivan@example.org', PW);
  });

  const add = (type, fields) => b.post('/admin/courses/FORM-1/questions/new', { type, format: 'moodle', rows: '6', category: 'Form', ...fields });
  const byName = async (name) => (await listAll(ivanApi, 'FORM-1')).filter((x) => x.name === name).map(bare);

  test('the type comes first, each with a hint', async () => {
    const r = await b.get('/admin/courses/FORM-1/questions/new');
    assert.equal(r.status, 200);
    for (const t of ['single', 'multiple', 'truefalse', 'short', 'numerical', 'matching', 'essay', 'description']) {
      assert.match(r.text, new RegExp(`name="type" value="${t}" aria-describedby="type-${t}-hint"`));
    }
    assert.match(r.text, /Multiple choice, several answers<\/label>\s*<span id="type-multiple-hint" class="hint">Learners tick every answer/);
    const none = await b.get('/admin/courses/FORM-1/questions/new?chosen=1');
    assert.equal(none.status, 422);
    assert.match(none.text, /<a href="#type">Choose the type of question<\/a>/);
    const form = await b.get('/admin/courses/FORM-1/questions/new?type=single');
    assert.equal(form.status, 200);
    assert.match(form.text, /<select id="answer_fraction_5" name="answer_fraction_5">/);
    assert.match(form.text, /<option value="-33.33333">-33.33333%<\/option>/);
    assert.doesNotMatch(form.text, /answer_text_6/);
  });

  test('each type is created from its form', async () => {
    const cases = [
      ['single', { name: 'F-single', text: 'Pick one', answer_text_0: 'Right', answer_fraction_0: '100', answer_feedback_0: 'Good',
        answer_text_1: 'Wrong', answer_fraction_1: '-33.33333' },
      [a('Right', 1, 'Good'), a('Wrong', -0.3333333)]],
      ['multiple', { name: 'F-multiple', text: 'Pick two', answer_text_0: 'A', answer_fraction_0: '50', answer_text_1: 'B', answer_fraction_1: '50',
        answer_text_2: 'C', answer_fraction_2: '-100' },
      [a('A', 0.5), a('B', 0.5), a('C', -1)]],
      ['truefalse', { name: 'F-tf', text: 'Water is wet', correct: 'false', feedback_true: 'No', feedback_false: 'Yes' },
        [a('true', 0, 'No'), a('false', 1, 'Yes')]],
      ['short', { name: 'F-short', text: 'Say hi', answer_text_0: 'hi', answer_fraction_0: '100', answer_text_3: 'hello', answer_fraction_3: '50', answer_feedback_3: 'Almost' },
        [a('hi', 1), a('hello', 0.5, 'Almost')]],
      ['numerical', { name: 'F-num', text: 'Half of 5?', answer_value_0: '2,5', answer_tolerance_0: '0.1', answer_fraction_0: '100' },
        [num(2.5, 0.1, 1)]],
      ['matching', { name: 'F-match', text: 'Match', answer_text_0: 'one', answer_match_0: '1', answer_text_1: 'two', answer_match_1: '2', answer_match_2: '3' },
        [{ text: 'one', match: '1', fraction: 1, feedback: null }, { text: 'two', match: '2', fraction: 1, feedback: null }, { text: '', match: '3', fraction: 1, feedback: null }]],
      ['essay', { name: 'F-essay', text: 'Write', general_feedback: 'Thanks' }, []],
      ['description', { name: 'F-desc', text: 'Read this' }, []],
    ];
    for (const [type, fields, answers] of cases) {
      const r = await add(type, fields);
      assert.equal(r.status, 303, `${type}: ${r.text.slice(0, 300)}`);
      assert.match(r.location, /^\/admin\/courses\/FORM-1\/questions\?category=Form#question-\d+$/);
      const got = await byName(fields.name);
      assert.equal(got.length, 1, type);
      assert.equal(got[0].type, type);
      assert.equal(got[0].category, 'Form');
      assert.deepEqual(got[0].answers, withFormat(answers, 'moodle'), type);
    }
    assert.match((await b.get('/admin/courses/FORM-1/questions')).text, /The question has been saved/);
  });

  test('a short answer may make letter case matter, from the form and the API', async () => {
    const form = await b.get('/admin/courses/FORM-1/questions/new?type=short');
    assert.match(form.text, /<input type="checkbox" id="case_sensitive" name="case_sensitive" value="1"> Letter case matters/);
    const r = await add('short', { name: 'F-case', text: 'Symbol of sodium?', case_sensitive: '1', answer_text_0: 'Na', answer_fraction_0: '100' });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const [got] = (await listAll(ivanApi, 'FORM-1')).filter((x) => x.name === 'F-case');
    assert.equal(got.case_sensitive, true);
    const edit = await b.get(`/admin/courses/FORM-1/questions/${got.id}`);
    assert.match(edit.text, /name="case_sensitive" value="1" checked>/);
    const api = await apiOk(ivanApi.post('/api/v1/courses/FORM-1/questions', {
      type: 'short', name: 'F-case-api', text: 'Symbol of iron?', case_sensitive: false,
      answers: [{ text: 'Fe', fraction: 1 }],
    }));
    assert.equal(api.case_sensitive, false);
    const bad = await ivanApi.post('/api/v1/courses/FORM-1/questions', {
      type: 'short', text: 'x', case_sensitive: 'yes', answers: [{ text: 'x', fraction: 1 }],
    });
    assert.equal(bad.status, 422);
    assert.ok(bad.json.errors.case_sensitive, bad.text);
  });

  test('an invalid form answers 422 with an error summary and keeps what was typed', async () => {
    const before = live('FORM-1');
    const r = await add('single', { name: 'Bad', text: '', answer_text_0: 'A', answer_fraction_0: '0', answer_text_2: 'B', answer_fraction_2: '0', answer_value_0: '' });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    assert.match(r.text, /<a href="#text">Enter the question text<\/a>/);
    assert.match(r.text, /id="answer_text_2" name="answer_text_2" type="text" value="B"/);
    assert.equal(live('FORM-1'), before);
    const n = await add('numerical', { name: 'BadNum', text: 'Number?', answer_value_1: 'many', answer_fraction_1: '100' });
    assert.equal(n.status, 422);
    assert.match(n.text, /<a href="#answer_value_1">Enter the answer as a number, like 3.14<\/a>/);
    const more = await add('single', { name: 'Keep me', text: 'Typed', answer_text_5: 'six', more: '1' });
    assert.equal(more.status, 200);
    assert.match(more.text, /name="rows" value="9"/);
    assert.match(more.text, /id="answer_text_5" name="answer_text_5" type="text" value="six"/);
    assert.match(more.text, /id="answer_text_8"/);
    assert.match(more.text, /id="name" name="name" type="text" value="Keep me"/);
    assert.equal(live('FORM-1'), before);
  });

  test('edit shows the question filled in and saves the change, audited', async () => {
    const [one] = (await listAll(ivanApi, 'FORM-1')).filter((x) => x.name === 'F-single');
    const page = await b.get(`/admin/courses/FORM-1/questions/${one.id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<textarea id="text" name="text" rows="6">Pick one<\/textarea>/);
    assert.match(page.text, /id="answer_text_1" name="answer_text_1" type="text" value="Wrong"/);
    assert.match(page.text, /<option value="-33.33333" selected>-33.33333%<\/option>/);
    const before = audits('quiz.question.update');
    const r = await b.post(`/admin/courses/FORM-1/questions/${one.id}`, {
      rows: '6', category: 'Form', name: 'F-single', text: 'Pick the right one', answer_text_0: 'Right', answer_fraction_0: '100',
      answer_feedback_0: 'Good', answer_text_1: 'Wrong', answer_fraction_1: '0',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const got = await apiOk(ivanApi.get(`/api/v1/courses/FORM-1/questions/${one.id}`), 200);
    assert.equal(got.text, 'Pick the right one');
    assert.deepEqual(got.answers.map((x) => x.fraction), [1, 0]);
    assert.equal(audits('quiz.question.update'), before + 1);
  });

  test('the form keeps the formats it does not show', async () => {
    const made = await apiOk(ivanApi.post('/api/v1/courses/FORM-1/questions', {
      type: 'single', name: 'Fmt', text: 'Which is **bold**?', format: 'markdown', category: 'Form',
      general_feedback: '<b>See the book</b>', general_feedback_format: 'html',
      answers: [{ text: '<i>this</i>', format: 'html', fraction: 1 }, { text: 'that', fraction: -1, feedback: 'No', feedback_format: 'plain' }],
    }), 201);
    const page = await b.get(`/admin/courses/FORM-1/questions/${made.id}`);
    assert.match(page.text, /<option value="-100" selected>-100%<\/option>/);
    const r = await b.post(`/admin/courses/FORM-1/questions/${made.id}`, {
      rows: '6', category: 'Form', name: 'Fmt', text: 'Which is **bold**?', general_feedback: '<b>See the book</b>',
      answer_text_0: '<i>this</i>', answer_fraction_0: '100', answer_text_1: 'that', answer_fraction_1: '-100', answer_feedback_1: 'No',
      answer_text_2: 'other', answer_fraction_2: '0',
    });
    assert.equal(r.status, 303, r.text.slice(0, 300));
    const got = await apiOk(ivanApi.get(`/api/v1/courses/FORM-1/questions/${made.id}`), 200);
    assert.equal(got.format, 'markdown');
    assert.equal(got.general_feedback_format, 'html');
    assert.deepEqual(got.answers.map((x) => [x.text, x.format, x.feedback_format]),
      [['<i>this</i>', 'html', 'markdown'], ['that', 'markdown', 'plain'], ['other', 'markdown', 'markdown']]);
  });

  test('delete asks first, then removes the question', async () => {
    const [one] = (await listAll(ivanApi, 'FORM-1')).filter((x) => x.name === 'F-desc');
    const ask = await b.get(`/admin/courses/FORM-1/questions/${one.id}/delete`);
    assert.equal(ask.status, 200);
    assert.match(ask.text, /<h1>Delete “F-desc”\?<\/h1>/);
    assert.match(ask.text, /Yes, delete this question/);
    assert.equal((await apiOk(ivanApi.get(`/api/v1/courses/FORM-1/questions/${one.id}`), 200)).id, one.id);
    const r = await b.post(`/admin/courses/FORM-1/questions/${one.id}/delete`, {});
    assert.equal(r.status, 303);
    assert.equal((await ivanApi.get(`/api/v1/courses/FORM-1/questions/${one.id}`)).status, 404);
    assert.equal(server.sql(`SELECT action FROM audit_events WHERE object_type = 'quiz_question' AND object_id = '${one.id}' ORDER BY id DESC LIMIT 1`)[0][0], 'quiz.question.delete');
  });

  test('a learner and an instructor of another centre get 403 on every page', async () => {
    for (const email of ['lena@example.org', 'olga@example.org']) {
      const x = server.browser();
      await x.login(email, PW);
      for (const path of ['/admin/courses/FORM-1/questions', '/admin/courses/FORM-1/questions/new?type=single',
        '/admin/courses/FORM-1/questions/import', '/admin/courses/FORM-1/questions/export.gift']) {
        assert.equal((await x.get(path)).status, 403, `${email} ${path}`);
      }
      assert.equal((await x.post('/admin/courses/FORM-1/questions/new', { type: 'essay', text: 'x', rows: '6' })).status, 403);
    }
    assert.equal((await b.get('/admin/courses/NOPE-1/questions')).status, 404);
  });
});
