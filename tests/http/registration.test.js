// Self-registration (issue 12): /register creates a pending person and e-mails
// a link that checks the address; the page behind it confirms with a button.
// Then the centre decides: 'open' makes the account active and signs the
// person in, 'approval' waits for a manager of the centre or its region on
// /admin/registrations. The page never tells whether an address has an
// account; a hidden field and rate limits keep bots out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, mainOf } from '../lib/dars.js';
import { startSmtp } from '../lib/smtp.js';
import { mailsTo, until } from '../lib/mime.js';

const PW = 'correct horse battery';
const OWN_PW = 'my registration password';
const SITE = 'https://dars.example';
const T = '2026-01-01T00:00:00Z';
const YEAR = new Date().getUTCFullYear();

let server, smtp, admin;

before(async () => {
  // the command line builds its links from it too
  process.env.DARS_PUBLIC_URL = SITE;
  smtp = await startSmtp();
  server = await startDars({
    env: {
      DARS_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, DARS_PUBLIC_URL: SITE,
      DARS_PUBLIC_POSTS: '1000', DARS_MAILS_PER_ADDRESS: '100',
    },
  });
  server.sql(`INSERT INTO regions (code, name, created_at, updated_at) VALUES
      ('BAK', 'Baku', '${T}', '${T}'), ('GAN', 'Ganja', '${T}', '${T}')`);
  server.sql(`INSERT INTO centres (code, name, region_id, kind, registration, created_at, updated_at) VALUES
      ('C-OPEN', 'Open Centre', (SELECT id FROM regions WHERE code = 'BAK'), 'regional', 'open', '${T}', '${T}'),
      ('C-APP', 'Approving Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', 'approval', '${T}', '${T}'),
      ('C-SHUT', 'Shut Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', 'closed', '${T}', '${T}')`);
  server.sql(`INSERT INTO organisations (code, name, created_at, updated_at) VALUES
      ('MOE', 'Ministry of Education', '${T}', '${T}')`);
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  server.addUser({ email: 'man.app@example.org', name: 'Aynur Approver', role: 'manager@C-APP' });
  server.addUser({ email: 'man.gan@example.org', name: 'Region Manager', role: 'manager@GAN' });
  server.addUser({ email: 'man.open@example.org', name: 'Other Manager', role: 'manager@C-OPEN' });
  admin = server.browser();
  await admin.login('admin@example.org', PW);
});

