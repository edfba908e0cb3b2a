// A centre's registration setting (issue 12): whether people may register
// themselves there, open or with approval; closed by default.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk, mainOf } from '../lib/dars.js';

const PW = 'correct horse battery';
let server, adminApi;

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

test('a centre is closed to self-registration unless set; the API reads and writes the setting', async () => {
  const made = await apiOk(adminApi.post('/api/v1/centres', { code: 'C-ONE', name: 'One', region: 'AAA', kind: 'regional' }));
  assert.equal(made.registration, 'closed');
  const open = await apiOk(adminApi.patch('/api/v1/centres/C-ONE', { registration: 'approval' }), 200);
  assert.equal(open.registration, 'approval');
  assert.equal((await apiOk(adminApi.get('/api/v1/centres/C-ONE'), 200)).registration, 'approval');
  const bad = await adminApi.patch('/api/v1/centres/C-ONE', { registration: 'sometimes' });
  assert.equal(bad.status, 422);
  assert.ok(bad.json.errors.registration);
  const [[stored]] = server.sql("SELECT registration FROM centres WHERE code = 'C-ONE'");
  assert.equal(stored, 'approval');
  const audit = server.sql("SELECT changes FROM audit_events WHERE action = 'centre.update' ORDER BY id DESC LIMIT 1");
  assert.match(audit[0][0], /"registration"/);
});

test('a manager sets their centre\'s registration on its page; a bad value is shown in the form', async () => {
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-TWO', name: 'Two', region: 'AAA', kind: 'digital-education', registration: 'open' }));
  server.addUser({ email: 'mgr@example.org', name: 'Manager', role: 'manager@C-TWO' });
  const b = server.browser();
  await b.login('mgr@example.org', PW);
  const page = await b.get('/admin/centres/C-TWO');
  assert.equal(page.status, 200);
  assert.match(mainOf(page.text), /<input type="radio" id="registration-open" name="registration" value="open"[^>]* checked>/);
  const r = await b.post('/admin/centres/C-TWO', { name: 'Two', kind: 'digital-education', capacity: '10', timezone: 'UTC', registration: 'approval' });
  assert.equal(r.status, 303);
  assert.equal(server.sql("SELECT registration FROM centres WHERE code = 'C-TWO'")[0][0], 'approval');
  const wrong = await b.post('/admin/centres/C-TWO', { name: 'Two', kind: 'digital-education', capacity: '10', timezone: 'UTC', registration: 'always' });
  assert.equal(wrong.status, 422);
  assert.match(wrong.text, /Choose open, with approval or closed/);
  assert.equal(server.sql("SELECT registration FROM centres WHERE code = 'C-TWO'")[0][0], 'approval');
});
