// Moodle's own expectations of GIFT (issue 4), as an outside acceptance check
// uses them: the 14 import cases of Moodle's unit tests read back through the
// questions API, Moodle's three fixture files (one refused as not UTF-8), and
// the 10 export cases written by Dars's export. Data: shared/testdata/moodle-gift
// (its README, step 3 to 7); the suite is skipped when the folder is absent.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
const DATA = join(ROOT, '..', 'shared', 'testdata', 'moodle-gift');
const HAVE = existsSync(join(DATA, 'expected.json'));
const SKIP = HAVE ? false : `Moodle's GIFT test data is not at ${DATA}`;
const E = HAVE ? JSON.parse(readFileSync(join(DATA, 'expected.json'), 'utf8')) : null;

let server, api, browser;
const tally = { passed: 0, failed: 0, failures: [] };

// One check of README step 7: counted passed or failed, failing the test too.
async function check(name, fn) {
  try {
    await fn();
    tally.passed++;
  } catch (e) {
    tally.failed++;
    tally.failures.push(name);
    throw e;
  }
}

// A course per case, so that its bank holds that case's questions only.
let courseNo = 0;
async function course() {
  const code = `MG-${++courseNo}`;
  await apiOk(api.post('/api/v1/courses', {
    code, title: `Moodle GIFT ${courseNo}`, language: 'en', topic: 'programming', delivery: 'online',
  }));
  return code;
}

async function bank(code) {
  return (await apiOk(api.get(`/api/v1/courses/${code}/questions?limit=500`), 200)).items;
}

const QTYPE = { single: 'multichoice', multiple: 'multichoice', truefalse: 'truefalse', short: 'shortanswer',
  numerical: 'numerical', matching: 'match', essay: 'essay', description: 'description' };
const txt = (s) => (s ?? '').trim();
const near = (got, want, what) =>
  assert.ok(typeof got === 'number' && Math.abs(got - Number(want)) < 1e-6, `${what}: ${got} is not ${want}`);

