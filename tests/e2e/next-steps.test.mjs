// What a reseller and a distributor do next with the answer (issue 16):
// a reseller's own check without a file or an ID, the calendar export read
// by an independent parser, the portfolio's twelve-month picture, the
// history of evaluations, and reauthorization readiness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import ICAL from 'ical.js';
import Papa from 'papaparse';
import { FIXTURES, ROOT, SCREENSHOTS, openApp, appUnderTest, norm, setAsOf, download } from './harness.mjs';

const t = appUnderTest('/');

/** "USD 1,234.50" (or "-USD 5.00") → 123450n cents. */
function cents(text) {
  const s = norm(text).replace(/[^0-9.-]/g, '');
  if (s === '' || s === '-') return null;
  const negative = s.startsWith('-');
  const [int, frac = ''] = s.replace('-', '').split('.');
  const v = BigInt(int) * 100n + BigInt((frac + '00').slice(0, 2));
  return negative ? -v : v;
}

/** "674.81" → "USD 674.81" in the British English of the tests. */
const usd = (c) => {
  const negative = c < 0n;
  const a = negative ? -c : c;
  const int = (a / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}USD ${int}.${(a % 100n).toString().padStart(2, '0')}`;
};

/** The domain's answer for the same lines: the native CLI (the same engine). */
function cli(args) {
  const exe = join(ROOT, 'target', 'debug', 'ttm-check');
  assert.ok(existsSync(exe), `the CLI is built by cargo test first: ${exe}`);
  const run = spawnSync(exe, ['assess', ...args], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout);
}

/** The detail's status, shortfall and days, as shown. */
async function detail(page) {
  const d = page.locator('.reseller-detail');
  await d.waitFor();
  return {
    status: await d.locator('.headline .status-badge').getAttribute('data-status'),
    shortfall: norm(await d.locator('.figure[data-field="shortfall_usd"] dd').textContent()),
    next: norm(await d.locator('.figure[data-field="next_evaluation"] dd').textContent()),
  };
}

// Four purchases, three of them inside the window of the evaluation on
// 1 Mar 2027 (1 Mar 2026 .. 28 Feb 2027), one before it.
const PURCHASES = [
  ['2026-02-20', '300.00'],
  ['2026-03-15', '450.00'],
  ['2026-06-02', '120.50'],
  ['2026-10-30', '-50.00'],
];

/** What the domain says of those purchases for a tenant with a March anniversary. */
function expectedOwn() {
  const dir = mkdtempSync(join(tmpdir(), 'ttm-own-'));
  try {
    writeFileSync(join(dir, 'p.csv'), 'Date,Amount\n' + PURCHASES.map((p) => p.join(',')).join('\n') + '\n');
    // Any onboarding date with a March anniversary past its first year.
    writeFileSync(join(dir, 'r.csv'), 'reseller_id,onboarding_date\nmine,2019-03-17\n');
    const r = cli([join(dir, 'p.csv'), '--map', 'tenant=mine', '--register', join(dir, 'r.csv'), '--as-of', '2026-11-28']);
    assert.equal(r.resellers.length, 1);
    return r.resellers[0];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "Show the lines" in the own tenant's detail: how many, and the window's sum. */
async function ownLines(page) {
  await page.click('.reseller-detail [data-action="show-lines"]');
  const sums = page.locator('.reseller-detail .lines-sums');
  await sums.waitFor({ timeout: 30_000 });
  return sums.evaluate((p) => ({ lines: p.dataset.lines, window: p.dataset.window }));
}

test('a reseller checks its own tenant: the anniversary month and four purchases typed', async () => {
  const want = expectedOwn();
  // By hand: 450.00 + 120.50 - 50.00 = 520.50 secured, 479.50 short, at risk.
  assert.deepEqual([want.status, want.secured_usd, want.shortfall_usd, want.days_to_evaluation], ['at_risk', '520.50', '479.50', 93]);
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  await page.locator('.own-check').waitFor();
  await page.selectOption('#own-month', { label: 'March' });
  for (let i = 0; i < PURCHASES.length; i++) {
    if (i > 0) await page.click('#own-add-row');
    const row = page.locator('.own-row').nth(i);
    await row.locator('.own-date').fill(PURCHASES[i][0]);
    await row.locator('.own-amount').fill(PURCHASES[i][1]);
  }
  await page.click('#own-check');
  await page.waitForFunction(() => document.querySelector('.reseller-detail .status-badge')?.dataset.status === 'at_risk', null, { timeout: 30_000 });
  const shown = await detail(page);
  assert.equal(shown.status, want.status);
  assert.equal(shown.shortfall, usd(cents(want.shortfall_usd)));
  assert.match(shown.next, /^1 Mar 2027\s*93 days$/);
  assert.match(norm(await page.locator('#headline').textContent()), /Short by USD 479\.50 for the evaluation on 1 Mar 2027 \(93 days left\)/);
  // Nothing was asked: no reseller column was looked for.
  assert.equal(await page.locator('.mapping-dialog').count(), 0);
  // The lines behind it: the purchases typed, read again as rows.
  assert.deepEqual(await ownLines(page), { lines: '4', window: want.secured_usd });
  // Its calendar: the tenant's notices and evaluation.
  const saved = await download(page, '.reseller-detail [data-export="ics"]');
  const events = icsEvents(readFileSync(await saved.path(), 'utf8'));
  assert.deepEqual(events.map((e) => e.start).sort(), ['2026-12-01', '2026-12-31', '2027-01-30', '2027-02-28', '2027-03-01']);
  assert.deepEqual(errors, []);
});

test('a reseller pastes a two-column German table: the same answer', async () => {
  const want = expectedOwn();
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  await page.selectOption('#own-month', { label: 'March' });
  const german = (iso) => iso.split('-').reverse().join('.');
  const text = 'Datum\tBetrag\n' + PURCHASES.map(([d, a]) => `${german(d)}\t${a.replace('.', ',')}`).join('\n');
  await page.fill('#own-paste', text);
  await page.click('#own-check');
  // The pasted lines read (WebKit paints the tenant before its reader answers).
  await page.locator('.file-item .account').waitFor();
  await page.waitForFunction(() => document.querySelector('.reseller-detail .status-badge')?.dataset.status === 'at_risk', null, { timeout: 30_000 });
  const shown = await detail(page);
  assert.equal(shown.shortfall, usd(cents(want.shortfall_usd)));
  assert.match(shown.next, /^1 Mar 2027\s*93 days$/);
  // The file's account: four lines used, none dropped.
  assert.match(norm(await page.locator('.file-item .account').first().textContent()), /4 used/);
  // The lines behind it: the pasted lines, read again.
  assert.deepEqual(await ownLines(page), { lines: '4', window: want.secured_usd });
  assert.deepEqual(errors, []);
});

test('a table without a reseller column is offered as one tenant: mine', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  // Pasted in the portfolio's paste area: the mapping dialog asks, offering one tenant.
  await page.fill('#paste', '15.03.2026\t450,00\n02.06.2026\t120,50\n');
  await page.click('#analyse-paste');
  await page.click('.file-item button:has-text("Map columns")');
  const dialog = page.locator('.mapping-dialog');
  await dialog.waitFor();
  assert.match(norm(await page.locator('#map-reseller option:checked').textContent()), /every line is one tenant's/);
  // Date and amount suggested from the values.
  assert.equal(await page.locator('#map-date').inputValue(), '1');
  assert.equal(await page.locator('#map-amount').inputValue(), '2');
  await page.click('#apply-mapping');
  await page.locator('.portfolio-table tr[data-reseller="mine"]').waitFor({ timeout: 30_000 });
  assert.equal(norm(await page.locator('.portfolio-table tr[data-reseller="mine"] [data-field="ttm_net_usd"]').textContent()), 'USD 570.50');
});

/** Every event of an .ics text, read with ical.js (independent of ours). */
function icsEvents(text) {
  const cal = new ICAL.Component(ICAL.parse(text));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    const alarm = v.getFirstSubcomponent('valarm');
    return {
      uid: e.uid,
      start: e.startDate.toString(),
      end: e.endDate.toString(),
      allDay: e.startDate.isDate,
      summary: e.summary,
      description: e.description,
      trigger: alarm?.getFirstPropertyValue('trigger')?.toString(),
    };
  });
}

async function loadTier2(page, asOf = '2026-11-28') {
  await setAsOf(page, asOf);
  await page.setInputFiles('#register-input', join(FIXTURES, 'tier2.register.csv'));
  await page.setInputFiles('#file-input', [join(FIXTURES, 'tier2-invoice.csv'), join(FIXTURES, 'tier2-daily.csv')]);
  await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 2, null, { timeout: 60_000 });
  await page.locator('.portfolio-outlook').waitFor();
}

async function downloaded(page, selector) {
  const d = await download(page, selector);
  return { name: d.suggestedFilename(), text: readFileSync(await d.path(), 'utf8') };
}

test('the portfolio calendar: every tenant’s notices and evaluation as in the JSON, stable UIDs', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await loadTier2(page);
  const json = JSON.parse((await downloaded(page, '.portfolio-table [data-export="json"]')).text);
  const ics = await downloaded(page, '.portfolio-table [data-export="ics"]');
  assert.equal(ics.name, 'ttm-check-portfolio-2026-11-28.ics');
  assert.ok(ics.text.includes('\r\n'), 'CRLF line ends');
  const events = icsEvents(ics.text);
  let checked = 0;
  for (const r of json.resellers) {
    const mine = events.filter((e) => e.uid.startsWith(`${r.reseller_id}-`));
    if (r.status === 'deauthorized' || r.status === 'reenrollment_open') {
      assert.deepEqual(mine.map((e) => e.start), [r.reenroll_from], r.reseller_id);
      continue;
    }
    if (!r.next_evaluation) {
      assert.equal(mine.length, 0, r.reseller_id);
      continue;
    }
    const on = (kind) => mine.find((e) => e.uid.includes(`-${kind}-`))?.start;
    assert.equal(on('evaluation'), r.next_evaluation, `${r.reseller_id}: evaluation`);
    assert.deepEqual([on('notice-90'), on('notice-60'), on('notice-30')], r.notice_dates, `${r.reseller_id}: notices`);
    assert.equal(on('last-counting-day'), r.evaluation_window.end, `${r.reseller_id}: last counting day`);
    for (const e of mine) {
      assert.ok(e.allDay, 'all-day');
      assert.equal(e.trigger, '-P7D', 'a reminder a week before');
      assert.ok(e.description.includes(r.reseller_id), 'the description names the tenant');
    }
    checked += 1;
  }
  assert.ok(checked >= 10, `tenants checked: ${checked}`);
  // The same portfolio a week earlier: the same events, the same UIDs.
  await setAsOf(page, '2026-11-20');
  const again = icsEvents((await downloaded(page, '.portfolio-table [data-export="ics"]')).text);
  assert.deepEqual(again.map((e) => e.uid).sort(), events.map((e) => e.uid).sort());
  // A filtered view exports only what it shows.
  await page.click('.status-chip[data-status="on_track"]');
  const onTrack = json.resellers.filter((r) => r.status === 'on_track').map((r) => r.reseller_id);
  const filtered = icsEvents((await downloaded(page, '.portfolio-table [data-export="ics"]')).text);
  assert.deepEqual([...new Set(filtered.map((e) => e.uid.split('-')[0]))].sort(), onTrack.sort());
  assert.deepEqual(errors, []);
});

test('the portfolio picture: its bars sum to the table’s tenants and shortfalls', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await loadTier2(page);
  if (await page.locator('#show-all').count()) await page.click('#show-all');
  const rows = await page.locator('.portfolio-table tbody tr').evaluateAll((trs) => trs.map((tr) => ({
    status: tr.querySelector('.status-badge').dataset.status,
    next: tr.querySelector('[data-field="next_evaluation"]').dataset.iso,
    shortfall: tr.querySelector('[data-field="shortfall_usd"]').textContent,
  })));
  const first = '2026-11-01';
  const last = '2027-10-01';
  const facing = rows.filter((r) => r.next && r.next >= first && r.next <= last && r.status !== 'deauthorized' && r.status !== 'reenrollment_open');
  const months = await page.locator('.portfolio-outlook g.outlook-month').evaluateAll((gs) => gs.map((g) => ({
    month: g.dataset.month,
    tenants: Number(g.dataset.tenants),
    shortfall: g.dataset.shortfall,
    segments: [...g.querySelectorAll('rect.segment')].map((r) => ({ status: r.dataset.status, tenants: Number(r.dataset.tenants), shortfall: r.dataset.shortfall })),
  })));
  assert.equal(months.length, 12);
  assert.equal(months[0].month, '2026-11');
  assert.equal(months.reduce((s, m) => s + m.tenants, 0), facing.length);
  const sum = (xs) => xs.reduce((s, x) => s + (cents(x) ?? 0n), 0n);
  assert.equal(sum(months.map((m) => m.shortfall)), sum(facing.map((r) => r.shortfall)));
  for (const m of months) {
    // Each bar's segments add up to it, month by month as the table has them.
    assert.equal(m.segments.reduce((s, x) => s + x.tenants, 0), m.tenants, m.month);
    assert.equal(sum(m.segments.map((x) => x.shortfall)), cents(m.shortfall), m.month);
    const inMonth = facing.filter((r) => r.next.slice(0, 7) === m.month);
    assert.equal(inMonth.length, m.tenants, m.month);
    for (const s of m.segments) assert.equal(inMonth.filter((r) => r.status === s.status).length, s.tenants, `${m.month} ${s.status}`);
  }
  await page.locator('.portfolio-outlook').screenshot({ path: join(SCREENSHOTS, 'portfolio-outlook.png') });
  assert.deepEqual(errors, []);
});

/** A tenant's revenue in a window from nce-invoice.csv, by hand (D10a, D11). */
function byHand(reseller, from, to) {
  const rows = Papa.parse(readFileSync(join(FIXTURES, 'nce-invoice.csv'), 'utf8').replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
  const iso = (us) => { const [m, d, y] = us.split('/'); return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`; };
  const decimal = (s) => { const [i, f = ''] = s.replace('-', '').split('.'); const v = BigInt(i + f); return [s.startsWith('-') ? -v : v, f.length]; };
  let total = 0n;
  for (const r of rows) {
    const day = iso(r.OrderDate);
    if (r.ResellerMpnId !== reseller || day < from || day > to) continue;
    assert.equal(r.PricingCurrency, 'USD');
    // Subtotal / PCToBCExchangeRate, rounded half to even to cents.
    const [sub, sd] = decimal(r.Subtotal);
    const [rate, rd] = decimal(r.PCToBCExchangeRate);
    const num = sub * 100n * 10n ** BigInt(rd);
    const den = rate * 10n ** BigInt(sd);
    const sign = (num < 0n) !== (den < 0n) ? -1n : 1n;
    const [n, d] = [num < 0n ? -num : num, den < 0n ? -den : den];
    let q = n / d;
    const rem = n % d;
    if (2n * rem > d || (2n * rem === d && q % 2n === 1n)) q += 1n;
    total += sign * q;
  }
  return total;
}

