// In-browser reading of builds side by side, on this machine, same run:
//   node tests/bench/ingest-compare.mjs FILE RUNS DIST [DIST...]
// As browser.mjs times TTM Check as a user meets it: a fresh page, the file
// given 2 s after it shows, timed from the file input's change until the
// portfolio is painted; the builds take turns, run after run. Prints each
// build's median MB/s, and its worker's alone (lastReadMs).
import { statSync } from 'node:fs';
import { serve, launch, openApp } from '../e2e/harness.mjs';
import { watchResults } from './watch.mjs';

const [file, runsArg, ...dists] = process.argv.slice(2);
const mb = statSync(file).size / 1e6;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const browser = await launch();
const apps = await Promise.all(dists.map((d) => serve(d)));
const shown = dists.map(() => []);
const worker = dists.map(() => []);
for (let i = 0; i < Number(runsArg); i++) {
  for (const [k, app] of apps.entries()) {
    const { page } = await openApp(browser.context, app.url);
    await page.waitForTimeout(2_000);
    await page.evaluate(watchResults);
    await page.setInputFiles('#file-input', file);
    const ms = await (await page.waitForFunction(() => window.__ttmShownMs, null, { timeout: 600_000, polling: 200 })).jsonValue();
    shown[k].push(mb / (ms / 1000));
    let readMs;
    for (const w of page.workers()) readMs ??= await w.evaluate(() => globalThis.ttmCheckDiagnostics?.lastReadMs).catch(() => undefined);
    worker[k].push(mb / (readMs / 1000));
    await page.close();
  }
}
for (const [k, d] of dists.entries()) {
  console.log(`${d}: as a user meets it ${median(shown[k]).toFixed(0)} MB/s (${shown[k].map((x) => x.toFixed(0)).join(', ')}), worker alone ${median(worker[k]).toFixed(0)} MB/s`);
}
await browser.close();
for (const a of apps) a.close();
