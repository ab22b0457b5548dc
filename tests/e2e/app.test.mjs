// The release build in a real headless Chromium: it loads, renders, reacts,
// and makes no request but for its own static files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DIST, ROOT, SEES_WORKERS, openApp, appUnderTest, norm, download } from './harness.mjs';

// Served under a sub-path, which proves the relative asset paths.
const t = appUnderTest('/tools/ttm/');

test('the app renders and counts pasted lines', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await page.getByRole('heading', { name: 'TTM Check' }).waitFor();
  const paste = page.locator('#paste');
  await paste.fill('4816859\t2025-01-05\t100.00\n4816859\t2025-02-05\t50.00\n4816859\t2025-03-05\t25.00');
  await page.getByText('3 lines').waitFor();
  await paste.fill('one line');
  await page.getByText('1 line', { exact: true }).waitFor();
  assert.deepEqual(errors, []);
});

test('the page requests nothing but its own static files', async () => {
  const { page, requests } = await openApp(t.browser.context, t.server.url);
  await page.locator('#paste').fill('a\nb');
  await page.getByText('2 lines').waitFor();
  const own = new Set(readdirSync(DIST));
  const ownFile = (path) => own.has(path.slice('/tools/ttm/'.length) || 'index.html');
  for (const url of requests) {
    const u = new URL(url);
    assert.equal(u.origin, t.server.origin, `request to another origin: ${url}`);
    assert.ok(ownFile(u.pathname), `request for a file that is not part of dist/: ${url}`);
  }
  // What the server was asked for, the workers' requests too (WebKit's list
  // of the page's requests leaves out those of static/compile.js).
  for (const path of t.server.requested) assert.ok(ownFile(path), `a request for a file that is not part of dist/: ${path}`);
  assert.ok(t.server.requested.some((p) => p.endsWith('/ttm-check_wasm.js')), 'the app module was loaded');
});

test('analysing the sample data sends nothing anywhere', async () => {
  const { page, requests, errors } = await openApp(t.browser.context, t.server.url);
  await page.click('#sample');
  await page.waitForSelector('.file-item .account');
  await page.waitForSelector('.portfolio-table tbody tr');
  await page.click('.portfolio-table tbody tr:first-child .link');
  await page.locator('.reseller-detail .revenue-chart').waitFor();
  // Everything requested, from loading the page to the detail view, is one
  // of the app's own files: the page, its modules, the worker and its modules.
  const own = new Set(readdirSync(DIST));
  for (const url of requests) {
    const u = new URL(url);
    assert.equal(u.origin, t.server.origin, `request to another origin: ${url}`);
    assert.ok(own.has(u.pathname.slice('/tools/ttm/'.length) || 'index.html'), `request for something other than the app's files: ${url}`);
  }
  assert.ok(requests.some((u) => u.endsWith('/worker.js')), 'the worker was started');
  // The file was read in the worker (its Wasm heap is in use there).
  if (SEES_WORKERS) assert.ok((await page.workers()[0].evaluate(() => globalThis.ttmCheckDiagnostics?.wasmMemoryBytes)) > 0);
  // The release build scans CSV with WebAssembly SIMD (`+simd128` comes from
  // .cargo/config.toml, so a plain `trunk build --release` has it too).
  if (SEES_WORKERS) assert.equal(await page.workers()[0].evaluate(() => globalThis.ttmCheckDiagnostics?.scanner), 'wasm-simd128');
  // Chromium's Blob streams are byte streams: the worker reads a file into
  // one reused buffer (static/worker.js, bytesOf), not into a new one per chunk.
  if (SEES_WORKERS) assert.equal(await page.workers()[0].evaluate(() => globalThis.ttmCheckDiagnostics?.lastStreamReader), 'byob');
  // The app's globals on the page: its API, the loader's three, and at most one
  // diagnostics object for tests and benchmarks (no loose test hooks).
  const globals = await page.evaluate(() => Object.keys(globalThis).filter((k) => /^ttm/i.test(k)));
  const allowed = ['ttmCheck', 'ttmCheckBase', 'ttmCheckDiagnostics', 'ttmCheckInputs', 'ttmCheckWorkbook'];
  assert.deepEqual(globals.filter((g) => !allowed.includes(g)), [], `unexpected globals: ${globals}`);
  assert.equal(await page.locator('.status-summary .status-chip').count(), 8, 'the sample shows every status');
  assert.deepEqual(errors, []);
});

