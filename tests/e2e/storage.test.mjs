// "Remember on this device": nothing is stored until the user opts in; then
// settings, rates, the register and column mappings survive a reload, never
// the revenue lines; "forget everything" leaves storage empty.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FIXTURES, DIST, openApp, appUnderTest } from './harness.mjs';

const t = appUnderTest('/');

const storage = (page) => page.evaluate(() => ({ length: localStorage.length, text: localStorage.getItem('ttm-check.v1') }));
const unknown = { name: 'portal-export.csv', mimeType: 'text/csv', buffer: Buffer.from('who;when;how much\n7000001;15.01.2026;1.200,00\n') };

test('opt-in storage survives a reload, holds no revenue lines, and is forgotten on request', async () => {
  const { page } = await openApp(t.browser.context, t.server.url);
  await page.fill('#as-of', '2026-11-28');
  await page.locator('#as-of').dispatchEvent('change');
  await page.setInputFiles('#register-input', join(FIXTURES, 'excel-de.register.csv'));
  await page.setInputFiles('#file-input', join(FIXTURES, 'excel-de.csv'));
  await page.locator('#rate-EUR').waitFor();
  await page.fill('#rate-EUR', '1.0825');
  await page.locator('#rate-EUR').dispatchEvent('change');
  await page.setInputFiles('#file-input', unknown);
  await page.getByRole('button', { name: 'Map columns…' }).click();
  await page.selectOption('#map-reseller', { label: 'who' });
  await page.selectOption('#map-date', { label: 'when' });
  await page.selectOption('#map-amount', { label: 'how much' });
  await page.click('#apply-mapping');
  await page.locator('tr[data-reseller="7000001"]').waitFor();
  assert.equal((await storage(page)).length, 0, 'nothing stored before opting in');

  await page.check('#remember');
  await page.waitForFunction(() => localStorage.getItem('ttm-check.v1'));
  const stored = (await storage(page)).text;
  assert.match(stored, /"EUR":"1.0825"/);
  assert.match(stored, /4440114/, 'the register is remembered');
  assert.doesNotMatch(stored, /76,01|Northwind|Lizenz/, 'no revenue line is stored');

  // After a reload the rate, the register and the mapping come back.
  await page.reload();
  await page.waitForSelector('html[data-ttm-ready="true"]');
  assert.equal(await page.isChecked('#remember'), true);
  await page.setInputFiles('#file-input', join(FIXTURES, 'excel-de.csv'));
  await page.locator('.file-item .account').waitFor();
  assert.equal(await page.inputValue('#rate-EUR'), '1.0825');
  await page.locator('tr[data-reseller="4440114"] [data-field="next_evaluation"][data-iso="2027-03-01"]').waitFor();
  await page.setInputFiles('#file-input', unknown);
  await page.locator('tr[data-reseller="7000001"]').waitFor(); // mapped without asking again

  await page.click('#forget');
  assert.deepEqual(await storage(page), { length: 0, text: null });
  await page.reload();
  await page.waitForSelector('html[data-ttm-ready="true"]');
  assert.equal(await page.isChecked('#remember'), false);
  assert.equal(await page.locator('.portfolio-table').count(), 0, 'nothing restored');
  assert.deepEqual(await storage(page), { length: 0, text: null });
});
