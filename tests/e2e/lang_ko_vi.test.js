// Issue 20: Dars in Korean and in Vietnamese, in a phone-sized Chromium whose browser asks
// for the language (Accept-Language) and with a person whose profile says it. For each: the
// sign-in page, a registration form with its error summary, sign in, the catalogue, a course
// and /my; on every page <html lang> is right, axe-core (WCAG 2.1 A/AA) passes, nothing in
// the header, forms or tables is wider than its box, the page never scrolls sideways, and a
// screenshot is kept (build/screens/). The words are read from po/ko.po and po/vi.po at run
// time (tests/lib/po.js), never written here, so the translators choose them freely; the
// second test of each language asserts that no English interface text is left, which holds
// once those catalogs are filled.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium, checkAxe } from '../lib/browser.js';
import { startDars, apiOk, ROOT } from '../lib/dars.js';
import { catalog } from '../lib/po.js';

const T = '2026-01-01T00:00:00Z';
const PHONE = { width: 360, height: 740 };
const SCREENS = join(ROOT, 'build', 'screens');
const LANGS = {
  ko: {
    accept: 'ko-KR,ko;q=0.9,en;q=0.5',
    script: /[\uac00-\ud7a3]/,
    title: '사이버 위생: 비밀번호와 피싱 메일을 구별하는 공무원을 위한 실무 과정',
    module: '안전한 비밀번호',
    name: '이서연',
  },
  vi: {
    accept: 'vi-VN,vi;q=0.9,en;q=0.5',
    script: /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i,
    title: 'An toàn thông tin: nhận biết thư lừa đảo và bảo vệ mật khẩu cho cán bộ, công chức',
    module: 'Mật khẩu an toàn',
    name: 'Nguyễn Thị Hương',
  },
};
const PASSWORD = 'correct horse battery';
let server, browser;
// per language, the interface texts each page showed: { page: [text, ...] }
const seen = { ko: {}, vi: {} };

