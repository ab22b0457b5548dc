// The two journeys of the app, against the release build in headless
// Chromium, compared with the expected figures of the project's fixtures (tests/data/fixtures).
import { test } from 'node:test';
import readXlsxFile from 'read-excel-file/node';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync, openSync, writeSync, closeSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { DIST, ENGINE, FIXTURES, SCREENSHOTS, openApp, appUnderTest, norm, setAsOf, expectedFigures, download } from './harness.mjs';

const t = appUnderTest('/');

/** "1234.5" → "USD 1,234.50", as the table shows money. */
function usd(text) {
  const negative = text.startsWith('-');
  const [int, frac] = text.replace('-', '').split('.');
  return `${negative ? '-' : ''}USD ${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`;
}

async function waitForFilesRead(page, count) {
  await page.waitForFunction((n) => document.querySelectorAll('.file-item .account').length === n, count, { timeout: 60_000 }).catch(async (e) => {
    throw new Error(`${e.message}\nthe files show: ${norm(await page.locator('.file-list').textContent().catch(() => '(no file list)'))}`);
  });
}

/** Reads one table row: status and figures. */
async function row(page, id) {
  const tr = page.locator(`.portfolio-table tr[data-reseller="${id}"]`);
  await tr.waitFor();
  return tr.evaluate((el) => {
    const cell = (f) => el.querySelector(`[data-field="${f}"]`);
    const text = (f) => cell(f).textContent.replace(/[\u00a0\u202f]/g, ' ');
    return {
      status: el.querySelector('.status-badge').dataset.status,
      ttm_net_usd: text('ttm_net_usd'),
      secured_usd: text('secured_usd'),
      shortfall_usd: text('shortfall_usd'),
      next_evaluation: cell('next_evaluation').dataset.iso,
      days: text('days'),
    };
  });
}

function assertRowMatches(got, want, id) {
  assert.equal(got.status, want.status, `${id}: status`);
  assert.equal(got.ttm_net_usd, usd(want.ttm_net_usd), `${id}: TTM`);
  if (want.secured_usd) {
    assert.equal(got.secured_usd, usd(want.secured_usd), `${id}: secured`);
    assert.equal(got.shortfall_usd, usd(want.shortfall_usd), `${id}: shortfall`);
    assert.equal(got.next_evaluation, want.next_evaluation, `${id}: next evaluation`);
  }
  const days = (n) => `${n} day${n === 1 ? '' : 's'}`;
  if (want.days_to_reenroll !== undefined) {
    assert.equal(got.days, `re-enroll in ${days(want.days_to_reenroll)}`, `${id}: days to re-enroll`);
  } else if (want.days_to_evaluation !== undefined) {
    assert.equal(got.days, want.days_to_evaluation === 0 ? 'this month' : `in ${days(want.days_to_evaluation)}`, `${id}: days`);
  }
}

/** excel-de.csv at 2026-11-28, with the EUR rate the app asks for (D10b). */
async function loadGermanSheet(page) {
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#file-input', join(FIXTURES, 'excel-de.csv'));
  await waitForFilesRead(page, 1);
  await page.fill('#rate-EUR', '1.0825');
  await page.locator('#rate-EUR').dispatchEvent('change');
  await waitForFilesRead(page, 1);
}

test('journey 1: a reseller checks itself with its German Excel sheet', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await loadGermanSheet(page);
  // The reseller types its onboarding date into the table.
  const input = page.locator('.portfolio-table tr[data-reseller="4440114"] .onboarding-input');
  await input.fill('2023-03-08'); // fill() fires the change event
  const expected = expectedFigures('excel-de.expected-2026-11-28-EUR1.0825.json').resellers['4440114'];
  await page.waitForFunction(() => document.querySelector('tr[data-reseller="4440114"] [data-field="next_evaluation"]')?.dataset.iso);
  assertRowMatches(await row(page, '4440114'), expected, '4440114');
  // The detail reads the same, in plain words.
  await page.click('tr[data-reseller="4440114"] .link');
  const headline = norm(await page.locator('#headline').textContent());
  assert.match(headline, new RegExp(`Short by ${usd(expected.shortfall_usd).replace('.', '\\.')} for the evaluation on 1 Mar 2027 \\(93 days left\\)`));
  const notices = norm(await page.locator('.figure[data-field="notice_dates"] dd').textContent());
  assert.equal(notices, '1 Dec 2026 · 31 Dec 2026 · 30 Jan 2027');
  // What-if: adding the shortfall puts the tenant on track, instantly.
  await page.fill('#what-if-amount', expected.shortfall_usd);
  await page.locator('.reseller-detail .status-badge[data-status="on_track"]').waitFor();
  assert.equal(norm(await page.locator('.figure[data-field="shortfall_usd"] dd').textContent()), 'USD 0.00');
  assert.deepEqual(errors, []);
});

