// The background reader when it fails: a reader that cannot start, and a
// reader that dies in the middle of a file. Either way the page says which
// file could not be read, and the next file is read. Both failures are
// made by the test only: a copy of dist/ whose module loader fails the
// reader's first two loads, and an error thrown inside the live reader
// through the DevTools protocol; neither exists in the app.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIST, ROOT, launch, onlyIn, norm, openApp, serve, setAsOf } from './harness.mjs';

const INVOICE = join(ROOT, 'tests/data/real/invoice.csv');
const t = {};
const dirs = [];

before(async () => {
  // dist/ as built, but the worker's first two module loads fail (its
  // warm-up at page load, and the first file's): start() rejects.
  const broken = mkdtempSync(join(tmpdir(), 'ttm-broken-'));
  dirs.push(broken);
  cpSync(DIST, broken, { recursive: true });
  const loader = join(broken, 'wasm-module.js');
  writeFileSync(loader, readFileSync(loader, 'utf8').replace(
    'export function wasmBytes() {',
    `let failures = 0;
export function wasmBytes() {
  if (typeof WorkerGlobalScope !== 'undefined' && self.name !== 'ttm-check-helper' && failures < 2) {
    failures += 1;
    return Promise.reject(new Error('test: the module did not load'));
  }`,
  ));
  t.broken = await serve(broken);
  t.server = await serve(DIST);
  t.browser = await launch();
});

after(async () => {
  await t.browser?.close();
  t.broken?.close();
  t.server?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const item = (page, name) => page.locator(`.file-item[data-file="${name}"]`);

test('readers that never answer are restarted, and the file is read', async () => {
  // The first two readers started for the page never answer, as Firefox's
  // reader sometimes froze starting its nested helper; the third is the real
  // one. (Silent, not spinning: a worker in a busy loop takes Firefox seconds
  // to terminate on a loaded machine, which is not what is tested here.)
  // A worker's script is requested in mode same-origin, directly or through
  // the service worker (which copies it in mode cors).
  let readers = 0;
  const server = await serve(DIST, '/', {
    answer: (req, path) => {
      if (path !== 'worker.js' || req.headers['sec-fetch-mode'] !== 'same-origin') return undefined;
      readers += 1;
      return readers <= 2 ? 'self.onmessage = () => {};\n' : undefined;
    },
  });
  try {
    const { page } = await openApp(t.browser.context, server.url);
    await setAsOf(page, '2026-11-28');
    await page.setInputFiles('#file-input', { name: 'first.csv', mimeType: 'text/csv', buffer: readFileSync(INVOICE) });
    // After twice the page's 10 s of patience, and a third reader's start.
    const account = item(page, 'first.csv').locator('.account');
    await account.waitFor({ timeout: 50_000 }).catch(async (e) => {
      throw new Error(`${e.message}\nthe file shows: ${norm(await item(page, 'first.csv').textContent())}`);
    });
    assert.equal(await page.locator('.portfolio-table tbody tr').count(), 4);
    // Three workers' scripts: no helper was started by a reader started
    // again (a 1 KB file needs none).
    assert.equal(readers, 3, 'two silent readers, then the real one, alone');
    await page.close();
  } finally {
    server.close();
  }
});

test('a reader that cannot start: the file says so, and the next file is read', async () => {
  const { page } = await openApp(t.browser.context, t.broken.url);
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#file-input', { name: 'first.csv', mimeType: 'text/csv', buffer: readFileSync(INVOICE) });
  const error = item(page, 'first.csv').locator('.error');
  await error.waitFor({ timeout: 30_000 });
  assert.match(norm(await error.textContent()), /^first\.csv could not be read: the background reader could not start \(test: the module did not load\)/);
  await page.setInputFiles('#file-input', { name: 'second.csv', mimeType: 'text/csv', buffer: readFileSync(INVOICE) });
  await item(page, 'second.csv').locator('.account').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), 4);
});

test('a reader that dies mid-file: that file is reported, the next one is read', onlyIn('chromium', 'the reader worker is rigged from inside, and only Chromium\'s driver reaches a worker'), async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  // A file of many chunks (some 40 MB), then a small one.
  const dir = mkdtempSync(join(tmpdir(), 'ttm-large-'));
  dirs.push(dir);
  const invoice = readFileSync(INVOICE, 'utf8');
  const [header, ...lines] = invoice.trimEnd().split('\n');
  const body = `${lines.join('\n')}\n`;
  const large = join(dir, 'large.csv');
  writeFileSync(large, `${header}\n${body.repeat(Math.ceil((40 << 20) / body.length))}`);
  const small = join(dir, 'small.csv');
  writeFileSync(small, invoice);
  // The page's reader (started with the page), rigged before any file
  // comes: its first progress report of a file (after the file's first
  // chunk, so in the middle of it) throws an uncaught error, as a reader
  // that dies does. Not a timer: one could fire only after the file.
  let reader;
  for (let i = 0; i < 100 && !reader; i++) {
    for (const w of page.workers()) if ((await w.evaluate(() => self.name).catch(() => 'gone')).startsWith('ttm-check-reader')) reader = w;
    if (!reader) await page.waitForTimeout(100);
  }
  assert.ok(reader, 'the page has its reader');
  await reader.evaluate(() => {
    const post = self.postMessage.bind(self);
    self.postMessage = (message, transfer) => {
      if (typeof message?.message === 'string' && message.message.startsWith('{"progress"')) {
        self.postMessage = post;
        queueMicrotask(() => { throw new Error('test: the reader dies'); });
      }
      return post(message, transfer);
    };
  });
  await page.setInputFiles('#file-input', [large, small]);
  const error = item(page, 'large.csv').locator('.error');
  await error.waitFor({ timeout: 30_000 });
  assert.match(norm(await error.textContent()), /^Reading large\.csv stopped the background reader/);
  await item(page, 'small.csv').locator('.account').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), 4);
});
