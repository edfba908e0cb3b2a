// Read an XLSX workbook back in a test: the zip's entries and the first sheet's
// cells, through `unzip` (as tests/http/enrol.test.js does) and a small parser
// of the SpreadsheetML that libxlsxwriter writes (shared or inline strings,
// numbers, booleans, formulas with a cached value).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const decode = (s) => s
  .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&#x([0-9a-fA-F]+);/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
  .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
  .replace(/&amp;/g, '&');

// The text of a shared string or an inline one: every <t> in it, joined (rich text has several).
const textOf = (xml) => [...xml.matchAll(/<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g)].map((m) => decode(m[1])).join('');

const attr = (attrs, name) => {
  const m = attrs.match(new RegExp(`\\b${name}="([^"]*)"`));
  return m ? m[1] : null;
};

// "C12" -> 2 (columns from 0)
function column(ref) {
  let n = 0;
  for (const ch of ref.match(/^[A-Z]+/)[0]) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

function unzip(file, entry) {
  const r = spawnSync('unzip', ['-p', file, entry], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return r.status === 0 ? r.stdout : null;
}

// Parse the workbook in buf. Answers { entries: [names in the zip], rows, kinds, zip: true|false }:
// rows[i][j] is the value of the cell in row i+1, column j+1 (a string, a number, a boolean, or
// null when empty); kinds[i][j] says how it was stored: 's' (shared string), 'inlineStr', 'str'
// (a formula's string), 'n' (number), 'b' (boolean), or null. sheet picks another worksheet.
export function readXlsx(buf, sheet = 'xl/worksheets/sheet1.xml') {
  const dir = mkdtempSync(join(tmpdir(), 'dars-xlsx-'));
  try {
    const file = join(dir, 'book.xlsx');
    writeFileSync(file, buf);
    const zip = buf.subarray(0, 2).toString('latin1') === 'PK';
    const list = spawnSync('unzip', ['-Z1', file], { encoding: 'utf8' });
    const entries = list.status === 0 ? list.stdout.split('\n').filter(Boolean) : [];
    const shared = [...(unzip(file, 'xl/sharedStrings.xml') || '').matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => textOf(m[1]));
    const xml = unzip(file, sheet) || '';
    const rows = [], kinds = [];
    for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
      const i = Number(attr(rm[1], 'r')) - 1;
      rows[i] = rows[i] || [];
      kinds[i] = kinds[i] || [];
      for (const cm of (rm[2] || '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
        const j = column(attr(cm[1], 'r'));
        const t = attr(cm[1], 't') || 'n';
        const body = cm[2] || '';
        const v = body.match(/<v>([\s\S]*?)<\/v>/);
        let value = null;
        if (t === 's') value = v ? shared[Number(v[1])] : null;
        else if (t === 'inlineStr') value = textOf(body);
        else if (t === 'str') value = v ? decode(v[1]) : null;
        else if (t === 'b') value = v ? v[1] === '1' : null;
        else value = v ? Number(v[1]) : null;
        rows[i][j] = value;
        kinds[i][j] = value === null ? null : t;
      }
    }
    // fill the holes, so that every row is an array of cells or nulls
    for (let i = 0; i < rows.length; i++) {
      rows[i] = Array.from({ length: (rows[i] || []).length }, (_, j) => (rows[i][j] === undefined ? null : rows[i][j]));
      kinds[i] = Array.from({ length: rows[i].length }, (_, j) => (kinds[i]?.[j] === undefined ? null : kinds[i][j]));
    }
    return { zip, entries, rows, kinds, sheetXml: xml };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// An Excel date serial (days since 1899-12-30) as YYYY-MM-DD; strings pass through.
export function excelDate(v) {
  if (typeof v !== 'number') return v;
  return new Date(Date.UTC(1899, 11, 30) + Math.round(v * 86400000)).toISOString().slice(0, 10);
}