test('journey 1 without the date: picking the anniversary month is enough', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await loadGermanSheet(page);
  await page.click('tr[data-reseller="6993938"] .link');
  await page.locator('.reseller-detail .status-badge[data-status="needs_input"]').waitFor();
  await page.selectOption('#detail-anniversary', { label: 'March' });
  await page.locator('.reseller-detail .status-badge[data-status="at_risk"]').waitFor();
  assert.equal((await row(page, '6993938')).next_evaluation, '2027-03-01');
  // Its first evaluation is unknown (only the month is): never a made-up date.
  const first = page.locator('.timeline li.evaluation.unknown');
  assert.equal(norm(await first.locator('span').textContent()), 'First evaluation');
  assert.equal(norm(await first.locator('time').textContent()), 'in March 2027 or earlier');
  assert.equal(await first.locator('time').getAttribute('datetime'), '2027-03');
});

test('journey 2: a distributor reviews its portfolio from three files', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#register-input', join(FIXTURES, 'tier2.register.csv'));
  await page.setInputFiles('#file-input', [join(FIXTURES, 'tier2-invoice.csv'), join(FIXTURES, 'tier2-daily.csv')]);
  await waitForFilesRead(page, 2);
  const figures = expectedFigures('tier2.expected-2026-11-28.json');
  const expected = figures.resellers;
  await page.waitForFunction((n) => document.querySelectorAll('.portfolio-table tbody tr').length === n, Object.keys(expected).length);
  for (const [id, want] of Object.entries(expected)) {
    assertRowMatches(await row(page, id), want, id);
  }
  // Most urgent first.
  const order = await page.locator('.portfolio-table tbody tr .status-badge').evaluateAll((els) => els.map((e) => e.dataset.status));
  assert.equal(order[0], 'notice_period');
  assert.equal(order.at(-1), 'on_track');
  // The daily usage file is detail of the invoices: counted once.
  const daily = norm(await page.locator('.file-item[data-file="tier2-daily.csv"] .account').textContent());
  assert.match(daily, /0 used/);
  assert.match(daily, new RegExp(`${figures.files['tier2-daily.csv'].excluded.daily_usage_detail} lines excluded: daily usage already counted in the invoice reconciliation`));
  // Filter by status, then by text.
  await page.click('.status-chip[data-status="on_track"]');
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), Object.values(expected).filter((r) => r.status === 'on_track').length);
  await page.click('.status-chip[data-status="on_track"]');
  await page.fill('#filter-text', '5612028');
  assert.equal(await page.locator('.portfolio-table tbody tr').count(), 1);
  // D23: a deauthorized tenant faces no evaluation: no secured revenue, no
  // shortfall (never in red), no next evaluation; its re-enrollment instead.
  assert.equal(expected['5612028'].status, 'deauthorized');
  const gone = await row(page, '5612028');
  assert.deepEqual([gone.secured_usd, gone.shortfall_usd, gone.next_evaluation], ['—', '—', '']);
  assert.equal(await page.locator('tr[data-reseller="5612028"] [data-field="shortfall_usd"].short').count(), 0);
  await page.click('tr[data-reseller="5612028"] .link');
  assert.equal(norm(await page.locator('.reseller-detail .figure[data-field="shortfall_usd"] dd').textContent()), '—');
  assert.match(norm(await page.locator('.reseller-detail .figure[data-field="reenroll_from"] dd').textContent()), /2027/);
  await page.click('.reseller-detail [aria-label="Close details"]');
  await page.fill('#filter-text', '');
  // Exports, parsed back, say what the table shows.
  const exported = async (kind) => {
    const saved = await download(page, `.portfolio-table [data-export="${kind}"]`);
    return { name: saved.suggestedFilename(), text: readFileSync(await saved.path(), 'utf8') };
  };
  const csv = await exported('csv');
  assert.equal(csv.name, 'ttm-check-portfolio-2026-11-28.csv');
  assert.ok(csv.text.startsWith('\uFEFFreseller_id,name,status,ttm_net_usd'));
  const rows = csv.text.trim().split('\r\n').slice(1).map((l) => l.split(','));
  assert.equal(rows.length, Object.keys(expected).length);
  for (const r of rows) {
    assert.equal(r[2], expected[r[0]].status, `${r[0]}: exported status`);
    assert.equal(usd(r[3]), (await row(page, r[0])).ttm_net_usd, `${r[0]}: exported TTM = shown TTM`);
  }
  // The workbook: real number and date cells, read back by an independent reader.
  const xlsxDownload = await download(page, '.portfolio-table [data-export="xlsx"]');
  assert.equal(xlsxDownload.suggestedFilename(), 'ttm-check-portfolio-2026-11-28.xlsx');
  const sheet = await readXlsxFile(await xlsxDownload.path());
  const cells = Array.isArray(sheet[0]?.data) ? sheet[0].data : sheet;
  assert.deepEqual(cells[0].slice(0, 4), ['reseller_id', 'name', 'status', 'ttm_net_usd']);
  assert.equal(cells.length - 1, Object.keys(expected).length);
  for (const r of cells.slice(1)) {
    const want = expected[r[0]];
    assert.equal(r[2], want.status, `${r[0]}: xlsx status`);
    assert.equal(typeof r[3], 'number', `${r[0]}: TTM is a number cell`);
    assert.equal(r[3].toFixed(2), Number(want.ttm_net_usd).toFixed(2), `${r[0]}: xlsx TTM`);
    assert.equal(usd(r[3].toFixed(2)), (await row(page, r[0])).ttm_net_usd, `${r[0]}: xlsx TTM = shown TTM`);
    if (want.next_evaluation) {
      assert.ok(r[9] instanceof Date, `${r[0]}: next evaluation is a date cell`);
      assert.equal(r[9].toISOString().slice(0, 10), want.next_evaluation, `${r[0]}: xlsx next evaluation`);
    }
  }
  const de = await exported('csv-de');
  const deRow = de.text.split('\r\n').find((l) => l.startsWith('5502561;'));
  assert.equal(deRow.split(';')[3], expected['5502561'].ttm_net_usd.replace('.', ','));
  const jsonText = (await exported('json')).text;
  // Laid out as the CLI's pretty JSON (the app writes it compact, then lays it out).
  assert.match(jsonText, /^\{\n {2}"as_of": "2026-11-28",\n {2}"policy": \{\n {4}"/);
  const json = JSON.parse(jsonText);
  assert.equal(json.as_of, '2026-11-28');
  assert.equal(json.resellers.find((r) => r.reseller_id === '5612028').reenroll_from, expected['5612028'].reenroll_from);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'portfolio.png'), fullPage: true });
  await page.click('tr[data-reseller="5502561"] .link');
  await page.locator('.reseller-detail .revenue-chart svg').waitFor();
  await page.locator('.reseller-detail').screenshot({ path: join(SCREENSHOTS, 'detail.png') });
  // Print → PDF: one A4 page for the reseller, with the as-of date and the
  // assumptions. Printing is emulated by Chromium's driver only (BiDi's
  // emulation has no print media type, WebDriver none): the print styles
  // are checked there.
  if (ENGINE === 'chromium') await printed(page, expected);
  assert.deepEqual(errors, []);
});

