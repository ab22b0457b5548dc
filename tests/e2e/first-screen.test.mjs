// The first screen before the page's module runs (static/first-screen.html,
// in index.html's #app): in the browser's language, equal to the app's own
// first render, and taken over by the app without anything moving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, launch, norm, serve } from './harness.mjs';
import { appMarkup } from './first-screen.mjs';

// What a user sees first, where it stands.
const LANDMARKS = ['h1', '.tagline', '.privacy-line', '#sample', '.drop-zone', '.empty-state', '.own-check h2', '#own-check', '.assumptions-panel'];

/** The prerendered screen of `lang` in dist/index.html, as written there. */
function prerendered(lang) {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const screen = html.match(new RegExp(`<div class="app" lang="${lang}">[\\s\\S]*?</div>(?=\\n)`));
  assert.ok(screen, `index.html has no first screen in ${lang}`);
  return screen[0];
}

/** In the page: where each landmark is, in the first `.app` shown. */
function places(landmarks) {
  const app = [...document.querySelectorAll('.app')].find((a) => a.getClientRects().length > 0);
  return Object.fromEntries(landmarks.map((s) => {
    const r = app.querySelector(s)?.getBoundingClientRect();
    return [s, r ? [r.x, r.y, r.width, r.height].map((v) => Math.round(v * 2) / 2) : null];
  }));
}

/**
 * In the page: the first difference between the app's render (`appMarkup`'s)
 * and the prerendered one, or null: compared as DOM, so that each engine's
 * way of writing HTML does not matter.
 */
function firstDifference([rendered, written]) {
  const parse = (html) => { const t = document.createElement('template'); t.innerHTML = html; return t.content.firstElementChild; };
  const [a, b] = [parse(rendered), parse(written)];
  if (a.isEqualNode(b)) return null;
  const where = (n) => { const p = []; for (let e = n; e && e.nodeType === 1; e = e.parentElement) p.unshift(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : '') + (e.className ? `.${String(e.className).split(' ')[0]}` : '')); return p.join(' > '); };
  const walk = (x, y) => {
    if (x.nodeType !== y.nodeType || x.nodeName !== y.nodeName) return `${where(x.parentElement)}: ${x.nodeName} rendered, ${y.nodeName} written`;
    if (x.nodeType === 3) return x.data === y.data ? null : `${where(x.parentElement)}: "${x.data}" rendered, "${y.data}" written`;
    const attrs = (e) => [...e.attributes].map((at) => `${at.name}=${at.value}`).sort().join(' ');
    if (x.nodeType === 1 && attrs(x) !== attrs(y)) return `${where(x)}: [${attrs(x)}] rendered, [${attrs(y)}] written`;
    const n = Math.max(x.childNodes.length, y.childNodes.length);
    for (let i = 0; i < n; i++) {
      if (!x.childNodes[i] || !y.childNodes[i]) return `${where(x)}: ${x.childNodes.length} children rendered, ${y.childNodes.length} written`;
      const d = walk(x.childNodes[i], y.childNodes[i]);
      if (d) return d;
    }
    return null;
  };
  return walk(a, b) ?? 'they differ';
}

