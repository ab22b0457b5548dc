// Starts the app without any network request beyond the page's own scripts.
import init from './ttm-check.js';
import { wasmBytes } from './wasm-module.js';

const exports = await init({ module_or_path: await wasmBytes() });
window.ttmCheck = exports;
document.documentElement.dataset.ttmReady = 'true';
performance.mark('ttm-ready');
