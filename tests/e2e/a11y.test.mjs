// Accessibility: axe-core finds no serious or critical violation on any
// screen, and journey 1 can be completed with the keyboard alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DIST, FIXTURES, onlyIn, openApp, appUnderTest, norm, violations, expectedFigures } from './harness.mjs';

const t = appUnderTest('/');

test('axe-core: no serious or critical violation on any screen', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  assert.deepEqual(await violations(page), [], 'empty page');
  await page.click('#sample');
  await page.waitForSelector('.portfolio-table tbody tr');
  await page.waitForSelector('.file-item .account');
  assert.deepEqual(await violations(page), [], 'portfolio');
  await page.click('.portfolio-table tbody tr:first-child .link');
  await page.locator('.reseller-detail').waitFor();
  assert.deepEqual(await violations(page), [], 'detail');
  await page.click('.reseller-detail [data-action="show-lines"]');
  await page.locator('.reseller-detail .lines-table tbody tr').first().waitFor();
  assert.deepEqual(await violations(page), [], 'the lines behind the figures');
  await page.click('.reseller-detail .lines-panel [data-filter="excluded"]');
  assert.deepEqual(await violations(page), [], 'the lines, filtered');
  await page.setInputFiles('#file-input', { name: 'unknown.csv', mimeType: 'text/csv', buffer: Buffer.from('who,what,how much\n1,2026-01-01,5\n') });
  await page.getByRole('button', { name: 'Map columns…' }).click();
  await page.locator('dialog.mapping-dialog').waitFor();
  assert.deepEqual(await violations(page), [], 'mapping dialog');
});

test('journey 1 with the keyboard alone', onlyIn(['chromium', 'firefox'], 'Space on the file input opens the system\'s file chooser, which WebDriver cannot see or answer'), async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  // Listened for from the start: the browser intercepts its file chooser
  // only once asked to, and asking as Space is pressed raced the key (CI).
  const chooserShown = page.waitForEvent('filechooser', { timeout: 60_000 });
  // Tab, or Shift+Tab where the target is above the focus (a row that
  // moved up when its date was typed): Firefox does not wrap around from the
  // page's end to its start as Chromium does.
  const focusOn = async (selector, max = 40) => {
    for (let i = 0; i < max; i++) {
      const key = await page.evaluate((s) => {
        const a = document.activeElement;
        if (a?.matches(s)) return null;
        const target = document.querySelector(s);
        const above = target && a && a !== document.body && a.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING;
        return above ? 'Shift+Tab' : 'Tab';
      }, selector);
      if (key === null) return;
      await page.keyboard.press(key);
    }
    throw new Error(`Tab never reached ${selector}`);
  };
  await focusOn('#as-of');
  await page.keyboard.type('11282026');
  await page.keyboard.press('Tab');
  // The new date is applied (and the page repainted) before going on.
  await page.waitForFunction(() => document.querySelector('#as-of').value === '2026-11-28');
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  // The file input (inside the drop zone, which shows its focus) opens the chooser with Space.
  await focusOn('#file-input');
  assert.ok(await page.locator('.drop-zone').evaluate((el) => el.matches(':focus-within')));
  await page.keyboard.press('Space');
  const chooser = await chooserShown;
  await chooser.setFiles(join(FIXTURES, 'excel-de.csv'));
  await page.locator('#rate-EUR').waitFor();
  await focusOn('#rate-EUR');
  await page.keyboard.type('1.0825');
  await page.keyboard.press('Tab');
  await page.locator('.file-item .account').waitFor();
  await page.locator('tr[data-reseller="4440114"] .onboarding-input').waitFor();
  await focusOn('tr[data-reseller="4440114"] .onboarding-input', 200);
  await page.keyboard.type('03082023');
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => document.querySelector('tr[data-reseller="4440114"] [data-field="next_evaluation"]')?.dataset.iso === '2027-03-01');
  await focusOn('tr[data-reseller="4440114"] .link', 200);
  await page.keyboard.press('Enter');
  await page.locator('.reseller-detail[data-reseller="4440114"]').waitFor();
  const { shortfall_usd: short } = expectedFigures('excel-de.expected-2026-11-28-EUR1.0825.json').resellers['4440114'];
  assert.match(norm(await page.locator('#headline').textContent()), new RegExp(`Short by USD ${short.replace('.', '\\.')} for the evaluation on 1 Mar 2027`));
  // Sorting by keyboard: Enter on a column header.
  await focusOn('.portfolio-table th button.sort', 200);
  await page.keyboard.press('Enter');
  assert.notEqual(await page.locator('.portfolio-table th[aria-sort="ascending"], .portfolio-table th[aria-sort="descending"]').count(), 0);
});
