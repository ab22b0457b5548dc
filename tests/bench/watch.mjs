// How the benchmarks time the app as a user meets it (browser.mjs,
// ingest-compare.mjs).

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