/** The reseller's report and the portfolio as printed (print media, A4). */
async function printed(page, expected) {
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the reseller report fits one page');
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: 794, height: 1123 });
  assert.equal(await page.locator('.portfolio-table').isVisible(), false, 'the table is not printed with a reseller');
  assert.match(norm(await page.locator('.print-meta').textContent()), /report as of 28 Nov 2026/);
  await page.screenshot({ path: join(SCREENSHOTS, 'print-reseller.png'), fullPage: true });
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.click('.reseller-detail [aria-label="Close details"]');
  // Print → PDF of the portfolio summary: the counts per status and every tenant.
  {
    await page.emulateMedia({ media: 'print' });
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.screenshot({ path: join(SCREENSHOTS, 'print-portfolio.png'), fullPage: true });
    // A longer portfolio runs over pages: rows are not split, the header repeats on each.
    assert.equal(await page.locator('.portfolio-table thead').evaluate((el) => getComputedStyle(el).display), 'table-header-group');
    assert.equal(await page.locator('.portfolio-table tbody tr').first().evaluate((el) => getComputedStyle(el).breakInside), 'avoid');
    assert.ok(await page.locator('.status-summary').isVisible(), 'the counts per status are printed');
    assert.equal(await page.locator('.portfolio-table tbody tr:visible').count(), Object.keys(expected).length, 'every tenant is printed');
    assert.equal(await page.locator('.column.inputs').isVisible(), false, 'the inputs are not printed');
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize({ width: 1280, height: 900 });
  }
}

