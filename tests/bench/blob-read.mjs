// How fast Chromium hands a File's bytes to workers, with nothing done with
// them: the ceiling of any in-browser reader of that file on this machine
// (TTM Check's worker reads the same way, static/worker.js: a BYOB reader of
// the Blob's stream into one reused 1 MiB buffer).
//   node tests/bench/blob-read.mjs FILE [RUNS]
// One reader, then the file cut in two halves read by two workers at once;
// median MB/s of RUNS (default 5).
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve, launch } from '../e2e/harness.mjs';

const [file, runsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/bench/blob-read.mjs FILE [RUNS]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'ttm-blob-read-'));
writeFileSync(join(dir, 'index.html'), `<!doctype html><meta charset="utf-8"><input type="file" id="f">
<script type="module">
window.read = (from, to) => new Promise((done) => {
  const w = new Worker('./reader.js', { type: 'module' });
  w.onmessage = (e) => { done(e.data); w.terminate(); };
  w.postMessage({ file: document.getElementById('f').files[0], from, to });
});
</script>`);
writeFileSync(join(dir, 'reader.js'), `onmessage = async (e) => {
  const { file, from, to } = e.data;
  const t0 = performance.now();
  const reader = file.slice(from, to).stream().getReader({ mode: 'byob' });
  let buffer = new ArrayBuffer(1 << 20);
  let bytes = 0;
  for (;;) {
    const c = await reader.read(new Uint8Array(buffer, 0, 1 << 20));
    if (c.done) break;
    bytes += c.value.length;
    buffer = c.value.buffer;
  }
  postMessage({ bytes, ms: performance.now() - t0 });
};`);
const size = statSync(file).size;
const runs = Number(runsArg ?? 5);
/** CPU seconds used so far by every Chromium process (user + system, from /proc). */
function chromiumCpu() {
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(chromium') && !stat.includes('(chrome')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* the process ended */ }
  }
  return ticks / 100;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const app = await serve(dir);
const browser = await launch();
const page = await browser.context.newPage();
await page.goto(app.url);
await page.setInputFiles('#f', file);
// Once through, so that the file is in the page cache for every run.
await page.evaluate((size) => window.read(0, size), size);
for (const readers of [1, 2]) {
  const speeds = [];
  const cpu0 = chromiumCpu();
  for (let r = 0; r < runs; r++) {
    const parts = await page.evaluate(([size, n]) => Promise.all(Array.from({ length: n }, (_, k) => window.read(Math.floor(size * k / n), Math.floor(size * (k + 1) / n)))), [size, readers]);
    if (parts.reduce((n, p) => n + p.bytes, 0) !== size) throw new Error('not every byte was read');
    // From the first reader's start to the last one's end.
    speeds.push(size / 1e3 / Math.max(...parts.map((p) => p.ms)));
  }
  const cpuMs = ((chromiumCpu() - cpu0) * 1000) / runs;
  console.log(`${readers} reader${readers > 1 ? 's' : ''}: ${median(speeds).toFixed(0)} MB/s (${speeds.map((s) => s.toFixed(0)).join(', ')}), bytes only; Chromium's CPU time ${cpuMs.toFixed(0)} ms a run (${(cpuMs / (size / 1e6)).toFixed(2)} ms per MB)`);
}
await browser.close();
app.close();
rmSync(dir, { recursive: true, force: true });