test('history of evaluations: a failed and a passed one, as computed by hand', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  await page.setInputFiles('#register-input', join(FIXTURES, 'nce-invoice.register.csv'));
  await page.setInputFiles('#file-input', join(FIXTURES, 'nce-invoice.csv'));
  await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 1, null, { timeout: 60_000 });
  for (const [id, evaluation, from, to, met] of [
    ['4929861', '2026-04-01', '2025-04-01', '2026-03-31', false],
    ['5210150', '2026-06-01', '2025-06-01', '2026-05-31', true],
  ]) {
    await page.click(`.portfolio-table tr[data-reseller="${id}"] .link`);
    const row = page.locator(`.reseller-detail table.history tr[data-evaluation="${evaluation}"]`);
    await row.waitFor();
    const found = byHand(id, from, to);
    assert.equal(cents(await row.getAttribute('data-found')), found, `${id}: revenue of ${from}..${to}`);
    assert.equal(norm(await row.locator('td.num').textContent()), usd(found));
    assert.equal(await row.getAttribute('data-met'), String(met));
    assert.equal(found >= 100000n, met, `${id}: met by hand`);
  }
  // The history is in the tenant's CSV export too.
  const csv = (await downloaded(page, '.reseller-detail [data-export="csv"]')).text;
  const passed = byHand('5210150', '2025-06-01', '2026-05-31');
  const found = `${passed / 100n}.${String(passed % 100n).padStart(2, '0')}`;
  assert.ok(csv.includes(`\r\nevaluation,window_start,window_end,found_usd,met_threshold\r\n2026-06-01,2025-06-01,2026-05-31,${found},yes\r\n`), csv);
  assert.deepEqual(errors, []);
});

