// Events: managers create and publish them (times in the centre's zone), the public
// registers (waitlist when full, promotion on cancel, one registration per e-mail),
// confirmation e-mails go to the outbox, check-in at the door, exports and the API.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, admin, adminApi;

const q = (s) => s.replaceAll("'", "''");

// Register through the public page as an anonymous visitor; returns the answer.
async function register(id, fields, lang = 'en') {
  const b = server.browser();
  b.lang = lang;
  const page = await b.get(`/events/${id}`);
  assert.equal(page.status, 200);
  return { b, r: await b.post(`/events/${id}/register`, fields) };
}

const regStatus = (id, email) =>
  server.sql(`SELECT status FROM event_registrations WHERE event_id = ${id} AND email = '${q(email)}'`)[0]?.[0];

before(async () => {
  server = await startDars();
  admin = server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs(admin.email);
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Baku' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TAS', name: 'Tashkent Centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Tashkent' }));
  server.addUser({ email: 'mgr.bak@example.org', name: 'Baku Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'mgr.tas@example.org', name: 'Tashkent Manager', role: 'manager@C-TAS' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

describe('a manager creates and publishes an event; the public registers', () => {
  let mgr, id;
  before(async () => {
    mgr = server.browser();
    await mgr.login('mgr.bak@example.org', PW);
  });

  test('a form with bad input answers 422 with an error summary and keeps what was typed', async () => {
    const form = await mgr.get('/admin/events/new');
    assert.equal(form.status, 200);
    assert.match(form.text, /<label for="title">Title<\/label>/);
    const r = await mgr.post('/admin/events', {
      title: '', kind: 'party', centre: 'C-TAS', starts_at: '2030-12-01T10:00', ends_at: '2030-12-01T09:00',
      capacity: 'many', summary: 'Kept summary',
    });
    assert.equal(r.status, 422);
    assert.match(r.text, /There is a problem/);
    for (const msg of ['Enter the title of the event', 'Choose the kind of event', 'Choose a centre you manage',
      'Enter a whole number from 1 to 100000'])
      assert.match(r.text, new RegExp(msg));
    assert.match(r.text, /Kept summary/);
    assert.equal(server.sql('SELECT COUNT(*) FROM events')[0][0], '0');
  });

  test('a sign or a space is not a digit: "+5" places and month "+2" are refused', async () => {
    const r = await mgr.post('/admin/events', {
      title: 'Signs', kind: 'seminar', centre: 'C-BAK', starts_at: '2030-+2-01T10:00', ends_at: '2030-12-01T1 :00',
      capacity: '+5',
    });
    assert.equal(r.status, 422);
    assert.equal((r.text.match(/Enter a date and time like 2026-12-01 09:30/g) || []).length >= 2, true, r.text);
    assert.match(r.text, /Enter a whole number from 1 to 100000/);
    const api = await adminApi.post('/api/v1/events', {
      title: 'Signs', kind: 'webinar', online_url: 'https://meet.example.org/x',
      starts_at: '2031-03-10T14:00:00+05:+0', ends_at: '2031-03-10T16:00:+0Z',
    });
    assert.equal(api.status, 422);
    assert.ok(api.json.errors.starts_at && api.json.errors.ends_at, JSON.stringify(api.json));
    assert.equal(server.sql('SELECT COUNT(*) FROM events')[0][0], '0');
  });

  test('the event is stored in UTC from the centre\'s local time, as a draft, audited', async () => {
    const r = await mgr.post('/admin/events', {
      title: 'Cybersecurity seminar', summary: 'Phishing and passwords', kind: 'seminar', centre: 'C-BAK',
      starts_at: '2030-12-01T09:30', ends_at: '2030-12-01T12:00', capacity: '2', status: 'draft',
    });
    assert.equal(r.status, 303, r.text.slice(0, 500));
    id = Number(r.location.match(/\/admin\/events\/(\d+)$/)[1]);
    const [row] = server.sql(`SELECT starts_at, ends_at, timezone, status, capacity FROM events WHERE id = ${id}`);
    // Asia/Baku is UTC+4
    assert.deepEqual(row, ['2030-12-01T05:30:00Z', '2030-12-01T08:00:00Z', 'Asia/Baku', 'draft', '2']);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'event.create' AND object_id = '${id}'`)[0][0], '1');
    const edit = await mgr.get(`/admin/events/${id}`);
    assert.equal(edit.status, 200);
    assert.match(edit.text, /value="2030-12-01T09:30"/);
  });

  test('a draft is not public; another centre\'s manager may not open it', async () => {
    assert.equal((await server.browser().get(`/events/${id}`)).status, 404);
    assert.doesNotMatch((await server.browser().get('/events')).text, /Cybersecurity seminar/);
    const other = server.browser();
    await other.login('mgr.tas@example.org', PW);
    assert.equal((await other.get(`/admin/events/${id}`)).status, 403);
    assert.doesNotMatch((await other.get('/admin/events')).text, /Cybersecurity seminar/);
  });

  test('publishing puts it on /events with the time in the centre\'s zone and places left', async () => {
    const r = await mgr.post(`/admin/events/${id}`, {
      title: 'Cybersecurity seminar', summary: 'Phishing and passwords', kind: 'seminar', centre: 'C-BAK',
      starts_at: '2030-12-01T09:30', ends_at: '2030-12-01T12:00', capacity: '2', status: 'published',
    });
    assert.equal(r.status, 303);
    assert.equal(server.sql(`SELECT status FROM events WHERE id = ${id}`)[0][0], 'published');
    const list = await server.browser().get('/events');
    assert.equal(list.status, 200);
    assert.match(list.text, new RegExp(`<a href="/events/${id}">Cybersecurity seminar</a>`));
    const page = await server.browser().get(`/events/${id}`);
    assert.equal(page.status, 200);
    assert.match(page.text, /1 Dec 2030, 09:30 – 1 Dec 2030, 12:00 \(Asia\/Baku\)/);
    assert.match(page.text, /Baku Centre/);
    assert.match(page.text, /<dt>Places left<\/dt><dd>2<\/dd>/);
    assert.match(page.text, /name="csrf" value="[^"]+"/);
  });

  test('a public registration without the form\'s CSRF token is refused', async () => {
    const b = server.browser();
    await b.get(`/events/${id}`);
    const r = await b.post(`/events/${id}/register`, { csrf: null, name: 'X', email: 'x@example.org' });
    assert.equal(r.status, 403);
    assert.equal(server.sql(`SELECT COUNT(*) FROM event_registrations`)[0][0], '0');
  });

  let tokenA;
  test('registering queues a confirmation e-mail with the local time and a cancel link', async () => {
    const { b, r } = await register(id, { name: 'Aysel Aliyeva', email: 'Aysel@Example.org', organisation: 'Ministry A' });
    assert.equal(r.status, 303);
    const m = r.location.match(new RegExp(`^/events/${id}/registrations/([A-Za-z0-9_-]+)$`));
    assert.ok(m, r.location);
    tokenA = m[1];
    const page = await b.get(r.location);
    assert.match(page.text, /You are registered/);
    assert.match(page.text, /<dd id="status">Registered<\/dd>/);
    assert.equal(regStatus(id, 'Aysel@Example.org'), 'registered');
    // the token is stored hashed
    assert.equal(server.sql(`SELECT COUNT(*) FROM event_registrations WHERE token_hash = '${tokenA}'`)[0][0], '0');
    const mail = server.sql(`SELECT to_addr, subject, status FROM outbox WHERE to_addr = 'Aysel@Example.org'`);
    assert.equal(mail.length, 1);
    assert.equal(mail[0][1], 'You are registered: Cybersecurity seminar');
    assert.equal(mail[0][2], 'queued');
    // the body spans lines, so it is checked in SQL
    assert.equal(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr = 'Aysel@Example.org'
      AND body LIKE '%1 Dec 2030, 09:30%' AND body LIKE '%Baku Centre%'
      AND body LIKE '%/events/${id}/registrations/${tokenA}%'`)[0][0], '1');
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'event.register'`)[0][0], '1');
  });

  test('a second registration of the same e-mail gets a clear message', async () => {
    const { r } = await register(id, { name: 'Aysel again', email: 'aysel@example.ORG' });
    assert.equal(r.status, 422);
    assert.match(r.text, /This e-mail address is already registered for this event/);
    assert.equal(server.sql(`SELECT COUNT(*) FROM event_registrations WHERE event_id = ${id}`)[0][0], '1');
  });

  test('registering in Russian writes the e-mail\'s dates in Russian', async () => {
    const b = server.browser();
    b.lang = 'ru';
    await b.get(`/events/${id}`);
    const r = await b.post(`/events/${id}/register`, { name: 'Boris', email: 'boris@example.org' });
    assert.equal(r.status, 303);
    const [[subject]] = server.sql(`SELECT subject FROM outbox WHERE to_addr = 'boris@example.org'`);
    assert.ok(subject.includes('Cybersecurity seminar'));
    assert.equal(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr = 'boris@example.org'
      AND body LIKE '%1 дек. 2030%09:30%'`)[0][0], '1');
  });

  test('when full, people join the waiting list in order; a cancellation promotes the first', async () => {
    // Chen reads Russian; the messages to Chen stay Russian whoever's action sends them
    const c = await register(id, { name: 'Chen', email: 'chen@example.org' }, 'ru');
    assert.equal(c.r.status, 303);
    const d = await register(id, { name: '=HYPERLINK("http://x")', email: 'dana@example.org' });
    assert.equal(d.r.status, 303);
    assert.equal(regStatus(id, 'chen@example.org'), 'waitlisted');
    assert.equal(regStatus(id, 'dana@example.org'), 'waitlisted');
    assert.match(server.sql(`SELECT subject FROM outbox WHERE to_addr = 'chen@example.org'`)[0][0], /^Лист ожидания: /);

    // Aysel cancels through her link, after a confirmation page
    const a = server.browser();
    const confirm = await a.get(`/events/${id}/registrations/${tokenA}`);
    assert.equal(confirm.status, 200);
    assert.match(confirm.text, /Yes, cancel my registration/);
    const r = await a.post(`/events/${id}/registrations/${tokenA}`, {});
    assert.equal(r.status, 303);
    assert.match((await a.get(r.location)).text, /<dd id="status">Cancelled<\/dd>/);
    assert.equal(regStatus(id, 'Aysel@Example.org'), 'cancelled');
    assert.equal(regStatus(id, 'chen@example.org'), 'registered');
    assert.equal(regStatus(id, 'dana@example.org'), 'waitlisted');
    const subjects = server.sql(`SELECT subject FROM outbox WHERE to_addr = 'chen@example.org' ORDER BY id`).map((x) => x[0]);
    assert.deepEqual(subjects, ['Лист ожидания: Cybersecurity seminar', 'Освободилось место: Cybersecurity seminar']);
    // a wrong token opens nothing
    assert.equal((await a.get(`/events/${id}/registrations/nope`)).status, 404);
  });

  test('check-in at the door: search, one button per person, recorded and audited', async () => {
    const page = await mgr.get(`/admin/events/${id}?q=chen`);
    assert.equal(page.status, 200);
    const main = mainOf(page.text);
    assert.match(main, /chen@example.org/);
    assert.doesNotMatch(main, /boris@example.org/);
    const [[rid]] = server.sql(`SELECT id FROM event_registrations WHERE email = 'chen@example.org'`);
    const action = `/admin/events/${id}/participants/${rid}/check-in`;
    assert.match(main, new RegExp(`action="${action}"`));
    const r = await mgr.post(action, { q: 'chen' });
    assert.equal(r.status, 303);
    assert.equal(r.location, `/admin/events/${id}?q=chen#people`);
    const [[at]] = server.sql(`SELECT checked_in_at FROM event_registrations WHERE id = ${rid}`);
    assert.match(at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'event.check_in' AND object_id = '${rid}'`)[0][0], '1');
    assert.equal((await mgr.post(action, {})).status, 404);
    // a waitlisted person cannot be checked in
    const [[did]] = server.sql(`SELECT id FROM event_registrations WHERE email = 'dana@example.org'`);
    assert.equal((await mgr.post(`/admin/events/${id}/participants/${did}/check-in`, {})).status, 404);
    // nor can a manager of another centre check anyone in
    const other = server.browser();
    await other.login('mgr.tas@example.org', PW);
    await other.get('/admin/events');
    assert.equal((await other.post(action, {})).status, 403);
  });

  test('the participants export as CSV (BOM, formula-safe) and XLSX', async () => {
    const csv = await mgr.get(`/admin/events/${id}/participants.csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type'), /^text\/csv/);
    assert.match(csv.headers.get('content-disposition'), new RegExp(`event-${id}-participants.csv`));
    const res = await fetch(`${server.url}/admin/events/${id}/participants.csv`, { headers: { cookie: mgr.cookieHeader() } });
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    assert.equal(lines[0], 'name,email,organisation,status,registered_at,checked_in_at');
    assert.equal(lines.length, 5);
    assert.ok(lines.some((l) => l.startsWith('"\'=HYPERLINK(""http://x"")",dana@example.org,,waitlisted,')), lines.join('\n'));
    assert.ok(lines.some((l) => /^Chen,chen@example.org,,registered,\S+,\d{4}-/.test(l)), lines.join('\n'));
    const x = await fetch(`${server.url}/admin/events/${id}/participants.xlsx`, { headers: { cookie: mgr.cookieHeader() } });
    assert.equal(x.status, 200);
    assert.equal(x.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const xb = Buffer.from(await x.arrayBuffer());
    assert.equal(xb.subarray(0, 2).toString(), 'PK');
    const anon = await server.browser().get(`/admin/events/${id}/participants.csv`);
    assert.equal(anon.status, 303);
  });

  test('the .ics of the event has its UTC times', async () => {
    const r = await server.browser().get(`/events/${id}.ics`);
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type'), /^text\/calendar/);
    assert.match(r.text, /DTSTART:20301201T053000Z/);
    assert.match(r.text, /SUMMARY:Cybersecurity seminar/);
  });

  test('the admin list filters by status and kind', async () => {
    const all = await mgr.get('/admin/events');
    assert.match(all.text, /Cybersecurity seminar/);
    assert.doesNotMatch((await mgr.get('/admin/events?status=draft')).text, /Cybersecurity seminar/);
    assert.doesNotMatch((await mgr.get('/admin/events?kind=forum')).text, /Cybersecurity seminar/);
    assert.match((await mgr.get('/admin/events?kind=seminar&status=published&when=upcoming')).text, /Cybersecurity seminar/);
  });
});

