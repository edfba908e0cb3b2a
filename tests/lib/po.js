// A small reader of the PO catalogs, so that tests can find what a page says in a language
// without knowing the translators' words (issue 20): catalog('ko').t('Sign in') is the
// Korean msgstr, or the English msgid while it has none (as Dars itself shows it).
// Fuzzy entries count as untranslated, as msgfmt leaves them out.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './dars.js';

// "..." "..." continued strings of a PO file, unescaped
function unquote(parts) {
  return parts.map((p) => JSON.parse(p.replace(/\\([^"\\nt])/g, '$1'))).join('');
}

// Entries of a PO file: [{ ctx, id, str, fuzzy }], the header (msgid "") left out.
export function readPo(path) {
  const entries = [];
  let cur = null, field = null;
  const flush = () => {
    if (cur && cur.id !== undefined && unquote(cur.id) !== '')
      entries.push({ ctx: cur.ctx ? unquote(cur.ctx) : null, id: unquote(cur.id), str: unquote(cur.str || ['""']), fuzzy: cur.fuzzy });
    cur = null;
  };
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.startsWith('#~')) continue; // obsolete
    if (line.trim() === '') { flush(); continue; }
    if (line.startsWith('#,')) { if (cur?.id) flush(); cur = cur || {}; cur.fuzzy = /\bfuzzy\b/.test(line); continue; }
    if (line.startsWith('#')) continue;
    const m = line.match(/^(msgctxt|msgid|msgid_plural|msgstr|msgstr\[(\d+)\])\s+(".*")$/);
    if (m) {
      if (m[1] === 'msgctxt' || (m[1] === 'msgid' && cur?.id)) { if (cur?.id) flush(); }
      cur = cur || {};
      field = m[1] === 'msgctxt' ? 'ctx' : m[1] === 'msgid' ? 'id' : m[1] === 'msgid_plural' ? 'plural'
        : m[1] === 'msgstr' || m[2] === '0' ? 'str' : 'other';
      cur[field] = [m[3]];
    } else if (line.startsWith('"') && cur && field) {
      cur[field].push(line);
    }
  }
  flush();
  return entries;
}

const cache = new Map();

// The catalog of a language (po/LANG.po; none for English): t(msgid[, ctx]) its translation
// or msgid; has(msgid) whether it is translated; english the set of every msgid of
// po/dars.pot that the language translates differently (what must not be left in English).
export function catalog(lang) {
  if (cache.has(lang)) return cache.get(lang);
  const path = join(ROOT, 'po', `${lang}.po`);
  const map = new Map();
  if (lang !== 'en' && existsSync(path))
    for (const e of readPo(path)) if (!e.fuzzy && e.str !== '') map.set(`${e.ctx ?? ''}\u0004${e.id}`, e.str);
  const pot = readPo(join(ROOT, 'po', 'dars.pot'));
  const key = (id, ctx) => `${ctx ?? ''}\u0004${id}`;
  const c = {
    lang,
    t: (id, ctx) => map.get(key(id, ctx)) ?? id,
    has: (id, ctx) => map.has(key(id, ctx)),
    // msgids a reader of this language should not see as they are: untranslated, or
    // translated into something else (a msgstr equal to its msgid, "Dars" or "CSV", is fine)
    english: new Set(pot.filter((e) => map.get(key(e.id, e.ctx)) !== e.id).map((e) => e.id)),
    translated: map.size,
    total: pot.length,
  };
  cache.set(lang, c);
  return c;
}
