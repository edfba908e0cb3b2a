// Issue 20: Dars speaks six languages. Korean and Vietnamese are chosen by the browser's
// Accept-Language, the switcher, the account page and registration like the other four, a
// person's language is one of the six through the API, and an event's date and time are
// written as each language writes them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const SIX = [['en', 'English'], ['ru', 'Русский'], ['az', 'Azərbaycanca'], ['uz', 'Oʻzbekcha'],
  ['ko', '한국어'], ['vi', 'Tiếng Việt']];
let server, adminApi, eventId;

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  const ev = await apiOk(adminApi.post('/api/v1/events', {
    title: 'Digital government forum', kind: 'webinar', online_url: 'https://meet.example.org/dg',
    timezone: 'Asia/Seoul', starts_at: '2031-12-06T14:05:00+09:00', ends_at: '2031-12-06T16:00:00+09:00',
    status: 'published',
  }));
  eventId = ev.id;
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test('the browser\'s Accept-Language picks Korean or Vietnamese', async () => {
  for (const [header, lang] of [['ko-KR,ko;q=0.9,en-US;q=0.8', 'ko'], ['vi-VN,vi;q=0.9', 'vi'],
    ['ja-JP,ko;q=0.7,en;q=0.3', 'ko'], ['fr-FR,vi;q=0.5', 'vi']]) {
    const b = server.browser();
    b.lang = header;
    assert.match((await b.get('/login')).text, new RegExp(`<html lang="${lang}">`), header);
  }
});

test('the switcher offers the six languages by their own names and remembers the choice', async () => {
  const b = server.browser();
  const page = await b.get('/login');
  const options = [...page.text.matchAll(/<option value="(\w+)" lang="\w+"(?: selected)?>([^<]+)<\/option>/g)]
    .map((m) => [m[1], m[2]]);
  assert.deepEqual(options, SIX);
  const r = await b.post('/lang', { lang: 'vi', next: '/courses' });
  assert.equal(r.status, 303);
  assert.equal(b.cookies.get('dars_lang'), 'vi');
  b.lang = 'en'; // the cookie wins over the browser's language
  assert.match((await b.get('/courses')).text, /<html lang="vi">/);
  assert.equal((await b.post('/lang', { lang: 'ja', next: '/' })).status, 422);
});

test('a person chooses Korean on the account page, and the API takes ko and vi only among new codes', async () => {
  server.addUser({ email: 'jiwoo@example.org', name: '박지우', role: 'learner' });
  const b = server.browser();
  await b.login('jiwoo@example.org', 'correct horse battery');
  const account = await b.get('/account');
  for (const [code] of SIX) assert.match(account.text, new RegExp(`<option value="${code}" lang="${code}"`));
  const saved = await b.post('/account/language', { lang: 'ko' });
  assert.equal(saved.status, 303);
  assert.deepEqual(server.sql("SELECT language FROM users WHERE email = 'jiwoo@example.org'"), [['ko']]);
  b.lang = 'ru';
  assert.match((await b.get('/my')).text, /<html lang="ko">/);

  const vi = await adminApi.patch('/api/v1/users/jiwoo@example.org', { language: 'vi' });
  assert.equal(vi.status, 200, vi.text);
  assert.equal(vi.json.language, 'vi');
  const ja = await adminApi.patch('/api/v1/users/jiwoo@example.org', { language: 'ja' });
  assert.equal(ja.status, 422);
  assert.ok(ja.json.errors.language, ja.text);
});

test('registration offers the six languages, the reader\'s own chosen first', async () => {
  const b = server.browser();
  b.lang = 'vi-VN';
  const page = await b.get('/register');
  const select = page.text.match(/<select id="language"[\s\S]*?<\/select>/);
  assert.ok(select, 'a language field');
  for (const [code, name] of SIX) assert.ok(select[0].includes(`>${name}</option>`), code);
  assert.match(select[0], /<option value="vi"[^>]* selected>/);
});

test('an event\'s date and time as Korean and Vietnamese write them, in the event\'s zone', async () => {
  const b = server.browser();
  b.lang = 'ko';
  assert.match(mainOf((await b.get(`/events/${eventId}`)).text), /2031년 12월 6일 오후 2:05/);
  b.lang = 'vi';
  assert.match(mainOf((await b.get(`/events/${eventId}`)).text), /14:05 6 tháng 12, 2031/);
  b.lang = 'en';
  assert.match(mainOf((await b.get(`/events/${eventId}`)).text), /6 Dec 2031, 14:05/);
});
