// Who people are (issue 12): gender, year of birth and disability through
// the admin form, the API, the CSV import, the people list's filters, the
// profile page where a person gives their own, and the demo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDars, mainOf } from '../lib/dars.js';

const T = '2026-01-01T00:00:00Z';
const YEAR = new Date().getUTCFullYear();
const PASSWORD = 'correct horse battery';

let server, admin, adminApi;

function seed() {
  server.sql(`INSERT INTO regions (code, name, created_at, updated_at) VALUES ('BAK', 'Baku', '${T}', '${T}')`);
  server.sql(`INSERT INTO centres (code, name, region_id, kind, created_at, updated_at) VALUES
      ('C-BAK', 'Baku Digital Centre', (SELECT id FROM regions WHERE code = 'BAK'), 'regional', '${T}', '${T}')`);
}

// Add a person with a language through the CLI (addUser speaks English).
function addUser(email, name, role, language = 'en') {
  const args = ['user', 'add', '--email', email, '--name', name, '--language', language,
    '--centre', 'C-BAK', '--password-stdin'];
  if (role) args.push('--role', role);
  const r = server.cli(args, PASSWORD + '\n');
  assert.equal(r.code, 0, r.stderr);
}

async function signedIn(email) {
  const b = server.browser();
  await b.login(email, PASSWORD);
  return b;
}

const facts = (email) => server.sql(
  `SELECT COALESCE(gender, '-'), COALESCE(CAST(birth_year AS TEXT), '-'), COALESCE(CAST(disability AS TEXT), '-')
   FROM users WHERE email = '${email}'`)[0];

function file(name, text) {
  const path = join(server.dir, name);
  writeFileSync(path, text);
  return path;
}

before(async () => {
  server = await startDars();
  seed();
  addUser('admin@example.org', 'Ada Admin', 'admin');
  admin = await signedIn('admin@example.org');
  adminApi = server.apiAs('admin@example.org');
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /Sanitizer|runtime error/);
});

const person = (fields) => ({
  email: '', full_name: '', language: 'en', organisation: '', position: '', centre: 'C-BAK',
  status: '', role: '', password: '', gender: '', birth_year: '', disability: '', ...fields,
});

