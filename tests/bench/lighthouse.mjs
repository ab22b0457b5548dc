// Lighthouse in `make bench` (issue 30): the release build served as a
// production host serves it — every text file as the precompressed `.gz`
// beside it (.ci/post-build.sh writes them) when the browser accepts gzip —
// measured by Lighthouse 12 in Debian's Chromium, mobile (its default:
// simulated slow 4G and a 4× slower CPU) and desktop. Adds the "Lighthouse"
// section to BENCHMARKS.md.
//
//   node tests/bench/lighthouse.mjs [RUNS]   median of RUNS runs of each (default 3)
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const DIST = join(ROOT, 'dist');
const HERE = join(ROOT, 'tests/bench/lighthouse');
const runs = Number(process.argv[2] ?? 3);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (!existsSync(join(HERE, 'node_modules/lighthouse'))) execFileSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: HERE, stdio: 'inherit' });

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.json': 'application/json', '.txt': 'text/plain; charset=utf-8', '.wasm': 'application/wasm',
};

/** dist/ as a static host with precompressed files serves it: the `.gz` copy where there is one and gzip is accepted. */
function host() {
  const server = createServer((req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^\/+/, '');
    if (path === '' || path.endsWith('/')) path += 'index.html';
    const file = join(DIST, path);
    if (!file.startsWith(DIST) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache', vary: 'accept-encoding' };
    const gz = `${file}.gz`;
    if (/\bgzip\b/.test(req.headers['accept-encoding'] ?? '') && existsSync(gz)) {
      res.writeHead(200, { ...headers, 'content-encoding': 'gzip' }).end(readFileSync(gz));
    } else {
      res.writeHead(200, headers).end(readFileSync(file));
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

const server = await host();
// The reports are kept (under target/, ignored by git) to be read.
const work = join(ROOT, 'target', 'lighthouse');
mkdirSync(work, { recursive: true });
const results = { mobile: [], desktop: [] };
try {
  for (let i = 0; i < runs; i++) {
    for (const form of ['mobile', 'desktop']) {
      const out = join(work, `${form}-${i}.json`);
      // Not execFileSync: the host below answers from this process's event loop.
      await promisify(execFile)(join(HERE, 'node_modules/.bin/lighthouse'), [
        server.url, '--quiet', '--output=json', `--output-path=${out}`,
        '--only-categories=performance,accessibility,best-practices,seo',
        '--chrome-flags=--headless=new --no-sandbox --disable-gpu',
        ...(form === 'desktop' ? ['--preset=desktop'] : []),
      ], { env: { ...process.env, CHROME_PATH: process.env.CHROMIUM ?? '/usr/bin/chromium' }, timeout: 300_000 });
      const report = JSON.parse(readFileSync(out, 'utf8'));
      const score = (c) => Math.round(report.categories[c].score * 100);
      const ms = (a) => report.audits[a].numericValue;
      results[form].push({
        performance: score('performance'), accessibility: score('accessibility'), practices: score('best-practices'), seo: score('seo'),
        fcp: ms('first-contentful-paint'), lcp: ms('largest-contentful-paint'), tbt: ms('total-blocking-time'), cls: report.audits['cumulative-layout-shift'].numericValue,
        version: report.lighthouseVersion,
        lcpElement: report.audits['largest-contentful-paint-element']?.details?.items?.[0]?.items?.[0]?.node?.snippet ?? '?',
        // What holds a score of the four categories back.
        failing: Object.values(report.audits).filter((a) => a.score !== null && a.score < 0.9 && !['informative', 'notApplicable', 'manual'].includes(a.scoreDisplayMode)).map((a) => a.id),
      });
      console.log(form, JSON.stringify(results[form].at(-1)));
    }
  }
} finally {
  server.close();
}

const pick = (form, key) => median(results[form].map((r) => r[key]));
const row = (form) => `| ${form} | ${pick(form, 'performance')} | ${(pick(form, 'fcp') / 1000).toFixed(1)} s | ${(pick(form, 'lcp') / 1000).toFixed(1)} s | ${Math.round(pick(form, 'tbt'))} ms | ${pick(form, 'cls').toFixed(3)} | ${pick(form, 'accessibility')} | ${pick(form, 'practices')} | ${pick(form, 'seo')} |`;
const section = `
## Lighthouse

Lighthouse ${results.mobile[0].version} in Debian's Chromium against the release build served as a production host serves it (each
text file as its precompressed \`.gz\`), mobile (simulated slow 4G, 4× slower CPU) and desktop; median of ${runs} runs
(\`tests/bench/lighthouse.mjs\`). Budgets (issue 30): mobile performance ≥ 90, SEO ≥ 90, accessibility and best practices
100; desktop performance ≥ 98.

| | performance | FCP | LCP | TBT | CLS | accessibility | best practices | SEO |
|---|---|---|---|---|---|---|---|---|
${row('mobile')}
${row('desktop')}

Audits under 0.9 in any run: mobile ${[...new Set(results.mobile.flatMap((r) => r.failing))].map((a) => `\`${a}\``).join(', ') || 'none'}; desktop ${[...new Set(results.desktop.flatMap((r) => r.failing))].map((a) => `\`${a}\``).join(', ') || 'none'}.
\`robots-txt\` fails because Lighthouse fetches \`robots.txt\` from inside the page, which the page's CSP forbids
(\`connect-src 'none'\`; GoogleChrome/lighthouse#4386); a crawler fetches it as a file, and the privacy guarantee is not
loosened for a lab tool. \`valid-source-maps\` and \`unminified-javascript\`: the release build ships no source maps, and
its JS glue is wasm-bindgen's, as written.
`;
const path = join(ROOT, 'BENCHMARKS.md');
const current = readFileSync(path, 'utf8').replace(/\n## Lighthouse\n[\s\S]*?(?=\n## |$)/, '');
writeFileSync(path, current.trimEnd() + '\n' + section);
console.log(section);
