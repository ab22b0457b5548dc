// The lines behind a figure in `make bench` (issue 31): in Chromium, the
// 262 MB generated file read, then one tenant's "Show the lines" timed as a
// user meets it (the click to the painted lines: the file read again by the
// workers, that tenant's lines kept), the second click (shown from what was
// read), and the workers' Wasm memory after it; the CLI's `lines` on the same
// file beside it. Adds the "The lines behind a figure" section to
// BENCHMARKS.md.
//
//   node tests/bench/lines.mjs [MB] [RUNS]   (default 250 MB, median of 3 runs)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DIST, ROOT, launch, openApp, serve, setAsOf } from '../e2e/harness.mjs';

const sizeMb = Number(process.argv[2] ?? 250);
const runs = Number(process.argv[3] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const r = (x) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1));
const TENANT = '4000007';

const work = mkdtempSync(join(tmpdir(), 'ttm-lines-bench-'));
const file = join(work, 'recon.csv');
execFileSync('cargo', ['build', '--release', '--quiet', '--example', 'gen-invoice', '--bin', 'ttm-check'], { cwd: ROOT, stdio: 'inherit' });
execFileSync('sh', ['-c', `${join(ROOT, 'target/release/examples/gen-invoice')} ${sizeMb} 400 > ${file}`]);
const mb = statSync(file).size / 1e6;

// The CLI: `ttm-check lines` for the tenant, wall time and peak memory.
const cliRuns = [];
let cliPeakKb = 0;
let cliLines = 0;
for (let i = 0; i <= runs; i++) {
  const memory = join(work, 'memory');
  const t0 = performance.now();
  const out = execFileSync('/usr/bin/time', ['-f', '%M', '-o', memory, join(ROOT, 'target/release/ttm-check'), 'lines', file, '--as-of', '2026-11-28', '--reseller', TENANT], { maxBuffer: 1 << 30 });
  const ms = performance.now() - t0;
  cliPeakKb = Math.max(cliPeakKb, Number(readFileSync(memory, 'utf8').trim()));
  cliLines = out.toString().trim().split('\n').length - 1;
  if (i > 0) cliRuns.push(ms);
}

/** In the page: clicks `selector` and resolves with the ms to the frame that paints the lines' sums. */
function clickToLines(selector) {
  return new Promise((done) => {
    const t0 = performance.now();
    const painted = () => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => done(performance.now() - t0);
      channel.port2.postMessage(0);
    });
    if (document.querySelector('.reseller-detail .lines-sums')) return painted();
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.reseller-detail .lines-sums')) return;
      observer.disconnect();
      painted();
    });
    observer.observe(document.body, { subtree: true, childList: true });
    document.querySelector(selector).click();
  });
}

const app = await serve(DIST, '/');
const browser = await launch();
const first = [];
const again = [];
let memory = 0;
let shown = 0;
try {
  for (let i = 0; i < runs; i++) {
    const { page } = await openApp(browser.context, app.url);
    await setAsOf(page, '2026-11-28');
    await page.setInputFiles('#file-input', file);
    await page.locator('.file-item .account').waitFor({ timeout: 600_000 });
    await page.click(`tr[data-reseller="${TENANT}"] .link`);
    await page.locator('.reseller-detail [data-action="show-lines"]').waitFor();
    first.push(await page.evaluate(clickToLines, '.reseller-detail [data-action="show-lines"]'));
    shown = Number(await page.locator('.reseller-detail .lines-sums').getAttribute('data-lines'));
    for (const w of page.workers()) memory = Math.max(memory, (await w.evaluate(() => globalThis.ttmCheckDiagnostics?.wasmMemoryBytes).catch(() => 0)) ?? 0);
    await page.click('.reseller-detail [data-action="hide-lines"]');
    await page.locator('.reseller-detail [data-action="show-lines"]').waitFor();
    again.push(await page.evaluate(clickToLines, '.reseller-detail [data-action="show-lines"]'));
    await page.close();
  }
} finally {
  await browser.close();
  await app.close();
  rmSync(work, { recursive: true, force: true });
}
if (shown !== cliLines) throw new Error(`the page listed ${shown} lines, the CLI ${cliLines}`);

const section = `
## The lines behind a figure

The ${r(mb)} MB generated file (400 tenants) read in Chromium, then "Show the lines" of one tenant (${shown.toLocaleString('en-US')} lines),
timed in the page from the click to the painted lines; median of ${runs} runs (\`tests/bench/lines.mjs\`). The first
click reads the file again in the workers, keeping that tenant's lines only; the second shows what was read.

| | time | memory |
|---|---|---|
| First click (the file read again) | ${r(median(first))} ms (${r(mb / (median(first) / 1000))} MB/s) | workers' Wasm memory after it ${r(memory / 2 ** 20)} MiB |
| Second click | ${r(median(again))} ms | |
| CLI \`ttm-check lines\`, same file and tenant, every core | ${r(median(cliRuns))} ms | peak ${r(cliPeakKb / 1024)} MiB |

Runs: first click ${first.map((x) => Math.round(x)).join(', ')} ms; second ${again.map((x) => Math.round(x)).join(', ')} ms; CLI ${cliRuns.map((x) => Math.round(x)).join(', ')} ms.
`;
const path = join(ROOT, 'BENCHMARKS.md');
const current = readFileSync(path, 'utf8').replace(/\n## The lines behind a figure\n[\s\S]*?(?=\n## |$)/, '');
writeFileSync(path, current.trimEnd() + '\n' + section);
console.log(section);
