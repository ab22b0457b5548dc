// German and English: the language follows the browser, can be switched and
// set by an embedding page; numbers, money and dates follow the locale; no
// English is left in the German interface; axe-core is clean in German.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { SCREENSHOTS, openApp, appUnderTest, norm, setAsOf, violations } from './harness.mjs';

// A browser that prefers German.
const t = appUnderTest('/', { locale: 'de-DE' });

/** English words that are not also German: any of them in the German UI is a fragment left untranslated. */
const ENGLISH = /\b(the|and|of|for|with|from|to|is|are|not|yet|this|that|day|days|line|lines|file|files|month|months|revenue|evaluation|notice|notices|shortfall|secured|window|threshold|rate|rates|choose|paste|drop|remember|forget|clear|show|read|used|excluded|rejected|expected|found|today|reset|add|cancel|close|track|risk|needs|may|left|before|after|by|sheet|column|columns|date|dates|amount|currency|missing|assumptions|settings|language|none|what|gross|net|loaded|filter|timeline|warnings|reading|try|sample|data|onboarded|enroll|until|since|estimate|only|every|each)\b/i;

/** Every text the user can meet on the page now: text nodes (also in closed
 * <details>, print-only parts and SVG titles) and labelling attributes.
 * Data the user gave (file names, reseller names, table cells of files) are
 * left out: they are not the interface's words. */
async function interfaceTexts(page) {
  return page.evaluate(() => {
    const out = [];
    const skip = (el) => el?.closest('.file-name, .reseller-name, .preview, .rejected-table code, .reseller-id, #detail-heading, .date-basis option');
    const walker = document.createTreeWalker(document.querySelector('.app'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!skip(n.parentElement) && n.textContent.trim()) out.push(n.textContent.trim());
    }
    for (const el of document.querySelectorAll('.app [aria-label], .app [title], .app [placeholder]')) {
      if (skip(el)) continue;
      for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
    }
    out.push(document.title);
    return out;
  });
}

/** Texts with an English word, file names taken out first. */
function englishFragments(texts) {
  return texts
    .map((s) => s.replace(/\S+\.(csv|xlsx|tsv|txt)\b/g, '').replace(/reseller_id|onboarding_date|deauthorized_on|other_provider_usd|Partner-of-Record/g, ''))
    .filter((s) => ENGLISH.test(s));
}

/** "1.234,56 USD" or "USD 1,234.56" (either sign) → cents. */
function cents(text, lang) {
  const s = norm(text).replace('USD', '').replace(/\s/g, '');
  const plain = lang === 'de' ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  return Math.round(Number(plain.replace('−', '-')) * 100);
}

async function moneyColumn(page) {
  return page.locator('.portfolio-table tbody td[data-field="ttm_net_usd"]').allTextContents();
}

test('a German browser gets the German interface: every screen walked, no English left, axe clean', async () => {
  const { page, errors } = await openApp(t.browser.context, t.server.url);
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  assert.equal(await page.locator('#language').inputValue(), 'de');
  const seen = [];
  const screen = async (name) => {
    const texts = await interfaceTexts(page);
    seen.push(...texts);
    assert.deepEqual(englishFragments(texts), [], `English on the German screen "${name}"`);
    assert.deepEqual(await violations(page), [], `axe on the German screen "${name}"`);
  };
  await screen('empty');

  await setAsOf(page, '2026-11-28');
  await page.click('#sample');
  await page.waitForSelector('.portfolio-table tbody tr');
  await page.waitForSelector('.file-item .account');
  await page.screenshot({ path: join(SCREENSHOTS, 'portfolio-de.png') });
  // Open the assumptions, and every reseller's detail in turn (all eight statuses).
  await page.click('.assumptions-panel summary');
  await screen('portfolio');
  const ids = await page.locator('.portfolio-table tbody tr').evaluateAll((rows) => rows.map((r) => r.dataset.reseller));
  for (const id of ids) {
    await page.click(`tr[data-reseller="${id}"] .link`);
    await page.locator(`.reseller-detail[data-reseller="${id}"]`).waitFor();
    await page.fill('#what-if-amount', '250,50');
    await page.locator('.what-if-note').waitFor();
    await screen(`detail ${id}`);
    await page.fill('#what-if-amount', '');
  }
  const statuses = await page.locator('.status-summary .status-chip').count();
  assert.equal(statuses, 8, 'the sample shows every status');

  // A table in EUR without rates, a malformed line, an ambiguous date, a mapping.
  await page.setInputFiles('#file-input', {
    name: 'export.csv', mimeType: 'text/csv',
    buffer: Buffer.from('Reseller ID;Datum;Betrag;Währung\n7000001;05/03/2026;1.200,00;EUR\n7000001;kein Datum;5,00;EUR\n7000002;06/04/2026;;EUR\n'),
  });
  await page.locator('.file-item[data-file="export.csv"] .question').waitFor();
  await screen('day/month question');
  await page.locator('.file-item[data-file="export.csv"] .question button').first().click();
  await page.locator('#rate-EUR').waitFor();
  await page.click('.file-item[data-file="export.csv"] .rejected summary');
  await screen('rates and rejected lines');
  await page.setInputFiles('#file-input', { name: 'portal.csv', mimeType: 'text/csv', buffer: Buffer.from('wer;wann;wieviel\n1;2026-01-01;5\n') });
  await page.locator('.file-item[data-file="portal.csv"] .question button').click();
  await page.locator('dialog.mapping-dialog').waitFor();
  await screen('mapping dialog');
  await page.keyboard.press('Escape');

  // Locale formats: German money and dates, and plurals.
  assert.ok(seen.some((s) => /^\d{1,3}(\.\d{3})*,\d{2}\sUSD$/.test(s)), 'money like 1.234,56 USD');
  assert.ok(seen.some((s) => /\b\d{1,2}\. (Jan\.|Feb\.|März|Apr\.|Mai|Juni|Juli|Aug\.|Sept\.|Okt\.|Nov\.|Dez\.) \d{4}\b/.test(s)), 'dates like 1. März 2027');
  assert.ok(seen.some((s) => /^in \d+ Tagen$/.test(s)), 'days to the evaluation, plural');
  await page.fill('#paste', 'Reseller-ID\tDatum\tBetrag\n7000009\t2026-03-01\t10,00');
  assert.equal(norm(await page.locator('.paste-count').textContent()), '2 Zeilen');
  await page.fill('#paste', 'Reseller-ID\tDatum\tBetrag');
  assert.equal(norm(await page.locator('.paste-count').textContent()), '1 Zeile');
  assert.deepEqual(errors, []);
});

