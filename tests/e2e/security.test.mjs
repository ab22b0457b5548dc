// Hostile and pathological input: cells are shown as text and never run,
// and a file the reader cannot finish ends with a clear message on a page
// that keeps working.
import readXlsxFile from 'read-excel-file/node';
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, rmSync, openSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { DIST, SEES_WORKERS, openApp, appUnderTest, norm, download } from './harness.mjs';

const dir = join(tmpdir(), `ttm-e2e-sec-${process.pid}`);
const t = appUnderTest('/');

before(() => {
  mkdirSync(dir, { recursive: true });
});

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('cells with markup and script are shown as text, never run', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  const hostile = [
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned = 2">',
    'javascript:window.__pwned = 3',
  ];
  const csv = ['Reseller,Date,Amount', ...hostile.map((h, i) => `"${h.replaceAll('"', '""')}",2026-0${i + 1}-15,${100 + i}.00`)].join('\n');
  writeFileSync(join(dir, 'hostile.csv'), csv);
  const register = ['reseller_id,name,onboarding_date', ...hostile.map((h) => `"${h.replaceAll('"', '""')}","${h.replaceAll('"', '""')}",2021-06-19`)].join('\n');
  writeFileSync(join(dir, 'hostile-register.csv'), register);
  // An unrecognised table too, so its cells appear in the mapping preview.
  writeFileSync(join(dir, 'hostile-unknown.csv'), `who,what\n"${hostile[1].replaceAll('"', '""')}",1\n`);
  await page.setInputFiles('#register-input', join(dir, 'hostile-register.csv'));
  await page.setInputFiles('#file-input', [join(dir, 'hostile.csv'), join(dir, 'hostile-unknown.csv')]);
  await page.waitForFunction(() => document.querySelectorAll('.portfolio-table tbody tr').length === 3);
  await page.getByRole('button', { name: 'Map columns…' }).click();
  await page.locator('dialog.mapping-dialog').waitFor();
  await page.keyboard.press('Escape');
  await page.click('.portfolio-table tbody tr:first-child .link');
  await page.locator('.reseller-detail').waitFor();
  const text = norm(await page.locator('.portfolio-table').textContent());
  for (const h of hostile) assert.ok(text.includes(h), `shown literally: ${h}`);
  assert.equal(await page.evaluate(() => window.__pwned), undefined, 'nothing ran');
  // An export never hands a spreadsheet a formula from the data.
  const formula = '=HYPERLINK("http://example.invalid","x")';
  writeFileSync(join(dir, 'formula-register.csv'), `reseller_id,name,onboarding_date\n7000009,"${formula.replaceAll('"', '""')}",2021-06-19\n`);
  await page.setInputFiles('#register-input', join(dir, 'formula-register.csv'));
  await page.locator('tr[data-reseller="7000009"]').waitFor();
  const saved = await download(page, '.portfolio-table [data-export="csv"]');
  const exported = readFileSync(await saved.path(), 'utf8');
  assert.ok(exported.includes(`7000009,"'=HYPERLINK(""http://example.invalid"",""x"")"`), exported);
  // …nor a workbook: the cell is text with the leading apostrophe, never a formula.
  const xlsx = await download(page, '.portfolio-table [data-export="xlsx"]');
  const sheets = await readXlsxFile(await xlsx.path());
  const cells = Array.isArray(sheets[0]?.data) ? sheets[0].data : sheets;
  assert.equal(cells.find((r) => r[0] === '7000009')[1], `'${formula}`);
  const raw = execFileSync('unzip', ['-p', await xlsx.path(), 'xl/worksheets/sheet1.xml'], { encoding: 'utf8' });
  assert.doesNotMatch(raw, /<f>/, 'no formula element in the sheet');
  assert.equal(await page.locator('#app img, #app script').count(), 0, 'no element made from data');
  assert.deepEqual(errors, []);
});

test('a file with a quote that never closes ends with a clear message; the page keeps working', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  const file = join(dir, 'runaway-quote.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'InvoiceNumber,ResellerMpnId,OrderDate,Subtotal,Currency\nG1,4816859,1/15/2026,100.00,USD\nG1,4816859,"1/16/2026,5.00,USD\n');
  const block = Buffer.from('G1,4816859,1/17/2026,1.00,USD\n'.repeat(1 << 16));
  for (let written = 0; written < 40e6; written += block.length) writeSync(fd, block);
  closeSync(fd);
  await page.setInputFiles('#file-input', file);
  await page.locator('.file-item .account').waitFor({ timeout: 60_000 });
  await page.click('.file-item .rejected summary');
  const row = await page.locator('.rejected-table tbody tr').first().locator('td').allTextContents();
  assert.equal(row[0], '3');
  assert.match(row[2], /quote is probably never closed/);
  assert.equal((norm(await page.locator('tr[data-reseller="4816859"] [data-field="ttm_net_usd"]').textContent())), 'USD 100.00');
  // The page still works.
  await page.click('#sample');
  await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 2);
});

test('a file over 4 GB streams through with bounded memory; the page stays usable', { timeout: 240_000 }, async () => {
  const file = join(dir, 'huge-recon.csv');
  const fd = openSync(file, 'w');
  writeSync(fd, 'InvoiceNumber,ResellerMpnId,OrderDate,Subtotal,Currency\n');
  const line = 'G1,4816859,1/17/2026,0.01,USD\n';
  const block = Buffer.from(line.repeat(Math.floor((16 << 20) / line.length)));
  const size = 4.3e9; // past 2^32 bytes
  let written = 0;
  for (; written < size; written += block.length) writeSync(fd, block);
  closeSync(fd);
  try {
    const { page } = await openApp(t.browser.context, t.server.url);
    await page.setInputFiles('#file-input', file);
    await page.locator('.file-item .account').waitFor({ timeout: 200_000 });
    const lines = written / line.length;
    const account = norm(await page.locator('.file-item .account .counts').textContent());
    assert.match(account, new RegExp(`^${lines.toLocaleString('en-GB')} lines read: ${lines.toLocaleString('en-GB')} used`));
    // Every cent counted: lines × USD 0.01.
    const cents = lines;
    const usd = `${Math.floor(cents / 100).toLocaleString('en-US')}.${String(cents % 100).padStart(2, '0')}`;
    assert.equal(norm(await page.locator('tr[data-reseller="4816859"] [data-field="ttm_net_usd"]').textContent()), `USD ${usd}`);
    // The worker's Wasm memory stayed small (aggregates, not lines).
    if (SEES_WORKERS) {
      const memory = await page.workers()[0].evaluate(() => globalThis.ttmCheckDiagnostics?.wasmMemoryBytes);
      assert.ok(memory < 256 * 1024 * 1024, `worker Wasm memory ${memory} bytes`);
    }
    await page.click('#sample');
    await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 2);
  } finally {
    rmSync(file, { force: true });
  }
});
