// Shared set-up for the end-to-end tests: a static server for dist/ on
// loopback, and Debian's Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = resolve(import.meta.dirname, '..', '..');
export const DIST = join(ROOT, 'dist');
// The project's own fixtures, with the figures tests/data/fixtures/generate.py worked out for them.
export const FIXTURES = join(ROOT, 'tests', 'data', 'fixtures');
// Where the tests' screenshots go: under target/, so a run leaves the tree as it found it.
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

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

/** Serves `dir` on 127.0.0.1 under `prefix` (to prove sub-path deployment). */
export async function serve(dir = DIST, prefix = '/') {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost');
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
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return { origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${prefix}`, close: () => server.close() };
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
 * Launches Debian's Chromium headless, without any background networking.
 * `locale` is the browser's language (the app picks its own from it); the
 * English tests read British dates ("1 Mar 2027"). Other options (`hasTouch`)
 * go to the browser context.
 */
export async function launch({ locale = 'en-GB', ...options } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'ttm-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
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
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Opens the app and records every request the page makes. */
export async function openApp(context, url) {
  const page = await context.newPage();
  const requests = [];
  const errors = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
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
