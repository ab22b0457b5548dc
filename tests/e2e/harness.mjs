// Shared set-up for the end-to-end tests: a static server for dist/ on
// loopback, and a browser from Debian: Chromium driven by playwright-core,
// Firefox ESR by playwright-core over WebDriver BiDi (TTM_ENGINE=firefox), or
// WebKitGTK's MiniBrowser over WebDriver behind the same API (TTM_ENGINE=webkit,
// webkit.mjs).
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { chromium, firefox } from 'playwright-core';
import { launchWebKit } from './webkit.mjs';
import { before, after } from 'node:test';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
// The project's own fixtures, with the figures tests/data/fixtures/generate.py worked out for them.
export const FIXTURES = join(ROOT, 'tests', 'data', 'fixtures');
/** The engine this run drives: `chromium` (the default), `firefox` or `webkit`. */
export const ENGINE = process.env.TTM_ENGINE ?? 'chromium';
// Where the tests' screenshots go, one folder per engine: under target/, so a
// run leaves the tree as it found it.
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots', ENGINE);

/** The expected figures of a fixture set: `{ how, as_of, rates, files, resellers }`. */
export function expectedFigures(name) {
  return JSON.parse(readFileSync(join(FIXTURES, name), 'utf8'));
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * Serves `dir` on 127.0.0.1 under `prefix` (to prove sub-path deployment).
 * `down(true)` makes the server unreachable (every connection dropped), as a
 * network that is gone, for engines whose driver cannot take a page offline.
 * `answer(req, path)` may return other content for a request (a test's
 * broken copy of one file), or undefined for the file itself; or a promise of either (a file held back).
 */
export async function serve(dir = DIST, prefix = '/', { answer } = {}) {
  let down = false;
  // Every path asked for, by the page and by its workers alike (an engine's
  // list of the page's requests may leave out a worker's own).
  const requested = [];
  const server = createServer(async (req, res) => {
    if (down) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url, 'http://localhost');
    requested.push(url.pathname);
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    let path = normalize(decodeURIComponent(url.pathname.slice(prefix.length)));
    if (path === '.' || path === '' || path.endsWith('/')) path = join(path, 'index.html');
    const file = join(dir, path);
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      await stat(file);
      const body = (await answer?.(req, path)) ?? (await readFile(file));
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}${prefix}`,
    requested,
    down: (gone) => { down = gone; },
    close: () => server.close(),
  };
}

const axeSource = readFileSync(join(ROOT, 'tests/e2e/node_modules/axe-core/axe.min.js'), 'utf8');

/** axe-core's serious and critical violations on the page as it is now. */
export async function violations(page) {
  // Evaluated through the DevTools protocol: the page's CSP forbids inline scripts.
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Types an as-of date and commits it, as a user leaving the field. */
export async function setAsOf(page, iso) {
  await page.fill('#as-of', iso);
  await page.locator('#as-of').dispatchEvent('change');
}

/** Text as a reader sees it: Intl's no-break spaces as plain spaces. */
export const norm = (s) => (s ?? '').replace(/[\u00a0\u202f]/g, ' ');

/**
 * Whether the driver reaches into the page's workers (their diagnostics):
 * only Chromium's (playwright-core over BiDi lists no workers, and WebDriver
 * has no workers at all). What is asserted of a worker's insides is asserted
 * in Chromium; what the page shows is asserted in every engine.
 */
export const SEES_WORKERS = ENGINE === 'chromium';

/**
 * For a test that only one engine can run: `{ skip }` with the reason
 * elsewhere, as `test(name, onlyIn('chromium', 'why'), fn)`.
 */
export function onlyIn(engines, why) {
  const list = [engines].flat();
  return list.includes(ENGINE) ? {} : { skip: `${list.join('/')} only: ${why}` };
}

/**
 * Launches Debian's Chromium headless, without any background networking.
 * `locale` is the browser's language (the app picks its own from it); the
 * English tests read British dates ("1 Mar 2027"). Other options (`hasTouch`)
 * go to the browser context.
 */
export async function launch({ locale = 'en-GB', ...options } = {}) {
  if (ENGINE === 'firefox') return launchFirefox({ locale, ...options });
  if (ENGINE === 'webkit') return launchWebKit({ locale, ...options });
  return persistent('chromium', (userDataDir) => chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-extensions', '--metrics-recording-only', '--no-default-browser-check',
    ],
    viewport: { width: 1280, height: 900 },
    locale,
    ...options,
  }));
}

/**
 * A browser with a fresh profile of its own: `{ context, close }`, the
 * profile removed when it closes.
 */
async function persistent(engine, open) {
  const userDataDir = mkdtempSync(join(tmpdir(), `ttm-${engine}-`));
  const context = await open(userDataDir);
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Debian's Firefox ESR, headless, over WebDriver BiDi (playwright-core's
 * `moz-firefox` channel). bin/firefox-bidi.mjs starts it and answers the
 * emulation commands ESR does not know (see there).
 */
async function launchFirefox({ locale, serviceWorkers, ...options }) {
  return persistent('firefox', (userDataDir) => firefox.launchPersistentContext(userDataDir, {
    channel: 'moz-firefox',
    executablePath: join(ROOT, 'tests/e2e/bin/firefox-bidi.mjs'),
    headless: true,
    viewport: { width: 1280, height: 900 },
    locale,
    firefoxUserPrefs: {
      'intl.accept_languages': locale,
      // Scrollbars over the content, as on phones and in headless Chromium,
      // not beside it: the phone tests measure the page's width.
      'widget.gtk.overlay-scrollbars.enabled': true,
      'ui.useOverlayScrollbars': 1,
      'dom.serviceWorkers.enabled': serviceWorkers !== 'block',
      // Touch events on, as on a phone, where the test asks for touch.
      ...(options.hasTouch ? { 'dom.w3c_touch_events.enabled': 1 } : {}),
    },
    ...options,
  }));
}

// Where downloads caught in the page are written (under target/, like the screenshots).
const DOWNLOADS = join(ROOT, 'target', 'downloads');
let downloads = 0;

/**
 * What clicking `selector` downloads: `{ suggestedFilename(), path() }`, as
 * Playwright's Download. Chromium's download is the browser's own. Firefox
 * ESR over BiDi and WebKit over WebDriver report no downloads, so there the
 * page's own hand-over is caught instead: the Blob given to
 * `URL.createObjectURL` and the file name of the `<a download>` clicked
 * (src/web/components/export_buttons.rs), read back with FileReader (no
 * request; the page's CSP allows none).
 */
export async function download(page, selector) {
  if (ENGINE === 'chromium') {
    const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
    return d;
  }
  await page.evaluate(() => {
    if (window.__e2eDownloads) return;
    const blobs = new Map();
    const created = URL.createObjectURL;
    URL.createObjectURL = (blob) => { const url = created.call(URL, blob); blobs.set(url, blob); return url; };
    window.__e2eDownloads = [];
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () {
      const blob = blobs.get(this.href);
      if (!this.download || !blob) return click.call(this);
      const reader = new FileReader();
      reader.onload = () => window.__e2eDownloads.push({ name: this.download, data: String(reader.result).replace(/^data:[^,]*,/, '') });
      reader.readAsDataURL(blob);
    };
  });
  const before = await page.evaluate(() => window.__e2eDownloads.length);
  await page.click(selector);
  await page.waitForFunction((n) => window.__e2eDownloads.length > n, before, { timeout: 30_000 });
  const { name, data } = await page.evaluate((n) => window.__e2eDownloads[n], before);
  mkdirSync(DOWNLOADS, { recursive: true });
  const path = join(DOWNLOADS, `${ENGINE}-${process.pid}-${++downloads}-${name}`);
  writeFileSync(path, Buffer.from(data, 'base64'));
  return { suggestedFilename: () => name, path: async () => path };
}

// In Firefox, playwright-core's screenshots add `<style>body {}</style>` to
// the page for a moment (to settle animations), which the page's CSP blocks
// and reports: that one report, by its hash, is the driver's, not the app's.
const PLAYWRIGHTS_STYLE = `sha256-${createHash('sha256').update('body {}').digest('base64')}`;

/** Opens the app and records every request the page makes. */
export async function openApp(context, url) {
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => { if (!String(e).includes(PLAYWRIGHTS_STYLE)) errors.push(String(e)); });
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().includes(PLAYWRIGHTS_STYLE)) errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('html[data-ttm-ready="true"]');
  return { page, requests, errors };
}

/** For one test file: dist/ served on loopback under `prefix`, and Chromium. */
export function appUnderTest(prefix = '/', browserOptions = {}) {
  const t = {};
  before(async () => {
    t.server = await serve(DIST, prefix);
    t.browser = await launch(browserOptions);
  });
  after(async () => {
    await t.browser?.close();
    t.server?.close();
  });
  return t;
}
