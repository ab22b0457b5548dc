// The app's first screen as HTML, shown before the page's module has run
// (issue 30: a phone on a slow network waited seconds for its first paint).
//
// `make prerender` (node tests/e2e/first-screen.mjs) renders the release build
// in Chromium in English and in German, with no file and nothing remembered,
// and writes what the app put in `#app` to static/first-screen.html; the build
// (.ci/post-build.sh) puts that into dist/index.html's `#app`, where
// static/lang.js shows the one in the browser's language (the app's own
// choice: `?lang=`, else the first of `navigator.languages` it speaks, else
// English) and the app replaces it as it mounts. The e2e test
// (first-screen.test.mjs) checks, in every engine and both languages, that
// what is shown before equals the app's first render, so the file cannot go
// stale unnoticed: a change to the first screen fails it until this is run.
//
// Left out: what the screen does not show (`.print-only`, the report's
// heading for print, which carries today's date).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT, launch, openApp, serve } from './harness.mjs';

export const FILE = join(ROOT, 'static', 'first-screen.html');
export const LANGS = { en: 'en-GB', de: 'de-DE' };

/** In the page: `#app`'s markup as the app rendered it, without what the screen does not show. */
export function appMarkup() {
  const app = document.querySelector('#app > .app').cloneNode(true);
  for (const e of app.querySelectorAll('.print-only')) e.remove();
  return app.outerHTML;
}

/** The file: both languages' screens, inert until the app takes over, and a note that it is starting. */
export function firstScreenFile(screens) {
  return `<!-- The app's first screen before its module runs: written by \`make prerender\` (tests/e2e/first-screen.mjs), never by hand. -->
<p class="starting" role="status"><span lang="en">Starting TTM Check…</span><span lang="de">TTM Check startet…</span></p>
<div class="first-screen" inert>
${screens.en}
${screens.de}
</div>
`;
}

if (process.argv[1] === import.meta.filename) {
  const server = await serve(DIST, '/');
  const screens = {};
  try {
    for (const [lang, locale] of Object.entries(LANGS)) {
      const browser = await launch({ locale });
      try {
        const { page } = await openApp(browser.context, server.url);
        screens[lang] = await page.evaluate(appMarkup);
        if (!screens[lang].includes(`lang="${lang}"`)) throw new Error(`the app did not render in ${lang} for ${locale}`);
      } finally {
        await browser.close();
      }
    }
  } finally {
    server.close();
  }
  writeFileSync(FILE, firstScreenFile(screens));
  console.log(`${FILE}: ${Object.entries(screens).map(([l, s]) => `${l} ${s.length} B`).join(', ')}`);
}
