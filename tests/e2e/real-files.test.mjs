// Files as users really have them, in the browser (tests/data/real/, the
// same files tests/real_files.rs reads natively): the same invoice lines as
// Partner Center's download, a German Excel re-save, with Excel's guard
// apostrophes, as two gzip members, in a ZIP archive, and as a Graph
// billing export (manifest and JSON-lines blobs); a US register; and the
// messages of a missing blob and of a truncated .gz.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { ROOT, openApp, appUnderTest, norm, setAsOf } from './harness.mjs';

const t = appUnderTest('/');
const REAL = join(ROOT, 'tests/data/real');
const BLOBS = ['part-00000-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz', 'part-00001-5d1e2c3b-7a8f-4e6d-9c0b-1a2b3c4d5e6f.c000.json.gz'];

// The figures worked out by hand from the lines (tests/real_files.rs).
const TTM = { 5120001: 'USD 1,453.93', 5120002: 'USD 1,011.67', 5120003: 'USD 5.79', 5120004: 'USD 1,497.88' };

async function load(page, files, accounts) {
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#file-input', files.map((f) => join(REAL, f)));
  await page.waitForFunction((n) => document.querySelectorAll('.file-item .account').length === n, accounts, { timeout: 60_000 });
}

async function ttm(page) {
  await page.waitForSelector('.portfolio-table tbody tr');
  return page.$$eval('.portfolio-table tbody tr', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.reseller, r.querySelector('[data-field="ttm_net_usd"]').textContent.replace(/[\u00a0\u202f]/g, ' ')])));
}

for (const [form, files, accounts] of [
  ['the Partner Center download', ['invoice.csv'], 1],
  ['a German Excel re-save (;, decimal comma, DD.MM.YYYY, Windows-1252)', ['invoice.excel-de.csv'], 1],
  ["Excel's guard apostrophes", ['invoice.guarded.csv'], 1],
  ['a .csv.gz of two gzip members', ['invoice.csv.gz'], 1],
  ['a ZIP archive of two CSV files and a PDF', ['invoice.zip'], 3],
  ['an OpenDocument spreadsheet (.ods, as LibreOffice and Google Sheets save it)', ['invoice.ods'], 1],
  ["the older REST API's responses: two pages, pretty-printed JSON documents", ['rest-api/page1.json', 'rest-api/page2.json'], 2],
  ["Windows PowerShell's Export-Csv (#TYPE line, every field quoted, UTF-16, en-US dates with a time)", ['invoice.powershell.csv'], 1],
  ["Windows PowerShell's Export-Csv in a German culture (dates 15.03.2026 00:00:00, decimal commas)", ['invoice.powershell-de.csv'], 1],
  ['a Graph billing export: manifest and JSON-lines blobs', ['graph-export/manifest.json', ...BLOBS.map((b) => `graph-export/${b}`)], 3],
]) {
  test(`the same lines as ${form} give the same figures`, async () => {
    const { page, errors } = await openApp(t.browser.context, t.server.url);
    await load(page, files, accounts);
    assert.deepEqual(await ttm(page), TTM);
    // Nothing asked, nothing rejected, and the manifest has nothing to say.
    assert.equal(await page.locator('.file-item .question').count(), 0);
    assert.equal(await page.locator('.file-item .warning-text[role="alert"]').count(), 0);
    assert.deepEqual(errors, []);
  });
}

test('an archive member that is no data file is named, not read', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await load(page, ['invoice.zip'], 3);
  const pdf = page.locator('.file-item[data-file="invoice.zip/march/README.pdf"]');
  assert.match(norm(await pdf.locator('.error').textContent()), /^not a data file/);
});

test('a US register is read month first: 5/10/2023 is 10 May', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await page.setInputFiles('#register-input', join(REAL, 'register.us.csv'));
  await load(page, ['invoice.csv'], 1);
  const next = (id) => page.locator(`tr[data-reseller="${id}"] [data-field="next_evaluation"]`).getAttribute('data-iso');
  await page.waitForFunction(() => document.querySelector('tr[data-reseller="5120001"] [data-field="next_evaluation"]')?.dataset.iso);
  assert.equal(await next('5120001'), '2027-05-01');
  assert.equal(await next('5120002'), '2027-05-01');
  assert.equal(await next('5120004'), '2027-03-01');
  assert.deepEqual(errors, []);
});

test('a register kept in Excel (.xlsx) is read through the workbook module', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await page.setInputFiles('#register-input', join(REAL, 'register.us.xlsx'));
  await load(page, ['invoice.csv'], 1);
  await page.waitForFunction(() => document.querySelector('tr[data-reseller="5120001"] [data-field="next_evaluation"]')?.dataset.iso === '2027-05-01');
  assert.match(norm(await page.locator('.register summary').textContent()), /register\.us\.xlsx: 4 resellers/);
  assert.deepEqual(errors, []);
});

