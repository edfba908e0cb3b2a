// The quiz module under review (issue 4): what a careful reader found and
// what must stay fixed. Two starts at once give one attempt; a save that
// crosses the submission is graded or refused, never lost; the answers of
// an "after the last attempt" quiz stay hidden while that last attempt is
// open; a learner who has left the course no longer answers; a description
// counts nothing in the gradebook either.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';

let server, adminApi, annaApi, borisApi, danaApi;

const put = (api, path, body) => api.request('PUT', path, body);

const GIFT = `
::single::Which city is the capital of Azerbaijan? {
  =Baku#Right.
  ~Ganja#No, that is the second city.
}

::tf::The sky is green. {F#It is blue.}

::info::The last part is about passwords.
`;

// A published quiz of RV-1 with the named questions, each worth 1 mark.
async function quiz(title, names, settings = {}) {
  const bank = await apiOk(adminApi.get('/api/v1/courses/RV-1/questions?limit=500'), 200);
  const q = await apiOk(adminApi.post('/api/v1/quizzes', {
    course: 'RV-1', title, shuffle_answers: false, ...settings,
  }));
  for (const name of names) {
    const found = bank.items.find((x) => x.name === name);
    assert.ok(found, `question ${name} in the bank`);
    await apiOk(adminApi.post(`/api/v1/quizzes/${q.id}/slots`, { question: found.id, mark: 1 }));
  }
  await apiOk(adminApi.patch(`/api/v1/quizzes/${q.id}`, { status: 'published' }), 200);
  return q.id;
}

const itemNamed = (attempt, name) => attempt.items.find((x) => x.name === name);
const answerId = (item, text) => item.answers.find((x) => x.text === text).id;

before(async () => {
  server = await startDars();
  const admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/courses', {
    code: 'RV-1', title: 'Review course', language: 'en', topic: 'cybersecurity', delivery: 'online',
    status: 'published', modules: [{ title: 'M1', lessons: [{ title: 'L1', body: 'Lesson 1' }] }],
  }));
  for (const [email, name] of [['anna@example.org', 'Anna Learner'], ['boris@example.org', 'Boris Learner'],
    ['dana@example.org', 'Dana Leaver']]) {
    server.addUser({ email, name, role: 'learner' });
    await apiOk(adminApi.post('/api/v1/enrolments', { course: 'RV-1', user: email }));
  }
  annaApi = server.apiAs('anna@example.org');
  borisApi = server.apiAs('boris@example.org');
  danaApi = server.apiAs('dana@example.org');
  await apiOk(adminApi.post('/api/v1/courses/RV-1/questions/import', { gift: GIFT }), 200);
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('starting', () => {
  test('eight starts at once give one open attempt and 409 for the rest', async () => {
    const id = await quiz('Race', ['single']);
    const rs = await Promise.all(Array.from({ length: 8 },
      () => annaApi.post(`/api/v1/quizzes/${id}/attempts`)));
    const statuses = rs.map((r) => r.status).sort();
    assert.deepEqual(statuses, [201, 409, 409, 409, 409, 409, 409, 409], rs.map((r) => r.text).join('\n'));
    for (const r of rs.filter((x) => x.status === 409)) assert.equal(r.json.status, 409);
    assert.deepEqual(server.sql(`SELECT number, state FROM quiz_attempts WHERE quiz_id = ${id}`), [['1', 'open']]);
  });

  test('starts at once through the pages all land on the one open attempt', async () => {
    const id = await quiz('Race by page', ['single']);
    const b = server.browser();
    await b.login('boris@example.org', PW);
    assert.equal((await b.get(`/quizzes/${id}`)).status, 200);
    const rs = await Promise.all(Array.from({ length: 6 }, () => b.post(`/quizzes/${id}/start`)));
    const rows = server.sql(`SELECT id, number FROM quiz_attempts WHERE quiz_id = ${id}`);
    assert.equal(rows.length, 1);
    for (const r of rs) {
      assert.equal(r.status, 303, r.text);
      assert.equal(r.location, `/attempts/${rows[0][0]}/1`);
    }
  });
});

