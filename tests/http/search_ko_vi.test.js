// Issue 20: the catalogue's search finds Korean and Vietnamese words in course text, on
// SQLite (FTS5) and PostgreSQL (tsvector) alike. Korean: Hangul words, found by their start,
// and a query word with a particle ("파이썬을") finds the noun without it. Vietnamese: with
// or without its tones and hats, as people type it, and đ typed as d. People's names too.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

let server, adminApi, admin;

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
  const a = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(a.email);
  admin = server.browser();
  await admin.login(a.email, a.password);
  await apiOk(adminApi.post('/api/v1/courses', course('KO-PY', {
    title: '파이썬 기초', summary: '처음 배우는 프로그래밍', language: 'ko',
    modules: [{ title: '시작하기', lessons: [{ title: '설치', body: '파이썬을 설치하고 전자정부 서비스를 만듭니다.' }] }],
  })));
  await apiOk(adminApi.post('/api/v1/courses', course('VI-DX', {
    title: 'Chuyển đổi số cho cán bộ', summary: 'Đào tạo kỹ năng số', language: 'vi', topic: 'digital-transformation',
    modules: [{ title: 'Mở đầu', lessons: [{ title: 'Dịch vụ công', body: 'Người dân nộp hồ sơ trực tuyến.' }] }],
  })));
  // an English course whose Korean and Vietnamese titles are translations
  await apiOk(adminApi.post('/api/v1/courses', course('EN-CYBER', {
    title: 'Cyber hygiene', summary: 'Passwords and phishing', topic: 'cybersecurity',
    translations: { ko: { title: '사이버 위생', summary: '비밀번호와 피싱' }, vi: { title: 'An toàn thông tin', summary: 'Mật khẩu và lừa đảo' } },
  })));
  await apiOk(adminApi.post('/api/v1/courses', course('EN-OTHER', { title: 'Spreadsheets', summary: 'Tables and sums' })));
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const search = async (q) => codesOf((await server.browser().get(`/courses?q=${encodeURIComponent(q)}`)).text).sort();
const apiSearch = async (q) =>
  (await apiOk(adminApi.get(`/api/v1/courses?q=${encodeURIComponent(q)}`), 200)).items.map((c) => c.code).sort();

describe('Korean', () => {
  test('a Hangul word is found as it is written and by its start', async () => {
    assert.deepEqual(await search('파이썬'), ['KO-PY']);
    assert.deepEqual(await search('파이'), ['KO-PY']);
    assert.deepEqual(await search('전자정부'), ['KO-PY']);
    assert.deepEqual(await search('프로그래밍'), ['KO-PY']);
  });

  test('a query word with a particle finds the noun: 파이썬을, 파이썬은, 파이썬으로', async () => {
    for (const q of ['파이썬을', '파이썬은', '파이썬으로', '파이썬의', '전자정부에서'])
      assert.deepEqual(await search(q), ['KO-PY'], q);
    assert.deepEqual(await apiSearch('파이썬을 설치'), ['KO-PY']);
  });

  test('a translated title is searched; every word must be there; other words find nothing', async () => {
    assert.deepEqual(await search('사이버 위생'), ['EN-CYBER']);
    assert.deepEqual(await search('피싱을'), ['EN-CYBER']);
    assert.deepEqual(await search('파이썬 피싱'), []);
    assert.deepEqual(await search('한국'), []);
  });
});

describe('Vietnamese', () => {
  test('with its marks, without them, in capitals, and đ typed as d', async () => {
    for (const q of ['Chuyển đổi số', 'chuyen doi so', 'CHUYỂN ĐỔI', 'đào tạo', 'dao tao', 'DAO TAO', 'ky nang so', 'kỹ năng'])
      assert.deepEqual(await search(q), ['VI-DX'], q);
    assert.deepEqual(await apiSearch('ho so truc tuyen'), ['VI-DX']);
    assert.deepEqual(await search('nguoi dan'), ['VI-DX']);
  });

  test('a Vietnamese translation of an English course is found without its marks', async () => {
    assert.deepEqual(await search('an toan thong tin'), ['EN-CYBER']);
    assert.deepEqual(await search('mat khau'), ['EN-CYBER']);
    assert.deepEqual(await search('lừa đảo'), ['EN-CYBER']);
    // "dao" begins Đào (VI-DX) and đảo (EN-CYBER): both, as a reader typing it expects
    assert.deepEqual(await search('dao'), ['EN-CYBER', 'VI-DX']);
  });

  test('a person\'s name is found as typed without marks: Duc finds Đức', async () => {
    server.addUser({ email: 'duc@example.org', name: 'Nguyễn Văn Đức', role: 'learner' });
    for (const q of ['Duc', 'nguyen van duc', 'ĐỨC'])
      assert.match((await admin.get(`/admin/users?q=${encodeURIComponent(q)}`)).text, /Nguyễn Văn Đức/, q);
  });
});

test('migration 0031 refolds đ in stored search text as the new fold writes it', async () => {
  // what an older Dars stored: folded, marks gone, đ kept
  server.sql("UPDATE users SET search = 'nguyen van đuc duc@example.org' WHERE email = 'duc@example.org'");
  server.sql("DELETE FROM course_search WHERE rowid = (SELECT id FROM courses WHERE code = 'VI-DX')");
  server.sql("INSERT INTO course_search (rowid, body) SELECT id, 'vi dx chuyen đoi so' FROM courses WHERE code = 'VI-DX'");
  assert.deepEqual(await search('doi'), []);
  server.sql('DELETE FROM schema_migrations WHERE version = 31');
  const m = server.cli(['migrate']);
  assert.equal(m.code, 0, m.stderr);
  assert.deepEqual(server.sql("SELECT search FROM users WHERE email = 'duc@example.org'"), [['nguyen van duc duc@example.org']]);
  assert.deepEqual(await search('doi'), ['VI-DX']);
  assert.deepEqual(await search('đổi'), ['VI-DX']);
});
