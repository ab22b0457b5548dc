// Starts the app without any network request beyond the page's own scripts.
import init, * as bindings from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';

// Where the app's files are, for pages that embed it from elsewhere.
globalThis.ttmCheckBase = new URL('./', import.meta.url).href;
await init({ module_or_path: await wasmBytes() });
// The JS API for embedding pages: assess(files, options), mount(element, options).
window.ttmCheck = { assess: bindings.assess, mount: bindings.mount };
document.documentElement.dataset.ttmReady = 'true';
performance.mark('ttm-ready');
window.dispatchEvent(new Event('ttm-check:ready'));