after(async () => {
  const { stderr } = await server.stop();
  await smtp.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const pathOf = (url) => url.slice(SITE.length);
const row = (email) => server.sql(`SELECT status, COALESCE(pending_reason, ''), COALESCE(consent_at, ''),
    CASE WHEN password_hash IS NULL THEN 0 ELSE 1 END, COALESCE(guardian_name, ''),
    COALESCE(guardian_consent_at, '') FROM users WHERE email = '${email}'`)[0];
const count = (email) => Number(server.sql(`SELECT COUNT(*) FROM users WHERE email = '${email}'`)[0][0]);

function fields(email, over = {}) {
  return {
    full_name: 'Leyla Registered', email, password: OWN_PW, organisation: 'MOE', centre: 'C-OPEN',
    gender: 'female', birth_year: '1995', language: 'en', consent: '1', ...over,
  };
}

async function register(email, over = {}, who = server.browser()) {
  await who.get('/register');
  return who.post('/register', fields(email, over));
}

async function mailTo(email, re, n = 1) {
  const all = await until(() => {
    const m = mailsTo(smtp, email).filter((x) => re.test(x.subject));
    return m.length >= n ? m : null;
  });
  return all[n - 1];
}

async function verifyLink(email, n = 1) {
  const m = await mailTo(email, /Confirm your e-mail address/, n);
  return m.link(/\/register\/verify\//);
}

// register, then open the e-mailed link and press the button; the browser and the answer
async function registerAndConfirm(email, over = {}) {
  const person = server.browser();
  const r = await register(email, over, person);
  assert.equal(r.status, 200, r.text);
  const url = await verifyLink(email);
  await person.get(pathOf(url));
  const done = await person.post(pathOf(url));
  return { person, done, url };
}

const idOf = (email) => server.sql(`SELECT id FROM users WHERE email = '${email}'`)[0][0];

test('register at an open centre: e-mail, link, button, then active and signed in', async () => {
  const login = await server.browser().get('/login');
  assert.match(login.text, /<a href="\/register">Register<\/a>/);
  const person = server.browser();
  const page = await person.get('/register');
  assert.equal(page.status, 200);
  const main = mainOf(page.text);
  for (const f of ['full_name', 'email', 'password', 'organisation', 'centre', 'gender', 'birth_year', 'language', 'consent', 'guardian_name', 'guardian_consent'])
    assert.match(main, new RegExp(`name="${f}"`), f);
  assert.match(main, /<option value="C-OPEN">Open Centre<\/option>/);
  assert.match(main, /<option value="C-APP">Approving Centre \(with approval\)<\/option>/);
  assert.doesNotMatch(main, /C-SHUT|Shut Centre/);
  assert.match(main, /<option value="MOE">Ministry of Education<\/option>/);
  assert.match(main, /aria-hidden="true"[\s\S]*name="website" type="text" tabindex="-1" autocomplete="off"/);
  assert.match(main, /Only if you are under 18/);
  assert.match(main, /only for anonymous statistics/);

  const sent = await person.post('/register', fields('leyla@example.org'));
  assert.equal(sent.status, 200);
  assert.match(mainOf(sent.text), /Check your e-mail/);
  const [status, reason, consent, hasHash] = row('leyla@example.org');
  assert.deepEqual([status, reason, hasHash], ['pending', 'address', '1']);
  assert.match(consent, /^\d{4}-\d\d-\d\dT/);
  assert.deepEqual(server.sql(`SELECT u.gender, u.birth_year, u.language, c.code, o.code FROM users u
      JOIN centres c ON c.id = u.centre_id JOIN organisations o ON o.id = u.organisation_id
      WHERE u.email = 'leyla@example.org'`)[0], ['female', '1995', 'en', 'C-OPEN', 'MOE']);

  const m = await mailTo('leyla@example.org', /Confirm your e-mail address/);
  assert.equal(m.subject, 'Confirm your e-mail address for Dars');
  assert.match(m.text, /^Someone, perhaps you, registered at Dars/);
  assert.match(m.text, /within 24 hours/);
  assert.deepEqual(m.parts.map((p) => p.type.split(';')[0]), ['text/plain', 'text/html']);
  const url = m.link(/\/register\/verify\//);
  assert.match(url, /^https:\/\/dars\.example\/register\/verify\/[A-Za-z0-9_-]{43}$/);
  assert.ok(m.html.includes(`<a href="${url}">`));

  // opening the link (as a mail scanner would) confirms nothing
  const confirm = await person.get(pathOf(url));
  assert.equal(confirm.status, 200);
  assert.match(mainOf(confirm.text), /<button type="submit" class="button">Confirm my address<\/button>/);
  assert.equal(row('leyla@example.org')[0], 'pending');

  const done = await person.post(pathOf(url));
  assert.equal(done.status, 303);
  assert.equal(done.location, '/');
  assert.deepEqual(row('leyla@example.org').slice(0, 2), ['active', '']);
  const account = await person.get('/account');
  assert.equal(account.status, 200);
  assert.match(account.text, /leyla@example\.org/);
  const welcome = await mailTo('leyla@example.org', /Welcome to Dars/);
  assert.match(welcome.text, /is ready/);
  await server.browser().login('leyla@example.org', OWN_PW);

  // used once
  const used = await server.browser().get(pathOf(url));
  assert.equal(used.status, 410);
  assert.match(used.text, /This link has already been used/);
  assert.match(used.text, /<a class="button" href="\/register">Register again<\/a>/);

  const token = url.split('/').pop();
  const actions = server.sql(`SELECT action FROM audit_events WHERE object_id = '${idOf('leyla@example.org')}' ORDER BY id`).flat();
  assert.deepEqual(actions.filter((a) => a.startsWith('user.')), ['user.register', 'user.address_confirmed']);
  const audit = server.sql('SELECT changes, object_id FROM audit_events').flat().join('\n');
  assert.ok(!audit.includes(token));
  assert.ok(!audit.includes(OWN_PW));
  assert.ok(!server.accessLog.join('\n').includes(token), 'token in the access log');
  assert.match(server.accessLog.join('\n'), /"\/register\/verify\/\*\*\*"/);
});

test('at an approval centre a manager of the centre approves; a manager elsewhere gets 403', async () => {
  const { done } = await registerAndConfirm('farid@example.org', { full_name: 'Farid Waiting', centre: 'C-APP' });
  assert.equal(done.status, 200);
  assert.match(mainOf(done.text), /Your registration waits for approval/);
  assert.match(mainOf(done.text), /You will hear by e-mail/);
  assert.deepEqual(row('farid@example.org').slice(0, 2), ['pending', 'approval']);
  const id = idOf('farid@example.org');

  // the API and the people list say why they wait
  const api = server.apiAs('admin@example.org');
  const u = (await api.get('/api/v1/users/farid@example.org')).json;
  assert.equal(u.status, 'pending');
  assert.equal(u.pending_reason, 'approval');
  const list = mainOf((await admin.get('/admin/users?q=farid')).text);
  assert.match(list, /Registered: waiting for approval/);
  assert.doesNotMatch(list, /name="user" value="/);

  // not yet
  const early = await server.browser().post('/login', { email: 'farid@example.org', password: OWN_PW });
  assert.equal(early.status, 403);
  assert.match(early.text, /This account is not active yet/);

  // a manager of another centre neither sees nor decides
  const other = server.browser();
  await other.login('man.open@example.org', PW);
  const otherList = await other.get('/admin/registrations');
  assert.equal(otherList.status, 200);
  assert.doesNotMatch(otherList.text, /Farid Waiting/);
  assert.equal((await other.post(`/admin/registrations/${id}/approve`)).status, 403);
  assert.equal((await other.get(`/admin/registrations/${id}/decline`)).status, 403);
  assert.equal((await other.post(`/admin/registrations/${id}/decline`)).status, 403);
  assert.equal(row('farid@example.org')[0], 'pending');
  // a learner is not let in at all
  const learner = server.browser();
  await learner.login('leyla@example.org', OWN_PW);
  assert.equal((await learner.post(`/admin/registrations/${id}/approve`)).status, 403);

  const manager = server.browser();
  await manager.login('man.app@example.org', PW);
  const home = await manager.get('/admin/registrations');
  assert.match(home.text, /<a[^>]* href="\/admin\/registrations"[^>]*>Registrations<\/a>/);
  assert.match(mainOf(home.text), /Farid Waiting/);
  const ok = await manager.post(`/admin/registrations/${id}/approve`);
  assert.equal(ok.status, 303);
  assert.equal(ok.location, '/admin/registrations');
  assert.deepEqual(row('farid@example.org').slice(0, 2), ['active', '']);
  const mail = await mailTo('farid@example.org', /Welcome to Dars/);
  assert.match(mail.text, /A manager has approved your registration/);
  assert.doesNotMatch(mainOf((await manager.get('/admin/registrations')).text), /Farid Waiting/);
  // approving again is a conflict, not a second e-mail
  assert.equal((await manager.post(`/admin/registrations/${id}/approve`)).status, 409);
  await server.browser().login('farid@example.org', OWN_PW);
  assert.deepEqual(server.sql(`SELECT action FROM audit_events WHERE object_id = '${id}' AND action LIKE 'user.%' ORDER BY id`).flat(),
    ['user.register', 'user.address_confirmed', 'user.registration_approved']);
});

test('a decline asks first, tells the person, and they cannot sign in', async () => {
  await registerAndConfirm('gulnar@example.org', { full_name: 'Gulnar Declined', centre: 'C-APP' });
  const id = idOf('gulnar@example.org');
  // a manager of the region decides too
  const manager = server.browser();
  await manager.login('man.gan@example.org', PW);
  assert.match(mainOf((await manager.get('/admin/registrations')).text), /Gulnar Declined/);
  const ask = await manager.get(`/admin/registrations/${id}/decline`);
  assert.equal(ask.status, 200);
  assert.match(mainOf(ask.text), /Decline the registration of Gulnar Declined\?/);
  assert.equal(row('gulnar@example.org')[0], 'pending');
  const no = await manager.post(`/admin/registrations/${id}/decline`);
  assert.equal(no.status, 303);
  assert.equal(row('gulnar@example.org')[0], 'declined');
  const mail = await mailTo('gulnar@example.org', /declined/);
  assert.equal(mail.subject, 'Your registration at Dars was declined');
  const login = await server.browser().post('/login', { email: 'gulnar@example.org', password: OWN_PW });
  assert.equal(login.status, 403);
  assert.match(login.text, /This registration was declined/);
  // the status filters know it
  assert.match(mainOf((await admin.get('/admin/users?status=declined')).text), /Gulnar Declined/);
  const api = server.apiAs('admin@example.org');
  const found = (await api.get('/api/v1/users?status=declined')).json.items.map((x) => x.email);
  assert.deepEqual(found, ['gulnar@example.org']);
  assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE object_id = '${id}' AND action = 'user.registration_declined'`)[0][0], '1');
});

test('an address that already has an account gets the same page, and only its owner an e-mail', async () => {
  const fresh = await register('brand.new@example.org');
  const taken = await register('man.open@example.org', { full_name: 'Impostor' });
  assert.equal(taken.status, fresh.status);
  assert.equal(mainOf(taken.text), mainOf(fresh.text));
  assert.equal(count('man.open@example.org'), 1);
  assert.equal(server.sql("SELECT full_name FROM users WHERE email = 'man.open@example.org'")[0][0], 'Other Manager');
  const m = await mailTo('man.open@example.org', /Someone tried to register/);
  assert.match(m.text, /already has an account/);
  assert.ok(m.link(/\/password\/forgot$/));
  assert.ok(m.link(/\/login$/));
  assert.equal(mailsTo(smtp, 'man.open@example.org').filter((x) => x.link(/\/register\/verify\//)).length, 0);
  // in any case
  const upper = await register('MAN.OPEN@example.org');
  assert.equal(mainOf(upper.text), mainOf(fresh.text));
  assert.equal(count('MAN.OPEN@example.org'), 0);
});

test('a closed centre is not offered and is refused when posted; errors keep what was typed', async () => {
  const r = await register('shut@example.org', { centre: 'C-SHUT' });
  assert.equal(r.status, 422);
  const main = mainOf(r.text);
  assert.match(main, /class="error-summary"[\s\S]*<a href="#centre">Choose the centre where you want to learn<\/a>/);
  assert.match(main, /value="shut@example\.org"/);
  assert.match(main, /value="Leyla Registered"/);
  assert.doesNotMatch(main, new RegExp(OWN_PW));
  assert.equal(count('shut@example.org'), 0);
  // nor an unknown one; and the messages are in the reader's language
  const ru = server.browser();
  ru.lang = 'ru';
  const bad = await register('nowhere@example.org', { centre: 'C-NONE', consent: null, password: 'short' }, ru);
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Выберите центр, в котором хотите учиться/);
  assert.match(bad.text, /Отметьте, что вы согласны с уведомлением о конфиденциальности/);
  assert.equal(count('nowhere@example.org'), 0);
});

test('someone under 18 needs a parent or guardian', async () => {
  const young = String(YEAR - 15);
  const r = await register('teen@example.org', { birth_year: young });
  assert.equal(r.status, 422);
  assert.match(r.text, /You are under 18: enter the name of a parent or guardian/);
  assert.match(r.text, /You are under 18: a parent or guardian must tick their consent/);
  assert.equal(count('teen@example.org'), 0);
  const half = await register('teen@example.org', { birth_year: young, guardian_name: 'Rena Parent' });
  assert.equal(half.status, 422);
  assert.match(half.text, /value="Rena Parent"/);
  const ok = await register('teen@example.org', { birth_year: young, guardian_name: 'Rena Parent', guardian_consent: '1' });
  assert.equal(ok.status, 200);
  const [status, reason, consent, , guardian, guardianAt] = row('teen@example.org');
  assert.deepEqual([status, reason, guardian], ['pending', 'address', 'Rena Parent']);
  assert.match(guardianAt, /^\d{4}-/);
  assert.match(consent, /^\d{4}-/);
  // 18 this year is an adult
  assert.equal((await register('adult@example.org', { birth_year: String(YEAR - 18) })).status, 200);
});

test('the hidden field catches bots: the same page, nothing created, nothing sent', async () => {
  const fresh = await register('human@example.org');
  const bot = await register('bot@example.org', { website: 'http://spam.example' });
  assert.equal(bot.status, 200);
  assert.equal(mainOf(bot.text), mainOf(fresh.text));
  assert.equal(count('bot@example.org'), 0);
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(server.sql("SELECT COUNT(*) FROM outbox WHERE to_addr = 'bot@example.org'")[0][0], '0');
});

test('invitations never go to people who registered', async () => {
  await register('waits.address@example.org', { centre: 'C-APP' });
  await registerAndConfirm('waits.approval@example.org', { centre: 'C-APP' });
  server.sql("DELETE FROM outbox");
  const all = server.cli(['user', 'invite', '--all-pending']);
  assert.equal(all.code, 0, all.stderr);
  const invited = server.sql("SELECT to_addr FROM outbox").flat();
  assert.ok(!invited.includes('waits.address@example.org'));
  assert.ok(!invited.includes('waits.approval@example.org'));
  const api = server.apiAs('admin@example.org');
  for (const email of ['waits.address@example.org', 'waits.approval@example.org']) {
    const r = await api.post(`/api/v1/users/${email}/invitation`);
    assert.equal(r.status, 409, r.text);
  }
  assert.equal((await admin.post(`/admin/users/${idOf('waits.address@example.org')}/invitation`)).status, 409);
  assert.equal((await api.get('/api/v1/users/waits.address@example.org')).json.pending_reason, 'address');
  // an invitation link cannot activate them either, nor their address link an invited person
  assert.equal(server.sql("SELECT COUNT(*) FROM user_links l JOIN users u ON u.id = l.user_id WHERE u.email LIKE 'waits.%' AND l.kind = 'invitation'")[0][0], '0');
});

test('an expired link is refused and offers to register again; racing confirmations work once', async () => {
  const person = server.browser();
  await register('late@example.org', {}, person);
  const url = await verifyLink('late@example.org');
  server.sql(`UPDATE user_links SET expires_at = '2020-01-01T00:00:00Z' WHERE user_id = ${idOf('late@example.org')}`);
  const r = await person.get(pathOf(url));
  assert.equal(r.status, 410);
  assert.match(r.text, /This link has expired/);
  assert.match(r.text, /Register again/);
  assert.equal((await person.post(pathOf(url))).status, 410);
  assert.equal(row('late@example.org')[0], 'pending');
  // registering again sends a new link to the first registration
  await register('late@example.org', { full_name: 'Someone Else' }, person);
  const again = await verifyLink('late@example.org', 2);
  assert.notEqual(again, url);
  assert.equal(count('late@example.org'), 1);

  const a = server.browser(), b = server.browser();
  await a.get(pathOf(again));
  await b.get(pathOf(again));
  const [x, y] = await Promise.all([a.post(pathOf(again)), b.post(pathOf(again))]);
  assert.deepEqual([x.status, y.status].sort(), [303, 410]);
  assert.equal(server.sql(`SELECT COUNT(*) FROM audit_events WHERE action = 'user.address_confirmed' AND object_id = '${idOf('late@example.org')}'`)[0][0], '1');
  assert.equal(server.sql(`SELECT full_name FROM users WHERE email = 'late@example.org'`)[0][0], 'Leyla Registered');
});

test('the status CHECK takes declined and still refuses nonsense', async () => {
  const id = idOf('adult@example.org');
  server.sql(`UPDATE users SET status = 'declined' WHERE id = ${id}`);
  assert.equal(row('adult@example.org')[0], 'declined');
  assert.throws(() => server.sql(`UPDATE users SET status = 'bogus' WHERE id = ${id}`), /CHECK|check constraint/i);
  assert.throws(() => server.sql(`UPDATE users SET pending_reason = 'bogus' WHERE id = ${id}`), /CHECK|check constraint/i);
  assert.equal(row('adult@example.org')[0], 'declined');
});

test('past DARS_PUBLIC_POSTS an address waits: 429 with Retry-After', async () => {
  const limited = await startDars({ env: { DARS_PUBLIC_POSTS: '2', DARS_MAILS_PER_ADDRESS: '100', DARS_PUBLIC_URL: SITE } });
  try {
    limited.sql(`INSERT INTO regions (code, name, created_at, updated_at) VALUES ('BAK', 'Baku', '${T}', '${T}')`);
    limited.sql(`INSERT INTO centres (code, name, region_id, kind, registration, created_at, updated_at) VALUES
        ('C-OPEN', 'Open Centre', (SELECT id FROM regions WHERE code = 'BAK'), 'regional', 'open', '${T}', '${T}')`);
    const who = limited.browser();
    await who.get('/register');
    const post = (email) => who.post('/register', { ...fields(email), organisation: '' });
    assert.equal((await post('one@example.org')).status, 200);
    assert.equal((await post('two@example.org')).status, 200);
    const third = await post('three@example.org');
    assert.equal(third.status, 429);
    assert.ok(Number(third.headers.get('retry-after')) > 0);
    assert.match(third.text, /Too many requests/);
    assert.equal(limited.sql("SELECT COUNT(*) FROM users WHERE email = 'three@example.org'")[0][0], '0');
  } finally {
    const { stderr } = await limited.stop();
    assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
  }
});
