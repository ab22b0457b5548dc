// How the benchmarks time the app as a user meets it, and PapaParse beside
// it (browser.mjs, engines.mjs, ingest-compare.mjs).

/**
 * In the page: times from the file input's change (as PapaParse's and
 * DuckDB's pages do) until the frame showing the account of each of the
 * `files` given and the portfolio has been painted (the task after that frame's animation
 * callbacks). Timed in the page, as Playwright's own waiting polls at up to
 * 500 ms intervals and would add that to every run.
 */
export function watchResults(files = 1) {
  const now = () => performance.now();
  let picked = null;
  document.getElementById('file-input').addEventListener('change', () => { picked = now(); }, { capture: true, once: true });
  const shown = () => document.querySelectorAll('.file-item .account').length >= files && document.querySelector('.portfolio-table tbody tr');
  const observer = new MutationObserver(() => {
    if (picked === null || !shown()) return;
    observer.disconnect();
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => { window.__ttmShownMs = now() - picked; };
      channel.port2.postMessage(0);
    });
  });
  observer.observe(document.body, { subtree: true, childList: true });
}

/**
 * Gives `files` (a path or paths) to the app's page as a user does, `pause`
 * ms after it shows (a person choosing a file; 0 where the caller has waited
 * already), and returns the ms from the file input's change to the painted
 * answer (watchResults).
 */
export async function timeFiles(page, files, { pause = 2_000 } = {}) {
  if (pause > 0) await page.waitForTimeout(pause);
  await page.evaluate(watchResults, Array.isArray(files) ? files.length : 1);
  await page.setInputFiles('#file-input', files);
  return (await page.waitForFunction(() => window.__ttmShownMs, null, { timeout: 900_000, polling: 200 })).jsonValue();
}

/**
 * PapaParse on `file` in its bench page (tests/bench/browser/papaparse.html,
 * served at `url`), in a page of its own: the page's `{ ms, resellers, … }`.
 */
export async function papaParse(context, url, file) {
  const page = await context.newPage();
  try {
    await page.goto(`${url}papaparse.html`);
    await page.setInputFiles('#file', file);
    await page.waitForFunction(() => window.__result, null, { timeout: 900_000, polling: 200 });
    return await page.evaluate(() => window.__result);
  } finally {
    await page.close();
  }
}