test('an unrecognised table opens the mapping dialog; malformed lines are listed', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  const dir = join(tmpdir(), `ttm-e2e-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'portal-export.csv');
  writeFileSync(file, 'who;when;how much\n7000001;15.01.2026;1.200,00\n7000001;30.02.2026;5,00\n7000002;01.03.2026;80,00\n');
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Map columns…' }).click();
  const dialog = page.locator('dialog.mapping-dialog');
  await dialog.waitFor();
  assert.match(norm(await dialog.locator('.preview').textContent()), /7000001/);
  await page.selectOption('#map-reseller', { label: 'who' });
  await page.selectOption('#map-date', { label: 'when' });
  await page.selectOption('#map-amount', { label: 'how much' });
  await page.click('#apply-mapping');
  await page.locator('.portfolio-table tr[data-reseller="7000001"]').waitFor();
  assert.equal((await row(page, '7000001')).ttm_net_usd, 'USD 1,200.00');
  await page.click('.file-item .rejected summary');
  const rejected = await page.locator('.rejected-table tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(rejected.slice(0, 2), ['3', 'when']);
  rmSync(dir, { recursive: true, force: true });
});

test('a 500 MB file shows progress, can be cancelled, and the page stays responsive', async () => {
  const dir = join(tmpdir(), `ttm-e2e-big-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'big-recon.csv');
  const header = readFileSync(join(FIXTURES, 'nce-invoice.csv'), 'utf8').split('\n')[0] + '\n';
  const lines = readFileSync(join(FIXTURES, 'nce-invoice.csv'), 'utf8').split('\n').slice(1, 200).join('\n') + '\n';
  const fd = openSync(file, 'w');
  writeSync(fd, header);
  const block = Buffer.from(lines.repeat(Math.ceil((8 << 20) / lines.length)));
  for (let written = 0; written < 500e6; written += block.length) writeSync(fd, block);
  closeSync(fd);
  try {
    const { page } = await openApp(t.browser.context, t.server.url);
    await page.setInputFiles('#file-input', file);
    const progress = page.locator('.file-item progress');
    await page.waitForFunction(() => Number(document.querySelector('.file-item progress')?.value) > 0);
    // While the worker reads, the page answers: typing updates the line count.
    await page.fill('#paste', 'a\nb\nc');
    await page.getByText('3 lines').waitFor({ timeout: 2000 });
    const mid = Number(await progress.getAttribute('value'));
    assert.ok(mid > 0 && mid < 100, `progress while reading: ${mid}%`);
    await page.click('.file-item .cancel');
    await page.getByText('Cancelled: not counted.').waitFor();
    assert.equal(await page.locator('.portfolio-table').count(), 0, 'a cancelled file adds nothing');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