// Dars's question (from GET .../questions) against Moodle's importer-neutral `expect`.
function compare(q, x, id) {
  assert.equal(QTYPE[q.type], x.qtype, `${id}: qtype`);
  assert.equal(txt(q.name), txt(x.name), `${id}: name`);
  const texts = [txt(x.questiontext)];
  if (x.questiontext_file_import !== undefined) texts.push(txt(x.questiontext_file_import));
  assert.ok(texts.includes(txt(q.text)), `${id}: questiontext ${JSON.stringify(q.text)} is none of ${JSON.stringify(texts)}`);
  assert.equal(q.format, x.questiontextformat, `${id}: questiontextformat`);
  assert.equal(txt(q.general_feedback), txt(x.generalfeedback), `${id}: generalfeedback`);
  assert.equal(q.general_feedback_format, x.generalfeedbackformat, `${id}: generalfeedbackformat`);
  const ans = q.answers;
  switch (x.qtype) {
  case 'essay':
    assert.deepEqual(ans, [], `${id}: an essay has no answers`);
    break;
  case 'multichoice':
    assert.equal(q.type === 'single', x.single, `${id}: single`);
    assert.equal(ans.length, x.answers.length, `${id}: answers`);
    x.answers.forEach((w, i) => {
      assert.equal(txt(ans[i].text), txt(w.text), `${id}: answers[${i}].text`);
      assert.equal(ans[i].format, w.format, `${id}: answers[${i}].format`);
      near(ans[i].fraction, w.fraction, `${id}: answers[${i}].fraction`);
      assert.equal(txt(ans[i].feedback), txt(w.feedback), `${id}: answers[${i}].feedback`);
      assert.equal(ans[i].feedback_format, w.feedbackformat, `${id}: answers[${i}].feedbackformat`);
    });
    break;
  case 'shortanswer':
    assert.equal(ans.length, x.answers.length, `${id}: answers`);
    x.answers.forEach((w, i) => {
      assert.equal(txt(ans[i].text), txt(w.text), `${id}: answers[${i}].text`);
      near(ans[i].fraction, w.fraction, `${id}: answers[${i}].fraction`);
      assert.equal(txt(ans[i].feedback), txt(w.feedback), `${id}: answers[${i}].feedback`);
      assert.equal(ans[i].feedback_format, w.feedbackformat, `${id}: answers[${i}].feedbackformat`);
    });
    break;
  case 'numerical':
    assert.equal(ans.length, x.answers.length, `${id}: answers`);
    x.answers.forEach((w, i) => {
      if (w.value === '*') {
        assert.equal(ans[i].text, '*', `${id}: answers[${i}] is the catch-all`);
      } else {
        near(ans[i].value, w.value, `${id}: answers[${i}].value`);
        near(ans[i].tolerance, w.tolerance, `${id}: answers[${i}].tolerance`);
      }
      near(ans[i].fraction, w.fraction, `${id}: answers[${i}].fraction`);
      assert.equal(txt(ans[i].feedback), txt(w.feedback), `${id}: answers[${i}].feedback`);
      assert.equal(ans[i].feedback_format, w.feedbackformat, `${id}: answers[${i}].feedbackformat`);
    });
    break;
  case 'truefalse': {
    // each answer's feedback is what a learner who picks it sees
    assert.deepEqual(ans.map((a) => a.text), ['true', 'false'], `${id}: the two answers`);
    const [t, f] = ans;
    near(t.fraction, x.correctanswer ? 1 : 0, `${id}: fraction of true`);
    near(f.fraction, x.correctanswer ? 0 : 1, `${id}: fraction of false`);
    assert.equal(txt(t.feedback), txt(x.feedbacktrue.text), `${id}: feedbacktrue`);
    assert.equal(t.feedback_format, x.feedbacktrue.format, `${id}: feedbacktrue format`);
    assert.equal(txt(f.feedback), txt(x.feedbackfalse.text), `${id}: feedbackfalse`);
    assert.equal(f.feedback_format, x.feedbackfalse.format, `${id}: feedbackfalse format`);
    break;
  }
  case 'match':
    assert.equal(ans.length, x.pairs.length, `${id}: pairs`);
    x.pairs.forEach((p, i) => {
      assert.equal(txt(ans[i].text), txt(p.question), `${id}: pairs[${i}].question`);
      assert.equal(ans[i].format, p.questionformat, `${id}: pairs[${i}].questionformat`);
      assert.equal(txt(ans[i].match), txt(p.answer), `${id}: pairs[${i}].answer`);
    });
    break;
  default:
    assert.fail(`${id}: no comparison for ${x.qtype}`);
  }
  // tags and idnumber only where Dars keeps them (README step 3)
  if (x.tags && 'tags' in q) assert.deepEqual(q.tags, x.tags, `${id}: tags`);
  if (x.idnumber && 'idnumber' in q) assert.equal(q.idnumber, x.idnumber, `${id}: idnumber`);
}