for (const { locale, query, lang, viewport } of [
  { locale: 'en-GB', query: '', lang: 'en' },
  { locale: 'de-DE', query: '', lang: 'de' },
  // A phone's viewport (480 wide: WebKit's MiniBrowser is no narrower than
  // 447): one column, the results (the own check) first
  // (which hides the empty results' card).
  { locale: 'en-GB', query: '?lang=de', lang: 'de', viewport: { width: 480, height: 823 } },
]) {
  test(`the first screen shows before the module, in ${lang} for ${locale}${query}, and equals the app's first render`, async () => {
    // The page's module is held back until the first screen has been looked at.
    let release;
    const held = new Promise((ok) => { release = ok; });
    const server = await serve(DIST, '/', { answer: (req, path) => (path === 'ttm-check_wasm.js' ? held.then(() => undefined) : undefined) });
    const browser = await launch({ locale });
    try {
      const page = await browser.context.newPage();
      if (viewport) await page.setViewportSize(viewport);
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${server.url}${query}`, { waitUntil: 'commit' });
      await page.locator(`.first-screen > .app[lang="${lang}"] h1`).waitFor();
      // Only the one language shows, and the note says the app is starting.
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      // Once the page is parsed, the other language's screen is gone (one
      // copy of each heading and ID).
      await page.waitForFunction(() => document.readyState !== 'loading');
      assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('.first-screen > .app')].map((a) => a.lang)), [lang]);
      const starting = norm(await page.locator('.starting').innerText());
      assert.equal(starting, lang === 'de' ? 'TTM Check startet…' : 'Starting TTM Check…');
      // Nothing in it answers yet: it is inert, not a page that ignores clicks.
      assert.equal(await page.evaluate(() => document.querySelector('.first-screen').inert), true);
      assert.equal(await page.evaluate(() => document.documentElement.dataset.ttmReady), undefined);
      const landmarks = viewport ? LANDMARKS.filter((s) => s !== '.empty-state') : LANDMARKS;
      const before = await page.evaluate(places, landmarks);
      for (const [s, r] of Object.entries(before)) assert.ok(r && r[2] > 0 && r[3] > 0, `${s} is shown before the module: ${r}`);

      // The app renders in #app beside that screen, a part per task, unseen
      // and inert until it is whole: each batch of DOM changes is one task's.
      await page.evaluate(() => {
        const app = document.getElementById('app');
        const seen = (globalThis.stagingSeen = { parts: [], shown: null, shifted: null });
        // Where the engine reports layout shifts (Chromium): the parts come
        // in reading order, so none moves one shown before it, even covered.
        if (PerformanceObserver.supportedEntryTypes?.includes('layout-shift')) {
          seen.shifted = 0;
          new PerformanceObserver((list) => { for (const e of list.getEntries()) { seen.shifted += e.value; (seen.sources ??= []).push(e.sources.map((x) => (x.node?.className || x.node?.nodeName) + ':' + JSON.stringify([x.previousRect.y, x.currentRect.y, x.previousRect.height, x.currentRect.height]))); } }).observe({ type: 'layout-shift' });
        }
        new MutationObserver((records) => {
          if (seen.shown === null && records.some((r) => r.addedNodes.length > 0)) {
            seen.parts.push([app.hasAttribute('data-staging'), app.inert, document.querySelectorAll('.first-screen > .app').length, records.flatMap((r) => [...r.addedNodes].map((n) => n.className || n.nodeName)).join(' ').slice(0, 60)]);
          }
        }).observe(app, { childList: true, subtree: true });
        addEventListener('ttm-check:shown', () => {
          seen.shown = [app.hasAttribute('data-staging'), app.inert, document.querySelectorAll('.first-screen, .starting').length];
        }, { once: true });
      });
      release();
      await page.waitForSelector('html[data-ttm-ready="true"]');
      const staging = await page.evaluate(() => globalThis.stagingSeen);
      // The frame, the header, the results, the own check, the assumptions
      // and the drop zone, each in a task of its own (the empty file list,
      // in the task that shows the app, adds nothing).
      assert.ok(staging.parts.length >= 5, `the first screen came in parts, one per task: ${JSON.stringify(staging.parts)}`);
      assert.deepEqual(new Set(staging.parts.map((p) => String(p.slice(0, 3)))), new Set([String([true, true, 1])]), 'every part came unseen, inert, with the first screen still shown');
      assert.deepEqual(staging.shown, [false, false, 0], 'once whole, the app shows and the first screen is gone');
      assert.ok(staging.shifted === null || staging.shifted === 0, `nothing shifted as the app came: ${staging.shifted} ${JSON.stringify(staging.sources)}`);
      // The locale data of the app's formatters were loaded on a thread of
      // their own (static/warm-intl.js), for the locale the app formats in.
      const { warmedLocale, locale: appLocale, pageModule, engineModule } = await page.evaluate(() => globalThis.ttmCheckDiagnostics ?? {});
      assert.equal(warmedLocale, appLocale, 'the warm-up loaded the app\'s locale');
      // The page's module and the engine's (the JS API's) were decoded and
      // compiled off the page's thread (static/compile.js).
      assert.deepEqual([pageModule, engineModule], ['worker', 'worker'], 'the modules were compiled by their worker');
      assert.equal(appLocale?.split('-')[0], lang);
      assert.equal(await page.locator('.first-screen, .starting').count(), 0, 'the app took the first screen\'s place');
      // Nothing moved.
      assert.deepEqual(await page.evaluate(places, landmarks), before);
      // The same markup as the app's own (a stale static/first-screen.html: `make prerender`).
      const difference = await page.evaluate(firstDifference, [await page.evaluate(appMarkup), prerendered(lang)]);
      assert.equal(difference, null, `static/first-screen.html is not the app's first screen (run make prerender): ${difference}`);
      assert.deepEqual(errors, []);
    } finally {
      release();
      await browser.close();
      server.close();
    }
  });
}