test('an admin gives gender, year of birth and disability through the form, fixing bad ones', async () => {
  const form = await admin.get('/admin/users/new');
  assert.equal(form.status, 200);
  assert.match(form.text, /<label for="gender">Gender \(optional\)<\/label>/);
  assert.match(form.text, /<label for="birth_year">Year of birth \(optional\)<\/label>/);
  assert.match(form.text, /<label for="disability">Disability \(optional\)<\/label>/);
  assert.match(form.text, /id="gender-hint">Used only for anonymous statistics; never shown to other learners\./);
  assert.match(form.text, /<option value="female">Female<\/option><option value="male">Male<\/option><option value="other">Other<\/option>/);

  const bad = await admin.post('/admin/users', person({
    email: 'farida@example.org', full_name: 'Farida Aliyeva', gender: 'alien', birth_year: '1899', disability: 'maybe',
  }));
  assert.equal(bad.status, 422);
  const main = mainOf(bad.text);
  assert.match(main, /<h2>There is a problem<\/h2>/);
  assert.match(main, /<a href="#gender">Choose female, male or other, or leave the gender empty<\/a>/);
  assert.match(main, /<a href="#birth_year">Enter the year of birth as four digits, from 1900 to this year, or leave it empty<\/a>/);
  assert.match(main, /<a href="#disability">Choose yes or no, or leave the disability empty<\/a>/);
  assert.match(main, /id="birth_year-error"/);
  assert.match(main, /<input id="birth_year" name="birth_year"[^>]* value="1899"/);
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email = 'farida@example.org'")[0][0], '0');

  // next year and a year with letters are refused too
  for (const y of [String(YEAR + 1), '19x0', '990', '01990']) {
    const r = await admin.post('/admin/users', person({ email: 'farida@example.org', full_name: 'Farida Aliyeva', birth_year: y }));
    assert.equal(r.status, 422, y);
    assert.match(r.text, /<a href="#birth_year">/, y);
  }

  const ok = await admin.post('/admin/users', person({
    email: 'farida@example.org', full_name: 'Farida Aliyeva', gender: 'female', birth_year: '1990', disability: 'true',
  }));
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.deepEqual(facts('farida@example.org'), ['female', '1990', '1']);
  const page = await admin.get(ok.location);
  assert.match(page.text, /<option value="female" selected>Female<\/option>/);
  assert.match(page.text, /<input id="birth_year" name="birth_year"[^>]* value="1990"/);
  assert.match(page.text, /<option value="true" selected>Yes<\/option>/);
  const id = ok.location.split('/').pop();
  const created = JSON.parse(server.sql(`SELECT changes FROM audit_events WHERE action = 'user.create' AND object_id = '${id}'`)[0][0]);
  assert.deepEqual([created.gender, created.birth_year, created.disability],
    [{ after: 'female' }, { after: '1990' }, { after: 'true' }]);

  // the edit form changes and clears them, audited
  const edit = await admin.post(ok.location, person({
    email: 'farida@example.org', full_name: 'Farida Aliyeva', gender: '', birth_year: '', disability: 'false',
  }));
  assert.equal(edit.status, 303, edit.text.slice(0, 300));
  assert.deepEqual(facts('farida@example.org'), ['-', '-', '0']);
  const changed = JSON.parse(server.sql(`SELECT changes FROM audit_events WHERE action = 'user.update' AND object_id = '${id}'`)[0][0]);
  assert.deepEqual(changed, {
    gender: { before: 'female', after: '' }, birth_year: { before: '1990', after: '' },
    disability: { before: 'true', after: 'false' },
  });
  const badEdit = await admin.post(ok.location, person({
    email: 'farida@example.org', full_name: 'Farida Aliyeva', birth_year: '2x',
  }));
  assert.equal(badEdit.status, 422);
  assert.match(badEdit.text, /<a href="#birth_year">Enter the year of birth/);
});

test('the error summary speaks the Azerbaijani admin\'s language', async () => {
  addUser('admin.az@example.org', 'Aydan Admin', 'admin', 'az');
  const az = await signedIn('admin.az@example.org');
  const form = await az.get('/admin/users/new');
  assert.match(form.text, /<label for="gender">Cins \(istəyə bağlı\)<\/label>/);
  assert.match(form.text, /Yalnız anonim statistika üçün istifadə olunur/);
  const bad = await az.post('/admin/users', person({
    email: 'nigar@example.org', full_name: 'Nigar Quliyeva', gender: 'x', birth_year: '1800', disability: 'x',
  }));
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<a href="#gender">Qadın, kişi və ya digər seçin, ya da cinsi boş saxlayın<\/a>/);
  assert.match(bad.text, /<a href="#birth_year">Doğum ilini 1900-dən bu ilə qədər dörd rəqəmlə yazın və ya boş saxlayın<\/a>/);
  assert.match(bad.text, /<a href="#disability">Bəli və ya xeyr seçin, ya da əlillik sahəsini boş saxlayın<\/a>/);
});