// Moodle's question of an export case as Dars's JSON.
function darsJson(m, category) {
  const base = {
    name: m.name, text: m.questiontext, format: m.questiontextformat, category,
    general_feedback: m.generalfeedback, general_feedback_format: m.generalfeedbackformat,
  };
  const choice = (a) => ({ text: a.text, format: a.format ?? 'moodle', fraction: a.fraction,
    feedback: a.feedback, feedback_format: a.feedbackformat });
  switch (m.qtype) {
  case 'essay':
    return { ...base, type: 'essay', answers: [] };
  case 'match':
    return { ...base, type: 'matching',
      answers: m.pairs.map((p) => ({ text: p.question, format: p.questionformat, match: p.answer, fraction: 1 })) };
  case 'multichoice':
    return { ...base, type: m.single ? 'single' : 'multiple', answers: m.answers.map(choice) };
  case 'shortanswer':
    return { ...base, type: 'short', answers: m.answers.map(choice) };
  case 'numerical':
    return { ...base, type: 'numerical', answers: m.answers.map((a) => (a.text === '*'
      ? { text: '*', fraction: a.fraction, feedback: a.feedback, feedback_format: a.feedbackformat }
      : { text: null, value: Number(a.text), tolerance: a.tolerance, fraction: a.fraction,
        feedback: a.feedback, feedback_format: a.feedbackformat })) };
  case 'truefalse': {
    let t, f;
    if (m.answers) {
      t = m.answers.find((a) => /^true$/i.test(a.text));
      f = m.answers.find((a) => /^false$/i.test(a.text));
    } else {
      t = { fraction: m.correctanswer ? 1 : 0, feedback: m.feedbacktrue.text, feedbackformat: m.feedbacktrue.format };
      f = { fraction: m.correctanswer ? 0 : 1, feedback: m.feedbackfalse.text, feedbackformat: m.feedbackfalse.format };
    }
    return { ...base, type: 'truefalse', answers: [
      { text: 'true', fraction: t.fraction, feedback: t.feedback, feedback_format: t.feedbackformat },
      { text: 'false', fraction: f.fraction, feedback: f.feedback, feedback_format: f.feedbackformat },
    ] };
  }
  default:
    throw new Error(`no mapping for ${m.qtype}`);
  }
}

// GIFT with line endings normalised, without Moodle's "// question:" header, $CATEGORY
// lines, and (when Dars keeps no tags or idnumber) Moodle's "// [id:...] [tag:...]" line.
function normalise(gift, { dropTags }) {
  return gift.replace(/\r\n?/g, '\n').split('\n')
    .filter((l) => !/^\/\/ question: /.test(l) && !/^\$CATEGORY:/.test(l))
    .filter((l) => !(dropTags && /^\/\/ (\[(id|tag):[^\]]*\]\s*)+$/.test(l)))
    .join('\n').trim();
}

