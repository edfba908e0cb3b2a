// Who reads a donor project (issue 16): admins and national analysts every project; a
// region's managers and analysts that region's projects; nobody else, a centre's manager
// in the region neither (a regional project's figures go beyond their centre).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
let server;

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', role: 'admin' });
  const api = server.apiAs('admin@example.org');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/regions', { code: 'GAN', name: 'Ganja' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'BAK', kind: 'regional' }));
  const base = { starts_on: '2026-01-01', ends_on: '2026-12-31', indicators: [] };
  await apiOk(api.post('/api/v1/projects', { ...base, code: 'P-BAK', name: 'Baku project', region: 'BAK' }));
  await apiOk(api.post('/api/v1/projects', { ...base, code: 'P-GAN', name: 'Ganja project', region: 'GAN' }));
  await apiOk(api.post('/api/v1/projects', { ...base, code: 'P-NAT', name: 'National project' }));
  server.addUser({ email: 'analyst@example.org', role: 'analyst' });
  server.addUser({ email: 'mgr.bak@example.org', role: 'manager@BAK' });
  server.addUser({ email: 'an.bak@example.org', role: 'analyst@BAK' });
  server.addUser({ email: 'mgr.gan@example.org', role: 'manager@GAN' });
  server.addUser({ email: 'mgr.centre@example.org', role: 'manager@C-BAK' });
  server.addUser({ email: 'learner@example.org' });
});

after(async () => {
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const cases = [
  ['admin@example.org', ['P-BAK', 'P-GAN', 'P-NAT']],
  ['analyst@example.org', ['P-BAK', 'P-GAN', 'P-NAT']],
  ['mgr.bak@example.org', ['P-BAK']],
  ['an.bak@example.org', ['P-BAK']],
  ['mgr.gan@example.org', ['P-GAN']],
  ['mgr.centre@example.org', []],
];

for (const [email, codes] of cases) {
  test(`${email} reads ${codes.join(', ') || 'no project'}`, async () => {
    const api = server.apiAs(email);
    const list = await apiOk(api.get('/api/v1/projects'), 200);
    assert.deepEqual(list.items.map((p) => p.code), codes);
    for (const code of ['P-BAK', 'P-GAN', 'P-NAT']) {
      const r = await api.get(`/api/v1/projects/${code}`);
      assert.equal(r.status, codes.includes(code) ? 200 : 403, `${email} ${code}`);
    }
    const b = server.browser();
    await b.login(email, PW);
    for (const code of ['P-BAK', 'P-NAT']) {
      const r = await b.get(`/admin/projects/${code}`);
      assert.equal(r.status, codes.includes(code) ? 200 : 403, `${email} page ${code}`);
    }
  });
}

test('a learner reads no project, neither list nor page', async () => {
  const api = server.apiAs('learner@example.org');
  assert.equal((await api.get('/api/v1/projects')).status, 403);
  assert.equal((await api.get('/api/v1/projects/P-BAK')).status, 403);
  const b = server.browser();
  await b.login('learner@example.org', PW);
  assert.equal((await b.get('/admin/projects')).status, 403);
  assert.equal((await b.get('/admin/projects/P-BAK')).status, 403);
});

test('nobody but admins signs off or changes a project', async () => {
  for (const email of ['analyst@example.org', 'mgr.bak@example.org']) {
    const api = server.apiAs(email);
    assert.equal((await api.post('/api/v1/projects/P-BAK/signoffs', { starts_on: '2026-01-01', ends_on: '2026-03-31' })).status, 403);
    assert.equal((await api.patch('/api/v1/projects/P-BAK', { name: 'x' })).status, 403);
  }
});