before(async () => {
  server = await startDars();
  server.sql(`INSERT INTO regions (code, name, created_at, updated_at) VALUES ('GAN', 'Ganja', '${T}', '${T}')`);
  server.sql(`INSERT INTO centres (code, name, region_id, kind, registration, created_at, updated_at) VALUES
      ('C-OPEN', 'Open Centre', (SELECT id FROM regions WHERE code = 'GAN'), 'regional', 'open', '${T}', '${T}')`);
  server.addUser({ email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  const admin = server.apiAs('admin@example.org');
  // the longest title Dars is likely to show, in each language, to find what would clip
  await apiOk(admin.post('/api/v1/courses', {
    code: 'CYBER-KV', title: 'Cyber hygiene: telling phishing mail apart and keeping passwords safe',
    summary: 'A practical course for civil servants.', language: 'en', topic: 'cybersecurity',
    delivery: 'online', status: 'published',
    translations: {
      ko: { title: LANGS.ko.title, summary: '공무원을 위한 실무 과정입니다.' },
      vi: { title: LANGS.vi.title, summary: 'Khóa học thực hành dành cho cán bộ, công chức.' },
    },
    modules: [{
      title: 'Safe passwords',
      lessons: [{ title: 'Passphrases', body: 'Length matters more than symbols.\n\nUse four random words.' }],
    }],
  }));
  // the API takes a course's translations, the authoring pages a module's: here, directly
  for (const lang of Object.keys(LANGS))
    server.sql(`INSERT INTO module_i18n (module_id, lang, title) SELECT m.id, '${lang}', '${LANGS[lang].module}'
      FROM course_modules m JOIN courses c ON c.id = m.course_id WHERE c.code = 'CYBER-KV'`);
  for (const lang of Object.keys(LANGS)) {
    const email = `learner-${lang}@example.org`;
    const r = server.cli(['user', 'add', '--email', email, '--name', LANGS[lang].name, '--language', lang,
      '--role', 'learner', '--password-stdin'], `${PASSWORD}\n`);
    assert.equal(r.code, 0, r.stderr);
    await apiOk(server.apiAs(email).post('/api/v1/enrolments', { course: 'CYBER-KV' }));
  }
  browser = await launchChromium();
  mkdirSync(SCREENS, { recursive: true });
});

after(async () => {
  await browser?.close();
  if (!server) return;
  const { stderr } = await server.stop();
  assert.doesNotMatch(stderr, /AddressSanitizer|LeakSanitizer|runtime error/);
});

// What is wider than its box in the header, forms, tables and the error summary (not fields,
// whose text scrolls inside them, nor boxes made to scroll), and whether the page scrolls
// sideways. Gives the offenders as "tag.class: scrollWidth > clientWidth".
async function clipping(page) {
  return page.evaluate(() => {
    const out = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth) out.push(`page: ${doc.scrollWidth} > ${window.innerWidth}`);
    const roots = document.querySelectorAll('header, footer, form, table, .error-summary, main h1, .breadcrumbs');
    for (const root of roots) {
      for (const el of [root, ...root.querySelectorAll('*')]) {
        const cs = getComputedStyle(el);
        if (cs.display === 'inline' || cs.display === 'none' || /^(INPUT|TEXTAREA|SELECT|OPTION)$/.test(el.tagName)) continue;
        if (/auto|scroll/.test(cs.overflowX) || el.clientWidth <= 1) continue;
        if (el.closest('.visually-hidden')) continue; // hidden from sight on purpose, for screen readers
        if (el.scrollWidth > el.clientWidth + 1)
          out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
      }
      // and nothing of it sticks out past the screen's right edge
      const box = root.getBoundingClientRect();
      if (box.right > window.innerWidth + 1) out.push(`${root.tagName.toLowerCase()} ends at ${box.right}`);
    }
    return out;
  });
}

// The interface's own texts on the page: labels, buttons, links and headings of the header,
// the footer, forms, tables and the error summary, each as its element shows it.
function chromeTexts(page) {
  return page.evaluate(() => {
    const sel = 'header a, header button, header label, footer .wrap, label, legend, button, th, caption, ' +
      'h1, h2, .error-summary a, .error-message, .hint, .skip-link, .breadcrumbs a';
    const texts = [];
    for (const el of document.querySelectorAll(sel)) {
      // a text of the element itself, without what a child element adds ("Dars · ...")
      for (const part of (el.innerText || el.textContent || '').split(/\n|·/)) {
        const t = part.replace(/\s+/g, ' ').trim();
        if (t) texts.push(t);
      }
    }
    return texts;
  });
}

// One page as a reader of lang sees it: lang attribute, axe, no clipping, a screenshot, and
// its interface texts kept for the second test.
async function look(page, lang, name) {
  await page.waitForLoadState();
  assert.equal(await page.getAttribute('html', 'lang'), lang, `${name}: <html lang>`);
  await checkAxe(page, `${lang} ${name}`);
  assert.deepEqual(await clipping(page), [], `${lang} ${name}: wider than its box at ${PHONE.width}px`);
  await page.screenshot({ path: join(SCREENS, `${lang}-${name}.png`), fullPage: true });
  seen[lang][name] = await chromeTexts(page);
}

for (const [lang, L] of Object.entries(LANGS)) {
  describe(`in ${lang}`, () => {
    const po = catalog(lang);

    test(`sign in, the catalogue, a course, /my and a form's errors in ${lang} at phone width`, async () => {
      const ctx = await browser.newContext({
        bypassCSP: true, viewport: PHONE, locale: L.accept.split(',')[0],
        extraHTTPHeaders: { 'Accept-Language': L.accept },
      });
      const page = await ctx.newPage();
      try {
        // a visitor: the language comes from the browser
        await page.goto(`${server.url}/login`);
        await look(page, lang, 'login');
        assert.equal(await page.locator('#lang-select').inputValue(), lang);

        // a form with mistakes: the summary on top, each link going to its field
        await page.goto(`${server.url}/register`);
        await page.getByLabel(po.t('E-mail address')).fill('not an address');
        await page.getByRole('button', { name: po.t('Register'), exact: true }).click();
        await look(page, lang, 'register-errors');
        const summary = page.locator('.error-summary');
        assert.ok(await summary.isVisible());
        const links = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(links.length >= 2, JSON.stringify(links));
        for (const href of links) assert.equal(await page.locator(href).count(), 1, `${href} is a field`);
        assert.ok((await summary.innerText()).includes(po.t('Enter your full name')));

        // sign in: from now on the profile's language
        await page.goto(`${server.url}/login`);
        await page.getByLabel(po.t('E-mail address')).fill(`learner-${lang}@example.org`);
        await page.getByLabel(po.t('Password')).fill(PASSWORD);
        await page.getByRole('button', { name: po.t('Sign in'), exact: true }).click();
        await page.waitForLoadState();
        assert.equal(await page.getAttribute('html', 'lang'), lang);

        await page.goto(`${server.url}/courses`);
        await look(page, lang, 'catalogue');
        assert.ok((await page.locator('main').innerText()).includes(L.title), 'the translated title');

        await page.goto(`${server.url}/courses/CYBER-KV`);
        await look(page, lang, 'course');
        assert.equal(await page.locator('h1').innerText(), L.title);
        assert.ok((await page.locator('main').innerText()).includes(L.module), 'the translated module');

        await page.goto(`${server.url}/my`);
        await look(page, lang, 'my');
        assert.ok((await page.locator('main').innerText()).includes(L.title), '/my lists the course');
        assert.match(await page.locator('.who').innerText(), L.script);
      } finally {
        await ctx.close();
      }
    });

    // Holds once po/LANG.po is filled (the translators' catalogs; until then Dars shows the
    // English msgids, and this test names each one it found).
    test(`no English is left in the interface of those pages in ${lang}`, () => {
      const left = [];
      for (const [name, texts] of Object.entries(seen[lang]))
        for (const t of texts) if (po.english.has(t)) left.push(`${name}: "${t}"`);
      assert.ok(Object.keys(seen[lang]).length >= 5, 'the pages were seen');
      assert.deepEqual([...new Set(left)], [], `English left in ${lang} (${po.translated} of ${po.total} messages translated)`);
      // and the header and footer are written in the language's own script
      for (const [name, texts] of Object.entries(seen[lang]))
        assert.match(texts.join(' '), L.script, `${name} has ${lang} text`);
    });
  });
}
