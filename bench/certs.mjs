// Certificates at the scale of a big cohort: issue N certificates through the
// API (each drawn right after its commit), then download the course's ZIP.
// Prints wall times and the server's peak resident memory (VmHWM).
// Usage: DARS_BIN=build/dars node bench/certs.mjs [N]
import { readFileSync } from 'node:fs';
import { startDars, apiOk } from '../tests/lib/dars.js';

const N = Number(process.argv[2] || 1000);
const hwm = (pid) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
const server = await startDars();
try {
  server.addUser({ email: 'admin@bench.example', role: 'admin' });
  const api = server.apiAs('admin@bench.example');
  await apiOk(api.post('/api/v1/regions', { code: 'BAK', name: 'Baku' }));
  await apiOk(api.post('/api/v1/centres', { code: 'C-BAK', name: 'Bakı Rəqəmsal Mərkəz', region: 'BAK', kind: 'regional' }));
  await apiOk(api.post('/api/v1/courses', { code: 'PY-101', title: 'Python for beginners', language: 'en', topic: 'programming', delivery: 'online', status: 'published', centre: 'C-BAK' }));
  server.sql(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${N})
    INSERT INTO users (email, email_key, full_name, created_at, updated_at)
    SELECT 'learner' || i || '@bench.example', 'learner' || i || '@bench.example', 'Aynur Məmmədova ' || i,
      '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z' FROM n`);
  const rss0 = hwm(server.proc.pid);
  let t = performance.now();
  for (let i = 1; i <= N; i++)
    await apiOk(api.post('/api/v1/certificates', { user: `learner${i}@bench.example`, course: 'PY-101' }));
  const issue = performance.now() - t;
  const rss1 = hwm(server.proc.pid);
  const mgr = server.browser();
  await mgr.login('admin@bench.example', 'correct horse battery');
  t = performance.now();
  const res = await fetch(`${server.url}/admin/courses/PY-101/certificates.zip`, { headers: { cookie: mgr.cookieHeader() } });
  const zip = Buffer.from(await res.arrayBuffer());
  const zipMs = performance.now() - t;
  const rss2 = hwm(server.proc.pid);
  const pdfBytes = Number(server.sql('SELECT SUM(length(pdf)) FROM certificates')[0][0]);
  console.log(JSON.stringify({
    certificates: N, issue_and_draw_s: +(issue / 1000).toFixed(1), per_certificate_ms: +(issue / N).toFixed(1),
    pdf_kb_each: +(pdfBytes / N / 1024).toFixed(1), zip_status: res.status, zip_mb: +(zip.length / 1048576).toFixed(1),
    zip_s: +(zipMs / 1000).toFixed(2), peak_rss_mb: { before: +rss0.toFixed(0), after_issuing: +rss1.toFixed(0), after_zip: +rss2.toFixed(0) },
  }));
} finally {
  await server.stop();
}
