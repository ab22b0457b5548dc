// Where a re-assessment's time goes, in Chromium's sampling profiler:
//   node tests/bench/reassess-profile.mjs DIST
// DIST built with function names kept, e.g.
//   CARGO_PROFILE_PAGE_STRIP=none trunk build --release --dist /tmp/dist-names
// Loads the 5,000-tenant portfolio, moves the as-of date 20 times, and prints
// the functions by self time, and the callers of the props comparisons.
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { serve, launch, openApp } from '../e2e/harness.mjs';
import { writePortfolio } from './reassess.mjs';
const app = await serve(process.argv[2]);
const browser = await launch();
const files = writePortfolio(mkdtempSync(join(tmpdir(), 'ttm-profile-')));
const { page } = await openApp(browser.context, app.url);
await page.setInputFiles('#register-input', files.register);
await page.setInputFiles('#file-input', files.revenue);
await page.locator('.file-item .account').waitFor({ timeout: 120_000 });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
await cdp.send('Profiler.start');
for (let i = 0; i < 20; i++) {
  await page.fill('#as-of', `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`);
  await page.dispatchEvent('#as-of', 'change');
  await page.waitForTimeout(50);
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map();
const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples.forEach((id, i) => { const n = byId.get(id); const k = n.callFrame.functionName || n.callFrame.url; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n);
const chains = new Map();
profile.samples.forEach((id, i) => { let n = byId.get(id); if (!/PartialEq.*eq|memcmp/.test(n.callFrame.functionName)) return; const names = []; let p = parent.get(n.id); for (let k = 0; k < 6 && p; k++) { names.push(p.callFrame.functionName.slice(0, 70)); p = parent.get(p.id); } const key = names.join(' < '); chains.set(key, (chains.get(key) ?? 0) + (dt[i] ?? 0)); });
for (const [k, v] of [...chains.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6)) console.log('CHAIN', (v / 1000).toFixed(1), k);
const rows = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45);
for (const [k, v] of rows) console.log((v / 1000).toFixed(1).padStart(8), k.slice(0, 150));
await browser.close(); app.close();