test('the API creates, patches and reads the three fields, and names bad ones in a 422', async () => {
  const created = await adminApi.post('/api/v1/users', {
    email: 'rashad@example.org', full_name: 'Rashad Huseynov', centre: 'C-BAK', gender: 'male', birth_year: 1985, disability: false,
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.gender, 'male');
  assert.equal(created.json.birth_year, 1985);
  assert.equal(created.json.disability, false);

  const none = await adminApi.post('/api/v1/users', { email: 'nobody@example.org', full_name: 'No Facts', centre: 'C-BAK' });
  assert.equal(none.status, 201, none.text);
  assert.deepEqual([none.json.gender, none.json.birth_year, none.json.disability], [null, null, null]);

  const patched = await adminApi.patch('/api/v1/users/rashad@example.org', { gender: 'other', disability: true });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual([patched.json.gender, patched.json.birth_year, patched.json.disability], ['other', 1985, true]);
  const cleared = await adminApi.patch('/api/v1/users/rashad@example.org', { birth_year: null, gender: null });
  assert.equal(cleared.status, 200, cleared.text);
  const read = await adminApi.get('/api/v1/users/rashad@example.org');
  assert.deepEqual([read.json.gender, read.json.birth_year, read.json.disability], [null, null, true]);
  assert.deepEqual(facts('rashad@example.org'), ['-', '-', '1']);

  const bads = [
    [{ gender: 'woman' }, ['gender']],
    [{ gender: 3 }, ['gender']],
    [{ birth_year: 1899 }, ['birth_year']],
    [{ birth_year: YEAR + 1 }, ['birth_year']],
    [{ birth_year: 1990.5 }, ['birth_year']],
    [{ birth_year: '1990' }, ['birth_year']],
    [{ disability: 'yes' }, ['disability']],
    [{ disability: 1 }, ['disability']],
    [{ gender: 'x', birth_year: 1800, disability: true }, ['birth_year', 'gender']],
  ];
  for (const [body, fields] of bads) {
    const p = await adminApi.patch('/api/v1/users/rashad@example.org', body);
    assert.equal(p.status, 422, JSON.stringify(body));
    assert.match(p.headers.get('content-type'), /application\/problem\+json/);
    assert.deepEqual(Object.keys(p.json.errors).sort(), fields, JSON.stringify(body));
    const c = await adminApi.post('/api/v1/users', { email: 'bad@example.org', full_name: 'Bad', centre: 'C-BAK', ...body });
    assert.equal(c.status, 422, JSON.stringify(body));
    assert.deepEqual(Object.keys(c.json.errors).sort(), fields, JSON.stringify(body));
  }
  assert.deepEqual(facts('rashad@example.org'), ['-', '-', '1']);
  assert.equal(server.sql("SELECT COUNT(*) FROM users WHERE email = 'bad@example.org'")[0][0], '0');
});

test('the CSV import takes the optional columns; old files stay valid; bad values are per line', async () => {
  const newCols = file('facts.csv', 'email,full_name,centre,gender,birth_year,disability\n' +
    'csv1@example.org,Csv One,C-BAK,female,1979,yes\n' +
    'csv2@example.org,Csv Two,C-BAK,male,,NO\n' +
    'csv3@example.org,Csv Three,C-BAK,,2008,1\n' +
    'csv4@example.org,Csv Four,C-BAK,other,1960,0\n' +
    'csv5@example.org,Csv Five,C-BAK,,,false\n' +
    'csv6@example.org,Csv Six,C-BAK,,,TRUE\n');
  const r = server.cli(['user', 'import', newCols]);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(['csv1', 'csv2', 'csv3', 'csv4', 'csv5', 'csv6'].map((e) => facts(`${e}@example.org`)), [
    ['female', '1979', '1'], ['male', '-', '0'], ['-', '2008', '1'], ['other', '1960', '0'], ['-', '-', '0'], ['-', '-', '1'],
  ]);

  const old = file('old.csv', 'email,full_name,organisation,position,centre,role,language\n' +
    'old1@example.org,Old One,,,C-BAK,learner,az\n');
  const r2 = server.cli(['user', 'import', old]);
  assert.equal(r2.code, 0, r2.stderr);
  assert.deepEqual(facts('old1@example.org'), ['-', '-', '-']);

  const before = server.sql('SELECT COUNT(*) FROM users')[0][0];
  const bad = file('bad-facts.csv', 'email,full_name,organisation,position,centre,role,language,gender,birth_year,disability\n' +
    'b1@example.org,Bad One,,,C-BAK,learner,en,female,1990,yes\n' +   // 2: fine
    'b2@example.org,Bad Two,,,C-BAK,learner,en,woman,1990,yes\n' +    // 3
    `b3@example.org,Bad Three,,,C-BAK,learner,en,male,${YEAR + 1},no\n` + // 4
    'b4@example.org,Bad Four,,,C-BAK,learner,en,male,1899,no\n' +     // 5
    'b5@example.org,Bad Five,,,C-BAK,learner,en,male,19.5,no\n' +     // 6
    'b6@example.org,Bad Six,,,C-BAK,learner,en,,1990,maybe\n');       // 7
  const r3 = server.cli(['user', 'import', bad]);
  assert.equal(r3.code, 1);
  const lines = r3.stderr.trim().split('\n');
  assert.deepEqual(lines.slice(0, -1), [
    `${bad}:3: unknown gender 'woman'`,
    `${bad}:4: birth_year '${YEAR + 1}' is not a year from 1900 to ${YEAR}`,
    `${bad}:5: birth_year '1899' is not a year from 1900 to ${YEAR}`,
    `${bad}:6: birth_year '19.5' is not a year from 1900 to ${YEAR}`,
    `${bad}:7: disability 'maybe' is not one of true, false, yes, no, 1, 0`,
  ]);
  assert.match(lines.at(-1), /^dars: nothing imported: 5 invalid rows/);
  assert.equal(server.sql('SELECT COUNT(*) FROM users')[0][0], before);

  // the web import shows the same problems, translated, and imports the facts
  const up = await admin.upload('/admin/users/import', {}, { file: { name: 'web.csv', content:
    'email,full_name,centre,disability,gender,birth_year\n' +
    'web1@example.org,Web One,C-BAK,no,female,2003\n' +
    'web2@example.org,Web Two,C-BAK,perhaps,female,2003\n' } });
  assert.equal(up.status, 303, up.text.slice(0, 300));
  const preview = await admin.get(up.location);
  assert.match(preview.text, /<span class="error-message">The disability must be yes or no \(or true, false, 1, 0\), or empty<\/span>/);
  const done = await admin.post(up.location, {});
  assert.equal(done.status, 303, done.text.slice(0, 300));
  assert.deepEqual(facts('web1@example.org'), ['female', '2003', '0']);
  const page = await admin.get('/admin/users/import');
  assert.match(page.text, /<code>birth_year<\/code>/);
});

test('the people list filters by gender, age band and disability, page after page', async () => {
  // 60 people of 65 or more, with a disability, "other"; 3 women of 25-34
  let csv = 'email,full_name,centre,gender,birth_year,disability\n';
  for (let i = 1; i <= 60; i++) csv += `old${String(i).padStart(2, '0')}@example.org,Elder ${String(i).padStart(2, '0')},C-BAK,other,${YEAR - 65 - (i % 20)},true\n`;
  for (let i = 1; i <= 3; i++) csv += `young${i}@example.org,Young ${i},C-BAK,female,${YEAR - 25 - i * 3},false\n`;
  csv += `teen@example.org,Teen Ager,C-BAK,male,${YEAR - 17},\n`;
  csv += `eighteen@example.org,Just Eighteen,C-BAK,male,${YEAR - 18},\n`;
  const r = server.cli(['user', 'import', file('list.csv', csv)]);
  assert.equal(r.code, 0, r.stderr);

  const list = await admin.get('/admin/users?gender=other&age_band=65%2B&disability=true');
  assert.equal(list.status, 200);
  assert.match(list.text, /<caption>60 people<\/caption>/);
  assert.match(list.text, /<option value="other" selected>Other<\/option>/);
  assert.match(list.text, /<option value="65\+" selected>65\+<\/option>/);
  assert.match(list.text, /<option value="true" selected>Yes<\/option>/);
  const next = list.text.match(/href="(\/admin\/users\?page=2[^"]*)"/);
  assert.ok(next, 'a link to page 2');
  const href = next[1].replace(/&amp;/g, '&');
  assert.match(href, /gender=other/);
  assert.match(href, /age_band=65%2B/);
  assert.match(href, /disability=true/);
  const page2 = await admin.get(href);
  assert.equal((mainOf(page2.text).match(/<a href="\/admin\/users\/\d+">Elder/g) || []).length, 10);
  assert.doesNotMatch(page2.text, /Young 1|Farida/);

  const women = await admin.get('/admin/users?gender=female&age_band=25-34');
  assert.match(women.text, /<caption>3 people<\/caption>/);
  const under = await admin.get('/admin/users?age_band=under-18');
  assert.match(under.text, /<caption>1 person<\/caption>/);
  assert.match(under.text, /Teen Ager/);
  const adults = await admin.get('/admin/users?age_band=18-24&q=eighteen');
  assert.match(adults.text, /Just Eighteen/);
  const noYear = await admin.get('/admin/users?age_band=unknown&q=csv');
  assert.match(noYear.text, /<caption>3 people<\/caption>/); // csv2, csv5, csv6
  const notSaid = await admin.get('/admin/users?disability=unknown&gender=male');
  assert.match(notSaid.text, /Teen Ager/);
  assert.doesNotMatch(notSaid.text, /Csv Two/); // said no
  const unknownGender = await admin.get('/admin/users?gender=unknown&q=csv');
  assert.match(unknownGender.text, /<caption>3 people<\/caption>/); // csv3, csv5, csv6

  // the API: the same filters with cursors
  let items = [], cursor = '';
  for (let i = 0; i < 5; i++) {
    const p = await adminApi.get(`/api/v1/users?gender=other&age_band=65%2B&disability=true&limit=25${cursor}`);
    assert.equal(p.status, 200, p.text);
    items = items.concat(p.json.items);
    if (!p.json.next_cursor) break;
    cursor = `&cursor=${encodeURIComponent(p.json.next_cursor)}`;
  }
  assert.equal(items.length, 60);
  assert.ok(items.every((u) => u.gender === 'other' && u.disability === true && YEAR - u.birth_year >= 65));
  const apiWomen = await adminApi.get('/api/v1/users?gender=female&age_band=25-34&disability=false');
  assert.deepEqual(apiWomen.json.items.map((u) => u.email).sort(), ['young1@example.org', 'young2@example.org', 'young3@example.org']);
});