test('switching to English and back: texts change, values stay, each formatted for its locale', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await setAsOf(page, '2026-11-28');
  await page.click('#sample');
  // The sample file read and accounted for, as the other sample tests wait.
  await page.waitForSelector('.portfolio-table tbody tr');
  await page.waitForSelector('.file-item .account');
  await page.click('.portfolio-table tbody tr:first-child .link');
  await page.locator('.reseller-detail').waitFor();
  const german = await moneyColumn(page);
  const germanHeadline = norm(await page.locator('#headline').textContent());
  const germanAsOf = norm(await page.locator('.print-meta').textContent());
  assert.match(german[0], /^-?[\d.]+,\d{2}\sUSD$/);
  assert.match(germanAsOf, /Stichtag 28\. Nov\. 2026/);

  await page.selectOption('#language', 'en');
  await page.locator('text=Next evaluation').first().waitFor();
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  const english = await moneyColumn(page);
  assert.match(english[0], /^-?USD\s[\d,]+\.\d{2}$/);
  assert.deepEqual(english.map((s) => cents(s, 'en')), german.map((s) => cents(s, 'de')), 'the same amounts in both languages');
  assert.match(norm(await page.locator('.print-meta').textContent()), /report as of 28 Nov 2026/);
  assert.doesNotMatch(norm(await page.locator('.app').textContent()), /Stichtag|Nächste Prüfung|Fehlbetrag/);

  await page.selectOption('#language', 'de');
  await page.locator('text=Nächste Prüfung').first().waitFor();
  assert.deepEqual(await moneyColumn(page), german, 'back to German: the same texts as before');
  assert.equal(norm(await page.locator('#headline').textContent()), germanHeadline);
});

test('an embedding page sets the language: URL and mount() option win over the browser', async () => {
  const { page } = await openApp(t.browser.context, `${t.server.url}?lang=en&as_of=2026-11-28`);
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(norm(await page.locator('.app').textContent()), /Revenue data/);
  // The example page mounts with { lang: 'en' } (its portal is English) in this German browser.
  const embed = await t.browser.context.newPage();
  await embed.goto(`${t.server.url}embed-example.html`);
  const host = embed.locator('#ttm-check-host');
  await host.locator('#sample').waitFor();
  assert.equal(await host.locator('.app').getAttribute('lang'), 'en');
  assert.equal(norm(await host.locator('#sample').textContent()), 'Try with sample data');
  // The host page's own lang attribute is left alone.
  assert.equal(await embed.getAttribute('html', 'lang'), 'en');
  await embed.close();
});

test('a remembered language survives a reload; "Forget everything" forgets it', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await page.check('#remember');
  await page.selectOption('#language', 'en');
  await page.locator('#input-heading', { hasText: 'Revenue data' }).waitFor();
  await page.reload();
  await page.waitForSelector('html[data-ttm-ready="true"]');
  await page.locator('#input-heading', { hasText: 'Revenue data' }).waitFor();
  assert.equal(await page.locator('#language').inputValue(), 'en');
  await page.click('#forget');
  await page.reload();
  await page.waitForSelector('html[data-ttm-ready="true"]');
  assert.equal(await page.locator('#language').inputValue(), 'de', 'back to the browser’s language');
});
