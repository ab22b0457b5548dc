// Re-assessment of builds side by side, on this machine, same run:
//   node tests/bench/reassess-compare.mjs DIST [DIST...]
// For each built app (a dist/ directory), three fresh pages each move the
// as-of date of the 5,000-tenant portfolio nine times (reassess.mjs); prints
// the median and the fastest of the domain's re-assessment (lastAssessMs).
// How the page profile's opt-level was chosen (Cargo.toml, [profile.page]).
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serve, launch, openApp } from '../e2e/harness.mjs';
import { writePortfolio, measureReassess } from './reassess.mjs';
const browser = await launch();
const work = mkdtempSync(join(tmpdir(), 'ttm-reassess-'));
const files = writePortfolio(work);
for (const dist of process.argv.slice(2)) {
  const app = await serve(dist);
  const ms = [];
  for (let k = 0; k < 3; k++) {
    const { page } = await openApp(browser.context, app.url);
    ms.push(...(await measureReassess(page, files, 9)).domain);
    await page.close();
  }
  app.close();
  ms.sort((a, b) => a - b);
  console.log(`${dist}: median ${ms[Math.floor(ms.length / 2)].toFixed(1)} ms, fastest ${ms[0].toFixed(1)} ms`);
}
await browser.close();
rmSync(work, { recursive: true, force: true });