test('a learner gives their own on the profile page; another learner cannot see them', async () => {
  addUser('olga@example.org', 'Olga Petrova', 'learner', 'ru');
  addUser('tural@example.org', 'Tural Huseynov', 'learner');
  const olga = await signedIn('olga@example.org');
  const page = await olga.get('/account');
  assert.equal(page.status, 200);
  assert.match(page.text, /<h2 id="about-heading">О вас<\/h2>/);
  assert.match(page.text, /<label for="gender">Пол \(необязательно\)<\/label>/);
  assert.match(page.text, /Используется только для анонимной статистики; другие слушатели этого не видят\./);

  const bad = await olga.post('/account/facts', { gender: 'f', birth_year: '86', disability: 'maybe' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /<h2>[^<]+<\/h2>\s*<ul>/);
  assert.match(bad.text, /<a href="#gender">Выберите «женский», «мужской» или «другой» либо оставьте пол пустым<\/a>/);
  assert.match(bad.text, /<a href="#birth_year">Введите год рождения четырьмя цифрами/);
  assert.match(bad.text, /<a href="#disability">Выберите «да» или «нет»/);
  assert.match(bad.text, /<input id="birth_year" name="birth_year"[^>]* value="86"/);
  assert.deepEqual(facts('olga@example.org'), ['-', '-', '-']);

  const ok = await olga.post('/account/facts', { gender: 'female', birth_year: '1986', disability: 'false' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(ok.location, '/account#about-heading');
  assert.deepEqual(facts('olga@example.org'), ['female', '1986', '0']);
  const again = await olga.get('/account');
  assert.match(again.text, /Ваши ответы сохранены/);
  assert.match(again.text, /<option value="female" selected>Женский<\/option>/);
  assert.match(again.text, /value="1986"/);
  assert.match(again.text, /<option value="false" selected>Нет<\/option>/);
  const me = await server.apiAs('olga@example.org').get('/api/v1/me');
  assert.deepEqual([me.json.gender, me.json.birth_year, me.json.disability], ['female', 1986, false]);
  const audit = server.sql("SELECT actor FROM audit_events WHERE action = 'user.update' ORDER BY id DESC LIMIT 1")[0][0];
  assert.equal(audit, 'olga@example.org');

  // Tural, another learner, sees nothing of hers anywhere he may go
  const tural = await signedIn('tural@example.org');
  const id = server.sql("SELECT id FROM users WHERE email = 'olga@example.org'")[0][0];
  assert.equal((await tural.get(`/admin/users/${id}`)).status, 403);
  assert.equal((await tural.get('/admin/users?gender=female')).status, 403);
  const turalApi = server.apiAs('tural@example.org');
  assert.equal((await turalApi.get(`/api/v1/users/${id}`)).status, 403);
  assert.equal((await turalApi.get('/api/v1/users?gender=female')).status, 403);
  const own = await tural.get('/account');
  assert.doesNotMatch(own.text, /1986|Olga/);
  assert.doesNotMatch(own.text, /<option value="female" selected>/);
});

test('after `dars demo`, people have their facts and every centre its responsible person', async () => {
  const demo = await startDars();
  try {
    const r = demo.cli(['demo']);
    assert.equal(r.code, 0, r.stderr);
    const [people, women, men, years, disabled, said] = demo.sql(
      "SELECT COUNT(*), SUM(CASE WHEN gender = 'female' THEN 1 ELSE 0 END), SUM(CASE WHEN gender = 'male' THEN 1 ELSE 0 END), " +
      'COUNT(birth_year), SUM(CASE WHEN disability = 1 THEN 1 ELSE 0 END), COUNT(disability) ' +
      "FROM users WHERE email <> 'admin@dars.example'")[0].map(Number);
    assert.ok(people >= 20, String(people));
    assert.ok(women >= people * 0.4 && men >= people * 0.4, `${women} women, ${men} men of ${people}`);
    assert.ok(years >= people * 0.8, `${years} birth years`);
    assert.ok(disabled >= 1 && disabled <= people * 0.2, `${disabled} with a disability`);
    assert.ok(said > disabled && said < people, `${said} answered about disability`);
    const minors = Number(demo.sql(`SELECT COUNT(*) FROM users WHERE birth_year > ${YEAR - 18}`)[0][0]);
    assert.ok(minors >= 1, 'pupils under 18');
    assert.deepEqual(demo.sql('SELECT code FROM centres WHERE responsible_id IS NULL'), []);
    const admin2 = demo.apiAs('admin@dars.example');
    const centre = await admin2.get('/api/v1/centres/D-LAN');
    assert.equal(centre.json.responsible, 'g.ahmadova@dars.example');
    const leyla = await admin2.get('/api/v1/users/l.hasanova@dars.example');
    assert.deepEqual([leyla.json.gender, leyla.json.birth_year, leyla.json.disability], ['female', 1979, false]);
    // the centres list shows them
    const centres = await admin2.get('/api/v1/centres?limit=100');
    assert.ok(centres.json.items.every((c) => c.responsible), JSON.stringify(centres.json.items.map((c) => [c.code, c.responsible])));

    // a second run changes nothing
    const audits = demo.sql('SELECT COUNT(*) FROM audit_events')[0][0];
    const r2 = demo.cli(['demo']);
    assert.equal(r2.code, 0, r2.stderr);
    assert.match(r2.stdout, /already in this database/);
    assert.equal(demo.sql('SELECT COUNT(*) FROM audit_events')[0][0], audits);
  } finally {
    const { stderr } = await demo.stop();
    assert.doesNotMatch(stderr, /Sanitizer|runtime error/);
  }
});
