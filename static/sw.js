// Works offline once loaded (from the page's next load on): this service
// worker keeps a copy of the app's own files (nothing else: the app makes no
// other request) and answers from it when the network is gone. Network first, so a new deployment is used as
// soon as it is reachable. Registered by boot.js on the app's own page only,
// never inside a host page that embeds the app.
const CACHE = 'ttm-check';
const FILES = [
  './', './index.html', './app.css', './favicon.svg', './lang.js', './boot.js', './wasm-module.js', './workbook-module.js', './inputs.js', './warm-intl.js', './compile.js',
  './worker.js', './protocol.js', './reading.js', './ttm-check.js', './ttm-check_wasm.js', './ttm-check-engine.js', './ttm-check-engine_wasm.js', './ttm-check-xlsx.js', './ttm-check-xlsx_wasm.js',
];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()));
});

// No clients.claim(): the page that registered it is served by it from its
// next load on. Claiming stuck Firefox's worker in "activating" for good,
// about one fresh profile in 15, and every request of the page and its
// reader failed or never answered until the tab was closed.

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  // The answer and the copy kept, each handed to the event at once: Firefox
  // refuses a waitUntil() called later, once the response has settled, and
  // the request then fails (NS_ERROR_INTERCEPTION_FAILED), a page load or a
  // module of the reader with it.
  const fetched = fetch(request).then((response) => ({ response, copy: response.ok ? response.clone() : null }));
  event.respondWith(
    fetched.then(
      ({ response }) => response,
      // Offline: the copy (the page's own settings in its query do not matter to the file).
      () => caches.match(request, { ignoreSearch: true }).then((hit) => hit ?? Response.error()),
    ),
  );
  event.waitUntil(fetched.then(({ copy }) => copy && caches.open(CACHE).then((cache) => cache.put(request, copy)), () => {}));
});
