// The portal's side of the embedding: mount the app, react to its results.
function start() {
  const host = document.getElementById('ttm-check-host');
  host.addEventListener('ttm-check:results', (e) => {
    const report = e.detail;
    const atRisk = report.resellers.filter((r) => ['at_risk', 'notice_period', 'evaluation_month'].includes(r.status));
    document.getElementById('portal-status').textContent =
      `Portal sees ${report.resellers.length} reseller tenants as of ${report.as_of}; ${atRisk.length} need attention.`;
  });
  // The portal speaks English: the app does too, whatever the browser prefers.
  window.ttmCheck.mount(host, { as_of: '2026-11-28', theme: '#005a9e', lang: 'en' });
}
if (window.ttmCheck) start();
else window.addEventListener('ttm-check:ready', start, { once: true });