test('the page exposes the JS API: assess() returns the CLI shape', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  const report = await page.evaluate(() => window.ttmCheck.assess(
    [{ name: 'recon.csv', text: 'ResellerMpnId,OrderDate,Subtotal,Currency\n4816859,7/15/2026,1200.00,USD\n' }],
    { as_of: '2026-11-28', register: { name: 'r.csv', text: 'reseller_id,name,onboarding_date\n4816859,Contoso,2021-06-19\n' } }));
  assert.equal(report.as_of, '2026-11-28');
  assert.equal(report.resellers[0].status, 'on_track');
  assert.equal(report.resellers[0].ttm_net_usd, '1200.00');
  assert.equal(report.resellers[0].next_evaluation, '2027-06-01');
});

test('the Content-Security-Policy blocks any connection', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  const outcome = await page.evaluate(async (origin) => {
    try {
      await fetch(`${origin}/tools/ttm/index.html`);
      return 'fetched';
    } catch (e) {
      return `blocked: ${e.name}`;
    }
  }, t.server.origin);
  assert.match(outcome, /^blocked/);
});

test('a workbook is read through the workbook module, which loads only then', async () => {
  const { page, requests, errors } = await openApp(t.browser.context, t.server.url);
  await page.locator('#paste').fill('a');
  assert.ok(!requests.some((u) => u.includes('ttm-check-xlsx')), 'the first screen does not load the workbook module');
  await page.setInputFiles('#file-input', join(ROOT, 'tests/data/workbook.xlsx'));
  const account = page.locator('.file-item[data-file="workbook.xlsx"] .account');
  await account.waitFor();
  const text = norm(await account.textContent());
  assert.match(text, /Table with mapped columns · sheet workbook/);
  assert.match(text, /3 lines read: 3 used \(USD 1,276\.01\)/);
  assert.ok(requests.some((u) => u.endsWith('ttm-check-xlsx_wasm.js')), 'loaded for the workbook');
  // A ZIP that is no workbook: the file's error, the page goes on.
  await page.setInputFiles('#file-input', { name: 'not-a-workbook.xlsx', mimeType: 'application/zip', buffer: Buffer.from('PK\x03\x04 not really a zip') });
  assert.match(norm(await page.locator('.file-item[data-file="not-a-workbook.xlsx"] .error').textContent()), /not a readable \.xlsx workbook/);
  assert.deepEqual(errors, []);
});

test('assessAsync() reads a workbook given as bytes, assess() says it needs it', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  const bytes = [...readFileSync(join(ROOT, 'tests/data/workbook.xlsx'))];
  const result = await page.evaluate(async (b) => {
    const files = [{ name: 'w.xlsx', bytes: new Uint8Array(b) }];
    const sync = window.ttmCheck.assess(files, { as_of: '2026-11-28' });
    const full = await window.ttmCheck.assessAsync(files, { as_of: '2026-11-28' });
    return { syncError: sync.ingest.files[0].error, used: full.ingest.files[0].used };
  }, bytes);
  assert.match(result.syncError, /assessAsync/);
  assert.equal(result.used.lines, 3);
  assert.equal(result.used.usd, '1276.01');
});

test('a large portfolio shows the most urgent 50 first, then more on request', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const lines = ['ResellerMpnId,OrderDate,Subtotal,Currency'];
  for (let r = 0; r < 250; r++) lines.push(`${7100000 + r},2026-0${1 + (r % 9)}-15,${r}.50,USD`);
  await page.setInputFiles('#file-input', { name: 'many.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  await page.locator('#show-more').waitFor();
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), 50);
  assert.match(norm(await page.locator('.more-rows p').textContent()), /first 50 of 250/);
  await page.click('#show-more');
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), 100);
  await page.click('#show-all');
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), 250);
  assert.equal(await page.locator('#show-more').count(), 0);
  assert.deepEqual(errors, []);
});

