// The in-browser benchmark in every engine (`make bench`, after browser.mjs):
// TTM Check reading the generated invoice file as a user meets it (the file
// given 2 s after the page shows, timed in the page from the file input's
// change to the painted portfolio, tests/bench/watch.mjs) against PapaParse
// in the same engine on the same bytes and the same sums. Chromium, Firefox
// ESR and WebKit, each driven as the end-to-end tests drive it
// (tests/e2e/harness.mjs: TTM_ENGINE). Adds the "Every engine" section to
// BENCHMARKS.md.
//
//   node tests/bench/engines.mjs SIZE_MB RUNS          all three, then the section
//   node tests/bench/engines.mjs --one FILE MB RUNS    one engine (TTM_ENGINE), JSON on stdout
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ROOT = join(import.meta.dirname, '..', '..');
const ENGINES = ['chromium', 'firefox', 'webkit'];

if (process.argv[2] === '--one') {
  const [file, mbArg, runsArg] = process.argv.slice(3);
  console.log(JSON.stringify(await oneEngine(file, Number(mbArg), Number(runsArg))));
} else {
  await allEngines(Number(process.argv[2] ?? 250), Number(process.argv[3] ?? 3));
}

/** TTM Check and PapaParse in this process's engine: MB/s per run, and the engine's version. */
async function oneEngine(file, mb, runs) {
  const { DIST, ENGINE, serve, launch, openApp } = await import('../e2e/harness.mjs');
  const { timeFiles, papaParse } = await import('./watch.mjs');
  const pages = mkdtempSync(join(tmpdir(), 'ttm-bench-pages-'));
  for (const f of ['papaparse.html', 'papaparse-bench.js']) copyFileSync(join(ROOT, 'tests/bench/browser', f), join(pages, f));
  copyFileSync(join(ROOT, 'tests/e2e/node_modules/papaparse/papaparse.min.js'), join(pages, 'papaparse.min.js'));
  const app = await serve(DIST, '/');
  const bench = await serve(pages, '/');
  const browser = await launch();
  const ours = [];
  const papa = [];
  let agree = null;
  let version = '';
  try {
    for (let i = 0; i < runs; i++) {
      const { page } = await openApp(browser.context, app.url);
      version ||= await page.evaluate(() => navigator.userAgent);
      ours.push(mb / ((await timeFiles(page, file)) / 1000));
      const resellers = await page.locator('.portfolio-table tbody tr').count();
      await page.close();
      if (resellers === 0) throw new Error(`${ENGINE}: no portfolio`);
    }
    for (let i = 0; i < runs; i++) {
      agree = await papaParse(browser.context, bench.url, file);
      papa.push(mb / (agree.ms / 1000));
    }
  } finally {
    await browser.close();
    app.close();
    bench.close();
    rmSync(pages, { recursive: true, force: true });
  }
  return { engine: ENGINE, version, ours, papa, papaResellers: agree?.resellers };
}

async function allEngines(sizeMb, runs) {
  const work = mkdtempSync(join(tmpdir(), 'ttm-bench-engines-'));
  const file = join(work, 'recon.csv');
  try {
    execFileSync('cargo', ['build', '--release', '--quiet', '--example', 'gen-invoice'], { cwd: ROOT, stdio: 'inherit' });
    execFileSync('sh', ['-c', `${join(ROOT, 'target/release/examples/gen-invoice')} ${sizeMb} 400 > ${file}`]);
    const mb = statSync(file).size / 1e6;
    const results = [];
    for (const engine of ENGINES) {
      console.log(`${engine}: TTM Check and PapaParse on ${mb.toFixed(0)} MB, ${runs} runs each…`);
      const out = execFileSync('node', [import.meta.filename, '--one', file, String(mb), String(runs)], {
        env: { ...process.env, TTM_ENGINE: engine },
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
        maxBuffer: 1 << 20,
      });
      const r = JSON.parse(out.trim().split('\n').pop());
      console.log(`  TTM Check ${r.ours.map((x) => x.toFixed(0)).join(', ')} MB/s; PapaParse ${r.papa.map((x) => x.toFixed(0)).join(', ')} MB/s`);
      results.push(r);
    }
    const r0 = (x) => x.toFixed(0);
    const row = (label, f) => `| ${label} | ${results.map(f).join(' | ')} |`;
    const section = `
## Every engine

The same ${r0(mb)} MB file in each engine the end-to-end suite runs in, each driven as the suite drives it
(Chromium and Firefox ESR by playwright-core, WebKitGTK's MiniBrowser over WebDriver under Xvfb): TTM Check as a user
meets it (the file given 2 s after the page shows, timed in the page from the file input's change to the painted
portfolio) and PapaParse in the same engine on the same bytes and sums. Median of ${runs} runs
(\`tests/bench/engines.mjs\`).

| | ${results.map((r) => r.engine).join(' | ')} |
|---|${results.map(() => '---').join('|')}|
${row('TTM Check, MB/s', (r) => r0(median(r.ours)))}
${row('PapaParse, MB/s', (r) => r0(median(r.papa)))}
${row('Ratio TTM Check / PapaParse', (r) => `${(median(r.ours) / median(r.papa)).toFixed(2)}×`)}
${row('Runs, TTM Check (MB/s)', (r) => r.ours.map(r0).join(', '))}
${row('Runs, PapaParse (MB/s)', (r) => r.papa.map(r0).join(', '))}

User agents: ${results.map((r) => `${r.engine} \`${r.version}\``).join('; ')}.
`;
    const path = join(ROOT, 'BENCHMARKS.md');
    const current = readFileSync(path, 'utf8').replace(/\n## Every engine\n[\s\S]*?(?=\n## |$)/, '');
    writeFileSync(path, current.trimEnd() + '\n' + section);
    console.log(section);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
