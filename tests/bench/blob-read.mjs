// How fast Chromium hands a File's bytes to workers, with nothing done with
// them: the ceiling of any in-browser reader of that file on this machine.
// Each way a worker can read a File: a BYOB reader of the Blob's stream into
// one reused 1 MiB buffer (what static/worker.js does; also 256 KiB and
// 4 MiB), the stream's own chunks, FileReaderSync and Blob.arrayBuffer() on
// 16 MiB slices (the next one asked for before the last one is used).
//   node tests/bench/blob-read.mjs FILE [RUNS]
// Each with one reader, then the file cut in two halves read by two workers
// at once; median MB/s of RUNS (default 5), and the CPU time all Chromium
// processes spend on it, less what starting the workers costs (measured on
// no bytes: the app's readers are started before a file is given).
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
window.read = (from, to, way) => new Promise((done) => {
  const w = new Worker('./reader.js', { type: 'module' });
  w.onmessage = (e) => { done(e.data); w.terminate(); };
  w.postMessage({ file: document.getElementById('f').files[0], from, to, way });
});
</script>`);
writeFileSync(join(dir, 'reader.js'), `const SLICE = 16 << 20;
const ways = {
  async byob(part, size = 1 << 20) {
    const reader = part.stream().getReader({ mode: 'byob' });
    let buffer = new ArrayBuffer(size);
    let bytes = 0;
    for (;;) {
      const c = await reader.read(new Uint8Array(buffer, 0, size));
      if (c.done) return bytes;
      bytes += c.value.length;
      buffer = c.value.buffer;
    }
  },
  byob256k: (part) => ways.byob(part, 256 << 10),
  byob4m: (part) => ways.byob(part, 4 << 20),
  async stream(part) {
    const reader = part.stream().getReader();
    let bytes = 0;
    for (;;) {
      const c = await reader.read();
      if (c.done) return bytes;
      bytes += c.value.length;
    }
  },
  async readerSync(part) {
    const reader = new FileReaderSync();
    let bytes = 0;
    for (let a = 0; a < part.size; a += SLICE) bytes += reader.readAsArrayBuffer(part.slice(a, a + SLICE)).byteLength;
    return bytes;
  },
  async arrayBuffer(part) {
    let bytes = 0;
    let next = part.slice(0, SLICE).arrayBuffer();
    for (let a = 0; a < part.size; a += SLICE) {
      const b = await next;
      if (a + SLICE < part.size) next = part.slice(a + SLICE, a + 2 * SLICE).arrayBuffer();
      bytes += b.byteLength;
    }
    return bytes;
  },
};
onmessage = async (e) => {
  const { file, from, to, way } = e.data;
  const t0 = performance.now();
  const bytes = await ways[way](file.slice(from, to));
  postMessage({ bytes, ms: performance.now() - t0 });
};`);
const WAYS = {
  byob: 'BYOB reader, one 1 MiB buffer',
  byob256k: 'BYOB reader, one 256 KiB buffer',
  byob4m: 'BYOB reader, one 4 MiB buffer',
  stream: "the stream's own chunks",
  readerSync: 'FileReaderSync, 16 MiB slices',
  arrayBuffer: 'Blob.arrayBuffer(), 16 MiB slices',
};
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
await page.evaluate((size) => window.read(0, size, 'byob'), size);
// What starting N workers and asking them for no bytes costs, a run.
async function startCost(n) {
  const cpu0 = chromiumCpu();
  for (let r = 0; r < runs; r++) await page.evaluate((n) => Promise.all(Array.from({ length: n }, () => window.read(0, 0, 'byob'))), n);
  return ((chromiumCpu() - cpu0) * 1000) / runs;
}
const started = [await startCost(1), await startCost(2)];
console.log(`Starting 1 / 2 workers and asking them for no bytes: Chromium's CPU time ${started[0].toFixed(0)} / ${started[1].toFixed(0)} ms a run (taken off below)`);
for (const [way, label] of Object.entries(WAYS)) for (const readers of [1, 2]) {
  const speeds = [];
  const cpu0 = chromiumCpu();
  for (let r = 0; r < runs; r++) {
    const parts = await page.evaluate(([size, n, way]) => Promise.all(Array.from({ length: n }, (_, k) => window.read(Math.floor(size * k / n), Math.floor(size * (k + 1) / n), way))), [size, readers, way]);
    if (parts.reduce((n, p) => n + p.bytes, 0) !== size) throw new Error('not every byte was read');
    // From the first reader's start to the last one's end.
    speeds.push(size / 1e3 / Math.max(...parts.map((p) => p.ms)));
  }
  const cpuMs = ((chromiumCpu() - cpu0) * 1000) / runs - started[readers - 1];
  console.log(`${label}, ${readers} reader${readers > 1 ? 's' : ''}: ${median(speeds).toFixed(0)} MB/s (${speeds.map((s) => s.toFixed(0)).join(', ')}), bytes only; Chromium's CPU time ${cpuMs.toFixed(0)} ms a run (${(cpuMs / (size / 1e6)).toFixed(2)} ms per MB)`);
}
await browser.close();
app.close();
rmSync(dir, { recursive: true, force: true });
