// On a phone: a reseller opening the app from a link. At 360×740 and
// 390×844 the page never scrolls sideways (empty page, portfolio, detail,
// mapping dialog), the portfolio is a list of cards, every control is a
// touch target of at least 24 px, and axe-core is clean in both languages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ENGINE, SCREENSHOTS, openApp, appUnderTest, violations } from './harness.mjs';

const t = appUnderTest('/', { hasTouch: true });

const SIZES = [
  { width: 360, height: 740 },
  { width: 390, height: 844 },
];

/**
 * A tap: a real touch in Chromium; a click elsewhere, where the driver
 * dispatches no touch input (Firefox ESR over BiDi sends no event at all for
 * a touch action; WebDriver in WebKit has none).
 */
const tap = (locator) => (ENGINE === 'chromium' ? locator.tap() : locator.click());

/** The page's width against the viewport's, once painted. */
async function widths(page) {
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
}

/** Visible controls smaller than 24×24 px (WCAG 2.2 AA target size). */
async function smallTargets(page, scope = '.app') {
  return page.evaluate((scope) => {
    const root = document.querySelector(scope);
    const controls = root.querySelectorAll('button, select, input:not([type=file]):not(.visually-hidden), a[href], summary');
    return [...controls]
      .filter((el) => el.offsetParent !== null && !el.closest('.visually-hidden'))
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ r }) => r.width > 0 && (r.width < 24 || r.height < 24))
      .map(({ el, r }) => `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} ${Math.round(r.width)}×${Math.round(r.height)}`);
  }, scope);
}

for (const size of SIZES) {
  test(`at ${size.width}×${size.height}: no sideways scrolling, cards, touch targets, screenshots`, async () => {
    const { page, errors } = await openApp(t.browser.context, t.server.url);
    await page.setViewportSize(size);
    const shot = (name) => page.screenshot({ path: join(SCREENSHOTS, `phone-${size.width}-${name}.png`), fullPage: false });

    let w = await widths(page);
    assert.equal(w.scroll, w.viewport, 'empty page');
    assert.deepEqual(await smallTargets(page), [], 'empty page targets');
    await shot('empty');

    await page.click('#sample');
    await page.waitForSelector('.portfolio-table tbody tr');
    await page.waitForSelector('.file-item .account');
    w = await widths(page);
    assert.equal(w.scroll, w.viewport, 'portfolio');
    // The portfolio as cards: no header row, name, status, shortfall and next evaluation in each.
    assert.equal(await page.locator('.portfolio-table thead').isVisible(), false);
    const card = page.locator('.portfolio-table tbody tr').first();
    for (const part of ['.reseller-name', '.status-badge', '[data-field="shortfall_usd"]', '[data-field="next_evaluation"]']) {
      assert.ok(await card.locator(part).isVisible(), `a card shows ${part}`);
    }
    assert.equal(await card.locator('[data-field="ttm_net_usd"]').isVisible(), false);
    const box = await card.boundingBox();
    assert.ok(box.width <= size.width, 'a card fits the screen');
    assert.deepEqual(await smallTargets(page), [], 'portfolio targets');
    await page.locator('.portfolio-table').scrollIntoViewIfNeeded();
    await shot('portfolio');

    // A tenant short of the threshold, so the what-if can put it on track.
    await tap(page.locator('.portfolio-table tbody tr:has(.status-badge[data-status="at_risk"]) .link').first());
    await page.locator('.reseller-detail').waitFor();
    w = await widths(page);
    assert.equal(w.scroll, w.viewport, 'detail');
    // The what-if works by touch.
    await tap(page.locator('#what-if-amount'));
    await page.locator('#what-if-amount').fill('100000');
    await page.locator('.reseller-detail .headline .status-badge[data-status="on_track"]').waitFor();
    w = await widths(page);
    assert.equal(w.scroll, w.viewport, 'detail with a what-if');
    assert.deepEqual(await smallTargets(page, '.reseller-detail'), [], 'detail targets');
    await page.locator('.reseller-detail').scrollIntoViewIfNeeded();
    await shot('detail');

    // The lines behind the figures, as cards: no header row, each cell
    // labelled, nothing wider than the screen.
    await tap(page.locator('.reseller-detail [data-action="show-lines"]'));
    await page.locator('.reseller-detail .lines-table tbody tr').first().waitFor({ timeout: 60_000 });
    w = await widths(page);
    assert.equal(w.scroll, w.viewport, 'lines');
    assert.equal(await page.locator('.lines-table thead').isVisible(), false);
    const line = await page.locator('.reseller-detail .lines-table tbody tr').first().evaluate((tr) => ({
      width: tr.getBoundingClientRect().width,
      display: getComputedStyle(tr).display,
      label: tr.querySelector('td').dataset.label,
      before: getComputedStyle(tr.querySelector('td'), '::before').content,
    }));
    assert.equal(line.display, 'block', 'a line is a card');
    assert.ok(line.width <= size.width, 'a line fits the screen');
    assert.equal(line.label, 'File');
    assert.notEqual(line.before, 'none', 'each value says what it is');
    assert.deepEqual(await smallTargets(page, '.reseller-detail .lines-panel'), [], 'lines targets');
    await page.locator('.reseller-detail .lines-panel').scrollIntoViewIfNeeded();
    await shot('lines');

    await page.setInputFiles('#file-input', { name: 'unknown.csv', mimeType: 'text/csv', buffer: Buffer.from('who,what,how much\n1,2026-01-01,5\n') });
    await page.getByRole('button', { name: 'Map columns…' }).click();
    await page.locator('dialog.mapping-dialog').waitFor();
    w = await widths(page);
    assert.equal(w.scroll, w.viewport, 'mapping dialog');
    const dialog = await page.locator('dialog.mapping-dialog').boundingBox();
    assert.ok(dialog.x >= 0 && dialog.x + dialog.width <= size.width, 'the dialog fits the screen');
    assert.deepEqual(await smallTargets(page, 'dialog.mapping-dialog'), [], 'dialog targets');
    await shot('mapping');
    assert.deepEqual(errors, []);
  });
}

test('at 360 px, axe-core is clean in English and German on every screen', async () => {
  for (const lang of ['en', 'de']) {
    const { page } = await openApp(t.browser.context, t.server.url);
    await page.setViewportSize(SIZES[0]);
    await page.selectOption('#language', lang);
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
    assert.deepEqual(await violations(page), [], `${lang}: empty page`);
    await page.click('#sample');
    await page.waitForSelector('.portfolio-table tbody tr');
    await page.waitForSelector('.file-item .account');
    assert.deepEqual(await violations(page), [], `${lang}: portfolio`);
    await page.locator('.portfolio-table tbody tr:first-child .link').click();
    await page.locator('.reseller-detail').waitFor();
    assert.deepEqual(await violations(page), [], `${lang}: detail`);
    await page.setInputFiles('#file-input', { name: 'unknown.csv', mimeType: 'text/csv', buffer: Buffer.from('who,what,how much\n1,2026-01-01,5\n') });
    await page.locator('.file-item .button', { hasText: lang === 'de' ? 'Spalten zuordnen' : 'Map columns' }).click();
    await page.locator('dialog.mapping-dialog').waitFor();
    assert.deepEqual(await violations(page), [], `${lang}: mapping dialog`);
    await page.close();
  }
});