test('readiness: register columns and ticks, beside the revenue status, remembered only when asked', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  const register = readFileSync(join(FIXTURES, 'nce-invoice.register.csv'), 'utf8').trim().split(/\r?\n/);
  const withColumns = [register[0] + ',partner_id_active,endorsement,mfa_all_admins,security_contact']
    .concat(register.slice(1).map((l) => l + (l.startsWith('5210150,') ? ',yes,ja,,nein' : ',,,,')))
    .join('\n');
  await page.setInputFiles('#register-input', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(withColumns) });
  await page.setInputFiles('#file-input', join(FIXTURES, 'nce-invoice.csv'));
  await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 1, null, { timeout: 60_000 });
  await page.click('.portfolio-table tr[data-reseller="5210150"] .link');
  const line = page.locator('#readiness-line');
  await line.waitFor();
  assert.equal(await line.getAttribute('data-to-confirm'), '2');
  assert.match(norm(await line.textContent()), /^Revenue: On track\. Besides revenue: 2 items to confirm before 1 Jun 2027$/i);
  assert.equal(await page.locator('#readiness input[data-item="partner_id_active"]').isChecked(), true);
  assert.equal(await page.locator('#readiness input[data-item="security_contact"]').isChecked(), false);
  // Ticking: one fewer; the status does not move.
  await page.check('#readiness input[data-item="mfa_all_admins"]');
  await page.waitForFunction(() => document.querySelector('#readiness-line').dataset.toConfirm === '1');
  assert.equal(await page.locator('.reseller-detail .headline .status-badge').getAttribute('data-status'), 'on_track');
  // Counted in the portfolio summary, and in the exports.
  const total = Number(await page.locator('.status-summary .readiness-count').getAttribute('data-count'));
  assert.ok(total >= 1);
  const json = JSON.parse((await downloaded(page, '.portfolio-table [data-export="json"]')).text);
  const r = json.resellers.find((x) => x.reseller_id === '5210150');
  assert.deepEqual(r.readiness.items.map((i) => i.confirmed), [true, true, true, false]);
  assert.equal(r.readiness.to_confirm, 1);
  const csv = (await downloaded(page, '.portfolio-table [data-export="csv"]')).text.trim().split('\r\n');
  const header = csv[0].replace('\uFEFF', '').split(',');
  const row = csv.find((l) => l.startsWith('5210150,')).split(',');
  const col = (name) => row[header.indexOf(name)];
  assert.deepEqual(['partner_id_active', 'endorsement', 'mfa_all_admins', 'security_contact', 'readiness_to_confirm', 'confirm_before'].map(col), ['yes', 'yes', 'yes', 'no', '1', '2027-06-01']);
  const xlsx = await download(page, '.portfolio-table [data-export="xlsx"]');
  const { default: readXlsxFile } = await import('read-excel-file/node');
  const read = await readXlsxFile(await xlsx.path());
  const sheet = Array.isArray(read[0]?.data) ? read[0].data : read;
  const xrow = sheet.find((r) => String(r[0]) === '5210150');
  assert.deepEqual(['partner_id_active', 'mfa_all_admins', 'security_contact'].map((n) => xrow[sheet[0].indexOf(n)]), ['yes', 'yes', 'no']);
  // Not remembered: a reload forgets the tick.
  await page.reload();
  await page.waitForSelector('html[data-ttm-ready="true"]');
  assert.equal(await page.locator('#readiness').count(), 0);
  // Remembered: ticks survive a reload (the register is kept, never revenue).
  await page.check('#remember');
  await page.setInputFiles('#register-input', { name: 'register.csv', mimeType: 'text/csv', buffer: Buffer.from(withColumns) });
  await page.setInputFiles('#file-input', join(FIXTURES, 'nce-invoice.csv'));
  await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 1, null, { timeout: 60_000 });
  await page.click('.portfolio-table tr[data-reseller="5210150"] .link');
  await page.check('#readiness input[data-item="mfa_all_admins"]');
  await page.waitForFunction(() => document.querySelector('#readiness-line').dataset.toConfirm === '1');
  await page.reload();
  await page.waitForSelector('html[data-ttm-ready="true"]');
  await page.setInputFiles('#file-input', join(FIXTURES, 'nce-invoice.csv'));
  await page.waitForFunction(() => document.querySelectorAll('.file-item .account').length === 1, null, { timeout: 60_000 });
  await page.click('.portfolio-table tr[data-reseller="5210150"] .link');
  await page.waitForFunction(() => document.querySelector('#readiness-line')?.dataset.toConfirm === '1');
  await page.click('#forget');
  assert.deepEqual(errors, []);
});
