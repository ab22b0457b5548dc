// WebKit (Safari's engine) for the end-to-end tests: Debian's WebKitGTK
// MiniBrowser driven through WebKitWebDriver over plain W3C WebDriver, behind
// the part of playwright-core's Page and Locator API that the tests use.
//
// Playwright drives WebKit only through its own patched builds, which are
// downloaded; Debian's WebKitGTK speaks WebDriver, not Playwright's protocol.
// So the tests' calls are translated here: a locator is resolved in the page
// by a small selector engine (CSS, with Playwright's `:has-text()`,
// `:visible`, `text=`, `>>`, getByRole and getByText as the tests use them),
// actions wait as Playwright's do (attached, visible, enabled), clicks and
// keys are WebDriver's own input, files go through the file input as a user
// picks them.
//
// What WebDriver cannot do is said, not faked: there are no network events
// (the page's requests are read from its Resource Timing entries, which list
// every request the page made, the worker's script included), no console
// (errors are caught in the page: `error` and `unhandledrejection`), no
// workers, no init scripts, no routes, no media emulation, no PDF and no file
// chooser; a test that needs one of these runs in the engines that have it
// (harness.mjs, `onlyIn`). MiniBrowser has no headless mode: it gets an Xvfb
// display of its own unless one is set. `WK_TRACE=1` writes every WebDriver
// command to stderr.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINE_SOURCE, filters, parse } from './webkit-selectors.mjs';

const MINIBROWSER = process.env.MINIBROWSER ?? '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const DRIVER = process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver';
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const TIMEOUT = 30_000;
// The longest a WebDriver command may take (a script reading a large file included).
const COMMAND_TIMEOUT = 300_000;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

async function freePort() {
  const server = createServer();
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  await new Promise((ok) => server.close(ok));
  return port;
}

/** An X display for MiniBrowser: the one set, else an Xvfb started for this run. */
let xvfb = null;
async function display() {
  if (process.env.DISPLAY) return process.env.DISPLAY;
  if (!xvfb) {
    for (let n = 90 + (process.pid % 100); ; n++) {
      if (existsSync(`/tmp/.X11-unix/X${n}`) || existsSync(`/tmp/.X${n}-lock`)) continue;
      const proc = spawn('Xvfb', [`:${n}`, '-screen', '0', '1600x1200x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !existsSync(`/tmp/.X11-unix/X${n}`); i++) await sleep(50);
      if (!existsSync(`/tmp/.X11-unix/X${n}`)) { proc.kill(); throw new Error('Xvfb did not start'); }
      proc.unref();
      process.on('exit', () => proc.kill());
      xvfb = `:${n}`;
      break;
    }
  }
  return xvfb;
}

class WebDriverError extends Error {}

/** One WebDriver session: one MiniBrowser, its windows the pages of a context. */
class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
    this.current = null;
    this.inFrame = false;
  }

  async send(method, path, body) {
    if (process.env.WK_TRACE) process.stderr.write(`WD ${method} ${path} ${typeof body?.script === "string" ? body.script.slice(-300).replace(/\s+/g, ' ') : JSON.stringify(body ?? '').slice(0, 100)}\n`);
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      // A browser that stops answering fails the test, not the whole run.
      signal: AbortSignal.timeout(COMMAND_TIMEOUT),
    });
    const json = await res.json();
    if (json.value?.error) throw new WebDriverError(`${method} ${path}: ${json.value.error}: ${json.value.message}`);
    return json.value;
  }

  async use(handle) {
    if (this.current !== handle) {
      await this.send('POST', '/window', { handle });
      this.current = handle;
      this.inFrame = false;
    }
    if (this.inFrame) {
      await this.send('POST', '/frame', { id: null });
      this.inFrame = false;
    }
  }
}

/**
 * Launches MiniBrowser in automation mode through WebKitWebDriver, with
 * `locale` as its language (WebKitGTK takes it from LANGUAGE).
 */