before(async () => {
  if (!HAVE) return;
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  api = server.apiAs('admin@example.org');
  browser = server.browser();
  await browser.login('admin@example.org', PW);
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('Moodle import cases', { skip: SKIP }, () => {
  for (const c of E?.import_cases ?? []) {
    test(`import ${c.id}`, () => check(`import ${c.id}`, async () => {
      const code = await course();
      const gift = readFileSync(join(DATA, c.file), 'utf8');
      assert.equal(gift, c.gift, 'the case file is the text expected.json names');
      const done = await apiOk(api.post(`/api/v1/courses/${code}/questions/import`, { gift }), 200);
      assert.deepEqual(done, { imported: 1 });
      const items = await bank(code);
      assert.equal(items.length, 1);
      compare(items[0], c.expect, c.id);
    }));
  }
});

describe('Moodle fixture files', { skip: SKIP }, () => {
  const fixture = (file) => E.fixture_files.find((f) => f.file === file).asserted_by_moodle_behat;

  test('questions.gift.txt imports 9 questions', () => check('fixture questions.gift.txt', async () => {
    const want = fixture('fixtures/questions.gift.txt');
    const code = await course();
    const gift = readFileSync(join(DATA, 'fixtures/questions.gift.txt'), 'utf8');
    const done = await apiOk(api.post(`/api/v1/courses/${code}/questions/import`, { gift }), 200);
    assert.deepEqual(done, { imported: want.question_count });
    const items = await bank(code);
    assert.equal(items.length, 9);
    for (const name of want.bank_lists_after_import) assert.ok(items.some((q) => q.name === name), name);
    const page = await browser.get(`/admin/courses/${code}/questions`);
    assert.match(page.text, /<td>colours<\/td>/);
    const out = await browser.get(`/admin/courses/${code}/questions/export.gift`);
    assert.ok(out.text.includes(want.re_export_contains));
  }));

  test('questions_in_category.gift.txt imports 4 questions into one category', () =>
    check('fixture questions_in_category.gift.txt', async () => {
      const want = fixture('fixtures/questions_in_category.gift.txt');
      const code = await course();
      const gift = readFileSync(join(DATA, 'fixtures/questions_in_category.gift.txt'), 'utf8');
      const done = await apiOk(api.post(`/api/v1/courses/${code}/questions/import`, { gift }), 200);
      assert.deepEqual(done, { imported: want.question_count });
      const items = await bank(code);
      assert.deepEqual(items.map((q) => q.name), ['Moodle activities', 'Greeting', 'Moodle user', 'Moodle acronym']);
      // "$CATEGORY: $course$/Default for New Features" switches the category
      const cats = [...new Set(items.map((q) => q.category))];
      assert.equal(cats.length, 1, JSON.stringify(cats));
      assert.match(cats[0], /Default for New Features$/);
    }));

  test('the Windows-1252 file is refused as not UTF-8 and nothing is imported', () =>
    check('fixture questions_encoding_windows-1252.gift.txt', async () => {
      const code = await course();
      const bytes = readFileSync(join(DATA, 'fixtures/questions_encoding_windows-1252.gift.txt'));
      assert.ok(!Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes), 'the fixture is not UTF-8');
      // as a file on the import page
      const r = await browser.upload(`/admin/courses/${code}/questions/import`, {},
        { file: { name: 'questions.gift.txt', type: 'text/plain', content: bytes } });
      assert.equal(r.status, 422, r.text.slice(0, 300));
      assert.match(r.text, /Line \d+: question is not valid UTF-8/);
      assert.doesNotMatch(r.text, /Import \d+ question/);
      // the API takes JSON, which is UTF-8 by definition (RFC 8259): the same bytes sent as
      // they are make a malformed body, refused before any GIFT is read
      const body = Buffer.concat([Buffer.from('{"gift": "'),
        Buffer.from(bytes.toString('latin1').replace(/[\\"]/g, (ch) => `\\${ch}`)
          .replace(/[\x00-\x1f]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`), 'latin1'),
        Buffer.from('"}')]);
      const res = await fetch(`${server.url}/api/v1/courses/${code}/questions/import`, {
        method: 'POST', body,
        headers: { authorization: `Bearer ${api.token}`, 'content-type': 'application/json', accept: 'application/json' },
      });
      const text = await res.text();
      assert.equal(res.status, 400, text);
      assert.match(text, /Malformed JSON/);
      assert.equal((await bank(code)).length, 0);
    }));
});

describe('Moodle export cases', { skip: SKIP }, () => {
  let code;
  before(async () => {
    if (HAVE) code = await course();
  });

  for (const c of E?.export_cases ?? []) {
    test(`export ${c.id}`, () => check(`export ${c.id}`, async () => {
      const category = `Export/${c.id}`;
      const made = await apiOk(api.post(`/api/v1/courses/${code}/questions`, darsJson(c.question, category)), 201);
      const r = await browser.get(`/admin/courses/${code}/questions/export.gift?category=${encodeURIComponent(category)}`);
      assert.equal(r.status, 200);
      const dropTags = !('tags' in made) && !('idnumber' in made);
      assert.equal(normalise(r.text, { dropTags }), normalise(c.expected_gift, { dropTags }));
    }));
  }
});

describe('Moodle summary', { skip: SKIP }, () => {
  test('every case and fixture file is counted', async (t) => {
    const line = `${tally.passed} passed, ${tally.failed} failed`;
    console.log(line);
    if (tally.failed) console.log(`failed: ${tally.failures.join(', ')}`);
    await t.test(line, () => {
      assert.equal(tally.passed + tally.failed, E.import_cases.length + E.fixture_files.length + E.export_cases.length);
      assert.equal(tally.failed, 0, tally.failures.join(', '));
    });
  });
});
