// Starts the app without any network request beyond the page's own scripts.
import init, * as bindings from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';
import { workbookModule, isWorkbook } from './workbook-module.js';

// Where the app's files are, for pages that embed it from elsewhere.
globalThis.ttmCheckBase = new URL('./', import.meta.url).href;
// The app asks for the workbook module (an .xlsx export) through this.
globalThis.ttmCheckWorkbook = workbookModule;
await init({ module_or_path: await wasmBytes() });

/** assess() for files that may include .xlsx workbooks: their sheet is read by the workbook module first. */
async function assessAsync(files, options) {
  const read = await Promise.all(files.map(async (f) => {
    if (!(f.bytes instanceof Uint8Array) || !isWorkbook(f.bytes)) return f;
    const { csv } = (await workbookModule()).sheetCsv(f.bytes, f.options?.sheet ?? undefined);
    return { ...f, bytes: csv };
  }));
  return bindings.assess(read, options);
}

// The JS API for embedding pages: assess(files, options) (CSV and text),
// assessAsync(files, options) (also .xlsx), mount(element, options).
window.ttmCheck = { assess: bindings.assess, assessAsync, mount: bindings.mount };
document.documentElement.dataset.ttmReady = 'true';
performance.mark('ttm-ready');
window.dispatchEvent(new Event('ttm-check:ready'));

// On the app's own page (not inside a host page): keep working offline.
if (document.getElementById('app') && 'serviceWorker' in navigator && location.protocol !== 'file:') {
  navigator.serviceWorker.register(new URL('./sw.js', import.meta.url)).catch(() => {});
}