test('works offline once loaded: reload, analyse, read a workbook and export one without the server', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  // The service worker has the app's files once it is active; it serves
  // the page from its next load on (it does not claim the page that
  // registered it).
  await page.evaluate(() => navigator.serviceWorker.ready);
  // Offline as the browser has it; where the driver cannot say so (WebKit
  // over WebDriver), the server is gone instead: every request fails.
  const offline = (gone) => (t.browser.context.setOffline ? t.browser.context.setOffline(gone) : t.server.down(gone));
  await offline(true);
  try {
    await page.reload();
    await page.waitForSelector('html[data-ttm-ready="true"]');
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'served by the service worker');
    await page.click('#sample');
    await page.locator('.portfolio-table tbody tr').first().waitFor();
    await page.setInputFiles('#file-input', join(ROOT, 'tests/data/workbook.xlsx'));
    assert.match(norm(await page.locator('.file-item[data-file="workbook.xlsx"] .account').textContent()), /3 used/);
    const saved = await download(page, '.portfolio-table [data-export="xlsx"]');
    assert.match(saved.suggestedFilename(), /\.xlsx$/);
    // And the network was indeed gone: the page could not load anything new.
    if (t.browser.context.setOffline) assert.equal(await page.evaluate(() => navigator.onLine), false);
  } finally {
    await offline(false);
  }
});

test('assess() and assessAsync() read a .csv.gz of several members given as bytes, as its plain text', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const plain = [...readFileSync(join(ROOT, 'tests/data/real/invoice.csv'))];
  const gz = [...readFileSync(join(ROOT, 'tests/data/real/invoice.csv.gz'))];
  const result = await page.evaluate(async ([p, g]) => {
    const options = { as_of: '2026-11-28' };
    const figures = (r) => ({ error: r.ingest.files[0].error ?? null, resellers: r.resellers.map((x) => [x.reseller_id, x.ttm_net_usd]) });
    return {
      plain: figures(window.ttmCheck.assess([{ name: 'invoice.csv', bytes: new Uint8Array(p) }], options)),
      sync: figures(window.ttmCheck.assess([{ name: 'invoice.csv.gz', bytes: new Uint8Array(g) }], options)),
      async: figures(await window.ttmCheck.assessAsync([{ name: 'invoice.csv.gz', bytes: new Uint8Array(g) }], options)),
    };
  }, [plain, gz]);
  assert.equal(result.plain.resellers.length, 4);
  assert.deepEqual(result.sync, result.plain);
  assert.deepEqual(result.async, result.plain);
  assert.deepEqual(errors, []);
});

test('the page describes itself in the user\'s language; robots may read it; every text file has its gzip and brotli copies beside it', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const description = () => page.getAttribute('meta[name="description"]', 'content');
  assert.match(await description(), /^Check Microsoft CSP indirect resellers .* never sent anywhere\.$/);
  await page.selectOption('#language', 'de');
  await page.waitForFunction(() => document.documentElement.lang === 'de');
  assert.match(await description(), /^Prüft Microsoft-CSP-Indirect-Reseller .* nirgendwohin gesendet\.$/);
  await page.selectOption('#language', 'en');
  assert.deepEqual(errors, []);
  // robots.txt, as a crawler reads it: everything may be read.
  const robots = readFileSync(join(DIST, 'robots.txt'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  assert.deepEqual(robots, ['User-agent: *', 'Allow: /']);
  // Precompressed copies for hosts that serve them: the same bytes, gzip
  // and Brotli, the Brotli copy the smaller.
  const texts = readdirSync(DIST).filter((f) => /\.(html|js|css|svg|txt)$/.test(f));
  assert.ok(texts.length >= 15, texts.join(' '));
  let gz = 0;
  let br = 0;
  for (const f of texts) {
    const plain = readFileSync(join(DIST, f));
    const [gzipped, brotli] = [readFileSync(join(DIST, `${f}.gz`)), readFileSync(join(DIST, `${f}.br`))];
    assert.ok(gunzipSync(gzipped).equals(plain), `${f}.gz is ${f}`);
    assert.ok(brotliDecompressSync(brotli).equals(plain), `${f}.br is ${f}`);
    gz += gzipped.length;
    br += brotli.length;
  }
  assert.ok(br < gz, `Brotli ${br} B, gzip ${gz} B`);
});