describe('the API', () => {
  let id;
  test('an admin creates an online event with an RFC 3339 offset; 422 names the fields', async () => {
    const bad = await adminApi.post('/api/v1/events', { title: '', kind: 'gala', starts_at: 'tomorrow', ends_at: '2031-01-01T10:00:00Z' });
    assert.equal(bad.status, 422);
    for (const f of ['title', 'kind', 'starts_at', 'centre']) assert.ok(bad.json.errors[f], JSON.stringify(bad.json));
    const ev = await apiOk(adminApi.post('/api/v1/events', {
      title: 'E-government forum', kind: 'webinar', online_url: 'https://meet.example.org/egov',
      timezone: 'Asia/Tashkent', starts_at: '2031-03-10T14:00:00+05:00', ends_at: '2031-03-10T16:00:00+05:00',
      capacity: 1, status: 'published',
    }));
    id = ev.id;
    assert.equal(ev.starts_at, '2031-03-10T09:00:00Z');
    assert.equal(ev.ends_at, '2031-03-10T11:00:00Z');
    assert.equal(ev.centre, null);
    assert.equal(ev.online_url, 'https://meet.example.org/egov');
    assert.equal(ev.capacity, 1);
    assert.equal(ev.ical_url, `/events/${id}.ics`);
  });

  test('token holders list published events; without a token the list answers 401', async () => {
    const list = await apiOk(adminApi.get('/api/v1/events'), 200);
    const mine = list.items.find((e) => e.id === id);
    assert.equal(mine.kind, 'webinar');
    assert.ok(list.items.some((e) => e.centre === 'C-BAK'));
    assert.equal(list.next_cursor, null);
    assert.equal((await server.api().get('/api/v1/events')).status, 401);
  });

  test('anyone registers without a token: 201 registered, then waitlisted; 422 with field names', async () => {
    const anon = server.api();
    const a = await apiOk(anon.post(`/api/v1/events/${id}/registrations`, { name: 'Dilnoza', email: 'dilnoza@example.org', organisation: 'Agency' }));
    assert.equal(a.status, 'registered');
    const b = await apiOk(anon.post(`/api/v1/events/${id}/registrations`, { name: 'Erkin', email: 'erkin@example.org' }));
    assert.equal(b.status, 'waitlisted');
    const bad = await anon.post(`/api/v1/events/${id}/registrations`, { email: 'not-an-email' });
    assert.equal(bad.status, 422);
    assert.match(bad.headers.get('content-type'), /problem\+json/);
    assert.ok(bad.json.errors.name && bad.json.errors.email, JSON.stringify(bad.json));
    const dup = await anon.post(`/api/v1/events/${id}/registrations`, { name: 'D', email: 'DILNOZA@example.org' });
    assert.equal(dup.status, 422);
    assert.match(dup.json.errors.email, /already registered/);
    assert.equal(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr IN ('dilnoza@example.org', 'erkin@example.org')`)[0][0], '2');
    assert.equal((await anon.post('/api/v1/events/999999/registrations', { name: 'X', email: 'x@example.org' })).status, 404);
  });

  test('a manager may change only events at their centres', async () => {
    const tas = server.apiAs('mgr.tas@example.org');
    assert.equal((await tas.patch(`/api/v1/events/${id}`, { title: 'Mine now' })).status, 403);
    const p = await apiOk(adminApi.patch(`/api/v1/events/${id}`, { capacity: 5 }), 200);
    assert.equal(p.capacity, 5);
    assert.equal(p.starts_at, '2031-03-10T09:00:00Z');
  });
});

describe('a manager cancels an event', () => {
  let id, mgrApi;
  // messages to Olga, Pete and Rustam
  const count = () => ['olga', 'pete', 'rustam'].map((n) =>
    Number(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr = '${n}@example.org'`)[0][0]));

  before(async () => {
    mgrApi = server.apiAs('mgr.bak@example.org');
    const ev = await apiOk(mgrApi.post('/api/v1/events', {
      title: 'Open data day', kind: 'forum', centre: 'C-BAK', starts_at: '2031-05-20T06:00:00Z',
      ends_at: '2031-05-20T08:00:00Z', capacity: 1, status: 'published',
    }));
    id = ev.id;
    assert.equal((await register(id, { name: 'Olga', email: 'olga@example.org' }, 'ru')).r.status, 303);
    const anon = server.api();
    assert.equal((await apiOk(anon.post(`/api/v1/events/${id}/registrations`, { name: 'Pete', email: 'pete@example.org' }))).status, 'waitlisted');
    const gone = await apiOk(anon.post(`/api/v1/events/${id}/registrations`, { name: 'Rustam', email: 'rustam@example.org' }));
    const b = server.browser();
    await b.get(gone.cancel_url);
    assert.equal((await b.post(gone.cancel_url, {})).status, 303);
    assert.equal(regStatus(id, 'rustam@example.org'), 'cancelled');
  });

  test('every live registrant is told once, in their language; the cancelled one is not', async () => {
    const before = count();
    assert.equal((await apiOk(mgrApi.patch(`/api/v1/events/${id}`, { status: 'cancelled' }), 200)).status, 'cancelled');
    assert.deepEqual(count(), before.map((n, i) => (i < 2 ? n + 1 : n)));
    // the body spans lines, so it is checked in SQL
    assert.equal(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr = 'pete@example.org'
      AND subject = 'Cancelled: Open data day' AND body LIKE 'We are sorry: the event%'
      AND body LIKE '%Registered as: Pete%'
      AND body LIKE '%20 May 2031, 10:00%' AND body LIKE '%/events/${id}%'`)[0][0], '1');
    // Olga registered in Russian: her message has its dates in Russian (Baku time)
    assert.equal(server.sql(`SELECT COUNT(*) FROM outbox WHERE to_addr = 'olga@example.org'
      AND subject LIKE '%Open data day' AND subject NOT LIKE 'Вы зарегистрированы%'
      AND body LIKE '%20 мая 2031%10:00%'`)[0][0], '1');
  });

  test('saving the cancelled event again sends nothing more', async () => {
    const n = count();
    await apiOk(mgrApi.patch(`/api/v1/events/${id}`, { title: 'Open data day (off)' }), 200);
    await apiOk(mgrApi.patch(`/api/v1/events/${id}`, { status: 'cancelled' }), 200);
    assert.deepEqual(count(), n);
  });
});