describe('review after the last attempt', () => {
  test('no answers while the last attempt is open, then all of them', async () => {
    const id = await quiz('Two tries', ['single', 'tf'], { attempts_allowed: 2, review: 'after_last_attempt' });
    const first = await apiOk(annaApi.post(`/api/v1/quizzes/${id}/attempts`));
    await apiOk(annaApi.post(`/api/v1/attempts/${first.id}/submit`), 200);
    const second = await apiOk(annaApi.post(`/api/v1/quizzes/${id}/attempts`));
    assert.equal(second.number, 2);

    // the last attempt is open: the first one's review would answer it
    const api = await apiOk(annaApi.get(`/api/v1/attempts/${first.id}`), 200);
    assert.equal(api.review, false);
    assert.doesNotMatch(JSON.stringify(api), /right_answers|feedback|Right\.|It is blue/);
    const b = server.browser();
    await b.login('anna@example.org', PW);
    const page = await b.get(`/attempts/${first.id}`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /Baku|It is blue/);
    assert.match(page.text, /once you have used your last attempt/);

    // once it is submitted too, both show their answers
    const single = itemNamed(second, 'single');
    assert.equal((await put(annaApi, `/api/v1/attempts/${second.id}/answers/${single.position}`,
      { response: answerId(single, 'Baku') })).status, 200);
    await apiOk(annaApi.post(`/api/v1/attempts/${second.id}/submit`), 200);
    const after1 = await apiOk(annaApi.get(`/api/v1/attempts/${first.id}`), 200);
    assert.equal(after1.review, true);
    assert.deepEqual(itemNamed(after1, 'single').right_answers, ['Baku']);
    assert.match((await b.get(`/attempts/${first.id}`)).text, /Baku/);
  });
});

describe('a learner who has left the course', () => {
  test('neither answers nor submits the attempt left open', async () => {
    const id = await quiz('Left behind', ['single']);
    const at = await apiOk(danaApi.post(`/api/v1/quizzes/${id}/attempts`));
    const enrol = server.sql(`SELECT e.id FROM enrolments e JOIN users u ON u.id = e.user_id
      WHERE u.email = 'dana@example.org'`)[0][0];
    await apiOk(adminApi.post(`/api/v1/enrolments/${enrol}/withdraw`), 200);
    const single = itemNamed(at, 'single');
    const r = await put(danaApi, `/api/v1/attempts/${at.id}/answers/${single.position}`,
      { response: answerId(single, 'Baku') });
    assert.equal(r.status, 403, r.text);
    assert.equal((await danaApi.post(`/api/v1/attempts/${at.id}/submit`)).status, 403);
    const b = server.browser();
    await b.login('dana@example.org', PW);
    assert.equal((await b.get(`/attempts/${at.id}/1`)).status, 403);
    assert.deepEqual(server.sql(`SELECT state, COALESCE(response, 'none') FROM quiz_attempts a
      JOIN quiz_attempt_items i ON i.attempt_id = a.id WHERE a.id = ${at.id}`), [['open', 'none']]);
  });
});

describe('the gradebook', () => {
  test('a description counts no marks in the course total', async () => {
    const id = await quiz('With a note', ['info', 'tf']);
    const at = await apiOk(borisApi.post(`/api/v1/quizzes/${id}/attempts`));
    const tf = itemNamed(at, 'tf');
    assert.equal((await put(borisApi, `/api/v1/attempts/${at.id}/answers/${tf.position}`,
      { response: false })).status, 200);
    const done = await apiOk(borisApi.post(`/api/v1/attempts/${at.id}/submit`), 200);
    assert.equal(done.percent, 100);
    const grades = await apiOk(adminApi.get('/api/v1/courses/RV-1/grades?limit=100'), 200);
    const boris = grades.items.find((x) => x.user === 'boris@example.org');
    assert.equal(boris.quizzes[id], 100);
    // published so far: Race 1 mark, Race by page 1 (Boris's attempt is open), Two tries 2,
    // Left behind 1, With a note 1 (the description none): 1 of 6 marks
    assert.equal(boris.total, 16.67, JSON.stringify(boris));
    const page = await (async () => {
      const b = server.browser();
      await b.login('admin@example.org', PW);
      return b.get('/admin/courses/RV-1/gradebook');
    })();
    assert.equal(page.status, 200);
    assert.match(page.text, /16\.67%/);
    // the list of quizzes says so too, as the quiz itself does
    const list = await apiOk(adminApi.get('/api/v1/quizzes?course=RV-1'), 200);
    assert.equal(list.items.find((x) => x.id === id).max_marks, 1);
    assert.equal((await apiOk(adminApi.get(`/api/v1/quizzes/${id}`), 200)).max_marks, 1);
  });
});

