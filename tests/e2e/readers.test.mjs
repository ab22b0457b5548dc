// A large file read by N readers (issue 17): the page's
// navigator.hardwareConcurrency sets how many workers read parts of a file
// of 64 MiB or more. Whatever N, and wherever the cuts fall (inside quoted
// line breaks too), the answer is the one reader's, and the CLI's.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { ENGINE, FIXTURES, ROOT, SEES_WORKERS, onlyIn, openApp, appUnderTest, launch, norm, setAsOf } from './harness.mjs';

const t = appUnderTest('/');
let dir;
let file;

before(() => {
  // The invoice fixture's lines, repeated with other resellers until past
  // 70 MB. In the second half every record ends with a quoted line break
  // (`"note⏎"`), so that nearly every cut there falls inside a record (the
  // reader before it reads on) while the cuts in the first half fall
  // between records (the parts are joined).
  const [header, ...lines] = readFileSync(join(FIXTURES, 'nce-invoice.csv'), 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
  const columns = header.split(',');
  const reseller = columns.indexOf('ResellerMpnId');
  const out = [header];
  let bytes = header.length;
  for (let round = 0; bytes < 70 * 1024 * 1024; round++) {
    for (const [i, line] of lines.entries()) {
      const f = line.split(',');
      if (f.length !== columns.length) continue;
      if (f[reseller] !== '' && f[reseller] !== '0') f[reseller] = String(Number(f[reseller]) + (round % 7));
      if (bytes > 36 * 1024 * 1024) f[f.length - 1] = `"note ${round}\n"`;
      const text = f.join(',');
      out.push(text);
      bytes += text.length + 1;
    }
  }
  dir = mkdtempSync(join(tmpdir(), 'ttm-readers-'));
  file = join(dir, 'large-invoice.csv');
  writeFileSync(file, out.join('\n') + '\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

/** The app's answer with `cores` as the page's hardwareConcurrency. */
async function readWith(cores) {
  const page = await t.browser.context.newPage();
  await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
  await page.goto(t.server.url);
  await page.waitForSelector('html[data-ttm-ready="true"]');
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#file-input', file);
  await page.waitForSelector('.file-item .account', { timeout: 120_000 });
  const reader = page.workers().find(() => true);
  let diagnostics = {};
  for (const w of page.workers()) {
    const d = await w.evaluate(() => ({ name: self.name, readers: globalThis.ttmCheckDiagnostics?.lastReaders, joined: globalThis.ttmCheckDiagnostics?.lastPartsJoined })).catch(() => ({}));
    if (d.name?.startsWith('ttm-check-reader')) diagnostics = d;
  }
  if (SEES_WORKERS) assert.ok(reader, 'the reader worker runs');
  if (await page.locator('#show-all').count()) await page.click('#show-all');
  const rows = await page.locator('.portfolio-table tbody tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.reseller, tr.querySelector('[data-field="ttm_net_usd"]').textContent])));
  const account = norm(await page.locator('.file-item .account').textContent());
  await page.close();
  return { rows, account, diagnostics };
}

test('a large file read by 1, 2, 3 and 4 readers: the same answer, the CLI’s', onlyIn(['chromium', 'firefox'], 'the page\'s hardwareConcurrency is set by an init script, before its own scripts run, which WebDriver cannot do'), async () => {
  const exe = join(ROOT, 'target', 'debug', 'ttm-check');
  assert.ok(existsSync(exe), `the CLI is built by cargo test first: ${exe}`);
  const cli = spawnSync(exe, ['assess', file, '--as-of', '2026-11-28', '--compact'], { encoding: 'utf8', maxBuffer: 1 << 28, env: { ...process.env, RAYON_NUM_THREADS: '1' } });
  assert.equal(cli.status, 0, cli.stderr);
  const want = JSON.parse(cli.stdout);
  const one = await readWith(1);
  // How many readers read, and how many parts were joined, only Chromium's driver sees.
  if (SEES_WORKERS) assert.equal(one.diagnostics.readers, 1);
  assert.match(one.account, new RegExp(`${want.ingest.files[0].used.lines.toLocaleString('en-GB')} used`));
  assert.equal(Object.keys(one.rows).length, want.resellers.length);
  for (const r of want.resellers) {
    const [int, frac] = r.ttm_net_usd.replace('-', '').split('.');
    const shown = `${r.ttm_net_usd.startsWith('-') ? '-' : ''}USD ${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
    assert.equal(norm(one.rows[r.reseller_id]), shown, `${r.reseller_id}: TTM as the CLI has it`);
  }
  const joinedSomewhere = [];
  for (const cores of [2, 3, 4]) {
    const many = await readWith(cores);
    if (SEES_WORKERS) {
      assert.equal(many.diagnostics.readers, cores, `${cores} readers`);
      assert.ok(many.diagnostics.joined >= 1 && many.diagnostics.joined <= cores);
      joinedSomewhere.push(many.diagnostics.joined);
    }
    assert.deepEqual(many.rows, one.rows, `${cores} readers: the same figures`);
    assert.equal(many.account, one.account, `${cores} readers: the same account of every line`);
  }
  // Parts were joined, and a reader whose part ended inside a record read
  // on (with 3 and 4 readers the last cut falls in the second half).
  if (SEES_WORKERS) {
    assert.ok(joinedSomewhere.some((j) => j > 1), `parts joined: ${joinedSomewhere}`);
    assert.ok(joinedSomewhere[1] < 3 && joinedSomewhere[2] < 4, `a part read on: ${joinedSomewhere}`);
  }
});

test('this engine\'s own Blob streams and cores: the large file gives the CLI\'s answer', async () => {
  // What the engine has, as the reader meets it: WebKit's Blob streams are
  // no byte streams, so there every file is read from the stream's own
  // chunks (reading.js's fallback); Chromium and Firefox read into one
  // reused buffer. The cores are the engine's own (no init script).
  const exe = join(ROOT, 'target', 'debug', 'ttm-check');
  const cli = spawnSync(exe, ['assess', file, '--as-of', '2026-11-28', '--compact'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  assert.equal(cli.status, 0, cli.stderr);
  const want = JSON.parse(cli.stdout);
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const byob = await page.evaluate(() => {
    try {
      new Blob(['x']).stream().getReader({ mode: 'byob' }).releaseLock();
      return true;
    } catch {
      return false;
    }
  });
  assert.equal(byob, ENGINE !== 'webkit', `byte streams for Blob in ${ENGINE}`);
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#file-input', file);
  await page.locator('.file-item .account').waitFor({ timeout: 120_000 });
  assert.match(norm(await page.locator('.file-item .account').textContent()), new RegExp(`${want.ingest.files[0].used.lines.toLocaleString('en-GB')} used`));
  if (await page.locator('#show-all').count()) await page.click('#show-all');
  const rows = await page.locator('.portfolio-table tbody tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.reseller, tr.querySelector('[data-field="ttm_net_usd"]').textContent])));
  assert.equal(Object.keys(rows).length, want.resellers.length);
  for (const r of want.resellers) {
    const [int, frac] = r.ttm_net_usd.replace('-', '').split('.');
    assert.equal(norm(rows[r.reseller_id]), `${r.ttm_net_usd.startsWith('-') ? '-' : ''}USD ${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`, r.reseller_id);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

/** The app's answer to `files` given at once, with `cores` as hardwareConcurrency. */
async function readBatch(files, cores) {
  const page = await t.browser.context.newPage();
  await page.addInitScript((n) => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => n }), cores);
  await page.goto(t.server.url);
  await page.waitForSelector('html[data-ttm-ready="true"]');
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction((n) => document.querySelectorAll('.file-item .account').length === n, files.length, { timeout: 60_000 });
  let lent = 0;
  for (const w of page.workers()) {
    const d = await w.evaluate(() => ({ name: self.name, lent: globalThis.ttmCheckDiagnostics?.filesLent ?? 0 })).catch(() => ({}));
    if (d.name?.startsWith('ttm-check-reader')) lent = d.lent;
  }
  const derivations = await page.evaluate(() => globalThis.ttmCheckDiagnostics?.derivations);
  if (await page.locator('#show-all').count()) await page.click('#show-all');
  const rows = await page.locator('.portfolio-table tbody tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.reseller, tr.querySelector('[data-field="ttm_net_usd"]').textContent])));
  const accounts = (await page.locator('.file-item .account').allTextContents()).map(norm);
  await page.close();
  return { rows, accounts, lent, derivations };
}

test('small files given together are read side by side: the same answer as one at a time', onlyIn(['chromium', 'firefox'], 'the page\'s hardwareConcurrency is set by an init script, before its own scripts run, which WebDriver cannot do'), async () => {
  // Files of every kind a helper has to read whole as this reader would:
  // plain CSV, daily usage beside its invoice, a gzip file, a workbook, a
  // monthly report.
  const files = [
    join(FIXTURES, 'nce-invoice.csv'),
    join(FIXTURES, 'tier2-daily.csv'),
    join(FIXTURES, 'tier2-invoice.csv'),
    join(FIXTURES, 'legacy-license.csv'),
    join(ROOT, 'tests', 'data', 'real', 'invoice.csv.gz'),
    join(ROOT, 'tests', 'data', 'workbook.xlsx'),
    join(ROOT, 'tests', 'data', 'real', 'reseller-performance.csv'),
  ];
  const one = await readBatch(files, 1);
  assert.equal(one.lent, 0, 'one core: one file at a time');
  assert.ok(Object.keys(one.rows).length > 10, `tenants shown: ${Object.keys(one.rows).length}`);
  assert.equal(one.accounts.length, files.length);
  for (const cores of [2, 3]) {
    const many = await readBatch(files, cores);
    if (SEES_WORKERS) assert.ok(many.lent >= 1, `${cores} cores: files lent to helpers (${many.lent})`);
    assert.deepEqual(many.rows, one.rows, `${cores} cores: the same figures`);
    assert.deepEqual(many.accounts, one.accounts, `${cores} cores: the same account of every file`);
    // Combined at the batch's first and last file, not after every one.
    assert.ok(many.derivations < files.length, `${cores} cores: combined ${many.derivations} times for ${files.length} files`);
  }
});

test('without byte streams for Blob (as in WebKit) the stream\'s own chunks give the same answer', onlyIn('chromium', 'WebKit\'s Blob streams emulated where the driver sees which stream the reader took; WebKit itself reads every file of the suite so'), async () => {
  // The reader module served with Blob streams that have no BYOB reader,
  // to every worker that imports it (the reader and its helpers); no
  // service worker, which would answer before the route.
  const other = await launch({ serviceWorkers: 'block' });
  const context = other.context;
  await context.route('**/reading.js', async (route) => {
    const original = await (await route.fetch()).text();
    const noByob = `{ const plain = ReadableStream.prototype.getReader;
      ReadableStream.prototype.getReader = function (options) {
        if (options?.mode === 'byob') throw new TypeError('no byte stream');
        return plain.call(this, options);
      }; }\n`;
    await route.fulfill({ body: noByob + original, contentType: 'text/javascript' });
  });
  const answer = async (ctx) => {
    const page = await ctx.newPage();
    await page.goto(t.server.url);
    await page.waitForSelector('html[data-ttm-ready="true"]');
    await setAsOf(page, '2026-11-28');
    await page.setInputFiles('#file-input', file);
    await page.waitForSelector('.file-item .account', { timeout: 120_000 });
    let stream;
    for (const w of page.workers()) stream ??= await w.evaluate(() => (self.name.startsWith('ttm-check-reader') ? globalThis.ttmCheckDiagnostics?.lastStreamReader : undefined)).catch(() => undefined);
    if (await page.locator('#show-all').count()) await page.click('#show-all');
    const rows = await page.locator('.portfolio-table tbody tr').evaluateAll((trs) => Object.fromEntries(trs.map((tr) => [tr.dataset.reseller, tr.querySelector('[data-field="ttm_net_usd"]').textContent])));
    const account = norm(await page.locator('.file-item .account').textContent());
    await page.close();
    return { stream, rows, account };
  };
  try {
    const without = await answer(context);
    const withByob = await answer(t.browser.context);
    assert.equal(without.stream, 'default', 'the stream\'s own chunks were read');
    assert.equal(withByob.stream, 'byob');
    assert.deepEqual(without.rows, withByob.rows);
    assert.equal(without.account, withByob.account);
  } finally {
    await other.close();
  }
});
