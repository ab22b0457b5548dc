// The in-browser benchmark (`make bench`): TTM Check's own ingest and
// assessment as the app runs it (Web Worker, streaming from a File) against
// PapaParse on the same bytes, the native CLI as the ceiling, the release
// bundle's size, time to first render, and the worker's peak memory.
// Writes BENCHMARKS.md.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, statSync, mkdtempSync, rmSync, readdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir, cpus, totalmem } from 'node:os';
import { gzipSync } from 'node:zlib';
import { DIST, ROOT, serve, launch, openApp } from '../e2e/harness.mjs';

const sizeMb = Number(process.argv[2] ?? 250);
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const work = mkdtempSync(join(tmpdir(), 'ttm-bench-'));
const file = join(work, 'recon.csv');

console.log(`generating a ${sizeMb} MB new-commerce invoice recon file (400 resellers, 46 columns)…`);
execFileSync('cargo', ['build', '--release', '--quiet', '--example', 'gen-invoice', '--bin', 'ttm-check'], { cwd: ROOT, stdio: 'inherit' });
execFileSync('sh', ['-c', `${join(ROOT, 'target/release/examples/gen-invoice')} ${sizeMb} 400 > ${file}`]);
const bytes = statSync(file).size;
const mb = bytes / 1e6;

// Native ceiling: the CLI on the same file.
const native = [];
let nativePeakKb = 0;
for (let i = 0; i < runs; i++) {
  const out = execFileSync('/usr/bin/time', ['-f', '%e %M', join(ROOT, 'target/release/ttm-check'), 'assess', file, '--as-of', '2026-11-28', '--compact'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  void out;
}
for (let i = 0; i < runs; i++) {
  const res = execFileSync('sh', ['-c', `/usr/bin/time -f '%e %M' ${join(ROOT, 'target/release/ttm-check')} assess ${file} --as-of 2026-11-28 --compact 2>&1 >/dev/null`], { encoding: 'utf8' });
  const [secs, kb] = res.trim().split(/\s+/).slice(-2).map(Number);
  native.push(mb / secs);
  nativePeakKb = Math.max(nativePeakKb, kb);
}

// The bench pages: PapaParse from the e2e packages, beside its driver.
const pages = join(work, 'pages');
execFileSync('mkdir', ['-p', pages]);
for (const f of readdirSync(join(ROOT, 'tests/bench/browser'))) copyFileSync(join(ROOT, 'tests/bench/browser', f), join(pages, f));
copyFileSync(join(ROOT, 'tests/e2e/node_modules/papaparse/papaparse.min.js'), join(pages, 'papaparse.min.js'));

const app = await serve(DIST, '/');
const bench = await serve(pages, '/');
const browser = await launch();
const ours = [];
const oursWorker = [];
const papa = [];
const firstRender = [];
let workerPeak = 0;
try {
  for (let i = 0; i < runs; i++) {
    const { page } = await openApp(browser.context, app.url);
    firstRender.push(await page.evaluate(() => performance.getEntriesByName('ttm-ready')[0].startTime));
    const t0 = Date.now();
    await page.setInputFiles('#file-input', file);
    await page.locator('.file-item .account').waitFor({ timeout: 600_000 });
    await page.locator('.portfolio-table tbody tr').first().waitFor();
    ours.push(mb / ((Date.now() - t0) / 1000));
    const worker = page.workers()[0];
    oursWorker.push(mb / ((await worker.evaluate(() => globalThis.ttmLastReadMs)) / 1000));
    workerPeak = Math.max(workerPeak, await worker.evaluate(() => globalThis.ttmWasmMemoryBytes));
    await page.close();
  }
  for (let i = 0; i < runs; i++) {
    const page = await browser.context.newPage();
    await page.goto(`${bench.url}papaparse.html`);
    await page.setInputFiles('#file', file);
    await page.waitForFunction(() => window.__result, null, { timeout: 600_000, polling: 200 });
    const r = await page.evaluate(() => window.__result);
    papa.push(mb / (r.ms / 1000));
    await page.close();
  }
} finally {
  await browser.close();
  app.close();
  bench.close();
  rmSync(work, { recursive: true, force: true });
}

const bundle = ['ttm-check_wasm.js', 'ttm-check.js', 'boot.js', 'wasm-module.js', 'app.css', 'index.html'].map((f) => {
  const raw = readFileSync(join(DIST, f));
  return { f, raw: raw.length, gz: gzipSync(raw, { level: 9 }).length };
});
const total = bundle.reduce((a, b) => ({ raw: a.raw + b.raw, gz: a.gz + b.gz }), { raw: 0, gz: 0 });

const r = (x) => x.toFixed(0);
const machine = `${cpus().length} × ${cpus()[0].model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${execFileSync('/usr/bin/chromium', ['--version'], { encoding: 'utf8' }).trim()}`;
const table = `# Benchmarks

Measured by \`make bench\` on ${new Date().toISOString().slice(0, 10)}: ${machine}.
File: generated new-commerce invoice reconciliation, ${r(mb)} MB, 400 resellers, 46 columns
(\`tests/bench/gen_invoice.rs\`). Median of ${runs} runs; expect ±20% between runs.

| What | Result | Budget |
|---|---|---|
| TTM Check in Chromium (Web Worker, streaming the real \`File\`, until the portfolio shows) | ${r(median(ours))} MB/s | ≥ 2× PapaParse |
| TTM Check's worker alone (reading and aggregating the \`File\`) | ${r(median(oursWorker))} MB/s | |
| PapaParse ${JSON.parse(readFileSync(join(ROOT, 'tests/e2e/node_modules/papaparse/package.json'), 'utf8')).version} in Chromium (\`step\`, the real \`File\`, same sums) | ${r(median(papa))} MB/s | |
| Ratio TTM Check / PapaParse | ${(median(ours) / median(papa)).toFixed(2)}× | ≥ 2× |
| Native CLI, same file | ${r(median(native))} MB/s, peak memory ${r(nativePeakKb / 1024)} MiB | |
| In-browser / native | ${(100 * median(ours) / median(native)).toFixed(0)}% | ≥ 50% |
| Worker's Wasm memory after the file (its peak) | ${r(workerPeak / 2 ** 20)} MiB | < 256 MB for 1 GB |
| First render on loopback (navigation to app ready) | ${r(median(firstRender))} ms | < 1 s |
| Release bundle, gzip (raw) | ${r(total.gz / 1024)} KiB (${r(total.raw / 1024)} KiB) | < 600 KB gzip |

Bundle files: ${bundle.map((b) => `\`${b.f}\` ${r(b.gz / 1024)} KiB gzip`).join(', ')}.
DuckDB-Wasm was not measured (see the performance issue's note).
`;
writeFileSync(join(ROOT, 'BENCHMARKS.md'), table);
console.log(table);