test('a register that cannot tell day from month asks, and the answer dates it', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await page.setInputFiles('#register-input', join(REAL, 'register.ambiguous.csv'));
  await load(page, ['invoice.csv'], 1);
  const question = page.locator('.register .question');
  await question.waitFor();
  assert.match(norm(await question.textContent()), /5\/10\/2023/);
  await question.getByRole('button', { name: 'Day first (31/12/2025)' }).click();
  await page.waitForFunction(() => document.querySelector('tr[data-reseller="5120001"] [data-field="next_evaluation"]')?.dataset.iso === '2027-10-01');
  assert.equal(await page.locator('.register .question').count(), 0);
});

test('a missing Graph blob is named by its manifest', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await load(page, ['graph-export/manifest.json', `graph-export/${BLOBS[0]}`], 2);
  const warning = norm(await page.locator('.file-item[data-file="manifest.json"] .warning-text[role="alert"]').textContent());
  assert.equal(warning, `The manifest names ${BLOBS[1]}, which is not loaded: its line items are missing from every figure.`);
});

test('a truncated .gz counts the lines it has and says the rest is missing', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await load(page, ['truncated.csv.gz'], 1);
  const error = norm(await page.locator('.file-item .error').textContent());
  assert.match(error, /^the gzip data ends early after \d+ lines .*: the lines read are counted, the rest of the file is missing$/);
});

test('a dropped folder of Graph blobs is walked into its files, sorted, with their paths', async () => {
  // Playwright cannot drop a real folder: the drop's entries are given to
  // inputs.js as the browser would (webkitGetAsEntry: a directory whose
  // reader returns its files in two batches), then the files are read.
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const files = ['manifest.json', ...BLOBS].map((name) => ({ name, bytes: [...readFileSync(join(REAL, 'graph-export', name))] }));
  const names = await page.evaluate(async (files) => {
    // As the app calls it: the loader's, which gives it the domain's file kinds.
    const { expandFiles } = globalThis.ttmCheckInputs;
    const file = (f) => new File([new Uint8Array(f.bytes)], f.name);
    const entry = (f) => ({ isFile: true, isDirectory: false, name: f.name, file: (ok) => ok(file(f)) });
    const batches = [[entry(files[2]), entry(files[0])], [entry(files[1])], []];
    const folder = { isFile: false, isDirectory: true, name: 'export-2026-03', createReader: () => ({ readEntries: (ok) => ok(batches.shift()) }) };
    const expanded = await expandFiles([], [{ webkitGetAsEntry: () => folder }]);
    return expanded.map((e) => `${e.name} ${e.file.size}`);
  }, files);
  assert.deepEqual(names, files.map((f) => `export-2026-03/${f.name} ${f.bytes.length}`));
  assert.deepEqual(errors, []);
});

test('a 250 MB .csv.gz cut into members at random sizes gives the plain file\'s figures', async () => {
  const { gzipSync } = await import('node:zlib');
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  // The invoice's lines, repeated to some 250 MB (issue 29's size: the
  // plain file is read in parts by several readers, the .gz by one):
  // thousands of chunks of the browser's stream, and member ends anywhere.
  const text = readFileSync(join(REAL, 'invoice.csv'), 'utf8');
  const [header, ...rest] = text.split(/(?<=\n)/);
  const body = rest.join('');
  const plain = Buffer.from(header + body.repeat(Math.ceil(250e6 / body.length)));
  // Members of random sizes, from 1 byte to 8 MB (a fixed seed), and an empty one.
  let seed = 20261206;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const members = [gzipSync(Buffer.alloc(0))];
  for (let at = 0; at < plain.length;) {
    const size = random() < 0.2 ? 1 + Math.floor(random() * 64) : Math.floor(random() * (8 << 20));
    members.push(gzipSync(plain.subarray(at, at + size), { level: 1 }));
    at += size;
  }
  assert.ok(members.length > 8);
  const dir = mkdtempSync(join(tmpdir(), 'ttm-gz-'));
  try {
    writeFileSync(join(dir, 'invoice.csv'), plain);
    writeFileSync(join(dir, 'invoice.csv.gz'), Buffer.concat(members));
    const figures = async (file) => {
      const { page, errors } = await openApp(t.browser.context, t.server.url);
      await setAsOf(page, '2026-11-28');
      await page.setInputFiles('#file-input', join(dir, file));
      await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 1, null, { timeout: 300_000 });
      assert.equal(await page.locator('.file-item .error').count(), 0, `${file}: no error`);
      assert.deepEqual(errors, []);
      const figures = await ttm(page);
      await page.close();
      return figures;
    };
    const want = await figures('invoice.csv');
    assert.notDeepEqual(want, TTM, 'the lines repeated add up to more');
    assert.deepEqual(await figures('invoice.csv.gz'), want);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
