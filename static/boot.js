// Starts the app without any network request beyond the page's own scripts:
// the WebAssembly module comes embedded in ttm-check_wasm.js (see Trunk.toml),
// because the Content-Security-Policy forbids fetch() (connect-src 'none').
import init from './ttm-check.js';
import wasmBase64 from './ttm-check_wasm.js';

function decode(base64) {
  if (typeof Uint8Array.fromBase64 === 'function') {
    return Uint8Array.fromBase64(base64);
  }
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

const exports = await init({ module_or_path: decode(wasmBase64) });
window.ttmCheck = exports;
document.documentElement.dataset.ttmReady = 'true';
