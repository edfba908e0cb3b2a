// Every area a person's roles let them use is reachable from the header, and
// nothing else is offered (issue 12, "Navigation"): cohorts, events, the
// calendar and the outbox used to be found only by typing their address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDars, apiOk } from '../lib/dars.js';

const PW = 'correct horse battery';
let server;

// The header's links as [href, label, current?] for the main and the admin rows.
function headerLinks(html) {
  const header = html.slice(html.indexOf('<header'), html.indexOf('</header>'));
  const row = (label) => {
    const start = header.indexOf(`aria-label="${label}"`);
    if (start < 0) return [];
    const part = header.slice(start, header.indexOf('</nav>', start));
    return [...part.matchAll(/<a href="([^"]+)"( aria-current="page")?>([^<]+)<\/a>/g)].map((m) => [m[1], m[3], !!m[2]]);
  };
  return { main: row('Main'), admin: row('Administration') };
}

before(async () => {
  server = await startDars();
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const adminApi = server.apiAs('admin@example.org');
  await apiOk(adminApi.post('/api/v1/regions', { code: 'AAA', name: 'Region A' }));
  await apiOk(adminApi.post('/api/v1/centres', { code: 'C-BAK', name: 'Baku Centre', region: 'AAA', kind: 'regional', timezone: 'Asia/Baku' }));
  server.addUser({ email: 'mgr@example.org', name: 'Manager', role: 'manager@C-BAK' });
  server.addUser({ email: 'teacher@example.org', name: 'Teacher', role: 'instructor@C-BAK' });
  server.addUser({ email: 'learner@example.org', name: 'Learner', role: 'learner' });
  server.addUser({ email: 'analyst@example.org', name: 'Analyst', role: 'analyst' });
});

after(async () => {
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

const expected = {
  anonymous: { main: ['/courses', '/events'], admin: [] },
  'learner@example.org': { main: ['/courses', '/events', '/my', '/calendar', '/mentoring', '/account'], admin: [] },
  'teacher@example.org': { main: ['/courses', '/events', '/my', '/calendar', '/mentoring', '/account'], admin: ['/admin/courses'] },
  // donor projects are read by those who read everything or a region's (a centre's manager: none)
  'analyst@example.org': { main: ['/courses', '/events', '/my', '/calendar', '/mentoring', '/account'], admin: ['/reports', '/admin/projects'] },
  'mgr@example.org': {
    main: ['/courses', '/events', '/my', '/calendar', '/mentoring', '/account'],
    admin: ['/reports', '/admin/courses', '/admin/programmes', '/admin/cohorts', '/admin/events', '/admin/certificates', '/admin/mentoring', '/admin/users', '/admin/registrations',
      '/admin/centres', '/admin/regions'],
  },
  'admin@example.org': {
    main: ['/courses', '/events', '/my', '/calendar', '/mentoring', '/account'],
    admin: ['/reports', '/admin/projects', '/admin/courses', '/admin/programmes', '/admin/cohorts', '/admin/events', '/admin/certificates', '/admin/mentoring', '/admin/users',
      '/admin/registrations', '/admin/centres', '/admin/regions', '/admin/organisations', '/admin/outbox', '/admin/audit',
      '/admin/open-data'],
  },
};

for (const [who, want] of Object.entries(expected)) {
  test(`${who}: the header offers exactly their areas, and each one opens`, async () => {
    const b = server.browser();
    if (who !== 'anonymous') await b.login(who, PW);
    const home = await b.get('/');
    const links = headerLinks(home.text);
    assert.deepEqual(links.main.map(([href]) => href), want.main);
    assert.deepEqual(links.admin.map(([href]) => href), want.admin);
    for (const [href, label] of [...links.main, ...links.admin]) {
      const page = await b.get(href);
      assert.equal(page.status, 200, `${who} opens ${href} (${label})`);
      // the page says where the reader is
      const here = headerLinks(page.text);
      assert.ok([...here.main, ...here.admin].some(([h, , current]) => h === href && current), `${href} is marked current`);
    }
  });
}

test('the header speaks the reader\'s language', async () => {
  const b = server.browser();
  await b.login('teacher@example.org', PW);
  await b.post('/lang', { lang: 'ru', next: '/courses' });
  const page = (await b.get('/courses')).text;
  assert.match(page, /<nav class="site-nav" aria-label="Главное меню">/);
  assert.match(page, /<nav class="admin-nav" aria-label="Администрирование">/);
  for (const label of ['Курсы', 'Календарь']) assert.match(page, new RegExp(`>${label}</a>`));
});
