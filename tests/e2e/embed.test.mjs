// Embedding in an intranet page (dist/embed-example.html): mounted into a
// host element through the JS API, and as an iframe with URL settings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { DIST, appUnderTest, norm } from './harness.mjs';

const t = appUnderTest('/portal/');

test('mounted into a host element: isolated styles, results event, no network', async () => {
  const page = await t.browser.context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${t.server.url}embed-example.html`);
  const host = page.locator('#ttm-check-host');
  // The app renders inside the host element (in its shadow root).
  await host.locator('#sample').click();
  await host.locator('.portfolio-table tbody tr').first().waitFor();
  await host.locator('.file-item .account').waitFor();
  // The portal heard the results: its own text reflects the app's figures.
  await page.waitForFunction(() => /Portal sees 10 reseller tenants as of 2026-11-28/.test(document.getElementById('portal-status').textContent));
  const shown = norm(await host.locator('.status-summary .total').textContent());
  assert.equal(shown, '10 reseller tenants');
  // Host CSS does not reach the app; the app's CSS does not reach the host.
  const appStyle = await host.locator('#sample').evaluate((b) => ({ bg: getComputedStyle(b).backgroundColor, font: getComputedStyle(b).fontFamily }));
  assert.notEqual(appStyle.bg, 'rgb(0, 255, 0)', 'host button style leaked into the app');
  assert.doesNotMatch(appStyle.font, /Georgia/, 'host font leaked into the app');
  const hostButton = await page.locator('#portal-button').evaluate((b) => getComputedStyle(b).backgroundColor);
  assert.equal(hostButton, 'rgb(0, 255, 0)', 'app CSS leaked into the host');
  // The theme colour given to mount() is used.
  const brand = await host.locator('.app').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim());
  assert.equal(brand, '#005a9e');
  const own = new Set(readdirSync(DIST));
  for (const url of requests) {
    const u = new URL(url);
    assert.equal(u.origin, t.server.origin, url);
    assert.ok(own.has(u.pathname.slice('/portal/'.length)), url);
  }
  assert.deepEqual(errors, []);
  await page.close();
});

test('as an iframe: language, as-of date, threshold and theme from the URL', async () => {
  const page = await t.browser.context.newPage();
  await page.goto(`${t.server.url}embed-example.html`);
  const frame = page.frameLocator('#ttm-frame');
  // The app, not the first screen shown before it (static/first-screen.html).
  await frame.locator('html[data-ttm-ready="true"]').waitFor({ state: 'attached' });
  assert.equal(await frame.locator('#as-of').inputValue(), '2026-11-28');
  // lang=de in the URL: German in an English browser.
  assert.equal(await frame.locator('html').getAttribute('lang'), 'de');
  assert.equal(norm(await frame.locator('label.as-of span').textContent()), 'Stichtag');
  await frame.locator('#sample').click();
  await frame.locator('.portfolio-table tbody tr').first().waitFor();
  await frame.locator('#assumptions-heading').click();
  assert.equal(await frame.locator('#threshold').inputValue(), '1500');
  const brand = await frame.locator('.app').evaluate((el) => getComputedStyle(el).getPropertyValue('--brand').trim());
  assert.equal(brand, '#a01060');
  await page.close();
});
