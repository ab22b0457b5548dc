// Where the page's main thread spends a file's time, from Chromium's trace:
//   node tests/bench/tail-profile.mjs DIST FILE [RUNS]
// Each run: a fresh page, the file given 2 s after it shows (as browser.mjs),
// traced until the portfolio is painted. Prints the median time as a user
// meets it, the main thread's time by trace event summed over the runs and
// divided by RUNS (events nest: a task holds its script, style and layout),
// and the last run's tasks of over 1 ms in order, with what took their time.
import { serve, launch, openApp } from '../e2e/harness.mjs';
import { watchResults } from './watch.mjs';

const [dist, file, runsArg = '5'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tests/bench/tail-profile.mjs DIST FILE [RUNS]');
  process.exit(2);
}
const runs = Number(runsArg);
const CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'loading'];
const app = await serve(dist);
const browser = await launch();
const byName = new Map();
const shown = [];
const timeline = [];
for (let r = 0; r < runs; r++) {
  const { page } = await openApp(browser.context, app.url);
  await page.waitForTimeout(2_000);
  await page.evaluate(watchResults);
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: CATEGORIES } });
  await page.setInputFiles('#file-input', file);
  shown.push(await (await page.waitForFunction(() => window.__ttmShownMs, null, { timeout: 600_000, polling: 100 })).jsonValue());
  await cdp.send('Tracing.end');
  await complete;
  // The page's main thread: the renderer main thread that ran its script.
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args.name === 'CrRendererMain'
    && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'FunctionCall'));
  const mine = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X' && e.dur)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  for (const e of mine) byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  let task = null;
  for (const e of r === runs - 1 ? mine : []) {
    if (e.name === 'RunTask') {
      task = e;
      if (e.dur > 1000) timeline.push(`@${((e.ts - mine[0].ts) / 1000).toFixed(1)} ms: a task of ${(e.dur / 1000).toFixed(1)} ms`);
    } else if (task && task.dur > 1000 && e.ts < task.ts + task.dur && e.dur > 1500) {
      timeline.push(`    +${((e.ts - task.ts) / 1000).toFixed(1)} ${e.name} ${(e.dur / 1000).toFixed(1)}`);
    }
  }
  await page.close();
}
shown.sort((a, b) => a - b);
console.log(`as a user meets it (median of ${runs}): ${shown[Math.floor(runs / 2)].toFixed(1)} ms`);
console.log('the main thread by trace event, ms a run:');
for (const [name, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${(us / 1000 / runs).toFixed(1).padStart(8)} ${name}`);
console.log('the last run, tasks of over 1 ms:');
for (const line of timeline) console.log(line);
await browser.close();
app.close();