describe('question text from outside', () => {
  test('imported HTML keeps its bare tags and loses whatever could run, on the learner and instructor pages', async () => {
    const gift = [
      '::html::[html]Match the <b class="x">activity</b>.<script>alert(1)</script><img src=x onerror=alert(2)> {T}',
      '',
      '::moodle::Line one<br>\nline <i>two</i><a href="javascript:alert(3)">three</a> {F}',
    ].join('\n');
    await apiOk(adminApi.post('/api/v1/courses/RV-1/questions/import', { gift }), 200);
    const id = await quiz('Markup', ['html', 'moodle']);
    const b = server.browser();
    await b.login('boris@example.org', PW);
    const start = await b.post(`/quizzes/${id}/start`, {});
    assert.equal(start.status, 303, start.text);
    const pages = [(await b.get(start.location)).text];
    pages.push((await b.get(start.location.replace(/\/1$/, '/2'))).text);
    const text = pages.join('\n');
    assert.match(text, /Match the <b>activity<\/b>\./);
    assert.match(text, /Line one<br>\s*<br>\s*line <i>two<\/i>three/);
    assert.doesNotMatch(text, /alert\(|onerror|javascript:|<img/);
    const at = await apiOk(borisApi.get(`/api/v1/attempts/${start.location.match(/\/attempts\/(\d+)/)[1]}`), 200);
    const ivan = server.browser();
    await ivan.login('admin@example.org', PW);
    const review = (await ivan.get(`/admin/attempts/${at.id}`)).text;
    assert.match(review, /Match the <b>activity<\/b>\./);
    assert.doesNotMatch(review, /alert\(|onerror|javascript:|<img/);
  });
});

describe('submitting while an answer is being saved', () => {
  // The page's script saves as the learner types; a submit may cross it. An
  // answer whose save succeeded is the one graded; a save that comes after
  // the submit is refused. Never a saved answer graded as if it were missing.
  test('the grade always matches the answer kept', async () => {
    server.addUser({ email: 'erin@example.org', name: 'Erin Racer', role: 'learner' });
    await apiOk(adminApi.post('/api/v1/enrolments', { course: 'RV-1', user: 'erin@example.org' }));
    const erinApi = server.apiAs('erin@example.org');
    const id = await quiz('Save and submit', ['single'], { attempts_allowed: 0 });
    const seen = { saved: 0, refused: 0 };
    for (let i = 0; i < 16; i++) {
      const at = await apiOk(erinApi.post(`/api/v1/quizzes/${id}/attempts`));
      const single = itemNamed(at, 'single');
      const [save, submit] = await Promise.all([
        put(erinApi, `/api/v1/attempts/${at.id}/answers/${single.position}`, { response: answerId(single, 'Baku') }),
        erinApi.post(`/api/v1/attempts/${at.id}/submit`),
      ]);
      assert.equal(submit.status, 200, submit.text);
      const [[response, fraction]] = server.sql(`SELECT COALESCE(response, 'none'),
        COALESCE(CAST(fraction AS TEXT), 'null') FROM quiz_attempt_items WHERE attempt_id = ${at.id}`);
      if (save.status === 200) {
        seen.saved++;
        assert.equal(save.json.response, answerId(single, 'Baku'));
        assert.notEqual(response, 'none');
        assert.equal(fraction, '10000000', `attempt ${at.id}: a kept answer graded ${fraction}`);
      } else {
        seen.refused++;
        assert.equal(save.status, 409, save.text);
        assert.equal(save.json.detail, 'the attempt has been submitted');
        assert.deepEqual([response, fraction], ['none', '0']);
      }
    }
    assert.equal(seen.saved + seen.refused, 16);
  });
});
