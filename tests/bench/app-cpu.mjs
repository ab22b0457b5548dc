// Where the machine's CPU goes while the app reads a file as a user meets it
// (a fresh page, the file given 2 s after it shows, timed from the file
// input's change until the portfolio is painted, as browser.mjs): the CPU
// time of Chromium's browser process, its renderer (the page and its
// workers) and the rest, from /proc, with the page told it has 1 core, then
// 2 (`navigator.hardwareConcurrency`: how many readers split the file); and
// by thread (the readers are the renderer's DedicatedWorker threads, the
// blob's data pipes Chromium's thread pools and IO threads).
//   node tests/bench/app-cpu.mjs FILE [RUNS] [DIST]
// Under `taskset -c 0` Chromium has one core of the machine.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { serve, launch, openApp, DIST } from '../e2e/harness.mjs';
import { watchResults } from './watch.mjs';

const [file, runsArg, dist = DIST] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/bench/app-cpu.mjs FILE [RUNS] [DIST]');
  process.exit(2);
}
const runs = Number(runsArg ?? 5);
const mb = statSync(file).size / 1e6;
const TICK_MS = 10; // USER_HZ = 100

/** The name and CPU milliseconds (user + system) of a /proc stat line. */
function parseStat(stat) {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS };
}

/** Chromium's processes: pid, stat line and type (`browser` for the one without `--type`). */
function* chromiumProcesses() {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (!stat.includes('(chromium') && !stat.includes('(chrome')) continue;
      const type = /--type=([a-z-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      yield { pid, stat, type };
    } catch { /* the process ended */ }
  }
}

/** CPU milliseconds used so far by Chromium's processes, by kind. */
function chromiumCpu() {
  const ms = { browser: 0, renderer: 0, other: 0 };
  for (const { stat, type } of chromiumProcesses()) {
    ms[type === 'browser' || type === 'renderer' ? type : 'other'] += parseStat(stat).ms;
  }
  return ms;
}

/** CPU milliseconds used so far by each of Chromium's threads, keyed by pid/tid, with process type and thread name. */
function threadCpu() {
  const ms = new Map();
  for (const { pid, type } of chromiumProcesses()) {
    try {
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const { name, ms: used } = parseStat(readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8'));
        // Thread names are cut to 15 characters; numbered ones (a pool's) are one.
        const thread = name.replace(/\d+$/, '');
        ms.set(`${pid}/${tid}`, { key: `${type} ${thread === 'chromium' ? 'main' : thread}`, ms: used });
      }
    } catch { /* the process or thread ended */ }
  }
  return ms;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const app = await serve(dist);
for (const cores of [1, 2]) {
  const browser = await launch();
  await browser.context.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
  const rows = [];
  const byThread = new Map();
  for (let r = 0; r < runs; r++) {
    const { page } = await openApp(browser.context, app.url);
    await page.waitForTimeout(2_000);
    await page.evaluate(watchResults);
    const before = chromiumCpu();
    const threadsBefore = threadCpu();
    await page.setInputFiles('#file-input', file);
    const ms = await (await page.waitForFunction(() => window.__ttmShownMs, null, { timeout: 600_000, polling: 100 })).jsonValue();
    const after = chromiumCpu();
    for (const [id, { key, ms: used }] of threadCpu()) byThread.set(key, (byThread.get(key) ?? 0) + used - (threadsBefore.get(id)?.ms ?? 0));
    let worker;
    for (const w of page.workers()) {
      const d = await w.evaluate(() => (self.name.startsWith('ttm-check-reader') ? globalThis.ttmCheckDiagnostics : undefined)).catch(() => undefined);
      if (d) worker = d;
    }
    const cpu = Object.fromEntries(Object.keys(after).map((k) => [k, after[k] - before[k]]));
    rows.push({ ms, readMs: worker.lastReadMs, readers: worker.lastReaders, cpu, total: cpu.browser + cpu.renderer + cpu.other });
    await page.close();
  }
  await browser.close();
  const m = (f) => median(rows.map(f));
  console.log(`page told ${cores} core${cores > 1 ? 's' : ''} (${m((r) => r.readers)} reader${m((r) => r.readers) > 1 ? 's' : ''}): `
    + `as a user meets it ${(mb / m((r) => r.ms) * 1000).toFixed(0)} MB/s (${m((r) => r.ms).toFixed(0)} ms; runs ${rows.map((r) => r.ms.toFixed(0)).join(', ')}), `
    + `worker alone ${(mb / m((r) => r.readMs) * 1000).toFixed(0)} MB/s; `
    + `Chromium's CPU ${m((r) => r.total)} ms (browser ${m((r) => r.cpu.browser)}, renderer ${m((r) => r.cpu.renderer)}, other ${m((r) => r.cpu.other)}), `
    + `${(m((r) => r.total / r.ms)).toFixed(2)} cores busy`);
  console.log(`  by thread, mean ms a run: ${[...byThread].filter(([, v]) => v / runs >= 5).sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ${(v / runs).toFixed(0)}`).join(', ')}`);
}
app.close();