export async function launchWebKit({ locale = 'en-GB', viewport = { width: 1280, height: 900 } } = {}) {
  const port = await freePort();
  const lang = locale.replace('-', '_');
  const driver = spawn(DRIVER, [`--port=${port}`], {
    stdio: 'ignore',
    env: { ...process.env, DISPLAY: await display(), LANGUAGE: lang, LANG: `${lang}.UTF-8`, LC_ALL: `${lang}.UTF-8` },
  });
  const base = `http://127.0.0.1:${port}`;
  let created;
  for (let i = 0; ; i++) {
    try {
      const res = await fetch(`${base}/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          capabilities: {
            alwaysMatch: {
              'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
              unhandledPromptBehavior: 'accept',
            },
          },
        }),
      });
      created = (await res.json()).value;
      break;
    } catch (e) {
      if (i > 100) { driver.kill(); throw e; }
      await sleep(100);
    }
  }
  if (!created.sessionId) { driver.kill(); throw new Error(`WebKitWebDriver: ${JSON.stringify(created)}`); }
  const session = new Session(base, created.sessionId);
  await session.send('POST', '/timeouts', { script: COMMAND_TIMEOUT, pageLoad: 120_000, implicit: 0 });
  const first = await session.send('GET', '/window');
  session.current = first;
  const files = mkdtempSync(join(tmpdir(), 'ttm-webkit-files-'));
  const context = new Context(session, first, viewport, files);
  return {
    context,
    close: async () => {
      await fetch(`${base}/session/${session.id}`, { method: 'DELETE' }).catch(() => {});
      driver.kill();
      rmSync(files, { recursive: true, force: true });
    },
  };
}

class Context {
  constructor(session, firstHandle, viewport, files) {
    this.session = session;
    this.spare = firstHandle;
    this.viewport = viewport;
    this.files = files;
    this.open = new Set();
  }

  async newPage() {
    let handle = this.spare;
    this.spare = null;
    if (!handle) {
      // A window of its own (not a tab): a background tab is not rendered,
      // and its animation frames and screenshots would wait for ever.
      const other = [...this.open][0];
      if (other) await this.session.use(other.handle);
      ({ handle } = await this.session.send('POST', '/window/new', { type: 'window' }));
    }
    const page = new Page(this, handle);
    this.open.add(page);
    await page.setViewportSize(this.viewport);
    return page;
  }

  async route() { throw new Error('WebKit over WebDriver: no request interception (context.route)'); }
}

const KEYS = {
  Tab: '\uE004', Enter: '\uE007', Space: ' ', Escape: '\uE00C', Backspace: '\uE003', Delete: '\uE017',
  ArrowDown: '\uE015', ArrowUp: '\uE013', ArrowLeft: '\uE012', ArrowRight: '\uE014', Home: '\uE011', End: '\uE010',
  PageUp: '\uE00E', PageDown: '\uE00F', Shift: '\uE008', Control: '\uE009', Alt: '\uE00A', Meta: '\uE03D',
};

function keyActions(combo) {
  const keys = combo.split('+').map((k) => KEYS[k] ?? k);
  return [...keys.map((value) => ({ type: 'keyDown', value })), ...keys.reverse().map((value) => ({ type: 'keyUp', value }))];
}

class Keyboard {
  constructor(page) { this.page = page; }

  async send(actions) {
    await this.page.enter();
    await this.page.context.session.send('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
    await this.page.context.session.send('DELETE', '/actions');
    await this.page.drain();
  }

  press(combo) { return this.send(keyActions(combo)); }

  type(text) { return this.send([...text].flatMap((c) => [{ type: 'keyDown', value: c }, { type: 'keyUp', value: c }])); }
}

/**
 * A WebDriver async script that runs `body` with the selector engine,
 * `ttmArg` (the test's argument) and `ttmEl` (an element) in scope, and
 * hands back `{ ok }` or `{ error }`.
 */
function script(body) {
  return `const done = arguments[arguments.length - 1];
const ttmArg = arguments[0] ?? undefined;
const ttmEl = arguments[1];
${ENGINE_SOURCE}
Promise.resolve().then(async () => { ${body} }).then((v) => done(v === undefined ? { undefined: true } : { ok: v }), (e) => done({ error: String(e && e.stack || e) }));`;
}

/** A script's answer: its value (undefined as undefined, which WebDriver's JSON cannot carry), or its error thrown. */
function answer(r) {
  if (r.error) throw new Error(`in the page: ${r.error}`);
  return r.undefined ? undefined : r.ok;
}

/** `fn` called with `args` (source text), or a string run as it is (as Playwright's evaluate of a script). */
const call = (fn, ...args) => (typeof fn === 'function' ? `return (${fn.toString()})(${args.join(', ')});` : fn);

class Page {
  constructor(context, handle) {
    this.context = context;
    this.handle = handle;
    this.keyboard = new Keyboard(this);
    this.listeners = { pageerror: [], console: [], request: [] };
    this.seen = 0;
  }

  on(event, fn) { (this.listeners[event] ??= []).push(fn); }

  workers() { return []; }

  /**
   * Makes the page's window (and `frame` in it) WebDriver's current
   * context; a page narrower than MiniBrowser's window lives in the frame
   * `#e2e-viewport` (see setViewportSize).
   */
  async enter(frame) {
    await this.context.session.use(this.handle);
    if (this.narrow) {
      const [el] = await this.raw((s) => ttmResolve(s, [document]), parse('#e2e-viewport'));
      if (!el) throw new Error('the narrow viewport frame is gone');
      await this.context.session.send('POST', '/frame', { id: el });
      this.context.session.inFrame = true;
    }
    if (frame) {
      const [el] = await this.raw((s) => ttmResolve(s, [document]), parse(frame));
      if (!el) throw new Error(`no frame ${frame}`);
      await this.context.session.send('POST', '/frame', { id: el });
      this.context.session.inFrame = true;
    }
  }

  /** Runs `fn(arg)` in the current context (see enter), as it is now. */
  async raw(fn, arg) {
    const r = await this.context.session.send('POST', '/execute/async', { script: script(call(fn, 'ttmArg')), args: [arg ?? null] });
    return answer(r);
  }

  /**
   * Hands the page's errors and requests so far to the listeners: caught in
   * the page (errors) and read from its Resource Timing entries (requests).
   */
  async drain() {
    if (!this.listeners.pageerror.length && !this.listeners.request.length && !this.listeners.console.length) return;
    await this.enter();
    const r = await this.context.session.send('POST', '/execute/sync', {
      script: `const errors = (window.__e2eErrors ?? []).splice(0);
        const requests = performance.getEntriesByType('resource').map((e) => e.name);
        return { errors, requests, installed: !!window.__e2eErrors };`,
      args: [],
    }).catch(() => null);
    if (!r) return;
    if (!r.installed) await this.installCatchers();
    for (const e of r.errors) {
      for (const fn of this.listeners.pageerror) fn(new Error(e));
      for (const fn of this.listeners.console) fn({ type: () => 'error', text: () => e });
    }
    for (const url of r.requests.slice(this.seen)) for (const fn of this.listeners.request) fn({ url: () => url });
    this.seen = Math.max(this.seen, r.requests.length);
  }

  async installCatchers() {
    await this.context.session.send('POST', '/execute/sync', {
      script: `if (!window.__e2eErrors) {
        window.__e2eErrors = [];
        addEventListener('error', (e) => window.__e2eErrors.push(String(e.message ?? e)));
        addEventListener('unhandledrejection', (e) => window.__e2eErrors.push(String(e.reason?.stack ?? e.reason)));
        addEventListener('securitypolicyviolation', (e) => window.__e2eErrors.push('CSP: ' + e.violatedDirective + ' ' + e.blockedURI));
      }`,
      args: [],
    });
  }

  async navigated(url) {
    this.seen = 0;
    for (const fn of this.listeners.request) fn({ url: () => url });
    await this.installCatchers();
  }

  async goto(url) {
    this.narrow = null;
    await this.enter();
    await this.context.session.send('POST', '/url', { url });
    await this.navigated(url);
  }

  async reload() {
    if (this.narrow) throw new Error('WebKit adapter: no reload of a narrow page');
    await this.enter();
    await this.context.session.send('POST', '/refresh', {});
    await this.navigated(await this.url());
  }

  async url() {
    await this.enter();
    return this.narrow ? this.raw(() => location.href) : this.context.session.send('GET', '/url');
  }

  async close() {
    await this.drain();
    this.context.open.delete(this);
    await this.enter();
    if (this.context.open.size === 0 && !this.context.spare) {
      // The session's last window: kept, blank, for the next page.
      await this.context.session.send('POST', '/url', { url: 'about:blank' });
      this.context.spare = this.handle;
    } else {
      await this.context.session.send('DELETE', '/window');
      this.context.session.current = null;
    }
  }

  async evaluate(fn, arg) {
    await this.enter();
    const v = await this.raw(fn, arg);
    await this.drain();
    return v;
  }

  async waitForFunction(fn, arg, { timeout = TIMEOUT, polling = 100 } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await this.evaluate(fn, arg);
      // Playwright hands back a handle on the value.
      if (v) return { jsonValue: async () => v };
      if (Date.now() > end) throw new Error(`page.waitForFunction: Timeout ${timeout}ms exceeded`);
      await sleep(typeof polling === 'number' ? polling : 100);
    }
  }

  waitForTimeout(ms) { return sleep(ms); }

  locator(selector, options) { return new Locator(this, [...parse(selector), ...filters(options)]); }
  getByRole(role, options = {}) { return new Locator(this, [{ css: ':root' }, { role, name: options.name, exact: !!options.exact }]); }
  getByText(text, options = {}) { return new Locator(this, [{ css: ':root' }, { text, exact: !!options.exact }]); }
  frameLocator(selector) { return { locator: (s) => new Locator(this, parse(s), selector) }; }

  async waitForSelector(selector, { state = 'visible', timeout = TIMEOUT } = {}) { await this.locator(selector).waitFor({ state, timeout }); }
  click(selector, o) { return this.locator(selector).click(o); }
  fill(selector, value) { return this.locator(selector).fill(value); }
  focus(selector) { return this.locator(selector).focus(); }
  check(selector) { return this.locator(selector).check(); }
  isChecked(selector) { return this.locator(selector).isChecked(); }
  inputValue(selector) { return this.locator(selector).inputValue(); }
  textContent(selector) { return this.locator(selector).textContent(); }
  getAttribute(selector, name) { return this.locator(selector).getAttribute(name); }
  selectOption(selector, value) { return this.locator(selector).selectOption(value); }
  setInputFiles(selector, files) { return this.locator(selector).setInputFiles(files); }
  $$eval(selector, fn, arg) { return this.locator(selector).evaluateAll(fn, arg); }

  async setViewportSize({ width, height }) {
    await this.enter();
    const session = this.context.session;
    // The window's size, then the page's viewport once the resize has
    // reached it (the command returns before the page has its new size).
    const viewport = async (before) => {
      let inner;
      for (let i = 0; i < 40; i++) {
        inner = await this.raw(() => [innerWidth, innerHeight]);
        if (inner[0] !== before[0] || inner[1] !== before[1]) break;
        await sleep(25);
      }
      return inner;
    };
    let rect = { width, height };
    let inner = await this.raw(() => [innerWidth, innerHeight]);
    for (let i = 0; i < 4 && (inner[0] !== width || inner[1] !== height); i++) {
      const before = inner;
      await session.send('POST', '/window/rect', rect);
      inner = await viewport(before);
      rect = { width: rect.width + width - inner[0], height: rect.height + height - inner[1] };
    }
    if (inner[0] === width && inner[1] === height) {
      this.viewport = { width, height };
      return;
    }
    // MiniBrowser's window has a toolbar, and cannot be narrower than it
    // (447 CSS px): a phone's viewport is had as a frame of that size in a
    // plain window, the page loaded again inside it (its own window is then
    // the frame's: innerWidth, media queries, layout). Commands go into the
    // frame from then on.
    const url = await this.url();
    if (inner[0] < width || inner[1] < height || !/^https?:/.test(url)) {
      throw new Error(`WebKit: MiniBrowser's viewport is ${inner[0]}×${inner[1]}, not ${width}×${height}, on ${url}`);
    }
    this.narrow = null;
    await this.enter();
    // A plain document of the page's origin holds the frame (WebKit loads
    // nothing into a frame of about:blank).
    await session.send('POST', '/url', { url: new URL('/robots.txt', url).href });
    await this.raw(({ url, width, height }) => {
      document.body.replaceChildren();
      document.body.style.margin = '0';
      const frame = document.createElement('iframe');
      frame.id = 'e2e-viewport';
      frame.style.cssText = `display: block; border: 0; width: ${width}px; height: ${height}px`;
      frame.src = url;
      document.body.append(frame);
    }, { url, width, height });
    this.narrow = { width, height };
    await this.enter();
    this.seen = 0;
    const end = Date.now() + TIMEOUT;
    const loaded = (url) => location.href === url && document.readyState === 'complete' && (!document.getElementById('app') || document.documentElement.dataset.ttmReady === 'true');
    while (!(await this.raw(loaded, url))) {
      if (Date.now() > end) throw new Error(`the page did not load again at ${width}×${height}`);
      await sleep(50);
    }
    await this.installCatchers();
    this.viewport = { width, height };
  }

  viewportSize() { return this.viewport; }

  async screenshot({ path } = {}) {
    let png;
    if (this.narrow) {
      // The phone's viewport: the frame that holds the page.
      await this.context.session.use(this.handle);
      const [el] = await this.raw((s) => ttmResolve(s, [document]), parse('#e2e-viewport'));
      png = Buffer.from(await this.context.session.send('GET', `/element/${el[ELEMENT]}/screenshot`), 'base64');
    } else {
      await this.enter();
      png = Buffer.from(await this.context.session.send('GET', '/screenshot'), 'base64');
    }
    if (path) { mkdirSync(join(path, '..'), { recursive: true }); writeFileSync(path, png); }
    return png;
  }

  async waitForEvent(name) { throw new Error(`WebKit over WebDriver: no ${name} event`); }
  async addInitScript() { throw new Error('WebKit over WebDriver: no init scripts'); }
  async emulateMedia() { throw new Error('WebKit over WebDriver: no media emulation'); }
  async pdf() { throw new Error('WebKit over WebDriver: no PDF'); }
}

class Locator {
  constructor(page, steps, frame) {
    this.page = page;
    this.steps = steps;
    this.frame = frame;
  }

  locator(selector, options) { return new Locator(this.page, [...this.steps, ...parse(selector), ...filters(options)], this.frame); }
  first() { return new Locator(this.page, [...this.steps, { nth: 0 }], this.frame); }
  last() { return new Locator(this.page, [...this.steps, { nth: -1 }], this.frame); }
  nth(i) { return new Locator(this.page, [...this.steps, { nth: i }], this.frame); }
  filter(options) { return new Locator(this.page, [...this.steps, ...filters(options)], this.frame); }
  getByRole(role, options = {}) { return new Locator(this.page, [...this.steps, { role, name: options.name, exact: !!options.exact }], this.frame); }
  getByText(text, options = {}) { return new Locator(this.page, [...this.steps, { text, exact: !!options.exact }], this.frame); }

  /** `fn(elements, arg)` in the page, the elements as they are now. */
  async run(fn, arg) {
    await this.page.enter(this.frame);
    const r = await this.page.context.session.send('POST', '/execute/async', {
      script: script(call(fn, `ttmResolve(${JSON.stringify(this.steps)}, [document])`, 'ttmArg')),
      args: [arg ?? null, null],
    });
    return answer(r);
  }

  /**
   * Waits for exactly one element, attached (and `visible` and `enabled`
   * where an action needs it), as Playwright's calls do; its WebDriver reference.
   */
  async one({ timeout = TIMEOUT, visible = false, enabled = false } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const r = await this.run((els, { visible, enabled }) => {
        if (els.length > 1) return { many: els.length };
        const el = els[0];
        if (!el) return { wait: 'attached' };
        const r = el.getBoundingClientRect();
        if (visible && (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility !== 'visible')) return { wait: 'visible' };
        if (enabled && el.disabled) return { wait: 'enabled' };
        return { el };
      }, { visible, enabled });
      if (r.many) throw new Error(`strict mode violation: ${JSON.stringify(this.steps)} resolved to ${r.many} elements`);
      if (r.el) return r.el;
      if (Date.now() > end) throw new Error(`locator: Timeout ${timeout}ms exceeded waiting for ${JSON.stringify(this.steps)} to be ${r.wait}`);
      await sleep(50);
    }
  }

  /**
   * `use(el)` with the one element this locator resolves to, resolved again
   * should the page replace it between finding and using it (a re-render):
   * as Playwright's locators resolve afresh for every action, where
   * WebDriver's element references go stale.
   */
  async withElement(options, use) {
    for (let attempt = 1; ; attempt++) {
      try {
        // Found and used inside the retry: the reference can go stale as
        // the finding script hands it back, not only once it is in use.
        return await use(await this.one(options));
      } catch (e) {
        if (attempt >= 3 || !/stale element reference/.test(e.message)) throw e;
      }
    }
  }

  async elementCall(fn, arg, options) {
    const r = await this.withElement(options, (el) => this.page.context.session.send('POST', '/execute/async', {
      script: script(call(fn, 'ttmEl', 'ttmArg')),
      args: [arg ?? null, el],
    }));
    await this.page.drain();
    return answer(r);
  }

  async waitFor({ state = 'visible', timeout = TIMEOUT } = {}) {
    const end = Date.now() + timeout;
    for (;;) {
      const ok = await this.run((els, state) => {
        const el = els[0];
        const shown = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility === 'visible'; };
        if (state === 'attached') return !!el;
        if (state === 'detached') return !el;
        if (state === 'hidden') return !el || !shown(el);
        return !!el && shown(el);
      }, state);
      if (ok) { await this.page.drain(); return; }
      if (Date.now() > end) throw new Error(`locator.waitFor: Timeout ${timeout}ms exceeded waiting for ${JSON.stringify(this.steps)} to be ${state}`);
      await sleep(50);
    }
  }

  async click({ timeout } = {}) {
    await this.withElement({ timeout, visible: true, enabled: true }, (el) => this.page.context.session.send('POST', `/element/${el[ELEMENT]}/click`, {}));
    await this.page.drain();
  }

  tap(options) { return this.click(options); }

  async check() { if (!(await this.isChecked())) await this.click(); }

  focus(options) { return this.elementCall((el) => { el.focus(); }, null, options); }

  async press(combo) {
    await this.focus();
    await this.page.keyboard.press(combo);
  }

  async fill(value) {
    // As Playwright's fill: the value set at once and `input` dispatched;
    // then `change`, which the browser fires itself when a user's edit
    // leaves the field (a value set by script gets none).
    await this.elementCall((el, value) => {
      el.focus();
      const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, value);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, value, { visible: true, enabled: true });
  }

  async selectOption(value) {
    const want = typeof value === 'string' ? { value } : value;
    await this.elementCall((el, want) => {
      const option = [...el.options].find((o) => (want.value !== undefined ? o.value === want.value : o.label === want.label));
      if (!option) throw new Error(`no option ${JSON.stringify(want)}`);
      el.value = option.value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, want, { visible: true, enabled: true });
  }

  async setInputFiles(files) {
    const list = [files].flat();
    if (list.length === 0) {
      await this.elementCall((el) => { el.value = ''; el.dispatchEvent(new Event('change', { bubbles: true })); });
      return;
    }
    const paths = list.map((f) => {
      if (typeof f === 'string') return f;
      const dir = mkdtempSync(join(this.page.context.files, 'f-'));
      const path = join(dir, f.name);
      writeFileSync(path, f.buffer);
      return path;
    });
    await this.withElement({}, (el) => this.page.context.session.send('POST', `/element/${el[ELEMENT]}/value`, { text: paths.join('\n') }));
    await this.page.drain();
  }

  dispatchEvent(type) { return this.elementCall((el, type) => { el.dispatchEvent(new Event(type, { bubbles: true })); }, type); }
  scrollIntoViewIfNeeded() { return this.elementCall((el) => { el.scrollIntoView({ block: 'nearest' }); }); }
  textContent() { return this.elementCall((el) => el.textContent); }
  innerText() { return this.elementCall((el) => el.innerText); }
  inputValue() { return this.elementCall((el) => el.value); }
  isChecked() { return this.elementCall((el) => el.checked); }
  getAttribute(name) { return this.elementCall((el, name) => el.getAttribute(name), name); }
  evaluate(fn, arg) { return this.elementCall(fn, arg); }
  boundingBox() { return this.elementCall((el) => { const r = el.getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; }); }

  async isVisible() {
    return this.run((els) => {
      if (els.length > 1) throw new Error(`strict mode violation: ${els.length} elements`);
      const el = els[0];
      if (!el) return false;
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility === 'visible';
    });
  }

  count() { return this.run((els) => els.length); }
  allTextContents() { return this.run((els) => els.map((e) => e.textContent)); }

  evaluateAll(fn, arg) { return this.run(fn, arg); }

  async all() {
    const n = await this.count();
    return Array.from({ length: n }, (_, i) => this.nth(i));
  }

  async screenshot({ path } = {}) {
    const png = Buffer.from(await this.withElement({}, (el) => this.page.context.session.send('GET', `/element/${el[ELEMENT]}/screenshot`)), 'base64');
    if (path) { mkdirSync(join(path, '..'), { recursive: true }); writeFileSync(path, png); }
    return png;
  }
}
